package provider

import (
	"regexp"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/netfabric-io/terraform-provider-hedgehog/internal/planner"
)

func TestSwitchProfileDataSource_ds5000(t *testing.T) {
	unsetNetBoxEnv(t)
	const addr = "data.hedgehog_switch_profile.test"
	resource.UnitTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		Steps: []resource.TestStep{{
			Config: `
data "hedgehog_switch_profile" "test" {
  name = "celestica-ds5000"
}
`,
			ConfigStateChecks: []statecheck.StateCheck{
				statecheck.ExpectKnownValue(addr, tfjsonpath.New("name"), knownvalue.StringExact("celestica-ds5000")),
				statecheck.ExpectKnownValue(addr, tfjsonpath.New("max_ports"), knownvalue.Int64Exact(320)),
				statecheck.ExpectKnownValue(addr, tfjsonpath.New("features").AtMapKey("eslag"), knownvalue.Bool(false)),
				statecheck.ExpectKnownValue(addr, tfjsonpath.New("features").AtMapKey("mclag"), knownvalue.Bool(false)),
				statecheck.ExpectKnownValue(addr, tfjsonpath.New("features").AtMapKey("roce"), knownvalue.Bool(true)),
				// L3-only leaf or spine: a spine, never an ESLAG/MCLAG server leaf.
				statecheck.ExpectKnownValue(addr, tfjsonpath.New("roles"), knownvalue.ListPartial(map[int]knownvalue.Check{
					0: knownvalue.StringExact("spine"),
				})),
				// E1/1-64 OSFP 800G, then E1/65-66 SFP28 25G.
				statecheck.ExpectKnownValue(addr, tfjsonpath.New("ports"), knownvalue.ListSizeExact(2)),
				statecheck.ExpectKnownValue(addr, tfjsonpath.New("ports").AtSliceIndex(0), knownvalue.ObjectPartial(map[string]knownvalue.Check{
					"first":            knownvalue.Int64Exact(1),
					"last":             knownvalue.Int64Exact(64),
					"native_speed":     knownvalue.Int64Exact(800),
					"default_breakout": knownvalue.StringExact("1x800g"),
				})),
				statecheck.ExpectKnownValue(addr, tfjsonpath.New("ports").AtSliceIndex(0).AtMapKey("breakouts"),
					knownvalue.SetPartial([]knownvalue.Check{
						knownvalue.StringExact("1x800g"),
						knownvalue.StringExact("2x400g"),
						knownvalue.StringExact("4x200g"),
						knownvalue.StringExact("8x100g"),
					})),
				statecheck.ExpectKnownValue(addr, tfjsonpath.New("ports").AtSliceIndex(1), knownvalue.ObjectPartial(map[string]knownvalue.Check{
					"first":        knownvalue.Int64Exact(65),
					"last":         knownvalue.Int64Exact(66),
					"native_speed": knownvalue.Int64Exact(25),
				})),
				// 32 pipelines of 10 lanes.
				statecheck.ExpectKnownValue(addr, tfjsonpath.New("pipelines"), knownvalue.ListSizeExact(32)),
				statecheck.ExpectKnownValue(addr, tfjsonpath.New("pipelines").AtSliceIndex(0).AtMapKey("max_lanes"), knownvalue.Int64Exact(10)),
			},
		}},
	})
}

func TestSwitchProfileDataSource_ds3000RolesAndFeatures(t *testing.T) {
	unsetNetBoxEnv(t)
	const addr = "data.hedgehog_switch_profile.test"
	resource.UnitTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		Steps: []resource.TestStep{{
			Config: `
data "hedgehog_switch_profile" "test" {
  name = "celestica-ds3000"
}
`,
			ConfigStateChecks: []statecheck.StateCheck{
				statecheck.ExpectKnownValue(addr, tfjsonpath.New("roles"), knownvalue.ListExact([]knownvalue.Check{
					knownvalue.StringExact("spine"),
					knownvalue.StringExact("server-leaf"),
					knownvalue.StringExact("border-leaf"),
					knownvalue.StringExact("mixed-leaf"),
				})),
				statecheck.ExpectKnownValue(addr, tfjsonpath.New("features"), knownvalue.ObjectExact(map[string]knownvalue.Check{
					"eslag":   knownvalue.Bool(true),
					"mclag":   knownvalue.Bool(true),
					"roce":    knownvalue.Bool(true),
					"virtual": knownvalue.Bool(false),
				})),
			},
		}},
	})
}

func TestSwitchProfileDataSource_unknownName(t *testing.T) {
	unsetNetBoxEnv(t)
	resource.UnitTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		Steps: []resource.TestStep{{
			Config: `
data "hedgehog_switch_profile" "test" {
  name = "celestica-ds9999"
}
`,
			ExpectError: regexp.MustCompile(`(?s)Invalid Attribute Value Match.*celestica-ds5000`),
		}},
	})
}

// TestSwitchProfileModel_allProfiles converts every catalogue entry, so a
// profile that the data source cannot represent fails here.
func TestSwitchProfileModel_allProfiles(t *testing.T) {
	names := planner.ProfileNames()
	if len(names) == 0 {
		t.Fatal("empty catalogue")
	}
	for _, name := range names {
		p, ok := planner.LookupProfile(name)
		if !ok {
			t.Fatalf("%s listed but not found", name)
		}
		m := switchProfileModel(p)
		if m.Name.ValueString() != name || m.DisplayName.ValueString() == "" {
			t.Errorf("%s: bad name/display name %q %q", name, m.Name.ValueString(), m.DisplayName.ValueString())
		}
		if len(m.Ports) == 0 {
			t.Errorf("%s: no ports", name)
		}
		if len(m.Roles) == 0 {
			t.Errorf("%s: serves no role", name)
		}
		for _, g := range m.Ports {
			if g.First < 1 || g.Last < g.First || g.NativeSpeed <= 0 {
				t.Errorf("%s: bad port group %+v", name, g)
			}
		}
	}
	if _, ok := planner.LookupProfile("no-such-switch"); ok {
		t.Error("LookupProfile accepted an unknown name")
	}
}
