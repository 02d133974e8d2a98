package main

import (
	"encoding/json"
	"fmt"
	"strings"
)

// This file and idlmodel.go read the Smithy IDL (2.0) into a
// codegen.Model, as the Smithy CLI would build its JSON AST: shapes with
// their members, targets and traits, relative shape ids resolved through
// the namespace, the use statements and the prelude, mixins copied in,
// and apply statements merged in. They read the subset of the IDL the
// protocol-test models are written in: control and metadata statements
// (skipped), namespace, use, apply (single and block, to shapes and
// members), traits with any node value, simple shapes, enums and
// intEnums, lists, sets, maps, structures, unions, operations (with
// inline input and output) and services, mixins (with [...]) and members
// whose target a mixin gives ($name). Anything else (resources, mixins of
// operations and services) stops gentest with the file and line, rather
// than being read wrongly. Documentation comments are dropped: gentest
// declares the types without docs. idllex.go splits the source into
// tokens; this file parses them into one idlFile per file.

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
	mixins  []string // as written
	members []idlMember
	body    map[string]any // operation and service properties
	line    int
}

type idlMember struct {
	name string
	// target is "" when elided ($name): a mixin's member of that name
	// gives it.
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
	target string // a shape, or a member as Shape$member
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

func (p *idlParser) isWord(s string) bool {
	t := p.peek()
	return t.kind == tIdent && t.text == s
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
			a, err := p.apply()
			if err != nil {
				return nil, err
			}
			f.applies = append(f.applies, a)
		default:
			if err := p.shape(f); err != nil {
				return nil, err
			}
		}
	}
	return f, nil
}

// apply reads what follows "apply": a target and one trait, or a braced
// block of traits.
func (p *idlParser) apply() (idlApply, error) {
	target, err := p.ident()
	if err != nil {
		return idlApply{}, err
	}
	a := idlApply{target: target}
	if !p.isPunct("{") {
		t, err := p.trait()
		a.traits = []idlTrait{t}
		return a, err
	}
	p.next()
	for !p.isPunct("}") {
		if !p.isPunct("@") {
			return a, p.fail(p.peek(), "expected a trait in the apply block, found %q", p.peek().text)
		}
		t, err := p.trait()
		if err != nil {
			return a, err
		}
		a.traits = append(a.traits, t)
	}
	p.next()
	return a, nil
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

// shape reads a shape statement with the traits before it into f (with
// the structures of an operation's inline input and output).
func (p *idlParser) shape(f *idlFile) error {
	traits, err := p.traits()
	if err != nil {
		return err
	}
	kw := p.peek()
	typ, err := p.ident()
	if err != nil {
		return err
	}
	name, err := p.ident()
	if err != nil {
		return err
	}
	s := &idlShape{name: name, typ: typ, traits: traits, line: kw.line}
	if p.isWord("for") {
		return p.fail(p.peek(), "shape %s: resource bindings are not supported", name)
	}
	if s.mixins, err = p.mixins(); err != nil {
		return err
	}
	switch {
	case simpleTypes[typ]:
	case typ == "service" || typ == "operation":
		if len(s.mixins) > 0 {
			return p.fail(kw, "%s %s: mixins of operations and services are not supported", typ, name)
		}
		s.body, err = p.properties(f, s)
	case typ == "structure" || typ == "union" || typ == "list" || typ == "set" || typ == "map" || typ == "enum" || typ == "intEnum":
		s.members, err = p.shapeMembers(typ == "enum" || typ == "intEnum")
	default:
		return p.fail(kw, "unsupported shape type %q", typ)
	}
	f.shapes = append(f.shapes, s)
	return err
}

// mixins reads "with [A B ...]" if it comes next.
func (p *idlParser) mixins() ([]string, error) {
	if !p.isWord("with") {
		return nil, nil
	}
	p.next()
	if err := p.expect("["); err != nil {
		return nil, err
	}
	var out []string
	for !p.isPunct("]") {
		id, err := p.ident()
		if err != nil {
			return nil, err
		}
		out = append(out, id)
	}
	p.next()
	return out, nil
}

// properties reads the braced properties of a service or an operation. An
// inline input or output ("input := [traits] [with [...]] {...}") becomes
// a structure of f named after the operation, OpInput or OpOutput, with
// the @input or @output trait, and the property names it.
func (p *idlParser) properties(f *idlFile, op *idlShape) (map[string]any, error) {
	if err := p.expect("{"); err != nil {
		return nil, err
	}
	body := map[string]any{}
	for !p.isPunct("}") {
		k := p.next()
		if k.kind != tIdent {
			return nil, p.fail(k, "expected a property name, found %q", k.text)
		}
		if err := p.expect(":"); err != nil {
			return nil, err
		}
		if !p.isPunct("=") {
			v, err := p.node()
			if err != nil {
				return nil, err
			}
			body[k.text] = v
			continue
		}
		p.next()
		if k.text != "input" && k.text != "output" {
			return nil, p.fail(k, "%s %s: %s cannot be an inline structure", op.typ, op.name, k.text)
		}
		traits, err := p.traits()
		if err != nil {
			return nil, err
		}
		s := &idlShape{name: op.name + exported(k.text), typ: "structure", line: k.line}
		s.traits = append(traits, idlTrait{"smithy.api#" + k.text, map[string]any{}})
		if s.mixins, err = p.mixins(); err != nil {
			return nil, err
		}
		if s.members, err = p.shapeMembers(false); err != nil {
			return nil, err
		}
		f.shapes = append(f.shapes, s)
		body[k.text] = s.name
	}
	p.next()
	return body, nil
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
		if t := p.peek(); t.kind == tControl && !enum {
			// $name: the target is the mixin's.
			p.next()
			m.name = t.text[1:]
		} else {
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
