package provider

import (
	"context"
	"reflect"
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/netfabric-io/terraform-provider-hedgehog/internal/inventory"
	"github.com/netfabric-io/terraform-provider-hedgehog/internal/planner"
)

// idsWant is a leaf with two ports, one cabled to a server.
func idsWant() inventory.Want {
	return inventory.Want{
		Devices:    []string{"leaf-01"},
		Interfaces: []inventory.Interface{{Device: "leaf-01", Name: "E1/1"}, {Device: "leaf-01", Name: "E1/2"}},
		Cables:     []inventory.Cable{{A: "srv-01:eth0", B: "leaf-01:E1/1"}},
	}
}

func idsRecord() inventory.Recorded {
	rec := inventory.NewRecorded()
	rec.Devices["leaf-01"] = 10
	rec.Interfaces["leaf-01:E1/1"] = 20
	rec.Interfaces["leaf-01:E1/2"] = 21
	rec.Cables["srv-01:eth0"] = 30
	rec.CableEnds["srv-01:eth0"] = "leaf-01:E1/1"
	return rec
}

func int64Elems(m types.Map) map[string]attr.Value { return m.Elements() }

func TestPlannedIDs(t *testing.T) {
	grown := idsWant()
	grown.Devices = append(grown.Devices, "leaf-02")
	grown.Interfaces = append(grown.Interfaces, inventory.Interface{Device: "leaf-02", Name: "E1/1"})
	grown.Cables = append(grown.Cables, inventory.Cable{A: "srv-02:eth0", B: "leaf-02:E1/1"})
	recabled := idsWant()
	recabled.Cables[0].B = "leaf-01:E1/2"
	replacedLeaf := idsWant()
	replacedLeaf.Devices = []string{"leaf-02"}
	replacedLeaf.Interfaces = []inventory.Interface{{Device: "leaf-02", Name: "E1/1"}}
	replacedLeaf.Cables[0].B = "leaf-02:E1/1"

	cases := []struct {
		name          string
		mode          netBoxMode
		want          inventory.Want
		have          inventory.Recorded
		wholeUnknown  bool
		known         map[string]int64 // per key of any map: its known ID
		unknown       []string         // keys planned as unknown
		emptyMapsOnly bool
	}{
		{name: "provider not configured yet", mode: modeUnknown, want: idsWant(), have: inventory.NewRecorded(), wholeUnknown: true},
		{name: "offline", mode: modeOffline, want: idsWant(), have: idsRecord(), emptyMapsOnly: true},
		{name: "nothing exists yet", mode: modeOnline, want: idsWant(), have: inventory.NewRecorded(), wholeUnknown: true},
		{name: "unchanged", mode: modeOnline, want: idsWant(), have: idsRecord(),
			known: map[string]int64{"leaf-01": 10, "leaf-01:E1/1": 20, "leaf-01:E1/2": 21, "srv-01:eth0": 30}},
		{name: "grown", mode: modeOnline, want: grown, have: idsRecord(),
			known:   map[string]int64{"leaf-01": 10, "srv-01:eth0": 30},
			unknown: []string{"leaf-02", "leaf-02:E1/1", "srv-02:eth0"}},
		{name: "a cable moved to another port keeps its ID", mode: modeOnline, want: recabled, have: idsRecord(),
			known: map[string]int64{"leaf-01": 10, "srv-01:eth0": 30}},
		{name: "a cable whose switch is replaced is new", mode: modeOnline, want: replacedLeaf, have: idsRecord(),
			unknown: []string{"leaf-02", "leaf-02:E1/1", "srv-01:eth0"}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			ids := plannedIDs(tc.mode, tc.want, tc.have)
			maps := []types.Map{ids.Devices, ids.Interfaces, ids.Cables}
			if tc.wholeUnknown {
				for _, m := range maps {
					if !m.IsUnknown() {
						t.Fatalf("want every ID map unknown, got %v", m)
					}
				}
				return
			}
			if tc.emptyMapsOnly {
				for _, m := range maps {
					if m.IsUnknown() || len(m.Elements()) != 0 {
						t.Fatalf("offline: want empty known maps, got %v", m)
					}
				}
				return
			}
			all := map[string]attr.Value{}
			for _, m := range maps {
				for k, v := range int64Elems(m) {
					all[k] = v
				}
			}
			for k, id := range tc.known {
				if v, ok := all[k].(types.Int64); !ok || v.IsUnknown() || v.ValueInt64() != id {
					t.Errorf("%s: want known ID %d, got %v", k, id, all[k])
				}
			}
			for _, k := range tc.unknown {
				if v, ok := all[k]; !ok || !v.IsUnknown() {
					t.Errorf("%s: want unknown, got %v", k, v)
				}
			}
		})
	}
}

func TestAppliedIDsAndRecordedRoundTrip(t *testing.T) {
	ctx := context.Background()
	want := idsWant()
	rec := idsRecord()
	rec.Devices["stale-leaf"] = 99 // recorded but no longer wanted
	rec.Drifted["leaf-01"] = "status: planned -> active"

	ok := appliedIDs(want, rec, true)
	if _, found := ok.Devices.Elements()["stale-leaf"]; found {
		t.Error("a successful apply keeps only wanted keys, but stale-leaf is in device_ids")
	}
	failed := appliedIDs(want, rec, false)
	if _, found := failed.Devices.Elements()["stale-leaf"]; !found {
		t.Error("a failed apply keeps everything the record holds, but stale-leaf is missing")
	}
	if got := failed.Drift.Elements()["leaf-01"]; got != types.StringValue("status: planned -> active") {
		t.Errorf("drift: got %v", got)
	}

	links := []planner.Link{{ADevice: "srv-01", APort: "eth0", BDevice: "leaf-01", BPort: "E1/1"}}
	back := recorded(ctx, rec.Fields, failed, allocationValue(links), []string{"leaf-01:E1/2"})
	for name, pair := range map[string][2]any{
		"devices":    {back.Devices, rec.Devices},
		"interfaces": {back.Interfaces, rec.Interfaces},
		"cables":     {back.Cables, rec.Cables},
		"cable ends": {back.CableEnds, rec.CableEnds},
		"drift":      {back.Drifted, rec.Drifted},
	} {
		if !reflect.DeepEqual(pair[0], pair[1]) {
			t.Errorf("%s: state -> record lost something: got %v, want %v", name, pair[0], pair[1])
		}
	}
	if !back.Created["leaf-01:E1/2"] || len(back.Created) != 1 {
		t.Errorf("created interfaces: got %v", back.Created)
	}
}

func TestRecordedIgnoresUnknownAndNullIDs(t *testing.T) {
	ids := classIDs{
		Devices:    types.MapUnknown(types.Int64Type),
		Interfaces: types.MapNull(types.Int64Type),
		Cables:     types.MapValueMust(types.Int64Type, map[string]attr.Value{"a:1": types.Int64Unknown(), "b:1": types.Int64Value(7)}),
		Drift:      types.MapNull(types.StringType),
	}
	rec := recorded(context.Background(), inventory.Fields{}, ids, types.MapNull(types.StringType), nil)
	if len(rec.Devices) != 0 || len(rec.Interfaces) != 0 || !reflect.DeepEqual(rec.Cables, map[string]int64{"b:1": 7}) {
		t.Errorf("got devices %v, interfaces %v, cables %v", rec.Devices, rec.Interfaces, rec.Cables)
	}
}

func TestMissingIDs(t *testing.T) {
	rec := idsRecord()
	delete(rec.Interfaces, "leaf-01:E1/2")
	delete(rec.Cables, "srv-01:eth0")
	got := missingIDs(idsWant(), rec)
	want := []string{"interface leaf-01:E1/2", "cable srv-01:eth0"}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("got %v, want %v", got, want)
	}
	if got := missingIDs(idsWant(), idsRecord()); len(got) != 0 {
		t.Errorf("complete record: got %v", got)
	}
}

func TestImportedIDsKeepOnlyTheInterfacesTheDesignUses(t *testing.T) {
	found := idsRecord()
	found.Interfaces["leaf-01:E1/3"] = 22 // from the device type's templates, unused
	found.Cables["srv-09:eth0"] = 31      // a cable the design no longer wants stays, for apply to delete
	ids := importedIDs(idsWant(), found)
	if _, ok := ids.Interfaces.Elements()["leaf-01:E1/3"]; ok {
		t.Error("an interface the design does not use must not enter state")
	}
	if _, ok := ids.Cables.Elements()["srv-09:eth0"]; !ok {
		t.Error("a cable found on import must enter state so that the next apply deletes it")
	}
	if len(ids.Interfaces.Elements()) != 2 {
		t.Errorf("interfaces: got %v", ids.Interfaces)
	}
}
