package restxml

import (
	"fmt"
	"reflect"

	"github.com/nimbus-sdk/nimbus/internal/protocol"
)

type decoder struct {
	r       xmlReader
	scratch []byte
	depth   int
}

// structure decodes the children (and attributes) of the element whose
// start tag start was just read into the struct value v.
func (d *decoder) structure(sp *protocol.Struct, v reflect.Value, start token) error {
	if d.depth++; d.depth > maxDepth {
		return fmt.Errorf("restxml: structure nesting deeper than %d", maxDepth)
	}
	defer func() { d.depth-- }()
	if sp.HasAttributes && len(start.attrs) > 0 {
		err := eachAttr(start.attrs, func(name, raw []byte) error {
			m := sp.MemberByXMLName(string(name))
			if m == nil || !m.XMLAttribute {
				return nil
			}
			text, err := appendUnescaped(d.scratch[:0], raw)
			if err != nil {
				return err
			}
			d.scratch = text
			return protocol.SetScalar(protocol.Settable(v.Field(m.Index), &m.Value), m.Kind, string(text), m.TimestampFormat, protocol.DateTime)
		})
		if err != nil {
			return err
		}
	}
	for {
		t, ok, err := d.r.nextElement()
		if err != nil || !ok {
			return err
		}
		m := sp.MemberByXMLName(string(t.name))
		if m == nil || m.XMLAttribute {
			if err := d.r.skip(); err != nil {
				return err
			}
			continue
		}
		if err := d.member(m, v.Field(m.Index), t); err != nil {
			return fmt.Errorf("%s: %w", m.Name, err)
		}
	}
}

// member decodes one occurrence of member m's element into field fv.
func (d *decoder) member(m *protocol.Member, fv reflect.Value, start token) error {
	if m.XMLFlattened {
		switch m.Kind {
		case protocol.KindList:
			if fv.IsNil() {
				fv.Set(reflect.MakeSlice(fv.Type(), 0, 4))
			}
			n := fv.Len()
			fv.Set(reflect.Append(fv, reflect.Zero(fv.Type().Elem())))
			return d.value(m.Elem, fv.Index(n), start)
		case protocol.KindMap:
			if fv.IsNil() {
				fv.Set(reflect.MakeMap(fv.Type()))
			}
			return d.entry(&m.Value, fv)
		}
	}
	return d.value(&m.Value, fv, start)
}

// value decodes the element whose start tag was just read into the
// settable position fv of plan pv.
func (d *decoder) value(pv *protocol.Value, fv reflect.Value, start token) error {
	switch pv.Kind {
	case protocol.KindStruct:
		return d.structure(pv.Struct, protocol.Settable(fv, pv), start)
	case protocol.KindList:
		list := fv
		if list.IsNil() {
			list = reflect.MakeSlice(fv.Type(), 0, 4)
		}
		for {
			t, ok, err := d.r.nextElement()
			if err != nil {
				return err
			}
			if !ok {
				break
			}
			n := list.Len()
			list = reflect.Append(list, reflect.Zero(list.Type().Elem()))
			if err := d.value(pv.Elem, list.Index(n), t); err != nil {
				return err
			}
		}
		fv.Set(list)
		return nil
	case protocol.KindMap:
		if fv.IsNil() {
			fv.Set(reflect.MakeMap(fv.Type()))
		}
		for {
			_, ok, err := d.r.nextElement()
			if err != nil || !ok {
				return err
			}
			if err := d.entry(pv, fv); err != nil {
				return err
			}
		}
	case protocol.KindUnion:
		for {
			t, ok, err := d.r.nextElement()
			if err != nil || !ok {
				return err
			}
			uv := protocol.UnionVariantByName(pv.Type, string(t.name))
			if uv == nil {
				// Unknown member: keep the raw tag so callers can see it.
				if err := d.r.skip(); err != nil {
					return err
				}
				if fv.IsNil() && reflect.TypeFor[*protocol.UnknownUnionMember]().Implements(pv.Type) {
					fv.Set(reflect.ValueOf(&protocol.UnknownUnionMember{Tag: string(t.name)}))
				}
				continue
			}
			iv, field := uv.NewUnionValue()
			if err := d.value(&uv.Value.Value, field, t); err != nil {
				return err
			}
			fv.Set(iv)
		}
	case protocol.KindStream:
		return fmt.Errorf("restxml: streaming member outside the payload")
	default:
		text, err := d.r.text(d.scratch)
		if err != nil {
			return err
		}
		if pv.Kind != protocol.KindString && pv.Kind != protocol.KindEnum && pv.Kind != protocol.KindBlob {
			// Numbers, booleans and timestamps tolerate surrounding space.
			text = trimSpace(text)
		}
		if err := protocol.SetScalar(protocol.Settable(fv, pv), pv.Kind, string(text), pv.TimestampFormat, protocol.DateTime); err != nil {
			return err
		}
		return nil
	}
}

// entry decodes the key and value children of a map entry element whose
// start tag was just read, and stores them in the map mv.
func (d *decoder) entry(pv *protocol.Value, mv reflect.Value) error {
	var key string
	hasKey := false
	ev := reflect.New(mv.Type().Elem()).Elem()
	for {
		t, ok, err := d.r.nextElement()
		if err != nil {
			return err
		}
		if !ok {
			break
		}
		switch string(t.name) {
		case pv.Key.XMLName:
			text, err := d.r.text(d.scratch)
			if err != nil {
				return err
			}
			key, hasKey = string(text), true
		case pv.Elem.XMLName:
			if err := d.value(pv.Elem, ev, t); err != nil {
				return err
			}
		default:
			if err := d.r.skip(); err != nil {
				return err
			}
		}
	}
	if hasKey {
		mv.SetMapIndex(reflect.ValueOf(key).Convert(mv.Type().Key()), ev)
	}
	return nil
}

func trimSpace(b []byte) []byte {
	for len(b) > 0 && isSpace(b[0]) {
		b = b[1:]
	}
	for len(b) > 0 && isSpace(b[len(b)-1]) {
		b = b[:len(b)-1]
	}
	return b
}

func isSpace(c byte) bool { return c == ' ' || c == '\t' || c == '\r' || c == '\n' }
