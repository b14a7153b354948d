package planner

import (
	"strings"
	"testing"
)

// TestCheckIdentities: one row per rule of a switch class's identities, each with its severity,
// attribute path and a fragment of the message that says how to fix it.
func TestCheckIdentities(t *testing.T) {
	gpu := vtAttach(t, vtGPU(nil), "fe") // 4 servers x 2 x 200G alternating: two leaves
	leaf := func(managed bool, ids map[string]SwitchIdentity) SwitchClass {
		sc := vtLeaf("leaf", map[string]Zone{"s": {Kind: ZoneServer, Ports: "1-63:2", Breakout: "4x200g", Attach: []Attachment{gpu}}})
		if !managed {
			sc.FabricClass = FabricUnmanaged
		}
		sc.Identities = ids
		return sc
	}
	p := vtPlan(t, leaf(true, nil), nil)
	if strings.Join(p.Devices, ",") != "leaf-01,leaf-02" {
		t.Fatalf("devices %v, want leaf-01,leaf-02", p.Devices)
	}
	rows := []struct {
		name    string
		managed bool
		ids     map[string]SwitchIdentity
		sev     Severity
		path    string
		text    string // "" for no diagnostic
	}{
		{"none", true, nil, 0, "", ""},
		{"serial and mac", true, map[string]SwitchIdentity{"leaf-01": {Serial: "ABC1", BootMAC: "0C:29:EF:A1:B2:C3"},
			"leaf-02": {Serial: "ABC2"}}, 0, "", ""},
		{"unknown switch", true, map[string]SwitchIdentity{"leaf-03": {Serial: "X"}}, SeverityError,
			`identities["leaf-03"]`, `class has 2 switches: leaf-01, leaf-02 (named by name_template)`},
		{"short mac", true, map[string]SwitchIdentity{"leaf-01": {BootMAC: "0c:29:ef:a1:b2"}}, SeverityError,
			`identities["leaf-01"].boot_mac`, `write six pairs of hex digits separated by colons, e.g. "0c:29:ef:a1:b2:c3"`},
		{"dashes", true, map[string]SwitchIdentity{"leaf-01": {BootMAC: "0c-29-ef-a1-b2-c3"}}, SeverityError,
			`identities["leaf-01"].boot_mac`, `is not a MAC address`},
		{"not hex", true, map[string]SwitchIdentity{"leaf-01": {BootMAC: "0c:29:ef:a1:b2:zz"}}, SeverityError,
			`identities["leaf-01"].boot_mac`, `"zz" is not a pair of hex digits`},
		{"multicast", true, map[string]SwitchIdentity{"leaf-01": {BootMAC: "01:00:5e:00:00:01"}}, SeverityError,
			`identities["leaf-01"].boot_mac`, `multicast address`},
		{"zero", true, map[string]SwitchIdentity{"leaf-01": {BootMAC: "00:00:00:00:00:00"}}, SeverityError,
			`identities["leaf-01"].boot_mac`, `all-zero`},
		{"duplicate mac in other case", true, map[string]SwitchIdentity{"leaf-01": {BootMAC: "0c:29:ef:a1:b2:c3"},
			"leaf-02": {BootMAC: "0C:29:EF:A1:B2:C3"}}, SeverityError,
			`identities["leaf-02"].boot_mac`, `switches "leaf-01" and "leaf-02" both have boot_mac 0c:29:ef:a1:b2:c3`},
		{"duplicate serial", true, map[string]SwitchIdentity{"leaf-01": {Serial: "S1"}, "leaf-02": {Serial: "S1"}},
			SeverityError, `identities["leaf-02"].serial`, `both have serial "S1", but every chassis has its own`},
		{"long serial", true, map[string]SwitchIdentity{"leaf-01": {Serial: strings.Repeat("x", 51)}}, SeverityError,
			`identities["leaf-01"].serial`, `NetBox stores at most 50`},
		{"spaced serial", true, map[string]SwitchIdentity{"leaf-01": {Serial: "S1 "}}, SeverityError,
			`identities["leaf-01"].serial`, `remove the space`},
		{"unmanaged mac", false, map[string]SwitchIdentity{"leaf-01": {BootMAC: "0c:29:ef:a1:b2:c3"}}, SeverityWarning,
			`identities["leaf-01"].boot_mac`, `remove boot_mac`},
	}
	for _, row := range rows {
		t.Run(row.name, func(t *testing.T) {
			sc := leaf(row.managed, row.ids)
			ds := CheckIdentities(sc, p.Devices)
			if row.text == "" {
				if len(ds) > 0 {
					t.Fatalf("want no diagnostics, got %s", describeDiags(ds))
				}
				return
			}
			if !hasDiag(ds, row.sev, row.path, row.text) {
				t.Fatalf("want %s at %s containing %q; got: %s", vtSeverity(row.sev), row.path, row.text, describeDiags(ds))
			}
			if len(ds) != 1 {
				t.Errorf("want one diagnostic, got %s", describeDiags(ds))
			}
		})
	}
}

// TestIdentitiesLeaveHashAlone: serials and MACs place no cable, so they do not change the
// class's inputs hash (hashes in state stay valid).
func TestIdentitiesLeaveHashAlone(t *testing.T) {
	sc := vtLeaf("leaf", nil)
	before := InputsHash(testPlan, sc)
	sc.Identities = map[string]SwitchIdentity{"leaf-01": {Serial: "S1", BootMAC: "0c:29:ef:a1:b2:c3"}}
	if after := InputsHash(testPlan, sc); after != before {
		t.Errorf("identities changed the inputs hash")
	}
}

func TestNormalizeMAC(t *testing.T) {
	if got, err := NormalizeMAC("0C:29:eF:A1:B2:C3"); err != nil || got != "0c:29:ef:a1:b2:c3" {
		t.Errorf("NormalizeMAC = %q, %v", got, err)
	}
	for _, bad := range []string{"", "0c:29:ef:a1:b2:c3:d4", "0c29.efa1.b2c3", " 0c:29:ef:a1:b2:c3", "ff:ff:ff:ff:ff:ff"} {
		if _, err := NormalizeMAC(bad); err == nil {
			t.Errorf("NormalizeMAC(%q) accepted", bad)
		}
	}
}

func TestDescribeNames(t *testing.T) {
	var many []string
	for i := 1; i <= 12; i++ {
		many = append(many, "sw-"+string(rune('a'+i)))
	}
	for _, tc := range []struct {
		names []string
		want  string
	}{
		{nil, "no switches"},
		{[]string{"a"}, "1 switch, a"},
		{many, "12 switches: sw-b, sw-c, sw-d, sw-e, sw-f, ..., sw-m"},
	} {
		if got := describeNames(tc.names); !strings.HasPrefix(got, tc.want) {
			t.Errorf("describeNames(%v) = %q, want %q", tc.names, got, tc.want)
		}
	}
}
