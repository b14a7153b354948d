package provider

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"math/big"
	"sort"

	"github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-go/tftypes"
)

// storedInputs is what a resource leaves in NetBox about itself: the values of its
// configurable attributes, so that `terraform import` can rebuild the resource from NetBox
// alone and the next plan is empty when nothing changed (design.md). Devices carry it as
// their local config context under the key "hedgehog"; device types in their comments.
type storedInputs struct {
	Resource      string                     `json:"resource"`
	SchemaVersion int64                      `json:"schema_version"`
	Inputs        map[string]json.RawMessage `json:"inputs"`
}

// storedKey is the key of storedInputs in a device's local config context.
const storedKey = "hedgehog"

// resourceKind names a resource type and its schema, for storing and reading its inputs.
type resourceKind struct {
	typeName string
	schema   schema.Schema
}

// inputs encodes the configurable (required or optional) attributes of raw, a value of the
// resource's schema, as a JSON object wrapped under storedKey. Unknown values are an error:
// inputs are stored at apply, when all are known.
func (k resourceKind) inputs(raw tftypes.Value) (string, error) {
	var attrs map[string]tftypes.Value
	if err := raw.As(&attrs); err != nil {
		return "", err
	}
	in := map[string]json.RawMessage{}
	for _, name := range sortedAttributeNames(k.schema) {
		a := k.schema.Attributes[name]
		if !a.IsRequired() && !a.IsOptional() {
			continue
		}
		v, err := jsonOf(attrs[name])
		if err != nil {
			return "", fmt.Errorf("attribute %s: %w", name, err)
		}
		b, err := json.Marshal(v)
		if err != nil {
			return "", err
		}
		in[name] = b
	}
	b, err := json.Marshal(map[string]storedInputs{storedKey: {Resource: k.typeName, SchemaVersion: k.schema.Version, Inputs: in}})
	return string(b), err
}

// restore decodes what inputs stored into a value of the resource's schema, with every
// computed attribute null.
func (k resourceKind) restore(ctx context.Context, stored []byte) (tftypes.Value, error) {
	var wrapped map[string]storedInputs
	if err := json.Unmarshal(stored, &wrapped); err != nil {
		return tftypes.Value{}, fmt.Errorf("the stored inputs are not JSON: %w", err)
	}
	s, ok := wrapped[storedKey]
	switch {
	case !ok || s.Inputs == nil:
		return tftypes.Value{}, errors.New("the object carries no inputs of terraform-provider-hedgehog (it was not " +
			"created by this provider, or its data was edited)")
	case s.Resource != k.typeName:
		return tftypes.Value{}, fmt.Errorf("the object was written by a %s, not a %s", s.Resource, k.typeName)
	case s.SchemaVersion != k.schema.Version:
		return tftypes.Value{}, fmt.Errorf("the object was written with schema version %d of %s; this provider has "+
			"version %d: import with the provider version that wrote it, then upgrade", s.SchemaVersion, k.typeName, k.schema.Version)
	}
	obj := make(map[string]json.RawMessage, len(k.schema.Attributes))
	for name := range k.schema.Attributes {
		if v, ok := s.Inputs[name]; ok {
			obj[name] = v
		} else {
			obj[name] = json.RawMessage("null")
		}
	}
	b, err := json.Marshal(obj)
	if err != nil {
		return tftypes.Value{}, err
	}
	return tftypes.ValueFromJSONWithOpts(b, k.schema.Type().TerraformType(ctx), tftypes.ValueFromJSONOpts{IgnoreUndefinedAttributes: true})
}

func sortedAttributeNames(s schema.Schema) []string {
	names := make([]string, 0, len(s.Attributes))
	for n := range s.Attributes {
		names = append(names, n)
	}
	sort.Strings(names)
	return names
}

// jsonOf converts a known value to what encoding/json writes in Terraform's JSON form:
// objects and maps as objects, lists, sets and tuples as arrays, numbers exactly.
func jsonOf(v tftypes.Value) (any, error) {
	if !v.IsKnown() {
		return nil, errors.New("value is unknown")
	}
	if v.IsNull() {
		return nil, nil
	}
	switch t := v.Type(); {
	case t.Is(tftypes.String):
		var s string
		return s, v.As(&s)
	case t.Is(tftypes.Bool):
		var b bool
		return b, v.As(&b)
	case t.Is(tftypes.Number):
		f := new(big.Float)
		if err := v.As(&f); err != nil {
			return nil, err
		}
		return json.Number(f.Text('g', -1)), nil
	case t.Is(tftypes.List{}), t.Is(tftypes.Set{}), t.Is(tftypes.Tuple{}):
		var elems []tftypes.Value
		if err := v.As(&elems); err != nil {
			return nil, err
		}
		out := make([]any, len(elems))
		for i, e := range elems {
			var err error
			if out[i], err = jsonOf(e); err != nil {
				return nil, err
			}
		}
		return out, nil
	case t.Is(tftypes.Map{}), t.Is(tftypes.Object{}):
		var elems map[string]tftypes.Value
		if err := v.As(&elems); err != nil {
			return nil, err
		}
		out := make(map[string]any, len(elems))
		for k, e := range elems {
			var err error
			if out[k], err = jsonOf(e); err != nil {
				return nil, err
			}
		}
		return out, nil
	}
	return nil, fmt.Errorf("unsupported type %s", v.Type())
}
