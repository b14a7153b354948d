package provider

import (
	"context"
	"encoding/json"
	"maps"
	"slices"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/netfabric-io/terraform-provider-hedgehog/internal/inventory"
)

// Keys a resource keeps in private state, and their values.

// privateState is the part of the framework's private state API the resources use.
type privateState interface {
	GetKey(ctx context.Context, key string) ([]byte, diag.Diagnostics)
}

type privateStateSetter interface {
	SetKey(ctx context.Context, key string, value []byte) diag.Diagnostics
}

// createdInterfacesKey holds, in private state, the interfaces a class created (rather than
// reused from device type templates): only those are deleted alone.
const createdInterfacesKey = "created_interfaces"

func createdInterfaces(ctx context.Context, p privateState) []string {
	if p == nil {
		return nil
	}
	b, _ := p.GetKey(ctx, createdInterfacesKey)
	var out []string
	if len(b) > 0 {
		_ = json.Unmarshal(b, &out)
	}
	return out
}

// cableSpecsKey holds, in private state, the type and length each cable was written with, so
// that a change of medium or length updates the cables in place.
const cableSpecsKey = "cable_specs"

func cableSpecs(ctx context.Context, p privateState) map[string]inventory.CableSpec {
	out := map[string]inventory.CableSpec{}
	if p == nil {
		return out
	}
	if b, _ := p.GetKey(ctx, cableSpecsKey); len(b) > 0 {
		_ = json.Unmarshal(b, &out)
	}
	return out
}

// setPrivateRecord keeps what state's attributes do not hold of a record: the interfaces the
// class created, and its cables' types and lengths (only those that have one).
func setPrivateRecord(ctx context.Context, p privateStateSetter, rec inventory.Recorded) diag.Diagnostics {
	if p == nil {
		return nil
	}
	keys := slices.Sorted(maps.Keys(rec.Created))
	b, err := json.Marshal(keys)
	if err != nil {
		return nil
	}
	diags := p.SetKey(ctx, createdInterfacesKey, b)
	specs := map[string]inventory.CableSpec{}
	for k, v := range rec.CableSpecs {
		if v != (inventory.CableSpec{}) {
			specs[k] = v
		}
	}
	if b, err = json.Marshal(specs); err == nil {
		diags.Append(p.SetKey(ctx, cableSpecsKey, b)...)
	}
	return diags
}

// untrackedKey in planned private state tells Update to adopt objects that NetBox holds for
// the class and state does not (Create always looks).
const untrackedKey = "untracked"

// importKey in private state holds the ID `terraform import` was given, until the Read that
// follows builds the state from NetBox.
const importKey = "import"

const planOwnedKey = "owned"

func ownedOf(ctx context.Context, p privateState) inventory.PlanOwned {
	var o inventory.PlanOwned
	if b, _ := p.GetKey(ctx, planOwnedKey); len(b) > 0 {
		_ = json.Unmarshal(b, &o)
	}
	return o
}

func setOwned(ctx context.Context, p privateStateSetter, o inventory.PlanOwned) diag.Diagnostics {
	b, _ := json.Marshal(o)
	return p.SetKey(ctx, planOwnedKey, b)
}
