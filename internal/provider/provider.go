// Package provider implements the hedgehog Terraform provider: the provider
// configuration (an optional NetBox connection) and the registration of its
// resources and data sources.
package provider

import (
	"context"
	"crypto/x509"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"strings"
	"sync"
	"time"

	"github.com/hashicorp/terraform-plugin-framework-validators/int64validator"
	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/provider"
	"github.com/hashicorp/terraform-plugin-framework/provider/schema"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-log/tflog"

	"github.com/netfabric-io/terraform-provider-hedgehog/internal/inventory"
	"github.com/netfabric-io/terraform-provider-hedgehog/internal/netbox"
)

// Environment variables read when the matching attribute is not set.
const (
	EnvNetBoxURL   = "NETBOX_URL"
	EnvNetBoxToken = "NETBOX_TOKEN"
)

// Defaults applied when the attribute is not set: the NetBox client's own, so that there is
// one source of each.
const (
	DefaultRequestTimeout = netbox.DefaultTimeout
	DefaultMaxRetries     = netbox.DefaultMaxRetries
	netBoxBatchSize       = netbox.DefaultBatchSize
	netBoxConcurrency     = netbox.DefaultConcurrency
)

// Upper bounds accepted for request_timeout (seconds), max_retries and the bulk settings.
const (
	maxRequestTimeoutSeconds = 3600
	maxMaxRetries            = 20
	maxBulkBatchSize         = 1000 // NetBox's MAX_PAGE_SIZE; larger lists near its 2.5 MB body limit
	maxBulkInFlight          = 16
)

// ProviderData is handed to every resource and data source through
// resp.ResourceData / resp.DataSourceData in Configure.
//
// A resource that receives a nil ProviderData (req.ProviderData == nil) is
// running before the provider was configured, or the provider configuration
// still holds unknown values; it must then plan without NetBox.
type ProviderData struct {
	// Version is the provider version ("dev", "test" or a release).
	Version string
	// NetBox is nil when the provider runs offline (no url configured):
	// resources plan, but do not read or write NetBox.
	NetBox *NetBoxSettings
	// Inventory writes and reads the objects classes own; nil offline or without a token.
	Inventory *inventory.Executor
	// plannedDeviceTypes holds the slugs that hedgehog_device_type resources plan in this run,
	// so that a class whose device type does not exist in NetBox yet is not an error when the
	// same apply creates it.
	plannedDeviceTypes sync.Map
}

// Online reports whether a NetBox connection is configured.
func (d *ProviderData) Online() bool {
	return d != nil && d.NetBox != nil
}

// NetBoxSettings is the resolved NetBox connection configuration.
type NetBoxSettings struct {
	// URL is the NetBox base URL (scheme and host, optional path prefix),
	// without a trailing slash, e.g. "https://netbox.example.com".
	URL string
	// Token is the API token as given: a v1 key or a v2 "nbt_<key>.<secret>".
	Token string
	// CACertFile is an optional PEM file of extra trusted CAs; caPool is what it holds, read
	// once when the settings are resolved.
	CACertFile string
	caPool     *x509.CertPool
	// Insecure disables TLS certificate verification.
	Insecure bool
	// Timeout bounds one HTTP request.
	Timeout time.Duration
	// MaxRetries is the number of retries for retryable failures.
	MaxRetries int
	// BatchSize and InFlight shape bulk writes: objects per list, lists at once.
	BatchSize, InFlight int
}

// Ensure HedgehogProvider satisfies the framework interfaces.
var (
	_ provider.Provider                   = &HedgehogProvider{}
	_ provider.ProviderWithValidateConfig = &HedgehogProvider{}
)

// HedgehogProvider is the provider implementation.
type HedgehogProvider struct {
	// version is "dev" for local builds, the release version when built by
	// goreleaser, and "test" in acceptance tests.
	version string
}

// hedgehogProviderModel maps the provider schema.
type hedgehogProviderModel struct {
	URL            types.String `tfsdk:"url"`
	Token          types.String `tfsdk:"token"`
	CACertFile     types.String `tfsdk:"ca_cert_file"`
	Insecure       types.Bool   `tfsdk:"insecure"`
	RequestTimeout types.Int64  `tfsdk:"request_timeout"`
	MaxRetries     types.Int64  `tfsdk:"max_retries"`
	BulkBatchSize  types.Int64  `tfsdk:"bulk_batch_size"`
	BulkInFlight   types.Int64  `tfsdk:"bulk_in_flight"`
}

// New returns a constructor for the provider, as providerserver expects.
func New(version string) func() provider.Provider {
	return func() provider.Provider {
		return &HedgehogProvider{version: version}
	}
}

// Metadata returns the provider type name and version.
func (p *HedgehogProvider) Metadata(_ context.Context, _ provider.MetadataRequest, resp *provider.MetadataResponse) {
	resp.TypeName = "hedgehog"
	resp.Version = p.version
}

// Schema defines the provider configuration.
func (p *HedgehogProvider) Schema(_ context.Context, _ provider.SchemaRequest, resp *provider.SchemaResponse) {
	resp.Schema = schema.Schema{
		Description: "Plans Hedgehog Open Network Fabric topologies and materializes them in NetBox. " +
			"Without a NetBox URL the provider runs offline: plans compute quantities, allocations and " +
			"diagnostics, but nothing is read from or written to NetBox.",
		MarkdownDescription: "Plans [Hedgehog Open Network Fabric](https://githedgehog.com) topologies and " +
			"materializes them in [NetBox](https://netbox.dev).\n\n" +
			"Without a NetBox URL (neither `url` nor `" + EnvNetBoxURL + "`) the provider runs **offline**: " +
			"`terraform plan` computes quantities, port allocations and diagnostics, but nothing is read " +
			"from or written to NetBox.",
		Attributes: map[string]schema.Attribute{
			"url": schema.StringAttribute{
				Optional: true,
				Description: "Base URL of the NetBox instance, e.g. https://netbox.example.com. " +
					"Falls back to the " + EnvNetBoxURL + " environment variable. Unset or empty: offline mode.",
				MarkdownDescription: "Base URL of the NetBox instance (`http` or `https`, with a host), e.g. " +
					"`https://netbox.example.com`. Falls back to the `" + EnvNetBoxURL + "` environment variable. " +
					"When neither is set (or both are empty) the provider runs offline.",
			},
			"token": schema.StringAttribute{
				Optional:  true,
				Sensitive: true,
				Description: "NetBox API token: a v1 key (sent as \"Token <key>\") or a v2 token " +
					"\"nbt_<key>.<secret>\" (sent as \"Bearer ...\"). Falls back to the " + EnvNetBoxToken +
					" environment variable. Requires url.",
				MarkdownDescription: "NetBox API token: a v1 key (sent as `Token <key>`) or a v2 token " +
					"`nbt_<key>.<secret>` (sent as `Bearer nbt_<key>.<secret>`); the kind is detected from the " +
					"token. Falls back to the `" + EnvNetBoxToken + "` environment variable. Requires `url`.",
			},
			"ca_cert_file": schema.StringAttribute{
				Optional:            true,
				Description:         "Path to a PEM file with additional CA certificates trusted for the NetBox TLS connection.",
				MarkdownDescription: "Path to a PEM file with additional CA certificates trusted for the NetBox TLS connection.",
			},
			"insecure": schema.BoolAttribute{
				Optional:            true,
				Description:         "Skip TLS certificate verification (not recommended). Defaults to false.",
				MarkdownDescription: "Skip TLS certificate verification (not recommended). Defaults to `false`.",
			},
			"request_timeout": schema.Int64Attribute{
				Optional: true,
				Description: fmt.Sprintf("Timeout of one NetBox API request, in seconds (1..%d). Defaults to %d.",
					maxRequestTimeoutSeconds, int(DefaultRequestTimeout/time.Second)),
				MarkdownDescription: fmt.Sprintf("Timeout of one NetBox API request, in seconds (1..%d). Defaults to `%d`.",
					maxRequestTimeoutSeconds, int(DefaultRequestTimeout/time.Second)),
				Validators: []validator.Int64{int64validator.Between(1, maxRequestTimeoutSeconds)},
			},
			"max_retries": schema.Int64Attribute{
				Optional: true,
				Description: fmt.Sprintf("How often a NetBox request is retried on 429/502/503/504 or a connection "+
					"reset (0..%d). Defaults to %d.", maxMaxRetries, DefaultMaxRetries),
				MarkdownDescription: fmt.Sprintf("How often a NetBox request is retried on 429/502/503/504 or a "+
					"connection reset, with backoff (0..%d). Defaults to `%d`.", maxMaxRetries, DefaultMaxRetries),
				Validators: []validator.Int64{int64validator.Between(0, maxMaxRetries)},
			},
			"bulk_batch_size": schema.Int64Attribute{
				Optional: true,
				Description: fmt.Sprintf("Objects per bulk request when writing to NetBox (1..%d). Defaults to %d.",
					maxBulkBatchSize, netBoxBatchSize),
				MarkdownDescription: fmt.Sprintf("Objects per bulk request when writing to NetBox (1..%d). Defaults to "+
					"`%d`. Larger lists save requests but each takes longer (a proxy in front of NetBox may time them "+
					"out); see docs/performance.md.", maxBulkBatchSize, netBoxBatchSize),
				Validators: []validator.Int64{int64validator.Between(1, maxBulkBatchSize)},
			},
			"bulk_in_flight": schema.Int64Attribute{
				Optional: true,
				Description: fmt.Sprintf("Bulk requests in flight at once (1..%d). Defaults to %d.",
					maxBulkInFlight, netBoxConcurrency),
				MarkdownDescription: fmt.Sprintf("Bulk requests in flight at once (1..%d). Defaults to `%d`, right for "+
					"a NetBox on two cores; raise it with NetBox's gunicorn workers and cores (docs/performance.md).",
					maxBulkInFlight, netBoxConcurrency),
				Validators: []validator.Int64{int64validator.Between(1, maxBulkInFlight)},
			},
		},
	}
}

// ValidateConfig checks the values written in the provider block. Values from
// environment variables are checked in Configure.
func (p *HedgehogProvider) ValidateConfig(ctx context.Context, req provider.ValidateConfigRequest, resp *provider.ValidateConfigResponse) {
	var cfg hedgehogProviderModel
	resp.Diagnostics.Append(req.Config.Get(ctx, &cfg)...)
	if resp.Diagnostics.HasError() {
		return
	}
	if knownNonEmpty(cfg.URL) {
		if err := validateNetBoxURL(cfg.URL.ValueString()); err != nil {
			resp.Diagnostics.AddAttributeError(path.Root("url"), "Invalid NetBox URL", err.Error())
		}
	}
	if knownNonEmpty(cfg.CACertFile) && knownTrue(cfg.Insecure) {
		resp.Diagnostics.AddAttributeWarning(path.Root("ca_cert_file"), "CA certificate ignored",
			"insecure = true disables TLS verification, so ca_cert_file has no effect.")
	}
}

// Configure resolves the configuration (attributes, then environment) and
// hands a *ProviderData to resources and data sources.
func (p *HedgehogProvider) Configure(ctx context.Context, req provider.ConfigureRequest, resp *provider.ConfigureResponse) {
	var cfg hedgehogProviderModel
	resp.Diagnostics.Append(req.Config.Get(ctx, &cfg)...)
	if resp.Diagnostics.HasError() {
		return
	}

	// A value that comes from another resource is unknown until apply. Hand
	// out nothing: resources then plan as if unconfigured, and Terraform
	// configures the provider again once the value is known.
	if cfg.URL.IsUnknown() || cfg.Token.IsUnknown() || cfg.CACertFile.IsUnknown() ||
		cfg.Insecure.IsUnknown() || cfg.RequestTimeout.IsUnknown() || cfg.MaxRetries.IsUnknown() ||
		cfg.BulkBatchSize.IsUnknown() || cfg.BulkInFlight.IsUnknown() {
		tflog.Debug(ctx, "provider configuration has unknown values; deferring configuration")
		return
	}

	settings, diags := resolveSettings(cfg, os.Getenv)
	resp.Diagnostics.Append(diags...)
	if resp.Diagnostics.HasError() {
		return
	}

	data := &ProviderData{Version: p.version, NetBox: settings}
	if settings != nil && settings.Token != "" {
		nb, err := newNetBoxClient(ctx, settings)
		if err != nil {
			resp.Diagnostics.AddError("Invalid NetBox configuration", err.Error())
			return
		}
		data.Inventory = inventory.New(inventory.NetBoxStore(nb))
	}
	if settings == nil {
		tflog.Info(ctx, "no NetBox URL configured; the hedgehog provider runs offline (planning only)")
	} else {
		ctx = tflog.MaskFieldValuesWithFieldKeys(ctx, "token")
		tflog.Info(ctx, "configured NetBox connection", map[string]any{
			"url":         settings.URL,
			"insecure":    settings.Insecure,
			"timeout":     settings.Timeout.String(),
			"max_retries": settings.MaxRetries,
			"batch_size":  settings.BatchSize,
			"in_flight":   settings.InFlight,
		})
	}
	resp.DataSourceData = data
	resp.ResourceData = data
}

func newNetBoxClient(ctx context.Context, s *NetBoxSettings) (*netbox.Client, error) {
	return netbox.New(netbox.Config{URL: s.URL, Token: s.Token, CACertFile: s.CACertFile, RootCAs: s.caPool,
		Insecure: s.Insecure, Timeout: s.Timeout, MaxRetries: s.MaxRetries, BatchSize: s.BatchSize, Concurrency: s.InFlight, SpreadBatches: true,
		UserAgent: "terraform-provider-hedgehog",
		Logf: func(format string, args ...any) {
			tflog.Debug(ctx, fmt.Sprintf(format, args...))
		}})
}

// resolveSettings merges attributes and environment. It returns nil settings
// (offline mode) when no URL is configured anywhere.
func resolveSettings(cfg hedgehogProviderModel, getenv func(string) string) (*NetBoxSettings, diag.Diagnostics) {
	var diags diag.Diagnostics

	if !cfg.URL.IsNull() && strings.TrimSpace(cfg.URL.ValueString()) == "" {
		return nil, diags // url = "" forces offline mode, whatever the environment says
	}
	rawURL, urlFromEnv := stringOrEnv(cfg.URL, EnvNetBoxURL, getenv)
	token, tokenFromEnv := stringOrEnv(cfg.Token, EnvNetBoxToken, getenv)

	if rawURL == "" {
		if token != "" {
			source := "the token attribute"
			if tokenFromEnv {
				source = "the " + EnvNetBoxToken + " environment variable"
			}
			diags.AddAttributeError(path.Root("url"), "NetBox URL missing",
				"A NetBox token is set (from "+source+") but no NetBox URL: set url or the "+EnvNetBoxURL+
					" environment variable, or remove the token to plan offline.")
		}
		return nil, diags
	}

	if err := validateNetBoxURL(rawURL); err != nil {
		detail := err.Error()
		if urlFromEnv {
			detail = "The " + EnvNetBoxURL + " environment variable is invalid: " + detail
		}
		diags.AddAttributeError(path.Root("url"), "Invalid NetBox URL", detail)
		return nil, diags
	}

	settings := &NetBoxSettings{
		URL:        strings.TrimRight(rawURL, "/"),
		Token:      token,
		Insecure:   knownTrue(cfg.Insecure),
		Timeout:    DefaultRequestTimeout,
		MaxRetries: DefaultMaxRetries,
		BatchSize:  netBoxBatchSize,
		InFlight:   netBoxConcurrency,
	}
	if knownNonEmpty(cfg.CACertFile) {
		settings.CACertFile = cfg.CACertFile.ValueString()
		if st, err := os.Stat(settings.CACertFile); err != nil {
			diags.AddAttributeError(path.Root("ca_cert_file"), "CA certificate file not readable", err.Error())
		} else if st.IsDir() {
			diags.AddAttributeError(path.Root("ca_cert_file"), "CA certificate file not readable",
				settings.CACertFile+" is a directory, expected a PEM file.")
		} else if settings.caPool, err = netbox.LoadCAFile(settings.CACertFile); errors.Is(err, fs.ErrNotExist) || errors.Is(err, fs.ErrPermission) {
			diags.AddAttributeError(path.Root("ca_cert_file"), "CA certificate file not readable", err.Error())
		} else if err != nil {
			diags.AddAttributeError(path.Root("ca_cert_file"), "CA certificate file holds no certificate",
				settings.CACertFile+" has no PEM-encoded certificate (-----BEGIN CERTIFICATE----- ...); give the CA "+
					"certificate that signed NetBox's TLS certificate.")
		}
	}
	if !cfg.RequestTimeout.IsNull() {
		settings.Timeout = time.Duration(cfg.RequestTimeout.ValueInt64()) * time.Second
	}
	if !cfg.MaxRetries.IsNull() {
		settings.MaxRetries = int(cfg.MaxRetries.ValueInt64())
	}
	if !cfg.BulkBatchSize.IsNull() {
		settings.BatchSize = int(cfg.BulkBatchSize.ValueInt64())
	}
	if !cfg.BulkInFlight.IsNull() {
		settings.InFlight = int(cfg.BulkInFlight.ValueInt64())
	}
	if settings.Token == "" {
		diags.AddAttributeWarning(path.Root("token"), "NetBox token missing",
			"No NetBox token is configured (token attribute or "+EnvNetBoxToken+"): NetBox reads may be "+
				"limited and every write will be refused.")
	}
	return settings, diags
}

// validateNetBoxURL accepts what the NetBox client accepts (netbox.ParseBaseURL).
func validateNetBoxURL(raw string) error {
	_, err := netbox.ParseBaseURL(raw)
	if err != nil {
		return errors.New(strings.TrimPrefix(err.Error(), "netbox: "))
	}
	return nil
}

// stringOrEnv returns the attribute value when set and non-empty, otherwise
// the (trimmed) environment variable, and whether it came from the
// environment.
func stringOrEnv(v types.String, env string, getenv func(string) string) (string, bool) {
	if knownNonEmpty(v) {
		return strings.TrimSpace(v.ValueString()), false
	}
	if v.IsNull() {
		if e := strings.TrimSpace(getenv(env)); e != "" {
			return e, true
		}
	}
	return "", false
}

func knownNonEmpty(v types.String) bool {
	return !v.IsNull() && !v.IsUnknown() && strings.TrimSpace(v.ValueString()) != ""
}

func knownTrue(v types.Bool) bool {
	return !v.IsNull() && !v.IsUnknown() && v.ValueBool()
}

// Resources lists the managed resources.
func (p *HedgehogProvider) Resources(_ context.Context) []func() resource.Resource {
	return []func() resource.Resource{
		NewDeviceTypeResource,
		NewTopologyPlanResource,
		NewServerClassResource,
		NewSwitchClassResource,
	}
}

// DataSources lists the data sources.
func (p *HedgehogProvider) DataSources(_ context.Context) []func() datasource.DataSource {
	return []func() datasource.DataSource{
		NewBillOfMaterialsDataSource,
		NewSwitchProfileDataSource,
		NewTopologyDiagramDataSource,
		NewWiringDiagramDataSource,
	}
}
