package inventory

import (
	"testing"

	"github.com/netfabric-io/terraform-provider-hedgehog/internal/planner"
	"github.com/netfabric-io/terraform-provider-hedgehog/internal/planner/plantest"
)

// TestApplyReferenceDesign writes the reference design of SPEC §10, class by class in the
// order Terraform plans them, onto the fake NetBox with switch device types that carry their
// profiles' templates; then every class refreshes without drift and has nothing left to do.
func TestApplyReferenceDesign(t *testing.T) {
	f := newFabric(t)
	pc := planner.PlanContext{Name: "p", Site: "dc1", DeviceStatus: "planned"}
	ref, err := plantest.PlanReference(pc, 1)
	f.must(err)
	types := map[string]bool{"ds5000": true, "srv": true} // newFabric's
	deviceType := func(slug string, templates []Interface) {
		if !types[slug] {
			types[slug] = true
			_, err := f.x.DeviceTypes().Create(f.ctx, DeviceType{Slug: slug, Model: slug, Manufacturer: "Vendor", ManufacturerSlug: "vendor",
				UHeight: 1, InterfaceTemplates: templates})
			f.must(err)
		}
	}
	var wants []Want
	for name, sp := range ref.Servers {
		sc := ref.ServerClasses[name]
		deviceType(sc.DeviceType, nil)
		wants = append(wants, ForServerClass(pc, sc, sp))
	}
	for _, name := range ref.Order {
		sc := ref.SwitchClasses[name]
		prof, ok := planner.ProfileOf(sc)
		if !ok {
			t.Fatalf("class %s: no profile", name)
		}
		deviceType(sc.DeviceType, SwitchTemplates(prof.Ports))
		wants = append(wants, ForSwitchClass(pc, sc, ref.Switches[name]))
	}
	recs := make([]Recorded, len(wants))
	for i, w := range wants {
		recs[i] = f.mustApply(w, NewRecorded())
	}
	devices, cables := 0, 0
	for i, w := range wants {
		got, err := f.x.Refresh(f.ctx, recs[i])
		f.must(err)
		if len(got.Drifted) != 0 {
			t.Errorf("%s: drifted %v", w.Fields.Description, got.Drifted)
		}
		if ch := Diff(w, got); !ch.Empty() {
			t.Errorf("%s: changes after apply: %+v", w.Fields.Description, ch)
		}
		devices += len(got.Devices)
		cables += len(got.Cables)
	}
	if devices != 175 || cables != 1017 || len(f.nb.cables.objects()) != 1017 {
		t.Errorf("%d devices, %d cables recorded; %d cables in NetBox", devices, cables, len(f.nb.cables.objects()))
	}
}
