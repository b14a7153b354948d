package provider

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"regexp"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"

	"github.com/netfabric-io/terraform-provider-hedgehog/internal/netbox"
)

// Problems with NetBox are reported by terraform plan, before apply writes anything (SPEC §6).

func preflightStep(cfg, errRE string) resource.TestStep {
	return resource.TestStep{Config: cfg, PlanOnly: true, ExpectError: regexp.MustCompile(errRE)}
}

func planOnlyTopology(provider, plan, site string) string {
	return provider + fmt.Sprintf(`
resource "hedgehog_topology_plan" "p" {
  name = %q
  site = %q
}
`, plan, site)
}

func providerBlock(url, token string) string {
	if token == "" {
		return fmt.Sprintf("provider \"hedgehog\" {\n  url = %q\n}\n", url)
	}
	return fmt.Sprintf("provider \"hedgehog\" {\n  url   = %q\n  token = %q\n}\n", url, token)
}

// TestAccPreflightNetBoxProblems: each problem is one clear error at plan.
func TestAccPreflightNetBoxProblems(t *testing.T) {
	nb := accNetBox(t)
	base := strings.TrimRight(nb.BaseURL(), "/")
	html := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html")
		_, _ = w.Write([]byte("<html><head><title>Welcome to nginx!</title></head></html>"))
	}))
	defer html.Close()
	cases := []struct {
		name, cfg, err string
	}{
		{"closed port", planOnlyTopology(providerBlock("http://127.0.0.1:1", ""), "acc-pre", accSite),
			`(?s)NetBox cannot apply this plan.*connection refused`},
		{"not NetBox", planOnlyTopology(providerBlock(html.URL, ""), "acc-pre", accSite),
			`(?s)NetBox cannot apply this plan.*(not NetBox|base URL|HTML)`},
		{"expired token", planOnlyTopology(providerBlock(base, "nbt_expired0000.0000000000000000000000000000000000000000"), "acc-pre", accSite),
			`(?s)NetBox cannot apply this plan.*rejected the API token.*NETBOX_TOKEN`},
		{"missing site", planOnlyTopology("", "acc-pre", "no-such-site"),
			`(?s)Site not found.*no site with slug "no-such-site"`},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			resource.Test(t, resource.TestCase{
				ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
				Steps:                    []resource.TestStep{preflightStep(tc.cfg, tc.err)},
			})
		})
	}
}

// TestAccPreflightReadOnlyToken: a token that may not write is reported at plan with what it
// lacks, and nothing is created.
func TestAccPreflightReadOnlyToken(t *testing.T) {
	nb := accNetBox(t)
	token := readOnlyToken(t, nb)
	cfg := planOnlyTopology(providerBlock(strings.TrimRight(nb.BaseURL(), "/"), token), "acc-pre-ro", accSite)
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		Steps: []resource.TestStep{preflightStep(cfg,
			`(?s)NetBox cannot apply this plan.*may not add device, change device, delete device.*add cable`)},
	})
}

// readOnlyToken creates a v2 token of the test token's user without write permission.
func readOnlyToken(t *testing.T, nb *netbox.Client) string {
	t.Helper()
	ctx := context.Background()
	var mine struct {
		Results []struct {
			User struct {
				ID int64 `json:"id"`
			} `json:"user"`
		} `json:"results"`
	}
	getJSON(t, nb, "/api/users/tokens/?limit=1", &mine)
	if len(mine.Results) == 0 {
		t.Fatal("no token of the test user is visible")
	}
	body := fmt.Sprintf(`{"user": %d, "write_enabled": false, "description": "acc read-only"}`, mine.Results[0].User.ID)
	req, _ := http.NewRequestWithContext(ctx, http.MethodPost, nb.BaseURL()+"/api/users/tokens/", strings.NewReader(body))
	req.Header.Set("Content-Type", "application/json")
	resp, err := nb.HTTPClient().Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	var tok struct {
		ID    int64  `json:"id"`
		Key   string `json:"key"`
		Token string `json:"token"`
	}
	if err := json.NewDecoder(resp.Body).Decode(&tok); err != nil || tok.Key == "" {
		t.Fatalf("creating a read-only token: HTTP %d, %v", resp.StatusCode, err)
	}
	t.Cleanup(func() {
		req, _ := http.NewRequest(http.MethodDelete, fmt.Sprintf("%s/api/users/tokens/%d/", nb.BaseURL(), tok.ID), nil)
		if resp, err := nb.HTTPClient().Do(req); err == nil {
			resp.Body.Close()
		}
	})
	return "nbt_" + tok.Key + "." + tok.Token
}

func getJSON(t *testing.T, nb *netbox.Client, path string, out any) {
	t.Helper()
	resp, err := nb.HTTPClient().Get(nb.BaseURL() + path)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	if err := json.NewDecoder(resp.Body).Decode(out); err != nil {
		t.Fatalf("GET %s: HTTP %d: %v", path, resp.StatusCode, err)
	}
}

// TestAccPreflightClassProblems: a device type that exists nowhere, and generated names that
// devices outside the plan already have, are errors on the class at plan.
func TestAccPreflightClassProblems(t *testing.T) {
	nb := accNetBox(t)
	ctx := context.Background()
	const plan = "acc-pre-cls"
	// A device outside the plan that has the name the class's first server would get.
	mfr, _, err := nb.EnsureManufacturer(ctx, netbox.ManufacturerRequest{Name: plan, Slug: plan})
	if err != nil {
		t.Fatal(err)
	}
	dt, _, err := nb.CreateDeviceType(ctx, netbox.DeviceTypeRequest{Manufacturer: mfr.ID, Model: plan, Slug: plan}, nil)
	if err != nil {
		t.Fatal(err)
	}
	role, _, err := nb.EnsureDeviceRole(ctx, netbox.DeviceRoleRequest{Name: plan, Slug: plan})
	if err != nil {
		t.Fatal(err)
	}
	site, err := nb.LookupSite(ctx, accSite)
	if err != nil {
		t.Fatal(err)
	}
	dev, err := nb.Devices().Create(ctx, netbox.DeviceRequest{Name: plan + "-gpu-001", DeviceType: dt.ID, Role: role.ID, Site: site.ID})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		_ = nb.Devices().Delete(ctx, dev.ID)
		_ = nb.DeviceTypes().Delete(ctx, dt.ID)
		_ = nb.DeviceRoles().Delete(ctx, role.ID)
		_ = nb.Manufacturers().Delete(ctx, mfr.ID)
	})
	class := func(deviceType string) string {
		return planOnlyTopology("", plan, accSite) + fmt.Sprintf(`
resource "hedgehog_server_class" "gpu" {
  plan          = hedgehog_topology_plan.p.context
  name          = "gpu"
  name_template = "{plan}-{class}-{index:03d}"
  quantity      = 3
  device_type   = %q
  nics          = { fe = { ports = 1, speed = 100 } }
  connections   = { fe = { nic = "fe", ports = 1, speed = 100 } }
}
`, deviceType)
	}
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		Steps: []resource.TestStep{
			preflightStep(class("no-such-type"), `(?s)Device type not found.*"no-such-type".*hedgehog_device_type`),
			preflightStep(class(plan), `(?s)Device names already taken.*1 of the devices.*acc-pre-cls-gpu-001`),
		},
	})
}

// TestAccPreflightRequestBudget plans SPEC §10 against NetBox through a counting proxy: the
// whole plan, preflight included (reachability, token, 16 permission probes, site, name
// collisions, objects an interrupted apply left), stays under 20 requests however many classes
// and devices the design has.
func TestAccPreflightRequestBudget(t *testing.T) {
	nb := accNetBox(t)
	var n atomic.Int32
	proxy := newFaultProxy(t, nb.BaseURL(), func(*http.Request) bool { n.Add(1); return false })
	tf := exampleTerraform(t, "examples/ai-cluster-128gpu", map[string]string{EnvNetBoxURL: proxy.URL})
	planExample(t, tf, tfVars("plan_name", "acc-budget", "site", accSite)...)
	if got := n.Load(); got >= 20 {
		t.Errorf("terraform plan of SPEC §10 made %d NetBox requests, want under 20", got)
	} else {
		t.Logf("terraform plan of SPEC §10: %d NetBox requests", got)
	}
}
