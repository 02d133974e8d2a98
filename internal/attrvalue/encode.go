package attrvalue

import (
	"fmt"
	"reflect"
	"strconv"
	"time"
	"unsafe"
)

// EncodeOptions are the encoder settings (see the public EncoderOptions).
type EncodeOptions[AV any] struct {
	TagKey        string
	NullEmptySets bool
	// EncodeTime, if not nil, encodes time.Time values; nil means
	// RFC 3339 with nanoseconds as a string.
	EncodeTime              func(time.Time) (AV, error)
	UseEncodingMarshalers   bool
	OmitNullAttributeValues bool
	OmitEmptyTime           bool
}

// encState is one encoding in progress. It is pooled with its builder and
// the unused rest of its text arena.
type encState[AV any] struct {
	fam *Family[AV]
	lookup[AV]
	o     *EncodeOptions[AV]
	b     Builder[AV]
	text  []byte // arena for number and time text; only appended to
	bin   []byte // arena for copies of binary values; only appended to
	depth int
}

func (c *Codec[AV]) getEnc(o *EncodeOptions[AV]) *encState[AV] {
	e, _ := c.encs.Get().(*encState[AV])
	if e == nil {
		e = &encState[AV]{fam: c.fam, b: c.fam.NewBuilder()}
	}
	e.use(c, o.TagKey)
	e.o = o
	e.depth = 0
	return e
}

func (c *Codec[AV]) putEnc(e *encState[AV]) {
	e.o = nil
	c.encs.Put(e)
}

// Marshal encodes in. ok is false when in has no attribute-value form and
// v2 returns nil (a channel or function, say). Errors are the public
// package's (see Family.Error).
func (c *Codec[AV]) Marshal(in any, o *EncodeOptions[AV]) (av AV, ok bool, err error) {
	av, ok, err = c.marshal(in, o)
	return av, ok, c.fam.Error(err)
}

func (c *Codec[AV]) marshal(in any, o *EncodeOptions[AV]) (av AV, ok bool, err error) {
	e := c.getEnc(o)
	defer c.putEnc(e)
	v := reflect.ValueOf(in)
	if !v.IsValid() {
		return e.b.NULL(), true, nil
	}
	p := e.rootPlan(v.Type())
	if p.kind == reflect.Pointer && e.fast(p) {
		ptr := v.UnsafePointer()
		if ptr == nil {
			return e.b.NULL(), true, nil
		}
		e.depth++
		return e.childBody(p.elem, ptr, 0, true)
	}
	if (p.wantAddr || e.fast(p)) && !v.CanAddr() {
		// An addressable view lets the fields be read in place; the
		// logical addressability that decides which marshalers apply
		// stays false, so nothing is called that could write through it.
		if ptr := boxed(in, p); ptr != nil {
			v = reflect.NewAt(p.typ, ptr).Elem()
		} else {
			nv := reflect.New(v.Type()).Elem()
			nv.Set(v)
			v = nv
		}
	}
	return e.encode(v, p, 0, false)
}

// boxed returns the address of the value an interface holds, when it
// certainly holds one by address: a struct or array larger than a
// pointer is never stored in the interface word itself. The caller must
// only read through it (the value may be shared, or in read-only memory).
func boxed[AV any](in any, p *plan[AV]) unsafe.Pointer {
	if (p.kind != reflect.Struct && p.kind != reflect.Array) || p.typ.Size() <= unsafe.Sizeof(uintptr(0)) {
		return nil
	}
	type eface struct{ typ, data unsafe.Pointer }
	return (*eface)(unsafe.Pointer(&in)).data
}

// MarshalMap encodes in and returns its map, or an empty map if in does
// not encode to one (as v2).
func (c *Codec[AV]) MarshalMap(in any, o *EncodeOptions[AV]) (map[string]AV, error) {
	av, ok, err := c.Marshal(in, o)
	if err != nil || !ok {
		return map[string]AV{}, err
	}
	if vw := c.fam.Inspect(av); vw.Kind == KindM {
		return vw.M, nil
	}
	return map[string]AV{}, nil
}

// MarshalList encodes in and returns its list, or an empty list if in
// does not encode to one (as v2).
func (c *Codec[AV]) MarshalList(in any, o *EncodeOptions[AV]) ([]AV, error) {
	av, ok, err := c.Marshal(in, o)
	if err != nil || !ok {
		return []AV{}, err
	}
	if vw := c.fam.Inspect(av); vw.Kind == KindL {
		return vw.L, nil
	}
	return []AV{}, nil
}

// isZero is v2's notion of an empty value, which omitempty and nullempty
// test: nil pointers, interfaces, maps and slices, zero-length arrays,
// empty strings, false and numeric zeros. Structs are never empty.
func isZero(v reflect.Value) bool {
	switch v.Kind() {
	case reflect.Array:
		return v.Len() == 0
	case reflect.Map, reflect.Slice, reflect.Interface, reflect.Pointer:
		return v.IsNil()
	case reflect.String:
		return v.Len() == 0
	case reflect.Bool:
		return !v.Bool()
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		return v.Int() == 0
	case reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64, reflect.Uintptr:
		return v.Uint() == 0
	case reflect.Float32, reflect.Float64:
		return v.Float() == 0
	}
	return false
}

// encode encodes v, whose type p describes, under the field options tag,
// on the fast path when the plan has one and v is addressable.
func (e *encState[AV]) encode(v reflect.Value, p *plan[AV], tag tagOpts, addr bool) (av AV, ok bool, err error) {
	if e.fast(p) && v.CanAddr() {
		return e.child(p, v.Addr().UnsafePointer(), tag, addr)
	}
	return e.encodeReflect(v, p, tag, addr)
}

// encodeReflect encodes v by reflection, under the field options tag.
// addr says whether v counts as addressable (so that pointer-receiver
// marshalers apply), which follows v2 rather than reflect: values reached
// through map iteration are read from addressable temporaries but do not
// count. ok is false when the value is omitted.
func (e *encState[AV]) encodeReflect(v reflect.Value, p *plan[AV], tag tagOpts, addr bool) (av AV, ok bool, err error) {
	if isZero(v) {
		if tag.has(tagOmitEmpty) && tag.has(tagNullEmpty) {
			return av, false, errOmitNull()
		}
		if tag.has(tagOmitEmpty) {
			return av, false, nil
		}
		switch p.kind {
		case reflect.Map, reflect.Slice, reflect.Interface, reflect.Pointer:
			return e.b.NULL(), true, nil
		}
		if tag.has(tagNullEmpty) {
			return e.b.NULL(), true, nil
		}
	}
	switch p.kind {
	case reflect.Pointer:
		if e.depth++; e.depth > MaxDepth {
			return av, false, &MarshalError{Type: p.typ, Err: ErrMaxDepth}
		}
		av, ok, err = e.body(v.Elem(), p.elem, tag, true)
		e.depth--
		return av, ok, err
	case reflect.Interface:
		if e.depth++; e.depth > MaxDepth {
			return av, false, &MarshalError{Type: p.typ, Err: ErrMaxDepth}
		}
		ev := v.Elem()
		av, ok, err = e.body(ev, e.pc.plan(ev.Type()), tag, false)
		e.depth--
		return av, ok, err
	}
	return e.bodyReflect(v, p, tag, addr)
}

// body encodes a value after the first pointer or interface has been
// followed: marshalers first, then by kind.
func (e *encState[AV]) body(v reflect.Value, p *plan[AV], tag tagOpts, addr bool) (av AV, ok bool, err error) {
	if e.fast(p) && v.CanAddr() {
		return p.enc(e, p, v.Addr().UnsafePointer(), tag, addr)
	}
	return e.bodyReflect(v, p, tag, addr)
}

// bodyReflect is body by reflection.
func (e *encState[AV]) bodyReflect(v reflect.Value, p *plan[AV], tag tagOpts, addr bool) (av AV, ok bool, err error) {
	if p.anyMarshaler && (p.kind != reflect.Pointer || !v.IsNil()) {
		av, ok, err = e.marshaler(v, p, addr)
		if err != nil {
			return av, false, &MarshalError{Type: p.typ, Err: err}
		}
		if ok {
			if e.o.OmitNullAttributeValues && tag.has(tagOmitEmpty) {
				if vw := e.fam.Inspect(av); vw.Kind == KindNULL && vw.Bool {
					return av, false, nil
				}
			}
			return av, true, nil
		}
	}
	switch p.kind {
	case reflect.Struct:
		return e.encodeStruct(v, p, tag, addr)
	case reflect.Map:
		return e.encodeMap(v, p, tag)
	case reflect.Slice, reflect.Array:
		return e.encodeSlice(v, p, tag, addr)
	case reflect.Pointer:
		// A pointer to a pointer: the inner pointer is encoded in full,
		// with the same options.
		if !v.IsNil() {
			if e.depth++; e.depth > MaxDepth {
				return av, false, &MarshalError{Type: p.typ, Err: ErrMaxDepth}
			}
			av, ok, err = e.encode(v.Elem(), p.elem, tag, true)
			e.depth--
			return av, ok, err
		}
		if tag.has(tagOmitEmpty) && tag.has(tagOmitEmptyElem) {
			return av, false, nil
		}
		return e.b.NULL(), true, nil
	case reflect.Bool:
		return e.b.BOOL(v.Bool()), true, nil
	case reflect.String:
		if p.isNumber && !tag.has(tagAsString) {
			return e.b.N(v.String()), true, nil
		}
		return e.b.S(v.String()), true, nil
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		return e.number(e.appendInt(v.Int()), tag), true, nil
	case reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64:
		return e.number(e.appendUint(v.Uint()), tag), true, nil
	case reflect.Float32:
		return e.number(e.appendFloat(v.Float(), 32), tag), true, nil
	case reflect.Float64:
		return e.number(e.appendFloat(v.Float(), 64), tag), true, nil
	}
	// Channels, functions, unsafe pointers, uintptrs, complex numbers and
	// pointers to interfaces have no attribute form and are left out, as v2
	// does.
	return av, false, nil
}

func (e *encState[AV]) number(s string, tag tagOpts) AV {
	if tag.has(tagAsString) {
		return e.b.S(s)
	}
	return e.b.N(s)
}

// textChunk is the size of a fresh text arena.
const textChunk = 512

// reserve makes room for at least room more bytes of text and returns
// where they start; since returns the text appended from there as a
// string sharing the arena. Bytes once returned are never written again:
// the arena is only appended to, and when it is replaced (here, or by an
// append that outgrows it) the old one stays with the strings that point
// into it.
func (e *encState[AV]) reserve(room int) int {
	if cap(e.text)-len(e.text) < room {
		e.text = make([]byte, 0, max(textChunk, room))
	}
	return len(e.text)
}

func (e *encState[AV]) since(start int) string {
	if len(e.text) == start {
		return ""
	}
	return unsafe.String(&e.text[start], len(e.text)-start)
}

// copyBytes returns a copy of b from the binary arena, capped at its
// length so that appending to it cannot reach a neighbour. A nil or empty
// b gives an empty, non-nil slice (v2 returns []byte{}).
func (e *encState[AV]) copyBytes(b []byte) []byte {
	if len(b) == 0 {
		return []byte{}
	}
	if len(b) > textChunk/2 {
		return append([]byte(nil), b...)
	}
	if cap(e.bin)-len(e.bin) < len(b) {
		e.bin = make([]byte, 0, textChunk)
	}
	start := len(e.bin)
	e.bin = append(e.bin, b...)
	return e.bin[start:len(e.bin):len(e.bin)]
}

// marshaler calls the Marshaler (or, with UseEncodingMarshalers, the
// TextMarshaler or BinaryMarshaler) v has, looking where v2 looks: on the
// pointer's method set when v is of a named type and addressable, else on
// the value's. ok is false when there is none or it returned nil.
func (e *encState[AV]) marshaler(v reflect.Value, p *plan[AV], addr bool) (av AV, ok bool, err error) {
	var m, tm, bm bool
	var recv reflect.Value
	if p.kind != reflect.Pointer && p.named && addr {
		m, tm, bm = p.ptrM, p.ptrTM, p.ptrBM
		recv = v.Addr()
	} else {
		m, tm, bm = p.valM, p.valTM, p.valBM
		if !m && !(e.o.UseEncodingMarshalers && (tm || bm)) {
			return av, false, nil
		}
		if v.CanAddr() && p.kind != reflect.Pointer && p.kind != reflect.Interface {
			recv = v.Addr() // value methods through the pointer: no boxing
		} else {
			recv = v
		}
	}
	if !m && !(e.o.UseEncodingMarshalers && (tm || bm)) {
		return av, false, nil
	}
	if !recv.CanInterface() {
		return av, false, nil
	}
	i := recv.Interface()
	if m {
		av, err = e.fam.CallMarshaler(i)
		if err != nil {
			return av, false, err
		}
		return av, any(av) != nil, nil
	}
	if tm {
		text, err := i.(interface{ MarshalText() ([]byte, error) }).MarshalText()
		if err != nil {
			return av, false, err
		}
		return e.b.S(string(text)), true, nil
	}
	bin, err := i.(interface{ MarshalBinary() ([]byte, error) }).MarshalBinary()
	if err != nil {
		return av, false, err
	}
	return e.b.B(bin), true, nil
}

func (e *encState[AV]) timeValue(v reflect.Value, p *plan[AV]) time.Time {
	if v.CanAddr() {
		return *(*time.Time)(v.Addr().UnsafePointer())
	}
	if p.exactTime {
		return v.Interface().(time.Time)
	}
	return v.Convert(timeType).Interface().(time.Time)
}

func (e *encState[AV]) encodeStruct(v reflect.Value, p *plan[AV], tag tagOpts, addr bool) (av AV, ok bool, err error) {
	if p.isTime {
		return e.encodeTime(e.timeValue(v, p), p, tag)
	}
	if e.depth++; e.depth > MaxDepth {
		return av, false, &MarshalError{Type: p.typ, Err: ErrMaxDepth}
	}
	defer func() { e.depth-- }()
	m := newStructMap(p)
	for i := range p.fields {
		f := &p.fields[i]
		fv, faddr, found := v, addr, true
		if len(f.index) == 1 {
			fv = v.Field(f.index[0])
		} else {
			fv, faddr, found = fieldByIndex(v, f.index, addr)
		}
		var fav AV
		var fok bool
		if found {
			if fav, fok, err = e.encode(fv, f.plan, f.opts, faddr); err != nil {
				return av, false, withPath(err, fieldSeg(f.goName))
			}
		}
		m.put(f, i, fav, fok)
	}
	return e.b.M(m.done(p)), true, nil
}

// encodeTime encodes a time.Time (or a type convertible to it): Unix
// seconds when tagged unixtime, else by EncodeTime or as RFC 3339.
func (e *encState[AV]) encodeTime(t time.Time, p *plan[AV], tag tagOpts) (av AV, ok bool, err error) {
	if e.o.OmitEmptyTime && tag.has(tagOmitEmpty) && t.IsZero() {
		return av, false, nil
	}
	if tag.has(tagUnixTime) {
		return e.b.N(e.appendInt(t.Unix())), true, nil
	}
	if e.o.EncodeTime != nil {
		av, err = e.o.EncodeTime(t)
		if err != nil {
			return av, false, &MarshalError{Type: p.typ, Err: err}
		}
		return av, any(av) != nil, nil
	}
	start := e.reserve(40)
	e.text = t.AppendFormat(e.text, time.RFC3339Nano)
	return e.b.S(e.since(start)), true, nil
}

// fieldByIndex follows a promoted field's index through embedded structs;
// found is false when an embedded pointer on the way is nil.
func fieldByIndex(v reflect.Value, index []int, addr bool) (reflect.Value, bool, bool) {
	for i, x := range index {
		if i > 0 && v.Kind() == reflect.Pointer && v.Type().Elem().Kind() == reflect.Struct {
			if v.IsNil() {
				return reflect.Value{}, false, false
			}
			v = v.Elem()
			addr = true
		}
		v = v.Field(x)
	}
	return v, addr, true
}

func (e *encState[AV]) encodeMap(v reflect.Value, p *plan[AV], tag tagOpts) (av AV, ok bool, err error) {
	if e.depth++; e.depth > MaxDepth {
		return av, false, &MarshalError{Type: p.typ, Err: ErrMaxDepth}
	}
	defer func() { e.depth-- }()
	m := make(map[string]AV, v.Len())
	if v.Len() == 0 {
		return e.b.M(m), true, nil
	}
	if p.keyEnc == keyUnsupported {
		return av, false, &InvalidMarshalError{Msg: "map key type not supported, must be string, number, bool, or TextMarshaler"}
	}
	etag := tag.elem()
	kv := reflect.New(p.key.typ).Elem()
	ev := reflect.New(p.elem.typ).Elem()
	it := v.MapRange()
	for it.Next() {
		kv.SetIterKey(it)
		ev.SetIterValue(it)
		k, err := e.mapKey(kv, p)
		if err != nil {
			return av, false, err
		}
		eav, eok, err := e.encode(ev, p.elem, etag, false)
		if err != nil {
			return av, false, withPath(err, keySeg(k))
		}
		if eok {
			m[k] = eav
		}
	}
	return e.b.M(m), true, nil
}

// mapKey writes a map key as v2 does: MarshalText, or fmt.Sprint of the
// key (strconv here where that prints the same).
func (e *encState[AV]) mapKey(kv reflect.Value, p *plan[AV]) (string, error) {
	var k string
	switch p.keyEnc {
	case keyText:
		text, err := kv.Interface().(interface{ MarshalText() ([]byte, error) }).MarshalText()
		if err != nil {
			return "", &MarshalError{Type: p.key.typ, Err: fmt.Errorf("failed to marshal text, %w", err)}
		}
		k = string(text)
	case keyFmt:
		k = fmt.Sprint(kv.Interface())
	case keyString:
		k = kv.String()
	case keyBool:
		k = strconv.FormatBool(kv.Bool())
	case keyInt:
		k = strconv.FormatInt(kv.Int(), 10)
	case keyUint:
		k = strconv.FormatUint(kv.Uint(), 10)
	case keyFloat:
		k = strconv.FormatFloat(kv.Float(), 'g', -1, p.key.typ.Bits())
	}
	if k == "" {
		return "", &InvalidMarshalError{Msg: "map key cannot be empty"}
	}
	return k, nil
}

func (e *encState[AV]) encodeSlice(v reflect.Value, p *plan[AV], tag tagOpts, addr bool) (av AV, ok bool, err error) {
	n := v.Len()
	if p.byteElems {
		if v.Kind() == reflect.Slice || v.CanAddr() {
			return e.b.B(e.copyBytes(v.Bytes())), true, nil
		}
		b := make([]byte, n)
		for i := range b {
			b[i] = byte(v.Index(i).Uint())
		}
		return e.b.B(b), true, nil
	}
	if e.depth++; e.depth > MaxDepth {
		return av, false, &MarshalError{Type: p.typ, Err: ErrMaxDepth}
	}
	defer func() { e.depth-- }()
	etag := tag.elem()
	eaddr := addr || v.Kind() == reflect.Slice
	var set Kind
	switch {
	case tag.has(tagBinSet) || p.bsType:
		set = KindBS
	case tag.has(tagNumSet):
		set = KindNS
	case tag.has(tagStrSet):
		set = KindSS
	}
	if set == KindNil {
		l := make([]AV, 0, n)
		for i := 0; i < n; i++ {
			eav, eok, err := e.encode(v.Index(i), p.elem, etag, eaddr)
			if err != nil {
				return av, false, withPath(err, indexSeg(i))
			}
			if eok {
				l = append(l, eav)
			}
		}
		return e.b.L(l), true, nil
	}
	if n == 0 && e.o.NullEmptySets {
		return e.b.NULL(), true, nil
	}
	var strs []string
	var bins [][]byte
	if set == KindBS {
		bins = make([][]byte, 0, n)
	} else {
		strs = make([]string, 0, n)
	}
	for i := 0; i < n; i++ {
		eav, eok, err := e.encode(v.Index(i), p.elem, etag, eaddr)
		if err != nil {
			return av, false, withPath(err, indexSeg(i))
		}
		if !eok {
			continue
		}
		vw := e.fam.Inspect(eav)
		switch set {
		case KindBS:
			if vw.Kind != KindB || vw.B == nil {
				return av, false, &InvalidMarshalError{Path: indexSeg(i), Msg: "binary set must only contain non-nil byte slices"}
			}
			bins = append(bins, vw.B)
		case KindNS:
			if vw.Kind != KindN {
				return av, false, &InvalidMarshalError{Path: indexSeg(i), Msg: "number set must only contain non-nil string numbers"}
			}
			strs = append(strs, vw.S)
		case KindSS:
			if vw.Kind != KindS {
				return av, false, &InvalidMarshalError{Path: indexSeg(i), Msg: "string set must only contain non-nil strings"}
			}
			strs = append(strs, vw.S)
		}
	}
	switch set {
	case KindBS:
		return e.b.BS(bins), true, nil
	case KindNS:
		return e.b.NS(strs), true, nil
	}
	return e.b.SS(strs), true, nil
}
