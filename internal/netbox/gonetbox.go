package netbox

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"sync/atomic"

	gonetbox "github.com/netbox-community/go-netbox/v4"
)

// gnReads are the go-netbox typed reads of one endpoint. go-netbox v4.3.0 is
// generated for NetBox 4.3 and decodes strictly (required properties, closed
// enums), so every call is guarded: when go-netbox fails to decode a 2xx
// answer, the read is redone with plain HTTP and go-netbox is not used again
// for that endpoint by this client. HTTP errors are reported as *APIError
// either way. The decoded go-netbox model is converted to this package's type
// through its JSON form, so callers always see the same types.
type gnReads[T any] struct {
	endpoint string // e.g. "dcim/sites", for logs
	get      func(ctx context.Context, id int32) (any, *http.Response, error)
	bySlug   func(ctx context.Context, slug string) ([]any, *http.Response, error)
	disabled atomic.Bool
	// used counts successful go-netbox decodes (tests use it to prove the path).
	used atomic.Int64
}

// gnTry runs one go-netbox read. handled=false means "use plain HTTP".
func gnTry[T any](c *Client, g *gnReads[T], what string, call func() (any, *http.Response, error)) (T, bool, error) {
	var zero T
	if g.disabled.Load() {
		return zero, false, nil
	}
	v, resp, err := call()
	if err != nil {
		if herr, handled := gnHTTPError(resp, err, what); handled {
			return zero, true, herr
		}
		g.disable(c, err)
		return zero, false, nil
	}
	out, err := convert[T](v)
	if err != nil {
		g.disable(c, err)
		return zero, false, nil
	}
	g.used.Add(1)
	return out, true, nil
}

func gnTryList[T any](c *Client, g *gnReads[T], what string, call func() ([]any, *http.Response, error)) ([]T, bool, error) {
	if g.disabled.Load() {
		return nil, false, nil
	}
	vs, resp, err := call()
	if err != nil {
		if herr, handled := gnHTTPError(resp, err, what); handled {
			return nil, true, herr
		}
		g.disable(c, err)
		return nil, false, nil
	}
	out := make([]T, 0, len(vs))
	for _, v := range vs {
		t, err := convert[T](v)
		if err != nil {
			g.disable(c, err)
			return nil, false, nil
		}
		out = append(out, t)
	}
	g.used.Add(1)
	return out, true, nil
}

func (g *gnReads[T]) disable(c *Client, err error) {
	if !g.disabled.Swap(true) {
		c.logf("netbox: go-netbox cannot decode NetBox's answer for %s (%v); using plain HTTP for this endpoint", g.endpoint, err)
	}
}

// gnHTTPError maps a go-netbox error to ours. handled=false means the answer
// was a 2xx that go-netbox could not decode.
func gnHTTPError(resp *http.Response, err error, what string) (error, bool) {
	if resp == nil {
		return fmt.Errorf("netbox: read %s: %w", what, unwrapURLError(err)), true
	}
	if resp.StatusCode < 300 {
		return nil, false
	}
	var body []byte
	var gerr *gonetbox.GenericOpenAPIError
	if errors.As(err, &gerr) {
		body = gerr.Body()
	}
	path := ""
	if resp.Request != nil && resp.Request.URL != nil {
		path = resp.Request.URL.Path
	}
	ae := &APIError{Method: http.MethodGet, Path: path, StatusCode: resp.StatusCode, Object: what, body: capErrorBody(body)}
	if resp.StatusCode >= 300 && resp.StatusCode < 400 {
		ae.Message = fmt.Sprintf("redirected to %q; set the NetBox URL to the final base URL (scheme and host)", resp.Header.Get("Location"))
	} else {
		ae.Message = flattenBody(body)
	}
	return ae, true
}

func convert[T any](v any) (T, error) {
	var out T
	b, err := json.Marshal(v)
	if err != nil {
		return out, err
	}
	err = json.Unmarshal(b, &out)
	return out, err
}

func anySlice[S any](s []S) []any {
	out := make([]any, len(s))
	for i := range s {
		out[i] = &s[i]
	}
	return out
}

// go-netbox reads wired per endpoint (see README.md for why only these).

func gnSites(c *Client) *gnReads[Site] {
	api := c.gn.DcimAPI
	return &gnReads[Site]{
		endpoint: "dcim/sites",
		get: func(ctx context.Context, id int32) (any, *http.Response, error) {
			return api.DcimSitesRetrieve(ctx, id).Execute()
		},
		bySlug: func(ctx context.Context, slug string) ([]any, *http.Response, error) {
			p, r, err := api.DcimSitesList(ctx).Slug([]string{slug}).Execute()
			if err != nil {
				return nil, r, err
			}
			return anySlice(p.Results), r, nil
		},
	}
}

func gnTenants(c *Client) *gnReads[Tenant] {
	api := c.gn.TenancyAPI
	return &gnReads[Tenant]{
		endpoint: "tenancy/tenants",
		get: func(ctx context.Context, id int32) (any, *http.Response, error) {
			return api.TenancyTenantsRetrieve(ctx, id).Execute()
		},
		bySlug: func(ctx context.Context, slug string) ([]any, *http.Response, error) {
			p, r, err := api.TenancyTenantsList(ctx).Slug([]string{slug}).Execute()
			if err != nil {
				return nil, r, err
			}
			return anySlice(p.Results), r, nil
		},
	}
}

func gnTags(c *Client) *gnReads[Tag] {
	api := c.gn.ExtrasAPI
	return &gnReads[Tag]{
		endpoint: "extras/tags",
		get: func(ctx context.Context, id int32) (any, *http.Response, error) {
			return api.ExtrasTagsRetrieve(ctx, id).Execute()
		},
		bySlug: func(ctx context.Context, slug string) ([]any, *http.Response, error) {
			p, r, err := api.ExtrasTagsList(ctx).Slug([]string{slug}).Execute()
			if err != nil {
				return nil, r, err
			}
			return anySlice(p.Results), r, nil
		},
	}
}

func gnDeviceRoles(c *Client) *gnReads[DeviceRole] {
	api := c.gn.DcimAPI
	return &gnReads[DeviceRole]{
		endpoint: "dcim/device-roles",
		get: func(ctx context.Context, id int32) (any, *http.Response, error) {
			return api.DcimDeviceRolesRetrieve(ctx, id).Execute()
		},
		bySlug: func(ctx context.Context, slug string) ([]any, *http.Response, error) {
			p, r, err := api.DcimDeviceRolesList(ctx).Slug([]string{slug}).Execute()
			if err != nil {
				return nil, r, err
			}
			return anySlice(p.Results), r, nil
		},
	}
}

func gnManufacturers(c *Client) *gnReads[Manufacturer] {
	api := c.gn.DcimAPI
	return &gnReads[Manufacturer]{
		endpoint: "dcim/manufacturers",
		get: func(ctx context.Context, id int32) (any, *http.Response, error) {
			return api.DcimManufacturersRetrieve(ctx, id).Execute()
		},
		bySlug: func(ctx context.Context, slug string) ([]any, *http.Response, error) {
			p, r, err := api.DcimManufacturersList(ctx).Slug([]string{slug}).Execute()
			if err != nil {
				return nil, r, err
			}
			return anySlice(p.Results), r, nil
		},
	}
}

func gnDeviceTypes(c *Client) *gnReads[DeviceType] {
	api := c.gn.DcimAPI
	return &gnReads[DeviceType]{
		endpoint: "dcim/device-types",
		get: func(ctx context.Context, id int32) (any, *http.Response, error) {
			return api.DcimDeviceTypesRetrieve(ctx, id).Execute()
		},
		bySlug: func(ctx context.Context, slug string) ([]any, *http.Response, error) {
			p, r, err := api.DcimDeviceTypesList(ctx).Slug([]string{slug}).Execute()
			if err != nil {
				return nil, r, err
			}
			return anySlice(p.Results), r, nil
		},
	}
}

func gnDevices(c *Client) *gnReads[Device] {
	api := c.gn.DcimAPI
	return &gnReads[Device]{
		endpoint: "dcim/devices",
		get: func(ctx context.Context, id int32) (any, *http.Response, error) {
			return api.DcimDevicesRetrieve(ctx, id).Execute()
		},
	}
}
