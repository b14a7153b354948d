package planner

import (
	"errors"
	"reflect"
	"testing"
)

func FuzzParsePortSpec(f *testing.F) {
	for _, s := range []string{
		"1-63:2", "2-64:2", "1-63:2, 65", "70-65", "", ",", "1,,2", "1-", "5:2",
		"1-1024:1,1-1024:1", "0", "1025", "6 4", "1-5:0", "99999999999999999999", "é",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, spec string) {
		ports, err := ParsePortSpec(spec)
		if err != nil {
			var se *SpecError
			if !errors.As(err, &se) {
				t.Fatalf("error %T is not *SpecError", err)
			}
			if se.Pos < 0 || se.Pos > len(spec) || se.Msg == "" {
				t.Fatalf("bad SpecError %+v for %q", se, spec)
			}
			return
		}
		if len(ports) == 0 {
			t.Fatalf("valid spec %q gave no ports", spec)
		}
		for i, p := range ports {
			if p < 1 || p > MaxPort {
				t.Fatalf("port %d out of range", p)
			}
			if i > 0 && ports[i-1] >= p {
				t.Fatalf("not sorted/unique: %v", ports)
			}
		}
		text := FormatPortSpec(ports)
		back, err := ParsePortSpec(text)
		if err != nil {
			t.Fatalf("FormatPortSpec(%v) = %q does not parse: %v", ports, text, err)
		}
		if !reflect.DeepEqual(back, ports) {
			t.Fatalf("round trip %q -> %q -> %v, want %v", spec, text, back, ports)
		}
	})
}

func FuzzRenderName(f *testing.F) {
	for _, s := range []string{
		"{class}-{index:03d}", "{class}-{index:02d}", "{plan}-{site}-{fabric}-{role}-{index}",
		"{", "}", "{}", "{index:0d}", "{index:10d}", "{foo}", "plain", "",
	} {
		f.Add(s, "gpu", -7)
	}
	f.Fuzz(func(t *testing.T, tmpl, class string, index int) {
		v := NameVars{Plan: "p", Site: "s", Class: class, Fabric: "f", Role: "r", Index: index}
		name, err := RenderName(tmpl, v)
		verr := ValidateTemplate(tmpl)
		if (err == nil) != (verr == nil) {
			t.Fatalf("RenderName err %v but ValidateTemplate err %v", err, verr)
		}
		if err != nil && name != "" {
			t.Fatalf("error with a name %q", name)
		}
		// The helpers must not panic on whatever came out.
		_ = ValidateDNSLabel(name)
		_ = ValidateNetBoxName(name)
		if s := SanitizeHedgehogName(name); s != "" {
			if err := ValidateDNSLabel(s); err != nil {
				t.Fatalf("SanitizeHedgehogName(%q) = %q invalid: %v", name, s, err)
			}
		}
	})
}
