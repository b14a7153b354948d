package inventory

import (
	"context"
	"fmt"
	"maps"
	"net/url"
	"sort"
	"strings"

	"github.com/netfabric-io/terraform-provider-hedgehog/internal/netbox"
)

// Refresh reads the recorded objects back in bulk (by ID lists) and drops from the record
// what NetBox no longer has, with what depended on it: interfaces and cables of a deleted
// device. Devices whose owned fields differ from what apply wrote, and cables that lost an end,
// are listed in Drifted (a cable by its A end "device:port", a device by its name); fields the
// class does not own are not compared, and extra tags a user added are not drift.
func (x *Executor) Refresh(ctx context.Context, have Recorded) (Recorded, error) {
	rec := have.Clone()
	rec.Drifted = map[string]string{}
	// Only the owned fields: a whole device would make NetBox render its config context.
	devices, err := x.nb.Devices().ListByID(ctx, values(rec.Devices), "id,name,status,description,site,role,device_type,tenant,tags,serial")
	if err != nil {
		return have, err
	}
	for name, id := range rec.Devices {
		d, ok := devices[id]
		switch {
		case !ok:
			delete(rec.Devices, name)
		default:
			if why := deviceDrift(d, rec.Fields, name); why != "" {
				rec.Drifted[name] = why
			}
		}
	}
	// Only devices that still exist: NetBox refuses a device_id filter naming a deleted one.
	deviceIDs := values(rec.Devices)
	var interfaces map[int64]netbox.Interface
	if byDevice(len(rec.Interfaces), len(deviceIDs)) {
		interfaces, err = x.nb.Interfaces().ListByParent(ctx, "device_id", deviceIDs, url.Values{"fields": {"id"}})
	}
	if interfaces == nil || err != nil { // by ID, or a device deleted meanwhile
		interfaces, err = x.nb.Interfaces().ListByID(ctx, values(rec.Interfaces), "id")
	}
	if err != nil {
		return have, err
	}
	for k, id := range rec.Interfaces {
		dev, _ := SplitKey(k)
		if _, ok := interfaces[id]; !ok || rec.Devices[dev] == 0 {
			delete(rec.Interfaces, k)
			delete(rec.Created, k)
		}
	}
	const cableFields = "id,a_terminations,b_terminations"
	var cables map[int64]netbox.Cable
	if byDevice(len(rec.Cables), len(deviceIDs)) {
		// A class's cables end on its devices (B end); a cable whose device was deleted is not
		// listed by device, so its ID is read on its own to tell "lost an end" from "gone".
		cables, err = x.nb.Cables().ListByParent(ctx, "device_id", deviceIDs, url.Values{"fields": {cableFields}})
		if err == nil {
			var rest []int64
			for _, id := range rec.Cables {
				if _, ok := cables[id]; !ok {
					rest = append(rest, id)
				}
			}
			var more map[int64]netbox.Cable
			if more, err = x.nb.Cables().ListByID(ctx, rest, cableFields); err == nil {
				maps.Copy(cables, more)
			}
		}
	}
	if cables == nil || err != nil { // by ID, or a device deleted meanwhile
		cables, err = x.nb.Cables().ListByID(ctx, values(rec.Cables), cableFields)
	}
	if err != nil {
		return have, err
	}
	for a, id := range rec.Cables {
		c, ok := cables[id]
		switch {
		case !ok:
			delete(rec.Cables, a)
			delete(rec.CableEnds, a)
		case len(c.ATerminations) == 0 || len(c.BTerminations) == 0:
			// NetBox keeps a cable whose interface (or device) was deleted, without that end.
			rec.Drifted[a] = "cable lost an end (an interface or device it connected was deleted in NetBox)"
		}
	}
	return rec, nil
}

// byDevice reports whether listing a class's objects by its devices takes fewer requests than
// listing them by ID: by ID costs a request per IDsPerRequest objects, by device about a page
// of 1000 objects per IDsPerRequest devices (the devices also hold template interfaces).
func byDevice(objects, devices int) bool {
	byID := (objects + netbox.IDsPerRequest - 1) / netbox.IDsPerRequest
	pages := (2*objects + 999) / 1000
	return devices > 0 && byID > max(pages, (devices+netbox.IDsPerRequest-1)/netbox.IDsPerRequest)
}

// deviceDrift says which owned fields of device name differ from f, or "". Its serial is
// owned when the class gives it one.
func deviceDrift(d netbox.Device, f Fields, name string) string {
	var diffs []string
	check := func(field, got, want string) {
		if got != want {
			diffs = append(diffs, fmt.Sprintf("%s is %q, want %q", field, got, want))
		}
	}
	check("status", d.Status.Value, f.Status)
	check("description", d.Description, f.Description)
	check("site", d.Site.Slug, f.Site)
	check("role", d.Role.Slug, f.Role)
	check("device_type", d.DeviceType.Slug, f.DeviceType)
	tenant := ""
	if d.Tenant != nil {
		tenant = d.Tenant.Slug
	}
	check("tenant", tenant, f.Tenant)
	if serial := f.Serials[name]; serial != "" {
		check("serial", d.Serial, serial)
	}
	has := map[string]bool{}
	for _, t := range d.Tags {
		has[t.Slug] = true
	}
	var missing []string
	for _, t := range f.Tags {
		if !has[t] {
			missing = append(missing, t)
		}
	}
	if len(missing) > 0 {
		diffs = append(diffs, "tags lack "+strings.Join(missing, ", "))
	}
	return strings.Join(diffs, "; ")
}

func values(m map[string]int64) []int64 {
	out := make([]int64, 0, len(m))
	for _, id := range m {
		out = append(out, id)
	}
	sort.Slice(out, func(i, j int) bool { return out[i] < out[j] })
	return out
}
