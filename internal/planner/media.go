package planner

import (
	"fmt"
	"slices"
	"strings"
)

// The physical layer: what medium each link is built with, which optic goes in the cage at
// each end, and which purchasable cable joins them. It adds information to a plan and never
// changes a placement (docs/design.md, "Media and optics").

// Media a link can be built with: direct-attach copper (passive, active, active electrical),
// active optical cables, and multi- or single-mode fibre between two optics.
const (
	MediumDAC = "dac"
	MediumACC = "acc"
	MediumAEC = "aec"
	MediumAOC = "aoc"
	MediumMMF = "mmf"
	MediumSMF = "smf"
)

// Media lists the media in the order the docs give them.
var Media = []string{MediumDAC, MediumACC, MediumAEC, MediumAOC, MediumMMF, MediumSMF}

// IsFibre reports whether a medium needs an optic at each end (mmf, smf); the others are
// direct-attach cables whose ends plug into the cages themselves.
func IsFibre(medium string) bool { return medium == MediumMMF || medium == MediumSMF }

// cageSpeeds is the fastest port each cage carries, in Gbit/s. QSFP56-DD is a QSFP-DD cage.
var cageSpeeds = map[string]int{
	"OSFP": 800, "QSFP-DD": 400, "QSFP56-DD": 400, "QSFP112": 400, "QSFP56": 200, "QSFP28": 100, "QSFP+": 40,
	"SFP56": 50, "SFP28": 25, "SFP+": 10, "RJ45": 10,
}

// Cages lists the cages a NIC or a custom switch port may name, fastest first.
var Cages = []string{"OSFP", "QSFP-DD", "QSFP56-DD", "QSFP112", "QSFP56", "QSFP28", "QSFP+", "SFP56", "SFP28", "SFP+", "RJ45"}

// defaultCages is the cage a port of each speed has when nothing names one (a NIC without
// cage, a custom switch port without connector): the common cage at that speed (a 400G
// ConnectX-7 also comes as OSFP; such a NIC sets cage).
var defaultCages = map[int]string{1: "RJ45", 10: "SFP+", 25: "SFP28", 40: "QSFP+", 50: "SFP56", 100: "QSFP28",
	200: "QSFP56", 400: "QSFP112", 800: "OSFP"}

// DefaultCage is the cage of a port of the given speed that names none ("" when no cage is
// common at that speed).
func DefaultCage(speed int) string { return defaultCages[speed] }

// CageCarries reports whether a cage takes a port of speedG; unknown cages take anything.
func CageCarries(cage string, speedG int) bool {
	max, known := cageSpeeds[strings.ToUpper(cage)]
	return !known || speedG <= max
}

// cageFamily folds cages that take the same optics: a QSFP56-DD cage is a QSFP-DD cage.
func cageFamily(cage string) string {
	c := strings.ToUpper(strings.TrimSpace(cage))
	if c == "QSFP56-DD" {
		return "QSFP-DD"
	}
	return c
}

// Optic is a pluggable transceiver of the catalogue. Two optics pair over a fibre when their
// legs speak the same standard, which is how a breakout optic meets the single-lane optics at
// the far ends (an OSFP 2x400G SR4 to two QSFP112 400G SR4 host optics).
type Optic struct {
	Part     string
	Cage     string
	Medium   string
	Legs     int // links the optic carries: 1, or the lanes of a breakout
	LegSpeed int // Gbit/s of each leg
	Standard string
	// Connector is the fibre connector on the optic's face; Connectors is how many it has, so
	// Legs/Connectors legs leave each one (more than one takes a breakout fibre).
	Connector  string
	Connectors int
}

// legsPerConnector is how many legs leave each connector of the optic.
func (o Optic) legsPerConnector() int {
	if o.Connectors < 1 {
		return 1
	}
	return max(1, o.Legs/o.Connectors)
}

// optics is the catalogue, by cage family, legs, leg speed and medium. A part can serve several
// breakouts (an OSFP 800G DR8 carries 1x800G, 4x200G or 8x100G), one row each.
var optics = []Optic{
	{"OSFP-800G-DR8", "OSFP", MediumSMF, 1, 800, "800GBASE-DR8", "MPO-16", 1},
	{"OSFP-800G-SR8", "OSFP", MediumMMF, 1, 800, "800GBASE-SR8", "MPO-16", 1},
	{"OSFP-800G-2xDR4", "OSFP", MediumSMF, 2, 400, "400GBASE-DR4", "MPO-12", 2},
	{"OSFP-800G-2xSR4", "OSFP", MediumMMF, 2, 400, "400GBASE-SR4", "MPO-12", 2},
	{"OSFP-800G-DR8", "OSFP", MediumSMF, 4, 200, "200G-DR2", "MPO-16", 1},
	{"OSFP-800G-SR8", "OSFP", MediumMMF, 4, 200, "200G-SR2", "MPO-16", 1},
	{"OSFP-800G-DR8", "OSFP", MediumSMF, 8, 100, "100GBASE-DR", "MPO-16", 1},
	{"OSFP-800G-SR8", "OSFP", MediumMMF, 8, 100, "100GBASE-SR1", "MPO-16", 1},
	{"OSFP-400G-DR4", "OSFP", MediumSMF, 1, 400, "400GBASE-DR4", "MPO-12", 1},
	{"OSFP-400G-SR4", "OSFP", MediumMMF, 1, 400, "400GBASE-SR4", "MPO-12", 1},
	{"QSFP-DD-400G-DR4", "QSFP-DD", MediumSMF, 1, 400, "400GBASE-DR4", "MPO-12", 1},
	{"QSFP-DD-400G-SR8", "QSFP-DD", MediumMMF, 1, 400, "400GBASE-SR8", "MPO-16", 1},
	{"QSFP-DD-400G-DR4", "QSFP-DD", MediumSMF, 4, 100, "100GBASE-DR", "MPO-12", 1},
	{"QSFP-DD-400G-SR8", "QSFP-DD", MediumMMF, 8, 50, "50GBASE-SR", "MPO-16", 1},
	{"QSFP-DD-400G-2xFR4", "QSFP-DD", MediumSMF, 2, 200, "200GBASE-FR4", "LC duplex", 2},
	{"QSFP112-400G-DR4", "QSFP112", MediumSMF, 1, 400, "400GBASE-DR4", "MPO-12", 1},
	{"QSFP112-400G-SR4", "QSFP112", MediumMMF, 1, 400, "400GBASE-SR4", "MPO-12", 1},
	{"QSFP112-200G-DR2", "QSFP112", MediumSMF, 1, 200, "200G-DR2", "MPO-12", 1},
	{"QSFP112-200G-SR2", "QSFP112", MediumMMF, 1, 200, "200G-SR2", "MPO-12", 1},
	{"QSFP56-200G-FR4", "QSFP56", MediumSMF, 1, 200, "200GBASE-FR4", "LC duplex", 1},
	{"QSFP56-200G-SR4", "QSFP56", MediumMMF, 1, 200, "200GBASE-SR4", "MPO-12", 1},
	{"QSFP28-100G-DR", "QSFP28", MediumSMF, 1, 100, "100GBASE-DR", "LC duplex", 1},
	{"QSFP28-100G-SR4", "QSFP28", MediumMMF, 1, 100, "100GBASE-SR4", "MPO-12", 1},
	{"QSFP28-100G-SR4", "QSFP28", MediumMMF, 4, 25, "25GBASE-SR", "MPO-12", 1},
	{"QSFP28-100G-PSM4", "QSFP28", MediumSMF, 4, 25, "25GBASE-LR", "MPO-12", 1},
	{"QSFP28-100G-SR1", "QSFP28", MediumMMF, 1, 100, "100GBASE-SR1", "LC duplex", 1},
	{"QSFP+-40G-SR4", "QSFP+", MediumMMF, 1, 40, "40GBASE-SR4", "MPO-12", 1},
	{"SFP56-50G-SR", "SFP56", MediumMMF, 1, 50, "50GBASE-SR", "LC duplex", 1},
	{"SFP28-25G-SR", "SFP28", MediumMMF, 1, 25, "25GBASE-SR", "LC duplex", 1},
	{"SFP28-25G-LR", "SFP28", MediumSMF, 1, 25, "25GBASE-LR", "LC duplex", 1},
	{"SFP+-10G-SR", "SFP+", MediumMMF, 1, 10, "10GBASE-SR", "LC duplex", 1},
	{"SFP+-10G-LR", "SFP+", MediumSMF, 1, 10, "10GBASE-LR", "LC duplex", 1},
	{"SFP28-10G-SR", "SFP28", MediumMMF, 1, 10, "10GBASE-SR", "LC duplex", 1},
	{"SFP28-10G-LR", "SFP28", MediumSMF, 1, 10, "10GBASE-LR", "LC duplex", 1},
}

// Optics returns the catalogue in its order; the slice is the caller's.
func Optics() []Optic { return slices.Clone(optics) }

// LookupOptic finds the catalogue optic for a cage carrying legs x legSpeed over medium.
func LookupOptic(cage string, legs, legSpeed int, medium string) (Optic, bool) {
	fam := cageFamily(cage)
	for _, o := range optics {
		if o.Cage == fam && o.Legs == legs && o.LegSpeed == legSpeed && o.Medium == medium {
			return o, true
		}
	}
	return Optic{}, false
}

// opticByPart finds a catalogue optic by part for the given legs (parts serve several).
func opticByPart(part string, legs int) (Optic, bool) {
	var first Optic
	found := false
	for _, o := range optics {
		if !strings.EqualFold(o.Part, part) {
			continue
		}
		if o.Legs == legs {
			return o, true
		}
		if !found {
			first, found = o, true
		}
	}
	return first, found
}

// PhysicalPort is the cage a port name sits in: a breakout lane "E1/1/3" is in "E1/1"; any
// other name (a NIC port "fe-p0", a switch port "E1/2") is its own cage.
func PhysicalPort(port string) string {
	if i := strings.LastIndex(port, "/"); i > 0 && strings.Count(port, "/") >= 2 {
		return port[:i]
	}
	return port
}

// laneOf is the lane number within its cage of a breakout lane name ("E1/1/3" -> 2), 0 for
// any other port.
func laneOf(port string) int {
	if PhysicalPort(port) == port {
		return 0
	}
	var n int
	if _, err := fmt.Sscanf(port[strings.LastIndex(port, "/")+1:], "%d", &n); err != nil || n < 1 {
		return 0
	}
	return n - 1
}

// LinkMedia is what a technician installs for one link. Optics are "" where the medium is
// direct-attach, or where no medium is set and no transceiver is named.
type LinkMedia struct {
	Medium string // "" when neither end sets one
	// TwistedPair marks a dac between RJ45 ports: a copper patch cord.
	TwistedPair    bool
	ACage, BCage   string
	AOptic, BOptic string
	// Cable is the purchasable cable part ("" without a medium); links that share one breakout
	// cable (a splitter, or a breakout fibre from a breakout optic) share CableID.
	Cable, CableID string
	Length         float64 // metres; 0 when not given
}
