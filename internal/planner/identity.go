package planner

import (
	"fmt"
	"maps"
	"slices"
	"strings"
)

// SwitchIdentity is what tells one physical switch from another: the chassis serial number
// (the NetBox device's serial and the wiring's boot.serial) and the MAC address of its
// management port (the wiring's boot.mac). An empty value is not set.
type SwitchIdentity struct {
	Serial  string
	BootMAC string
}

// MaxSerial is the longest device serial NetBox stores.
const MaxSerial = 50

// NormalizeMAC returns a MAC address written as six colon-separated pairs of hex digits in
// the wiring's form (lowercase), or an error that says what is wrong with it.
func NormalizeMAC(s string) (string, error) {
	parts := strings.Split(s, ":")
	if len(parts) != 6 {
		return "", fmt.Errorf("%q is not a MAC address: write six pairs of hex digits separated by colons, "+
			"e.g. \"0c:29:ef:a1:b2:c3\"", s)
	}
	for _, p := range parts {
		if len(p) != 2 || strings.Trim(strings.ToLower(p), "0123456789abcdef") != "" {
			return "", fmt.Errorf("%q is not a MAC address: %q is not a pair of hex digits; write six pairs separated "+
				"by colons, e.g. \"0c:29:ef:a1:b2:c3\"", s, p)
		}
	}
	mac := strings.ToLower(s)
	switch {
	case mac == "00:00:00:00:00:00":
		return "", fmt.Errorf("%q is the all-zero address, which no port has: copy the management port's MAC from the "+
			"switch's label or its vendor's shipping list", s)
	case strings.Trim(mac[1:2], "13579bdf") == "":
		return "", fmt.Errorf("%q is a multicast address (its first byte is odd), which no port has: check it for a "+
			"typo against the switch's label", s)
	}
	return mac, nil
}

// CheckIdentities validates a class's identities against the switches it plans (devices):
// every key must be one of them, every boot MAC well formed, and no two switches may share a
// serial or a MAC. Call it on a plan without errors.
func CheckIdentities(sc SwitchClass, devices []string) Diagnostics {
	var out Diagnostics
	d := &out
	if len(sc.Identities) == 0 {
		return nil
	}
	isDevice := make(map[string]bool, len(devices))
	for _, dev := range devices {
		isDevice[dev] = true
	}
	serials, macs := map[string]string{}, map[string]string{}
	for _, name := range slices.Sorted(maps.Keys(sc.Identities)) {
		id, at := sc.Identities[name], Root("identities").Key(name)
		if !isDevice[name] {
			d.errorf(at, "Unknown switch in identities", "identities names %q, which is not a switch of class %q. "+
				"The class has %s (named by name_template). Correct the name, or remove the entry until the "+
				"class has that switch.", name, sc.Name, describeNames(devices))
			continue
		}
		checkSerial(d, at.Attr("serial"), name, id.Serial, serials)
		if id.BootMAC == "" {
			continue
		}
		mac, err := NormalizeMAC(id.BootMAC)
		switch {
		case err != nil:
			d.errorf(at.Attr("boot_mac"), "Invalid boot MAC", "boot_mac of switch %q: %s", name, err)
		case macs[mac] != "":
			d.errorf(at.Attr("boot_mac"), "Duplicate boot MAC", "switches %q and %q both have boot_mac %s, but every "+
				"switch has its own management port: correct one of them.", macs[mac], name, mac)
		default:
			macs[mac] = name
		}
		if sc.FabricClass == FabricUnmanaged {
			d.warnf(at.Attr("boot_mac"), "Boot MAC not used", "switch %q belongs to an unmanaged class, which the "+
				"wiring diagram lists as a server, without a boot MAC: remove boot_mac (serial is still written to "+
				"NetBox).", name)
		}
	}
	return out
}

func checkSerial(d *Diagnostics, at Path, name, serial string, seen map[string]string) {
	switch {
	case serial == "":
	case strings.TrimSpace(serial) != serial:
		d.errorf(at, "Invalid serial", "serial %q of switch %q starts or ends with a space, which NetBox removes (the "+
			"device would then differ from the plan on every refresh): remove the space.", serial, name)
	case len(serial) > MaxSerial:
		d.errorf(at, "Invalid serial", "serial of switch %q has %d characters; NetBox stores at most %d: check that "+
			"it is the chassis serial number.", name, len(serial), MaxSerial)
	case seen[serial] != "":
		d.errorf(at, "Duplicate serial", "switches %q and %q both have serial %q, but every chassis has its own: "+
			"correct one of them.", seen[serial], name, serial)
	default:
		seen[serial] = name
	}
}

// describeNames lists switch names for a message: all of up to eight, else the first five
// and the last.
func describeNames(names []string) string {
	switch {
	case len(names) == 0:
		return "no switches (nothing is attached to its zones)"
	case len(names) == 1:
		return "1 switch, " + names[0]
	case len(names) <= 8:
		return fmt.Sprintf("%d switches: %s", len(names), strings.Join(names, ", "))
	}
	return fmt.Sprintf("%d switches: %s, ..., %s", len(names), strings.Join(names[:5], ", "), names[len(names)-1])
}
