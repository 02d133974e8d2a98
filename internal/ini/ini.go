package ini

import (
	"bytes"
	"fmt"
	"sort"
	"strings"
)

// A File is a parsed shared config or credentials file. It is immutable
// after Parse returns and safe for concurrent reads.
type File struct {
	// Name is the file name given to Parse, used in error messages.
	Name string

	sections []*Section // in order of first appearance
	index    map[sectionKey]*Section
}

type sectionKey struct{ kind, name string }

// Section returns the section with the given kind and name, or nil if the
// file has none. The kind of "[profile dev]" is "profile" and its name
// "dev"; the kind of "[default]" is "" and its name "default".
func (f *File) Section(kind, name string) *Section {
	if f == nil {
		return nil
	}
	return f.index[sectionKey{kind, name}]
}

// Sections returns the file's sections in order of first appearance.
// Sections repeated in the file appear once, merged.
func (f *File) Sections() []*Section {
	if f == nil {
		return nil
	}
	return append([]*Section(nil), f.sections...)
}

// A Section is one "[kind name]" or "[name]" block of a file, merged with
// any later blocks that have the same header.
type Section struct {
	// Kind is the first word of a two-word header ("profile",
	// "sso-session", "services"), or "" for a one-word header.
	Kind string
	// Name is the last word of the header.
	Name string
	// Line is the 1-based line number of the section's first header.
	Line int

	values map[string]Value
}

// Value returns the value of key, which is matched case-insensitively.
func (s *Section) Value(key string) (Value, bool) {
	if s == nil {
		return Value{}, false
	}
	v, ok := s.values[strings.ToLower(key)]
	return v, ok
}

// String returns the text of key's value, or "" if the key is absent.
func (s *Section) String(key string) string {
	v, _ := s.Value(key)
	return v.Text
}

// Keys returns the section's keys (lower case) in sorted order.
func (s *Section) Keys() []string {
	if s == nil {
		return nil
	}
	keys := make([]string, 0, len(s.values))
	for k := range s.values {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}

// A Value is the value of one property.
type Value struct {
	// Text is the trimmed value. Continuation lines are appended after a
	// newline. For a property with sub-properties, Text is "" followed by
	// one "\nk = v" line per sub-property, as the AWS CLI reports it.
	Text string
	// Line is the 1-based line number of the property's key.
	Line int
	// Sub holds the sub-properties, keyed in lower case, or nil if the
	// property has none.
	Sub map[string]string
}

// A ParseError reports a syntax error. It never includes the text of the
// offending line, which might hold a secret.
type ParseError struct {
	File   string // the name given to Parse
	Line   int    // 1-based
	Reason string
}

// Error returns the error message.
func (e *ParseError) Error() string {
	return fmt.Sprintf("ini: %s:%d: %s", e.File, e.Line, e.Reason)
}

// Parse parses data, the content of the file called name. The name is
// used only in errors and [File.Name].
func Parse(name string, data []byte) (*File, error) {
	p := parser{f: &File{Name: name, index: map[sectionKey]*Section{}}}
	data = bytes.TrimPrefix(data, []byte("\xef\xbb\xbf")) // UTF-8 BOM
	for n, line := range strings.Split(string(data), "\n") {
		if err := p.line(n+1, strings.TrimSuffix(line, "\r")); err != nil {
			return nil, err
		}
	}
	return p.f, nil
}

type parser struct {
	f       *File
	lineNo  int
	section *Section // current section; a detached one if skipped; nil before the first
	key     string   // current property, "" if none
	value   *Value   // current property's value (detached if skipped)
	sub     bool     // the current property has sub-properties
}

func (p *parser) errorf(format string, args ...any) error {
	return &ParseError{File: p.f.Name, Line: p.lineNo, Reason: fmt.Sprintf(format, args...)}
}

func (p *parser) line(n int, line string) error {
	p.lineNo = n
	trimmed := strings.TrimSpace(line)
	switch {
	case trimmed == "" || trimmed[0] == '#' || trimmed[0] == ';':
		return nil
	case line[0] == ' ' || line[0] == '\t':
		return p.continuation(trimmed)
	case line[0] == '[':
		return p.header(line)
	default:
		return p.property(line)
	}
}

func (p *parser) header(line string) error {
	if i := strings.IndexAny(line, "#;"); i >= 0 {
		line = line[:i]
	}
	line = strings.TrimSpace(line)
	if !strings.HasSuffix(line, "]") {
		return p.errorf("section header must end with ']'")
	}
	p.key, p.value, p.sub = "", nil, false

	var kind, name string
	switch words := strings.Fields(line[1 : len(line)-1]); len(words) {
	case 1:
		name = words[0]
	case 2:
		kind, name = words[0], words[1]
	}
	if name == "" || !validName(kind, true) || !validName(name, false) {
		// Skipped like the CLI does: parse the body, keep nothing.
		p.section = &Section{values: map[string]Value{}}
		return nil
	}
	k := sectionKey{kind, name}
	s := p.f.index[k]
	if s == nil {
		s = &Section{Kind: kind, Name: name, Line: p.lineNo, values: map[string]Value{}}
		p.f.index[k] = s
		p.f.sections = append(p.f.sections, s)
	}
	p.section = s
	return nil
}

func (p *parser) property(line string) error {
	if p.section == nil {
		return p.errorf("property defined before any section header")
	}
	key, val, ok := strings.Cut(line, "=")
	if !ok {
		return p.errorf("expected '=' in property definition")
	}
	key = strings.ToLower(strings.TrimSpace(key))
	if key == "" {
		return p.errorf("property has no name")
	}
	val = strings.TrimSpace(stripComment(val))
	p.key, p.sub = key, false
	p.value = &Value{Text: val, Line: p.lineNo}
	if validKey(key) {
		p.section.values[key] = *p.value
	}
	return nil
}

// stripComment removes a '#' or ';' comment that follows whitespace.
func stripComment(v string) string {
	for i := 1; i < len(v); i++ {
		if (v[i] == '#' || v[i] == ';') && (v[i-1] == ' ' || v[i-1] == '\t') {
			return v[:i]
		}
	}
	return v
}

func (p *parser) continuation(text string) error {
	if p.section == nil {
		return p.errorf("continuation line before any section header")
	}
	if p.value == nil {
		return p.errorf("continuation line without a property to continue")
	}
	v := p.value
	if v.Text == "" && v.Sub == nil || p.sub {
		// Sub-property: "k = v" under a property with an empty value.
		k, sv, ok := strings.Cut(text, "=")
		if !ok {
			return p.errorf("expected '=' in sub-property definition")
		}
		k = strings.ToLower(strings.TrimSpace(k))
		if k == "" {
			return p.errorf("sub-property has no name")
		}
		if v.Sub == nil {
			v.Sub = map[string]string{}
		}
		p.sub = true
		v.Sub[k] = strings.TrimSpace(sv)
	}
	v.Text += "\n" + text
	if validKey(p.key) {
		p.section.values[p.key] = *v
	}
	return nil
}

// validName reports whether s may be a section kind or name. An empty
// kind is valid (a one-word header).
func validName(s string, kind bool) bool {
	if s == "" {
		return kind
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		if !isAlnum(c) && !strings.ContainsRune("-_/.%@:+", rune(c)) {
			return false
		}
	}
	return true
}

// validKey reports whether s is a valid property key.
func validKey(s string) bool {
	for i := 0; i < len(s); i++ {
		if c := s[i]; !isAlnum(c) && c != '-' && c != '_' {
			return false
		}
	}
	return s != ""
}

func isAlnum(c byte) bool {
	return 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9'
}
