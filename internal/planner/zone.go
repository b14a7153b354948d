package planner

import (
	"fmt"
	"maps"
	"slices"
	"sort"
	"strconv"
	"strings"
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
	if z.Medium != "" {
		checkEnum(d, p.Attr("medium"), "medium", z.Medium, Media)
	}
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
		d.errorf(p.Attr("breakout"), "Unknown breakout", "breakout %q is not a breakout mode; %s", z.Breakout, validBreakouts(prof, ports))
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
	if !checkZoneAttachments(d, sc, prof, zp) {
		return nil
	}
	return zp
}

// validBreakouts lists the modes a zone's ports take: those of the first port on the profile,
// or every known mode when no port is.
func validBreakouts(prof *Profile, ports []int) string {
	for _, port := range ports {
		if g, ok := prof.Port(port); ok {
			return fmt.Sprintf("port %d of %s takes %s", port, prof.Name, strings.Join(g.Breakouts, ", "))
		}
	}
	return "the modes are " + strings.Join(breakoutIDs(), ", ")
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
func checkZoneAttachments(d *Diagnostics, sc SwitchClass, prof *Profile, z *zonePlan) bool {
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
				"%s is %s over alternating switches, but switch class %q has no redundancy group. %s",
				a.Describe(), a.Kind, sc.Name, groupAdvice(sc, prof))
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

// groupAdvice is the way out for a bundle across switches of a class without a redundancy group:
// an ESLAG group where the profile has one, else connections that do not need one.
func groupAdvice(sc SwitchClass, prof *Profile) string {
	if !prof.ESLAG {
		return withoutESLAG(prof)
	}
	return fmt.Sprintf("Add redundancy = { type = \"eslag\", group = %q } to the switch class (2 to 4 switches; "+
		"give the bundled connections kind = \"eslag\"), or make the connections unbundled.", sc.Name)
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
	checkPipelines(d, prof, zones, lanesOnPort)
}

// checkPipelines reports the pipelines whose ports the zones give more lanes than the pipeline
// carries: one error per zone, on the zone that puts the most lanes in them (its breakout or
// its ports are what to change), however many pipelines one breakout overfills.
func checkPipelines(d *Diagnostics, prof *Profile, zones []*zonePlan, lanesOnPort map[int]int) {
	type overfull struct {
		ports        []int
		lanes, limit int
	}
	over := map[*zonePlan][]overfull{}
	for _, pl := range prof.Pipelines {
		n := 0
		for _, port := range pl.Ports {
			n += lanesOnPort[port]
		}
		if pl.MaxLanes == 0 || n <= pl.MaxLanes {
			continue
		}
		if z := zoneWithMostLanes(zones, pl.Ports); z != nil {
			over[z] = append(over[z], overfull{pl.Ports, n, pl.MaxLanes})
		}
	}
	for _, z := range zones {
		list := over[z]
		if len(list) == 0 {
			continue
		}
		groups := make([]string, len(list))
		for i, o := range list {
			groups[i] = fmt.Sprintf("%s (%d lanes)", joinInts(o.ports, "+"), o.lanes)
		}
		limit, size := list[0].limit, len(list[0].ports)
		d.errorf(z.path.Attr("breakout"), "Pipeline capacity exceeded",
			"%s groups its ports in pipelines of %d ports that carry at most %d lanes together; zone %q (breakout %s) "+
				"overfills %d of them: ports %s. Use a breakout of at most %d lanes a port, or leave the partner ports "+
				"out of the zones (at %d lanes a port, a pipeline takes %d of its ports).",
			prof.Name, size, limit, z.name, z.breakout.ID, len(list), strings.Join(groups, ", "),
			limit/size, z.breakout.Lanes, limit/z.breakout.Lanes)
	}
}

// zoneWithMostLanes is the zone that configures the most lanes on ports, the first in zone
// order on a tie; nil when no zone uses them.
func zoneWithMostLanes(zones []*zonePlan, ports []int) *zonePlan {
	var best *zonePlan
	most := 0
	for _, z := range zones {
		n := 0
		for _, port := range ports {
			if slices.Contains(z.ports, port) {
				n += z.breakout.Lanes
			}
		}
		if n > most {
			best, most = z, n
		}
	}
	return best
}

func joinInts(ns []int, sep string) string {
	parts := make([]string, len(ns))
	for i, n := range ns {
		parts[i] = strconv.Itoa(n)
	}
	return strings.Join(parts, sep)
}
