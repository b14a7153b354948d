// Package inventory maps a planned class to the NetBox objects it owns (devices, interfaces,
// cables), diffs that against what Terraform state records, and applies the difference
// through internal/netbox in bulk, with rollback. The mapping and the diff are plain Go with
// no HTTP; Executor is the only part that talks to NetBox.
package inventory

import (
	"maps"
	"strings"

	"github.com/netfabric-io/terraform-provider-hedgehog/internal/planner"
)

// Fields are the device fields a class owns, the same for every device of the class but for
// the serials. They are what apply writes and what refresh compares (SPEC §7).
type Fields struct {
	DeviceType  string   // device type slug
	Role        string   // device role slug
	Site        string   // site slug
	Tenant      string   // tenant slug, "" for none
	Status      string   // NetBox device status
	Description string   // names the plan and the class
	Tags        []string // tag slugs, sorted; they include PlanTag
	// PlanTag is the plan's own tag: objects of other classes of the plan are found by it.
	PlanTag string
	// Context is the device's local config context, a JSON object naming the plan, the class
	// and the class's inputs: import rebuilds the resource from it. "" writes none.
	Context string
	// Serials are the serial numbers the class gives its devices, by device name. A device
	// without one keeps the serial NetBox has, unless the class gave it one before: removing
	// it from the class clears it (SerialWrite).
	Serials map[string]string
	// BootMACs are the boot MACs of a managed switch class's switches, by device name: apply
	// makes each the primary MAC of the switch's management interface, M1 (BootMACWrite).
	BootMACs map[string]string
}

// SerialWrite is the serial that writing device name sets, when f replaces had: the class's
// serial, "" to clear one the class had set, or write false to leave NetBox's alone.
func (f Fields) SerialWrite(name string, had Fields) (serial string, write bool) {
	if s := f.Serials[name]; s != "" {
		return s, true
	}
	return "", had.Serials[name] != ""
}

// BootMACWrite is the boot MAC that writing device name sets on its management interface, as
// SerialWrite for serials: the class's MAC, "" to clear one the class had set, or write false.
func (f Fields) BootMACWrite(name string, had Fields) (mac string, write bool) {
	if m := f.BootMACs[name]; m != "" {
		return m, m != had.BootMACs[name]
	}
	return "", had.BootMACs[name] != ""
}

// Equal reports whether two field sets would write the same device.
func (f Fields) Equal(g Fields) bool {
	return f.DeviceType == g.DeviceType && f.Role == g.Role && f.Site == g.Site && f.Tenant == g.Tenant &&
		f.Status == g.Status && f.Description == g.Description && strings.Join(f.Tags, ",") == strings.Join(g.Tags, ",") &&
		f.Context == g.Context && maps.Equal(f.Serials, g.Serials) && maps.Equal(f.BootMACs, g.BootMACs)
}

// Interface is an interface a class needs on one of its own devices.
type Interface struct {
	Device, Name string
	// Type is the NetBox interface type used when the interface must be created; an
	// interface NetBox instantiated from the device type's templates is reused as it is.
	Type string
}

// Key is "device:port".
func (i Interface) Key() string { return Key(i.Device, i.Name) }

// Cable is a cable a class owns: A is the upstream end (a server or another switch), B a
// port of the class's own switch; both as "device:port".
type Cable struct {
	A, B string
	Spec CableSpec
}

// CableSpec is what NetBox says a cable is made of: its type ("" for none) and its length in
// metres (0 for none).
type CableSpec struct {
	Type   string  `json:"type,omitempty"`
	Length float64 `json:"length,omitempty"`
}

// cableTypes are NetBox's cable types for the media.
var cableTypes = map[string]string{planner.MediumDAC: "dac-passive", planner.MediumACC: "dac-active",
	planner.MediumAEC: "dac-active", planner.MediumAOC: "aoc", planner.MediumMMF: "mmf", planner.MediumSMF: "smf"}

// CableSpecOf is the NetBox cable a link's media make: a copper patch cord between RJ45 ports
// is cat6.
func CableSpecOf(m planner.LinkMedia) CableSpec {
	spec := CableSpec{Type: cableTypes[m.Medium], Length: m.Length}
	if m.TwistedPair {
		spec.Type = "cat6"
	}
	return spec
}

// Label is the cable label of SPEC §7, cut to what NetBox accepts (planner.CableLabel).
func (c Cable) Label() string { return planner.CableLabel(c.A, c.B) }

// LabelEnds reads the two ends back from a cable label "A--B" (Label); ok is false when there
// is no "--" (a label edited by hand).
func LabelEnds(label string) (a, b string, ok bool) {
	return strings.Cut(label, "--")
}

// MaxCableLabel is the longest cable label NetBox accepts.
const MaxCableLabel = planner.MaxCableLabel

// Key joins a device and a port name into "device:port" (planner.PortKey).
func Key(device, port string) string { return planner.PortKey(device, port) }

// SplitKey splits "device:port" (planner.SplitPortKey).
func SplitKey(k string) (device, port string) {
	device, port, _ = planner.SplitPortKey(k)
	return device, port
}

// Want is everything one class should own in NetBox.
type Want struct {
	Fields     Fields
	Devices    []string    // in index order
	Interfaces []Interface // on own devices
	Cables     []Cable     // each keyed by its A end
}

// Recorded is what Terraform state says a class owns, by NetBox ID.
type Recorded struct {
	Fields     Fields           // the fields the devices were last written with
	Devices    map[string]int64 // device name -> ID
	Interfaces map[string]int64 // "device:port" -> ID
	Cables     map[string]int64 // A end "device:port" -> ID
	CableEnds  map[string]string
	// CableSpecs are the type and length each cable was last written with, by A end; a cable
	// without an entry was written with neither.
	CableSpecs map[string]CableSpec
	// Created lists the interfaces this provider created (as opposed to ones NetBox
	// instantiated from templates, which belong to the device and are never deleted alone).
	Created map[string]bool
	// Drifted maps objects that refresh found changed in NetBox to what changed: devices by
	// name (owned fields differ; updated in place), cables by A end (an end is gone; replaced).
	Drifted map[string]string
}

// NewRecorded returns an empty record.
func NewRecorded() Recorded {
	return Recorded{Devices: map[string]int64{}, Interfaces: map[string]int64{}, Cables: map[string]int64{},
		CableEnds: map[string]string{}, CableSpecs: map[string]CableSpec{}, Created: map[string]bool{}, Drifted: map[string]string{}}
}

// Clone returns a deep copy.
func (r Recorded) Clone() Recorded {
	out := NewRecorded()
	out.Fields = r.Fields
	out.Fields.Tags = append([]string(nil), r.Fields.Tags...)
	out.Fields.Serials = maps.Clone(r.Fields.Serials)
	out.Fields.BootMACs = maps.Clone(r.Fields.BootMACs)
	for k, v := range r.Devices {
		out.Devices[k] = v
	}
	for k, v := range r.Interfaces {
		out.Interfaces[k] = v
	}
	for k, v := range r.Cables {
		out.Cables[k] = v
	}
	for k, v := range r.CableEnds {
		out.CableEnds[k] = v
	}
	for k, v := range r.CableSpecs {
		out.CableSpecs[k] = v
	}
	for k, v := range r.Created {
		out.Created[k] = v
	}
	for k, v := range r.Drifted {
		out.Drifted[k] = v
	}
	return out
}

// Empty reports whether the record holds no object.
func (r Recorded) Empty() bool {
	return len(r.Devices) == 0 && len(r.Interfaces) == 0 && len(r.Cables) == 0
}
