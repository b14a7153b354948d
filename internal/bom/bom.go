// Package bom derives what a planned design needs bought and installed: the bill of materials
// (switches and servers by device type, NICs by module type, transceivers and cables by part),
// the link counts, and the cabling schedule with one row per link. It is plain Go over the
// planner's results and deterministic.
package bom

import (
	"bytes"
	"encoding/csv"
	"fmt"
	"maps"
	"slices"
	"sort"
	"strconv"
	"strings"

	"github.com/netfabric-io/terraform-provider-hedgehog/internal/planner"
)

// SwitchClass is a planned switch class.
type SwitchClass struct {
	Input planner.SwitchClass
	Plan  planner.SwitchPlan
}

// ServerClass is a server class: its servers and their NICs.
type ServerClass struct {
	Name, DeviceType string
	Quantity         int
	NICs             map[string]planner.NIC
}

// Categories of the bill of materials, in the order of the CSV.
const (
	CategorySwitch      = "switch"
	CategoryServer      = "server"
	CategoryNIC         = "nic"
	CategoryTransceiver = "transceiver"
	CategoryCable       = "cable"
)

// Categories lists them in CSV order.
var Categories = []string{CategorySwitch, CategoryServer, CategoryNIC, CategoryTransceiver, CategoryCable}

// BOM is the bill of materials: only parts one buys, each counted once.
type BOM struct {
	Switches     map[string]int // device type -> switches
	Servers      map[string]int // device type -> servers
	NICs         map[string]int // module type -> cards (NICs that name one)
	Transceivers map[string]int // part -> optics, one per cage at each end
	Cables       map[string]int // part -> cables; a splitter or breakout fibre counts once
	Links        Links
	Schedule     []Row
	notes        map[string]*note // "<category>|<part>"
}

// Links counts links (one per lane pair), which are not parts: a splitter carries several.
type Links struct {
	Total    int
	BySpeed  map[string]int // "200G" -> links
	ByFabric map[string]int // fabric of the switch class the link lands on
}

// Row is one link of the cabling schedule.
type Row struct {
	Label                  string // the NetBox cable label
	Fabric, Zone           string
	ADevice, APort, AOptic string
	BDevice, BPort, BOptic string
	Speed, Medium, Cable   string
}

// note gathers what the notes column of a line says.
type note struct {
	classes map[string]bool
	sides   [2]int // transceivers: switch side, server side
	links   int    // cables: links they carry
}

// unspecifiedCable is the cable line of links whose ends declare no medium.
func unspecifiedCable(speed int) string { return planner.SpeedName(speed) + " link, medium not set" }

// Build derives the bill of materials and the cabling schedule.
func Build(switches []SwitchClass, servers []ServerClass) BOM {
	b := BOM{Switches: map[string]int{}, Servers: map[string]int{}, NICs: map[string]int{}, Transceivers: map[string]int{},
		Cables: map[string]int{}, Links: Links{BySpeed: map[string]int{}, ByFabric: map[string]int{}}, notes: map[string]*note{}}
	for _, s := range servers {
		b.Servers[s.DeviceType] += s.Quantity
		b.note(CategoryServer, s.DeviceType).classes[s.Name] = true
		for _, name := range slices.Sorted(maps.Keys(s.NICs)) {
			if n := s.NICs[name]; n.ModuleType != "" && s.Quantity > 0 {
				b.NICs[n.ModuleType] += s.Quantity
				b.note(CategoryNIC, n.ModuleType).classes[s.Name] = true
			}
		}
	}
	optics := map[string]bool{} // "device:cage" that already has its optic counted
	cables := map[string]bool{} // cable IDs already counted
	for _, sc := range switches {
		b.Switches[sc.Input.DeviceType] += sc.Plan.Effective
		b.note(CategorySwitch, sc.Input.DeviceType).classes[sc.Input.Name] = true
		for i, l := range sc.Plan.Links {
			var m planner.LinkMedia
			if i < len(sc.Plan.Media) {
				m = sc.Plan.Media[i]
			}
			b.Links.Total++
			b.Links.BySpeed[planner.SpeedName(l.Speed)]++
			b.Links.ByFabric[sc.Input.Fabric]++
			b.countOptic(optics, m.AOptic, l.ADevice, l.APort, strings.HasPrefix(l.Attachment, planner.SourceServer+":"))
			b.countOptic(optics, m.BOptic, l.BDevice, l.BPort, false)
			part := m.Cable
			if part == "" {
				part = unspecifiedCable(l.Speed)
			}
			if !cables[m.CableID] || m.CableID == "" {
				cables[m.CableID] = true
				b.Cables[part]++
			}
			b.note(CategoryCable, part).links++
			b.Schedule = append(b.Schedule, Row{Label: planner.CableLabel(l.AKey(), l.BKey()), Fabric: sc.Input.Fabric, Zone: l.Zone,
				ADevice: l.ADevice, APort: l.APort, AOptic: m.AOptic, BDevice: l.BDevice, BPort: l.BPort, BOptic: m.BOptic,
				Speed: planner.SpeedName(l.Speed), Medium: m.Medium, Cable: m.Cable})
		}
	}
	sortSchedule(b.Schedule)
	return b
}

// countOptic counts the optic of one end once per cage: the lanes of a breakout share it.
func (b *BOM) countOptic(seen map[string]bool, part, device, port string, serverSide bool) {
	if part == "" {
		return
	}
	k := planner.PortKey(device, planner.PhysicalPort(port))
	if seen[k] {
		return
	}
	seen[k] = true
	b.Transceivers[part]++
	side := 0
	if serverSide {
		side = 1
	}
	b.note(CategoryTransceiver, part).sides[side]++
}

func (b *BOM) note(category, part string) *note {
	k := category + "|" + part
	n := b.notes[k]
	if n == nil {
		n = &note{classes: map[string]bool{}}
		b.notes[k] = n
	}
	return n
}

// notesOf is the notes column of a line.
func (b BOM) notesOf(category, part string) string {
	n := b.notes[category+"|"+part]
	if n == nil {
		return ""
	}
	switch category {
	case CategoryTransceiver:
		return fmt.Sprintf("switch side %d, server side %d", n.sides[0], n.sides[1])
	case CategoryCable:
		if strings.HasSuffix(part, "medium not set") {
			return fmt.Sprintf("%d links; set medium on their connection or zone to name the cable", n.links)
		}
		if q := b.Cables[part]; q != n.links {
			return fmt.Sprintf("%d links, %d lanes per cable at most", n.links, ceilDiv(n.links, q))
		}
		return fmt.Sprintf("%d links", n.links)
	}
	return "classes: " + strings.Join(slices.Sorted(maps.Keys(n.classes)), " ")
}

func ceilDiv(a, b int) int {
	if b == 0 {
		return 0
	}
	return (a + b - 1) / b
}

// Lines are the BOM's lines in CSV order: by category, then part.
func (b BOM) Lines() [][4]string {
	var out [][4]string
	for _, c := range Categories {
		m := map[string]map[string]int{CategorySwitch: b.Switches, CategoryServer: b.Servers, CategoryNIC: b.NICs,
			CategoryTransceiver: b.Transceivers, CategoryCable: b.Cables}[c]
		for _, part := range slices.Sorted(maps.Keys(m)) {
			out = append(out, [4]string{c, part, strconv.Itoa(m[part]), b.notesOf(c, part)})
		}
	}
	return out
}

// CSV is the bill of materials as CSV with the columns category, part, quantity, notes.
func (b BOM) CSV() string {
	rows := [][]string{{"category", "part", "quantity", "notes"}}
	for _, l := range b.Lines() {
		rows = append(rows, l[:])
	}
	return writeCSV(rows)
}

// ScheduleColumns are the cabling schedule's columns.
var ScheduleColumns = []string{"label", "fabric", "zone", "a_device", "a_port", "a_optic", "b_device", "b_port", "b_optic",
	"speed", "medium", "cable"}

// Values are a row's values in ScheduleColumns order.
func (r Row) Values() []string {
	return []string{r.Label, r.Fabric, r.Zone, r.ADevice, r.APort, r.AOptic, r.BDevice, r.BPort, r.BOptic, r.Speed, r.Medium, r.Cable}
}

// ScheduleCSV is the cabling schedule as CSV.
func (b BOM) ScheduleCSV() string {
	rows := [][]string{ScheduleColumns}
	for _, r := range b.Schedule {
		rows = append(rows, r.Values())
	}
	return writeCSV(rows)
}

func writeCSV(rows [][]string) string {
	var buf bytes.Buffer
	w := csv.NewWriter(&buf)
	_ = w.WriteAll(rows)
	return buf.String()
}

// sortSchedule orders rows so that a technician walks switch by switch: by the switch end (B)
// and its port in port order (E1/2 before E1/10), then the A end.
func sortSchedule(rows []Row) {
	sort.SliceStable(rows, func(i, j int) bool {
		x, y := rows[i], rows[j]
		if x.BDevice != y.BDevice {
			return naturalLess(x.BDevice, y.BDevice)
		}
		if x.BPort != y.BPort {
			return naturalLess(x.BPort, y.BPort)
		}
		if x.ADevice != y.ADevice {
			return naturalLess(x.ADevice, y.ADevice)
		}
		return naturalLess(x.APort, y.APort)
	})
}

// naturalLess compares names with their digit runs as numbers: "E1/2/1" < "E1/10/1".
func naturalLess(a, b string) bool {
	for a != "" && b != "" {
		da, ra := digitRun(a)
		db, rb := digitRun(b)
		switch {
		case da != "" && db != "":
			na, _ := strconv.Atoi(da)
			nb, _ := strconv.Atoi(db)
			if na != nb {
				return na < nb
			}
			if len(da) != len(db) {
				return len(da) < len(db)
			}
			a, b = ra, rb
		case a[0] != b[0]:
			return a[0] < b[0]
		default:
			a, b = a[1:], b[1:]
		}
	}
	return len(a) < len(b)
}

// digitRun splits the leading digits off s.
func digitRun(s string) (digits, rest string) {
	i := 0
	for i < len(s) && s[i] >= '0' && s[i] <= '9' {
		i++
	}
	return s[:i], s[i:]
}
