// Command netbox-floor measures what NetBox itself needs to hold a planned fabric: it posts
// the devices, interfaces and cables of the SPEC §10 design (times -scale) as plain bulk lists,
// with the provider's batch size and concurrency, then deletes them, and prints the wall
// time and request count of each phase. It is the floor the provider's apply and destroy
// are compared with (scripts/bench-apply.sh). No Terraform, no state, no diff.
//
//	NETBOX_URL=... NETBOX_TOKEN=... go run ./scripts/netbox-floor [-scale 1]
package main

import (
	"context"
	"flag"
	"fmt"
	"net/http"
	"net/url"
	"os"
	"sort"
	"strconv"
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
	scale := flag.Int("scale", 1, "multiplies the GPU server counts of SPEC §10")
	batch := flag.Int("batch", 100, "objects per bulk list (the provider's)")
	conc := flag.Int("concurrency", 2, "bulk lists in flight (the provider's)")
	flag.Parse()
	if err := run(*scale, *batch, *conc); err != nil {
		fmt.Fprintln(os.Stderr, "netbox-floor:", err)
		os.Exit(1)
	}
}

type design struct {
	wants      []inventory.Want
	deviceType map[string]string // device name -> floor device type slug
	templates  map[string][]inventory.Interface
}

func buildDesign(scale int) (design, error) {
	pc := planner.PlanContext{Name: prefix, Site: prefix, DeviceStatus: "planned"}
	ref, err := plantest.PlanReference(pc, scale)
	if err != nil {
		return design{}, err
	}
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

func run(scale, batch, conc int) error {
	ctx := context.Background()
	tr := &counting{base: http.DefaultTransport}
	nb, err := netbox.New(netbox.Config{URL: os.Getenv("NETBOX_URL"), Token: os.Getenv("NETBOX_TOKEN"),
		BatchSize: batch, Concurrency: conc, Transport: tr, UserAgent: "netbox-floor"})
	if err != nil {
		return err
	}
	d, err := buildDesign(scale)
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
	deviceIDs := map[string]int64{}
	var devices []netbox.DeviceRequest
	for _, w := range d.wants {
		for _, dev := range w.Devices {
			devices = append(devices, netbox.DeviceRequest{Name: dev, DeviceType: env.types[d.deviceType[dev]],
				Role: env.role, Site: env.site, Status: "planned", Tags: []int64{env.tag}})
		}
	}
	err = measure("create devices", len(devices), func() error {
		got, err := nb.Devices().BulkCreate(ctx, devices)
		for i, o := range got {
			if o.ID != 0 {
				deviceIDs[devices[i].Name] = o.ID
			}
		}
		return err
	})
	defer func() { _ = nb.Devices().BulkDelete(context.Background(), mapValues(deviceIDs)) }()
	if err != nil {
		return err
	}
	ifIDs := map[string]int64{}
	var missing []netbox.InterfaceRequest
	err = measure("read template interfaces", 0, func() error {
		names := map[int64]string{}
		for n, id := range deviceIDs {
			names[id] = n
		}
		ids := mapValues(deviceIDs)
		for lo := 0; lo < len(ids); lo += netbox.IDsPerRequest {
			q := url.Values{"fields": {"id,name,device"}}
			for _, id := range ids[lo:min(lo+netbox.IDsPerRequest, len(ids))] {
				q.Add("device_id", strconv.FormatInt(id, 10))
			}
			got, err := nb.Interfaces().List(ctx, q)
			if err != nil {
				return err
			}
			for _, i := range got {
				ifIDs[inventory.Key(names[i.Device.ID], i.Name)] = i.ID
			}
		}
		for _, w := range d.wants {
			for _, i := range w.Interfaces {
				if _, ok := ifIDs[i.Key()]; !ok {
					missing = append(missing, netbox.InterfaceRequest{Device: deviceIDs[i.Device], DeviceName: i.Device, Name: i.Name, Type: i.Type})
				}
			}
		}
		sort.SliceStable(missing, func(a, b int) bool { return missing[a].Device < missing[b].Device })
		return nil
	})
	if err != nil {
		return err
	}
	err = measure("create interfaces", len(missing), func() error {
		got, err := nb.Interfaces().BulkCreate(ctx, missing)
		for i, o := range got {
			ifIDs[inventory.Key(missing[i].DeviceName, missing[i].Name)] = o.ID
		}
		return err
	})
	if err != nil {
		return err
	}
	var cables []netbox.CableRequest
	for _, w := range d.wants {
		for _, c := range w.Cables {
			cables = append(cables, netbox.CableRequest{ATerminations: []netbox.Termination{netbox.InterfaceEnd(ifIDs[c.A])},
				BTerminations: []netbox.Termination{netbox.InterfaceEnd(ifIDs[c.B])}, Status: "planned", Label: c.Label(),
				Tags: []int64{env.tag}})
		}
	}
	var cableIDs []int64
	err = measure("create cables", len(cables), func() error {
		got, err := nb.Cables().BulkCreate(ctx, cables)
		for _, o := range got {
			if o.ID != 0 {
				cableIDs = append(cableIDs, o.ID)
			}
		}
		return err
	})
	if err != nil {
		_ = nb.Cables().BulkDelete(context.Background(), cableIDs)
		return err
	}
	if err := measure("delete cables", len(cableIDs), func() error { return nb.Cables().BulkDelete(ctx, cableIDs) }); err != nil {
		return err
	}
	ids := mapValues(deviceIDs)
	if err := measure("delete devices", len(ids), func() error { return nb.Devices().BulkDelete(ctx, ids) }); err != nil {
		return err
	}
	deviceIDs = map[string]int64{}
	report(phases)
	return nil
}

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
