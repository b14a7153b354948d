package inventory

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"os"
	"slices"
	"sort"
	"strconv"
	"testing"
	"time"

	"github.com/netfabric-io/terraform-provider-hedgehog/internal/netbox"
)

// The store contract: every behaviour of NetBox 4.7 that fakeNetBox models, checked the same
// way on the fake (always) and on a real NetBox (TF_ACC=1). When they disagree, NetBox is
// right and the fake is wrong.

// contractBatch is the batch size both stores use in the contract, small so that a bulk
// write of a few objects spans batches.
const contractBatch = 3

func TestStoreContractFake(t *testing.T) {
	f := newFakeNetBox()
	f.batchSize = contractBatch
	// Registered first, so it runs after the contract's own clean-up: that leaves nothing.
	t.Cleanup(func() {
		if n := len(f.tags.rows) + len(f.sites.rows) + len(f.roles.rows) + len(f.manufacturers.rows) + len(f.deviceTypes.rows) +
			len(f.interfaceTemplates.rows) + len(f.devices.rows) + len(f.interfaces.rows) + len(f.cables.rows); n != 0 {
			t.Errorf("the contract left %d objects behind", n)
		}
	})
	checkStoreContract(t, f, "fake")
}

func TestAccStoreContractNetBox(t *testing.T) {
	if os.Getenv("TF_ACC") == "" {
		t.Skip("store contract against NetBox: set TF_ACC=1 (make testacc) to run it against the local NetBox")
	}
	nbURL, token := os.Getenv("NETBOX_URL"), os.Getenv("NETBOX_TOKEN")
	if nbURL == "" || token == "" {
		t.Fatal("TF_ACC is set but NETBOX_URL / NETBOX_TOKEN are not: run `make testacc`, or " +
			"eval \"$(bash scripts/netbox-dev.sh env)\" after `bash scripts/netbox-dev.sh up`")
	}
	// One batch in flight, as the fake runs them: a failed batch stops the ones after it.
	c, err := netbox.New(netbox.Config{URL: nbURL, Token: token, Timeout: 60 * time.Second, BatchSize: contractBatch,
		Concurrency: 1, UserAgent: "terraform-provider-hedgehog-store-contract"})
	if err != nil {
		t.Fatal(err)
	}
	b := make([]byte, 4)
	_, _ = rand.Read(b)
	checkStoreContract(t, NetBoxStore(c), "sc"+hex.EncodeToString(b))
}

// contract runs the checks of one store; every object it creates is named with prefix and
// deleted again in t.Cleanup (in reverse order of creation).
type contract struct {
	t      *testing.T // the running subtest
	root   *testing.T // owns the cleanups: objects outlive the subtest that made them
	s      Store
	ctx    context.Context
	prefix string
}

func (c *contract) name(what string) string { return c.prefix + "-" + what }

// cleanup deletes an object at the end of the test; one already gone is fine.
func (c *contract) cleanup(what string, del func(ctx context.Context) error) {
	c.root.Cleanup(func() {
		ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
		defer cancel()
		if err := del(ctx); err != nil {
			c.root.Errorf("cleanup of %s: %v", what, err)
		}
	})
}

func (c *contract) must(err error, what string) {
	c.t.Helper()
	if err != nil {
		c.t.Fatalf("%s: %v", what, err)
	}
}

// wantAPIError checks that err is a NetBox answer with the status.
func (c *contract) wantAPIError(err error, status int, what string) {
	c.t.Helper()
	var ae *netbox.APIError
	if !errors.As(err, &ae) || ae.StatusCode != status {
		c.t.Errorf("%s: err = %v, want an APIError %d", what, err, status)
	}
}

func checkStoreContract(t *testing.T, s Store, prefix string) {
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Minute)
	t.Cleanup(cancel)
	c := &contract{t: t, root: t, s: s, ctx: ctx, prefix: prefix}
	fx := c.fixture()

	t.Run("IDs and references", func(t *testing.T) { c.t = t; c.checkCreate(fx) })
	t.Run("not found", func(t *testing.T) { c.t = t; c.checkNotFound(fx) })
	devices := c.devices(fx)
	t.Run("interfaces from templates", func(t *testing.T) { c.t = t; c.checkTemplates(devices) })
	t.Run("bulk batch is all or nothing", func(t *testing.T) { c.t = t; c.checkBatchAtomic(fx, devices[0]) })
	t.Run("unique names", func(t *testing.T) { c.t = t; c.checkUnique(fx) })
	t.Run("filters", func(t *testing.T) { c.t = t; c.checkFilters(fx, devices) })
	t.Run("primary MAC of an interface", func(t *testing.T) { c.t = t; c.checkPrimaryMAC(devices[0]) })
	t.Run("cables", func(t *testing.T) { c.t = t; c.checkCables(fx, devices) })
	t.Run("deletes", func(t *testing.T) { c.t = t; c.checkDeletes(fx, devices) })
}

// contractFixture is what the devices of the contract need.
type contractFixture struct {
	tag, tag2  netbox.Tag
	site       netbox.Site
	role       netbox.DeviceRole
	mfr        netbox.Manufacturer
	deviceType netbox.DeviceType
}

func (c *contract) fixture() contractFixture {
	var fx contractFixture
	var err error
	fx.tag, err = c.s.Tags().Create(c.ctx, netbox.TagRequest{Name: c.name("tag"), Slug: c.name("tag")})
	c.must(err, "create tag")
	c.cleanup("tag", func(ctx context.Context) error { return c.s.Tags().Delete(ctx, fx.tag.ID) })
	fx.tag2, err = c.s.Tags().Create(c.ctx, netbox.TagRequest{Name: c.name("tag2"), Slug: c.name("tag2")})
	c.must(err, "create tag 2")
	c.cleanup("tag 2", func(ctx context.Context) error { return c.s.Tags().Delete(ctx, fx.tag2.ID) })
	fx.site, err = c.s.Sites().Create(c.ctx, netbox.SiteRequest{Name: c.name("site"), Slug: c.name("site")})
	c.must(err, "create site")
	c.cleanup("site", func(ctx context.Context) error { return c.s.Sites().Delete(ctx, fx.site.ID) })
	fx.role, err = c.s.DeviceRoles().Create(c.ctx, netbox.DeviceRoleRequest{Name: c.name("role"), Slug: c.name("role"), Color: "9e9e9e"})
	c.must(err, "create role")
	c.cleanup("role", func(ctx context.Context) error { return c.s.DeviceRoles().Delete(ctx, fx.role.ID) })
	fx.mfr, err = c.s.Manufacturers().Create(c.ctx, netbox.ManufacturerRequest{Name: c.name("mfr"), Slug: c.name("mfr")})
	c.must(err, "create manufacturer")
	c.cleanup("manufacturer", func(ctx context.Context) error { return c.s.Manufacturers().Delete(ctx, fx.mfr.ID) })
	fx.deviceType, err = c.s.DeviceTypes().Create(c.ctx, netbox.DeviceTypeRequest{Manufacturer: fx.mfr.ID, Model: c.name("model"), Slug: c.name("dt")})
	c.must(err, "create device type")
	c.cleanup("device type", func(ctx context.Context) error { return c.s.DeviceTypes().Delete(ctx, fx.deviceType.ID) })
	_, err = c.s.InterfaceTemplates().BulkCreate(c.ctx, []netbox.InterfaceTemplateRequest{
		{DeviceType: fx.deviceType.ID, Name: "E1", Type: "1000base-t"},
		{DeviceType: fx.deviceType.ID, Name: "E2", Type: "1000base-t"},
	})
	c.must(err, "create interface templates")
	return fx
}

func (c *contract) checkCreate(fx contractFixture) {
	t := c.t
	if fx.tag2.ID <= fx.tag.ID {
		t.Errorf("tag IDs %d then %d: IDs count up", fx.tag.ID, fx.tag2.ID)
	}
	if fx.tag.Name != c.name("tag") || fx.tag.Slug != c.name("tag") || fx.tag.Display != c.name("tag") {
		t.Errorf("tag read back as %+v", fx.tag)
	}
	if fx.deviceType.Manufacturer.ID != fx.mfr.ID || fx.deviceType.Manufacturer.Slug != fx.mfr.Slug || fx.deviceType.Display != c.name("model") {
		t.Errorf("device type read back as %+v", fx.deviceType)
	}
	dt, err := c.s.DeviceTypes().Get(c.ctx, fx.deviceType.ID)
	c.must(err, "get device type")
	if dt.InterfaceTemplateCount != 2 {
		t.Errorf("device type has %d interface templates, want 2", dt.InterfaceTemplateCount)
	}
	got, err := c.s.Tags().GetBySlug(c.ctx, fx.tag.Slug)
	if err != nil || got.ID != fx.tag.ID {
		t.Errorf("GetBySlug(%s) = %+v, %v", fx.tag.Slug, got, err)
	}
}

func (c *contract) checkNotFound(fx contractFixture) {
	if _, err := c.s.Tags().GetBySlug(c.ctx, c.name("no-such-tag")); !netbox.IsNotFound(err) {
		c.t.Errorf("GetBySlug of a missing tag: %v, want not found", err)
	}
	gone, err := c.s.Tags().Create(c.ctx, netbox.TagRequest{Name: c.name("gone"), Slug: c.name("gone")})
	c.must(err, "create tag")
	c.must(c.s.Tags().Delete(c.ctx, gone.ID), "delete tag")
	if _, err := c.s.Tags().Get(c.ctx, gone.ID); !netbox.IsNotFound(err) {
		c.t.Errorf("Get of a deleted tag: %v, want not found", err)
	}
	if err := c.s.Tags().Delete(c.ctx, gone.ID); err != nil {
		c.t.Errorf("Delete of a deleted tag: %v, want success", err)
	}
	if _, err := c.s.Tags().Update(c.ctx, netbox.Patch{ID: gone.ID, Fields: map[string]any{"description": "x"}}); !netbox.IsNotFound(err) {
		c.t.Errorf("Update of a deleted tag: %v, want not found", err)
	}
}

// devices creates the contract's two devices: d1 with the tag, d2 with both tags.
func (c *contract) devices(fx contractFixture) []netbox.Device {
	reqs := []netbox.DeviceRequest{
		{Name: c.name("d1"), DeviceType: fx.deviceType.ID, Role: fx.role.ID, Site: fx.site.ID, Status: "planned", Tags: []int64{fx.tag.ID}},
		{Name: c.name("d2"), DeviceType: fx.deviceType.ID, Role: fx.role.ID, Site: fx.site.ID, Status: "planned", Tags: []int64{fx.tag.ID, fx.tag2.ID}},
	}
	got, err := c.s.Devices().BulkCreate(c.ctx, reqs)
	for _, d := range got {
		if d.ID != 0 {
			c.cleanup("device "+d.Name, func(ctx context.Context) error { return c.s.Devices().Delete(ctx, d.ID) })
		}
	}
	c.must(err, "create devices")
	t := c.t
	if got[1].ID <= got[0].ID {
		t.Errorf("device IDs %d then %d", got[0].ID, got[1].ID)
	}
	d := got[1]
	if d.Name != reqs[1].Name || d.Display != reqs[1].Name || d.Site.ID != fx.site.ID || d.Site.Slug != fx.site.Slug ||
		d.Role.Slug != fx.role.Slug || d.DeviceType.ID != fx.deviceType.ID || d.DeviceType.Slug != fx.deviceType.Slug ||
		d.Tenant != nil || d.Status.Value != "planned" || !slices.Equal(refSlugs(d.Tags), []string{fx.tag.Slug, fx.tag2.Slug}) {
		t.Errorf("device read back as %+v", d)
	}
	return got
}

func refSlugs(refs []netbox.Ref) []string {
	out := make([]string, 0, len(refs))
	for _, r := range refs {
		out = append(out, r.Slug)
	}
	sort.Strings(out)
	return out
}

func ids(ds ...netbox.Device) []int64 {
	out := make([]int64, len(ds))
	for i, d := range ds {
		out[i] = d.ID
	}
	return out
}

// interfacesOf lists a device's interfaces by name.
func (c *contract) interfacesOf(d netbox.Device) map[string]netbox.Interface {
	got, err := c.s.Interfaces().ListByParent(c.ctx, "device_id", ids(d), nil)
	c.must(err, "list interfaces")
	out := map[string]netbox.Interface{}
	for _, i := range got {
		out[i.Name] = i
	}
	return out
}

func (c *contract) checkTemplates(devices []netbox.Device) {
	for _, d := range devices {
		ifs := c.interfacesOf(d)
		if len(ifs) != 2 || ifs["E1"].Device.ID != d.ID || ifs["E1"].Device.Name != d.Name || ifs["E2"].Type.Value != "1000base-t" {
			c.t.Errorf("device %s has interfaces %+v, want E1 and E2 from the templates", d.Name, ifs)
		}
	}
	d, err := c.s.Devices().Get(c.ctx, devices[0].ID)
	if err != nil || d.InterfaceCount != 2 {
		c.t.Errorf("device interface count %d, %v", d.InterfaceCount, err)
	}
}

// checkBatchAtomic writes three batches whose second holds a name the device has: the first
// batch commits, the second changes nothing, the third is not sent.
func (c *contract) checkBatchAtomic(fx contractFixture, d netbox.Device) {
	t := c.t
	var reqs []netbox.InterfaceRequest
	for i := range 3 * contractBatch {
		reqs = append(reqs, netbox.InterfaceRequest{Device: d.ID, DeviceName: d.Name, Name: fmt.Sprintf("Y%d", i), Type: "1000base-t", Tags: []int64{fx.tag.ID}})
	}
	reqs[contractBatch+1].Name = "E1" // instantiated from a template already
	got, err := c.s.Interfaces().BulkCreate(c.ctx, reqs)
	var made []int64
	for _, o := range got {
		if o.ID != 0 {
			made = append(made, o.ID)
		}
	}
	c.cleanup("interfaces", func(ctx context.Context) error { return c.s.Interfaces().BulkDelete(ctx, made) })
	var be *netbox.BulkError
	if !errors.As(err, &be) {
		t.Fatalf("err = %v, want a BulkError", err)
	}
	if be.Op != "create" || be.Kind != "interface" || be.Total != len(reqs) || be.Succeeded != contractBatch ||
		be.Failed != contractBatch || be.Unknown != 0 || len(be.Errs) != 1 {
		t.Errorf("BulkError %+v", be)
	}
	c.wantAPIError(err, http.StatusBadRequest, "the failed batch")
	if len(got) != len(reqs) || len(made) != contractBatch || got[0].ID == 0 || got[contractBatch].ID != 0 {
		t.Errorf("result of %d entries, %d created; want %d entries, the first batch's created", len(got), len(made), len(reqs))
	}
	left, err := c.s.Interfaces().List(c.ctx, url.Values{"device_id": {strconv.FormatInt(d.ID, 10)}, "tag": {fx.tag.Slug}})
	if err != nil || len(left) != contractBatch {
		t.Errorf("%d tagged interfaces after the failed batch, want %d: %v", len(left), contractBatch, err)
	}
	// A failed update batch changes nothing either.
	patches := []netbox.Patch{
		{ID: made[0], Fields: map[string]any{"description": "changed"}},
		{ID: made[1], Fields: map[string]any{"name": "E2"}}, // taken
	}
	_, err = c.s.Interfaces().BulkUpdate(c.ctx, patches)
	if !errors.As(err, &be) || be.Failed != 2 {
		t.Errorf("update with a taken name: %v", err)
	}
	if i, err := c.s.Interfaces().Get(c.ctx, made[0]); err != nil || i.Description != "" {
		t.Errorf("interface after a failed update batch: %+v, %v", i, err)
	}
	if err := c.s.Interfaces().BulkDelete(c.ctx, append(made, made...)); err != nil {
		t.Errorf("bulk delete naming IDs twice: %v", err)
	}
	if err := c.s.Interfaces().BulkDelete(c.ctx, made); err != nil {
		t.Errorf("bulk delete of IDs that are gone: %v", err)
	}
}

func (c *contract) checkUnique(fx contractFixture) {
	_, err := c.s.Devices().Create(c.ctx, netbox.DeviceRequest{Name: c.name("d1"), DeviceType: fx.deviceType.ID, Role: fx.role.ID, Site: fx.site.ID})
	c.wantAPIError(err, http.StatusBadRequest, "a second device named d1 in the site")
	_, err = c.s.Tags().Create(c.ctx, netbox.TagRequest{Name: c.name("tag-x"), Slug: fx.tag.Slug})
	c.wantAPIError(err, http.StatusBadRequest, "a second tag with the slug")
	_, err = c.s.DeviceRoles().Create(c.ctx, netbox.DeviceRoleRequest{Name: c.name("role-x"), Slug: fx.role.Slug})
	c.wantAPIError(err, http.StatusBadRequest, "a second role with the slug")
	_, err = c.s.Manufacturers().Create(c.ctx, netbox.ManufacturerRequest{Name: c.name("mfr-x"), Slug: fx.mfr.Slug})
	c.wantAPIError(err, http.StatusBadRequest, "a second manufacturer with the slug")
	_, err = c.s.DeviceTypes().Create(c.ctx, netbox.DeviceTypeRequest{Manufacturer: fx.mfr.ID, Model: c.name("model-x"), Slug: fx.deviceType.Slug})
	c.wantAPIError(err, http.StatusBadRequest, "a second device type with the slug")
}

func (c *contract) checkFilters(fx contractFixture, devices []netbox.Device) {
	t := c.t
	names := func(ds []netbox.Device) []string {
		var out []string
		for _, d := range ds {
			out = append(out, d.Name)
		}
		sort.Strings(out)
		return out
	}
	both := []string{devices[0].Name, devices[1].Name}
	for _, tc := range []struct {
		what string
		q    url.Values
		want []string
	}{
		{"names OR", url.Values{"name": both}, both},
		{"name and tag", url.Values{"name": both, "tag": {fx.tag2.Slug}}, both[1:]},
		{"tags AND", url.Values{"tag": {fx.tag.Slug, fx.tag2.Slug}}, both[1:]},
		{"site", url.Values{"site": {fx.site.Slug}}, both},
		{"id OR", url.Values{"id": {strconv.FormatInt(devices[0].ID, 10), strconv.FormatInt(devices[1].ID, 10)}}, both},
		{"description", url.Values{"tag": {fx.tag.Slug}, "description": {"none has it"}}, nil},
		{"ordering", url.Values{"tag": {fx.tag.Slug}, "ordering": {"name"}, "fields": {"id,name"}}, both},
	} {
		got, err := c.s.Devices().List(c.ctx, tc.q)
		if err != nil || !slices.Equal(names(got), tc.want) {
			t.Errorf("devices %s (%v): %v, %v; want %v", tc.what, tc.q, names(got), err, tc.want)
		}
	}
	page, total, err := c.s.Devices().Page(c.ctx, url.Values{"tag": {fx.tag.Slug}, "limit": {"1"}})
	if err != nil || len(page) != 1 || total != 2 {
		t.Errorf("first page of 1: %d devices of %d, %v", len(page), total, err)
	}
	byID, err := c.s.Devices().ListByID(c.ctx, []int64{devices[1].ID, 1 << 40}, "id,name")
	if err != nil || len(byID) != 1 || byID[devices[1].ID].Name != devices[1].Name {
		t.Errorf("ListByID with a missing ID: %v, %v", byID, err)
	}
	// Choice filters naming nothing are refused; a cable's device_id is not checked.
	_, err = c.s.Devices().List(c.ctx, url.Values{"tag": {c.name("no-such-tag")}})
	c.wantAPIError(err, http.StatusBadRequest, "devices by a tag that does not exist")
	_, err = c.s.Devices().List(c.ctx, url.Values{"site": {c.name("no-such-site")}})
	c.wantAPIError(err, http.StatusBadRequest, "devices by a site that does not exist")
	_, err = c.s.Interfaces().List(c.ctx, url.Values{"device_id": {strconv.FormatInt(1<<40, 10)}})
	c.wantAPIError(err, http.StatusBadRequest, "interfaces by a device that does not exist")
	_, err = c.s.DeviceTypes().List(c.ctx, url.Values{"manufacturer_id": {strconv.FormatInt(1<<40, 10)}})
	c.wantAPIError(err, http.StatusBadRequest, "device types by a manufacturer that does not exist")
	if got, err := c.s.Cables().List(c.ctx, url.Values{"device_id": {strconv.FormatInt(1<<40, 10)}}); err != nil || len(got) != 0 {
		t.Errorf("cables by a device that does not exist: %d, %v", len(got), err)
	}
	dts, err := c.s.DeviceTypes().List(c.ctx, url.Values{"manufacturer_id": {strconv.FormatInt(fx.mfr.ID, 10)}, "fields": {"id"}})
	if err != nil || len(dts) != 1 || dts[0].ID != fx.deviceType.ID {
		t.Errorf("device types by manufacturer: %+v, %v", dts, err)
	}
	tags, err := c.s.Tags().List(c.ctx, url.Values{"slug__isw": {c.prefix + "-tag"}})
	if err != nil || len(tags) != 2 {
		t.Errorf("tags by slug prefix: %d, %v", len(tags), err)
	}
}

// cableRequest cables two interfaces with the contract's tag.
func (c *contract) cableRequest(fx contractFixture, label string, a, b netbox.Interface) netbox.CableRequest {
	return netbox.CableRequest{ATerminations: []netbox.Termination{netbox.InterfaceEnd(a.ID)},
		BTerminations: []netbox.Termination{netbox.InterfaceEnd(b.ID)}, Status: "planned", Label: label, Tags: []int64{fx.tag.ID}}
}

func (c *contract) checkCables(fx contractFixture, devices []netbox.Device) {
	t := c.t
	if1, if2 := c.interfacesOf(devices[0]), c.interfacesOf(devices[1])
	label := c.name("c1")
	got, err := c.s.Cables().BulkCreate(c.ctx, []netbox.CableRequest{c.cableRequest(fx, label, if1["E1"], if2["E1"])})
	c.must(err, "create cable")
	cable := got[0]
	c.cleanup("cable", func(ctx context.Context) error { return c.s.Cables().Delete(ctx, cable.ID) })
	end := func(ts []netbox.CableTermination) string {
		if len(ts) != 1 || ts[0].Object == nil || ts[0].Object.Device == nil {
			return fmt.Sprintf("%d terminations", len(ts))
		}
		return fmt.Sprintf("%d %s:%s (device %d)", ts[0].ObjectID, ts[0].Object.Device.Name, ts[0].Object.Name, ts[0].Object.Device.ID)
	}
	wantEnd := func(d netbox.Device, i netbox.Interface) string {
		return fmt.Sprintf("%d %s:%s (device %d)", i.ID, d.Name, i.Name, d.ID)
	}
	if end(cable.ATerminations) != wantEnd(devices[0], if1["E1"]) || end(cable.BTerminations) != wantEnd(devices[1], if2["E1"]) ||
		cable.Label != label || cable.Status.Value != "planned" || !slices.Equal(refSlugs(cable.Tags), []string{fx.tag.Slug}) {
		t.Errorf("cable read back as %+v", cable)
	}
	if i := c.interfacesOf(devices[0])["E1"]; i.Cable == nil || i.Cable.ID != cable.ID {
		t.Errorf("interface E1 of d1 shows cable %+v, want %d", i.Cable, cable.ID)
	}
	_, err = c.s.Cables().Create(c.ctx, c.cableRequest(fx, c.name("c2"), if1["E1"], if2["E2"]))
	c.wantAPIError(err, http.StatusBadRequest, "a second cable on an interface")

	for _, q := range []url.Values{
		{"label": {label, c.name("c9")}, "tag": {fx.tag.Slug}, "fields": {"id,label"}},
		{"device_id": {strconv.FormatInt(devices[0].ID, 10)}},
		{"device_id": {strconv.FormatInt(devices[1].ID, 10)}, "tag": {fx.tag.Slug}},
	} {
		if got, err := c.s.Cables().List(c.ctx, q); err != nil || len(got) != 1 || got[0].ID != cable.ID {
			t.Errorf("cables by %v: %d, %v", q, len(got), err)
		}
	}

	// Moving the B end frees the old interface.
	moved, err := c.s.Cables().BulkUpdate(c.ctx, []netbox.Patch{{ID: cable.ID, Fields: map[string]any{
		"b_terminations": []netbox.Termination{netbox.InterfaceEnd(if2["E2"].ID)}, "label": label, "status": "connected"}}})
	c.must(err, "move cable")
	if end(moved[0].BTerminations) != wantEnd(devices[1], if2["E2"]) || moved[0].Status.Value != "connected" {
		t.Errorf("moved cable read back as %+v", moved[0])
	}
	now := c.interfacesOf(devices[1])
	if now["E1"].Cable != nil || now["E2"].Cable == nil {
		t.Errorf("after the move: E1 cable %+v, E2 cable %+v", now["E1"].Cable, now["E2"].Cable)
	}

	// Every cable status the status lifecycle writes is a NetBox cable status; a device status
	// is not.
	for _, st := range CableStatuses {
		got, err := c.s.Cables().BulkUpdate(c.ctx, []netbox.Patch{{ID: cable.ID, Fields: map[string]any{"status": st}}})
		c.must(err, "cable status "+st)
		if got[0].Status.Value != st {
			t.Errorf("cable status %s read back as %q", st, got[0].Status.Value)
		}
	}
	_, err = c.s.Cables().BulkUpdate(c.ctx, []netbox.Patch{{ID: cable.ID, Fields: map[string]any{"status": "staged"}}})
	c.wantAPIError(err, http.StatusBadRequest, "cable status staged")

	// An interface deleted under a cable leaves the cable without that end.
	c.must(c.s.Interfaces().Delete(c.ctx, if2["E2"].ID), "delete interface")
	after, err := c.s.Cables().Get(c.ctx, cable.ID)
	c.must(err, "get cable")
	if len(after.BTerminations) != 0 || end(after.ATerminations) != wantEnd(devices[0], if1["E1"]) {
		t.Errorf("cable after its B interface was deleted: %+v", after)
	}
	if got, err := c.s.Cables().List(c.ctx, url.Values{"device_id": {strconv.FormatInt(devices[1].ID, 10)}}); err != nil || len(got) != 0 {
		t.Errorf("cables of d2 after its end was deleted: %d, %v", len(got), err)
	}
}

func (c *contract) checkDeletes(fx contractFixture, devices []netbox.Device) {
	t := c.t
	c.wantAPIError(c.s.DeviceTypes().Delete(c.ctx, fx.deviceType.ID), http.StatusConflict, "deleting a device type in use")
	c.wantAPIError(c.s.DeviceRoles().Delete(c.ctx, fx.role.ID), http.StatusConflict, "deleting a role in use")
	c.wantAPIError(c.s.Manufacturers().Delete(c.ctx, fx.mfr.ID), http.StatusConflict, "deleting a manufacturer in use")

	// A tag in use is deleted and leaves the objects that carried it.
	c.must(c.s.Tags().Delete(c.ctx, fx.tag2.ID), "delete tag in use")
	d2, err := c.s.Devices().Get(c.ctx, devices[1].ID)
	if err != nil || !slices.Equal(refSlugs(d2.Tags), []string{fx.tag.Slug}) {
		t.Errorf("device after its tag was deleted: tags %v, %v", refSlugs(d2.Tags), err)
	}

	// Deleting a device deletes its interfaces; its cable stays without that end.
	ifs := c.interfacesOf(devices[0])
	var ifIDs []int64
	for _, i := range ifs {
		ifIDs = append(ifIDs, i.ID)
	}
	c.must(c.s.Devices().BulkDelete(c.ctx, []int64{devices[0].ID, 1 << 40}), "delete device d1 (and an ID that is gone)")
	if left, err := c.s.Interfaces().ListByID(c.ctx, ifIDs, "id"); err != nil || len(left) != 0 {
		t.Errorf("interfaces of a deleted device: %d left, %v", len(left), err)
	}
	cables, err := c.s.Cables().List(c.ctx, url.Values{"label": {c.name("c1")}})
	if err != nil || len(cables) != 1 || len(cables[0].ATerminations)+len(cables[0].BTerminations) != 0 {
		t.Errorf("the cable of deleted ends: %+v, %v", cables, err)
	}
	if _, err := c.s.Devices().Get(c.ctx, devices[0].ID); !netbox.IsNotFound(err) {
		t.Errorf("Get of a deleted device: %v", err)
	}
}

// checkPrimaryMAC: writing an interface's mac_address makes that MAC its primary one (NetBox
// creates the MAC object), a new value replaces it, and null clears it; a list reads it back
// in NetBox's upper-case form.
func (c *contract) checkPrimaryMAC(d netbox.Device) {
	e1 := c.interfacesOf(d)["E1"]
	read := func() string {
		got, err := c.s.Interfaces().ListByParent(c.ctx, "device_id", ids(d), url.Values{"name": {"E1"}, "fields": {"id,name,device,mac_address"}})
		c.must(err, "list E1")
		if i := got[e1.ID]; i.MACAddress != nil {
			return *i.MACAddress
		}
		return ""
	}
	for _, step := range []struct {
		write *string
		want  string
	}{{ptr("0c:29:ef:00:00:01"), "0C:29:EF:00:00:01"}, {ptr("0c:29:ef:00:00:02"), "0C:29:EF:00:00:02"}, {nil, ""}} {
		_, err := c.s.Interfaces().BulkUpdate(c.ctx, []netbox.Patch{{ID: e1.ID, Name: "E1", Fields: map[string]any{"mac_address": step.write}}})
		c.must(err, "write mac_address")
		if got := read(); got != step.want {
			c.t.Errorf("after writing %v: primary MAC %q, want %q", step.write, got, step.want)
		}
	}
}

func ptr(s string) *string { return &s }
