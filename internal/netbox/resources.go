package netbox

import (
	"context"
	"errors"
	"fmt"
	"net/http"
)

// endpoints holds one Endpoint per object kind (created once per Client so
// the go-netbox fallback state persists).
type endpoints struct {
	sites              *Endpoint[Site, SiteRequest]
	tenants            *Endpoint[Tenant, TenantRequest]
	tags               *Endpoint[Tag, TagRequest]
	deviceRoles        *Endpoint[DeviceRole, DeviceRoleRequest]
	manufacturers      *Endpoint[Manufacturer, ManufacturerRequest]
	deviceTypes        *Endpoint[DeviceType, DeviceTypeRequest]
	interfaceTemplates *Endpoint[InterfaceTemplate, InterfaceTemplateRequest]
	devices            *Endpoint[Device, DeviceRequest]
	interfaces         *Endpoint[Interface, InterfaceRequest]
	cables             *Endpoint[Cable, CableRequest]
}

func (c *Client) initEndpoints() {
	c.eps = endpoints{
		sites:              &Endpoint[Site, SiteRequest]{c: c, path: "/api/dcim/sites/", kind: "site", gn: gnSites(c)},
		tenants:            &Endpoint[Tenant, TenantRequest]{c: c, path: "/api/tenancy/tenants/", kind: "tenant", gn: gnTenants(c)},
		tags:               &Endpoint[Tag, TagRequest]{c: c, path: "/api/extras/tags/", kind: "tag", gn: gnTags(c)},
		deviceRoles:        &Endpoint[DeviceRole, DeviceRoleRequest]{c: c, path: "/api/dcim/device-roles/", kind: "device role", gn: gnDeviceRoles(c)},
		manufacturers:      &Endpoint[Manufacturer, ManufacturerRequest]{c: c, path: "/api/dcim/manufacturers/", kind: "manufacturer", gn: gnManufacturers(c)},
		deviceTypes:        &Endpoint[DeviceType, DeviceTypeRequest]{c: c, path: "/api/dcim/device-types/", kind: "device type", gn: gnDeviceTypes(c)},
		interfaceTemplates: &Endpoint[InterfaceTemplate, InterfaceTemplateRequest]{c: c, path: "/api/dcim/interface-templates/", kind: "interface template"},
		devices:            &Endpoint[Device, DeviceRequest]{c: c, path: "/api/dcim/devices/", kind: "device", gn: gnDevices(c)},
		interfaces:         &Endpoint[Interface, InterfaceRequest]{c: c, path: "/api/dcim/interfaces/", kind: "interface"},
		cables:             &Endpoint[Cable, CableRequest]{c: c, path: "/api/dcim/cables/", kind: "cable"},
	}
}

func (c *Client) Sites() *Endpoint[Site, SiteRequest]                   { return c.eps.sites }
func (c *Client) Tenants() *Endpoint[Tenant, TenantRequest]             { return c.eps.tenants }
func (c *Client) Tags() *Endpoint[Tag, TagRequest]                      { return c.eps.tags }
func (c *Client) DeviceRoles() *Endpoint[DeviceRole, DeviceRoleRequest] { return c.eps.deviceRoles }
func (c *Client) Manufacturers() *Endpoint[Manufacturer, ManufacturerRequest] {
	return c.eps.manufacturers
}
func (c *Client) DeviceTypes() *Endpoint[DeviceType, DeviceTypeRequest] { return c.eps.deviceTypes }
func (c *Client) InterfaceTemplates() *Endpoint[InterfaceTemplate, InterfaceTemplateRequest] {
	return c.eps.interfaceTemplates
}
func (c *Client) Devices() *Endpoint[Device, DeviceRequest]          { return c.eps.devices }
func (c *Client) Interfaces() *Endpoint[Interface, InterfaceRequest] { return c.eps.interfaces }
func (c *Client) Cables() *Endpoint[Cable, CableRequest]             { return c.eps.cables }

// LookupSite returns the site with the given slug (errors.Is(err, ErrNotFound) when absent).
func (c *Client) LookupSite(ctx context.Context, slug string) (Site, error) {
	return c.eps.sites.GetBySlug(ctx, slug)
}

// LookupTenant returns the tenant with the given slug (errors.Is(err, ErrNotFound) when absent).
func (c *Client) LookupTenant(ctx context.Context, slug string) (Tenant, error) {
	return c.eps.tenants.GetBySlug(ctx, slug)
}

// LookupDeviceType returns the device type with the given slug. Slugs are
// unique per manufacturer; when several manufacturers use the slug, pass
// manufacturerSlug (it may be "" otherwise).
func (c *Client) LookupDeviceType(ctx context.Context, manufacturerSlug, slug string) (DeviceType, error) {
	if manufacturerSlug != "" {
		return c.eps.deviceTypes.FindOne(ctx, Q("slug", slug, "manufacturer", manufacturerSlug))
	}
	return c.eps.deviceTypes.GetBySlug(ctx, slug)
}

// EnsureTag returns the tag with r.Slug, creating it from r when absent.
// created reports whether this call created it.
func (c *Client) EnsureTag(ctx context.Context, r TagRequest) (tag Tag, created bool, err error) {
	return ensure(ctx, c.eps.tags, r.Slug, r)
}

// EnsureDeviceRole returns the device role with r.Slug, creating it when absent
// (color defaults to 9e9e9e).
func (c *Client) EnsureDeviceRole(ctx context.Context, r DeviceRoleRequest) (role DeviceRole, created bool, err error) {
	if r.Color == "" {
		r.Color = "9e9e9e"
	}
	return ensure(ctx, c.eps.deviceRoles, r.Slug, r)
}

// EnsureManufacturer returns the manufacturer with r.Slug, creating it when absent.
func (c *Client) EnsureManufacturer(ctx context.Context, r ManufacturerRequest) (m Manufacturer, created bool, err error) {
	return ensure(ctx, c.eps.manufacturers, r.Slug, r)
}

// SlugTable is what Ensure needs of an object kind: *Endpoint has it.
type SlugTable[T any, R any] interface {
	GetBySlug(ctx context.Context, slug string) (T, error)
	Create(ctx context.Context, r R) (T, error)
}

func ensure[T identified, R describer](ctx context.Context, e *Endpoint[T, R], slug string, r R) (T, bool, error) {
	return Ensure[T, R](ctx, e, slug, r)
}

// Ensure returns the object of e with slug, creating it from r when absent; created reports
// whether this call created it.
func Ensure[T any, R describer](ctx context.Context, e SlugTable[T, R], slug string, r R) (T, bool, error) {
	if slug == "" {
		var zero T
		return zero, false, fmt.Errorf("netbox: %s: slug is required", r.describe())
	}
	got, err := e.GetBySlug(ctx, slug)
	if err == nil {
		return got, false, nil
	}
	if !errors.Is(err, ErrNotFound) {
		return got, false, err
	}
	created, err := e.Create(ctx, r)
	if err == nil {
		return created, true, nil
	}
	// Another apply (or a concurrent resource of this one) may have created it between our
	// read and our write: NetBox answers 400, or 500 when the database's unique constraint
	// catches the race before NetBox's own validation does.
	var ae *APIError
	if errors.As(err, &ae) && (ae.StatusCode == http.StatusBadRequest || ae.StatusCode == http.StatusInternalServerError) {
		if again, err2 := e.GetBySlug(ctx, slug); err2 == nil {
			return again, false, nil
		}
	}
	return created, false, err
}

// CreateDeviceType creates a device type and its interface templates (in bulk).
// If the templates cannot be created, the device type is deleted again (which
// removes any templates) and the error is returned.
func (c *Client) CreateDeviceType(ctx context.Context, r DeviceTypeRequest, templates []InterfaceTemplateRequest) (DeviceType, []InterfaceTemplate, error) {
	return CreateDeviceType(ctx, c.eps.deviceTypes, c.eps.interfaceTemplates, r, templates)
}

// DeviceTypeTable and TemplateTable are what CreateDeviceType needs: *Endpoint has them.
type (
	DeviceTypeTable interface {
		Create(ctx context.Context, r DeviceTypeRequest) (DeviceType, error)
		Get(ctx context.Context, id int64) (DeviceType, error)
		Delete(ctx context.Context, id int64) error
	}
	TemplateTable interface {
		BulkCreate(ctx context.Context, rs []InterfaceTemplateRequest) ([]InterfaceTemplate, error)
	}
)

// CreateDeviceType creates a device type in dts and its interface templates in tts (in bulk);
// when the templates fail, it deletes the device type again.
func CreateDeviceType(ctx context.Context, dts DeviceTypeTable, tts TemplateTable, r DeviceTypeRequest, templates []InterfaceTemplateRequest) (DeviceType, []InterfaceTemplate, error) {
	dt, err := dts.Create(ctx, r)
	if err != nil {
		return DeviceType{}, nil, err
	}
	reqs := make([]InterfaceTemplateRequest, len(templates))
	for i, t := range templates {
		t.DeviceType = dt.ID
		reqs[i] = t
	}
	its, err := tts.BulkCreate(ctx, reqs)
	if err != nil {
		if derr := dts.Delete(context.WithoutCancel(ctx), dt.ID); derr != nil {
			return dt, nil, errors.Join(err, fmt.Errorf("netbox: rolling back %s (id %d) failed: %w", r.describe(), dt.ID, derr))
		}
		return DeviceType{}, nil, err
	}
	if len(its) > 0 {
		if fresh, err := dts.Get(ctx, dt.ID); err == nil {
			dt = fresh
		}
	}
	return dt, its, nil
}
