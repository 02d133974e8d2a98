package restxml

import (
	"fmt"
	"reflect"
	"unicode/utf8"

	"github.com/nimbus-sdk/nimbus/internal/protocol"
)

// The encoder writes XML by hand into a pooled buffer, walking the cached
// plan of each Go type; it never uses encoding/xml.

type encoder struct {
	b       []byte
	scratch []byte
	depth   int
}

const maxDepth = 256

// appendEscapedText appends s escaped for element content or (attr)
// attribute values. Besides the markup characters it escapes CR, LF and
// TAB as character references so they survive XML line-ending
// normalization, and replaces invalid UTF-8 with U+FFFD.
func appendEscapedText[T string | []byte](b []byte, s T, attr bool) []byte {
	last := 0
	for i := 0; i < len(s); {
		c := s[i]
		var esc string
		width := 1
		switch c {
		case '<':
			esc = "&lt;"
		case '>':
			esc = "&gt;"
		case '&':
			esc = "&amp;"
		case '"':
			if attr {
				esc = "&quot;"
			}
		case '\'':
			if attr {
				esc = "&apos;"
			}
		case '\r':
			esc = "&#xD;"
		case '\n':
			esc = "&#xA;"
		case '\t':
			if attr {
				esc = "&#x9;"
			}
		default:
			if c >= utf8.RuneSelf {
				r, w := utf8.DecodeRuneInString(string(s[i:min(i+utf8.UTFMax, len(s))]))
				width = w
				if r == utf8.RuneError && w == 1 {
					esc = "\uFFFD"
				}
			} else if c < 0x20 {
				esc = "\uFFFD"
			}
		}
		if esc != "" {
			b = append(b, s[last:i]...)
			b = append(b, esc...)
			last = i + width
		}
		i += width
	}
	return append(b, s[last:]...)
}

func (e *encoder) openTag(name string, ns protocol.Namespace) {
	e.b = append(e.b, '<')
	e.b = append(e.b, name...)
	e.writeNS(ns)
}

func (e *encoder) writeNS(ns protocol.Namespace) {
	if ns.URI == "" {
		return
	}
	e.b = append(e.b, " xmlns"...)
	if ns.Prefix != "" {
		e.b = append(e.b, ':')
		e.b = append(e.b, ns.Prefix...)
	}
	e.b = append(e.b, `="`...)
	e.b = appendEscapedText(e.b, ns.URI, true)
	e.b = append(e.b, '"')
}

func (e *encoder) closeTag(name string) {
	e.b = append(e.b, "</"...)
	e.b = append(e.b, name...)
	e.b = append(e.b, '>')
}

// structure writes v (a struct value) as element name.
func (e *encoder) structure(sp *protocol.Struct, v reflect.Value, name string, ns protocol.Namespace) error {
	if e.depth++; e.depth > maxDepth {
		return fmt.Errorf("restxml: structure nesting deeper than %d", maxDepth)
	}
	defer func() { e.depth-- }()
	e.openTag(name, ns)
	if sp.HasAttributes {
		for _, m := range sp.Members {
			if m.Location != protocol.LocBody || !m.XMLAttribute {
				continue
			}
			fv, ok := m.Get(v)
			if !ok {
				continue
			}
			e.b = append(e.b, ' ')
			e.b = append(e.b, m.XMLName...)
			e.b = append(e.b, `="`...)
			e.scratch = protocol.AppendScalar(e.scratch[:0], fv, m.Kind, m.TimestampFormat, protocol.DateTime)
			e.b = appendEscapedText(e.b, e.scratch, true)
			e.b = append(e.b, '"')
		}
	}
	e.b = append(e.b, '>')
	if err := e.members(sp, v); err != nil {
		return err
	}
	e.closeTag(name)
	return nil
}

// members writes the body members of v, excluding attributes.
func (e *encoder) members(sp *protocol.Struct, v reflect.Value) error {
	for _, m := range sp.Members {
		if m.Location != protocol.LocBody || m.XMLAttribute {
			continue
		}
		fv, ok := m.Get(v)
		if !ok {
			continue
		}
		if m.XMLFlattened && (m.Kind == protocol.KindList || m.Kind == protocol.KindMap) {
			if err := e.flattened(m, fv); err != nil {
				return err
			}
			continue
		}
		if err := e.value(&m.Value, fv, m.XMLName, m.XMLNamespace); err != nil {
			return fmt.Errorf("%s: %w", m.Name, err)
		}
	}
	return nil
}

// value writes the set (dereferenced) value v of plan pv as element name.
func (e *encoder) value(pv *protocol.Value, v reflect.Value, name string, ns protocol.Namespace) error {
	switch pv.Kind {
	case protocol.KindStruct:
		if ns.URI == "" {
			ns = pv.Struct.XMLNamespace
		}
		return e.structure(pv.Struct, v, name, ns)
	case protocol.KindList:
		e.openTag(name, ns)
		e.b = append(e.b, '>')
		for i := range v.Len() {
			ev, ok := protocol.Indirect(v.Index(i))
			if !ok {
				continue
			}
			if err := e.value(pv.Elem, ev, pv.Elem.XMLName, pv.Elem.XMLNamespace); err != nil {
				return err
			}
		}
		e.closeTag(name)
	case protocol.KindMap:
		e.openTag(name, ns)
		e.b = append(e.b, '>')
		for _, k := range sortedKeys(v) {
			e.b = append(e.b, "<entry>"...)
			if err := e.entry(pv, k, v.MapIndex(k)); err != nil {
				return err
			}
			e.b = append(e.b, "</entry>"...)
		}
		e.closeTag(name)
	case protocol.KindUnion:
		uv, fv := protocol.UnionVariantOf(pv.Type, v)
		if uv == nil {
			return fmt.Errorf("restxml: unregistered union variant %v", v.Elem().Type())
		}
		e.openTag(name, ns)
		e.b = append(e.b, '>')
		if inner, ok := protocol.Indirect(fv); ok {
			m := uv.Value
			if err := e.value(&m.Value, inner, m.XMLName, m.XMLNamespace); err != nil {
				return err
			}
		}
		e.closeTag(name)
	case protocol.KindStream:
		return fmt.Errorf("restxml: streaming member %s outside the payload", name)
	default:
		e.openTag(name, ns)
		e.b = append(e.b, '>')
		e.scratch = protocol.AppendScalar(e.scratch[:0], v, pv.Kind, pv.TimestampFormat, protocol.DateTime)
		e.b = appendEscapedText(e.b, e.scratch, false)
		e.closeTag(name)
	}
	return nil
}

// entry writes the key and value elements of one map entry.
func (e *encoder) entry(pv *protocol.Value, k, mv reflect.Value) error {
	e.openTag(pv.Key.XMLName, pv.Key.XMLNamespace)
	e.b = append(e.b, '>')
	e.b = appendEscapedText(e.b, k.String(), false)
	e.closeTag(pv.Key.XMLName)
	if ev, ok := protocol.Indirect(mv); ok {
		return e.value(pv.Elem, ev, pv.Elem.XMLName, pv.Elem.XMLNamespace)
	}
	return nil
}

// flattened writes a flattened list or map member: one element named
// after the member per list item or map entry.
func (e *encoder) flattened(m *protocol.Member, v reflect.Value) error {
	if m.Kind == protocol.KindMap {
		for _, k := range sortedKeys(v) {
			e.openTag(m.XMLName, m.XMLNamespace)
			e.b = append(e.b, '>')
			if err := e.entry(&m.Value, k, v.MapIndex(k)); err != nil {
				return err
			}
			e.closeTag(m.XMLName)
		}
		return nil
	}
	ns := m.Elem.XMLNamespace
	if ns.URI == "" {
		ns = m.XMLNamespace
	}
	for i := range v.Len() {
		ev, ok := protocol.Indirect(v.Index(i))
		if !ok {
			continue
		}
		if err := e.value(m.Elem, ev, m.XMLName, ns); err != nil {
			return err
		}
	}
	return nil
}

func sortedKeys(m reflect.Value) []reflect.Value {
	keys := m.MapKeys()
	for i := 1; i < len(keys); i++ {
		for j := i; j > 0 && keys[j].String() < keys[j-1].String(); j-- {
			keys[j], keys[j-1] = keys[j-1], keys[j]
		}
	}
	return keys
}
