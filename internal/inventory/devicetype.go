package inventory

import (
	"context"
	"errors"
	"net/url"
	"strconv"
	"strings"

	"github.com/netfabric-io/terraform-provider-hedgehog/internal/netbox"
	"github.com/netfabric-io/terraform-provider-hedgehog/internal/planner"
)

// CreatedByHedgehog marks the manufacturers and device types this provider created: only
// those are deleted, and only those can be imported.
const CreatedByHedgehog = "Created by terraform-provider-hedgehog"

// DeviceTypes creates, reads and deletes device types.
type DeviceTypes struct{ x *Executor }

// DeviceTypes is the executor's view of device types.
func (x *Executor) DeviceTypes() DeviceTypes { return DeviceTypes{x} }

// DeviceType is a device type to create, with its manufacturer and interface templates.
type DeviceType struct {
	Slug, Model        string
	Manufacturer       string // name; its slug is ManufacturerSlug
	ManufacturerSlug   string
	UHeight            float64
	Comments           string
	InterfaceTemplates []Interface // Device is ignored
}

// ExistingDeviceType is a device type NetBox has.
type ExistingDeviceType struct {
	ID       int64
	Display  string
	Comments string
}

// Find returns the device type with a slug; ok is false when NetBox has none.
func (v DeviceTypes) Find(ctx context.Context, slug string) (dt ExistingDeviceType, ok bool, err error) {
	x := v.x
	got, err := x.nb.DeviceTypes().GetBySlug(ctx, slug)
	if netbox.IsNotFound(err) {
		return dt, false, nil
	}
	if err != nil {
		return dt, false, err
	}
	return ExistingDeviceType{ID: got.ID, Display: got.Display, Comments: got.Comments}, true, nil
}

// Exists reports whether the device type with an ID is still in NetBox; one that is
// gone is forgotten, so that a class naming its slug looks again.
func (v DeviceTypes) Exists(ctx context.Context, id int64, slug string) (bool, error) {
	x := v.x
	_, err := x.nb.DeviceTypes().Get(ctx, id)
	if netbox.IsNotFound(err) {
		x.forget(KindDeviceType, slug)
		return false, nil
	}
	return err == nil, err
}

// Create creates a device type with its interface templates, and its manufacturer
// when NetBox has none. Nothing is left behind when it fails.
func (v DeviceTypes) Create(ctx context.Context, d DeviceType) (int64, error) {
	x := v.x
	x.manufacturerMu.Lock()
	mfr, mfrCreated, err := netbox.Ensure(ctx, x.nb.Manufacturers(), d.ManufacturerSlug,
		netbox.ManufacturerRequest{Name: d.Manufacturer, Slug: d.ManufacturerSlug, Description: CreatedByHedgehog})
	x.manufacturerMu.Unlock()
	if err != nil {
		return 0, &PlanError{Op: "creating the manufacturer", Err: err}
	}
	templates := make([]netbox.InterfaceTemplateRequest, len(d.InterfaceTemplates))
	for i, t := range d.InterfaceTemplates {
		templates[i] = netbox.InterfaceTemplateRequest{Name: t.Name, Type: t.Type, MgmtOnly: t.Name == planner.ManagementPort}
	}
	height := d.UHeight
	dt, _, err := netbox.CreateDeviceType(ctx, x.nb.DeviceTypes(), x.nb.InterfaceTemplates(), netbox.DeviceTypeRequest{
		Manufacturer: mfr.ID, Model: d.Model, Slug: d.Slug, UHeight: &height, Description: CreatedByHedgehog,
		Comments: d.Comments}, templates)
	if err != nil {
		if mfrCreated {
			_ = x.nb.Manufacturers().Delete(context.WithoutCancel(ctx), mfr.ID)
		}
		return 0, &PlanError{Op: "creating the device type", Err: err}
	}
	x.remember(KindDeviceType, d.Slug, dt.ID)
	return dt.ID, nil
}

// Delete deletes a device type, then its manufacturer when this provider created it
// and no other device type uses it. A manufacturer that could not be deleted is a warning.
func (v DeviceTypes) Delete(ctx context.Context, id int64, slug, manufacturerSlug string) (warning, err error) {
	x := v.x
	if err := x.nb.DeviceTypes().Delete(ctx, id); err != nil {
		return nil, err
	}
	x.forget(KindDeviceType, slug)
	x.manufacturerMu.Lock()
	defer x.manufacturerMu.Unlock()
	return x.deleteUnusedManufacturer(ctx, manufacturerSlug), nil
}

func (x *Executor) deleteUnusedManufacturer(ctx context.Context, slug string) error {
	mfr, err := x.nb.Manufacturers().GetBySlug(ctx, slug)
	if err != nil || !strings.Contains(mfr.Description, CreatedByHedgehog) {
		return nil
	}
	others, err := x.nb.DeviceTypes().List(ctx, url.Values{"manufacturer_id": {strconv.FormatInt(mfr.ID, 10)}, "fields": {"id"}})
	if err != nil || len(others) > 0 {
		return nil
	}
	err = x.nb.Manufacturers().Delete(ctx, mfr.ID)
	if errors.Is(err, netbox.ErrNotFound) {
		return nil
	}
	return err
}
