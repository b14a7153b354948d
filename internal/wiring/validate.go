package wiring

import (
	"errors"
	"fmt"
	"maps"
	"slices"
	"strconv"
	"strings"

	"github.com/netfabric-io/terraform-provider-hedgehog/internal/planner"
)

// maxProblems is how many problems a Validate error lists.
const maxProblems = 10

// switchPorts is what a Switch document makes of its profile's ports.
type switchPorts struct {
	spec  SwitchSpec
	prof  *planner.Profile
	lanes map[string]int // lane name -> lane speed, after breakout
}

// Validate checks one fabric's artifact on its own (SPEC §8): every switch port referenced exists
// in the switch's profile after breakout, no port is used twice, in a spine-leaf fabric every
// leaf links to every spine, and speeds match the profile (the configured breakout or speed is
// one the port offers, and its lane speed is the planned link's speed). classes supply the
// planned link speeds. The error lists the first problems found.
func Validate(docs []Document, classes []Class) error {
	var problems []string
	add := func(format string, args ...any) {
		problems = append(problems, fmt.Sprintf(format, args...))
	}
	speeds := map[string]int{}
	for _, c := range classes {
		for _, l := range c.Plan.Links {
			speeds[planner.SanitizeHedgehogName(l.ADevice)+"/"+l.APort] = l.Speed
			speeds[planner.SanitizeHedgehogName(l.BDevice)+"/"+l.BPort] = l.Speed
		}
	}
	switches := map[string]*switchPorts{}
	servers := map[string]bool{}
	var spines, leaves []string
	var conns []Document
	for _, d := range docs {
		switch d.Kind {
		case KindSwitch:
			spec, ok := d.Spec.(SwitchSpec)
			if !ok {
				add("switch %s: spec is %T", d.Metadata.Name, d.Spec)
				continue
			}
			sp := switchLanes(d.Metadata.Name, spec, add)
			if sp == nil {
				continue
			}
			switches[d.Metadata.Name] = sp
			if spec.Role == planner.RoleSpine {
				spines = append(spines, d.Metadata.Name)
			} else {
				leaves = append(leaves, d.Metadata.Name)
			}
		case KindServer:
			servers[d.Metadata.Name] = true
		case KindConnection:
			conns = append(conns, d)
		}
	}
	usedBy := map[string]string{}
	pairs := map[[2]string]bool{}
	checkPort := func(conn string, p Port, wantSwitch bool) {
		obj, port, ok := strings.Cut(p.Port, "/")
		if !ok || obj == "" || port == "" {
			add("connection %s: port %q is not <object>/<port>", conn, p.Port)
			return
		}
		if prev, dup := usedBy[p.Port]; dup {
			add("port %s is used twice (connections %s and %s)", p.Port, prev, conn)
		} else {
			usedBy[p.Port] = conn
		}
		if sw, isSwitch := switches[obj]; isSwitch {
			laneSpeed, exists := sw.lanes[port]
			switch {
			case !exists:
				add("connection %s: port %s does not exist on switch %s (profile %s after breakout)", conn, port, obj, sw.prof.Name)
			case speeds[p.Port] != 0 && speeds[p.Port] != laneSpeed:
				add("connection %s: port %s runs at %dG but the link is %dG", conn, p.Port, laneSpeed, speeds[p.Port])
			}
			return
		}
		if wantSwitch {
			add("connection %s: %s is not a switch of this fabric", conn, obj)
		} else if !servers[obj] {
			add("connection %s: %s is not a server of this fabric", conn, obj)
		}
	}
	for _, d := range conns {
		spec, ok := d.Spec.(ConnectionSpec)
		if !ok {
			add("connection %s: spec is %T", d.Metadata.Name, d.Spec)
			continue
		}
		name := d.Metadata.Name
		var serverLinks []ServerLink
		switch {
		case spec.Unbundled != nil:
			serverLinks = []ServerLink{spec.Unbundled.Link}
		case spec.Bundled != nil:
			serverLinks = spec.Bundled.Links
		case spec.ESLAG != nil:
			serverLinks = spec.ESLAG.Links
		case spec.MCLAG != nil:
			serverLinks = spec.MCLAG.Links
		case spec.Fabric != nil:
			for _, l := range spec.Fabric.Links {
				checkPort(name, l.Leaf, true)
				checkPort(name, l.Spine, true)
				leaf, _, _ := strings.Cut(l.Leaf.Port, "/")
				spine, _, _ := strings.Cut(l.Spine.Port, "/")
				pairs[[2]string{leaf, spine}] = true
			}
		case spec.Mesh != nil:
			for _, l := range spec.Mesh.Links {
				checkPort(name, l.Leaf1, true)
				checkPort(name, l.Leaf2, true)
			}
		default:
			add("connection %s: no connection type", name)
		}
		for _, l := range serverLinks {
			checkPort(name, l.Server, false)
			checkPort(name, l.Switch, true)
		}
	}
	if len(spines) > 0 {
		for _, leaf := range leaves {
			for _, spine := range spines {
				if !pairs[[2]string{leaf, spine}] {
					add("leaf %s has no fabric link to spine %s", leaf, spine)
				}
			}
		}
	}
	if len(problems) == 0 {
		return nil
	}
	n := len(problems)
	if n > maxProblems {
		problems = append(problems[:maxProblems], fmt.Sprintf("... and %d more", n-maxProblems))
	}
	return errors.New("wiring: invalid artifact: " + strings.Join(problems, "; "))
}

// switchLanes lists the lanes of a Switch after its port breakouts and speeds, checking each
// against the profile. Ports without an entry run the profile's default breakout.
func switchLanes(name string, spec SwitchSpec, add func(string, ...any)) *switchPorts {
	prof, ok := planner.LookupProfile(spec.Profile)
	if !ok {
		add("switch %s: unknown profile %q", name, spec.Profile)
		return nil
	}
	sp := &switchPorts{spec: spec, prof: prof, lanes: map[string]int{}}
	modes := map[int]string{}
	for _, key := range slices.Sorted(maps.Keys(spec.PortBreakouts)) {
		p, ok := physicalPort(key)
		id := strings.ToLower(spec.PortBreakouts[key])
		switch {
		case !ok || key != "E1/"+strconv.Itoa(p):
			add("switch %s: portBreakouts key %q is not a physical port", name, key)
		case !prof.SupportsBreakout(p, id):
			add("switch %s: port %s does not support breakout %s in profile %s", name, key, spec.PortBreakouts[key], prof.Name)
		default:
			modes[p] = id
		}
	}
	for _, key := range slices.Sorted(maps.Keys(spec.PortSpeeds)) {
		p, ok := physicalPort(key)
		id := "1x" + strings.ToLower(spec.PortSpeeds[key])
		switch {
		case !ok || key != "E1/"+strconv.Itoa(p):
			add("switch %s: portSpeeds key %q is not a physical port", name, key)
		case modes[p] != "":
			add("switch %s: port %s has both a breakout and a speed", name, key)
		case !prof.SupportsBreakout(p, id):
			add("switch %s: port %s does not support speed %s in profile %s", name, key, spec.PortSpeeds[key], prof.Name)
		default:
			modes[p] = id
		}
	}
	for _, g := range prof.Ports {
		for p := g.First; p <= g.Last; p++ {
			id := modes[p]
			if id == "" {
				id = g.Default
			}
			b, _ := planner.LookupBreakout(id)
			for _, lane := range planner.LaneNames(p, b) {
				sp.lanes[lane] = b.LaneSpeed
			}
		}
	}
	return sp
}
