package rpcv2cbor

import (
	"errors"
	"fmt"
	"reflect"
	"strconv"
	"sync"
	"time"
	"unsafe"

	"github.com/nimbus-sdk/nimbus/internal/protocol"
	"github.com/nimbus-sdk/nimbus/internal/protocol/cbor"
	"github.com/nimbus-sdk/nimbus/internal/protocol/internal/arena"
)

// decoder decodes CBOR straight into plan-driven Go values. Decoders are
// pooled; everything a decoded value refers to is freshly allocated (or
// carved from blocks that are dropped on release), so no decoded value
// aliases the input or pooled memory.
type decoder struct {
	cbor.Decoder
	arena arena.Strings
	slabs []arena.Slab
	// maps holds a frame per level of map nesting; mapDepth is the number
	// in use (see mapFrame).
	maps     []*mapFrame
	mapDepth int
	// recent interns short map keys, which repeat from item to item.
	recent [128]string
	// scratch holds, per list type, the slice the elements of a list of
	// scalars are decoded into before the list is made at its final
	// length (see scalarList).
	scratch map[reflect.Type]*scratchList
}

// scratchList is a decoder's reusable buffer for lists of one type.
type scratchList struct {
	v      reflect.Value // a slice of the list type, len == cap
	base   unsafe.Pointer
	hasPtr bool // the elements hold pointers: cleared after each use
}

// maxScratch is the largest scratch list (in bytes) a pooled decoder
// keeps.
const maxScratch = 1 << 20

var errNotAddressable = errors.New("rpcv2cbor: cannot decode into a value that is not addressable")

var decoderPool = sync.Pool{New: func() any { return new(decoder) }}

func getDecoder(data []byte) *decoder {
	d := decoderPool.Get().(*decoder)
	d.Reset(data)
	d.mapDepth = 0
	return d
}

func putDecoder(d *decoder) {
	d.Release()
	for t, sl := range d.scratch {
		if uintptr(sl.v.Len())*t.Elem().Size() > maxScratch {
			delete(d.scratch, t)
		}
	}
	d.arena.Reset()
	clear(d.slabs)
	for _, f := range d.maps {
		f.release()
	}
	decoderPool.Put(d)
}

// Unmarshal decodes the CBOR map in data into v, an addressable value of
// the structure with plan sp. Members absent from data, or null, are left
// unchanged; unknown members are skipped. Empty data is an empty
// structure, as is a lone null.
func Unmarshal(data []byte, sp *protocol.Struct, v reflect.Value) error {
	if len(data) == 0 {
		return nil
	}
	if !v.CanAddr() {
		return errNotAddressable
	}
	d := getDecoder(data)
	defer putDecoder(d)
	if !d.ConsumeNull() {
		if err := d.structure(sp, v.Addr().UnsafePointer()); err != nil {
			return err
		}
	}
	return d.end()
}

// UnmarshalValue decodes the CBOR item in data into fv, a settable
// position of plan pv (an event payload, for instance).
func UnmarshalValue(data []byte, pv *protocol.Value, fv reflect.Value) error {
	if len(data) == 0 {
		return nil
	}
	if !fv.CanAddr() {
		return errNotAddressable
	}
	d := getDecoder(data)
	defer putDecoder(d)
	if err := d.at(pv, fv.Addr().UnsafePointer()); err != nil {
		return err
	}
	return d.end()
}

func (d *decoder) end() error {
	if n := d.Len(); n > 0 {
		return d.Errorf("%d bytes after the body's item", n)
	}
	return nil
}

// sliceHeader is the layout of every Go slice.
type sliceHeader struct {
	data     unsafe.Pointer
	len, cap int
}

// The decoders below write straight into the memory of the value being
// decoded: p points at a value of the Go type of plan pv (pv.Type), and
// scalars are stored with plain typed writes instead of reflect.Value
// setters. Every pointer they are handed comes from an addressable
// reflect.Value or from an allocation of the right type, and every write
// matches the layout the plan was built from (a KindEnum is a string, a
// KindIntEnum an int32, a blob a []byte, and so on).

// at decodes the next item into *p, a value of plan pv. A null (or
// undefined) leaves it unchanged.
func (d *decoder) at(pv *protocol.Value, p unsafe.Pointer) error {
	if d.ConsumeNull() {
		return nil
	}
	t := pv.Type
	if pv.Ptr {
		t = t.Elem()
		pp := (*unsafe.Pointer)(p)
		if *pp == nil {
			*pp = newValue(pv.Kind, t)
		}
		p = *pp
	}
	switch pv.Kind {
	case protocol.KindString, protocol.KindEnum:
		b, err := d.Text()
		if err != nil {
			return err
		}
		*(*string)(p) = d.arena.String(b, d.Len())
	case protocol.KindBool:
		b, err := d.Bool()
		if err != nil {
			return err
		}
		*(*bool)(p) = b
	case protocol.KindInt8:
		n, err := d.Int(8)
		if err != nil {
			return err
		}
		*(*int8)(p) = int8(n)
	case protocol.KindInt16:
		n, err := d.Int(16)
		if err != nil {
			return err
		}
		*(*int16)(p) = int16(n)
	case protocol.KindInt32, protocol.KindIntEnum:
		n, err := d.Int(32)
		if err != nil {
			return err
		}
		*(*int32)(p) = int32(n)
	case protocol.KindInt64:
		if t.Kind() == reflect.Int && strconv.IntSize == 32 {
			n, err := d.Int(32)
			if err != nil {
				return err
			}
			*(*int)(p) = int(n)
			return nil
		}
		n, err := d.Int(64)
		if err != nil {
			return err
		}
		*(*int64)(p) = n
	case protocol.KindFloat32:
		f, err := d.Float()
		if err != nil {
			return err
		}
		*(*float32)(p) = float32(f)
	case protocol.KindFloat64:
		f, err := d.Float()
		if err != nil {
			return err
		}
		*(*float64)(p) = f
	case protocol.KindTimestamp:
		ts, err := d.Epoch()
		if err != nil {
			return err
		}
		*(*time.Time)(p) = ts
	case protocol.KindBlob:
		b, err := d.Bytes()
		if err != nil {
			return err
		}
		*(*[]byte)(p) = append([]byte{}, b...)
	case protocol.KindList:
		return d.list(pv, t, p)
	case protocol.KindMap:
		return d.mapValue(pv, t, p)
	case protocol.KindStruct:
		return d.structure(pv.Struct, p)
	case protocol.KindUnion:
		if isDocument(t) {
			return d.document(t, p)
		}
		return d.union(unionInfoOf(t), t, p)
	default:
		return fmt.Errorf("cannot decode kind %d from CBOR", pv.Kind)
	}
	return nil
}

// newValue allocates the zero value a pointer position of kind k and
// element type t points to.
func newValue(k protocol.Kind, t reflect.Type) unsafe.Pointer {
	switch k {
	case protocol.KindString, protocol.KindEnum:
		return unsafe.Pointer(new(string))
	case protocol.KindBool:
		return unsafe.Pointer(new(bool))
	case protocol.KindFloat64:
		return unsafe.Pointer(new(float64))
	}
	return reflect.New(t).UnsafePointer()
}

// structure decodes a map into *p, a struct of plan sp.
func (d *decoder) structure(sp *protocol.Struct, p unsafe.Pointer) error {
	n, err := d.Container(cbor.MajorMap)
	if err != nil {
		return err
	}
	if err := d.Enter(); err != nil {
		return err
	}
	si := structInfoOf(sp)
	for {
		ok, err := d.More(&n)
		if err != nil {
			return err
		}
		if !ok {
			break
		}
		k, err := d.Text()
		if err != nil {
			return err
		}
		f := si.byName[string(k)]
		if f == nil {
			if err := d.Skip(); err != nil {
				return err
			}
			continue
		}
		if err := d.at(&f.m.Value, unsafe.Add(p, f.offset)); err != nil {
			return errorf(f.m.Name, err)
		}
	}
	d.Leave()
	return nil
}

// list decodes an array into *p, a slice of type t whose elements have
// plan pv.Elem. Null elements are left zero (nil in a sparse list of
// pointers). The slice grows with the elements read, whatever count the
// array's head claims.
func (d *decoder) list(pv *protocol.Value, t reflect.Type, p unsafe.Pointer) error {
	n, err := d.Container(cbor.MajorArray)
	if err != nil {
		return err
	}
	if err := d.Enter(); err != nil {
		return err
	}
	elem := pv.Elem
	if elem.Kind.IsScalar() && !elem.Ptr {
		return d.scalarList(elem, t, p, n)
	}
	size := t.Elem().Size()
	var list reflect.Value
	var base unsafe.Pointer
	i, c := 0, 0
	if n > 0 {
		// Trust the head's count only for a small start: memory follows
		// the elements read.
		c = min(n, 64)
		list = reflect.MakeSlice(t, c, c)
		base = list.UnsafePointer()
	}
	for {
		ok, err := d.More(&n)
		if err != nil {
			return err
		}
		if !ok {
			break
		}
		if i == c {
			// Double, but never past a definite count: an honest head
			// ends with a slice of exactly its length.
			c = max(4, 2*c)
			if n >= 0 {
				c = min(c, i+1+n)
			}
			grown := reflect.MakeSlice(t, c, c)
			if i > 0 {
				reflect.Copy(grown, list)
			}
			list, base = grown, grown.UnsafePointer()
		}
		if err := d.at(elem, unsafe.Add(base, uintptr(i)*size)); err != nil {
			return errorf(strconv.Itoa(i), err)
		}
		i++
	}
	d.Leave()
	if i == 0 {
		reflect.NewAt(t, p).Elem().Set(reflect.MakeSlice(t, 0, 0))
		return nil
	}
	*(*sliceHeader)(p) = sliceHeader{data: base, len: i, cap: c}
	return nil
}

// scalarList decodes the items of an array of scalars (not pointers)
// into the decoder's scratch slice for type t, then makes the list once,
// at its length: one allocation per list, sized by the items read. The
// hot element kinds (timestamps, doubles, strings) are read in place;
// a null element is the zero value.
func (d *decoder) scalarList(elem *protocol.Value, t reflect.Type, p unsafe.Pointer, n int) error {
	sl := d.scratch[t]
	if sl == nil {
		if d.scratch == nil {
			d.scratch = map[reflect.Type]*scratchList{}
		}
		sl = &scratchList{v: reflect.MakeSlice(t, 0, 0), hasPtr: hasPointers(t.Elem())}
		d.scratch[t] = sl
	}
	size := t.Elem().Size()
	i := 0
	for {
		ok, err := d.More(&n)
		if err != nil {
			return err
		}
		if !ok {
			break
		}
		if i == sl.v.Len() {
			c := max(64, 2*i)
			grown := reflect.MakeSlice(t, c, c)
			reflect.Copy(grown, sl.v)
			if sl.hasPtr {
				sl.v.Clear()
			}
			sl.v, sl.base = grown, grown.UnsafePointer()
		}
		ep := unsafe.Add(sl.base, uintptr(i)*size)
		i++
		if d.ConsumeNull() {
			reflect.NewAt(t.Elem(), ep).Elem().SetZero()
			continue
		}
		switch elem.Kind {
		case protocol.KindTimestamp:
			ts, err := d.Epoch()
			if err != nil {
				return errorf(strconv.Itoa(i-1), err)
			}
			*(*time.Time)(ep) = ts
		case protocol.KindFloat64:
			f, err := d.Float()
			if err != nil {
				return errorf(strconv.Itoa(i-1), err)
			}
			*(*float64)(ep) = f
		case protocol.KindString, protocol.KindEnum:
			b, err := d.Text()
			if err != nil {
				return errorf(strconv.Itoa(i-1), err)
			}
			*(*string)(ep) = d.arena.String(b, d.Len())
		default:
			if err := d.at(elem, ep); err != nil {
				return errorf(strconv.Itoa(i-1), err)
			}
		}
	}
	d.Leave()
	list := reflect.MakeSlice(t, i, i)
	if i > 0 {
		used := sl.v.Slice(0, i)
		reflect.Copy(list, used)
		if sl.hasPtr {
			used.Clear()
		}
	}
	*(*sliceHeader)(p) = sliceHeader{data: list.UnsafePointer(), len: i, cap: i}
	return nil
}

// hasPointers reports whether values of t hold pointers.
func hasPointers(t reflect.Type) bool {
	switch t.Kind() {
	case reflect.Bool, reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64,
		reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64, reflect.Uintptr,
		reflect.Float32, reflect.Float64, reflect.Complex64, reflect.Complex128:
		return false
	case reflect.Array:
		return t.Len() > 0 && hasPointers(t.Elem())
	case reflect.Struct:
		for i := range t.NumField() {
			if hasPointers(t.Field(i).Type) {
				return true
			}
		}
		return false
	}
	return true
}

// mapFrame holds the reusable key and value a map of one type is decoded
// through, and the size of the last such map, so that maps of similar
// items are made at their final size. The decoder keeps one per map
// nesting level.
type mapFrame struct {
	t         reflect.Type
	key, elem reflect.Value
	keyp      *string
	elemp     unsafe.Pointer
	hint      int
	zeroValue reflect.Value
	set       protocol.MapSetter // typed setter registered for t, if any
}

func (f *mapFrame) release() {
	if f.t != nil {
		f.elem.SetZero()
		*f.keyp = ""
	}
}

func (d *decoder) mapFrame(t reflect.Type) *mapFrame {
	if d.mapDepth == len(d.maps) {
		d.maps = append(d.maps, &mapFrame{})
	}
	f := d.maps[d.mapDepth]
	d.mapDepth++
	if f.t != t {
		key, elem := reflect.New(t.Key()).Elem(), reflect.New(t.Elem()).Elem()
		*f = mapFrame{
			t: t, key: key, elem: elem,
			keyp:      (*string)(key.Addr().UnsafePointer()),
			elemp:     elem.Addr().UnsafePointer(),
			zeroValue: reflect.Zero(t.Elem()),
			set:       protocol.MapSetterFor(t),
		}
	}
	return f
}

// mapValue decodes a map into *p, a map of type t whose values have plan
// pv.Elem, creating the map when it is nil. A null value is kept (as the
// zero value) in a sparse map and dropped from a dense one.
func (d *decoder) mapValue(pv *protocol.Value, t reflect.Type, p unsafe.Pointer) error {
	n, err := d.Container(cbor.MajorMap)
	if err != nil {
		return err
	}
	if err := d.Enter(); err != nil {
		return err
	}
	f := d.mapFrame(t)
	mv := reflect.NewAt(t, p).Elem()
	if mv.IsNil() {
		size := f.hint
		if n >= 0 {
			size = min(n, 64)
		}
		mv.Set(reflect.MakeMapWithSize(t, size))
	}
	err = d.mapMembers(pv, n, f, mv, p)
	f.release()
	if l := mv.Len(); l <= 1024 {
		f.hint = l
	}
	d.mapDepth--
	if err == nil {
		d.Leave()
	}
	return err
}

func (d *decoder) mapMembers(pv *protocol.Value, n int, f *mapFrame, mv reflect.Value, p unsafe.Pointer) error {
	sparse := pv.Sparse || pv.Elem.Ptr
	for {
		ok, err := d.More(&n)
		if err != nil || !ok {
			return err
		}
		k, err := d.Text()
		if err != nil {
			return err
		}
		*f.keyp = d.internKey(k)
		if d.ConsumeNull() {
			if sparse {
				mv.SetMapIndex(f.key, f.zeroValue)
			}
			continue
		}
		f.elem.SetZero()
		if err := d.at(pv.Elem, f.elemp); err != nil {
			return errorf(*f.keyp, err)
		}
		if f.set != nil {
			f.set(p, *f.keyp, f.elemp)
			continue
		}
		mv.SetMapIndex(f.key, f.elem)
	}
}

// internKey returns b as a string, sharing one copy among equal short
// map keys.
func (d *decoder) internKey(b []byte) string {
	if len(b) == 0 || len(b) > 32 {
		return d.arena.String(b, d.Len())
	}
	slot := &d.recent[(len(b)*31+int(b[0])*7+int(b[len(b)-1]))&(len(d.recent)-1)]
	if *slot == string(b) {
		return *slot
	}
	s := d.arena.String(b, d.Len())
	*slot = s
	return s
}

// union decodes a single-pair map into *p, a union interface of type t.
// Unknown members become a *protocol.UnknownUnionMember (holding the
// member's CBOR) when the interface allows it and are otherwise skipped;
// "__type" is ignored.
func (d *decoder) union(ui *unionInfo, t reflect.Type, p unsafe.Pointer) error {
	n, err := d.Container(cbor.MajorMap)
	if err != nil {
		return err
	}
	if err := d.Enter(); err != nil {
		return err
	}
	for {
		ok, err := d.More(&n)
		if err != nil {
			return err
		}
		if !ok {
			break
		}
		k, err := d.Text()
		if err != nil {
			return err
		}
		v := ui.byName[string(k)]
		if v == nil {
			if err := d.unknownMember(ui, string(k), t, p); err != nil {
				return err
			}
			continue
		}
		if err := d.unionMember(v, t, p); err != nil {
			return err
		}
	}
	d.Leave()
	return nil
}

// unionMember decodes the value of variant v into *p, a union interface
// of type t. A null leaves *p unchanged.
func (d *decoder) unionMember(v *variant, t reflect.Type, p unsafe.Pointer) error {
	if d.ConsumeNull() {
		return nil
	}
	if v.itab == nil {
		// The variant struct itself implements the interface: let reflect
		// box a copy.
		nv := reflect.New(v.uv.Struct.Type)
		if err := d.at(&v.uv.Value.Value, unsafe.Add(nv.UnsafePointer(), v.offset)); err != nil {
			return errorf(v.name, err)
		}
		reflect.NewAt(t, p).Elem().Set(nv.Elem())
		return nil
	}
	for len(d.slabs) <= v.id {
		d.slabs = append(d.slabs, arena.Slab{})
	}
	vp := d.slabs[v.id].Alloc(v.block, v.size)
	if err := d.at(&v.uv.Value.Value, unsafe.Add(vp, v.offset)); err != nil {
		return errorf(v.name, err)
	}
	// Store the interface words directly: reflect's Set would check that
	// the variant implements the interface on every call.
	*(*[2]unsafe.Pointer)(p) = [2]unsafe.Pointer{v.itab, vp}
	return nil
}

// unknownMember skips the value of union member name, which this client
// does not know, keeping it (its CBOR) in *p as the UnknownUnionMember
// the union's package registered, or as a *protocol.UnknownUnionMember
// when that implements the union; else the member is dropped.
func (d *decoder) unknownMember(ui *unionInfo, name string, t reflect.Type, p unsafe.Pointer) error {
	start := d.Offset()
	if err := d.Skip(); err != nil {
		return err
	}
	if name == "__type" {
		return nil
	}
	raw := append([]byte(nil), d.Data()[start:d.Offset()]...)
	if u, ok := protocol.NewUnknownUnionMember(t, name, raw); ok {
		reflect.NewAt(t, p).Elem().Set(u)
		return nil
	}
	if ui.unknown {
		reflect.NewAt(t, p).Elem().Set(reflect.ValueOf(&protocol.UnknownUnionMember{Tag: name, Value: raw}))
	}
	return nil
}

// document decodes any item into *p, an empty interface of type t, as
// [DecodeDocument] does.
func (d *decoder) document(t reflect.Type, p unsafe.Pointer) error {
	v, err := d.Value()
	if err != nil || v == nil {
		return err
	}
	reflect.NewAt(t, p).Elem().Set(reflect.ValueOf(v))
	return nil
}
