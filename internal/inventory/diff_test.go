package inventory

import (
	"reflect"
	"testing"
)

func fields(status string) Fields {
	return Fields{DeviceType: "ds5000", Role: "leaf", Site: "dc1", Status: status, Description: "d",
		Tags: []string{"hedgehog-plan-p"}, PlanTag: "hedgehog-plan-p"}
}

// want is a leaf class with the given switches, each cabled on E1/1 to a server.
func wantOf(status string, switches ...string) Want {
	w := Want{Fields: fields(status), Devices: switches}
	for i, s := range switches {
		w.Interfaces = append(w.Interfaces, Interface{Device: s, Name: "E1/1/1", Type: "200gbase-x-qsfp56"})
		w.Cables = append(w.Cables, Cable{A: Key(serverName(i), "fe-p0"), B: Key(s, "E1/1/1")})
	}
	return w
}

func serverName(i int) string { return "srv-" + string(rune('a'+i)) }

// recordOf is what state holds after want was applied (IDs from 1).
func recordOf(w Want) Recorded {
	r := NewRecorded()
	r.Fields = w.Fields
	id := int64(0)
	next := func() int64 { id++; return id }
	for _, d := range w.Devices {
		r.Devices[d] = next()
	}
	for _, i := range w.Interfaces {
		r.Interfaces[i.Key()] = next()
		r.Created[i.Key()] = true
	}
	for _, c := range w.Cables {
		r.Cables[c.A] = next()
		r.CableEnds[c.A] = c.B
	}
	return r
}

func TestDiff(t *testing.T) {
	two := wantOf("planned", "leaf-01", "leaf-02")
	moved := wantOf("planned", "leaf-01", "leaf-02")
	moved.Cables[1].B = Key("leaf-02", "E1/3/1")
	moved.Interfaces = append(moved.Interfaces, Interface{Device: "leaf-02", Name: "E1/3/1"})
	drifted := recordOf(two)
	drifted.Drifted = map[string]string{"leaf-02": "status is \"active\"", "srv-a:fe-p0": "cable lost an end"}
	template := recordOf(two)
	delete(template.Created, "leaf-02:E1/1/1")
	swapped := wantOf("planned", "leaf-01", "leaf-02")
	swapped.Cables[0].B, swapped.Cables[1].B = swapped.Cables[1].B, swapped.Cables[0].B
	retyped := wantOf("planned", "leaf-01")
	retyped.Fields.DeviceType = "ds3000"

	tests := []struct {
		name string
		want Want
		have Recorded
		exp  Changes
	}{
		{name: "fresh apply creates everything", want: two, have: NewRecorded(), exp: Changes{
			CreateDevices:    []string{"leaf-01", "leaf-02"},
			CreateInterfaces: two.Interfaces, CreateCables: two.Cables}},
		{name: "nothing changed", want: two, have: recordOf(two), exp: Changes{}},
		{name: "scale out adds only the new switch", want: wantOf("planned", "leaf-01", "leaf-02", "leaf-03"), have: recordOf(two),
			exp: Changes{CreateDevices: []string{"leaf-03"},
				CreateInterfaces: []Interface{{Device: "leaf-03", Name: "E1/1/1", Type: "200gbase-x-qsfp56"}},
				CreateCables:     []Cable{{A: "srv-c:fe-p0", B: "leaf-03:E1/1/1"}}}},
		{name: "scale in deletes the cables, then the switch (its interfaces go with it)", want: wantOf("planned", "leaf-01"),
			have: recordOf(two), exp: Changes{DeleteCables: []string{"srv-b:fe-p0"}, DeleteDevices: []string{"leaf-02"},
				ForgetInterfaces: []string{"leaf-02:E1/1/1"}}},
		{name: "status change updates devices and cables in place", want: wantOf("active", "leaf-01", "leaf-02"), have: recordOf(two),
			exp: Changes{UpdateDevices: []string{"leaf-01", "leaf-02"}, UpdateCables: []string{"srv-a:fe-p0", "srv-b:fe-p0"},
				CableSpecs: map[string]CableSpec{"srv-a:fe-p0": {}, "srv-b:fe-p0": {}}}},
		{name: "a new medium retypes the kept cables in place", want: func() Want {
			w := wantOf("planned", "leaf-01", "leaf-02")
			w.Cables[1].Spec = CableSpec{Type: "aoc", Length: 3}
			return w
		}(), have: recordOf(two), exp: Changes{UpdateCables: []string{"srv-b:fe-p0"},
			CableSpecs: map[string]CableSpec{"srv-b:fe-p0": {Type: "aoc", Length: 3}}}},
		{name: "staged keeps cables planned: only devices change", want: wantOf("staged", "leaf-01", "leaf-02"), have: recordOf(two),
			exp: Changes{UpdateDevices: []string{"leaf-01", "leaf-02"}}},
		{name: "decommissioning devices decommission their cables in place", want: wantOf("decommissioning", "leaf-01", "leaf-02"),
			have: recordOf(two), exp: Changes{UpdateDevices: []string{"leaf-01", "leaf-02"}, UpdateCables: []string{"srv-a:fe-p0", "srv-b:fe-p0"},
				CableSpecs: map[string]CableSpec{"srv-a:fe-p0": {}, "srv-b:fe-p0": {}}}},
		{name: "a moved cable is patched to its new port and keeps its ID", want: moved, have: recordOf(two),
			exp: Changes{MoveCables: []Cable{moved.Cables[1]}, CreateInterfaces: []Interface{{Device: "leaf-02", Name: "E1/3/1"}}}},
		{name: "cables that swap ports are replaced, not moved", want: swapped, have: recordOf(two),
			exp: Changes{DeleteCables: []string{"srv-a:fe-p0", "srv-b:fe-p0"}, CreateCables: swapped.Cables}},
		{name: "a cable moving off a deleted switch is replaced", want: wantOf("planned", "leaf-01", "leaf-01b"),
			have: recordOf(two), exp: Changes{DeleteCables: []string{"srv-b:fe-p0"}, DeleteDevices: []string{"leaf-02"},
				ForgetInterfaces: []string{"leaf-02:E1/1/1"}, CreateDevices: []string{"leaf-01b"},
				CreateInterfaces: []Interface{{Device: "leaf-01b", Name: "E1/1/1", Type: "200gbase-x-qsfp56"}},
				CreateCables:     []Cable{{A: "srv-b:fe-p0", B: "leaf-01b:E1/1/1"}}}},
		{name: "drift: changed device updated, broken cable replaced", want: two, have: drifted,
			exp: Changes{DeleteCables: []string{"srv-a:fe-p0"}, UpdateDevices: []string{"leaf-02"}, CreateCables: two.Cables[:1]}},
		{name: "a template port no longer used is forgotten, not deleted", want: wantOf("planned", "leaf-01", "leaf-02"),
			have: func() Recorded {
				r := recordOf(two)
				r.Interfaces["leaf-02:E1/9"] = 99
				r.Interfaces["leaf-02:E1/7/1"] = 98
				r.Created["leaf-02:E1/7/1"] = true
				return r
			}(), exp: Changes{DeleteInterfaces: []string{"leaf-02:E1/7/1"}, ForgetInterfaces: []string{"leaf-02:E1/9"}}},
		{name: "a template interface is reused and stays", want: two, have: template, exp: Changes{}},
		{name: "a new device type replaces the devices", want: retyped, have: recordOf(wantOf("planned", "leaf-01")),
			exp: Changes{DeleteCables: []string{"srv-a:fe-p0"}, DeleteDevices: []string{"leaf-01"},
				ForgetInterfaces: []string{"leaf-01:E1/1/1"}, CreateDevices: []string{"leaf-01"},
				CreateInterfaces: retyped.Interfaces, CreateCables: retyped.Cables}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got := Diff(tc.want, tc.have)
			tc.exp.Fields = tc.want.Fields
			if !reflect.DeepEqual(normalize(got), normalize(tc.exp)) {
				t.Errorf("Diff =\n%+v\nwant\n%+v", got, tc.exp)
			}
			if got.Empty() != normalize(tc.exp).Empty() {
				t.Errorf("Empty() = %v", got.Empty())
			}
		})
	}
}

// normalize makes nil and empty lists compare equal.
func normalize(c Changes) Changes {
	fix := func(s []string) []string {
		if len(s) == 0 {
			return nil
		}
		return s
	}
	c.DeleteCables, c.DeleteInterfaces, c.DeleteDevices = fix(c.DeleteCables), fix(c.DeleteInterfaces), fix(c.DeleteDevices)
	c.ForgetInterfaces, c.UpdateDevices, c.CreateDevices = fix(c.ForgetInterfaces), fix(c.UpdateDevices), fix(c.CreateDevices)
	c.UpdateCables = fix(c.UpdateCables)
	if len(c.CreateInterfaces) == 0 {
		c.CreateInterfaces = nil
	}
	if len(c.CreateCables) == 0 {
		c.CreateCables = nil
	}
	if len(c.MoveCables) == 0 {
		c.MoveCables = nil
	}
	return c
}
