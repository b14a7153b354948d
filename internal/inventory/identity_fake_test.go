package inventory

import (
	"maps"
	"strings"
	"testing"

	"github.com/netfabric-io/terraform-provider-hedgehog/internal/netbox"
	"github.com/netfabric-io/terraform-provider-hedgehog/internal/planner"
)

// Tests of the serials a switch class gives its switches (identities), on the fake NetBox.

// leavesWithSerials is the base leaf class whose switches have the given serials.
func leavesWithSerials(serials map[string]string) Want {
	w := baseLeaves()
	w.Fields.Serials = serials
	return w
}

func (f *fabric) serial(id int64) string {
	f.t.Helper()
	d, err := f.nb.devices.Get(f.ctx, id)
	f.must(err)
	return d.Serial
}

// setSerial edits a device's serial in NetBox, as a user would by hand.
func (f *fabric) setSerial(id int64, serial string) {
	f.t.Helper()
	_, err := f.nb.devices.Update(f.ctx, netbox.Patch{ID: id, Fields: map[string]any{"serial": serial}})
	f.must(err)
}

// TestSerialsWrittenAndUpdatedInPlace: a create writes the serials the class gives; changing
// one PATCHes the devices in one bulk request, IDs kept; a serial the class never gave (set by
// hand) is left alone; removing the class's serial clears it.
func TestSerialsWrittenAndUpdatedInPlace(t *testing.T) {
	f := newFabric(t)
	f.mustApply(serverWant(3), NewRecorded())
	rec := f.mustApply(leavesWithSerials(map[string]string{"leaf-01": "DS5K-0001"}), NewRecorded())
	ids := map[string]int64{"leaf-01": rec.Devices["leaf-01"], "leaf-02": rec.Devices["leaf-02"]}
	if got := f.serial(ids["leaf-01"]); got != "DS5K-0001" {
		t.Fatalf("leaf-01 serial after create = %q, want DS5K-0001", got)
	}
	if got := f.serial(ids["leaf-02"]); got != "" {
		t.Fatalf("leaf-02 serial after create = %q, want none", got)
	}
	f.setSerial(ids["leaf-02"], "HAND-2")

	steps := []struct {
		name    string
		serials map[string]string
		want    map[string]string // serial in NetBox afterwards, by device
	}{
		{"serial changed", map[string]string{"leaf-01": "DS5K-0009"}, map[string]string{"leaf-01": "DS5K-0009", "leaf-02": "HAND-2"}},
		{"serial added", map[string]string{"leaf-01": "DS5K-0009", "leaf-02": "DS5K-0002"},
			map[string]string{"leaf-01": "DS5K-0009", "leaf-02": "DS5K-0002"}},
		{"serials removed", nil, map[string]string{"leaf-01": "", "leaf-02": ""}},
	}
	for _, step := range steps {
		w := leavesWithSerials(step.serials)
		ch := Diff(w, rec)
		if len(ch.CreateDevices)+len(ch.DeleteDevices) != 0 || len(ch.UpdateDevices) != 2 {
			t.Fatalf("%s: changes create %v, delete %v, update %v; want the two devices updated", step.name,
				ch.CreateDevices, ch.DeleteDevices, ch.UpdateDevices)
		}
		f.nb.inject(nil) // restarts the request counts
		var err error
		if rec, err = f.x.Apply(f.ctx, ch, rec); err != nil {
			t.Fatalf("%s: %v", step.name, err)
		}
		f.checkRecord(w.Fields, rec)
		if n := f.nb.count("bulkupdate", "device"); n != 1 {
			t.Errorf("%s: %d bulk device updates, want 1", step.name, n)
		}
		for dev, want := range step.want {
			if rec.Devices[dev] != ids[dev] {
				t.Errorf("%s: %s has ID %d, want %d (kept)", step.name, dev, rec.Devices[dev], ids[dev])
			}
			if got := f.serial(ids[dev]); got != want {
				t.Errorf("%s: %s serial = %q, want %q", step.name, dev, got, want)
			}
		}
	}
}

// TestSerialDrift: a serial the class gives, changed in NetBox by hand, is drift, and the next
// apply writes it back; a serial the class does not give is not compared.
func TestSerialDrift(t *testing.T) {
	f := newFabric(t)
	f.mustApply(serverWant(3), NewRecorded())
	w := leavesWithSerials(map[string]string{"leaf-01": "DS5K-0001"})
	rec := f.mustApply(w, NewRecorded())
	f.setSerial(rec.Devices["leaf-01"], "TYPO")
	f.setSerial(rec.Devices["leaf-02"], "HAND-2")
	got, err := f.x.Refresh(f.ctx, rec)
	f.must(err)
	if len(got.Drifted) != 1 || !strings.Contains(got.Drifted["leaf-01"], `serial is "TYPO", want "DS5K-0001"`) {
		t.Fatalf("drifted = %v, want leaf-01's serial only", got.Drifted)
	}
	rec = f.mustApply(w, got)
	if s := f.serial(rec.Devices["leaf-01"]); s != "DS5K-0001" {
		t.Errorf("after the repair leaf-01 serial = %q", s)
	}
	if s := f.serial(rec.Devices["leaf-02"]); s != "HAND-2" {
		t.Errorf("the repair changed leaf-02's serial to %q", s)
	}
	if again, err := f.x.Refresh(f.ctx, rec); err != nil || len(again.Drifted) != 0 {
		t.Errorf("after the repair: drift %v, %v", again.Drifted, err)
	}
}

// TestSerialWrite: which serial an update writes, given the class's serials before and now.
func TestSerialWrite(t *testing.T) {
	for _, tc := range []struct {
		name       string
		had, now   map[string]string
		wantSerial string
		wantWrite  bool
	}{
		{"never given", nil, nil, "", false},
		{"given", nil, map[string]string{"d": "S"}, "S", true},
		{"kept", map[string]string{"d": "S"}, map[string]string{"d": "S"}, "S", true},
		{"removed", map[string]string{"d": "S"}, nil, "", true},
		{"another device's", map[string]string{"e": "S"}, map[string]string{"e": "T"}, "", false},
	} {
		s, write := Fields{Serials: tc.now}.SerialWrite("d", Fields{Serials: tc.had})
		if s != tc.wantSerial || write != tc.wantWrite {
			t.Errorf("%s: SerialWrite = %q, %v; want %q, %v", tc.name, s, write, tc.wantSerial, tc.wantWrite)
		}
	}
}

// TestSwitchFieldsSerials: SwitchFields carries the serials of the class's identities, and
// none for an identity that gives only a MAC.
func TestSwitchFieldsSerials(t *testing.T) {
	sc := planner.SwitchClass{Name: "leaf", Role: planner.RoleServerLeaf, DeviceType: "ds5000",
		Identities: map[string]planner.SwitchIdentity{"leaf-01": {Serial: "S1"}, "leaf-02": {BootMAC: "0c:29:ef:a1:b2:c3"}}}
	f := SwitchFields(planner.PlanContext{Name: "p", Site: "dc1"}, sc)
	if len(f.Serials) != 1 || f.Serials["leaf-01"] != "S1" {
		t.Errorf("serials = %v, want leaf-01 only", f.Serials)
	}
	if g := SwitchFields(planner.PlanContext{Name: "p", Site: "dc1"}, planner.SwitchClass{Name: "leaf"}); g.Serials != nil {
		t.Errorf("a class without identities has serials %v", g.Serials)
	}
}

// managementMAC is the primary MAC of a device's M1 interface in NetBox (lower case, as the
// class writes it), "" for none.
func (f *fabric) managementMAC(device int64) string {
	f.t.Helper()
	for _, i := range f.nb.interfaces.objects() {
		if i.Device.ID == device && i.Name == planner.ManagementPort && i.MACAddress != nil {
			return strings.ToLower(*i.MACAddress)
		}
	}
	return ""
}

// TestBootMACsOnManagementInterface: a switch's boot MAC becomes the primary MAC of its M1
// interface on create; a change is one bulk interface PATCH with every ID kept; removing it
// clears it; a switch whose type has no M1 is a failed step that rolls back the devices.
func TestBootMACsOnManagementInterface(t *testing.T) {
	f := newFabric(t)
	f.mustApply(serverWant(3), NewRecorded())
	leaves := func(macs map[string]string) Want {
		w := baseLeaves()
		w.Fields.BootMACs = macs
		return w
	}
	rec := f.mustApply(leaves(map[string]string{"leaf-01": "0c:29:ef:00:00:01"}), NewRecorded())
	if got := f.managementMAC(rec.Devices["leaf-01"]); got != "0c:29:ef:00:00:01" {
		t.Fatalf("leaf-01 M1 MAC after create = %q", got)
	}
	if got := f.managementMAC(rec.Devices["leaf-02"]); got != "" {
		t.Fatalf("leaf-02 M1 MAC after create = %q, want none", got)
	}
	ids := maps.Clone(rec.Devices)
	for _, step := range []struct {
		name    string
		macs    map[string]string
		want    map[string]string
		patches int
	}{
		{"changed", map[string]string{"leaf-01": "0c:29:ef:00:00:09"}, map[string]string{"leaf-01": "0c:29:ef:00:00:09", "leaf-02": ""}, 1},
		{"unchanged, serial added", map[string]string{"leaf-01": "0c:29:ef:00:00:09"}, map[string]string{"leaf-01": "0c:29:ef:00:00:09"}, 0},
		{"removed", nil, map[string]string{"leaf-01": "", "leaf-02": ""}, 1},
	} {
		w := leaves(step.macs)
		if step.name == "unchanged, serial added" {
			w.Fields.Serials = map[string]string{"leaf-02": "S2"}
		}
		f.nb.inject(nil)
		var err error
		if rec, err = f.x.Apply(f.ctx, Diff(w, rec), rec); err != nil {
			t.Fatalf("%s: %v", step.name, err)
		}
		if n := f.nb.count("bulkupdate", "interface"); n != step.patches {
			t.Errorf("%s: %d bulk interface updates, want %d", step.name, n, step.patches)
		}
		for dev, want := range step.want {
			if rec.Devices[dev] != ids[dev] {
				t.Errorf("%s: %s has ID %d, want %d", step.name, dev, rec.Devices[dev], ids[dev])
			}
			if got := f.managementMAC(ids[dev]); got != want {
				t.Errorf("%s: %s M1 MAC = %q, want %q", step.name, dev, got, want)
			}
		}
	}

	// Servers have no M1: the step fails and the servers this apply created are deleted again.
	w := serverWant(1)
	w.Fields.Description = "other class"
	w.Devices, w.Interfaces = []string{"srv-09"}, nil
	w.Fields.BootMACs = map[string]string{"srv-09": "0c:29:ef:00:00:0a"}
	_, err := f.x.Apply(f.ctx, Diff(w, NewRecorded()), NewRecorded())
	if err == nil || !strings.Contains(err.Error(), "switch srv-09 has no interface M1 for its boot MAC") ||
		!strings.Contains(err.Error(), "everything this apply had created was deleted again") {
		t.Fatalf("apply to a type without M1: %v", err)
	}
	if n := f.nb.devices.count(func(r netbox.DeviceRequest) bool { return r.Name == "srv-09" }); n != 0 {
		t.Errorf("srv-09 left in NetBox after rollback")
	}
}
