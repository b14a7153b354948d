// Package planner turns a declared Hedgehog fabric design into switch quantities, port
// allocations and diagnostics. It is pure and deterministic: the same inputs always give the
// same outputs, so Terraform can call it twice during plan and once more at apply.
package planner

import (
	"fmt"
	"strings"
)

// Limits that keep hostile input from exhausting memory or time.
const (
	MaxServersPerClass  = 100000
	MaxSwitchesPerClass = 1024
)

// Enumerations of the design vocabulary (SPEC §1, §3).
var (
	Distributions    = []string{DistSameSwitch, DistAlternating, DistRailOptimized}
	ConnectionKinds  = []string{KindUnbundled, KindBundled, KindESLAG, KindMCLAG}
	PortTypes        = []string{PortTypeData, PortTypeIPMI, PortTypePXE}
	ZoneKinds        = []string{ZoneServer, ZoneUplink, ZoneFabric, ZoneOOB, ZoneMesh}
	Strategies       = []string{StrategySequential, StrategyInterleaved, StrategySpaced, StrategyCustom}
	SwitchRoles      = []string{RoleSpine, RoleServerLeaf, RoleBorderLeaf, RoleMixedLeaf}
	FabricClasses    = []string{FabricManaged, FabricUnmanaged}
	Topologies       = []string{TopologySpineLeaf, TopologyMesh}
	RedundancyTypes  = []string{KindESLAG, KindMCLAG}
	ServerCategories = []string{"gpu", "storage", "compute", "infrastructure"}
)

const (
	DistSameSwitch    = "same-switch"
	DistAlternating   = "alternating"
	DistRailOptimized = "rail-optimized"

	KindUnbundled = "unbundled"
	KindBundled   = "bundled"
	KindESLAG     = "eslag"
	KindMCLAG     = "mclag"

	PortTypeData = "data"
	PortTypeIPMI = "ipmi"
	PortTypePXE  = "pxe"

	ZoneServer = "server"
	ZoneUplink = "uplink"
	ZoneFabric = "fabric"
	ZoneOOB    = "oob"
	ZoneMesh   = "mesh"

	StrategySequential  = "sequential"
	StrategyInterleaved = "interleaved"
	StrategySpaced      = "spaced"
	StrategyCustom      = "custom"

	RoleSpine      = "spine"
	RoleServerLeaf = "server-leaf"
	RoleBorderLeaf = "border-leaf"
	RoleMixedLeaf  = "mixed-leaf"

	FabricManaged   = "managed"
	FabricUnmanaged = "unmanaged"

	TopologySpineLeaf = "spine-leaf"
	TopologyMesh      = "mesh"

	SourceServer = "server"
	SourceSwitch = "switch"

	LinkFabric = "fabric"
	LinkMesh   = "mesh"
)

// PlanContext is what a topology plan hands to its classes.
type PlanContext struct {
	Name, Site, Tenant, DeviceStatus string
	Tags                             []string
}

// NIC is one network card model of a server class.
type NIC struct {
	Ports, Speed              int
	InterfaceType, ModuleType string
	// Cage is the NIC ports' cage ("QSFP112"); "" is DefaultCage(Speed).
	Cage string `json:",omitempty"`
}

// Physical is how a connection or a zone builds its links: every field is optional, places no
// cable and is left out of the inputs hash. A zone's values are defaults for what lands on it;
// a connection's (or an uplink zone's) are its own end's.
type Physical struct {
	Medium string `json:"-"`
	// Transceiver is the optic in the cages of this end, overriding the catalogue's.
	Transceiver string `json:"-"`
	// Cable is the cable part, overriding the derived one.
	Cable string `json:"-"`
	// Length is the cable length in metres, 0 when not given.
	Length float64 `json:"-"`
}

// Declared reports whether any physical field is set.
func (p Physical) Declared() bool { return p != Physical{} }

// Connection is a server class's intent to cable some NIC ports.
type Connection struct {
	NIC          string
	FirstPort    int
	Ports, Speed int
	Distribution string
	Rail         int
	HasRail      bool
	Kind         string
	PortType     string
	Physical
}

// ServerClass is a group of identical servers.
type ServerClass struct {
	Name          string
	Quantity      int
	DeviceType    string
	NameTemplate  string
	NICs          map[string]NIC
	Connections   map[string]Connection
	GPUsPerServer int
	Category      string
}

// Attachment is what lands on a zone: one server connection, or one uplink zone of another
// switch class. It carries everything the receiving class needs during plan.
type Attachment struct {
	Source       string // SourceServer or SourceSwitch
	Class        string
	Name         string   // connection name, or uplink zone name
	Devices      []string // device names in index order
	Names        string   // the same names as an index template ("gpu-{index:03d}"), with len(Devices)
	Ports        []string // port names used on every device, in order
	Speed        int
	Distribution string // server connections
	Rail         int    // -1 when not rail-optimized
	Kind         string // server connections: unbundled, bundled, eslag, mclag
	PortType     string // server connections: data, ipmi, pxe
	Fabric       string // switch uplinks: fabric of the source class
	Managed      bool   // switch uplinks: source class is managed by Hedgehog
	Mesh         bool   // switch uplinks: source class is a mesh topology
	// The A end's physical layer: the medium, optic, cable and length its connection or uplink
	// zone declares, its cage ("" for a server NIC without one, and for an uplink zone that
	// declares nothing physical) and its legs (lanes of the uplink zone's breakout).
	Physical
	Cage string `json:"-"`
	Legs int    `json:"-"`
}

// Key identifies an attachment across zones.
func (a Attachment) Key() string { return a.Source + ":" + a.Class + "/" + a.Name }

// Describe names the attachment for messages.
func (a Attachment) Describe() string {
	if a.Source == SourceSwitch {
		return fmt.Sprintf("uplink zone %q of switch class %q", a.Name, a.Class)
	}
	return fmt.Sprintf("connection %q of server class %q", a.Name, a.Class)
}

// Redundancy groups leaves for ESLAG (or the deprecated MCLAG).
type Redundancy struct {
	Type, Group string
}

// Zone is a named set of ports of a switch class with one breakout and one purpose.
type Zone struct {
	Kind     string
	Ports    string
	Breakout string
	Strategy string
	Order    []int
	Priority int
	Attach   []Attachment
	Physical
}

// SwitchClass is a group of identical switches.
type SwitchClass struct {
	Name         string
	Fabric       string
	FabricClass  string
	Role         string
	DeviceType   string
	Profile      string
	CustomPorts  []PortGroup
	NameTemplate string
	Override     int
	HasOverride  bool
	Redundancy   *Redundancy
	Topology     string
	Zones        map[string]Zone
	// AllowRecabling lets a plan move existing cables of the class (SPEC §5.6). Left out of the
	// inputs hash while false, so hashes of classes that never set it stay as they were.
	AllowRecabling bool `json:",omitempty"`
	// MaxOversubscription bounds the ratio of a switch's server-facing to uplink bandwidth; 0
	// means no bound (and keeps the inputs hash of classes that never set it).
	MaxOversubscription float64 `json:",omitempty"`
	// Identities are the serials and boot MACs of the class's switches, by switch name. They
	// place no cable, so they are left out of the inputs hash.
	Identities map[string]SwitchIdentity `json:"-"`
}

// Link is one cable: A is the upstream end (server or source switch), B is a port of the
// switch class that owns the zone.
type Link struct {
	Zone       string
	Attachment string // Attachment.Key() of what the A end belongs to; empty for mesh links
	Kind       string // KindUnbundled, KindBundled, KindESLAG, KindMCLAG, LinkFabric or LinkMesh
	ADevice    string
	APort      string
	BDevice    string
	BPort      string
	Speed      int
}

// Prior is what the previous plan of a switch class left in state, for sticky allocation.
type Prior struct {
	Links []Link
	// Breakouts is each zone's breakout in the previous plan: a zone whose breakout changed
	// re-places all of its links, since every cable on it is physically different.
	Breakouts map[string]string
	// Switches is how many switches the previous plan had (0 when unknown). Switches up to the
	// last one that still carries a kept cable stay, but never more than there were.
	Switches int
}

// AKey and BKey name the two ends as "device:port".
func (l Link) AKey() string { return PortKey(l.ADevice, l.APort) }
func (l Link) BKey() string { return PortKey(l.BDevice, l.BPort) }

// PortKey is "device:port", the key of a port everywhere: links, cables and interfaces in
// state and in NetBox labels. SplitPortKey reads it back; nothing else builds or splits one.
func PortKey(device, port string) string { return device + ":" + port }

// MaxCableLabel is the longest cable label NetBox accepts.
const MaxCableLabel = 100

// CableLabel is the label of the cable between two ends ("device:port" each): "A--B", cut to
// what NetBox accepts. The cabling schedule and NetBox both use it, so rows join by label.
func CableLabel(a, b string) string {
	l := a + "--" + b
	if len(l) > MaxCableLabel {
		l = l[:MaxCableLabel]
	}
	return l
}

// SplitPortKey splits a PortKey at the first colon (device names never hold one). Without a
// colon, device is k; ok is false unless both parts are non-empty.
func SplitPortKey(k string) (device, port string, ok bool) {
	device, port, found := strings.Cut(k, ":")
	return device, port, found && device != "" && port != ""
}

// Severity of a diagnostic.
type Severity int

const (
	SeverityError Severity = iota
	SeverityWarning
)

// PathStep is one step of an attribute path: an attribute name, or a map key.
type PathStep struct {
	Name  string
	IsKey bool
}

// Path points at the attribute a diagnostic is about, e.g. zones["downlinks"].ports.
type Path []PathStep

// Root starts a path at a top-level attribute.
func Root(attr string) Path { return Path{{Name: attr}} }

// Attr extends a path with a nested attribute.
func (p Path) Attr(name string) Path { return append(p[:len(p):len(p)], PathStep{Name: name}) }

// Key extends a path with a map key.
func (p Path) Key(key string) Path {
	return append(p[:len(p):len(p)], PathStep{Name: key, IsKey: true})
}

func (p Path) String() string {
	var b strings.Builder
	for i, s := range p {
		switch {
		case s.IsKey:
			fmt.Fprintf(&b, "[%q]", s.Name)
		case i > 0:
			b.WriteString("." + s.Name)
		default:
			b.WriteString(s.Name)
		}
	}
	return b.String()
}

// Diagnostic is an error or warning about one attribute.
type Diagnostic struct {
	Severity Severity
	Path     Path
	Summary  string
	Detail   string
}

// Diagnostics is a list of diagnostics in the order they were found.
type Diagnostics []Diagnostic

func (d *Diagnostics) errorf(path Path, summary, format string, args ...any) {
	*d = append(*d, Diagnostic{SeverityError, path, summary, fmt.Sprintf(format, args...)})
}

func (d *Diagnostics) warnf(path Path, summary, format string, args ...any) {
	*d = append(*d, Diagnostic{SeverityWarning, path, summary, fmt.Sprintf(format, args...)})
}

// HasError reports whether any diagnostic is an error.
func (d Diagnostics) HasError() bool {
	for _, x := range d {
		if x.Severity == SeverityError {
			return true
		}
	}
	return false
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}
