package netbox

import (
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"regexp"
	"sort"
	"strings"
)

// ErrNotFound is wrapped by lookups (by slug, by name) that find nothing.
var ErrNotFound = errors.New("not found")

// APIError is a non-success HTTP answer from NetBox.
type APIError struct {
	Method     string // HTTP method, e.g. "POST"
	Path       string // URL path, e.g. "/api/dcim/devices/"
	StatusCode int
	// Object names what the request was about, e.g. `device "fe-spine-01"`;
	// for a failed bulk batch, the first failing object (Message lists all).
	Object string
	// Message is NetBox's answer flattened to one line: the JSON "detail", or the
	// field errors as "field: message; other: message", or a short excerpt of a
	// non-JSON body.
	Message string

	body []byte // raw answer, for bulk per-object errors
}

func (e *APIError) Error() string {
	var b strings.Builder
	b.WriteString("netbox: ")
	b.WriteString(verbFor(e.Method))
	if e.Object != "" {
		b.WriteString(" " + e.Object)
	}
	fmt.Fprintf(&b, " failed (%s %s -> %d %s)", e.Method, e.Path, e.StatusCode, http.StatusText(e.StatusCode))
	if e.Message != "" {
		b.WriteString(": " + e.Message)
	}
	if hint := e.hint(); hint != "" {
		b.WriteString(". " + hint)
	}
	return b.String()
}

// IsAuth reports whether the error is an authentication or permission failure.
func (e *APIError) IsAuth() bool {
	return e.StatusCode == http.StatusUnauthorized || e.StatusCode == http.StatusForbidden
}

func (e *APIError) hint() string {
	switch e.StatusCode {
	case http.StatusUnauthorized:
		return "NetBox rejected the API token: it is invalid or expired, or it is sent in the wrong format " +
			"(v2 tokens nbt_<key>.<secret> are sent as \"Bearer\", v1 40-hex tokens as \"Token\"); check the provider's token / NETBOX_TOKEN"
	case http.StatusForbidden:
		m := strings.ToLower(e.Message)
		if strings.Contains(m, "token") || strings.Contains(m, "credential") || strings.Contains(m, "authenticat") {
			return "NetBox rejected the API token: it is invalid, expired or disabled; check the provider's token / NETBOX_TOKEN"
		}
		return "the API token is valid but lacks permission for this operation (check the token's user/group permissions and that the token is write-enabled)"
	case http.StatusNotFound:
		if e.Object == "" {
			return "check that the URL points at NetBox's base URL"
		}
	}
	return ""
}

func verbFor(method string) string {
	switch method {
	case http.MethodPost:
		return "create"
	case http.MethodPatch, http.MethodPut:
		return "update"
	case http.MethodDelete:
		return "delete"
	}
	return "read"
}

// IsNotFound reports whether err is a 404 from NetBox or wraps ErrNotFound.
func IsNotFound(err error) bool {
	if errors.Is(err, ErrNotFound) {
		return true
	}
	var ae *APIError
	return errors.As(err, &ae) && ae.StatusCode == http.StatusNotFound
}

// IsAuthError reports whether err is a 401/403 from NetBox.
func IsAuthError(err error) bool {
	var ae *APIError
	return errors.As(err, &ae) && ae.IsAuth()
}

var (
	htmlTitleRE = regexp.MustCompile(`(?is)<title[^>]*>(.*?)</title>`)
	htmlTagRE   = regexp.MustCompile(`(?s)<[^>]*>`)
	spaceRE     = regexp.MustCompile(`\s+`)
)

// flattenBody turns an error body into one line.
func flattenBody(body []byte) string {
	trimmed := strings.TrimSpace(string(body))
	if trimmed == "" {
		return ""
	}
	var v any
	if err := json.Unmarshal([]byte(trimmed), &v); err == nil {
		return flattenJSON(v)
	}
	if looksLikeHTML(trimmed) {
		if m := htmlTitleRE.FindStringSubmatch(trimmed); m != nil {
			return "HTML page: " + truncate(spaceRE.ReplaceAllString(strings.TrimSpace(m[1]), " "), 200)
		}
		return "HTML page: " + truncate(spaceRE.ReplaceAllString(htmlTagRE.ReplaceAllString(trimmed, " "), " "), 200)
	}
	return truncate(spaceRE.ReplaceAllString(trimmed, " "), 300)
}

func looksLikeHTML(s string) bool {
	l := strings.ToLower(s)
	if len(l) > 512 {
		l = l[:512]
	}
	return strings.HasPrefix(l, "<!doctype") || strings.HasPrefix(l, "<html") || strings.Contains(l, "<html") || strings.Contains(l, "<head")
}

// flattenJSON renders NetBox error JSON:
//
//	{"detail": "..."}                       -> "..."
//	{"name": ["a", "b"], "slug": ["c"]}      -> "name: a b; slug: c"
//	{"a_terminations": [{"object_id": [..]}]}-> "a_terminations[0].object_id: .."
//	{"error": "...", "exception": "..."}    -> "... (exception)"  (NetBox 500 JSON)
//	[{}, {"name": ["x"]}]                    -> "[1] name: x"     (bulk)
func flattenJSON(v any) string {
	switch t := v.(type) {
	case map[string]any:
		if d, ok := t["detail"]; ok {
			return fmt.Sprint(scalarOrFlatten(d))
		}
		if e, ok := t["error"].(string); ok {
			if ex, ok := t["exception"].(string); ok && ex != "" && ex != e {
				return e + " (" + ex + ")"
			}
			return e
		}
	case []any:
		var parts []string
		for i, item := range t {
			s := flattenJSON(item)
			if s == "" {
				continue
			}
			if _, isMap := item.(map[string]any); isMap {
				parts = append(parts, fmt.Sprintf("[%d] %s", i, s))
			} else {
				parts = append(parts, s)
			}
		}
		return strings.Join(parts, "; ")
	}
	var parts []string
	collectFieldErrors("", v, &parts)
	return strings.Join(parts, "; ")
}

func scalarOrFlatten(v any) any {
	switch v.(type) {
	case map[string]any, []any:
		return flattenJSON(v)
	}
	return v
}

func collectFieldErrors(prefix string, v any, out *[]string) {
	switch t := v.(type) {
	case map[string]any:
		keys := make([]string, 0, len(t))
		for k := range t {
			keys = append(keys, k)
		}
		sort.Strings(keys)
		for _, k := range keys {
			p := k
			if prefix != "" {
				p = prefix + "." + k
			}
			if k == "non_field_errors" || k == "__all__" {
				p = prefix
			}
			collectFieldErrors(p, t[k], out)
		}
	case []any:
		var msgs []string
		for i, item := range t {
			switch item.(type) {
			case map[string]any, []any:
				collectFieldErrors(fmt.Sprintf("%s[%d]", prefix, i), item, out)
			default:
				msgs = append(msgs, fmt.Sprint(item))
			}
		}
		if len(msgs) > 0 {
			addMsg(prefix, strings.Join(msgs, " "), out)
		}
	case nil:
	default:
		addMsg(prefix, fmt.Sprint(t), out)
	}
}

func addMsg(prefix, msg string, out *[]string) {
	if prefix == "" {
		*out = append(*out, msg)
	} else {
		*out = append(*out, prefix+": "+msg)
	}
}

// bulkItemErrors decodes a bulk error answer (a JSON list with one entry per
// submitted object, {} for valid ones) into index -> message.
func bulkItemErrors(body []byte) (map[int]string, bool) {
	var items []json.RawMessage
	if err := json.Unmarshal(body, &items); err != nil {
		return nil, false
	}
	out := map[int]string{}
	for i, raw := range items {
		var v any
		if err := json.Unmarshal(raw, &v); err != nil {
			continue
		}
		if s := flattenJSON(v); s != "" {
			out[i] = s
		}
	}
	return out, true
}

func truncate(s string, n int) string {
	r := []rune(s)
	if len(r) <= n {
		return s
	}
	return string(r[:n]) + "..."
}
