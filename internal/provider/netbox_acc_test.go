package provider

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"net/http/httputil"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"sync/atomic"
	"testing"

	"github.com/hashicorp/terraform-exec/tfexec"

	"github.com/netfabric-io/terraform-provider-hedgehog/internal/netbox"
)

// Acceptance tests write to the real local NetBox that `make testacc` starts
// (scripts/netbox-dev.sh) and exports as NETBOX_URL / NETBOX_TOKEN. They run only with
// TF_ACC set; then a missing NetBox is a failure, not a skip.

// accSite is the site every acceptance test uses; created when missing, and left in place.
const accSite = "hh-acc"

// accNetBox returns a client for the NetBox of the acceptance tests, or skips the test
// without TF_ACC.
func accNetBox(t *testing.T) *netbox.Client {
	t.Helper()
	if os.Getenv("TF_ACC") == "" {
		t.Skip("acceptance test: set TF_ACC=1 (make testacc) to run it against the local NetBox")
	}
	u, tok := os.Getenv(EnvNetBoxURL), os.Getenv(EnvNetBoxToken)
	if u == "" || tok == "" {
		t.Fatal("TF_ACC is set but NETBOX_URL / NETBOX_TOKEN are not: run `make testacc`, or " +
			"eval \"$(bash scripts/netbox-dev.sh env)\" after `bash scripts/netbox-dev.sh up`")
	}
	c, err := netbox.New(netbox.Config{URL: u, Token: tok, MaxRetries: netbox.DefaultMaxRetries, Logf: func(string, ...any) {}})
	if err != nil {
		t.Fatal(err)
	}
	if _, _, err := c.Status(context.Background()); err != nil {
		t.Fatalf("NetBox at %s is not answering: %v", u, err)
	}
	ensureSite(t, c, accSite)
	return c
}

func ensureSite(t *testing.T, c *netbox.Client, slug string) {
	t.Helper()
	ctx := context.Background()
	if _, err := c.LookupSite(ctx, slug); err == nil {
		return
	}
	if _, err := c.Sites().Create(ctx, netbox.SiteRequest{Name: slug, Slug: slug}); err != nil {
		t.Fatalf("creating site %s: %v", slug, err)
	}
}

// count returns how many objects a NetBox list endpoint has for the filters.
func count(t *testing.T, c *netbox.Client, path string, q url.Values) int {
	t.Helper()
	if q == nil {
		q = url.Values{}
	}
	q.Set("limit", "1")
	q.Set("brief", "true")
	u := strings.TrimRight(c.BaseURL(), "/") + path + "?" + q.Encode()
	resp, err := c.HTTPClient().Get(u)
	if err != nil {
		t.Fatalf("GET %s: %v", path, err)
	}
	defer resp.Body.Close()
	var body struct {
		Count *int `json:"count"`
	}
	if err := json.NewDecoder(io.LimitReader(resp.Body, 1<<20)).Decode(&body); err != nil || body.Count == nil {
		t.Fatalf("GET %s: HTTP %d, no count (%v)", u, resp.StatusCode, err)
	}
	return *body.Count
}

// inventoryCounts are the NetBox object counts that a destroy must restore.
func inventoryCounts(t *testing.T, c *netbox.Client) map[string]int {
	t.Helper()
	out := map[string]int{}
	for kind, p := range map[string]string{
		"devices": "/api/dcim/devices/", "interfaces": "/api/dcim/interfaces/", "cables": "/api/dcim/cables/",
		"tags": "/api/extras/tags/", "device roles": "/api/dcim/device-roles/", "device types": "/api/dcim/device-types/",
		"manufacturers": "/api/dcim/manufacturers/", "interface templates": "/api/dcim/interface-templates/",
	} {
		out[kind] = count(t, c, p, nil)
	}
	return out
}

// taggedCounts counts the devices and cables carrying a plan's tag.
func taggedCounts(t *testing.T, c *netbox.Client, plan string) (devices, cables int) {
	t.Helper()
	tag := url.Values{"tag": {"hedgehog-plan-" + plan}}
	// A tag that does not exist makes NetBox answer 400 to the filter: nothing carries it.
	if count(t, c, "/api/extras/tags/", url.Values{"slug": {"hedgehog-plan-" + plan}}) == 0 {
		return 0, 0
	}
	return count(t, c, "/api/dcim/devices/", tag), count(t, c, "/api/dcim/cables/", cloneValues(tag))
}

func cloneValues(v url.Values) url.Values {
	out := url.Values{}
	for k, vs := range v {
		out[k] = append([]string(nil), vs...)
	}
	return out
}

// faultProxy forwards to NetBox, except requests that fail says to fail: those get HTTP 500
// and never reach NetBox.
type faultProxy struct {
	*httptest.Server
}

func newFaultProxy(t *testing.T, target string, fail func(*http.Request) bool) *faultProxy {
	t.Helper()
	u, err := url.Parse(target)
	if err != nil {
		t.Fatal(err)
	}
	rp := httputil.NewSingleHostReverseProxy(u)
	p := &faultProxy{Server: httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if fail(r) {
			w.Header().Set("Content-Type", "application/json")
			w.WriteHeader(http.StatusInternalServerError)
			_, _ = w.Write([]byte(`{"detail": "injected fault (test)"}`))
			return
		}
		rp.ServeHTTP(w, r)
	}))}
	t.Cleanup(p.Close)
	return p
}

// nthPost fails the nth POST to path (1-based) that writes something; posts counts them.
// Empty lists (the preflight's permission probes) pass.
func nthPost(path string, nth int32, posts *atomic.Int32) func(*http.Request) bool {
	return func(r *http.Request) bool {
		return r.Method == http.MethodPost && r.URL.Path == path && writes(r) && posts.Add(1) == nth
	}
}

// writes reports whether a request carries objects (not an empty list); the body is kept for
// the proxy.
func writes(r *http.Request) bool {
	if r.Body == nil {
		return false
	}
	b, _ := io.ReadAll(r.Body)
	r.Body = io.NopCloser(bytes.NewReader(b))
	return strings.TrimSpace(string(b)) != "[]"
}

// The provider binary for tests that run Terraform on an example directory as a user does
// (terraform-plugin-testing cannot hold for_each resources in its state checks).
var devProvider struct {
	once   sync.Once
	rcFile string
	err    error
}

func devProviderRC(t *testing.T) string {
	t.Helper()
	devProvider.once.Do(func() {
		// One build for every test of the run (sync.Once): t.TempDir would go with the first test.
		dir, err := os.MkdirTemp("", "hedgehog-test-provider-") //nolint:usetesting // shared by all tests
		if err != nil {
			devProvider.err = err
			return
		}
		out, err := exec.Command("go", "build", "-o", filepath.Join(dir, "terraform-provider-hedgehog"), "../..").CombinedOutput()
		if err != nil {
			devProvider.err = fmt.Errorf("go build: %v\n%s", err, out)
			return
		}
		rc := filepath.Join(dir, "terraform.rc")
		devProvider.err = os.WriteFile(rc, []byte(fmt.Sprintf(
			"provider_installation {\n  dev_overrides {\n    \"netfabric-io/hedgehog\" = %q\n  }\n  direct {}\n}\n", dir)), 0o600)
		devProvider.rcFile = rc
	})
	if devProvider.err != nil {
		t.Fatal(devProvider.err)
	}
	return devProvider.rcFile
}

// exampleTerraform copies a configuration directory (relative to the repository root, e.g.
// examples/ai-cluster-128gpu) into a temporary working directory and returns Terraform 1.5.7
// set up to run it with the provider built from this checkout.
func exampleTerraform(t *testing.T, example string, env map[string]string) *tfexec.Terraform {
	t.Helper()
	dir := t.TempDir()
	files, _ := filepath.Glob(filepath.Join("..", "..", example, "*.tf"))
	for _, f := range files {
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(dir, filepath.Base(f)), b, 0o600); err != nil {
			t.Fatal(err)
		}
	}
	return terraformIn(t, dir, env)
}

// terraformIn returns Terraform 1.5.7 set up to run the configuration in dir with the provider
// built from this checkout, with env added to the test's environment.
func terraformIn(t *testing.T, dir string, env map[string]string) *tfexec.Terraform {
	t.Helper()
	tfPath := os.Getenv("TF_ACC_TERRAFORM_PATH")
	if tfPath == "" {
		t.Fatal("TF_ACC_TERRAFORM_PATH is not set: run the tests with `make test` or `make testacc`, which build " +
			"Terraform 1.5.7 with scripts/terraform.sh")
	}
	tf, err := tfexec.NewTerraform(dir, tfPath)
	if err != nil {
		t.Fatal(err)
	}
	vars := map[string]string{}
	for _, kv := range os.Environ() {
		if k, v, ok := strings.Cut(kv, "="); ok {
			vars[k] = v
		}
	}
	for _, k := range []string{"TF_LOG", "TF_LOG_CORE", "TF_LOG_PATH", "TF_LOG_PROVIDER", "TF_CLI_ARGS", "TF_INPUT",
		"TF_IN_AUTOMATION", "TF_REATTACH_PROVIDERS", "TF_APPEND_USER_AGENT", "TF_WORKSPACE", "TF_DISABLE_PLUGIN_TLS",
		"TF_SKIP_PROVIDER_VERIFY"} {
		delete(vars, k)
	}
	vars["TF_CLI_CONFIG_FILE"] = devProviderRC(t)
	vars["CHECKPOINT_DISABLE"] = "1"
	for k, v := range env {
		vars[k] = v
	}
	if err := tf.SetEnv(vars); err != nil {
		t.Fatal(err)
	}
	return tf
}

func tfVars(kv ...string) []tfexec.PlanOption {
	var out []tfexec.PlanOption
	for i := 0; i+1 < len(kv); i += 2 {
		out = append(out, tfexec.Var(kv[i]+"="+kv[i+1]))
	}
	return out
}
