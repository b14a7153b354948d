package planner

import (
	"fmt"
	"sort"
	"strings"
)

// Growth and shrink of a class planned against its prior links (SPEC §5.6). A fresh plan never
// reaches this code: every function here starts from links that a previous plan kept.

// keepResult is what became of a prior link when the allocator tried to keep it.
type keepResult int

const (
	notKept keepResult = iota // no prior link, or its zone or lane is gone (the user changed the zone)
	kept
	// switchRemoved: the lane still exists, but on a switch beyond the quantity being tried.
	// Placing the link elsewhere is a move the planner chose, which needs allow_recabling.
	switchRemoved
)

// Move is one existing cable whose switch end changes: Cable names its upstream end, From and
// To the old and new switch ends, all as "device:port".
type Move struct {
	Cable, From, To string
}

// CablingChanges compares a class's links with its prior ones, by upstream end: cables added,
// removed, and moved (same upstream end, another switch port).
type CablingChanges struct {
	Added, Removed int
	Moved          []Move // sorted by Cable
}

// cablingChanges compares the planned links with the prior plan's (nil prior: all are new).
func cablingChanges(prior *Prior, links []Link) CablingChanges {
	if prior == nil {
		return CablingChanges{Added: len(links)}
	}
	var c CablingChanges
	was := make(map[end]end, len(prior.Links))
	for _, l := range prior.Links {
		was[end{l.ADevice, l.APort}] = end{l.BDevice, l.BPort}
	}
	kept := 0
	for _, l := range links {
		switch old, ok := was[end{l.ADevice, l.APort}]; {
		case !ok:
			c.Added++
		case old != end{l.BDevice, l.BPort}:
			c.Moved = append(c.Moved, Move{Cable: l.AKey(), From: PortKey(old.device, old.port), To: l.BKey()})
			kept++
		default:
			kept++
		}
	}
	c.Removed = len(was) - kept
	sort.Slice(c.Moved, func(i, j int) bool { return c.Moved[i].Cable < c.Moved[j].Cable })
	return c
}

// maxListedMoves bounds the moves an error message lists.
const maxListedMoves = 5

// checkRecabling refuses moves the planner chose (uplinks spread to new spines, cables on
// switches a smaller override removes) unless the class allows recabling. Moves the user asked
// for by changing a zone's ports or breakout are not refused: their lanes no longer exist.
// links are the placements' links, index for index.
func checkRecabling(d *Diagnostics, sc SwitchClass, placements []placement, links []Link, pi priorIndex) {
	if sc.AllowRecabling {
		return
	}
	var moves []Move
	for i, p := range placements {
		if p.moved {
			from := pi.byA[end{links[i].ADevice, links[i].APort}]
			moves = append(moves, Move{Cable: links[i].AKey(), From: from.BKey(), To: links[i].BKey()})
		}
	}
	if len(moves) == 0 {
		return
	}
	sort.Slice(moves, func(i, j int) bool { return moves[i].Cable < moves[j].Cable })
	d.errorf(Root("allow_recabling"), summaryRecabling,
		"switch class %q keeps its existing cables, but this plan must move %d of them to stay a valid fabric (%s). "+
			"Set allow_recabling = true on the class to move them (cabling_changes lists every move), or change the design "+
			"so the class keeps room for the growth.", sc.Name, len(moves), describeMoves(moves))
}

// describeMoves lists the first moves as "leaf:port -> old-switch:port (to new-switch:port)"
// and counts the rest.
func describeMoves(moves []Move) string {
	listed := make([]string, 0, maxListedMoves)
	for _, mv := range moves[:min(len(moves), maxListedMoves)] {
		listed = append(listed, fmt.Sprintf("%s -> %s (to %s)", mv.Cable, mv.From, mv.To))
	}
	if more := len(moves) - len(listed); more > 0 {
		listed = append(listed, fmt.Sprintf("and %d more", more))
	}
	return strings.Join(listed, ", ")
}

// priorFloor is the quantity below which a class would drop switches that still carry kept
// cables: a class shrinks only once its highest-numbered switches are empty. It is 0 when the
// prior plan's quantity is unknown, and never above it.
func priorFloor(zones []*zonePlan, pi priorIndex) int {
	if len(pi.byA) == 0 || pi.switches == 0 {
		return 0
	}
	floor := 0
	for _, z := range zones {
		for ai := range z.zone.Attach {
			a := &z.zone.Attach[ai]
			for _, dev := range a.Devices {
				for _, port := range a.Ports {
					if sw, _, ok := pi.laneOf(z, dev, port); ok && sw < pi.switches {
						floor = max(floor, sw+1)
					}
				}
			}
		}
	}
	return floor
}

// laneOf is the switch and lane of the prior link of an upstream port, when that link may stay
// in the zone: the zone is its own (Terraform state keeps links without their zone, so the lane
// must then exist here) and its breakout did not change.
func (pi priorIndex) laneOf(z *zonePlan, dev, port string) (sw, lane int, ok bool) {
	l, found := pi.byA[end{dev, port}]
	if !found || (l.Zone != "" && l.Zone != z.name) || !pi.zoneKept(z) {
		return 0, 0, false
	}
	sw, okSw := pi.switchOf[l.BDevice]
	lane, okLane := z.laneIndex[l.BPort]
	return sw, lane, okSw && okLane
}

// rebalanceUplinks keeps a fabric zone a full CLOS as spines come and go (SPEC §5.6): every leaf
// with kept links ends with at least its even share (lanes div spines) on every spine. Its
// unplaced ports fill the short spines first; then links move from its most-linked spines, the
// last port there first, never below the even share. Leaves without kept links get the fresh
// spread.
func rebalanceUplinks(st *zoneState, demand []demandPort, keptOn, keptLane []int, moved []bool) {
	if st.z.zone.Kind != ZoneFabric {
		return
	}
	type leaf struct {
		a   *Attachment
		dev int
	}
	var leaves []leaf
	ports := map[leaf][]int{}
	for i, dp := range demand {
		if dp.a.Source != SourceSwitch {
			continue
		}
		k := leaf{dp.a, dp.device}
		if _, seen := ports[k]; !seen {
			leaves = append(leaves, k)
		}
		ports[k] = append(ports[k], i)
	}
	for _, k := range leaves {
		rebalanceLeaf(st, demand, ports[k], keptOn, keptLane, moved)
	}
}

func rebalanceLeaf(st *zoneState, demand []demandPort, idx, keptOn, keptLane []int, moved []bool) {
	n := len(st.at)
	count := make([]int, n)
	var unplaced []int
	for _, i := range idx {
		if keptOn[i] >= 0 {
			count[keptOn[i]]++
		} else {
			unplaced = append(unplaced, i)
		}
	}
	if len(unplaced) == len(idx) {
		return
	}
	base := len(idx) / n
	for s := range n {
		for count[s] < base {
			var i int
			if len(unplaced) > 0 {
				i, unplaced = unplaced[0], unplaced[1:]
			} else {
				from := mostLinked(count)
				if count[from] <= base {
					break
				}
				i = lastKeptOn(idx, keptOn, from)
				st.unplace(from, keptLane[i])
				keptOn[i], moved[i] = -1, true
				count[from]--
			}
			demand[i].target = s
			count[s]++
		}
	}
	for _, i := range unplaced {
		s := leastLinked(count)
		demand[i].target = s
		count[s]++
	}
}

// mostLinked is the spine with the most links, the later one on a tie: fresh spreads give the
// first spines the extra links, so taking from the last keeps closer to them.
func mostLinked(count []int) int {
	best := 0
	for s, c := range count {
		if c >= count[best] {
			best = s
		}
	}
	return best
}

func leastLinked(count []int) int {
	best := 0
	for s, c := range count {
		if c < count[best] {
			best = s
		}
	}
	return best
}

func lastKeptOn(idx, keptOn []int, sw int) int {
	for k := len(idx) - 1; k >= 0; k-- {
		if keptOn[idx[k]] == sw {
			return idx[k]
		}
	}
	return -1
}

// checkFullMesh reports a leaf of a fabric zone that does not reach every spine (SPEC §4): the
// spine class checks the CLOS it owns, not only the wiring export.
func checkFullMesh(d *Diagnostics, zones []*zonePlan, placements []placement, devices []string) {
	reached := map[*zonePlan]map[string]map[int]bool{}
	for _, p := range placements {
		if p.zone.zone.Kind != ZoneFabric || p.a.Source != SourceSwitch {
			continue
		}
		if reached[p.zone] == nil {
			reached[p.zone] = map[string]map[int]bool{}
		}
		if reached[p.zone][p.aDevice] == nil {
			reached[p.zone][p.aDevice] = map[int]bool{}
		}
		reached[p.zone][p.aDevice][int(p.sw)] = true
	}
	for _, z := range zones {
		for _, a := range z.zone.Attach {
			if z.zone.Kind != ZoneFabric || a.Source != SourceSwitch || len(a.Ports) < len(devices) {
				continue
			}
			for _, leaf := range a.Devices {
				for sw, spine := range devices {
					if !reached[z][leaf][sw] {
						d.errorf(z.path.Attr("attach"), "Leaf does not reach every spine",
							"leaf %s (%s) has no link to spine %s; every leaf of a fabric zone must link to every spine",
							leaf, a.Describe(), spine)
						return
					}
				}
			}
		}
	}
}
