package planner

import (
	"fmt"
	"sort"
	"strconv"
	"strings"
)

// MaxPort is the highest physical port number a port spec may name.
const MaxPort = 1024

// SpecError is a port spec syntax or range error. Pos is the 0-based byte
// offset of the offending part in the spec (the first non-space character of
// the part, or where an empty part would start). Msg is a complete sentence
// for the user; it quotes the part it is about.
type SpecError struct {
	Pos int
	Msg string
}

func (e *SpecError) Error() string { return e.Msg }

// maxQuoted bounds how much of a part an error message quotes, so that a
// 100 000-character part does not produce a 100 000-character diagnostic.
const maxQuoted = 40

func quotePart(s string) string {
	if len(s) > maxQuoted {
		s = s[:maxQuoted] + "..."
	}
	return strconv.Quote(s)
}

func isSpace(c byte) bool {
	return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\v' || c == '\f'
}

// numCap caps accumulated numbers: any value above MaxPort is out of range
// (for ports) or equivalent to MaxPort+1 (for steps), so parsing never
// overflows whatever the number of digits.
const numCap = MaxPort + 1

// ParsePortSpec parses the SPEC §3 port spec grammar into a sorted,
// de-duplicated set of physical port numbers:
//
//	spec  = part { "," part }
//	part  = N | A "-" B | A "-" B ":" S
//
// A-B is inclusive; A-B:S is every S-th port from A up to B. Whitespace
// between tokens is ignored ("1 - 63 : 2, 65"); whitespace inside a number
// ("6 4") is an error. Ports must be in 1..MaxPort, B >= A, S >= 1. The
// empty spec and empty parts are errors. Errors are *SpecError.
//
// Runs in time linear in len(spec) plus the ports each part expands to (at
// most MaxPort per part); memory is bounded by MaxPort.
func ParsePortSpec(spec string) ([]int, error) {
	if strings.TrimSpace(spec) == "" {
		return nil, &SpecError{Pos: 0, Msg: "port spec is empty; give ports like \"1-32\", \"1-63:2\" or \"1,3,5\""}
	}
	var seen [MaxPort + 1]bool
	count := 0
	start := 0
	for start <= len(spec) {
		end := strings.IndexByte(spec[start:], ',')
		if end < 0 {
			end = len(spec)
		} else {
			end += start
		}
		if err := parsePart(spec, start, end, &seen, &count); err != nil {
			return nil, err
		}
		start = end + 1
	}
	out := make([]int, 0, count)
	for p := 1; p <= MaxPort; p++ {
		if seen[p] {
			out = append(out, p)
		}
	}
	return out, nil
}

// parsePart parses spec[start:end] (one comma-separated part) and marks its
// ports in seen.
func parsePart(spec string, start, end int, seen *[MaxPort + 1]bool, count *int) error {
	// Trim surrounding whitespace to find the part's text and position.
	s, e := start, end
	for s < e && isSpace(spec[s]) {
		s++
	}
	for e > s && isSpace(spec[e-1]) {
		e--
	}
	if s == e {
		what := "a comma with nothing before it"
		switch {
		case end == len(spec) && start > 0:
			what = "a trailing comma"
		case start > 0:
			what = "two commas with nothing between them"
		}
		return &SpecError{Pos: s, Msg: fmt.Sprintf("port spec has an empty part at character %d (%s)", s+1, what)}
	}
	part := spec[s:e]
	q := quotePart(part)
	fail := func(format string, args ...any) error {
		return &SpecError{Pos: s, Msg: fmt.Sprintf("part %s: ", q) + fmt.Sprintf(format, args...)}
	}

	i := s
	skip := func() {
		for i < e && isSpace(spec[i]) {
			i++
		}
	}
	// number reads digits at i; it returns the (capped) value and the text.
	number := func(what string) (int, string, error) {
		skip()
		j := i
		v := 0
		for i < e && spec[i] >= '0' && spec[i] <= '9' {
			if v < numCap {
				v = v*10 + int(spec[i]-'0')
				if v > numCap {
					v = numCap
				}
			}
			i++
		}
		if i == j {
			if i >= e {
				return 0, "", fail("missing %s", what)
			}
			return 0, "", fail("unexpected %s where %s was expected", describeChar(spec, i), what)
		}
		text := spec[j:i]
		// Whitespace followed by another digit: "6 4" is not 64.
		k := i
		for k < e && isSpace(spec[k]) {
			k++
		}
		if k > i && k < e && spec[k] >= '0' && spec[k] <= '9' {
			return 0, "", fail("space inside a number; separate ports with commas (\"6,4\") or write them together (\"64\")")
		}
		return v, text, nil
	}
	checkPort := func(v int, text string) error {
		if v < 1 || v > MaxPort {
			return fail("port %s is outside 1..%d", shortNumber(text), MaxPort)
		}
		return nil
	}

	a, aText, err := number("a port number")
	if err != nil {
		return err
	}
	if err := checkPort(a, aText); err != nil {
		return err
	}
	b, step := a, 1
	skip()
	if i < e && spec[i] == ':' {
		return fail("a step needs a range, as in \"1-63:2\"")
	}
	if i < e && spec[i] == '-' {
		i++
		var bText string
		b, bText, err = number("the range end after '-'")
		if err != nil {
			return err
		}
		if err := checkPort(b, bText); err != nil {
			return err
		}
		if b < a {
			return fail("range end %d is below start %d", b, a)
		}
		skip()
		if i < e && spec[i] == ':' {
			i++
			var sText string
			step, sText, err = number("the step after ':'")
			if err != nil {
				return err
			}
			if step < 1 {
				return fail("step %s must be at least 1", shortNumber(sText))
			}
			skip()
		}
	}
	if i < e {
		return fail("unexpected %s after %s", describeChar(spec, i), quotePart(strings.TrimSpace(spec[s:i])))
	}
	for p := a; p <= b; p += step {
		if !seen[p] {
			seen[p] = true
			*count++
		}
	}
	return nil
}

// shorten bounds a number's text in messages.
func shortNumber(text string) string {
	if len(text) > 12 {
		return text[:12] + "..."
	}
	return text
}

// describeChar names the byte at spec[i] for an error message.
func describeChar(spec string, i int) string {
	c := spec[i]
	switch {
	case c == '-':
		return "'-'"
	case c == ':':
		return "':'"
	case c >= 0x20 && c < 0x7f:
		return "character " + strconv.QuoteRune(rune(c))
	default:
		return fmt.Sprintf("byte 0x%02x", c)
	}
}

// FormatPortSpec is the compact inverse of ParsePortSpec: [1,3,...,63] ->
// "1-63:2", [1,2,3,7] -> "1-3,7". Runs of at least three ports with a
// constant gap become ranges (with ":S" when the gap is not 1); other ports
// are listed. The input need not be sorted; duplicates are ignored. For ports
// in 1..MaxPort, ParsePortSpec(FormatPortSpec(p)) returns p sorted and
// de-duplicated. An empty input gives "".
func FormatPortSpec(ports []int) string {
	p := append([]int(nil), ports...)
	sort.Ints(p)
	n := 0
	for i, v := range p {
		if i == 0 || v != p[n-1] {
			p[n] = v
			n++
		}
	}
	p = p[:n]

	var sb strings.Builder
	emit := func(s string) {
		if sb.Len() > 0 {
			sb.WriteByte(',')
		}
		sb.WriteString(s)
	}
	for i := 0; i < len(p); {
		if i+2 < len(p) {
			d := p[i+1] - p[i]
			j := i + 1
			for j+1 < len(p) && p[j+1]-p[j] == d {
				j++
			}
			if j-i+1 >= 3 {
				r := strconv.Itoa(p[i]) + "-" + strconv.Itoa(p[j])
				if d != 1 {
					r += ":" + strconv.Itoa(d)
				}
				emit(r)
				i = j + 1
				continue
			}
		}
		emit(strconv.Itoa(p[i]))
		i++
	}
	return sb.String()
}
