// Package plantest holds whole designs, planned class by class in the order Terraform plans
// them, that tests and benchmarks of several packages check their results against. It is test
// support: production code must not import it, so the provider binary never links it
// (docs/design.md, decision 46).
package plantest

import (
	"fmt"

	"github.com/netfabric-io/terraform-provider-hedgehog/internal/planner"
)

// Design is a planned design: its classes and their plans by class name.
type Design struct {
	ServerClasses map[string]planner.ServerClass
	Servers       map[string]planner.ServerPlan
	SwitchClasses map[string]planner.SwitchClass
	Switches      map[string]planner.SwitchPlan
	Order         []string // switch classes, in planning order
}

// Totals counts what a design builds.
type Totals struct {
	Servers, Switches, Cables int
}

// Totals counts the servers, switches and cables of the design.
func (d *Design) Totals() Totals {
	var t Totals
	for _, p := range d.Servers {
		t.Servers += len(p.Devices)
	}
	for _, p := range d.Switches {
		t.Switches += p.Effective
		t.Cables += len(p.Links)
	}
	return t
}

// Quantities is the effective quantity of every switch class.
func (d *Design) Quantities() map[string]int {
	out := make(map[string]int, len(d.Switches))
	for name, p := range d.Switches {
		out[name] = p.Effective
	}
	return out
}

// builder plans classes one by one into a Design and keeps the first error, so a design reads
// as a list of classes rather than a list of error checks.
type builder struct {
	pc  planner.PlanContext
	d   *Design
	err error
	// prev, when set, is the design's previous plan: each switch class plans against its
	// links (day 2), the spine classes with allow_recabling set to allow (leaves never need it).
	prev  *Design
	allow bool
	// media, when set, dresses every class with its physical layer before it is planned.
	media *Media
}

func newBuilder(pc planner.PlanContext) *builder {
	return &builder{pc: pc, d: &Design{ServerClasses: map[string]planner.ServerClass{}, Servers: map[string]planner.ServerPlan{},
		SwitchClasses: map[string]planner.SwitchClass{}, Switches: map[string]planner.SwitchPlan{}}}
}

func (b *builder) server(sc planner.ServerClass) planner.ServerPlan {
	b.media.dressServer(&sc)
	p := planner.PlanServerClass(b.pc, sc)
	if p.Diagnostics.HasError() && b.err == nil {
		b.err = fmt.Errorf("server class %s: %v", sc.Name, p.Diagnostics)
	}
	b.d.ServerClasses[sc.Name], b.d.Servers[sc.Name] = sc, p
	return p
}

func (b *builder) switchClass(sc planner.SwitchClass) planner.SwitchPlan {
	var prior *planner.Prior
	if was, ok := b.prev.switchPlan(sc.Name); ok {
		prior = PriorOf(was)
		sc.AllowRecabling = b.allow && sc.Role == planner.RoleSpine
	}
	b.media.dressSwitch(&sc)
	p := planner.PlanSwitchClass(b.pc, sc, prior)
	if p.Diagnostics.HasError() && b.err == nil {
		b.err = fmt.Errorf("switch class %s: %v", sc.Name, p.Diagnostics)
	}
	b.d.SwitchClasses[sc.Name], b.d.Switches[sc.Name] = sc, p
	b.d.Order = append(b.d.Order, sc.Name)
	return p
}

func (b *builder) done() (*Design, error) { return b.d, b.err }

func (d *Design) switchPlan(class string) (planner.SwitchPlan, bool) {
	if d == nil {
		return planner.SwitchPlan{}, false
	}
	p, ok := d.Switches[class]
	return p, ok
}

// PriorOf is what Terraform state gives the next plan of a class: its links without their
// zone, each zone's breakout and its quantity.
func PriorOf(p planner.SwitchPlan) *planner.Prior {
	prior := &planner.Prior{Breakouts: map[string]string{}, Switches: p.Effective}
	for _, z := range p.Zones {
		prior.Breakouts[z.Name] = z.Breakout
	}
	for _, l := range p.Links {
		l.Zone, l.Speed = "", 0
		prior.Links = append(prior.Links, l)
	}
	return prior
}

// WithBMC adds the 1G BMC NIC every server of these designs has, cabled same-switch as ipmi.
func WithBMC(name string, qty int, nics map[string]planner.NIC, conns map[string]planner.Connection) planner.ServerClass {
	nics["bmc"] = planner.NIC{Ports: 1, Speed: 1}
	conns["bmc"] = planner.Connection{NIC: "bmc", Ports: 1, Speed: 1, Distribution: planner.DistSameSwitch, PortType: planner.PortTypeIPMI}
	return planner.ServerClass{Name: name, Quantity: qty, NICs: nics, Connections: conns}
}

// DualHomed is a two-port frontend NIC "fe", its ports alternating over two leaves.
func DualHomed(speed int) (map[string]planner.NIC, map[string]planner.Connection) {
	return map[string]planner.NIC{"fe": {Ports: 2, Speed: speed}},
		map[string]planner.Connection{"fe": {NIC: "fe", Ports: 2, Speed: speed, Distribution: planner.DistAlternating}}
}

// ES1000Ports describes the OOB switch of SPEC §10: 48x1G RJ45 and 4x25G SFP28, outside the
// catalogue.
func ES1000Ports() []planner.PortGroup {
	return []planner.PortGroup{
		{First: 1, Last: 48, NativeSpeed: 1, Connector: "RJ45", Default: "1x1g", Breakouts: []string{"1x1g"}},
		{First: 49, Last: 52, NativeSpeed: 25, Connector: "SFP28", Default: "1x25g", Breakouts: []string{"1x25g", "1x10g"}},
	}
}

// ds5000Leaf is a DS5000 leaf with one server zone and one 800G uplink zone.
func ds5000Leaf(name, fabric, serverPorts, serverBreakout, uplinkPorts string, atts ...planner.Attachment) planner.SwitchClass {
	return planner.SwitchClass{Name: name, Fabric: fabric, Role: planner.RoleServerLeaf, DeviceType: "celestica-ds5000",
		Zones: map[string]planner.Zone{
			"servers": {Kind: planner.ZoneServer, Ports: serverPorts, Breakout: serverBreakout, Attach: atts},
			"uplinks": {Kind: planner.ZoneUplink, Ports: uplinkPorts, Breakout: "1x800g"},
		}}
}
