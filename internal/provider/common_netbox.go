package provider

import (
	"context"
	"fmt"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/netfabric-io/terraform-provider-hedgehog/internal/inventory"
)

// What every resource that writes to NetBox shares: its provider data and how it relates to
// NetBox in this run.

// netBoxResource holds the provider data of a resource that writes to NetBox.
type netBoxResource struct {
	data *ProviderData
}

func (r *netBoxResource) Configure(_ context.Context, req resource.ConfigureRequest, resp *resource.ConfigureResponse) {
	if req.ProviderData == nil {
		return
	}
	d, ok := req.ProviderData.(*ProviderData)
	if !ok {
		resp.Diagnostics.AddError("Unexpected provider data", fmt.Sprintf("got %T, want *ProviderData", req.ProviderData))
		return
	}
	r.data = d
}

// netBoxMode is how a resource relates to NetBox in this run.
type netBoxMode int

const (
	// modeUnknown: the provider configuration is not known yet (it comes from another
	// resource), so whether apply writes to NetBox is not known either.
	modeUnknown netBoxMode = iota
	modeOffline
	modeOnline
)

func (r *netBoxResource) mode() netBoxMode {
	switch {
	case r.data == nil:
		return modeUnknown
	case r.data.Online():
		return modeOnline
	}
	return modeOffline
}

// executor returns the NetBox executor, or an error diagnostic saying why there is none.
func (r *netBoxResource) executor(diags *diag.Diagnostics) *inventory.Executor {
	if r.data != nil && r.data.Inventory != nil {
		return r.data.Inventory
	}
	diags.AddError("NetBox token missing",
		"The provider has a NetBox URL but no token, so it cannot write to NetBox: set token or "+EnvNetBoxToken+".")
	return nil
}

// canImport says whether NetBox is there to import from, and reports an error if not.
func (r *netBoxResource) canImport(what string, diags *diag.Diagnostics) bool {
	if r.mode() == modeOnline && r.data.Inventory != nil {
		return true
	}
	diags.AddError("Import needs NetBox", "A "+what+" is imported from its objects in NetBox: configure the provider's url and token.")
	return false
}
