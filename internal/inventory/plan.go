package inventory

import (
	"context"
	"errors"
	"net/url"
	"slices"
	"strings"

	"github.com/netfabric-io/terraform-provider-hedgehog/internal/netbox"
	"github.com/netfabric-io/terraform-provider-hedgehog/internal/planner"
)

// The objects a topology plan writes: its tag (named for the plan) and the device roles its
// classes use. Classes find each other's devices by the tag.

// Plans writes and reads the objects of topology plans.
type Plans struct{ x *Executor }

// Plans is the executor's view of topology plans.
func (x *Executor) Plans() Plans { return Plans{x} }

// PlanOwned is what a plan owns in NetBox and deletes on destroy.
type PlanOwned struct {
	Tag   string   `json:"tag,omitempty"`
	Roles []string `json:"roles,omitempty"`
}

// PlanSpec is what a plan writes: its place (site and tenant slugs), the extra tags its classes
// use (they must exist), and its tag with the tag's description.
type PlanSpec struct {
	Site, Tenant   string
	ExtraTags      []string
	Tag            string
	TagDescription string
}

// PlanIDs are the NetBox IDs of a plan's objects.
type PlanIDs struct {
	Site, Tenant, Tag int64 // Tenant 0: none
	Roles             map[string]int64
}

// PlanError is a failed plan write or read; Kind and Slug name the object (Kind "" when the
// failure is not about one object the configuration names).
type PlanError struct {
	Kind Kind
	Slug string
	Op   string // e.g. "reading", "writing", "creating"
	Err  error
}

func (e *PlanError) Error() string { return e.Err.Error() }
func (e *PlanError) Unwrap() error { return e.Err }

// RoleDescription marks the device roles this provider created. A plan deletes such a role on
// destroy when no device uses it any more (NetBox refuses while one does), whichever plan
// created it: after an interrupted apply or an import nothing else says who did.
const RoleDescription = "Device role used by Hedgehog fabric plans"

// planTagColor is the colour of plan tags in NetBox's UI.
const planTagColor = "00add8"

// Write resolves a plan's place, checks its extra tags, and makes sure its tag and the
// device roles exist. It adds to owned what the plan deletes on destroy and to created what
// this call created (a failed write deletes only that, with Delete).
func (v Plans) Write(ctx context.Context, s PlanSpec, owned, created *PlanOwned) (PlanIDs, error) {
	x := v.x
	ids, err := x.resolvePlace(ctx, s.Site, s.Tenant)
	if err != nil {
		return ids, err
	}
	for _, t := range s.ExtraTags {
		if _, err := x.lookup(ctx, KindTag, t); err != nil {
			return ids, &PlanError{Kind: KindTag, Slug: t, Op: "reading", Err: err}
		}
	}
	tags := x.nb.Tags()
	tag, tagCreated, err := netbox.Ensure(ctx, tags, s.Tag,
		netbox.TagRequest{Name: s.Tag, Slug: s.Tag, Color: planTagColor, Description: s.TagDescription})
	if err == nil && tag.Description != s.TagDescription {
		tag, err = tags.Update(ctx, netbox.Patch{ID: tag.ID, Name: s.Tag, Fields: map[string]any{"description": s.TagDescription}})
	}
	if err != nil {
		return ids, &PlanError{Op: "writing the plan tag", Err: err}
	}
	x.remember(KindTag, s.Tag, tag.ID)
	// The tag is named for the plan, so it is the plan's even when it existed (an interrupted
	// apply, or an import): destroy deletes it.
	owned.Tag = s.Tag
	if tagCreated {
		created.Tag = s.Tag
	}
	ids.Tag = tag.ID
	ids.Roles = map[string]int64{}
	for _, slug := range RoleSlugs {
		role, roleCreated, err := netbox.Ensure(ctx, x.nb.DeviceRoles(), slug,
			netbox.DeviceRoleRequest{Name: RoleName(slug), Slug: slug, Color: "9e9e9e", Description: RoleDescription})
		if err != nil {
			return ids, &PlanError{Op: "creating device role " + slug, Err: err}
		}
		x.remember(KindDeviceRole, slug, role.ID)
		if roleCreated {
			created.Roles = append(created.Roles, slug)
		}
		if (roleCreated || role.Description == RoleDescription) && !slices.Contains(owned.Roles, slug) {
			owned.Roles = append(owned.Roles, slug)
		}
		ids.Roles[slug] = role.ID
	}
	return ids, nil
}

// RoleName is the display name of a device role slug.
func RoleName(slug string) string {
	if slug == RoleOOB {
		return "OOB"
	}
	return strings.ToUpper(slug[:1]) + slug[1:]
}

func (x *Executor) resolvePlace(ctx context.Context, site, tenant string) (PlanIDs, error) {
	var ids PlanIDs
	var err error
	if ids.Site, err = x.lookup(ctx, KindSite, site); err != nil {
		return ids, &PlanError{Kind: KindSite, Slug: site, Op: "reading", Err: err}
	}
	if tenant != "" {
		if ids.Tenant, err = x.lookup(ctx, KindTenant, tenant); err != nil {
			return ids, &PlanError{Kind: KindTenant, Slug: tenant, Op: "reading", Err: err}
		}
	}
	return ids, nil
}

// ReadIDs resolves the IDs of an existing plan's objects without writing anything (import),
// and returns the roles this provider created, which become the plan's (see RoleDescription).
func (v Plans) ReadIDs(ctx context.Context, site, tenant string) (PlanIDs, []string, error) {
	x := v.x
	ids, err := x.resolvePlace(ctx, site, tenant)
	if err != nil {
		return ids, nil, err
	}
	ids.Roles = map[string]int64{}
	var ours []string
	for _, slug := range RoleSlugs {
		role, err := x.nb.DeviceRoles().GetBySlug(ctx, slug)
		if err != nil {
			return ids, nil, &PlanError{Kind: KindDeviceRole, Slug: slug, Op: "reading", Err: err}
		}
		ids.Roles[slug] = role.ID
		if role.Description == RoleDescription {
			ours = append(ours, slug)
		}
	}
	return ids, ours, nil
}

// TagExists reports whether the plan's tag (by ID) is still in NetBox.
func (v Plans) TagExists(ctx context.Context, id int64, slug string) (bool, error) {
	x := v.x
	_, err := x.nb.Tags().Get(ctx, id)
	if netbox.IsNotFound(err) {
		x.forget(KindTag, slug)
		return false, nil
	}
	return err == nil, err
}

// ImportedPlan is what NetBox holds of a plan: its tag's description and its devices with
// their config contexts, by name.
type ImportedPlan struct {
	TagID          int64
	TagDescription string
	Contexts       []netbox.JSONObject
}

// Read reads a plan's tag and its devices' config contexts (import).
func (v Plans) Read(ctx context.Context, tagSlug string) (ImportedPlan, error) {
	x := v.x
	var p ImportedPlan
	tag, err := x.nb.Tags().GetBySlug(ctx, tagSlug)
	if err != nil {
		return p, &PlanError{Kind: KindTag, Slug: tagSlug, Op: "reading", Err: err}
	}
	p.TagID, p.TagDescription = tag.ID, tag.Description
	devices, err := x.nb.Devices().List(ctx, url.Values{"tag": {tagSlug}, "fields": {"id,name,local_context_data"}, "ordering": {"name"}})
	if err != nil {
		return p, &PlanError{Op: "reading the plan's devices", Err: err}
	}
	for _, d := range devices {
		p.Contexts = append(p.Contexts, d.LocalContextData)
	}
	return p, nil
}

// Delete deletes the roles and the tag the plan owns. Roles are shared by the plans of a
// NetBox: they stay while another plan exists, and a role that devices still use stays. It
// returns the roles it kept, each with the error that kept it.
func (v Plans) Delete(ctx context.Context, o PlanOwned) (kept []KeptRole, err error) {
	x := v.x
	if others, err := x.otherPlans(ctx, o.Tag); err != nil || len(others) > 0 {
		o.Roles = nil
	}
	for _, slug := range o.Roles {
		role, err := x.nb.DeviceRoles().GetBySlug(ctx, slug)
		if netbox.IsNotFound(err) {
			continue
		}
		if err == nil {
			err = x.nb.DeviceRoles().Delete(ctx, role.ID)
		}
		x.forget(KindDeviceRole, slug)
		if err != nil {
			kept = append(kept, KeptRole{Slug: slug, Err: err})
		}
	}
	if o.Tag == "" {
		return kept, nil
	}
	tag, err := x.nb.Tags().GetBySlug(ctx, o.Tag)
	if err == nil {
		err = x.nb.Tags().Delete(ctx, tag.ID)
	}
	x.forget(KindTag, o.Tag)
	if err != nil && !errors.Is(err, netbox.ErrNotFound) {
		return kept, err
	}
	return kept, nil
}

// KeptRole is a device role a plan owns that could not be deleted.
type KeptRole struct {
	Slug string
	Err  error
}

// otherPlans lists the tags of other plans in NetBox.
func (x *Executor) otherPlans(ctx context.Context, own string) ([]string, error) {
	prefix := planner.PlanTag("")
	tags, err := x.nb.Tags().List(ctx, url.Values{"slug__isw": {prefix}, "fields": {"id,slug"}})
	if err != nil {
		return nil, err
	}
	var out []string
	for _, t := range tags {
		if t.Slug != own && strings.HasPrefix(t.Slug, prefix) {
			out = append(out, t.Slug)
		}
	}
	return out, nil
}
