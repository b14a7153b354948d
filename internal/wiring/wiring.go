// Package wiring renders the Hedgehog wiring diagram of one fabric from planned switch classes
// (SPEC §8). It is plain Go and deterministic: the same classes always give the same bytes.
//
// Objects: VLANNamespace "default" and IPv4Namespace "default"; a SwitchGroup per redundancy
// group of the fabric's managed classes; a Switch per managed switch; a Server per server with a
// link to a managed switch of the fabric, and one per unmanaged switch cabled to one (a
// surrogate, e.g. an OOB leaf); a Connection per link set.
//
// Names. Object names are the device names passed through planner.SanitizeHedgehogName.
// Connection names follow Hedgehog's ConnectionSpec.GenerateName: "<left>--<type>--<right>",
// where left is the server (unbundled, bundled, eslag, mclag), the spine (fabric) or the first
// leaf of the pair (mesh), and right is the switch, the leaf, the second leaf, or for eslag and
// mclag every switch in sorted order joined with "--". Each part is sanitized on its own, so the
// "--" separators survive. Uniqueness: when several connections get the same name (two
// unbundled links between one server and one switch, e.g. rails 0 and 1 of a backend server on
// one rail leaf), each of them gets "--<sanitized first server port>" appended
// ("gpu-with-backend-001--unbundled--be-rail-leaf-01--be-p0"). A name longer than 63 characters
// keeps its first 54 characters and ends in "-" plus 8 hex digits of the SHA-256 of the full
// name. Build fails if names still collide.
//
// Documents are sorted by kind (plain string order: Connection, IPv4Namespace, Server, Switch,
// SwitchGroup, VLANNamespace), then by name.
package wiring

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"maps"
	"slices"
	"sort"
	"strconv"
	"strings"

	"gopkg.in/yaml.v3"

	"github.com/netfabric-io/terraform-provider-hedgehog/internal/planner"
)

// API groups and fixed objects (SPEC §8).
const (
	WiringAPI      = "wiring.githedgehog.com/v1beta1"
	VPCAPI         = "vpc.githedgehog.com/v1beta1"
	Namespace      = "default"
	DefaultVLANLow = 1000
	DefaultVLANTop = 2999
	DefaultSubnet  = "10.0.0.0/16"

	KindConnection    = "Connection"
	KindIPv4Namespace = "IPv4Namespace"
	KindServer        = "Server"
	KindSwitch        = "Switch"
	KindSwitchGroup   = "SwitchGroup"
	KindVLANNamespace = "VLANNamespace"

	maxName = 63
)

// Class is one planned switch class.
type Class struct {
	Input planner.SwitchClass
	Plan  planner.SwitchPlan
}

// Metadata is the object metadata written to the wiring.
type Metadata struct {
	Name      string `yaml:"name"`
	Namespace string `yaml:"namespace"`
}

// Document is one object of the wiring diagram. Spec is one of the *Spec types of this package.
type Document struct {
	APIVersion string   `yaml:"apiVersion"`
	Kind       string   `yaml:"kind"`
	Metadata   Metadata `yaml:"metadata"`
	Spec       any      `yaml:"spec"`
}

// VLANRange is a range of VLAN ids.
type VLANRange struct {
	From int `yaml:"from"`
	To   int `yaml:"to"`
}

// VLANNamespaceSpec is the spec of a VLANNamespace.
type VLANNamespaceSpec struct {
	Ranges []VLANRange `yaml:"ranges"`
}

// IPv4NamespaceSpec is the spec of an IPv4Namespace.
type IPv4NamespaceSpec struct {
	Subnets []string `yaml:"subnets"`
}

// SwitchGroupSpec is the (empty) spec of a SwitchGroup.
type SwitchGroupSpec struct{}

// ServerSpec is the spec of a Server.
type ServerSpec struct {
	Description string `yaml:"description,omitempty"`
}

// SwitchBoot identifies a switch at provisioning: Hedgehog matches a booting switch by its
// serial or by its management port's MAC.
type SwitchBoot struct {
	Serial string `yaml:"serial,omitempty"`
	MAC    string `yaml:"mac"`
}

// SwitchRedundancy is the redundancy group of a switch.
type SwitchRedundancy struct {
	Group string `yaml:"group"`
	Type  string `yaml:"type"`
}

// SwitchSpec is the spec of a Switch. No ASN or IP fields: hhfab hydrates them.
type SwitchSpec struct {
	Role          string            `yaml:"role"`
	Profile       string            `yaml:"profile"`
	Boot          SwitchBoot        `yaml:"boot"`
	Groups        []string          `yaml:"groups,omitempty"`
	Redundancy    *SwitchRedundancy `yaml:"redundancy,omitempty"`
	PortBreakouts map[string]string `yaml:"portBreakouts,omitempty"`
	PortSpeeds    map[string]string `yaml:"portSpeeds,omitempty"`
}

// Port is one end of a link: "<object name>/<port>".
type Port struct {
	Port string `yaml:"port"`
}

// ServerLink is a server-to-switch link.
type ServerLink struct {
	Server Port `yaml:"server"`
	Switch Port `yaml:"switch"`
}

// FabricLink is a leaf-to-spine link.
type FabricLink struct {
	Leaf  Port `yaml:"leaf"`
	Spine Port `yaml:"spine"`
}

// MeshLink is a leaf-to-leaf link.
type MeshLink struct {
	Leaf1 Port `yaml:"leaf1"`
	Leaf2 Port `yaml:"leaf2"`
}

// UnbundledConn has exactly one link.
type UnbundledConn struct {
	Link ServerLink `yaml:"link"`
}

// ServerLinks is the body of bundled, eslag and mclag connections.
type ServerLinks struct {
	Links []ServerLink `yaml:"links"`
}

// FabricConn is all links of one spine-leaf pair.
type FabricConn struct {
	Links []FabricLink `yaml:"links"`
}

// MeshConn is all links of one leaf pair.
type MeshConn struct {
	Links []MeshLink `yaml:"links"`
}

// ConnectionSpec holds exactly one connection type.
type ConnectionSpec struct {
	Unbundled *UnbundledConn `yaml:"unbundled,omitempty"`
	Bundled   *ServerLinks   `yaml:"bundled,omitempty"`
	ESLAG     *ServerLinks   `yaml:"eslag,omitempty"`
	MCLAG     *ServerLinks   `yaml:"mclag,omitempty"`
	Fabric    *FabricConn    `yaml:"fabric,omitempty"`
	Mesh      *MeshConn      `yaml:"mesh,omitempty"`
}

// Kind names the connection type the spec holds: unbundled, bundled, eslag, mclag, fabric or mesh.
func (s ConnectionSpec) Kind() string {
	switch {
	case s.Unbundled != nil:
		return "unbundled"
	case s.Bundled != nil:
		return "bundled"
	case s.ESLAG != nil:
		return "eslag"
	case s.MCLAG != nil:
		return "mclag"
	case s.Fabric != nil:
		return "fabric"
	case s.Mesh != nil:
		return "mesh"
	}
	return ""
}

// BootMAC is the deterministic boot MAC of a switch: "02:" followed by bytes 1..5 (0-based, so
// the first byte is skipped) of SHA-256 of the device name, lowercase hex, colon separated.
// SHA-256("fe-spine-01") starts db 51 14 70 c8 a5, giving "02:51:14:70:c8:a5" (the SPEC §8
// vector).
func BootMAC(deviceName string) string {
	sum := sha256.Sum256([]byte(deviceName))
	parts := []string{"02"}
	for _, b := range sum[1:6] {
		parts = append(parts, hex.EncodeToString([]byte{b}))
	}
	return strings.Join(parts, ":")
}

// Boot is how a switch of the class identifies at boot: the serial and boot MAC its class's
// identities give, else the MAC derived from its name (BootMAC). A malformed MAC is an error
// (the switch class reports it at plan, with its attribute path).
func (c Class) Boot(device string) (SwitchBoot, error) {
	id := c.Input.Identities[device]
	boot := SwitchBoot{Serial: id.Serial, MAC: BootMAC(device)}
	if id.BootMAC != "" {
		mac, err := planner.NormalizeMAC(id.BootMAC)
		if err != nil {
			return boot, fmt.Errorf("wiring: switch %q: boot_mac %w", device, err)
		}
		boot.MAC = mac
	}
	return boot, nil
}

// Unidentified lists the switches of a managed class that Hedgehog cannot recognise at boot:
// the class's identities give them neither a serial nor a boot MAC, so their boot.mac is the
// one derived from their name, which no real switch has.
func (c Class) Unidentified() []string {
	if !isManaged(c) {
		return nil
	}
	var out []string
	for _, dev := range c.Plan.Devices {
		if id := c.Input.Identities[dev]; id.BootMAC == "" && id.Serial == "" {
			out = append(out, dev)
		}
	}
	return out
}

// Render builds, validates and serialises the wiring of one fabric: a YAML stream whose
// documents each start with "---", without comments.
func Render(fabric string, classes []Class) ([]byte, error) {
	docs, err := Build(fabric, classes)
	if err != nil {
		return nil, err
	}
	if err := Validate(docs, classes); err != nil {
		return nil, err
	}
	return Encode(docs)
}

// Encode writes documents as a YAML stream, each starting with "---".
func Encode(docs []Document) ([]byte, error) {
	var buf bytes.Buffer
	for _, d := range docs {
		buf.WriteString("---\n")
		enc := yaml.NewEncoder(&buf)
		enc.SetIndent(2)
		if err := enc.Encode(d); err != nil {
			return nil, fmt.Errorf("wiring: encode %s %s: %w", d.Kind, d.Metadata.Name, err)
		}
		if err := enc.Close(); err != nil {
			return nil, err
		}
	}
	return buf.Bytes(), nil
}

func isManaged(c Class) bool {
	return c.Input.FabricClass == "" || c.Input.FabricClass == planner.FabricManaged
}

func isServerKind(kind string) bool {
	switch kind {
	case planner.KindUnbundled, planner.KindBundled, planner.KindESLAG, planner.KindMCLAG:
		return true
	}
	return false
}

func profileOf(sc planner.SwitchClass) (*planner.Profile, bool) {
	name := sc.Profile
	if name == "" {
		name = sc.DeviceType
	}
	return planner.LookupProfile(name)
}

func newDoc(api, kind, name string, spec any) Document {
	return Document{APIVersion: api, Kind: kind, Metadata: Metadata{Name: name, Namespace: Namespace}, Spec: spec}
}

// builder collects the objects of one fabric.
type builder struct {
	docs    []Document
	objects map[string]string // sanitized object name -> device name it came from
	conns   []pendingConn
}

type pendingConn struct {
	base, serverPort string
	spec             ConnectionSpec
}

// object registers a device as a wiring object and returns its name.
func (b *builder) object(device string) (string, error) {
	name := planner.SanitizeHedgehogName(device)
	if name == "" {
		return "", fmt.Errorf("wiring: device %q has no valid Hedgehog name", device)
	}
	if prev, ok := b.objects[name]; ok && prev != device {
		return "", fmt.Errorf("wiring: devices %q and %q both become object %q", prev, device, name)
	}
	b.objects[name] = device
	return name, nil
}

func ref(obj, port string) Port { return Port{Port: obj + "/" + port} }

// managedFabrics says which fabrics the classes passed in do have, for a misspelled one.
func managedFabrics(classes []Class) string {
	seen := map[string]bool{}
	for _, c := range classes {
		if isManaged(c) {
			seen[c.Input.Fabric] = true
		}
	}
	if len(seen) == 0 {
		return "none of the switch classes passed in is managed (fabric_class = \"managed\")"
	}
	return "the managed fabrics of the switch classes passed in are " + strings.Join(slices.Sorted(maps.Keys(seen)), ", ")
}

// Build returns the documents of one fabric's wiring, sorted by kind then name.
func Build(fabric string, classes []Class) ([]Document, error) {
	var managed []Class
	for _, c := range classes {
		if c.Input.Fabric == fabric && isManaged(c) {
			managed = append(managed, c)
		}
	}
	if len(managed) == 0 {
		return nil, fmt.Errorf("wiring: fabric %q has no managed switch class; %s", fabric, managedFabrics(classes))
	}
	sort.SliceStable(managed, func(i, j int) bool { return managed[i].Input.Name < managed[j].Input.Name })
	b := &builder{objects: map[string]string{}}
	b.docs = append(b.docs,
		newDoc(WiringAPI, KindVLANNamespace, Namespace, VLANNamespaceSpec{Ranges: []VLANRange{{DefaultVLANLow, DefaultVLANTop}}}),
		newDoc(VPCAPI, KindIPv4Namespace, Namespace, IPv4NamespaceSpec{Subnets: []string{DefaultSubnet}}))

	switches := map[string]string{} // device -> object name
	groups := map[string]bool{}
	for _, c := range managed {
		prof, ok := profileOf(c.Input)
		if !ok {
			return nil, fmt.Errorf("wiring: switch class %q: unknown Hedgehog profile", c.Input.Name)
		}
		cfg, err := portConfig(c, prof)
		if err != nil {
			return nil, err
		}
		for _, dev := range c.Plan.Devices {
			name, err := b.object(dev)
			if err != nil {
				return nil, err
			}
			switches[dev] = name
			boot, err := c.Boot(dev)
			if err != nil {
				return nil, err
			}
			spec := SwitchSpec{Role: c.Input.Role, Profile: prof.Name, Boot: boot}
			if r := c.Input.Redundancy; r != nil && r.Group != "" {
				g := planner.SanitizeHedgehogName(r.Group)
				spec.Groups = []string{g}
				spec.Redundancy = &SwitchRedundancy{Group: g, Type: r.Type}
				groups[g] = true
			}
			spec.PortBreakouts, spec.PortSpeeds = cfg.render(dev, prof)
			b.docs = append(b.docs, newDoc(WiringAPI, KindSwitch, name, spec))
		}
	}
	for g := range groups {
		b.docs = append(b.docs, newDoc(WiringAPI, KindSwitchGroup, g, SwitchGroupSpec{}))
	}

	servers := map[string]string{} // device -> object name
	addServer := func(dev, descr string) (string, error) {
		if name, ok := servers[dev]; ok {
			return name, nil
		}
		if _, ok := switches[dev]; ok {
			return "", fmt.Errorf("wiring: managed switch %q cannot also be a server", dev)
		}
		name, err := b.object(dev)
		if err != nil {
			return "", err
		}
		servers[dev] = name
		b.docs = append(b.docs, newDoc(WiringAPI, KindServer, name, ServerSpec{Description: descr}))
		return name, nil
	}
	type groupKey struct{ kind, att, server, sw string }
	grouped := map[groupKey][]planner.Link{}
	var groupOrder []groupKey
	type pairKey struct{ a, b string }
	fabricLinks := map[pairKey][]FabricLink{}
	meshLinks := map[pairKey][]MeshLink{}
	var fabricOrder, meshOrder []pairKey

	for _, c := range managed {
		for _, l := range c.Plan.Links {
			sw, ok := switches[l.BDevice]
			if !ok {
				return nil, fmt.Errorf("wiring: link %s-%s: switch %q is not a planned device of class %q", l.AKey(), l.BKey(), l.BDevice, c.Input.Name)
			}
			switch {
			case l.Kind == planner.LinkFabric:
				leaf, ok := switches[l.ADevice]
				if !ok {
					return nil, fmt.Errorf("wiring: fabric link %s-%s: leaf %q is not a managed switch of fabric %q", l.AKey(), l.BKey(), l.ADevice, fabric)
				}
				k := pairKey{sw, leaf}
				if _, seen := fabricLinks[k]; !seen {
					fabricOrder = append(fabricOrder, k)
				}
				fabricLinks[k] = append(fabricLinks[k], FabricLink{Leaf: ref(leaf, l.APort), Spine: ref(sw, l.BPort)})
			case l.Kind == planner.LinkMesh:
				peer, ok := switches[l.ADevice]
				if !ok {
					return nil, fmt.Errorf("wiring: mesh link %s-%s: %q is not a managed switch of fabric %q", l.AKey(), l.BKey(), l.ADevice, fabric)
				}
				k := pairKey{peer, sw}
				if _, seen := meshLinks[k]; !seen {
					meshOrder = append(meshOrder, k)
				}
				meshLinks[k] = append(meshLinks[k], MeshLink{Leaf1: ref(peer, l.APort), Leaf2: ref(sw, l.BPort)})
			case isServerKind(l.Kind) && strings.HasPrefix(l.Attachment, planner.SourceServer+":"):
				if _, err := addServer(l.ADevice, ""); err != nil {
					return nil, err
				}
				k := groupKey{l.Kind, l.Attachment, l.ADevice, ""}
				switch l.Kind {
				case planner.KindUnbundled:
					k.sw = strconv.Itoa(len(groupOrder)) // one connection per link
				case planner.KindBundled:
					k.sw = l.BDevice
				}
				if _, seen := grouped[k]; !seen {
					groupOrder = append(groupOrder, k)
				}
				grouped[k] = append(grouped[k], l)
			case l.Kind == planner.KindUnbundled && strings.HasPrefix(l.Attachment, planner.SourceSwitch+":"):
				if _, err := addServer(l.ADevice, "surrogate of unmanaged switch "+l.ADevice); err != nil {
					return nil, err
				}
				k := groupKey{l.Kind, l.Attachment, l.ADevice, strconv.Itoa(len(groupOrder))}
				if _, seen := grouped[k]; !seen {
					groupOrder = append(groupOrder, k)
				}
				grouped[k] = append(grouped[k], l)
			default:
				return nil, fmt.Errorf("wiring: link %s-%s of class %q: unsupported kind %q for attachment %q", l.AKey(), l.BKey(), c.Input.Name, l.Kind, l.Attachment)
			}
		}
	}

	for _, k := range groupOrder {
		links := grouped[k]
		server := servers[k.server]
		var sl []ServerLink
		var sws []string
		seen := map[string]bool{}
		for _, l := range links {
			sl = append(sl, ServerLink{Server: ref(server, l.APort), Switch: ref(switches[l.BDevice], l.BPort)})
			if !seen[l.BDevice] {
				seen[l.BDevice] = true
				sws = append(sws, switches[l.BDevice])
			}
		}
		sort.Strings(sws)
		var spec ConnectionSpec
		switch k.kind {
		case planner.KindUnbundled:
			spec.Unbundled = &UnbundledConn{Link: sl[0]}
		case planner.KindBundled:
			spec.Bundled = &ServerLinks{Links: sl}
		case planner.KindESLAG:
			spec.ESLAG = &ServerLinks{Links: sl}
		default:
			spec.MCLAG = &ServerLinks{Links: sl}
		}
		b.conns = append(b.conns, pendingConn{base: server + "--" + k.kind + "--" + strings.Join(sws, "--"),
			serverPort: links[0].APort, spec: spec})
	}
	for _, k := range fabricOrder {
		b.conns = append(b.conns, pendingConn{base: k.a + "--" + planner.LinkFabric + "--" + k.b,
			spec: ConnectionSpec{Fabric: &FabricConn{Links: fabricLinks[k]}}})
	}
	for _, k := range meshOrder {
		b.conns = append(b.conns, pendingConn{base: k.a + "--" + planner.LinkMesh + "--" + k.b,
			spec: ConnectionSpec{Mesh: &MeshConn{Links: meshLinks[k]}}})
	}
	if err := b.nameConnections(); err != nil {
		return nil, err
	}
	sort.SliceStable(b.docs, func(i, j int) bool {
		if b.docs[i].Kind != b.docs[j].Kind {
			return b.docs[i].Kind < b.docs[j].Kind
		}
		return b.docs[i].Metadata.Name < b.docs[j].Metadata.Name
	})
	return b.docs, nil
}

// nameConnections gives every pending connection its unique name (see the package comment).
func (b *builder) nameConnections() error {
	count := map[string]int{}
	for _, c := range b.conns {
		count[c.base]++
	}
	used := map[string]bool{}
	for _, c := range b.conns {
		name := c.base
		if count[c.base] > 1 {
			name += "--" + planner.SanitizeHedgehogName(c.serverPort)
		}
		name = limitName(name)
		if used[name] {
			return fmt.Errorf("wiring: connection name %q is not unique", name)
		}
		used[name] = true
		b.docs = append(b.docs, newDoc(WiringAPI, KindConnection, name, c.spec))
	}
	return nil
}

// limitName keeps a name within 63 characters: a longer one keeps its first 54 characters and
// ends in "-" and 8 hex digits of its SHA-256.
func limitName(name string) string {
	if len(name) <= maxName {
		return name
	}
	sum := sha256.Sum256([]byte(name))
	return strings.TrimRight(name[:54], "-") + "-" + hex.EncodeToString(sum[:4])
}

// classPorts is the zones of one switch class by physical port, and which device uses which.
type classPorts struct {
	ports []int                              // physical ports in any zone, sorted
	zones map[int][]planner.ZoneResult       // physical port -> zones listing it, by name
	used  map[string]map[string]map[int]bool // device -> zone -> physical ports with used lanes
}

// portConfig indexes a class's zones by physical port. Uplink and mesh zones count as used in
// full (every lane is cabled by another class or a peer); other zones count the lanes the
// class's links use on each device.
func portConfig(c Class, prof *planner.Profile) (*classPorts, error) {
	cp := &classPorts{zones: map[int][]planner.ZoneResult{}, used: map[string]map[string]map[int]bool{}}
	zones := append([]planner.ZoneResult(nil), c.Plan.Zones...)
	sort.Slice(zones, func(i, j int) bool { return zones[i].Name < zones[j].Name })
	for _, z := range zones {
		ports, err := planner.ParsePortSpec(z.Ports)
		if err != nil {
			return nil, fmt.Errorf("wiring: switch class %q zone %q: %v", c.Input.Name, z.Name, err)
		}
		if _, ok := planner.LookupBreakout(z.Breakout); !ok {
			return nil, fmt.Errorf("wiring: switch class %q zone %q: unknown breakout %q", c.Input.Name, z.Name, z.Breakout)
		}
		for _, p := range ports {
			if _, ok := prof.Port(p); !ok {
				return nil, fmt.Errorf("wiring: switch class %q zone %q: port E1/%d is not in profile %s", c.Input.Name, z.Name, p, prof.Name)
			}
			if len(cp.zones[p]) == 0 {
				cp.ports = append(cp.ports, p)
			}
			cp.zones[p] = append(cp.zones[p], z)
		}
	}
	sort.Ints(cp.ports)
	for _, l := range c.Plan.Links {
		if p, ok := physicalPort(l.BPort); ok {
			cp.mark(l.BDevice, l.Zone, p)
		}
	}
	return cp, nil
}

func (cp *classPorts) mark(dev, zone string, p int) {
	if cp.used[dev] == nil {
		cp.used[dev] = map[string]map[int]bool{}
	}
	if cp.used[dev][zone] == nil {
		cp.used[dev][zone] = map[int]bool{}
	}
	cp.used[dev][zone][p] = true
}

// render gives one device's portBreakouts and portSpeeds. When zones share a physical port the
// zone with used lanes on it wins (uplink and mesh zones are always used); otherwise the first
// zone by name.
func (cp *classPorts) render(dev string, prof *planner.Profile) (map[string]string, map[string]string) {
	breakouts, speeds := map[string]string{}, map[string]string{}
	for _, p := range cp.ports {
		cands := cp.zones[p]
		pick := cands[0]
		for _, z := range cands {
			if z.Kind == planner.ZoneUplink || z.Kind == planner.ZoneMesh || cp.used[dev][z.Name][p] {
				pick = z
				break
			}
		}
		bo, _ := planner.LookupBreakout(pick.Breakout)
		g, _ := prof.Port(p)
		key := "E1/" + strconv.Itoa(p)
		if !g.SpeedOnly && g.NativeSpeed >= 100 {
			breakouts[key] = bo.WiringName()
		} else {
			speeds[key] = planner.SpeedName(bo.LaneSpeed)
		}
	}
	if len(breakouts) == 0 {
		breakouts = nil
	}
	if len(speeds) == 0 {
		speeds = nil
	}
	return breakouts, speeds
}

// physicalPort parses "E1/p" or "E1/p/l" and returns p.
func physicalPort(lane string) (int, bool) {
	rest, ok := strings.CutPrefix(lane, "E1/")
	if !ok {
		return 0, false
	}
	num, _, _ := strings.Cut(rest, "/")
	p, err := strconv.Atoi(num)
	return p, err == nil && p > 0
}
