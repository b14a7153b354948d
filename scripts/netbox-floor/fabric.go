package main

import (
	"context"
	"fmt"
	"net/url"
	"slices"
	"sort"
	"strconv"
	"time"

	"github.com/netfabric-io/terraform-provider-hedgehog/internal/inventory"
	"github.com/netfabric-io/terraform-provider-hedgehog/internal/netbox"
)

// fabric is one copy of the design in NetBox, with the IDs of what the floor created.
type fabric struct {
	devices   []netbox.DeviceRequest
	cables    []netbox.CableRequest
	deviceIDs map[string]int64
	created   []int64 // interfaces posted (not instantiated from templates), as the provider creates them
	cableIDs  []int64
}

// measurer times one phase of objects.
type measurer func(name string, objects int, fn func() error) error

// createFabric posts the design's devices, the interfaces their templates lack and the
// cables, as plain bulk lists.
func createFabric(ctx context.Context, nb *netbox.Client, env environment, d design, measure measurer) (*fabric, error) {
	f := &fabric{deviceIDs: map[string]int64{}}
	for _, w := range d.wants {
		for _, dev := range w.Devices {
			f.devices = append(f.devices, netbox.DeviceRequest{Name: dev, DeviceType: env.types[d.deviceType[dev]],
				Role: env.role, Site: env.site, Status: "planned", Tags: []int64{env.tag}})
		}
	}
	err := measure("create devices", len(f.devices), func() error {
		got, err := nb.Devices().BulkCreate(ctx, f.devices)
		for i, o := range got {
			if o.ID != 0 {
				f.deviceIDs[f.devices[i].Name] = o.ID
			}
		}
		return err
	})
	if err != nil {
		return f, err
	}
	ifIDs := map[string]int64{}
	var missing []netbox.InterfaceRequest
	err = measure("read template interfaces", 0, func() error {
		names := map[int64]string{}
		for n, id := range f.deviceIDs {
			names[id] = n
		}
		ids := mapValues(f.deviceIDs)
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
					missing = append(missing, netbox.InterfaceRequest{Device: f.deviceIDs[i.Device], DeviceName: i.Device, Name: i.Name, Type: i.Type})
				}
			}
		}
		sort.SliceStable(missing, func(a, b int) bool { return missing[a].Device < missing[b].Device })
		return nil
	})
	if err != nil {
		return f, err
	}
	err = measure("create interfaces", len(missing), func() error {
		got, err := nb.Interfaces().BulkCreate(ctx, missing)
		for i, o := range got {
			if o.ID != 0 {
				ifIDs[inventory.Key(missing[i].DeviceName, missing[i].Name)] = o.ID
				f.created = append(f.created, o.ID)
			}
		}
		return err
	})
	if err != nil {
		return f, err
	}
	for _, w := range d.wants {
		for _, c := range w.Cables {
			f.cables = append(f.cables, netbox.CableRequest{ATerminations: []netbox.Termination{netbox.InterfaceEnd(ifIDs[c.A])},
				BTerminations: []netbox.Termination{netbox.InterfaceEnd(ifIDs[c.B])}, Status: "planned", Label: c.Label(),
				Tags: []int64{env.tag}})
		}
	}
	err = measure("create cables", len(f.cables), func() error {
		got, err := nb.Cables().BulkCreate(ctx, f.cables)
		for _, o := range got {
			if o.ID != 0 {
				f.cableIDs = append(f.cableIDs, o.ID)
			}
		}
		return err
	})
	return f, err
}

// deleteLeftovers removes what a failed run left: cables first, then devices.
func (f *fabric) deleteLeftovers(nb *netbox.Client) {
	ctx := context.Background()
	if len(f.cableIDs) > 0 {
		_ = nb.Cables().BulkDelete(ctx, f.cableIDs)
	}
	if len(f.deviceIDs) > 0 {
		_ = nb.Devices().BulkDelete(ctx, mapValues(f.deviceIDs))
	}
	f.cableIDs, f.deviceIDs = nil, nil
}

// singleFlight is the client with one bulk list in flight.
var singleFlight *netbox.Client

// A delete strategy removes a whole fabric. Each names its phases "delete ...".
type deleteStrategy struct {
	name string
	run  func(ctx context.Context, nb *netbox.Client, f *fabric, measure measurer) error
}

// deleteCablesFirst is what the provider's destroy does today: the cables in bulk, then the
// devices, with which NetBox deletes their interfaces.
func deleteCablesFirst(ctx context.Context, nb *netbox.Client, f *fabric, measure measurer) error {
	if err := measure("delete cables", len(f.cableIDs), func() error { return nb.Cables().BulkDelete(ctx, f.cableIDs) }); err != nil {
		return err
	}
	f.cableIDs = nil
	ids := mapValues(f.deviceIDs)
	err := measure("delete devices", len(ids), func() error { return nb.Devices().BulkDelete(ctx, ids) })
	if err == nil {
		f.deviceIDs = nil
	}
	return err
}

var deleteStrategies = []deleteStrategy{
	{"cables, devices", deleteCablesFirst},
	{"devices (one list), cables", func(ctx context.Context, nb *netbox.Client, f *fabric, measure measurer) error {
		// The devices take their interfaces and the cables' terminations with them; the cables
		// are left without ends, and deleting them retraces nothing. One list at a time: two
		// lists in flight deadlock in PostgreSQL, each clearing the cable fields of interfaces
		// on devices of the other list (seen here: retried HTTP 500s until the run was stopped).
		ids := mapValues(f.deviceIDs)
		if err := measure("delete devices", len(ids), func() error { return singleFlight.Devices().BulkDelete(ctx, ids) }); err != nil {
			return err
		}
		f.deviceIDs = nil
		err := measure("delete cables", len(f.cableIDs), func() error { return nb.Cables().BulkDelete(ctx, f.cableIDs) })
		if err == nil {
			f.cableIDs = nil
		}
		return err
	}},
	{"cables, interfaces, devices", func(ctx context.Context, nb *netbox.Client, f *fabric, measure measurer) error {
		if err := measure("delete cables", len(f.cableIDs), func() error { return nb.Cables().BulkDelete(ctx, f.cableIDs) }); err != nil {
			return err
		}
		f.cableIDs = nil
		if err := measure("delete interfaces", len(f.created), func() error { return nb.Interfaces().BulkDelete(ctx, f.created) }); err != nil {
			return err
		}
		ids := mapValues(f.deviceIDs)
		err := measure("delete devices", len(ids), func() error { return nb.Devices().BulkDelete(ctx, ids) })
		if err == nil {
			f.deviceIDs = nil
		}
		return err
	}},
}

// compareDeletes creates the design once per strategy and round and deletes it with that
// strategy, the strategies' order rotating each round so that none always runs first, and
// prints each strategy's delete time: median, range, and the create time of the same rounds.
func compareDeletes(ctx context.Context, nb *netbox.Client, env environment, d design, rounds int, measure measurer, phases func() []phase) error {
	deletes := map[string][]time.Duration{}
	var creates []time.Duration
	for r := range rounds {
		for i := range deleteStrategies {
			s := deleteStrategies[(i+r)%len(deleteStrategies)]
			before := len(phases())
			f, err := createFabric(ctx, nb, env, d, measure)
			if err != nil {
				f.deleteLeftovers(nb)
				return err
			}
			mid := len(phases())
			if err := s.run(ctx, nb, f, measure); err != nil {
				f.deleteLeftovers(nb)
				return fmt.Errorf("%s: %w", s.name, err)
			}
			creates = append(creates, total(phases()[before:mid]))
			deletes[s.name] = append(deletes[s.name], total(phases()[mid:]))
			fmt.Printf("round %d %-28s create %6.1f s, delete %6.1f s\n", r+1, s.name, creates[len(creates)-1].Seconds(),
				deletes[s.name][len(deletes[s.name])-1].Seconds())
		}
	}
	fmt.Printf("\n%-28s %10s %18s %8s\n", "delete strategy", "median s", "range s", "runs")
	for _, s := range deleteStrategies {
		med, lo, hi := spread(deletes[s.name])
		fmt.Printf("%-28s %10.1f %8.1f - %7.1f %8d\n", s.name, med, lo, hi, len(deletes[s.name]))
	}
	med, lo, hi := spread(creates)
	fmt.Printf("%-28s %10.1f %8.1f - %7.1f %8d\n", "(create, all rounds)", med, lo, hi, len(creates))
	return nil
}

func total(ps []phase) time.Duration {
	var t time.Duration
	for _, p := range ps {
		t += p.elapsed
	}
	return t
}

// spread is the median, minimum and maximum in seconds.
func spread(ds []time.Duration) (med, lo, hi float64) {
	if len(ds) == 0 {
		return 0, 0, 0
	}
	s := slices.Clone(ds)
	slices.Sort(s)
	m := s[len(s)/2]
	if len(s)%2 == 0 {
		m = (s[len(s)/2-1] + s[len(s)/2]) / 2
	}
	return m.Seconds(), s[0].Seconds(), s[len(s)-1].Seconds()
}
