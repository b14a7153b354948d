package inventory

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"sort"
	"strings"
	"sync"

	"github.com/netfabric-io/terraform-provider-hedgehog/internal/netbox"
)

// Preflight checks, once per provider process, that NetBox answers, that the token
// authenticates, and that it may write every kind of object apply writes. Permissions are
// probed with empty bulk writes, which NetBox authorises before it reads the (empty) list and
// which change nothing. The result is cached: a plan's resources ask many times.
func (x *Executor) Preflight(ctx context.Context) error {
	x.preflightOnce.Do(func() { x.preflightErr = x.preflight(ctx) })
	return x.preflightErr
}

// writeProbe is one kind of write apply makes.
type writeProbe struct {
	what   string
	method string
	probe  func(ctx context.Context, method string) error
}

func (x *Executor) writeProbes() []writeProbe {
	nb := x.nb
	var out []writeProbe
	add := func(kind string, probe func(context.Context, string) error, methods ...string) {
		verbs := map[string]string{http.MethodPost: "add", http.MethodPatch: "change", http.MethodDelete: "delete"}
		for _, m := range methods {
			out = append(out, writeProbe{verbs[m] + " " + kind, m, probe})
		}
	}
	all := []string{http.MethodPost, http.MethodPatch, http.MethodDelete}
	add("device", nb.Devices().ProbeWrite, all...)
	add("interface", nb.Interfaces().ProbeWrite, http.MethodPost, http.MethodDelete)
	add("cable", nb.Cables().ProbeWrite, all...)
	add("tag", nb.Tags().ProbeWrite, http.MethodPost, http.MethodDelete)
	add("device role", nb.DeviceRoles().ProbeWrite, http.MethodPost, http.MethodDelete)
	add("device type", nb.DeviceTypes().ProbeWrite, http.MethodPost, http.MethodDelete)
	add("interface template", nb.InterfaceTemplates().ProbeWrite, http.MethodPost)
	add("manufacturer", nb.Manufacturers().ProbeWrite, http.MethodPost)
	return out
}

func (x *Executor) preflight(ctx context.Context) error {
	if err := x.nb.Status(ctx); err != nil {
		return err
	}
	var missing []string
	for _, p := range x.writeProbes() {
		err := p.probe(ctx, p.method)
		var ae *netbox.APIError
		switch {
		case err == nil:
		case errors.As(err, &ae) && ae.StatusCode == http.StatusForbidden:
			missing = append(missing, p.what)
		default:
			return fmt.Errorf("checking the token's permission to %s: %w", p.what, err)
		}
	}
	if len(missing) > 0 {
		return &PermissionError{Missing: missing}
	}
	return nil
}

// PermissionError lists the writes the token may not make.
type PermissionError struct {
	Missing []string
}

func (e *PermissionError) Error() string {
	return "the NetBox token may not " + strings.Join(e.Missing, ", ") + ": apply would fail part way. Give the " +
		"token's user these permissions (a superuser has them all) and make the token write-enabled"
}

// NameCollisions returns the names, of those given, that devices in the site already have
// and that the plan does not own (they do not carry its tag): apply would fail on them. The
// site's devices are read once per provider process when one page holds them all (every
// class of a plan then checks for free); in a bigger site, one request per idsPerQuery names.
func (x *Executor) NameCollisions(ctx context.Context, site, planTag string, names []string) ([]string, error) {
	var out []string
	if all, err := x.siteDevices(ctx, site); err != nil {
		return nil, err
	} else if all != nil {
		for _, n := range names {
			if tags, ok := all[n]; ok && !hasTag(tags, planTag) {
				out = append(out, n)
			}
		}
		sort.Strings(out)
		return out, nil
	}
	for _, chunk := range chunks(names, idsPerQuery) {
		q := url.Values{"site": {site}, "name": chunk, "fields": {"id,name,tags"}}
		got, err := x.nb.Devices().List(ctx, q)
		if err != nil {
			return nil, err
		}
		for _, d := range got {
			if !hasTag(d.Tags, planTag) {
				out = append(out, d.Name)
			}
		}
	}
	sort.Strings(out)
	return out, nil
}

func hasTag(tags []netbox.Ref, slug string) bool {
	for _, t := range tags {
		if t.Slug == slug {
			return true
		}
	}
	return false
}

// siteListing is the tags of every device of a site by name; nil when the site has more devices
// than one page holds.
type siteListing struct {
	once    sync.Once
	devices map[string][]netbox.Ref
	err     error
}

func (x *Executor) siteDevices(ctx context.Context, site string) (map[string][]netbox.Ref, error) {
	v, _ := x.sites.LoadOrStore(site, &siteListing{})
	l := v.(*siteListing)
	l.once.Do(func() {
		got, total, err := x.nb.Devices().Page(ctx, url.Values{"site": {site}, "fields": {"id,name,tags"}})
		if err != nil || total > len(got) {
			l.err = err
			return
		}
		l.devices = make(map[string][]netbox.Ref, len(got))
		for _, d := range got {
			l.devices[d.Name] = d.Tags
		}
	})
	return l.devices, l.err
}
