package planner

import (
	"fmt"
	"maps"
	"slices"
	"sort"
)

// Default name templates (SPEC §3).
const (
	DefaultServerNameTemplate = "{class}-{index:03d}"
	DefaultSwitchNameTemplate = "{class}-{index:02d}"
)

// ServerPlan is the plan-time result for a server class.
type ServerPlan struct {
	Devices     []string
	Interfaces  []string // NIC interface names of one server, sorted
	Attachments map[string]Attachment
	Diagnostics Diagnostics
}

// ServerInterfaceName is the NetBox interface of NIC port i (SPEC §3).
func ServerInterfaceName(nic string, i int) string { return fmt.Sprintf("%s-p%d", nic, i) }

// PlanServerClass validates a server class and computes its devices and attachments.
func PlanServerClass(pc PlanContext, sc ServerClass) ServerPlan {
	var out ServerPlan
	d := &out.Diagnostics
	validateClassName(d, sc.Name)
	if sc.Quantity < 0 || sc.Quantity > MaxServersPerClass {
		d.errorf(Root("quantity"), "Quantity out of range",
			"quantity %d is outside 0..%d servers per class", sc.Quantity, MaxServersPerClass)
		return out
	}
	if sc.Quantity == 0 {
		d.warnf(Root("quantity"), "Server class without servers",
			"quantity is 0, so server class %q creates no servers and no cables, and the switch classes it attaches "+
				"to size nothing for it. Set quantity to the number of servers, or remove the class.", sc.Name)
	}
	for _, name := range slices.Sorted(maps.Keys(sc.NICs)) {
		nic := sc.NICs[name]
		p := Root("nics").Key(name)
		if nic.Ports < 1 {
			d.errorf(p.Attr("ports"), "Invalid NIC", "NIC %q needs at least one port", name)
		}
		if nic.Speed < 1 {
			d.errorf(p.Attr("speed"), "Invalid NIC", "NIC %q needs a positive speed in Gbit/s", name)
		}
		checkNICCage(d, p.Attr("cage"), name, nic)
		for i := 0; i < nic.Ports && i < 1024; i++ {
			out.Interfaces = append(out.Interfaces, ServerInterfaceName(name, i))
		}
	}
	sort.Strings(out.Interfaces)
	devices, err := renderNames(sc.NameTemplate, DefaultServerNameTemplate,
		NameVars{Plan: pc.Name, Site: pc.Site, Class: sc.Name}, sc.Quantity, false)
	if tmplErr := ValidateTemplate(defaultString(sc.NameTemplate, DefaultServerNameTemplate)); tmplErr != nil {
		d.errorf(Root("name_template"), "Invalid name template", "%s", tmplErr)
	} else if err != nil {
		d.errorf(Root("name_template"), "Invalid device name", "%s", err)
	} else {
		out.Devices = devices
	}
	out.Attachments = map[string]Attachment{}
	names, _ := IndexTemplate(defaultString(sc.NameTemplate, DefaultServerNameTemplate), NameVars{Plan: pc.Name, Site: pc.Site, Class: sc.Name})
	for _, name := range slices.Sorted(maps.Keys(sc.Connections)) {
		c := sc.Connections[name]
		if a, ok := connectionAttachment(d, sc, name, c); ok {
			a.Devices, a.Names = out.Devices, names
			out.Attachments[name] = a
		}
	}
	return out
}

func connectionAttachment(d *Diagnostics, sc ServerClass, name string, c Connection) (Attachment, bool) {
	p := Root("connections").Key(name)
	start := len(*d)
	nic, ok := sc.NICs[c.NIC]
	if !ok {
		d.errorf(p.Attr("nic"), "Unknown NIC", "connection %q uses NIC %q, which is not in nics", name, c.NIC)
	}
	if c.Ports < 1 {
		d.errorf(p.Attr("ports"), "Invalid connection", "connection %q needs at least one port", name)
	}
	if c.FirstPort < 0 {
		d.errorf(p.Attr("first_port"), "Invalid connection", "first_port must be 0 or more")
	}
	if ok && c.FirstPort+c.Ports > nic.Ports {
		d.errorf(p.Attr("ports"), "NIC port range beyond the NIC",
			"connection %q uses ports %d..%d of NIC %q, which has %d ports",
			name, c.FirstPort, c.FirstPort+c.Ports-1, c.NIC, nic.Ports)
	}
	if ok && c.Speed > nic.Speed {
		d.errorf(p.Attr("speed"), "Connection faster than its NIC",
			"connection %q runs at %dG but NIC %q ports are %dG", name, c.Speed, c.NIC, nic.Speed)
	}
	if c.Speed < 1 {
		d.errorf(p.Attr("speed"), "Invalid connection", "connection %q needs a positive speed", name)
	}
	dist := defaultString(c.Distribution, DistSameSwitch)
	checkEnum(d, p.Attr("distribution"), "distribution", dist, Distributions)
	if dist == DistAlternating && c.Ports == 1 {
		d.warnf(p.Attr("distribution"), "Alternating connection with one port",
			"connection %q is alternating but has one port, so it reaches one switch of the pair and the server has no "+
				"second path. Set ports = 2 to dual-home it (NIC %q needs the ports), or distribution = %q.",
			name, c.NIC, DistSameSwitch)
	}
	kind := defaultString(c.Kind, KindUnbundled)
	if checkEnum(d, p.Attr("kind"), "kind", kind, ConnectionKinds) && kind == KindMCLAG {
		d.errorf(p.Attr("kind"), "MCLAG not supported",
			"connection %q is mclag, which is not planned: Hedgehog no longer supports MCLAG, and an MCLAG pair needs "+
				"peer and session links this provider does not plan. Use kind = %q, attached to a switch class with "+
				"redundancy = { type = \"eslag\", group = ... }.", name, KindESLAG)
	}
	portType := defaultString(c.PortType, PortTypeData)
	checkEnum(d, p.Attr("port_type"), "port_type", portType, PortTypes)
	if c.Medium != "" {
		checkEnum(d, p.Attr("medium"), "medium", c.Medium, Media)
	}
	rail := -1
	switch {
	case dist == DistRailOptimized && !c.HasRail:
		d.errorf(p.Attr("rail"), "Rail missing", "connection %q is rail-optimized and needs a rail number", name)
	case dist == DistRailOptimized && c.Rail < 0:
		d.errorf(p.Attr("rail"), "Invalid rail", "rail must be 0 or more")
	case dist == DistRailOptimized:
		rail = c.Rail
	}
	if (*d)[start:].HasError() {
		return Attachment{}, false
	}
	ports := make([]string, c.Ports)
	for i := range ports {
		ports[i] = ServerInterfaceName(c.NIC, c.FirstPort+i)
	}
	return Attachment{
		Source: SourceServer, Class: sc.Name, Name: name, Ports: ports, Speed: c.Speed,
		Distribution: dist, Rail: rail, Kind: kind, PortType: portType, Physical: c.Physical, Cage: nic.Cage,
	}, true
}

// renderNames renders up to count device names from a template, validating each. It stops at
// the first bad name and returns the names before it with the error, so that a caller that
// does not yet know how many devices it needs can decide whether the error matters.
func renderNames(tmpl, def string, vars NameVars, count int, dnsLabel bool) ([]string, error) {
	if tmpl == "" {
		tmpl = def
	}
	names := make([]string, 0, count)
	if count == 0 {
		return names, nil
	}
	toks, err := parseTemplate(tmpl)
	if err != nil {
		return names, fmt.Errorf("device 1: %w", err)
	}
	unique := hasIndex(toks)
	for i := range count {
		vars.Index = i + 1
		name := renderTokens(toks, vars)
		err := ValidateNetBoxName(name)
		if err == nil && dnsLabel {
			err = ValidateDNSLabel(name)
		}
		if err == nil && !unique && i > 0 {
			err = fmt.Errorf("template renders %q twice; include {index}", name)
		}
		if err != nil {
			return names, fmt.Errorf("device %d: %w", i+1, err)
		}
		names = append(names, name)
	}
	return names, nil
}

func validateClassName(d *Diagnostics, name string) {
	if err := ValidateDNSLabel(name); err != nil {
		d.errorf(Root("name"), "Invalid name", "%s", err)
	}
}

func checkEnum(d *Diagnostics, path Path, attr, value string, allowed []string) bool {
	if contains(allowed, value) {
		return true
	}
	d.errorf(path, "Unknown "+attr, "%q is not one of %v", value, allowed)
	return false
}

func defaultString(s, def string) string {
	if s == "" {
		return def
	}
	return s
}

// cage is the NIC's cage, named or by default.
func (n NIC) cage() string { return defaultString(n.Cage, DefaultCage(n.Speed)) }

// NICDifferences lists how a server class's NICs differ from its device type's, by port count,
// speed and cage (sorted by NIC name); none when they agree. The servers get their interfaces from
// the device type, so a difference leaves the class's cables on interfaces the type does not
// have, or the type's interfaces uncabled.
func NICDifferences(class, deviceType map[string]NIC) []string {
	var out []string
	for _, name := range slices.Sorted(maps.Keys(class)) {
		c, d := class[name], deviceType[name]
		_, onType := deviceType[name]
		switch {
		case !onType:
			out = append(out, fmt.Sprintf("NIC %q (%d x %dG) is not on the device type", name, c.Ports, c.Speed))
		case c.Ports != d.Ports || c.Speed != d.Speed:
			out = append(out, fmt.Sprintf("NIC %q is %d x %dG here and %d x %dG on the device type", name, c.Ports, c.Speed, d.Ports, d.Speed))
		case c.cage() != d.cage():
			out = append(out, fmt.Sprintf("NIC %q has %s cages here and %s on the device type", name, c.cage(), d.cage()))
		}
	}
	for _, name := range slices.Sorted(maps.Keys(deviceType)) {
		if _, ok := class[name]; !ok {
			d := deviceType[name]
			out = append(out, fmt.Sprintf("the device type's NIC %q (%d x %dG) is missing here", name, d.Ports, d.Speed))
		}
	}
	return out
}

// checkNICCage checks that a NIC's cage, when it names one, is known and carries its speed.
func checkNICCage(d *Diagnostics, p Path, name string, nic NIC) {
	if nic.Cage == "" || !checkEnum(d, p, "cage", nic.Cage, Cages) {
		return
	}
	if !CageCarries(nic.Cage, nic.Speed) {
		d.errorf(p, "Cage slower than its NIC", "NIC %q runs at %dG, but a %s cage carries at most %dG. Name the NIC's "+
			"cage (the common one at %dG is %s).", name, nic.Speed, nic.Cage, cageSpeeds[nic.Cage], nic.Speed,
			defaultString(DefaultCage(nic.Speed), "not known"))
	}
}
