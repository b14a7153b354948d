package planner

import (
	"fmt"
	"sort"
	"strings"
)

// placement is one allocated cable, with the switch given by index.
type placement struct {
	zone    *zonePlan
	a       *Attachment
	aDevice string
	aPort   string
	// int32 keeps a placement at 64 bytes with moved: a fresh plan holds thousands of them.
	sw, lane int32
	moved    bool // an existing link the planner moved (SPEC §5.6), which needs allow_recabling
}

// allocError says which zone could not be wired with the given quantity.
type allocError struct {
	zone *zonePlan
	// detail names the switch it is about (sw, 0-based; -1 for none) as switchToken, which
	// message replaces with the switch's name: names are rendered only once a plan fails.
	detail string
	sw     int
}

// switchToken stands for a switch's name in an allocError's detail.
const switchToken = "\x00switch\x00"

func zoneError(z *zonePlan, detail string) *allocError { return &allocError{z, detail, -1} }

// message is the detail with the switch named by switchName.
func (e *allocError) message(switchName func(int) string) string {
	if e.sw < 0 {
		return e.detail
	}
	return strings.ReplaceAll(e.detail, switchToken, switchName(e.sw))
}

func (e *allocError) Error() string {
	return fmt.Sprintf("zone %q: %s", e.zone.name, e.message(func(i int) string { return fmt.Sprintf("switch %d", i+1) }))
}

// end is one end of a link, a device and its port: a map key that costs no allocation.
type end struct{ device, port string }

// priorIndex holds the links of a previous plan by their upstream end, for sticky allocation.
type priorIndex struct {
	byA       map[end]Link
	switchOf  map[string]int
	breakouts map[string]string
	switches  int // the prior plan's quantity, 0 when unknown
}

// newPriorIndex indexes a prior plan's links. render gives the class's first count switch names
// (fewer when a name is invalid): names are rendered in growing prefixes until every switch of
// the prior links is found, since those are usually the first few of up to 1024.
func newPriorIndex(prior *Prior, render func(count int) ([]string, error)) priorIndex {
	pi := priorIndex{byA: map[end]Link{}}
	if prior == nil {
		return pi
	}
	pi.breakouts, pi.switches = prior.Breakouts, prior.Switches
	wanted := map[string]bool{}
	for _, l := range prior.Links {
		pi.byA[end{l.ADevice, l.APort}] = l
		wanted[l.BDevice] = true
	}
	pi.switchOf = map[string]int{}
	for count := min(16, MaxSwitchesPerClass); ; count = min(2*count, MaxSwitchesPerClass) {
		names, _ := render(count)
		for i := len(pi.switchOf); i < len(names); i++ {
			pi.switchOf[names[i]] = i
		}
		found := 0
		for name := range wanted {
			if _, ok := pi.switchOf[name]; ok {
				found++
			}
		}
		if found == len(wanted) || len(names) < count || count == MaxSwitchesPerClass {
			return pi
		}
	}
}

// zoneKept reports whether a zone's prior links may stay: not when its breakout changed.
func (pi priorIndex) zoneKept(z *zonePlan) bool {
	was, known := pi.breakouts[z.name]
	return !known || was == z.breakout.ID
}

// zoneState tracks the placements of one zone and the lanes they take on each switch.
type zoneState struct {
	z         *zonePlan
	placed    []placement
	at        [][]int32 // at[switch][lane]: index in placed + 1, or 0 for a free lane
	firstFree []int
}

func newZoneState(z *zonePlan, n, demand int) *zoneState {
	st := &zoneState{z: z, placed: make([]placement, 0, demand), at: make([][]int32, n), firstFree: make([]int, n)}
	for i := range st.at {
		st.at[i] = make([]int32, len(z.lanes))
	}
	return st
}

func (st *zoneState) place(p placement) {
	st.placed = append(st.placed, p)
	st.at[p.sw][p.lane] = int32(len(st.placed))
}

func (st *zoneState) taken(sw, lane int) bool { return st.at[sw][lane] != 0 }

// unplace frees a lane again; the placement stays in placed but is no longer reported.
func (st *zoneState) unplace(sw, lane int) {
	st.at[sw][lane] = 0
	st.firstFree[sw] = min(st.firstFree[sw], lane)
}

// nextFree returns the lowest free lane of a switch, or -1.
func (st *zoneState) nextFree(sw int) int {
	for st.firstFree[sw] < len(st.at[sw]) && st.taken(sw, st.firstFree[sw]) {
		st.firstFree[sw]++
	}
	if st.firstFree[sw] == len(st.at[sw]) {
		return -1
	}
	return st.firstFree[sw]
}

// inLaneOrder returns the placements by switch, then lane: the order links are reported in.
func (st *zoneState) inLaneOrder() []placement {
	out := make([]placement, 0, len(st.placed))
	for _, lanes := range st.at {
		for _, k := range lanes {
			if k != 0 {
				out = append(out, st.placed[k-1])
			}
		}
	}
	return out
}

// demandPort is one upstream port that needs a lane, with the switch its distribution wants.
type demandPort struct {
	a      *Attachment
	device int
	port   int
	target int
}

// allocate wires every zone onto n switches (SPEC §5). With a prior plan, existing links keep
// their lanes and only new demand is placed.
func allocate(zones []*zonePlan, n int, prior priorIndex) ([]placement, *allocError) {
	total := 0
	for _, z := range zones {
		total += z.demand
	}
	out := make([]placement, 0, total)
	for _, z := range zones {
		if z.demand == 0 {
			continue
		}
		if n == 0 {
			return nil, zoneError(z, "has demand but the class has no switches")
		}
		placed, err := allocateZone(z, n, prior)
		if err != nil {
			return nil, err
		}
		out = append(out, placed...)
	}
	return out, nil
}

func allocateZone(z *zonePlan, n int, prior priorIndex) ([]placement, *allocError) {
	// Only placements around kept links look at where a device's other ports are.
	sticky := len(prior.byA) > 0
	demand, err := distribute(z, n, sticky)
	if err != nil {
		return nil, err
	}
	st := newZoneState(z, n, len(demand))
	var keptOn, keptLane []int // per demand port: switch and lane of its kept prior link, or -1
	var moved []bool           // per demand port: an existing link the planner moves
	deviceSwitches := map[string]map[int]bool{}
	if sticky {
		keptOn, keptLane, moved = keepPriorLinks(st, demand, prior, deviceSwitches)
		retargetRails(st, demand, keptOn)
		rebalanceUplinks(st, demand, keptOn, keptLane, moved)
	}
	for i, dp := range demand {
		if sticky && keptOn[i] >= 0 {
			continue
		}
		if dp.target < 0 || dp.target >= n {
			return nil, &allocError{z, fmt.Sprintf("the rail group of server %s needs %s, but the class has %d switches",
				dp.a.Devices[dp.device], switchToken, n), dp.target}
		}
		sw, lane := placeOne(st, dp, deviceSwitches, sticky)
		if lane < 0 {
			return nil, &allocError{z, fmt.Sprintf("%s has no free lane for %s port %s of %s (%d lanes per switch)",
				switchToken, dp.a.Devices[dp.device], dp.a.Ports[dp.port], dp.a.Describe(), len(z.lanes)), dp.target}
		}
		st.place(placement{z, dp.a, dp.a.Devices[dp.device], dp.a.Ports[dp.port], int32(sw), int32(lane), sticky && moved[i]})
		if sticky {
			markDeviceSwitch(deviceSwitches, dp, sw)
		}
	}
	return st.inLaneOrder(), nil
}

// keepPriorLinks keeps every demand port's prior link that can stay, and says where each one is.
func keepPriorLinks(st *zoneState, demand []demandPort, prior priorIndex, deviceSwitches map[string]map[int]bool) (keptOn, keptLane []int, moved []bool) {
	keptOn, keptLane, moved = make([]int, len(demand)), make([]int, len(demand)), make([]bool, len(demand))
	for i, dp := range demand {
		keptOn[i] = -1
		switch pl, res := keepPrior(st, dp, prior); res {
		case kept:
			keptOn[i], keptLane[i] = int(pl.sw), int(pl.lane)
			markDeviceSwitch(deviceSwitches, dp, int(pl.sw))
		case switchRemoved:
			moved[i] = true
		}
	}
	return keptOn, keptLane, moved
}

func markDeviceSwitch(m map[string]map[int]bool, dp demandPort, sw int) {
	key := dp.a.Devices[dp.device]
	if m[key] == nil {
		m[key] = map[int]bool{}
	}
	m[key][sw] = true
}

// keepPrior reuses the lane a port had in the prior plan when that lane still exists and is free.
func keepPrior(st *zoneState, dp demandPort, prior priorIndex) (placement, keepResult) {
	dev, port := dp.a.Devices[dp.device], dp.a.Ports[dp.port]
	sw, lane, ok := prior.laneOf(st.z, dev, port)
	switch {
	case !ok:
		return placement{}, notKept
	case sw >= len(st.at) && sw < prior.switches:
		return placement{}, switchRemoved
	case sw >= len(st.at) || st.taken(sw, lane):
		return placement{}, notKept
	}
	pl := placement{st.z, dp.a, dev, port, int32(sw), int32(lane), false}
	st.place(pl)
	return pl, kept
}

// placeOne finds a lane for a new port: on its target switch, or, when a prior plan pins other
// links and the target is full, on the next switch that keeps the distribution's promise.
func placeOne(st *zoneState, dp demandPort, deviceSwitches map[string]map[int]bool, sticky bool) (int, int) {
	n := len(st.at)
	target := dp.target
	onSwitches := deviceSwitches[dp.a.Devices[dp.device]]
	if sticky && dp.a.Distribution == DistSameSwitch && len(onSwitches) > 0 {
		for sw := range n {
			if onSwitches[sw] {
				target = sw
				break
			}
		}
	}
	if lane := st.nextFree(target); lane >= 0 || !sticky || !fallbackAllowed(dp.a) {
		return target, lane
	}
	for step := 1; step < n; step++ {
		sw := (target + step) % n
		if dp.a.Distribution == DistAlternating && onSwitches[sw] {
			continue
		}
		if lane := st.nextFree(sw); lane >= 0 {
			return sw, lane
		}
	}
	return target, -1
}

func fallbackAllowed(a *Attachment) bool {
	return a.Source == SourceServer && (a.Distribution == DistSameSwitch || a.Distribution == DistAlternating)
}

// distribute lists every port of the zone's attachments in placement order (SPEC §5.2) with the
// switch its distribution chooses (SPEC §5.3). A rail port whose fresh layout needs more than n
// switches stops a fresh plan; a sticky one gets target -1, which retargetRails may replace.
func distribute(z *zonePlan, n int, sticky bool) ([]demandPort, *allocError) {
	rails := railLayout(z, n)
	out := make([]demandPort, 0, z.demand)
	alternating := 0
	sameOffset := 0
	for ai := range z.zone.Attach {
		a := &z.zone.Attach[ai]
		devices, ports := len(a.Devices), len(a.Ports)
		switch {
		case a.Source == SourceSwitch:
			for dev := range devices {
				// Spines take each leaf's lanes as SPEC §5.3 says, the first spines one more.
				// Surrogate uplinks of small switches rotate, or the first switches would fill.
				offset := 0
				if z.zone.Kind != ZoneFabric {
					offset = dev * ports
				}
				for port := range ports {
					out = append(out, demandPort{a, dev, port, (evenBlock(port, ports, n) + offset) % n})
				}
			}
		case a.Distribution == DistAlternating:
			for dev := range devices {
				for port := range ports {
					out = append(out, demandPort{a, dev, port, alternating % n})
					alternating++
				}
			}
		case a.Distribution == DistRailOptimized:
			for dev := range devices {
				sw, err := rails.switchFor(z, a, dev)
				if err == nil && sw >= n {
					err = &allocError{z, fmt.Sprintf("the rail domain of server %s needs %s, but the class has %d switches",
						a.Devices[dev], switchToken, n), sw}
				}
				if err != nil {
					if !sticky {
						return nil, err
					}
					sw = -1
				}
				for port := range ports {
					out = append(out, demandPort{a, dev, port, sw})
				}
			}
		default: // same-switch
			for dev := range devices {
				sw := (evenBlock(dev, devices, n) + sameOffset) % n
				for port := range ports {
					out = append(out, demandPort{a, dev, port, sw})
				}
			}
			// Rotate where the larger blocks start so that many small classes spread evenly.
			sameOffset = (sameOffset + devices) % n
		}
	}
	return out, nil
}

// evenBlock maps item i of count items onto n contiguous blocks whose sizes differ by at most
// one, the larger blocks first.
func evenBlock(i, count, n int) int {
	base, extra := count/n, count%n
	if i < extra*(base+1) {
		return i / (base + 1)
	}
	return extra + (i-extra*(base+1))/base
}

// railPlan places rail-optimized connections (SPEC §4 step 4).
type railPlan struct {
	position       map[int]int // rail number -> position among the zone's rails
	rails          int
	railsPerSwitch int // when switches < rails
	domainSize     int // servers per rail domain, when switches >= rails
}

func railLayout(z *zonePlan, n int) railPlan {
	rp := railPlan{position: map[int]int{}}
	var nums []int
	portsPerConn := 0
	for _, a := range z.zone.Attach {
		if a.Source == SourceServer && a.Distribution == DistRailOptimized {
			if _, seen := rp.position[a.Rail]; !seen {
				rp.position[a.Rail] = 0
				nums = append(nums, a.Rail)
			}
			portsPerConn = max(portsPerConn, len(a.Ports))
		}
	}
	sort.Ints(nums)
	for i, r := range nums {
		rp.position[r] = i
	}
	rp.rails = len(nums)
	if rp.rails == 0 || n == 0 {
		return rp
	}
	if n < rp.rails {
		rp.railsPerSwitch = (rp.rails + n - 1) / n
	} else if portsPerConn > 0 {
		rp.domainSize = len(z.lanes) / portsPerConn
	}
	return rp
}

func (rp railPlan) switchFor(z *zonePlan, a *Attachment, dev int) (int, *allocError) {
	pos := rp.position[a.Rail]
	if rp.railsPerSwitch > 0 {
		return pos / rp.railsPerSwitch, nil
	}
	if rp.domainSize == 0 {
		return 0, zoneError(z, fmt.Sprintf("a rail connection of %d ports does not fit in %d lanes", len(a.Ports), len(z.lanes)))
	}
	return (dev/rp.domainSize)*rp.rails + pos, nil
}
