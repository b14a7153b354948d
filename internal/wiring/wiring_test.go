package wiring

import (
	"bytes"
	"errors"
	"io"
	"reflect"
	"strconv"
	"strings"
	"testing"

	"gopkg.in/yaml.v3"

	"github.com/netfabric-io/terraform-provider-hedgehog/internal/planner"
	"github.com/netfabric-io/terraform-provider-hedgehog/internal/planner/plantest"
)

// reference plans the SPEC §10 design and returns its classes in planning order.
func reference(t *testing.T) []Class {
	t.Helper()
	r, err := plantest.PlanReference(planner.PlanContext{Name: "ai", Site: "dc1"}, 1)
	if err != nil {
		t.Fatal(err)
	}
	var out []Class
	for _, n := range r.Order {
		out = append(out, Class{Input: r.SwitchClasses[n], Plan: r.Switches[n]})
	}
	return out
}

// cloneClasses deep-copies the links so a test can edit them.
func cloneClasses(in []Class) []Class {
	out := make([]Class, len(in))
	for i, c := range in {
		out[i] = c
		out[i].Plan.Links = append([]planner.Link(nil), c.Plan.Links...)
	}
	return out
}

func classIndex(t *testing.T, classes []Class, name string) int {
	t.Helper()
	for i, c := range classes {
		if c.Input.Name == name {
			return i
		}
	}
	t.Fatalf("no class %s", name)
	return -1
}

func kinds(docs []Document) map[string]int {
	out := map[string]int{}
	for _, d := range docs {
		out[d.Kind]++
	}
	return out
}

func connTypes(docs []Document) map[string]int {
	out := map[string]int{}
	for _, d := range docs {
		if d.Kind == KindConnection {
			out[d.Spec.(ConnectionSpec).Kind()]++
		}
	}
	return out
}

func find(t *testing.T, docs []Document, kind, name string) Document {
	t.Helper()
	for _, d := range docs {
		if d.Kind == kind && d.Metadata.Name == name {
			return d
		}
	}
	t.Fatalf("no %s %s", kind, name)
	return Document{}
}

func TestReferenceCounts(t *testing.T) {
	classes := reference(t)
	tests := []struct {
		fabric string
		kinds  map[string]int
		conns  map[string]int
	}{
		{"frontend",
			map[string]int{KindVLANNamespace: 1, KindIPv4Namespace: 1, KindSwitch: 10, KindServer: 159, KindConnection: 342},
			map[string]int{"unbundled": 318, "fabric": 24}},
		{"backend",
			map[string]int{KindVLANNamespace: 1, KindIPv4Namespace: 1, KindSwitch: 6, KindServer: 32, KindConnection: 264},
			map[string]int{"unbundled": 256, "fabric": 8}},
	}
	for _, tc := range tests {
		t.Run(tc.fabric, func(t *testing.T) {
			docs, err := Build(tc.fabric, classes)
			if err != nil {
				t.Fatal(err)
			}
			if got := kinds(docs); !reflect.DeepEqual(got, tc.kinds) {
				t.Errorf("kinds = %v, want %v", got, tc.kinds)
			}
			if got := connTypes(docs); !reflect.DeepEqual(got, tc.conns) {
				t.Errorf("connections = %v, want %v", got, tc.conns)
			}
			if err := Validate(docs, classes); err != nil {
				t.Errorf("Validate: %v", err)
			}
			for i := 1; i < len(docs); i++ {
				a, b := docs[i-1], docs[i]
				if a.Kind > b.Kind || (a.Kind == b.Kind && a.Metadata.Name >= b.Metadata.Name) {
					t.Fatalf("documents out of order or duplicate: %s %s before %s %s", a.Kind, a.Metadata.Name, b.Kind, b.Metadata.Name)
				}
			}
		})
	}
}

func TestBootMAC(t *testing.T) {
	tests := map[string]string{
		"fe-spine-01": "02:51:14:70:c8:a5", // SPEC §8 vector
	}
	for name, want := range tests {
		if got := BootMAC(name); got != want {
			t.Errorf("BootMAC(%q) = %q, want %q", name, got, want)
		}
	}
	if BootMAC("a") == BootMAC("b") {
		t.Error("different names give one MAC")
	}
}

func TestRenderDeterministicAndParses(t *testing.T) {
	classes := reference(t)
	for _, fabric := range []string{"frontend", "backend"} {
		a, err := Render(fabric, classes)
		if err != nil {
			t.Fatal(err)
		}
		b, err := Render(fabric, cloneClasses(classes))
		if err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(a, b) {
			t.Fatalf("%s: Render is not deterministic", fabric)
		}
		if !bytes.HasPrefix(a, []byte("---\n")) || bytes.Contains(a, []byte("#")) {
			t.Errorf("%s: stream must start with --- and have no comments", fabric)
		}
		docs, _ := Build(fabric, classes)
		if n := bytes.Count(a, []byte("---\n")); n != len(docs) {
			t.Errorf("%s: %d document markers, want %d", fabric, n, len(docs))
		}
		dec := yaml.NewDecoder(bytes.NewReader(a))
		n := 0
		for {
			var doc struct {
				APIVersion string `yaml:"apiVersion"`
				Kind       string `yaml:"kind"`
				Metadata   struct {
					Name      string `yaml:"name"`
					Namespace string `yaml:"namespace"`
				} `yaml:"metadata"`
				Spec map[string]any `yaml:"spec"`
			}
			err := dec.Decode(&doc)
			if errors.Is(err, io.EOF) {
				break
			}
			if err != nil {
				t.Fatalf("%s: document %d: %v", fabric, n, err)
			}
			if doc.APIVersion == "" || doc.Kind == "" || doc.Metadata.Name == "" || doc.Metadata.Namespace != "default" {
				t.Errorf("%s: document %d incomplete: %+v", fabric, n, doc)
			}
			if doc.Kind == KindSwitch && doc.Spec["boot"] == nil {
				t.Errorf("%s: switch %s has no boot", fabric, doc.Metadata.Name)
			}
			if len(doc.Metadata.Name) > 63 || planner.ValidateDNSLabel(doc.Metadata.Name) != nil {
				t.Errorf("%s: bad name %q", fabric, doc.Metadata.Name)
			}
			n++
		}
		if n != len(docs) {
			t.Errorf("%s: decoded %d documents, want %d", fabric, n, len(docs))
		}
	}
}

// renderDoc is one document as Render writes it.
func renderDoc(t *testing.T, out []byte, kind, name string) string {
	t.Helper()
	for _, part := range strings.Split(string(out), "---\n") {
		if strings.Contains(part, "\nkind: "+kind+"\n") && strings.Contains(part, "\n  name: "+name+"\n") {
			return "---\n" + part
		}
	}
	t.Fatalf("no %s %s in the stream", kind, name)
	return ""
}

func TestGoldenSwitch(t *testing.T) {
	docs, err := Build("frontend", reference(t))
	if err != nil {
		t.Fatal(err)
	}
	want := SwitchSpec{Role: "spine", Profile: "celestica-ds5000", Boot: SwitchBoot{MAC: "02:51:14:70:c8:a5"},
		PortBreakouts: map[string]string{"E1/1": "4x200G", "E1/64": "8x100G"}}
	for p := 2; p <= 63; p++ {
		want.PortBreakouts["E1/"+strconv.Itoa(p)] = "1x800G"
	}
	d := find(t, docs, KindSwitch, "fe-spine-01")
	if d.APIVersion != WiringAPI || d.Metadata.Namespace != "default" {
		t.Errorf("header = %+v", d)
	}
	if got := d.Spec.(SwitchSpec); !reflect.DeepEqual(got, want) {
		t.Errorf("fe-spine-01 spec =\n%+v\nwant\n%+v", got, want)
	}
	// fe-border-leaf: 100G ports by breakout, the 25G server zone as 4x25G breakouts of QSFP28.
	border := find(t, docs, KindSwitch, "fe-border-leaf-01").Spec.(SwitchSpec)
	if border.Role != "border-leaf" || border.Profile != "celestica-ds3000" ||
		border.PortBreakouts["E1/1"] != "1x100G" || border.PortBreakouts["E1/14"] != "4x25G" ||
		border.PortBreakouts["E1/32"] != "1x100G" || len(border.PortBreakouts) != 32 || border.PortSpeeds != nil {
		t.Errorf("fe-border-leaf-01 spec = %+v", border)
	}

	// Port 33 of be-rail-leaf is in the server zone (2x400g, unused there) and the uplink zone
	// (1x800g): the uplink wins.
	be, err := Build("backend", reference(t))
	if err != nil {
		t.Fatal(err)
	}
	rail := find(t, be, KindSwitch, "be-rail-leaf-01").Spec.(SwitchSpec)
	if rail.PortBreakouts["E1/33"] != "1x800G" || rail.PortBreakouts["E1/32"] != "2x400G" || len(rail.PortBreakouts) != 64 {
		t.Errorf("be-rail-leaf-01 breakouts = %v", rail.PortBreakouts)
	}
}

func TestGoldenConnections(t *testing.T) {
	out, err := Render("frontend", reference(t))
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct{ name, want string }{
		{"gpu-fe-only-001--unbundled--fe-gpu-leaf-01", `---
apiVersion: wiring.githedgehog.com/v1beta1
kind: Connection
metadata:
  name: gpu-fe-only-001--unbundled--fe-gpu-leaf-01
  namespace: default
spec:
  unbundled:
    link:
      server:
        port: gpu-fe-only-001/fe-p0
      switch:
        port: fe-gpu-leaf-01/E1/1/1
`},
		{"fe-spine-01--fabric--fe-border-leaf-01", `---
apiVersion: wiring.githedgehog.com/v1beta1
kind: Connection
metadata:
  name: fe-spine-01--fabric--fe-border-leaf-01
  namespace: default
spec:
  fabric:
    links:
      - leaf:
          port: fe-border-leaf-01/E1/17
        spine:
          port: fe-spine-01/E1/64/1
      - leaf:
          port: fe-border-leaf-01/E1/18
        spine:
          port: fe-spine-01/E1/64/2
      - leaf:
          port: fe-border-leaf-01/E1/19
        spine:
          port: fe-spine-01/E1/64/3
      - leaf:
          port: fe-border-leaf-01/E1/20
        spine:
          port: fe-spine-01/E1/64/4
`},
		{"oob-mgmt-leaf-01--unbundled--fe-border-leaf-01", `---
apiVersion: wiring.githedgehog.com/v1beta1
kind: Connection
metadata:
  name: oob-mgmt-leaf-01--unbundled--fe-border-leaf-01
  namespace: default
spec:
  unbundled:
    link:
      server:
        port: oob-mgmt-leaf-01/E1/49
      switch:
        port: fe-border-leaf-01/E1/14/2
`},
		{"oob-mgmt-leaf-01", `---
apiVersion: wiring.githedgehog.com/v1beta1
kind: Server
metadata:
  name: oob-mgmt-leaf-01
  namespace: default
spec:
  description: surrogate of unmanaged switch oob-mgmt-leaf-01
`},
		{"gpu-fe-only-001", `---
apiVersion: wiring.githedgehog.com/v1beta1
kind: Server
metadata:
  name: gpu-fe-only-001
  namespace: default
spec: {}
`},
		{"default", `---
apiVersion: vpc.githedgehog.com/v1beta1
kind: IPv4Namespace
metadata:
  name: default
  namespace: default
spec:
  subnets:
    - 10.0.0.0/16
`},
	}
	for _, tc := range tests {
		kind := KindConnection
		switch {
		case tc.name == "default":
			kind = KindIPv4Namespace
		case !strings.Contains(tc.name, "--"):
			kind = KindServer
		}
		if got := renderDoc(t, out, kind, tc.name); got != tc.want {
			t.Errorf("%s:\n%s\nwant\n%s", tc.name, got, tc.want)
		}
	}
	if !bytes.Contains(out, []byte("kind: VLANNamespace\nmetadata:\n  name: default\n  namespace: default\nspec:\n  ranges:\n    - from: 1000\n      to: 2999\n")) {
		t.Error("VLANNamespace default missing")
	}
}

func TestUniqueNamesForSharedServerAndSwitch(t *testing.T) {
	docs, err := Build("backend", reference(t))
	if err != nil {
		t.Fatal(err)
	}
	// Rails 0 and 1 of a backend server land on be-rail-leaf-01.
	for _, port := range []string{"be-p0", "be-p1"} {
		d := find(t, docs, KindConnection, "gpu-with-backend-001--unbundled--be-rail-leaf-01--"+port)
		if got := d.Spec.(ConnectionSpec).Unbundled.Link.Server.Port; got != "gpu-with-backend-001/"+port {
			t.Errorf("server port = %s", got)
		}
	}
}

// smallFabric plans one server class and one DS3000 switch class.
func smallFabric(t *testing.T, kind, dist string, ports, speed int, sc planner.SwitchClass, zone string) []Class {
	t.Helper()
	pc := planner.PlanContext{Name: "lab", Site: "s1"}
	srv := planner.PlanServerClass(pc, planner.ServerClass{Name: "srv", Quantity: 1,
		NICs:        map[string]planner.NIC{"fe": {Ports: ports, Speed: speed}},
		Connections: map[string]planner.Connection{"fe": {NIC: "fe", Ports: ports, Speed: speed, Distribution: dist, Kind: kind}}})
	if srv.Diagnostics.HasError() {
		t.Fatal(srv.Diagnostics)
	}
	z := sc.Zones[zone]
	z.Attach = []planner.Attachment{srv.Attachments["fe"]}
	sc.Zones[zone] = z
	p := planner.PlanSwitchClass(pc, sc, nil)
	if p.Diagnostics.HasError() {
		t.Fatal(p.Diagnostics)
	}
	return []Class{{Input: sc, Plan: p}}
}

func TestESLAG(t *testing.T) {
	classes := smallFabric(t, planner.KindESLAG, planner.DistAlternating, 2, 100, planner.SwitchClass{
		Name: "edge-leaf", Fabric: "edge", Role: planner.RoleServerLeaf, DeviceType: "celestica-ds3000",
		Redundancy: &planner.Redundancy{Type: planner.KindESLAG, Group: "eslag-1"},
		Zones:      map[string]planner.Zone{"servers": {Kind: planner.ZoneServer, Ports: "1-4", Breakout: "1x100g"}},
	}, "servers")
	docs, err := Build("edge", classes)
	if err != nil {
		t.Fatal(err)
	}
	if got := kinds(docs); got[KindSwitchGroup] != 1 || got[KindSwitch] != 2 || got[KindServer] != 1 || got[KindConnection] != 1 {
		t.Fatalf("kinds = %v", got)
	}
	find(t, docs, KindSwitchGroup, "eslag-1")
	var conn Document
	for _, d := range docs {
		if d.Kind == KindConnection {
			conn = d
		}
	}
	sw := classes[0].Plan.Devices
	if want := "srv-001--eslag--edge-leaf-01--edge-leaf-02"; conn.Metadata.Name != want || sw[1] != "edge-leaf-02" {
		t.Errorf("eslag name = %s, want %s (switches %v)", conn.Metadata.Name, want, sw)
	}
	spec := conn.Spec.(ConnectionSpec)
	if spec.ESLAG == nil || len(spec.ESLAG.Links) != 2 {
		t.Fatalf("eslag spec = %+v", spec)
	}
	s := find(t, docs, KindSwitch, sw[0]).Spec.(SwitchSpec)
	if !reflect.DeepEqual(s.Groups, []string{"eslag-1"}) || s.Redundancy == nil || *s.Redundancy != (SwitchRedundancy{Group: "eslag-1", Type: "eslag"}) {
		t.Errorf("switch spec = %+v", s)
	}
	if err := Validate(docs, classes); err != nil {
		t.Error(err)
	}
	out, err := Render("edge", classes)
	if err != nil || !bytes.Contains(out, []byte("redundancy:\n    group: eslag-1\n    type: eslag\n")) {
		t.Errorf("render: %v\n%s", err, out)
	}
}

// MCLAG is refused by the planner (design decision 65), so no plan carries an mclag link.
func TestBundledAndESLAG(t *testing.T) {
	tests := []struct {
		kind, dist, want string
		redundancy       *planner.Redundancy
	}{
		{planner.KindBundled, planner.DistSameSwitch, "bundled", nil},
		{planner.KindESLAG, planner.DistAlternating, "eslag", &planner.Redundancy{Type: planner.KindESLAG, Group: "es"}},
	}
	for _, tc := range tests {
		t.Run(tc.kind, func(t *testing.T) {
			classes := smallFabric(t, tc.kind, tc.dist, 2, 100, planner.SwitchClass{
				Name: "edge-leaf", Fabric: "edge", Role: planner.RoleServerLeaf, DeviceType: "celestica-ds3000",
				Redundancy: tc.redundancy,
				Zones:      map[string]planner.Zone{"servers": {Kind: planner.ZoneServer, Ports: "1-4", Breakout: "1x100g"}},
			}, "servers")
			docs, err := Build("edge", classes)
			if err != nil {
				t.Fatal(err)
			}
			if got := connTypes(docs); !reflect.DeepEqual(got, map[string]int{tc.want: 1}) {
				t.Errorf("connections = %v", got)
			}
			if err := Validate(docs, classes); err != nil {
				t.Error(err)
			}
		})
	}
}

func TestMesh(t *testing.T) {
	classes := smallFabric(t, planner.KindUnbundled, planner.DistAlternating, 2, 100, planner.SwitchClass{
		Name: "mesh-leaf", Fabric: "edge", Role: planner.RoleServerLeaf, DeviceType: "celestica-ds3000",
		Topology: planner.TopologyMesh, Override: 2, HasOverride: true,
		Zones: map[string]planner.Zone{
			"servers": {Kind: planner.ZoneServer, Ports: "1-4", Breakout: "1x100g"},
			"mesh":    {Kind: planner.ZoneMesh, Ports: "31-32", Breakout: "1x100g"},
		},
	}, "servers")
	docs, err := Build("edge", classes)
	if err != nil {
		t.Fatal(err)
	}
	if got := connTypes(docs); !reflect.DeepEqual(got, map[string]int{"mesh": 1, "unbundled": 2}) {
		t.Fatalf("connections = %v", got)
	}
	sw := classes[0].Plan.Devices
	spec := find(t, docs, KindConnection, sw[0]+"--mesh--"+sw[1]).Spec.(ConnectionSpec)
	if spec.Mesh == nil || len(spec.Mesh.Links) != 2 || spec.Mesh.Links[0].Leaf1.Port != sw[0]+"/E1/31" {
		t.Errorf("mesh spec = %+v", spec)
	}
	if err := Validate(docs, classes); err != nil {
		t.Error(err)
	}
}

func TestValidateCatches(t *testing.T) {
	tests := []struct {
		name   string
		fabric string
		edit   func(t *testing.T, classes []Class)
		docs   func(docs []Document) // edits the built documents
		want   string
	}{
		{"port used twice", "frontend", func(t *testing.T, c []Class) {
			i := classIndex(t, c, "fe-gpu-leaf")
			links := c[i].Plan.Links
			for j := 1; j < len(links); j++ {
				if links[j].BDevice == links[0].BDevice {
					links[j].BPort = links[0].BPort
					return
				}
			}
		}, nil, "is used twice"},
		{"leaf missing a spine", "frontend", func(t *testing.T, c []Class) {
			i := classIndex(t, c, "fe-spine")
			var keep []planner.Link
			for _, l := range c[i].Plan.Links {
				if l.ADevice != "fe-gpu-leaf-01" || l.BDevice != "fe-spine-02" {
					keep = append(keep, l)
				}
			}
			c[i].Plan.Links = keep
		}, nil, "leaf fe-gpu-leaf-01 has no fabric link to spine fe-spine-02"},
		{"port not in profile", "backend", func(t *testing.T, c []Class) {
			i := classIndex(t, c, "be-rail-leaf")
			c[i].Plan.Links[0].BPort = "E1/1/3"
		}, nil, "does not exist on switch"},
		{"speed mismatch", "backend", func(t *testing.T, c []Class) {
			i := classIndex(t, c, "be-rail-leaf")
			c[i].Plan.Links[0].Speed = 200
		}, nil, "runs at 400G but the link is 200G"},
		{"bad breakout", "backend", nil, func(docs []Document) {
			for i, d := range docs {
				if d.Kind == KindSwitch && d.Metadata.Name == "be-spine-01" {
					s := d.Spec.(SwitchSpec)
					s.PortBreakouts = map[string]string{"E1/1": "4x25G", "X9": "1x800G"}
					s.PortSpeeds = map[string]string{"E1/65": "400G", "E1/66": "25G", "E1/1": "800G", "Y": "1G"}
					docs[i].Spec = s
				}
			}
		}, "does not support breakout 4x25G"},
		{"unknown profile and objects", "backend", nil, func(docs []Document) {
			for i, d := range docs {
				switch {
				case d.Kind == KindSwitch && d.Metadata.Name == "be-spine-02":
					s := d.Spec.(SwitchSpec)
					s.Profile = "nope"
					docs[i].Spec = s
				case d.Kind == KindServer && d.Metadata.Name == "gpu-with-backend-001":
					docs[i].Kind = "Gone"
				case d.Kind == KindConnection && strings.HasPrefix(d.Metadata.Name, "gpu-with-backend-002"):
					s := d.Spec.(ConnectionSpec)
					u := *s.Unbundled
					u.Link.Switch.Port = "nowhere"
					s.Unbundled = &u
					docs[i].Spec = s
				case d.Kind == KindConnection && strings.HasPrefix(d.Metadata.Name, "gpu-with-backend-003"):
					s := d.Spec.(ConnectionSpec)
					u := *s.Unbundled
					u.Link.Switch.Port = "gpu-with-backend-004/E1/1"
					s.Unbundled = &u
					docs[i].Spec = s
				}
			}
		}, "unknown profile \"nope\""},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			classes := cloneClasses(reference(t))
			if tc.edit != nil {
				tc.edit(t, classes)
			}
			docs, err := Build(tc.fabric, classes)
			if err != nil {
				t.Fatal(err)
			}
			if tc.docs != nil {
				tc.docs(docs)
			}
			err = Validate(docs, classes)
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Fatalf("Validate = %v, want %q", err, tc.want)
			}
			if tc.docs == nil {
				if _, err := Render(tc.fabric, classes); err == nil {
					t.Error("Render accepted an invalid artifact")
				}
			}
		})
	}
}

func TestValidateMoreProblems(t *testing.T) {
	classes := reference(t)
	docs, err := Build("backend", classes)
	if err != nil {
		t.Fatal(err)
	}
	docs = append(docs,
		Document{Kind: KindConnection, Metadata: Metadata{Name: "empty"}, Spec: ConnectionSpec{}},
		Document{Kind: KindConnection, Metadata: Metadata{Name: "odd"}, Spec: 1},
		Document{Kind: KindSwitch, Metadata: Metadata{Name: "odd"}, Spec: 1},
		Document{Kind: KindConnection, Metadata: Metadata{Name: "refs"}, Spec: ConnectionSpec{Bundled: &ServerLinks{Links: []ServerLink{
			{Server: Port{"ghost/p0"}, Switch: Port{"ghost/E1/1"}},
			{Server: Port{"bad"}, Switch: Port{"be-spine-01/E1/99"}},
		}}}},
		Document{Kind: KindConnection, Metadata: Metadata{Name: "m"}, Spec: ConnectionSpec{MCLAG: &ServerLinks{Links: []ServerLink{
			{Server: Port{"gpu-with-backend-001/x"}, Switch: Port{"be-spine-01/E1/98"}}}}}},
		Document{Kind: KindConnection, Metadata: Metadata{Name: "e"}, Spec: ConnectionSpec{ESLAG: &ServerLinks{Links: []ServerLink{
			{Server: Port{"gpu-with-backend-001/y"}, Switch: Port{"be-spine-01/E1/97"}}}}}},
		Document{Kind: KindConnection, Metadata: Metadata{Name: "mesh"}, Spec: ConnectionSpec{Mesh: &MeshConn{Links: []MeshLink{
			{Leaf1: Port{"be-rail-leaf-01/E1/1/1"}, Leaf2: Port{"be-rail-leaf-02/E1/96"}}}}}},
	)
	err = Validate(docs, classes)
	if err == nil {
		t.Fatal("Validate accepted bad documents")
	}
	for _, want := range []string{"no connection type", "spec is int", "ghost is not a server", "ghost is not a switch",
		"is not <object>/<port>", "and 1 more"} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("error lacks %q: %v", want, err)
		}
	}
}

func TestBuildErrors(t *testing.T) {
	base := func(t *testing.T) []Class { return cloneClasses(reference(t)) }
	tests := []struct {
		name   string
		fabric string
		edit   func(t *testing.T, c []Class)
		want   string
	}{
		{"no managed class", "oob-mgmt", nil, "no managed switch class"},
		{"unknown profile", "backend", func(t *testing.T, c []Class) {
			c[classIndex(t, c, "be-spine")].Input.DeviceType = "nope"
		}, "unknown Hedgehog profile"},
		{"bad zone ports", "backend", func(t *testing.T, c []Class) {
			i := classIndex(t, c, "be-spine")
			c[i].Plan.Zones = append([]planner.ZoneResult(nil), c[i].Plan.Zones...)
			c[i].Plan.Zones[0].Ports = "x"
		}, "zone"},
		{"zone port outside profile", "backend", func(t *testing.T, c []Class) {
			i := classIndex(t, c, "be-spine")
			c[i].Plan.Zones = append([]planner.ZoneResult(nil), c[i].Plan.Zones...)
			c[i].Plan.Zones[0].Ports = "70"
		}, "is not in profile"},
		{"bad zone breakout", "backend", func(t *testing.T, c []Class) {
			i := classIndex(t, c, "be-spine")
			c[i].Plan.Zones = append([]planner.ZoneResult(nil), c[i].Plan.Zones...)
			c[i].Plan.Zones[0].Breakout = "3x7g"
		}, "unknown breakout"},
		{"link to unknown switch", "backend", func(t *testing.T, c []Class) {
			c[classIndex(t, c, "be-spine")].Plan.Links[0].BDevice = "ghost"
		}, "is not a planned device"},
		{"fabric link from outside", "backend", func(t *testing.T, c []Class) {
			c[classIndex(t, c, "be-spine")].Plan.Links[0].ADevice = "ghost"
		}, "is not a managed switch"},
		{"mesh link from outside", "backend", func(t *testing.T, c []Class) {
			l := &c[classIndex(t, c, "be-spine")].Plan.Links[0]
			l.Kind, l.ADevice = planner.LinkMesh, "ghost"
		}, "is not a managed switch"},
		{"unsupported kind", "backend", func(t *testing.T, c []Class) {
			c[classIndex(t, c, "be-spine")].Plan.Links[0].Kind = "weird"
		}, "unsupported kind"},
		{"switch as server", "backend", func(t *testing.T, c []Class) {
			l := &c[classIndex(t, c, "be-rail-leaf")].Plan.Links[0]
			l.ADevice = "be-spine-01"
		}, "cannot also be a server"},
		{"name collision", "backend", func(t *testing.T, c []Class) {
			l := &c[classIndex(t, c, "be-rail-leaf")].Plan.Links[0]
			l.ADevice = "BE_SPINE.01"
		}, "both become object"},
		{"empty name", "backend", func(t *testing.T, c []Class) {
			c[classIndex(t, c, "be-rail-leaf")].Plan.Links[0].ADevice = "..."
		}, "no valid Hedgehog name"},
		{"duplicate connection", "backend", func(t *testing.T, c []Class) {
			i := classIndex(t, c, "be-rail-leaf")
			c[i].Plan.Links = append(c[i].Plan.Links, c[i].Plan.Links[0], c[i].Plan.Links[0])
		}, "is not unique"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			c := base(t)
			if tc.edit != nil {
				tc.edit(t, c)
			}
			_, err := Build(tc.fabric, c)
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Fatalf("Build = %v, want %q", err, tc.want)
			}
			if _, err := Render(tc.fabric, c); err == nil {
				t.Error("Render succeeded")
			}
		})
	}
}

func TestLimitName(t *testing.T) {
	short := "a--unbundled--b"
	if limitName(short) != short {
		t.Error("short name changed")
	}
	long := strings.Repeat("x", 40) + "--unbundled--" + strings.Repeat("y", 40)
	got := limitName(long)
	if len(got) > 63 || got == limitName(long+"z") || planner.ValidateDNSLabel(got) != nil {
		t.Errorf("limitName = %q", got)
	}
}

func TestPhysicalPort(t *testing.T) {
	tests := map[string]int{"E1/5": 5, "E1/5/2": 5, "M1": 0, "E1/x": 0, "E1/0": 0}
	for in, want := range tests {
		got, ok := physicalPort(in)
		if ok != (want > 0) || got != want && want > 0 {
			t.Errorf("physicalPort(%q) = %d, %v", in, got, ok)
		}
	}
}

func TestPortSpeeds(t *testing.T) {
	// The DS5000 SFP28 ports are configured by speed, the OSFP ports by breakout.
	classes := smallFabric(t, planner.KindUnbundled, planner.DistSameSwitch, 2, 25, planner.SwitchClass{
		Name: "mgmt-leaf", Fabric: "edge", Role: planner.RoleServerLeaf, DeviceType: "celestica-ds5000",
		Zones: map[string]planner.Zone{
			"servers": {Kind: planner.ZoneServer, Ports: "65-66", Breakout: "1x25g"},
			"uplinks": {Kind: planner.ZoneUplink, Ports: "1-2", Breakout: "2x400g"},
		},
	}, "servers")
	docs, err := Build("edge", classes)
	if err != nil {
		t.Fatal(err)
	}
	s := find(t, docs, KindSwitch, classes[0].Plan.Devices[0]).Spec.(SwitchSpec)
	if !reflect.DeepEqual(s.PortSpeeds, map[string]string{"E1/65": "25G", "E1/66": "25G"}) ||
		!reflect.DeepEqual(s.PortBreakouts, map[string]string{"E1/1": "2x400G", "E1/2": "2x400G"}) || s.Redundancy != nil {
		t.Errorf("spec = %+v", s)
	}
	if err := Validate(docs, classes); err != nil {
		t.Error(err)
	}
	out, err := Render("edge", classes)
	if err != nil || !bytes.Contains(out, []byte("portSpeeds:\n    E1/65: 25G\n    E1/66: 25G\n")) {
		t.Errorf("render: %v\n%s", err, out)
	}
}
