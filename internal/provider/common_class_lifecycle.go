package provider

import (
	"context"
	"fmt"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/tfsdk"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-go/tftypes"
	"github.com/netfabric-io/terraform-provider-hedgehog/internal/inventory"
)

// The lifecycle every class resource shares: plan, create, update, read and delete through
// inventory.

// applyChanges writes the difference between state and plan to NetBox. The record it
// returns is valid also when diags hold an error.
func applyChanges(ctx context.Context, x *inventory.Executor, want inventory.Want, have inventory.Recorded) (inventory.Recorded, bool, diag.Diagnostics) {
	var diags diag.Diagnostics
	rec, err := x.Apply(ctx, inventory.Diff(want, have), have)
	if err != nil {
		diags.AddError("NetBox apply failed", err.Error())
		return rec, false, diags
	}
	if missing := missingIDs(want, rec); len(missing) > 0 {
		diags.AddError("NetBox apply incomplete", fmt.Sprintf("after apply, %d objects have no NetBox ID, first %s; "+
			"this is a provider bug", len(missing), missing[0]))
		return rec, false, diags
	}
	return rec, true, diags
}

// destroyClass deletes everything a class records: its cables, then its devices, with which
// NetBox deletes their interfaces.
func destroyClass(ctx context.Context, x *inventory.Executor, have inventory.Recorded) diag.Diagnostics {
	var diags diag.Diagnostics
	if have.Empty() {
		return diags
	}
	if _, err := x.Apply(ctx, inventory.Diff(inventory.Want{Fields: have.Fields}, have), have); err != nil {
		diags.AddError("NetBox delete failed", err.Error())
	}
	return diags
}

// classModel is what the generic class lifecycle needs from a class resource's model.
type classModel interface {
	classIDs() classIDs
	setClassIDs(classIDs)
	// recordedFields are the device fields the state's devices were written with.
	recordedFields(ctx context.Context) inventory.Fields
	allocationMap() types.Map
}

// classComputer plans a class model in place and returns what it wants in NetBox (nil while
// inputs are unknown).
type classComputer[M any] func(ctx context.Context, m *M) (*inventory.Want, diag.Diagnostics)

func recordedOf[M any, P interface {
	*M
	classModel
}](ctx context.Context, m P, private privateState) inventory.Recorded {
	rec := recorded(ctx, m.recordedFields(ctx), m.classIDs(), m.allocationMap(), createdInterfaces(ctx, private))
	rec.CableSpecs = cableSpecs(ctx, private)
	return rec
}

// priorRecord reads a class's state into prior and returns what it records, with the inputs
// its devices were written with.
func priorRecord[M any, P interface {
	*M
	classModel
}](ctx context.Context, kind resourceKind, state tfsdk.State, private privateState, prior *M, diags *diag.Diagnostics) inventory.Recorded {
	diags.Append(state.Get(ctx, prior)...)
	have := recordedOf[M, P](ctx, prior, private)
	have.Fields.Context, _ = kind.inputs(state.Raw)
	return have
}

// modifyClassPlan plans the class and fills its ID maps from state.
func modifyClassPlan[M any, P interface {
	*M
	classModel
}](ctx context.Context, r *netBoxResource, kind resourceKind, req resource.ModifyPlanRequest, resp *resource.ModifyPlanResponse, compute classComputer[M]) {
	if req.Plan.Raw.IsNull() {
		return
	}
	var m M
	resp.Diagnostics.Append(req.Plan.Get(ctx, &m)...)
	if resp.Diagnostics.HasError() {
		return
	}
	want, diags := compute(ctx, &m)
	resp.Diagnostics.Append(diags...)
	if resp.Diagnostics.HasError() {
		return
	}
	if want != nil {
		// "" while an input is unknown: the devices then show as updated, which they may be.
		want.Fields.Context, _ = kind.inputs(req.Plan.Raw)
		have := inventory.NewRecorded()
		if !req.State.Raw.IsNull() {
			var prior M
			have = priorRecord[M, P](ctx, kind, req.State, nil, &prior, &resp.Diagnostics)
		}
		ids := plannedIDs(r.mode(), *want, have)
		r.preflightClass(ctx, *want, have, &resp.Diagnostics)
		if r.reportUntracked(ctx, *want, have, resp) {
			// The apply adopts them: the drift it then reports is not known yet, and a class
			// with no other change is updated, so that it runs.
			ids.Drift = types.MapUnknown(types.StringType)
		}
		P(&m).setClassIDs(ids)
	}
	resp.Diagnostics.Append(resp.Plan.Set(ctx, &m)...)
}

// reportUntracked warns about objects of the class that carry the plan's tag without being in
// state (an interrupted apply left them) and reports whether there are any.
func (r *netBoxResource) reportUntracked(ctx context.Context, want inventory.Want, have inventory.Recorded, resp *resource.ModifyPlanResponse) bool {
	if r.mode() != modeOnline || r.data.Inventory == nil || r.data.Inventory.Preflight(ctx) != nil {
		return false
	}
	devices, cables, err := r.data.Inventory.Untracked(ctx, want.Fields, have)
	if err != nil {
		resp.Diagnostics.AddError("Looking for objects that state does not know failed", err.Error())
		return false
	}
	if devices+cables == 0 {
		resp.Diagnostics.Append(resp.Private.SetKey(ctx, untrackedKey, nil)...)
		return false
	}
	resp.Diagnostics.AddWarning("NetBox holds objects of this class that Terraform state does not",
		fmt.Sprintf("%d devices and %d cables carry the tag %s and belong to %q, but state does not record them: an "+
			"apply was interrupted, or they were removed from state. Apply adopts the ones the design wants (and writes "+
			"their fields) and deletes the others.", devices, cables, want.Fields.PlanTag, want.Fields.Description))
	resp.Diagnostics.Append(resp.Private.SetKey(ctx, untrackedKey, []byte("true"))...)
	return true
}

// adoptUntracked adds to have what NetBox holds for the class without state knowing it.
func adoptUntracked(ctx context.Context, x *inventory.Executor, want inventory.Want, have *inventory.Recorded, diags *diag.Diagnostics) {
	found, err := x.Discover(ctx, want.Fields)
	if err != nil {
		diags.AddError("Looking for objects that state does not know failed", err.Error())
		return
	}
	if have.Empty() {
		have.Fields = want.Fields
	}
	if n := have.Adopt(found); n > 0 {
		diags.AddWarning("Adopted objects that state did not know",
			fmt.Sprintf("%d NetBox objects of %q were not in Terraform state (an interrupted apply, or removed from "+
				"state). They are managed again: kept where the design wants them, deleted otherwise.", n, want.Fields.Description))
	}
}

// preflightClass reports at plan a device type that neither exists in NetBox nor is created by a
// hedgehog_device_type of this configuration, and generated names that devices the plan does
// not own already have. NetBox problems of the whole plan (reachability, token, permissions) are
// the topology plan's to report; then nothing is checked here.
func (r *netBoxResource) preflightClass(ctx context.Context, want inventory.Want, have inventory.Recorded, diags *diag.Diagnostics) {
	if r.mode() != modeOnline || r.data.Inventory == nil {
		return
	}
	x := r.data.Inventory
	if x.Preflight(ctx) != nil {
		return
	}
	dt := want.Fields.DeviceType
	if _, planned := r.data.plannedDeviceTypes.Load(dt); !planned {
		ok, err := x.Exists(ctx, inventory.KindDeviceType, dt)
		switch {
		case err != nil:
			diags.AddAttributeError(path.Root("device_type"), "Reading device type "+dt+" from NetBox failed", err.Error())
		case !ok:
			diags.AddAttributeError(path.Root("device_type"), "Device type not found",
				fmt.Sprintf("NetBox has no device type with slug %q, and no hedgehog_device_type of this configuration "+
					"creates it. Create it (a hedgehog_device_type, referenced as hedgehog_device_type.<name>.slug so "+
					"that it is planned first), or correct the slug.", dt))
		}
	}
	var fresh []string
	for _, d := range want.Devices {
		if _, ok := have.Devices[d]; !ok {
			fresh = append(fresh, d)
		}
	}
	taken, err := x.NameCollisions(ctx, want.Fields.Site, want.Fields.PlanTag, fresh)
	if err != nil {
		diags.AddError("Checking device names in NetBox failed", err.Error())
		return
	}
	if len(taken) > 0 {
		first := taken[:min(len(taken), 5)]
		more := ""
		if len(taken) > len(first) {
			more = fmt.Sprintf(" and %d more", len(taken)-len(first))
		}
		diags.AddAttributeError(path.Root("name_template"), "Device names already taken",
			fmt.Sprintf("%d of the devices this class would create already exist in site %q and are not part of the plan "+
				"(they lack its tag %s): %s%s. Change name_template or the class name, or rename or delete those devices.",
				len(taken), want.Fields.Site, want.Fields.PlanTag, strings.Join(first, ", "), more))
	}
}

// inputsOf is a resource value (plan or state) whose inputs the devices store.
type inputsOf struct {
	kind resourceKind
	raw  tftypes.Value
}

// writeClass plans m again (deterministic, so it matches the reviewed plan) and writes the
// difference from have to NetBox. online is false when nothing is written (offline, or the
// class could not be planned); then m holds empty ID maps. The record is valid also when
// diags hold an error.
func writeClass[M any, P interface {
	*M
	classModel
}](ctx context.Context, r *netBoxResource, m *M, planned inputsOf, have inventory.Recorded, adopt bool, compute classComputer[M], diags *diag.Diagnostics) (rec inventory.Recorded, want *inventory.Want, online bool) {
	want, d := compute(ctx, m)
	diags.Append(d...)
	if diags.HasError() {
		return have, nil, false
	}
	if r.mode() != modeOnline || want == nil {
		P(m).setClassIDs(plannedIDs(modeOffline, inventory.Want{}, inventory.NewRecorded()))
		return have, want, false
	}
	x := r.executor(diags)
	if x == nil {
		return have, want, false
	}
	var err error
	if want.Fields.Context, err = planned.kind.inputs(planned.raw); err != nil {
		diags.AddError("Encoding the class's inputs for NetBox failed", err.Error())
		return have, want, false
	}
	if adopt {
		if adoptUntracked(ctx, x, *want, &have, diags); diags.HasError() {
			return have, want, false
		}
	}
	rec, ok, d := applyChanges(ctx, x, *want, have)
	diags.Append(d...)
	if ok {
		P(m).setClassIDs(appliedIDs(*want, rec, true))
	}
	return rec, want, true
}

// createClass creates the class's objects. A failed create that rolled back leaves no state;
// one whose rollback failed keeps the IDs of what is left, so destroy removes it.
func createClass[M any, P interface {
	*M
	classModel
}](ctx context.Context, r *netBoxResource, kind resourceKind, req resource.CreateRequest, resp *resource.CreateResponse, compute classComputer[M]) {
	var m M
	resp.Diagnostics.Append(req.Plan.Get(ctx, &m)...)
	if resp.Diagnostics.HasError() {
		return
	}
	rec, want, online := writeClass[M, P](ctx, r, &m, inputsOf{kind, req.Plan.Raw}, inventory.NewRecorded(), true, compute, &resp.Diagnostics)
	failed := resp.Diagnostics.HasError()
	switch {
	case failed && (!online || rec.Empty()):
		return
	case failed:
		P(&m).setClassIDs(appliedIDs(*want, rec, false))
	}
	resp.Diagnostics.Append(resp.State.Set(ctx, &m)...)
	if online {
		resp.Diagnostics.Append(setPrivateRecord(ctx, resp.Private, rec)...)
	}
}

// updateClass applies the difference between state and plan. On failure the state keeps the
// prior design with the IDs of what exists now.
func updateClass[M any, P interface {
	*M
	classModel
}](ctx context.Context, r *netBoxResource, kind resourceKind, req resource.UpdateRequest, resp *resource.UpdateResponse, compute classComputer[M]) {
	var m, prior M
	resp.Diagnostics.Append(req.Plan.Get(ctx, &m)...)
	have := priorRecord[M, P](ctx, kind, req.State, req.Private, &prior, &resp.Diagnostics)
	if resp.Diagnostics.HasError() {
		return
	}
	untracked, _ := req.Private.GetKey(ctx, untrackedKey)
	rec, want, online := writeClass[M, P](ctx, r, &m, inputsOf{kind, req.Plan.Raw}, have, len(untracked) > 0, compute, &resp.Diagnostics)
	switch {
	case resp.Diagnostics.HasError() && !online:
		return
	case resp.Diagnostics.HasError():
		P(&prior).setClassIDs(appliedIDs(*want, rec, false))
		resp.Diagnostics.Append(resp.State.Set(ctx, &prior)...)
	default:
		resp.Diagnostics.Append(resp.State.Set(ctx, &m)...)
	}
	if online {
		resp.Diagnostics.Append(setPrivateRecord(ctx, resp.Private, rec)...)
	}
}

// stateRecord reads a class's state and what it records; ok is false when it records nothing.
func stateRecord[M any, P interface {
	*M
	classModel
}](ctx context.Context, st tfsdk.State, private privateState, diags *diag.Diagnostics) (*M, inventory.Recorded, bool) {
	var m M
	diags.Append(st.Get(ctx, &m)...)
	if diags.HasError() {
		return nil, inventory.Recorded{}, false
	}
	have := recordedOf[M, P](ctx, &m, private)
	return &m, have, !have.Empty()
}

// readClass refreshes the recorded objects from NetBox: what is gone leaves state (the next
// plan recreates it) and changed owned fields show in drift. Nothing is recomputed.
func readClass[M any, P interface {
	*M
	classModel
}](ctx context.Context, r *netBoxResource, imp classImport[M], req resource.ReadRequest, resp *resource.ReadResponse) {
	if importingID(ctx, req.Private) != "" {
		readImported[M, P](ctx, r, imp, req, resp)
		return
	}
	if r.mode() != modeOnline || r.data.Inventory == nil {
		return
	}
	m, have, ok := stateRecord[M, P](ctx, req.State, req.Private, &resp.Diagnostics)
	if !ok {
		return
	}
	rec, err := r.data.Inventory.Refresh(ctx, have)
	if err != nil {
		resp.Diagnostics.AddError("NetBox refresh failed", err.Error())
		return
	}
	P(m).setClassIDs(appliedIDs(inventory.Want{}, rec, false))
	resp.Diagnostics.Append(resp.State.Set(ctx, m)...)
	resp.Diagnostics.Append(setPrivateRecord(ctx, resp.Private, rec)...)
}

// deleteClass deletes the class's cables and devices (and with them their interfaces).
func deleteClass[M any, P interface {
	*M
	classModel
}](ctx context.Context, r *netBoxResource, req resource.DeleteRequest, resp *resource.DeleteResponse) {
	if r.mode() != modeOnline {
		return
	}
	_, have, ok := stateRecord[M, P](ctx, req.State, req.Private, &resp.Diagnostics)
	if !ok {
		return
	}
	x := r.executor(&resp.Diagnostics)
	if x == nil {
		return
	}
	// What an interrupted apply left without state knowing goes too: destroy leaves nothing
	// of the class behind, whether or not an apply adopted it first.
	if found, err := x.DiscoverForDelete(ctx, have.Fields); err == nil {
		have.Adopt(found)
	}
	resp.Diagnostics.Append(destroyClass(ctx, x, have)...)
}
