package query

import (
	"fmt"
	"reflect"
	"slices"
	"strconv"

	"github.com/nimbus-sdk/nimbus/internal/protocol"
)

// maxDepth bounds structure nesting on the way out, so a cyclic input
// value fails instead of overflowing the stack.
const maxDepth = 256

// encoder writes form parameters into b. key holds the dotted name of the
// value being written; each level appends to it and truncates it back.
// ec2 selects ec2Query's rules: members are named by their
// EC2QueryName, every list is flattened and an empty list is not sent.
type encoder struct {
	b       []byte
	key     []byte
	scratch []byte
	depth   int
	ec2     bool
}

const hexDigits = "0123456789ABCDEF"

// appendEscaped form-encodes s as application/x-www-form-urlencoded:
// the unreserved characters (ALPHA DIGIT - . _ ~) are kept, a space
// becomes '+', and every other byte is percent-encoded. This is the
// encoding other AWS SDKs send; servers that re-encode the form before
// checking the payload hash (moto does) expect exactly it.
func appendEscaped[T string | []byte](b []byte, s T) []byte {
	for i := range len(s) {
		c := s[i]
		if c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' ||
			c == '-' || c == '.' || c == '_' || c == '~' {
			b = append(b, c)
			continue
		}
		if c == ' ' {
			b = append(b, '+')
			continue
		}
		b = append(b, '%', hexDigits[c>>4], hexDigits[c&15])
	}
	return b
}

// param writes "&key=value" with the current key.
func (e *encoder) param(value []byte) {
	e.b = append(e.b, '&')
	e.b = appendEscaped(e.b, e.key)
	e.b = append(e.b, '=')
	e.b = appendEscaped(e.b, value)
}

// push appends ".name" (or "name" at the top level) to the key and
// returns the length to truncate back to.
func (e *encoder) push(name string) int {
	n := len(e.key)
	if n > 0 {
		e.key = append(e.key, '.')
	}
	e.key = append(e.key, name...)
	return n
}

func (e *encoder) pushIndex(i int) int {
	n := len(e.key)
	e.key = append(e.key, '.')
	e.key = strconv.AppendInt(e.key, int64(i), 10)
	return n
}

// structure writes the set members of the struct value v.
func (e *encoder) structure(sp *protocol.Struct, v reflect.Value) error {
	if e.depth++; e.depth > maxDepth {
		return fmt.Errorf("structure nesting deeper than %d", maxDepth)
	}
	defer func() { e.depth-- }()
	for _, m := range sp.Members {
		fv, ok := m.Get(v)
		if !ok || (!m.Ptr && m.Kind.IsScalar() && fv.IsZero()) {
			// A value-typed scalar at its zero value is indistinguishable
			// from unset and equals its @default, so it is not sent.
			continue
		}
		n := e.push(e.name(m))
		err := e.member(m, fv)
		e.key = e.key[:n]
		if err != nil {
			return fmt.Errorf("%s: %w", m.Name, err)
		}
	}
	return nil
}

// name is the key segment of member m.
func (e *encoder) name(m *protocol.Member) string {
	if e.ec2 {
		return m.EC2QueryName
	}
	return m.XMLName
}

// member writes member m holding the set value fv under the current key.
func (e *encoder) member(m *protocol.Member, fv reflect.Value) error {
	if m.XMLFlattened {
		switch m.Kind {
		case protocol.KindList:
			return e.list(&m.Value, fv, true)
		case protocol.KindMap:
			return e.mapEntries(&m.Value, fv, true)
		}
	}
	return e.value(&m.Value, fv)
}

// value writes the set value fv of plan pv under the current key.
func (e *encoder) value(pv *protocol.Value, fv reflect.Value) error {
	switch pv.Kind {
	case protocol.KindStruct:
		return e.structure(pv.Struct, fv)
	case protocol.KindList:
		return e.list(pv, fv, false)
	case protocol.KindMap:
		return e.mapEntries(pv, fv, false)
	case protocol.KindUnion:
		uv, inner := protocol.UnionVariantOf(pv.Type, fv)
		if uv == nil {
			return fmt.Errorf("unregistered union variant %T", fv.Interface())
		}
		iv, ok := protocol.Indirect(inner)
		if !ok {
			return nil
		}
		n := e.push(e.name(uv.Value))
		err := e.value(&uv.Value.Value, iv)
		e.key = e.key[:n]
		return err
	case protocol.KindStream:
		return fmt.Errorf("streaming members are not supported")
	default:
		e.scratch = protocol.AppendScalar(e.scratch[:0], fv, pv.Kind, pv.TimestampFormat, protocol.DateTime)
		e.param(e.scratch)
		return nil
	}
}

// list writes Key.member.N (Key.N when flattened, as every ec2Query
// list is), N from 1. An empty awsQuery list is written as "Key=" so the
// service can tell it from an unset one; ec2Query sends nothing for it.
func (e *encoder) list(pv *protocol.Value, lv reflect.Value, flattened bool) error {
	if lv.Len() == 0 {
		if !e.ec2 {
			e.param(nil)
		}
		return nil
	}
	n := len(e.key)
	if !flattened && !e.ec2 {
		e.push(pv.Elem.XMLName)
	}
	for i := range lv.Len() {
		if err := e.element(i+1, "", pv.Elem, lv.Index(i)); err != nil {
			return err
		}
	}
	e.key = e.key[:n]
	return nil
}

// element writes the value fv of plan pv, if it is set, under the current
// key followed by index i and name (when not empty).
func (e *encoder) element(i int, name string, pv *protocol.Value, fv reflect.Value) error {
	ev, ok := protocol.Indirect(fv)
	if !ok {
		return nil
	}
	k := e.pushIndex(i)
	if name != "" {
		e.push(name)
	}
	err := e.value(pv, ev)
	e.key = e.key[:k]
	return err
}

// mapEntries writes Key.entry.N.key and Key.entry.N.value (Key.N.key and
// Key.N.value when flattened) in key order, N from 1; the key and value
// names follow the map's xmlName traits. An empty map writes nothing.
func (e *encoder) mapEntries(pv *protocol.Value, mv reflect.Value, flattened bool) error {
	keys := mv.MapKeys()
	slices.SortFunc(keys, func(a, b reflect.Value) int {
		switch as, bs := a.String(), b.String(); {
		case as < bs:
			return -1
		case as > bs:
			return 1
		}
		return 0
	})
	n := len(e.key)
	if !flattened {
		e.push("entry")
	}
	i := 0
	for _, key := range keys {
		ev := mv.MapIndex(key)
		if _, ok := protocol.Indirect(ev); !ok {
			continue
		}
		i++
		k := e.pushIndex(i)
		e.push(pv.Key.XMLName)
		e.scratch = append(e.scratch[:0], key.String()...)
		e.param(e.scratch)
		e.key = e.key[:k]
		if err := e.element(i, pv.Elem.XMLName, pv.Elem, ev); err != nil {
			return err
		}
	}
	e.key = e.key[:n]
	return nil
}
