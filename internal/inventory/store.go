package inventory

import (
	"context"
	"net/url"

	"github.com/netfabric-io/terraform-provider-hedgehog/internal/netbox"
)

// Store is what the executor needs of NetBox: one Table per object kind it reads or writes,
// and NetBox's status. *netbox.Client provides it through NetBoxStore; the in-memory fakeNetBox
// (fakestore_test.go) provides it for tests that run without a NetBox.
type Store interface {
	Sites() Table[netbox.Site, netbox.SiteRequest]
	Tenants() Table[netbox.Tenant, netbox.TenantRequest]
	Tags() Table[netbox.Tag, netbox.TagRequest]
	DeviceRoles() Table[netbox.DeviceRole, netbox.DeviceRoleRequest]
	Manufacturers() Table[netbox.Manufacturer, netbox.ManufacturerRequest]
	DeviceTypes() Table[netbox.DeviceType, netbox.DeviceTypeRequest]
	InterfaceTemplates() Table[netbox.InterfaceTemplate, netbox.InterfaceTemplateRequest]
	Devices() Table[netbox.Device, netbox.DeviceRequest]
	Interfaces() Table[netbox.Interface, netbox.InterfaceRequest]
	Cables() Table[netbox.Cable, netbox.CableRequest]
	// Status checks that NetBox answers and that the token authenticates.
	Status(ctx context.Context) error
}

// Table is one NetBox object kind: the methods of netbox.Endpoint the executor uses, with
// their contracts. A bulk write is sent in batches, each all-or-nothing; on error the result
// still has one entry per input, with ID 0 for objects of batches that failed, and the error
// is a *netbox.BulkError whose Unknown counts objects of batches that may have been applied.
// BulkDelete treats IDs that are gone as deleted. Lists follow NetBox's filters (repeated
// values mean OR).
type Table[T any, R any] interface {
	Get(ctx context.Context, id int64) (T, error)
	GetBySlug(ctx context.Context, slug string) (T, error)
	List(ctx context.Context, q url.Values) ([]T, error)
	// ListByID returns the objects with the given IDs that exist, by ID.
	ListByID(ctx context.Context, ids []int64, fields string) (map[int64]T, error)
	// ListByParent lists, by ID, the objects whose filter param matches one of parentIDs.
	ListByParent(ctx context.Context, param string, parentIDs []int64, q url.Values) (map[int64]T, error)
	// Page returns the first page of a list and the total count.
	Page(ctx context.Context, q url.Values) ([]T, int, error)
	Create(ctx context.Context, r R) (T, error)
	Update(ctx context.Context, p netbox.Patch) (T, error)
	Delete(ctx context.Context, id int64) error
	BulkCreate(ctx context.Context, rs []R) ([]T, error)
	BulkUpdate(ctx context.Context, ps []netbox.Patch) ([]T, error)
	BulkDelete(ctx context.Context, ids []int64) error
	// ProbeWrite sends an empty bulk write: NetBox answers 403 when the token may not write.
	ProbeWrite(ctx context.Context, method string) error
}

// NetBoxStore is the Store of a NetBox client.
func NetBoxStore(c *netbox.Client) Store { return clientStore{c} }

type clientStore struct{ c *netbox.Client }

func (s clientStore) Sites() Table[netbox.Site, netbox.SiteRequest]       { return s.c.Sites() }
func (s clientStore) Tenants() Table[netbox.Tenant, netbox.TenantRequest] { return s.c.Tenants() }
func (s clientStore) Tags() Table[netbox.Tag, netbox.TagRequest]          { return s.c.Tags() }
func (s clientStore) DeviceRoles() Table[netbox.DeviceRole, netbox.DeviceRoleRequest] {
	return s.c.DeviceRoles()
}
func (s clientStore) Manufacturers() Table[netbox.Manufacturer, netbox.ManufacturerRequest] {
	return s.c.Manufacturers()
}
func (s clientStore) DeviceTypes() Table[netbox.DeviceType, netbox.DeviceTypeRequest] {
	return s.c.DeviceTypes()
}
func (s clientStore) InterfaceTemplates() Table[netbox.InterfaceTemplate, netbox.InterfaceTemplateRequest] {
	return s.c.InterfaceTemplates()
}
func (s clientStore) Devices() Table[netbox.Device, netbox.DeviceRequest] { return s.c.Devices() }
func (s clientStore) Interfaces() Table[netbox.Interface, netbox.InterfaceRequest] {
	return s.c.Interfaces()
}
func (s clientStore) Cables() Table[netbox.Cable, netbox.CableRequest] { return s.c.Cables() }
func (s clientStore) Status(ctx context.Context) error {
	_, _, err := s.c.Status(ctx)
	return err
}
