package bom

import (
	"encoding/csv"
	"reflect"
	"strconv"
	"strings"
	"testing"

	"github.com/netfabric-io/terraform-provider-hedgehog/internal/planner"
	"github.com/netfabric-io/terraform-provider-hedgehog/internal/planner/plantest"
)

// deviceTypes are the example's server device types by class.
var deviceTypes = map[string]string{"gpu-fe-only": "gpu-server-fe", "gpu-with-backend": "gpu-server-fe-be", "storage": "storage-server",
	"admin-node": "admin-server", "host-lfm-ctrl": "control-server", "hh-fe-ctrl": "control-server",
	"hh-be-ctrl": "control-server", "exo-kube": "control-server", "hhg": "gateway-server"}

// referenceBOM is SPEC §10 with the example's device types and media (plantest.ExampleMedia).
func referenceBOM(t *testing.T) BOM {
	t.Helper()
	ref, err := plantest.PlanReferenceWithMedia(planner.PlanContext{Name: "ai", Site: "dc1", DeviceStatus: "planned"}, 1)
	if err != nil {
		t.Fatal(err)
	}
	switches := switchClassesOf(ref)
	var servers []ServerClass
	for name, sc := range ref.ServerClasses {
		servers = append(servers, ServerClass{Name: name, DeviceType: deviceTypes[name], Quantity: sc.Quantity, NICs: sc.NICs})
	}
	return Build(switches, servers)
}

// switchClassesOf is a planned design's switch classes in the order they were planned.
func switchClassesOf(ref *plantest.Design) []SwitchClass {
	var out []SwitchClass
	for _, name := range ref.Order {
		out = append(out, SwitchClass{Input: ref.SwitchClasses[name], Plan: ref.Switches[name]})
	}
	return out
}

// TestReferenceBOM derives SPEC §10's bill of materials by hand from its 1017 links and the
// media the example declares.
func TestReferenceBOM(t *testing.T) {
	b := referenceBOM(t)
	want := map[string]map[string]int{
		"switch": {"celestica-ds5000": 14, "celestica-ds3000": 2, "es1000-48": 4},
		"server": {"gpu-server-fe": 96, "gpu-server-fe-be": 32, "storage-server": 18, "admin-server": 1,
			"control-server": 6, "gateway-server": 2},
		// One frontend card in each of the 96 + 32 GPU servers; the other NICs name no module type
		// (onboard BMC ports, and NICs the example leaves in the server's price).
		"nic": {"ConnectX-7 2x200G QSFP112": 128},
		"transceiver": {
			// 800G DR8, one per cage at each end of an SMF link on a 1x800g or 8x100g port:
			// frontend leaf-spine 128 links x 2 ends = 256; backend leaf-spine 128 x 2 = 256;
			// port 64 of each of the 4 fe-spines (8x100g to the border leaves) = 4. 516.
			"OSFP-800G-DR8": 516,
			// The rail leaves' 2x400g cages: 4 leaves x 32 ports (64 rail links each, 2 per cage).
			"OSFP-800G-2xDR4": 128,
			// The rail servers' OSFP backend NIC ports: 32 servers x 8 rails.
			"OSFP-400G-DR4": 256,
			// The border leaves' uplink ports: 2 leaves x 16.
			"QSFP28-100G-DR": 32,
		},
		"cable": {
			// 155 BMC ports to the RJ45 OOB leaves.
			"CAT6-RJ45": 155,
			// GPU servers' fe ports: (96 + 32) x 2 = 256 links on 4x200g cages, 4 per splitter.
			"AOC-OSFP-800G-to-4xQSFP112": 64,
			// hhg's 2 x 2 ports land on port 1 of each of the 4 spines, one lane each: 4 splitters.
			"AOC-OSFP-800G-to-4xQSFP56": 4,
			// Storage: 18 x 2 = 36 links, 18 on each storage leaf: 5 cages each (4+4+4+4+2).
			"DAC-OSFP-800G-to-4xQSFP56": 10,
			// Control nodes: (1 + 1 + 1 + 3) x 2 = 12 links on 1x100g ports.
			"DAC-QSFP28-100G": 12,
			// 25G on the border leaves: admin-node's 2 links and the OOB leaves' 4 x 2 uplinks, 5
			// lanes on each border leaf = 2 cages each: 4 splitters for 10 links.
			"DAC-QSFP28-100G-to-4xSFP28": 4,
			// 1x800g leaf-spine links, one MPO-16 fibre each: 128 frontend + 128 backend.
			"MPO-16 SMF fibre": 256,
			// Border uplinks: a DR8 on each spine's port 64 fans out to 8 leaf optics: 4 fibres.
			"MPO-16-to-8xLC duplex SMF breakout fibre": 4,
			// Rails: the 2xDR4 has a connector per leg, so one MPO-12 fibre per link: 256.
			"MPO-12 SMF fibre": 256,
		},
	}
	got := map[string]map[string]int{"switch": b.Switches, "server": b.Servers, "nic": b.NICs,
		"transceiver": b.Transceivers, "cable": b.Cables}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("BOM\n%v\nwant\n%v", got, want)
	}
	// The links: 155 + 256 + 4 + 36 + 12 + 10 + 256 + 32 + 256 = 1017, by speed as SPEC §10
	// counts them.
	wantLinks := Links{Total: 1017, BySpeed: map[string]int{"200G": 296, "400G": 256, "100G": 44, "25G": 10, "1G": 155, "800G": 256},
		ByFabric: map[string]int{"frontend": 478, "backend": 384, "oob-mgmt": 155}}
	if !reflect.DeepEqual(b.Links, wantLinks) {
		t.Errorf("links %+v, want %+v", b.Links, wantLinks)
	}
	if len(b.Schedule) != 1017 {
		t.Errorf("%d schedule rows, want 1017", len(b.Schedule))
	}
}

// TestBOMCSV: only purchasable parts, in category order; summing a category's quantities gives
// the units to buy.
func TestBOMCSV(t *testing.T) {
	b := referenceBOM(t)
	text := b.CSV()
	rows, err := csv.NewReader(strings.NewReader(text)).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(rows[0], []string{"category", "part", "quantity", "notes"}) {
		t.Errorf("header %v", rows[0])
	}
	sums := map[string]int{}
	order := []string{}
	for _, r := range rows[1:] {
		n, err := strconv.Atoi(r[2])
		if err != nil {
			t.Fatalf("row %v: quantity %v", r, err)
		}
		if len(order) == 0 || order[len(order)-1] != r[0] {
			order = append(order, r[0])
		}
		sums[r[0]] += n
	}
	if !reflect.DeepEqual(order, Categories) {
		t.Errorf("categories in order %v, want %v", order, Categories)
	}
	// 20 switches, 155 servers, 128 cards, 932 optics, 765 cables.
	if want := map[string]int{"switch": 20, "server": 155, "nic": 128, "transceiver": 932, "cable": 765}; !reflect.DeepEqual(sums, want) {
		t.Errorf("category sums %v, want %v", sums, want)
	}
	has := func(row ...string) {
		for _, r := range rows {
			if reflect.DeepEqual(r[:len(row)], row) {
				return
			}
		}
		t.Errorf("no row %v in\n%s", row, text)
	}
	has("switch", "celestica-ds5000", "14", "classes: be-rail-leaf be-spine fe-gpu-leaf fe-spine fe-storage-leaf")
	has("nic", "ConnectX-7 2x200G QSFP112", "128", "classes: gpu-fe-only gpu-with-backend")
	has("transceiver", "OSFP-400G-DR4", "256", "switch side 0, server side 256")
	has("transceiver", "OSFP-800G-DR8", "516", "switch side 516, server side 0")
	has("cable", "AOC-OSFP-800G-to-4xQSFP112", "64", "256 links, 4 lanes per cable at most")
	has("cable", "CAT6-RJ45", "155", "155 links")
	if referenceBOM(t).CSV() != text {
		t.Error("the CSV differs between two runs")
	}
}

// TestBOMWithoutMedia: a design that declares no medium still lists every link under a cable
// line per speed that says what to set, and counts only the transceivers it names.
func TestBOMWithoutMedia(t *testing.T) {
	ref, err := plantest.PlanReference(planner.PlanContext{Name: "ai", Site: "dc1"}, 1)
	if err != nil {
		t.Fatal(err)
	}
	b := Build(switchClassesOf(ref), nil)
	want := map[string]int{"1G link, medium not set": 155, "25G link, medium not set": 10, "100G link, medium not set": 44,
		"200G link, medium not set": 296, "400G link, medium not set": 256, "800G link, medium not set": 256}
	if !reflect.DeepEqual(b.Cables, want) || len(b.Transceivers) != 0 {
		t.Errorf("cables %v, transceivers %v", b.Cables, b.Transceivers)
	}
	if !strings.Contains(b.CSV(), `cable,"1G link, medium not set",155,155 links; set medium on their connection or zone to name the cable`) {
		t.Errorf("CSV:\n%s", b.CSV())
	}
}

// TestCablingSchedule: one row per link, labelled as in NetBox, walked switch by switch in port
// order.
func TestCablingSchedule(t *testing.T) {
	b := referenceBOM(t)
	rows := b.Schedule
	first := rows[0]
	// be-rail-leaf-01 sorts first; its port E1/1/1 carries rail 0 of gpu-with-backend-001.
	want := Row{Label: "gpu-with-backend-001:be-p0--be-rail-leaf-01:E1/1/1", Fabric: "backend", Zone: "servers",
		ADevice: "gpu-with-backend-001", APort: "be-p0", AOptic: "OSFP-400G-DR4", BDevice: "be-rail-leaf-01", BPort: "E1/1/1",
		BOptic: "OSFP-800G-2xDR4", Speed: "400G", Medium: "smf", Cable: "MPO-12 SMF fibre"}
	if first != want {
		t.Errorf("first row\n got %+v\nwant %+v", first, want)
	}
	for i := 1; i < len(rows); i++ {
		p, r := rows[i-1], rows[i]
		if p.BDevice == r.BDevice && naturalLess(r.BPort, p.BPort) {
			t.Fatalf("rows %d and %d out of port order: %s then %s", i-1, i, p.BPort, r.BPort)
		}
	}
	if !naturalLess("E1/2/1", "E1/10/1") || naturalLess("E1/10", "E1/9") || !naturalLess("leaf-09", "leaf-10") {
		t.Error("naturalLess orders ports by number")
	}
	csvRows, err := csv.NewReader(strings.NewReader(b.ScheduleCSV())).ReadAll()
	if err != nil || len(csvRows) != 1018 || !reflect.DeepEqual(csvRows[0], ScheduleColumns) {
		t.Errorf("schedule CSV: %d rows, header %v, %v", len(csvRows), csvRows[0], err)
	}
}
