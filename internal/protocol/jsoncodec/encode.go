package jsoncodec

import (
	"encoding/base64"
	"encoding/json"
	"fmt"
	"math"
	"reflect"
	"slices"
	"strconv"
	"time"
	"unicode/utf8"

	"github.com/nimbus-sdk/nimbus/internal/protocol"
)

// encoder appends JSON to b following member plans.
type encoder struct {
	b     []byte
	names Names
	depth int
}

// AppendStruct appends v, a struct value with plan sp, as a JSON object.
// Unset members (nil pointers, slices, maps and interfaces, and empty
// enum strings) are left out.
func AppendStruct(b []byte, sp *protocol.Struct, v reflect.Value, names Names) ([]byte, error) {
	e := encoder{b: b, names: names}
	err := e.structure(sp, v)
	return e.b, err
}

// AppendValue appends the set value v (pointers already dereferenced) of
// plan pv as JSON.
func AppendValue(b []byte, pv *protocol.Value, v reflect.Value, names Names) ([]byte, error) {
	e := encoder{b: b, names: names}
	err := e.value(pv, v)
	return e.b, err
}

// AppendDocument appends a Smithy document value as JSON. Maps with
// string keys, slices, strings, booleans, numbers and nil are written
// directly; other values go through encoding/json.
func AppendDocument(b []byte, doc any) ([]byte, error) {
	e := encoder{b: b}
	err := e.document(doc)
	return e.b, err
}

func (e *encoder) enter() error {
	if e.depth++; e.depth > maxDepth {
		return errDepth
	}
	return nil
}

func (e *encoder) structure(sp *protocol.Struct, v reflect.Value) error {
	if err := e.enter(); err != nil {
		return err
	}
	defer func() { e.depth-- }()
	si := structInfoOf(sp, e.names)
	e.b = append(e.b, '{')
	n := 0
	for _, f := range si.enc {
		fv, ok := f.m.Get(v)
		if !ok {
			continue
		}
		if n > 0 {
			e.b = append(e.b, ',')
		}
		n++
		e.b = append(e.b, f.prefix...)
		if err := e.value(&f.m.Value, fv); err != nil {
			return errorf(f.m.Name, err)
		}
	}
	e.b = append(e.b, '}')
	return nil
}

// value appends the set value v of plan pv.
func (e *encoder) value(pv *protocol.Value, v reflect.Value) error {
	switch pv.Kind {
	case protocol.KindString, protocol.KindEnum:
		e.b = AppendString(e.b, v.String())
	case protocol.KindBool:
		e.b = strconv.AppendBool(e.b, v.Bool())
	case protocol.KindInt8, protocol.KindInt16, protocol.KindInt32, protocol.KindInt64, protocol.KindIntEnum:
		e.b = strconv.AppendInt(e.b, v.Int(), 10)
	case protocol.KindFloat32:
		e.b = appendFloat(e.b, v.Float(), 32)
	case protocol.KindFloat64:
		e.b = appendFloat(e.b, v.Float(), 64)
	case protocol.KindTimestamp:
		t := v.Interface().(time.Time)
		switch pv.TimestampFormat {
		case protocol.DateTime, protocol.HTTPDate:
			e.b = append(e.b, '"')
			e.b = protocol.AppendTimestamp(e.b, t, pv.TimestampFormat)
			e.b = append(e.b, '"')
		default:
			e.b = protocol.AppendTimestamp(e.b, t, protocol.EpochSeconds)
		}
	case protocol.KindBlob:
		e.b = append(e.b, '"')
		e.b = base64.StdEncoding.AppendEncode(e.b, v.Bytes())
		e.b = append(e.b, '"')
	case protocol.KindList:
		if err := e.enter(); err != nil {
			return err
		}
		e.b = append(e.b, '[')
		for i := range v.Len() {
			if i > 0 {
				e.b = append(e.b, ',')
			}
			ev, ok := protocol.Indirect(v.Index(i))
			if !ok {
				e.b = append(e.b, "null"...)
				continue
			}
			if err := e.value(pv.Elem, ev); err != nil {
				return errorf(strconv.Itoa(i), err)
			}
		}
		e.b = append(e.b, ']')
		e.depth--
	case protocol.KindMap:
		return e.mapValue(pv, v)
	case protocol.KindStruct:
		return e.structure(pv.Struct, v)
	case protocol.KindUnion:
		if isDocument(pv.Type) {
			return e.document(v.Interface())
		}
		return e.union(pv, v)
	default:
		return fmt.Errorf("cannot encode kind %d as JSON", pv.Kind)
	}
	return nil
}

func appendFloat(b []byte, f float64, bits int) []byte {
	if math.IsNaN(f) || math.IsInf(f, 0) {
		b = append(b, '"')
		b = protocol.AppendFloat(b, f, bits)
		return append(b, '"')
	}
	return strconv.AppendFloat(b, f, 'g', -1, bits)
}

// mapValue writes a map with its keys sorted, so bodies are
// deterministic. Null values (nil pointers in sparse maps) are written as
// null.
func (e *encoder) mapValue(pv *protocol.Value, v reflect.Value) error {
	if err := e.enter(); err != nil {
		return err
	}
	defer func() { e.depth-- }()
	keys := make([]string, 0, v.Len())
	for it := v.MapRange(); it.Next(); {
		keys = append(keys, it.Key().String())
	}
	slices.Sort(keys)
	key := reflect.New(v.Type().Key()).Elem()
	e.b = append(e.b, '{')
	for i, k := range keys {
		if i > 0 {
			e.b = append(e.b, ',')
		}
		e.b = AppendString(e.b, k)
		e.b = append(e.b, ':')
		key.SetString(k)
		ev, ok := protocol.Indirect(v.MapIndex(key))
		if !ok {
			e.b = append(e.b, "null"...)
			continue
		}
		if err := e.value(pv.Elem, ev); err != nil {
			return errorf(k, err)
		}
	}
	e.b = append(e.b, '}')
	return nil
}

func (e *encoder) union(pv *protocol.Value, v reflect.Value) error {
	uv, fv := protocol.UnionVariantOf(pv.Type, v)
	if uv == nil {
		if u, ok := v.Interface().(*protocol.UnknownUnionMember); ok {
			return fmt.Errorf("cannot send unknown union member %q", u.Tag)
		}
		return fmt.Errorf("unregistered union variant %T", v.Interface())
	}
	ui := unionInfoOf(pv.Type, e.names)
	vi := ui.byUV[uv]
	if err := e.enter(); err != nil {
		return err
	}
	defer func() { e.depth-- }()
	e.b = append(e.b, vi.prefix...)
	if inner, ok := protocol.Indirect(fv); ok {
		if err := e.value(&uv.Value.Value, inner); err != nil {
			return errorf(vi.name, err)
		}
	} else {
		e.b = append(e.b, "null"...)
	}
	e.b = append(e.b, '}')
	return nil
}

// document writes an untyped value.
func (e *encoder) document(doc any) error {
	if err := e.enter(); err != nil {
		return err
	}
	defer func() { e.depth-- }()
	switch x := doc.(type) {
	case nil:
		e.b = append(e.b, "null"...)
	case string:
		e.b = AppendString(e.b, x)
	case bool:
		e.b = strconv.AppendBool(e.b, x)
	case float64:
		e.b = appendFloat(e.b, x, 64)
	case float32:
		e.b = appendFloat(e.b, float64(x), 32)
	case int:
		e.b = strconv.AppendInt(e.b, int64(x), 10)
	case int32:
		e.b = strconv.AppendInt(e.b, int64(x), 10)
	case int64:
		e.b = strconv.AppendInt(e.b, x, 10)
	case json.Number:
		e.b = append(e.b, x...)
	case map[string]any:
		keys := slices.Sorted(func(yield func(string) bool) {
			for k := range x {
				if !yield(k) {
					return
				}
			}
		})
		e.b = append(e.b, '{')
		for i, k := range keys {
			if i > 0 {
				e.b = append(e.b, ',')
			}
			e.b = AppendString(e.b, k)
			e.b = append(e.b, ':')
			if err := e.document(x[k]); err != nil {
				return err
			}
		}
		e.b = append(e.b, '}')
	case []any:
		e.b = append(e.b, '[')
		for i, el := range x {
			if i > 0 {
				e.b = append(e.b, ',')
			}
			if err := e.document(el); err != nil {
				return err
			}
		}
		e.b = append(e.b, ']')
	default:
		raw, err := json.Marshal(x)
		if err != nil {
			return fmt.Errorf("document: %w", err)
		}
		e.b = append(e.b, raw...)
	}
	return nil
}

const hex = "0123456789abcdef"

// AppendString appends s as a JSON string exactly as encoding/json writes
// it with HTML escaping off (Go 1.22 and later): quotes, backslashes and
// control characters escaped (\b, \f, \n, \r and \t by their short
// forms), invalid UTF-8 as \ufffd, and U+2028 and U+2029 escaped.
func AppendString(b []byte, s string) []byte {
	b = append(b, '"')
	last := 0
	for i := 0; i < len(s); {
		c := s[i]
		if c < utf8.RuneSelf {
			if c >= 0x20 && c != '"' && c != '\\' {
				i++
				continue
			}
			b = append(b, s[last:i]...)
			switch c {
			case '"', '\\':
				b = append(b, '\\', c)
			case '\n':
				b = append(b, '\\', 'n')
			case '\r':
				b = append(b, '\\', 'r')
			case '\t':
				b = append(b, '\\', 't')
			case '\b':
				b = append(b, '\\', 'b')
			case '\f':
				b = append(b, '\\', 'f')
			default:
				b = append(b, '\\', 'u', '0', '0', hex[c>>4], hex[c&15])
			}
			i++
			last = i
			continue
		}
		r, w := utf8.DecodeRuneInString(s[i:])
		switch {
		case r == utf8.RuneError && w == 1:
			b = append(b, s[last:i]...)
			b = append(b, `\ufffd`...)
		case r == '\u2028' || r == '\u2029':
			b = append(b, s[last:i]...)
			b = append(b, '\\', 'u', '2', '0', '2', hex[r&15])
		default:
			i += w
			continue
		}
		i += w
		last = i
	}
	b = append(b, s[last:]...)
	return append(b, '"')
}
