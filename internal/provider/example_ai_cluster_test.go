package provider

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"maps"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/hashicorp/terraform-exec/tfexec"
	tfjson "github.com/hashicorp/terraform-json"

	"github.com/netfabric-io/terraform-provider-hedgehog/internal/netbox"
)

// The canonical design of SPEC §10 is examples/ai-cluster-128gpu, run as a user runs it:
// Terraform 1.5.7 on the example directory, with the provider built from this checkout.

var referenceQuantities = map[string]float64{
	"fe_gpu_leaf": 2, "fe_storage_leaf": 2, "fe_border_leaf": 2, "fe_spine": 4,
	"be_rail_leaf": 4, "be_spine": 2, "oob_mgmt_leaf": 4,
}

// after returns the planned values of a resource.
func after(t *testing.T, plan *tfjson.Plan, addr string) map[string]any {
	t.Helper()
	for _, rc := range plan.ResourceChanges {
		if rc.Address == addr {
			m, _ := rc.Change.After.(map[string]any)
			return m
		}
	}
	t.Fatalf("%s is not in the plan", addr)
	return nil
}

func planExample(t *testing.T, tf *tfexec.Terraform, opts ...tfexec.PlanOption) (*tfjson.Plan, string, bool) {
	t.Helper()
	ctx := context.Background()
	file := filepath.Join(t.TempDir(), "plan")
	changes, err := tf.Plan(ctx, append(opts, tfexec.Out(file))...)
	if err != nil {
		t.Fatalf("terraform plan: %v", err)
	}
	plan, err := tf.ShowPlanFile(ctx, file)
	if err != nil {
		t.Fatal(err)
	}
	return plan, file, changes
}

// checkReferencePlan checks the numbers of SPEC §10 in a plan, all known during plan.
func checkReferencePlan(t *testing.T, plan *tfjson.Plan) {
	t.Helper()
	for res, q := range referenceQuantities {
		m := after(t, plan, "hedgehog_switch_class."+res)
		if m["effective_quantity"] != q || m["calculated_quantity"] != q {
			t.Errorf("%s: quantity %v/%v, want %v", res, m["calculated_quantity"], m["effective_quantity"], q)
		}
	}
	for name, want := range map[string]float64{"cable_count": 1017, "server_count": 155} {
		if got := plan.OutputChanges[name].After; got != want {
			t.Errorf("output %s = %v, want %v", name, got, want)
		}
	}
	alloc := func(res, key string) string {
		a, _ := after(t, plan, "hedgehog_switch_class."+res)["allocation"].(map[string]any)
		s, _ := a[key].(string)
		return s
	}
	if got := alloc("fe_gpu_leaf", "gpu-fe-only-001:fe-p0"); got != "fe-gpu-leaf-01:E1/1/1" {
		t.Errorf("gpu-fe-only-001:fe-p0 -> %q", got)
	}
	if got := alloc("fe_gpu_leaf", "gpu-fe-only-001:fe-p1"); got != "fe-gpu-leaf-02:E1/1/1" {
		t.Errorf("gpu-fe-only-001:fe-p1 -> %q", got)
	}
	if got := alloc("be_rail_leaf", "gpu-with-backend-007:be-p5"); !strings.HasPrefix(got, "be-rail-leaf-03:") {
		t.Errorf("rail 5 of gpu-with-backend-007 -> %q, want be-rail-leaf-03", got)
	}
	calc, _ := after(t, plan, "hedgehog_switch_class.fe_spine")["calculation"].(map[string]any)
	if calc["binding_zone"] != "border" || calc["formula_quantity"] != float64(4) ||
		!strings.Contains(fmt.Sprint(calc["reason"]), `4 = ceil(32 uplink lanes / 8 per switch) on zone "border"; zone "fabric" needs 3`) {
		t.Errorf("fe-spine calculation %v", calc)
	}
	objects, _ := plan.OutputChanges["wiring_objects"].After.(map[string]any)
	for fabric, want := range map[string]map[string]float64{
		"frontend": {"switches": 10, "servers": 159, "connections": 342, "unbundled": 318, "fabric": 24},
		"backend":  {"switches": 6, "servers": 32, "connections": 264, "unbundled": 256, "fabric": 8},
	} {
		got, _ := objects[fabric].(map[string]any)
		for k, n := range want {
			if got[k] != n {
				t.Errorf("wiring %s: %s = %v, want %v", fabric, k, got[k], n)
			}
		}
	}
	if yaml, _ := plan.OutputChanges["wiring_frontend"].After.(string); !strings.Contains(yaml,
		"  name: fe-spine-01\n  namespace: default\nspec:\n  role: spine\n  profile: celestica-ds5000\n  boot:\n    mac: 02:51:14:70:c8:a5\n") {
		t.Errorf("the frontend wiring lacks fe-spine-01 with boot MAC 02:51:14:70:c8:a5")
	}
	bomCSV, _ := plan.OutputChanges["bom_csv"].After.(string)
	// The example's BOM is the one internal/bom derives by hand (TestReferenceBOM): each line
	// here is checked there with its reasoning.
	for _, row := range []string{"switch,celestica-ds5000,14,", "switch,celestica-ds3000,2,", "switch,es1000-48,4,",
		"server,gpu-server-fe,96,", "nic,ConnectX-7 2x200G QSFP112,128,", "transceiver,OSFP-800G-DR8,516,",
		"transceiver,OSFP-800G-2xDR4,128,", "transceiver,OSFP-400G-DR4,256,", "transceiver,QSFP28-100G-DR,32,",
		"cable,CAT6-RJ45,155,", "cable,AOC-OSFP-800G-to-4xQSFP112,64,", "cable,AOC-OSFP-800G-to-4xQSFP56,4,",
		"cable,DAC-OSFP-800G-to-4xQSFP56,10,", "cable,DAC-QSFP28-100G,12,", "cable,DAC-QSFP28-100G-to-4xSFP28,4,",
		"cable,MPO-16 SMF fibre,256,", "cable,MPO-16-to-8xLC duplex SMF breakout fibre,4,", "cable,MPO-12 SMF fibre,256,"} {
		if !strings.Contains(bomCSV, "\n"+row) {
			t.Errorf("bom_csv lacks a row %q:\n%s", row, bomCSV)
		}
	}
	if rows := strings.Count(fmt.Sprint(plan.OutputChanges["cabling_csv"].After), "\n"); rows != 1018 {
		t.Errorf("cabling_csv has %d lines, want a header and 1017 links", rows)
	}
	for _, out := range []string{"quantity_reasons", "summary"} {
		if lines, _ := plan.OutputChanges[out].After.(map[string]any); len(lines) != 7 {
			t.Errorf("%s: %v", out, plan.OutputChanges[out].After)
		}
	}
	usage, _ := after(t, plan, "hedgehog_switch_class.fe_spine")["zone_usage"].(map[string]any)
	if border, _ := usage["border"].(map[string]any); border["used"] != float64(32) {
		t.Errorf("fe-spine border zone used = %v, want 32", border["used"])
	}
}

// TestExampleAICluster128GPU plans the canonical case offline: every quantity and count is
// known during plan, and a second plan after apply is empty.
func TestExampleAICluster128GPU(t *testing.T) {
	tf := exampleTerraform(t, "examples/ai-cluster-128gpu", map[string]string{EnvNetBoxURL: "", EnvNetBoxToken: ""})
	plan, file, _ := planExample(t, tf)
	checkReferencePlan(t, plan)
	if err := tf.Apply(context.Background(), tfexec.DirOrPlan(file)); err != nil {
		t.Fatal(err)
	}
	if _, _, changes := planExample(t, tf); changes {
		t.Error("a second plan shows changes")
	}
}

// TestExampleGrowsFrontendSpines is day 2 of the example, offline: applied at 96 frontend-only
// GPU servers, then planned at 400. The frontend spines grow, so the leaves' uplinks (the
// border leaves' too) must move to the new spines: an error on fe-spine without
// allow_recabling; with it, the moves are planned, no server cable moves, every leaf reaches
// every spine, and the summary output says what moved.
func TestExampleGrowsFrontendSpines(t *testing.T) {
	ctx := context.Background()
	tf := exampleTerraform(t, "examples/ai-cluster-128gpu", map[string]string{EnvNetBoxURL: "", EnvNetBoxToken: ""})
	if err := tf.Apply(ctx); err != nil {
		t.Fatal(err)
	}
	_, err := tf.Plan(ctx, tfexec.Var("gpu_fe_only_count=400"))
	if err == nil || !strings.Contains(err.Error(), "Existing cables would move") || !strings.Contains(err.Error(), `switch class "fe-spine"`) {
		t.Fatalf("growing the spines without allow_recabling: %v", err)
	}
	plan, _, _ := planExample(t, tf, tfVars("gpu_fe_only_count", "400", "allow_recabling", "true")...)
	spine := after(t, plan, "hedgehog_switch_class.fe_spine")
	changes, _ := spine["cabling_changes"].(map[string]any)
	if spine["effective_quantity"].(float64) <= 4 || changes["moved"].(float64) == 0 {
		t.Fatalf("fe-spine: %v spines, changes %v", spine["effective_quantity"], changes)
	}
	for _, class := range []string{"fe_gpu_leaf", "fe_storage_leaf", "fe_border_leaf", "oob_mgmt_leaf"} {
		if c, _ := after(t, plan, "hedgehog_switch_class."+class)["cabling_changes"].(map[string]any); c["moved"] != float64(0) {
			t.Errorf("%s moved server cables: %v", class, c)
		}
	}
	alloc := map[string]string{}
	for a, b := range spine["allocation"].(map[string]any) {
		if strings.Contains(a, "leaf") { // the spines also cable the hhg servers
			alloc[a] = b.(string)
		}
	}
	for leaf, n := range switchesReached(alloc) {
		if float64(n) != spine["effective_quantity"] {
			t.Errorf("%s reaches %d of %v spines", leaf, n, spine["effective_quantity"])
		}
	}
	summary, _ := plan.OutputChanges["summary"].After.(map[string]any)
	if line, _ := summary["fe-spine"].(string); !strings.Contains(line, fmt.Sprintf("%.0f moved", changes["moved"])) {
		t.Errorf("summary of fe-spine: %q", line)
	}
}

// TestAccAICluster128GPU applies SPEC §10 to the local NetBox, counts what NetBox holds by the
// plan tag, plans again (empty), and destroys, after which NetBox has exactly the objects it
// had before.
func TestAccAICluster128GPU(t *testing.T) {
	nb := accNetBox(t)
	ctx := context.Background()
	const plan = "acc-128gpu"
	before := inventoryCounts(t, nb)
	tf := exampleTerraform(t, "examples/ai-cluster-128gpu", nil)
	vars := tfVars("plan_name", plan, "site", accSite, "adopt_existing_device_types", "true")
	p, file, _ := planExample(t, tf, vars...)
	checkReferencePlan(t, p)
	t.Cleanup(func() {
		destroy := make([]tfexec.DestroyOption, 0, len(vars))
		for _, v := range vars {
			destroy = append(destroy, v.(*tfexec.VarOption))
		}
		if err := tf.Destroy(ctx, destroy...); err != nil {
			t.Errorf("terraform destroy: %v", err)
		}
		if after := inventoryCounts(t, nb); !maps.Equal(before, after) {
			t.Errorf("NetBox after destroy: %v, before apply: %v", after, before)
		}
	})
	// A crash in the middle of the apply (terraform and the provider killed, nothing rolled
	// back), then the same apply again: it adopts what the first one left and finishes.
	killApplyMidway(t, tf, file, nb, plan, 300)
	var planOut bytes.Buffer
	tf.SetStdout(&planOut)
	planExample(t, tf, vars...)
	tf.SetStdout(io.Discard)
	if !strings.Contains(planOut.String(), "NetBox holds objects of this class that Terraform state does not") {
		t.Errorf("the plan after the crash does not report what NetBox holds beyond state:\n%s", planOut.String())
	}
	apply := make([]tfexec.ApplyOption, 0, len(vars))
	for _, v := range vars {
		apply = append(apply, v.(*tfexec.VarOption))
	}
	if err := tf.Apply(ctx, apply...); err != nil {
		t.Fatalf("terraform apply after the crash: %v", err)
	}
	devices, cables := taggedCounts(t, nb, plan)
	if devices != 175 || cables != 1017 {
		t.Errorf("NetBox holds %d devices and %d cables tagged hedgehog-plan-%s, want 175 and 1017", devices, cables, plan)
	}
	state, err := tf.Show(ctx)
	if err != nil {
		t.Fatal(err)
	}
	switchIDs := url.Values{"cabled": {"true"}}
	for _, r := range state.Values.RootModule.Resources {
		if r.Type != "hedgehog_switch_class" {
			continue
		}
		ids, _ := r.AttributeValues["device_ids"].(map[string]any)
		for _, id := range ids {
			switchIDs.Add("device_id", string(mustJSON(t, id)))
		}
	}
	if n := len(switchIDs["device_id"]); n != 20 {
		t.Errorf("switch device IDs in state: %d, want 20", n)
	}
	if n := count(t, nb, "/api/dcim/interfaces/", switchIDs); n != 1313 {
		t.Errorf("switch interfaces with a cable: %d, want 1313", n)
	}
	// Cable types from the example's media: AOC from the GPU servers (256) and the gateways (4);
	// DAC for storage (36), control nodes (12) and the 25G lanes (10); CAT6 for the 155 BMC
	// ports; SMF for leaf-spine (128 + 128), the border uplinks (32) and the rails (256).
	for typ, want := range map[string]int{"aoc": 260, "dac-passive": 58, "cat6": 155, "smf": 544} {
		if n := count(t, nb, "/api/dcim/cables/", url.Values{"tag": {"hedgehog-plan-" + plan}, "type": {typ}}); n != want {
			t.Errorf("cables of type %s in NetBox: %d, want %d", typ, n, want)
		}
	}
	label := url.Values{"label": {"gpu-fe-only-001:fe-p0--fe-gpu-leaf-01:E1/1/1"}, "tag": {"hedgehog-plan-" + plan}}
	if n := count(t, nb, "/api/dcim/cables/", label); n != 1 {
		t.Errorf("cable gpu-fe-only-001:fe-p0 -> fe-gpu-leaf-01:E1/1/1: %d in NetBox, want 1", n)
	}
	if _, _, changes := planExample(t, tf, vars...); changes {
		t.Error("a second plan after apply shows changes")
	}
	// Every resource leaves state and comes back by `terraform import`; the plan after that is
	// empty.
	for _, r := range state.Values.RootModule.Resources {
		var id string
		switch r.Type {
		case "hedgehog_server_class", "hedgehog_switch_class":
			id = fmt.Sprintf("%s/%s", plan, r.AttributeValues["name"])
		case "hedgehog_topology_plan":
			id = plan
		case "hedgehog_device_type":
			if r.AttributeValues["adopted"] == true {
				continue // not this configuration's: adopt_existing uses it, import cannot
			}
			id = fmt.Sprint(r.AttributeValues["slug"])
		default:
			continue
		}
		if err := tf.StateRm(ctx, r.Address); err != nil {
			t.Fatal(err)
		}
		imp := []tfexec.ImportOption{}
		for _, v := range vars {
			imp = append(imp, v.(*tfexec.VarOption))
		}
		if err := tf.Import(ctx, r.Address, id, imp...); err != nil {
			t.Fatalf("terraform import %s %s: %v", r.Address, id, err)
		}
	}
	if p, _, changes := planExample(t, tf, vars...); changes {
		for _, rc := range p.ResourceChanges {
			if !rc.Change.Actions.NoOp() {
				t.Errorf("after import, the plan %v %s", rc.Change.Actions, rc.Address)
			}
		}
	}
}

// killApplyMidway starts `terraform apply` of a saved plan and kills it, with the provider,
// by SIGKILL once NetBox holds at least cables tagged with the plan: the crash leaves objects
// that state does not record.
func killApplyMidway(t *testing.T, tf *tfexec.Terraform, planFile string, nb *netbox.Client, plan string, cables int) {
	t.Helper()
	cmd := exec.Command(tf.ExecPath(), "apply", "-input=false", "-no-color", planFile)
	cmd.Dir = tf.WorkingDir()
	cmd.Env = append(os.Environ(), "TF_CLI_CONFIG_FILE="+devProviderRC(t), "CHECKPOINT_DISABLE=1")
	cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true}
	var out bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &out
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	done := make(chan error, 1)
	go func() { done <- cmd.Wait() }()
	for {
		select {
		case err := <-done:
			t.Fatalf("the apply ended (%v) before it could be killed; output:\n%s", err, out.String())
		case <-time.After(2 * time.Second):
		}
		if _, c := taggedCounts(t, nb, plan); c >= cables {
			_ = syscall.Kill(-cmd.Process.Pid, syscall.SIGKILL)
			<-done
			d, c := taggedCounts(t, nb, plan)
			t.Logf("killed terraform apply with %d devices and %d cables in NetBox", d, c)
			return
		}
	}
}

func mustJSON(t *testing.T, v any) []byte {
	t.Helper()
	b, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	return b
}
