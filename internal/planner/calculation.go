package planner

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"maps"
	"slices"
	"sort"
	"strings"
)

// AlgorithmVersion identifies the rules that turn a design into quantities and placements.
// Bump it whenever a rule change can change a result, so that a state written by an older
// planner is recognisable. It is not the provider's release version.
const AlgorithmVersion = 1

// Rules that raise a formula quantity above its zones' need (SPEC §4 steps 3-6), and the
// override.
const (
	RuleMinimumOne  = "demand needs at least 1 switch"
	RuleAlternating = "alternating connections need 2 switches"
	RuleRedundancy  = "a redundancy group needs 2 switches"
	RuleOverride    = "override_quantity"
	RuleMesh        = "a mesh is sized by override_quantity"
)

// Calculation explains a switch class's quantity: which zone set it, with which numbers, what
// the SPEC §4 formula gives and what the allocator needed, and how much room is left. It holds
// no timestamp: identical inputs give an identical Calculation.
type Calculation struct {
	AlgorithmVersion int
	// InputsHash is the SHA-256 of a canonical encoding of everything that decides the
	// result: the class's inputs, the attachments it received, and the plan name and site its
	// name template may use.
	InputsHash string
	// BindingZone is the zone whose need set the formula quantity ("" without demand); Demand
	// and LanesPerSwitch are its numbers.
	BindingZone            string
	Demand, LanesPerSwitch int
	// FormulaQuantity is SPEC §4 steps 1-6; AllocatorQuantity the smallest quantity the
	// allocator could wire (step 7). Rule names what raised the result above the binding
	// zone's need, if anything did (RuleAlternating, RuleOverride, ...).
	FormulaQuantity, AllocatorQuantity int
	Rule                               string
	// Headroom is how many more devices of the binding zone's largest attachment fit on the
	// effective quantity before it must grow (by the formula: free lanes / ports per device).
	Headroom       int
	HeadroomOf     string // those devices, e.g. `"gpu-fe-only" servers`
	OtherZoneNeeds []ZoneNeed
	Reason         string
	// Oversubscription is the busiest switch's server-facing against uplink bandwidth.
	Oversubscription Oversubscription
	effective, needs int
}

// ZoneNeed is what one zone alone needs.
type ZoneNeed struct {
	Zone string
	Need int
}

// formulaResult is SPEC §4 steps 1-6 with the zone that bound it and the rule that raised it.
type formulaResult struct {
	quantity int
	binding  *zonePlan
	need     int // the binding zone's need alone
	rule     string
}

func formula(sc SwitchClass, zones []*zonePlan) formulaResult {
	var r formulaResult
	alternating := false
	for _, z := range zones {
		if z.demand == 0 {
			continue
		}
		if need := ceilDiv(z.demand, z.lanesPerSwitch()); r.binding == nil || need > r.need {
			r.binding, r.need = z, need
		}
		for _, a := range z.zone.Attach {
			alternating = alternating || (a.Source == SourceServer && a.Distribution == DistAlternating && len(a.Devices) > 0)
		}
	}
	if r.binding == nil {
		return r
	}
	raise := func(to int, rule string) {
		if to > r.quantity {
			r.quantity, r.rule = to, rule
		}
	}
	r.quantity = r.need
	raise(1, RuleMinimumOne)
	if alternating {
		raise(2, RuleAlternating)
	}
	if sc.Redundancy != nil {
		raise(2, RuleRedundancy)
	}
	return r
}

// formulaQuantity is the demand-based estimate of SPEC §4 steps 1-6.
func formulaQuantity(sc SwitchClass, zones []*zonePlan) int { return formula(sc, zones).quantity }

// explain builds the Calculation of a planned class.
func explain(pc PlanContext, sc SwitchClass, zones []*zonePlan, out *SwitchPlan) Calculation {
	f := formula(sc, zones)
	c := Calculation{AlgorithmVersion: AlgorithmVersion, InputsHash: InputsHash(pc, sc),
		FormulaQuantity: f.quantity, AllocatorQuantity: out.Calculated, Rule: f.rule,
		effective: out.Effective, needs: f.need}
	switch {
	case sc.Topology == TopologyMesh:
		c.Rule = RuleMesh
	case sc.HasOverride && sc.Override > out.Calculated:
		c.Rule = RuleOverride
	}
	if f.binding != nil {
		z := f.binding
		c.BindingZone, c.Demand, c.LanesPerSwitch = z.name, z.demand, z.lanesPerSwitch()
		c.Headroom, c.HeadroomOf = headroom(z, out.Effective)
		for _, o := range zones {
			if o != z && o.demand > 0 {
				c.OtherZoneNeeds = append(c.OtherZoneNeeds, ZoneNeed{o.name, ceilDiv(o.demand, o.lanesPerSwitch())})
			}
		}
	}
	c.Reason = c.reason(zones)
	return c
}

// headroom is how many more devices of the zone's largest source fit on n switches: a source
// is a server class (all its connections on the zone, e.g. eight rails) or a switch class.
func headroom(z *zonePlan, n int) (int, string) {
	type source struct {
		kind, class    string
		devices, ports int // ports per device over all its attachments on the zone
	}
	var order []string
	sources := map[string]*source{}
	for _, a := range z.zone.Attach {
		k := a.Source + "/" + a.Class
		if sources[k] == nil {
			sources[k] = &source{kind: a.Source, class: a.Class}
			order = append(order, k)
		}
		s := sources[k]
		s.devices = max(s.devices, len(a.Devices))
		s.ports += len(a.Ports)
	}
	var big *source
	for _, k := range order {
		if s := sources[k]; s.ports > 0 && (big == nil || s.devices*s.ports > big.devices*big.ports) {
			big = s
		}
	}
	if big == nil {
		return 0, ""
	}
	free := max(n*z.lanesPerSwitch()-z.demand, 0)
	what := fmt.Sprintf("%q servers", big.class)
	if big.kind == SourceSwitch {
		what = fmt.Sprintf("%q switches", big.class)
	}
	return free / big.ports, what
}

func (c Calculation) reason(zones []*zonePlan) string {
	if c.BindingZone == "" {
		if c.Rule == RuleMesh {
			return fmt.Sprintf("%d: %s", c.effective, RuleMesh)
		}
		return fmt.Sprintf("%d: nothing is attached", c.effective)
	}
	unit := "server ports"
	for _, z := range zones {
		if z.name == c.BindingZone && (z.zone.Kind == ZoneFabric || z.zone.Kind == ZoneMesh) {
			unit = "uplink lanes"
		}
	}
	var b strings.Builder
	fmt.Fprintf(&b, "%d = ceil(%d %s / %d per switch) on zone %q", c.needs, c.Demand, unit, c.LanesPerSwitch, c.BindingZone)
	if c.FormulaQuantity > c.needs {
		fmt.Fprintf(&b, ", raised to %d: %s", c.FormulaQuantity, c.Rule)
	}
	if c.AllocatorQuantity > c.FormulaQuantity {
		fmt.Fprintf(&b, "; the allocator needs %d to wire every attachment", c.AllocatorQuantity)
	}
	if c.effective > c.AllocatorQuantity && c.Rule != RuleMesh {
		fmt.Fprintf(&b, "; override_quantity sets %d", c.effective)
	} else if c.Rule == RuleMesh {
		fmt.Fprintf(&b, "; %s: %d", RuleMesh, c.effective)
	}
	others := append([]ZoneNeed(nil), c.OtherZoneNeeds...)
	sort.SliceStable(others, func(i, j int) bool { return others[i].Need > others[j].Need })
	for _, o := range others {
		fmt.Fprintf(&b, "; zone %q needs %d", o.Zone, o.Need)
	}
	switch {
	case c.HeadroomOf == "":
	case c.Headroom == 0:
		fmt.Fprintf(&b, "; no room for more %s", c.HeadroomOf)
	default:
		fmt.Fprintf(&b, "; room for %d more %s", c.Headroom, c.HeadroomOf)
	}
	return b.String()
}

// InputsHash is the SHA-256 (hex) of a canonical JSON encoding of what decides a switch
// class's result: the plan name and site (name templates use them), the class's own inputs,
// and its zones by name with the attachments each received, in their order. Map order never
// matters: zones are encoded sorted by name. Prior placements are left out on purpose: they
// keep links where they are and never change the quantity's meaning, and including them would
// change the hash between the first plan and the next.
func InputsHash(pc PlanContext, sc SwitchClass) string {
	type zone struct {
		Name string
		Zone Zone
	}
	canon := struct {
		Plan, Site string
		Class      SwitchClass
		Zones      []zone
	}{Plan: pc.Name, Site: pc.Site, Class: sc}
	canon.Class.Zones = nil
	for _, name := range slices.Sorted(maps.Keys(sc.Zones)) {
		z := sc.Zones[name]
		z.Strategy = defaultString(z.Strategy, StrategySequential)
		canon.Zones = append(canon.Zones, zone{Name: name, Zone: z})
	}
	b, err := json.Marshal(canon)
	if err != nil {
		return ""
	}
	sum := sha256.Sum256(b)
	return hex.EncodeToString(sum[:])
}

// Summary is a one-line view of a planned class for a reviewer: how many of what, how full each
// zone is, and for spines how many links join each leaf.
func Summary(sc SwitchClass, p SwitchPlan) string {
	var b strings.Builder
	fmt.Fprintf(&b, "%d x %s %s", p.Effective, defaultString(sc.Profile, sc.DeviceType), sc.Role)
	if sc.Fabric != "" {
		fmt.Fprintf(&b, " (%s)", sc.Fabric)
	}
	var zones []string
	for _, z := range p.Zones {
		if total := z.Used + z.Free; total > 0 {
			zones = append(zones, fmt.Sprintf("%s %d/%d", z.Name, z.Used, total))
		}
	}
	if len(zones) > 0 {
		b.WriteString("; lanes used: " + strings.Join(zones, ", "))
	}
	if lo, hi, ok := linksPerPair(p.Links, LinkFabric); ok {
		if lo == hi {
			fmt.Fprintf(&b, "; %d links per leaf-spine pair", lo)
		} else {
			fmt.Fprintf(&b, "; %d to %d links per leaf-spine pair", lo, hi)
		}
	}
	return b.String()
}

func linksPerPair(links []Link, kind string) (lo, hi int, ok bool) {
	pairs := map[[2]string]int{}
	for _, l := range links {
		if l.Kind == kind {
			pairs[[2]string{l.ADevice, l.BDevice}]++
		}
	}
	for _, n := range pairs {
		if !ok || n < lo {
			lo = n
		}
		if !ok || n > hi {
			hi = n
		}
		ok = true
	}
	return lo, hi, ok
}
