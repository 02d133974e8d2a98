package main

import (
	"bytes"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"unicode"

	"github.com/nimbus-sdk/nimbus/internal/codegen"
)

// This file reads the Smithy IDL (.smithy files) the protocol tests are
// written in, into the codegen.Model the service generator reads from
// JSON AST, so that the IDL form of the tests needs no Smithy CLI.
//
// It reads the subset of IDL 2.0 (and 1.0) the protocol-test models use:
// control statements, metadata, namespace and use statements, shape
// statements of every type with their traits, mixins (with [...]),
// member defaults (= value), elided member targets ($name), enum and
// intEnum values, operations with inline input and output (:=), apply
// statements (single and block), and every node value form (objects,
// arrays, strings, text blocks, numbers, keywords and shape IDs).
// Documentation comments are dropped. Shape IDs are resolved as the
// specification says: absolute IDs as written, then names brought in by
// use statements, then shapes of the file's namespace, then the prelude.

// idlRef is a shape ID as written, with what resolves it.
type idlRef struct {
	name string
	ns   string
	uses map[string]string // shape name -> absolute ID
}

// idlTrait is a trait application before its ID is resolved.
type idlTrait struct {
	ref   idlRef
	value any // a node value
}

// idlMember is a member before its target is resolved.
type idlMember struct {
	name   string
	target *idlRef // nil: elided, or an enum member
	traits []idlTrait
}

// idlShape is a shape statement before its references are resolved.
type idlShape struct {
	id      string
	typ     string
	traits  []idlTrait
	mixins  []idlRef
	members []*idlMember
	// props are the properties of services, operations and resources
	// (version, operations, input, output, errors...).
	props map[string]any
	refs  map[string]idlRef // property value shape IDs, resolved later
	lists map[string][]idlRef
}

// idlFile is the state of one file being parsed.
type idlFile struct {
	path string
	src  []rune
	pos  int
	ns   string
	uses map[string]string
}

// idlParser collects the shapes of every file.
type idlParser struct {
	shapes  map[string]*idlShape
	order   []string
	applies []struct {
		target string // as written, resolved with ref
		ref    idlRef
		trait  idlTrait
	}
}

// parseIDL reads every .smithy file in paths (files or directories) and
// returns the model.
func parseIDL(paths []string) (*codegen.Model, error) {
	p := &idlParser{shapes: map[string]*idlShape{}}
	for _, path := range paths {
		files := []string{path}
		if st, err := os.Stat(path); err == nil && st.IsDir() {
			files, _ = filepath.Glob(filepath.Join(path, "*.smithy"))
			slices.Sort(files)
		}
		for _, f := range files {
			src, err := os.ReadFile(f)
			if err != nil {
				return nil, err
			}
			file := &idlFile{path: f, src: []rune(string(src)), uses: map[string]string{}}
			if err := p.parseFile(file); err != nil {
				return nil, err
			}
		}
	}
	return p.model()
}

type idlError struct {
	file string
	line int
	msg  string
}

func (e *idlError) Error() string { return fmt.Sprintf("%s:%d: %s", e.file, e.line, e.msg) }

func (f *idlFile) errorf(format string, args ...any) error {
	line := 1 + strings.Count(string(f.src[:min(f.pos, len(f.src))]), "\n")
	return &idlError{file: f.path, line: line, msg: fmt.Sprintf(format, args...)}
}

// skipSpace skips white space, commas and comments.
func (f *idlFile) skipSpace() {
	for f.pos < len(f.src) {
		c := f.src[f.pos]
		switch {
		case c == ',' || unicode.IsSpace(c):
			f.pos++
		case c == '/' && f.pos+1 < len(f.src) && f.src[f.pos+1] == '/':
			for f.pos < len(f.src) && f.src[f.pos] != '\n' {
				f.pos++
			}
		default:
			return
		}
	}
}

func (f *idlFile) peek() rune {
	f.skipSpace()
	if f.pos < len(f.src) {
		return f.src[f.pos]
	}
	return 0
}

func (f *idlFile) eat(c rune) bool {
	if f.peek() == c {
		f.pos++
		return true
	}
	return false
}

func (f *idlFile) expect(c rune) error {
	if !f.eat(c) {
		return f.errorf("expected %q, found %q", c, f.peek())
	}
	return nil
}

func isIdentRune(c rune) bool {
	return c == '_' || c == '.' || c == '#' || c == '$' || unicode.IsLetter(c) || unicode.IsDigit(c)
}

// ident reads an identifier or shape ID (letters, digits, '_', '.', '#',
// '$').
func (f *idlFile) ident() (string, error) {
	f.skipSpace()
	start := f.pos
	for f.pos < len(f.src) && isIdentRune(f.src[f.pos]) {
		f.pos++
	}
	if start == f.pos {
		return "", f.errorf("expected an identifier, found %q", f.peek())
	}
	return string(f.src[start:f.pos]), nil
}

// peekIdent returns the identifier that comes next without reading it.
func (f *idlFile) peekIdent() string {
	save := f.pos
	s, _ := f.ident()
	f.pos = save
	return s
}

func (p *idlParser) parseFile(f *idlFile) error {
	for {
		c := f.peek()
		switch {
		case c == 0:
			return nil
		case c == '$':
			// A control statement: $version: "2.0".
			if _, err := f.ident(); err != nil {
				return err
			}
			if err := f.expect(':'); err != nil {
				return err
			}
			if _, err := f.node(); err != nil {
				return err
			}
			continue
		}
		word := f.peekIdent()
		switch word {
		case "metadata":
			f.ident()
			if _, err := f.nodeKey(); err != nil {
				return err
			}
			if err := f.expect('='); err != nil {
				return err
			}
			if _, err := f.node(); err != nil {
				return err
			}
		case "namespace":
			f.ident()
			ns, err := f.ident()
			if err != nil {
				return err
			}
			f.ns, f.uses = ns, map[string]string{}
		case "use":
			f.ident()
			id, err := f.ident()
			if err != nil {
				return err
			}
			f.uses[shortName(id)] = id
		case "apply":
			f.ident()
			target, err := f.ident()
			if err != nil {
				return err
			}
			var traits []idlTrait
			if f.eat('{') {
				for !f.eat('}') {
					t, err := f.trait()
					if err != nil {
						return err
					}
					traits = append(traits, t)
				}
			} else {
				t, err := f.trait()
				if err != nil {
					return err
				}
				traits = append(traits, t)
			}
			for _, t := range traits {
				p.applies = append(p.applies, struct {
					target string
					ref    idlRef
					trait  idlTrait
				}{target, f.ref(target), t})
			}
		default:
			if err := p.shapeStatement(f); err != nil {
				return err
			}
		}
	}
}

// shortName returns the name part of a shape ID.
func shortName(id string) string {
	if _, n, ok := strings.Cut(id, "#"); ok {
		return n
	}
	return id
}

func (f *idlFile) ref(name string) idlRef { return idlRef{name: name, ns: f.ns, uses: f.uses} }

// traits reads the traits that come next.
func (f *idlFile) traits() ([]idlTrait, error) {
	var out []idlTrait
	for f.peek() == '@' {
		t, err := f.trait()
		if err != nil {
			return nil, err
		}
		out = append(out, t)
	}
	return out, nil
}

// trait reads @id, @id(value) or @id(key: value, ...).
func (f *idlFile) trait() (idlTrait, error) {
	if err := f.expect('@'); err != nil {
		return idlTrait{}, err
	}
	id, err := f.ident()
	if err != nil {
		return idlTrait{}, err
	}
	t := idlTrait{ref: f.ref(id), value: map[string]any{}}
	if f.pos >= len(f.src) || f.src[f.pos] != '(' {
		return t, nil
	}
	f.pos++
	if f.eat(')') {
		return t, nil
	}
	// A structured body (key: value ...) or a single node value.
	save := f.pos
	if _, err := f.nodeKey(); err == nil && f.peek() == ':' {
		f.pos = save
		obj := map[string]any{}
		for !f.eat(')') {
			k, err := f.nodeKey()
			if err != nil {
				return t, err
			}
			if err := f.expect(':'); err != nil {
				return t, err
			}
			v, err := f.node()
			if err != nil {
				return t, err
			}
			obj[k] = v
		}
		t.value = obj
		return t, nil
	}
	f.pos = save
	v, err := f.node()
	if err != nil {
		return t, err
	}
	t.value = v
	return t, f.expect(')')
}

// nodeKey reads an object key: an identifier or a string.
func (f *idlFile) nodeKey() (string, error) {
	if f.peek() == '"' {
		return f.str()
	}
	return f.ident()
}

// node reads a node value.
func (f *idlFile) node() (any, error) {
	switch c := f.peek(); {
	case c == '{':
		f.pos++
		obj := map[string]any{}
		for !f.eat('}') {
			k, err := f.nodeKey()
			if err != nil {
				return nil, err
			}
			if err := f.expect(':'); err != nil {
				return nil, err
			}
			v, err := f.node()
			if err != nil {
				return nil, err
			}
			obj[k] = v
		}
		return obj, nil
	case c == '[':
		f.pos++
		arr := []any{}
		for !f.eat(']') {
			v, err := f.node()
			if err != nil {
				return nil, err
			}
			arr = append(arr, v)
		}
		return arr, nil
	case c == '"':
		return f.str()
	case c == '-' || unicode.IsDigit(c):
		start := f.pos
		f.pos++
		for f.pos < len(f.src) && strings.ContainsRune("0123456789.eE+-", f.src[f.pos]) {
			f.pos++
		}
		return json.Number(string(f.src[start:f.pos])), nil
	}
	id, err := f.ident()
	if err != nil {
		return nil, err
	}
	switch id {
	case "true":
		return true, nil
	case "false":
		return false, nil
	case "null":
		return nil, nil
	}
	return id, nil // a shape ID, as a string
}

// str reads a string or a text block.
func (f *idlFile) str() (string, error) {
	f.skipSpace()
	if strings.HasPrefix(string(f.src[f.pos:min(f.pos+3, len(f.src))]), `"""`) {
		return f.textBlock()
	}
	f.pos++ // the opening quote
	var b strings.Builder
	for f.pos < len(f.src) {
		c := f.src[f.pos]
		f.pos++
		switch c {
		case '"':
			return b.String(), nil
		case '\\':
			if f.pos >= len(f.src) {
				return "", f.errorf("unterminated string")
			}
			e := f.src[f.pos]
			f.pos++
			switch e {
			case 'n':
				b.WriteRune('\n')
			case 't':
				b.WriteRune('\t')
			case 'r':
				b.WriteRune('\r')
			case 'b':
				b.WriteRune('\b')
			case 'f':
				b.WriteRune('\f')
			case 'u':
				if f.pos+4 > len(f.src) {
					return "", f.errorf("short \\u escape")
				}
				n, err := strconv.ParseUint(string(f.src[f.pos:f.pos+4]), 16, 32)
				if err != nil {
					return "", f.errorf("bad \\u escape")
				}
				b.WriteRune(rune(n))
				f.pos += 4
			case '\n':
				// A line continuation.
			default:
				b.WriteRune(e)
			}
		default:
			b.WriteRune(c)
		}
	}
	return "", f.errorf("unterminated string")
}

// textBlock reads a """ text block, removing the incidental indentation
// as the specification describes.
func (f *idlFile) textBlock() (string, error) {
	f.pos += 3
	start := f.pos
	for f.pos+2 < len(f.src) && !(f.src[f.pos] == '"' && f.src[f.pos+1] == '"' && f.src[f.pos+2] == '"' && f.src[f.pos-1] != '\\') {
		f.pos++
	}
	if f.pos+2 >= len(f.src) {
		return "", f.errorf("unterminated text block")
	}
	raw := string(f.src[start:f.pos])
	f.pos += 3
	lines := strings.Split(strings.TrimPrefix(raw, "\n"), "\n")
	indent := -1
	for i, l := range lines {
		if strings.TrimSpace(l) == "" && i != len(lines)-1 {
			continue
		}
		n := len(l) - len(strings.TrimLeft(l, " "))
		if indent < 0 || n < indent {
			indent = n
		}
	}
	for i, l := range lines {
		if indent > 0 && len(l) >= indent {
			l = l[indent:]
		}
		lines[i] = strings.TrimRight(l, " ")
	}
	return strings.Join(lines, "\n"), nil
}

var simpleTypes = map[string]bool{
	"blob": true, "boolean": true, "document": true, "string": true, "byte": true, "short": true,
	"integer": true, "long": true, "float": true, "double": true, "bigInteger": true,
	"bigDecimal": true, "timestamp": true,
}

// shapeStatement reads traits and a shape.
func (p *idlParser) shapeStatement(f *idlFile) error {
	traits, err := f.traits()
	if err != nil {
		return err
	}
	typ, err := f.ident()
	if err != nil {
		return err
	}
	name, err := f.ident()
	if err != nil {
		return err
	}
	s := &idlShape{id: f.ns + "#" + name, typ: typ, traits: traits}
	if err := p.shapeBody(f, s); err != nil {
		return err
	}
	p.add(s)
	return nil
}

func (p *idlParser) add(s *idlShape) {
	if _, dup := p.shapes[s.id]; !dup {
		p.order = append(p.order, s.id)
	}
	p.shapes[s.id] = s
}

// shapeBody reads what follows a shape's name: mixins, then members or
// properties.
func (p *idlParser) shapeBody(f *idlFile, s *idlShape) error {
	if f.peekIdent() == "for" { // structure X for Resource
		f.ident()
		if _, err := f.ident(); err != nil {
			return err
		}
	}
	if f.peekIdent() == "with" {
		f.ident()
		if err := f.expect('['); err != nil {
			return err
		}
		for !f.eat(']') {
			id, err := f.ident()
			if err != nil {
				return err
			}
			s.mixins = append(s.mixins, f.ref(id))
		}
	}
	switch {
	case simpleTypes[s.typ]:
		return nil
	case s.typ == "service" || s.typ == "operation" || s.typ == "resource":
		return p.properties(f, s)
	}
	if err := f.expect('{'); err != nil {
		return err
	}
	for !f.eat('}') {
		traits, err := f.traits()
		if err != nil {
			return err
		}
		m := &idlMember{traits: traits}
		name, err := f.ident()
		if err != nil {
			return err
		}
		switch {
		case strings.HasPrefix(name, "$"):
			m.name = name[1:] // target elided: from a mixin or resource
		case s.typ == "enum" || s.typ == "intEnum":
			m.name = name
		default:
			m.name = name
			if err := f.expect(':'); err != nil {
				return err
			}
			target, err := f.ident()
			if err != nil {
				return err
			}
			r := f.ref(target)
			m.target = &r
		}
		if f.eat('=') {
			v, err := f.node()
			if err != nil {
				return err
			}
			id := "smithy.api#default"
			if s.typ == "enum" || s.typ == "intEnum" {
				id = "smithy.api#enumValue"
			}
			m.traits = append(m.traits, idlTrait{ref: idlRef{name: id}, value: v})
		}
		s.members = append(s.members, m)
	}
	return nil
}

// properties reads the body of a service, operation or resource.
func (p *idlParser) properties(f *idlFile, s *idlShape) error {
	s.props, s.refs, s.lists = map[string]any{}, map[string]idlRef{}, map[string][]idlRef{}
	if err := f.expect('{'); err != nil {
		return err
	}
	for !f.eat('}') {
		key, err := f.ident()
		if err != nil {
			return err
		}
		if f.pos+1 < len(f.src) && f.peek() == ':' && f.src[f.pos+1] == '=' {
			// Inline input or output: key := [traits] [with [...]] { ... }.
			f.pos += 2
			traits, err := f.traits()
			if err != nil {
				return err
			}
			suffix := "Input"
			if key == "output" {
				suffix = "Output"
				traits = append(traits, idlTrait{ref: idlRef{name: "smithy.api#output"}, value: map[string]any{}})
			} else {
				traits = append(traits, idlTrait{ref: idlRef{name: "smithy.api#input"}, value: map[string]any{}})
			}
			inline := &idlShape{id: s.id + suffix, typ: "structure", traits: traits}
			if err := p.shapeBody(f, inline); err != nil {
				return err
			}
			p.add(inline)
			s.refs[key] = idlRef{name: inline.id}
			continue
		}
		if err := f.expect(':'); err != nil {
			return err
		}
		v, err := f.node()
		if err != nil {
			return err
		}
		switch x := v.(type) {
		case string:
			s.refs[key] = f.ref(x)
		case []any:
			for _, e := range x {
				if id, ok := e.(string); ok {
					s.lists[key] = append(s.lists[key], f.ref(id))
				}
			}
		default:
			s.props[key] = v
		}
	}
	return nil
}

// resolve returns the absolute shape ID of r.
func (p *idlParser) resolve(r idlRef) string {
	switch {
	case strings.Contains(r.name, "#"):
		return r.name
	case r.uses[r.name] != "":
		return r.uses[r.name]
	}
	if _, ok := p.shapes[r.ns+"#"+r.name]; ok {
		return r.ns + "#" + r.name
	}
	return "smithy.api#" + r.name
}

// resolveMember resolves "Shape$member" targets of apply statements.
func (p *idlParser) resolveMember(r idlRef) (shape, member string) {
	name, member, _ := strings.Cut(r.name, "$")
	r.name = name
	return p.resolve(r), member
}

// traitsJSON resolves trait IDs and turns the values into JSON. A list
// trait applied twice (on the shape and by an apply statement) holds the
// elements of both, as the specification merges them.
func (p *idlParser) traitsJSON(traits []idlTrait, into codegen.Traits) error {
	for _, t := range traits {
		id := p.resolve(t.ref)
		v := t.value
		if prev, ok := into[id]; ok {
			var old []any
			dec := json.NewDecoder(bytes.NewReader(prev))
			dec.UseNumber()
			if list, isList := v.([]any); isList && dec.Decode(&old) == nil {
				v = append(old, list...)
			}
		}
		raw, err := json.Marshal(v)
		if err != nil {
			return fmt.Errorf("trait %s: %v", id, err)
		}
		into[id] = raw
	}
	return nil
}

// model resolves every reference, applies mixins and apply statements,
// and returns the model.
func (p *idlParser) model() (*codegen.Model, error) {
	m := &codegen.Model{Shapes: map[string]*codegen.Shape{}}
	var build func(id string, stack []string) (*codegen.Shape, error)
	build = func(id string, stack []string) (*codegen.Shape, error) {
		if s, ok := m.Shapes[id]; ok {
			return s, nil
		}
		if slices.Contains(stack, id) {
			return nil, fmt.Errorf("mixin cycle at %s", id)
		}
		is := p.shapes[id]
		s := &codegen.Shape{ID: id, Type: is.typ, Traits: codegen.Traits{}}
		// Mixins first: their members come before the shape's own, and
		// their traits (but @mixin itself) apply to the shape.
		for _, mr := range is.mixins {
			mid := p.resolve(mr)
			if p.shapes[mid] == nil {
				return nil, fmt.Errorf("%s: unknown mixin %s", id, mid)
			}
			mix, err := build(mid, append(stack, id))
			if err != nil {
				return nil, err
			}
			for k, v := range mix.Traits {
				if k != "smithy.api#mixin" {
					s.Traits[k] = v
				}
			}
			for _, mm := range mix.Members {
				s.Members = append(s.Members, &codegen.Member{Name: mm.Name, Target: mm.Target, Traits: copyTraits(mm.Traits)})
			}
			if mix.Member != nil {
				s.Member = mix.Member
			}
			s.Key, s.Value = firstMember(s.Key, mix.Key), firstMember(s.Value, mix.Value)
		}
		if err := p.traitsJSON(is.traits, s.Traits); err != nil {
			return nil, err
		}
		for _, im := range is.members {
			mt := codegen.Traits{}
			if err := p.traitsJSON(im.traits, mt); err != nil {
				return nil, err
			}
			var target string
			switch {
			case im.target != nil:
				target = p.resolve(*im.target)
			case is.typ == "enum":
				target = "smithy.api#Unit"
				if !mt.Has("smithy.api#enumValue") {
					mt["smithy.api#enumValue"], _ = json.Marshal(im.name)
				}
			case is.typ == "intEnum":
				target = "smithy.api#Unit"
			}
			// A member of a mixin is replaced (keeping its target when
			// elided) by one of the same name.
			if i := slices.IndexFunc(s.Members, func(x *codegen.Member) bool { return x.Name == im.name }); i >= 0 {
				old := s.Members[i]
				if target == "" {
					target = old.Target
				}
				for k, v := range old.Traits {
					if _, ok := mt[k]; !ok {
						mt[k] = v
					}
				}
				s.Members = slices.Delete(s.Members, i, i+1)
			}
			if target == "" {
				return nil, fmt.Errorf("%s$%s: target elided without a mixin that has it", id, im.name)
			}
			cm := &codegen.Member{Name: im.name, Target: target, Traits: mt}
			switch {
			case is.typ == "list" || is.typ == "set":
				s.Member = cm
			case is.typ == "map" && im.name == "key":
				s.Key = cm
			case is.typ == "map" && im.name == "value":
				s.Value = cm
			default:
				s.Members = append(s.Members, cm)
			}
		}
		if is.refs != nil {
			s.Input, s.Output = refID(p, is.refs, "input"), refID(p, is.refs, "output")
			s.Version, _ = is.props["version"].(string)
			if v, ok := is.refs["version"]; ok {
				s.Version = v.name
			}
			for _, r := range is.lists["errors"] {
				s.Errors = append(s.Errors, p.resolve(r))
			}
			for _, r := range is.lists["operations"] {
				s.Operations = append(s.Operations, p.resolve(r))
			}
			for _, r := range is.lists["resources"] {
				s.Resources = append(s.Resources, p.resolve(r))
			}
		}
		m.Shapes[id] = s
		return s, nil
	}
	for _, id := range p.order {
		if _, err := build(id, nil); err != nil {
			return nil, err
		}
	}
	for _, a := range p.applies {
		shape, member := p.resolveMember(a.ref)
		s := m.Shapes[shape]
		if s == nil {
			return nil, fmt.Errorf("apply %s: no shape %s", a.target, shape)
		}
		tr := s.Traits
		if member != "" {
			i := slices.IndexFunc(s.Members, func(x *codegen.Member) bool { return x.Name == member })
			if i < 0 {
				return nil, fmt.Errorf("apply %s: no member %s", a.target, member)
			}
			tr = s.Members[i].Traits
		}
		if err := p.traitsJSON([]idlTrait{a.trait}, tr); err != nil {
			return nil, err
		}
	}
	return m, nil
}

func refID(p *idlParser, refs map[string]idlRef, key string) string {
	r, ok := refs[key]
	if !ok {
		return ""
	}
	return p.resolve(r)
}

func firstMember(a, b *codegen.Member) *codegen.Member {
	if a != nil {
		return a
	}
	return b
}

func copyTraits(t codegen.Traits) codegen.Traits {
	out := make(codegen.Traits, len(t))
	for k, v := range t {
		out[k] = v
	}
	return out
}
