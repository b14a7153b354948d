package provider

import (
	"context"
	"encoding/json"
	"fmt"
	"sort"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-framework/tfsdk"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-go/tftypes"

	"github.com/netfabric-io/terraform-provider-hedgehog/internal/inventory"
	"github.com/netfabric-io/terraform-provider-hedgehog/internal/planner"
)

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

var (
	idMapType    = types.MapType{ElemType: types.Int64Type}
	driftMapType = types.MapType{ElemType: types.StringType}
)

func idMapAttribute(desc string) schema.MapAttribute {
	return schema.MapAttribute{Computed: true, ElementType: types.Int64Type, MarkdownDescription: desc}
}

func driftAttribute() schema.MapAttribute {
	return schema.MapAttribute{Computed: true, ElementType: types.StringType,
		MarkdownDescription: "Devices whose owned fields (status, description, site, tenant, role, device type, tags) " +
			"were changed in NetBox outside Terraform, with what differs. Found by refresh; the next apply " +
			"writes the fields back and empties it."}
}

// classIDs are the ID maps every class resource exports.
type classIDs struct {
	Devices, Interfaces, Cables types.Map
	Drift                       types.Map
}

// plannedIDs fills the ID maps of a plan: IDs of objects that stay are copied from state, so
// a resource that references them sees no change; new or replaced objects are unknown. Before
// anything exists, each map is unknown as a whole.
func plannedIDs(mode netBoxMode, want inventory.Want, have inventory.Recorded) classIDs {
	if mode == modeUnknown {
		return classIDs{types.MapUnknown(types.Int64Type), types.MapUnknown(types.Int64Type),
			types.MapUnknown(types.Int64Type), types.MapUnknown(types.StringType)}
	}
	empty := types.MapValueMust(types.StringType, map[string]attr.Value{})
	if mode == modeOffline {
		e := types.MapValueMust(types.Int64Type, map[string]attr.Value{})
		return classIDs{e, e, e, empty}
	}
	if have.Empty() {
		// Nothing exists yet: one "(known after apply)" line per map, not one per object.
		return classIDs{types.MapUnknown(types.Int64Type), types.MapUnknown(types.Int64Type),
			types.MapUnknown(types.Int64Type), empty}
	}
	ch := inventory.Diff(want, have)
	fresh := map[string]bool{}
	for _, d := range ch.CreateDevices {
		fresh[d] = true
	}
	for _, i := range ch.CreateInterfaces {
		fresh[i.Key()] = true
	}
	devices := make(map[string]attr.Value, len(want.Devices))
	for _, d := range want.Devices {
		devices[d] = knownOrUnknown(have.Devices, d, fresh[d])
	}
	interfaces := make(map[string]attr.Value, len(want.Interfaces))
	for _, i := range want.Interfaces {
		interfaces[i.Key()] = knownOrUnknown(have.Interfaces, i.Key(), fresh[i.Key()])
	}
	for _, c := range ch.CreateCables {
		fresh["cable "+c.A] = true
	}
	cables := make(map[string]attr.Value, len(want.Cables))
	for _, c := range want.Cables {
		cables[c.A] = knownOrUnknown(have.Cables, c.A, fresh["cable "+c.A])
	}
	return classIDs{types.MapValueMust(types.Int64Type, devices), types.MapValueMust(types.Int64Type, interfaces),
		types.MapValueMust(types.Int64Type, cables), empty}
}

func knownOrUnknown(ids map[string]int64, key string, fresh bool) attr.Value {
	if id, ok := ids[key]; ok && !fresh {
		return types.Int64Value(id)
	}
	return types.Int64Unknown()
}

// appliedIDs are the ID maps after apply. After a successful apply they hold exactly the
// wanted keys; after a failed one, everything the record still holds, so destroy finds it.
func appliedIDs(want inventory.Want, rec inventory.Recorded, ok bool) classIDs {
	pick := func(ids map[string]int64, keys []string) types.Map {
		elems := make(map[string]attr.Value, len(keys))
		for _, k := range keys {
			if id, found := ids[k]; found {
				elems[k] = types.Int64Value(id)
			}
		}
		return types.MapValueMust(types.Int64Type, elems)
	}
	ifKeys := make([]string, len(want.Interfaces))
	for i, x := range want.Interfaces {
		ifKeys[i] = x.Key()
	}
	cableKeys := make([]string, len(want.Cables))
	for i, c := range want.Cables {
		cableKeys[i] = c.A
	}
	devKeys := want.Devices
	if !ok {
		devKeys, ifKeys, cableKeys = keysOf(rec.Devices), keysOf(rec.Interfaces), keysOf(rec.Cables)
	}
	return classIDs{pick(rec.Devices, devKeys), pick(rec.Interfaces, ifKeys), pick(rec.Cables, cableKeys),
		driftValue(rec.Drifted)}
}

func driftValue(m map[string]string) types.Map {
	elems := make(map[string]attr.Value, len(m))
	for k, v := range m {
		elems[k] = types.StringValue(v)
	}
	return types.MapValueMust(types.StringType, elems)
}

func keysOf[V any](m map[string]V) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}

// missingIDs lists wanted keys that a successful apply did not record (a bug if any).
func missingIDs(want inventory.Want, rec inventory.Recorded) []string {
	var out []string
	for _, d := range want.Devices {
		if _, ok := rec.Devices[d]; !ok {
			out = append(out, "device "+d)
		}
	}
	for _, i := range want.Interfaces {
		if _, ok := rec.Interfaces[i.Key()]; !ok {
			out = append(out, "interface "+i.Key())
		}
	}
	for _, c := range want.Cables {
		if _, ok := rec.Cables[c.A]; !ok {
			out = append(out, "cable "+c.A)
		}
	}
	return out
}

// recorded rebuilds what state records for a class.
func recorded(ctx context.Context, fields inventory.Fields, ids classIDs, allocation types.Map, created []string) inventory.Recorded {
	rec := inventory.NewRecorded()
	rec.Fields = fields
	rec.Devices = int64Map(ctx, ids.Devices)
	rec.Interfaces = int64Map(ctx, ids.Interfaces)
	rec.Cables = int64Map(ctx, ids.Cables)
	for _, l := range linksFromAllocation(ctx, allocation) {
		rec.CableEnds[l.AKey()] = l.BKey()
	}
	for _, k := range created {
		rec.Created[k] = true
	}
	if !ids.Drift.IsNull() && !ids.Drift.IsUnknown() {
		var drift map[string]string
		if !ids.Drift.ElementsAs(ctx, &drift, false).HasError() && len(drift) > 0 {
			rec.Drifted = drift
		}
	}
	return rec
}

func int64Map(ctx context.Context, m types.Map) map[string]int64 {
	out := map[string]int64{}
	if m.IsNull() || m.IsUnknown() {
		return out
	}
	for k, v := range m.Elements() {
		if i, ok := v.(types.Int64); ok && !i.IsNull() && !i.IsUnknown() {
			out[k] = i.ValueInt64()
		}
	}
	return out
}

// privateState is the part of the framework's private state API the resources use.
type privateState interface {
	GetKey(ctx context.Context, key string) ([]byte, diag.Diagnostics)
}

type privateStateSetter interface {
	SetKey(ctx context.Context, key string, value []byte) diag.Diagnostics
}

// createdInterfacesKey holds, in private state, the interfaces a class created (rather than
// reused from device type templates): only those are deleted alone.
const createdInterfacesKey = "created_interfaces"

func createdInterfaces(ctx context.Context, p privateState) []string {
	if p == nil {
		return nil
	}
	b, _ := p.GetKey(ctx, createdInterfacesKey)
	var out []string
	if len(b) > 0 {
		_ = json.Unmarshal(b, &out)
	}
	return out
}

func setCreatedInterfaces(ctx context.Context, p privateStateSetter, rec inventory.Recorded) diag.Diagnostics {
	if p == nil {
		return nil
	}
	keys := keysOf(rec.Created)
	b, err := json.Marshal(keys)
	if err != nil {
		return nil
	}
	return p.SetKey(ctx, createdInterfacesKey, b)
}

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
	return recorded(ctx, m.recordedFields(ctx), m.classIDs(), m.allocationMap(), createdInterfaces(ctx, private))
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

// untrackedKey in planned private state tells Update to adopt objects that NetBox holds for
// the class and state does not (Create always looks).
const untrackedKey = "untracked"

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
		resp.Diagnostics.Append(setCreatedInterfaces(ctx, resp.Private, rec)...)
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
		resp.Diagnostics.Append(setCreatedInterfaces(ctx, resp.Private, rec)...)
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
	resp.Diagnostics.Append(setCreatedInterfaces(ctx, resp.Private, rec)...)
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

// importKey in private state holds the ID `terraform import` was given, until the Read that
// follows builds the state from NetBox.
const importKey = "import"

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

// canImport says whether NetBox is there to import from, and reports an error if not.
func (r *netBoxResource) canImport(what string, diags *diag.Diagnostics) bool {
	if r.mode() == modeOnline && r.data.Inventory != nil {
		return true
	}
	diags.AddError("Import needs NetBox", "A "+what+" is imported from its objects in NetBox: configure the provider's url and token.")
	return false
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

// importedIDs are the ID maps of an imported class: every device and cable found, and the
// interfaces the design uses (the others belong to the devices, from their type's templates).
func importedIDs(want inventory.Want, found inventory.Recorded) classIDs {
	rec := found.Clone()
	wanted := map[string]bool{}
	for _, i := range want.Interfaces {
		wanted[i.Key()] = true
	}
	for k := range rec.Interfaces {
		if !wanted[k] {
			delete(rec.Interfaces, k)
		}
	}
	return appliedIDs(want, rec, false)
}
