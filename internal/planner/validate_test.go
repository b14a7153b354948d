package planner

import (
	"fmt"
	"reflect"
	"sort"
	"strings"
	"testing"
	"time"
)

// Tests of SPEC §6 (plan-time diagnostics) and of the §4/§5 rules they rest on: one row per
// rule, each asserting severity, attribute path and a fragment of the message. Helpers of this
// file are prefixed with "vt" so that they cannot collide with other test files.

// vtGPU is a valid server class: 4 servers, one 2x200G NIC "fe" wired alternating. mod may
// change anything.
func vtGPU(mod func(*ServerClass)) ServerClass {
	sc := ServerClass{
		Name: "gpu", Quantity: 4,
		NICs:        map[string]NIC{"fe": {Ports: 2, Speed: 200}},
		Connections: map[string]Connection{"fe": {NIC: "fe", Ports: 2, Speed: 200, Distribution: DistAlternating}},
	}
	if mod != nil {
		mod(&sc)
	}
	return sc
}

// vtConn changes connection "fe" of a server class.
func vtConn(mod func(*Connection)) func(*ServerClass) {
	return func(sc *ServerClass) {
		c := sc.Connections["fe"]
		mod(&c)
		sc.Connections["fe"] = c
	}
}

// vtAttach plans a server class that must be valid and returns one of its attachments.
func vtAttach(t testing.TB, sc ServerClass, conn string) Attachment {
	t.Helper()
	p := PlanServerClass(testPlan, sc)
	if p.Diagnostics.HasError() {
		t.Fatalf("server class %s: %s", sc.Name, describeDiags(p.Diagnostics))
	}
	a, ok := p.Attachments[conn]
	if !ok {
		t.Fatalf("server class %s has no attachment %q", sc.Name, conn)
	}
	return a
}

// vtSrv is a one-connection server class: qty servers with ports x speed on NIC "nic".
func vtSrv(name string, qty, ports, speed int, mod func(*Connection)) ServerClass {
	c := Connection{NIC: "nic", Ports: ports, Speed: speed, Distribution: DistSameSwitch}
	if mod != nil {
		mod(&c)
	}
	return ServerClass{Name: name, Quantity: qty,
		NICs:        map[string]NIC{"nic": {Ports: max(ports+c.FirstPort, 1), Speed: speed}},
		Connections: map[string]Connection{"c": c}}
}

func vtSrvAtt(t testing.TB, name string, qty, ports, speed int, mod func(*Connection)) Attachment {
	t.Helper()
	return vtAttach(t, vtSrv(name, qty, ports, speed, mod), "c")
}

// sameRail is the eight rail connections of 32 GPU servers, each with rail = 0: a rail number
// copied between connections.
func sameRail(t testing.TB) []Attachment {
	conns := map[string]Connection{}
	for r := range 8 {
		conns[fmt.Sprintf("be-rail-%d", r)] = Connection{NIC: "be", FirstPort: r, Ports: 1, Speed: 400,
			Distribution: DistRailOptimized, Rail: 0, HasRail: true}
	}
	sc := ServerClass{Name: "gpu", Quantity: 32, NICs: map[string]NIC{"be": {Ports: 8, Speed: 400}}, Connections: conns}
	out := make([]Attachment, 8)
	for r := range out {
		out[r] = vtAttach(t, sc, fmt.Sprintf("be-rail-%d", r))
	}
	return out
}

// vtLeaf is a DS5000 server leaf of fabric frontend.
func vtLeaf(name string, zones map[string]Zone) SwitchClass {
	return SwitchClass{Name: name, Fabric: "frontend", Role: RoleServerLeaf, DeviceType: "celestica-ds5000", Zones: zones}
}

// vtDS3000 is a DS3000 server leaf (ESLAG and MCLAG capable).
func vtDS3000(name string, zones map[string]Zone) SwitchClass {
	return SwitchClass{Name: name, Fabric: "frontend", Role: RoleServerLeaf, DeviceType: "celestica-ds3000", Zones: zones}
}

func vtPlan(t testing.TB, sc SwitchClass, prior []Link) SwitchPlan {
	t.Helper()
	p := PlanSwitchClass(testPlan, sc, &Prior{Links: prior})
	if p.Diagnostics.HasError() {
		t.Fatalf("%s: unexpected errors: %s", sc.Name, describeDiags(p.Diagnostics))
	}
	return p
}

func vtSeverity(s Severity) string {
	if s == SeverityError {
		return "error"
	}
	return "warning"
}

type vtRow struct {
	name  string
	diags func() Diagnostics
	sev   Severity
	path  string
	text  string
}

func vtServerRow(name string, sc ServerClass, path, text string) vtRow {
	return vtServerRowOf(name, sc, SeverityError, path, text)
}

func vtServerRowOf(name string, sc ServerClass, sev Severity, path, text string) vtRow {
	return vtRow{name, func() Diagnostics { return PlanServerClass(testPlan, sc).Diagnostics }, sev, path, text}
}

func vtSwitchRow(name string, sc SwitchClass, sev Severity, path, text string) vtRow {
	return vtRow{name, func() Diagnostics { return PlanSwitchClass(testPlan, sc, nil).Diagnostics }, sev, path, text}
}

func vtRunRows(t *testing.T, rows []vtRow) {
	t.Helper()
	seen := map[string]bool{}
	for _, row := range rows {
		if seen[row.name] {
			t.Fatalf("duplicate row name %q", row.name)
		}
		seen[row.name] = true
		t.Run(row.name, func(t *testing.T) {
			ds := row.diags()
			if !hasDiag(ds, row.sev, row.path, row.text) {
				t.Fatalf("want %s at %s containing %q; got: %s", vtSeverity(row.sev), row.path, row.text, describeDiags(ds))
			}
			if row.sev == SeverityWarning && ds.HasError() {
				t.Fatalf("a warning row must not have errors: %s", describeDiags(ds))
			}
			for _, d := range ds {
				if d.Summary == "" || d.Detail == "" || len(d.Path) == 0 {
					t.Errorf("diagnostic without summary, detail or path: %+v", d)
				}
			}
		})
	}
}

// TestValidateServerClass covers the server class rules of SPEC §3 and §6.
func TestValidateServerClass(t *testing.T) {
	rows := []vtRow{
		vtServerRow("class name uppercase", vtGPU(func(sc *ServerClass) { sc.Name = "GPU" }), "name", "lowercase"),
		vtServerRow("class name with underscore", vtGPU(func(sc *ServerClass) { sc.Name = "gpu_nodes" }), "name", "only a-z, 0-9 and '-'"),
		vtServerRow("class name too long", vtGPU(func(sc *ServerClass) { sc.Name = strings.Repeat("g", 64) }), "name", "at most 63"),
		vtServerRow("class name empty", vtGPU(func(sc *ServerClass) { sc.Name = "" }), "name", "empty"),
		vtServerRow("template with unknown placeholder", vtGPU(func(sc *ServerClass) { sc.NameTemplate = "{class}-{rack}" }),
			"name_template", "unknown placeholder {rack}"),
		vtServerRow("template with unclosed brace", vtGPU(func(sc *ServerClass) { sc.NameTemplate = "{class-{index}" }),
			"name_template", "not closed"),
		vtServerRow("template with bad index width", vtGPU(func(sc *ServerClass) { sc.NameTemplate = "{class}-{index:0d}" }),
			"name_template", "width 0"),
		vtServerRow("template rendering duplicate names", vtGPU(func(sc *ServerClass) { sc.NameTemplate = "{class}" }),
			"name_template", `renders "gpu" twice`),
		vtServerRow("template rendering names too long for NetBox",
			vtGPU(func(sc *ServerClass) { sc.NameTemplate = strings.Repeat("x", 64) + "{index}" }),
			"name_template", "NetBox allows at most 64"),
		vtServerRow("quantity of 10^9", vtGPU(func(sc *ServerClass) { sc.Quantity = 1_000_000_000 }), "quantity", "outside 0..100000"),
		vtServerRow("negative quantity", vtGPU(func(sc *ServerClass) { sc.Quantity = -1 }), "quantity", "outside 0..100000"),
		vtServerRow("NIC without ports", vtGPU(func(sc *ServerClass) { sc.NICs["fe"] = NIC{Ports: 0, Speed: 200} }),
			`nics["fe"].ports`, "at least one port"),
		vtServerRow("NIC without speed", vtGPU(func(sc *ServerClass) { sc.NICs["fe"] = NIC{Ports: 2} }),
			`nics["fe"].speed`, "positive speed"),
		vtServerRow("connection on an unknown NIC", vtGPU(vtConn(func(c *Connection) { c.NIC = "fe0" })),
			`connections["fe"].nic`, `NIC "fe0", which is not in nics`),
		vtServerRow("empty NIC map with a connection", vtGPU(func(sc *ServerClass) { sc.NICs = map[string]NIC{} }),
			`connections["fe"].nic`, "not in nics"),
		vtServerRow("NIC port range beyond the NIC", vtGPU(vtConn(func(c *Connection) { c.FirstPort = 1 })),
			`connections["fe"].ports`, `uses ports 1..2 of NIC "fe", which has 2 ports`),
		vtServerRow("more connection ports than the NIC has", vtGPU(vtConn(func(c *Connection) { c.Ports = 3 })),
			`connections["fe"].ports`, "which has 2 ports"),
		vtServerRow("connection without ports", vtGPU(vtConn(func(c *Connection) { c.Ports = 0 })),
			`connections["fe"].ports`, "at least one port"),
		vtServerRow("negative first port", vtGPU(vtConn(func(c *Connection) { c.FirstPort = -1 })),
			`connections["fe"].first_port`, "0 or more"),
		vtServerRow("connection faster than its NIC", vtGPU(vtConn(func(c *Connection) { c.Speed = 400 })),
			`connections["fe"].speed`, "runs at 400G but NIC"),
		vtServerRow("connection without speed", vtGPU(vtConn(func(c *Connection) { c.Speed = 0 })),
			`connections["fe"].speed`, "positive speed"),
		vtServerRow("unknown distribution", vtGPU(vtConn(func(c *Connection) { c.Distribution = "round-robin" })),
			`connections["fe"].distribution`, `"round-robin" is not one of`),
		vtServerRow("unknown connection kind", vtGPU(vtConn(func(c *Connection) { c.Kind = "lacp" })),
			`connections["fe"].kind`, `"lacp" is not one of`),
		vtServerRow("mclag connection", vtGPU(vtConn(func(c *Connection) { c.Kind = KindMCLAG })),
			`connections["fe"].kind`, `Use kind = "eslag", attached to a switch class with redundancy = { type = "eslag"`),
		vtServerRow("unknown port type", vtGPU(vtConn(func(c *Connection) { c.PortType = "bmc" })),
			`connections["fe"].port_type`, `"bmc" is not one of`),
		vtServerRow("rail missing on a rail-optimized connection",
			vtGPU(vtConn(func(c *Connection) { c.Distribution = DistRailOptimized })),
			`connections["fe"].rail`, "needs a rail number"),
		vtServerRow("negative rail", vtGPU(vtConn(func(c *Connection) {
			c.Distribution, c.Rail, c.HasRail = DistRailOptimized, -1, true
		})), `connections["fe"].rail`, "0 or more"),

		// Warnings.
		vtServerRowOf("quantity 0", vtGPU(func(sc *ServerClass) { sc.Quantity = 0 }), SeverityWarning,
			"quantity", "Set quantity to the number of servers, or remove the class"),
		vtServerRowOf("alternating with one port", vtGPU(vtConn(func(c *Connection) {
			c.Distribution, c.Ports = DistAlternating, 1
		})), SeverityWarning, `connections["fe"].distribution`, `Set ports = 2 to dual-home it (NIC "fe" needs the ports), or distribution = "same-switch"`),
	}
	vtRunRows(t, rows)

	// The valid class has no diagnostics and the documented names.
	p := PlanServerClass(testPlan, vtGPU(nil))
	if len(p.Diagnostics) != 0 {
		t.Fatalf("valid class: %s", describeDiags(p.Diagnostics))
	}
	if want := []string{"gpu-001", "gpu-002", "gpu-003", "gpu-004"}; !reflect.DeepEqual(p.Devices, want) {
		t.Errorf("devices %v, want %v", p.Devices, want)
	}
	if want := []string{"fe-p0", "fe-p1"}; !reflect.DeepEqual(p.Interfaces, want) {
		t.Errorf("interfaces %v, want %v", p.Interfaces, want)
	}
	if a := p.Attachments["fe"]; a.Kind != KindUnbundled || a.PortType != PortTypeData || a.Rail != -1 {
		t.Errorf("defaults: kind %q port type %q rail %d", a.Kind, a.PortType, a.Rail)
	}
}

// TestValidateSwitchClass covers the switch class rules of SPEC §4 and §6 that need no NetBox.
func TestValidateSwitchClass(t *testing.T) {
	gpu := vtAttach(t, vtGPU(nil), "fe") // 4 servers x 2 x 200G alternating
	gpu2 := vtAttach(t, vtGPU(func(sc *ServerClass) { sc.Name = "gpu2" }), "fe")
	same100 := vtSrvAtt(t, "ctl", 2, 2, 100, nil) // 2 servers x 2 x 100G same-switch
	ipmi := vtSrvAtt(t, "bmc", 4, 1, 1, func(c *Connection) { c.PortType = PortTypeIPMI })
	data1g := vtSrvAtt(t, "mgmt", 4, 1, 1, nil)
	bundledAlt := vtSrvAtt(t, "bond", 2, 2, 100, func(c *Connection) { c.Kind, c.Distribution = KindBundled, DistAlternating })
	eslagAlt := vtSrvAtt(t, "esl", 2, 2, 100, func(c *Connection) { c.Kind, c.Distribution = KindESLAG, DistAlternating })
	rail2 := vtSrvAtt(t, "wide", 1, 2, 400, func(c *Connection) { c.Distribution, c.Rail, c.HasRail = DistRailOptimized, 0, true })
	fat := vtSrvAtt(t, "fat", 1, 8, 200, nil)         // one same-switch server with 8 ports
	huge := vtSrvAtt(t, "huge", 100_000, 2, 200, nil) // 200 000 ports
	twelve := vtSrvAtt(t, "twelve", 6, 2, 200, nil)   // exactly 12 lanes

	leafPlan := vtPlan(t, vtLeaf("leaf", map[string]Zone{
		"servers": {Kind: ZoneServer, Ports: "1-63:2", Breakout: "4x200g", Attach: []Attachment{gpu}},
		"uplinks": {Kind: ZoneUplink, Ports: "2-64:2", Breakout: "1x800g"},
	}), nil)
	managedUp := leafPlan.Exports["uplinks"] // 2 leaves x 32 x 800G
	oobPlan := vtPlan(t, SwitchClass{Name: "oob", Fabric: "oob-mgmt", FabricClass: FabricUnmanaged, Role: RoleServerLeaf,
		DeviceType: "es1000-48", CustomPorts: es1000Ports(), Zones: map[string]Zone{
			"oob":     {Kind: ZoneOOB, Ports: "1-48", Breakout: "1x1g", Attach: []Attachment{ipmi}},
			"uplinks": {Kind: ZoneUplink, Ports: "49-50", Breakout: "1x25g"},
		}}, nil)
	unmanagedUp := oobPlan.Exports["uplinks"]
	meshPlan := vtPlan(t, SwitchClass{Name: "mesh", Fabric: "edge", Role: RoleServerLeaf, DeviceType: "celestica-ds3000",
		Topology: TopologyMesh, Override: 2, HasOverride: true, Zones: map[string]Zone{
			"mesh":    {Kind: ZoneMesh, Ports: "29-30", Breakout: "1x100g"},
			"uplinks": {Kind: ZoneUplink, Ports: "31-32", Breakout: "1x100g"},
		}}, nil)
	meshUp := meshPlan.Exports["uplinks"]
	// Leaves with a single 800G uplink lane each.
	thinLeaf := vtPlan(t, vtLeaf("thin", map[string]Zone{
		"servers": {Kind: ZoneServer, Ports: "1", Breakout: "4x200g", Attach: []Attachment{gpu2}},
		"uplinks": {Kind: ZoneUplink, Ports: "64", Breakout: "1x800g"},
	}), nil).Exports["uplinks"]

	srvZone := func(ports, breakout string, atts ...Attachment) map[string]Zone {
		return map[string]Zone{"s": {Kind: ZoneServer, Ports: ports, Breakout: breakout, Attach: atts}}
	}
	leaf := func(mod func(*SwitchClass)) SwitchClass {
		sc := vtLeaf("leaf", srvZone("1-63:2", "4x200g", gpu))
		if mod != nil {
			mod(&sc)
		}
		return sc
	}
	ds3k := func(mod func(*SwitchClass)) SwitchClass {
		sc := vtDS3000("leaf", srvZone("1-8", "1x100g", same100))
		if mod != nil {
			mod(&sc)
		}
		return sc
	}
	spine := func(profile string, zones map[string]Zone) SwitchClass {
		return SwitchClass{Name: "spine", Fabric: "frontend", Role: RoleSpine, DeviceType: profile, Zones: zones}
	}
	mesh := func(override int, zones map[string]Zone) SwitchClass {
		sc := SwitchClass{Name: "mesh", Fabric: "edge", Role: RoleServerLeaf, DeviceType: "celestica-ds3000",
			Topology: TopologyMesh, Zones: zones}
		if override > 0 {
			sc.Override, sc.HasOverride = override, true
		}
		return sc
	}
	roleRow := func(profile, role, can string) vtRow {
		sc := SwitchClass{Name: "sw", Fabric: "frontend", Role: role, DeviceType: profile, Zones: map[string]Zone{}}
		return vtSwitchRow(fmt.Sprintf("%s cannot be %s", profile, role), sc, SeverityError, "role",
			fmt.Sprintf("%s cannot serve as %s; it can be %s", profile, role, can))
	}
	const leafRoles = "server-leaf, border-leaf, mixed-leaf"
	E, W := SeverityError, SeverityWarning
	// 10 servers x 2 same-switch ports on 4 lanes: 5 switches, too many for ESLAG.
	eslagMany := vtDS3000("leaf", srvZone("1-4", "1x100g", vtSrvAtt(t, "many", 10, 2, 100, nil)))
	eslagMany.Redundancy = &Redundancy{Type: KindESLAG, Group: "g"}
	// Two leaves with one uplink lane each, three spines by override: no leaf reaches spine 3.
	thinSpines := spine("celestica-ds5000", map[string]Zone{
		"fabric": {Kind: ZoneFabric, Ports: "1-8", Breakout: "1x800g", Attach: []Attachment{thinLeaf}},
	})
	thinSpines.Override, thinSpines.HasOverride = 3, true

	rows := []vtRow{
		// Names and enumerations.
		vtSwitchRow("bad class name", leaf(func(sc *SwitchClass) { sc.Name = "Leaf_1" }), E, "name", "uppercase"),
		vtSwitchRow("bad fabric name", leaf(func(sc *SwitchClass) { sc.Fabric = "front end" }), E, "fabric", `contains ' '`),
		vtSwitchRow("unknown fabric class", leaf(func(sc *SwitchClass) { sc.FabricClass = "hybrid" }), E, "fabric_class", `"hybrid" is not one of`),
		vtSwitchRow("unknown role", leaf(func(sc *SwitchClass) { sc.Role = "leaf" }), E, "role", `"leaf" is not one of`),
		vtSwitchRow("unknown topology", leaf(func(sc *SwitchClass) { sc.Topology = "ring" }), E, "topology", `"ring" is not one of`),
		vtSwitchRow("override above the class limit", leaf(func(sc *SwitchClass) { sc.Override, sc.HasOverride = 5000, true }),
			E, "override_quantity", "within 0..1024"),
		vtSwitchRow("negative override", leaf(func(sc *SwitchClass) { sc.Override, sc.HasOverride = -1, true }),
			E, "override_quantity", "within 0..1024"),
		vtSwitchRow("template with unknown placeholder", leaf(func(sc *SwitchClass) { sc.NameTemplate = "{fabric}-{pod}-{index}" }),
			E, "name_template", "unknown placeholder {pod}"),
		vtSwitchRow("template rendering duplicate names", leaf(func(sc *SwitchClass) { sc.NameTemplate = "{fabric}-leaf" }),
			E, "name_template", "twice"),
		vtSwitchRow("template rendering an invalid Hedgehog name", leaf(func(sc *SwitchClass) { sc.NameTemplate = "{class}_{index}" }),
			E, "name_template", "only a-z, 0-9 and '-'"),
		vtSwitchRow("template rendering uppercase names", leaf(func(sc *SwitchClass) { sc.NameTemplate = "Leaf-{index}" }),
			E, "name_template", "lowercase"),

		// Profiles and roles.
		vtSwitchRow("unknown profile from device_type", leaf(func(sc *SwitchClass) { sc.DeviceType = "acme-9000" }),
			E, "device_type", `"acme-9000" is not a Hedgehog switch profile`),
		vtSwitchRow("unknown profile", leaf(func(sc *SwitchClass) { sc.Profile = "acme-9000" }),
			E, "profile", `"acme-9000" is not a Hedgehog switch profile`),
		vtSwitchRow("custom ports on a managed class", leaf(func(sc *SwitchClass) { sc.CustomPorts = es1000Ports() }),
			E, "ports", `fabric_class = "unmanaged"`),
		vtSwitchRow("invalid custom ports", leaf(func(sc *SwitchClass) {
			sc.FabricClass = FabricUnmanaged
			sc.CustomPorts = []PortGroup{{First: 1, Last: 10, NativeSpeed: 1}, {First: 5, Last: 12, NativeSpeed: 1}}
		}), E, "ports", "overlap"),
		roleRow("celestica-ds4000", RoleServerLeaf, "spine"),
		roleRow("celestica-ds4101", RoleBorderLeaf, "spine"),
		roleRow("dell-z9332f-on", RoleMixedLeaf, "spine"),
		roleRow("edgecore-dcs501", RoleServerLeaf, "spine"),
		roleRow("edgecore-eps203", RoleSpine, leafRoles),
		vtSwitchRow("spine in a mesh topology", leaf(func(sc *SwitchClass) { sc.Role, sc.Topology = RoleSpine, TopologyMesh }),
			E, "role", "mesh topology has no spines"),

		// Redundancy.
		vtSwitchRow("unknown redundancy type", ds3k(func(sc *SwitchClass) { sc.Redundancy = &Redundancy{Type: "vpc", Group: "g"} }),
			E, "redundancy.type", `"vpc" is not one of`),
		vtSwitchRow("invalid redundancy group", ds3k(func(sc *SwitchClass) { sc.Redundancy = &Redundancy{Type: KindESLAG, Group: "Group 1"} }),
			E, "redundancy.group", "uppercase"),
		vtSwitchRow("ESLAG on a profile without ESLAG", leaf(func(sc *SwitchClass) { sc.Redundancy = &Redundancy{Type: KindESLAG, Group: "g"} }),
			E, "redundancy.type", "celestica-ds5000 has no ESLAG feature"),
		vtSwitchRow("MCLAG on a profile without MCLAG", SwitchClass{Name: "leaf", Fabric: "frontend", Role: RoleServerLeaf,
			DeviceType: "edgecore-dcs240", Redundancy: &Redundancy{Type: KindMCLAG, Group: "g"},
			Zones: srvZone("1-8", "1x400g")}, E, "redundancy.type", "edgecore-dcs240 has no MCLAG feature"),
		vtSwitchRow("MCLAG where ESLAG is the way out", ds3k(func(sc *SwitchClass) { sc.Redundancy = &Redundancy{Type: KindMCLAG, Group: "g"} }),
			E, "redundancy.type", `MCLAG is not planned: Hedgehog no longer supports MCLAG, and an MCLAG pair needs peer and session links between its switches, which this provider does not plan. Use redundancy = { type = "eslag"`),
		vtSwitchRow("MCLAG on an L3-only leaf: no ESLAG advice", leaf(func(sc *SwitchClass) { sc.Redundancy = &Redundancy{Type: KindMCLAG, Group: "g"} }),
			E, "redundancy.type", `celestica-ds5000 cannot group leaves: give the connections kind = "unbundled"`),
		vtSwitchRow("ESLAG demand above 4 switches", eslagMany, E, "redundancy", "needs 5 switches but an ESLAG group has 2 to 4"),
		vtSwitchRow("ESLAG override above 4", ds3k(func(sc *SwitchClass) {
			sc.Redundancy = &Redundancy{Type: KindESLAG, Group: "g"}
			sc.Override, sc.HasOverride = 5, true
		}), E, "override_quantity", "2 to 4 switches, not 5"),
		vtSwitchRow("ESLAG override of 1", ds3k(func(sc *SwitchClass) {
			sc.Redundancy = &Redundancy{Type: KindESLAG, Group: "g"}
			sc.Override, sc.HasOverride = 1, true
		}), E, "override_quantity", "needs: 2 switches"),
		vtSwitchRow("bundled alternating without redundancy", ds3k(func(sc *SwitchClass) {
			sc.Zones = srvZone("1-8", "1x100g", bundledAlt)
		}), E, `zones["s"].attach`, `is bundled over alternating switches, but switch class "leaf" has no redundancy group`),
		vtSwitchRow("eslag alternating without redundancy", ds3k(func(sc *SwitchClass) {
			sc.Zones = srvZone("1-8", "1x100g", eslagAlt)
		}), E, `zones["s"].attach`, "is eslag over alternating switches"),

		// Zones: names, kinds, port specs, breakouts, order.
		vtSwitchRow("invalid zone name", leaf(func(sc *SwitchClass) { sc.Zones = map[string]Zone{"Down_Links": sc.Zones["s"]} }),
			E, `zones["Down_Links"]`, "uppercase"),
		vtSwitchRow("unknown zone kind", leaf(func(sc *SwitchClass) {
			sc.Zones = map[string]Zone{"s": {Kind: "storage", Ports: "1", Breakout: "1x800g"}}
		}), E, `zones["s"].kind`, `"storage" is not one of`),
		vtSwitchRow("unknown strategy", leaf(func(sc *SwitchClass) {
			z := sc.Zones["s"]
			z.Strategy = "random"
			sc.Zones["s"] = z
		}), E, `zones["s"].strategy`, `"random" is not one of`),
		vtSwitchRow("port spec syntax error", leaf(func(sc *SwitchClass) { sc.Zones = srvZone("1-", "4x200g", gpu) }),
			E, `zones["s"].ports`, "missing the range end"),
		vtSwitchRow("port spec step 0", leaf(func(sc *SwitchClass) { sc.Zones = srvZone("1-63:0", "4x200g", gpu) }),
			E, `zones["s"].ports`, "step 0 must be at least 1"),
		vtSwitchRow("empty port spec", leaf(func(sc *SwitchClass) { sc.Zones = srvZone(" ", "4x200g", gpu) }),
			E, `zones["s"].ports`, "port spec is empty"),
		vtSwitchRow("port beyond 1024", leaf(func(sc *SwitchClass) { sc.Zones = srvZone("1-2000", "4x200g", gpu) }),
			E, `zones["s"].ports`, "outside 1..1024"),
		vtSwitchRow("port outside the profile", leaf(func(sc *SwitchClass) { sc.Zones = srvZone("1-70", "4x200g", gpu) }),
			E, `zones["s"].ports`, "port 67 is not a data port of celestica-ds5000"),
		vtSwitchRow("unknown breakout", leaf(func(sc *SwitchClass) { sc.Zones = srvZone("1-63:2", "3x100g", gpu) }),
			E, `zones["s"].breakout`, `breakout "3x100g" is not a breakout mode; port 1 of celestica-ds5000 takes 1x800g, 2x400g, 4x200g, 8x100g`),
		vtSwitchRow("breakout the profile does not support", leaf(func(sc *SwitchClass) { sc.Zones = srvZone("1-8", "8x50g", gpu) }),
			E, `zones["s"].breakout`, "port 1 of celestica-ds5000 does not support 8x50g"),
		vtSwitchRow("breakout that port does not support", leaf(func(sc *SwitchClass) { sc.Zones = srvZone("63-65", "4x200g", gpu) }),
			E, `zones["s"].breakout`, "port 65 of celestica-ds5000 does not support 4x200g"),
		vtSwitchRow("custom order not a permutation", leaf(func(sc *SwitchClass) {
			sc.Zones = map[string]Zone{"s": {Kind: ZoneServer, Ports: "1-4", Breakout: "4x200g", Strategy: StrategyCustom,
				Order: []int{1, 2, 3, 5}, Attach: []Attachment{gpu}}}
		}), E, `zones["s"].order`, "port 5 in order is not in the zone's ports"),
		vtSwitchRow("custom order with a port twice", leaf(func(sc *SwitchClass) {
			sc.Zones = map[string]Zone{"s": {Kind: ZoneServer, Ports: "1-4", Breakout: "4x200g", Strategy: StrategyCustom,
				Order: []int{1, 2, 2, 3}, Attach: []Attachment{gpu}}}
		}), E, `zones["s"].order`, "listed twice"),
		vtSwitchRow("custom order of the wrong length", leaf(func(sc *SwitchClass) {
			sc.Zones = map[string]Zone{"s": {Kind: ZoneServer, Ports: "1-4", Breakout: "4x200g", Strategy: StrategyCustom,
				Attach: []Attachment{gpu}}}
		}), E, `zones["s"].order`, "order lists 0 ports but the zone has 4"),
		vtSwitchRow("lanes above maxPorts", leaf(func(sc *SwitchClass) { sc.Zones = srvZone("1-64", "8x100g") }),
			E, "zones", "the zones configure 512 lanes per switch; celestica-ds5000 supports at most 320"),
		vtSwitchRow("lanes above maxPorts over two zones", leaf(func(sc *SwitchClass) {
			sc.Zones = map[string]Zone{
				"a": {Kind: ZoneServer, Ports: "1-32", Breakout: "8x100g"},
				"b": {Kind: ZoneServer, Ports: "33-64", Breakout: "4x200g"},
			}
		}), E, "zones", "384 lanes per switch"),
		vtSwitchRow("pipeline cap", leaf(func(sc *SwitchClass) { sc.Zones = srvZone("1,4", "8x100g") }),
			E, `zones["s"].breakout`, `celestica-ds5000 groups its ports in pipelines of 2 ports that carry at most 10 lanes `+
				`together; zone "s" (breakout 8x100g) overfills 1 of them: ports 1+4 (16 lanes). Use a breakout of at most 5 `+
				`lanes a port`),

		// Attachments and zone kinds.
		vtSwitchRow("speed mismatch", leaf(func(sc *SwitchClass) { sc.Zones = srvZone("1-63:2", "4x200g", same100) }),
			E, `zones["s"].attach`, `runs at 100G but the lanes of zone "s" are 200G (4x200g)`),
		vtSwitchRow("uplink speed mismatch", spine("celestica-ds5000", map[string]Zone{
			"f": {Kind: ZoneFabric, Ports: "1-64", Breakout: "2x400g", Attach: []Attachment{managedUp}}}),
			E, `zones["f"].attach`, "runs at 800G"),
		vtSwitchRow("ipmi on a server zone", vtSwitchClassCustom(map[string]Zone{
			"s": {Kind: ZoneServer, Ports: "1-48", Breakout: "1x1g", Attach: []Attachment{ipmi}}}),
			E, `zones["s"].attach`, "does not take ipmi connections; use an oob zone"),
		vtSwitchRow("data on an oob zone", vtSwitchClassCustom(map[string]Zone{
			"o": {Kind: ZoneOOB, Ports: "1-48", Breakout: "1x1g", Attach: []Attachment{data1g}}}),
			E, `zones["o"].attach`, "takes only ipmi connections"),
		vtSwitchRow("uplink on an oob zone", vtSwitchClassCustom(map[string]Zone{
			"o": {Kind: ZoneOOB, Ports: "49-52", Breakout: "1x25g", Attach: []Attachment{unmanagedUp}}}),
			E, `zones["o"].attach`, "takes only ipmi connections"),
		vtSwitchRow("server connection on a fabric zone", spine("celestica-ds5000", map[string]Zone{
			"f": {Kind: ZoneFabric, Ports: "1-63:2", Breakout: "4x200g", Attach: []Attachment{gpu}}}),
			E, `zones["f"].attach`, "takes only uplink zones of other switch classes"),
		vtSwitchRow("server connection on an uplink zone", leaf(func(sc *SwitchClass) {
			sc.Zones = map[string]Zone{"u": {Kind: ZoneUplink, Ports: "1-63:2", Breakout: "4x200g", Attach: []Attachment{gpu}}}
		}), E, `zones["u"].attach`, "takes no attachments"),
		vtSwitchRow("uplink on an uplink zone", leaf(func(sc *SwitchClass) {
			sc.Zones = map[string]Zone{"u": {Kind: ZoneUplink, Ports: "1-64", Breakout: "1x800g", Attach: []Attachment{managedUp}}}
		}), E, `zones["u"].attach`, "takes no attachments"),
		vtSwitchRow("server connection on a mesh zone", mesh(2, map[string]Zone{
			"m": {Kind: ZoneMesh, Ports: "1-8", Breakout: "1x100g", Attach: []Attachment{same100}}}),
			E, `zones["m"].attach`, "takes no attachments"),
		vtSwitchRow("managed uplink on a server zone", leaf(func(sc *SwitchClass) {
			sc.Zones = srvZone("1-64", "1x800g", managedUp)
		}), E, `zones["s"].attach`, "attach managed uplinks to a fabric zone"),
		vtSwitchRow("same attachment on two zones", leaf(func(sc *SwitchClass) {
			sc.Zones = map[string]Zone{
				"a": {Kind: ZoneServer, Ports: "1-31:2", Breakout: "4x200g", Attach: []Attachment{gpu}},
				"b": {Kind: ZoneServer, Ports: "33-63:2", Breakout: "4x200g", Attach: []Attachment{gpu}},
			}
		}), E, `zones["b"].attach`, `is attached to zones "a" and "b"`),
		vtSwitchRow("same attachment twice on one zone", leaf(func(sc *SwitchClass) {
			sc.Zones = srvZone("1-63:2", "4x200g", gpu, gpu)
		}), E, `zones["s"].attach`, `connection "fe" of server class "gpu" is listed twice in zone "s"`),
		vtSwitchRow("spine attaching a mesh class", spine("celestica-ds3000", map[string]Zone{
			"f": {Kind: ZoneFabric, Ports: "1-8", Breakout: "1x100g", Attach: []Attachment{meshUp}}}),
			E, `zones["f"].attach`, "belongs to a mesh topology"),

		// Lanes shared by two zones.
		vtSwitchRow("two zones on the same lane", leaf(func(sc *SwitchClass) {
			sc.Zones = map[string]Zone{
				"a": {Kind: ZoneServer, Ports: "1-2", Breakout: "4x200g", Attach: []Attachment{vtSrvAtt(t, "x", 1, 2, 200, nil)}},
				"b": {Kind: ZoneServer, Ports: "1", Breakout: "4x200g", Attach: []Attachment{vtSrvAtt(t, "y", 1, 1, 200, nil)}},
			}
		}), E, `zones["b"].ports`, `zones "a" and "b" both use leaf-01 port 1: lane E1/1/1`),
		vtSwitchRow("two zones with different breakouts on one port", leaf(func(sc *SwitchClass) {
			sc.Zones = map[string]Zone{
				"a": {Kind: ZoneServer, Ports: "1-2", Breakout: "4x200g", Attach: []Attachment{vtSrvAtt(t, "x", 1, 1, 200, nil)}},
				"b": {Kind: ZoneServer, Ports: "1", Breakout: "2x400g", Attach: []Attachment{vtSrvAtt(t, "y", 1, 1, 400, nil)}},
			}
		}), E, `zones["b"].ports`, "lanes E1/1/1 (4x200g) and E1/1/1 (2x400g)"),
		vtSwitchRow("server zone over an uplink zone", leaf(func(sc *SwitchClass) {
			sc.Zones = map[string]Zone{
				"a": {Kind: ZoneServer, Ports: "1", Breakout: "1x800g", Attach: []Attachment{vtSrvAtt(t, "x", 1, 1, 800, nil)}},
				"b": {Kind: ZoneUplink, Ports: "1-2", Breakout: "1x800g"},
			}
		}), E, `zones["b"].ports`, "lane E1/1"),
		vtSwitchRow("zones overlapping without collision", leaf(func(sc *SwitchClass) {
			sc.Zones = map[string]Zone{
				"a": {Kind: ZoneServer, Ports: "1-2", Breakout: "4x200g", Attach: []Attachment{vtSrvAtt(t, "x", 1, 1, 200, nil)}},
				"b": {Kind: ZoneServer, Ports: "2-3", Breakout: "4x200g", Attach: []Attachment{vtSrvAtt(t, "y", 1, 1, 200, nil)}},
			}
		}), W, `zones["b"].ports`, `zones "a" and "b" share ports 2, but their used lanes do not collide`),

		// Quantities.
		vtSwitchRow("override below need", leaf(func(sc *SwitchClass) {
			sc.Zones = srvZone("1-3", "4x200g", vtSrvAtt(t, "big", 12, 2, 200, nil)) // 24 ports on 12 lanes
			sc.Override, sc.HasOverride = 1, true
		}), E, "override_quantity", "override_quantity 1 is below what the demand needs: 2 switches"),
		vtSwitchRow("demand above 1024 switches", leaf(func(sc *SwitchClass) { sc.Zones = srvZone("1", "4x200g", huge) }),
			E, "zones", "needs 50000 switches; a class may have at most 1024"),
		vtSwitchRow("a server with more ports than a switch has lanes", leaf(func(sc *SwitchClass) {
			sc.Zones = srvZone("1", "4x200g", fat)
		}), E, `zones["s"]`, "no quantity from 2 to 12 switches can place every attachment: leaf-01 has no free lane for fat-001 port nic-p4"),
		vtSwitchRow("every rail connection claims one rail", leaf(func(sc *SwitchClass) {
			sc.Zones = srvZone("1-32", "2x400g", sameRail(t)...)
		}), E, `zones["s"]`, `the 8 rail-optimized connections of server class "gpu" attached to zone "s" (be-rail-0, be-rail-1, `+
			`be-rail-2, be-rail-3, be-rail-4, be-rail-5, be-rail-6, be-rail-7) all claim rail 0`),
		vtSwitchRow("rail connection wider than the zone", leaf(func(sc *SwitchClass) { sc.Zones = srvZone("1", "1x400g", rail2) }),
			E, `zones["s"]`, "a rail connection of 2 ports does not fit in 1 lanes"),
		vtSwitchRow("leaf with fewer uplink lanes than spines (override)", thinSpines, E, `zones["fabric"].attach`,
			`uplink zone "uplinks" of switch class "thin" has 1 uplink lanes per switch but there are 3 spines`),

		// Mesh.
		vtSwitchRow("mesh without override", mesh(0, map[string]Zone{"m": {Kind: ZoneMesh, Ports: "29-32", Breakout: "1x100g"}}),
			E, "override_quantity", "set override_quantity to 2 or 3"),
		vtSwitchRow("mesh override of 4", mesh(4, map[string]Zone{"m": {Kind: ZoneMesh, Ports: "29-32", Breakout: "1x100g"}}),
			E, "override_quantity", "set override_quantity to 2 or 3"),
		vtSwitchRow("mesh override of 1", mesh(1, map[string]Zone{"m": {Kind: ZoneMesh, Ports: "29-32", Breakout: "1x100g"}}),
			E, "override_quantity", "set override_quantity to 2 or 3"),
		vtSwitchRow("odd mesh lanes with 3 switches", mesh(3, map[string]Zone{"m": {Kind: ZoneMesh, Ports: "29-31", Breakout: "1x100g"}}),
			E, `zones["m"].ports`, `zone "m" has 3`),
		vtSwitchRow("mesh zones of different sizes", mesh(2, map[string]Zone{
			"m1": {Kind: ZoneMesh, Ports: "29-32", Breakout: "1x100g"},
			"m2": {Kind: ZoneMesh, Ports: "25-26", Breakout: "1x100g"},
		}), E, `zones["m2"].ports`, "same number of lanes"),
		vtSwitchRow("mesh without mesh zones", mesh(2, srvZone("1-8", "1x100g", same100)),
			E, "zones", "needs at least one zone of kind mesh"),
		vtSwitchRow("mesh override below need", mesh(2, map[string]Zone{
			"m": {Kind: ZoneMesh, Ports: "29-32", Breakout: "1x100g"},
			"s": {Kind: ZoneServer, Ports: "1-2", Breakout: "1x100g", Attach: []Attachment{vtSrvAtt(t, "m3", 3, 2, 100, nil)}},
		}), E, "override_quantity", "below what the demand needs: 3 switches"),

		vtSwitchRow("fabric zone on a leaf", leaf(func(sc *SwitchClass) {
			sc.Zones = map[string]Zone{"f": {Kind: ZoneFabric, Ports: "63-64", Breakout: "1x800g"}}
		}), E, `zones["f"].kind`, `use kind = "uplink" and attach its export to a fabric zone of a spine class`),

		// Warnings.
		vtSwitchRow("class with no demand", leaf(func(sc *SwitchClass) { sc.Zones = srvZone("1-63:2", "4x200g") }),
			W, "zones", `switch class "leaf" has no demand`),
		vtSwitchRow("class whose servers have quantity 0", leaf(func(sc *SwitchClass) {
			sc.Zones = srvZone("1-63:2", "4x200g", vtSrvAtt(t, "none", 0, 2, 200, nil))
		}), W, "zones", "has no demand"),
		vtSwitchRow("zone above 90 percent", leaf(func(sc *SwitchClass) { sc.Zones = srvZone("1-3", "4x200g", twelve) }),
			W, `zones["s"]`, `zone "s" uses 12 of 12 lanes (100%)`),
	}
	vtRunRows(t, rows)
}

// vtSwitchClassCustom is an unmanaged ES1000-like switch with the given zones.
func vtSwitchClassCustom(zones map[string]Zone) SwitchClass {
	return SwitchClass{Name: "oob", Fabric: "oob-mgmt", FabricClass: FabricUnmanaged, Role: RoleServerLeaf,
		DeviceType: "es1000-48", CustomPorts: es1000Ports(), Zones: zones}
}

// TestValidateLeafCannotReachEverySpine: SPEC §4 "Every leaf must reach every spine: a leaf with
// fewer uplink lanes than spines is a diagnostic" (§6: an error). Here the demand itself needs
// more spines than a leaf has uplink lanes: 8 leaves of 2 lanes (16 lanes) on spines of 4
// fabric lanes need 4 spines, but no leaf reaches more than 2. The diagnostic must say so, at
// the fabric zone's attach.
func TestValidateLeafCannotReachEverySpine(t *testing.T) {
	srv := vtSrvAtt(t, "s", 8, 1, 200, nil)
	leaves := vtPlan(t, vtLeaf("leaf", map[string]Zone{
		"servers": {Kind: ZoneServer, Ports: "1", Breakout: "4x200g", Attach: []Attachment{srv}},
		"uplinks": {Kind: ZoneUplink, Ports: "63-64", Breakout: "1x800g"},
	}), nil)
	if leaves.Effective != 2 {
		t.Fatalf("leaves: %d, want 2", leaves.Effective)
	}
	up := leaves.Exports["uplinks"]
	// 2 leaves x 2 lanes = 4 lanes on a 1-lane fabric zone: 4 spines.
	sc := SwitchClass{Name: "spine", Fabric: "frontend", Role: RoleSpine, DeviceType: "celestica-ds5000",
		Zones: map[string]Zone{"fabric": {Kind: ZoneFabric, Ports: "1", Breakout: "1x800g", Attach: []Attachment{up}}}}
	p := PlanSwitchClass(testPlan, sc, nil)
	if !hasDiag(p.Diagnostics, SeverityError, `zones["fabric"].attach`, "there are 4 spines") {
		t.Errorf("want \"Leaf cannot reach every spine\" (2 uplink lanes, 4 spines needed) at zones[\"fabric\"].attach; got: %s",
			describeDiags(p.Diagnostics))
	}
}

// TestValidateSwitchNameTemplateWithoutIndex: a template without {index} is fine for a class of
// one switch (SPEC §6 rejects templates that render duplicate names; one name is no duplicate).
func TestValidateSwitchNameTemplateWithoutIndex(t *testing.T) {
	sc := vtDS3000("border", map[string]Zone{
		"s": {Kind: ZoneServer, Ports: "1-8", Breakout: "1x100g", Attach: []Attachment{vtSrvAtt(t, "one", 1, 2, 100, nil)}},
	})
	sc.NameTemplate = "{fabric}-border"
	p := PlanSwitchClass(testPlan, sc, nil)
	if p.Diagnostics.HasError() {
		t.Fatalf("one switch, template without {index}: %s", describeDiags(p.Diagnostics))
	}
	if !reflect.DeepEqual(p.Devices, []string{"frontend-border"}) {
		t.Errorf("devices %v", p.Devices)
	}
}

// TestValidateHostileInput: bad input never panics, never hangs (SPEC §6).
func TestValidateHostileInput(t *testing.T) {
	// noHang catches a hang or a blow-up, not a speed target: the limits are orders of
	// magnitude above the real times (make bench measures those).
	noHang := func(t *testing.T, what string, f func()) {
		t.Helper()
		const limit = time.Minute
		start := time.Now()
		f()
		if d := time.Since(start); d > limit {
			t.Errorf("%s took %v (limit %v)", what, d, limit)
		}
	}
	t.Run("server quantity 10^9", func(t *testing.T) {
		var p ServerPlan
		noHang(t, "planning 10^9 servers", func() { p = PlanServerClass(testPlan, vtGPU(func(sc *ServerClass) { sc.Quantity = 1e9 })) })
		if !hasDiag(p.Diagnostics, SeverityError, "quantity", "outside") || p.Devices != nil {
			t.Fatalf("got %s, %d devices", describeDiags(p.Diagnostics), len(p.Devices))
		}
	})
	t.Run("100000 servers on 782 switches", func(t *testing.T) {
		a := vtSrvAtt(t, "many", 100_000, 2, 200, func(c *Connection) { c.Distribution = DistAlternating })
		var p SwitchPlan
		noHang(t, "planning 100 000 servers", func() {
			p = PlanSwitchClass(testPlan, vtLeaf("leaf", map[string]Zone{
				"s": {Kind: ZoneServer, Ports: "1-64", Breakout: "4x200g", Attach: []Attachment{a}}}), nil)
		})
		if p.Diagnostics.HasError() || p.Effective != 782 || len(p.Links) != 200_000 {
			t.Fatalf("quantity %d, %d links: %s", p.Effective, len(p.Links), describeDiags(p.Diagnostics))
		}
	})
	long := func(tail string) string { return strings.Repeat("1,", (100_000-len(tail))/2) + tail }
	for _, tc := range []struct {
		name, spec string
		path, text string // empty path: valid
	}{
		{"valid 100000-character spec", long("2"), "", ""},
		{"100000-character spec with a syntax error at the end", long("x"), `zones["s"].ports`, `unexpected character 'x'`},
		{"100000-character spec with a port off the profile", long("99"), `zones["s"].ports`, "port 99 is not a data port"},
		{"100000-character single number", strings.Repeat("9", 100_000), `zones["s"].ports`, "outside 1..1024"},
		{"100000 spaces", strings.Repeat(" ", 100_000), `zones["s"].ports`, "empty"},
		{"100000 commas", strings.Repeat(",", 100_000), `zones["s"].ports`, "empty part"},
		{"a range repeated 10000 times", strings.Repeat("1-64,", 19_999) + "1-64", "", ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if len(tc.spec) < 99_990 {
				t.Fatalf("spec is only %d characters", len(tc.spec))
			}
			sc := vtLeaf("leaf", map[string]Zone{"s": {Kind: ZoneServer, Ports: tc.spec, Breakout: "4x200g",
				Attach: []Attachment{vtSrvAtt(t, "x", 1, 1, 200, nil)}}})
			var p SwitchPlan
			noHang(t, "planning", func() { p = PlanSwitchClass(testPlan, sc, nil) })
			if tc.path == "" {
				if p.Diagnostics.HasError() || p.Effective != 1 {
					t.Fatalf("quantity %d: %s", p.Effective, describeDiags(p.Diagnostics))
				}
				return
			}
			if !hasDiag(p.Diagnostics, SeverityError, tc.path, tc.text) {
				t.Fatalf("want %q at %s, got %s", tc.text, tc.path, describeDiags(p.Diagnostics))
			}
			for _, d := range p.Diagnostics {
				if len(d.Detail) > 500 {
					t.Errorf("diagnostic of %d characters quotes the whole spec", len(d.Detail))
				}
			}
		})
	}
	t.Run("empty zones map", func(t *testing.T) {
		for _, zones := range []map[string]Zone{nil, {}} {
			p := PlanSwitchClass(testPlan, vtLeaf("leaf", zones), nil)
			if p.Diagnostics.HasError() || p.Effective != 0 || len(p.Devices) != 0 || len(p.Links) != 0 {
				t.Fatalf("quantity %d: %s", p.Effective, describeDiags(p.Diagnostics))
			}
			if !hasDiag(p.Diagnostics, SeverityWarning, "zones", "no demand") {
				t.Errorf("want the unused warning: %s", describeDiags(p.Diagnostics))
			}
		}
	})
	t.Run("empty NIC and connection maps", func(t *testing.T) {
		for _, sc := range []ServerClass{
			{Name: "bare", Quantity: 3},
			{Name: "bare", Quantity: 3, NICs: map[string]NIC{}, Connections: map[string]Connection{}},
		} {
			p := PlanServerClass(testPlan, sc)
			if len(p.Diagnostics) != 0 || len(p.Devices) != 3 || len(p.Interfaces) != 0 || len(p.Attachments) != 0 {
				t.Fatalf("%+v: %s", p, describeDiags(p.Diagnostics))
			}
		}
	})
	t.Run("zero values", func(t *testing.T) {
		// Nothing set at all: errors, no panic.
		if p := PlanSwitchClass(PlanContext{}, SwitchClass{}, nil); !p.Diagnostics.HasError() {
			t.Errorf("empty switch class must fail")
		}
		if p := PlanServerClass(PlanContext{}, ServerClass{}); !p.Diagnostics.HasError() {
			t.Errorf("empty server class must fail")
		}
		// An attachment with no devices or ports adds no demand.
		p := PlanSwitchClass(testPlan, vtLeaf("leaf", map[string]Zone{
			"s": {Kind: ZoneServer, Ports: "1", Breakout: "4x200g", Attach: []Attachment{{Source: SourceServer, Speed: 200}}}}), nil)
		if p.Diagnostics.HasError() || p.Effective != 0 {
			t.Errorf("empty attachment: %d %s", p.Effective, describeDiags(p.Diagnostics))
		}
	})
	t.Run("prior links naming unknown switches and lanes", func(t *testing.T) {
		a := vtSrvAtt(t, "x", 2, 1, 200, nil)
		prior := []Link{
			{ADevice: "x-001", APort: "nic-p0", BDevice: "leaf-99", BPort: "E1/1/1"},
			{ADevice: "x-002", APort: "nic-p0", BDevice: "leaf-01", BPort: "E1/99/9"},
			{ADevice: "x-003", APort: "nic-p0", BDevice: "leaf-01", BPort: "E1/1/1"},
			{ADevice: "", APort: "", BDevice: "", BPort: ""},
		}
		p := vtPlan(t, vtLeaf("leaf", map[string]Zone{"s": {Kind: ZoneServer, Ports: "1", Breakout: "4x200g",
			Attach: []Attachment{a}}}), prior)
		if p.Effective != 1 || len(p.Links) != 2 {
			t.Fatalf("quantity %d links %v", p.Effective, p.Links)
		}
	})
}

// TestValidateStrategies checks SPEC §5.1: lanes are enumerated in strategy order.
func TestValidateStrategies(t *testing.T) {
	lanes := func(ports []int) []string {
		var out []string
		for _, p := range ports {
			out = append(out, fmt.Sprintf("E1/%d", p))
		}
		return out
	}
	tests := []struct {
		strategy string
		ports    string
		order    []int
		want     []int
	}{
		{"", "1-8", nil, []int{1, 2, 3, 4, 5, 6, 7, 8}},
		{StrategySequential, "1-8", nil, []int{1, 2, 3, 4, 5, 6, 7, 8}},
		{StrategyInterleaved, "1-8", nil, []int{1, 3, 5, 7, 2, 4, 6, 8}},
		{StrategySpaced, "1-8", nil, []int{1, 5, 2, 6, 3, 7, 4, 8}},
		{StrategyInterleaved, "1-7", nil, []int{1, 3, 5, 7, 2, 4, 6}},
		{StrategySpaced, "1-7", nil, []int{1, 5, 2, 6, 3, 7, 4}},
		{StrategySpaced, "1", nil, []int{1}},
		{StrategyCustom, "1-8", []int{8, 6, 4, 2, 7, 5, 3, 1}, []int{8, 6, 4, 2, 7, 5, 3, 1}},
		{StrategyInterleaved, "2-16:2", nil, []int{2, 6, 10, 14, 4, 8, 12, 16}},
	}
	for _, tc := range tests {
		t.Run(tc.strategy+" "+tc.ports, func(t *testing.T) {
			n := len(tc.want)
			a := vtSrvAtt(t, "s", 1, n, 100, nil) // one server, one port per lane, same switch
			sc := vtDS3000("leaf", map[string]Zone{"z": {Kind: ZoneServer, Ports: tc.ports, Breakout: "1x100g",
				Strategy: tc.strategy, Order: tc.order, Attach: []Attachment{a}}})
			p := vtPlan(t, sc, nil)
			if got := p.Zones[0].Lanes; !reflect.DeepEqual(got, lanes(tc.want)) {
				t.Errorf("lanes %v, want %v", got, lanes(tc.want))
			}
			var placed []string
			for i := range n {
				placed = append(placed, strings.TrimPrefix(linksOf(p)[fmt.Sprintf("s-001:nic-p%d", i)], "leaf-01:"))
			}
			if !reflect.DeepEqual(placed, lanes(tc.want)) {
				t.Errorf("ports placed on %v, want %v", placed, lanes(tc.want))
			}
			if p.Zones[0].Ports != FormatPortSpec(tc.want) {
				t.Errorf("zone ports %q", p.Zones[0].Ports)
			}
		})
	}
	// Breakout lanes follow their port: interleaved 1-4 at 2x: E1/1/1, E1/1/2, E1/3/1, ...
	p := vtPlan(t, vtLeaf("leaf", map[string]Zone{"z": {Kind: ZoneServer, Ports: "1-4", Breakout: "2x400g",
		Strategy: StrategyInterleaved, Attach: []Attachment{vtSrvAtt(t, "s", 1, 1, 400, nil)}}}), nil)
	want := []string{"E1/1/1", "E1/1/2", "E1/3/1", "E1/3/2", "E1/2/1", "E1/2/2", "E1/4/1", "E1/4/2"}
	if !reflect.DeepEqual(p.Zones[0].Lanes, want) {
		t.Errorf("breakout lanes %v, want %v", p.Zones[0].Lanes, want)
	}
}

// TestValidateZonePriority: zones are allocated lower priority first, then by name (SPEC §3).
func TestValidateZonePriority(t *testing.T) {
	a := vtSrvAtt(t, "a", 1, 1, 100, nil)
	b := vtSrvAtt(t, "b", 1, 1, 100, nil)
	p := vtPlan(t, vtDS3000("leaf", map[string]Zone{
		"alpha": {Kind: ZoneServer, Ports: "1-4", Breakout: "1x100g", Priority: 2, Attach: []Attachment{a}},
		"beta":  {Kind: ZoneServer, Ports: "5-8", Breakout: "1x100g", Priority: 1, Attach: []Attachment{b}},
		"gamma": {Kind: ZoneServer, Ports: "9-12", Breakout: "1x100g", Priority: 1},
	}), nil)
	var names []string
	for _, z := range p.Zones {
		names = append(names, z.Name)
	}
	if !reflect.DeepEqual(names, []string{"beta", "gamma", "alpha"}) {
		t.Errorf("zone order %v", names)
	}
}

// TestValidateMeshLinks checks SPEC §4 mesh cabling with 2 and 3 switches.
func TestValidateMeshLinks(t *testing.T) {
	for _, n := range []int{2, 3} {
		t.Run(fmt.Sprintf("%d switches", n), func(t *testing.T) {
			srv := vtSrvAtt(t, "edge", 4, 2, 100, func(c *Connection) { c.Distribution = DistAlternating })
			sc := SwitchClass{Name: "mesh", Fabric: "edge", Role: RoleServerLeaf, DeviceType: "celestica-ds3000",
				Topology: TopologyMesh, Override: n, HasOverride: true, Zones: map[string]Zone{
					"mesh":    {Kind: ZoneMesh, Ports: "29-32", Breakout: "1x100g"},
					"servers": {Kind: ZoneServer, Ports: "1-8", Breakout: "1x100g", Attach: []Attachment{srv}},
				}}
			p := vtPlan(t, sc, nil)
			if p.Effective != n || len(p.Devices) != n {
				t.Fatalf("quantity %d devices %v", p.Effective, p.Devices)
			}
			if p.Calculated != 2 {
				t.Errorf("calculated %d, want 2 (alternating servers)", p.Calculated)
			}
			pairs := map[string]int{}
			used := map[string]bool{}
			server := 0
			for _, l := range p.Links {
				for _, end := range []string{l.BKey(), l.AKey()} {
					if l.Zone != "mesh" && end == l.AKey() {
						continue
					}
					if used[end] {
						t.Errorf("port %s used twice", end)
					}
					used[end] = true
				}
				if l.Zone != "mesh" {
					server++
					continue
				}
				if l.Speed != 100 || !strings.HasPrefix(l.APort, "E1/") || !strings.HasPrefix(l.BPort, "E1/") {
					t.Errorf("bad mesh link %+v", l)
				}
				if l.ADevice >= l.BDevice {
					t.Errorf("mesh link not ordered: %+v", l)
				}
				pairs[l.ADevice+"--"+l.BDevice]++
			}
			if server != 8 {
				t.Errorf("%d server links, want 8", server)
			}
			wantPairs := map[string]int{"mesh-01--mesh-02": 4}
			if n == 3 {
				wantPairs = map[string]int{"mesh-01--mesh-02": 2, "mesh-01--mesh-03": 2, "mesh-02--mesh-03": 2}
			}
			if !reflect.DeepEqual(pairs, wantPairs) {
				t.Errorf("mesh pairs %v, want %v", pairs, wantPairs)
			}
			// Every mesh lane of every switch is cabled exactly once.
			for _, dev := range p.Devices {
				for port := 29; port <= 32; port++ {
					if !used[fmt.Sprintf("%s:E1/%d", dev, port)] {
						t.Errorf("%s E1/%d not cabled", dev, port)
					}
				}
			}
			for _, z := range p.Zones {
				if z.Name == "mesh" && (z.Used != 4*n || z.Free != 0) {
					t.Errorf("mesh usage %+v", z)
				}
			}
			if len(p.Exports) != 0 {
				t.Errorf("exports %v", p.Exports)
			}
		})
	}
}

// TestValidateRailDomains checks SPEC §4 step 4 with at least as many switches as rails: servers
// are split into rail domains of floor(zone lanes / ports per rail connection) servers, and the
// allocator raises the formula's quantity until every domain has its switches (§4 step 7).
func TestValidateRailDomains(t *testing.T) {
	var rails []Attachment
	for r := range 2 {
		rails = append(rails, vtAttach(t, ServerClass{Name: "gpu", Quantity: 6,
			NICs: map[string]NIC{"be": {Ports: 2, Speed: 400}},
			Connections: map[string]Connection{"rail": {NIC: "be", FirstPort: r, Ports: 1, Speed: 400,
				Distribution: DistRailOptimized, Rail: r, HasRail: true}}}, "rail"))
		rails[r].Name = fmt.Sprintf("rail-%d", r) // two connections of one class
	}
	// 2 rails x 6 servers = 12 ports on 4 lanes: the formula says 3, rail domains of 4 servers
	// need 2 domains x 2 rails = 4 switches.
	p := vtPlan(t, vtLeaf("rail", map[string]Zone{"s": {Kind: ZoneServer, Ports: "1-2", Breakout: "2x400g", Attach: rails}}), nil)
	if p.Calculated != 4 || p.Effective != 4 {
		t.Fatalf("calculated %d effective %d, want 4", p.Calculated, p.Effective)
	}
	links := linksOf(p)
	for s := range 6 {
		for r := range 2 {
			got := links[fmt.Sprintf("gpu-%03d:be-p%d", s+1, r)]
			want := fmt.Sprintf("rail-%02d:", (s/4)*2+r+1)
			if !strings.HasPrefix(got, want) {
				t.Errorf("server %d rail %d on %q, want %s", s+1, r, got, want)
			}
		}
	}
	// Fewer switches than rails: rails share switches, rail r on switch floor(r / ceil(rails/N)).
	var eight []Attachment
	for r := range 8 {
		eight = append(eight, vtSrvAtt(t, fmt.Sprintf("r%d", r), 4, 1, 400, func(c *Connection) {
			c.Distribution, c.Rail, c.HasRail = DistRailOptimized, r, true
		}))
	}
	p = vtPlan(t, vtLeaf("rail", map[string]Zone{"s": {Kind: ZoneServer, Ports: "1-4", Breakout: "2x400g", Attach: eight}}), nil)
	if p.Effective != 4 {
		t.Fatalf("8 rails x 4 servers on 8 lanes: %d switches, want 4", p.Effective)
	}
	for _, l := range p.Links {
		var r int
		if _, err := fmt.Sscanf(l.ADevice, "r%d-", &r); err != nil {
			t.Fatalf("%s: %v", l.ADevice, err)
		}
		if want := fmt.Sprintf("rail-%02d", r/2+1); l.BDevice != want {
			t.Errorf("%s on %s, want %s", l.AKey(), l.BDevice, want)
		}
	}
}

// TestValidateDistributions checks SPEC §5.3 for same-switch blocks and alternating spread.
func TestValidateDistributions(t *testing.T) {
	// 5 same-switch servers x 4 ports on 8 lanes: 3 switches in blocks of 2, 2, 1.
	p := vtPlan(t, vtDS3000("leaf", map[string]Zone{"s": {Kind: ZoneServer, Ports: "1-8", Breakout: "1x100g",
		Attach: []Attachment{vtSrvAtt(t, "blk", 5, 4, 100, nil)}}}), nil)
	if p.Effective != 3 {
		t.Fatalf("quantity %d, want 3", p.Effective)
	}
	wantSwitch := []string{"leaf-01", "leaf-01", "leaf-02", "leaf-02", "leaf-03"}
	for s, want := range wantSwitch {
		for port := range 4 {
			if got := linksOf(p)[fmt.Sprintf("blk-%03d:nic-p%d", s+1, port)]; !strings.HasPrefix(got, want+":") {
				t.Errorf("server %d port %d on %s, want %s", s+1, port, got, want)
			}
		}
	}
	// Alternating: consecutive ports on different switches, all switches used.
	p = vtPlan(t, vtDS3000("leaf", map[string]Zone{"s": {Kind: ZoneServer, Ports: "1-4", Breakout: "1x100g",
		Attach: []Attachment{vtSrvAtt(t, "alt", 5, 2, 100, func(c *Connection) { c.Distribution = DistAlternating })}}}), nil)
	if p.Effective != 3 {
		t.Fatalf("quantity %d, want 3", p.Effective)
	}
	perSwitch := map[string]int{}
	for s := range 5 {
		a := linksOf(p)[fmt.Sprintf("alt-%03d:nic-p0", s+1)]
		b := linksOf(p)[fmt.Sprintf("alt-%03d:nic-p1", s+1)]
		if strings.Split(a, ":")[0] == strings.Split(b, ":")[0] {
			t.Errorf("server %d: both ports on %s", s+1, a)
		}
		perSwitch[strings.Split(a, ":")[0]]++
		perSwitch[strings.Split(b, ":")[0]]++
	}
	if len(perSwitch) != 3 {
		t.Errorf("switches used %v", perSwitch)
	}
	// Uplinks of one leaf spread evenly over the spines, the first spines one more.
	leaf := vtPlan(t, vtLeaf("leaf", map[string]Zone{
		"servers": {Kind: ZoneServer, Ports: "1", Breakout: "4x200g", Attach: []Attachment{vtSrvAtt(t, "one", 1, 1, 200, nil)}},
		"uplinks": {Kind: ZoneUplink, Ports: "54-64", Breakout: "1x800g"},
	}), nil)
	sp := vtPlan(t, SwitchClass{Name: "spine", Fabric: "frontend", Role: RoleSpine, DeviceType: "celestica-ds5000",
		Override: 3, HasOverride: true, Zones: map[string]Zone{"f": {Kind: ZoneFabric, Ports: "1-8", Breakout: "1x800g",
			Attach: []Attachment{leaf.Exports["uplinks"]}}}}, nil)
	count := map[string]int{}
	for _, l := range sp.Links {
		count[l.BDevice]++
	}
	if !reflect.DeepEqual(count, map[string]int{"spine-01": 4, "spine-02": 4, "spine-03": 3}) {
		t.Errorf("11 uplinks over 3 spines: %v", count)
	}
}

// vtPlanFEGPULeaf plans fe-gpu-leaf of the canonical case (SPEC §10) with gpuFeOnly servers of
// class gpu-fe-only, the 32 of gpu-with-backend, the given breakout for the server zone, and
// the prior links.
func vtPlanFEGPULeaf(t *testing.T, gpuFeOnly int, breakout string, prior []Link) SwitchPlan {
	t.Helper()
	return vtPlan(t, ds5000("fe-gpu-leaf", map[string]Zone{
		"servers": {Kind: ZoneServer, Ports: "1-63:2", Breakout: breakout,
			Attach: []Attachment{vtDualHomed(t, "gpu-fe-only", gpuFeOnly), vtDualHomed(t, "gpu-with-backend", 32)}},
		"uplinks": {Kind: ZoneUplink, Ports: "2-64:2", Breakout: "1x800g"},
	}), prior)
}

// vtDualHomed is the attachment "fe" of qty servers with two 200G ports alternating.
func vtDualHomed(t *testing.T, class string, qty int) Attachment {
	t.Helper()
	return vtAttach(t, ServerClass{Name: class, Quantity: qty, NICs: map[string]NIC{"fe": {Ports: 2, Speed: 200}},
		Connections: map[string]Connection{"fe": {NIC: "fe", Ports: 2, Speed: 200, Distribution: DistAlternating}}}, "fe")
}

func vtLinkMap(links []Link) map[string]string {
	m := make(map[string]string, len(links))
	for _, l := range links {
		m[l.AKey()] = l.BKey()
	}
	return m
}

func vtCheckUnique(t *testing.T, links []Link) {
	t.Helper()
	seen := map[string]string{}
	for _, l := range links {
		if prev, dup := seen[l.BKey()]; dup {
			t.Errorf("switch port %s used by %s and %s", l.BKey(), prev, l.AKey())
		}
		seen[l.BKey()] = l.AKey()
	}
}

// TestValidateStickyAllocation checks SPEC §5.5 on the canonical fe-gpu-leaf.
func TestValidateStickyAllocation(t *testing.T) {
	fresh := vtPlanFEGPULeaf(t, 96, "4x200g", nil)
	prior := fresh.Links
	priorMap := vtLinkMap(prior)
	// Terraform state keeps links without their zone.
	var stateLinks []Link
	for _, l := range prior {
		l.Zone, l.Speed = "", 0
		stateLinks = append(stateLinks, l)
	}

	t.Run("same inputs keep every link", func(t *testing.T) {
		for _, pr := range [][]Link{prior, stateLinks} {
			p := vtPlanFEGPULeaf(t, 96, "4x200g", pr)
			if !reflect.DeepEqual(vtLinkMap(p.Links), priorMap) || p.Effective != 2 {
				t.Fatalf("re-plan with the same inputs changed the allocation")
			}
		}
	})

	t.Run("one server less frees its lanes", func(t *testing.T) {
		p := vtPlanFEGPULeaf(t, 95, "4x200g", stateLinks)
		got := vtLinkMap(p.Links)
		if len(got) != len(priorMap)-2 {
			t.Fatalf("%d links, want %d", len(got), len(priorMap)-2)
		}
		for a, b := range got {
			if priorMap[a] != b {
				t.Errorf("%s moved from %s to %s", a, priorMap[a], b)
			}
		}
		for _, port := range []string{"fe-p0", "fe-p1"} {
			if _, ok := got["gpu-fe-only-096:"+port]; ok {
				t.Errorf("removed server still cabled")
			}
		}
		if z := p.Zones[0]; z.Name != "servers" || z.Free != 2 || z.Used != 254 {
			t.Errorf("zone usage %+v", z)
		}
		// Adding the server back lands it on the lanes it had: the freed ones.
		back := vtPlanFEGPULeaf(t, 96, "4x200g", p.Links)
		if !reflect.DeepEqual(vtLinkMap(back.Links), priorMap) {
			t.Errorf("re-adding the server did not restore the fresh placement")
		}
		vtCheckUnique(t, back.Links)
	})

	t.Run("removing servers in the middle keeps the others", func(t *testing.T) {
		// Scale in to 40: servers 41..96 disappear; everything else stays.
		p := vtPlanFEGPULeaf(t, 40, "4x200g", stateLinks)
		got := vtLinkMap(p.Links)
		for a, b := range got {
			if priorMap[a] != b {
				t.Errorf("%s moved from %s to %s", a, priorMap[a], b)
			}
		}
		if len(got) != (40+32)*2 {
			t.Errorf("%d links", len(got))
		}
		// Scale out again to 60 from there: the 40 and the backend servers keep their ports.
		q := vtPlanFEGPULeaf(t, 60, "4x200g", p.Links)
		gotQ := vtLinkMap(q.Links)
		for a, b := range got {
			if gotQ[a] != b {
				t.Errorf("%s moved from %s to %s", a, b, gotQ[a])
			}
		}
		if len(gotQ) != (60+32)*2 || q.Effective != 2 {
			t.Errorf("%d links on %d switches", len(gotQ), q.Effective)
		}
		vtCheckUnique(t, q.Links)
		vtCheckAlternating(t, q.Links)
	})

	t.Run("one server more adds only its links", func(t *testing.T) {
		p := vtPlanFEGPULeaf(t, 97, "4x200g", stateLinks)
		got := vtLinkMap(p.Links)
		var added []string
		for a, b := range got {
			if old, ok := priorMap[a]; ok {
				if old != b {
					t.Errorf("%s moved from %s to %s", a, old, b)
				}
				continue
			}
			added = append(added, a)
		}
		sort.Strings(added)
		if !reflect.DeepEqual(added, []string{"gpu-fe-only-097:fe-p0", "gpu-fe-only-097:fe-p1"}) {
			t.Errorf("added links %v", added)
		}
		if len(got) != len(priorMap)+2 {
			t.Errorf("%d links", len(got))
		}
		vtCheckUnique(t, p.Links)
		vtCheckAlternating(t, p.Links)
		// A fresh plan of the same design needs 3 switches (258 ports on 128 lanes per switch).
		freshQ := vtPlanFEGPULeaf(t, 97, "4x200g", nil).Effective
		if freshQ != 3 {
			t.Errorf("fresh quantity %d, want 3", freshQ)
		}
		t.Logf("sticky quantity %d, fresh quantity %d", p.Effective, freshQ)
	})

	t.Run("changing the breakout moves the links", func(t *testing.T) {
		p := vtPlanFEGPULeaf(t, 96, "2x200g", stateLinks)
		if p.Effective != 4 {
			t.Errorf("quantity %d, want 4 (64 lanes per switch)", p.Effective)
		}
		got := vtLinkMap(p.Links)
		if len(got) != len(priorMap) {
			t.Fatalf("%d links, want %d", len(got), len(priorMap))
		}
		moved := 0
		for a, b := range got {
			if strings.HasSuffix(b, "/3") || strings.HasSuffix(b, "/4") {
				t.Errorf("%s on %s, a lane 2x200g does not have", a, b)
			}
			old := priorMap[a]
			if strings.HasSuffix(old, "/3") || strings.HasSuffix(old, "/4") {
				if old == b {
					t.Errorf("%s kept a vanished lane", a)
				}
				moved++
			}
		}
		if moved != 128 {
			t.Errorf("%d links moved off vanished lanes, want 128", moved)
		}
		vtCheckUnique(t, p.Links)
		vtCheckAlternating(t, p.Links)
	})

	t.Run("prior links of another zone are not reused", func(t *testing.T) {
		var other []Link
		for _, l := range prior {
			l.Zone = "elsewhere"
			other = append(other, l)
		}
		p := vtPlanFEGPULeaf(t, 96, "4x200g", other)
		if !reflect.DeepEqual(vtLinkMap(p.Links), priorMap) {
			t.Errorf("a fresh placement was expected (the prior links belong to another zone)")
		}
	})
}

// vtCheckAlternating asserts that the two fe ports of every server are on different switches.
func vtCheckAlternating(t *testing.T, links []Link) {
	t.Helper()
	on := map[string]map[string]bool{}
	for _, l := range links {
		if on[l.ADevice] == nil {
			on[l.ADevice] = map[string]bool{}
		}
		if on[l.ADevice][l.BDevice] {
			t.Errorf("server %s has two ports on %s", l.ADevice, l.BDevice)
		}
		on[l.ADevice][l.BDevice] = true
	}
}

// TestValidateStickySameSwitch: a same-switch server that gains a port gets it on the switch
// that already holds its other ports, even where a fresh plan would put it elsewhere.
func TestValidateStickySameSwitch(t *testing.T) {
	sc := vtDS3000("leaf", map[string]Zone{"s": {Kind: ZoneServer, Ports: "1-8", Breakout: "1x100g",
		Attach: []Attachment{vtSrvAtt(t, "s", 2, 2, 100, nil)}}})
	sc.Override, sc.HasOverride = 2, true
	// The prior plan had s-001 (one port) on the second switch.
	prior := []Link{{ADevice: "s-001", APort: "nic-p0", BDevice: "leaf-02", BPort: "E1/5"}}
	p := vtPlan(t, sc, prior)
	got := vtLinkMap(p.Links)
	if got["s-001:nic-p0"] != "leaf-02:E1/5" {
		t.Errorf("kept link moved to %s", got["s-001:nic-p0"])
	}
	if !strings.HasPrefix(got["s-001:nic-p1"], "leaf-02:") {
		t.Errorf("new port of s-001 on %s, want leaf-02 with its other port", got["s-001:nic-p1"])
	}
	if !strings.HasPrefix(got["s-002:nic-p0"], "leaf-02:") || !strings.HasPrefix(got["s-002:nic-p1"], "leaf-02:") {
		t.Errorf("s-002 on %s / %s, want its fresh block leaf-02", got["s-002:nic-p0"], got["s-002:nic-p1"])
	}
	vtCheckUnique(t, p.Links)
	// Without the prior, s-001 is on leaf-01.
	if f := vtLinkMap(vtPlan(t, sc, nil).Links); !strings.HasPrefix(f["s-001:nic-p1"], "leaf-01:") {
		t.Errorf("fresh: %v", f)
	}
}

// TestValidateDiagnosticHelpers covers the small helpers diagnostics rely on.
func TestValidateDiagnosticHelpers(t *testing.T) {
	p := Root("zones").Key("down links").Attr("ports")
	if got := p.String(); got != `zones["down links"].ports` {
		t.Errorf("path %s", got)
	}
	// Extending a path never changes its parent.
	base := Root("zones").Key("a")
	x, y := base.Attr("ports"), base.Attr("breakout")
	if x.String() != `zones["a"].ports` || y.String() != `zones["a"].breakout` {
		t.Errorf("paths share storage: %s %s", x, y)
	}
	if got := (Path{}).String(); got != "" {
		t.Errorf("empty path %q", got)
	}
	srv := Attachment{Source: SourceServer, Class: "gpu", Name: "fe"}
	up := Attachment{Source: SourceSwitch, Class: "leaf", Name: "uplinks"}
	if srv.Describe() != `connection "fe" of server class "gpu"` || up.Describe() != `uplink zone "uplinks" of switch class "leaf"` {
		t.Errorf("describe: %s / %s", srv.Describe(), up.Describe())
	}
	if srv.Key() == up.Key() {
		t.Errorf("keys collide")
	}
	e := &allocError{zone: &zonePlan{name: "z"}, detail: "full"}
	if e.Error() != `zone "z": full` {
		t.Errorf("allocError %q", e.Error())
	}
	if (Diagnostics{{Severity: SeverityWarning}}).HasError() {
		t.Errorf("a warning is not an error")
	}
	if ceilDiv(5, 0) != 0 || ceilDiv(5, 2) != 3 {
		t.Errorf("ceilDiv")
	}
}

// TestPipelineErrorOncePerZone: one breakout that overfills twenty pipelines is one error, on the
// zone, naming the ports that pair up (DS5000 pairs the outer and the inner ports of each four).
func TestPipelineErrorOncePerZone(t *testing.T) {
	sc := vtLeaf("leaf", map[string]Zone{"s": {Kind: ZoneServer, Ports: "1-40", Breakout: "8x100g"}})
	var errs []Diagnostic
	for _, x := range PlanSwitchClass(testPlan, sc, nil).Diagnostics {
		if x.Summary == "Pipeline capacity exceeded" {
			errs = append(errs, x)
		}
	}
	if len(errs) != 1 || errs[0].Path.String() != `zones["s"].breakout` {
		t.Fatalf("want one pipeline error on zones[\"s\"].breakout, got %s", describeDiags(errs))
	}
	for _, want := range []string{"overfills 20 of them", "ports 1+4 (16 lanes), 2+3 (16 lanes), 5+8 (16 lanes)", "37+40"} {
		if !strings.Contains(errs[0].Detail, want) {
			t.Errorf("detail lacks %q: %s", want, errs[0].Detail)
		}
	}
}
