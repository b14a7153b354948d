package planner

import (
	"fmt"
	"maps"
	"slices"
	"sort"
	"strings"
)

// ZoneResult reports one zone of a planned switch class.
type ZoneResult struct {
	Name, Kind, Breakout string
	Ports                string // the zone's ports as a compact spec
	LaneSpeed            int
	LanesPerSwitch       int
	Used, Free           int // over all switches of the class
	Lanes                []string
	LanePorts            []int // physical port of each lane
}

// SwitchPlan is the plan-time result for a switch class.
type SwitchPlan struct {
	Calculated, Effective int
	Devices               []string
	Zones                 []ZoneResult
	Links                 []Link
	Exports               map[string]Attachment
	Calculation           Calculation
	// Changes compares Links with the prior plan's links (all added on a fresh plan).
	Changes CablingChanges
	// Media is each link's physical layer, aligned with Links.
	Media       []LinkMedia
	Diagnostics Diagnostics
}

// PlanSwitchClass validates a switch class, computes its quantity with the allocator and wires
// every attachment (SPEC §4-§6). prior is what the previous plan left, for sticky
// allocation; nil means a fresh placement.
func PlanSwitchClass(pc PlanContext, sc SwitchClass, prior *Prior) SwitchPlan {
	out := planSwitchClass(pc, sc, prior)
	if prior == nil || !out.Diagnostics.HasError() || hasSummary(out.Diagnostics, summaryRecabling) {
		return out
	}
	// The prior links cannot all stay. A fresh placement may still wire the class: that is a
	// recabling of the whole class, which allow_recabling permits (and -replace needs, since
	// Terraform plans a replaced resource from its state first).
	fresh := planSwitchClass(pc, sc, nil)
	if fresh.Diagnostics.HasError() {
		return out
	}
	fresh.Changes = cablingChanges(prior, fresh.Links)
	if sc.AllowRecabling {
		return fresh
	}
	var why string
	for _, x := range out.Diagnostics {
		if x.Severity == SeverityError {
			why = x.Detail
			break
		}
	}
	out.Diagnostics = Diagnostics{{SeverityError, Root("allow_recabling"), summaryRecabling,
		fmt.Sprintf("switch class %q cannot keep its existing cables (%s). Placed afresh it wires, moving %d of them "+
			"(%s). Set allow_recabling = true on the class to re-place it (cabling_changes lists every move), or change "+
			"the design.", sc.Name, why, len(fresh.Changes.Moved), describeMoves(fresh.Changes.Moved))}}
	return out
}

const (
	summaryCannotWire = "Cannot wire the zone"
	summaryRecabling  = "Existing cables would move"
)

func hasSummary(d Diagnostics, summary string) bool {
	for _, x := range d {
		if x.Summary == summary {
			return true
		}
	}
	return false
}

func planSwitchClass(pc PlanContext, sc SwitchClass, prior *Prior) SwitchPlan {
	var out SwitchPlan
	d := &out.Diagnostics
	sc.FabricClass = defaultString(sc.FabricClass, FabricManaged)
	sc.Topology = defaultString(sc.Topology, TopologySpineLeaf)
	validateClassName(d, sc.Name)
	validateSwitchEnums(d, sc)
	prof := resolveProfile(d, sc)
	if prof == nil || d.HasError() {
		return out
	}
	checkRoleAndRedundancy(d, sc, prof)
	zones := prepareZones(d, sc, prof)
	if d.HasError() {
		return out
	}
	tmpl := defaultString(sc.NameTemplate, DefaultSwitchNameTemplate)
	if err := ValidateTemplate(tmpl); err != nil {
		d.errorf(Root("name_template"), "Invalid name template", "%s", err)
		return out
	}
	// Names are rendered once the quantity is known, so a bad name matters only if the class
	// needs it; before, only a prior plan's switches need theirs, to be found by index.
	nameVars := NameVars{Plan: pc.Name, Site: pc.Site, Class: sc.Name, Fabric: sc.Fabric, Role: sc.Role}
	render := func(count int) ([]string, error) {
		return renderNames(tmpl, "", nameVars, count, sc.FabricClass == FabricManaged)
	}
	pi := newPriorIndex(prior, render)
	switchName := switchNamer(render)
	var placements []placement
	if sc.Topology == TopologyMesh {
		placements = planMeshQuantity(d, sc, zones, pi, switchName, &out)
	} else {
		placements = planQuantity(d, sc, zones, pi, switchName, &out)
	}
	if !d.HasError() {
		names, nameErr := render(out.Effective)
		if len(names) < out.Effective {
			d.errorf(Root("name_template"), "Invalid device name", "%s", nameErr)
		}
		out.Devices = names
	}
	if d.HasError() {
		out.Devices = nil
		return out
	}
	out.Links = toLinks(placements, out.Devices)
	if prior != nil {
		// A fresh spread reaches every spine by construction (checkSpineReach, evenBlock).
		checkRecabling(d, sc, placements, out.Links, pi)
		checkFullMesh(d, zones, placements, out.Devices)
	}
	if d.HasError() {
		out.Devices, out.Links = nil, nil
		return out
	}
	if sc.Topology == TopologyMesh {
		out.Links = append(out.Links, meshLinks(zones, out.Devices)...)
	}
	out.Changes = cablingChanges(prior, out.Links)
	out.Zones = zoneResults(d, zones, placements, out.Effective)
	checkZoneOverlaps(d, zones, placements, out.Devices)
	out.Exports = exports(pc, sc, prof, zones, out.Devices)
	out.Calculation = explain(pc, sc, zones, &out)
	out.Calculation.Oversubscription = oversubscription(zones, out.Links, out.Devices)
	checkOversubscription(d, sc, zones, out.Calculation.Oversubscription)
	out.Media = planMedia(d, sc, prof, zones, out.Links)
	if out.Effective == 0 && sc.Topology != TopologyMesh {
		d.warnf(Root("zones"), "Switch class unused", "switch class %q has no demand: nothing is attached to its zones", sc.Name)
	}
	return out
}

// ProfileOf returns the switch profile of a valid class: its catalogue profile, or the one its
// custom ports describe.
func ProfileOf(sc SwitchClass) (*Profile, bool) {
	var d Diagnostics
	sc.FabricClass = defaultString(sc.FabricClass, FabricManaged)
	p := resolveProfile(&d, sc)
	return p, p != nil
}

func validateSwitchEnums(d *Diagnostics, sc SwitchClass) {
	if err := ValidateDNSLabel(sc.Fabric); err != nil {
		d.errorf(Root("fabric"), "Invalid fabric name", "%s", err)
	}
	checkEnum(d, Root("fabric_class"), "fabric class", sc.FabricClass, FabricClasses)
	checkEnum(d, Root("role"), "role", sc.Role, SwitchRoles)
	checkEnum(d, Root("topology"), "topology", sc.Topology, Topologies)
	if sc.HasOverride && (sc.Override < 0 || sc.Override > MaxSwitchesPerClass) {
		d.errorf(Root("override_quantity"), "Override out of range", "override_quantity must be within 0..%d", MaxSwitchesPerClass)
	}
	if sc.Topology == TopologyMesh && sc.Role == RoleSpine {
		d.errorf(Root("role"), "Spine in a mesh fabric", "a mesh topology has no spines")
	}
}

// resolveProfile finds the class's Hedgehog profile, or builds one from custom ports.
func resolveProfile(d *Diagnostics, sc SwitchClass) *Profile {
	name := defaultString(sc.Profile, sc.DeviceType)
	if len(sc.CustomPorts) > 0 {
		if sc.FabricClass == FabricManaged {
			d.errorf(Root("ports"), "Custom ports on a managed class",
				"ports describes a model outside the Hedgehog catalogue; such a class must have fabric_class = \"unmanaged\"")
			return nil
		}
		prof, err := NewCustomProfile(name, sc.CustomPorts)
		if err != nil {
			d.errorf(Root("ports"), "Invalid ports", "%s", err)
			return nil
		}
		return prof
	}
	prof, ok := LookupProfile(name)
	if !ok {
		path := Root("profile")
		if sc.Profile == "" {
			path = Root("device_type")
		}
		d.errorf(path, "Unknown switch profile",
			"%q is not a Hedgehog switch profile (%v); set profile, or give ports with fabric_class = \"unmanaged\"",
			name, ProfileNames())
		return nil
	}
	return prof
}

func checkRoleAndRedundancy(d *Diagnostics, sc SwitchClass, prof *Profile) {
	if sc.FabricClass == FabricManaged && !prof.CanServe(sc.Role) {
		d.errorf(Root("role"), "Role not supported by the profile", "%s cannot serve as %s; it can be %s",
			prof.Name, sc.Role, strings.Join(rolesOf(prof), ", "))
	}
	r := sc.Redundancy
	if r == nil {
		return
	}
	p := Root("redundancy")
	if !checkEnum(d, p.Attr("type"), "redundancy type", r.Type, RedundancyTypes) {
		return
	}
	if err := ValidateDNSLabel(r.Group); err != nil {
		d.errorf(p.Attr("group"), "Invalid redundancy group", "%s", err)
	}
	switch {
	case r.Type == KindESLAG && !prof.ESLAG:
		d.errorf(p.Attr("type"), "ESLAG not supported", "%s has no ESLAG feature. %s", prof.Name, withoutESLAG(prof))
	case r.Type == KindMCLAG && !prof.MCLAG:
		d.errorf(p.Attr("type"), "MCLAG not supported", "%s has no MCLAG feature, and %s", prof.Name, mclagRefusal(prof))
	case r.Type == KindMCLAG:
		d.errorf(p.Attr("type"), "MCLAG not supported", "%s", mclagRefusal(prof))
	}
}

// splitAdvice is the way out of an ESLAG group above 4 switches.
const splitAdvice = "Split the servers into server classes whose connections need at most 4 switches, each attached " +
	"to its own switch class with its own redundancy group; or make the connections unbundled and remove redundancy."

// rolesOf lists the roles a profile can take, or says that it takes none.
func rolesOf(prof *Profile) []string {
	var out []string
	for _, role := range SwitchRoles {
		if prof.CanServe(role) {
			out = append(out, role)
		}
	}
	if len(out) == 0 {
		return []string{"no fabric role (use fabric_class = \"unmanaged\")"}
	}
	return out
}

// mclagRefusal says why MCLAG is refused and where to go instead. An MCLAG pair needs peer and
// session links between its two switches, which the planner does not plan, so the wiring it
// would export is one hhfab rejects (design decision 65).
func mclagRefusal(prof *Profile) string {
	why := "MCLAG is not planned: Hedgehog no longer supports MCLAG, and an MCLAG pair needs peer and session links " +
		"between its switches, which this provider does not plan. "
	if !prof.ESLAG {
		return why + withoutESLAG(prof)
	}
	return why + "Use redundancy = { type = \"eslag\", group = ... } (2 to 4 switches, no peer links) and kind = \"eslag\" " +
		"on the connections that bundle over the group."
}

// withoutESLAG is the way out for a profile that cannot group leaves: connections that do not
// bundle across switches, or a profile that can.
func withoutESLAG(prof *Profile) string {
	return fmt.Sprintf("%s cannot group leaves: give the connections kind = \"unbundled\" (or bundled with "+
		"distribution = \"same-switch\") and remove redundancy, or use a profile with ESLAG (%s).",
		prof.Name, strings.Join(profilesWith(func(p *Profile) bool { return p.ESLAG && p.Leaf }), ", "))
}

// planQuantity finds the smallest quantity the allocator can wire, starting at the formula's,
// then applies the override (SPEC §4 step 7).
func planQuantity(d *Diagnostics, sc SwitchClass, zones []*zonePlan, pi priorIndex, switchName func(int) string, out *SwitchPlan) []placement {
	need := formulaQuantity(sc, zones)
	if need > MaxSwitchesPerClass {
		d.errorf(Root("zones"), "Demand too large",
			"the attached demand needs %d switches; a class may have at most %d", need, MaxSwitchesPerClass)
		return nil
	}
	if checkSpineReach(d, zones, max(need, sc.Override)) {
		return nil
	}
	// Switches that carry kept cables stay (SPEC §5.6): the search starts above them.
	floor := priorFloor(zones, pi)
	start := max(need, floor)
	bound := min(MaxSwitchesPerClass, 2*start+8)
	var placements []placement
	var lastErr *allocError
	calc := -1
	for q := start; q <= bound; q++ {
		placements, lastErr = allocate(zones, q, pi)
		if lastErr == nil {
			calc = q
			break
		}
	}
	if calc < 0 {
		cannotWire(d, lastErr, switchName, fmt.Sprintf("no quantity from %d to %d switches can place every attachment: ", start, bound))
		return nil
	}
	out.Calculated, out.Effective = calc, calc
	if sc.Redundancy != nil && sc.Redundancy.Type == KindESLAG && calc > 4 {
		d.errorf(Root("redundancy"), "ESLAG group too large",
			"the demand needs %d switches but an ESLAG group has 2 to 4. %s", calc, splitAdvice)
		return nil
	}
	if !sc.HasOverride {
		return placements
	}
	if sc.Override < calc && sc.Override >= need && sc.Override < floor {
		// Below the switches that carry cables: allowed when their cables can move elsewhere,
		// which checkRecabling then lists.
		if moved, err := allocate(zones, sc.Override, pi); err == nil {
			out.Effective = sc.Override
			return moved
		}
	}
	if sc.Override < calc {
		d.errorf(Root("override_quantity"), "Override below need",
			"override_quantity %d is below what the demand needs: %d switches", sc.Override, calc)
		return nil
	}
	if sc.Redundancy != nil && sc.Redundancy.Type == KindESLAG && sc.Override > 4 {
		d.errorf(Root("override_quantity"), "ESLAG group too large", "an ESLAG group has 2 to 4 switches, not %d. %s",
			sc.Override, splitAdvice)
		return nil
	}
	out.Effective = sc.Override
	placements, lastErr = allocate(zones, sc.Override, pi)
	if lastErr != nil {
		cannotWire(d, lastErr, switchName, fmt.Sprintf("with override_quantity %d: ", sc.Override))
	}
	return placements
}

// switchNamer names switch i (0-based) of a class for messages, by the class's template, or by
// its number when the template cannot render that far.
func switchNamer(render func(int) ([]string, error)) func(int) string {
	return func(i int) string {
		if names, _ := render(i + 1); len(names) > i {
			return names[i]
		}
		return fmt.Sprintf("switch %d", i+1)
	}
}

// cannotWire reports an allocation failure on its zone. When the rail connections of a server
// class in that zone all claim one rail, that is the cause, whichever lane ran out first.
func cannotWire(d *Diagnostics, e *allocError, switchName func(int) string, context string) {
	detail := context + e.message(switchName)
	if why := sameRailClaim(e.zone); why != "" {
		detail = why
	}
	d.errorf(e.zone.path, summaryCannotWire, "%s", detail)
}

// sameRailClaim says so when two or more rail-optimized connections of one server class in a
// zone all claim the same rail: they then need the same switch, which is almost always a rail
// number copied unchanged between connections.
func sameRailClaim(z *zonePlan) string {
	byClass := map[string][]*Attachment{}
	for i := range z.zone.Attach {
		if a := &z.zone.Attach[i]; a.Source == SourceServer && a.Distribution == DistRailOptimized {
			byClass[a.Class] = append(byClass[a.Class], a)
		}
	}
	for _, class := range slices.Sorted(maps.Keys(byClass)) {
		conns := byClass[class]
		if len(conns) < 2 || slices.ContainsFunc(conns, func(a *Attachment) bool { return a.Rail != conns[0].Rail }) {
			continue
		}
		names := make([]string, len(conns))
		for i, a := range conns {
			names[i] = a.Name
		}
		return fmt.Sprintf("the %d rail-optimized connections of server class %q attached to zone %q (%s) all claim "+
			"rail %d, so each server needs one switch for all of them. Give each connection its own rail (rail = 0, 1, "+
			"2, ...; with for_each over range(n), rail = r).", len(conns), class, z.name, strings.Join(names, ", "), conns[0].Rail)
	}
	return ""
}

func ceilDiv(a, b int) int {
	if b <= 0 {
		return 0
	}
	return (a + b - 1) / b
}

func toLinks(placements []placement, devices []string) []Link {
	links := make([]Link, len(placements))
	keys := map[*Attachment]string{} // one key string per attachment, shared by its links
	for i, p := range placements {
		key, ok := keys[p.a]
		if !ok {
			key = p.a.Key()
			keys[p.a] = key
		}
		links[i] = Link{Zone: p.zone.name, Attachment: key, Kind: linkKind(p.a), ADevice: p.aDevice, APort: p.aPort,
			BDevice: devices[p.sw], BPort: p.zone.lanes[p.lane], Speed: p.a.Speed}
	}
	return links
}

// linkKind is what a link is in Hedgehog's wiring: a server connection's kind, "fabric"
// between a leaf and a spine, or "unbundled" for an unmanaged switch's surrogate uplink.
func linkKind(a *Attachment) string {
	switch {
	case a.Source == SourceServer:
		return a.Kind
	case a.Managed:
		return LinkFabric
	default:
		return KindUnbundled
	}
}

// checkSpineReach reports leaves that cannot reach every spine (SPEC §4); it says whether it
// reported any.
func checkSpineReach(d *Diagnostics, zones []*zonePlan, n int) bool {
	found := false
	for _, z := range zones {
		if z.zone.Kind != ZoneFabric {
			continue
		}
		for _, a := range z.zone.Attach {
			if len(a.Devices) > 0 && len(a.Ports) < n {
				d.errorf(z.path.Attr("attach"), "Leaf cannot reach every spine",
					"%s has %d uplink lanes per switch but there are %d spines", a.Describe(), len(a.Ports), n)
				found = true
			}
		}
	}
	return found
}

func zoneResults(d *Diagnostics, zones []*zonePlan, placements []placement, n int) []ZoneResult {
	used := map[*zonePlan]int{}
	for _, p := range placements {
		used[p.zone]++
	}
	out := make([]ZoneResult, 0, len(zones))
	for _, z := range zones {
		total := z.lanesPerSwitch() * n
		u := used[z]
		if z.zone.Kind == ZoneUplink || z.zone.Kind == ZoneMesh {
			u = total // exported to (or paired by) other switches in full
		}
		out = append(out, ZoneResult{
			Name: z.name, Kind: z.zone.Kind, Breakout: z.breakout.ID, Ports: FormatPortSpec(sortedCopy(z.ports)),
			LaneSpeed: z.breakout.LaneSpeed, LanesPerSwitch: z.lanesPerSwitch(), Used: u, Free: total - u, Lanes: z.lanes, LanePorts: z.lanePort,
		})
		if z.zone.Kind != ZoneUplink && z.zone.Kind != ZoneMesh && total > 0 && u*10 > total*9 {
			d.warnf(z.path, "Zone almost full", "zone %q uses %d of %d lanes (%d%%)", z.name, u, total, u*100/total)
		}
	}
	return out
}

// checkZoneOverlaps reports two zones that use one physical port (SPEC §6): an error when
// their used lanes collide or need different breakouts, a warning when the specs overlap only.
func checkZoneOverlaps(d *Diagnostics, zones []*zonePlan, placements []placement, devices []string) {
	n := len(devices)
	type pair struct {
		a, b   *zonePlan
		shared []int
	}
	var pairs []pair
	sharedPorts := map[int]bool{}
	for i, a := range zones {
		for _, b := range zones[i+1:] {
			if shared := intersect(a.ports, b.ports); len(shared) > 0 {
				pairs = append(pairs, pair{a, b, shared})
				for _, port := range shared {
					sharedPorts[port] = true
				}
			}
		}
	}
	if len(pairs) == 0 {
		return
	}
	// Only ports in two zones can collide: index the lanes used on those alone.
	usedPorts := map[[2]int][]portUse{} // (switch, physical port) -> uses
	for _, p := range placements {
		if port := p.zone.lanePort[p.lane]; sharedPorts[port] {
			key := [2]int{int(p.sw), port}
			usedPorts[key] = append(usedPorts[key], portUse{p.zone, p.zone.lanes[p.lane]})
		}
	}
	for _, z := range zones {
		if z.zone.Kind != ZoneUplink && z.zone.Kind != ZoneMesh {
			continue
		}
		for sw := range n {
			for i, lane := range z.lanes {
				if port := z.lanePort[i]; sharedPorts[port] {
					key := [2]int{sw, port}
					usedPorts[key] = append(usedPorts[key], portUse{z, lane})
				}
			}
		}
	}
	for _, pr := range pairs {
		a, b := pr.a, pr.b
		collision := ""
		for sw := range n {
			for _, port := range pr.shared {
				if c := collisionOn(usedPorts[[2]int{sw, port}], a, b); c != "" && collision == "" {
					collision = fmt.Sprintf("%s port %d: %s", devices[sw], port, c)
				}
			}
		}
		if collision != "" {
			d.errorf(b.path.Attr("ports"), "Zones use the same port",
				"zones %q and %q both use %s", a.name, b.name, collision)
		} else {
			d.warnf(b.path.Attr("ports"), "Zones overlap",
				"zones %q and %q share ports %s, but their used lanes do not collide", a.name, b.name, FormatPortSpec(pr.shared))
		}
	}
}

type portUse struct {
	zone *zonePlan
	lane string
}

func collisionOn(uses []portUse, a, b *zonePlan) string {
	var aLanes, bLanes []string
	for _, u := range uses {
		switch u.zone {
		case a:
			aLanes = append(aLanes, u.lane)
		case b:
			bLanes = append(bLanes, u.lane)
		}
	}
	if len(aLanes) == 0 || len(bLanes) == 0 {
		return ""
	}
	if a.breakout.ID != b.breakout.ID {
		return fmt.Sprintf("lanes %s (%s) and %s (%s)", aLanes[0], a.breakout.ID, bLanes[0], b.breakout.ID)
	}
	for _, x := range aLanes {
		for _, y := range bLanes {
			if x == y {
				return "lane " + x
			}
		}
	}
	return ""
}

func intersect(a, b []int) []int {
	in := map[int]bool{}
	for _, x := range a {
		in[x] = true
	}
	var out []int
	for _, x := range sortedCopy(b) {
		if in[x] {
			out = append(out, x)
		}
	}
	return out
}

func sortedCopy(ports []int) []int {
	out := append([]int(nil), ports...)
	sort.Ints(out)
	return out
}

// exports builds one attachment per uplink zone for other classes to attach.
func exports(pc PlanContext, sc SwitchClass, prof *Profile, zones []*zonePlan, devices []string) map[string]Attachment {
	out := map[string]Attachment{}
	names, _ := IndexTemplate(defaultString(sc.NameTemplate, DefaultSwitchNameTemplate),
		NameVars{Plan: pc.Name, Site: pc.Site, Class: sc.Name, Fabric: sc.Fabric, Role: sc.Role})
	for _, z := range zones {
		if z.zone.Kind != ZoneUplink {
			continue
		}
		a := Attachment{
			Source: SourceSwitch, Class: sc.Name, Name: z.name, Devices: devices, Names: names, Ports: z.lanes,
			Speed: z.breakout.LaneSpeed, Rail: -1, Fabric: sc.Fabric, Managed: sc.FabricClass == FabricManaged,
			Mesh: sc.Topology == TopologyMesh,
		}
		// The far zone derives this end's optic and cable from its cage and breakout; they travel
		// only when the zone declares a physical layer, so other attachments keep their text.
		if z.zone.Declared() && len(z.ports) > 0 {
			a.Physical, a.Legs = z.zone.Physical, z.breakout.Lanes
			a.Cage = portCage(prof, z.ports[0], z.breakout.NativeSpeed)
		}
		out[z.name] = a
	}
	return out
}
