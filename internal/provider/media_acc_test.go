package provider

import (
	"context"
	"fmt"
	"net/url"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/terraform"
)

// mediaFabric is the behaviour fabric (four servers on two leaves, 8 cables) whose server zone
// builds its links with the given medium and length ("" and 0 for none).
func mediaFabric(t *testing.T, plan, medium string, length float64) string {
	t.Helper()
	cfg := behaviourFabric(plan, 4, false, "")
	const anchor = `breakout = "4x200g", attach`
	if strings.Count(cfg, anchor) != 1 {
		t.Fatal("the behaviour fabric's server zone changed; update mediaFabric")
	}
	phys := ""
	if medium != "" {
		phys += fmt.Sprintf("medium = %q, ", medium)
	}
	if length > 0 {
		phys += fmt.Sprintf("cable_length = %g, ", length)
	}
	return strings.Replace(cfg, anchor, `breakout = "4x200g", `+phys+`attach`, 1)
}

// TestAccCableMedia: cables carry NetBox's type for their medium and the configured length; a
// change of medium or length updates every cable in place (one bulk PATCH, IDs kept), and
// removing both clears them.
func TestAccCableMedia(t *testing.T) {
	nb := accNetBox(t)
	ctx := context.Background()
	const plan = "acc-media"
	cables := func(wantType string, wantLength float64) resource.TestCheckFunc {
		return func(*terraform.State) error {
			got, err := nb.Cables().List(ctx, url.Values{"tag": {"hedgehog-plan-" + plan}})
			if err != nil {
				return err
			}
			if len(got) != 8 {
				return fmt.Errorf("%d cables in NetBox, want 8", len(got))
			}
			for _, c := range got {
				length := 0.0
				if c.Length != nil {
					length = *c.Length
				}
				if c.Type.Value != wantType || length != wantLength || (wantLength > 0) != (c.LengthUnit.Value == "m") {
					return fmt.Errorf("cable %s: type %q, length %v %q; want %q, %v m", c.Label, c.Type.Value, length,
						c.LengthUnit.Value, wantType, wantLength)
				}
			}
			return nil
		}
	}
	inPlace := resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
		plancheck.ExpectResourceAction("hedgehog_switch_class.leaf", plancheck.ResourceActionUpdate),
		plancheck.ExpectResourceAction("hedgehog_server_class.gpu", plancheck.ResourceActionNoop),
	}}
	ids := newIDSnapshot("cable_ids")
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		CheckDestroy:             checkNothingLeft(t, nb, plan),
		Steps: []resource.TestStep{
			{
				// 200G NICs (QSFP56) on 4x200g OSFP cages over AOC: splitters, NetBox type aoc.
				Config:            mediaFabric(t, plan, "aoc", 3),
				ConfigStateChecks: []statecheck.StateCheck{ids.record()},
				Check:             cables("aoc", 3),
			},
			{
				Config:            mediaFabric(t, plan, "dac", 0),
				ConfigPlanChecks:  inPlace,
				ConfigStateChecks: []statecheck.StateCheck{ids.unchanged()},
				Check:             cables("dac-passive", 0),
			},
			{
				Config:            mediaFabric(t, plan, "", 0),
				ConfigPlanChecks:  inPlace,
				ConfigStateChecks: []statecheck.StateCheck{ids.unchanged()},
				Check:             cables("", 0),
			},
			{
				// Nothing changed: the next plan is empty (the specs written are remembered).
				Config:   mediaFabric(t, plan, "", 0),
				PlanOnly: true,
			},
		},
	})
}
