package inventory

import (
	"fmt"
	"maps"
	"slices"
	"testing"
)

func TestCableStatusFor(t *testing.T) {
	want := map[string]string{"planned": "planned", "staged": "planned", "inventory": "planned", "active": "connected",
		"offline": "connected", "failed": "connected", "decommissioning": "decommissioning", "a-new-status": "planned"}
	for device, cable := range want {
		if got := CableStatusFor(device); got != cable {
			t.Errorf("CableStatusFor(%q) = %q, want %q", device, got, cable)
		}
	}
	for _, s := range DeviceStatuses {
		if _, ok := want[s]; !ok {
			t.Errorf("device status %q has no row here", s)
		}
		if !slices.Contains(CableStatuses, CableStatusFor(s)) {
			t.Errorf("device status %q maps to %q, not a NetBox cable status", s, CableStatusFor(s))
		}
	}
}

// TestStatusLifecycleInPlace walks a server class and a leaf class through NetBox's statuses as
// a plan's device_status does: every step updates each device and, when the cable status
// changes, each cable, in place (IDs kept, nothing created or deleted), one bulk PATCH per kind
// and batch of each class.
func TestStatusLifecycleInPlace(t *testing.T) {
	f := newFabric(t)
	f.nb.batchSize = 2
	want := func(status string) (servers, leaves Want) {
		servers, leaves = serverWant(5), baseLeaves()
		for _, w := range []*Want{&servers, &leaves} {
			w.Fields.Status = status
			w.Fields.Context = fmt.Sprintf(`{"class":%q,"status":%q}`, w.Fields.Description, status)
		}
		return servers, leaves
	}
	s0, l0 := want("planned")
	servers, leaves := f.mustApply(s0, NewRecorded()), f.mustApply(l0, NewRecorded())
	firstServers, firstLeaves := servers.Clone(), leaves.Clone()
	batches := func(n int) int { return (n + f.nb.batchSize - 1) / f.nb.batchSize }

	prev := "planned"
	for _, status := range []string{"staged", "active", "offline", "failed", "active", "decommissioning", "inventory", "planned"} {
		sw, lw := want(status)
		f.nb.inject(nil) // restarts the request counts
		servers, leaves = f.mustApply(sw, servers), f.mustApply(lw, leaves)

		wantCables := 0
		if CableStatusFor(status) != CableStatusFor(prev) {
			wantCables = batches(len(lw.Cables))
		}
		counts := map[string]int{}
		for _, op := range []string{"bulkcreate", "bulkupdate", "bulkdelete", "create", "update", "delete"} {
			for _, kind := range []string{"device", "interface", "cable"} {
				if n := f.nb.count(op, kind); n > 0 {
					counts[op+" "+kind] = n
				}
			}
		}
		exp := map[string]int{"bulkupdate device": batches(len(sw.Devices)) + batches(len(lw.Devices))}
		if wantCables > 0 {
			exp["bulkupdate cable"] = wantCables
		}
		if !maps.Equal(counts, exp) {
			t.Errorf("%s -> %s: write requests %v, want %v", prev, status, counts, exp)
		}
		for _, pair := range [][2]Recorded{{firstServers, servers}, {firstLeaves, leaves}} {
			if !maps.Equal(pair[0].Devices, pair[1].Devices) || !maps.Equal(pair[0].Interfaces, pair[1].Interfaces) ||
				!maps.Equal(pair[0].Cables, pair[1].Cables) {
				t.Errorf("%s -> %s: IDs changed: %+v, were %+v", prev, status, pair[1], pair[0])
			}
		}
		for _, d := range f.nb.devices.objects() {
			if d.Status.Value != status {
				t.Errorf("%s -> %s: device %s is %s", prev, status, d.Name, d.Status.Value)
			}
		}
		for _, c := range f.nb.cables.objects() {
			if c.Status.Value != CableStatusFor(status) {
				t.Errorf("%s -> %s: cable %s is %s, want %s", prev, status, c.Label, c.Status.Value, CableStatusFor(status))
			}
		}
		if ch := Diff(lw, leaves); !ch.Empty() {
			t.Errorf("%s: changes left after apply: %+v", status, ch)
		}
		prev = status
	}
}
