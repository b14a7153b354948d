package inventory

import (
	"maps"
	"testing"

	"github.com/netfabric-io/terraform-provider-hedgehog/internal/netbox"
)

func TestAdopt(t *testing.T) {
	have := NewRecorded()
	have.Devices["leaf-01"] = 1
	have.Interfaces["leaf-01:E1/1"] = 10
	have.Cables["srv-1:p0"], have.CableEnds["srv-1:p0"] = 100, "leaf-01:E1/1"
	found := NewRecorded()
	found.Devices["leaf-01"], found.Devices["leaf-02"] = 1, 2
	found.Interfaces["leaf-01:E1/1"], found.Interfaces["leaf-02:E1/1"] = 10, 20
	found.Cables["srv-1:p0"], found.CableEnds["srv-1:p0"] = 100, "leaf-01:E1/1"
	found.Cables["srv-2:p0"], found.CableEnds["srv-2:p0"] = 200, "leaf-02:E1/1"

	if n := have.Adopt(found); n != 3 {
		t.Errorf("adopted %d objects, want 3 (a device, an interface, a cable)", n)
	}
	if !maps.Equal(have.Devices, found.Devices) || !maps.Equal(have.Interfaces, found.Interfaces) ||
		!maps.Equal(have.Cables, found.Cables) || !maps.Equal(have.CableEnds, found.CableEnds) {
		t.Errorf("after adopting: %+v", have)
	}
	if _, ok := have.Drifted["leaf-02"]; !ok || len(have.Drifted) != 1 {
		t.Errorf("drifted %v: the adopted device only, so that apply writes its fields", have.Drifted)
	}
	// Adopted devices are updated, the cable kept, nothing created.
	want := Want{Fields: have.Fields, Devices: []string{"leaf-01", "leaf-02"},
		Interfaces: []Interface{{Device: "leaf-01", Name: "E1/1"}, {Device: "leaf-02", Name: "E1/1"}},
		Cables:     []Cable{{A: "srv-1:p0", B: "leaf-01:E1/1"}, {A: "srv-2:p0", B: "leaf-02:E1/1"}}}
	ch := Diff(want, have)
	if len(ch.CreateDevices)+len(ch.CreateInterfaces)+len(ch.CreateCables)+len(ch.DeleteCables) != 0 ||
		len(ch.UpdateDevices) != 1 || ch.UpdateDevices[0] != "leaf-02" {
		t.Errorf("changes after adopting: %+v", ch)
	}
}

func TestTerminationKey(t *testing.T) {
	end := func(device, port string) []netbox.CableTermination {
		term := netbox.CableTermination{ObjectType: "dcim.interface", ObjectID: 1}
		term.Object = &struct {
			ID      int64       `json:"id"`
			Display string      `json:"display"`
			Name    string      `json:"name"`
			Device  *netbox.Ref `json:"device"`
		}{ID: 1, Name: port, Device: &netbox.Ref{Name: device}}
		return []netbox.CableTermination{term}
	}
	for _, tc := range []struct {
		name string
		ts   []netbox.CableTermination
		want string
		ok   bool
	}{
		{"one interface", end("leaf-01", "E1/1"), "leaf-01:E1/1", true},
		{"lost end", nil, "", false},
		{"two terminations", append(end("a", "1"), end("a", "2")...), "", false},
		{"unnamed device", end("", "E1/1"), "", false},
	} {
		got, ok := terminationKey(tc.ts)
		if got != tc.want || ok != tc.ok {
			t.Errorf("%s: %q %v, want %q %v", tc.name, got, ok, tc.want, tc.ok)
		}
	}
}

func TestByDevice(t *testing.T) {
	for _, tc := range []struct {
		objects, devices int
		want             bool
	}{
		{objects: 40, devices: 2, want: false},     // one request either way
		{objects: 1408, devices: 128, want: true},  // 10 by ID, 3 pages by device
		{objects: 1536, devices: 16, want: true},   // a rail leaf class's interfaces
		{objects: 300, devices: 300, want: false},  // 2 by ID, 2 device chunks
		{objects: 5000, devices: 3000, want: true}, // 34 by ID, 20 device chunks
		{objects: 10, devices: 0, want: false},
	} {
		if got := byDevice(tc.objects, tc.devices); got != tc.want {
			t.Errorf("byDevice(%d objects, %d devices) = %v, want %v", tc.objects, tc.devices, got, tc.want)
		}
	}
}
