package planner

// planMeshQuantity handles topology = "mesh": the quantity is never calculated, it must be an
// override of 2 or 3, and the other zones must fit in it (SPEC §4).
func planMeshQuantity(d *Diagnostics, sc SwitchClass, zones []*zonePlan, pi priorIndex, switchName func(int) string, out *SwitchPlan) []placement {
	if !sc.HasOverride || sc.Override < 2 || sc.Override > 3 {
		d.errorf(Root("override_quantity"), "Mesh needs 2 or 3 switches",
			"a mesh topology is never calculated: set override_quantity to 2 or 3")
		return nil
	}
	n := sc.Override
	meshLanes := -1
	for _, z := range zones {
		if z.zone.Kind != ZoneMesh {
			continue
		}
		if meshLanes >= 0 && z.lanesPerSwitch() != meshLanes {
			d.errorf(z.path.Attr("ports"), "Mesh zones differ", "every mesh zone must have the same number of lanes")
		}
		meshLanes = z.lanesPerSwitch()
		if n == 3 && meshLanes%2 == 1 {
			d.errorf(z.path.Attr("ports"), "Odd mesh lanes",
				"with 3 switches each pair gets half of a zone's mesh lanes; zone %q has %d", z.name, meshLanes)
		}
	}
	if meshLanes < 0 {
		d.errorf(Root("zones"), "Mesh without mesh zones", "a mesh topology needs at least one zone of kind mesh")
	}
	out.Calculated = formulaQuantity(sc, zones)
	if out.Calculated > n {
		d.errorf(Root("override_quantity"), "Override below need",
			"override_quantity %d is below what the demand needs: %d switches", n, out.Calculated)
	}
	if d.HasError() {
		return nil
	}
	out.Effective = n
	placements, err := allocate(zones, n, pi)
	if err != nil {
		cannotWire(d, err, switchName, "")
	}
	return placements
}

// meshLinks cables every pair of mesh switches: with 2 switches all mesh lanes, with 3 each
// switch gives the first half of its lanes to its lower-numbered peer and the second half to
// the other.
func meshLinks(zones []*zonePlan, devices []string) []Link {
	var out []Link
	n := len(devices)
	for _, z := range zones {
		if z.zone.Kind != ZoneMesh {
			continue
		}
		lanes := z.lanes
		share := len(lanes)
		if n == 3 {
			share /= 2
		}
		for i := 0; i < n; i++ {
			for j := i + 1; j < n; j++ {
				li, lj := peerSlot(i, j, n), peerSlot(j, i, n)
				for k := range share {
					out = append(out, Link{Zone: z.name, Kind: LinkMesh, ADevice: devices[i], APort: lanes[li*share+k],
						BDevice: devices[j], BPort: lanes[lj*share+k], Speed: z.breakout.LaneSpeed})
				}
			}
		}
	}
	return out
}

// peerSlot is which half of switch i's mesh lanes faces peer j.
func peerSlot(i, j, n int) int {
	if n < 3 {
		return 0
	}
	slot := 0
	for p := 0; p < j; p++ {
		if p != i {
			slot++
		}
	}
	return slot
}
