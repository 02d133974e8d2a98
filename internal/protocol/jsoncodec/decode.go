package jsoncodec

import (
	"encoding/base64"
	"errors"
	"fmt"
	"math"
	"reflect"
	"strconv"
	"sync"
	"time"
	"unsafe"

	"github.com/nimbus-sdk/nimbus/internal/protocol"
	"github.com/nimbus-sdk/nimbus/internal/protocol/internal/arena"
)

// decoder decodes a JSON document straight into plan-driven Go values.
// Decoders are pooled; everything a decoded value refers to is freshly
// allocated (or carved from blocks that are dropped on release), so no
// decoded value aliases the input or pooled memory.
type decoder struct {
	scanner
	names Names
	arena arena.Strings
	slabs []arena.Slab
	// strLists and ifaceLists back decoded lists of strings and of
	// interfaces (see growArray).
	strLists   arena.Arrays[string]
	ifaceLists arena.Arrays[[2]unsafe.Pointer]
	intern     map[string]string
	// maps holds a frame per level of map nesting; mapDepth is the
	// number in use. A frame remembers the size of the last map decoded
	// at its level, so that maps of similar items (DynamoDB pages) are
	// allocated at their final size.
	maps     []*mapFrame
	mapDepth int
	// unions caches the union info of the last few union positions
	// decoded (a DynamoDB AttributeValue is found in maps and lists).
	unions    [4]unionCache
	unionNext int
	recent    [256]string
}

// maxIntern bounds the map-key intern table kept by a pooled decoder.
const (
	maxIntern    = 4096
	maxInternLen = 64
)

var errNotAddressable = errors.New("jsoncodec: cannot decode into a value that is not addressable")

var decoderPool = sync.Pool{New: func() any {
	return &decoder{intern: map[string]string{}}
}}

func getDecoder(data []byte, names Names) *decoder {
	d := decoderPool.Get().(*decoder)
	d.data, d.pos, d.depth, d.names, d.mapDepth = data, 0, 0, names, 0
	d.unions = [len(d.unions)]unionCache{}
	return d
}

func putDecoder(d *decoder) {
	d.data = nil
	d.arena.Reset()
	clear(d.slabs)
	d.strLists.Reset()
	d.ifaceLists.Reset()
	if cap(d.scratch) > 64<<10 {
		d.scratch = nil
	}
	if len(d.intern) > maxIntern {
		clear(d.intern)
		clear(d.recent[:])
	}
	decoderPool.Put(d)
}

// Unmarshal decodes the JSON object in data into v, an addressable value
// of the structure with plan sp. Members absent from data, or null, are
// left unchanged; unknown members are ignored. An empty or all-white-space
// data is an empty object.
func Unmarshal(data []byte, sp *protocol.Struct, v reflect.Value, names Names) error {
	d := getDecoder(data, names)
	defer putDecoder(d)
	if d.peek() == 0 {
		return nil
	}
	if null, err := d.consumeNull(); null || err != nil {
		return err
	}
	if !v.CanAddr() {
		return errNotAddressable
	}
	if err := d.structure(sp, v.Addr().UnsafePointer()); err != nil {
		return err
	}
	return d.end()
}

// UnmarshalValue decodes the JSON value in data into fv, a settable
// position of plan pv (an HTTP payload member, for instance).
func UnmarshalValue(data []byte, pv *protocol.Value, fv reflect.Value, names Names) error {
	d := getDecoder(data, names)
	defer putDecoder(d)
	if d.peek() == 0 {
		return nil
	}
	if !fv.CanAddr() {
		return errNotAddressable
	}
	if err := d.at(pv, fv.Addr().UnsafePointer()); err != nil {
		return err
	}
	return d.end()
}

// UnmarshalDocument decodes data as a Smithy document: objects become
// map[string]any, arrays []any, numbers float64, and null nil.
func UnmarshalDocument(data []byte) (any, error) {
	d := getDecoder(data, MemberNames)
	defer putDecoder(d)
	if d.peek() == 0 {
		return nil, nil
	}
	v, err := d.document()
	if err != nil {
		return nil, err
	}
	return v, d.end()
}

func (d *decoder) str() (string, error) {
	b, err := d.scanner.str()
	if err != nil {
		return "", err
	}
	return d.arena.String(b, len(d.data)-d.pos), nil
}

// internKey returns b as a string, sharing one copy among equal short map
// keys (attribute names repeat in every item of a DynamoDB page).
func (d *decoder) internKey(b []byte) string {
	if len(b) > maxInternLen || len(b) == 0 {
		return string(b)
	}
	// A direct-mapped cache in front of the intern map: the same few
	// names come back in every item.
	slot := &d.recent[(len(b)*31+int(b[0])*7+int(b[len(b)-1]))&(len(d.recent)-1)]
	if *slot == string(b) {
		return *slot
	}
	s, ok := d.intern[string(b)]
	if !ok {
		s = string(b)
		d.intern[s] = s
	}
	*slot = s
	return s
}

// The decoders below write straight into the memory of the value being
// decoded: p points at a value of the Go type of plan pv (pv.Type), and
// scalars are stored with plain typed writes instead of reflect.Value
// setters. Every pointer they are handed comes from an addressable
// reflect.Value or from an allocation of the right type, and every write
// matches the layout the plan was built from (a KindEnum is a string, a
// KindIntEnum an int32, a blob a []byte, and so on).

// sliceHeader is the layout of every Go slice.
type sliceHeader struct {
	data     unsafe.Pointer
	len, cap int
}

// at decodes the next JSON value into *p, a value of plan pv. A null
// leaves it unchanged.
func (d *decoder) at(pv *protocol.Value, p unsafe.Pointer) error {
	if d.peek() == 'n' {
		return d.literal("null")
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
		s, err := d.str()
		if err != nil {
			return err
		}
		*(*string)(p) = s
	case protocol.KindBool:
		b, err := d.boolean()
		if err != nil {
			return err
		}
		*(*bool)(p) = b
	case protocol.KindInt8, protocol.KindInt16, protocol.KindInt32, protocol.KindInt64, protocol.KindIntEnum:
		return d.integer(pv.Kind, t, p)
	case protocol.KindFloat32:
		f, err := d.float(32)
		if err != nil {
			return err
		}
		*(*float32)(p) = float32(f)
	case protocol.KindFloat64:
		f, err := d.float(64)
		if err != nil {
			return err
		}
		*(*float64)(p) = f
	case protocol.KindTimestamp:
		ts, err := d.timestamp(pv.TimestampFormat)
		if err != nil {
			return err
		}
		*(*time.Time)(p) = ts
	case protocol.KindBlob:
		b, err := d.scanner.str()
		if err != nil {
			return err
		}
		out := make([]byte, base64.StdEncoding.DecodedLen(len(b)))
		n, err := base64.StdEncoding.Decode(out, b)
		if err != nil {
			return fmt.Errorf("invalid base64 blob: %w", err)
		}
		*(*[]byte)(p) = out[:n:n]
	case protocol.KindList:
		return d.list(pv.Elem, t, p)
	case protocol.KindMap:
		return d.mapValue(pv.Elem, t, p)
	case protocol.KindStruct:
		return d.structure(pv.Struct, p)
	case protocol.KindUnion:
		ui := d.unionInfo(pv)
		if ui == nil {
			return d.documentAt(t, p)
		}
		return d.union(ui, t, p)
	default:
		return fmt.Errorf("cannot decode kind %d from JSON", pv.Kind)
	}
	return nil
}

type unionCache struct {
	pv *protocol.Value
	ui *unionInfo
}

// unionInfo returns the union info of union position pv, or nil when pv
// is a document.
func (d *decoder) unionInfo(pv *protocol.Value) *unionInfo {
	for i := range d.unions {
		if d.unions[i].pv == pv {
			return d.unions[i].ui
		}
	}
	var ui *unionInfo
	if !isDocument(pv.Type) {
		ui = unionInfoOf(pv.Type, d.names)
	}
	d.unions[d.unionNext] = unionCache{pv, ui}
	d.unionNext = (d.unionNext + 1) % len(d.unions)
	return ui
}

// newValue allocates the zero value a pointer position of kind k and
// element type t points to.
func newValue(k protocol.Kind, t reflect.Type) unsafe.Pointer {
	switch k {
	case protocol.KindString, protocol.KindEnum:
		return unsafe.Pointer(new(string))
	case protocol.KindBool:
		return unsafe.Pointer(new(bool))
	}
	return reflect.New(t).UnsafePointer()
}

// integer decodes a JSON integer into *p, an integer of kind k (Go type
// t, which only matters for int).
func (d *decoder) integer(k protocol.Kind, t reflect.Type, p unsafe.Pointer) error {
	num, err := d.number()
	if err != nil {
		return err
	}
	bits := 64
	switch {
	case k == protocol.KindInt8:
		bits = 8
	case k == protocol.KindInt16:
		bits = 16
	case k == protocol.KindInt32 || k == protocol.KindIntEnum:
		bits = 32
	case strconv.IntSize == 32 && t.Kind() == reflect.Int:
		bits = 32
	}
	n, ok := parseInt(num, bits)
	if !ok {
		return fmt.Errorf("invalid integer %s", quote(string(num)))
	}
	switch bits {
	case 8:
		*(*int8)(p) = int8(n)
	case 16:
		*(*int16)(p) = int16(n)
	case 32:
		*(*int32)(p) = int32(n)
	default:
		*(*int64)(p) = n
	}
	return nil
}

// documentAt decodes a Smithy document into *p, an empty interface of
// type t.
func (d *decoder) documentAt(t reflect.Type, p unsafe.Pointer) error {
	doc, err := d.document()
	if err != nil || doc == nil {
		return err
	}
	reflect.NewAt(t, p).Elem().Set(reflect.ValueOf(doc))
	return nil
}

// structure decodes an object into *p, a struct of plan sp.
func (d *decoder) structure(sp *protocol.Struct, p unsafe.Pointer) error {
	if err := d.expect('{'); err != nil {
		return err
	}
	if err := d.enter(); err != nil {
		return err
	}
	si := structInfoOf(sp, d.names)
	for first := true; ; first = false {
		ok, err := d.more('}', first)
		if err != nil || !ok {
			d.leave()
			return err
		}
		k, err := d.key()
		if err != nil {
			return err
		}
		f := si.dec[string(k)]
		if f == nil {
			if err := d.skip(); err != nil {
				return err
			}
			continue
		}
		if err := d.at(&f.m.Value, unsafe.Add(p, f.offset)); err != nil {
			return errorf(f.m.Name, err)
		}
	}
}

// list decodes an array into *p, a slice of type t whose elements have
// plan elem.
func (d *decoder) list(elem *protocol.Value, t reflect.Type, p unsafe.Pointer) error {
	if err := d.expect('['); err != nil {
		return err
	}
	if err := d.enter(); err != nil {
		return err
	}
	size := t.Elem().Size()
	var base unsafe.Pointer
	n, c := 0, 0
	for first := true; ; first = false {
		ok, err := d.more(']', first)
		if err != nil {
			return err
		}
		if !ok {
			break
		}
		if n == c {
			c = max(4, 2*c)
			base = d.growArray(t, base, n, c)
		}
		if err := d.at(elem, unsafe.Add(base, uintptr(n)*size)); err != nil {
			return errorf(strconv.Itoa(n), err)
		}
		n++
	}
	d.leave()
	if n == 0 {
		reflect.NewAt(t, p).Elem().Set(reflect.MakeSlice(t, 0, 0))
		return nil
	}
	*(*sliceHeader)(p) = sliceHeader{data: base, len: n, cap: n}
	return nil
}

// growArray returns the address of a new array of c elements of the
// slice type t's element type holding the n elements at base.
//
// Lists of strings and of interfaces (DynamoDB's SS and NS sets and its L
// lists of AttributeValue, a few in every item) are carved from the
// decoder's array blocks (arena.Arrays): most take no allocation of their
// own, where reflect.MakeSlice allocates the array and a boxed slice
// header. The list ends as a full-capacity slice, so an append copies it.
// An interface value is two pointer words (type or itab, then data), so
// [2]unsafe.Pointer has its size, alignment and pointer bitmap: the
// collector scans the array exactly as it would scan a []I, and the typed
// copy below keeps the write barriers. Other element types go through
// reflect.
func (d *decoder) growArray(t reflect.Type, base unsafe.Pointer, n, c int) unsafe.Pointer {
	switch t.Elem().Kind() {
	case reflect.String:
		a := d.strLists.Alloc(c)
		copy(a, unsafe.Slice((*string)(base), n))
		return unsafe.Pointer(unsafe.SliceData(a))
	case reflect.Interface:
		a := d.ifaceLists.Alloc(c)
		copy(a, unsafe.Slice((*[2]unsafe.Pointer)(base), n))
		return unsafe.Pointer(unsafe.SliceData(a))
	}
	grown := reflect.MakeSlice(t, c, c)
	if n > 0 {
		reflect.Copy(grown, reflect.NewAt(t, unsafe.Pointer(&sliceHeader{data: base, len: n, cap: n})).Elem())
	}
	return grown.UnsafePointer()
}

// mapFrame holds the reusable key and value a map of one type is decoded
// through, and the size of the last such map. The decoder keeps one per
// map nesting level.
type mapFrame struct {
	t           reflect.Type
	key, elem   reflect.Value
	keyp        *string
	elemp       unsafe.Pointer
	elemIsPtr   bool
	elemIsIface bool
	hint        int
	zeroValue   reflect.Value
	set         protocol.MapSetter // typed setter registered for t, if any
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
			keyp:        (*string)(key.Addr().UnsafePointer()),
			elemp:       elem.Addr().UnsafePointer(),
			elemIsPtr:   t.Elem().Kind() == reflect.Pointer,
			elemIsIface: t.Elem().Kind() == reflect.Interface,
			zeroValue:   reflect.Zero(t.Elem()),
			set:         protocol.MapSetterFor(t),
		}
	}
	return f
}

// mapValue decodes an object into *p, a map of type t whose values have
// plan elem, creating the map when it is nil.
func (d *decoder) mapValue(elem *protocol.Value, t reflect.Type, p unsafe.Pointer) error {
	if err := d.expect('{'); err != nil {
		return err
	}
	if err := d.enter(); err != nil {
		return err
	}
	f := d.mapFrame(t)
	mv := reflect.NewAt(t, p).Elem()
	if mv.IsNil() {
		mv.Set(reflect.MakeMapWithSize(t, f.hint))
	}
	err := d.mapMembers(elem, f, mv, p)
	f.elem.SetZero()
	*f.keyp = ""
	if n := mv.Len(); n <= 1024 {
		f.hint = n
	}
	d.mapDepth--
	if err == nil {
		d.leave()
	}
	return err
}

func (d *decoder) mapMembers(elem *protocol.Value, f *mapFrame, mv reflect.Value, p unsafe.Pointer) error {
	for first := true; ; first = false {
		ok, err := d.more('}', first)
		if err != nil || !ok {
			return err
		}
		k, err := d.key()
		if err != nil {
			return err
		}
		*f.keyp = d.internKey(k)
		if d.peek() == 'n' {
			if err := d.literal("null"); err != nil {
				return err
			}
			if f.elemIsPtr {
				mv.SetMapIndex(f.key, f.zeroValue)
			}
			continue
		}
		if f.elemIsIface {
			*(*[2]unsafe.Pointer)(f.elemp) = [2]unsafe.Pointer{}
		} else {
			f.elem.SetZero()
		}
		if err := d.at(elem, f.elemp); err != nil {
			return errorf(*f.keyp, err)
		}
		if f.set != nil {
			f.set(p, *f.keyp, f.elemp)
			continue
		}
		mv.SetMapIndex(f.key, f.elem)
	}
}

// union decodes a single-member object into *p, a union interface of
// type t. Unknown members become a *protocol.UnknownUnionMember when the
// interface allows it and are otherwise skipped; "__type" is ignored.
func (d *decoder) union(ui *unionInfo, t reflect.Type, p unsafe.Pointer) error {
	if err := d.expect('{'); err != nil {
		return err
	}
	if err := d.enter(); err != nil {
		return err
	}
	// Fast path for the form services send, {"name":value} without white
	// space: no separate steps for the key, the colon and the end.
	data, i := d.data, d.pos
	if i < len(data) && data[i] == '"' {
		if j := plain(data, i+1); j+1 < len(data) && data[j] == '"' && data[j+1] == ':' {
			if v := ui.lookup(data[i+1 : j]); v != nil {
				d.pos = j + 2
				if err := d.unionMember(v, t, p); err != nil {
					return err
				}
				if d.pos < len(data) && data[d.pos] == '}' {
					d.pos++
					d.leave()
					return nil
				}
				return d.unionMembers(ui, t, p, false)
			}
		}
	}
	return d.unionMembers(ui, t, p, true)
}

// unionMembers decodes the members of a union object from the first one
// (first set) or from the comma after a member, to the closing brace.
func (d *decoder) unionMembers(ui *unionInfo, t reflect.Type, p unsafe.Pointer, first bool) error {
	for ; ; first = false {
		ok, err := d.more('}', first)
		if err != nil || !ok {
			if err == nil {
				d.leave()
			}
			return err
		}
		k, err := d.key()
		if err != nil {
			return err
		}
		v := ui.lookup(k)
		if v == nil {
			if err := d.unknownMember(ui, k, t, p); err != nil {
				return err
			}
			continue
		}
		if err := d.unionMember(v, t, p); err != nil {
			return err
		}
	}
}

// unionMember decodes the value of variant v into *p, a union interface
// of type t. A null leaves *p unchanged.
func (d *decoder) unionMember(v *variant, t reflect.Type, p unsafe.Pointer) error {
	if d.peek() == 'n' {
		return d.literal("null")
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

// unknownMember skips the value of union member k, which this client
// does not know, keeping it as a *protocol.UnknownUnionMember in *p when
// the union allows it.
func (d *decoder) unknownMember(ui *unionInfo, k []byte, t reflect.Type, p unsafe.Pointer) error {
	if string(k) == "__type" {
		return d.skip()
	}
	name := string(k)
	start := d.pos
	if err := d.skip(); err != nil {
		return err
	}
	if ui.unknown {
		raw := append([]byte(nil), d.data[start:d.pos]...)
		reflect.NewAt(t, p).Elem().Set(reflect.ValueOf(&protocol.UnknownUnionMember{Tag: name, Value: raw}))
	}
	return nil
}

// float reads a JSON number or one of the strings "NaN", "Infinity" and
// "-Infinity", rounded to a float of bits bits.
func (d *decoder) float(bits int) (float64, error) {
	if d.peek() == '"' {
		s, err := d.scanner.str()
		if err != nil {
			return 0, err
		}
		switch string(s) {
		case "NaN":
			return math.NaN(), nil
		case "Infinity":
			return math.Inf(1), nil
		case "-Infinity":
			return math.Inf(-1), nil
		}
		return 0, fmt.Errorf("invalid number %s", quote(string(s)))
	}
	num, err := d.number()
	if err != nil {
		return 0, err
	}
	f, err := strconv.ParseFloat(unsafe.String(unsafe.SliceData(num), len(num)), bits)
	if err != nil {
		return 0, fmt.Errorf("invalid number %s", quote(string(num)))
	}
	return f, nil
}

// timestamp reads epoch seconds (a number) or a date-time or http-date
// string, whatever format says: services are not always consistent.
func (d *decoder) timestamp(format string) (time.Time, error) {
	if d.peek() == '"' {
		s, err := d.scanner.str()
		if err != nil {
			return time.Time{}, err
		}
		if format == "" {
			format = protocol.DateTime
		}
		return protocol.ParseTimestamp(string(s), format)
	}
	num, err := d.number()
	if err != nil {
		return time.Time{}, err
	}
	t, ok := parseEpoch(num)
	if !ok {
		return time.Time{}, fmt.Errorf("invalid epoch-seconds timestamp %s", quote(string(num)))
	}
	return t, nil
}

// document decodes any JSON value into plain Go values.
func (d *decoder) document() (any, error) {
	switch c := d.peek(); c {
	case '{':
		if err := d.enter(); err != nil {
			return nil, err
		}
		defer d.leave()
		d.pos++
		obj := map[string]any{}
		for first := true; ; first = false {
			ok, err := d.more('}', first)
			if err != nil {
				return nil, err
			}
			if !ok {
				return obj, nil
			}
			k, err := d.key()
			if err != nil {
				return nil, err
			}
			key := d.internKey(k)
			v, err := d.document()
			if err != nil {
				return nil, err
			}
			obj[key] = v
		}
	case '[':
		if err := d.enter(); err != nil {
			return nil, err
		}
		defer d.leave()
		d.pos++
		arr := []any{}
		for first := true; ; first = false {
			ok, err := d.more(']', first)
			if err != nil {
				return nil, err
			}
			if !ok {
				return arr, nil
			}
			v, err := d.document()
			if err != nil {
				return nil, err
			}
			arr = append(arr, v)
		}
	case '"':
		return d.str()
	case 't', 'f':
		return d.boolean()
	case 'n':
		return nil, d.literal("null")
	default:
		num, err := d.number()
		if err != nil {
			return nil, err
		}
		f, err := strconv.ParseFloat(string(num), 64)
		if err != nil {
			return nil, fmt.Errorf("invalid number %s", quote(string(num)))
		}
		return f, nil
	}
}

// parseInt parses a JSON integer that must fit in bits bits.
func parseInt(b []byte, bits int) (int64, bool) {
	neg := false
	if len(b) > 0 && b[0] == '-' {
		neg, b = true, b[1:]
	}
	if len(b) == 0 || len(b) > 19 {
		return 0, false
	}
	var u uint64
	for _, c := range b {
		if c < '0' || c > '9' {
			return 0, false
		}
		u = u*10 + uint64(c-'0')
	}
	limit := uint64(1) << (bits - 1)
	if neg {
		if u > limit {
			return 0, false
		}
		return -int64(u), true
	}
	if u >= limit {
		return 0, false
	}
	return int64(u), true
}

// parseEpoch parses epoch seconds with up to nanosecond fractions exactly,
// without going through a float for the common forms.
func parseEpoch(b []byte) (time.Time, bool) {
	intPart, frac := b, []byte(nil)
	for i, c := range b {
		if c == '.' {
			intPart, frac = b[:i], b[i+1:]
			break
		}
		if c == 'e' || c == 'E' {
			f, err := strconv.ParseFloat(string(b), 64)
			if err != nil || math.IsNaN(f) || math.IsInf(f, 0) || math.Abs(f) > 1<<62 {
				return time.Time{}, false
			}
			sec, fr := math.Modf(f)
			return time.Unix(int64(sec), int64(math.Round(fr*1e9))).UTC(), true
		}
	}
	sec, ok := parseInt(intPart, 64)
	if !ok {
		return time.Time{}, false
	}
	var nsec int64
	for i, c := range frac {
		if c < '0' || c > '9' {
			return time.Time{}, false
		}
		if i < 9 {
			nsec = nsec*10 + int64(c-'0')
		}
	}
	for i := len(frac); i < 9; i++ {
		nsec *= 10
	}
	if len(intPart) > 0 && intPart[0] == '-' {
		nsec = -nsec
	}
	return time.Unix(sec, nsec).UTC(), true
}
