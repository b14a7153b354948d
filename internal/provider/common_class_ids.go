package provider

import (
	"context"
	"maps"
	"slices"

	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/netfabric-io/terraform-provider-hedgehog/internal/inventory"
)

// The ID maps of class resources (device_ids, interface_ids, cable_ids, drift) and what
// inventory records: planned, applied, imported, and read back from state. Pure: no NetBox.

// classIDs are the ID maps every class resource exports.
type classIDs struct {
	Devices, Interfaces, Cables types.Map
	Drift                       types.Map
}

// plannedIDs fills the ID maps of a plan: IDs of objects that stay are copied from state, so
// a resource that references them sees no change; new or replaced objects are unknown. Before
// anything exists, each map is unknown as a whole.
func plannedIDs(mode netBoxMode, want inventory.Want, have inventory.Recorded) classIDs {
	if mode == modeUnknown {
		return classIDs{types.MapUnknown(types.Int64Type), types.MapUnknown(types.Int64Type),
			types.MapUnknown(types.Int64Type), types.MapUnknown(types.StringType)}
	}
	empty := types.MapValueMust(types.StringType, map[string]attr.Value{})
	if mode == modeOffline {
		e := types.MapValueMust(types.Int64Type, map[string]attr.Value{})
		return classIDs{e, e, e, empty}
	}
	if have.Empty() {
		// Nothing exists yet: one "(known after apply)" line per map, not one per object.
		return classIDs{types.MapUnknown(types.Int64Type), types.MapUnknown(types.Int64Type),
			types.MapUnknown(types.Int64Type), empty}
	}
	ch := inventory.Diff(want, have)
	fresh := map[string]bool{}
	for _, d := range ch.CreateDevices {
		fresh[d] = true
	}
	for _, i := range ch.CreateInterfaces {
		fresh[i.Key()] = true
	}
	devices := make(map[string]attr.Value, len(want.Devices))
	for _, d := range want.Devices {
		devices[d] = knownOrUnknown(have.Devices, d, fresh[d])
	}
	interfaces := make(map[string]attr.Value, len(want.Interfaces))
	for _, i := range want.Interfaces {
		interfaces[i.Key()] = knownOrUnknown(have.Interfaces, i.Key(), fresh[i.Key()])
	}
	for _, c := range ch.CreateCables {
		fresh["cable "+c.A] = true
	}
	cables := make(map[string]attr.Value, len(want.Cables))
	for _, c := range want.Cables {
		cables[c.A] = knownOrUnknown(have.Cables, c.A, fresh["cable "+c.A])
	}
	return classIDs{types.MapValueMust(types.Int64Type, devices), types.MapValueMust(types.Int64Type, interfaces),
		types.MapValueMust(types.Int64Type, cables), empty}
}

func knownOrUnknown(ids map[string]int64, key string, fresh bool) attr.Value {
	if id, ok := ids[key]; ok && !fresh {
		return types.Int64Value(id)
	}
	return types.Int64Unknown()
}

// appliedIDs are the ID maps after apply. After a successful apply they hold exactly the
// wanted keys; after a failed one, everything the record still holds, so destroy finds it.
func appliedIDs(want inventory.Want, rec inventory.Recorded, ok bool) classIDs {
	pick := func(ids map[string]int64, keys []string) types.Map {
		elems := make(map[string]attr.Value, len(keys))
		for _, k := range keys {
			if id, found := ids[k]; found {
				elems[k] = types.Int64Value(id)
			}
		}
		return types.MapValueMust(types.Int64Type, elems)
	}
	ifKeys := make([]string, len(want.Interfaces))
	for i, x := range want.Interfaces {
		ifKeys[i] = x.Key()
	}
	cableKeys := make([]string, len(want.Cables))
	for i, c := range want.Cables {
		cableKeys[i] = c.A
	}
	devKeys := want.Devices
	if !ok {
		devKeys, ifKeys, cableKeys = slices.Sorted(maps.Keys(rec.Devices)), slices.Sorted(maps.Keys(rec.Interfaces)), slices.Sorted(maps.Keys(rec.Cables))
	}
	return classIDs{pick(rec.Devices, devKeys), pick(rec.Interfaces, ifKeys), pick(rec.Cables, cableKeys),
		driftValue(rec.Drifted)}
}

func driftValue(m map[string]string) types.Map {
	elems := make(map[string]attr.Value, len(m))
	for k, v := range m {
		elems[k] = types.StringValue(v)
	}
	return types.MapValueMust(types.StringType, elems)
}

// missingIDs lists wanted keys that a successful apply did not record (a bug if any).
func missingIDs(want inventory.Want, rec inventory.Recorded) []string {
	var out []string
	for _, d := range want.Devices {
		if _, ok := rec.Devices[d]; !ok {
			out = append(out, "device "+d)
		}
	}
	for _, i := range want.Interfaces {
		if _, ok := rec.Interfaces[i.Key()]; !ok {
			out = append(out, "interface "+i.Key())
		}
	}
	for _, c := range want.Cables {
		if _, ok := rec.Cables[c.A]; !ok {
			out = append(out, "cable "+c.A)
		}
	}
	return out
}

// recorded rebuilds what state records for a class.
func recorded(ctx context.Context, fields inventory.Fields, ids classIDs, allocation types.Map, created []string) inventory.Recorded {
	rec := inventory.NewRecorded()
	rec.Fields = fields
	rec.Devices = int64Map(ctx, ids.Devices)
	rec.Interfaces = int64Map(ctx, ids.Interfaces)
	rec.Cables = int64Map(ctx, ids.Cables)
	for _, l := range linksFromAllocation(ctx, allocation) {
		rec.CableEnds[l.AKey()] = l.BKey()
	}
	for _, k := range created {
		rec.Created[k] = true
	}
	if !ids.Drift.IsNull() && !ids.Drift.IsUnknown() {
		var drift map[string]string
		if !ids.Drift.ElementsAs(ctx, &drift, false).HasError() && len(drift) > 0 {
			rec.Drifted = drift
		}
	}
	return rec
}

func int64Map(ctx context.Context, m types.Map) map[string]int64 {
	out := map[string]int64{}
	if m.IsNull() || m.IsUnknown() {
		return out
	}
	for k, v := range m.Elements() {
		if i, ok := v.(types.Int64); ok && !i.IsNull() && !i.IsUnknown() {
			out[k] = i.ValueInt64()
		}
	}
	return out
}

// importedIDs are the ID maps of an imported class: every device and cable found, and the
// interfaces the design uses (the others belong to the devices, from their type's templates).
func importedIDs(want inventory.Want, found inventory.Recorded) classIDs {
	rec := found.Clone()
	wanted := map[string]bool{}
	for _, i := range want.Interfaces {
		wanted[i.Key()] = true
	}
	for k := range rec.Interfaces {
		if !wanted[k] {
			delete(rec.Interfaces, k)
		}
	}
	return appliedIDs(want, rec, false)
}
