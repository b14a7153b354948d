package planner

import "sort"

// railGroup is one scalable unit of rail leaves (SPEC §4 step 4, §5.6): width switches from
// start, each carrying perSwitch consecutive rails.
type railGroup struct {
	start, perSwitch, width int
}

func (g railGroup) switchFor(pos int) int { return g.start + pos/g.perSwitch }

func (g railGroup) end() int { return g.start + g.width }

// retargetRails sends the new ports of rail-optimized servers to rail groups (SPEC §5.6). The
// groups the kept rail links form stay as they are; a new server joins the first group whose
// switches have room for all its rails, and servers that fit in none start new groups after
// them, laid out as a fresh plan of those servers alone would be. A server that already has
// rail links stays in its group. Without kept rail links the fresh layout stands.
func retargetRails(st *zoneState, demand []demandPort, keptOn []int) {
	rp := railLayout(st.z, 1)
	if rp.rails == 0 {
		return
	}
	groups, ok := keptRailGroups(demand, keptOn, rp)
	if !ok || len(groups) == 0 {
		return
	}
	groupOf := func(sw int) int {
		return sort.Search(len(groups), func(i int) bool { return groups[i].end() > sw })
	}
	member := map[string]int{} // server -> index in groups
	for i, dp := range demand {
		if keptOn[i] >= 0 && isRail(dp.a) {
			member[dp.a.Devices[dp.device]] = groupOf(keptOn[i])
		}
	}
	load := laneLoad(st)
	servers, needs := railNeeds(demand, keptOn, rp)
	lanes := len(st.z.lanes)
	var overflow []string
	for _, dev := range servers {
		if _, ok := member[dev]; ok {
			continue
		}
		for gi, g := range groups {
			if fitsRailGroup(needs[dev], g, load, lanes) {
				member[dev] = gi
				addRailLoad(needs[dev], g, load)
				break
			}
		}
		if _, ok := member[dev]; !ok {
			overflow = append(overflow, dev)
		}
	}
	if len(overflow) > 0 {
		next := groups[len(groups)-1].end()
		layout, capacity := densestRailGroup(rp.rails, lanes, railPortsPerConn(st.z), len(overflow))
		for k, dev := range overflow {
			if k%capacity == 0 {
				layout.start = next
				groups = append(groups, layout)
				next = layout.end()
			}
			member[dev] = len(groups) - 1
		}
	}
	for i, dp := range demand {
		if keptOn[i] < 0 && isRail(dp.a) {
			if gi, ok := member[dp.a.Devices[dp.device]]; ok {
				demand[i].target = groups[gi].switchFor(rp.position[dp.a.Rail])
			}
		}
	}
}

// keptRailGroups reads the rail groups off the kept rail links, in switch order: a group starts
// at a switch carrying rail position 0, whose rails give the group's rails per switch. It is
// not ok when a kept link sits where no such layout puts it.
func keptRailGroups(demand []demandPort, keptOn []int, rp railPlan) ([]railGroup, bool) {
	railsOn := map[int]map[int]bool{} // switch -> rail positions of its kept links
	for i, dp := range demand {
		if keptOn[i] >= 0 && isRail(dp.a) {
			if railsOn[keptOn[i]] == nil {
				railsOn[keptOn[i]] = map[int]bool{}
			}
			railsOn[keptOn[i]][rp.position[dp.a.Rail]] = true
		}
	}
	switches := make([]int, 0, len(railsOn))
	for sw := range railsOn {
		switches = append(switches, sw)
	}
	sort.Ints(switches)
	var groups []railGroup
	for _, sw := range switches {
		if len(groups) > 0 && sw < groups[len(groups)-1].end() {
			continue
		}
		if !railsOn[sw][0] {
			return nil, false
		}
		per := 0
		for pos := range railsOn[sw] {
			per = max(per, pos+1)
		}
		groups = append(groups, railGroup{start: sw, perSwitch: per, width: ceilDiv(rp.rails, per)})
	}
	for i, dp := range demand {
		if keptOn[i] < 0 || !isRail(dp.a) {
			continue
		}
		g := groups[sort.Search(len(groups), func(k int) bool { return groups[k].end() > keptOn[i] })]
		if g.switchFor(rp.position[dp.a.Rail]) != keptOn[i] {
			return nil, false
		}
	}
	return groups, true
}

// railNeeds lists the servers with rail ports still to place, in order of first appearance,
// and how many ports each needs per rail position.
func railNeeds(demand []demandPort, keptOn []int, rp railPlan) ([]string, map[string]map[int]int) {
	var servers []string
	needs := map[string]map[int]int{}
	for i, dp := range demand {
		if keptOn[i] >= 0 || !isRail(dp.a) {
			continue
		}
		dev := dp.a.Devices[dp.device]
		if needs[dev] == nil {
			needs[dev] = map[int]int{}
			servers = append(servers, dev)
		}
		needs[dev][rp.position[dp.a.Rail]]++
	}
	return servers, needs
}

// laneLoad counts the lanes taken on each switch.
func laneLoad(st *zoneState) map[int]int {
	load := map[int]int{}
	for sw := range st.at {
		for lane := range st.at[sw] {
			if st.taken(sw, lane) {
				load[sw]++
			}
		}
	}
	return load
}

func fitsRailGroup(need map[int]int, g railGroup, load map[int]int, lanes int) bool {
	per := map[int]int{}
	for pos, c := range need {
		per[g.switchFor(pos)] += c
	}
	for sw, c := range per {
		if load[sw]+c > lanes {
			return false
		}
	}
	return true
}

func addRailLoad(need map[int]int, g railGroup, load map[int]int) {
	for pos, c := range need {
		load[g.switchFor(pos)] += c
	}
}

// densestRailGroup is the layout that holds servers on the fewest switches (ties: more rails
// share a switch less, as a fresh plan at scale does), with how many servers one group holds.
func densestRailGroup(rails, lanes, portsPerConn, servers int) (railGroup, int) {
	best, bestCap, bestSwitches := railGroup{perSwitch: rails, width: 1}, 1, -1
	for per := 1; per <= rails; per++ {
		capacity := lanes / max(1, per*portsPerConn)
		if capacity == 0 {
			continue
		}
		width := ceilDiv(rails, per)
		if switches := ceilDiv(servers, capacity) * width; bestSwitches < 0 || switches < bestSwitches {
			best, bestCap, bestSwitches = railGroup{perSwitch: per, width: width}, capacity, switches
		}
	}
	return best, bestCap
}

func railPortsPerConn(z *zonePlan) int {
	ports := 0
	for _, a := range z.zone.Attach {
		if isRail(&a) {
			ports = max(ports, len(a.Ports))
		}
	}
	return ports
}

func isRail(a *Attachment) bool {
	return a.Source == SourceServer && a.Distribution == DistRailOptimized
}
