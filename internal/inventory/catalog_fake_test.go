package inventory

import (
	"context"
	"errors"
	"net/http"
	"slices"
	"strings"
	"testing"

	"github.com/netfabric-io/terraform-provider-hedgehog/internal/netbox"
)

// Tests of what the executor writes besides classes: the plan's tag and roles, device types,
// and the checks before an apply.

func TestPreflight(t *testing.T) {
	for _, tc := range []struct {
		name    string
		status  error
		fault   func(string, string, int) fault
		missing []string // PermissionError.Missing; nil: no PermissionError
		fails   bool
	}{
		{name: "allowed"},
		{name: "NetBox down", status: errors.New("connection refused"), fails: true},
		{name: "no cable writes", fault: func(op, kind string, _ int) fault {
			if kind == "cable" && strings.HasPrefix(op, "probe ") {
				return forbidden
			}
			return noFault
		}, missing: []string{"add cable", "change cable", "delete cable"}, fails: true},
		{name: "probe fails otherwise", fault: faultOn("probe "+http.MethodPost, "tag", 1, deadlock), fails: true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			nb := newFakeNetBox()
			nb.statusErr = tc.status
			nb.inject(tc.fault)
			x := New(nb)
			err := x.Preflight(context.Background())
			if (err != nil) != tc.fails {
				t.Fatalf("Preflight = %v", err)
			}
			var pe *PermissionError
			if errors.As(err, &pe) != (tc.missing != nil) || (pe != nil && !slices.Equal(pe.Missing, tc.missing)) {
				t.Errorf("Preflight = %v, want missing %v", err, tc.missing)
			}
			if pe != nil && !strings.Contains(pe.Error(), "may not add cable, change cable, delete cable") {
				t.Errorf("message %q", pe.Error())
			}
			probes := nb.count("probe POST", "device")
			if err2 := x.Preflight(context.Background()); !errors.Is(err2, err) && err2 != err {
				t.Errorf("second Preflight = %v", err2)
			}
			if nb.count("probe POST", "device") != probes {
				t.Error("Preflight probed again: it runs once per process")
			}
		})
	}
}

func TestNameCollisions(t *testing.T) {
	f := newFabric(t)
	f.base()
	// A device of the site the plan does not own.
	dt, _ := f.nb.deviceTypes.GetBySlug(f.ctx, "ds5000")
	role, _ := f.nb.roles.GetBySlug(f.ctx, RoleLeaf)
	_, err := f.nb.devices.Create(f.ctx, netbox.DeviceRequest{Name: "leaf-09", DeviceType: dt.ID, Role: role.ID, Site: 1})
	f.must(err)
	names := []string{"leaf-01", "leaf-09", "leaf-10"}

	f.nb.inject(nil) // count requests from here
	got, err := f.x.NameCollisions(f.ctx, "dc1", planTag, names)
	if err != nil || !slices.Equal(got, []string{"leaf-09"}) {
		t.Errorf("NameCollisions from the site's page = %v, %v", got, err)
	}
	if _, err := f.x.NameCollisions(f.ctx, "dc1", planTag, names); err != nil || f.nb.count("list", "device") != 1 {
		t.Errorf("the site's devices were read %d times, want once", f.nb.count("list", "device"))
	}

	// A site bigger than a page: one request per chunk of names.
	x := New(f.nb)
	f.nb.pageSize = 2
	got, err = x.NameCollisions(f.ctx, "dc1", planTag, names)
	if err != nil || !slices.Equal(got, []string{"leaf-09"}) {
		t.Errorf("NameCollisions by name = %v, %v", got, err)
	}
	f.nb.inject(faultOn("list", "device", 1, deadlock))
	if _, err := New(f.nb).NameCollisions(f.ctx, "dc1", planTag, names); err == nil {
		t.Error("NameCollisions with a failed site listing succeeded")
	}
	f.nb.inject(faultOn("list", "device", 2, deadlock))
	if _, err := New(f.nb).NameCollisions(f.ctx, "dc1", planTag, names); err == nil {
		t.Error("NameCollisions with a failed name listing succeeded")
	}
}

func TestWritePlan(t *testing.T) {
	ctx := context.Background()
	nb := newFakeNetBox()
	site, _ := nb.sites.Create(ctx, netbox.SiteRequest{Name: "DC1", Slug: "dc1"})
	tenant, _ := nb.tenants.Create(ctx, netbox.TenantRequest{Name: "T1", Slug: "t1"})
	lab, _ := nb.tags.Create(ctx, netbox.TagRequest{Name: "lab", Slug: "lab"})
	// A role that exists and that this provider did not create: used, not owned.
	_, _ = nb.roles.Create(ctx, netbox.DeviceRoleRequest{Name: "Spine", Slug: RoleSpine})
	x := New(nb)
	spec := PlanSpec{Site: "dc1", Tenant: "t1", ExtraTags: []string{"lab"}, Tag: planTag, TagDescription: "plan p v1"}

	var owned, created PlanOwned
	ids, err := x.Plans().Write(ctx, spec, &owned, &created)
	if err != nil || ids.Site != site.ID || ids.Tenant != tenant.ID || ids.Tag == 0 || ids.Tag == lab.ID || len(ids.Roles) != len(RoleSlugs) {
		t.Fatalf("WritePlan = %+v, %v", ids, err)
	}
	if owned.Tag != planTag || created.Tag != planTag || slices.Contains(owned.Roles, RoleSpine) || len(owned.Roles) != 4 || len(created.Roles) != 4 {
		t.Errorf("owned %+v, created %+v", owned, created)
	}
	if r, _ := nb.roles.GetBySlug(ctx, RoleOOB); r.Name != "OOB" || r.Description != RoleDescription {
		t.Errorf("role %+v", r)
	}

	// Again, with a new tag description: nothing created, the tag updated.
	spec.TagDescription = "plan p v2"
	var owned2, created2 PlanOwned
	if _, err := x.Plans().Write(ctx, spec, &owned2, &created2); err != nil || created2.Tag != "" || len(created2.Roles) != 0 || len(owned2.Roles) != 4 {
		t.Errorf("second WritePlan: owned %+v, created %+v, %v", owned2, created2, err)
	}
	if tag, _ := nb.tags.GetBySlug(ctx, planTag); tag.Description != "plan p v2" {
		t.Errorf("tag description %q", tag.Description)
	}

	for _, tc := range []struct {
		kind Kind
		edit func(*PlanSpec)
	}{
		{KindSite, func(s *PlanSpec) { s.Site = "nowhere" }},
		{KindTenant, func(s *PlanSpec) { s.Tenant = "nobody" }},
		{KindTag, func(s *PlanSpec) { s.ExtraTags = []string{"nope"} }},
	} {
		s := spec
		tc.edit(&s)
		_, err := New(nb).Plans().Write(ctx, s, &PlanOwned{}, &PlanOwned{})
		var pe *PlanError
		if !errors.As(err, &pe) || pe.Kind != tc.kind || !errors.Is(err, netbox.ErrNotFound) {
			t.Errorf("WritePlan with a missing %s: %v", tc.kind, err)
		}
	}
	// Every role exists: a second plan creates none, so a refused role create is never met.
	nb.inject(faultOn("create", "device role", 1, refuse))
	if _, err := New(nb).Plans().Write(ctx, PlanSpec{Site: "dc1", Tag: "hedgehog-plan-q"}, &PlanOwned{}, &PlanOwned{}); err != nil {
		t.Errorf("WritePlan of a second plan: %v", err)
	}
	nb.inject(faultOn("update", "tag", 1, refuse))
	spec.TagDescription = "plan p v3"
	var pe *PlanError
	if _, err := New(nb).Plans().Write(ctx, spec, &PlanOwned{}, &PlanOwned{}); !errors.As(err, &pe) || pe.Op != "writing the plan tag" {
		t.Errorf("WritePlan with a refused tag update: %v", err)
	}
	nb.inject(nil)

	// Reading back for import.
	rids, ours, err := New(nb).Plans().ReadIDs(ctx, "dc1", "t1")
	if err != nil || rids.Site != site.ID || rids.Tenant != tenant.ID || len(ours) != 4 || slices.Contains(ours, RoleSpine) {
		t.Errorf("ReadPlanIDs = %+v, %v, %v", rids, ours, err)
	}
	if _, _, err := New(nb).Plans().ReadIDs(ctx, "nowhere", ""); err == nil {
		t.Error("ReadPlanIDs of a missing site succeeded")
	}
	if ok, err := x.Plans().TagExists(ctx, ids.Tag, planTag); !ok || err != nil {
		t.Errorf("PlanTagExists = %v, %v", ok, err)
	}
}

func TestReadPlan(t *testing.T) {
	f := newFabric(t)
	f.base()
	p, err := f.x.Plans().Read(f.ctx, planTag)
	if err != nil || p.TagDescription != "plan p" || len(p.Contexts) != 5 {
		t.Fatalf("ReadPlan = %+v, %v", p, err)
	}
	// By device name: leaf-01, leaf-02, then the servers.
	if !strings.Contains(string(p.Contexts[0]), "fe-leaf") || !strings.Contains(string(p.Contexts[4]), "gpu") {
		t.Errorf("contexts %s", p.Contexts)
	}
	var pe *PlanError
	if _, err := f.x.Plans().Read(f.ctx, "hedgehog-plan-none"); !errors.As(err, &pe) || pe.Kind != KindTag || !netbox.IsNotFound(err) {
		t.Errorf("ReadPlan of a missing tag: %v", err)
	}
	f.nb.inject(faultOn("list", "device", 1, refuse))
	if _, err := f.x.Plans().Read(f.ctx, planTag); !errors.As(err, &pe) || pe.Op != "reading the plan's devices" {
		t.Errorf("ReadPlan with a refused listing: %v", err)
	}
}

func TestDeletePlan(t *testing.T) {
	owned := PlanOwned{Tag: planTag, Roles: []string{RoleServer, RoleLeaf, RoleSpine, RoleBorder, RoleOOB}}

	t.Run("roles stay while another plan exists", func(t *testing.T) {
		f := newFabric(t)
		_, err := f.nb.tags.Create(f.ctx, netbox.TagRequest{Name: "hedgehog-plan-q", Slug: "hedgehog-plan-q"})
		f.must(err)
		kept, err := f.x.Plans().Delete(f.ctx, owned)
		if err != nil || len(kept) != 0 || len(f.nb.roles.objects()) != len(RoleSlugs) {
			t.Errorf("DeletePlan = %v, %v; %d roles left", kept, err, len(f.nb.roles.objects()))
		}
		if ok, err := f.x.Plans().TagExists(f.ctx, 1, planTag); ok || err != nil {
			t.Errorf("the plan tag is still there: %v", err)
		}
	})

	t.Run("a role in use is kept", func(t *testing.T) {
		f := newFabric(t)
		servers := f.mustApply(serverWant(1), NewRecorded())
		kept, err := f.x.Plans().Delete(f.ctx, owned)
		if err != nil || len(kept) != 1 || kept[0].Slug != RoleServer {
			t.Fatalf("DeletePlan = %v, %v", kept, err)
		}
		var ae *netbox.APIError
		if !errors.As(kept[0].Err, &ae) || ae.StatusCode != http.StatusConflict {
			t.Errorf("kept role's error %v", kept[0].Err)
		}
		if n := len(f.nb.roles.objects()); n != 1 {
			t.Errorf("%d roles left, want the server role", n)
		}
		// A deleted tag leaves the devices that carried it.
		if d := f.nb.devices.objects()[servers.Devices["srv-01"]]; len(d.Tags) != 0 {
			t.Errorf("device tags %v after the tag was deleted", d.Tags)
		}
		// Deleting again finds nothing to delete.
		if _, err := f.x.Plans().Delete(f.ctx, PlanOwned{Tag: planTag, Roles: []string{RoleLeaf}}); err != nil {
			t.Errorf("second DeletePlan: %v", err)
		}
	})

	t.Run("tag delete fails", func(t *testing.T) {
		f := newFabric(t)
		f.nb.inject(faultOn("delete", "tag", 1, deadlock))
		if _, err := f.x.Plans().Delete(f.ctx, PlanOwned{Tag: planTag}); err == nil {
			t.Error("DeletePlan with a failed tag delete succeeded")
		}
	})
}

func TestDeviceTypes(t *testing.T) {
	f := newFabric(t)
	dt, ok, err := f.x.DeviceTypes().Find(f.ctx, "ds5000")
	if err != nil || !ok || dt.Display != "DS5000" {
		t.Fatalf("FindDeviceType = %+v, %v, %v", dt, ok, err)
	}
	if _, ok, err := f.x.DeviceTypes().Find(f.ctx, "nope"); ok || err != nil {
		t.Errorf("FindDeviceType of a missing slug: %v, %v", ok, err)
	}
	mfr, _ := f.nb.manufacturers.GetBySlug(f.ctx, "celestica")
	if mfr.Description != CreatedByHedgehog {
		t.Errorf("manufacturer %+v", mfr)
	}
	// A second type of the vendor reuses its manufacturer.
	id, err := f.x.DeviceTypes().Create(f.ctx, DeviceType{Slug: "ds3000", Model: "DS3000", Manufacturer: "Celestica", ManufacturerSlug: "celestica",
		UHeight: 1, InterfaceTemplates: leafTemplates[:2]})
	f.must(err)
	if got, _ := f.nb.deviceTypes.Get(f.ctx, id); got.InterfaceTemplateCount != 2 || got.Manufacturer.ID != mfr.ID {
		t.Errorf("device type %+v", got)
	}

	// Templates refused: nothing stays, the new manufacturer neither.
	before := len(f.nb.manufacturers.objects())
	f.nb.inject(faultOn("bulkcreate", "interface template", 1, refuse))
	_, err = f.x.DeviceTypes().Create(f.ctx, DeviceType{Slug: "x1", Model: "X1", Manufacturer: "Acme", ManufacturerSlug: "acme",
		UHeight: 1, InterfaceTemplates: leafTemplates})
	var pe *PlanError
	if !errors.As(err, &pe) || pe.Op != "creating the device type" {
		t.Errorf("CreateDeviceType with refused templates: %v", err)
	}
	if _, ok, _ := f.x.DeviceTypes().Find(f.ctx, "x1"); ok || len(f.nb.manufacturers.objects()) != before {
		t.Errorf("a failed CreateDeviceType left objects behind")
	}
	f.nb.inject(faultOn("create", "manufacturer", 1, deadlock))
	if _, err := f.x.DeviceTypes().Create(f.ctx, DeviceType{Slug: "x1", Model: "X1", Manufacturer: "Acme", ManufacturerSlug: "acme"}); !errors.As(err, &pe) ||
		pe.Op != "creating the manufacturer" {
		t.Errorf("CreateDeviceType with a refused manufacturer: %v", err)
	}
	f.nb.inject(nil)

	// In use: NetBox refuses the delete.
	leaves := f.mustApply(leafWant("planned", []string{"leaf-01"}), NewRecorded())
	dsID := f.x.mustLookup(t, KindDeviceType, "ds5000")
	if _, err := f.x.DeviceTypes().Delete(f.ctx, dsID, "ds5000", "celestica"); err == nil {
		t.Error("deleting a device type in use succeeded")
	}
	f.mustApply(Want{Fields: leaves.Fields}, leaves)

	// The vendor's other type keeps the manufacturer; the last one takes it along.
	if warn, err := f.x.DeviceTypes().Delete(f.ctx, dsID, "ds5000", "celestica"); err != nil || warn != nil {
		t.Fatalf("DeleteDeviceType = %v, %v", warn, err)
	}
	if ok, err := f.x.DeviceTypes().Exists(f.ctx, dsID, "ds5000"); ok || err != nil {
		t.Errorf("DeviceTypeExists of a deleted type: %v, %v", ok, err)
	}
	if _, err := f.nb.manufacturers.GetBySlug(f.ctx, "celestica"); err != nil {
		t.Errorf("the manufacturer went while ds3000 uses it: %v", err)
	}
	if ok, err := f.x.DeviceTypes().Exists(f.ctx, id, "ds3000"); !ok || err != nil {
		t.Errorf("DeviceTypeExists = %v, %v", ok, err)
	}
	if _, err := f.x.DeviceTypes().Delete(f.ctx, id, "ds3000", "celestica"); err != nil {
		t.Fatal(err)
	}
	if _, err := f.nb.manufacturers.GetBySlug(f.ctx, "celestica"); !netbox.IsNotFound(err) {
		t.Errorf("the provider's unused manufacturer stays: %v", err)
	}

	// A manufacturer someone else created stays.
	other, _ := f.nb.manufacturers.Create(f.ctx, netbox.ManufacturerRequest{Name: "Dell", Slug: "dell"})
	dell, err := f.x.DeviceTypes().Create(f.ctx, DeviceType{Slug: "s5248", Model: "S5248", Manufacturer: "Dell", ManufacturerSlug: "dell"})
	f.must(err)
	if _, err := f.x.DeviceTypes().Delete(f.ctx, dell, "s5248", "dell"); err != nil {
		t.Fatal(err)
	}
	if _, err := f.nb.manufacturers.Get(f.ctx, other.ID); err != nil {
		t.Errorf("a manufacturer the provider did not create was deleted: %v", err)
	}
}

// mustLookup resolves a slug through the executor's cache.
func (x *Executor) mustLookup(t *testing.T, kind Kind, slug string) int64 {
	t.Helper()
	id, err := x.lookup(context.Background(), kind, slug)
	if err != nil {
		t.Fatal(err)
	}
	return id
}
