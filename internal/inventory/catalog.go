package inventory

import (
	"context"
	"errors"
	"fmt"

	"github.com/netfabric-io/terraform-provider-hedgehog/internal/netbox"
)

// Kind is a kind of NetBox object a plan names by slug.
type Kind string

const (
	KindSite         Kind = "site"
	KindTenant       Kind = "tenant"
	KindTag          Kind = "tag"
	KindDeviceRole   Kind = "device role"
	KindDeviceType   Kind = "device type"
	KindManufacturer Kind = "manufacturer"
)

type kindSlug struct {
	kind Kind
	slug string
}

// MissingError is an object the design names that NetBox does not have. It matches
// netbox.ErrNotFound.
type MissingError struct {
	Kind Kind
	Slug string
}

func (e *MissingError) Error() string {
	return fmt.Sprintf("%s %q does not exist in NetBox", e.Kind, e.Slug)
}

func (e *MissingError) Is(target error) bool { return target == netbox.ErrNotFound }

// lookup returns the NetBox ID of the object of a kind with a slug, resolved once per
// process. A missing object is a *MissingError.
func (x *Executor) lookup(ctx context.Context, kind Kind, slug string) (int64, error) {
	key := kindSlug{kind, slug}
	x.mu.Lock()
	id, ok := x.cache[key]
	x.mu.Unlock()
	if ok {
		return id, nil
	}
	id, err := x.fetchID(ctx, kind, slug)
	if err != nil {
		if netbox.IsNotFound(err) {
			return 0, &MissingError{Kind: kind, Slug: slug}
		}
		return 0, err
	}
	x.remember(kind, slug, id)
	return id, nil
}

func (x *Executor) remember(kind Kind, slug string, id int64) {
	x.mu.Lock()
	x.cache[kindSlug{kind, slug}] = id
	x.mu.Unlock()
}

// forget drops a cached slug (the object was deleted, or found gone).
func (x *Executor) forget(kind Kind, slug string) {
	x.mu.Lock()
	delete(x.cache, kindSlug{kind, slug})
	x.mu.Unlock()
}

func (x *Executor) fetchID(ctx context.Context, kind Kind, slug string) (int64, error) {
	switch kind {
	case KindSite:
		o, err := x.nb.Sites().GetBySlug(ctx, slug)
		return o.ID, err
	case KindTenant:
		o, err := x.nb.Tenants().GetBySlug(ctx, slug)
		return o.ID, err
	case KindTag:
		o, err := x.nb.Tags().GetBySlug(ctx, slug)
		return o.ID, err
	case KindDeviceRole:
		o, err := x.nb.DeviceRoles().GetBySlug(ctx, slug)
		return o.ID, err
	case KindDeviceType:
		o, err := x.nb.DeviceTypes().GetBySlug(ctx, slug)
		return o.ID, err
	case KindManufacturer:
		o, err := x.nb.Manufacturers().GetBySlug(ctx, slug)
		return o.ID, err
	}
	return 0, fmt.Errorf("inventory: no look-up for %q", kind)
}

// Exists reports whether NetBox has the object of a kind with a slug. Look-ups are cached for
// the provider process.
func (x *Executor) Exists(ctx context.Context, kind Kind, slug string) (bool, error) {
	_, err := x.lookup(ctx, kind, slug)
	var missing *MissingError
	if errors.As(err, &missing) {
		return false, nil
	}
	return err == nil, err
}

func (x *Executor) resolveTags(ctx context.Context, tags []string) ([]int64, error) {
	out := make([]int64, 0, len(tags))
	for _, t := range tags {
		id, err := x.lookup(ctx, KindTag, t)
		if err != nil {
			return nil, err
		}
		out = append(out, id)
	}
	return out, nil
}
