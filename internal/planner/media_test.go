package planner

import (
	"reflect"
	"testing"
)

// mediaServer is a server class of qty servers with one NIC "nic" (ports x speed G in cage, ""
// for the speed's common one) and a same-switch connection "c" with the given physical layer.
func mediaServer(t testing.TB, name string, qty, ports, speed int, cage string, phys Physical) Attachment {
	t.Helper()
	sc := vtSrv(name, qty, ports, speed, func(c *Connection) { c.Physical = phys })
	nic := sc.NICs["nic"]
	nic.Cage = cage
	sc.NICs["nic"] = nic
	return vtAttach(t, sc, "c")
}

// mediaLeaf is a DS5000 leaf with one server zone.
func mediaLeaf(ports, breakout string, phys Physical, atts ...Attachment) SwitchClass {
	return vtLeaf("leaf", map[string]Zone{"servers": {Kind: ZoneServer, Ports: ports, Breakout: breakout, Attach: atts, Physical: phys}})
}

// spineAndLeaf is a DS3000 border leaf whose uplink zone (1x100g QSFP28) declares upPhys, and a
// DS5000 spine whose fabric zone (port 64 at 8x100g) declares fabricPhys: the leaf's 16
// uplinks fill the spine port's 8 lanes twice, so the spine class has 2 spines.
func spineAndLeaf(t testing.TB, upPhys, fabricPhys Physical) SwitchClass {
	t.Helper()
	leaf := vtDS3000("border", map[string]Zone{
		"servers": {Kind: ZoneServer, Ports: "1-2", Breakout: "1x100g", Attach: []Attachment{vtSrvAtt(t, "ctl", 1, 2, 100, nil)}},
		"uplinks": {Kind: ZoneUplink, Ports: "17-32", Breakout: "1x100g", Physical: upPhys},
	})
	lp := vtPlan(t, leaf, nil)
	return SwitchClass{Name: "spine", Fabric: "frontend", Role: RoleSpine, DeviceType: "celestica-ds5000",
		Zones: map[string]Zone{"border": {Kind: ZoneFabric, Ports: "64", Breakout: "8x100g",
			Attach: []Attachment{lp.Exports["uplinks"]}, Physical: fabricPhys}}}
}

// TestLinkMedia derives each link's medium, optics and cable part from the two cages, the
// breakouts and the declared medium, and groups links that share one purchasable cable.
func TestLinkMedia(t *testing.T) {
	smf, mmf, aoc, dac := Physical{Medium: MediumSMF}, Physical{Medium: MediumMMF}, Physical{Medium: MediumAOC}, Physical{Medium: MediumDAC}
	tests := []struct {
		name string
		sc   SwitchClass
		want LinkMedia // of the first link, CableID aside
		// cables is how many purchasable cables the links are on.
		links, cables int
	}{
		{
			// 8 servers x 1 port on 4x200g: two OSFP cages, one 1-to-4 AOC splitter each.
			name: "aoc splitter from a 4x200g cage", sc: mediaLeaf("1-63:2", "4x200g", Physical{}, mediaServer(t, "gpu", 8, 1, 200, "", aoc)),
			want:  LinkMedia{Medium: MediumAOC, ACage: "QSFP56", BCage: "OSFP", Cable: "AOC-OSFP-800G-to-4xQSFP56"},
			links: 8, cables: 2,
		},
		{
			// Rails: 2x400g cages over SMF to QSFP112 NICs; the 2xDR4 optic has a connector per leg,
			// so each link has its own MPO-12 fibre.
			name: "2x400g over smf to QSFP112", sc: mediaLeaf("1-33", "2x400g", smf, mediaServer(t, "gpu", 4, 1, 400, "QSFP112", Physical{})),
			want:  LinkMedia{Medium: MediumSMF, ACage: "QSFP112", BCage: "OSFP", AOptic: "QSFP112-400G-DR4", BOptic: "OSFP-800G-2xDR4", Cable: "MPO-12 SMF fibre"},
			links: 4, cables: 4,
		},
		{
			// The asymmetric pair: an OSFP 2xSR4 to QSFP112 SR4 host optics over MMF.
			name: "2x400g over mmf to QSFP112", sc: mediaLeaf("1-33", "2x400g", mmf, mediaServer(t, "gpu", 4, 1, 400, "QSFP112", Physical{})),
			want:  LinkMedia{Medium: MediumMMF, ACage: "QSFP112", BCage: "OSFP", AOptic: "QSFP112-400G-SR4", BOptic: "OSFP-800G-2xSR4", Cable: "MPO-12 MMF fibre"},
			links: 4, cables: 4,
		},
		{
			// The connection's medium wins over the zone's default.
			name: "connection medium over the zone default", sc: mediaLeaf("1-63:2", "4x200g", mmf, mediaServer(t, "gpu", 4, 1, 200, "", dac)),
			want:  LinkMedia{Medium: MediumDAC, ACage: "QSFP56", BCage: "OSFP", Cable: "DAC-OSFP-800G-to-4xQSFP56"},
			links: 4, cables: 1,
		},
		{
			// A spine port at 8x100g over SMF: one DR8 optic whose MPO-16 fans out to the 8 leaf
			// optics, so one breakout fibre per spine port; 16 uplinks on 2 spines.
			name: "8x100g spine port over smf", sc: spineAndLeaf(t, smf, smf),
			want:  LinkMedia{Medium: MediumSMF, ACage: "QSFP28", BCage: "OSFP", AOptic: "QSFP28-100G-DR", BOptic: "OSFP-800G-DR8", Cable: "MPO-16-to-8xLC duplex SMF breakout fibre"},
			links: 16, cables: 2,
		},
		{
			// The uplink zone alone declares the medium: the fabric zone takes it.
			name: "uplink zone declares, fabric zone takes it", sc: spineAndLeaf(t, smf, Physical{}),
			want:  LinkMedia{Medium: MediumSMF, ACage: "QSFP28", BCage: "OSFP", AOptic: "QSFP28-100G-DR", BOptic: "OSFP-800G-DR8", Cable: "MPO-16-to-8xLC duplex SMF breakout fibre"},
			links: 16, cables: 2,
		},
		{
			// BMC ports: RJ45 to RJ45 with dac is a copper patch cord.
			name: "rj45 patch cord", sc: rj45Leaf(t, dac),
			want:  LinkMedia{Medium: MediumDAC, TwistedPair: true, ACage: "RJ45", BCage: "RJ45", Cable: "CAT6-RJ45"},
			links: 4, cables: 4,
		},
		{
			// No medium: the named transceivers pass through, and no cable part is derived.
			name: "no medium keeps named transceivers", sc: mediaLeaf("1-63:2", "4x200g", Physical{Transceiver: "OSFP-X"},
				mediaServer(t, "gpu", 4, 1, 200, "", Physical{Transceiver: "QSFP-Y"})),
			want:  LinkMedia{ACage: "QSFP56", BCage: "OSFP", AOptic: "QSFP-Y", BOptic: "OSFP-X"},
			links: 4, cables: 4,
		},
		{
			// A named part outside the catalogue is taken as it is, and a named cable too.
			name: "named optic and cable", sc: mediaLeaf("1-33", "2x400g", Physical{Medium: MediumSMF, Transceiver: "ACME-800G", Cable: "ACME-MPO", Length: 30},
				mediaServer(t, "gpu", 2, 1, 400, "QSFP112", Physical{})),
			want:  LinkMedia{Medium: MediumSMF, ACage: "QSFP112", BCage: "OSFP", AOptic: "QSFP112-400G-DR4", BOptic: "ACME-800G", Cable: "ACME-MPO", Length: 30},
			links: 2, cables: 2,
		},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			p := vtPlan(t, tc.sc, nil)
			if len(p.Media) != len(p.Links) || len(p.Links) != tc.links {
				t.Fatalf("%d links with %d media, want %d", len(p.Links), len(p.Media), tc.links)
			}
			got := p.Media[0]
			got.CableID = ""
			if got != tc.want {
				t.Errorf("first link:\n got %+v\nwant %+v", got, tc.want)
			}
			ids := map[string]bool{}
			for _, m := range p.Media {
				ids[m.CableID] = true
			}
			if len(ids) != tc.cables {
				t.Errorf("%d cables, want %d", len(ids), tc.cables)
			}
		})
	}
}

// rj45Leaf is an unmanaged 48x1G RJ45 switch with 4 BMC ports attached.
func rj45Leaf(t testing.TB, phys Physical) SwitchClass {
	bmc := vtAttach(t, vtSrv("srv", 4, 1, 1, func(c *Connection) { c.Physical, c.PortType = phys, PortTypeIPMI }), "c")
	ports := []PortGroup{{First: 1, Last: 48, NativeSpeed: 1, Connector: "RJ45", Breakouts: []string{"1x1g"}}}
	return SwitchClass{Name: "oob", Fabric: "oob", FabricClass: FabricUnmanaged, Role: RoleServerLeaf, DeviceType: "es1000",
		CustomPorts: ports, Zones: map[string]Zone{"oob": {Kind: ZoneOOB, Ports: "1-48", Breakout: "1x1g",
			Attach: []Attachment{bmc}}}}
}

// TestLinkMediaDiagnostics: every combination a technician could not build is an error on the
// zone's medium that names both ends and the attribute to change.
func TestLinkMediaDiagnostics(t *testing.T) {
	smf, mmf, aoc := Physical{Medium: MediumSMF}, Physical{Medium: MediumMMF}, Physical{Medium: MediumAOC}
	mixed := mediaLeaf("1-63:2", "4x200g", Physical{}, mediaServer(t, "a", 3, 1, 200, "", aoc),
		mediaServer(t, "b", 3, 1, 200, "", Physical{Medium: MediumDAC}))
	rows := []vtRow{
		vtSwitchRow("200G SR2 legs to a QSFP56 SR4 host optic", mediaLeaf("1-63:2", "4x200g", mmf, mediaServer(t, "gpu", 4, 1, 200, "", Physical{})),
			SeverityError, `zones["servers"].medium`, "takes QSFP56-200G-SR4, whose legs speak 200GBASE-SR4, and zone \"servers\" "+
				"of switch class \"leaf\" (OSFP cage, 4x200G) takes OSFP-800G-SR8, which speaks 200G-SR2"),
		vtSwitchRow("no catalogue optic", mediaLeaf("1-63:2", "4x100g", smf, mediaServer(t, "gpu", 4, 1, 100, "", Physical{})),
			SeverityError, `zones["servers"].medium`, `no optic in the catalogue fits zone "servers" of switch class "leaf" (OSFP cage, 4x100G) over smf`),
		vtSwitchRow("fabric zone sets a medium the uplink zone does not", spineAndLeaf(t, Physical{}, smf),
			SeverityError, `zones["border"].medium`, `uplink zone "uplinks" of switch class "border" declares none`),
		vtSwitchRow("ends disagree", spineAndLeaf(t, smf, mmf),
			SeverityError, `zones["border"].medium`, `declares medium "smf" and zone "border" "mmf"`),
		vtSwitchRow("transceiver on a direct-attach link", mediaLeaf("1-63:2", "4x200g", Physical{Transceiver: "OSFP-X"}, mediaServer(t, "gpu", 4, 1, 200, "", aoc)),
			SeverityError, `zones["servers"].medium`, `Remove zones["servers"].transceiver`),
		vtSwitchRow("rj45 over fibre", rj45Leaf(t, smf), SeverityError, `zones["oob"].medium`, "an RJ45 port, which takes a copper patch cord"),
		vtSwitchRow("named optic for another cage", mediaLeaf("1-33", "2x400g", Physical{Medium: MediumSMF, Transceiver: "QSFP112-400G-DR4"},
			mediaServer(t, "gpu", 2, 1, 400, "QSFP112", Physical{})), SeverityError, `zones["servers"].medium`, "a QSFP112 optic for smf, but the end is a OSFP cage"),
		vtSwitchRow("one cage on two media", mixed, SeverityError, `zones["servers"].medium`, "port E1/1 of leaf-01 carries lanes on AOC-OSFP-800G-to-4xQSFP56 and on DAC-OSFP-800G-to-4xQSFP56"),
		vtSwitchRow("unknown zone medium", mediaLeaf("1-63:2", "4x200g", Physical{Medium: "copper"}, mediaServer(t, "gpu", 4, 1, 200, "", Physical{})),
			SeverityError, `zones["servers"].medium`, `"copper" is not one of`),
		vtServerRow("unknown connection medium", vtSrv("gpu", 2, 1, 200, func(c *Connection) { c.Medium = "cat5" }), `connections["c"].medium`, `"cat5" is not one of`),
		vtServerRow("cage slower than its NIC", func() ServerClass {
			sc := vtSrv("gpu", 2, 1, 200, nil)
			sc.NICs["nic"] = NIC{Ports: 1, Speed: 200, Cage: "SFP28"}
			return sc
		}(), `nics["nic"].cage`, "a SFP28 cage carries at most 25G"),
	}
	vtRunRows(t, rows)
}

// TestDirectAttachSplitAtBothEnds: a leaf's 4x25g uplink zone on a spine's 4x25g fabric zone
// (QSFP28 cages split in four at both ends) cannot be one direct-attach cable.
func TestDirectAttachSplitAtBothEnds(t *testing.T) {
	leaf := vtDS3000("up", map[string]Zone{
		"servers": {Kind: ZoneServer, Ports: "1", Breakout: "1x100g", Attach: []Attachment{vtSrvAtt(t, "ctl", 1, 1, 100, nil)}},
		"uplinks": {Kind: ZoneUplink, Ports: "31", Breakout: "4x25g", Physical: Physical{Medium: MediumDAC}},
	})
	lp := vtPlan(t, leaf, nil)
	spine := SwitchClass{Name: "spine", Fabric: "frontend", Role: RoleSpine, DeviceType: "celestica-ds3000",
		Zones: map[string]Zone{"fabric": {Kind: ZoneFabric, Ports: "1-4", Breakout: "4x25g", Attach: []Attachment{lp.Exports["uplinks"]}}}}
	ds := PlanSwitchClass(testPlan, spine, nil).Diagnostics
	if !hasDiag(ds, SeverityError, `zones["fabric"].medium`, "a direct-attach cable splits at one end only") {
		t.Fatalf("want the both-ends error; got %s", describeDiags(ds))
	}
}

// TestMediaChangeNoPlacement: declaring media on every zone and connection of a design leaves
// its quantities and links exactly as they were.
func TestMediaChangeNoPlacement(t *testing.T) {
	plain := mediaLeaf("1-63:2", "4x200g", Physical{}, mediaServer(t, "gpu", 40, 2, 200, "", Physical{}))
	dressed := mediaLeaf("1-63:2", "4x200g", Physical{Medium: MediumMMF, Length: 3},
		mediaServer(t, "gpu", 40, 2, 200, "QSFP112", Physical{Medium: MediumAOC, Cable: "X"}))
	a, b := vtPlan(t, plain, nil), vtPlan(t, dressed, nil)
	if a.Effective != b.Effective || !reflect.DeepEqual(a.Links, b.Links) {
		t.Fatalf("media moved links: %d/%d switches, %d/%d links", a.Effective, b.Effective, len(a.Links), len(b.Links))
	}
	if a.Calculation.InputsHash != b.Calculation.InputsHash {
		t.Errorf("media changed the inputs hash")
	}
}

// TestAttachmentTextCarriesPhysical: the physical fields survive the one-line form.
func TestAttachmentTextCarriesPhysical(t *testing.T) {
	a := mediaServer(t, "gpu", 2, 1, 400, "QSFP112", Physical{Medium: MediumSMF, Transceiver: "Q 1", Cable: "C,2", Length: 2.5})
	got, err := ParseAttachment(a.Text())
	if err != nil {
		t.Fatal(err)
	}
	if got.Physical != a.Physical || got.Cage != "QSFP112" {
		t.Errorf("got %+v %q from %q", got.Physical, got.Cage, a.Text())
	}
	plain := vtSrvAtt(t, "gpu", 2, 1, 400, nil)
	if want := "server gpu/c count=2 names=gpu-{index:03d} ports=nic-p0 speed=400 distribution=same-switch kind=unbundled port_type=data"; plain.Text() != want {
		t.Errorf("a connection without physical fields changed its text:\n got %s\nwant %s", plain.Text(), want)
	}
}
