package inventory

import (
	"context"
	"fmt"
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
	devices, err := x.NB.Devices().ListByID(ctx, values(rec.Devices), "")
	if err != nil {
		return have, err
	}
	for name, id := range rec.Devices {
		d, ok := devices[id]
		switch {
		case !ok:
			delete(rec.Devices, name)
		default:
			if why := deviceDrift(d, rec.Fields); why != "" {
				rec.Drifted[name] = why
			}
		}
	}
	interfaces, err := x.NB.Interfaces().ListByID(ctx, values(rec.Interfaces), "id")
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
	cables, err := x.NB.Cables().ListByID(ctx, values(rec.Cables), "id,a_terminations,b_terminations")
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

// deviceDrift says which owned fields of a device differ from f, or "".
func deviceDrift(d netbox.Device, f Fields) string {
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
