package netbox

import (
	"context"
	"errors"
	"fmt"
	"maps"
	"math"
	"net/http"
	"net/url"
	"slices"
	"sort"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
)

type describer interface{ describe() string }
type identified interface{ objectID() int64 }

// Endpoint is the typed CRUD + bulk interface of one NetBox list endpoint.
// T is the type read back, R the type written on create.
type Endpoint[T identified, R describer] struct {
	c    *Client
	path string // e.g. "/api/dcim/devices/"
	kind string // e.g. "device"
	gn   *gnReads[T]
}

// Path returns the API path of the list endpoint, e.g. "/api/dcim/devices/".
func (e *Endpoint[T, R]) Path() string { return e.path }

// Kind returns the object kind used in messages, e.g. "device".
func (e *Endpoint[T, R]) Kind() string { return e.kind }

func (e *Endpoint[T, R]) listURL(q url.Values) string { return e.c.endpointURL(e.path, q) }
func (e *Endpoint[T, R]) objURL(id int64) string {
	return e.c.endpointURL(fmt.Sprintf("%s%d/", e.path, id), nil)
}
func (e *Endpoint[T, R]) byID(id int64) string { return fmt.Sprintf("%s %d", e.kind, id) }

// Get reads one object by ID. A missing object gives an error for which IsNotFound is true.
func (e *Endpoint[T, R]) Get(ctx context.Context, id int64) (T, error) {
	// go-netbox takes int32 IDs; a larger one goes over plain HTTP rather than being truncated.
	if e.gn != nil && e.gn.get != nil && id <= math.MaxInt32 {
		if v, ok, err := gnTry(e.c, e.gn, e.byID(id), func() (any, *http.Response, error) { return e.gn.get(ctx, int32(id)) }); ok {
			return v, err
		}
	}
	var out T
	_, err := e.c.do(ctx, http.MethodGet, e.objURL(id), nil, &out, e.byID(id))
	return out, err
}

// List returns every object matching the filters q (NetBox filter names,
// e.g. Q("tag", "plan-x", "device_id", "12")), following `next` across pages.
func (e *Endpoint[T, R]) List(ctx context.Context, q url.Values) ([]T, error) {
	return listAll[T](ctx, e.c, e.path, q, e.kind)
}

// IDsPerRequest bounds the repeated `id` filters of one GET: gunicorn rejects request lines
// over 4094 bytes (about 400 IDs).
const IDsPerRequest = 150

// ListByID returns the objects with the given IDs that exist, by ID, reading IDsPerRequest
// IDs per request. fields, when not empty, limits the answer (e.g. "id" to test existence).
func (e *Endpoint[T, R]) ListByID(ctx context.Context, ids []int64, fields string) (map[int64]T, error) {
	q := url.Values{}
	if fields != "" {
		q.Set("fields", fields)
	}
	return e.ListByParent(ctx, "id", ids, q)
}

// Page GETs the first page of the list with q (limit defaults to PageSize) and returns it
// with the total count, so a caller can tell whether it has everything in one request.
func (e *Endpoint[T, R]) Page(ctx context.Context, q url.Values) ([]T, int, error) {
	qq := url.Values{}
	for k, v := range q {
		qq[k] = v
	}
	if qq.Get("limit") == "" {
		qq.Set("limit", strconv.Itoa(e.c.cfg.PageSize))
	}
	var p page[T]
	if _, err := e.c.do(ctx, http.MethodGet, e.listURL(qq), nil, &p, e.kind+"s"); err != nil {
		return nil, 0, err
	}
	return p.Results, p.Count, nil
}

// ListByParent lists, by ID, the objects whose filter param (e.g. "device_id", or "id"
// itself) matches one of parentIDs, IDsPerRequest parents a request, each answer paginated: for many objects on
// few parents (a class's interfaces or cables) it takes far fewer requests than ListByID.
// q adds filters and fields.
func (e *Endpoint[T, R]) ListByParent(ctx context.Context, param string, parentIDs []int64, q url.Values) (map[int64]T, error) {
	out := map[int64]T{}
	for lo := 0; lo < len(parentIDs); lo += IDsPerRequest {
		qq := url.Values{}
		for k, v := range q {
			qq[k] = v
		}
		for _, id := range parentIDs[lo:min(lo+IDsPerRequest, len(parentIDs))] {
			qq.Add(param, strconv.FormatInt(id, 10))
		}
		got, err := e.List(ctx, qq)
		if err != nil {
			return nil, err
		}
		for _, o := range got {
			out[o.objectID()] = o
		}
	}
	return out, nil
}

// FindOne returns the single object matching q; ErrNotFound (wrapped) when none
// matches, an error when several do.
func (e *Endpoint[T, R]) FindOne(ctx context.Context, q url.Values) (T, error) {
	var zero T
	all, err := e.List(ctx, q)
	if err != nil {
		return zero, err
	}
	return one(all, e.kind, describeQuery(q))
}

// GetBySlug returns the object with the given slug (ErrNotFound when absent).
func (e *Endpoint[T, R]) GetBySlug(ctx context.Context, slug string) (T, error) {
	if e.gn != nil && e.gn.bySlug != nil {
		what := fmt.Sprintf("%s %q", e.kind, slug)
		if v, ok, err := gnTryList(e.c, e.gn, what, func() ([]any, *http.Response, error) { return e.gn.bySlug(ctx, slug) }); ok {
			if err != nil {
				var zero T
				return zero, err
			}
			return one(v, e.kind, fmt.Sprintf("slug %q", slug))
		}
	}
	return e.FindOne(ctx, Q("slug", slug))
}

func one[T any](all []T, kind, what string) (T, error) {
	var zero T
	switch len(all) {
	case 0:
		return zero, fmt.Errorf("netbox: %s with %s: %w", kind, what, ErrNotFound)
	case 1:
		return all[0], nil
	}
	return zero, fmt.Errorf("netbox: %d %ss match %s; expected one", len(all), kind, what)
}

func describeQuery(q url.Values) string {
	keys := slices.Sorted(maps.Keys(q))
	parts := make([]string, 0, len(keys))
	for _, k := range keys {
		parts = append(parts, fmt.Sprintf("%s=%q", k, strings.Join(q[k], ",")))
	}
	return strings.Join(parts, " ")
}

// ProbeWrite sends an empty bulk write (POST, PATCH or DELETE of "[]") to the list endpoint.
// NetBox checks the token's permission before it looks at the (empty) list, so this tells
// whether the token may write this kind of object without changing anything: nil when it may,
// an *APIError with status 403 when it may not.
func (e *Endpoint[T, R]) ProbeWrite(ctx context.Context, method string) error {
	_, err := e.c.do(ctx, method, e.listURL(nil), []struct{}{}, nil, e.kind+" permission probe")
	return err
}

// Create creates one object.
func (e *Endpoint[T, R]) Create(ctx context.Context, r R) (T, error) {
	var out T
	_, err := e.c.do(ctx, http.MethodPost, e.listURL(nil), r, &out, r.describe())
	return out, err
}

// Update applies a partial update (PATCH) to one object.
func (e *Endpoint[T, R]) Update(ctx context.Context, p Patch) (T, error) {
	var out T
	_, err := e.c.do(ctx, http.MethodPatch, e.objURL(p.ID), p, &out, quoted(e.kind, p.Name, p.ID))
	return out, err
}

// Delete deletes one object; an object that is already gone (404) is success.
func (e *Endpoint[T, R]) Delete(ctx context.Context, id int64) error {
	_, err := e.c.do(ctx, http.MethodDelete, e.objURL(id), nil, nil, e.byID(id))
	if IsNotFound(err) {
		e.c.logf("netbox: %s already deleted", e.byID(id))
		return nil
	}
	var ae *APIError
	if errors.As(err, &ae) && ae.StatusCode == http.StatusForbidden {
		// NetBox answers 403 "You do not have permission" (not 404) to a DELETE
		// that races another delete of the same object, e.g. our own retry
		// after a timed-out attempt that NetBox completed. Gone is gone.
		if _, gerr := e.Get(ctx, id); IsNotFound(gerr) {
			e.c.logf("netbox: %s is gone (DELETE answered 403 while it was being deleted)", e.byID(id))
			return nil
		}
	}
	return err
}

// BulkError reports a bulk operation that failed part way. Batches are atomic
// in NetBox: a failed batch changed nothing; the batches that succeeded are in
// the returned slice (objects with a non-zero ID).
type BulkError struct {
	Op        string // "create", "update", "delete"
	Kind      string
	Total     int // objects submitted
	Succeeded int // objects in batches that succeeded
	Failed    int // objects in batches NetBox rejected (nothing of those batches was applied)
	// Unknown counts objects in batches whose outcome is unknown: the request
	// timed out or the connection failed after it was sent, so NetBox may still
	// have applied it (for a create: the objects may exist without their IDs
	// being known here; find them by tag/name).
	Unknown int
	Errs    []error
}

func (e *BulkError) Error() string {
	skipped := e.Total - e.Succeeded - e.Failed - e.Unknown
	var b strings.Builder
	fmt.Fprintf(&b, "netbox: bulk %s of %d %ss: %d succeeded, %d failed", e.Op, e.Total, e.Kind, e.Succeeded, e.Failed)
	if e.Unknown > 0 {
		fmt.Fprintf(&b, ", %d with unknown outcome (NetBox may have applied them)", e.Unknown)
	}
	if skipped > 0 {
		fmt.Fprintf(&b, ", %d not attempted", skipped)
	}
	if len(e.Errs) > 0 {
		b.WriteString(": " + strings.TrimPrefix(e.Errs[0].Error(), "netbox: "))
		if len(e.Errs) > 1 {
			fmt.Fprintf(&b, " (and %d more failed batches)", len(e.Errs)-1)
		}
	}
	return b.String()
}

func (e *BulkError) Unwrap() []error { return e.Errs }

// BulkCreate creates objects by POSTing JSON lists of up to BatchSize objects,
// with at most Concurrency batches in flight. The result has one entry per
// input, in input order. On error it is still len(rs) long: entries of failed
// or unattempted batches are zero values (ID 0), the others are created objects
// that the caller must track (e.g. for rollback). In-flight batches are allowed
// to finish after a failure so that no created object goes unreported.
func (e *Endpoint[T, R]) BulkCreate(ctx context.Context, rs []R) ([]T, error) {
	out := make([]T, len(rs))
	err := e.c.runBatches(ctx, "create", e.kind, len(rs), func(ctx context.Context, lo, hi int) error {
		batch := rs[lo:hi]
		var got []T
		_, err := e.c.do(ctx, http.MethodPost, e.listURL(nil), batch, &got, batchObject(batch))
		if err != nil {
			return nameBulkError(err, batch, nil)
		}
		if len(got) != len(batch) {
			return fmt.Errorf("netbox: bulk create of %ss: NetBox returned %d objects for a batch of %d", e.kind, len(got), len(batch))
		}
		copy(out[lo:hi], got)
		return nil
	})
	return out, err
}

// BulkUpdate PATCHes objects in batches (each Patch carries its ID). The result
// is in input order; on error, entries of failed batches are zero values.
func (e *Endpoint[T, R]) BulkUpdate(ctx context.Context, ps []Patch) ([]T, error) {
	out := make([]T, len(ps))
	err := e.c.runBatches(ctx, "update", e.kind, len(ps), func(ctx context.Context, lo, hi int) error {
		batch := ps[lo:hi]
		names := make([]describer, len(batch))
		for i, p := range batch {
			names[i] = named(quoted(e.kind, p.Name, p.ID))
		}
		var got []T
		_, err := e.c.do(ctx, http.MethodPatch, e.listURL(nil), batch, &got, batchObject(names))
		if err != nil {
			return nameBulkError(err, names, func(i int) int64 { return batch[i].ID })
		}
		byID := make(map[int64]T, len(got))
		for _, o := range got {
			byID[o.objectID()] = o
		}
		for i, p := range batch {
			o, ok := byID[p.ID]
			if !ok {
				return fmt.Errorf("netbox: bulk update: NetBox did not return %s", quoted(e.kind, p.Name, p.ID))
			}
			out[lo+i] = o
		}
		return nil
	})
	return out, err
}

// BulkDelete deletes objects by ID in batches (DELETE of a JSON list). IDs that
// are already gone are success: NetBox 4.7 rejects a whole batch naming a
// missing ID (400, "N of M objects could not be found"), so the batch is
// re-sent without the IDs NetBox reported missing; a batch answered with 404
// (other versions, proxies) is deleted object by object, each treating 404 as
// done. Duplicate IDs are ignored.
func (e *Endpoint[T, R]) BulkDelete(ctx context.Context, ids []int64) error {
	ids = dedupe(ids)
	return e.c.runBatches(ctx, "delete", e.kind, len(ids), func(ctx context.Context, lo, hi int) error {
		return e.deleteBatch(ctx, ids[lo:hi], true)
	})
}

func (e *Endpoint[T, R]) deleteBatch(ctx context.Context, batch []int64, mayResend bool) error {
	if len(batch) == 0 {
		return nil
	}
	body := make([]map[string]int64, len(batch))
	for i, id := range batch {
		body[i] = map[string]int64{"id": id}
	}
	what := fmt.Sprintf("%d %ss", len(batch), e.kind)
	if len(batch) == 1 {
		what = e.byID(batch[0])
	}
	_, err := e.c.do(ctx, http.MethodDelete, e.listURL(nil), body, nil, what)
	if err == nil {
		return nil
	}
	var ae *APIError
	if !errors.As(err, &ae) {
		return err
	}
	if ae.StatusCode == http.StatusNotFound || (ae.StatusCode == http.StatusForbidden && len(batch) > 1) {
		return e.deleteOneByOne(ctx, batch, what)
	}
	if ae.StatusCode == http.StatusBadRequest {
		if be, ok := parseBulkErrors(ae.body); ok && len(be.missingIDs) > 0 && len(be.missingIDs) == len(be.byID) && len(be.byIndex) == 0 {
			if !mayResend {
				// Objects keep disappearing under us: finish one by one.
				return e.deleteOneByOne(ctx, batch, what)
			}
			rest := make([]int64, 0, len(batch))
			for _, id := range batch {
				if !be.missingIDs[id] {
					rest = append(rest, id)
				}
			}
			e.c.logf("netbox: %d of %s were already deleted; deleting the other %d", len(be.missingIDs), what, len(rest))
			return e.deleteBatch(ctx, rest, false)
		}
	}
	ids := batch
	return nameBulkError(err, describeIDs(e.kind, ids), func(i int) int64 { return ids[i] })
}

func (e *Endpoint[T, R]) deleteOneByOne(ctx context.Context, batch []int64, what string) error {
	e.c.logf("netbox: bulk delete of %s reported missing objects; deleting them one by one", what)
	for _, id := range batch {
		if err := e.Delete(ctx, id); err != nil {
			return err
		}
	}
	return nil
}

func describeIDs(kind string, ids []int64) []named {
	out := make([]named, len(ids))
	for i, id := range ids {
		out[i] = named(fmt.Sprintf("%s %d", kind, id))
	}
	return out
}

func dedupe(ids []int64) []int64 {
	seen := make(map[int64]bool, len(ids))
	out := make([]int64, 0, len(ids))
	for _, id := range ids {
		if !seen[id] {
			seen[id] = true
			out = append(out, id)
		}
	}
	return out
}

type named string

func (n named) describe() string { return string(n) }

func batchObject[D describer](batch []D) string {
	switch len(batch) {
	case 0:
		return ""
	case 1:
		return batch[0].describe()
	}
	return fmt.Sprintf("batch of %d starting with %s", len(batch), batch[0].describe())
}

// nameBulkError rewrites a bulk error whose body lists per-object errors
// (by position, or by ID when idOf is given) so that it names the failing objects.
func nameBulkError[D describer](err error, batch []D, idOf func(i int) int64) error {
	var ae *APIError
	if len(batch) < 2 || !errors.As(err, &ae) || ae.body == nil {
		return err
	}
	be, ok := parseBulkErrors(ae.body)
	if !ok {
		return err
	}
	msgs := map[int]string{}
	for i, m := range be.byIndex {
		if i >= 0 && i < len(batch) {
			msgs[i] = m
		}
	}
	if idOf != nil && len(be.byID) > 0 {
		for i := range batch {
			if m, ok := be.byID[idOf(i)]; ok {
				msgs[i] = m
			}
		}
	}
	if len(msgs) == 0 {
		return err
	}
	idx := make([]int, 0, len(msgs))
	for i := range msgs {
		idx = append(idx, i)
	}
	sort.Ints(idx)
	const show = 5
	parts := make([]string, 0, show+1)
	for n, i := range idx {
		if n == show {
			parts = append(parts, fmt.Sprintf("and %d more", len(idx)-show))
			break
		}
		parts = append(parts, batch[i].describe()+": "+msgs[i])
	}
	cp := *ae
	cp.Object = batch[idx[0]].describe()
	if len(idx) > 1 {
		cp.Object += fmt.Sprintf(" (and %d more in the batch)", len(idx)-1)
	}
	cp.Message = strings.Join(parts, "; ")
	return &cp
}

// runBatches calls fn for consecutive [lo,hi) slices of n items, BatchSize at
// a time, with at most Concurrency calls running. After the first failure no
// new batch starts, but running ones finish.
// batchSize splits n objects into batches of at most max, of even size, and into at least
// concurrency batches when there are that many objects: NetBox works through one batch on
// one worker, so 23 devices in one list of 100 take twice as long as in two lists of 12 in
// flight at once (measured in make bench-apply).
func batchSize(n, max, concurrency int) int {
	k := (n + max - 1) / max
	if k < concurrency {
		k = min(concurrency, n)
	}
	return (n + k - 1) / k
}

func (c *Client) runBatches(ctx context.Context, op, kind string, n int, fn func(ctx context.Context, lo, hi int) error) error {
	if n == 0 {
		return nil
	}
	type batchErr struct {
		lo, size int
		err      error
	}
	var (
		wg      sync.WaitGroup
		mu      sync.Mutex
		errs    []batchErr
		stopped atomic.Bool
		okCount atomic.Int64
		sem     = make(chan struct{}, c.cfg.Concurrency)
	)
	bs := c.cfg.BatchSize
	if c.cfg.SpreadBatches {
		bs = batchSize(n, c.cfg.BatchSize, c.cfg.Concurrency)
	}
	batchCtx := withAttemptTimeout(ctx, c.cfg.BulkTimeout)
	var ctxErr error
launch:
	for lo := 0; lo < n; lo += bs {
		hi := min(lo+bs, n)
		select {
		case sem <- struct{}{}:
		case <-ctx.Done():
			ctxErr = ctx.Err()
			break launch
		}
		if stopped.Load() {
			<-sem
			break
		}
		if err := ctx.Err(); err != nil {
			<-sem
			ctxErr = err
			break
		}
		wg.Add(1)
		go func(lo, hi int) {
			defer wg.Done()
			defer func() { <-sem }()
			if err := fn(batchCtx, lo, hi); err != nil {
				stopped.Store(true)
				mu.Lock()
				errs = append(errs, batchErr{lo, hi - lo, err})
				mu.Unlock()
				return
			}
			okCount.Add(int64(hi - lo))
		}(lo, hi)
	}
	wg.Wait()
	if len(errs) == 0 && ctxErr == nil {
		return nil
	}
	sort.Slice(errs, func(i, j int) bool { return errs[i].lo < errs[j].lo })
	be := &BulkError{Op: op, Kind: kind, Total: n, Succeeded: int(okCount.Load())}
	for _, e := range errs {
		var ae *APIError
		var unknown *UnknownOutcomeError
		if errors.As(e.err, &ae) && !errors.As(e.err, &unknown) {
			be.Failed += e.size
		} else {
			be.Unknown += e.size
		}
		be.Errs = append(be.Errs, e.err)
	}
	if ctxErr != nil {
		be.Errs = append(be.Errs, ctxErr)
	}
	return be
}
