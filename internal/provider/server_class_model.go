package provider

import (
	"context"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/netfabric-io/terraform-provider-hedgehog/internal/inventory"
	"github.com/netfabric-io/terraform-provider-hedgehog/internal/planner"
)

// The server class's model and its conversions: to the planner's input, and from the plan
// back to the computed attributes and the NetBox objects the class owns.

type serverClassModel struct {
	ID            types.String `tfsdk:"id"`
	Plan          types.Object `tfsdk:"plan"`
	Name          types.String `tfsdk:"name"`
	Quantity      types.Int64  `tfsdk:"quantity"`
	DeviceType    types.String `tfsdk:"device_type"`
	Category      types.String `tfsdk:"category"`
	GPUsPerServer types.Int64  `tfsdk:"gpus_per_server"`
	NameTemplate  types.String `tfsdk:"name_template"`
	NICs          types.Map    `tfsdk:"nics"`
	Connections   types.Map    `tfsdk:"connections"`
	DeviceNames   types.List   `tfsdk:"device_names"`
	Interfaces    types.List   `tfsdk:"interfaces"`
	Attachments   types.Map    `tfsdk:"attachments"`
	DeviceIDs     types.Map    `tfsdk:"device_ids"`
	InterfaceIDs  types.Map    `tfsdk:"interface_ids"`
	Drift         types.Map    `tfsdk:"drift"`
}

func (m *serverClassModel) classIDs() classIDs {
	return classIDs{Devices: m.DeviceIDs, Interfaces: m.InterfaceIDs, Cables: types.MapNull(types.Int64Type), Drift: m.Drift}
}

func (m *serverClassModel) setClassIDs(ids classIDs) {
	m.DeviceIDs, m.InterfaceIDs, m.Drift = ids.Devices, ids.Interfaces, ids.Drift
}

func (m *serverClassModel) allocationMap() types.Map { return types.MapNull(types.StringType) }

func (m *serverClassModel) recordedFields(ctx context.Context) inventory.Fields {
	pc, _ := planContextFrom(ctx, m.Plan)
	return inventory.ServerFields(pc, m.DeviceType.ValueString(), m.Name.ValueString())
}

type nicModel struct {
	Ports         types.Int64  `tfsdk:"ports"`
	Speed         types.Int64  `tfsdk:"speed"`
	InterfaceType types.String `tfsdk:"interface_type"`
	ModuleType    types.String `tfsdk:"module_type"`
	Cage          types.String `tfsdk:"cage"`
}

type connectionModel struct {
	NIC          types.String  `tfsdk:"nic"`
	FirstPort    types.Int64   `tfsdk:"first_port"`
	Ports        types.Int64   `tfsdk:"ports"`
	Speed        types.Int64   `tfsdk:"speed"`
	Distribution types.String  `tfsdk:"distribution"`
	Rail         types.Int64   `tfsdk:"rail"`
	Kind         types.String  `tfsdk:"kind"`
	PortType     types.String  `tfsdk:"port_type"`
	Medium       types.String  `tfsdk:"medium"`
	Transceiver  types.String  `tfsdk:"transceiver"`
	Cable        types.String  `tfsdk:"cable"`
	CableLength  types.Float64 `tfsdk:"cable_length"`
}

func (c connectionModel) physical() planner.Physical {
	return physicalOf(c.Medium, c.Transceiver, c.Cable, c.CableLength)
}

// compute plans the class when every input is known; otherwise it leaves the computed
// attributes unknown, to be filled at apply.
func (m *serverClassModel) compute(ctx context.Context) (want *inventory.Want, diags diag.Diagnostics) {
	pc, ok := planContextFrom(ctx, m.Plan)
	if !ok || !allKnown(m.Name, m.Quantity, m.DeviceType, m.NameTemplate, m.NICs, m.Connections) {
		return nil, nil
	}
	sc := planner.ServerClass{Name: m.Name.ValueString(), Quantity: int(m.Quantity.ValueInt64()),
		DeviceType: m.DeviceType.ValueString(), NameTemplate: m.NameTemplate.ValueString(),
		Category: m.Category.ValueString(), GPUsPerServer: int(m.GPUsPerServer.ValueInt64()),
		Connections: map[string]planner.Connection{}}
	var conns map[string]connectionModel
	if sc.NICs, ok = plannerNICs(ctx, m.NICs); !ok {
		return nil, nil
	}
	if d := m.Connections.ElementsAs(ctx, &conns, false); d.HasError() {
		return nil, nil
	}
	for k, c := range conns {
		if !allKnown(c.NIC, c.FirstPort, c.Ports, c.Speed, c.Distribution, c.Rail, c.Kind, c.PortType,
			c.Medium, c.Transceiver, c.Cable, c.CableLength) {
			return nil, nil
		}
		sc.Connections[k] = planner.Connection{NIC: c.NIC.ValueString(), FirstPort: int(c.FirstPort.ValueInt64()),
			Ports: int(c.Ports.ValueInt64()), Speed: int(c.Speed.ValueInt64()), Distribution: c.Distribution.ValueString(),
			Rail: int(c.Rail.ValueInt64()), HasRail: !c.Rail.IsNull(), Kind: c.Kind.ValueString(), PortType: c.PortType.ValueString(),
			Physical: c.physical()}
	}
	sp := planner.PlanServerClass(pc, sc)
	addPlannerDiagnostics(&diags, sp.Diagnostics)
	if sp.Diagnostics.HasError() {
		return nil, diags
	}
	m.ID = types.StringValue(pc.Name + "/" + sc.Name)
	m.DeviceNames = stringList(sp.Devices)
	m.Interfaces = stringList(sp.Interfaces)
	m.Attachments = attachmentsValue(sp.Attachments)
	w := inventory.ForServerClass(pc, sc, sp)
	return &w, diags
}
