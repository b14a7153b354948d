package inventory

import (
	"encoding/json"
	"maps"
	"slices"
	"testing"

	"github.com/netfabric-io/terraform-provider-hedgehog/internal/netbox"
)

func TestDiscover(t *testing.T) {
	f := newFabric(t)
	servers, leaves := f.base()
	for _, rec := range []Recorded{servers, leaves} {
		found, err := f.x.Discover(f.ctx, rec.Fields)
		f.must(err)
		if !maps.Equal(found.Devices, rec.Devices) || !maps.Equal(found.Cables, rec.Cables) || !maps.Equal(found.CableEnds, rec.CableEnds) {
			t.Errorf("%s: discovered %+v, recorded %+v", rec.Fields.Description, found, rec)
		}
		// Discover lists every interface of the devices, template ones the class does not use too.
		for k, id := range rec.Interfaces {
			if found.Interfaces[k] != id {
				t.Errorf("%s: interface %s not discovered", rec.Fields.Description, k)
			}
		}
		forDelete, err := f.x.DiscoverForDelete(f.ctx, rec.Fields)
		f.must(err)
		if len(forDelete.Interfaces) != 0 || !maps.Equal(forDelete.Devices, rec.Devices) || !maps.Equal(forDelete.Cables, rec.Cables) {
			t.Errorf("%s: discovered for delete %+v", rec.Fields.Description, forDelete)
		}
	}

	// Another class of the plan, and a plan without a tag in NetBox, own nothing.
	other := leaves.Fields
	other.Description = ClassDescription("p", "be-leaf")
	noTag := leaves.Fields
	noTag.PlanTag = "hedgehog-plan-none"
	for _, fields := range []Fields{other, noTag} {
		found, err := f.x.Discover(f.ctx, fields)
		if err != nil || !found.Empty() {
			t.Errorf("discover of %s/%s: %+v, %v", fields.PlanTag, fields.Description, found, err)
		}
	}

	f.nb.inject(faultOn("list", "cable", 1, refuse))
	if _, err := f.x.Discover(f.ctx, leaves.Fields); err == nil {
		t.Error("discover with a refused cable listing succeeded")
	}
	f.nb.inject(faultOn("list", "interface", 1, refuse))
	if _, err := f.x.Discover(f.ctx, leaves.Fields); err == nil {
		t.Error("discover with a refused interface listing succeeded")
	}
	f.nb.inject(faultOn("list", "device", 1, refuse))
	if _, err := f.x.Discover(f.ctx, leaves.Fields); err == nil {
		t.Error("discover with a refused device listing succeeded")
	}
}

func TestClassContext(t *testing.T) {
	f := newFabric(t)
	_, leaves := f.base()
	got, ok, err := f.x.ClassContext(f.ctx, leaves.Fields)
	if err != nil || !ok || !json.Valid(got) || string(got) != leaves.Fields.Context {
		t.Errorf("ClassContext = %s, %v, %v; want %s", got, ok, err, leaves.Fields.Context)
	}
	other := leaves.Fields
	other.Description = ClassDescription("p", "nothing")
	if _, ok, err := f.x.ClassContext(f.ctx, other); ok || err != nil {
		t.Errorf("ClassContext of a class without devices: %v, %v", ok, err)
	}
}

func TestUntracked(t *testing.T) {
	f := newFabric(t)
	_, leaves := f.base()

	// State lost a device and a cable (an interrupted apply).
	partial := leaves.Clone()
	delete(partial.Devices, "leaf-02")
	delete(partial.Cables, "srv-01:fe-p0")
	devices, cables, err := f.x.Untracked(f.ctx, leaves.Fields, partial)
	if err != nil || devices != 1 || cables != 1 {
		t.Errorf("Untracked = %d devices, %d cables, %v; want 1, 1", devices, cables, err)
	}
	// The plan's listing is read once per process: another class costs no request.
	lists := f.nb.count("list", "device") + f.nb.count("list", "cable")
	if d, c, err := f.x.Untracked(f.ctx, leaves.Fields, leaves); err != nil || d+c != 0 {
		t.Errorf("Untracked of the full record: %d, %d, %v", d, c, err)
	}
	if again := f.nb.count("list", "device") + f.nb.count("list", "cable"); again != lists {
		t.Errorf("%d more listings for a second class", again-lists)
	}

	// A site whose devices carry no plan tag holds nothing untracked: no listing of the plan.
	g := newFabric(t)
	_, err = g.nb.devices.Create(g.ctx, netbox.DeviceRequest{Name: "foreign", DeviceType: 1, Role: 1, Site: 1})
	g.must(err)
	if d, c, err := g.x.Untracked(g.ctx, leaves.Fields, NewRecorded()); err != nil || d+c != 0 || g.nb.count("list", "cable") != 0 {
		t.Errorf("Untracked in a site without the plan: %d, %d, %v", d, c, err)
	}

	h := newFabric(t)
	h.base()
	// The site does not fit a page, so the plan's objects are listed; the first listing is the
	// site's page.
	h.nb.pageSize = 1
	h.nb.inject(faultOn("list", "device", 2, deadlock))
	if _, _, err := h.x.Untracked(h.ctx, leaves.Fields, leaves); err == nil {
		t.Error("Untracked with a failed listing succeeded")
	}
}

// TestDiscoverCableSpecs: what Discover finds (import, and adoption after an interrupted apply)
// records each cable's type and length from NetBox, so the apply that adopts them writes them
// again only where they differ from the class's.
func TestDiscoverCableSpecs(t *testing.T) {
	f := newFabric(t)
	f.mustApply(serverWant(3), NewRecorded())
	want := baseLeaves()
	want.Cables = slices.Clone(want.Cables) // they share baseCables' array
	for i := range want.Cables {
		want.Cables[i].Spec = CableSpec{Type: "aoc", Length: 3}
	}
	want.Cables[0].Spec = CableSpec{Type: "smf"}
	rec := f.mustApply(want, NewRecorded())
	found, err := f.x.Discover(f.ctx, rec.Fields)
	f.must(err)
	if !maps.Equal(found.CableSpecs, rec.CableSpecs) || len(found.CableSpecs) != len(want.Cables) {
		t.Fatalf("discovered specs %v, written %v", found.CableSpecs, rec.CableSpecs)
	}
	found.Fields = rec.Fields
	if ch := Diff(want, found); len(ch.UpdateCables) != 0 {
		t.Errorf("adopted cables written again: %v", ch.UpdateCables)
	}
	want.Cables[1].Spec = CableSpec{Type: "dac-passive"}
	if ch := Diff(want, found); len(ch.UpdateCables) != 1 || ch.CableSpecs[want.Cables[1].A] != want.Cables[1].Spec {
		t.Errorf("a changed medium: %v %v", ch.UpdateCables, ch.CableSpecs)
	}
}
