// Package netbox is the NetBox REST client used by the provider's apply path.
//
// It wraps one *http.Client whose transport adds authentication, a per-request
// timeout and retries (see transport.go). Typed reads of simple objects go
// through go-netbox/v4 on top of that same *http.Client; everything else
// (bulk operations, devices, interfaces, cables, status) is plain HTTP with the
// small JSON types in types.go. README.md lists which endpoint uses which path.
package netbox

import (
	"context"
	"crypto/tls"
	"crypto/x509"
	"errors"
	"fmt"
	"net"
	"net/http"
	"net/url"
	"os"
	"regexp"
	"strings"
	"sync"
	"time"

	gonetbox "github.com/netbox-community/go-netbox/v4"
)

// Defaults applied by New to zero-valued Config fields.
const (
	DefaultTimeout     = 60 * time.Second
	DefaultBulkTimeout = 5 * time.Minute
	DefaultMaxRetries  = 3
	// DefaultBatchSize objects per bulk list and DefaultConcurrency lists in flight: on a
	// NetBox with few cores, more in flight only makes each batch slower (NETBOX-NOTES).
	DefaultBatchSize    = 100
	DefaultConcurrency  = 2
	DefaultUserAgent    = "terraform-provider-hedgehog"
	DefaultRetryWaitMin = 500 * time.Millisecond
	DefaultRetryWaitMax = 30 * time.Second
	// DefaultPageSize is the page size requested by list calls. NetBox clamps
	// it to its MAX_PAGE_SIZE (1000 by default); `next` is followed either way.
	DefaultPageSize = 1000
)

// Config configures a Client. Only URL and Token are required.
type Config struct {
	// URL is NetBox's base URL, e.g. https://netbox.example.com (not the /api/ URL;
	// a trailing "/api" or "/api/" is tolerated and removed).
	URL string
	// Token is a v1 (40 hex chars) or v2 (nbt_<key>.<secret>) API token; see TokenAuthHeader.
	Token string

	// CACertFile is a PEM file with extra CA certificates trusted in addition
	// to the system pool. TLS is verified unless Insecure is set.
	CACertFile string
	// RootCAs, when set, is the pool LoadCAFile already read (CACertFile is then not read again).
	RootCAs  *x509.CertPool
	Insecure bool

	// Timeout bounds each HTTP attempt (default 60s). Retries get a fresh timeout.
	Timeout time.Duration
	// BulkTimeout bounds each attempt of a bulk batch request (default: the
	// larger of Timeout and 5 minutes). NetBox needs roughly 50-150 ms per object
	// (more with tags, much more on a busy server), so a batch of 200 can exceed
	// 60 s; a write abandoned by a client-side timeout has an unknown outcome
	// (NetBox usually still commits it), which is worse than waiting.
	BulkTimeout time.Duration
	// MaxRetries is the number of retries after the first attempt: 0 (or less) means none.
	// It is the one field New does not default; DefaultConfig sets DefaultMaxRetries.
	MaxRetries int
	// RetryWaitMin / RetryWaitMax bound the exponential backoff (defaults 500ms / 30s).
	// Retry-After from the server is honoured even when larger than RetryWaitMax.
	RetryWaitMin time.Duration
	RetryWaitMax time.Duration

	// BatchSize is the number of objects per bulk request (default DefaultBatchSize).
	BatchSize int
	// Concurrency is the number of bulk batches in flight at once (default DefaultConcurrency).
	Concurrency int
	// SpreadBatches splits a list into batches of even size, and into Concurrency batches
	// when it is shorter than that many full ones, so that every slot in flight works
	// (batchSize). Off, batches are BatchSize objects and the rest.
	SpreadBatches bool
	// PageSize is the `limit` used by list calls (default 1000).
	PageSize int

	UserAgent string
	// Logf, when set, receives one debug line per HTTP attempt and per retry decision.
	// The token is never logged.
	Logf func(format string, args ...any)

	// Transport overrides the base transport (tests). When set, CACertFile and
	// Insecure are ignored.
	Transport http.RoundTripper
}

// TokenKind says which NetBox token format a token string has.
type TokenKind int

const (
	TokenUnknown TokenKind = iota
	// TokenV1 is a legacy NetBox token: 40 hexadecimal characters, sent as "Token <key>".
	TokenV1
	// TokenV2 is a NetBox >= 4.5 token: "nbt_<key>.<secret>", sent as "Bearer <token>".
	TokenV2
)

func (k TokenKind) String() string {
	switch k {
	case TokenV1:
		return "v1"
	case TokenV2:
		return "v2"
	}
	return "unknown"
}

var v1TokenRE = regexp.MustCompile(`^[0-9a-fA-F]{40}$`)

// DetectTokenKind classifies a token by its shape (surrounding spaces are ignored):
// a token starting with "nbt_" is v2; exactly 40 hex characters is v1;
// anything else is unknown.
func DetectTokenKind(token string) TokenKind {
	token = strings.TrimSpace(token)
	switch {
	case strings.HasPrefix(token, "nbt_"):
		return TokenV2
	case v1TokenRE.MatchString(token):
		return TokenV1
	}
	return TokenUnknown
}

// TokenAuthHeader returns the Authorization header value for a NetBox token.
//
// The rule:
//   - a token that already carries a scheme ("Bearer ..." or "Token ...") is used as given;
//   - a v2 token (prefix "nbt_", format nbt_<key>.<secret>) is sent as "Bearer <token>";
//   - a v1 token (40 hex characters) is sent as "Token <token>";
//   - any other string is sent as "Token <token>" (NetBox's legacy scheme, which is
//     what older NetBox versions and custom-provisioned keys expect).
func TokenAuthHeader(token string) string {
	token = strings.TrimSpace(token)
	lower := strings.ToLower(token)
	if strings.HasPrefix(lower, "bearer ") || strings.HasPrefix(lower, "token ") {
		return token
	}
	if DetectTokenKind(token) == TokenV2 {
		return "Bearer " + token
	}
	return "Token " + token
}

// Client talks to one NetBox instance. It is safe for concurrent use.
type Client struct {
	cfg       Config
	base      *url.URL // scheme://host[/prefix] without trailing slash
	http      *http.Client
	gn        *gonetbox.APIClient
	tokenKind TokenKind
	eps       endpoints

	statusMu sync.Mutex
	status   *Status
	warnings []string
}

// DefaultConfig is a Config with every default, retries included.
func DefaultConfig(url, token string) Config {
	return Config{URL: url, Token: token, Timeout: DefaultTimeout, MaxRetries: DefaultMaxRetries,
		BatchSize: DefaultBatchSize, Concurrency: DefaultConcurrency, PageSize: DefaultPageSize}
}

// ParseBaseURL checks a NetBox base URL (absolute http or https, a host, no query, fragment or
// credentials) and returns it without a trailing slash or "/api".
func ParseBaseURL(raw string) (*url.URL, error) {
	raw = strings.TrimSpace(raw)
	if raw == "" {
		return nil, errors.New("netbox: URL is required (NetBox's base URL, e.g. https://netbox.example.com)")
	}
	u, err := url.Parse(raw)
	switch {
	case err != nil:
		return nil, fmt.Errorf("netbox: %q is not a URL: %v", raw, err)
	case u.Scheme != "http" && u.Scheme != "https":
		return nil, fmt.Errorf("netbox: %q must start with http:// or https://", raw)
	case u.Hostname() == "":
		return nil, fmt.Errorf("netbox: %q has no host", raw)
	case u.RawQuery != "" || u.Fragment != "":
		return nil, fmt.Errorf("netbox: %q must not carry a query or fragment", raw)
	case u.User != nil:
		return nil, fmt.Errorf("netbox: %q must not carry credentials; use token", raw)
	}
	u.Path = strings.TrimSuffix(strings.TrimRight(u.Path, "/"), "/api")
	u.RawPath = ""
	return u, nil
}

// LoadCAFile reads a PEM file of CA certificates into the system pool (or a new one).
func LoadCAFile(path string) (*x509.CertPool, error) {
	pem, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("netbox: reading CA file: %w", err)
	}
	pool, err := x509.SystemCertPool()
	if err != nil || pool == nil {
		pool = x509.NewCertPool()
	}
	if !pool.AppendCertsFromPEM(pem) {
		return nil, fmt.Errorf("netbox: CA file %s contains no PEM certificates", path)
	}
	return pool, nil
}

// New validates cfg, applies defaults, loads the CA file and detects the token kind.
// It does not contact NetBox; call Status for that.
func New(cfg Config) (*Client, error) {
	u, err := ParseBaseURL(cfg.URL)
	if err != nil {
		return nil, err
	}

	cfg.Token = strings.TrimSpace(cfg.Token)
	if cfg.Token == "" {
		return nil, errors.New("netbox: API token is required")
	}
	if cfg.Timeout <= 0 {
		cfg.Timeout = DefaultTimeout
	}
	if cfg.BulkTimeout <= 0 {
		cfg.BulkTimeout = max(cfg.Timeout, DefaultBulkTimeout)
	}
	cfg.MaxRetries = max(cfg.MaxRetries, 0)
	if cfg.RetryWaitMin <= 0 {
		cfg.RetryWaitMin = DefaultRetryWaitMin
	}
	if cfg.RetryWaitMax <= 0 {
		cfg.RetryWaitMax = DefaultRetryWaitMax
	}
	if cfg.RetryWaitMax < cfg.RetryWaitMin {
		cfg.RetryWaitMax = cfg.RetryWaitMin
	}
	if cfg.BatchSize <= 0 {
		cfg.BatchSize = DefaultBatchSize
	}
	if cfg.Concurrency <= 0 {
		cfg.Concurrency = DefaultConcurrency
	}
	if cfg.PageSize <= 0 {
		cfg.PageSize = DefaultPageSize
	}
	if cfg.UserAgent == "" {
		cfg.UserAgent = DefaultUserAgent
	}

	base := cfg.Transport
	if base == nil {
		tr := http.DefaultTransport.(*http.Transport).Clone()
		tr.DialContext = (&net.Dialer{Timeout: 30 * time.Second, KeepAlive: 30 * time.Second}).DialContext
		tr.MaxIdleConnsPerHost = 2 * cfg.Concurrency
		if tr.MaxIdleConnsPerHost < 8 {
			tr.MaxIdleConnsPerHost = 8
		}
		tlsCfg := &tls.Config{MinVersion: tls.VersionTLS12}
		tlsCfg.RootCAs = cfg.RootCAs
		if tlsCfg.RootCAs == nil && cfg.CACertFile != "" {
			if tlsCfg.RootCAs, err = LoadCAFile(cfg.CACertFile); err != nil {
				return nil, err
			}
		}
		if cfg.Insecure {
			tlsCfg.InsecureSkipVerify = true // #nosec G402 -- explicit user opt-in
		}
		tr.TLSClientConfig = tlsCfg
		base = tr
	}

	c := &Client{cfg: cfg, base: u, tokenKind: DetectTokenKind(cfg.Token)}
	c.http = &http.Client{
		Transport: &retryTransport{
			base:       base,
			auth:       TokenAuthHeader(cfg.Token),
			userAgent:  cfg.UserAgent,
			timeout:    cfg.Timeout,
			maxRetries: cfg.MaxRetries,
			waitMin:    cfg.RetryWaitMin,
			waitMax:    cfg.RetryWaitMax,
			logf:       c.logf,
		},
		// Never follow redirects: a POST silently turned into a GET, or the token
		// sent to another host, is worse than a clear "URL is wrong" error.
		CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse },
	}

	gcfg := gonetbox.NewConfiguration()
	gcfg.Servers[0].URL = u.String()
	gcfg.UserAgent = cfg.UserAgent
	gcfg.HTTPClient = c.http
	gcfg.AddDefaultHeader("Authorization", TokenAuthHeader(cfg.Token))
	gcfg.AddDefaultHeader("Accept-Language", "en-US")
	c.gn = gonetbox.NewAPIClient(gcfg)
	c.initEndpoints()

	if c.tokenKind == TokenUnknown {
		c.logf("netbox: token is neither v2 (nbt_...) nor v1 (40 hex chars); sending it as \"Token <token>\"")
	}
	return c, nil
}

// BaseURL returns the normalised NetBox base URL.
func (c *Client) BaseURL() string { return c.base.String() }

// TokenKind returns the detected kind of the configured token.
func (c *Client) TokenKind() TokenKind { return c.tokenKind }

// HTTPClient returns the shared *http.Client (auth, timeouts and retries included).
func (c *Client) HTTPClient() *http.Client { return c.http }

// GoNetbox returns the go-netbox client that shares this client's HTTP stack.
func (c *Client) GoNetbox() *gonetbox.APIClient { return c.gn }

// Config returns the effective configuration (with defaults applied).
func (c *Client) Config() Config { return c.cfg }

func (c *Client) logf(format string, args ...any) {
	if c.cfg.Logf != nil {
		c.cfg.Logf(format, args...)
	}
}

// endpointURL joins the base URL and an API path such as "/api/dcim/devices/".
func (c *Client) endpointURL(path string, q url.Values) string {
	u := *c.base
	u.Path = c.base.Path + path
	if len(q) > 0 {
		u.RawQuery = q.Encode()
	}
	return u.String()
}

// Q builds query parameters from key/value pairs: Q("tag", "x", "device_id", "3").
// A key may repeat; NetBox ORs repeated values of the same filter.
func Q(kv ...string) url.Values {
	v := url.Values{}
	for i := 0; i+1 < len(kv); i += 2 {
		v.Add(kv[i], kv[i+1])
	}
	return v
}

// sleepCtx waits d or until ctx is done.
func sleepCtx(ctx context.Context, d time.Duration) error {
	if d <= 0 {
		return ctx.Err()
	}
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-ctx.Done():
		return ctx.Err()
	case <-t.C:
		return nil
	}
}
