package planner

import (
	"strconv"
	"strings"
)

// Breakout is one way of using a physical port: Lanes logical ports of
// LaneSpeed Gbit/s each. NativeSpeed is the speed class of the port the mode
// belongs to (SPEC §9). Speeds are whole Gbit/s.
//
// Breakout ids are unique. A mode such as "2x200g" exists once (native 400G)
// even though an 800G OSFP port may also offer it: which modes a port offers
// is always the explicit list of its PortGroup (see catalogue.go), and Lanes /
// LaneSpeed come from this table. NativeSpeed is only used to check that a
// mode fits a port (see BreakoutFits) and for documentation.
type Breakout struct {
	ID          string
	NativeSpeed int
	Lanes       int
	LaneSpeed   int
}

// breakoutTable is the SPEC §9 breakout table in table order, followed by the
// modes that Hedgehog's switch profiles list but §9 does not name (appended so
// that the §9 order is kept). The native speed of an added mode is the port
// class that offers it in Hedgehog's catalogue (QSFP-DD 400G for the 8-lane
// and 2x40/2x100/4x50 modes, QSFP28 100G for 1x50G), by analogy with "1x40g"
// (native 100) in §9.
var breakoutTable = []Breakout{
	// SPEC §9.
	{"1x800g", 800, 1, 800},
	{"2x400g", 800, 2, 400},
	{"4x200g", 800, 4, 200},
	{"8x100g", 800, 8, 100},
	{"1x400g", 400, 1, 400},
	{"2x200g", 400, 2, 200},
	{"4x100g", 400, 4, 100},
	{"8x50g", 400, 8, 50},
	{"1x100g", 100, 1, 100},
	{"1x40g", 100, 1, 40},
	{"2x50g", 100, 2, 50},
	{"4x25g", 100, 4, 25},
	{"4x10g", 100, 4, 10},
	{"1x25g", 25, 1, 25},
	{"1x10g", 10, 1, 10},
	{"1x1g", 1, 1, 1},
	// Added: listed by Hedgehog profiles (Z9332F, DS4000, DS4101, DCS240,
	// DS5000, DS3000, S5232F) but not named in §9.
	{"1x200g", 400, 1, 200},
	{"2x100g", 400, 2, 100},
	{"2x40g", 400, 2, 40},
	{"4x50g", 400, 4, 50},
	{"8x25g", 400, 8, 25},
	{"8x10g", 400, 8, 10},
	{"1x50g", 100, 1, 50},
}

var breakoutIndex = func() map[string]int {
	m := make(map[string]int, len(breakoutTable))
	for i, b := range breakoutTable {
		m[b.ID] = i
	}
	return m
}()

// normalizeBreakoutID lower-cases and trims an id ("4x200G " -> "4x200g").
func normalizeBreakoutID(id string) string {
	return strings.ToLower(strings.TrimSpace(id))
}

// LookupBreakout returns the breakout with the given id. The lookup is
// case-insensitive and ignores surrounding whitespace ("4x200G" is "4x200g").
func LookupBreakout(id string) (Breakout, bool) {
	i, ok := breakoutIndex[normalizeBreakoutID(id)]
	if !ok {
		return Breakout{}, false
	}
	return breakoutTable[i], true
}

// Breakouts returns the breakout table: SPEC §9 in table order, then the
// added modes. The result is a copy.
func Breakouts() []Breakout {
	out := make([]Breakout, len(breakoutTable))
	copy(out, breakoutTable)
	return out
}

// BreakoutFits reports whether mode b can run on a physical port of the given
// native speed: the mode's speed class is not above the port's
// (b.NativeSpeed <= portSpeed) and its total bandwidth fits
// (Lanes*LaneSpeed <= portSpeed). This covers native modes ("2x400g" on an
// 800G port), modes of a slower port class ("2x50g" on an 800G OSFP port) and
// speed-only ports running slower ("1x10g" on a 25G SFP28 port), while
// rejecting impossible ones ("8x100g" on a 100G port).
func BreakoutFits(b Breakout, portSpeed int) bool {
	return b.Lanes >= 1 && b.LaneSpeed >= 1 &&
		b.NativeSpeed <= portSpeed && b.Lanes*b.LaneSpeed <= portSpeed
}

// WiringName is the breakout as Hedgehog's wiring writes it: "2x400G".
func (b Breakout) WiringName() string {
	return strconv.Itoa(b.Lanes) + "x" + SpeedName(b.LaneSpeed)
}

// SpeedName is a speed as Hedgehog's wiring writes it (portSpeeds): "25G".
func SpeedName(speedG int) string {
	return strconv.Itoa(speedG) + "G"
}

// LaneNames returns the Hedgehog lane names of physical port p: "E1/p" for
// 1 lane, "E1/p/1".."E1/p/L" otherwise.
func LaneNames(port int, b Breakout) []string {
	base := "E1/" + strconv.Itoa(port)
	if b.Lanes <= 1 {
		return []string{base}
	}
	out := make([]string, b.Lanes)
	for i := range out {
		out[i] = base + "/" + strconv.Itoa(i+1)
	}
	return out
}

// ManagementPort is the Hedgehog name of the management port every catalogue
// profile has.
const ManagementPort = "M1"

// speedInterfaceTypes is the SPEC §7 speed -> NetBox interface type table.
var speedInterfaceTypes = map[int]string{
	800: "800gbase-x-osfp",
	400: "400gbase-x-qsfpdd",
	200: "200gbase-x-qsfp56",
	100: "100gbase-x-qsfp28",
	50:  "50gbase-x-sfp56",
	40:  "40gbase-x-qsfpp",
	25:  "25gbase-x-sfp28",
	10:  "10gbase-x-sfpp",
	1:   "1000base-t",
}

// SpeedInterfaceType maps a lane speed to a NetBox interface type (SPEC §7):
// 800 -> "800gbase-x-osfp", ..., 1 -> "1000base-t". Unknown speeds give
// "other".
func SpeedInterfaceType(speedG int) string {
	if t, ok := speedInterfaceTypes[speedG]; ok {
		return t
	}
	return "other"
}

// InterfaceTypeFor refines SpeedInterfaceType with the physical connector of
// the port (SPEC §7: "800gbase-x-osfp (or -qsfpdd per profile)"): 800G and
// 400G follow the cage (OSFP or QSFP-DD), 10G on RJ45 is "10gbase-t".
// Anything else is SpeedInterfaceType(speedG).
func InterfaceTypeFor(speedG int, connector string) string {
	c := strings.ToUpper(connector)
	isDD := strings.Contains(c, "-DD")
	switch {
	case speedG == 800 && isDD:
		return "800gbase-x-qsfpdd"
	case speedG == 400 && c == "OSFP":
		return "400gbase-x-osfp"
	case speedG == 10 && c == "RJ45":
		return "10gbase-t"
	}
	return SpeedInterfaceType(speedG)
}
