package provider

import (
	"regexp"
	"sync"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/terraform"
)

// TestAccImport applies a small fabric, then imports each class from NetBox alone: with
// `terraform import` the imported state equals the applied one attribute for attribute (IDs,
// allocation, inputs), and with an import block (Terraform 1.5) the resource is dropped from
// state and the plan that imports it has no change.
func TestAccImport(t *testing.T) {
	nb := accNetBox(t)
	const plan = "acc-import"
	cfg := behaviourFabric(plan, 4, true, "")
	importStep := func(address, id string, kind resource.ImportStateKind) resource.TestStep {
		return resource.TestStep{Config: cfg, ResourceName: address, ImportState: true, ImportStateId: id,
			ImportStateKind: kind, ImportStateVerify: kind == resource.ImportCommandWithID}
	}
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		CheckDestroy:             checkNothingLeft(t, nb, plan),
		Steps: []resource.TestStep{
			{
				Config: cfg,
				Check:  func(*terraform.State) error { expectTagged(t, nb, plan, 4+2+1, 8+64); return nil },
			},
			importStep("hedgehog_topology_plan.p", plan, resource.ImportCommandWithID),
			importStep("hedgehog_device_type.ds5000", plan+"-ds5000", resource.ImportCommandWithID),
			importStep("hedgehog_device_type.server", plan+"-server", resource.ImportCommandWithID),
			importStep("hedgehog_server_class.gpu", plan+"/gpu", resource.ImportCommandWithID),
			importStep("hedgehog_switch_class.leaf", plan+"/leaf", resource.ImportCommandWithID),
			importStep("hedgehog_switch_class.spine", plan+"/spine", resource.ImportCommandWithID),
			importStep("hedgehog_topology_plan.p", plan, resource.ImportBlockWithID),
			importStep("hedgehog_device_type.ds5000", plan+"-ds5000", resource.ImportBlockWithID),
			importStep("hedgehog_server_class.gpu", plan+"/gpu", resource.ImportBlockWithID),
			importStep("hedgehog_switch_class.leaf", plan+"/leaf", resource.ImportBlockWithID),
			{
				Config: cfg, ResourceName: "hedgehog_switch_class.leaf", ImportState: true, ImportStateId: plan + "/nosuch",
				ExpectError: regexp.MustCompile(`(?s)Nothing to import.*hedgehog-plan-acc-import`),
			},
			{
				Config: cfg, ResourceName: "hedgehog_switch_class.leaf", ImportState: true, ImportStateId: "leaf",
				ExpectError: regexp.MustCompile(`Invalid import ID`),
			},
		},
	})
}

// TestAccTwoPlansSideBySide applies two designs into one site at the same time: each sees
// only its own objects (its tag, its names), shared objects (roles, the manufacturer) are
// created once, and destroying one leaves the other exactly as it was.
func TestAccTwoPlansSideBySide(t *testing.T) {
	nb := accNetBox(t)
	const a, b = "acc-side-a", "acc-side-b"
	aDestroyed := make(chan struct{})
	signal := sync.OnceFunc(func() { close(aDestroyed) })
	t.Run(a, func(t *testing.T) {
		t.Parallel()
		t.Cleanup(signal) // also when the test fails before its destroy check
		resource.Test(t, resource.TestCase{
			ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
			CheckDestroy: func(s *terraform.State) error {
				defer signal()
				return checkNothingLeft(t, nb, a)(s)
			},
			Steps: []resource.TestStep{{
				Config: behaviourFabric(a, 6, true, ""),
				Check:  func(*terraform.State) error { expectTagged(t, nb, a, 6+2+1, 12+64); return nil },
			}},
		})
	})
	t.Run(b, func(t *testing.T) {
		t.Parallel()
		cfg := behaviourFabric(b, 4, false, "")
		resource.Test(t, resource.TestCase{
			ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
			CheckDestroy:             checkNothingLeft(t, nb, b),
			Steps: []resource.TestStep{
				{
					Config: cfg,
					Check:  func(*terraform.State) error { expectTagged(t, nb, b, 4+2, 8); return nil },
				},
				{
					// After the other design is destroyed, this one is intact and its plan empty.
					PreConfig: func() { <-aDestroyed },
					Config:    cfg,
					ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
						plancheck.ExpectEmptyPlan(),
					}},
					Check: func(*terraform.State) error { expectTagged(t, nb, b, 4+2, 8); return nil },
				},
			},
		})
	})
}
