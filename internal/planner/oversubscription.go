package planner

import (
	"math"
	"strconv"
)

// Oversubscription is a leaf class's server-facing bandwidth against its uplink bandwidth, on
// its busiest switch. Zero values mean the class has no uplink zone.
type Oversubscription struct {
	Switch                   string // the busiest switch
	DownlinkGbps, UplinkGbps int
	Ratio                    float64 // DownlinkGbps / UplinkGbps
}

// RatioText writes a ratio the way architects say it: 16:1, 2.5:1.
func RatioText(r float64) string {
	return strconv.FormatFloat(math.Round(r*100)/100, 'f', -1, 64) + ":1"
}

// oversubscription measures every switch: downlinks are the links that land on its server and
// oob zones, at their speed; uplinks are every lane of its uplink zones, all of which are
// cabled to the spines.
func oversubscription(zones []*zonePlan, links []Link, devices []string) Oversubscription {
	up := 0
	for _, z := range zones {
		if z.zone.Kind == ZoneUplink {
			up += z.lanesPerSwitch() * z.breakout.LaneSpeed
		}
	}
	if up == 0 || len(devices) == 0 {
		return Oversubscription{}
	}
	downlink := map[string]bool{}
	for _, z := range zones {
		downlink[z.name] = z.zone.Kind == ZoneServer || z.zone.Kind == ZoneOOB
	}
	down := map[string]int{}
	for _, l := range links {
		if downlink[l.Zone] {
			down[l.BDevice] += l.Speed
		}
	}
	busiest := devices[0]
	for _, d := range devices {
		if down[d] > down[busiest] {
			busiest = d
		}
	}
	return Oversubscription{Switch: busiest, DownlinkGbps: down[busiest], UplinkGbps: up,
		Ratio: float64(down[busiest]) / float64(up)}
}

// checkOversubscription turns a ratio above the class's bound into an error that says how many
// uplink lanes bring it within the bound.
func checkOversubscription(d *Diagnostics, sc SwitchClass, zones []*zonePlan, o Oversubscription) {
	limit := sc.MaxOversubscription
	p := Root("max_oversubscription")
	switch {
	case limit == 0:
		return
	case limit < 1:
		d.errorf(p, "Invalid oversubscription bound", "max_oversubscription is a ratio of downlink to uplink "+
			"bandwidth of at least 1 (1 means non-blocking), not %g", limit)
		return
	case o.UplinkGbps == 0:
		d.warnf(p, "Oversubscription not bounded", "switch class %q has no uplink zone, so max_oversubscription "+
			"bounds nothing; remove it, or give the class a zone of kind \"uplink\"", sc.Name)
		return
	case o.Ratio <= limit:
		return
	}
	var uplink *zonePlan
	for _, z := range zones {
		if z.zone.Kind == ZoneUplink {
			uplink = z
			break
		}
	}
	speed := uplink.breakout.LaneSpeed
	more := int(math.Ceil(float64(o.DownlinkGbps)/limit/float64(speed))) - o.UplinkGbps/speed
	d.errorf(p, "Oversubscribed", "%s carries %dG of server links on %dG of uplinks, %s, above max_oversubscription "+
		"%s. Give zone %q %d more %dG uplink lanes (more ports, or a breakout with more lanes), or attach fewer servers "+
		"per switch (override_quantity spreads them over more switches).",
		o.Switch, o.DownlinkGbps, o.UplinkGbps, RatioText(o.Ratio), RatioText(limit), uplink.name, more, speed)
}
