package netbox

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"regexp"
	"strconv"
)

// TestedNetBoxVersions is the NetBox release line this client is tested against.
const TestedNetBoxVersions = "4.7.x"

const testedMajor, testedMinor = 4, 7

// Status is the interesting part of NetBox's /api/status/ answer.
type Status struct {
	NetBoxVersion string // "netbox-version", e.g. "4.7.1"
	PythonVersion string // "python-version"
	DjangoVersion string // "django-version"
}

// Status reads /api/status/ (once per Client; later calls return the cached
// answer). The warnings say when the NetBox version is outside the tested range
// (TestedNetBoxVersions) or cannot be parsed; they are not errors. A non-JSON
// answer (an HTML page, typically) gives an error that says the URL is wrong.
func (c *Client) Status(ctx context.Context) (Status, []string, error) {
	c.statusMu.Lock()
	defer c.statusMu.Unlock()
	if c.status != nil {
		return *c.status, append([]string(nil), c.warnings...), nil
	}
	st, err := c.fetchStatus(ctx)
	if err != nil {
		return Status{}, nil, err
	}
	warnings := versionWarnings(st.NetBoxVersion)
	c.status, c.warnings = &st, warnings
	return st, append([]string(nil), warnings...), nil
}

func (c *Client) fetchStatus(ctx context.Context) (Status, error) {
	const path = "/api/status/"
	u := c.endpointURL(path, nil)
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, u, nil)
	if err != nil {
		return Status{}, fmt.Errorf("netbox: %w", err)
	}
	req.Header.Set("Accept", "application/json")
	resp, err := c.http.Do(req)
	if err != nil {
		return Status{}, fmt.Errorf("netbox: cannot reach NetBox at %s: %w", c.BaseURL(), unwrapURLError(err))
	}
	defer resp.Body.Close()
	data, err := io.ReadAll(io.LimitReader(resp.Body, MaxResponseBytes))
	if err != nil {
		return Status{}, fmt.Errorf("netbox: reading %s: %w", u, err)
	}
	fullPath := req.URL.Path
	if resp.StatusCode == http.StatusUnauthorized || resp.StatusCode == http.StatusForbidden {
		return Status{}, &APIError{Method: http.MethodGet, Path: fullPath, StatusCode: resp.StatusCode, Object: "NetBox status", Message: flattenBody(data), body: capErrorBody(data)}
	}
	if resp.StatusCode >= 300 && resp.StatusCode < 400 {
		return Status{}, fmt.Errorf("netbox: GET %s was redirected to %q; the URL should be NetBox's base URL (scheme, host and any path prefix, e.g. https://netbox.example.com)",
			fullPath, resp.Header.Get("Location"))
	}
	if !isJSONContent(resp.Header.Get("Content-Type")) || !json.Valid(data) {
		if resp.StatusCode >= 400 {
			return Status{}, fmt.Errorf("netbox: GET %s answered %d with a non-JSON page (%s); the URL does not seem to point at NetBox's base URL "+
				"(it should be e.g. https://netbox.example.com, the address of the NetBox web UI, without /api)", fullPath, resp.StatusCode, flattenBody(data))
		}
		return Status{}, notNetBoxError(http.MethodGet, fullPath, resp.Header.Get("Content-Type"), data)
	}
	if resp.StatusCode >= 400 {
		return Status{}, &APIError{Method: http.MethodGet, Path: fullPath, StatusCode: resp.StatusCode, Object: "NetBox status", Message: flattenBody(data), body: capErrorBody(data)}
	}
	var raw map[string]any
	if err := json.Unmarshal(data, &raw); err != nil {
		return Status{}, fmt.Errorf("netbox: GET %s: the answer is not a JSON object (%v); the URL does not seem to point at NetBox's base URL", fullPath, err)
	}
	str := func(k string) string {
		if v, ok := raw[k].(string); ok {
			return v
		}
		return ""
	}
	st := Status{NetBoxVersion: str("netbox-version"), PythonVersion: str("python-version"), DjangoVersion: str("django-version")}
	if st.NetBoxVersion == "" {
		return Status{}, fmt.Errorf("netbox: GET %s answered JSON without \"netbox-version\"; the URL does not seem to point at NetBox's base URL", fullPath)
	}
	return st, nil
}

var versionRE = regexp.MustCompile(`^v?(\d+)\.(\d+)(?:\.(\d+))?`)

// ParseVersion extracts major and minor from a NetBox version string such as
// "4.7.1", "v4.7.0" or "4.7.0-Docker-3.4.0".
func ParseVersion(v string) (major, minor int, ok bool) {
	m := versionRE.FindStringSubmatch(v)
	if m == nil {
		return 0, 0, false
	}
	major, _ = strconv.Atoi(m[1])
	minor, _ = strconv.Atoi(m[2])
	return major, minor, true
}

func versionWarnings(v string) []string {
	major, minor, ok := ParseVersion(v)
	if !ok {
		return []string{fmt.Sprintf("cannot parse the NetBox version %q; this provider is tested with NetBox %s", v, TestedNetBoxVersions)}
	}
	if major != testedMajor || minor != testedMinor {
		return []string{fmt.Sprintf("NetBox %s is outside the tested range (%s); the provider may work, but this combination is untested", v, TestedNetBoxVersions)}
	}
	return nil
}
