package xmldec

import (
	"fmt"
	"reflect"

	"github.com/nimbus-sdk/nimbus/internal/protocol"
)

// MaxDepth bounds the nesting of structures the decoder follows, so a
// hostile document cannot exhaust the stack.
const MaxDepth = 256

// Decoder decodes XML elements into generated Go values following their
// [protocol] plans. Set R with [NewReader]; the zero scratch state is
// ready to use.
type Decoder struct {
	R       Reader
	scratch []byte
	depth   int
}

// Structure decodes the children (and attributes) of the element whose
// start tag start was just read into the struct value v.
func (d *Decoder) Structure(sp *protocol.Struct, v reflect.Value, start Token) error {
	if d.depth++; d.depth > MaxDepth {
		return fmt.Errorf("xml: structure nesting deeper than %d", MaxDepth)
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
		t, ok, err := d.R.NextElement()
		if err != nil || !ok {
			return err
		}
		m := sp.MemberByXMLName(string(t.Name))
		if m == nil || m.XMLAttribute {
			if err := d.R.Skip(); err != nil {
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
func (d *Decoder) member(m *protocol.Member, fv reflect.Value, start Token) error {
	if m.XMLFlattened {
		switch m.Kind {
		case protocol.KindList:
			if fv.IsNil() {
				fv.Set(reflect.MakeSlice(fv.Type(), 0, 4))
			}
			n := fv.Len()
			fv.Set(reflect.Append(fv, reflect.Zero(fv.Type().Elem())))
			return d.Value(m.Elem, fv.Index(n), start)
		case protocol.KindMap:
			if fv.IsNil() {
				fv.Set(reflect.MakeMap(fv.Type()))
			}
			return d.entry(&m.Value, fv)
		}
	}
	return d.Value(&m.Value, fv, start)
}

// Value decodes the element whose start tag was just read into the
// settable position fv of plan pv.
func (d *Decoder) Value(pv *protocol.Value, fv reflect.Value, start Token) error {
	switch pv.Kind {
	case protocol.KindStruct:
		return d.Structure(pv.Struct, protocol.Settable(fv, pv), start)
	case protocol.KindList:
		list := fv
		if list.IsNil() {
			list = reflect.MakeSlice(fv.Type(), 0, 4)
		}
		for {
			t, ok, err := d.R.NextElement()
			if err != nil {
				return err
			}
			if !ok {
				break
			}
			n := list.Len()
			list = reflect.Append(list, reflect.Zero(list.Type().Elem()))
			if err := d.Value(pv.Elem, list.Index(n), t); err != nil {
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
			_, ok, err := d.R.NextElement()
			if err != nil || !ok {
				return err
			}
			if err := d.entry(pv, fv); err != nil {
				return err
			}
		}
	case protocol.KindUnion:
		for {
			t, ok, err := d.R.NextElement()
			if err != nil || !ok {
				return err
			}
			uv := protocol.UnionVariantByName(pv.Type, string(t.Name))
			if uv == nil {
				// Unknown member: keep the raw tag so callers can see it.
				if err := d.R.Skip(); err != nil {
					return err
				}
				if fv.IsNil() && reflect.TypeFor[*protocol.UnknownUnionMember]().Implements(pv.Type) {
					fv.Set(reflect.ValueOf(&protocol.UnknownUnionMember{Tag: string(t.Name)}))
				}
				continue
			}
			iv, field := uv.NewUnionValue()
			if err := d.Value(&uv.Value.Value, field, t); err != nil {
				return err
			}
			fv.Set(iv)
		}
	case protocol.KindStream:
		return fmt.Errorf("xml: streaming member outside the payload")
	default:
		text, err := d.R.Text(d.scratch)
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
func (d *Decoder) entry(pv *protocol.Value, mv reflect.Value) error {
	var key string
	hasKey := false
	ev := reflect.New(mv.Type().Elem()).Elem()
	for {
		t, ok, err := d.R.NextElement()
		if err != nil {
			return err
		}
		if !ok {
			break
		}
		switch string(t.Name) {
		case pv.Key.XMLName:
			text, err := d.R.Text(d.scratch)
			if err != nil {
				return err
			}
			key, hasKey = string(text), true
		case pv.Elem.XMLName:
			if err := d.Value(pv.Elem, ev, t); err != nil {
				return err
			}
		default:
			if err := d.R.Skip(); err != nil {
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
