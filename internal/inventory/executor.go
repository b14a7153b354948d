package inventory

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"maps"
	"net/url"
	"slices"
	"sort"
	"strings"
	"sync"
	"time"

	"github.com/netfabric-io/terraform-provider-hedgehog/internal/netbox"
	"github.com/netfabric-io/terraform-provider-hedgehog/internal/planner"
)

// rollbackTimeout bounds the clean-up after a failed apply, which runs even when the apply
// itself was cancelled.
const rollbackTimeout = 15 * time.Minute

// idsPerQuery bounds the values of one repeated filter in a GET: gunicorn rejects request
// lines over 4094 bytes.
const idsPerQuery = netbox.IDsPerRequest

// Executor is the one way this provider reaches NetBox: it applies a class's Changes in bulk
// with rollback, refreshes and discovers what a class owns, and writes the objects a topology
// plan and a device type own. It caches slug look-ups (site, tenant, role, tags, device type)
// for the life of the provider process, and drops them itself when it deletes the object.
type Executor struct {
	nb Store

	mu    sync.Mutex
	cache map[kindSlug]int64

	preflightOnce sync.Once
	preflightErr  error

	listings sync.Map // plan tag -> *planListing
	sites    sync.Map // site slug -> *siteListing

	manufacturerMu sync.Mutex // device types of one vendor create its manufacturer once
}

// New returns an executor that reads and writes the store.
func New(s Store) *Executor {
	return &Executor{nb: s, cache: map[kindSlug]int64{}}
}

// StepError is a failed apply step; it names the step and what rollback did.
type StepError struct {
	Step     string // e.g. "creating cables"
	Err      error
	Rollback error // nil when everything this apply created was deleted again
}

func (e *StepError) Error() string {
	msg := e.Step + ": " + strings.TrimPrefix(e.Err.Error(), "netbox: ")
	if e.Rollback != nil {
		return msg + "; rolling back what this apply created also failed (" + e.Rollback.Error() +
			"): those objects stay in state, and terraform destroy or the next apply removes them"
	}
	return msg + "; everything this apply had created was deleted again"
}

func (e *StepError) Unwrap() error { return e.Err }

// refs are the NetBox IDs of a Fields' slugs.
type refs struct {
	deviceType, role, site int64
	tenant                 *int64
	tags                   []int64
}

func (x *Executor) resolve(ctx context.Context, f Fields) (refs, error) {
	var r refs
	var err error
	if r.site, err = x.lookup(ctx, KindSite, f.Site); err != nil {
		return r, err
	}
	if f.Tenant != "" {
		id, err := x.lookup(ctx, KindTenant, f.Tenant)
		if err != nil {
			return r, err
		}
		r.tenant = &id
	}
	if r.role, err = x.lookup(ctx, KindDeviceRole, f.Role); err != nil {
		return r, fmt.Errorf("%w (the hedgehog_topology_plan creates the device roles it needs)", err)
	}
	if r.deviceType, err = x.lookup(ctx, KindDeviceType, f.DeviceType); err != nil {
		return r, fmt.Errorf("%w (create it with a hedgehog_device_type resource, or in NetBox)", err)
	}
	r.tags, err = x.resolveTags(ctx, f.Tags)
	return r, err
}

// created tracks what one Apply call created, and the cables it moved, for rollback.
type created struct {
	devices    []string
	interfaces []string
	cables     []string
	moved      []movedCable
}

// movedCable is a cable moveCables moved: its A end, and the B end it had with that
// interface's ID.
type movedCable struct {
	Cable
	oldB int64
}

// Apply carries out the changes. It returns the new record, which is valid also on error:
// on failure, what this call created is deleted again (rollback) and left out of the
// record; what rollback could not delete stays in it, so that destroy can finish the job.
func (x *Executor) Apply(ctx context.Context, ch Changes, have Recorded) (Recorded, error) {
	rec := have.Clone()
	rec.Drifted = map[string]string{}
	var made created
	fail := func(step string, err error) (Recorded, error) {
		rbErr := x.rollback(ctx, &rec, made)
		return rec, &StepError{Step: step, Err: err, Rollback: rbErr}
	}

	if err := x.deleteCables(ctx, &rec, ch.DeleteCables); err != nil {
		return fail("deleting cables", err)
	}
	oldEnds := oldEndsOf(ch.MoveCables, have)
	afterMoves, now := partition(ch.DeleteInterfaces, oldEnds)
	if err := x.deleteInterfaces(ctx, &rec, now); err != nil {
		return fail("deleting interfaces", err)
	}
	if err := x.deleteDevices(ctx, &rec, ch.DeleteDevices); err != nil {
		return fail("deleting devices", err)
	}
	for _, k := range ch.ForgetInterfaces {
		delete(rec.Interfaces, k)
		delete(rec.Created, k)
	}

	if len(ch.UpdateDevices)+len(ch.CreateDevices) > 0 {
		r, err := x.resolve(ctx, ch.Fields)
		if err != nil {
			return fail("resolving device fields", err)
		}
		if err := x.updateDevices(ctx, rec, ch.UpdateDevices, r, ch.Fields); err != nil {
			return fail("updating devices", err)
		}
		if err := x.createDevices(ctx, &rec, &made, ch.CreateDevices, r, ch.Fields); err != nil {
			return fail("creating devices", err)
		}
		if err := x.writeBootMACs(ctx, rec, ch.UpdateDevices, ch.CreateDevices, ch.Fields); err != nil {
			return fail("setting the switches' boot MACs", err)
		}
	}
	rec.Fields = ch.Fields
	if err := x.updateCables(ctx, rec, ch.UpdateCables, ch.CableSpecs, ch.Fields); err != nil {
		return fail("updating cables", err)
	}
	if err := x.createInterfaces(ctx, &rec, &made, ch.CreateInterfaces); err != nil {
		return fail("creating interfaces", err)
	}
	if err := x.moveCables(ctx, &rec, &made, ch.MoveCables, oldEnds); err != nil {
		return fail("moving cables", err)
	}
	if err := x.createCables(ctx, &rec, &made, ch.CreateCables, ch.Fields); err != nil {
		return fail("creating cables", err)
	}
	if err := x.deleteInterfaces(ctx, &rec, afterMoves); err != nil {
		return fail("deleting the interfaces moved cables left", err)
	}
	return rec, nil
}

// oldEndsOf are the switch ends moving cables leave, with their interfaces' IDs: read before
// the interfaces the apply no longer uses leave the record, so that rollback can move back.
func oldEndsOf(moves []Cable, have Recorded) map[string]int64 {
	out := make(map[string]int64, len(moves))
	for _, c := range moves {
		end := have.CableEnds[c.A]
		out[end] = have.Interfaces[end]
	}
	return out
}

// partition splits keys into those in set and the others, each in the order of keys.
func partition(keys []string, set map[string]int64) (in, out []string) {
	for _, k := range keys {
		if _, ok := set[k]; ok {
			in = append(in, k)
		} else {
			out = append(out, k)
		}
	}
	return in, out
}

// moveCables PATCHes kept cables to their new switch end (and the label that names it), so
// they keep their IDs. Every cable is listed for rollback before the request: a failed batch
// may have moved some, and moving a cable back to where it is changes nothing.
func (x *Executor) moveCables(ctx context.Context, rec *Recorded, made *created, moves []Cable, oldIDs map[string]int64) error {
	if len(moves) == 0 {
		return nil
	}
	patches := make([]netbox.Patch, 0, len(moves))
	for _, c := range moves {
		bID, ok := rec.Interfaces[c.B]
		if !ok {
			d, p := SplitKey(c.B)
			return fmt.Errorf("interface %q of device %q, the new end of cable %s, is not recorded", p, d, c.A)
		}
		old := rec.CableEnds[c.A]
		made.moved = append(made.moved, movedCable{Cable{A: c.A, B: old}, oldIDs[old]})
		patches = append(patches, cableEndPatch(rec.Cables[c.A], c, bID))
	}
	if _, err := x.nb.Cables().BulkUpdate(ctx, patches); err != nil {
		return err
	}
	for _, c := range moves {
		rec.CableEnds[c.A] = c.B
	}
	return nil
}

func cableEndPatch(id int64, c Cable, bID int64) netbox.Patch {
	return netbox.Patch{ID: id, Name: c.A, Fields: map[string]any{
		"b_terminations": []netbox.Termination{netbox.InterfaceEnd(bID)}, "label": c.Label()}}
}

// moveBack returns moved cables to their old switch ends, whose interfaces still exist: they
// are deleted only once the apply has succeeded.
func (x *Executor) moveBack(ctx context.Context, rec *Recorded, moved []movedCable) error {
	patches := make([]netbox.Patch, 0, len(moved))
	for _, c := range moved {
		if c.oldB == 0 {
			return fmt.Errorf("cable %s cannot move back to %s: that interface's ID is not recorded", c.A, c.B)
		}
		patches = append(patches, cableEndPatch(rec.Cables[c.A], c.Cable, c.oldB))
	}
	if _, err := x.nb.Cables().BulkUpdate(ctx, patches); err != nil {
		return err
	}
	for _, c := range moved {
		rec.CableEnds[c.A] = c.B
	}
	return nil
}

func idsOf(m map[string]int64, keys []string) []int64 {
	out := make([]int64, 0, len(keys))
	for _, k := range keys {
		if id, ok := m[k]; ok {
			out = append(out, id)
		}
	}
	return out
}

func (x *Executor) deleteCables(ctx context.Context, rec *Recorded, keys []string) error {
	if err := x.nb.Cables().BulkDelete(ctx, idsOf(rec.Cables, keys)); err != nil {
		return err
	}
	for _, k := range keys {
		delete(rec.Cables, k)
		delete(rec.CableEnds, k)
		delete(rec.CableSpecs, k)
	}
	return nil
}

func (x *Executor) deleteInterfaces(ctx context.Context, rec *Recorded, keys []string) error {
	if err := x.nb.Interfaces().BulkDelete(ctx, idsOf(rec.Interfaces, keys)); err != nil {
		return err
	}
	for _, k := range keys {
		delete(rec.Interfaces, k)
		delete(rec.Created, k)
	}
	return nil
}

// deleteDevices deletes devices; NetBox deletes their interfaces with them. Their cables must
// be deleted first: NetBox keeps a cable whose interface is deleted.
func (x *Executor) deleteDevices(ctx context.Context, rec *Recorded, names []string) error {
	if err := x.nb.Devices().BulkDelete(ctx, idsOf(rec.Devices, names)); err != nil {
		return err
	}
	gone := map[string]bool{}
	for _, n := range names {
		delete(rec.Devices, n)
		gone[n] = true
	}
	for k := range rec.Interfaces {
		if d, _ := SplitKey(k); gone[d] {
			delete(rec.Interfaces, k)
			delete(rec.Created, k)
		}
	}
	for a, b := range rec.CableEnds {
		ad, _ := SplitKey(a)
		bd, _ := SplitKey(b)
		if gone[ad] || gone[bd] {
			delete(rec.Cables, a)
			delete(rec.CableEnds, a)
		}
	}
	return nil
}

func deviceFieldsPatch(r refs, f Fields) map[string]any {
	tags := r.tags
	if tags == nil {
		tags = []int64{}
	}
	patch := map[string]any{"device_type": r.deviceType, "role": r.role, "site": r.site, "tenant": r.tenant,
		"status": f.Status, "description": f.Description, "tags": tags}
	if f.Context != "" {
		patch["local_context_data"] = json.RawMessage(f.Context)
	}
	return patch
}

func (x *Executor) updateDevices(ctx context.Context, rec Recorded, names []string, r refs, f Fields) error {
	patches := make([]netbox.Patch, 0, len(names))
	for _, n := range names {
		if id, ok := rec.Devices[n]; ok {
			patch := deviceFieldsPatch(r, f)
			if serial, write := f.SerialWrite(n, rec.Fields); write {
				patch["serial"] = serial
			}
			patches = append(patches, netbox.Patch{ID: id, Name: n, Fields: patch})
		}
	}
	_, err := x.nb.Devices().BulkUpdate(ctx, patches)
	return err
}

// updateCables writes the cable fields a class owns (status, tags, type and length) to kept
// cables.
func (x *Executor) updateCables(ctx context.Context, rec Recorded, keys []string, specs map[string]CableSpec, f Fields) error {
	if len(keys) == 0 {
		return nil
	}
	tags, err := x.resolveTags(ctx, f.Tags)
	if err != nil {
		return err
	}
	patches := make([]netbox.Patch, 0, len(keys))
	for _, k := range keys {
		if id, ok := rec.Cables[k]; ok {
			fields := map[string]any{"status": f.CableStatus(), "tags": tags, "type": specs[k].Type, "length": nil}
			if l := specs[k].Length; l > 0 {
				fields["length"], fields["length_unit"] = l, "m"
			}
			patches = append(patches, netbox.Patch{ID: id, Name: k, Fields: fields})
		}
	}
	if _, err = x.nb.Cables().BulkUpdate(ctx, patches); err != nil {
		return err
	}
	for _, k := range keys {
		rec.CableSpecs[k] = specs[k]
	}
	return nil
}

func (x *Executor) createDevices(ctx context.Context, rec *Recorded, made *created, names []string, r refs, f Fields) error {
	post := func(names []string) error {
		reqs := make([]netbox.DeviceRequest, len(names))
		for i, n := range names {
			reqs[i] = netbox.DeviceRequest{Name: n, DeviceType: r.deviceType, Role: r.role, Site: r.site, Tenant: r.tenant,
				Status: f.Status, Description: f.Description, Tags: r.tags, LocalContextData: localContext(f),
				Serial: f.Serials[n]}
		}
		got, err := x.nb.Devices().BulkCreate(ctx, reqs)
		for i, d := range got {
			if d.ID != 0 {
				rec.Devices[names[i]] = d.ID
				made.devices = append(made.devices, names[i])
			}
		}
		return err
	}
	return createOrAdopt(names, post, func() int { return x.recoverDevices(ctx, rec, made, names, f.PlanTag) },
		func(n string) bool { _, ok := rec.Devices[n]; return ok })
}

// writeBootMACs makes each boot MAC the primary MAC of its switch's management interface: on
// created switches, and on updated ones where it changed from what rec.Fields recorded. One
// list of the M1 interfaces and one bulk PATCH; NetBox finds or creates the MAC object on the
// interface, and it goes with the device.
func (x *Executor) writeBootMACs(ctx context.Context, rec Recorded, updated, created []string, f Fields) error {
	macs := map[int64]*string{}
	byID := map[int64]string{}
	fresh := make(map[string]bool, len(created))
	for _, n := range created {
		fresh[n] = true
	}
	for _, n := range slices.Concat(updated, created) {
		had := rec.Fields
		if fresh[n] {
			had = Fields{}
		}
		mac, write := f.BootMACWrite(n, had)
		if id, ok := rec.Devices[n]; ok && write {
			byID[id] = n
			if mac != "" {
				macs[id] = &mac
			} else {
				macs[id] = nil
			}
		}
	}
	if len(byID) == 0 {
		return nil
	}
	got, err := x.nb.Interfaces().ListByParent(ctx, "device_id", slices.Sorted(maps.Keys(byID)),
		url.Values{"name": {planner.ManagementPort}, "fields": {"id,name,device"}})
	if err != nil {
		return err
	}
	onDevice := map[int64]int64{}
	for _, i := range got {
		onDevice[i.Device.ID] = i.ID
	}
	patches := make([]netbox.Patch, 0, len(byID))
	for _, dev := range slices.Sorted(maps.Keys(byID)) {
		m1, ok := onDevice[dev]
		if !ok {
			return fmt.Errorf("switch %s has no interface %s for its boot MAC: its device type %q has no %s "+
				"template; add one, or remove boot_mac from its identity", byID[dev], planner.ManagementPort,
				f.DeviceType, planner.ManagementPort)
		}
		patches = append(patches, netbox.Patch{ID: m1, Name: Key(byID[dev], planner.ManagementPort),
			Fields: map[string]any{"mac_address": macs[dev]}})
	}
	_, err = x.nb.Interfaces().BulkUpdate(ctx, patches)
	return err
}

func localContext(f Fields) json.RawMessage {
	if f.Context == "" {
		return nil
	}
	return json.RawMessage(f.Context)
}

// unknownOutcome reports a bulk error some of whose batches may have been applied.
func unknownOutcome(err error) bool {
	var be *netbox.BulkError
	return errors.As(err, &be) && be.Unknown > 0
}

// recoverDevices finds devices of names that NetBox has with the plan's tag and rec does not (a
// batch with an unknown outcome created them, so rollback deletes them too), and returns how
// many it found.
func (x *Executor) recoverDevices(ctx context.Context, rec *Recorded, made *created, names []string, tag string) int {
	n := 0
	var missing []string
	for _, name := range names {
		if _, ok := rec.Devices[name]; !ok {
			missing = append(missing, name)
		}
	}
	for _, chunk := range chunks(missing, idsPerQuery) {
		q := url.Values{"name": chunk, "tag": {tag}, "fields": {"id,name"}}
		found, err := x.nb.Devices().List(context.WithoutCancel(ctx), q)
		if err != nil {
			return n
		}
		for _, d := range found {
			rec.Devices[d.Name] = d.ID
			made.devices = append(made.devices, d.Name)
			n++
		}
	}
	return n
}

// existingInterfaces lists the interfaces of the given devices by "device:port".
func (x *Executor) existingInterfaces(ctx context.Context, devices map[int64]string) (map[string]int64, error) {
	got, err := x.nb.Interfaces().ListByParent(ctx, "device_id", slices.Sorted(maps.Keys(devices)), url.Values{"fields": {"id,name,device"}})
	if err != nil {
		return nil, err
	}
	out := make(map[string]int64, len(got))
	for _, i := range got {
		out[Key(devices[i.Device.ID], i.Name)] = i.ID
	}
	return out, nil
}

// createOrAdopt posts items and, when NetBox refuses them, looks for them under the plan's
// tag: a batch with an unknown outcome may have been applied (recovered so that rollback
// deletes it), and a refused batch may hold objects that exist because the last batch of an
// interrupted apply was committed after this apply looked for what that one had left. Those
// are recorded (recover returns how many) and the rest is posted once more.
func createOrAdopt[T any](items []T, post func([]T) error, recover func() int, recorded func(T) bool) error {
	err := post(items)
	switch {
	case err == nil:
		return nil
	case unknownOutcome(err):
		recover()
		return err
	case recover() == 0:
		return err
	}
	var rest []T
	for _, it := range items {
		if !recorded(it) {
			rest = append(rest, it)
		}
	}
	return post(rest)
}

// createInterfaces reuses the interfaces NetBox already has on the devices (instantiated
// from the device type's templates) and creates the others in bulk, ordered by device so
// that concurrent batches take device row locks in one order (NETBOX-NOTES: deadlocks).
func (x *Executor) createInterfaces(ctx context.Context, rec *Recorded, made *created, want []Interface) error {
	if len(want) == 0 {
		return nil
	}
	devices := map[int64]string{}
	for _, i := range want {
		id, ok := rec.Devices[i.Device]
		if !ok {
			return fmt.Errorf("interface %s: device %q is not in state", i.Key(), i.Device)
		}
		devices[id] = i.Device
	}
	existing, err := x.existingInterfaces(ctx, devices)
	if err != nil {
		return err
	}
	var reqs []netbox.InterfaceRequest
	for _, i := range want {
		if id, ok := existing[i.Key()]; ok {
			rec.Interfaces[i.Key()] = id
			continue
		}
		reqs = append(reqs, netbox.InterfaceRequest{Device: rec.Devices[i.Device], DeviceName: i.Device, Name: i.Name, Type: i.Type})
	}
	sort.SliceStable(reqs, func(a, b int) bool { return reqs[a].Device < reqs[b].Device })
	got, err := x.nb.Interfaces().BulkCreate(ctx, reqs)
	record := func(k string, id int64) {
		rec.Interfaces[k] = id
		rec.Created[k] = true
		made.interfaces = append(made.interfaces, k)
	}
	for i, o := range got {
		if o.ID != 0 {
			record(Key(reqs[i].DeviceName, reqs[i].Name), o.ID)
		}
	}
	if err != nil && unknownOutcome(err) {
		if again, lerr := x.existingInterfaces(context.WithoutCancel(ctx), devices); lerr == nil {
			for _, r := range reqs {
				k := Key(r.DeviceName, r.Name)
				if _, ok := rec.Interfaces[k]; !ok && again[k] != 0 {
					record(k, again[k])
				}
			}
		}
	}
	return err
}

// farInterfaces resolves "device:port" keys of devices other classes own (servers, leaves
// whose uplinks a spine cables) with two bulk reads: the devices by name within the plan's
// tag, then their interfaces.
func (x *Executor) farInterfaces(ctx context.Context, keys []string, tag string) (map[string]int64, error) {
	names := map[string]bool{}
	for _, k := range keys {
		d, _ := SplitKey(k)
		names[d] = true
	}
	devices := map[int64]string{}
	for _, chunk := range chunks(slices.Sorted(maps.Keys(names)), idsPerQuery) {
		q := url.Values{"name": chunk, "tag": {tag}, "fields": {"id,name"}}
		got, err := x.nb.Devices().List(ctx, q)
		if err != nil {
			return nil, err
		}
		for _, d := range got {
			devices[d.ID] = d.Name
		}
	}
	return x.existingInterfaces(ctx, devices)
}

// pendingCable is a cable about to be created: its request and its two ends.
type pendingCable struct {
	req  netbox.CableRequest
	a, b string
	spec CableSpec
	bID  int64
}

func (x *Executor) createCables(ctx context.Context, rec *Recorded, made *created, want []Cable, f Fields) error {
	if len(want) == 0 {
		return nil
	}
	var far []string
	for _, c := range want {
		for _, end := range []string{c.A, c.B} {
			if _, ok := rec.Interfaces[end]; !ok {
				far = append(far, end)
			}
		}
	}
	farIDs := map[string]int64{}
	if len(far) > 0 {
		var err error
		if farIDs, err = x.farInterfaces(ctx, far, f.PlanTag); err != nil {
			return err
		}
	}
	endID := func(k string) (int64, error) {
		if id, ok := rec.Interfaces[k]; ok {
			return id, nil
		}
		if id, ok := farIDs[k]; ok {
			return id, nil
		}
		d, p := SplitKey(k)
		return 0, fmt.Errorf("interface %q of device %q (tagged %s) was not found in NetBox: the class that owns "+
			"the device must be applied first; is it in this configuration?", p, d, f.PlanTag)
	}
	r, err := x.resolveTags(ctx, f.Tags)
	if err != nil {
		return err
	}
	ps := make([]pendingCable, 0, len(want))
	for _, c := range want {
		aID, err := endID(c.A)
		if err != nil {
			return err
		}
		bID, err := endID(c.B)
		if err != nil {
			return err
		}
		req := netbox.CableRequest{Name: c.Label(),
			ATerminations: []netbox.Termination{netbox.InterfaceEnd(aID)}, BTerminations: []netbox.Termination{netbox.InterfaceEnd(bID)},
			Status: f.CableStatus(), Type: c.Spec.Type, Label: c.Label(), Tags: r}
		if c.Spec.Length > 0 {
			req.Length, req.LengthUnit = &c.Spec.Length, "m"
		}
		ps = append(ps, pendingCable{a: c.A, b: c.B, spec: c.Spec, bID: bID, req: req})
	}
	sort.SliceStable(ps, func(i, j int) bool { return ps[i].bID < ps[j].bID })
	record := func(p pendingCable, id int64) {
		rec.Cables[p.a] = id
		rec.CableEnds[p.a] = p.b
		rec.CableSpecs[p.a] = p.spec
		made.cables = append(made.cables, p.a)
	}
	post := func(ps []pendingCable) error {
		reqs := make([]netbox.CableRequest, len(ps))
		for i, p := range ps {
			reqs[i] = p.req
		}
		got, err := x.nb.Cables().BulkCreate(ctx, reqs)
		for i, c := range got {
			if c.ID != 0 {
				record(ps[i], c.ID)
			}
		}
		return err
	}
	return createOrAdopt(ps, post, func() int { return x.recoverCables(ctx, rec, ps, record, f.PlanTag) },
		func(p pendingCable) bool { _, ok := rec.Cables[p.a]; return ok })
}

// recoverCables finds cables of ps that NetBox has and rec does not, by the plan tag and their
// labels (a batch with an unknown outcome created them, so rollback deletes them too), and
// returns how many it found.
func (x *Executor) recoverCables(ctx context.Context, rec *Recorded, ps []pendingCable, record func(pendingCable, int64), tag string) int {
	n := 0
	byLabel := map[string]pendingCable{}
	var labels []string
	for _, p := range ps {
		if _, ok := rec.Cables[p.a]; !ok {
			byLabel[p.req.Label] = p
			labels = append(labels, p.req.Label)
		}
	}
	for _, chunk := range chunks(labels, 40) {
		q := url.Values{"label": chunk, "tag": {tag}, "fields": {"id,label"}}
		found, err := x.nb.Cables().List(context.WithoutCancel(ctx), q)
		if err != nil {
			return n
		}
		for _, c := range found {
			if p, ok := byLabel[c.Label]; ok {
				record(p, c.ID)
				n++
			}
		}
	}
	return n
}

// rollback deletes what one Apply call created: cables, then moves moved cables back (to ports
// the deleted cables may have taken), then deletes interfaces on devices that stay, then
// devices. What it cannot delete stays in the record.
func (x *Executor) rollback(ctx context.Context, rec *Recorded, made created) error {
	if len(made.devices)+len(made.interfaces)+len(made.cables)+len(made.moved) == 0 {
		return nil
	}
	ctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), rollbackTimeout)
	defer cancel()
	newDevice := map[string]bool{}
	for _, d := range made.devices {
		newDevice[d] = true
	}
	var ifs []string
	for _, k := range made.interfaces {
		if d, _ := SplitKey(k); !newDevice[d] {
			ifs = append(ifs, k)
		}
	}
	if err := x.deleteCables(ctx, rec, made.cables); err != nil {
		return err
	}
	if err := x.moveBack(ctx, rec, made.moved); err != nil {
		return err
	}
	if err := x.deleteInterfaces(ctx, rec, ifs); err != nil {
		return err
	}
	return x.deleteDevices(ctx, rec, made.devices)
}

func chunks[T any](s []T, n int) [][]T {
	var out [][]T
	for len(s) > n {
		out = append(out, s[:n])
		s = s[n:]
	}
	if len(s) > 0 {
		out = append(out, s)
	}
	return out
}
