package provider

import (
	"os"
	"path/filepath"
	"regexp"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"
)

// exampleConfig returns the resources and outputs of an example directory, without its
// terraform/provider blocks (the test framework serves the provider itself).
func exampleConfig(t *testing.T, dir string, files ...string) string {
	t.Helper()
	var cfg string
	for _, f := range files {
		b, err := os.ReadFile(filepath.Join("..", "..", "examples", dir, f))
		if err != nil {
			t.Fatal(err)
		}
		cfg += string(b) + "\n"
	}
	return cfg
}

// TestAccExampleAICluster128GPU plans the canonical case of SPEC §10 offline and checks that
// every quantity and count is known during plan.
func TestExampleAICluster128GPU(t *testing.T) {
	unsetNetBoxEnv(t)
	quantities := map[string]int64{
		"fe_gpu_leaf": 2, "fe_storage_leaf": 2, "fe_border_leaf": 2, "fe_spine": 4,
		"be_rail_leaf": 4, "be_spine": 2, "oob_mgmt_leaf": 4,
	}
	var checks []plancheck.PlanCheck
	for res, q := range quantities {
		addr := "hedgehog_switch_class." + res
		checks = append(checks,
			plancheck.ExpectKnownValue(addr, tfjsonpath.New("effective_quantity"), knownvalue.Int64Exact(q)),
			plancheck.ExpectKnownValue(addr, tfjsonpath.New("calculated_quantity"), knownvalue.Int64Exact(q)),
		)
	}
	checks = append(checks,
		plancheck.ExpectKnownOutputValue("cable_count", knownvalue.Int64Exact(1017)),
		plancheck.ExpectKnownOutputValue("server_count", knownvalue.Int64Exact(155)),
		plancheck.ExpectKnownValue("hedgehog_switch_class.fe_gpu_leaf",
			tfjsonpath.New("allocation").AtMapKey("gpu-fe-only-001:fe-p0"), knownvalue.StringExact("fe-gpu-leaf-01:E1/1/1")),
		plancheck.ExpectKnownValue("hedgehog_switch_class.fe_gpu_leaf",
			tfjsonpath.New("allocation").AtMapKey("gpu-fe-only-001:fe-p1"), knownvalue.StringExact("fe-gpu-leaf-02:E1/1/1")),
		plancheck.ExpectKnownValue("hedgehog_switch_class.be_rail_leaf",
			tfjsonpath.New("allocation").AtMapKey("gpu-with-backend-007:be-p5"), knownvalue.StringRegexp(regexp.MustCompile(`^be-rail-leaf-03:`))),
		plancheck.ExpectKnownValue("hedgehog_switch_class.fe_spine",
			tfjsonpath.New("zone_usage").AtMapKey("border").AtMapKey("used"), knownvalue.Int64Exact(32)),
	)
	cfg := exampleConfig(t, "ai-cluster-128gpu", "main.tf", "outputs.tf")
	resource.UnitTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		Steps: []resource.TestStep{
			{Config: cfg, ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: checks}},
			// Planning again with the state in place changes nothing (deterministic, sticky).
			{Config: cfg, ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()}}},
		},
	})
}
