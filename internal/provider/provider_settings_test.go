package provider

import (
	"context"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/pem"
	"math/big"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-framework/provider"
	"github.com/hashicorp/terraform-plugin-framework/tfsdk"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-go/tftypes"
)

// The provider's NetBox settings: URL, token, CA file, timeouts and retries, from attributes and
// the environment.

func TestValidateNetBoxURL(t *testing.T) {
	good := []string{
		"http://localhost:8000",
		"https://netbox.example.com",
		"https://netbox.example.com/",
		"https://example.com/netbox",
		"http://127.0.0.1:8080",
		"http://[::1]:8000",
	}
	for _, u := range good {
		if err := validateNetBoxURL(u); err != nil {
			t.Errorf("%q: unexpected error %v", u, err)
		}
	}
	bad := []string{
		"netbox.example.com",
		"ftp://netbox.example.com",
		"https://",
		"http:///api",
		"https://netbox.example.com/?x=1",
		"https://user:pw@netbox.example.com",
		"://x",
		"",
		strings.Repeat("h", 10000),
	}
	for _, u := range bad {
		if err := validateNetBoxURL(u); err == nil {
			t.Errorf("%q: expected an error", u)
		}
	}
}

func TestResolveSettings(t *testing.T) {
	env := func(m map[string]string) func(string) string {
		return func(k string) string { return m[k] }
	}
	caFile := filepath.Join(t.TempDir(), "ca.pem")
	if err := os.WriteFile(caFile, selfSignedPEM(t), 0o600); err != nil {
		t.Fatal(err)
	}
	notPEM := filepath.Join(t.TempDir(), "ca.txt")
	if err := os.WriteFile(notPEM, []byte("-----BEGIN CERTIFICATE-----\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	null := hedgehogProviderModel{
		URL: types.StringNull(), Token: types.StringNull(), CACertFile: types.StringNull(),
		Insecure: types.BoolNull(), RequestTimeout: types.Int64Null(), MaxRetries: types.Int64Null(),
	}

	tests := []struct {
		name     string
		cfg      func(m *hedgehogProviderModel)
		env      map[string]string
		want     *NetBoxSettings
		errMatch string
		warnings int
	}{
		{
			name: "offline",
			cfg:  func(*hedgehogProviderModel) {},
		},
		{
			name: "empty url is offline",
			cfg:  func(m *hedgehogProviderModel) { m.URL = types.StringValue("  ") },
			env:  map[string]string{EnvNetBoxURL: "http://ignored:8000"},
		},
		{
			name: "empty url is offline even with a token in the environment",
			cfg:  func(m *hedgehogProviderModel) { m.URL = types.StringValue("") },
			env:  map[string]string{EnvNetBoxURL: "http://ignored:8000", EnvNetBoxToken: "nbt_a.b"},
		},
		{
			name: "attributes",
			cfg: func(m *hedgehogProviderModel) {
				m.URL = types.StringValue("https://netbox.example.com/")
				m.Token = types.StringValue("nbt_abc.def")
				m.CACertFile = types.StringValue(caFile)
				m.Insecure = types.BoolValue(true)
				m.RequestTimeout = types.Int64Value(5)
				m.MaxRetries = types.Int64Value(0)
				m.BulkBatchSize = types.Int64Value(250)
				m.BulkInFlight = types.Int64Value(6)
			},
			env: map[string]string{EnvNetBoxURL: "http://env:1", EnvNetBoxToken: "envtoken"},
			want: &NetBoxSettings{
				URL: "https://netbox.example.com", Token: "nbt_abc.def", CACertFile: caFile,
				Insecure: true, Timeout: 5 * time.Second, MaxRetries: 0, BatchSize: 250, InFlight: 6,
			},
		},
		{
			name: "environment",
			cfg:  func(*hedgehogProviderModel) {},
			env:  map[string]string{EnvNetBoxURL: " http://localhost:8000 ", EnvNetBoxToken: "0123456789abcdef\n"},
			want: &NetBoxSettings{
				URL: "http://localhost:8000", Token: "0123456789abcdef",
				Timeout: DefaultRequestTimeout, MaxRetries: DefaultMaxRetries, BatchSize: netBoxBatchSize, InFlight: netBoxConcurrency,
			},
		},
		{
			name: "url without token warns",
			cfg:  func(m *hedgehogProviderModel) { m.URL = types.StringValue("http://localhost:8000") },
			want: &NetBoxSettings{URL: "http://localhost:8000", Timeout: DefaultRequestTimeout, MaxRetries: DefaultMaxRetries,
				BatchSize: netBoxBatchSize, InFlight: netBoxConcurrency},
			warnings: 1,
		},
		{
			name:     "token without url",
			cfg:      func(m *hedgehogProviderModel) { m.Token = types.StringValue("abc") },
			errMatch: "NetBox URL missing",
		},
		{
			name:     "env token without url",
			cfg:      func(*hedgehogProviderModel) {},
			env:      map[string]string{EnvNetBoxToken: "abc"},
			errMatch: "NETBOX_TOKEN",
		},
		{
			name:     "bad env url",
			cfg:      func(*hedgehogProviderModel) {},
			env:      map[string]string{EnvNetBoxURL: "netbox:8000"},
			errMatch: "NETBOX_URL environment variable is invalid",
		},
		{
			name: "ca file without a certificate",
			cfg: func(m *hedgehogProviderModel) {
				m.URL = types.StringValue("https://netbox.example.com")
				m.Token = types.StringValue("t")
				m.CACertFile = types.StringValue(notPEM)
			},
			errMatch: "holds no certificate",
		},
		{
			name: "missing ca file",
			cfg: func(m *hedgehogProviderModel) {
				m.URL = types.StringValue("https://netbox.example.com")
				m.Token = types.StringValue("t")
				m.CACertFile = types.StringValue(filepath.Join(t.TempDir(), "missing.pem"))
			},
			errMatch: "CA certificate file not readable",
		},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			cfg := null
			tc.cfg(&cfg)
			got, diags := resolveSettings(cfg, env(tc.env))
			if tc.errMatch != "" {
				if !diags.HasError() {
					t.Fatalf("expected an error matching %q, got %v", tc.errMatch, diags)
				}
				var text string
				for _, d := range diags.Errors() {
					text += d.Summary() + ": " + d.Detail() + "\n"
				}
				if !strings.Contains(text, tc.errMatch) {
					t.Fatalf("error %q does not mention %q", text, tc.errMatch)
				}
				return
			}
			if diags.HasError() {
				t.Fatalf("unexpected error: %v", diags)
			}
			if n := diags.WarningsCount(); n != tc.warnings {
				t.Errorf("got %d warnings, want %d: %v", n, tc.warnings, diags)
			}
			switch {
			case tc.want == nil && got != nil:
				t.Fatalf("expected offline, got %+v", got)
			case tc.want != nil && got == nil:
				t.Fatalf("expected %+v, got offline", tc.want)
			case tc.want != nil && (got.CACertFile != "") != (got.caPool != nil):
				t.Fatalf("CA file %q read into pool %v", got.CACertFile, got.caPool)
			case tc.want != nil && withoutPool(*got) != *tc.want:
				t.Fatalf("got %+v, want %+v", *got, *tc.want)
			}
		})
	}
}

// configureDirect runs Configure with a raw provider configuration.
func configureDirect(t *testing.T, values map[string]tftypes.Value) *provider.ConfigureResponse {
	t.Helper()
	ctx := context.Background()
	p := New("test")()
	sresp := &provider.SchemaResponse{}
	p.Schema(ctx, provider.SchemaRequest{}, sresp)
	typ := sresp.Schema.Type().TerraformType(ctx).(tftypes.Object)
	all := map[string]tftypes.Value{}
	for name, at := range typ.AttributeTypes {
		if v, ok := values[name]; ok {
			all[name] = v
		} else {
			all[name] = tftypes.NewValue(at, nil)
		}
	}
	resp := &provider.ConfigureResponse{}
	p.Configure(ctx, provider.ConfigureRequest{
		Config: tfsdk.Config{Schema: sresp.Schema, Raw: tftypes.NewValue(typ, all)},
	}, resp)
	return resp
}

// selfSignedPEM is a throw-away CA certificate.
func selfSignedPEM(t *testing.T) []byte {
	t.Helper()
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	tmpl := &x509.Certificate{SerialNumber: big.NewInt(1), Subject: pkix.Name{CommonName: "test CA"},
		NotBefore: time.Now().Add(-time.Hour), NotAfter: time.Now().Add(time.Hour), IsCA: true,
		BasicConstraintsValid: true, KeyUsage: x509.KeyUsageCertSign}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, tmpl, &key.PublicKey, key)
	if err != nil {
		t.Fatal(err)
	}
	return pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: der})
}

// max_retries = 0 means no retries; the NetBox client reads a zero as "its default".
func TestMaxRetriesZeroMeansNone(t *testing.T) {
	for _, tc := range []struct{ set, want int }{{0, 0}, {3, 3}, {20, 20}} {
		c, err := newNetBoxClient(context.Background(), &NetBoxSettings{URL: "http://127.0.0.1:1", Token: "nbt_a.b",
			Timeout: time.Second, MaxRetries: tc.set})
		if err != nil {
			t.Fatal(err)
		}
		if got := c.Config().MaxRetries; got != tc.want {
			t.Errorf("max_retries %d: client retries %d times", tc.set, got)
		}
	}
}

// withoutPool drops the CA pool read from the file, which the file's name stands for.
func withoutPool(s NetBoxSettings) NetBoxSettings {
	s.caPool = nil
	return s
}
