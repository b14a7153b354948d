package planner

import (
	"fmt"
	"strconv"
	"strings"
)

// An attachment travels between Terraform resources as one line of text, so that a plan prints
// it in one line wherever it is attached and growing a class changes one number in it:
//
//	server gpu-fe-only/fe count=96 names=gpu-fe-only-{index:03d} ports=fe-p0,fe-p1 speed=200 distribution=alternating kind=unbundled port_type=data
//	switch fe-gpu-leaf/uplinks count=2 names=fe-gpu-leaf-{index:02d} ports=E1/2,E1/4 speed=800 fabric=frontend managed=true
//
// A connection or uplink zone that declares its physical layer adds it at the end (medium=aoc
// cage=QSFP112 ...), so that the zone it lands on can derive optics and cables.
//
// The first word is the source, the second "<class>/<name>", then key=value fields; devices
// are a name pattern and a count (IndexTemplate, ExpandNames). Values are percent-escaped
// where they hold '%', ' ', ',' or '=' (NetBox names may hold spaces).

var textEscaper = strings.NewReplacer("%", "%25", " ", "%20", ",", "%2C", "=", "%3D")
var textUnescaper = strings.NewReplacer("%25", "%", "%20", " ", "%2C", ",", "%3D", "=")

// Text is the one-line form of an attachment.
func (a Attachment) Text() string {
	var b strings.Builder
	fmt.Fprintf(&b, "%s %s/%s count=%d names=%s", a.Source, textEscaper.Replace(a.Class), textEscaper.Replace(a.Name),
		len(a.Devices), textEscaper.Replace(a.Names))
	ports := make([]string, len(a.Ports))
	for i, p := range a.Ports {
		ports[i] = textEscaper.Replace(p)
	}
	fmt.Fprintf(&b, " ports=%s speed=%d", strings.Join(ports, ","), a.Speed)
	field := func(k, v string) {
		if v != "" {
			fmt.Fprintf(&b, " %s=%s", k, textEscaper.Replace(v))
		}
	}
	field("distribution", a.Distribution)
	if a.Rail >= 0 {
		field("rail", strconv.Itoa(a.Rail))
	}
	field("kind", a.Kind)
	field("port_type", a.PortType)
	field("fabric", a.Fabric)
	if a.Source == SourceSwitch {
		field("managed", strconv.FormatBool(a.Managed))
	}
	if a.Mesh {
		field("mesh", "true")
	}
	field("medium", a.Medium)
	field("cage", a.Cage)
	if a.Legs > 0 {
		field("legs", strconv.Itoa(a.Legs))
	}
	field("transceiver", a.Transceiver)
	field("cable", a.Cable)
	if a.Length > 0 {
		field("length", strconv.FormatFloat(a.Length, 'f', -1, 64))
	}
	return b.String()
}

// ParseAttachment reads the one-line form back, with the device names expanded.
func ParseAttachment(s string) (Attachment, error) {
	a := Attachment{Rail: -1}
	words := strings.Fields(s)
	if len(words) < 2 || (words[0] != SourceServer && words[0] != SourceSwitch) {
		return a, fmt.Errorf("attachment %q: expected \"server|switch <class>/<name> key=value...\"", truncateText(s))
	}
	a.Source = words[0]
	class, name, ok := strings.Cut(words[1], "/")
	if !ok || class == "" || name == "" {
		return a, fmt.Errorf("attachment %q: %q is not <class>/<name>", truncateText(s), words[1])
	}
	a.Class, a.Name = textUnescaper.Replace(class), textUnescaper.Replace(name)
	count := -1
	for _, w := range words[2:] {
		k, v, ok := strings.Cut(w, "=")
		if !ok {
			return a, fmt.Errorf("attachment %q: %q is not key=value", truncateText(s), w)
		}
		var err error
		switch k {
		case "count":
			count, err = strconv.Atoi(v)
		case "names":
			a.Names = textUnescaper.Replace(v)
		case "ports":
			for _, p := range strings.Split(v, ",") {
				if p != "" {
					a.Ports = append(a.Ports, textUnescaper.Replace(p))
				}
			}
		case "speed":
			a.Speed, err = strconv.Atoi(v)
		case "distribution":
			a.Distribution = textUnescaper.Replace(v)
		case "rail":
			a.Rail, err = strconv.Atoi(v)
		case "kind":
			a.Kind = textUnescaper.Replace(v)
		case "port_type":
			a.PortType = textUnescaper.Replace(v)
		case "fabric":
			a.Fabric = textUnescaper.Replace(v)
		case "managed":
			a.Managed, err = strconv.ParseBool(v)
		case "mesh":
			a.Mesh, err = strconv.ParseBool(v)
		case "medium":
			a.Medium = textUnescaper.Replace(v)
		case "cage":
			a.Cage = textUnescaper.Replace(v)
		case "legs":
			a.Legs, err = strconv.Atoi(v)
		case "transceiver":
			a.Transceiver = textUnescaper.Replace(v)
		case "cable":
			a.Cable = textUnescaper.Replace(v)
		case "length":
			a.Length, err = strconv.ParseFloat(v, 64)
		default:
			return a, fmt.Errorf("attachment %q: unknown field %q", truncateText(s), k)
		}
		if err != nil {
			return a, fmt.Errorf("attachment %q: field %s: %v", truncateText(s), k, err)
		}
	}
	if count < 0 || a.Names == "" {
		return a, fmt.Errorf("attachment %q: count and names are required", truncateText(s))
	}
	devices, err := ExpandNames(a.Names, count)
	if err != nil {
		return a, fmt.Errorf("attachment %q: %v", truncateText(s), err)
	}
	a.Devices = devices
	return a, nil
}

func truncateText(s string) string {
	if len(s) > 80 {
		return s[:80] + "..."
	}
	return s
}
