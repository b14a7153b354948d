package provider

import (
	"context"
	"fmt"
	"log"
	"net/url"
	"os"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"

	"github.com/netfabric-io/terraform-provider-hedgehog/internal/netbox"
	"github.com/netfabric-io/terraform-provider-hedgehog/internal/planner"
)

// Sweepers delete what acceptance and contract tests leave in NetBox when they are killed
// before their destroy or cleanup runs (a timeout, ^C, a crashed Terraform):
//
//	eval "$(bash scripts/netbox-dev.sh env)"
//	go test ./internal/provider -v -count=1 -sweep=local      # or: make sweep
//
// The region ("local") is only a name: the NetBox is the one NETBOX_URL and NETBOX_TOKEN name,
// as for `make testacc`. Only test objects are touched, recognised by how the tests name them:
//
//   - acceptance tests (*_acc_test.go) plan as "acc-…" (plan tag hedgehog-plan-acc-…), on the
//     site hh-acc (accSite), with device types, device roles and manufacturers whose slugs
//     start with "acc-";
//   - the NetBox contract tests (internal/netbox/contract_test.go) name every object
//     "ct<8 hex digits>-<test>-<what>" (contractRunID).
//
// The site hh-acc itself is kept, as the acceptance tests keep it, and so are the device roles
// and manufacturers that the provider shares between plans (a developer's plans use them too).
// Sweep order: cables, devices, device types, manufacturers, device roles, sites and tenants
// (contract tests only), tags.
func init() {
	resource.AddTestSweepers("hedgehog_cable", &resource.Sweeper{
		Name: "hedgehog_cable",
		F:    sweepCables,
	})
	resource.AddTestSweepers("hedgehog_device", &resource.Sweeper{
		Name:         "hedgehog_device",
		Dependencies: []string{"hedgehog_cable"},
		F:            sweepDevices,
	})
	resource.AddTestSweepers("hedgehog_device_type", &resource.Sweeper{
		Name:         "hedgehog_device_type",
		Dependencies: []string{"hedgehog_device"},
		F:            sweepDeviceTypes,
	})
	resource.AddTestSweepers("hedgehog_manufacturer", &resource.Sweeper{
		Name:         "hedgehog_manufacturer",
		Dependencies: []string{"hedgehog_device_type"},
		F:            sweepManufacturers,
	})
	resource.AddTestSweepers("hedgehog_device_role", &resource.Sweeper{
		Name:         "hedgehog_device_role",
		Dependencies: []string{"hedgehog_device"},
		F:            sweepDeviceRoles,
	})
	resource.AddTestSweepers("hedgehog_site", &resource.Sweeper{
		Name:         "hedgehog_site",
		Dependencies: []string{"hedgehog_device"},
		F:            sweepSites,
	})
	resource.AddTestSweepers("hedgehog_tenant", &resource.Sweeper{
		Name:         "hedgehog_tenant",
		Dependencies: []string{"hedgehog_site"},
		F:            sweepTenants,
	})
	resource.AddTestSweepers("hedgehog_tag", &resource.Sweeper{
		Name: "hedgehog_tag",
		Dependencies: []string{"hedgehog_cable", "hedgehog_device", "hedgehog_device_type", "hedgehog_device_role",
			"hedgehog_site", "hedgehog_tenant"},
		F: sweepTags,
	})
}

// accPlanPrefix starts the plan name of every acceptance test, and so the slugs of the
// device types, roles and manufacturers they create.
const accPlanPrefix = "acc-"

// contractName matches the names and slugs of the contract tests' objects.
var contractName = regexp.MustCompile(`^ct[0-9a-f]{8}-`)

// isTestSlug reports whether a device type, device role or manufacturer slug is a test's.
func isTestSlug(slug string) bool {
	return strings.HasPrefix(slug, accPlanPrefix) || contractName.MatchString(slug)
}

// isTestTag reports whether a tag is an acceptance test's plan tag or a contract test's tag.
func isTestTag(slug string) bool {
	return strings.HasPrefix(slug, planner.PlanTag(accPlanPrefix)) || contractName.MatchString(slug)
}

func sweepClient(region string) (*netbox.Client, error) {
	u, tok := os.Getenv(EnvNetBoxURL), os.Getenv(EnvNetBoxToken)
	if u == "" || tok == "" {
		return nil, fmt.Errorf("sweeping %q: set NETBOX_URL and NETBOX_TOKEN (eval \"$(bash scripts/netbox-dev.sh env)\")", region)
	}
	return netbox.New(netbox.Config{URL: u, Token: tok, Timeout: 60 * time.Second, UserAgent: "terraform-provider-hedgehog-sweeper"})
}

func sweepContext() (context.Context, context.CancelFunc) {
	return context.WithTimeout(context.Background(), 10*time.Minute)
}

// testTags lists the tags of test objects.
func testTags(ctx context.Context, c *netbox.Client) ([]netbox.Tag, error) {
	all, err := c.Tags().List(ctx, url.Values{"fields": {"id,name,slug"}})
	if err != nil {
		return nil, err
	}
	var out []netbox.Tag
	for _, t := range all {
		if isTestTag(t.Slug) {
			out = append(out, t)
		}
	}
	return out, nil
}

// testDevices returns the IDs and names of the devices that tests left: every device on the
// acceptance site, every device carrying a test tag, and every device named like a contract
// test's.
func testDevices(ctx context.Context, c *netbox.Client) (map[int64]string, error) {
	out := map[int64]string{}
	add := func(q url.Values, keep func(netbox.Device) bool) error {
		q.Set("fields", "id,name")
		ds, err := c.Devices().List(ctx, q)
		if err != nil {
			return err
		}
		for _, d := range ds {
			if keep == nil || keep(d) {
				out[d.ID] = d.Name
			}
		}
		return nil
	}
	if err := add(url.Values{"site": {accSite}}, nil); err != nil {
		// A NetBox without the acceptance site answers 400 to the filter: nothing is there.
		if _, lerr := c.LookupSite(ctx, accSite); lerr == nil {
			return nil, err
		}
	}
	tags, err := testTags(ctx, c)
	if err != nil {
		return nil, err
	}
	for _, t := range tags {
		if err := add(url.Values{"tag": {t.Slug}}, nil); err != nil {
			return nil, err
		}
	}
	if err := add(url.Values{"name__isw": {"ct"}}, func(d netbox.Device) bool { return contractName.MatchString(d.Name) }); err != nil {
		return nil, err
	}
	return out, nil
}

func sortedIDs[T any](m map[int64]T) []int64 {
	ids := make([]int64, 0, len(m))
	for id := range m {
		ids = append(ids, id)
	}
	sort.Slice(ids, func(i, j int) bool { return ids[i] < ids[j] })
	return ids
}

func logSwept(kind string, names []string) {
	sort.Strings(names)
	if len(names) == 0 {
		log.Printf("[INFO] sweeper: no test %s left", kind)
		return
	}
	log.Printf("[INFO] sweeper: deleting %d %s: %s", len(names), kind, strings.Join(names, ", "))
}

// sweepCables deletes the cables that carry a test tag or end on a test device.
func sweepCables(region string) error {
	c, err := sweepClient(region)
	if err != nil {
		return err
	}
	ctx, cancel := sweepContext()
	defer cancel()
	cables := map[int64]string{}
	tags, err := testTags(ctx, c)
	if err != nil {
		return err
	}
	for _, t := range tags {
		got, err := c.Cables().List(ctx, url.Values{"tag": {t.Slug}, "fields": {"id,label"}})
		if err != nil {
			return err
		}
		for _, cb := range got {
			cables[cb.ID] = cb.Label
		}
	}
	devices, err := testDevices(ctx, c)
	if err != nil {
		return err
	}
	ids := sortedIDs(devices)
	for lo := 0; lo < len(ids); lo += netbox.IDsPerRequest {
		q := url.Values{"fields": {"id,label"}}
		for _, id := range ids[lo:min(lo+netbox.IDsPerRequest, len(ids))] {
			q.Add("device_id", strconv.FormatInt(id, 10))
		}
		got, err := c.Cables().List(ctx, q)
		if err != nil {
			return err
		}
		for _, cb := range got {
			cables[cb.ID] = cb.Label
		}
	}
	names := make([]string, 0, len(cables))
	for id, label := range cables {
		names = append(names, fmt.Sprintf("#%d %s", id, label))
	}
	logSwept("cables", names)
	return c.Cables().BulkDelete(ctx, sortedIDs(cables))
}

// sweepDevices deletes the test devices (their interfaces go with them).
func sweepDevices(region string) error {
	c, err := sweepClient(region)
	if err != nil {
		return err
	}
	ctx, cancel := sweepContext()
	defer cancel()
	devices, err := testDevices(ctx, c)
	if err != nil {
		return err
	}
	names := make([]string, 0, len(devices))
	for _, n := range devices {
		names = append(names, n)
	}
	logSwept("devices", names)
	return c.Devices().BulkDelete(ctx, sortedIDs(devices))
}

// slugged is an object's ID and slug.
type slugged struct {
	id   int64
	slug string
}

// sweepBySlug deletes the objects that list returns whose slug keep accepts.
func sweepBySlug(region, kind string, keep func(string) bool,
	list func(context.Context, *netbox.Client) ([]slugged, error), del func(context.Context, *netbox.Client, []int64) error) error {
	c, err := sweepClient(region)
	if err != nil {
		return err
	}
	ctx, cancel := sweepContext()
	defer cancel()
	all, err := list(ctx, c)
	if err != nil {
		return err
	}
	found := map[int64]string{}
	for _, o := range all {
		if keep(o.slug) {
			found[o.id] = o.slug
		}
	}
	names := make([]string, 0, len(found))
	for _, s := range found {
		names = append(names, s)
	}
	logSwept(kind, names)
	return del(ctx, c, sortedIDs(found))
}

var slugFields = url.Values{"fields": {"id,slug"}}

func sweepDeviceTypes(region string) error {
	return sweepBySlug(region, "device types", isTestSlug, func(ctx context.Context, c *netbox.Client) ([]slugged, error) {
		all, err := c.DeviceTypes().List(ctx, slugFields)
		out := make([]slugged, 0, len(all))
		for _, o := range all {
			out = append(out, slugged{o.ID, o.Slug})
		}
		return out, err
	}, func(ctx context.Context, c *netbox.Client, ids []int64) error {
		return c.DeviceTypes().BulkDelete(ctx, ids)
	})
}

func sweepManufacturers(region string) error {
	return sweepBySlug(region, "manufacturers", isTestSlug, func(ctx context.Context, c *netbox.Client) ([]slugged, error) {
		all, err := c.Manufacturers().List(ctx, slugFields)
		out := make([]slugged, 0, len(all))
		for _, o := range all {
			out = append(out, slugged{o.ID, o.Slug})
		}
		return out, err
	}, func(ctx context.Context, c *netbox.Client, ids []int64) error {
		return c.Manufacturers().BulkDelete(ctx, ids)
	})
}

func sweepDeviceRoles(region string) error {
	return sweepBySlug(region, "device roles", isTestSlug, func(ctx context.Context, c *netbox.Client) ([]slugged, error) {
		all, err := c.DeviceRoles().List(ctx, slugFields)
		out := make([]slugged, 0, len(all))
		for _, o := range all {
			out = append(out, slugged{o.ID, o.Slug})
		}
		return out, err
	}, func(ctx context.Context, c *netbox.Client, ids []int64) error {
		return c.DeviceRoles().BulkDelete(ctx, ids)
	})
}

// sweepSites deletes the contract tests' sites; the acceptance site hh-acc stays.
func sweepSites(region string) error {
	return sweepBySlug(region, "sites", contractName.MatchString, func(ctx context.Context, c *netbox.Client) ([]slugged, error) {
		all, err := c.Sites().List(ctx, slugFields)
		out := make([]slugged, 0, len(all))
		for _, o := range all {
			out = append(out, slugged{o.ID, o.Slug})
		}
		return out, err
	}, func(ctx context.Context, c *netbox.Client, ids []int64) error { return c.Sites().BulkDelete(ctx, ids) })
}

func sweepTenants(region string) error {
	return sweepBySlug(region, "tenants", contractName.MatchString, func(ctx context.Context, c *netbox.Client) ([]slugged, error) {
		all, err := c.Tenants().List(ctx, slugFields)
		out := make([]slugged, 0, len(all))
		for _, o := range all {
			out = append(out, slugged{o.ID, o.Slug})
		}
		return out, err
	}, func(ctx context.Context, c *netbox.Client, ids []int64) error {
		return c.Tenants().BulkDelete(ctx, ids)
	})
}

func sweepTags(region string) error {
	return sweepBySlug(region, "tags", isTestTag, func(ctx context.Context, c *netbox.Client) ([]slugged, error) {
		all, err := c.Tags().List(ctx, slugFields)
		out := make([]slugged, 0, len(all))
		for _, o := range all {
			out = append(out, slugged{o.ID, o.Slug})
		}
		return out, err
	}, func(ctx context.Context, c *netbox.Client, ids []int64) error { return c.Tags().BulkDelete(ctx, ids) })
}
