// Command netbox-floor measures what NetBox itself needs to hold a planned fabric: it posts
// the devices, interfaces and cables of a design as plain bulk lists, with the provider's
// batch size and concurrency, then deletes them, and prints the wall time and request count
// of each phase. It is the floor the provider's apply and destroy are compared with
// (scripts/bench-apply.sh). No Terraform, no state, no diff.
//
// With -naive N it also times the naive path, one request per object, on a sample of N
// devices, N interfaces and N cables (created and deleted one by one, with the same
// concurrency), and extrapolates it to the whole design.
//
//	NETBOX_URL=... NETBOX_TOKEN=... go run ./scripts/netbox-floor [-design reference -scale 1 | -design rail -servers 128] [-naive 20]
package main

import (
	"context"
	"flag"
	"fmt"
	"net/http"
	"os"
	"sort"
	"sync/atomic"
	"time"

	"github.com/netfabric-io/terraform-provider-hedgehog/internal/inventory"
	"github.com/netfabric-io/terraform-provider-hedgehog/internal/netbox"
	"github.com/netfabric-io/terraform-provider-hedgehog/internal/planner"
	"github.com/netfabric-io/terraform-provider-hedgehog/internal/planner/plantest"
)

const prefix = "floor"

type counting struct {
	base http.RoundTripper
	n    atomic.Int64
}

func (c *counting) RoundTrip(r *http.Request) (*http.Response, error) {
	c.n.Add(1)
	return c.base.RoundTrip(r)
}

func main() {
	which := flag.String("design", "reference", "reference (SPEC §10) or rail (bench/rail-optimized)")
	scale := flag.Int("scale", 1, "reference: multiplies the GPU server counts of SPEC §10")
	servers := flag.Int("servers", 128, "rail: GPU servers")
	batch := flag.Int("batch", 100, "objects per bulk list (the provider's)")
	conc := flag.Int("concurrency", 2, "bulk lists in flight (the provider's)")
	naive := flag.Int("naive", 0, "objects of each kind in the one-request-per-object sample (0: none)")
	strategies := flag.Int("delete-strategies", 0, "rounds of the delete strategies, each creating the design once per strategy (0: none)")
	flag.Parse()
	pc := planner.PlanContext{Name: prefix, Site: prefix, DeviceStatus: "planned"}
	var planned *plantest.Design
	var err error
	switch *which {
	case "reference":
		planned, err = plantest.PlanReference(pc, *scale)
	case "rail":
		planned, err = plantest.PlanRailOptimized(pc, *servers)
	default:
		err = fmt.Errorf("unknown design %q", *which)
	}
	if err == nil {
		err = run(pc, planned, *batch, *conc, *naive, *strategies)
	}
	if err != nil {
		fmt.Fprintln(os.Stderr, "netbox-floor:", err)
		os.Exit(1)
	}
}

type design struct {
	wants      []inventory.Want
	deviceType map[string]string // device name -> floor device type slug
	templates  map[string][]inventory.Interface
}

func buildDesign(pc planner.PlanContext, ref *plantest.Design) (design, error) {
	d := design{deviceType: map[string]string{}, templates: map[string][]inventory.Interface{}}
	for _, name := range sortedKeys(ref.Servers) {
		sc := ref.ServerClasses[name]
		slug := prefix + "-" + name
		d.templates[slug] = inventory.NICInterfaces(sc.NICs)
		w := inventory.ForServerClass(pc, sc, ref.Servers[name])
		for _, dev := range w.Devices {
			d.deviceType[dev] = slug
		}
		d.wants = append(d.wants, w)
	}
	for _, name := range ref.Order {
		sc := ref.SwitchClasses[name]
		prof, ok := planner.ProfileOf(sc)
		if !ok {
			return d, fmt.Errorf("no profile for %s", name)
		}
		slug := prefix + "-" + sc.DeviceType
		d.templates[slug] = inventory.SwitchTemplates(prof.Ports)
		w := inventory.ForSwitchClass(pc, sc, ref.Switches[name])
		for _, dev := range w.Devices {
			d.deviceType[dev] = slug
		}
		d.wants = append(d.wants, w)
	}
	return d, nil
}

func sortedKeys[V any](m map[string]V) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}

type phase struct {
	name     string
	objects  int
	elapsed  time.Duration
	requests int64
}

func run(pc planner.PlanContext, planned *plantest.Design, batch, conc, naive, strategyRounds int) error {
	ctx := context.Background()
	tr := &counting{base: http.DefaultTransport}
	nb, err := netbox.New(netbox.Config{URL: os.Getenv("NETBOX_URL"), Token: os.Getenv("NETBOX_TOKEN"), MaxRetries: netbox.DefaultMaxRetries,
		BatchSize: batch, Concurrency: conc, SpreadBatches: true, Transport: tr, UserAgent: "netbox-floor"})
	if err != nil {
		return err
	}
	d, err := buildDesign(pc, planned)
	if err != nil {
		return err
	}
	env, err := setUp(ctx, nb, d)
	if err != nil {
		return err
	}
	defer tearDown(nb, env)

	var phases []phase
	measure := func(name string, objects int, fn func() error) error {
		start, n := time.Now(), tr.n.Load()
		err := fn()
		phases = append(phases, phase{name, objects, time.Since(start), tr.n.Load() - n})
		return err
	}
	if strategyRounds > 0 {
		if singleFlight, err = netbox.New(netbox.Config{URL: os.Getenv("NETBOX_URL"), Token: os.Getenv("NETBOX_TOKEN"),
			MaxRetries: netbox.DefaultMaxRetries, BatchSize: batch, Concurrency: 1, Transport: tr, UserAgent: "netbox-floor"}); err != nil {
			return err
		}
		return compareDeletes(ctx, nb, env, d, strategyRounds, measure, func() []phase { return phases })
	}
	f, err := createFabric(ctx, nb, env, d, measure)
	defer f.deleteLeftovers(nb)
	if err != nil {
		return err
	}
	devices, cables := f.devices, f.cables
	var sample naiveSample
	if naive > 0 {
		one, err := netbox.New(netbox.Config{URL: os.Getenv("NETBOX_URL"), Token: os.Getenv("NETBOX_TOKEN"), MaxRetries: netbox.DefaultMaxRetries,
			BatchSize: 1, Concurrency: conc, Transport: tr, UserAgent: "netbox-floor"})
		if err != nil {
			return err
		}
		if sample, err = measureNaive(ctx, one, env, d, devices, cables, &f.cableIDs, naive); err != nil {
			return err
		}
	}
	if err := deleteCablesFirst(ctx, nb, f, measure); err != nil {
		return err
	}
	report(phases)
	if naive > 0 {
		sample.report(len(devices), len(f.created), len(cables))
	}
	return nil
}

// naiveSample is the time of one object of each kind written one request at a time.
type naiveSample struct {
	n                                         int
	device, iface, cable, cableDel, deviceDel time.Duration
}

// measureNaive writes a sample one object per request: cables (deleted and created again, the
// created ones replacing their IDs in cableIDs), devices of the design's first device type
// with their template interfaces, and interfaces on those devices; then deletes the sample
// devices. Each kind is timed as a whole and divided by its count.
func measureNaive(ctx context.Context, one *netbox.Client, env environment, d design, devices []netbox.DeviceRequest,
	cables []netbox.CableRequest, cableIDs *[]int64, n int) (naiveSample, error) {
	s := naiveSample{n: min(n, len(*cableIDs))}
	per := func(start time.Time) time.Duration { return time.Since(start) / time.Duration(s.n) }
	start := time.Now()
	if err := one.Cables().BulkDelete(ctx, (*cableIDs)[:s.n]); err != nil {
		return s, err
	}
	s.cableDel = per(start)
	start = time.Now()
	got, err := one.Cables().BulkCreate(ctx, cables[:s.n])
	if err != nil {
		return s, err
	}
	for i, c := range got {
		(*cableIDs)[i] = c.ID
	}
	s.cable = per(start)
	extra := make([]netbox.DeviceRequest, s.n)
	for i := range extra {
		extra[i] = devices[0]
		extra[i].Name = fmt.Sprintf("%s-naive-%03d", prefix, i)
	}
	start = time.Now()
	made, err := one.Devices().BulkCreate(ctx, extra)
	s.device = per(start)
	var ids []int64
	for _, m := range made {
		ids = append(ids, m.ID)
	}
	defer func() { _ = one.Devices().BulkDelete(context.Background(), ids) }()
	if err != nil {
		return s, err
	}
	ifs := make([]netbox.InterfaceRequest, s.n)
	for i := range ifs {
		ifs[i] = netbox.InterfaceRequest{Device: ids[i], DeviceName: extra[i].Name, Name: "naive", Type: "1000base-t"}
	}
	start = time.Now()
	if _, err := one.Interfaces().BulkCreate(ctx, ifs); err != nil {
		return s, err
	}
	s.iface = per(start)
	start = time.Now()
	err = one.Devices().BulkDelete(ctx, ids)
	s.deviceDel = per(start)
	ids = nil
	return s, err
}

func (s naiveSample) report(devices, interfaces, cables int) {
	create := time.Duration(devices)*s.device + time.Duration(interfaces)*s.iface + time.Duration(cables)*s.cable
	del := time.Duration(cables)*s.cableDel + time.Duration(devices)*s.deviceDel
	fmt.Printf("naive sample (%d of each, one request per object): device %.0f ms, interface %.0f ms, cable %.0f ms, "+
		"cable delete %.0f ms, device delete %.0f ms\n", s.n, ms(s.device), ms(s.iface), ms(s.cable), ms(s.cableDel), ms(s.deviceDel))
	fmt.Printf("naive create: %.1f s, %d requests (extrapolated)\n", create.Seconds(), devices+interfaces+cables)
	fmt.Printf("naive delete: %.1f s, %d requests (extrapolated)\n", del.Seconds(), devices+cables)
}

func ms(d time.Duration) float64 { return float64(d.Microseconds()) / 1000 }

func mapValues(m map[string]int64) []int64 {
	out := make([]int64, 0, len(m))
	for _, v := range m {
		out = append(out, v)
	}
	sort.Slice(out, func(i, j int) bool { return out[i] < out[j] })
	return out
}

func report(phases []phase) {
	var create, del phase
	fmt.Printf("%-26s %8s %10s %9s %12s\n", "phase", "objects", "seconds", "requests", "ms/object")
	for _, p := range phases {
		per := ""
		if p.objects > 0 {
			per = fmt.Sprintf("%.1f", float64(p.elapsed.Milliseconds())/float64(p.objects))
		}
		fmt.Printf("%-26s %8d %10.1f %9d %12s\n", p.name, p.objects, p.elapsed.Seconds(), p.requests, per)
		target := &create
		if p.name[:6] == "delete" {
			target = &del
		}
		target.elapsed += p.elapsed
		target.requests += p.requests
	}
	fmt.Printf("floor create: %.1f s, %d requests\n", create.elapsed.Seconds(), create.requests)
	fmt.Printf("floor delete: %.1f s, %d requests\n", del.elapsed.Seconds(), del.requests)
}

type environment struct {
	site, role, tag, mfr int64
	types                map[string]int64
	created              []int64 // device types
}

func setUp(ctx context.Context, nb *netbox.Client, d design) (environment, error) {
	env := environment{types: map[string]int64{}}
	site, err := nb.LookupSite(ctx, prefix)
	if err != nil {
		site, err = nb.Sites().Create(ctx, netbox.SiteRequest{Name: prefix, Slug: prefix})
		if err != nil {
			return env, err
		}
	}
	env.site = site.ID
	role, _, err := nb.EnsureDeviceRole(ctx, netbox.DeviceRoleRequest{Name: "Floor", Slug: prefix})
	if err != nil {
		return env, err
	}
	env.role = role.ID
	tag, _, err := nb.EnsureTag(ctx, netbox.TagRequest{Name: prefix, Slug: prefix})
	if err != nil {
		return env, err
	}
	env.tag = tag.ID
	mfr, _, err := nb.EnsureManufacturer(ctx, netbox.ManufacturerRequest{Name: "Floor", Slug: prefix})
	if err != nil {
		return env, err
	}
	env.mfr = mfr.ID
	for _, slug := range sortedKeys(d.templates) {
		if dt, err := nb.LookupDeviceType(ctx, "", slug); err == nil {
			env.types[slug] = dt.ID
			continue
		}
		var ts []netbox.InterfaceTemplateRequest
		for _, t := range d.templates[slug] {
			ts = append(ts, netbox.InterfaceTemplateRequest{Name: t.Name, Type: t.Type})
		}
		dt, _, err := nb.CreateDeviceType(ctx, netbox.DeviceTypeRequest{Manufacturer: mfr.ID, Model: slug, Slug: slug}, ts)
		if err != nil {
			return env, err
		}
		env.types[slug] = dt.ID
		env.created = append(env.created, dt.ID)
	}
	return env, nil
}

func tearDown(nb *netbox.Client, env environment) {
	ctx := context.Background()
	_ = nb.DeviceTypes().BulkDelete(ctx, env.created)
	_ = nb.Manufacturers().Delete(ctx, env.mfr)
	_ = nb.Tags().Delete(ctx, env.tag)
	_ = nb.DeviceRoles().Delete(ctx, env.role)
}
