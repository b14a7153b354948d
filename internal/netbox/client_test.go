package netbox

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

const testV2Token = "nbt_abcdefghijkl.0123456789abcdefghijklmnopqrstuvwxyzABCDEF"
const testV1Token = "0123456789abcdef0123456789abcdef01234567"

// newTestClient returns a client for srv with fast retries.
func newTestClient(t *testing.T, url string, mod ...func(*Config)) *Client {
	t.Helper()
	cfg := Config{
		URL:          url,
		Token:        testV2Token,
		RetryWaitMin: time.Millisecond,
		RetryWaitMax: 5 * time.Millisecond,
		Timeout:      5 * time.Second,
		MaxRetries:   DefaultMaxRetries,
		Logf:         t.Logf,
	}
	for _, m := range mod {
		m(&cfg)
	}
	c, err := New(cfg)
	if err != nil {
		t.Fatalf("New: %v", err)
	}
	return c
}

func writeJSON(w http.ResponseWriter, code int, v any) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(code)
	_ = json.NewEncoder(w).Encode(v)
}

func TestTokenAuthHeader(t *testing.T) {
	cases := []struct {
		token, want string
		kind        TokenKind
	}{
		{testV2Token, "Bearer " + testV2Token, TokenV2},
		{"  " + testV2Token + "\n", "Bearer " + testV2Token, TokenV2},
		{testV1Token, "Token " + testV1Token, TokenV1},
		{strings.ToUpper(testV1Token), "Token " + strings.ToUpper(testV1Token), TokenV1},
		{"short-legacy-key", "Token short-legacy-key", TokenUnknown},
		{"Bearer " + testV2Token, "Bearer " + testV2Token, TokenUnknown},
		{"Token " + testV1Token, "Token " + testV1Token, TokenUnknown},
		{testV1Token + "0", "Token " + testV1Token + "0", TokenUnknown}, // 41 chars: not v1
	}
	for _, tc := range cases {
		if got := TokenAuthHeader(tc.token); got != tc.want {
			t.Errorf("TokenAuthHeader(%q) = %q, want %q", tc.token, got, tc.want)
		}
		if got := DetectTokenKind(tc.token); got != tc.kind {
			t.Errorf("DetectTokenKind(%q) = %v, want %v", tc.token, got, tc.kind)
		}
	}
}

func TestAuthHeaderSentOnBothPaths(t *testing.T) {
	for _, tok := range []string{testV1Token, testV2Token} {
		var mu sync.Mutex
		var seen []string
		srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			mu.Lock()
			seen = append(seen, r.Header.Get("Authorization")+" | "+r.Header.Get("User-Agent"))
			mu.Unlock()
			switch r.URL.Path {
			case "/api/dcim/sites/7/": // go-netbox path
				writeJSON(w, 200, map[string]any{"id": 7, "url": "http://x/api/dcim/sites/7/", "display": "s", "name": "s", "slug": "s"})
			default: // plain path
				writeJSON(w, 200, map[string]any{"count": 0, "next": nil, "results": []any{}})
			}
		}))
		c := newTestClient(t, srv.URL, func(c *Config) { c.Token = tok; c.UserAgent = "ua-test/1" })
		if _, err := c.Sites().Get(context.Background(), 7); err != nil {
			t.Fatal(err)
		}
		if _, err := c.Devices().List(context.Background(), nil); err != nil {
			t.Fatal(err)
		}
		srv.Close()
		want := TokenAuthHeader(tok) + " | ua-test/1"
		if len(seen) != 2 || seen[0] != want || seen[1] != want {
			t.Errorf("token %s: headers seen %q, want 2x %q", DetectTokenKind(tok), seen, want)
		}
		if c.Sites().gn.used.Load() != 1 {
			t.Errorf("expected the site read to go through go-netbox")
		}
	}
}

func TestNewValidation(t *testing.T) {
	dir := t.TempDir()
	bad := filepath.Join(dir, "bad.pem")
	if err := os.WriteFile(bad, []byte("not a cert"), 0o600); err != nil {
		t.Fatal(err)
	}
	cases := []struct {
		cfg  Config
		want string
	}{
		{Config{Token: "x"}, "URL is required"},
		{Config{URL: "netbox.example.com", Token: "x"}, "must start with http:// or https://"},
		{Config{URL: "ftp://netbox", Token: "x"}, "must start with http:// or https://"},
		{Config{URL: "http://", Token: "x"}, "has no host"},
		{Config{URL: "http://nb/?a=b", Token: "x"}, "query"},
		{Config{URL: "http://nb"}, "token is required"},
		{Config{URL: "https://nb", Token: "x", CACertFile: filepath.Join(dir, "missing.pem")}, "reading CA file"},
		{Config{URL: "https://nb", Token: "x", CACertFile: bad}, "no PEM certificates"},
	}
	for _, tc := range cases {
		_, err := New(tc.cfg)
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("New(%+v) error = %v, want it to contain %q", tc.cfg, err, tc.want)
		}
	}
	for in, want := range map[string]string{
		"https://nb.example.com/":           "https://nb.example.com",
		"https://nb.example.com/api/":       "https://nb.example.com",
		"https://nb.example.com/netbox/api": "https://nb.example.com/netbox",
		"http://127.0.0.1:8000":             "http://127.0.0.1:8000",
	} {
		c, err := New(Config{URL: in, Token: testV1Token})
		if err != nil {
			t.Fatal(err)
		}
		if c.BaseURL() != want {
			t.Errorf("BaseURL(%q) = %q, want %q", in, c.BaseURL(), want)
		}
	}
	c, _ := New(DefaultConfig("http://nb", testV1Token))
	got := c.Config()
	if got.Timeout != 60*time.Second || got.BulkTimeout != 5*time.Minute || got.MaxRetries != 3 || got.BatchSize != 100 || got.Concurrency != 2 || got.PageSize != 1000 {
		t.Errorf("defaults not applied: %+v", got)
	}
	if c.TokenKind() != TokenV1 {
		t.Errorf("token kind = %v", c.TokenKind())
	}
}

func TestRetryOn429HonoursRetryAfter(t *testing.T) {
	var n atomic.Int32
	var first time.Time
	var gap time.Duration
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		switch n.Add(1) {
		case 1:
			first = time.Now()
			w.Header().Set("Retry-After", "1")
			writeJSON(w, 429, map[string]any{"detail": "Request was throttled."})
		default:
			gap = time.Since(first)
			writeJSON(w, 201, map[string]any{"id": 11, "name": "t", "slug": "t"})
		}
	}))
	defer srv.Close()
	c := newTestClient(t, srv.URL)
	tag, err := c.Tags().Create(context.Background(), TagRequest{Name: "t", Slug: "t"})
	if err != nil {
		t.Fatal(err)
	}
	if tag.ID != 11 || n.Load() != 2 {
		t.Fatalf("tag %+v after %d requests", tag, n.Load())
	}
	// Backoff alone is <= 5ms here, so a >= ~1s gap proves Retry-After was honoured.
	if gap < 900*time.Millisecond {
		t.Errorf("retried after %s, want >= 1s (Retry-After: 1)", gap)
	}
}

func TestRetryAfterParsing(t *testing.T) {
	if d, ok := retryAfter("2"); !ok || d != 2*time.Second {
		t.Errorf("retryAfter(2) = %v %v", d, ok)
	}
	if d, ok := retryAfter(time.Now().Add(3 * time.Second).UTC().Format(http.TimeFormat)); !ok || d < time.Second || d > 3*time.Second {
		t.Errorf("retryAfter(date) = %v %v", d, ok)
	}
	if _, ok := retryAfter("soon"); ok {
		t.Error("retryAfter(soon) should not parse")
	}
	if d, _ := retryAfter("999999"); d != maxRetryAfter {
		t.Errorf("retryAfter cap = %v", d)
	}
}

func TestRetryOn503And502And504(t *testing.T) {
	var n atomic.Int32
	codes := []int{503, 502, 504}
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		i := int(n.Add(1)) - 1
		if i < len(codes) {
			w.Header().Set("Content-Type", "text/html")
			w.WriteHeader(codes[i])
			_, _ = io.WriteString(w, "<html><title>busy</title></html>")
			return
		}
		writeJSON(w, 200, map[string]any{"count": 1, "next": nil, "results": []any{map[string]any{"id": 1, "name": "d1"}}})
	}))
	defer srv.Close()
	c := newTestClient(t, srv.URL)
	devs, err := c.Devices().List(context.Background(), Q("tag", "x"))
	if err != nil {
		t.Fatal(err)
	}
	if len(devs) != 1 || devs[0].Name != "d1" || n.Load() != 4 {
		t.Fatalf("got %+v after %d requests", devs, n.Load())
	}
}

func TestRetriesExhausted(t *testing.T) {
	var n atomic.Int32
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		n.Add(1)
		writeJSON(w, 503, map[string]any{"detail": "maintenance"})
	}))
	defer srv.Close()
	c := newTestClient(t, srv.URL, func(c *Config) { c.MaxRetries = 3 })
	_, err := c.Devices().Get(context.Background(), 5)
	var ae *APIError
	if !errors.As(err, &ae) || ae.StatusCode != 503 || !strings.Contains(err.Error(), "maintenance") {
		t.Fatalf("err = %v", err)
	}
	if n.Load() != 4 {
		t.Errorf("attempts = %d, want 4 (1 + MaxRetries 3)", n.Load())
	}
}

func TestRetryStopsWithContext(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Retry-After", "30")
		writeJSON(w, 429, map[string]any{"detail": "slow down"})
	}))
	defer srv.Close()
	c := newTestClient(t, srv.URL)
	ctx, cancel := context.WithTimeout(context.Background(), 200*time.Millisecond)
	defer cancel()
	start := time.Now()
	_, err := c.Devices().Get(ctx, 1)
	if !errors.Is(err, context.DeadlineExceeded) {
		t.Fatalf("err = %v, want deadline exceeded", err)
	}
	// Retry-After asks for 30 s: half of it is a bound no loaded machine reaches by accident.
	if time.Since(start) > 15*time.Second {
		t.Errorf("took %s; the context should end the Retry-After wait", time.Since(start))
	}
}

// resetConn drops the connection with a TCP RST, without any HTTP answer.
func resetConn(t *testing.T, w http.ResponseWriter) {
	hj, ok := w.(http.Hijacker)
	if !ok {
		t.Error("no hijacker")
		return
	}
	conn, _, err := hj.Hijack()
	if err != nil {
		t.Error(err)
		return
	}
	if tc, ok := conn.(*net.TCPConn); ok {
		_ = tc.SetLinger(0)
	}
	_ = conn.Close()
}

func TestRetryOnConnectionReset(t *testing.T) {
	var n atomic.Int32
	var bodies []string
	var mu sync.Mutex
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		b, _ := io.ReadAll(r.Body)
		mu.Lock()
		bodies = append(bodies, string(b))
		mu.Unlock()
		if n.Add(1) <= 2 {
			resetConn(t, w)
			return
		}
		var in []map[string]any
		_ = json.Unmarshal(b, &in)
		out := make([]map[string]any, len(in))
		for i, o := range in {
			out[i] = map[string]any{"id": 100 + i, "name": o["name"]}
		}
		writeJSON(w, 201, out)
	}))
	defer srv.Close()
	c := newTestClient(t, srv.URL)
	got, err := c.Devices().BulkCreate(context.Background(), []DeviceRequest{{Name: "a"}, {Name: "b"}})
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != 2 || got[0].ID != 100 || got[1].Name != "b" {
		t.Fatalf("got %+v", got)
	}
	if n.Load() != 3 {
		t.Errorf("attempts = %d, want 3", n.Load())
	}
	for _, b := range bodies {
		if b != bodies[0] || b == "" {
			t.Errorf("request body not replayed identically: %q", bodies)
		}
	}
}

func TestConnectionRefusedFailsFast(t *testing.T) {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := l.Addr().String()
	l.Close()
	c := newTestClient(t, "http://"+addr, func(c *Config) { c.RetryWaitMin = time.Second; c.RetryWaitMax = time.Second })
	_, err = c.Devices().Get(context.Background(), 1)
	if err == nil || !strings.Contains(err.Error(), "refused") {
		t.Fatalf("err = %v", err)
	}
	if strings.Contains(err.Error(), "attempts") {
		t.Errorf("a refused first attempt should not be retried: %v", err)
	}
}

func TestConnectionRefusedDuringRetryIsRetried(t *testing.T) {
	// First answer 503, then the server "restarts": refused for a moment, then healthy.
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := l.Addr().String()
	var n atomic.Int32
	h := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if n.Add(1) == 1 {
			writeJSON(w, 503, map[string]any{"detail": "restarting"})
			return
		}
		writeJSON(w, 200, map[string]any{"id": 1, "name": "d"})
	})
	srv1 := &http.Server{Handler: h}
	go func() { _ = srv1.Serve(l) }()
	restarted := make(chan struct{})
	c := newTestClient(t, "http://"+addr, func(c *Config) {
		c.MaxRetries = 6 // enough waits of 100 ms to outlast the 250 ms restart
		c.RetryWaitMin = 100 * time.Millisecond
		c.RetryWaitMax = 100 * time.Millisecond
		c.Logf = func(format string, args ...any) {
			t.Logf(format, args...)
			if strings.Contains(fmt.Sprintf(format, args...), "after HTTP 503") {
				// Stop the server while the client waits; restart it a little later.
				_ = srv1.Close()
				go func() {
					time.Sleep(250 * time.Millisecond)
					l2, err := net.Listen("tcp", addr)
					if err != nil {
						t.Error(err)
						return
					}
					close(restarted)
					_ = http.Serve(l2, h)
				}()
			}
		}
	})
	d, err := c.Devices().Get(context.Background(), 1)
	if err != nil {
		t.Fatal(err)
	}
	<-restarted
	if d.ID != 1 {
		t.Fatalf("got %+v", d)
	}
}

func TestNoRetryOn400(t *testing.T) {
	var n atomic.Int32
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		n.Add(1)
		writeJSON(w, 400, map[string]any{
			"name":        []string{"Device with this Name and Site already exists."},
			"device_type": []string{"This field is required."},
		})
	}))
	defer srv.Close()
	c := newTestClient(t, srv.URL)
	_, err := c.Devices().Create(context.Background(), DeviceRequest{Name: "fe-spine-01"})
	var ae *APIError
	if !errors.As(err, &ae) {
		t.Fatalf("err = %v", err)
	}
	if n.Load() != 1 {
		t.Errorf("attempts = %d, want 1", n.Load())
	}
	if ae.StatusCode != 400 || ae.Method != "POST" || ae.Path != "/api/dcim/devices/" || ae.Object != `device "fe-spine-01"` {
		t.Errorf("APIError = %+v", ae)
	}
	want := `netbox: create device "fe-spine-01" failed (POST /api/dcim/devices/ -> 400 Bad Request): device_type: This field is required.; name: Device with this Name and Site already exists.`
	if err.Error() != want {
		t.Errorf("Error() =\n%s\nwant\n%s", err.Error(), want)
	}
}

func TestAPIErrorMessages(t *testing.T) {
	cases := []struct {
		code     int
		body     string
		contains []string
	}{
		{401, `{"detail":"Invalid v2 token"}`, []string{"401 Unauthorized", "Invalid v2 token", "API token", "invalid or expired"}},
		{403, `{"detail":"Invalid token"}`, []string{"403 Forbidden", "Invalid token", "API token", "expired"}},
		{403, `{"detail":"You do not have permission to perform this action."}`, []string{"lacks permission", "token"}},
		{400, `{"a_terminations":[{"object_id":["Invalid pk"]}],"non_field_errors":["bad"]}`, []string{"a_terminations[0].object_id: Invalid pk", "bad"}},
		{500, `{"error":"IntegrityError","exception":"duplicate key","netbox_version":"4.7.3","python_version":"3.13"}`, []string{"500", "IntegrityError (duplicate key)"}},
		{502, `<html><head><title>502 Bad Gateway</title></head></html>`, []string{"HTML page: 502 Bad Gateway"}},
		{409, `{"detail":"1 of 1 objects could not be deleted.","errors":[{"id":9,"errors":{"__all__":["Cannot delete: protected by cable 4"]}}]}`, []string{"409 Conflict", "1 of 1 objects could not be deleted: id 9: Cannot delete: protected by cable 4"}},
	}
	for _, tc := range cases {
		srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			w.WriteHeader(tc.code)
			_, _ = io.WriteString(w, tc.body)
		}))
		c := newTestClient(t, srv.URL, func(c *Config) { c.MaxRetries = 0 })
		_, err := c.Interfaces().Update(context.Background(), Patch{ID: 9, Name: "leaf-01:E1/1", Fields: map[string]any{"enabled": false}})
		srv.Close()
		if err == nil {
			t.Fatalf("%d: no error", tc.code)
		}
		for _, s := range tc.contains {
			if !strings.Contains(err.Error(), s) {
				t.Errorf("%d: %q does not contain %q", tc.code, err.Error(), s)
			}
		}
		if !strings.Contains(err.Error(), `update interface "leaf-01:E1/1"`) {
			t.Errorf("error does not name the object: %v", err)
		}
		if (tc.code == 401 || tc.code == 403) != IsAuthError(err) {
			t.Errorf("%d: IsAuthError = %v", tc.code, IsAuthError(err))
		}
	}
}

func TestPaginationFollowsNext(t *testing.T) {
	var mu sync.Mutex
	var queries []string
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		mu.Lock()
		queries = append(queries, r.URL.RawQuery)
		mu.Unlock()
		if r.URL.Path != "/api/dcim/interfaces/" {
			http.NotFound(w, r)
			return
		}
		offset, _ := strconv.Atoi(r.URL.Query().Get("offset"))
		const total, size = 5, 2
		var results []map[string]any
		for i := offset; i < min(offset+size, total); i++ {
			results = append(results, map[string]any{"id": i + 1, "name": fmt.Sprintf("E1/%d", i+1), "type": map[string]any{"value": "800gbase-x-osfp", "label": "OSFP"}})
		}
		var next any
		if offset+size < total {
			// NetBox behind a proxy often advertises its internal address; the
			// client must keep using the configured base URL.
			next = fmt.Sprintf("http://netbox-internal:8080/api/dcim/interfaces/?device_id=3&limit=2&offset=%d", offset+size)
		}
		writeJSON(w, 200, map[string]any{"count": total, "next": next, "results": results})
	}))
	defer srv.Close()
	c := newTestClient(t, srv.URL)
	got, err := c.Interfaces().List(context.Background(), Q("device_id", "3"))
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != 5 || got[0].Name != "E1/1" || got[4].ID != 5 || got[2].Type.Value != "800gbase-x-osfp" {
		t.Fatalf("got %+v", got)
	}
	if len(queries) != 3 || queries[0] != "device_id=3&limit=1000" || !strings.Contains(queries[2], "offset=4") {
		t.Errorf("queries = %q", queries)
	}
}

func TestPaginationLoopDetected(t *testing.T) {
	var srvURL string
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		writeJSON(w, 200, map[string]any{"count": 9, "next": srvURL + "/api/dcim/cables/?limit=1000", "results": []any{map[string]any{"id": 1}}})
	}))
	defer srv.Close()
	srvURL = srv.URL
	c := newTestClient(t, srv.URL)
	if _, err := c.Cables().List(context.Background(), nil); err == nil || !strings.Contains(err.Error(), "loops") {
		t.Fatalf("err = %v", err)
	}
}

// bulkServer assigns IDs to bulk-created objects and records batch sizes and
// the peak number of concurrent requests.
type bulkServer struct {
	mu        sync.Mutex
	nextID    int64
	batches   []int
	inflight  int
	peak      int
	failBatch func(items []map[string]any) (int, any) // optional error injection
}

func (b *bulkServer) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	b.mu.Lock()
	b.inflight++
	b.peak = max(b.peak, b.inflight)
	b.mu.Unlock()
	defer func() { b.mu.Lock(); b.inflight--; b.mu.Unlock() }()
	var items []map[string]any
	if err := json.NewDecoder(r.Body).Decode(&items); err != nil {
		writeJSON(w, 400, map[string]any{"detail": "expected a list"})
		return
	}
	time.Sleep(time.Duration(len(items)%7) * time.Millisecond) // vary completion order
	if b.failBatch != nil {
		if code, body := b.failBatch(items); code != 0 {
			writeJSON(w, code, body)
			return
		}
	}
	b.mu.Lock()
	b.batches = append(b.batches, len(items))
	out := make([]map[string]any, len(items))
	for i, it := range items {
		b.nextID++
		out[i] = map[string]any{"id": b.nextID, "name": it["name"], "device": map[string]any{"id": it["device"]}}
	}
	b.mu.Unlock()
	writeJSON(w, 201, out)
}

func TestBulkCreateBatchingAndOrder(t *testing.T) {
	bs := &bulkServer{}
	srv := httptest.NewServer(bs)
	defer srv.Close()
	c := newTestClient(t, srv.URL, func(c *Config) { c.BatchSize = 100; c.Concurrency = 3 })
	reqs := make([]InterfaceRequest, 1050)
	for i := range reqs {
		reqs[i] = InterfaceRequest{Device: 3, Name: fmt.Sprintf("E1/%d", i+1), Type: "800gbase-x-osfp"}
	}
	got, err := c.Interfaces().BulkCreate(context.Background(), reqs)
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != len(reqs) {
		t.Fatalf("len = %d", len(got))
	}
	ids := map[int64]bool{}
	for i, o := range got {
		if o.Name != reqs[i].Name || o.ID == 0 || ids[o.ID] {
			t.Fatalf("result %d = %+v, want name %s with a unique ID", i, o, reqs[i].Name)
		}
		ids[o.ID] = true
	}
	if len(bs.batches) != 11 {
		t.Errorf("batches = %v, want 11 (10x100 + 50)", bs.batches)
	}
	for _, n := range bs.batches {
		if n > 100 {
			t.Errorf("batch of %d > BatchSize", n)
		}
	}
	if bs.peak > 3 {
		t.Errorf("peak concurrency %d > 3", bs.peak)
	}
	// Empty input makes no request.
	before := len(bs.batches)
	if got, err := c.Interfaces().BulkCreate(context.Background(), nil); err != nil || len(got) != 0 || len(bs.batches) != before {
		t.Errorf("empty bulk create: %v %v", got, err)
	}
}

func TestBulkCreatePartialFailureNamesObject(t *testing.T) {
	// NetBox 4.7 format: {"detail": "N of M objects could not be created.", "errors": [{"index": i, "errors": {...}}]}
	bs := &bulkServer{failBatch: func(items []map[string]any) (int, any) {
		var errs []map[string]any
		for i, it := range items {
			if it["name"] == "E1/15" || it["name"] == "E1/17" {
				errs = append(errs, map[string]any{"index": i, "errors": map[string]any{"name": []string{"Interface with this Device and Name already exists."}}})
			}
		}
		if len(errs) > 0 {
			return 400, map[string]any{"detail": fmt.Sprintf("%d of %d objects could not be created.", len(errs), len(items)), "errors": errs}
		}
		return 0, nil
	}}
	srv := httptest.NewServer(bs)
	defer srv.Close()
	c := newTestClient(t, srv.URL, func(c *Config) { c.BatchSize = 10; c.Concurrency = 1 })
	reqs := make([]InterfaceRequest, 40)
	for i := range reqs {
		reqs[i] = InterfaceRequest{Device: 3, DeviceName: "leaf-01", Name: fmt.Sprintf("E1/%d", i+1), Type: "1000base-t"}
	}
	got, err := c.Interfaces().BulkCreate(context.Background(), reqs)
	var be *BulkError
	if !errors.As(err, &be) {
		t.Fatalf("err = %v", err)
	}
	if be.Succeeded != 10 || be.Failed != 10 || be.Total != 40 {
		t.Errorf("BulkError = %+v", be)
	}
	var ae *APIError
	if !errors.As(err, &ae) || !strings.HasPrefix(ae.Object, `interface "leaf-01:E1/15"`) {
		t.Fatalf("APIError = %+v", ae)
	}
	for _, s := range []string{`interface "leaf-01:E1/15": name: Interface with this Device and Name already exists.`, `interface "leaf-01:E1/17"`, "10 succeeded, 10 failed, 20 not attempted"} {
		if !strings.Contains(err.Error(), s) {
			t.Errorf("error %q lacks %q", err, s)
		}
	}
	// Objects of the successful batch are reported so the caller can roll back.
	for i := range got {
		if (i < 10) != (got[i].ID != 0) {
			t.Errorf("result %d = %+v", i, got[i])
		}
	}
}

func TestBulkErrorLegacyListFormat(t *testing.T) {
	// NetBox < 4.7 answered a failed bulk create with one entry per object.
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		writeJSON(w, 400, []any{map[string]any{}, map[string]any{"type": []string{`"x" is not a valid choice.`}}, map[string]any{}})
	}))
	defer srv.Close()
	c := newTestClient(t, srv.URL)
	_, err := c.InterfaceTemplates().BulkCreate(context.Background(), []InterfaceTemplateRequest{{Name: "E1/1"}, {Name: "E1/2"}, {Name: "E1/3"}})
	var ae *APIError
	if !errors.As(err, &ae) || ae.Object != `interface template "E1/2"` || ae.Message != `interface template "E1/2": type: "x" is not a valid choice.` {
		t.Fatalf("err = %v (%+v)", err, ae)
	}
}

func TestBulkUpdateErrorNamedByID(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		writeJSON(w, 400, map[string]any{"detail": "1 of 2 objects could not be updated.",
			"errors": []any{map[string]any{"id": 20, "errors": map[string]any{"status": []string{`"bogus" is not a valid choice.`}}}}})
	}))
	defer srv.Close()
	c := newTestClient(t, srv.URL)
	_, err := c.Devices().BulkUpdate(context.Background(), []Patch{{ID: 10, Name: "a"}, {ID: 20, Name: "leaf-02", Fields: map[string]any{"status": "bogus"}}})
	var ae *APIError
	if !errors.As(err, &ae) || ae.Object != `device "leaf-02"` || !strings.Contains(err.Error(), `device "leaf-02": status: "bogus" is not a valid choice.`) {
		t.Fatalf("err = %v", err)
	}
}

func TestBulkUpdateReordersByID(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Method != http.MethodPatch || r.URL.Path != "/api/dcim/devices/" {
			t.Errorf("%s %s", r.Method, r.URL.Path)
		}
		var in []map[string]any
		_ = json.NewDecoder(r.Body).Decode(&in)
		out := make([]map[string]any, 0, len(in))
		for i := len(in) - 1; i >= 0; i-- { // answer in reverse
			if in[i]["status"] != "active" {
				t.Errorf("patch lacks status: %v", in[i])
			}
			out = append(out, map[string]any{"id": in[i]["id"], "status": map[string]any{"value": in[i]["status"], "label": "Active"}})
		}
		writeJSON(w, 200, out)
	}))
	defer srv.Close()
	c := newTestClient(t, srv.URL, func(c *Config) { c.BatchSize = 3 })
	var ps []Patch
	for i := int64(1); i <= 7; i++ {
		ps = append(ps, Patch{ID: i * 10, Fields: map[string]any{"status": "active"}})
	}
	got, err := c.Devices().BulkUpdate(context.Background(), ps)
	if err != nil {
		t.Fatal(err)
	}
	for i, d := range got {
		if d.ID != ps[i].ID || d.Status.Value != "active" {
			t.Errorf("result %d = %+v", i, d)
		}
	}
}

func TestDelete404IsSuccess(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		writeJSON(w, 404, map[string]any{"detail": "No Device matches the given query."})
	}))
	defer srv.Close()
	c := newTestClient(t, srv.URL)
	if err := c.Devices().Delete(context.Background(), 42); err != nil {
		t.Fatalf("Delete of a missing object: %v", err)
	}
	// ...but a read of a missing object is an error that IsNotFound recognises.
	_, err := c.Devices().Get(context.Background(), 42)
	if !IsNotFound(err) || !strings.Contains(err.Error(), "device 42") {
		t.Fatalf("Get: %v", err)
	}
}

func TestBulkDelete404FallsBackPerObject(t *testing.T) {
	var mu sync.Mutex
	existing := map[string]bool{"1": true, "3": true}
	var calls []string
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		mu.Lock()
		defer mu.Unlock()
		calls = append(calls, r.Method+" "+r.URL.Path)
		if r.Method != http.MethodDelete {
			t.Errorf("unexpected %s", r.Method)
		}
		if r.URL.Path == "/api/dcim/cables/" {
			var in []map[string]int
			_ = json.NewDecoder(r.Body).Decode(&in)
			for _, o := range in {
				if !existing[strconv.Itoa(o["id"])] {
					writeJSON(w, 404, map[string]any{"detail": "Not found."})
					return
				}
			}
			w.WriteHeader(204)
			return
		}
		id := strings.TrimSuffix(strings.TrimPrefix(r.URL.Path, "/api/dcim/cables/"), "/")
		if !existing[id] {
			writeJSON(w, 404, map[string]any{"detail": "Not found."})
			return
		}
		delete(existing, id)
		w.WriteHeader(204)
	}))
	defer srv.Close()
	c := newTestClient(t, srv.URL, func(c *Config) { c.BatchSize = 3 })
	if err := c.Cables().BulkDelete(context.Background(), []int64{1, 2, 3}); err != nil {
		t.Fatal(err)
	}
	want := []string{"DELETE /api/dcim/cables/", "DELETE /api/dcim/cables/1/", "DELETE /api/dcim/cables/2/", "DELETE /api/dcim/cables/3/"}
	if fmt.Sprint(calls) != fmt.Sprint(want) || len(existing) != 0 {
		t.Errorf("calls = %q, left %v", calls, existing)
	}
}

func TestBulkDeleteMissingIDs47(t *testing.T) {
	// NetBox 4.7 rejects a bulk delete naming a missing ID with a 400 listing the IDs.
	var mu sync.Mutex
	existing := map[int64]bool{1: true, 3: true, 4: true}
	var calls []string
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		mu.Lock()
		defer mu.Unlock()
		var in []map[string]int64
		_ = json.NewDecoder(r.Body).Decode(&in)
		var ids []string
		var errs []any
		for _, o := range in {
			ids = append(ids, strconv.FormatInt(o["id"], 10))
			if !existing[o["id"]] {
				errs = append(errs, map[string]any{"id": o["id"], "errors": map[string]any{"id": []string{fmt.Sprintf("Object with ID %d does not exist", o["id"])}}})
			}
		}
		calls = append(calls, r.Method+" "+r.URL.Path+" "+strings.Join(ids, ","))
		if len(errs) > 0 {
			writeJSON(w, 400, map[string]any{"detail": fmt.Sprintf("%d of %d objects could not be found.", len(errs), len(in)), "errors": errs})
			return
		}
		for _, o := range in {
			delete(existing, o["id"])
		}
		w.WriteHeader(204)
	}))
	defer srv.Close()
	c := newTestClient(t, srv.URL, func(c *Config) { c.BatchSize = 10 })
	if err := c.Interfaces().BulkDelete(context.Background(), []int64{1, 2, 3, 3, 4, 5}); err != nil {
		t.Fatal(err)
	}
	want := []string{"DELETE /api/dcim/interfaces/ 1,2,3,4,5", "DELETE /api/dcim/interfaces/ 1,3,4"}
	if fmt.Sprint(calls) != fmt.Sprint(want) || len(existing) != 0 {
		t.Errorf("calls = %q, left %v", calls, existing)
	}
	// All already gone: one request, then an empty remainder needs none.
	calls = nil
	if err := c.Interfaces().BulkDelete(context.Background(), []int64{1, 3}); err != nil || len(calls) != 1 {
		t.Errorf("err %v, calls %q", err, calls)
	}
}

func TestStatus(t *testing.T) {
	var n atomic.Int32
	version := "4.7.3"
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		n.Add(1)
		if r.URL.Path != "/api/status/" {
			http.NotFound(w, r)
			return
		}
		writeJSON(w, 200, map[string]any{"netbox-version": version, "python-version": "3.13.5", "django-version": "5.2.4", "plugins": map[string]any{}})
	}))
	defer srv.Close()
	c := newTestClient(t, srv.URL)
	st, warns, err := c.Status(context.Background())
	if err != nil || st.NetBoxVersion != "4.7.3" || st.PythonVersion != "3.13.5" || len(warns) != 0 {
		t.Fatalf("Status = %+v %v %v", st, warns, err)
	}
	if _, _, err := c.Status(context.Background()); err != nil || n.Load() != 1 {
		t.Errorf("Status should be read once (requests: %d)", n.Load())
	}
	for _, v := range []string{"4.6.2", "5.0.0", "weird"} {
		version = v
		c := newTestClient(t, srv.URL)
		_, warns, err := c.Status(context.Background())
		if err != nil || len(warns) != 1 || !strings.Contains(warns[0], "4.7.x") {
			t.Errorf("version %s: warnings %q err %v", v, warns, err)
		}
	}
}

func TestStatusNonJSON(t *testing.T) {
	cases := []struct {
		code int
		ct   string
		body string
	}{
		{200, "text/html; charset=utf-8", "<!DOCTYPE html><html><head><title>Home | NetBox</title></head><body>login</body></html>"},
		{404, "text/html", "<html><head><title>404 Not Found</title></head></html>"},
		{200, "text/plain", "hello"},
		{200, "application/json", `{"status":"ok"}`},
	}
	for _, tc := range cases {
		srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			w.Header().Set("Content-Type", tc.ct)
			w.WriteHeader(tc.code)
			_, _ = io.WriteString(w, tc.body)
		}))
		c := newTestClient(t, srv.URL+"/netbox")
		_, _, err := c.Status(context.Background())
		srv.Close()
		if err == nil || !strings.Contains(err.Error(), "base URL") {
			t.Errorf("%d %s: err = %v, want a hint about the base URL", tc.code, tc.ct, err)
		} else {
			t.Logf("%d %s: %v", tc.code, tc.ct, err)
		}
	}
}

func TestNonJSONAnswerElsewhere(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html")
		_, _ = io.WriteString(w, "<html><title>Sign in</title></html>")
	}))
	defer srv.Close()
	c := newTestClient(t, srv.URL)
	for name, f := range map[string]func() error{
		"plain":    func() error { _, err := c.Devices().List(context.Background(), nil); return err },
		"gonetbox": func() error { _, err := c.Sites().Get(context.Background(), 1); return err },
	} {
		if err := f(); err == nil || !strings.Contains(err.Error(), "base URL") || !strings.Contains(err.Error(), "Sign in") {
			t.Errorf("%s: err = %v", name, err)
		}
	}
}

func TestRedirectIsNotFollowed(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		http.Redirect(w, r, "https://netbox.example.com"+r.URL.Path, http.StatusMovedPermanently)
	}))
	defer srv.Close()
	c := newTestClient(t, srv.URL)
	_, err := c.Devices().Create(context.Background(), DeviceRequest{Name: "x"})
	if err == nil || !strings.Contains(err.Error(), "redirected") || !strings.Contains(err.Error(), "https://netbox.example.com") {
		t.Fatalf("err = %v", err)
	}
}

func TestGoNetboxFallbackOnDecodeError(t *testing.T) {
	var n atomic.Int32
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		n.Add(1)
		// A status value unknown to go-netbox 4.3's closed enum.
		writeJSON(w, 200, map[string]any{"id": 5, "url": "u", "display": "s", "name": "s", "slug": "s",
			"status": map[string]any{"value": "brand-new-status", "label": "New"}})
	}))
	defer srv.Close()
	c := newTestClient(t, srv.URL)
	for i := 0; i < 2; i++ {
		s, err := c.Sites().Get(context.Background(), 5)
		if err != nil || s.ID != 5 || s.Status.Value != "brand-new-status" {
			t.Fatalf("Get = %+v %v", s, err)
		}
	}
	// 1st call: go-netbox (fails to decode) + plain HTTP; 2nd call: plain HTTP only.
	if n.Load() != 3 || !c.Sites().gn.disabled.Load() {
		t.Errorf("requests = %d, disabled = %v", n.Load(), c.Sites().gn.disabled.Load())
	}
}

func TestGoNetboxHTTPErrorIsAPIError(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		writeJSON(w, 403, map[string]any{"detail": "Invalid v2 token"})
	}))
	defer srv.Close()
	c := newTestClient(t, srv.URL)
	_, err := c.LookupTenant(context.Background(), "acme")
	var ae *APIError
	if !errors.As(err, &ae) || ae.StatusCode != 403 || ae.Object != `tenant "acme"` || !strings.Contains(err.Error(), "token") {
		t.Fatalf("err = %v", err)
	}
}

func TestEnsureTagGetOrCreate(t *testing.T) {
	var mu sync.Mutex
	tags := map[string]map[string]any{}
	var posts int
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		mu.Lock()
		defer mu.Unlock()
		switch r.Method {
		case http.MethodGet:
			var res []any
			if tg, ok := tags[r.URL.Query().Get("slug")]; ok {
				res = append(res, tg)
			}
			writeJSON(w, 200, map[string]any{"count": len(res), "next": nil, "previous": nil, "results": res})
		case http.MethodPost:
			posts++
			var in map[string]any
			_ = json.NewDecoder(r.Body).Decode(&in)
			tg := map[string]any{"id": 50 + len(tags), "url": "u", "display": in["name"], "name": in["name"], "slug": in["slug"], "color": "9e9e9e"}
			tags[in["slug"].(string)] = tg
			writeJSON(w, 201, tg)
		}
	}))
	defer srv.Close()
	c := newTestClient(t, srv.URL)
	t1, created1, err := c.EnsureTag(context.Background(), TagRequest{Name: "Plan A", Slug: "plan-a"})
	if err != nil || !created1 {
		t.Fatalf("first: %+v %v %v", t1, created1, err)
	}
	t2, created2, err := c.EnsureTag(context.Background(), TagRequest{Name: "Plan A", Slug: "plan-a"})
	if err != nil || created2 || t2.ID != t1.ID || posts != 1 {
		t.Fatalf("second: %+v %v %v (posts %d)", t2, created2, err, posts)
	}
}

func TestCreateDeviceTypeRollsBackOnTemplateFailure(t *testing.T) {
	var mu sync.Mutex
	var calls []string
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		mu.Lock()
		calls = append(calls, r.Method+" "+r.URL.Path)
		mu.Unlock()
		switch {
		case r.Method == http.MethodPost && r.URL.Path == "/api/dcim/device-types/":
			writeJSON(w, 201, map[string]any{"id": 77, "model": "DS5000", "slug": "ds5000"})
		case r.Method == http.MethodPost && r.URL.Path == "/api/dcim/interface-templates/":
			writeJSON(w, 400, map[string]any{"detail": "1 of 2 objects could not be created.",
				"errors": []any{map[string]any{"index": 1, "errors": map[string]any{"type": []string{`"800gbase-x-bogus" is not a valid choice.`}}}}})
		case r.Method == http.MethodDelete && r.URL.Path == "/api/dcim/device-types/77/":
			w.WriteHeader(204)
		default:
			t.Errorf("unexpected %s %s", r.Method, r.URL.Path)
		}
	}))
	defer srv.Close()
	c := newTestClient(t, srv.URL)
	_, _, err := c.CreateDeviceType(context.Background(), DeviceTypeRequest{Manufacturer: 1, Model: "DS5000", Slug: "ds5000"},
		[]InterfaceTemplateRequest{{Name: "E1/1", Type: "800gbase-x-osfp"}, {Name: "E1/2", Type: "800gbase-x-bogus"}})
	if err == nil || !strings.Contains(err.Error(), `interface template "E1/2": type:`) {
		t.Fatalf("err = %v", err)
	}
	if len(calls) != 3 || calls[2] != "DELETE /api/dcim/device-types/77/" {
		t.Errorf("calls = %q", calls)
	}
}

func TestChoiceDecoding(t *testing.T) {
	var v struct{ A, B, C, D Choice }
	if err := json.Unmarshal([]byte(`{"A":{"value":"active","label":"Active"},"B":"planned","C":null,"D":{"value":1,"label":"One"}}`), &v); err != nil {
		t.Fatal(err)
	}
	if v.A.Value != "active" || v.A.Label != "Active" || v.B.Value != "planned" || v.C.Value != "" || v.D.Value != "1" {
		t.Errorf("%+v", v)
	}
}

func TestDelete403RaceIsSuccess(t *testing.T) {
	gone := true
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		switch r.Method {
		case http.MethodDelete:
			writeJSON(w, 403, map[string]any{"detail": "You do not have permission to perform this action."})
		case http.MethodGet:
			if gone {
				writeJSON(w, 404, map[string]any{"detail": "No Device matches the given query."})
				return
			}
			writeJSON(w, 200, map[string]any{"id": 8, "url": "u", "display": "d", "name": "d",
				"device_type": map[string]any{"id": 1, "url": "u", "display": "t", "manufacturer": map[string]any{"id": 1, "url": "u", "display": "m", "name": "m", "slug": "m"}, "model": "t", "slug": "t"},
				"role":        map[string]any{"id": 1, "url": "u", "display": "r", "name": "r", "slug": "r"},
				"site":        map[string]any{"id": 1, "url": "u", "display": "s", "name": "s", "slug": "s"}})
		}
	}))
	defer srv.Close()
	c := newTestClient(t, srv.URL)
	if err := c.Devices().Delete(context.Background(), 8); err != nil {
		t.Fatalf("403 for an object that is gone should be success: %v", err)
	}
	gone = false
	err := c.Devices().Delete(context.Background(), 8)
	if !IsAuthError(err) || !strings.Contains(err.Error(), "lacks permission") {
		t.Fatalf("a real 403 must stay an error: %v", err)
	}
}

func TestBulkCreateTimeoutIsUnknownOutcome(t *testing.T) {
	var n atomic.Int32
	release := make(chan struct{})
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		n.Add(1)
		select {
		case <-release:
		case <-time.After(2 * time.Second):
		}
		writeJSON(w, 201, []any{})
	}))
	defer srv.Close()
	defer close(release)
	c := newTestClient(t, srv.URL, func(c *Config) { c.Timeout = time.Minute; c.BulkTimeout = 100 * time.Millisecond; c.BatchSize = 2 })
	_, err := c.Devices().BulkCreate(context.Background(), []DeviceRequest{{Name: "a"}, {Name: "b"}})
	var be *BulkError
	if !errors.As(err, &be) || be.Unknown != 2 || be.Failed != 0 || !strings.Contains(err.Error(), "unknown outcome") || !strings.Contains(err.Error(), "per-request timeout") {
		t.Fatalf("err = %v", err)
	}
	if n.Load() != 1 {
		t.Errorf("a timed-out POST must not be replayed (attempts %d)", n.Load())
	}
}

// A bulk write that PostgreSQL aborted as a deadlock answers 500; the transaction rolled back,
// so the request is replayed. Any other 500 is not, and its body still reaches the error.
func TestDeadlock500IsRetriedOther500IsNot(t *testing.T) {
	var n atomic.Int32
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		switch n.Add(1) {
		case 1:
			w.WriteHeader(500)
			_, _ = w.Write([]byte("<h1>Server Error</h1> psycopg.errors.DeadlockDetected: deadlock detected\nDETAIL: Process 1 waits"))
		case 2:
			writeJSON(w, 201, []map[string]any{{"id": 7, "name": "E1/1/1"}})
		default:
			writeJSON(w, 500, map[string]any{"detail": "boom"})
		}
	}))
	defer srv.Close()
	c := newTestClient(t, srv.URL)
	got, err := c.Interfaces().BulkCreate(context.Background(), []InterfaceRequest{{Device: 1, Name: "E1/1/1", Type: "other"}})
	if err != nil || len(got) != 1 || got[0].ID != 7 {
		t.Fatalf("BulkCreate = %v, %v", got, err)
	}
	if n.Load() != 2 {
		t.Fatalf("attempts = %d, want 2", n.Load())
	}
	_, err = c.Interfaces().BulkCreate(context.Background(), []InterfaceRequest{{Device: 1, Name: "E1/1/2", Type: "other"}})
	if err == nil || !strings.Contains(err.Error(), "boom") || n.Load() != 3 {
		t.Fatalf("plain 500: err = %v after %d attempts, want the body's message after 3", err, n.Load())
	}
}

// An answer larger than MaxResponseBytes is an error, not an unbounded allocation.
func TestOversizedAnswerIsRefused(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		_, _ = w.Write([]byte(`{"count": 1, "next": null, "results": [{"id": 1, "name": "`))
		chunk := []byte(strings.Repeat("x", 1<<20))
		for i := 0; i <= MaxResponseBytes>>20; i++ {
			if _, err := w.Write(chunk); err != nil {
				return
			}
		}
		_, _ = w.Write([]byte(`"}]}`))
	}))
	defer srv.Close()
	c := newTestClient(t, srv.URL)
	_, err := c.Sites().List(context.Background(), nil)
	if err == nil || !strings.Contains(err.Error(), "larger than") {
		t.Fatalf("err = %v, want the answer refused as too large", err)
	}
}

// NetBox commits a bulk create but the answer is lost (the connection drops); the replay gets
// the uniqueness error. The batch's outcome is unknown, not failed: its objects exist.
func TestReplayedCreateThatFailsIsUnknown(t *testing.T) {
	var n atomic.Int32
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		_, _ = io.ReadAll(r.Body)
		if n.Add(1) == 1 {
			resetConn(t, w) // committed, answer lost
			return
		}
		writeJSON(w, 400, map[string]any{"detail": "1 of 1 objects could not be created.",
			"errors": []map[string]any{{"index": 0, "errors": map[string]any{"name": []string{"Device with this Name already exists."}}}}})
	}))
	defer srv.Close()
	c := newTestClient(t, srv.URL)
	_, err := c.Devices().BulkCreate(context.Background(), []DeviceRequest{{Name: "a"}})
	var be *BulkError
	if !errors.As(err, &be) || be.Unknown != 1 || be.Failed != 0 {
		t.Fatalf("err = %v (%+v), want the batch counted as unknown", err, be)
	}
	if !strings.Contains(err.Error(), "may have applied") {
		t.Errorf("message should say the objects may exist: %v", err)
	}
	// Without a lost answer, the same 400 is a failure that changed nothing.
	_, err = c.Devices().BulkCreate(context.Background(), []DeviceRequest{{Name: "a"}})
	if !errors.As(err, &be) || be.Failed != 1 || be.Unknown != 0 {
		t.Fatalf("err = %v, want the batch counted as failed", err)
	}
}

// Two creators race: our POST loses to the other's commit and the database's unique constraint
// answers 500 (NetBox 4.7 does this for manufacturers). The object exists: ensure returns it.
func TestEnsureManufacturerLosesRaceWith500(t *testing.T) {
	var gets atomic.Int32
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		switch r.Method {
		case http.MethodGet:
			var res []any
			if gets.Add(1) > 1 { // the other creator has committed by our second read
				res = append(res, map[string]any{"id": 7, "name": "Celestica", "slug": "celestica"})
			}
			writeJSON(w, 200, map[string]any{"count": len(res), "next": nil, "previous": nil, "results": res})
		case http.MethodPost:
			w.WriteHeader(500)
			_, _ = w.Write([]byte(`duplicate key value violates unique constraint "dcim_manufacturer_name"`))
		}
	}))
	defer srv.Close()
	c := newTestClient(t, srv.URL)
	m, created, err := c.EnsureManufacturer(context.Background(), ManufacturerRequest{Name: "Celestica", Slug: "celestica"})
	if err != nil || created || m.ID != 7 {
		t.Fatalf("got %+v created=%v err=%v, want the other creator's manufacturer", m, created, err)
	}
}

func TestBatchSize(t *testing.T) {
	for _, tc := range []struct{ n, max, conc, want int }{
		{n: 1050, max: 100, conc: 3, want: 96}, // 11 even batches, not 10x100 + 50
		{n: 1984, max: 100, conc: 2, want: 100},
		{n: 23, max: 100, conc: 2, want: 12}, // two lists in flight rather than one
		{n: 128, max: 100, conc: 2, want: 64},
		{n: 1, max: 100, conc: 2, want: 1},
		{n: 5, max: 100, conc: 8, want: 1},
	} {
		if got := batchSize(tc.n, tc.max, tc.conc); got != tc.want {
			t.Errorf("batchSize(%d, %d, %d) = %d, want %d", tc.n, tc.max, tc.conc, got, tc.want)
		}
	}
}
