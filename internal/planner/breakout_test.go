package planner

import (
	"reflect"
	"testing"
)

func TestBreakoutLookup(t *testing.T) {
	tests := []struct {
		in        string
		ok        bool
		id        string
		native    int
		lanes     int
		laneSpeed int
	}{
		{"4x200g", true, "4x200g", 800, 4, 200},
		{"4x200G", true, "4x200g", 800, 4, 200},
		{"  2X400G ", true, "2x400g", 800, 2, 400},
		{"1x1g", true, "1x1g", 1, 1, 1},
		{"8x50g", true, "8x50g", 400, 8, 50},
		{"1x200g", true, "1x200g", 400, 1, 200},
		{"1x50g", true, "1x50g", 100, 1, 50},
		{"3x100g", false, "", 0, 0, 0},
		{"", false, "", 0, 0, 0},
		{"4x200", false, "", 0, 0, 0},
	}
	for _, tc := range tests {
		b, ok := LookupBreakout(tc.in)
		if ok != tc.ok {
			t.Fatalf("LookupBreakout(%q) ok = %v, want %v", tc.in, ok, tc.ok)
		}
		if !ok {
			continue
		}
		want := Breakout{tc.id, tc.native, tc.lanes, tc.laneSpeed}
		if b != want {
			t.Errorf("LookupBreakout(%q) = %+v, want %+v", tc.in, b, want)
		}
	}
}

func TestBreakoutsTableOrder(t *testing.T) {
	// SPEC §9, in table order, must be the first 16 entries.
	spec := []Breakout{
		{"1x800g", 800, 1, 800}, {"2x400g", 800, 2, 400}, {"4x200g", 800, 4, 200}, {"8x100g", 800, 8, 100},
		{"1x400g", 400, 1, 400}, {"2x200g", 400, 2, 200}, {"4x100g", 400, 4, 100}, {"8x50g", 400, 8, 50},
		{"1x100g", 100, 1, 100}, {"1x40g", 100, 1, 40}, {"2x50g", 100, 2, 50}, {"4x25g", 100, 4, 25},
		{"4x10g", 100, 4, 10}, {"1x25g", 25, 1, 25}, {"1x10g", 10, 1, 10}, {"1x1g", 1, 1, 1},
	}
	all := Breakouts()
	if len(all) < len(spec) {
		t.Fatalf("table has %d entries", len(all))
	}
	if !reflect.DeepEqual(all[:len(spec)], spec) {
		t.Errorf("first entries = %+v, want §9 %+v", all[:len(spec)], spec)
	}
	seen := map[string]bool{}
	for _, b := range all {
		if seen[b.ID] {
			t.Errorf("duplicate id %q", b.ID)
		}
		seen[b.ID] = true
		if b.Lanes < 1 || b.LaneSpeed < 1 || b.Lanes*b.LaneSpeed > b.NativeSpeed {
			t.Errorf("%q: lanes x speed %d x %d does not fit its native %d", b.ID, b.Lanes, b.LaneSpeed, b.NativeSpeed)
		}
		if got := b.WiringName(); normalizeBreakoutID(got) != b.ID {
			t.Errorf("%q: WiringName %q does not round-trip", b.ID, got)
		}
		if lb, ok := LookupBreakout(b.WiringName()); !ok || lb != b {
			t.Errorf("LookupBreakout(%q) = %+v, %v", b.WiringName(), lb, ok)
		}
	}
	// The result is a copy.
	all[0].ID = "changed"
	if Breakouts()[0].ID != "1x800g" {
		t.Error("Breakouts() exposes the table")
	}
}

func TestBreakoutWiringName(t *testing.T) {
	b, _ := LookupBreakout("2x400g")
	if got := b.WiringName(); got != "2x400G" {
		t.Errorf("WiringName = %q", got)
	}
	if got := SpeedName(25); got != "25G" {
		t.Errorf("SpeedName = %q", got)
	}
}

func TestBreakoutFits(t *testing.T) {
	tests := []struct {
		id    string
		speed int
		want  bool
	}{
		{"2x400g", 800, true},
		{"2x50g", 800, true},
		{"1x400g", 800, true},
		{"1x10g", 25, true},
		{"1x1g", 25, true},
		{"1x25g", 25, true},
		{"8x100g", 100, false},
		{"4x25g", 25, false},
		{"1x800g", 400, false},
		{"1x25g", 10, false},
	}
	for _, tc := range tests {
		b, ok := LookupBreakout(tc.id)
		if !ok {
			t.Fatalf("unknown %q", tc.id)
		}
		if got := BreakoutFits(b, tc.speed); got != tc.want {
			t.Errorf("BreakoutFits(%s, %d) = %v, want %v", tc.id, tc.speed, got, tc.want)
		}
	}
	if BreakoutFits(Breakout{ID: "x", NativeSpeed: 1, Lanes: 0, LaneSpeed: 1}, 10) {
		t.Error("zero lanes fits")
	}
}

func TestBreakoutLaneNames(t *testing.T) {
	one, _ := LookupBreakout("1x800g")
	two, _ := LookupBreakout("2x400g")
	eight, _ := LookupBreakout("8x100g")
	tests := []struct {
		port int
		b    Breakout
		want []string
	}{
		{5, one, []string{"E1/5"}},
		{5, two, []string{"E1/5/1", "E1/5/2"}},
		{64, eight, []string{"E1/64/1", "E1/64/2", "E1/64/3", "E1/64/4", "E1/64/5", "E1/64/6", "E1/64/7", "E1/64/8"}},
		{1, Breakout{}, []string{"E1/1"}},
	}
	for _, tc := range tests {
		if got := LaneNames(tc.port, tc.b); !reflect.DeepEqual(got, tc.want) {
			t.Errorf("LaneNames(%d, %s) = %v, want %v", tc.port, tc.b.ID, got, tc.want)
		}
	}
}

func TestBreakoutSpeedInterfaceType(t *testing.T) {
	tests := []struct {
		speed int
		want  string
	}{
		{800, "800gbase-x-osfp"},
		{400, "400gbase-x-qsfpdd"},
		{200, "200gbase-x-qsfp56"},
		{100, "100gbase-x-qsfp28"},
		{50, "50gbase-x-sfp56"},
		{40, "40gbase-x-qsfpp"},
		{25, "25gbase-x-sfp28"},
		{10, "10gbase-x-sfpp"},
		{1, "1000base-t"},
		{3, "other"},
		{0, "other"},
	}
	for _, tc := range tests {
		if got := SpeedInterfaceType(tc.speed); got != tc.want {
			t.Errorf("SpeedInterfaceType(%d) = %q, want %q", tc.speed, got, tc.want)
		}
	}
}

func TestBreakoutInterfaceTypeFor(t *testing.T) {
	tests := []struct {
		speed     int
		connector string
		want      string
	}{
		{800, "OSFP", "800gbase-x-osfp"},
		{800, "QSFP-DD", "800gbase-x-qsfpdd"},
		{400, "QSFP-DD", "400gbase-x-qsfpdd"},
		{400, "OSFP", "400gbase-x-osfp"},
		{10, "RJ45", "10gbase-t"},
		{10, "SFP28", "10gbase-x-sfpp"},
		{1, "RJ45", "1000base-t"},
		{7, "", "other"},
	}
	for _, tc := range tests {
		if got := InterfaceTypeFor(tc.speed, tc.connector); got != tc.want {
			t.Errorf("InterfaceTypeFor(%d, %q) = %q, want %q", tc.speed, tc.connector, got, tc.want)
		}
	}
}
