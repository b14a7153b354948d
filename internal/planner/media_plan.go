package planner

import (
	"fmt"
	"strings"
)

// mediaEnd is one end of a link as the catalogue sees it.
type mediaEnd struct {
	cage     string
	legs     int // links its cage carries: the lanes of its breakout, 1 for a NIC port
	optic    string
	describe string // "port E1/1 of switch class "fe-gpu-leaf" (OSFP cage, 4x200G)"
	override string // the attribute that names this end's optic
}

// linkRecipe is how every link between one attachment and one zone cage is built: resolved
// once per pair, so a diagnostic is reported once, not per link.
type linkRecipe struct {
	media     LinkMedia
	aLegsConn int // legs per connector of the A optic (a breakout fibre when > 1)
	bLegsConn int
	aLegs     int
	bLegs     int
	ok        bool
}

// planMedia derives every link's media, aligned with links. Diagnostics go on the zone the
// links land on and name both ends and the attribute that fixes them.
func planMedia(d *Diagnostics, sc SwitchClass, prof *Profile, zones []*zonePlan, links []Link) []LinkMedia {
	byName := make(map[string]*zonePlan, len(zones))
	attachments := map[string]Attachment{}
	for _, z := range zones {
		byName[z.name] = z
		for _, a := range z.zone.Attach {
			attachments[a.Key()] = a
		}
	}
	recipes := map[string]*linkRecipe{}
	out := make([]LinkMedia, len(links))
	parts := map[string]string{} // cable ID -> part, to find a cage whose lanes disagree
	for i, l := range links {
		z := byName[l.Zone]
		if z == nil {
			continue
		}
		lane, known := z.laneIndex[l.BPort]
		if !known {
			continue
		}
		bCage := portCage(prof, z.lanePort[lane], z.breakout.NativeSpeed)
		key := l.Zone + "\x00" + l.Attachment + "\x00" + bCage
		r := recipes[key]
		if r == nil {
			r = recipeFor(d, sc, z, bCage, attachments[l.Attachment], l.Attachment == "")
			recipes[key] = r
		}
		if !r.ok {
			continue
		}
		m := r.media
		m.CableID = cableID(r, l)
		out[i] = m
		if m.Cable == "" {
			continue
		}
		if was, seen := parts[m.CableID]; seen && was != m.Cable {
			d.errorf(Root("zones").Key(l.Zone).Attr("medium"), "Lanes of one cage on different cables",
				"%s carries lanes on %s and on %s, but one breakout cable or optic serves every lane of a cage. Give "+
					"everything that lands on the zone the same medium, or attach it to a zone of its own.",
				cageName(m.CableID), was, m.Cable)
			parts[m.CableID] = m.Cable // report each cage once
			continue
		}
		parts[m.CableID] = m.Cable
	}
	return out
}

// portCage is the cage of a physical switch port: the profile's connector, or the common cage
// of its speed when a custom port names none.
func portCage(prof *Profile, port, speed int) string {
	if g, ok := prof.Port(port); ok {
		if g.Connector != "" {
			return strings.ToUpper(g.Connector)
		}
		return DefaultCage(g.NativeSpeed)
	}
	return DefaultCage(speed)
}

// recipeFor resolves the medium, the optics and the cable part of links from attachment a
// (mesh: the zone itself) to zone z's cages of type bCage.
func recipeFor(d *Diagnostics, sc SwitchClass, z *zonePlan, bCage string, a Attachment, mesh bool) *linkRecipe {
	zp := Root("zones").Key(z.name)
	speed := z.breakout.LaneSpeed
	b := mediaEnd{cage: bCage, legs: z.breakout.Lanes, optic: z.zone.Transceiver,
		describe: fmt.Sprintf("zone %q of switch class %q (%s cage, %s)", z.name, sc.Name, bCage, legsText(z.breakout.Lanes, speed)),
		override: fmt.Sprintf("zones[%q].transceiver", z.name)}
	var aEnd mediaEnd
	var aPhys Physical
	switch {
	case mesh:
		aEnd, aPhys = b, z.zone.Physical
	case a.Source == SourceServer:
		cage := a.Cage
		if cage == "" {
			cage = DefaultCage(a.Speed)
		}
		aEnd = mediaEnd{cage: cage, legs: 1, optic: a.Transceiver,
			describe: fmt.Sprintf("%s (%s cage, %dG)", a.Describe(), cage, a.Speed),
			override: fmt.Sprintf("connections[%q].transceiver of server class %q", a.Name, a.Class)}
		aPhys = a.Physical
	default:
		aEnd = mediaEnd{cage: a.Cage, legs: a.Legs, optic: a.Transceiver,
			describe: fmt.Sprintf("%s (%s cage, %s)", a.Describe(), a.Cage, legsText(a.Legs, a.Speed)),
			override: fmt.Sprintf("zones[%q].transceiver of switch class %q", a.Name, a.Class)}
		aPhys = a.Physical
	}
	r := &linkRecipe{aLegs: max(aEnd.legs, 1), bLegs: max(b.legs, 1), aLegsConn: 1, bLegsConn: 1}
	medium, ok := agreeOnMedium(d, zp, z, a, aPhys, mesh)
	if !ok {
		return r
	}
	m := LinkMedia{Medium: medium, ACage: aEnd.cage, BCage: b.cage, AOptic: aEnd.optic, BOptic: b.optic,
		Cable: defaultString(aPhys.Cable, z.zone.Cable), Length: aPhys.Length}
	if m.Length == 0 {
		m.Length = z.zone.Length
	}
	switch {
	case medium == "":
	case IsFibre(medium):
		ok = fibreRecipe(d, zp, &m, aEnd, b, speed, r)
	default:
		ok = directRecipe(d, zp, &m, aEnd, b, speed)
	}
	r.media, r.ok = m, ok
	return r
}

// agreeOnMedium is the medium of the links of one attachment on a zone: a server connection's
// own, else the zone's; the two zones of a switch-to-switch link must agree, and the uplink
// zone must declare its end when the fabric zone sets a medium, since only it knows its cage.
func agreeOnMedium(d *Diagnostics, zp Path, z *zonePlan, a Attachment, aPhys Physical, mesh bool) (string, bool) {
	switch {
	case mesh || a.Source == SourceServer:
		return defaultString(aPhys.Medium, z.zone.Medium), true
	case aPhys.Medium != "" && z.zone.Medium != "" && aPhys.Medium != z.zone.Medium:
		d.errorf(zp.Attr("medium"), "Ends of a cable disagree on its medium",
			"%s declares medium %q and zone %q %q: both ends of a switch-to-switch cable are one cable. Set the "+
				"same medium on both zones.", a.Describe(), aPhys.Medium, z.name, z.zone.Medium)
		return "", false
	case z.zone.Medium != "" && a.Cage == "":
		d.errorf(zp.Attr("medium"), "Uplink end without a medium",
			"zone %q sets medium %q, but %s declares none, so its cage and optic are not known here. Set "+
				"medium = %q on that zone too.", z.name, z.zone.Medium, a.Describe(), z.zone.Medium)
		return "", false
	}
	return defaultString(aPhys.Medium, z.zone.Medium), true
}

// fibreRecipe puts an optic at each end (the named one, or the catalogue's) and a fibre
// between them: a breakout fibre per connector of an optic whose connector carries several
// legs, else one fibre per link.
func fibreRecipe(d *Diagnostics, zp Path, m *LinkMedia, a, b mediaEnd, speed int, r *linkRecipe) bool {
	ao, aKnown, ok1 := endOptic(d, zp, a, b, speed, m.Medium)
	bo, bKnown, ok2 := endOptic(d, zp, b, a, speed, m.Medium)
	if !ok1 || !ok2 {
		return false
	}
	m.AOptic, m.BOptic = ao.Part, bo.Part
	if aKnown && bKnown && ao.Standard != bo.Standard {
		d.errorf(zp.Attr("medium"), "Optics that do not pair",
			"%s takes %s, whose legs speak %s, and %s takes %s, which speaks %s: they do not link over one fibre. "+
				"Name optics that pair in %s and %s, or choose another medium.",
			a.describe, ao.Part, ao.Standard, b.describe, bo.Part, bo.Standard, a.override, b.override)
		return false
	}
	if aKnown {
		r.aLegsConn = ao.legsPerConnector()
	}
	if bKnown {
		r.bLegsConn = bo.legsPerConnector()
	}
	if m.Cable != "" {
		return true
	}
	near, far := bo, ao
	if r.aLegsConn > 1 {
		near, far = ao, bo
	}
	farConn := defaultString(far.Connector, "LC duplex")
	nearConn := defaultString(near.Connector, farConn)
	fibre := strings.ToUpper(m.Medium)
	switch {
	case r.aLegsConn > 1 || r.bLegsConn > 1:
		m.Cable = fmt.Sprintf("%s-to-%dx%s %s breakout fibre", nearConn, max(r.aLegsConn, r.bLegsConn), farConn, fibre)
	default:
		m.Cable = fmt.Sprintf("%s %s fibre", nearConn, fibre)
	}
	return true
}

// endOptic is the optic of one end: the named part, or the catalogue's for the cage; known
// says the part is in the catalogue (so its standard and connectors are too).
func endOptic(d *Diagnostics, zp Path, end, other mediaEnd, speed int, medium string) (Optic, bool, bool) {
	if end.optic != "" {
		o, known := opticByPart(end.optic, end.legs)
		switch {
		case !known:
			return Optic{Part: end.optic}, false, true
		case o.Cage != cageFamily(end.cage) || o.Medium != medium:
			d.errorf(zp.Attr("medium"), "Transceiver does not fit its end",
				"%s names %s, a %s optic for %s, but the end is a %s cage over %s. Name an optic for that cage and "+
					"medium in %s, or remove it to take the catalogue's.", end.describe, o.Part, o.Cage, o.Medium,
				end.cage, medium, end.override)
			return o, true, false
		}
		return o, true, true
	}
	if end.cage == "RJ45" {
		d.errorf(zp.Attr("medium"), "No optic for an RJ45 port",
			"%s is an RJ45 port, which takes a copper patch cord, but the link to %s is %s. Set medium = %q.",
			end.describe, other.describe, medium, MediumDAC)
		return Optic{}, false, false
	}
	o, ok := LookupOptic(end.cage, max(end.legs, 1), speed, medium)
	if !ok {
		d.errorf(zp.Attr("medium"), "No optic in the catalogue",
			"no optic in the catalogue fits %s over %s (the other end is %s). Name the part you use in %s, or "+
				"choose another medium.", end.describe, medium, other.describe, end.override)
		return Optic{}, false, false
	}
	return o, true, true
}

// directRecipe names the direct-attach cable: a straight cable, or a splitter when one end is
// a breakout. Its ends plug into the cages, so no optic goes in them.
func directRecipe(d *Diagnostics, zp Path, m *LinkMedia, a, b mediaEnd, speed int) bool {
	for _, e := range []mediaEnd{a, b} {
		if e.optic != "" {
			d.errorf(zp.Attr("medium"), "Transceiver on a direct-attach link",
				"%s names transceiver %s, but medium %q is a direct-attach cable whose ends plug into the cages. "+
					"Remove %s, or set medium = %q or %q.", e.describe, e.optic, m.Medium, e.override, MediumMMF, MediumSMF)
			return false
		}
	}
	m.AOptic, m.BOptic = "", ""
	if a.cage == "RJ45" || b.cage == "RJ45" {
		if m.Medium != MediumDAC || a.cage != b.cage {
			d.errorf(zp.Attr("medium"), "Medium does not fit an RJ45 port",
				"the link from %s to %s has an RJ45 end, which takes a copper patch cord between RJ45 ports: "+
					"medium = %q on both ends.", a.describe, b.describe, MediumDAC)
			return false
		}
		m.TwistedPair = true
		if m.Cable == "" {
			m.Cable = "CAT6-RJ45"
		}
		return true
	}
	if a.legs > 1 && b.legs > 1 {
		d.errorf(zp.Attr("medium"), "Direct-attach cable split at both ends",
			"%s and %s are both breakouts, and a direct-attach cable splits at one end only. Use medium %q or %q "+
				"(breakout optics at both ends), or name the cable part in cable.", a.describe, b.describe, MediumMMF, MediumSMF)
		return false
	}
	if m.Cable != "" {
		return true
	}
	kind := strings.ToUpper(m.Medium)
	switch {
	case b.legs > 1:
		m.Cable = fmt.Sprintf("%s-%s-%s-to-%dx%s", kind, b.cage, SpeedName(b.legs*speed), b.legs, a.cage)
	case a.legs > 1:
		m.Cable = fmt.Sprintf("%s-%s-%s-to-%dx%s", kind, a.cage, SpeedName(a.legs*speed), a.legs, b.cage)
	case a.cage == b.cage:
		m.Cable = fmt.Sprintf("%s-%s-%s", kind, b.cage, SpeedName(speed))
	default:
		m.Cable = fmt.Sprintf("%s-%s-to-%s-%s", kind, b.cage, a.cage, SpeedName(speed))
	}
	return true
}

// cableID names the purchasable cable a link is on. Links on one splitter, or on one breakout
// fibre, share it: "<device>:<cage>#<connector>"; a cable of its own is "<a end>--<b end>".
func cableID(r *linkRecipe, l Link) string {
	switch {
	case r.media.Medium == "":
		return l.AKey() + "--" + l.BKey()
	case IsFibre(r.media.Medium) && r.bLegsConn > 1:
		return fmt.Sprintf("%s#%d", PortKey(l.BDevice, PhysicalPort(l.BPort)), laneOf(l.BPort)/r.bLegsConn)
	case IsFibre(r.media.Medium) && r.aLegsConn > 1:
		return fmt.Sprintf("%s#%d", PortKey(l.ADevice, PhysicalPort(l.APort)), laneOf(l.APort)/r.aLegsConn)
	case !IsFibre(r.media.Medium) && r.bLegs > 1:
		return PortKey(l.BDevice, PhysicalPort(l.BPort)) + "#0"
	case !IsFibre(r.media.Medium) && r.aLegs > 1:
		return PortKey(l.ADevice, PhysicalPort(l.APort)) + "#0"
	}
	return l.AKey() + "--" + l.BKey()
}

// cageName reads a shared cable ID back for messages: "port E1/14 of fe-border-leaf-01".
func cageName(id string) string {
	k, _, _ := strings.Cut(id, "#")
	dev, port, _ := SplitPortKey(k)
	return fmt.Sprintf("port %s of %s", port, dev)
}

// legsText is an end's lanes as messages write them: "200G", or a breakout's "4x200G".
func legsText(legs, speed int) string {
	if legs <= 1 {
		return SpeedName(speed)
	}
	return Breakout{Lanes: legs, LaneSpeed: speed}.WiringName()
}
