package inventory

import (
	"context"
	"encoding/json"
	"maps"
	"net/url"
	"slices"
	"sort"
	"sync"

	"github.com/netfabric-io/terraform-provider-hedgehog/internal/netbox"
)

// Discover finds in NetBox what a class owns without asking state: its devices by the plan
// tag and the class's description, their interfaces, and the plan-tagged cables whose B end
// (the class's own switch port) is on one of them. Import builds state from it, and a create
// or an update after an interrupted apply adopts what it finds instead of failing on names
// that exist. Fields of the result are empty: nothing says what the objects were written with.
// A few bulk reads: one for devices, then one per IDsPerRequest devices for interfaces and
// for cables.
func (x *Executor) Discover(ctx context.Context, f Fields) (Recorded, error) {
	return x.discover(ctx, f, true)
}

// DiscoverForDelete is Discover for a destroy: no interfaces (NetBox deletes them with their
// devices), and cables by their labels ("A--B", SPEC §7) rather than their terminations, which
// NetBox serialises at a cost. An untracked cable whose label was cut (over 100 characters)
// or edited by hand is not found this way, and stays in NetBox without its ends (decision 28).
func (x *Executor) DiscoverForDelete(ctx context.Context, f Fields) (Recorded, error) {
	return x.discover(ctx, f, false)
}

func (x *Executor) discover(ctx context.Context, f Fields, full bool) (Recorded, error) {
	rec := NewRecorded()
	devices, err := x.classDevices(ctx, f, "id,name,description")
	if err != nil {
		return rec, err
	}
	byID := make(map[int64]string, len(devices))
	for _, d := range devices {
		rec.Devices[d.Name] = d.ID
		byID[d.ID] = d.Name
	}
	if len(byID) == 0 {
		return rec, nil
	}
	if full {
		if rec.Interfaces, err = x.existingInterfaces(ctx, byID); err != nil {
			return rec, err
		}
	}
	ends, fields := labelEnds, "id,label"
	if full {
		ends, fields = terminationEnds, "id,a_terminations,b_terminations,type,length,length_unit"
	}
	cables, err := x.nb.Cables().ListByParent(ctx, "device_id", slices.Sorted(maps.Keys(byID)), url.Values{"tag": {f.PlanTag}, "fields": {fields}})
	if err != nil {
		return rec, err
	}
	for _, c := range cables {
		if a, b, ok := ends(c); ok && rec.Devices[deviceOf(b)] != 0 {
			rec.Cables[a], rec.CableEnds[a] = c.ID, b
			if full {
				rec.CableSpecs[a] = specOf(c)
			}
		}
	}
	return rec, nil
}

// specOf is what a cable in NetBox is made of, so that adopting or importing it writes its
// type and length only when they differ from the class's. A length in another unit than
// metres never equals the class's, which is then written.
func specOf(c netbox.Cable) CableSpec {
	spec := CableSpec{Type: c.Type.Value}
	if c.Length != nil {
		spec.Length = *c.Length
		if u := c.LengthUnit.Value; u != "" && u != "m" {
			spec.Length = -1
		}
	}
	return spec
}

func labelEnds(c netbox.Cable) (a, b string, ok bool) { return LabelEnds(c.Label) }

func terminationEnds(c netbox.Cable) (a, b string, ok bool) {
	a, aok := terminationKey(c.ATerminations)
	b, bok := terminationKey(c.BTerminations)
	return a, b, aok && bok
}

func deviceOf(key string) string {
	d, _ := SplitKey(key)
	return d
}

// classDevices lists the devices that carry the plan tag and the class's description; none
// while the tag does not exist (NetBox refuses a filter by a tag it does not have).
func (x *Executor) classDevices(ctx context.Context, f Fields, fields string) ([]netbox.Device, error) {
	if ok, err := x.Exists(ctx, KindTag, f.PlanTag); !ok {
		return nil, err
	}
	q := url.Values{"tag": {f.PlanTag}, "description": {f.Description}, "fields": {fields}}
	got, err := x.nb.Devices().List(ctx, q)
	if err != nil {
		return nil, err
	}
	// The description filter is exact in NetBox 4.7; checking again costs nothing and keeps a
	// NetBox that ignored the filter from adopting other classes' devices.
	out := got[:0]
	for _, d := range got {
		if d.Description == f.Description && d.Name != "" {
			out = append(out, d)
		}
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Name < out[j].Name })
	return out, nil
}

// terminationKey is "device:port" of a cable end that is one interface.
func terminationKey(ts []netbox.CableTermination) (string, bool) {
	if len(ts) != 1 || ts[0].Object == nil || ts[0].Object.Device == nil || ts[0].Object.Device.Name == "" {
		return "", false
	}
	return Key(ts[0].Object.Device.Name, ts[0].Object.Name), true
}

// Adopt adds to r the objects of found that r does not record, and returns how many. Adopted
// devices count as drifted, so that apply writes the class's fields to them: nothing says
// what they were written with.
func (r Recorded) Adopt(found Recorded) int {
	n := 0
	add := func(dst, src map[string]int64, adopted func(string)) {
		for k, id := range src {
			if _, ok := dst[k]; !ok {
				dst[k] = id
				adopted(k)
				n++
			}
		}
	}
	add(r.Devices, found.Devices, func(name string) { r.Drifted[name] = "in NetBox but not in state: adopted" })
	add(r.Interfaces, found.Interfaces, func(string) {})
	for a, id := range found.Cables {
		if _, ok := r.Cables[a]; !ok {
			r.Cables[a], r.CableEnds[a] = id, found.CableEnds[a]
			n++
		}
	}
	return n
}

// ClassContext returns the local config context that a class's devices carry (see
// Fields.Context), from the first of them by name; ok is false when NetBox has no device of
// the class.
func (x *Executor) ClassContext(ctx context.Context, f Fields) (json.RawMessage, bool, error) {
	devices, err := x.classDevices(ctx, f, "id,name,description,local_context_data")
	if err != nil || len(devices) == 0 {
		return nil, false, err
	}
	return json.RawMessage(devices[0].LocalContextData), true, nil
}

// Untracked counts the devices and cables of a class that NetBox holds under the plan's tag
// and the record does not: what an interrupted apply leaves behind. It reads every device
// and cable of the plan once per provider process (two listings, paginated at 1000, with
// only the fields it needs), so that a plan of many classes costs two requests. A cable
// belongs to the class whose device holds its B end, read from its label (SPEC §7).
func (x *Executor) Untracked(ctx context.Context, f Fields, have Recorded) (devices, cables int, err error) {
	if site, err := x.siteDevices(ctx, f.Site); err == nil && site != nil && !anyTagged(site, f.PlanTag) {
		// No device of the site carries the tag (the name-collision check read them all), so
		// no cable of the plan can exist either: nothing more to read.
		return 0, 0, nil
	}
	tagged, err := x.planObjects(ctx, f.PlanTag)
	if err != nil {
		return 0, 0, err
	}
	known := map[int64]bool{}
	for _, id := range have.Devices {
		known[id] = true
	}
	for _, id := range have.Cables {
		known[id] = true
	}
	own := map[string]bool{}
	for name := range have.Devices {
		own[name] = true
	}
	for _, d := range tagged.devices {
		if d.Description == f.Description {
			own[d.Name] = true
			if !known[d.ID] {
				devices++
			}
		}
	}
	for _, c := range tagged.cables {
		if _, b, ok := LabelEnds(c.Label); ok && own[deviceOf(b)] && !known[c.ID] {
			cables++
		}
	}
	return devices, cables, nil
}

// planListing is every device and cable that carries a plan's tag.
type planListing struct {
	once    sync.Once
	devices []netbox.Device
	cables  []netbox.Cable
	err     error
}

func (x *Executor) planObjects(ctx context.Context, tag string) (*planListing, error) {
	v, _ := x.listings.LoadOrStore(tag, &planListing{})
	l := v.(*planListing)
	l.once.Do(func() {
		var exists bool
		if exists, l.err = x.Exists(ctx, KindTag, tag); !exists {
			return
		}
		l.devices, l.err = x.nb.Devices().List(ctx, url.Values{"tag": {tag}, "fields": {"id,name,description"}})
		if l.err == nil {
			l.cables, l.err = x.nb.Cables().List(ctx, url.Values{"tag": {tag}, "fields": {"id,label"}})
		}
	})
	return l, l.err
}

func anyTagged(devices map[string][]netbox.Ref, tag string) bool {
	for _, tags := range devices {
		if hasTag(tags, tag) {
			return true
		}
	}
	return false
}
