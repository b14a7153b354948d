package netbox

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"mime"
	"net/http"
	"net/url"
	"strings"
)

// MaxResponseBytes caps one answer read into memory: a page of 1000 interfaces is a few MB; a
// proxy or a wrong URL can send anything.
const MaxResponseBytes = 64 << 20

// do performs one JSON request against a full URL. in (if non-nil) is sent as
// JSON; out (if non-nil) receives the decoded JSON answer. Non-2xx answers
// become *APIError naming object. It returns the HTTP status.
func (c *Client) do(ctx context.Context, method, rawURL string, in, out any, object string) (int, error) {
	var body io.Reader
	if in != nil {
		b, err := json.Marshal(in)
		if err != nil {
			return 0, fmt.Errorf("netbox: encoding %s: %w", orKind(object, "request"), err)
		}
		body = bytes.NewReader(b)
	}
	req, err := http.NewRequestWithContext(ctx, method, rawURL, body)
	if err != nil {
		return 0, fmt.Errorf("netbox: %w", err)
	}
	if in != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	req.Header.Set("Accept", "application/json")

	resp, err := c.http.Do(req)
	if err != nil {
		return 0, fmt.Errorf("netbox: %s %s (%s %s): %w", verbFor(method), orKind(object, "request"), method, req.URL.Path, unwrapURLError(err))
	}
	defer resp.Body.Close()
	data, err := io.ReadAll(io.LimitReader(resp.Body, MaxResponseBytes+1))
	if err == nil && len(data) > MaxResponseBytes {
		err = fmt.Errorf("the answer is larger than %d bytes", MaxResponseBytes)
	}
	if err != nil {
		return resp.StatusCode, fmt.Errorf("netbox: %s %s (%s %s): reading answer: %w", verbFor(method), orKind(object, "request"), method, req.URL.Path, err)
	}
	return resp.StatusCode, c.checkResponse(method, req.URL.Path, object, resp, data, out)
}

// checkResponse turns an HTTP answer into nil, *APIError or a decoding error.
func (c *Client) checkResponse(method, path, object string, resp *http.Response, data []byte, out any) error {
	code := resp.StatusCode
	switch {
	case code >= 300 && code < 400:
		return &APIError{Method: method, Path: path, StatusCode: code, Object: object,
			Message: fmt.Sprintf("redirected to %q; set the NetBox URL to the final base URL (scheme and host)", resp.Header.Get("Location"))}
	case code >= 400 && resp.Header.Get(replayedHeader) != "":
		return &UnknownOutcomeError{Err: &APIError{Method: method, Path: path, StatusCode: code, Object: object,
			Message: flattenBody(data), body: capErrorBody(data)}}
	case code >= 400:
		return &APIError{Method: method, Path: path, StatusCode: code, Object: object, Message: flattenBody(data), body: capErrorBody(data)}
	}
	if out == nil || code == http.StatusNoContent {
		return nil
	}
	if err := json.Unmarshal(data, out); err != nil {
		if !isJSONContent(resp.Header.Get("Content-Type")) || !json.Valid(data) {
			return notNetBoxError(method, path, resp.Header.Get("Content-Type"), data)
		}
		return fmt.Errorf("netbox: decoding answer to %s %s (%s): %w", method, path, orKind(object, "request"), err)
	}
	return nil
}

// notNetBoxError explains a 2xx answer that is not JSON: almost always a URL
// pointing at something other than NetBox's base URL (a login page, a proxy
// landing page, the NetBox UI behind a different prefix).
func notNetBoxError(method, path, contentType string, data []byte) error {
	if contentType == "" {
		contentType = "no Content-Type"
	}
	excerpt := flattenBody(data)
	if excerpt == "" {
		excerpt = "empty body"
	}
	return fmt.Errorf("netbox: %s %s returned a non-JSON answer (%s: %s); the URL does not seem to point at NetBox's base URL "+
		"(it should be e.g. https://netbox.example.com, the address of the NetBox web UI, without /api)", method, path, contentType, excerpt)
}

func isJSONContent(ct string) bool {
	mt, _, err := mime.ParseMediaType(ct)
	if err != nil {
		return false
	}
	return mt == "application/json" || strings.HasSuffix(mt, "+json")
}

func unwrapURLError(err error) error {
	if ue, ok := err.(*url.Error); ok {
		return ue.Err
	}
	return err
}

func orKind(object, fallback string) string {
	if object != "" {
		return object
	}
	return fallback
}

// page is one page of a NetBox list answer.
type page[T any] struct {
	Count   int     `json:"count"`
	Next    *string `json:"next"`
	Results []T     `json:"results"`
}

// listAll GETs path with q (limit defaults to PageSize) and follows `next`
// until the last page.
func listAll[T any](ctx context.Context, c *Client, path string, q url.Values, kind string) ([]T, error) {
	qq := url.Values{}
	for k, v := range q {
		qq[k] = append([]string(nil), v...)
	}
	if qq.Get("limit") == "" {
		qq.Set("limit", fmt.Sprint(c.cfg.PageSize))
	}
	u := c.endpointURL(path, qq)
	var all []T
	seen := map[string]bool{}
	for u != "" {
		if seen[u] {
			return all, fmt.Errorf("netbox: listing %ss: pagination loops at %s", kind, u)
		}
		seen[u] = true
		var p page[T]
		if _, err := c.do(ctx, http.MethodGet, u, nil, &p, kind+"s"); err != nil {
			return all, err
		}
		if all == nil {
			all = make([]T, 0, min(max(p.Count, len(p.Results)), 100_000))
		}
		all = append(all, p.Results...)
		if p.Next == nil || *p.Next == "" {
			break
		}
		next, err := c.rebase(*p.Next)
		if err != nil {
			return all, err
		}
		u = next
	}
	if all == nil {
		all = []T{}
	}
	return all, nil
}

// rebase keeps the path and query of a `next` link but uses the configured
// scheme and host: behind a TLS-terminating proxy NetBox often builds http://
// or internal-host links, and the token must never go to another host.
func (c *Client) rebase(next string) (string, error) {
	n, err := url.Parse(next)
	if err != nil {
		return "", fmt.Errorf("netbox: invalid next link %q: %w", next, err)
	}
	u := *c.base
	p := n.Path
	if c.base.Path != "" && !strings.HasPrefix(p, c.base.Path+"/") {
		p = c.base.Path + p
	}
	u.Path = p
	u.RawPath = ""
	u.RawQuery = n.RawQuery
	return u.String(), nil
}
