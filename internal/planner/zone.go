package planner

import (
	"fmt"
	"maps"
	"slices"
	"sort"
)

// zonePlan is a validated zone with its lanes enumerated for one switch.
type zonePlan struct {
	name      string
	zone      Zone
	path      Path
	ports     []int // in strategy order
	breakout  Breakout
	lanes     []string
	lanePort  []int
	laneIndex map[string]int
	demand    int
}

func (z *zonePlan) lanesPerSwitch() int { return len(z.lanes) }

// zoneOrder sorts zones by priority (lower first), then name.
func zoneOrder(zones map[string]Zone) []string {
	names := slices.Sorted(maps.Keys(zones))
	sort.SliceStable(names, func(i, j int) bool { return zones[names[i]].Priority < zones[names[j]].Priority })
	return names
}

// prepareZones validates every zone of a class and enumerates its lanes. Zones with errors are
// left out, so the caller must check the diagnostics before trusting quantities.
func prepareZones(d *Diagnostics, sc SwitchClass, prof *Profile) []*zonePlan {
	var out []*zonePlan
	for _, name := range zoneOrder(sc.Zones) {
		if z := prepareZone(d, sc, prof, name); z != nil {
			out = append(out, z)
		}
	}
	checkAttachmentsUsedOnce(d, out)
	checkLaneCaps(d, prof, out)
	return out
}

func prepareZone(d *Diagnostics, sc SwitchClass, prof *Profile, name string) *zonePlan {
	z := sc.Zones[name]
	p := Root("zones").Key(name)
	start := len(*d)
	if err := ValidateDNSLabel(name); err != nil {
		d.errorf(p, "Invalid zone name", "%s", err)
	}
	if checkEnum(d, p.Attr("kind"), "zone kind", z.Kind, ZoneKinds) && z.Kind == ZoneMesh &&
		defaultString(sc.Topology, TopologySpineLeaf) != TopologyMesh {
		d.errorf(p.Attr("kind"), "Mesh zone outside a mesh", "zones of kind mesh need topology = \"mesh\"")
	}
	if z.Kind == ZoneFabric && sc.Role != RoleSpine {
		d.errorf(p.Attr("kind"), "Fabric zone on a leaf",
			"zone %q takes the uplinks of leaves, which only a spine does, but switch class %q has role %q. On a leaf, "+
				"use kind = \"uplink\" and attach its export to a fabric zone of a spine class; or set role = \"spine\".",
			name, sc.Name, sc.Role)
	}
	strategy := defaultString(z.Strategy, StrategySequential)
	checkEnum(d, p.Attr("strategy"), "allocation strategy", strategy, Strategies)
	ports, err := ParsePortSpec(z.Ports)
	if err != nil {
		d.errorf(p.Attr("ports"), "Invalid port spec", "%s", err)
	}
	for _, port := range ports {
		if _, ok := prof.Port(port); !ok {
			d.errorf(p.Attr("ports"), "Port not on the profile",
				"port %d is not a data port of %s (ports %s)", port, prof.Name, FormatPortSpec(prof.PortNumbers()))
			break
		}
	}
	b, ok := LookupBreakout(z.Breakout)
	if !ok {
		d.errorf(p.Attr("breakout"), "Unknown breakout", "breakout %q is not one of the known modes", z.Breakout)
	} else {
		for _, port := range ports {
			if _, onProfile := prof.Port(port); onProfile && !prof.SupportsBreakout(port, b.ID) {
				g, _ := prof.Port(port)
				d.errorf(p.Attr("breakout"), "Breakout not supported",
					"port %d of %s does not support %s (it supports %v)", port, prof.Name, b.ID, g.Breakouts)
				break
			}
		}
	}
	if len(*d) > start {
		return nil
	}
	ordered, err := orderPorts(ports, strategy, z.Order)
	if err != nil {
		d.errorf(p.Attr("order"), "Invalid custom order", "%s", err)
		return nil
	}
	zp := &zonePlan{name: name, zone: z, path: p, ports: ordered, breakout: b, laneIndex: map[string]int{}}
	for _, port := range ordered {
		for _, lane := range LaneNames(port, b) {
			zp.laneIndex[lane] = len(zp.lanes)
			zp.lanes = append(zp.lanes, lane)
			zp.lanePort = append(zp.lanePort, port)
		}
	}
	if !checkZoneAttachments(d, sc, zp) {
		return nil
	}
	return zp
}

// orderPorts applies an allocation strategy to a sorted port set (SPEC §5.1).
func orderPorts(ports []int, strategy string, order []int) ([]int, error) {
	out := make([]int, 0, len(ports))
	switch strategy {
	case StrategyInterleaved:
		for i := 0; i < len(ports); i += 2 {
			out = append(out, ports[i])
		}
		for i := 1; i < len(ports); i += 2 {
			out = append(out, ports[i])
		}
	case StrategySpaced:
		half := (len(ports) + 1) / 2
		for i := 0; i < half; i++ {
			out = append(out, ports[i])
			if half+i < len(ports) {
				out = append(out, ports[half+i])
			}
		}
	case StrategyCustom:
		if err := checkPermutation(ports, order); err != nil {
			return nil, err
		}
		out = append(out, order...)
	default:
		out = append(out, ports...)
	}
	return out, nil
}

func checkPermutation(ports, order []int) error {
	if len(order) != len(ports) {
		return fmt.Errorf("order lists %d ports but the zone has %d (%s)", len(order), len(ports), FormatPortSpec(ports))
	}
	want := make(map[int]bool, len(ports))
	for _, p := range ports {
		want[p] = true
	}
	for _, p := range order {
		if !want[p] {
			return fmt.Errorf("port %d in order is not in the zone's ports or is listed twice", p)
		}
		delete(want, p)
	}
	return nil
}

// checkZoneAttachments applies the zone-kind rules of SPEC §6 and sums the zone's demand.
func checkZoneAttachments(d *Diagnostics, sc SwitchClass, z *zonePlan) bool {
	ok := true
	p := z.path.Attr("attach")
	for _, a := range z.zone.Attach {
		if msg := attachmentRejection(z.zone.Kind, a); msg != "" {
			d.errorf(p, "Attachment not accepted by the zone", "zone %q (kind %s) %s: %s", z.name, z.zone.Kind, msg, a.Describe())
			ok = false
			continue
		}
		if a.Speed != z.breakout.LaneSpeed {
			d.errorf(p, "Speed mismatch", "%s runs at %dG but the lanes of zone %q are %dG (%s)",
				a.Describe(), a.Speed, z.name, z.breakout.LaneSpeed, z.breakout.ID)
			ok = false
		}
		if (a.Kind == KindBundled || a.Kind == KindESLAG || a.Kind == KindMCLAG) &&
			a.Distribution == DistAlternating && sc.Redundancy == nil {
			d.errorf(p, "Bundle across switches without redundancy",
				"%s is %s over alternating switches, but switch class %q has no redundancy group", a.Describe(), a.Kind, sc.Name)
			ok = false
		}
		if z.zone.Kind == ZoneFabric && a.Source == SourceSwitch && a.Fabric != sc.Fabric {
			d.errorf(p, "Uplink from another fabric", "%s is in fabric %q, but switch class %q is in fabric %q",
				a.Describe(), a.Fabric, sc.Name, sc.Fabric)
			ok = false
		}
		if z.zone.Kind == ZoneFabric && a.Mesh {
			d.errorf(p, "Spine in a mesh fabric", "%s belongs to a mesh topology, which has no spines", a.Describe())
			ok = false
		}
		z.demand += len(a.Devices) * len(a.Ports)
	}
	return ok
}

// attachmentRejection says why a zone kind does not take an attachment, or "" if it does.
func attachmentRejection(kind string, a Attachment) string {
	isUplink := a.Source == SourceSwitch
	switch kind {
	case ZoneUplink, ZoneMesh:
		return "takes no attachments"
	case ZoneFabric:
		if !isUplink {
			return "takes only uplink zones of other switch classes"
		}
	case ZoneServer:
		if isUplink && a.Managed {
			return "takes server connections and uplinks of unmanaged switches; attach managed uplinks to a fabric zone"
		}
		if !isUplink && a.PortType == PortTypeIPMI {
			return "does not take ipmi connections; use an oob zone"
		}
	case ZoneOOB:
		if isUplink || a.PortType != PortTypeIPMI {
			return "takes only ipmi connections"
		}
	}
	return ""
}

func checkAttachmentsUsedOnce(d *Diagnostics, zones []*zonePlan) {
	seen := map[string]string{}
	for _, z := range zones {
		for _, a := range z.zone.Attach {
			prev, dup := seen[a.Key()]
			switch {
			case dup && prev == z.name:
				d.errorf(z.path.Attr("attach"), "Attachment used twice", "%s is listed twice in zone %q", a.Describe(), z.name)
				continue
			case dup:
				d.errorf(z.path.Attr("attach"), "Attachment used twice",
					"%s is attached to zones %q and %q", a.Describe(), prev, z.name)
				continue
			}
			seen[a.Key()] = z.name
		}
	}
}

// checkLaneCaps enforces the profile's maxPorts and pipeline caps on the configured lanes. A
// physical port in two zones counts with its larger breakout.
func checkLaneCaps(d *Diagnostics, prof *Profile, zones []*zonePlan) {
	lanesOnPort := map[int]int{}
	for _, z := range zones {
		for _, port := range z.ports {
			lanesOnPort[port] = max(lanesOnPort[port], z.breakout.Lanes)
		}
	}
	total := 0
	for _, n := range lanesOnPort {
		total += n
	}
	if prof.MaxPorts > 0 && total > prof.MaxPorts {
		d.errorf(Root("zones"), "Too many logical ports",
			"the zones configure %d lanes per switch; %s supports at most %d", total, prof.Name, prof.MaxPorts)
	}
	for _, pl := range prof.Pipelines {
		n := 0
		for _, port := range pl.Ports {
			n += lanesOnPort[port]
		}
		if pl.MaxLanes > 0 && n > pl.MaxLanes {
			d.errorf(Root("zones"), "Pipeline capacity exceeded",
				"ports %s share a pipeline of at most %d lanes; the zones configure %d", FormatPortSpec(pl.Ports), pl.MaxLanes, n)
		}
	}
}
