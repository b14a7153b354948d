// Package bom derives the bill of materials of a planned design: switches and servers by
// device type, transceivers by model, cables by speed and by fabric, and breakout cables. It is
// plain Go over the planner's results and deterministic.
package bom

import (
	"bytes"
	"encoding/csv"
	"fmt"
	"maps"
	"slices"
	"sort"
	"strings"

	"github.com/netfabric-io/terraform-provider-hedgehog/internal/planner"
)

// SwitchClass is a planned switch class with the transceiver model of each zone that has one.
type SwitchClass struct {
	Input        planner.SwitchClass
	Plan         planner.SwitchPlan
	Transceivers map[string]string // zone name -> model
}

// ServerClass is a server class with the transceiver model of each connection that has one.
type ServerClass struct {
	Name, DeviceType string
	Quantity         int
	Transceivers     map[string]string // connection name -> model
}

// BOM is the bill of materials. Every map is keyed by what it counts.
type BOM struct {
	Switches map[string]int // device type -> switches
	Servers  map[string]int // device type -> servers
	// Transceivers by model: on the switch side one per used physical port of a zone that names
	// one, on the server side one per cabled NIC port of a connection that names one.
	Transceivers           map[string]int
	SwitchSideTransceivers map[string]int
	CablesBySpeed          map[string]int // "200G" -> cables (one per link)
	CablesByFabric         map[string]int // fabric of the switch class the link lands on
	// BreakoutCables counts physical ports that carry several lanes, by breakout mode: each is
	// one breakout cable (its lanes' links are counted in CablesBySpeed too).
	BreakoutCables map[string]int
	classes        map[string][]string // "switch|<type>" / "server|<type>" -> class names
}

// Build derives the bill of materials.
func Build(switches []SwitchClass, servers []ServerClass) BOM {
	b := BOM{Switches: map[string]int{}, Servers: map[string]int{}, Transceivers: map[string]int{},
		SwitchSideTransceivers: map[string]int{}, CablesBySpeed: map[string]int{}, CablesByFabric: map[string]int{},
		BreakoutCables: map[string]int{}, classes: map[string][]string{}}
	serverOptic := map[string]string{} // attachment key -> model
	for _, s := range servers {
		b.Servers[s.DeviceType] += s.Quantity
		b.classes["server|"+s.DeviceType] = append(b.classes["server|"+s.DeviceType], s.Name)
		for conn, model := range s.Transceivers {
			if model != "" {
				serverOptic[planner.Attachment{Source: planner.SourceServer, Class: s.Name, Name: conn}.Key()] = model
			}
		}
	}
	for _, sc := range switches {
		dt := sc.Input.DeviceType
		b.Switches[dt] += sc.Plan.Effective
		b.classes["switch|"+dt] = append(b.classes["switch|"+dt], sc.Input.Name)
		for _, l := range sc.Plan.Links {
			b.CablesBySpeed[planner.SpeedName(l.Speed)]++
			b.CablesByFabric[sc.Input.Fabric]++
			if model := serverOptic[l.Attachment]; model != "" {
				b.Transceivers[model]++
			}
		}
		used := usedPorts(sc)
		for _, zone := range sc.Plan.Zones {
			ports := len(used[zone.Name])
			if model := sc.Transceivers[zone.Name]; model != "" {
				b.Transceivers[model] += ports
				b.SwitchSideTransceivers[model] += ports
			}
			if bo, ok := planner.LookupBreakout(zone.Breakout); ok && bo.Lanes > 1 && ports > 0 {
				b.BreakoutCables[bo.ID] += ports
			}
		}
	}
	return b
}

type devicePort struct {
	device string
	port   int
}

// usedPorts are the physical ports of each zone (by name) that carry a link: the switch ends of the
// class's links, its own ends of mesh links, and every port of an uplink zone (other classes
// cable all of them).
func usedPorts(sc SwitchClass) map[string]map[devicePort]bool {
	out := map[string]map[devicePort]bool{}
	portOf := map[string]map[string]int{} // zone -> lane -> physical port
	for _, z := range sc.Plan.Zones {
		portOf[z.Name] = map[string]int{}
		for i, lane := range z.Lanes {
			if i < len(z.LanePorts) {
				portOf[z.Name][lane] = z.LanePorts[i]
			}
		}
	}
	mark := func(zone, device, lane string) {
		p, known := portOf[zone][lane]
		if !known {
			return
		}
		if out[zone] == nil {
			out[zone] = map[devicePort]bool{}
		}
		out[zone][devicePort{device, p}] = true
	}
	own := map[string]bool{}
	for _, d := range sc.Plan.Devices {
		own[d] = true
	}
	for _, l := range sc.Plan.Links {
		mark(l.Zone, l.BDevice, l.BPort)
		if own[l.ADevice] {
			mark(l.Zone, l.ADevice, l.APort)
		}
	}
	for _, z := range sc.Plan.Zones {
		if z.Kind != planner.ZoneUplink {
			continue
		}
		for _, d := range sc.Plan.Devices {
			for _, lane := range z.Lanes {
				mark(z.Name, d, lane)
			}
		}
	}
	return out
}

// CSV is the bill of materials with one row per line item: category, item, quantity, notes.
func (b BOM) CSV() string {
	var buf bytes.Buffer
	w := csv.NewWriter(&buf)
	_ = w.Write([]string{"category", "item", "quantity", "notes"})
	rows := func(category string, m map[string]int, note func(item string) string) {
		for _, item := range slices.Sorted(maps.Keys(m)) {
			_ = w.Write([]string{category, item, fmt.Sprint(m[item]), note(item)})
		}
	}
	classes := func(kind string) func(string) string {
		return func(item string) string {
			names := append([]string(nil), b.classes[kind+"|"+item]...)
			sort.Strings(names)
			return "classes: " + strings.Join(names, " ")
		}
	}
	rows("switch", b.Switches, classes("switch"))
	rows("server", b.Servers, classes("server"))
	rows("transceiver", b.Transceivers, func(item string) string {
		sw := b.SwitchSideTransceivers[item]
		return fmt.Sprintf("switch side %d, server side %d", sw, b.Transceivers[item]-sw)
	})
	rows("cable", b.CablesBySpeed, func(string) string { return "one per link, by speed" })
	rows("cable by fabric", b.CablesByFabric, func(string) string { return "one per link, by the fabric it lands in" })
	rows("breakout cable", b.BreakoutCables, func(string) string { return "one per physical port carrying several lanes" })
	w.Flush()
	return buf.String()
}
