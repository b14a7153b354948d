package provider

import (
	"context"
	"flag"
	"fmt"
	"os"
	"os/exec"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-framework/provider"
	"github.com/hashicorp/terraform-plugin-framework/providerserver"
	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
	"github.com/hashicorp/terraform-plugin-go/tftypes"
	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"
)

// testAccProtoV6ProviderFactories serves the provider in-process to the
// Terraform CLI that terraform-plugin-testing runs (TF_ACC_TERRAFORM_PATH,
// see scripts/terraform.sh). Every provider test uses it.
var testAccProtoV6ProviderFactories = map[string]func() (tfprotov6.ProviderServer, error){
	"hedgehog": providerserver.NewProtocol6WithError(New("test")()),
}

// TestMain makes every provider test use Terraform 1.5.7 from scripts/terraform.sh, however the
// tests are started (a plain `go test ./...` would otherwise take whatever terraform is on
// PATH, or download one). With -sweep it runs the sweepers instead of the tests
// (sweeper_test.go), which need no Terraform.
func TestMain(m *testing.M) {
	flag.Parse()
	sweeping := flag.Lookup("sweep").Value.String() != ""
	if !sweeping && os.Getenv("TF_ACC_TERRAFORM_PATH") == "" {
		out, err := exec.Command("bash", "../../scripts/terraform.sh").Output()
		if err != nil {
			fmt.Fprintln(os.Stderr, "Terraform 1.5.7 is needed: `bash scripts/terraform.sh` failed ("+err.Error()+
				"); set TF_ACC_TERRAFORM_PATH to a Terraform 1.5.7 binary, or run `make test`")
			os.Exit(1)
		}
		os.Setenv("TF_ACC_TERRAFORM_PATH", strings.TrimSpace(string(out)))
	}
	resource.TestMain(m)
}

// unsetNetBoxEnv makes a test independent of a NetBox the caller may have
// configured (make testacc exports NETBOX_URL and NETBOX_TOKEN).
func unsetNetBoxEnv(t *testing.T) {
	t.Helper()
	t.Setenv(EnvNetBoxURL, "")
	t.Setenv(EnvNetBoxToken, "")
}

// offlineProfileConfig is a configuration that needs the provider configured
// but no NetBox.
const offlineProfileConfig = `
data "hedgehog_switch_profile" "ds3000" {
  name = "celestica-ds3000"
}
`

func TestProviderSchemaImplementation(t *testing.T) {
	p := New("test")()
	resp := &provider.SchemaResponse{}
	p.Schema(context.Background(), provider.SchemaRequest{}, resp)
	if resp.Diagnostics.HasError() {
		t.Fatalf("schema diagnostics: %v", resp.Diagnostics)
	}
	if diags := resp.Schema.ValidateImplementation(context.Background()); diags.HasError() {
		t.Fatalf("schema implementation: %v", diags)
	}
	if !resp.Schema.Attributes["token"].IsSensitive() {
		t.Error("token must be sensitive")
	}
	for name, attr := range resp.Schema.Attributes {
		if attr.IsRequired() {
			t.Errorf("%s must be optional: the provider has to work offline", name)
		}
	}
}

func TestProviderMetadata(t *testing.T) {
	resp := &provider.MetadataResponse{}
	New("1.2.3")().Metadata(context.Background(), provider.MetadataRequest{}, resp)
	if resp.TypeName != "hedgehog" || resp.Version != "1.2.3" {
		t.Fatalf("got %q %q", resp.TypeName, resp.Version)
	}
}
func TestConfigureOffline(t *testing.T) {
	unsetNetBoxEnv(t)
	resp := configureDirect(t, nil)
	if resp.Diagnostics.HasError() || resp.Diagnostics.WarningsCount() > 0 {
		t.Fatalf("offline configure must be silent, got %v", resp.Diagnostics)
	}
	for _, data := range []any{resp.ResourceData, resp.DataSourceData} {
		pd, ok := data.(*ProviderData)
		if !ok {
			t.Fatalf("provider data is %T, want *ProviderData", data)
		}
		if pd.NetBox != nil || pd.Online() || pd.Version != "test" {
			t.Fatalf("unexpected provider data %+v", pd)
		}
	}
}

func TestConfigureOnline(t *testing.T) {
	unsetNetBoxEnv(t)
	resp := configureDirect(t, map[string]tftypes.Value{
		"url":             tftypes.NewValue(tftypes.String, "http://localhost:8000/"),
		"token":           tftypes.NewValue(tftypes.String, "nbt_key.secret"),
		"request_timeout": tftypes.NewValue(tftypes.Number, 7),
		"max_retries":     tftypes.NewValue(tftypes.Number, 2),
	})
	if resp.Diagnostics.HasError() {
		t.Fatal(resp.Diagnostics)
	}
	pd := resp.ResourceData.(*ProviderData)
	want := NetBoxSettings{URL: "http://localhost:8000", Token: "nbt_key.secret", Timeout: 7 * time.Second, MaxRetries: 2,
		BatchSize: netBoxBatchSize, InFlight: netBoxConcurrency}
	if !pd.Online() || *pd.NetBox != want {
		t.Fatalf("got %+v, want %+v", pd.NetBox, want)
	}
	if resp.DataSourceData != resp.ResourceData {
		t.Fatal("resources and data sources must share one ProviderData")
	}
}

func TestConfigureUnknownDefers(t *testing.T) {
	unsetNetBoxEnv(t)
	for _, attr := range []string{"url", "token", "insecure", "request_timeout"} {
		var typ tftypes.Type = tftypes.String
		switch attr {
		case "insecure":
			typ = tftypes.Bool
		case "request_timeout":
			typ = tftypes.Number
		}
		resp := configureDirect(t, map[string]tftypes.Value{
			attr: tftypes.NewValue(typ, tftypes.UnknownValue),
		})
		if len(resp.Diagnostics) > 0 {
			t.Errorf("%s unknown: expected no diagnostics, got %v", attr, resp.Diagnostics)
		}
		if resp.ResourceData != nil || resp.DataSourceData != nil {
			t.Errorf("%s unknown: expected no provider data", attr)
		}
	}
}

// TestProvider_offline runs Terraform with an empty provider block and no
// NetBox environment: planning-only mode must configure without diagnostics.
func TestProvider_offline(t *testing.T) {
	unsetNetBoxEnv(t)
	resource.UnitTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		Steps: []resource.TestStep{
			{
				Config: `provider "hedgehog" {}` + offlineProfileConfig,
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue("data.hedgehog_switch_profile.ds3000",
						tfjsonpath.New("name"), knownvalue.StringExact("celestica-ds3000")),
				},
			},
			{
				// Same without any provider block.
				Config: offlineProfileConfig,
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue("data.hedgehog_switch_profile.ds3000",
						tfjsonpath.New("name"), knownvalue.StringExact("celestica-ds3000")),
				},
			},
		},
	})
}

func TestProvider_invalidConfig(t *testing.T) {
	unsetNetBoxEnv(t)
	steps := []resource.TestStep{}
	for _, tc := range []struct{ block, err string }{
		{`url = "netbox.example.com"`, `must start with http:// or https://`},
		{`url = "ftp://netbox.example.com"`, `must start with http:// or https://`},
		{`url = "https://"`, `has no host`},
		{`token = "0123456789abcdef0123456789abcdef01234567"`, `NetBox URL missing`},
		{"url = \"http://localhost:8000\"\n  request_timeout = 0", `request_timeout`},
		{"url = \"http://localhost:8000\"\n  max_retries = -1", `max_retries`},
	} {
		steps = append(steps, resource.TestStep{
			Config:      "provider \"hedgehog\" {\n  " + tc.block + "\n}\n" + offlineProfileConfig,
			ExpectError: regexp.MustCompile(regexp.QuoteMeta(tc.err)),
		})
	}
	resource.UnitTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		Steps:                    steps,
	})
}

func TestProvider_invalidEnvironment(t *testing.T) {
	unsetNetBoxEnv(t)
	t.Setenv(EnvNetBoxURL, "localhost:8000")
	resource.UnitTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		Steps: []resource.TestStep{{
			Config:      offlineProfileConfig,
			ExpectError: regexp.MustCompile(`NETBOX_URL environment variable is invalid`),
		}},
	})
}

// TestProvider_unknownURL configures the provider from a value that is
// only known after apply: the plan must not fail.
func TestProvider_unknownURL(t *testing.T) {
	unsetNetBoxEnv(t)
	resource.UnitTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		Steps: []resource.TestStep{{
			Config: `
resource "terraform_data" "netbox" {
  input = "http://127.0.0.1:9"
}

provider "hedgehog" {
  url   = terraform_data.netbox.output
  token = "0123456789abcdef0123456789abcdef01234567"
}
` + offlineProfileConfig,
			ConfigStateChecks: []statecheck.StateCheck{
				statecheck.ExpectKnownValue("data.hedgehog_switch_profile.ds3000",
					tfjsonpath.New("max_ports"), knownvalue.NotNull()),
			},
		}},
	})
}
