package planner

import (
	"errors"
	"reflect"
	"strings"
	"testing"
)

func portSeq(a, b, step int) []int {
	var out []int
	for p := a; p <= b; p += step {
		out = append(out, p)
	}
	return out
}

func TestPortSpecParse(t *testing.T) {
	tests := []struct {
		spec string
		want []int
	}{
		{"1-63:2", portSeq(1, 63, 2)},
		{"2-64:2", portSeq(2, 64, 2)},
		{"1-63:2, 65", append(portSeq(1, 63, 2), 65)},
		{"5", []int{5}},
		{" 1 - 4 : 3 ", []int{1, 4}},
		{"7,3,3,1-2", []int{1, 2, 3, 7}},
		{"1-1024", portSeq(1, 1024, 1)},
		{"1024", []int{1024}},
		{"1-10:100", []int{1}},
		{"1-1024:99999999999999999999999", []int{1}},
		{"0001", []int{1}},
		{"\t1,\n2\r", []int{1, 2}},
		{"33-64", portSeq(33, 64, 1)},
		{"1-33", portSeq(1, 33, 1)},
		{"64", []int{64}},
		{"2-63", portSeq(2, 63, 1)},
	}
	for _, tc := range tests {
		got, err := ParsePortSpec(tc.spec)
		if err != nil {
			t.Errorf("ParsePortSpec(%q) error: %v", tc.spec, err)
			continue
		}
		if !reflect.DeepEqual(got, tc.want) {
			t.Errorf("ParsePortSpec(%q) = %v, want %v", tc.spec, got, tc.want)
		}
	}
	if got, _ := ParsePortSpec("1-63:2"); len(got) != 32 || got[0] != 1 || got[31] != 63 {
		t.Errorf("1-63:2 should be the 32 odd ports, got %v", got)
	}
	if got, _ := ParsePortSpec("2-64:2"); len(got) != 32 || got[0] != 2 || got[31] != 64 {
		t.Errorf("2-64:2 should be the 32 even ports, got %v", got)
	}
}

func TestPortSpecErrors(t *testing.T) {
	tests := []struct {
		spec string
		pos  int
		msg  string // substring
	}{
		{"", 0, "port spec is empty"},
		{"   ", 0, "port spec is empty"},
		{"70-65", 0, `part "70-65": range end 65 is below start 70`},
		{"1-63:2, 70-65", 8, `part "70-65": range end 65 is below start 70`},
		{"0", 0, `part "0": port 0 is outside 1..1024`},
		{"1025", 0, "port 1025 is outside 1..1024"},
		{"1-2000", 0, "port 2000 is outside 1..1024"},
		{"99999999999999999999", 0, "port 999999999999... is outside"},
		{"1-5:0", 0, "step 0 must be at least 1"},
		{"1,,2", 2, "empty part at character 3 (two commas with nothing between them)"},
		{"1, ,2", 3, "empty part"},
		{",1", 0, "a comma with nothing before it"},
		{"1,", 2, "a trailing comma"},
		{"1-", 0, "missing the range end after '-'"},
		{"1-:2", 0, "unexpected ':' where the range end after '-' was expected"},
		{"1-5:", 0, "missing the step after ':'"},
		{"1-5:x", 0, "unexpected character 'x' where the step after ':' was expected"},
		{"5:2", 0, "a step needs a range"},
		{"-5", 0, "unexpected '-' where a port number was expected"},
		{"a", 0, "unexpected character 'a' where a port number was expected"},
		{"1,  x7", 4, `part "x7"`},
		{"6 4", 0, "space inside a number"},
		{"1-5 x", 0, `unexpected character 'x' after "1-5"`},
		{"1-5:2-3", 0, `unexpected '-' after "1-5:2"`},
		{"1\x00", 0, "byte 0x00"},
		{"1-2-3", 0, `unexpected '-' after "1-2"`},
		{"é", 0, "byte 0xc3"},
	}
	for _, tc := range tests {
		got, err := ParsePortSpec(tc.spec)
		if err == nil {
			t.Errorf("ParsePortSpec(%q) = %v, want error", tc.spec, got)
			continue
		}
		var se *SpecError
		if !errors.As(err, &se) {
			t.Errorf("ParsePortSpec(%q) error %T is not *SpecError", tc.spec, err)
			continue
		}
		if se.Pos != tc.pos {
			t.Errorf("ParsePortSpec(%q) Pos = %d, want %d (%s)", tc.spec, se.Pos, tc.pos, se.Msg)
		}
		if !strings.Contains(err.Error(), tc.msg) {
			t.Errorf("ParsePortSpec(%q) error %q does not contain %q", tc.spec, err.Error(), tc.msg)
		}
	}
}

func TestPortSpecLongInputs(t *testing.T) {
	// 100 000 characters of valid parts.
	var sb strings.Builder
	for sb.Len() < 100000 {
		sb.WriteString("1-1024:1,")
	}
	sb.WriteString("7")
	got, err := ParsePortSpec(sb.String())
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(got, portSeq(1, 1024, 1)) {
		t.Errorf("got %d ports", len(got))
	}

	// 100 000 single ports, cycling.
	sb.Reset()
	for i := 0; sb.Len() < 100000; i++ {
		if i > 0 {
			sb.WriteByte(',')
		}
		sb.WriteString(portSpecItoa(i%1024 + 1))
	}
	got, err = ParsePortSpec(sb.String())
	if err != nil || len(got) != 1024 {
		t.Fatalf("cycling spec: %d ports, %v", len(got), err)
	}

	// A 100 000-digit number and 100 000 commas give short errors.
	long := strings.Repeat("9", 100000)
	_, err = ParsePortSpec(long)
	if err == nil || len(err.Error()) > 200 {
		t.Errorf("long number error: %v", err)
	}
	_, err = ParsePortSpec("1" + strings.Repeat(",", 100000))
	if err == nil || len(err.Error()) > 200 {
		t.Errorf("commas error: %v", err)
	}
	_, err = ParsePortSpec(strings.Repeat("1 ", 50000) + "x")
	if err == nil || len(err.Error()) > 200 {
		t.Errorf("spaces error: %v", err)
	}
}

func portSpecItoa(n int) string { return FormatPortSpec([]int{n}) }

func TestPortSpecFormat(t *testing.T) {
	tests := []struct {
		ports []int
		want  string
	}{
		{nil, ""},
		{[]int{5}, "5"},
		{portSeq(1, 63, 2), "1-63:2"},
		{portSeq(2, 64, 2), "2-64:2"},
		{[]int{1, 2, 3, 7}, "1-3,7"},
		{[]int{1, 2}, "1,2"},
		{[]int{1, 3}, "1,3"},
		{[]int{7, 3, 2, 1, 3}, "1-3,7"},
		{[]int{1, 3, 5, 6, 7, 8}, "1-5:2,6-8"},
		{[]int{2, 4, 5, 6, 7}, "2,4-7"},
		{portSeq(1, 1024, 1), "1-1024"},
		{[]int{1, 2, 3, 5, 7, 9}, "1-3,5-9:2"},
	}
	for _, tc := range tests {
		got := FormatPortSpec(tc.ports)
		if got != tc.want {
			t.Errorf("FormatPortSpec(%v) = %q, want %q", tc.ports, got, tc.want)
		}
		if len(tc.ports) == 0 {
			continue
		}
		back, err := ParsePortSpec(got)
		if err != nil {
			t.Errorf("ParsePortSpec(%q): %v", got, err)
			continue
		}
		uniq := map[int]bool{}
		for _, p := range tc.ports {
			uniq[p] = true
		}
		if len(back) != len(uniq) {
			t.Errorf("round trip of %v gave %v", tc.ports, back)
		}
		for _, p := range back {
			if !uniq[p] {
				t.Errorf("round trip of %v gave extra %d", tc.ports, p)
			}
		}
	}
}
