package inventory

import (
	"fmt"
	"sort"
	"strconv"

	"github.com/netfabric-io/terraform-provider-hedgehog/internal/planner"
)

// NetBox device role slugs a plan uses (SPEC §7).
const (
	RoleServer = "server"
	RoleLeaf   = "leaf"
	RoleSpine  = "spine"
	RoleBorder = "border"
	RoleOOB    = "oob"
)

// RoleSlugs are the device roles a topology plan makes sure exist.
var RoleSlugs = []string{RoleServer, RoleLeaf, RoleSpine, RoleBorder, RoleOOB}

// PlanTags are the tag slugs of every object a plan generates: its own tag and the plan's
// extra tags, sorted and without repeats.
func PlanTags(pc planner.PlanContext) []string {
	seen := map[string]bool{}
	out := []string{}
	for _, t := range append([]string{planner.PlanTag(pc.Name)}, pc.Tags...) {
		if t != "" && !seen[t] {
			seen[t] = true
			out = append(out, t)
		}
	}
	sort.Strings(out)
	return out
}

// ServerFields are the device fields of a server class's servers.
func ServerFields(pc planner.PlanContext, deviceType, class string) Fields {
	return commonFields(pc, deviceType, RoleServer, "server class "+class)
}

// SwitchFields are the device fields of a switch class's switches, with the serials its
// identities give.
func SwitchFields(pc planner.PlanContext, sc planner.SwitchClass) Fields {
	f := commonFields(pc, sc.DeviceType, SwitchRole(sc), "switch class "+sc.Name)
	managed := sc.FabricClass == "" || sc.FabricClass == planner.FabricManaged
	for name, id := range sc.Identities {
		if id.Serial != "" {
			f.Serials = setIn(f.Serials, name, id.Serial)
		}
		// An unmanaged switch does not boot from Hedgehog: its MAC is not the class's to write.
		if mac, err := planner.NormalizeMAC(id.BootMAC); managed && id.BootMAC != "" && err == nil {
			f.BootMACs = setIn(f.BootMACs, name, mac)
		}
	}
	return f
}

func setIn(m map[string]string, k, v string) map[string]string {
	if m == nil {
		m = map[string]string{}
	}
	m[k] = v
	return m
}

func commonFields(pc planner.PlanContext, deviceType, role, what string) Fields {
	return Fields{DeviceType: deviceType, Role: role, Site: pc.Site, Tenant: pc.Tenant, Status: pc.DeviceStatus,
		Description: ClassDescription(pc.Name, what), Tags: PlanTags(pc),
		PlanTag: planner.PlanTag(pc.Name)}
}

// ClassDescription is the description of a class's devices, e.g. "Hedgehog plan ai, switch
// class fe-leaf": with the plan tag, it is how a class's devices are found without state.
func ClassDescription(plan, class string) string {
	return fmt.Sprintf("Hedgehog plan %s, %s", plan, class)
}

// SwitchRole is the NetBox device role of a switch class: spines are spine, border leaves
// border, an unmanaged class that takes IPMI connections oob, any other leaf leaf.
func SwitchRole(sc planner.SwitchClass) string {
	switch {
	case sc.Role == planner.RoleSpine:
		return RoleSpine
	case sc.Role == planner.RoleBorderLeaf:
		return RoleBorder
	case sc.FabricClass == planner.FabricUnmanaged && hasZoneKind(sc, planner.ZoneOOB):
		return RoleOOB
	}
	return RoleLeaf
}

func hasZoneKind(sc planner.SwitchClass, kind string) bool {
	for _, z := range sc.Zones {
		if z.Kind == kind {
			return true
		}
	}
	return false
}

// NICInterfaceType is the NetBox type of a NIC's ports: the configured one, else by speed.
func NICInterfaceType(nic planner.NIC) string {
	if nic.InterfaceType != "" {
		return nic.InterfaceType
	}
	return planner.SpeedInterfaceType(nic.Speed)
}

// NICInterfaces lists a server's NIC interfaces (name and type), sorted by name.
func NICInterfaces(nics map[string]planner.NIC) []Interface {
	var out []Interface
	for name, nic := range nics {
		for i := 0; i < nic.Ports; i++ {
			out = append(out, Interface{Name: planner.ServerInterfaceName(name, i), Type: NICInterfaceType(nic)})
		}
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Name < out[j].Name })
	return out
}

// ForServerClass is what a planned server class owns: its servers and their NIC interfaces.
// Servers own no cables: the switch class a connection lands on does.
func ForServerClass(pc planner.PlanContext, sc planner.ServerClass, sp planner.ServerPlan) Want {
	w := Want{Fields: ServerFields(pc, sc.DeviceType, sc.Name), Devices: sp.Devices}
	nics := NICInterfaces(sc.NICs)
	w.Interfaces = make([]Interface, 0, len(sp.Devices)*len(nics))
	for _, d := range sp.Devices {
		for _, n := range nics {
			w.Interfaces = append(w.Interfaces, Interface{Device: d, Name: n.Name, Type: n.Type})
		}
	}
	return w
}

// ForSwitchClass is what a planned switch class owns: its switches, an interface for every
// lane it uses (cabled lanes, and every lane of its uplink zones, which other classes cable),
// and every cable that lands on its zones.
func ForSwitchClass(pc planner.PlanContext, sc planner.SwitchClass, sp planner.SwitchPlan) Want {
	w := Want{Fields: SwitchFields(pc, sc), Devices: sp.Devices}
	types := laneTypes(sc, sp.Zones)
	own := make(map[string]bool, len(sp.Devices))
	for _, d := range sp.Devices {
		own[d] = true
	}
	seen := map[string]bool{}
	add := func(device, port string) {
		k := Key(device, port)
		if !seen[k] {
			seen[k] = true
			w.Interfaces = append(w.Interfaces, Interface{Device: device, Name: port, Type: types[port]})
		}
	}
	for _, z := range sp.Zones {
		if z.Kind != planner.ZoneUplink {
			continue
		}
		for _, d := range sp.Devices {
			for _, lane := range z.Lanes {
				add(d, lane)
			}
		}
	}
	w.Cables = make([]Cable, 0, len(sp.Links))
	for i, l := range sp.Links {
		if own[l.ADevice] {
			add(l.ADevice, l.APort)
		}
		add(l.BDevice, l.BPort)
		cb := Cable{A: l.AKey(), B: l.BKey()}
		if i < len(sp.Media) {
			cb.Spec = CableSpecOf(sp.Media[i])
		}
		w.Cables = append(w.Cables, cb)
	}
	sort.Slice(w.Interfaces, func(i, j int) bool { return w.Interfaces[i].Key() < w.Interfaces[j].Key() })
	sort.Slice(w.Cables, func(i, j int) bool { return w.Cables[i].A < w.Cables[j].A })
	return w
}

// laneTypes gives the NetBox type of every lane name of the class's zones: a 1x lane has the
// type of its cage at that speed, a breakout lane the type of its lane speed (SPEC §7).
func laneTypes(sc planner.SwitchClass, zones []planner.ZoneResult) map[string]string {
	prof, _ := planner.ProfileOf(sc)
	out := map[string]string{}
	for _, z := range zones {
		b, _ := planner.LookupBreakout(z.Breakout)
		for i, lane := range z.Lanes {
			if b.Lanes > 1 || prof == nil || i >= len(z.LanePorts) {
				out[lane] = planner.SpeedInterfaceType(z.LaneSpeed)
				continue
			}
			g, _ := prof.Port(z.LanePorts[i])
			out[lane] = planner.InterfaceTypeFor(z.LaneSpeed, g.Connector)
		}
	}
	return out
}

// SwitchTemplates are the interface templates of a switch device type: one per physical data
// port, typed by its cage at its native speed, and the management port.
func SwitchTemplates(groups []planner.PortGroup) []Interface {
	var out []Interface
	for _, g := range groups {
		for n := g.First; n <= g.Last; n++ {
			out = append(out, Interface{Name: "E1/" + strconv.Itoa(n), Type: planner.InterfaceTypeFor(g.NativeSpeed, g.Connector)})
		}
	}
	return append(out, Interface{Name: planner.ManagementPort, Type: ManagementType})
}

// ManagementType is the NetBox type of a switch's management port.
const ManagementType = "1000base-t"
