package planner

import (
	"fmt"
	"strings"
	"testing"
)

func TestNamingRender(t *testing.T) {
	v := NameVars{Plan: "ai-128gpu", Site: "dc1", Class: "gpu-fe-only", Fabric: "frontend", Role: "server-leaf", Index: 1}
	tests := []struct {
		tmpl string
		v    NameVars
		want string
	}{
		{"{class}-{index:03d}", v, "gpu-fe-only-001"},
		{"{class}-{index:02d}", NameVars{Class: "fe-spine", Index: 1}, "fe-spine-01"},
		{"{class}-{index}", NameVars{Class: "x", Index: 12}, "x-12"},
		{"{class}-{index:2d}", NameVars{Class: "x", Index: 3}, "x-03"},
		{"{class}-{index:9d}", NameVars{Class: "x", Index: 3}, "x-000000003"},
		{"{index:02d}", NameVars{Index: 123}, "123"},
		{"{plan}.{site}.{fabric}.{role}", v, "ai-128gpu.dc1.frontend.server-leaf"},
		{"static", v, "static"},
		{"a{class}b", v, "agpu-fe-onlyb"},
		{"{class}{class}", NameVars{Class: "c"}, "cc"},
		{"{index}", NameVars{Index: 0}, "0"},
		{"{class}-{index:03d}", NameVars{Class: "x", Index: -5}, "x--05"},
	}
	for _, tc := range tests {
		if err := ValidateTemplate(tc.tmpl); err != nil {
			t.Errorf("ValidateTemplate(%q): %v", tc.tmpl, err)
		}
		got, err := RenderName(tc.tmpl, tc.v)
		if err != nil || got != tc.want {
			t.Errorf("RenderName(%q) = %q, %v; want %q", tc.tmpl, got, err, tc.want)
		}
	}
}

func TestNamingTemplateErrors(t *testing.T) {
	tests := []struct {
		tmpl string
		msg  string
	}{
		{"", "name template is empty"},
		{"{foo}-{index}", "unknown placeholder {foo}"},
		{"{}", "unknown placeholder {}"},
		{"{Class}", "unknown placeholder {Class}"},
		{"{class", "'{' at character 1 is not closed by '}'"},
		{"{cl{ass}", "'{' at character 1 is not closed by '}'"},
		{"class}", "'}' at character 6 has no matching '{'"},
		{"{index:0d}", "width 0 must be 1..9"},
		{"{index:10d}", "width 10 must be 1..9"},
		{"{index:003d}", "must look like {index:02d}"},
		{"{index:d}", "must look like {index:02d}"},
		{"{index:02x}", "must look like {index:02d}"},
		{"{index:ad}", "must look like {index:02d}"},
		{"{" + strings.Repeat("z", 100) + "}", "..."},
	}
	for _, tc := range tests {
		err := ValidateTemplate(tc.tmpl)
		if err == nil || !strings.Contains(err.Error(), tc.msg) {
			t.Errorf("ValidateTemplate(%q) = %v, want %q", tc.tmpl, err, tc.msg)
		}
		if _, err := RenderName(tc.tmpl, NameVars{}); err == nil {
			t.Errorf("RenderName(%q) accepted", tc.tmpl)
		}
	}
}

func TestNamingDNSLabel(t *testing.T) {
	ok := []string{"a", "fe-spine-01", "0", strings.Repeat("a", 63), "a-b-c"}
	for _, n := range ok {
		if err := ValidateDNSLabel(n); err != nil {
			t.Errorf("ValidateDNSLabel(%q): %v", n, err)
		}
	}
	bad := []struct{ name, msg string }{
		{"", "name is empty"},
		{strings.Repeat("a", 64), "is 64 characters long; at most 63"},
		{"Fe-spine", "uppercase letter 'F' at character 1"},
		{"fe_spine", "contains '_' at character 3"},
		{"fe spine", "contains ' '"},
		{"féspine", "contains 'é'"},
		{"-fe", "starts with '-'"},
		{"fe-", "ends with '-'"},
	}
	for _, tc := range bad {
		err := ValidateDNSLabel(tc.name)
		if err == nil || !strings.Contains(err.Error(), tc.msg) {
			t.Errorf("ValidateDNSLabel(%q) = %v, want %q", tc.name, err, tc.msg)
		}
	}
}

func TestNamingNetBoxName(t *testing.T) {
	ok := []string{"a", "GPU Server #1", strings.Repeat("é", 64), "fe_spine.01"}
	for _, n := range ok {
		if err := ValidateNetBoxName(n); err != nil {
			t.Errorf("ValidateNetBoxName(%q): %v", n, err)
		}
	}
	bad := []struct{ name, msg string }{
		{"", "name is empty"},
		{strings.Repeat("a", 65), "is 65 characters long; NetBox allows at most 64"},
		{"a\tb", "control character U+0009 at character 2"},
		{"a\x7f", "control character U+007F"},
		{"a\xffb", "not valid UTF-8"},
	}
	for _, tc := range bad {
		err := ValidateNetBoxName(tc.name)
		if err == nil || !strings.Contains(err.Error(), tc.msg) {
			t.Errorf("ValidateNetBoxName(%q) = %v, want %q", tc.name, err, tc.msg)
		}
	}
}

func TestNamingSanitize(t *testing.T) {
	tests := []struct{ in, want string }{
		{"fe-spine-01", "fe-spine-01"},
		{"GPU Server #1", "gpu-server-1"},
		{"--a__b--", "a-b"},
		{"a/b.c:d", "a-b-c-d"},
		{"Ünïcode", "n-code"},
		{"!!!", ""},
		{"", ""},
		{strings.Repeat("a", 70), strings.Repeat("a", 63)},
		{strings.Repeat("a", 62) + "-bcd", strings.Repeat("a", 62)},
	}
	for _, tc := range tests {
		got := SanitizeHedgehogName(tc.in)
		if got != tc.want {
			t.Errorf("SanitizeHedgehogName(%q) = %q, want %q", tc.in, got, tc.want)
		}
		if got != "" {
			if err := ValidateDNSLabel(got); err != nil {
				t.Errorf("sanitized %q invalid: %v", got, err)
			}
		}
	}
}

func TestNamingPlanTag(t *testing.T) {
	if got := PlanTag("ai-128gpu"); got != "hedgehog-plan-ai-128gpu" {
		t.Errorf("PlanTag = %q", got)
	}
}

// TestNamingIndexPadding: the index is written as fmt's "%0*d" writes it.
func TestNamingIndexPadding(t *testing.T) {
	for width := range 10 {
		for _, index := range []int{-1000, -7, 0, 1, 9, 10, 99, 100, 1023, 1024, 99999, 100000, 123456789, 1234567890} {
			var sb strings.Builder
			writeIndex(&sb, index, width)
			if want := fmt.Sprintf("%0*d", width, index); sb.String() != want {
				t.Errorf("width %d index %d: %q, want %q", width, index, sb.String(), want)
			}
		}
	}
}

// TestNamingRenderNamesUnique: renderNames judges duplicates by the template alone (hasIndex);
// it must agree with comparing every name rendered.
func TestNamingRenderNamesUnique(t *testing.T) {
	vars := NameVars{Plan: "p", Site: "s", Class: "c", Fabric: "f", Role: "r"}
	for _, tc := range []struct {
		tmpl    string
		wantErr string
	}{
		{"{class}-{index:02d}", ""},
		{"{index}{index:02d}", ""},
		{"{index:3d}1{index}", ""},
		{"1{index}", ""},
		{"{index}1", ""},
		{"{plan}{site}{class}{fabric}{role}", `device 2: template renders "pscfr" twice`},
		{"{class}_{index}", "device 1: "},
	} {
		names, err := renderNames(tc.tmpl, "", vars, MaxSwitchesPerClass, true)
		if tc.wantErr != "" {
			if err == nil || !strings.Contains(err.Error(), tc.wantErr) {
				t.Errorf("%s: error %v, want %q", tc.tmpl, err, tc.wantErr)
			}
			continue
		}
		seen := map[string]bool{}
		for _, n := range names {
			if seen[n] {
				t.Errorf("%s: %q rendered twice without an error", tc.tmpl, n)
			}
			seen[n] = true
		}
		if err != nil || len(names) != MaxSwitchesPerClass {
			t.Errorf("%s: %d names, %v", tc.tmpl, len(names), err)
		}
	}
}

func TestIndexTemplateRoundTrip(t *testing.T) {
	v := NameVars{Plan: "ai", Site: "dc1", Class: "gpu", Fabric: "frontend", Role: "spine"}
	for _, tmpl := range []string{"{class}-{index:03d}", "{plan}-{site}-{class}-{fabric}-{role}-{index}", "x{index:9d}y", "{class}{index:1d}"} {
		pattern, err := IndexTemplate(tmpl, v)
		if err != nil {
			t.Fatalf("%s: %v", tmpl, err)
		}
		names, err := ExpandNames(pattern, 12)
		if err != nil {
			t.Fatal(err)
		}
		for i, n := range names {
			v.Index = i + 1
			if want, _ := RenderName(tmpl, v); n != want {
				t.Errorf("%s: name %d is %q via %q, want %q", tmpl, i+1, n, pattern, want)
			}
		}
	}
	if p, _ := IndexTemplate("{class}-{index:03d}", v); p != "gpu-{index:03d}" {
		t.Errorf("pattern %q", p)
	}
	if _, err := ExpandNames("x-{index}", -1); err == nil {
		t.Error("a negative count must be refused")
	}
}
