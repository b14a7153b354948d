package bom

import (
	"encoding/csv"
	"reflect"
	"strings"
	"testing"

	"github.com/netfabric-io/terraform-provider-hedgehog/internal/planner"
	"github.com/netfabric-io/terraform-provider-hedgehog/internal/planner/plantest"
)

// referenceBOM is SPEC §10 with the example's device types and transceivers.
func referenceBOM(t *testing.T) BOM {
	t.Helper()
	ref, err := plantest.PlanReference(planner.PlanContext{Name: "ai", Site: "dc1", DeviceStatus: "planned"}, 1)
	if err != nil {
		t.Fatal(err)
	}
	optics := map[string]map[string]string{
		"fe-gpu-leaf": {"servers": "OSFP-800G-DR8", "uplinks": "OSFP-800G-2xDR4"},
		"fe-spine":    {"fabric": "OSFP-800G-2xDR4"},
	}
	var switches []SwitchClass
	for _, name := range ref.Order {
		switches = append(switches, SwitchClass{Input: ref.SwitchClasses[name], Plan: ref.Switches[name], Transceivers: optics[name]})
	}
	deviceType := map[string]string{"gpu-fe-only": "gpu-server-fe", "gpu-with-backend": "gpu-server-fe-be", "storage": "storage-server",
		"admin-node": "admin-server", "host-lfm-ctrl": "control-server", "hh-fe-ctrl": "control-server",
		"hh-be-ctrl": "control-server", "exo-kube": "control-server", "hhg": "gateway-server"}
	var servers []ServerClass
	for name, sc := range ref.ServerClasses {
		s := ServerClass{Name: name, DeviceType: deviceType[name], Quantity: sc.Quantity}
		if name == "gpu-fe-only" || name == "gpu-with-backend" {
			s.Transceivers = map[string]string{"fe": "QSFP56-200G-SR4"}
		}
		servers = append(servers, s)
	}
	return Build(switches, servers)
}

func TestReferenceBOM(t *testing.T) {
	b := referenceBOM(t)
	want := BOM{
		Switches: map[string]int{"celestica-ds5000": 14, "celestica-ds3000": 2, "es1000-48": 4},
		Servers: map[string]int{"gpu-server-fe": 96, "gpu-server-fe-be": 32, "storage-server": 18, "admin-server": 1,
			"control-server": 6, "gateway-server": 2},
		// Switch side: the 64 fe-gpu-leaf server ports (2 leaves x 32 ports, all in use); 64 leaf
		// uplink ports plus 128 spine fabric ports. Server side: 96 + 32 servers x 2 fe ports.
		Transceivers:           map[string]int{"OSFP-800G-DR8": 64, "OSFP-800G-2xDR4": 192, "QSFP56-200G-SR4": 256},
		SwitchSideTransceivers: map[string]int{"OSFP-800G-DR8": 64, "OSFP-800G-2xDR4": 192},
		// 1017 links: 200G 192+64+36+4, 400G rails 256, 100G 12 servers + 32 border uplinks,
		// 25G admin 2 + OOB uplinks 8, 1G BMC 155, 800G leaf-spine 128+128.
		CablesBySpeed:  map[string]int{"200G": 296, "400G": 256, "100G": 44, "25G": 10, "1G": 155, "800G": 256},
		CablesByFabric: map[string]int{"frontend": 478, "backend": 384, "oob-mgmt": 155},
		// 4x200g: 64 gpu-leaf ports, 2 x 5 storage-leaf ports (18 lanes each), 4 spine port-1s;
		// 8x100g: port 64 of 4 spines; 4x25g: 2 ports on each border leaf (5 lanes);
		// 2x400g: 4 rail leaves x 32 ports.
		BreakoutCables: map[string]int{"4x200g": 78, "8x100g": 4, "4x25g": 4, "2x400g": 128},
	}
	got := b
	got.classes = nil
	if !reflect.DeepEqual(got, want) {
		t.Errorf("BOM\n%+v\nwant\n%+v", got, want)
	}
	total := 0
	for _, n := range b.CablesBySpeed {
		total += n
	}
	if total != 1017 {
		t.Errorf("%d cables, want 1017", total)
	}
}

func TestBOMCSV(t *testing.T) {
	text := referenceBOM(t).CSV()
	rows, err := csv.NewReader(strings.NewReader(text)).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(rows[0], []string{"category", "item", "quantity", "notes"}) {
		t.Errorf("header %v", rows[0])
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
	has("server", "control-server", "6")
	has("transceiver", "OSFP-800G-2xDR4", "192", "switch side 192, server side 0")
	has("transceiver", "QSFP56-200G-SR4", "256", "switch side 0, server side 256")
	has("cable", "1G", "155")
	has("cable by fabric", "backend", "384")
	has("breakout cable", "2x400g", "128")
	if referenceBOM(t).CSV() != text {
		t.Error("the CSV differs between two runs")
	}
}
