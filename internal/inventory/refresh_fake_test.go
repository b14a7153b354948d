package inventory

import (
	"fmt"
	"maps"
	"strings"
	"testing"

	"github.com/netfabric-io/terraform-provider-hedgehog/internal/netbox"
)

func TestRefreshDrift(t *testing.T) {
	for _, tc := range []struct {
		name string
		edit func(f *fabric, rec Recorded)
		// drifted are the objects Refresh reports changed, with a word of the reason.
		drifted map[string]string
		// dropped are objects Refresh leaves out of the record.
		dropped []string
	}{
		{name: "unchanged", edit: func(*fabric, Recorded) {}},
		{name: "device status edited", edit: func(f *fabric, rec Recorded) {
			_, err := f.nb.devices.Update(f.ctx, netbox.Patch{ID: rec.Devices["leaf-01"], Fields: map[string]any{"status": "active"}})
			f.must(err)
		}, drifted: map[string]string{"leaf-01": `status is "active"`}},
		{name: "plan tag removed from a device", edit: func(f *fabric, rec Recorded) {
			_, err := f.nb.devices.Update(f.ctx, netbox.Patch{ID: rec.Devices["leaf-02"], Fields: map[string]any{"tags": []int64{}}})
			f.must(err)
		}, drifted: map[string]string{"leaf-02": "tags lack " + planTag}},
		{name: "cable end deleted", edit: func(f *fabric, rec Recorded) {
			f.must(f.nb.interfaces.Delete(f.ctx, rec.Interfaces["leaf-02:E1/5/1"]))
		}, drifted: map[string]string{"srv-01:fe-p1": "lost an end"}, dropped: []string{"leaf-02:E1/5/1"}},
		{name: "device deleted", edit: func(f *fabric, rec Recorded) {
			f.must(f.nb.devices.Delete(f.ctx, rec.Devices["leaf-02"]))
		}, drifted: map[string]string{"srv-01:fe-p1": "lost an end", "srv-03:fe-p0": "lost an end"},
			dropped: []string{"leaf-02", "leaf-02:E1/1", "leaf-02:E1/5/1"}},
		{name: "cable deleted", edit: func(f *fabric, rec Recorded) {
			f.must(f.nb.cables.Delete(f.ctx, rec.Cables["srv-02:fe-p0"]))
		}, dropped: []string{"srv-02:fe-p0"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			f := newFabric(t)
			_, leaves := f.base()
			tc.edit(f, leaves)
			got, err := f.x.Refresh(f.ctx, leaves)
			f.must(err)
			if len(got.Drifted) != len(tc.drifted) {
				t.Errorf("drifted %v, want %v", got.Drifted, tc.drifted)
			}
			for k, why := range tc.drifted {
				if !strings.Contains(got.Drifted[k], why) {
					t.Errorf("drifted[%s] = %q, want it to say %q", k, got.Drifted[k], why)
				}
			}
			for _, k := range tc.dropped {
				if got.Devices[k]+got.Interfaces[k]+got.Cables[k] != 0 {
					t.Errorf("%s is still recorded", k)
				}
			}
			// The next apply repairs the drift; a refresh then finds none.
			rec := f.mustApply(baseLeaves(), got)
			again, err := f.x.Refresh(f.ctx, rec)
			f.must(err)
			if len(again.Drifted) != 0 || !maps.Equal(again.Cables, rec.Cables) || !maps.Equal(again.Devices, rec.Devices) {
				t.Errorf("after repair: drifted %v", again.Drifted)
			}
		})
	}
}

// bigWants are a server class of n servers and a leaf class cabling each of their fe-p0 to a
// created lane of one of four leaves: enough objects that Refresh lists by device.
func bigWants(n int) (servers, leaves Want) {
	servers = serverWant(n)
	var cables []Cable
	for i := 1; i <= n; i++ {
		cables = append(cables, cable(fmt.Sprintf("srv-%02d:fe-p0", i), fmt.Sprintf("leaf-%02d:E1/%d/1", 1+i%4, 10+i/4)))
	}
	return servers, leafWant("planned", []string{"leaf-01", "leaf-02", "leaf-03", "leaf-04"}, cables...)
}

func TestRefreshByDevice(t *testing.T) {
	f := newFabric(t)
	sw, lw := bigWants(160)
	servers := f.mustApply(sw, NewRecorded())
	leaves := f.mustApply(lw, NewRecorded())
	if !byDevice(len(leaves.Interfaces), len(leaves.Devices)) || !byDevice(len(servers.Interfaces), len(servers.Devices)) {
		t.Fatal("the design is too small to list by device")
	}
	f.nb.inject(nil)
	got, err := f.x.Refresh(f.ctx, leaves)
	f.must(err)
	if len(got.Drifted) != 0 || !maps.Equal(got.Interfaces, leaves.Interfaces) || !maps.Equal(got.Cables, leaves.Cables) {
		t.Errorf("refresh of an unchanged class: drifted %v", got.Drifted)
	}
	if n := f.nb.count("list", "interface"); n != 1 {
		t.Errorf("%d interface listings, want one by device", n)
	}

	// A server deleted in NetBox: its cable is not listed by the leaves' devices and is read by
	// ID; the leaves' cables keep their ends.
	f.must(f.nb.devices.Delete(f.ctx, servers.Devices["srv-07"]))
	got, err = f.x.Refresh(f.ctx, leaves)
	f.must(err)
	if len(got.Drifted) != 1 || got.Drifted["srv-07:fe-p0"] == "" {
		t.Errorf("drifted %v, want the cable of the deleted server", got.Drifted)
	}

	// A device deleted between the device read and the interface listing: NetBox refuses the
	// listing by device, and Refresh reads by ID instead.
	f.nb.inject(faultOn("list", "interface", 1, refuse))
	got, err = f.x.Refresh(f.ctx, servers)
	f.must(err)
	if _, ok := got.Devices["srv-07"]; ok || len(got.Interfaces) != len(servers.Interfaces)-2 {
		t.Errorf("servers after a deletion: %d devices, %d interfaces", len(got.Devices), len(got.Interfaces))
	}
	f.nb.inject(faultOn("list", "cable", 1, refuse))
	if _, err = f.x.Refresh(f.ctx, leaves); err != nil {
		t.Errorf("refresh with a refused cable listing by device: %v", err)
	}
}

func TestRefreshErrors(t *testing.T) {
	for _, kind := range []string{"device", "interface", "cable"} {
		t.Run(kind, func(t *testing.T) {
			f := newFabric(t)
			_, leaves := f.base()
			f.nb.inject(faultOn("list", kind, 1, deadlock))
			got, err := f.x.Refresh(f.ctx, leaves)
			if err == nil || !maps.Equal(got.Devices, leaves.Devices) {
				t.Errorf("refresh with a failed %s listing: %v, record %+v", kind, err, got)
			}
		})
	}
}
