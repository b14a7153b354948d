package provider

import (
	"context"
	"fmt"
	"strconv"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/terraform"

	"github.com/netfabric-io/terraform-provider-hedgehog/internal/netbox"
)

// identityFabric is the behaviour fabric (four servers on two leaves) whose first leaf has the
// given serial and boot MAC.
func identityFabric(t *testing.T, plan, serial, mac string) string {
	t.Helper()
	cfg := behaviourFabric(plan, 4, false, "")
	const anchor = "  profile       = \"celestica-ds5000\"\n  zones = {"
	if strings.Count(cfg, anchor) != 1 {
		t.Fatal("the behaviour fabric's leaf class changed; update identityFabric")
	}
	return strings.Replace(cfg, anchor, fmt.Sprintf("  profile       = \"celestica-ds5000\"\n"+
		"  identities    = { \"%s-leaf-01\" = { serial = %q, boot_mac = %q } }\n  zones = {", plan, serial, mac), 1)
}

// TestAccSwitchIdentities writes a leaf's serial, changes it (the device is updated in place,
// its ID kept), and repairs a serial changed by hand in NetBox; a serial the class does not
// give is left as NetBox has it.
func TestAccSwitchIdentities(t *testing.T) {
	nb := accNetBox(t)
	ctx := context.Background()
	const plan = "acc-identity"
	tag := "hedgehog-plan-" + plan
	device := func(name string) netbox.Device {
		d, err := nb.Devices().FindOne(ctx, netbox.Q("tag", tag, "name", plan+"-"+name))
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		return d
	}
	setSerial := func(name, serial string) {
		if _, err := nb.Devices().Update(ctx, netbox.Patch{ID: device(name).ID, Fields: map[string]any{"serial": serial}}); err != nil {
			t.Fatal(err)
		}
	}
	serials := func(want map[string]string) resource.TestCheckFunc {
		return func(*terraform.State) error {
			for name, serial := range want {
				if got := device(name).Serial; got != serial {
					return fmt.Errorf("%s serial in NetBox = %q, want %q", name, got, serial)
				}
			}
			return nil
		}
	}
	bootMAC := func(want string) resource.TestCheckFunc {
		return func(*terraform.State) error {
			m1, err := nb.Interfaces().FindOne(ctx, netbox.Q("device_id", strconv.FormatInt(device("leaf-01").ID, 10), "name", "M1"))
			if err != nil {
				return err
			}
			if m1.MACAddress == nil || !strings.EqualFold(*m1.MACAddress, want) {
				return fmt.Errorf("leaf-01 M1 primary MAC in NetBox = %v, want %s", m1.MACAddress, want)
			}
			return nil
		}
	}
	ids := newIDSnapshot("device_ids")
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		CheckDestroy:             checkNothingLeft(t, nb, plan),
		Steps: []resource.TestStep{
			{
				Config:            identityFabric(t, plan, "DS5K-0001", "0c:29:ef:a1:b2:c3"),
				ConfigStateChecks: []statecheck.StateCheck{ids.record()},
				Check: resource.ComposeTestCheckFunc(serials(map[string]string{"leaf-01": "DS5K-0001", "leaf-02": ""}),
					bootMAC("0c:29:ef:a1:b2:c3")),
			},
			{
				// A serial set by hand on a switch the class gives none is not the class's. The new
				// boot MAC becomes M1's primary MAC.
				PreConfig: func() { setSerial("leaf-02", "HAND-0002") },
				Config:    identityFabric(t, plan, "DS5K-0009", "0c:29:ef:a1:b2:c9"),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction("hedgehog_switch_class.leaf", plancheck.ResourceActionUpdate),
					plancheck.ExpectResourceAction("hedgehog_server_class.gpu", plancheck.ResourceActionNoop),
				}},
				ConfigStateChecks: []statecheck.StateCheck{ids.unchanged()},
				Check: resource.ComposeTestCheckFunc(serials(map[string]string{"leaf-01": "DS5K-0009", "leaf-02": "HAND-0002"}),
					bootMAC("0c:29:ef:a1:b2:c9")),
			},
			{
				// Changed by hand: drift, and the apply writes the class's serial back.
				PreConfig: func() { setSerial("leaf-01", "TYPO") },
				Config:    identityFabric(t, plan, "DS5K-0009", "0c:29:ef:a1:b2:c9"),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction("hedgehog_switch_class.leaf", plancheck.ResourceActionUpdate),
				}},
				ConfigStateChecks: []statecheck.StateCheck{ids.unchanged()},
				Check:             serials(map[string]string{"leaf-01": "DS5K-0009", "leaf-02": "HAND-0002"}),
			},
		},
	})
}
