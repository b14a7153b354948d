package wiring

import (
	"bytes"
	"reflect"
	"strings"
	"testing"

	"github.com/netfabric-io/terraform-provider-hedgehog/internal/planner"
)

// TestIdentitiesInTheWiring: a switch whose class gives its serial and boot MAC carries them
// in boot (the MAC in lowercase); the others keep the MAC derived from their name, and
// Unidentified lists those that have no serial either.
func TestIdentitiesInTheWiring(t *testing.T) {
	classes := reference(t)
	spine := classIndex(t, classes, "fe-spine")
	classes[spine].Input.Identities = map[string]planner.SwitchIdentity{
		"fe-spine-01": {Serial: "DS5K-0001", BootMAC: "0C:29:EF:A1:B2:C3"},
		"fe-spine-02": {Serial: "DS5K-0002"},
	}
	out, err := Render("frontend", classes)
	if err != nil {
		t.Fatal(err)
	}
	if want := "  boot:\n    serial: DS5K-0001\n    mac: 0c:29:ef:a1:b2:c3\n"; !bytes.Contains(out, []byte(want)) {
		t.Errorf("the YAML lacks fe-spine-01's identity %q", want)
	}
	docs, err := Build("frontend", classes)
	if err != nil {
		t.Fatal(err)
	}
	for dev, want := range map[string]SwitchBoot{
		"fe-spine-01": {Serial: "DS5K-0001", MAC: "0c:29:ef:a1:b2:c3"},
		"fe-spine-02": {Serial: "DS5K-0002", MAC: BootMAC("fe-spine-02")},
		"fe-spine-03": {MAC: BootMAC("fe-spine-03")},
	} {
		if got := find(t, docs, KindSwitch, dev).Spec.(SwitchSpec).Boot; got != want {
			t.Errorf("%s boot = %+v, want %+v", dev, got, want)
		}
	}
	if got, want := classes[spine].Unidentified(), classes[spine].Plan.Devices[2:]; !reflect.DeepEqual(got, want) || len(want) == 0 {
		t.Errorf("Unidentified = %v, want %v", got, want)
	}
	// Without identities the YAML has no serial at all (and so is unchanged by this feature).
	plain, err := Render("frontend", reference(t))
	if err != nil || bytes.Contains(plain, []byte("serial:")) {
		t.Errorf("a wiring without identities has a serial (err %v)", err)
	}
}

// TestIdentityMalformedMAC: Build refuses a MAC the switch class would have refused at plan.
func TestIdentityMalformedMAC(t *testing.T) {
	classes := reference(t)
	spine := classIndex(t, classes, "fe-spine")
	classes[spine].Input.Identities = map[string]planner.SwitchIdentity{"fe-spine-01": {BootMAC: "0c:29"}}
	if _, err := Build("frontend", classes); err == nil || !strings.Contains(err.Error(), `switch "fe-spine-01": boot_mac`) {
		t.Errorf("Build = %v, want an error naming the switch's boot_mac", err)
	}
}

// TestUnidentifiedOfUnmanaged: an unmanaged class is no Switch of the wiring, so none of its
// switches needs a boot identity there.
func TestUnidentifiedOfUnmanaged(t *testing.T) {
	for _, c := range reference(t) {
		if !isManaged(c) && len(c.Unidentified()) > 0 {
			t.Errorf("unmanaged class %s has unidentified switches %v", c.Input.Name, c.Unidentified())
		}
	}
}
