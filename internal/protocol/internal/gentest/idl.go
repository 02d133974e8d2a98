package main

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"

	"github.com/nimbus-sdk/nimbus/internal/codegen"
)

// This file reads the Smithy IDL (2.0) into a codegen.Model, as the
// Smithy CLI would build its JSON AST: shapes with their members, targets
// and traits, relative shape ids resolved through the namespace, the use
// statements and the prelude, and apply statements merged in. It reads
// the subset of the IDL the protocol-test models are written in: control
// and metadata statements (skipped), namespace, use, apply, traits with
// any node value, simple shapes, enums and intEnums, lists, sets, maps,
// structures, unions, operations and services. Anything else (mixins,
// resources, inline input and output, elided targets) stops gentest with
// the file and line, rather than being read wrongly. Documentation
// comments are dropped: gentest declares the types without docs.

// tokKind is the kind of an IDL token.
type tokKind int

const (
	tEOF tokKind = iota
	tIdent
	tString // a quoted string or a text block; text is its value
	tNumber
	tPunct   // one of { } [ ] ( ) : = @
	tControl // $name
)

type token struct {
	kind tokKind
	text string
	line int
}

// lexIDL splits src into tokens. Commas are white space in the IDL.
func lexIDL(file, src string) ([]token, error) {
	var toks []token
	line := 1
	for i := 0; i < len(src); {
		c := src[i]
		switch {
		case c == '\n':
			line++
			i++
		case c == ' ' || c == '\t' || c == '\r' || c == ',':
			i++
		case strings.HasPrefix(src[i:], "//"):
			for i < len(src) && src[i] != '\n' {
				i++
			}
		case strings.HasPrefix(src[i:], `"""`):
			end := strings.Index(src[i+3:], `"""`)
			if end < 0 {
				return nil, fmt.Errorf("%s:%d: unterminated text block", file, line)
			}
			raw := src[i+3 : i+3+end]
			text, err := textBlock(raw)
			if err != nil {
				return nil, fmt.Errorf("%s:%d: %v", file, line, err)
			}
			toks = append(toks, token{tString, text, line})
			line += strings.Count(raw, "\n")
			i += 3 + end + 3
		case c == '"':
			j := i + 1
			for j < len(src) && src[j] != '"' {
				if src[j] == '\\' {
					j++
				}
				j++
			}
			if j >= len(src) {
				return nil, fmt.Errorf("%s:%d: unterminated string", file, line)
			}
			text, err := unescape(src[i+1 : j])
			if err != nil {
				return nil, fmt.Errorf("%s:%d: %v", file, line, err)
			}
			toks = append(toks, token{tString, text, line})
			line += strings.Count(src[i:j], "\n")
			i = j + 1
		case strings.ContainsRune("{}[]():=@", rune(c)):
			toks = append(toks, token{tPunct, string(c), line})
			i++
		case c == '$' || isIdentStart(c):
			j := i + 1
			for j < len(src) && isIdentPart(src[j]) {
				j++
			}
			kind := tIdent
			if c == '$' {
				kind = tControl
			}
			toks = append(toks, token{kind, src[i:j], line})
			i = j
		case c == '-' || c >= '0' && c <= '9':
			j := i + 1
			for j < len(src) && strings.IndexByte("0123456789.eE+-", src[j]) >= 0 {
				j++
			}
			toks = append(toks, token{tNumber, src[i:j], line})
			i = j
		default:
			return nil, fmt.Errorf("%s:%d: unexpected character %q", file, line, c)
		}
	}
	return append(toks, token{tEOF, "", line}), nil
}

func isIdentStart(c byte) bool {
	return c == '_' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z'
}

// isIdentPart reports whether c continues an identifier or a shape id
// (namespace dots, '#' and a member's '$').
func isIdentPart(c byte) bool {
	return isIdentStart(c) || c >= '0' && c <= '9' || c == '.' || c == '#' || c == '$'
}

// textBlock returns the value of a text block whose raw content (between
// the delimiters) is raw: the line break after the opening delimiter
// removed, the indentation common to the lines that are not blank and the
// closing delimiter's line removed from every line, trailing white space
// removed from every line, and then escapes interpreted.
func textBlock(raw string) (string, error) {
	raw = strings.ReplaceAll(raw, "\r\n", "\n")
	first, rest, ok := strings.Cut(raw, "\n")
	if !ok || strings.TrimSpace(first) != "" {
		return "", fmt.Errorf("a text block must start with a line break")
	}
	lines := strings.Split(rest, "\n")
	indent := -1
	for i, l := range lines {
		if strings.TrimSpace(l) == "" && i != len(lines)-1 {
			continue
		}
		n := len(l) - len(strings.TrimLeft(l, " \t"))
		if indent < 0 || n < indent {
			indent = n
		}
	}
	for i, l := range lines {
		l = strings.TrimRight(l, " \t")
		lines[i] = l[min(indent, len(l)):]
	}
	return unescape(strings.Join(lines, "\n"))
}

// unescape interprets the escapes of a quoted string or text block.
func unescape(s string) (string, error) {
	if !strings.Contains(s, `\`) {
		return s, nil
	}
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		if s[i] != '\\' {
			b.WriteByte(s[i])
			continue
		}
		if i++; i == len(s) {
			return "", fmt.Errorf("escape at the end of a string")
		}
		switch c := s[i]; c {
		case '"', '\\', '/', '\'':
			b.WriteByte(c)
		case 'b':
			b.WriteByte('\b')
		case 'f':
			b.WriteByte('\f')
		case 'n':
			b.WriteByte('\n')
		case 'r':
			b.WriteByte('\r')
		case 't':
			b.WriteByte('\t')
		case '\n':
			// A line continuation.
		case 'u':
			if i+4 >= len(s) {
				return "", fmt.Errorf("short \\u escape")
			}
			r, err := strconv.ParseUint(s[i+1:i+5], 16, 16)
			if err != nil {
				return "", fmt.Errorf("bad \\u escape: %v", err)
			}
			b.WriteRune(rune(r))
			i += 4
		default:
			return "", fmt.Errorf("unknown escape \\%c", c)
		}
	}
	return b.String(), nil
}

// idlFile is one parsed file: its shapes and applied traits, whose ids
// are still relative to the file's namespace and use statements.
type idlFile struct {
	name      string
	namespace string
	uses      map[string]string // shape name -> absolute id
	shapes    []*idlShape
	applies   []idlApply
}

type idlShape struct {
	name    string // relative to the file's namespace
	typ     string
	traits  []idlTrait
	members []idlMember
	body    map[string]any // operation and service properties
	line    int
}

type idlMember struct {
	name   string
	target string
	traits []idlTrait
	value  any // an enum value or a default, nil when absent
	hasVal bool
}

type idlTrait struct {
	name  string
	value any
}

type idlApply struct {
	target string
	traits []idlTrait
}

// idlParser reads the tokens of one file.
type idlParser struct {
	file string
	toks []token
	pos  int
}

func (p *idlParser) peek() token { return p.toks[p.pos] }

func (p *idlParser) next() token {
	t := p.toks[p.pos]
	if t.kind != tEOF {
		p.pos++
	}
	return t
}

func (p *idlParser) fail(t token, format string, args ...any) error {
	return fmt.Errorf("%s:%d: %s", p.file, t.line, fmt.Sprintf(format, args...))
}

func (p *idlParser) isPunct(s string) bool {
	t := p.peek()
	return t.kind == tPunct && t.text == s
}

func (p *idlParser) expect(s string) error {
	if t := p.next(); t.kind != tPunct || t.text != s {
		return p.fail(t, "expected %q, found %q", s, t.text)
	}
	return nil
}

func (p *idlParser) ident() (string, error) {
	t := p.next()
	if t.kind != tIdent {
		return "", p.fail(t, "expected an identifier, found %q", t.text)
	}
	return t.text, nil
}

// simpleTypes are the shape types without a body.
var simpleTypes = map[string]bool{
	"blob": true, "boolean": true, "string": true, "byte": true, "short": true,
	"integer": true, "long": true, "float": true, "double": true, "bigInteger": true,
	"bigDecimal": true, "timestamp": true, "document": true,
}

// parseIDL parses one file.
func parseIDL(file, src string) (*idlFile, error) {
	toks, err := lexIDL(file, src)
	if err != nil {
		return nil, err
	}
	p := &idlParser{file: file, toks: toks}
	f := &idlFile{name: file, uses: map[string]string{}}
	for p.peek().kind != tEOF {
		t := p.peek()
		switch {
		case t.kind == tControl:
			p.next()
			if err := p.expect(":"); err != nil {
				return nil, err
			}
			if _, err := p.node(); err != nil {
				return nil, err
			}
		case t.kind == tIdent && t.text == "metadata":
			p.next()
			p.next() // the key
			if err := p.expect("="); err != nil {
				return nil, err
			}
			if _, err := p.node(); err != nil {
				return nil, err
			}
		case t.kind == tIdent && t.text == "namespace":
			p.next()
			if f.namespace, err = p.ident(); err != nil {
				return nil, err
			}
		case t.kind == tIdent && t.text == "use":
			p.next()
			id, err := p.ident()
			if err != nil {
				return nil, err
			}
			f.uses[shapeNameOf(id)] = id
		case t.kind == tIdent && t.text == "apply":
			p.next()
			target, err := p.ident()
			if err != nil {
				return nil, err
			}
			if p.isPunct("{") {
				return nil, p.fail(t, "block apply statements are not supported")
			}
			trait, err := p.trait()
			if err != nil {
				return nil, err
			}
			f.applies = append(f.applies, idlApply{target, []idlTrait{trait}})
		default:
			s, err := p.shape()
			if err != nil {
				return nil, err
			}
			f.shapes = append(f.shapes, s)
		}
	}
	return f, nil
}

// traits reads the traits applied before a shape or member.
func (p *idlParser) traits() ([]idlTrait, error) {
	var out []idlTrait
	for p.isPunct("@") {
		t, err := p.trait()
		if err != nil {
			return nil, err
		}
		out = append(out, t)
	}
	return out, nil
}

// trait reads one trait: "@name" or "@name(...)".
func (p *idlParser) trait() (idlTrait, error) {
	if err := p.expect("@"); err != nil {
		return idlTrait{}, err
	}
	name, err := p.ident()
	if err != nil {
		return idlTrait{}, err
	}
	var value any = map[string]any{}
	if p.isPunct("(") {
		if value, err = p.traitValue(); err != nil {
			return idlTrait{}, err
		}
	}
	return idlTrait{name, value}, nil
}

// traitValue reads "(...)": nothing (an empty structure), a node value,
// or the members of a structure without their braces.
func (p *idlParser) traitValue() (any, error) {
	p.next() // (
	if p.isPunct(")") {
		p.next()
		return map[string]any{}, nil
	}
	if k := p.peek(); (k.kind == tIdent || k.kind == tString) && p.toks[p.pos+1].kind == tPunct && p.toks[p.pos+1].text == ":" {
		obj, err := p.members(")")
		return obj, err
	}
	v, err := p.node()
	if err != nil {
		return nil, err
	}
	return v, p.expect(")")
}

// node reads a node value: objects become map[string]any, arrays []any,
// numbers json.Number, and identifiers (shape ids) strings.
func (p *idlParser) node() (any, error) {
	t := p.next()
	switch {
	case t.kind == tPunct && t.text == "{":
		return p.members("}")
	case t.kind == tPunct && t.text == "[":
		arr := []any{}
		for !p.isPunct("]") {
			if p.peek().kind == tEOF {
				return nil, p.fail(t, "unterminated array")
			}
			v, err := p.node()
			if err != nil {
				return nil, err
			}
			arr = append(arr, v)
		}
		p.next()
		return arr, nil
	case t.kind == tString:
		return t.text, nil
	case t.kind == tNumber:
		return json.Number(t.text), nil
	case t.kind == tIdent:
		switch t.text {
		case "true":
			return true, nil
		case "false":
			return false, nil
		case "null":
			return nil, nil
		}
		return t.text, nil
	}
	return nil, p.fail(t, "expected a node value, found %q", t.text)
}

// members reads "key: value" pairs up to the closing punctuation end.
func (p *idlParser) members(end string) (map[string]any, error) {
	obj := map[string]any{}
	for !p.isPunct(end) {
		k := p.next()
		if k.kind != tIdent && k.kind != tString {
			return nil, p.fail(k, "expected an object key, found %q", k.text)
		}
		if err := p.expect(":"); err != nil {
			return nil, err
		}
		v, err := p.node()
		if err != nil {
			return nil, err
		}
		obj[k.text] = v
	}
	p.next()
	return obj, nil
}

// shape reads a shape statement with the traits before it.
func (p *idlParser) shape() (*idlShape, error) {
	traits, err := p.traits()
	if err != nil {
		return nil, err
	}
	kw := p.peek()
	typ, err := p.ident()
	if err != nil {
		return nil, err
	}
	name, err := p.ident()
	if err != nil {
		return nil, err
	}
	s := &idlShape{name: name, typ: typ, traits: traits, line: kw.line}
	if t := p.peek(); t.kind == tIdent && (t.text == "with" || t.text == "for") {
		return nil, p.fail(t, "shape %s: mixins and resource bindings are not supported", name)
	}
	switch {
	case simpleTypes[typ]:
		return s, nil
	case typ == "service" || typ == "operation":
		if err := p.expect("{"); err != nil {
			return nil, err
		}
		s.body, err = p.members("}")
		return s, err
	case typ == "structure" || typ == "union" || typ == "list" || typ == "set" || typ == "map" || typ == "enum" || typ == "intEnum":
		s.members, err = p.shapeMembers(typ == "enum" || typ == "intEnum")
		return s, err
	}
	return nil, p.fail(kw, "unsupported shape type %q", typ)
}

// shapeMembers reads the braced members of an aggregate shape, or the
// values of an enum.
func (p *idlParser) shapeMembers(enum bool) ([]idlMember, error) {
	if err := p.expect("{"); err != nil {
		return nil, err
	}
	var out []idlMember
	for !p.isPunct("}") {
		traits, err := p.traits()
		if err != nil {
			return nil, err
		}
		m := idlMember{traits: traits}
		if m.name, err = p.ident(); err != nil {
			return nil, err
		}
		if !enum {
			if err := p.expect(":"); err != nil {
				return nil, err
			}
			if m.target, err = p.ident(); err != nil {
				return nil, err
			}
		}
		if p.isPunct("=") {
			p.next()
			if m.value, err = p.node(); err != nil {
				return nil, err
			}
			m.hasVal = true
		}
		out = append(out, m)
	}
	p.next()
	return out, nil
}

func shapeNameOf(id string) string {
	if i := strings.IndexByte(id, '#'); i >= 0 {
		return id[i+1:]
	}
	return id
}

// idlModel is a model read from IDL files, with each shape's file (for
// its service's protocol tests) and the traits as node values.
type idlModel struct {
	*codegen.Model
	// file is the file that defines each shape.
	file map[string]string
	// traits holds each shape's traits as node values, for the protocol
	// test traits gentest reads.
	traits map[string]map[string]any
}

// loadIDL reads the .smithy files of dirs (not their subfolders) into a
// model.
func loadIDL(dirs ...string) (*idlModel, error) {
	var files []*idlFile
	for _, dir := range dirs {
		names, err := filepath.Glob(filepath.Join(dir, "*.smithy"))
		if err != nil {
			return nil, err
		}
		slices.Sort(names)
		for _, name := range names {
			src, err := os.ReadFile(name)
			if err != nil {
				return nil, err
			}
			f, err := parseIDL(filepath.ToSlash(name), string(src))
			if err != nil {
				return nil, err
			}
			files = append(files, f)
		}
	}
	m := &idlModel{Model: &codegen.Model{Shapes: map[string]*codegen.Shape{}}, file: map[string]string{}, traits: map[string]map[string]any{}}
	defined := map[string]bool{}
	for _, f := range files {
		for _, s := range f.shapes {
			id := f.namespace + "#" + s.name
			if defined[id] {
				return nil, fmt.Errorf("%s:%d: shape %s is defined twice", f.name, s.line, id)
			}
			defined[id] = true
		}
	}
	for _, f := range files {
		r := resolver{f, defined}
		for _, s := range f.shapes {
			if err := m.addShape(r, s); err != nil {
				return nil, fmt.Errorf("%s:%d: %v", f.name, s.line, err)
			}
		}
	}
	for _, f := range files {
		r := resolver{f, defined}
		for _, a := range f.applies {
			id := r.resolve(a.target)
			s := m.Shapes[id]
			if s == nil {
				return nil, fmt.Errorf("%s: apply to unknown shape %s", f.name, a.target)
			}
			if err := m.setTraits(r, id, s.Traits, a.traits); err != nil {
				return nil, fmt.Errorf("%s: apply %s: %v", f.name, a.target, err)
			}
		}
	}
	return m, nil
}

// resolver resolves the relative shape ids of a file: through its use
// statements, then its namespace, then the prelude.
type resolver struct {
	f       *idlFile
	defined map[string]bool
}

func (r resolver) resolve(name string) string {
	if strings.Contains(name, "#") {
		return name
	}
	base, member, _ := strings.Cut(name, "$")
	id := "smithy.api#" + base
	switch {
	case r.f.uses[base] != "":
		id = r.f.uses[base]
	case r.defined[r.f.namespace+"#"+base]:
		id = r.f.namespace + "#" + base
	}
	if member != "" {
		id += "$" + member
	}
	return id
}

func (m *idlModel) addShape(r resolver, s *idlShape) error {
	id := r.f.namespace + "#" + s.name
	cs := &codegen.Shape{ID: id, Type: s.typ, Traits: codegen.Traits{}}
	m.Shapes[id] = cs
	m.file[id] = r.f.name
	if err := m.setTraits(r, id, cs.Traits, s.traits); err != nil {
		return err
	}
	for _, im := range s.members {
		cm := &codegen.Member{Name: im.name, Target: r.resolve(im.target), Traits: codegen.Traits{}}
		if err := m.setTraits(r, "", cm.Traits, im.traits); err != nil {
			return err
		}
		switch s.typ {
		case "enum", "intEnum":
			cm.Target = "smithy.api#Unit"
			v := im.value
			if !im.hasVal {
				if s.typ == "intEnum" {
					return fmt.Errorf("intEnum %s: member %s has no value", s.name, im.name)
				}
				v = im.name
			}
			setTrait(cm.Traits, "smithy.api#enumValue", v)
		default:
			if im.hasVal {
				setTrait(cm.Traits, "smithy.api#default", im.value)
			}
		}
		switch {
		case (s.typ == "list" || s.typ == "set") && im.name == "member":
			cs.Member = cm
		case s.typ == "map" && im.name == "key":
			cs.Key = cm
		case s.typ == "map" && im.name == "value":
			cs.Value = cm
		case s.typ == "list" || s.typ == "set" || s.typ == "map":
			return fmt.Errorf("%s %s has no member named %s", s.typ, s.name, im.name)
		default:
			cs.Members = append(cs.Members, cm)
		}
	}
	ids := func(key string) ([]string, error) {
		v, ok := s.body[key]
		if !ok {
			return nil, nil
		}
		arr, ok := v.([]any)
		if !ok {
			return nil, fmt.Errorf("%s %s: %s is not a list", s.typ, s.name, key)
		}
		var out []string
		for _, e := range arr {
			name, ok := e.(string)
			if !ok {
				return nil, fmt.Errorf("%s %s: %s holds a value that is not a shape id", s.typ, s.name, key)
			}
			out = append(out, r.resolve(name))
		}
		return out, nil
	}
	var err error
	for k, v := range s.body {
		switch k {
		case "input", "output":
			name, ok := v.(string)
			if !ok {
				return fmt.Errorf("operation %s: inline %s structures are not supported", s.name, k)
			}
			if k == "input" {
				cs.Input = r.resolve(name)
			} else {
				cs.Output = r.resolve(name)
			}
		case "version":
			cs.Version, _ = v.(string)
		case "errors":
			cs.Errors, err = ids(k)
		case "operations":
			cs.Operations, err = ids(k)
		default:
			return fmt.Errorf("%s %s: property %s is not supported", s.typ, s.name, k)
		}
		if err != nil {
			return err
		}
	}
	return nil
}

// setTraits resolves the names of traits and sets them in tr. A list
// trait applied again is appended to, as Smithy merges them; any other
// trait applied twice is an error. The traits of shape id (not of
// members) are also kept as node values in m.traits.
func (m *idlModel) setTraits(r resolver, id string, tr codegen.Traits, traits []idlTrait) error {
	for _, t := range traits {
		name := r.resolve(t.name)
		value := t.value
		if id != "" {
			if m.traits[id] == nil {
				m.traits[id] = map[string]any{}
			}
			if prev, ok := m.traits[id][name]; ok {
				a, aok := prev.([]any)
				b, bok := value.([]any)
				if !aok || !bok {
					return fmt.Errorf("trait %s applied twice", name)
				}
				value = append(slices.Clip(a), b...)
			}
			m.traits[id][name] = value
		} else if tr.Has(name) {
			return fmt.Errorf("trait %s applied twice", name)
		}
		setTrait(tr, name, value)
	}
	return nil
}
