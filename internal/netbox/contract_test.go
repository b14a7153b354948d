package netbox

// Contract tests against a real NetBox (4.7.x). They run when NETBOX_URL and
// NETBOX_TOKEN are set (e.g. `eval "$(bash scripts/netbox-dev.sh env)"`);
// otherwise they skip, except under CI=true where a missing NetBox is a
// failure. Every object is named with a per-run prefix and removed in t.Cleanup.

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"net"
	"net/http"
	"net/http/httptest"
	"net/http/httputil"
	"net/url"
	"os"
	"reflect"
	"sort"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

var contractRunID = func() string {
	b := make([]byte, 4)
	_, _ = rand.Read(b)
	return "ct" + hex.EncodeToString(b)
}()

func contractEnv(t *testing.T) (nbURL, token string) {
	t.Helper()
	// Only acceptance runs (make testacc, TF_ACC=1) talk to NetBox: `make test` must not touch
	// a NetBox that happens to be exported in the environment.
	if os.Getenv("TF_ACC") == "" {
		t.Skip("NetBox contract test: set TF_ACC=1 (make testacc) to run it against the local NetBox")
	}
	nbURL, token = os.Getenv("NETBOX_URL"), os.Getenv("NETBOX_TOKEN")
	if nbURL == "" || token == "" {
		t.Fatal("TF_ACC is set but NETBOX_URL / NETBOX_TOKEN are not: run `make testacc`, or " +
			"eval \"$(bash scripts/netbox-dev.sh env)\" after `bash scripts/netbox-dev.sh up`")
	}
	return nbURL, token
}

func contractClient(t *testing.T, mod ...func(*Config)) *Client {
	t.Helper()
	nbURL, token := contractEnv(t)
	cfg := Config{URL: nbURL, Token: token, Timeout: 60 * time.Second, MaxRetries: DefaultMaxRetries, UserAgent: "terraform-provider-hedgehog-contract-test"}
	for _, m := range mod {
		m(&cfg)
	}
	c, err := New(cfg)
	if err != nil {
		t.Fatal(err)
	}
	return c
}

func ctxT(t *testing.T) context.Context {
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Minute)
	t.Cleanup(cancel)
	return ctx
}

// uniq returns a name unique to this run and test.
func uniq(t *testing.T, what string) string {
	base := strings.ToLower(strings.TrimPrefix(t.Name(), "TestAccContract"))
	base = strings.NewReplacer("/", "-", "_", "-").Replace(base)
	if len(base) > 20 {
		base = base[:20]
	}
	return fmt.Sprintf("%s-%s-%s", contractRunID, base, what)
}

func cleanupDelete(t *testing.T, what string, del func(ctx context.Context) error) {
	t.Cleanup(func() {
		ctx, cancel := context.WithTimeout(context.Background(), 5*time.Minute)
		defer cancel()
		if err := del(ctx); err != nil {
			t.Errorf("cleanup of %s: %v", what, err)
		}
	})
}

// fixture is a device type, a device and what they need, all created for one test.
type fixture struct {
	tag          Tag
	site         Site
	tenant       Tenant
	role         DeviceRole
	manufacturer Manufacturer
	deviceType   DeviceType
	templates    []InterfaceTemplate
}

var fixtureTemplates = []InterfaceTemplateRequest{
	{Name: "E1/1", Type: "800gbase-x-osfp"},
	{Name: "E1/2", Type: "800gbase-x-osfp"},
	{Name: "E1/3", Type: "400gbase-x-qsfpdd", Description: "qsfp-dd"},
	{Name: "M1", Type: "1000base-t", MgmtOnly: true},
}

func newFixture(t *testing.T, c *Client) *fixture {
	t.Helper()
	ctx := ctxT(t)
	f := &fixture{}
	var err error
	var created bool

	f.tag, created, err = c.EnsureTag(ctx, TagRequest{Name: uniq(t, "tag"), Slug: uniq(t, "tag"), Color: "ff5722", Description: "contract test"})
	if err != nil || !created {
		t.Fatalf("EnsureTag: %v (created %v)", err, created)
	}
	cleanupDelete(t, "tag", func(ctx context.Context) error { return c.Tags().Delete(ctx, f.tag.ID) })

	f.tenant, err = c.Tenants().Create(ctx, TenantRequest{Name: uniq(t, "tenant"), Slug: uniq(t, "tenant"), Tags: []int64{f.tag.ID}})
	if err != nil {
		t.Fatalf("create tenant: %v", err)
	}
	cleanupDelete(t, "tenant", func(ctx context.Context) error { return c.Tenants().Delete(ctx, f.tenant.ID) })

	f.site, err = c.Sites().Create(ctx, SiteRequest{Name: uniq(t, "site"), Slug: uniq(t, "site"), Status: "planned", Tenant: &f.tenant.ID, Description: "contract", Tags: []int64{f.tag.ID}})
	if err != nil {
		t.Fatalf("create site: %v", err)
	}
	cleanupDelete(t, "site", func(ctx context.Context) error { return c.Sites().Delete(ctx, f.site.ID) })

	f.role, created, err = c.EnsureDeviceRole(ctx, DeviceRoleRequest{Name: uniq(t, "role"), Slug: uniq(t, "role")})
	if err != nil || !created {
		t.Fatalf("EnsureDeviceRole: %v (created %v)", err, created)
	}
	cleanupDelete(t, "role", func(ctx context.Context) error { return c.DeviceRoles().Delete(ctx, f.role.ID) })

	f.manufacturer, created, err = c.EnsureManufacturer(ctx, ManufacturerRequest{Name: uniq(t, "mfr"), Slug: uniq(t, "mfr")})
	if err != nil || !created {
		t.Fatalf("EnsureManufacturer: %v (created %v)", err, created)
	}
	cleanupDelete(t, "manufacturer", func(ctx context.Context) error { return c.Manufacturers().Delete(ctx, f.manufacturer.ID) })

	uh := 1.0
	f.deviceType, f.templates, err = c.CreateDeviceType(ctx, DeviceTypeRequest{
		Manufacturer: f.manufacturer.ID, Model: uniq(t, "model"), Slug: uniq(t, "dt"),
		PartNumber: "DS5000", UHeight: &uh, Airflow: "front-to-rear", Tags: []int64{f.tag.ID},
	}, fixtureTemplates)
	if err != nil {
		t.Fatalf("CreateDeviceType: %v", err)
	}
	cleanupDelete(t, "device type", func(ctx context.Context) error { return c.DeviceTypes().Delete(ctx, f.deviceType.ID) })
	return f
}

func (f *fixture) device(t *testing.T, c *Client, name string) Device {
	t.Helper()
	d, err := c.Devices().Create(ctxT(t), DeviceRequest{
		Name: name, DeviceType: f.deviceType.ID, Role: f.role.ID, Site: f.site.ID, Tenant: &f.tenant.ID,
		Status: "planned", Description: "plan p / class c", Tags: []int64{f.tag.ID},
	})
	if err != nil {
		t.Fatalf("create device: %v", err)
	}
	cleanupDelete(t, "device "+name, func(ctx context.Context) error { return c.Devices().Delete(ctx, d.ID) })
	return d
}

func tagSlugs(refs []Ref) []string {
	out := make([]string, 0, len(refs))
	for _, r := range refs {
		out = append(out, r.Slug)
	}
	sort.Strings(out)
	return out
}

func TestAccContractStatus(t *testing.T) {
	c := contractClient(t)
	st, warns, err := c.Status(ctxT(t))
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("NetBox %s, Python %s, Django %s, token kind %s", st.NetBoxVersion, st.PythonVersion, st.DjangoVersion, c.TokenKind())
	if major, minor, ok := ParseVersion(st.NetBoxVersion); !ok || major != 4 || minor != 7 {
		t.Errorf("NetBox version %q, want 4.7.x", st.NetBoxVersion)
	}
	if len(warns) != 0 {
		t.Errorf("unexpected warnings for a tested version: %q", warns)
	}
}

func TestAccContractObjectsReadBack(t *testing.T) {
	c := contractClient(t)
	ctx := ctxT(t)
	f := newFixture(t, c)

	// Tag: get-or-create finds the existing one.
	again, created, err := c.EnsureTag(ctx, TagRequest{Name: f.tag.Name, Slug: f.tag.Slug})
	if err != nil || created || again != f.tag {
		t.Errorf("EnsureTag again = %+v created=%v err=%v, want %+v", again, created, err, f.tag)
	}
	if f.tag.Color != "ff5722" || f.tag.Description != "contract test" {
		t.Errorf("tag = %+v", f.tag)
	}
	gotTag, err := c.Tags().Get(ctx, f.tag.ID)
	if err != nil || gotTag != f.tag {
		t.Errorf("tag read back %+v %v, want %+v", gotTag, err, f.tag)
	}

	// Tenant: lookup by slug.
	ten, err := c.LookupTenant(ctx, f.tenant.Slug)
	if err != nil || !reflect.DeepEqual(ten, f.tenant) {
		t.Errorf("LookupTenant = %+v %v, want %+v", ten, err, f.tenant)
	}
	if _, err := c.LookupTenant(ctx, uniq(t, "no-such-tenant")); !errors.Is(err, ErrNotFound) {
		t.Errorf("LookupTenant(missing) err = %v, want ErrNotFound", err)
	}

	// Site.
	site, err := c.LookupSite(ctx, f.site.Slug)
	if err != nil || !reflect.DeepEqual(site, f.site) {
		t.Errorf("LookupSite = %+v %v, want %+v", site, err, f.site)
	}
	if site.Status.Value != "planned" || site.Tenant == nil || site.Tenant.ID != f.tenant.ID || !reflect.DeepEqual(tagSlugs(site.Tags), []string{f.tag.Slug}) {
		t.Errorf("site fields = %+v", site)
	}

	// Role and manufacturer: get-or-create returns the same object.
	role, created, err := c.EnsureDeviceRole(ctx, DeviceRoleRequest{Name: f.role.Name, Slug: f.role.Slug})
	if err != nil || created || !reflect.DeepEqual(role, f.role) || role.Color != "9e9e9e" {
		t.Errorf("EnsureDeviceRole again = %+v %v %v, want %+v", role, created, err, f.role)
	}
	mfr, created, err := c.EnsureManufacturer(ctx, ManufacturerRequest{Name: f.manufacturer.Name, Slug: f.manufacturer.Slug})
	if err != nil || created || mfr != f.manufacturer {
		t.Errorf("EnsureManufacturer again = %+v %v %v, want %+v", mfr, created, err, f.manufacturer)
	}

	// Device type with its interface templates.
	dt, err := c.LookupDeviceType(ctx, "", f.deviceType.Slug)
	if err != nil || !reflect.DeepEqual(dt, f.deviceType) {
		t.Errorf("LookupDeviceType = %+v %v, want %+v", dt, err, f.deviceType)
	}
	if dt.InterfaceTemplateCount != len(fixtureTemplates) || dt.Manufacturer.ID != f.manufacturer.ID || dt.Airflow == nil || dt.Airflow.Value != "front-to-rear" || dt.PartNumber != "DS5000" {
		t.Errorf("device type fields = %+v", dt)
	}
	its, err := c.InterfaceTemplates().List(ctx, Q("device_type_id", fmt.Sprint(dt.ID)))
	if err != nil {
		t.Fatal(err)
	}
	if len(its) != len(fixtureTemplates) {
		t.Fatalf("interface templates = %+v", its)
	}
	for i, it := range its {
		want := fixtureTemplates[i]
		if it.Name != want.Name || it.Type.Value != want.Type || it.MgmtOnly != want.MgmtOnly || it.Description != want.Description || !it.Enabled || it.ID != f.templates[i].ID {
			t.Errorf("template %d = %+v, want %+v", i, it, want)
		}
	}

	// Devices: the type's templates are instantiated as interfaces.
	a := f.device(t, c, uniq(t, "leaf-01"))
	b := f.device(t, c, uniq(t, "spine-01"))
	gotA, err := c.Devices().Get(ctx, a.ID)
	if err != nil || !reflect.DeepEqual(gotA, a) {
		t.Errorf("device read back %+v %v, want %+v", gotA, err, a)
	}
	if a.Name != uniq(t, "leaf-01") || a.Status.Value != "planned" || a.DeviceType.ID != dt.ID || a.Role.ID != f.role.ID || a.Site.ID != f.site.ID ||
		a.Tenant == nil || a.Tenant.ID != f.tenant.ID || a.Description != "plan p / class c" || !reflect.DeepEqual(tagSlugs(a.Tags), []string{f.tag.Slug}) {
		t.Errorf("device fields = %+v", a)
	}
	devs, err := c.Devices().List(ctx, Q("tag", f.tag.Slug))
	if err != nil || len(devs) != 2 {
		t.Errorf("devices tagged %s = %d %v", f.tag.Slug, len(devs), err)
	}
	byName, err := c.Devices().FindOne(ctx, Q("name", b.Name))
	if err != nil || byName.ID != b.ID {
		t.Errorf("FindOne(name) = %+v %v", byName, err)
	}

	ifacesA, err := c.Interfaces().List(ctx, Q("device_id", fmt.Sprint(a.ID)))
	if err != nil {
		t.Fatal(err)
	}
	if len(ifacesA) != len(fixtureTemplates) {
		t.Fatalf("interfaces from templates = %+v", ifacesA)
	}
	for i, ifc := range ifacesA {
		if ifc.Name != fixtureTemplates[i].Name || ifc.Type.Value != fixtureTemplates[i].Type || ifc.Device.ID != a.ID {
			t.Errorf("instantiated interface %d = %+v", i, ifc)
		}
	}

	// Extra interfaces (breakout lanes) in bulk, then read back.
	enabled := false
	speed := int64(400_000_000)
	lanes := []InterfaceRequest{
		{Device: a.ID, DeviceName: a.Name, Name: "E1/1/1", Type: "400gbase-x-qsfpdd", Speed: &speed, Description: "lane 1", Tags: []int64{f.tag.ID}},
		{Device: a.ID, DeviceName: a.Name, Name: "E1/1/2", Type: "400gbase-x-qsfpdd", Enabled: &enabled, Label: "L2"},
	}
	created2, err := c.Interfaces().BulkCreate(ctx, lanes)
	if err != nil {
		t.Fatal(err)
	}
	for i, ifc := range created2 {
		got, err := c.Interfaces().Get(ctx, ifc.ID)
		if err != nil || !reflect.DeepEqual(got, ifc) {
			t.Errorf("interface read back %+v %v, want %+v", got, err, ifc)
		}
		if got.Name != lanes[i].Name || got.Type.Value != lanes[i].Type || got.Device.ID != a.ID || got.Label != lanes[i].Label || got.Description != lanes[i].Description {
			t.Errorf("interface %d = %+v", i, got)
		}
	}
	if created2[0].Speed == nil || *created2[0].Speed != speed || !created2[0].Enabled || created2[1].Enabled || !reflect.DeepEqual(tagSlugs(created2[0].Tags), []string{f.tag.Slug}) {
		t.Errorf("interface fields = %+v / %+v", created2[0], created2[1])
	}

	// Cable: a = upstream (spine) end, b = the leaf lane.
	ifacesB, err := c.Interfaces().List(ctx, Q("device_id", fmt.Sprint(b.ID), "name", "E1/1"))
	if err != nil || len(ifacesB) != 1 {
		t.Fatalf("spine E1/1: %v %v", ifacesB, err)
	}
	label := fmt.Sprintf("%s:%s--%s:%s", b.Name, "E1/1", a.Name, "E1/1/1")
	label = label[:min(len(label), CableLabelMaxLen)]
	cables, err := c.Cables().BulkCreate(ctx, []CableRequest{{
		ATerminations: []Termination{InterfaceEnd(ifacesB[0].ID)},
		BTerminations: []Termination{InterfaceEnd(created2[0].ID)},
		Status:        "planned", Label: label, Tags: []int64{f.tag.ID},
	}})
	if err != nil {
		t.Fatal(err)
	}
	cable := cables[0]
	cleanupDelete(t, "cable", func(ctx context.Context) error { return c.Cables().Delete(ctx, cable.ID) })
	gotCable, err := c.Cables().Get(ctx, cable.ID)
	if err != nil || !reflect.DeepEqual(gotCable, cable) {
		t.Errorf("cable read back %+v %v, want %+v", gotCable, err, cable)
	}
	if cable.Status.Value != "planned" || cable.Label != label || len(cable.ATerminations) != 1 || len(cable.BTerminations) != 1 ||
		cable.ATerminations[0].ObjectType != "dcim.interface" || cable.ATerminations[0].ObjectID != ifacesB[0].ID || cable.BTerminations[0].ObjectID != created2[0].ID {
		t.Errorf("cable fields = %+v", cable)
	}
	if o := cable.BTerminations[0].Object; o == nil || o.Name != "E1/1/1" || o.Device == nil || o.Device.ID != a.ID {
		t.Errorf("cable b termination object = %+v", o)
	}
	byDev, err := c.Cables().List(ctx, Q("device_id", fmt.Sprint(a.ID)))
	if err != nil || len(byDev) != 1 || byDev[0].ID != cable.ID {
		t.Errorf("cables on device = %+v %v", byDev, err)
	}
	lane, _ := c.Interfaces().Get(ctx, created2[0].ID)
	if lane.Cable == nil || lane.Cable.ID != cable.ID {
		t.Errorf("interface cable = %+v", lane.Cable)
	}

	// Updates: single PATCH and bulk PATCH.
	upd, err := c.Devices().Update(ctx, Patch{ID: a.ID, Name: a.Name, Fields: map[string]any{"status": "active"}})
	if err != nil || upd.Status.Value != "active" {
		t.Errorf("Update device = %+v %v", upd, err)
	}
	cupd, err := c.Cables().BulkUpdate(ctx, []Patch{{ID: cable.ID, Fields: map[string]any{"status": "connected"}}})
	if err != nil || cupd[0].Status.Value != "connected" {
		t.Errorf("BulkUpdate cable = %+v %v", cupd, err)
	}
	iupd, err := c.Interfaces().BulkUpdate(ctx, []Patch{
		{ID: created2[1].ID, Fields: map[string]any{"description": "second"}},
		{ID: created2[0].ID, Fields: map[string]any{"description": "first"}},
	})
	if err != nil || iupd[0].ID != created2[1].ID || iupd[0].Description != "second" || iupd[1].Description != "first" {
		t.Errorf("BulkUpdate interfaces = %+v %v", iupd, err)
	}
}

// TestAccContractGoNetboxDecode records which go-netbox v4.3.0 models decode
// NetBox 4.7 answers. The endpoints the client routes through go-netbox must
// decode; the others are informational (they use plain HTTP).
func TestAccContractGoNetboxDecode(t *testing.T) {
	c := contractClient(t)
	ctx := ctxT(t)
	f := newFixture(t, c)
	d := f.device(t, c, uniq(t, "dev"))
	d2 := f.device(t, c, uniq(t, "dev2"))
	ifs, err := c.Interfaces().List(ctx, Q("device_id", fmt.Sprint(d.ID)))
	if err != nil {
		t.Fatal(err)
	}
	ifs2, err := c.Interfaces().List(ctx, Q("device_id", fmt.Sprint(d2.ID)))
	if err != nil {
		t.Fatal(err)
	}
	// An interface type that NetBox 4.7 has and go-netbox 4.3's closed enum lacks.
	new16t, err := c.Interfaces().Create(ctx, InterfaceRequest{Device: d.ID, Name: "E1/9", Type: "1.6tbase-x-osfp1600"})
	if err != nil {
		t.Fatal(err)
	}
	if got, err := c.Interfaces().Get(ctx, new16t.ID); err != nil || got.Type.Value != "1.6tbase-x-osfp1600" {
		t.Errorf("plain HTTP read of a 1.6T interface: %+v %v", got, err)
	}
	cab, err := c.Cables().Create(ctx, CableRequest{ATerminations: []Termination{InterfaceEnd(ifs[0].ID)}, BTerminations: []Termination{InterfaceEnd(ifs2[0].ID)}, Status: "planned"})
	if err != nil {
		t.Fatal(err)
	}
	cleanupDelete(t, "cable", func(ctx context.Context) error { return c.Cables().Delete(ctx, cab.ID) })

	gn := c.GoNetbox()
	probe := func(name string, wired bool, call func() error) {
		err := call()
		switch {
		case err == nil:
			t.Logf("go-netbox decodes %-20s OK", name)
		case wired:
			t.Errorf("go-netbox fails to decode %s, which the client reads through go-netbox: %v", name, err)
		default:
			t.Logf("go-netbox decodes %-20s FAILS: %v", name, truncate(err.Error(), 200))
		}
	}
	i32 := func(id int64) int32 { return int32(id) }
	probe("site", true, func() error { _, _, err := gn.DcimAPI.DcimSitesRetrieve(ctx, i32(f.site.ID)).Execute(); return err })
	probe("tenant", true, func() error {
		_, _, err := gn.TenancyAPI.TenancyTenantsRetrieve(ctx, i32(f.tenant.ID)).Execute()
		return err
	})
	probe("tag", true, func() error { _, _, err := gn.ExtrasAPI.ExtrasTagsRetrieve(ctx, i32(f.tag.ID)).Execute(); return err })
	probe("device role", true, func() error {
		_, _, err := gn.DcimAPI.DcimDeviceRolesRetrieve(ctx, i32(f.role.ID)).Execute()
		return err
	})
	probe("manufacturer", true, func() error {
		_, _, err := gn.DcimAPI.DcimManufacturersRetrieve(ctx, i32(f.manufacturer.ID)).Execute()
		return err
	})
	probe("device type", true, func() error {
		_, _, err := gn.DcimAPI.DcimDeviceTypesRetrieve(ctx, i32(f.deviceType.ID)).Execute()
		return err
	})
	probe("interface template", false, func() error {
		_, _, err := gn.DcimAPI.DcimInterfaceTemplatesRetrieve(ctx, i32(f.templates[0].ID)).Execute()
		return err
	})
	probe("device", true, func() error { _, _, err := gn.DcimAPI.DcimDevicesRetrieve(ctx, i32(d.ID)).Execute(); return err })
	probe("device list", false, func() error {
		_, _, err := gn.DcimAPI.DcimDevicesList(ctx).Tag([]string{f.tag.Slug}).Execute()
		return err
	})
	probe("interface", false, func() error {
		_, _, err := gn.DcimAPI.DcimInterfacesRetrieve(ctx, i32(ifs[0].ID)).Execute()
		return err
	})
	probe("interface 1.6T", false, func() error {
		_, _, err := gn.DcimAPI.DcimInterfacesRetrieve(ctx, i32(new16t.ID)).Execute()
		return err
	})
	probe("cable", false, func() error { _, _, err := gn.DcimAPI.DcimCablesRetrieve(ctx, i32(cab.ID)).Execute(); return err })
	probe("status", false, func() error { _, _, err := gn.StatusAPI.StatusRetrieve(ctx).Execute(); return err })

	// And through the client: the wired reads really took the go-netbox path.
	if _, err := c.Sites().Get(ctx, f.site.ID); err != nil {
		t.Fatal(err)
	}
	if _, err := c.DeviceTypes().Get(ctx, f.deviceType.ID); err != nil {
		t.Fatal(err)
	}
	plain, err := c.Devices().FindOne(ctx, Q("id", fmt.Sprint(d.ID))) // plain HTTP list
	if err != nil {
		t.Fatal(err)
	}
	if got, err := c.Devices().Get(ctx, d.ID); err != nil || !reflect.DeepEqual(got, plain) {
		t.Errorf("device through go-netbox = %+v %v, want %+v", got, err, plain)
	}
	for name, g := range map[string]interface {
		Load() bool
	}{
		"sites": &c.Sites().gn.disabled, "tenants": &c.Tenants().gn.disabled, "tags": &c.Tags().gn.disabled,
		"device roles": &c.DeviceRoles().gn.disabled, "manufacturers": &c.Manufacturers().gn.disabled, "device types": &c.DeviceTypes().gn.disabled,
		"devices": &c.Devices().gn.disabled,
	} {
		if g.Load() {
			t.Errorf("go-netbox path for %s fell back to plain HTTP", name)
		}
	}
	if c.Sites().gn.used.Load() == 0 || c.DeviceTypes().gn.used.Load() == 0 || c.Devices().gn.used.Load() == 0 {
		t.Errorf("go-netbox path not used")
	}
}

func TestAccContractBulk1000Interfaces(t *testing.T) {
	c := contractClient(t)
	ctx := ctxT(t)
	f := newFixture(t, c)
	d := f.device(t, c, uniq(t, "bulk"))

	reqs := make([]InterfaceRequest, 1000)
	for i := range reqs {
		// Untagged: tags add ~50% to NetBox's per-object cost, and this test is about the bulk mechanics.
		reqs[i] = InterfaceRequest{Device: d.ID, DeviceName: d.Name, Name: fmt.Sprintf("X1/%d", i+1), Type: "100gbase-x-qsfp28"}
	}
	start := time.Now()
	got, err := c.Interfaces().BulkCreate(ctx, reqs)
	createTime := time.Since(start)
	var ids []int64
	for _, o := range got {
		if o.ID != 0 {
			ids = append(ids, o.ID)
		}
	}
	cleanupDelete(t, "1000 interfaces", func(ctx context.Context) error { return c.Interfaces().BulkDelete(ctx, ids) })
	if err != nil {
		t.Fatal(err)
	}
	cfg := c.Config()
	t.Logf("bulk create of 1000 interfaces: %s (batch %d, concurrency %d)", createTime.Round(time.Millisecond), cfg.BatchSize, cfg.Concurrency)
	seen := map[int64]bool{}
	for i, o := range got {
		if o.Name != reqs[i].Name || o.Device.ID != d.ID || o.ID == 0 || seen[o.ID] {
			t.Fatalf("result %d = %+v, want %s", i, o, reqs[i].Name)
		}
		seen[o.ID] = true
	}

	// Pagination against the real server: 100 per page -> follows `next`.
	small := contractClient(t, func(c *Config) { c.PageSize = 100 })
	start = time.Now()
	listed, err := small.Interfaces().List(ctx, Q("device_id", fmt.Sprint(d.ID)))
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("listing %d interfaces in pages of 100: %s", len(listed), time.Since(start).Round(time.Millisecond))
	if len(listed) != 1000+len(fixtureTemplates) {
		t.Fatalf("listed %d interfaces, want 1000 + %d from templates", len(listed), len(fixtureTemplates))
	}
	found := 0
	for _, o := range listed {
		if seen[o.ID] {
			found++
		}
	}
	if found != 1000 {
		t.Fatalf("listed %d of the 1000 created interfaces", found)
	}

	start = time.Now()
	if err := c.Interfaces().BulkDelete(ctx, ids); err != nil {
		t.Fatal(err)
	}
	t.Logf("bulk delete of 1000 interfaces: %s", time.Since(start).Round(time.Millisecond))
	left, err := c.Interfaces().List(ctx, Q("device_id", fmt.Sprint(d.ID)))
	if err != nil || len(left) != len(fixtureTemplates) {
		t.Errorf("after bulk delete: %d left, %v", len(left), err)
	}
}

func TestAccContractBulkBatchIsAtomicAndNamed(t *testing.T) {
	c := contractClient(t, func(c *Config) { c.BatchSize = 5; c.Concurrency = 1 })
	ctx := ctxT(t)
	f := newFixture(t, c)
	d := f.device(t, c, uniq(t, "atomic"))
	reqs := make([]InterfaceRequest, 10)
	for i := range reqs {
		reqs[i] = InterfaceRequest{Device: d.ID, DeviceName: d.Name, Name: fmt.Sprintf("Y1/%d", i+1), Type: "1000base-t", Tags: []int64{f.tag.ID}}
	}
	reqs[7].Name = "E1/1" // exists already (instantiated from the device type's template)
	got, err := c.Interfaces().BulkCreate(ctx, reqs)
	var ids []int64
	for _, o := range got {
		if o.ID != 0 {
			ids = append(ids, o.ID)
		}
	}
	cleanupDelete(t, "interfaces", func(ctx context.Context) error { return c.Interfaces().BulkDelete(ctx, ids) })
	var be *BulkError
	var ae *APIError
	if !errors.As(err, &be) || !errors.As(err, &ae) {
		t.Fatalf("err = %v", err)
	}
	t.Logf("error: %v", err)
	if be.Succeeded != 5 || be.Failed != 5 || len(ids) != 5 {
		t.Errorf("BulkError %+v, created %d", be, len(ids))
	}
	if ae.StatusCode != 400 || !strings.Contains(ae.Object, fmt.Sprintf("interface %q", d.Name+":E1/1")) {
		t.Errorf("APIError = %+v", ae)
	}
	// The failed batch (Y1/6..Y1/10) left nothing behind.
	left, err := c.Interfaces().List(ctx, Q("device_id", fmt.Sprint(d.ID), "tag", f.tag.Slug))
	if err != nil || len(left) != 5 {
		t.Errorf("interfaces after a failed batch: %d (want the 5 of the good batch) %v", len(left), err)
	}
}

func TestAccContractDelete404IsSuccess(t *testing.T) {
	var mu sync.Mutex
	var logs []string
	c := contractClient(t, func(c *Config) {
		c.Logf = func(format string, args ...any) {
			mu.Lock()
			logs = append(logs, fmt.Sprintf(format, args...))
			mu.Unlock()
		}
	})
	ctx := ctxT(t)
	var tags []Tag
	for i := 0; i < 3; i++ {
		tg, _, err := c.EnsureTag(ctx, TagRequest{Name: uniq(t, fmt.Sprint("t", i)), Slug: uniq(t, fmt.Sprint("t", i))})
		if err != nil {
			t.Fatal(err)
		}
		tags = append(tags, tg)
		cleanupDelete(t, "tag", func(ctx context.Context) error { return c.Tags().Delete(ctx, tg.ID) })
	}
	if err := c.Tags().Delete(ctx, tags[0].ID); err != nil {
		t.Fatal(err)
	}
	if err := c.Tags().Delete(ctx, tags[0].ID); err != nil {
		t.Fatalf("second delete (404) should succeed: %v", err)
	}
	if _, err := c.Tags().Get(ctx, tags[0].ID); !IsNotFound(err) {
		t.Errorf("Get of a deleted tag: %v", err)
	}
	// A bulk delete containing an already-deleted ID.
	mu.Lock()
	logs = nil
	mu.Unlock()
	if err := c.Tags().BulkDelete(ctx, []int64{tags[0].ID, tags[1].ID, tags[2].ID}); err != nil {
		t.Fatal(err)
	}
	for _, tg := range tags[1:] {
		if _, err := c.Tags().Get(ctx, tg.ID); !IsNotFound(err) {
			t.Errorf("tag %d still there: %v", tg.ID, err)
		}
	}
	mu.Lock()
	for _, l := range logs {
		if strings.Contains(l, "DELETE /api/extras/tags/ ->") || strings.Contains(l, "one by one") {
			t.Logf("observed: %s", l)
		}
	}
	mu.Unlock()
}

// faultProxy sits in front of the real NetBox and injects faults into the
// first requests: a status code (429 gets Retry-After: 1) or -1 for a
// connection reset.
type faultProxy struct {
	faults   []int
	n        atomic.Int32
	injected atomic.Int32
	passed   atomic.Int32
	proxy    *httputil.ReverseProxy
}

func newFaultProxy(t *testing.T, target string, faults ...int) (*faultProxy, *httptest.Server) {
	u, err := url.Parse(target)
	if err != nil {
		t.Fatal(err)
	}
	fp := &faultProxy{faults: faults, proxy: &httputil.ReverseProxy{Rewrite: func(r *httputil.ProxyRequest) { r.SetURL(u) }}}
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	srv := &httptest.Server{Listener: l, Config: &http.Server{Handler: fp}}
	srv.Start()
	t.Cleanup(srv.Close)
	return fp, srv
}

func (fp *faultProxy) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	i := int(fp.n.Add(1)) - 1
	if i < len(fp.faults) {
		fp.injected.Add(1)
		switch code := fp.faults[i]; code {
		case -1:
			if hj, ok := w.(http.Hijacker); ok {
				if conn, _, err := hj.Hijack(); err == nil {
					if tc, ok := conn.(*net.TCPConn); ok {
						_ = tc.SetLinger(0)
					}
					_ = conn.Close()
					return
				}
			}
			w.WriteHeader(http.StatusServiceUnavailable)
		case http.StatusTooManyRequests:
			w.Header().Set("Retry-After", "1")
			writeJSON(w, code, map[string]any{"detail": "Request was throttled. Expected available in 1 second."})
		default:
			w.Header().Set("Content-Type", "text/html")
			w.WriteHeader(code)
			_, _ = fmt.Fprintf(w, "<html><head><title>%d %s</title></head></html>", code, http.StatusText(code))
		}
		return
	}
	fp.passed.Add(1)
	fp.proxy.ServeHTTP(w, r)
}

func TestAccContractRetriesThroughFaultyProxy(t *testing.T) {
	direct := contractClient(t)
	f := newFixture(t, direct)
	d := f.device(t, direct, uniq(t, "proxy"))

	// First request: 429, 503, reset, 429, 503 then through (5 retries <= 6).
	fp, srv := newFaultProxy(t, direct.BaseURL(), 429, 503, -1, 429, 503)
	c := contractClient(t, func(c *Config) {
		c.URL = srv.URL
		c.MaxRetries = 6
		c.RetryWaitMin = 50 * time.Millisecond
		c.RetryWaitMax = 200 * time.Millisecond
		c.BatchSize = 50
		c.PageSize = 40
		c.Logf = t.Logf
	})
	ctx := ctxT(t)
	start := time.Now()
	st, _, err := c.Status(ctx)
	if err != nil {
		t.Fatalf("Status through the faulty proxy: %v", err)
	}
	t.Logf("Status %s through 5 injected faults in %s", st.NetBoxVersion, time.Since(start).Round(time.Millisecond))
	if fp.injected.Load() != 5 || time.Since(start) < 2*time.Second {
		t.Errorf("injected %d faults in %s (two Retry-After: 1 waits expected)", fp.injected.Load(), time.Since(start))
	}

	// A bulk create with faults in the middle of the batches.
	fp2, srv2 := newFaultProxy(t, direct.BaseURL(), 503, 429, -1)
	c2 := contractClient(t, func(c *Config) {
		c.URL = srv2.URL
		c.MaxRetries = 6
		c.RetryWaitMin = 50 * time.Millisecond
		c.RetryWaitMax = 200 * time.Millisecond
		c.BatchSize = 25
		c.Concurrency = 2
		c.PageSize = 25
	})
	reqs := make([]InterfaceRequest, 60)
	for i := range reqs {
		reqs[i] = InterfaceRequest{Device: d.ID, DeviceName: d.Name, Name: fmt.Sprintf("P1/%d", i+1), Type: "25gbase-x-sfp28"}
	}
	got, err := c2.Interfaces().BulkCreate(ctx, reqs)
	var ids []int64
	for _, o := range got {
		if o.ID != 0 {
			ids = append(ids, o.ID)
		}
	}
	cleanupDelete(t, "interfaces", func(ctx context.Context) error { return direct.Interfaces().BulkDelete(ctx, ids) })
	if err != nil {
		t.Fatalf("bulk create through the faulty proxy: %v", err)
	}
	if fp2.injected.Load() != 3 {
		t.Errorf("injected %d faults, want 3", fp2.injected.Load())
	}
	// Listing through the proxy follows NetBox's `next` links (which name the
	// real NetBox address) via the proxy: 60 + 4 template interfaces = 3 pages of 25.
	before := fp2.passed.Load()
	listed, err := c2.Interfaces().List(ctx, Q("device_id", fmt.Sprint(d.ID)))
	if err != nil || len(listed) != len(reqs)+len(fixtureTemplates) {
		t.Fatalf("list through proxy: %d %v", len(listed), err)
	}
	if pages := fp2.passed.Load() - before; pages != 3 {
		t.Errorf("list took %d requests through the proxy, want 3 pages of 25", pages)
	}
	// No duplicates from replayed requests: exactly one interface per requested name.
	names := map[string]int{}
	for _, o := range listed {
		names[o.Name]++
	}
	for _, r := range reqs {
		if names[r.Name] != 1 {
			t.Errorf("%s present %d times", r.Name, names[r.Name])
		}
	}
}

func TestAccContractInvalidToken(t *testing.T) {
	for _, tok := range []string{"nbt_doesnotexist.0000000000000000000000000000000000000000", "0123456789abcdef0123456789abcdef01234567"} {
		c := contractClient(t, func(c *Config) { c.Token = tok })
		ctx := ctxT(t)
		_, _, err := c.Status(ctx)
		if !IsAuthError(err) || !strings.Contains(err.Error(), "API token") {
			t.Errorf("%s token: Status err = %v", c.TokenKind(), err)
		}
		t.Logf("%s token: %v", c.TokenKind(), err)
		_, err = c.Devices().Create(ctx, DeviceRequest{Name: "x", DeviceType: 1, Role: 1, Site: 1})
		if !IsAuthError(err) || !strings.Contains(err.Error(), "API token") || !strings.Contains(err.Error(), `device "x"`) {
			t.Errorf("%s token: create err = %v", c.TokenKind(), err)
		}
		_, err = c.LookupTenant(ctx, "x")
		if !IsAuthError(err) || !strings.Contains(err.Error(), "API token") {
			t.Errorf("%s token: go-netbox read err = %v", c.TokenKind(), err)
		}
	}
}

func TestAccContractV1Token(t *testing.T) {
	v1 := os.Getenv("NETBOX_TOKEN_V1")
	if v1 == "" {
		contractEnv(t)
		if os.Getenv("CI") == "true" {
			t.Fatal("NETBOX_TOKEN_V1 must be set in CI")
		}
		t.Skip("NETBOX_TOKEN_V1 not set")
	}
	c := contractClient(t, func(c *Config) { c.Token = v1 })
	if c.TokenKind() != TokenV1 {
		t.Errorf("NETBOX_TOKEN_V1 detected as %s", c.TokenKind())
	}
	ctx := ctxT(t)
	st, _, err := c.Status(ctx)
	if err != nil {
		t.Fatal(err)
	}
	tag, created, err := c.EnsureTag(ctx, TagRequest{Name: uniq(t, "v1"), Slug: uniq(t, "v1")})
	if err != nil || !created {
		t.Fatalf("EnsureTag with v1 token: %v", err)
	}
	cleanupDelete(t, "tag", func(ctx context.Context) error { return c.Tags().Delete(ctx, tag.ID) })
	got, err := c.Tags().GetBySlug(ctx, tag.Slug)
	if err != nil || got != tag {
		t.Errorf("read back with v1 token: %+v %v", got, err)
	}
	t.Logf("v1 token works against NetBox %s", st.NetBoxVersion)
}
