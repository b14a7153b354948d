package netbox

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"math/rand/v2"
	"net"
	"net/http"
	"strconv"
	"strings"
	"syscall"
	"time"
)

// maxRetryAfter caps a server-provided Retry-After so a bogus header cannot
// stall an apply for hours (the context still bounds everything).
const maxRetryAfter = 10 * time.Minute

// retryTransport adds the Authorization/User-Agent headers, a per-attempt
// timeout and retries to every request made through the shared *http.Client
// (including go-netbox's).
//
// Retried:
//   - responses 429, 502, 503, 504 (Retry-After seconds or HTTP date honoured,
//     otherwise exponential backoff with jitter);
//   - connection resets / EOF before a response / broken pipe (any method: NetBox
//     did not answer; a replayed bulk POST that had in fact been committed fails
//     on NetBox's uniqueness checks instead of duplicating objects);
//   - connection refused, but only once we are already retrying (a server
//     restarting behind a 503); a refused first attempt fails fast because it
//     almost always means a wrong URL;
//   - per-attempt timeouts of idempotent methods (GET, HEAD, PUT, PATCH, DELETE).
//
// Never retried: other statuses (400, 401, 403, 404, 409, 500, ...), requests
// whose body cannot be replayed, and anything after the caller's context ends.
type retryTransport struct {
	base       http.RoundTripper
	auth       string
	userAgent  string
	timeout    time.Duration
	maxRetries int
	waitMin    time.Duration
	waitMax    time.Duration
	logf       func(string, ...any)
}

func (t *retryTransport) RoundTrip(req *http.Request) (*http.Response, error) {
	ctx := req.Context()
	hasBody := req.Body != nil && req.Body != http.NoBody
	replayable := !hasBody || req.GetBody != nil
	timeout := t.timeout
	if d, ok := ctx.Value(attemptTimeoutKey{}).(time.Duration); ok && d > 0 {
		timeout = d
	}
	// lost is set once an attempt of a non-idempotent request may have reached NetBox without
	// its answer reaching us: NetBox may have committed it, so a replay's failure (a
	// uniqueness 400, typically) says nothing about what exists.
	lost := false
	for attempt := 0; ; attempt++ {
		attemptCtx, cancel := context.WithTimeout(ctx, timeout)
		r := req.Clone(attemptCtx)
		if attempt > 0 && hasBody {
			body, err := req.GetBody()
			if err != nil {
				cancel()
				return nil, err
			}
			r.Body = body
		}
		if r.Header.Get("Authorization") == "" {
			r.Header.Set("Authorization", t.auth)
		}
		if ua := r.Header.Get("User-Agent"); ua == "" || strings.HasPrefix(ua, "go-netbox/") {
			r.Header.Set("User-Agent", t.userAgent)
		}
		if r.Header.Get("Accept") == "" {
			r.Header.Set("Accept", "application/json")
		}
		if r.Header.Get("Accept-Language") == "" {
			// NetBox translates error messages per user preference; keep them English.
			r.Header.Set("Accept-Language", "en-US")
		}

		start := time.Now()
		resp, err := t.base.RoundTrip(r)
		elapsed := time.Since(start).Round(time.Millisecond)
		canRetry := attempt < t.maxRetries && replayable

		if err != nil {
			timedOut := errors.Is(attemptCtx.Err(), context.DeadlineExceeded) || isTimeout(err)
			cancel()
			if ctx.Err() != nil {
				return nil, err
			}
			if timedOut {
				err = fmt.Errorf("no answer within %s (per-request timeout): %w", timeout, err)
			}
			retry := isConnReset(err) ||
				(attempt > 0 && isConnRefused(err)) ||
				(timedOut && idempotent(req.Method))
			lost = lost || (isConnReset(err) && !idempotent(req.Method))
			t.logf("netbox: %s %s -> error after %s (attempt %d): %v", req.Method, req.URL.Path, elapsed, attempt+1, err)
			if !retry || !canRetry {
				if attempt > 0 {
					return nil, fmt.Errorf("%w (gave up after %d attempts)", err, attempt+1)
				}
				return nil, err
			}
			wait := t.backoff(attempt)
			t.logf("netbox: retrying %s %s in %s", req.Method, req.URL.Path, wait)
			if serr := sleepCtx(ctx, wait); serr != nil {
				return nil, fmt.Errorf("%w (while waiting to retry after: %v)", serr, err)
			}
			continue
		}

		t.logf("netbox: %s %s -> %d (%s, attempt %d)", req.Method, req.URL.Path, resp.StatusCode, elapsed, attempt+1)
		if retryableStatus(resp.StatusCode) && canRetry {
			wait, fromHeader := retryAfter(resp.Header.Get("Retry-After"))
			if !fromHeader {
				wait = t.backoff(attempt)
			}
			_, _ = io.CopyN(io.Discard, resp.Body, 64<<10)
			_ = resp.Body.Close()
			cancel()
			t.logf("netbox: retrying %s %s in %s after HTTP %d", req.Method, req.URL.Path, wait, resp.StatusCode)
			if serr := sleepCtx(ctx, wait); serr != nil {
				return nil, fmt.Errorf("%w (while waiting to retry after HTTP %d)", serr, resp.StatusCode)
			}
			continue
		}
		if resp.StatusCode == http.StatusInternalServerError && canRetry && isDeadlock(resp) {
			_ = resp.Body.Close()
			cancel()
			wait := t.backoff(attempt)
			// PostgreSQL aborted the whole transaction, so replaying the request is safe.
			t.logf("netbox: retrying %s %s in %s after a database deadlock", req.Method, req.URL.Path, wait)
			if serr := sleepCtx(ctx, wait); serr != nil {
				return nil, fmt.Errorf("%w (while waiting to retry after a database deadlock)", serr)
			}
			continue
		}
		if lost {
			resp.Header.Set(replayedHeader, "1")
		}
		resp.Body = &cancelOnClose{ReadCloser: resp.Body, cancel: cancel}
		return resp, nil
	}
}

// attemptTimeoutKey carries a per-attempt timeout that overrides Config.Timeout
// (bulk batches use Config.BulkTimeout).
type attemptTimeoutKey struct{}

func withAttemptTimeout(ctx context.Context, d time.Duration) context.Context {
	return context.WithValue(ctx, attemptTimeoutKey{}, d)
}

// backoff returns an exponential delay with "equal jitter": a random value in
// [d/2, d] where d = waitMin * 2^attempt capped at waitMax.
func (t *retryTransport) backoff(attempt int) time.Duration {
	d := t.waitMin
	for i := 0; i < attempt && d < t.waitMax; i++ {
		d *= 2
	}
	if d > t.waitMax {
		d = t.waitMax
	}
	half := d / 2
	if half <= 0 {
		return d
	}
	return half + rand.N(half+1)
}

// retryAfter parses a Retry-After header (delta seconds or HTTP date).
func retryAfter(v string) (time.Duration, bool) {
	v = strings.TrimSpace(v)
	if v == "" {
		return 0, false
	}
	var d time.Duration
	if secs, err := strconv.ParseFloat(v, 64); err == nil {
		if secs < 0 {
			return 0, false
		}
		d = time.Duration(secs * float64(time.Second))
	} else if when, err := http.ParseTime(v); err == nil {
		d = time.Until(when)
		if d < 0 {
			d = 0
		}
	} else {
		return 0, false
	}
	if d > maxRetryAfter {
		d = maxRetryAfter
	}
	return d, true
}

func retryableStatus(code int) bool {
	switch code {
	case http.StatusTooManyRequests, http.StatusBadGateway, http.StatusServiceUnavailable, http.StatusGatewayTimeout:
		return true
	}
	return false
}

func idempotent(method string) bool {
	switch method {
	case http.MethodGet, http.MethodHead, http.MethodOptions, http.MethodPut, http.MethodPatch, http.MethodDelete:
		return true
	}
	return false
}

func isConnReset(err error) bool {
	if err == nil {
		return false
	}
	if errors.Is(err, syscall.ECONNRESET) || errors.Is(err, syscall.EPIPE) ||
		errors.Is(err, syscall.ECONNABORTED) ||
		errors.Is(err, io.EOF) || errors.Is(err, io.ErrUnexpectedEOF) {
		return true
	}
	s := err.Error()
	return strings.Contains(s, "connection reset") || strings.Contains(s, "broken pipe") ||
		strings.Contains(s, "server closed idle connection") || strings.Contains(s, "EOF")
}

func isConnRefused(err error) bool {
	return errors.Is(err, syscall.ECONNREFUSED) || (err != nil && strings.Contains(err.Error(), "connection refused"))
}

func isTimeout(err error) bool {
	if errors.Is(err, context.DeadlineExceeded) {
		return true
	}
	var ne net.Error
	return errors.As(err, &ne) && ne.Timeout()
}

// cancelOnClose releases the per-attempt context once the body is consumed.
type cancelOnClose struct {
	io.ReadCloser
	cancel context.CancelFunc
}

func (c *cancelOnClose) Close() error {
	err := c.ReadCloser.Close()
	c.cancel()
	return err
}

// isDeadlock reports a 500 whose body is PostgreSQL's "deadlock detected" (NetBox 4.7 returns
// deadlocks between concurrent bulk writes as unhandled errors). It reads at most 64 KiB of
// the body and puts what it read back, so a caller still sees the whole answer.
func isDeadlock(resp *http.Response) bool {
	head, err := io.ReadAll(io.LimitReader(resp.Body, 64<<10))
	resp.Body = struct {
		io.Reader
		io.Closer
	}{io.MultiReader(bytes.NewReader(head), resp.Body), resp.Body}
	return err == nil && bytes.Contains(head, []byte("deadlock detected"))
}

// replayedHeader marks an answer to a non-idempotent request that was replayed after an
// attempt whose answer was lost.
const replayedHeader = "X-Hedgehog-Replayed-After-Lost-Answer"
