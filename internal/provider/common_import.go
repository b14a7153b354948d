package provider

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/netfabric-io/terraform-provider-hedgehog/internal/inventory"
	"github.com/netfabric-io/terraform-provider-hedgehog/internal/planner"
)

// terraform import of any resource: the ID is kept in private state until the Read that follows
// builds the resource from NetBox.

// importClass starts `terraform import` of a class: the ID is "<plan>/<class>".
func importClass(ctx context.Context, req resource.ImportStateRequest, resp *resource.ImportStateResponse) {
	plan, class, ok := strings.Cut(req.ID, "/")
	if !ok || plan == "" || class == "" || strings.Contains(class, "/") {
		resp.Diagnostics.AddError("Invalid import ID",
			fmt.Sprintf("%q is not <plan name>/<class name>, e.g. ai-128gpu/fe-gpu-leaf.", req.ID))
		return
	}
	startImport(ctx, req, resp)
}

// startImport records the ID in state and in private state, where the Read that follows finds
// it (importingID) and builds the resource from NetBox.
func startImport(ctx context.Context, req resource.ImportStateRequest, resp *resource.ImportStateResponse) {
	b, _ := json.Marshal(req.ID)
	resp.Diagnostics.Append(resp.State.SetAttribute(ctx, path.Root("id"), req.ID)...)
	resp.Diagnostics.Append(resp.Private.SetKey(ctx, importKey, b)...)
}

// importingID is the ID of an import in progress, "" otherwise.
func importingID(ctx context.Context, private privateState) string {
	var id string
	if b, _ := private.GetKey(ctx, importKey); len(b) > 0 {
		_ = json.Unmarshal(b, &id)
	}
	return id
}

// restoreInto sets the state of an import to the stored inputs and reads it into m.
func restoreInto(ctx context.Context, kind resourceKind, stored []byte, id string, resp *resource.ReadResponse, m any) bool {
	raw, err := kind.restore(ctx, stored)
	if err != nil {
		resp.Diagnostics.AddError("Cannot import "+id, err.Error())
		return false
	}
	resp.State.Raw = raw
	resp.Diagnostics.Append(resp.State.Get(ctx, m)...)
	return !resp.Diagnostics.HasError()
}

// classImport is what importing a class resource needs.
type classImport[M any] struct {
	kind resourceKind
	what string // "server class" or "switch class", as in the devices' description
	// compute plans the imported inputs against what NetBox has.
	compute func(found inventory.Recorded) classComputer[M]
}

// kindOf names a resource type and its schema.
func kindOf(ctx context.Context, r resource.Resource) resourceKind {
	var md resource.MetadataResponse
	r.Metadata(ctx, resource.MetadataRequest{ProviderTypeName: "hedgehog"}, &md)
	var sr resource.SchemaResponse
	r.Schema(ctx, resource.SchemaRequest{}, &sr)
	return resourceKind{typeName: md.TypeName, schema: sr.Schema}
}

// readImported builds the state of an imported class from NetBox: its inputs from the local
// config context of its devices, its computed attributes by planning those inputs (a switch
// class against the cables NetBox has, so that matching cables keep their ports), and its
// IDs from what Discover finds. Objects the design does not want stay in state, so that the
// next plan shows them and apply deletes them.
func readImported[M any, P interface {
	*M
	classModel
}](ctx context.Context, r *netBoxResource, imp classImport[M], req resource.ReadRequest, resp *resource.ReadResponse) {
	id := importingID(ctx, req.Private)
	if !r.canImport(imp.what, &resp.Diagnostics) {
		return
	}
	plan, class, _ := strings.Cut(id, "/")
	fields := inventory.Fields{PlanTag: planner.PlanTag(plan), Description: inventory.ClassDescription(plan, imp.what+" "+class)}
	x := r.data.Inventory
	stored, found, err := x.ClassContext(ctx, fields)
	switch {
	case err != nil:
		resp.Diagnostics.AddError("Reading the class from NetBox failed", err.Error())
		return
	case !found:
		resp.Diagnostics.AddError("Nothing to import",
			fmt.Sprintf("NetBox has no device tagged %s with the description %q. Check the plan and class names of the ID %q.",
				fields.PlanTag, fields.Description, id))
		return
	}
	var m M
	if !restoreInto(ctx, imp.kind, stored, id, resp, &m) {
		return
	}
	have, err := x.Discover(ctx, fields)
	if err != nil {
		resp.Diagnostics.AddError("Reading the class's objects from NetBox failed", err.Error())
		return
	}
	want, d := imp.compute(have)(ctx, &m)
	resp.Diagnostics.Append(d...)
	if want == nil || resp.Diagnostics.HasError() {
		resp.Diagnostics.AddError("Cannot import "+id, "the inputs stored in NetBox do not plan")
		return
	}
	P(&m).setClassIDs(importedIDs(*want, have))
	resp.Diagnostics.Append(resp.State.Set(ctx, &m)...)
	resp.Diagnostics.Append(resp.Private.SetKey(ctx, importKey, nil)...)
}
