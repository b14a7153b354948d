package inventory

import (
	"context"
	"errors"
	"fmt"
	"maps"
	"reflect"
	"strings"
	"testing"

	"github.com/netfabric-io/terraform-provider-hedgehog/internal/netbox"
)

// Tests of Executor.Apply against fakeNetBox: small hand-written classes of one plan, a
// server class and a leaf class whose cables land on the servers.

const planTag = "hedgehog-plan-p"

// fabric is a fake NetBox holding what a plan's classes need before they apply: the site,
// the plan's tag and roles, a switch device type with templates and a server device type.
type fabric struct {
	t   *testing.T
	ctx context.Context
	nb  *fakeNetBox
	x   *Executor
}

// leafTemplates are the interface templates of the leaf device type: E1/1-E1/4 and M1.
var leafTemplates = []Interface{{Name: "E1/1", Type: "400gbase-x-qsfpdd"}, {Name: "E1/2", Type: "400gbase-x-qsfpdd"},
	{Name: "E1/3", Type: "400gbase-x-qsfpdd"}, {Name: "E1/4", Type: "400gbase-x-qsfpdd"}, {Name: "M1", Type: ManagementType}}

func newFabric(t *testing.T) *fabric {
	t.Helper()
	f := &fabric{t: t, ctx: context.Background(), nb: newFakeNetBox()}
	f.x = New(f.nb)
	_, err := f.nb.sites.Create(f.ctx, netbox.SiteRequest{Name: "DC1", Slug: "dc1"})
	f.must(err)
	var owned, created PlanOwned
	_, err = f.x.Plans().Write(f.ctx, PlanSpec{Site: "dc1", Tag: planTag, TagDescription: "plan p"}, &owned, &created)
	f.must(err)
	_, err = f.x.DeviceTypes().Create(f.ctx, DeviceType{Slug: "ds5000", Model: "DS5000", Manufacturer: "Celestica",
		ManufacturerSlug: "celestica", UHeight: 1, InterfaceTemplates: leafTemplates})
	f.must(err)
	_, err = f.x.DeviceTypes().Create(f.ctx, DeviceType{Slug: "srv", Model: "Server", Manufacturer: "Generic", ManufacturerSlug: "generic", UHeight: 2})
	f.must(err)
	return f
}

func (f *fabric) must(err error) {
	f.t.Helper()
	if err != nil {
		f.t.Fatal(err)
	}
}

func classFields(role, deviceType, class, status string) Fields {
	return Fields{DeviceType: deviceType, Role: role, Site: "dc1", Status: status, Description: ClassDescription("p", class),
		Tags: []string{planTag}, PlanTag: planTag, Context: fmt.Sprintf(`{"plan":"p","class":%q}`, class)}
}

// serverWant is a server class of n servers, each with NIC ports fe-p0 and fe-p1.
func serverWant(n int) Want {
	w := Want{Fields: classFields(RoleServer, "srv", "gpu", "planned")}
	for i := 1; i <= n; i++ {
		d := fmt.Sprintf("srv-%02d", i)
		w.Devices = append(w.Devices, d)
		for _, p := range []string{"fe-p0", "fe-p1"} {
			w.Interfaces = append(w.Interfaces, Interface{Device: d, Name: p, Type: "25gbase-x-sfp28"})
		}
	}
	return w
}

// leafWant is a leaf class with the given switches and cables; its interfaces are the cables'
// B ends (E1/1-E1/4 come from the device type's templates, breakout lanes are created).
func leafWant(status string, leaves []string, cables ...Cable) Want {
	w := Want{Fields: classFields(RoleLeaf, "ds5000", "fe-leaf", status), Devices: leaves, Cables: cables}
	for _, c := range cables {
		d, p := SplitKey(c.B)
		w.Interfaces = append(w.Interfaces, Interface{Device: d, Name: p, Type: "100gbase-x-qsfp28"})
	}
	return w
}

func cable(a, b string) Cable { return Cable{A: a, B: b} }

// baseCables are the leaf class's cables of the base design: three on template ports, one on a
// created breakout lane.
var baseCables = []Cable{cable("srv-01:fe-p0", "leaf-01:E1/1"), cable("srv-01:fe-p1", "leaf-02:E1/5/1"),
	cable("srv-02:fe-p0", "leaf-01:E1/2"), cable("srv-03:fe-p0", "leaf-02:E1/1")}

func baseLeaves() Want { return leafWant("planned", []string{"leaf-01", "leaf-02"}, baseCables...) }

// with returns cables with replaced (by A end) or added.
func with(cables []Cable, changed ...Cable) []Cable {
	out := append([]Cable(nil), cables...)
next:
	for _, c := range changed {
		for i := range out {
			if out[i].A == c.A {
				out[i] = c
				continue next
			}
		}
		out = append(out, c)
	}
	return out
}

// apply diffs w against have and applies the changes.
func (f *fabric) apply(w Want, have Recorded) (Recorded, error) {
	return f.x.Apply(f.ctx, Diff(w, have), have)
}

func (f *fabric) mustApply(w Want, have Recorded) Recorded {
	f.t.Helper()
	rec, err := f.apply(w, have)
	f.must(err)
	f.checkRecord(w.Fields, rec)
	return rec
}

// base applies three servers and the base leaves, and returns their records.
func (f *fabric) base() (servers, leaves Recorded) {
	f.t.Helper()
	servers = f.mustApply(serverWant(3), NewRecorded())
	return servers, f.mustApply(baseLeaves(), NewRecorded())
}

// state is what the fake holds, by object: devices by name, interfaces by "device:port",
// cables by their ends. Fields are left out: they are not rolled back.
func (f *fabric) state() map[string]string {
	out := map[string]string{}
	for id, d := range f.nb.devices.objects() {
		out[fmt.Sprintf("device %d", id)] = d.Name
	}
	for id, i := range f.nb.interfaces.objects() {
		out[fmt.Sprintf("interface %d", id)] = Key(i.Device.Name, i.Name)
	}
	for id, c := range f.nb.cables.objects() {
		a, _ := terminationKey(c.ATerminations)
		b, _ := terminationKey(c.BTerminations)
		out[fmt.Sprintf("cable %d", id)] = a + " -- " + b
	}
	return out
}

// checkRecord checks that rec matches the fake: every recorded object exists as recorded, and
// the fake holds no object of the class (fields f) that rec leaves out, so nothing is orphaned.
func (f *fabric) checkRecord(fields Fields, rec Recorded) {
	f.t.Helper()
	devices, ifs, cables := f.nb.devices.objects(), f.nb.interfaces.objects(), f.nb.cables.objects()
	for name, id := range rec.Devices {
		if devices[id].Name != name {
			f.t.Errorf("recorded device %s (%d): NetBox has %q", name, id, devices[id].Name)
		}
	}
	for k, id := range rec.Interfaces {
		if i, ok := ifs[id]; !ok || Key(i.Device.Name, i.Name) != k {
			f.t.Errorf("recorded interface %s (%d) is not in NetBox", k, id)
		}
	}
	for a, id := range rec.Cables {
		c, ok := cables[id]
		ca, _ := terminationKey(c.ATerminations)
		cb, _ := terminationKey(c.BTerminations)
		if !ok || ca != a || cb != rec.CableEnds[a] {
			f.t.Errorf("recorded cable %s--%s (%d): NetBox has %s--%s", a, rec.CableEnds[a], id, ca, cb)
		}
	}
	own := map[int64]bool{}
	for id, d := range devices {
		if d.Description == fields.Description && hasTag(d.Tags, fields.PlanTag) {
			own[id] = true
			if rec.Devices[d.Name] != id {
				f.t.Errorf("device %s (%d) of the class is not recorded", d.Name, id)
			}
		}
	}
	templates := map[string]bool{}
	for _, tpl := range f.nb.interfaceTemplates.objects() {
		templates[tpl.DeviceType.Slug+"/"+tpl.Name] = true
	}
	for id, i := range ifs {
		k := Key(i.Device.Name, i.Name)
		if own[i.Device.ID] && !templates[devices[i.Device.ID].DeviceType.Slug+"/"+i.Name] && rec.Interfaces[k] != id {
			f.t.Errorf("interface %s (%d) on a device of the class is not recorded", k, id)
		}
	}
	for id, c := range cables {
		if len(c.BTerminations) == 1 && own[c.BTerminations[0].Object.Device.ID] {
			if a, _ := terminationKey(c.ATerminations); rec.Cables[a] != id {
				f.t.Errorf("cable %s (%d) of the class is not recorded", c.Label, id)
			}
		}
	}
}

func TestApplyCreatesUpdatesAndDeletes(t *testing.T) {
	f := newFabric(t)
	servers, leaves := f.base()
	if len(servers.Devices) != 3 || len(servers.Interfaces) != 6 || len(leaves.Devices) != 2 || len(leaves.Cables) != 4 {
		t.Fatalf("records %+v %+v", servers, leaves)
	}
	// Template ports are reused, the breakout lane is created.
	if leaves.Created["leaf-01:E1/1"] || !leaves.Created["leaf-02:E1/5/1"] || len(f.nb.interfaces.objects()) != 6+2*5+1 {
		t.Errorf("created %v; %d interfaces in NetBox", leaves.Created, len(f.nb.interfaces.objects()))
	}
	for _, op := range []string{"bulkcreate device", "bulkcreate interface", "bulkcreate cable"} {
		kind := strings.TrimPrefix(op, "bulkcreate ")
		if n := f.nb.count("bulkcreate", kind); n != 2-boolInt(kind == "cable") {
			t.Errorf("%d %s requests, want one per class that has them", n, op)
		}
	}
	cb := f.nb.cables.objects()[leaves.Cables["srv-01:fe-p0"]]
	if cb.Label != "srv-01:fe-p0--leaf-01:E1/1" || cb.Status.Value != "planned" || !hasTag(cb.Tags, planTag) {
		t.Errorf("cable %+v", cb)
	}
	d := f.nb.devices.objects()[leaves.Devices["leaf-01"]]
	if d.Status.Value != "planned" || d.Role.Slug != RoleLeaf || d.DeviceType.Slug != "ds5000" || string(d.LocalContextData) != leaves.Fields.Context {
		t.Errorf("device %+v", d)
	}

	// Active: devices and cables are updated in place.
	active := leafWant("active", []string{"leaf-01", "leaf-02"}, baseCables...)
	ch := Diff(active, leaves)
	rec := f.mustApply(active, leaves)
	if len(ch.UpdateDevices) != 2 || len(ch.UpdateCables) != 4 || !maps.Equal(rec.Cables, leaves.Cables) {
		t.Errorf("changes %+v", ch)
	}
	for _, c := range f.nb.cables.objects() {
		if c.Status.Value != "connected" {
			t.Errorf("cable %s: status %s", c.Label, c.Status.Value)
		}
	}

	// Growth: a switch and two cables more; a cable moves to a new lane and keeps its ID.
	moved := cable("srv-02:fe-p0", "leaf-01:E1/6/1")
	grown := leafWant("active", []string{"leaf-01", "leaf-02", "leaf-03"},
		with(baseCables, moved, cable("srv-02:fe-p1", "leaf-03:E1/1"), cable("srv-03:fe-p1", "leaf-03:E1/2"))...)
	ch = Diff(grown, rec)
	grownRec := f.mustApply(grown, rec)
	if len(ch.MoveCables) != 1 || grownRec.Cables[moved.A] != rec.Cables[moved.A] || grownRec.CableEnds[moved.A] != moved.B {
		t.Errorf("move: changes %+v, record %+v", ch, grownRec)
	}
	if got := f.nb.cables.objects()[grownRec.Cables[moved.A]].Label; got != moved.Label() {
		t.Errorf("moved cable's label %q", got)
	}

	// Scale in: leaf-02 goes with its cables; its created lane goes with it.
	small := leafWant("active", []string{"leaf-01", "leaf-03"}, grown.Cables[0], grown.Cables[2], grown.Cables[4], grown.Cables[5])
	final := f.mustApply(small, grownRec)
	if _, ok := final.Devices["leaf-02"]; ok || len(final.Cables) != 4 {
		t.Errorf("after scale-in: %+v", final)
	}
	// Nothing left to do.
	if ch := Diff(small, final); !ch.Empty() {
		t.Errorf("changes after apply: %+v", ch)
	}

	// Destroy: everything goes.
	empty := Want{Fields: small.Fields}
	gone := f.mustApply(empty, final)
	if !gone.Empty() || len(f.nb.cables.objects()) != 0 {
		t.Errorf("after destroy: record %+v, %d cables", gone, len(f.nb.cables.objects()))
	}
}

func boolInt(b bool) int {
	if b {
		return 1
	}
	return 0
}

// TestApplyRollsBackEachStep fails each step of Apply in turn and checks that NetBox holds
// what it held before (less what the apply had deleted before the failure), and that the
// record returned matches NetBox.
func TestApplyRollsBackEachStep(t *testing.T) {
	grow := func(status string) Want {
		// Two created lanes: one on a switch that stays, one on the new switch.
		return leafWant(status, []string{"leaf-01", "leaf-02", "leaf-03"},
			with(baseCables, cable("srv-02:fe-p1", "leaf-03:E1/8/1"), cable("srv-03:fe-p1", "leaf-01:E1/7/1"))...)
	}
	for _, tc := range []struct {
		step  string
		want  Want
		fault func(string, string, int) fault
		batch int
		// deletes: the apply deleted objects before it failed, so NetBox holds less than before.
		deletes bool
	}{
		{step: "deleting cables", want: leafWant("planned", []string{"leaf-01"}, baseCables[0], baseCables[2]),
			fault: faultOn("bulkdelete", "cable", 1, refuse)},
		{step: "deleting interfaces", want: leafWant("planned", []string{"leaf-01", "leaf-02"}, baseCables[0], baseCables[2], baseCables[3]),
			fault: faultOn("bulkdelete", "interface", 1, deadlock), deletes: true},
		{step: "deleting devices", want: leafWant("planned", []string{"leaf-01"}, baseCables[0], baseCables[2]),
			fault: faultOn("bulkdelete", "device", 1, refuse), deletes: true},
		{step: "updating devices", want: grow("active"), fault: faultOn("bulkupdate", "device", 1, deadlock)},
		{step: "creating devices", want: leafWant("planned", []string{"leaf-01", "leaf-02", "leaf-03", "leaf-04", "leaf-05"}, baseCables...),
			fault: faultOn("bulkcreate", "device", 2, refuse), batch: 2},
		{step: "updating cables", want: grow("active"), fault: faultOn("bulkupdate", "cable", 1, refuse)},
		{step: "creating interfaces", want: grow("planned"), fault: faultOn("bulkcreate", "interface", 2, refuse), batch: 1},
		{step: "moving cables", want: leafWant("planned", []string{"leaf-01", "leaf-02", "leaf-03"},
			with(baseCables, cable("srv-02:fe-p0", "leaf-03:E1/1"))...), fault: faultOn("bulkupdate", "cable", 1, refuse)},
		{step: "creating cables", want: grow("planned"), fault: faultOn("bulkcreate", "cable", 2, deadlock), batch: 1},
		{step: "deleting the interfaces moved cables left", want: leafWant("planned", []string{"leaf-01", "leaf-02", "leaf-03"},
			with(baseCables, cable("srv-01:fe-p1", "leaf-02:E1/6/1"), cable("srv-02:fe-p1", "leaf-03:E1/1"))...),
			fault: faultOn("bulkdelete", "interface", 1, refuse)},
	} {
		t.Run(tc.step, func(t *testing.T) {
			f := newFabric(t)
			_, leaves := f.base()
			before := f.state()
			if tc.batch > 0 {
				f.nb.batchSize = tc.batch
			}
			f.nb.inject(tc.fault)
			rec, err := f.apply(tc.want, leaves)
			f.nb.inject(nil)
			var se *StepError
			if !errors.As(err, &se) || se.Step != tc.step || se.Rollback != nil {
				t.Fatalf("err = %v, want a StepError of %q with a clean rollback", err, tc.step)
			}
			if want := tc.step + ": "; !strings.HasPrefix(err.Error(), want) ||
				!strings.HasSuffix(err.Error(), "everything this apply had created was deleted again") {
				t.Errorf("error text %q", err)
			}
			var ae *netbox.APIError
			if !errors.As(err, &ae) {
				t.Errorf("the NetBox error is not kept: %v", err)
			}
			f.checkRecord(tc.want.Fields, rec)
			after := f.state()
			if !tc.deletes && !reflect.DeepEqual(after, before) {
				t.Errorf("NetBox after rollback differs:\nbefore %v\nafter  %v", before, after)
			}
			for k, v := range after {
				if before[k] != v {
					t.Errorf("%s (%s) is new after rollback", k, v)
				}
			}
			// The next apply, from the record returned, finishes the job.
			f.nb.batchSize = 100
			f.mustApply(tc.want, rec)
		})
	}
}

func TestApplyMissingFields(t *testing.T) {
	for _, tc := range []struct {
		kind Kind
		edit func(*Fields)
	}{
		{KindSite, func(f *Fields) { f.Site = "nowhere" }},
		{KindTag, func(f *Fields) { f.Tags = append(f.Tags, "no-such-tag") }},
		{KindDeviceType, func(f *Fields) { f.DeviceType = "no-such-type" }},
		{KindDeviceRole, func(f *Fields) { f.Role = "no-such-role" }},
		{KindTenant, func(f *Fields) { f.Tenant = "no-such-tenant" }},
	} {
		t.Run(string(tc.kind), func(t *testing.T) {
			f := newFabric(t)
			before := f.state()
			w := serverWant(2)
			tc.edit(&w.Fields)
			rec, err := f.apply(w, NewRecorded())
			var se *StepError
			var me *MissingError
			if !errors.As(err, &se) || se.Step != "resolving device fields" || !errors.As(err, &me) || me.Kind != tc.kind ||
				!errors.Is(err, netbox.ErrNotFound) {
				t.Fatalf("err = %v", err)
			}
			if !rec.Empty() || !reflect.DeepEqual(f.state(), before) {
				t.Errorf("record %+v after a failed resolve", rec)
			}
		})
	}
}

// An apply whose answers are lost (a timeout after NetBox committed) finds what it created by
// tag and name or label, and deletes it again.
func TestApplyUnknownOutcome(t *testing.T) {
	for _, tc := range []struct {
		step  string
		fault func(string, string, int) fault
	}{
		{"creating devices", faultOn("bulkcreate", "device", 1, commitThenTimeout)},
		{"creating interfaces", faultOn("bulkcreate", "interface", 1, commitThenTimeout)},
		{"creating cables", faultOn("bulkcreate", "cable", 1, commitThenTimeout)},
	} {
		t.Run(tc.step, func(t *testing.T) {
			f := newFabric(t)
			_, leaves := f.base()
			before := f.state()
			f.nb.inject(tc.fault)
			want := leafWant("planned", []string{"leaf-01", "leaf-02", "leaf-03"},
				with(baseCables, cable("srv-02:fe-p1", "leaf-03:E1/1"), cable("srv-03:fe-p1", "leaf-01:E1/7/1"))...)
			rec, err := f.apply(want, leaves)
			var se *StepError
			var be *netbox.BulkError
			if !errors.As(err, &se) || se.Step != tc.step || se.Rollback != nil || !errors.As(err, &be) || be.Unknown == 0 {
				t.Fatalf("err = %v", err)
			}
			if after := f.state(); !reflect.DeepEqual(after, before) {
				t.Errorf("NetBox after rollback:\nbefore %v\nafter  %v", before, after)
			}
			f.checkRecord(want.Fields, rec)
		})
	}
}

// When rollback fails too, what it could not delete stays in the record, so that the next apply
// or destroy finds it.
func TestApplyRollbackFails(t *testing.T) {
	f := newFabric(t)
	_, leaves := f.base()
	f.nb.inject(func(op, kind string, n int) fault {
		switch {
		case op == "bulkcreate" && kind == "cable", op == "bulkdelete" && kind == "device":
			return refuse
		}
		return noFault
	})
	want := leafWant("planned", []string{"leaf-01", "leaf-02", "leaf-03"}, with(baseCables, cable("srv-02:fe-p1", "leaf-03:E1/1"))...)
	rec, err := f.apply(want, leaves)
	var se *StepError
	if !errors.As(err, &se) || se.Step != "creating cables" || se.Rollback == nil ||
		!strings.Contains(err.Error(), "rolling back what this apply created also failed") {
		t.Fatalf("err = %v", err)
	}
	if rec.Devices["leaf-03"] == 0 {
		t.Errorf("leaf-03, which rollback could not delete, is not in the record: %+v", rec.Devices)
	}
	f.checkRecord(want.Fields, rec)
	f.nb.inject(nil)
	f.mustApply(want, rec)
}

// Crash recovery: an apply interrupted after NetBox created objects but before state recorded
// them. The next apply's bulk create is refused on their names; it adopts them instead.
func TestApplyAdoptsWhatAnInterruptedApplyLeft(t *testing.T) {
	f := newFabric(t)
	f.base()
	// The interrupted apply of leaf-03 and its cable: objects without a record.
	grow := leafWant("planned", []string{"leaf-01", "leaf-02", "leaf-03"}, with(baseCables, cable("srv-02:fe-p1", "leaf-03:E1/1"))...)
	lost := f.mustApply(grow, NewRecorded())
	before := f.state()

	// Without Discover: createOrAdopt finds the refused devices and cables by tag and name.
	rec := f.mustApply(grow, NewRecorded())
	if !reflect.DeepEqual(f.state(), before) || !maps.Equal(rec.Devices, lost.Devices) || !maps.Equal(rec.Cables, lost.Cables) {
		t.Errorf("adopting apply duplicated or lost objects: record %+v", rec)
	}

	// With Discover, as a create after an interrupted apply does: the objects are adopted and
	// the devices updated in place.
	found, err := f.x.Discover(f.ctx, grow.Fields)
	f.must(err)
	have := NewRecorded()
	have.Fields = grow.Fields // as the provider does for a class state does not know
	if n := have.Adopt(found); n == 0 {
		t.Fatal("nothing adopted")
	}
	ch := Diff(grow, have)
	if len(ch.CreateDevices)+len(ch.CreateCables)+len(ch.DeleteCables) != 0 || len(ch.UpdateDevices) != 3 {
		t.Errorf("changes after adopting: %+v", ch)
	}
	f.mustApply(grow, have)
	if !reflect.DeepEqual(f.state(), before) {
		t.Error("apply after Discover changed NetBox's objects")
	}
}
