package planner_test

import (
	"reflect"
	"strings"
	"testing"

	"github.com/netfabric-io/terraform-provider-hedgehog/internal/planner"
)

func TestAttachmentTextRoundTrip(t *testing.T) {
	c := planCanonical128(t, 1)
	var all []planner.Attachment
	for _, s := range c.Servers {
		for _, a := range s.Attachments {
			all = append(all, a)
		}
	}
	for _, s := range c.Switches {
		for _, a := range s.Exports {
			all = append(all, a)
		}
	}
	odd := planner.Attachment{Source: planner.SourceServer, Class: "odd", Name: "fe", Names: "rack 1, slot={index}%", Ports: []string{"p 0", "p,1"},
		Speed: 25, Distribution: planner.DistSameSwitch, Rail: 3, Kind: planner.KindBundled, PortType: planner.PortTypePXE}
	odd.Devices, _ = planner.ExpandNames(odd.Names, 2)
	all = append(all, odd)
	for _, a := range all {
		text := a.Text()
		if strings.Contains(text, "\n") {
			t.Fatalf("%q spans lines", text)
		}
		back, err := planner.ParseAttachment(text)
		if err != nil {
			t.Fatalf("%s: %v", text, err)
		}
		if !reflect.DeepEqual(back, a) {
			t.Errorf("round trip of %s:\n%+v\nwant\n%+v", text, back, a)
		}
	}
	gpu := c.Servers["gpu-fe-only"].Attachments["fe"].Text()
	if gpu != "server gpu-fe-only/fe count=96 names=gpu-fe-only-{index:03d} ports=fe-p0,fe-p1 speed=200 distribution=alternating kind=unbundled port_type=data" {
		t.Errorf("text %q", gpu)
	}
}

func TestParseAttachmentRejects(t *testing.T) {
	for _, s := range []string{"", "server", "router a/b count=1 names=x{index}", "server a count=1 names=x{index}",
		"server a/b names=x{index}", "server a/b count=1", "server a/b count=x names=y{index}", "server a/b count=1 names=x{index} bogus=1",
		"server a/b count=1 names=x{index} speed", "server a/b count=-1 names=x{index}", "server a/b count=1 names={nope}"} {
		if _, err := planner.ParseAttachment(s); err == nil {
			t.Errorf("%q: want an error", s)
		}
	}
}
