package rpcv2cbor

import (
	"errors"
	"fmt"
	"reflect"
	"slices"
	"strconv"
	"time"

	"github.com/nimbus-sdk/nimbus/internal/protocol"
	"github.com/nimbus-sdk/nimbus/internal/protocol/cbor"
)

// maxDepth bounds the nesting the encoder follows, so a value that
// refers to itself fails instead of exhausting the stack.
const maxDepth = cbor.MaxDepth

var errDepth = errors.New("rpcv2cbor: value nested too deep")

// encoder appends CBOR to b following member plans.
type encoder struct {
	b     []byte
	depth int
}

// AppendStruct appends v, a struct value with plan sp, as a CBOR map of
// its set members under their member names. Unset members (nil pointers,
// slices, maps and interfaces, and empty enum strings) are left out.
func AppendStruct(b []byte, sp *protocol.Struct, v reflect.Value) ([]byte, error) {
	e := encoder{b: b}
	err := e.structure(sp, v)
	return e.b, err
}

// AppendValue appends the set value v (pointers already dereferenced) of
// plan pv.
func AppendValue(b []byte, pv *protocol.Value, v reflect.Value) ([]byte, error) {
	e := encoder{b: b}
	err := e.value(pv, v)
	return e.b, err
}

func (e *encoder) enter() error {
	if e.depth++; e.depth > maxDepth {
		return errDepth
	}
	return nil
}

// structure writes a definite-length map. The count is patched in once
// the set members are known: a one-byte head is reserved, and widened
// in the rare structure with 24 or more set members.
func (e *encoder) structure(sp *protocol.Struct, v reflect.Value) error {
	if err := e.enter(); err != nil {
		return err
	}
	defer func() { e.depth-- }()
	si := structInfoOf(sp)
	head := len(e.b)
	e.b = append(e.b, 0)
	n := 0
	for _, f := range si.fields {
		fv, ok := f.m.Get(v)
		if !ok {
			continue
		}
		n++
		e.b = append(e.b, f.key...)
		if err := e.value(&f.m.Value, fv); err != nil {
			return errorf(f.m.Name, err)
		}
	}
	e.patchMapHead(head, n)
	return nil
}

// patchMapHead writes the head of a map of n pairs at b[at], where one
// byte was reserved.
func (e *encoder) patchMapHead(at, n int) {
	if n < 24 {
		e.b[at] = 0xa0 | byte(n)
		return
	}
	h := cbor.AppendMap(nil, n)
	e.b = append(e.b, h[1:]...)
	copy(e.b[at+len(h):], e.b[at+1:len(e.b)-len(h)+1])
	copy(e.b[at:], h)
}

// value appends the set value v of plan pv.
func (e *encoder) value(pv *protocol.Value, v reflect.Value) error {
	switch pv.Kind {
	case protocol.KindString, protocol.KindEnum:
		e.b = cbor.AppendText(e.b, v.String())
	case protocol.KindBool:
		e.b = cbor.AppendBool(e.b, v.Bool())
	case protocol.KindInt8, protocol.KindInt16, protocol.KindInt32, protocol.KindInt64, protocol.KindIntEnum:
		e.b = cbor.AppendInt(e.b, v.Int())
	case protocol.KindFloat32:
		e.b = cbor.AppendFloat32(e.b, float32(v.Float()))
	case protocol.KindFloat64:
		e.b = cbor.AppendFloat64(e.b, v.Float())
	case protocol.KindTimestamp:
		e.b = cbor.AppendEpoch(e.b, v.Interface().(time.Time))
	case protocol.KindBlob:
		e.b = cbor.AppendBytes(e.b, v.Bytes())
	case protocol.KindList:
		if err := e.enter(); err != nil {
			return err
		}
		n := v.Len()
		e.b = cbor.AppendArray(e.b, n)
		for i := range n {
			ev, ok := protocol.Indirect(v.Index(i))
			if !ok {
				e.b = cbor.AppendNull(e.b)
				continue
			}
			if err := e.value(pv.Elem, ev); err != nil {
				return errorf(strconv.Itoa(i), err)
			}
		}
		e.depth--
	case protocol.KindMap:
		return e.mapValue(pv, v)
	case protocol.KindStruct:
		return e.structure(pv.Struct, v)
	case protocol.KindUnion:
		if isDocument(pv.Type) {
			if err := e.enter(); err != nil {
				return err
			}
			defer func() { e.depth-- }()
			var err error
			e.b, err = cbor.AppendValue(e.b, v.Interface())
			return err
		}
		return e.union(pv, v)
	default:
		return fmt.Errorf("cannot encode kind %d as CBOR", pv.Kind)
	}
	return nil
}

// mapValue writes a map with its keys sorted, so bodies are
// deterministic. Null values (nil pointers in sparse maps, nil lists)
// are written as null.
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
	e.b = cbor.AppendMap(e.b, len(keys))
	for _, k := range keys {
		e.b = cbor.AppendText(e.b, k)
		key.SetString(k)
		ev, ok := protocol.Indirect(v.MapIndex(key))
		if !ok {
			e.b = cbor.AppendNull(e.b)
			continue
		}
		if err := e.value(pv.Elem, ev); err != nil {
			return errorf(k, err)
		}
	}
	return nil
}

// union writes a map with the variant's one pair.
func (e *encoder) union(pv *protocol.Value, v reflect.Value) error {
	uv, fv := protocol.UnionVariantOf(pv.Type, v)
	if uv == nil {
		if u, ok := v.Interface().(*protocol.UnknownUnionMember); ok {
			return fmt.Errorf("cannot send unknown union member %q", u.Tag)
		}
		return fmt.Errorf("cannot send union value %T (an unknown member, or an unregistered variant)", v.Interface())
	}
	vi := unionInfoOf(pv.Type).byUV[uv]
	if err := e.enter(); err != nil {
		return err
	}
	defer func() { e.depth-- }()
	e.b = append(e.b, 0xa1)
	e.b = append(e.b, vi.key...)
	inner, ok := protocol.Indirect(fv)
	if !ok {
		e.b = cbor.AppendNull(e.b)
		return nil
	}
	if err := e.value(&uv.Value.Value, inner); err != nil {
		return errorf(vi.name, err)
	}
	return nil
}
