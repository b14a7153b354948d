package provider

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"strconv"
	"strings"
	"testing"

	tfjson "github.com/hashicorp/terraform-json"
)

// Every guide under docs/guides/ that shows a configuration shows one of examples/guides/
// (templates/guides/*.md.tmpl include it with tffile). Each is planned here offline, as a user
// plans it, and the numbers and lines its guide quotes are checked against that plan.
var guideChecks = map[string]func(t *testing.T, p *tfjson.Plan){
	"servers-and-nics": func(t *testing.T, p *tfjson.Plan) {
		wantOutput(t, p, "switches", map[string]any{"leaf": 2.0, "spine": 1.0})
		ifaces, _ := guideOutput(t, p, "server_interfaces").(map[string]any)
		wantEqual(t, "gpu interfaces", ifaces["gpu"], []any{"bmc-p0", "fe-p0", "fe-p1"})
		wantEqual(t, "storage interfaces", ifaces["storage"], []any{"bmc-p0", "data-p0", "data-p1"})
		wantCables(t, p, "leaf_cables", map[string]string{
			"gpu-001:fe-p0": "leaf-01:E1/1/1", "gpu-001:fe-p1": "leaf-02:E1/1/1", "gpu-005:fe-p0": "leaf-01:E1/2/1",
			"storage-001:data-p0": "leaf-01:E1/5/1", "storage-002:data-p0": "leaf-01:E1/5/2",
			"storage-003:data-p0": "leaf-02:E1/5/1", "storage-004:data-p0": "leaf-02:E1/5/2", "storage-001:data-p1": "",
		})
	},
	"zones": func(t *testing.T, p *tfjson.Plan) {
		wantOutput(t, p, "leaf_summary",
			"2 x celestica-ds3000 server-leaf (frontend); lanes used: storage 20/32, compute 12/16, uplinks 16/16")
		wantOutput(t, p, "leaf_binding_zone", "storage")
		wantCables(t, p, "leaf_cables", map[string]string{
			"compute-001:fe-p0": "leaf-01:E1/1", "compute-001:fe-p1": "leaf-02:E1/1", "compute-002:fe-p0": "leaf-01:E1/5",
			"compute-002:fe-p1": "leaf-02:E1/5", "compute-003:fe-p0": "leaf-01:E1/2", "compute-003:fe-p1": "leaf-02:E1/2", "storage-001:fe-p0": "leaf-01:E1/9/1", "storage-001:fe-p1": "leaf-01:E1/9/2",
			"storage-003:fe-p0": "leaf-01:E1/11/1", "storage-006:fe-p0": "leaf-02:E1/9/1",
		})
		wantCables(t, p, "edge_cables", map[string]string{
			"edge-001:fe-p0": "edge-01:E1/1", "edge-001:fe-p1": "edge-02:E1/1",
			"edge-01:E1/31": "edge-02:E1/31", "edge-01:E1/32": "edge-02:E1/32",
		})
		wantReason(t, p, "hedgehog_switch_class.leaf",
			`2 = ceil(20 server ports / 16 per switch) on zone "storage"; zone "compute" needs 2; room for 6 more "storage" servers`)
	},
	"oob-management": func(t *testing.T, p *tfjson.Plan) {
		wantOutput(t, p, "oob_reason", `2 = ceil(50 server ports / 48 per switch) on zone "bmc"; room for 46 more "gpu" servers`)
		wantCables(t, p, "oob_uplinks", map[string]string{
			"oob-01:E1/49": "leaf-01:E1/29/1", "oob-01:E1/50": "leaf-02:E1/29/1",
			"oob-02:E1/49": "leaf-03:E1/29/1", "oob-02:E1/50": "leaf-04:E1/29/1",
		})
		wantOutput(t, p, "wiring_frontend_objects", map[string]any{"switches": 5.0, "servers": 52.0})
		wantQuantity(t, p, "hedgehog_switch_class.leaf", 4)
	},
	"rail-optimized": func(t *testing.T, p *tfjson.Plan) {
		wantOutput(t, p, "rail_leaves", map[string]any{"packed": 4.0, "rail-per-leaf": 8.0})
		rails, _ := guideOutput(t, p, "rails_of_first_server").(map[string]any)
		var packed, perLeaf []any
		for r := range 8 {
			packed = append(packed, "leaf-packed-0"+string(rune('1'+r/2)))
			perLeaf = append(perLeaf, "leaf-rail-per-leaf-0"+string(rune('1'+r)))
		}
		wantEqual(t, "rails of gpu-packed-001", rails["packed"], packed)
		wantEqual(t, "rails of gpu-rail-per-leaf-001", rails["rail-per-leaf"], perLeaf)
		wantReason(t, p, `hedgehog_switch_class.rail_leaf["packed"]`,
			`4 = ceil(128 server ports / 36 per switch) on zone "servers"; room for 2 more "gpu-packed" servers`)
		wantReason(t, p, `hedgehog_switch_class.rail_leaf["rail-per-leaf"]`,
			`8 = ceil(128 server ports / 18 per switch) on zone "servers"; room for 2 more "gpu-rail-per-leaf" servers`)
		wantQuantity(t, p, "hedgehog_switch_class.spine", 2)
	},
	"eslag-and-bundles": func(t *testing.T, p *tfjson.Plan) {
		wantOutput(t, p, "connections_by_kind", map[string]any{"bundled": 4.0, "eslag": 8.0, "fabric": 2.0, "unbundled": 2.0})
		wantYAML(t, p, "wiring",
			"kind: Connection\nmetadata:\n  name: compute-001--eslag--leaf-01--leaf-02\n  namespace: default\nspec:\n  eslag:\n"+
				"    links:\n      - server:\n          port: compute-001/fe-p0\n        switch:\n          port: leaf-01/E1/1\n"+
				"      - server:\n          port: compute-001/fe-p1\n        switch:\n          port: leaf-02/E1/1\n",
			"kind: Connection\nmetadata:\n  name: storage-001--bundled--leaf-01\n  namespace: default\nspec:\n  bundled:\n"+
				"    links:\n      - server:\n          port: storage-001/fe-p0\n        switch:\n          port: leaf-01/E1/10\n"+
				"      - server:\n          port: storage-001/fe-p1\n        switch:\n          port: leaf-01/E1/11\n",
			"kind: SwitchGroup\nmetadata:\n  name: leaf-eslag\n",
			"  groups:\n    - leaf-eslag\n  redundancy:\n    group: leaf-eslag\n    type: eslag\n")
	},
	"netbox-apply": func(t *testing.T, p *tfjson.Plan) {
		wantOutput(t, p, "plan_tag", "hedgehog-plan-pod1")
		wantOutput(t, p, "netbox_objects", map[string]any{"devices": 19.0, "cables": 48.0})
		wantQuantity(t, p, "hedgehog_switch_class.leaf", 2)
		wantQuantity(t, p, "hedgehog_switch_class.spine", 1)
	},
	"hhfab-wiring": func(t *testing.T, p *tfjson.Plan) {
		want := map[string]any{"switches": 3.0, "servers": 8.0, "connections": 18.0, "unbundled": 16.0, "fabric": 2.0}
		wantOutput(t, p, "wiring_objects", map[string]any{"frontend": want, "backend": want})
		wantYAML(t, p, "wiring_frontend",
			"kind: Connection\nmetadata:\n  name: gpu-001--unbundled--frontend-leaf-01\n  namespace: default\nspec:\n"+
				"  unbundled:\n    link:\n      server:\n        port: gpu-001/fe-p0\n      switch:\n        port: frontend-leaf-01/E1/1\n",
			"kind: Connection\nmetadata:\n  name: frontend-spine-01--fabric--frontend-leaf-01\n",
			"kind: VLANNamespace\nmetadata:\n  name: default\n  namespace: default\nspec:\n  ranges:\n    - from: 1000\n      to: 2999\n",
			"kind: Switch\nmetadata:\n  name: frontend-leaf-01\n  namespace: default\nspec:\n  role: server-leaf\n  profile: celestica-ds3000\n"+
				"  boot:\n    serial: DS3K-1001\n    mac: 0c:29:ef:10:00:01\n")
		wantYAML(t, p, "wiring_backend", "kind: Connection\nmetadata:\n  name: gpu-001--unbundled--backend-leaf-01\n",
			"        port: gpu-001/be-p1\n      switch:\n        port: backend-leaf-02/E1/1/1\n")
	},
	"media-and-optics": func(t *testing.T, p *tfjson.Plan) {
		wantQuantity(t, p, "hedgehog_switch_class.leaf", 2)
		wantQuantity(t, p, "hedgehog_switch_class.spine", 1)
		wantQuantity(t, p, "hedgehog_switch_class.rail_leaf", 1)
		// The whole purchase list, as the guide quotes it.
		wantOutput(t, p, "bom_csv", `category,part,quantity,notes
switch,celestica-ds5000,4,classes: leaf rail-leaf spine
server,control,2,classes: control
server,gpu-osfp,4,classes: gpu-osfp
server,gpu-qsfp112,4,classes: gpu-qsfp112
server,storage,4,classes: storage
nic,ConnectX-7 2x200G QSFP112,8,classes: gpu-osfp gpu-qsfp112
transceiver,OSFP-400G-DR4,8,"switch side 0, server side 8"
transceiver,OSFP-800G-2xDR4,8,"switch side 8, server side 0"
transceiver,OSFP-800G-DR8,18,"switch side 18, server side 0"
transceiver,QSFP112-400G-DR4,8,"switch side 0, server side 8"
transceiver,QSFP28-100G-DR,4,"switch side 0, server side 4"
cable,AOC-OSFP-800G-to-4xQSFP112,4,"16 links, 4 lanes per cable at most"
cable,DAC-OSFP-800G-to-4xQSFP56,2,"8 links, 4 lanes per cable at most"
cable,MPO-12 SMF fibre,16,16 links
cable,MPO-16 SMF fibre,8,8 links
cable,MPO-16-to-8xLC duplex SMF breakout fibre,2,"4 links, 2 lanes per cable at most"
`)
		sums := map[string]int{}
		for _, l := range strings.Split(strings.TrimSpace(guideOutput(t, p, "bom_csv").(string)), "\n")[1:] {
			f := strings.Split(l, ",")
			n, _ := strconv.Atoi(f[2])
			sums[f[0]] += n
		}
		wantEqual(t, "bom_csv units by category", sums, map[string]int{"switch": 4, "server": 14, "nic": 8, "transceiver": 46, "cable": 32})
		zones, _ := after(t, p, "hedgehog_switch_class.leaf")["zones"].(map[string]any)
		fabric, _ := after(t, p, "hedgehog_switch_class.spine")["zones"].(map[string]any)
		wantEqual(t, "storage cable_length", zones["storage"].(map[string]any)["cable_length"], 3.0)
		wantEqual(t, "leaf-spine cable_length", fabric["leaves"].(map[string]any)["cable_length"], 30.0)
		wantOutput(t, p, "links", map[string]any{"total": 52.0,
			"by_fabric": map[string]any{"backend": 16.0, "frontend": 36.0},
			"by_speed":  map[string]any{"100G": 4.0, "200G": 24.0, "400G": 16.0, "800G": 8.0}})
		// The schedule: 52 rows after the header, walked switch by switch (14 + 14 + 16 + 8),
		// and the rows the guide quotes, in that order.
		text, _ := guideOutput(t, p, "cabling_csv").(string)
		lines := strings.Split(strings.TrimSuffix(text, "\n"), "\n")
		perSwitch := map[string]int{}
		var walk []string
		for _, l := range lines[1:] {
			b := strings.Split(l, ",")[6]
			if perSwitch[b]++; len(walk) == 0 || walk[len(walk)-1] != b {
				walk = append(walk, b)
			}
		}
		wantEqual(t, "cabling_csv rows", len(lines)-1, 52)
		wantEqual(t, "cabling_csv switches in order", walk, []string{"leaf-01", "leaf-02", "rail-leaf-01", "spine-01"})
		wantEqual(t, "cabling_csv rows per switch", perSwitch, map[string]int{"leaf-01": 14, "leaf-02": 14, "rail-leaf-01": 16, "spine-01": 8})
		quoted := []string{
			"label,fabric,zone,a_device,a_port,a_optic,b_device,b_port,b_optic,speed,medium,cable",
			"gpu-osfp-001:fe-p0--leaf-01:E1/1/1,frontend,gpu,gpu-osfp-001,fe-p0,,leaf-01,E1/1/1,,200G,aoc,AOC-OSFP-800G-to-4xQSFP112",
			"gpu-osfp-002:fe-p0--leaf-01:E1/1/2,frontend,gpu,gpu-osfp-002,fe-p0,,leaf-01,E1/1/2,,200G,aoc,AOC-OSFP-800G-to-4xQSFP112",
			"storage-001:fe-p0--leaf-01:E1/5/1,frontend,storage,storage-001,fe-p0,,leaf-01,E1/5/1,,200G,dac,DAC-OSFP-800G-to-4xQSFP56",
			"control-001:fe-p0--leaf-01:E1/9/1,frontend,control,control-001,fe-p0,QSFP28-100G-DR,leaf-01,E1/9/1,OSFP-800G-DR8,100G,smf,MPO-16-to-8xLC duplex SMF breakout fibre",
			"control-002:fe-p0--leaf-01:E1/9/2,frontend,control,control-002,fe-p0,QSFP28-100G-DR,leaf-01,E1/9/2,OSFP-800G-DR8,100G,smf,MPO-16-to-8xLC duplex SMF breakout fibre",
			"gpu-osfp-001:be-p0--rail-leaf-01:E1/1/1,backend,servers,gpu-osfp-001,be-p0,OSFP-400G-DR4,rail-leaf-01,E1/1/1,OSFP-800G-2xDR4,400G,smf,MPO-12 SMF fibre",
			"gpu-qsfp112-001:be-p0--rail-leaf-01:E1/5/1,backend,servers,gpu-qsfp112-001,be-p0,QSFP112-400G-DR4,rail-leaf-01,E1/5/1,OSFP-800G-2xDR4,400G,smf,MPO-12 SMF fibre",
			"leaf-01:E1/61--spine-01:E1/1,frontend,leaves,leaf-01,E1/61,OSFP-800G-DR8,spine-01,E1/1,OSFP-800G-DR8,800G,smf,MPO-16 SMF fibre",
		}
		at := -1
		for _, q := range quoted {
			i := slices.Index(lines, q)
			if i <= at {
				t.Errorf("cabling_csv lacks %q after line %d:\n%s", q, at, text)
				continue
			}
			at = i
		}
		wantEqual(t, "first schedule row", lines[1], quoted[1])
		// One ID per row, keyed by label; offline they are null.
		ids, _ := guideOutput(t, p, "cable_id_by_label").(map[string]any)
		wantEqual(t, "cable_id_by_label rows", len(ids), 52)
		for _, k := range []string{"gpu-osfp-001:fe-p0--leaf-01:E1/1/1", "gpu-osfp-001:be-p0--rail-leaf-01:E1/1/1", "leaf-01:E1/61--spine-01:E1/1"} {
			if id, ok := ids[k]; !ok || id != nil {
				t.Errorf("cable_id_by_label[%q] = %v, %v; want null offline", k, id, ok)
			}
		}
	},
	"ci-rollout": func(t *testing.T, p *tfjson.Plan) {
		wantOutput(t, p, "summary", map[string]any{
			"leaf": "3 x celestica-ds3000 server-leaf (frontend); lanes used: servers 64/72, uplinks 24/24; " +
				"cables: 64 added, 0 removed, 0 moved",
			"spine": "1 x celestica-ds3000 spine (frontend); lanes used: leaves 24/32; 8 links per leaf-spine pair; " +
				"cables: 24 added, 0 removed, 0 moved",
		})
		bom, _ := guideOutput(t, p, "bom_csv").(string)
		for _, row := range []string{"switch,celestica-ds3000,4,", "server,compute-2x100g,24,", "cable,MPO-12 MMF fibre,64,",
			"cable,DAC-QSFP28-100G,24,",
			`transceiver,QSFP28-100G-SR4,128,"switch side 64, server side 64"`} {
			if !strings.Contains(bom, "\n"+row) {
				t.Errorf("bom_csv lacks a row %q:\n%s", row, bom)
			}
		}
		if m, _ := guideOutput(t, p, "diagram_mermaid").(string); !strings.Contains(m, "ci-pod · 4 switches · 32 servers · 88 links") {
			t.Errorf("diagram_mermaid:\n%s", m)
		}
		if svg, _ := guideOutput(t, p, "diagram_svg").(string); !strings.Contains(svg, "<svg") {
			t.Errorf("diagram_svg starts %.40q", svg)
		}
	},
}

// TestExamplesGuides plans every directory of examples/guides/ offline with Terraform 1.5.7 and
// the provider built from this checkout: the plan succeeds, every output is known during plan,
// and what the guide quotes holds.
func TestExamplesGuides(t *testing.T) {
	dirs, err := os.ReadDir(filepath.Join("..", "..", "examples", "guides"))
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, d := range dirs {
		if d.IsDir() {
			names = append(names, d.Name())
		}
	}
	for name := range guideChecks {
		if !slices.Contains(names, name) {
			t.Errorf("examples/guides/%s is checked but does not exist", name)
		}
	}
	for _, name := range names {
		check, ok := guideChecks[name]
		if !ok {
			t.Errorf("examples/guides/%s has no row in guideChecks: add what its guide states", name)
			continue
		}
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			tf := exampleTerraform(t, "examples/guides/"+name, map[string]string{EnvNetBoxURL: "", EnvNetBoxToken: ""})
			plan, _, _ := planExample(t, tf)
			for out, oc := range plan.OutputChanges {
				if oc.AfterUnknown != false {
					t.Errorf("output %s is not known during plan: %v", out, oc.AfterUnknown)
				}
			}
			check(t, plan)
		})
	}
}

// TestExamplesGuidesMediaError: the media and optics guide's example with medium = "mmf" on its
// storage zone fails with the error the guide quotes (QSFP56 200G optics do not pair with the
// switch's 4 x 200G SR8).
func TestExamplesGuidesMediaError(t *testing.T) {
	t.Parallel()
	tf := exampleTerraform(t, "examples/guides/media-and-optics", map[string]string{EnvNetBoxURL: "", EnvNetBoxToken: ""})
	file := filepath.Join(tf.WorkingDir(), "main.tf")
	b, err := os.ReadFile(file)
	if err != nil {
		t.Fatal(err)
	}
	const dac = `      medium       = "dac"`
	if strings.Count(string(b), dac) != 1 {
		t.Fatalf("main.tf has no single %q", dac)
	}
	writeFiles(t, tf.WorkingDir(), map[string]string{"main.tf": strings.Replace(string(b), dac, `      medium       = "mmf"`, 1)})
	_, err = tf.Plan(context.Background())
	// The title, then (after the resource and line) the body.
	want := []string{"Error: Optics that do not pair", `Attribute zones["storage"].medium: connection "fe" of server class "storage"
(QSFP56 cage, 200G) takes QSFP56-200G-SR4, whose legs speak 200GBASE-SR4, and
zone "storage" of switch class "leaf" (OSFP cage, 4x200G) takes
OSFP-800G-SR8, which speaks 200G-SR2: they do not link over one fibre. Name
optics that pair in connections["fe"].transceiver of server class "storage"
and zones["storage"].transceiver, or choose another medium.`}
	got := strings.Join(strings.Fields(fmt.Sprint(err)), " ")
	for _, w := range want {
		if !strings.Contains(got, strings.Join(strings.Fields(w), " ")) {
			t.Errorf("plan with an mmf storage zone: %v\nwant in the error\n%s", err, w)
		}
	}
}

func guideOutput(t *testing.T, p *tfjson.Plan, name string) any {
	t.Helper()
	oc, ok := p.OutputChanges[name]
	if !ok {
		t.Fatalf("the plan has no output %s", name)
	}
	return oc.After
}

func wantOutput(t *testing.T, p *tfjson.Plan, name string, want any) {
	t.Helper()
	wantEqual(t, "output "+name, guideOutput(t, p, name), want)
}

func wantEqual(t *testing.T, what string, got, want any) {
	t.Helper()
	if !reflect.DeepEqual(got, want) {
		t.Errorf("%s = %#v, want %#v", what, got, want)
	}
}

// wantCables checks entries of a map output "a" = "b"; "" wants the key absent.
func wantCables(t *testing.T, p *tfjson.Plan, name string, want map[string]string) {
	t.Helper()
	got, _ := guideOutput(t, p, name).(map[string]any)
	for a, b := range want {
		v, ok := got[a]
		switch {
		case b == "" && ok:
			t.Errorf("output %s has %s = %v, want no such cable", name, a, v)
		case b != "" && v != b:
			t.Errorf("output %s: %s = %v, want %s", name, a, v, b)
		}
	}
}

func wantReason(t *testing.T, p *tfjson.Plan, addr, want string) {
	t.Helper()
	calc, _ := after(t, p, addr)["calculation"].(map[string]any)
	if calc["reason"] != want {
		t.Errorf("%s calculation.reason = %q, want %q", addr, calc["reason"], want)
	}
}

func wantQuantity(t *testing.T, p *tfjson.Plan, addr string, want float64) {
	t.Helper()
	if got := after(t, p, addr)["effective_quantity"]; got != want {
		t.Errorf("%s effective_quantity = %v, want %v", addr, got, want)
	}
}

func wantYAML(t *testing.T, p *tfjson.Plan, name string, fragments ...string) {
	t.Helper()
	yaml, _ := guideOutput(t, p, name).(string)
	for _, f := range fragments {
		if !strings.Contains(yaml, f) {
			t.Errorf("output %s lacks:\n%s", name, f)
		}
	}
}
