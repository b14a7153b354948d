package netbox

import (
	"encoding/json"
	"errors"
	"fmt"
	"maps"
	"net/http"
	"regexp"
	"slices"
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
//	{"detail": "..."}                        -> "..."
//	{"name": ["a", "b"], "slug": ["c"]}       -> "name: a b; slug: c"
//	{"a_terminations": [{"object_id": [..]}]} -> "a_terminations[0].object_id: .."
//	{"error": "...", "exception": "..."}     -> "... (exception)"  (NetBox 500 JSON)
//	[{}, {"name": ["x"]}]                     -> "[1] name: x"     (bulk, NetBox < 4.7)
//	{"detail": "1 of 5 objects could not be created.",
//	 "errors": [{"index": 3, "errors": {"name": ["x"]}}]}
//	                                          -> "1 of 5 objects could not be created.: [3] name: x" (bulk, 4.7)
//	{"detail": "...", "errors": [{"id": 9, "errors": {"id": ["..."]}}]}
//	                                          -> "...: id 9: id: ..."
func flattenJSON(v any) string {
	switch t := v.(type) {
	case map[string]any:
		if d, ok := t["detail"]; ok {
			msg := fmt.Sprint(scalarOrFlatten(d))
			if entries, ok := t["errors"].([]any); ok && len(entries) > 0 {
				var parts []string
				for n, e := range entries {
					if n == 5 {
						parts = append(parts, fmt.Sprintf("and %d more", len(entries)-5))
						break
					}
					parts = append(parts, flattenBulkEntry(e))
				}
				msg = strings.TrimSuffix(msg, ".") + ": " + strings.Join(parts, "; ")
			}
			return msg
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

// flattenBulkEntry renders one entry of a NetBox 4.7 bulk "errors" list.
func flattenBulkEntry(e any) string {
	m, ok := e.(map[string]any)
	if !ok {
		return fmt.Sprint(e)
	}
	msg := flattenJSON(m["errors"])
	if idx, ok := asInt(m["index"]); ok {
		return fmt.Sprintf("[%d] %s", idx, msg)
	}
	if id, ok := asInt(m["id"]); ok {
		return fmt.Sprintf("id %d: %s", id, msg)
	}
	return flattenJSON(m)
}

func asInt(v any) (int64, bool) {
	switch n := v.(type) {
	case float64:
		return int64(n), true
	case json.Number:
		i, err := n.Int64()
		return i, err == nil
	}
	return 0, false
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
		keys := slices.Sorted(maps.Keys(t))
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

// bulkErrors are the per-object errors of a failed bulk request.
type bulkErrors struct {
	byIndex map[int]string   // position in the request -> message
	byID    map[int64]string // object ID -> message (update/delete)
	// missingIDs are IDs NetBox reported as not existing (entries whose only
	// error is on the "id" field, as NetBox 4.7's bulk update/delete report them).
	missingIDs map[int64]bool
}

// parseBulkErrors decodes a bulk error answer: NetBox >= 4.7's
// {"detail": ..., "errors": [{"index"|"id": ..., "errors": {...}}]} or the
// older list with one entry per submitted object ({} for valid ones).
func parseBulkErrors(body []byte) (bulkErrors, bool) {
	be := bulkErrors{byIndex: map[int]string{}, byID: map[int64]string{}, missingIDs: map[int64]bool{}}
	var list []json.RawMessage
	if err := json.Unmarshal(body, &list); err == nil {
		for i, raw := range list {
			var v any
			if err := json.Unmarshal(raw, &v); err != nil {
				continue
			}
			if s := flattenJSON(v); s != "" {
				be.byIndex[i] = s
			}
		}
		return be, len(be.byIndex) > 0
	}
	var obj struct {
		Errors []struct {
			Index  *int            `json:"index"`
			ID     *int64          `json:"id"`
			Errors json.RawMessage `json:"errors"`
		} `json:"errors"`
	}
	if err := json.Unmarshal(body, &obj); err != nil || len(obj.Errors) == 0 {
		return be, false
	}
	for _, e := range obj.Errors {
		var v any
		_ = json.Unmarshal(e.Errors, &v)
		msg := flattenJSON(v)
		switch {
		case e.Index != nil:
			be.byIndex[*e.Index] = msg
		case e.ID != nil:
			be.byID[*e.ID] = msg
			if m, ok := v.(map[string]any); ok && len(m) == 1 && m["id"] != nil {
				be.missingIDs[*e.ID] = true
			}
		}
	}
	return be, len(be.byIndex)+len(be.byID) > 0
}

func truncate(s string, n int) string {
	r := []rune(s)
	if len(r) <= n {
		return s
	}
	return string(r[:n]) + "..."
}

// maxErrorBody caps the raw answer an APIError keeps (for per-object bulk errors).
const maxErrorBody = 1 << 20

func capErrorBody(b []byte) []byte {
	if len(b) > maxErrorBody {
		return b[:maxErrorBody]
	}
	return b
}

// UnknownOutcomeError is a write whose answer was lost (connection reset after sending) and
// whose replay then failed: NetBox may have applied the first attempt, so the objects may
// exist. Bulk operations count such batches as Unknown; find what they created by tag or name.
type UnknownOutcomeError struct {
	Err error // the replay's error
}

func (e *UnknownOutcomeError) Error() string {
	return strings.TrimSuffix(e.Err.Error(), ".") + " (the first attempt's answer was lost, so NetBox may have applied it)"
}

func (e *UnknownOutcomeError) Unwrap() error { return e.Err }
