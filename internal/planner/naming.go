package planner

import (
	"fmt"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"
)

// NameVars are the values a name template can use.
type NameVars struct {
	Plan, Site, Class, Fabric, Role string
	Index                           int
}

// placeholderHelp lists the accepted placeholders for error messages.
const placeholderHelp = "{plan}, {site}, {class}, {fabric}, {role}, {index} or {index:02d}"

// templateToken is one piece of a parsed template: literal text, or a
// placeholder (name set; width > 0 for a zero-padded index).
type templateToken struct {
	lit   string
	name  string
	width int
}

// parseTemplate splits a template into tokens or reports the first problem.
func parseTemplate(tmpl string) ([]templateToken, error) {
	if tmpl == "" {
		return nil, fmt.Errorf("name template is empty")
	}
	var toks []templateToken
	lit := 0 // start of the pending literal
	for i := 0; i < len(tmpl); i++ {
		switch tmpl[i] {
		case '}':
			return nil, fmt.Errorf("name template %s: '}' at character %d has no matching '{'", quotePart(tmpl), i+1)
		case '{':
			j := i + 1
			for j < len(tmpl) && tmpl[j] != '}' && tmpl[j] != '{' {
				j++
			}
			if j == len(tmpl) || tmpl[j] == '{' {
				return nil, fmt.Errorf("name template %s: '{' at character %d is not closed by '}'", quotePart(tmpl), i+1)
			}
			tok, err := parsePlaceholder(tmpl[i+1 : j])
			if err != nil {
				return nil, fmt.Errorf("name template %s: %w", quotePart(tmpl), err)
			}
			if i > lit {
				toks = append(toks, templateToken{lit: tmpl[lit:i]})
			}
			toks = append(toks, tok)
			i = j
			lit = j + 1
		}
	}
	if lit < len(tmpl) {
		toks = append(toks, templateToken{lit: tmpl[lit:]})
	}
	return toks, nil
}

// parsePlaceholder parses the inside of "{...}".
func parsePlaceholder(in string) (templateToken, error) {
	switch in {
	case "plan", "site", "class", "fabric", "role", "index":
		return templateToken{name: in}, nil
	}
	if rest, ok := strings.CutPrefix(in, "index:"); ok {
		// {index:03d}: one or two digits then 'd'; always zero-padded
		// (space padding would never give a valid name).
		digits, ok := strings.CutSuffix(rest, "d")
		if ok && len(digits) >= 1 && len(digits) <= 2 && allDigits(digits) {
			w, _ := strconv.Atoi(digits)
			if w < 1 || w > 9 {
				return templateToken{}, fmt.Errorf("placeholder {%s}: width %d must be 1..9", in, w)
			}
			return templateToken{name: "index", width: w}, nil
		}
		return templateToken{}, fmt.Errorf("placeholder {%s}: the index format must look like {index:02d} (zero-padded width 1..9)", quotePlaceholder(in))
	}
	return templateToken{}, fmt.Errorf("unknown placeholder {%s}; use %s", quotePlaceholder(in), placeholderHelp)
}

func quotePlaceholder(in string) string {
	if len(in) > maxQuoted {
		in = in[:maxQuoted] + "..."
	}
	return in
}

func allDigits(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}

// ValidateTemplate checks a name template: placeholders {plan} {site}
// {class} {fabric} {role} {index} and {index:NNd} (zero-padded width 1..9).
// An unknown placeholder or an unbalanced brace is an error naming it.
func ValidateTemplate(tmpl string) error {
	_, err := parseTemplate(tmpl)
	return err
}

// RenderName renders a template. It errors on an invalid template and does
// not validate the result (see ValidateDNSLabel, ValidateNetBoxName).
func RenderName(tmpl string, v NameVars) (string, error) {
	toks, err := parseTemplate(tmpl)
	if err != nil {
		return "", err
	}
	return renderTokens(toks, v), nil
}

// renderTokens renders a parsed template, so that callers naming many devices parse it once.
func renderTokens(toks []templateToken, v NameVars) string {
	var sb strings.Builder
	for _, t := range toks {
		switch t.name {
		case "":
			sb.WriteString(t.lit)
		case "plan":
			sb.WriteString(v.Plan)
		case "site":
			sb.WriteString(v.Site)
		case "class":
			sb.WriteString(v.Class)
		case "fabric":
			sb.WriteString(v.Fabric)
		case "role":
			sb.WriteString(v.Role)
		case "index":
			writeIndex(&sb, v.Index, t.width)
		}
	}
	return sb.String()
}

// writeIndex writes an index zero-padded to width, as "%0*d" would, without fmt's cost: a
// class renders a name for each of up to 1024 switches on every plan.
func writeIndex(sb *strings.Builder, index, width int) {
	if index < 0 {
		fmt.Fprintf(sb, "%0*d", width, index)
		return
	}
	digits := strconv.Itoa(index)
	for range width - len(digits) {
		sb.WriteByte('0')
	}
	sb.WriteString(digits)
}

// hasIndex reports whether a parsed template has an {index} placeholder. With one, every index
// renders a different name: the other placeholders are the same for every device, and a
// larger index renders each {index} at least as long, so two names differ either in length or,
// at the first {index}, in its digits.
func hasIndex(toks []templateToken) bool {
	for _, t := range toks {
		if t.name == "index" {
			return true
		}
	}
	return false
}

// MaxDNSLabel is the longest RFC 1123 label (and Hedgehog object name).
const MaxDNSLabel = 63

// ValidateDNSLabel checks a lowercase RFC 1123 label: 1..63 characters of
// a-z, 0-9 and '-', not starting or ending with '-'. The message says what is
// wrong.
func ValidateDNSLabel(name string) error {
	if name == "" {
		return fmt.Errorf("name is empty")
	}
	if len(name) > MaxDNSLabel {
		return fmt.Errorf("name %s is %d characters long; at most %d are allowed", quotePart(name), len(name), MaxDNSLabel)
	}
	for i := 0; i < len(name); i++ {
		c := name[i]
		switch {
		case c >= 'a' && c <= 'z', c >= '0' && c <= '9', c == '-':
		case c >= 'A' && c <= 'Z':
			return fmt.Errorf("name %q contains the uppercase letter %q at character %d; names must be lowercase", name, rune(c), i+1)
		default:
			r, _ := utf8.DecodeRuneInString(name[i:])
			return fmt.Errorf("name %q contains %q at character %d; only a-z, 0-9 and '-' are allowed", name, r, i+1)
		}
	}
	if name[0] == '-' {
		return fmt.Errorf("name %q starts with '-'; it must start with a letter or digit", name)
	}
	if name[len(name)-1] == '-' {
		return fmt.Errorf("name %q ends with '-'; it must end with a letter or digit", name)
	}
	return nil
}

// MaxNetBoxName is the longest NetBox device name.
const MaxNetBoxName = 64

// ValidateNetBoxName checks a NetBox object name: non-empty, valid UTF-8, at
// most 64 characters, no control characters.
func ValidateNetBoxName(name string) error {
	if name == "" {
		return fmt.Errorf("name is empty")
	}
	if !utf8.ValidString(name) {
		return fmt.Errorf("name %s is not valid UTF-8", quotePart(name))
	}
	if n := utf8.RuneCountInString(name); n > MaxNetBoxName {
		return fmt.Errorf("name %s is %d characters long; NetBox allows at most %d", quotePart(name), n, MaxNetBoxName)
	}
	pos := 0
	for _, r := range name {
		pos++
		if unicode.IsControl(r) {
			return fmt.Errorf("name %q contains the control character %U at character %d", name, r, pos)
		}
	}
	return nil
}

// SanitizeHedgehogName turns any string into a Hedgehog object name (SPEC
// §8): lower-cased, every character outside [a-z0-9-] becomes '-', runs of
// '-' collapse to one, leading and trailing '-' are trimmed, and the result
// is cut to 63 characters (then trimmed of '-' again). The result may be
// empty when s has no letters or digits.
func SanitizeHedgehogName(s string) string {
	var sb strings.Builder
	dash := false
	for _, r := range strings.ToLower(s) {
		if (r >= 'a' && r <= 'z') || (r >= '0' && r <= '9') {
			sb.WriteRune(r)
			dash = false
			continue
		}
		if !dash {
			sb.WriteByte('-')
			dash = true
		}
	}
	out := strings.Trim(sb.String(), "-")
	if len(out) > MaxDNSLabel {
		out = strings.TrimRight(out[:MaxDNSLabel], "-")
	}
	return out
}

// PlanTag is the NetBox tag slug of a plan: "hedgehog-plan-" + plan.
func PlanTag(plan string) string { return "hedgehog-plan-" + plan }

// IndexTemplate renders every placeholder of a template except the index, so that a class's
// device names travel as one pattern and a count: "{plan}-{class}-{index:03d}" becomes
// "ai-gpu-{index:03d}". The values never hold braces (they are validated names).
func IndexTemplate(tmpl string, v NameVars) (string, error) {
	toks, err := parseTemplate(tmpl)
	if err != nil {
		return "", err
	}
	var sb strings.Builder
	for _, t := range toks {
		switch {
		case t.name == "index" && t.width > 0:
			fmt.Fprintf(&sb, "{index:0%dd}", t.width)
		case t.name == "index":
			sb.WriteString("{index}")
		case t.name == "":
			sb.WriteString(t.lit)
		default:
			name, err := RenderName("{"+t.name+"}", v)
			if err != nil {
				return "", err
			}
			sb.WriteString(name)
		}
	}
	return sb.String(), nil
}

// ExpandNames renders the names 1..count of an index template.
func ExpandNames(pattern string, count int) ([]string, error) {
	if count < 0 || count > MaxServersPerClass {
		return nil, fmt.Errorf("count %d is outside 0..%d", count, MaxServersPerClass)
	}
	out := make([]string, count)
	if count == 0 {
		return out, nil
	}
	toks, err := parseTemplate(pattern)
	if err != nil {
		return nil, err
	}
	for i := range out {
		out[i] = renderTokens(toks, NameVars{Index: i + 1})
	}
	return out, nil
}
