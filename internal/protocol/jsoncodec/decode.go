package jsoncodec

import (
	"encoding/base64"
	"fmt"
	"math"
	"reflect"
	"strconv"
	"sync"
	"time"
	"unsafe"

	"github.com/nimbus-sdk/nimbus/internal/protocol"
)

// decoder decodes a JSON document straight into plan-driven Go values.
// Decoders are pooled; everything a decoded value refers to is freshly
// allocated (or carved from blocks that are dropped on release), so no
// decoded value aliases the input or pooled memory.
type decoder struct {
	scanner
	names  Names
	arena  stringArena
	slabs  []slab
	intern map[string]string
	temps  map[reflect.Type][]reflect.Value
	// mapHints remembers the size of the last map decoded per map type,
	// so that maps of similar items (DynamoDB pages) are allocated at
	// their final size.
	mapHints map[reflect.Type]int
	// lastUnion caches the most recent union lookup.
	lastUnionType reflect.Type
	lastUnion     *unionInfo
	recent        [256]string
}

// maxIntern bounds the map-key intern table kept by a pooled decoder.
const (
	maxIntern    = 4096
	maxInternLen = 64
)

var decoderPool = sync.Pool{New: func() any {
	return &decoder{intern: map[string]string{}, temps: map[reflect.Type][]reflect.Value{}, mapHints: map[reflect.Type]int{}}
}}

func getDecoder(data []byte, names Names) *decoder {
	d := decoderPool.Get().(*decoder)
	d.data, d.pos, d.depth, d.names = data, 0, 0, names
	d.lastUnionType, d.lastUnion = nil, nil
	return d
}

func putDecoder(d *decoder) {
	d.data = nil
	d.arena.buf = nil
	clear(d.slabs)
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
	if err := d.structure(sp, v); err != nil {
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
	if err := d.value(pv, fv); err != nil {
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
	return d.arena.str(b, len(d.data)-d.pos), nil
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

func (d *decoder) temp(t reflect.Type) reflect.Value {
	if free := d.temps[t]; len(free) > 0 {
		v := free[len(free)-1]
		d.temps[t] = free[:len(free)-1]
		return v
	}
	return reflect.New(t).Elem()
}

func (d *decoder) release(t reflect.Type, v reflect.Value) {
	v.SetZero()
	d.temps[t] = append(d.temps[t], v)
}

// structure decodes an object into the addressable struct v.
func (d *decoder) structure(sp *protocol.Struct, v reflect.Value) error {
	if err := d.expect('{'); err != nil {
		return err
	}
	if err := d.enter(); err != nil {
		return err
	}
	defer d.leave()
	si := structInfoOf(sp, d.names)
	for first := true; ; first = false {
		ok, err := d.more('}', first)
		if err != nil || !ok {
			return err
		}
		k, err := d.key()
		if err != nil {
			return err
		}
		m := si.dec[string(k)]
		if m == nil {
			if err := d.skip(); err != nil {
				return err
			}
			continue
		}
		if err := d.value(&m.Value, v.Field(m.Index)); err != nil {
			return errorf(m.Name, err)
		}
	}
}

// value decodes the next JSON value into the settable position fv of
// plan pv. A null leaves fv unchanged.
func (d *decoder) value(pv *protocol.Value, fv reflect.Value) error {
	c := d.peek()
	if c == 'n' {
		return d.literal("null")
	}
	switch pv.Kind {
	case protocol.KindString, protocol.KindEnum:
		s, err := d.str()
		if err != nil {
			return err
		}
		protocol.Settable(fv, pv).SetString(s)
	case protocol.KindBool:
		b, err := d.boolean()
		if err != nil {
			return err
		}
		protocol.Settable(fv, pv).SetBool(b)
	case protocol.KindInt8, protocol.KindInt16, protocol.KindInt32, protocol.KindInt64, protocol.KindIntEnum:
		num, err := d.number()
		if err != nil {
			return err
		}
		t := protocol.Settable(fv, pv)
		n, ok := parseInt(num, t.Type().Bits())
		if !ok {
			return fmt.Errorf("invalid integer %s", quote(string(num)))
		}
		t.SetInt(n)
	case protocol.KindFloat32, protocol.KindFloat64:
		f, err := d.float(pv)
		if err != nil {
			return err
		}
		protocol.Settable(fv, pv).SetFloat(f)
	case protocol.KindTimestamp:
		t, err := d.timestamp(pv.TimestampFormat)
		if err != nil {
			return err
		}
		protocol.Settable(fv, pv).Set(reflect.ValueOf(t))
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
		protocol.Settable(fv, pv).SetBytes(out[:n:n])
	case protocol.KindList:
		return d.list(pv, fv)
	case protocol.KindMap:
		return d.mapValue(pv, fv)
	case protocol.KindStruct:
		return d.structure(pv.Struct, protocol.Settable(fv, pv))
	case protocol.KindUnion:
		if isDocument(pv.Type) {
			doc, err := d.document()
			if err != nil {
				return err
			}
			if doc != nil {
				fv.Set(reflect.ValueOf(doc))
			}
			return nil
		}
		return d.union(pv, fv)
	default:
		return fmt.Errorf("cannot decode kind %d from JSON", pv.Kind)
	}
	return nil
}

func (d *decoder) float(pv *protocol.Value) (float64, error) {
	bits := 64
	if pv.Kind == protocol.KindFloat32 {
		bits = 32
	}
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

func (d *decoder) list(pv *protocol.Value, fv reflect.Value) error {
	if err := d.expect('['); err != nil {
		return err
	}
	if err := d.enter(); err != nil {
		return err
	}
	defer d.leave()
	t := fv.Type()
	var list reflect.Value
	n := 0
	for first := true; ; first = false {
		ok, err := d.more(']', first)
		if err != nil {
			return err
		}
		if !ok {
			break
		}
		if !list.IsValid() || n == list.Len() {
			grown := reflect.MakeSlice(t, max(4, 2*n), max(4, 2*n))
			if n > 0 {
				reflect.Copy(grown, list)
			}
			list = grown
		}
		if err := d.value(pv.Elem, list.Index(n)); err != nil {
			return errorf(strconv.Itoa(n), err)
		}
		n++
	}
	if !list.IsValid() {
		fv.Set(reflect.MakeSlice(t, 0, 0))
		return nil
	}
	fv.Set(list.Slice3(0, n, n))
	return nil
}

func (d *decoder) mapValue(pv *protocol.Value, fv reflect.Value) error {
	if err := d.expect('{'); err != nil {
		return err
	}
	if err := d.enter(); err != nil {
		return err
	}
	defer d.leave()
	t := fv.Type()
	mv := fv
	if mv.IsNil() {
		mv = reflect.MakeMapWithSize(t, d.mapHints[t])
		fv.Set(mv)
	}
	defer func() {
		if n := mv.Len(); n <= 1024 {
			d.mapHints[t] = n
		}
	}()
	kt, et := t.Key(), t.Elem()
	key, elem := d.temp(kt), d.temp(et)
	defer d.release(kt, key)
	defer d.release(et, elem)
	nullable := et.Kind() == reflect.Pointer
	for first := true; ; first = false {
		ok, err := d.more('}', first)
		if err != nil || !ok {
			return err
		}
		k, err := d.key()
		if err != nil {
			return err
		}
		key.SetString(d.internKey(k))
		if null, err := d.consumeNull(); err != nil {
			return err
		} else if null {
			if nullable {
				mv.SetMapIndex(key, reflect.Zero(et))
			}
			continue
		}
		elem.SetZero()
		if err := d.value(pv.Elem, elem); err != nil {
			return errorf(key.String(), err)
		}
		mv.SetMapIndex(key, elem)
	}
}

// union decodes a single-member object into the union interface position
// fv. Unknown members become a *protocol.UnknownUnionMember when the
// interface allows it and are otherwise skipped; "__type" is ignored.
func (d *decoder) union(pv *protocol.Value, fv reflect.Value) error {
	if err := d.expect('{'); err != nil {
		return err
	}
	if err := d.enter(); err != nil {
		return err
	}
	err := d.unionMembers(pv, fv)
	d.leave()
	return err
}

func (d *decoder) unionMembers(pv *protocol.Value, fv reflect.Value) error {
	ui := d.lastUnion
	if d.lastUnionType != pv.Type {
		ui = unionInfoOf(pv.Type, d.names)
		d.lastUnionType, d.lastUnion = pv.Type, ui
	}
	for first := true; ; first = false {
		ok, err := d.more('}', first)
		if err != nil || !ok {
			return err
		}
		k, err := d.key()
		if err != nil {
			return err
		}
		v := ui.byName(k)
		if v == nil {
			start := d.pos
			if string(k) == "__type" {
				if err := d.skip(); err != nil {
					return err
				}
				continue
			}
			name := string(k)
			if err := d.skip(); err != nil {
				return err
			}
			if ui.unknown {
				raw := append([]byte(nil), d.data[start:d.pos]...)
				fv.Set(reflect.ValueOf(&protocol.UnknownUnionMember{Tag: name, Value: raw}))
			}
			continue
		}
		if null, err := d.consumeNull(); err != nil {
			return err
		} else if null {
			continue
		}
		uv := v.uv
		var p reflect.Value
		if uv.PtrImpl {
			for len(d.slabs) <= v.id {
				d.slabs = append(d.slabs, slab{})
			}
			p = d.slabs[v.id].alloc(uv.Struct.Type)
		} else {
			p = reflect.New(uv.Struct.Type)
		}
		if err := d.value(&uv.Value.Value, p.Elem().Field(uv.Value.Index)); err != nil {
			return errorf(v.name, err)
		}
		switch {
		case v.itab != nil && fv.CanAddr():
			// Store the interface words directly: reflect's Set would check
			// that the variant implements the interface on every call.
			*(*[2]unsafe.Pointer)(fv.Addr().UnsafePointer()) = [2]unsafe.Pointer{v.itab, p.UnsafePointer()}
		case uv.PtrImpl:
			fv.Set(p)
		default:
			fv.Set(p.Elem())
		}
	}
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
