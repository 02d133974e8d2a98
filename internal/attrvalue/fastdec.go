package attrvalue

import (
	"math"
	"reflect"
	"time"
	"unsafe"
)

// The fast decoders write through unsafe pointers into values whose plan
// says they have no Unmarshaler, for the common kinds: bool, numbers,
// strings, time.Time, structs, pointers, slices and maps with string keys.
// Anything they do not handle (a member that does not fit, a bad number,
// an interface or array target, a type with an Unmarshaler) goes to the
// reflection path in decode.go, which produces v2's results and errors;
// the fast decoders only ever take a shortcut to the same result.

// decFn decodes av into the value at ptr, of the plan's type.
type decFn[AV any] func(d *decState[AV], p *plan[AV], av AV, ptr unsafe.Pointer, tag tagOpts) error

type sliceHeader struct {
	data unsafe.Pointer
	len  int
	cap  int
}

// setFastDec picks the plan's fast decoder, if its kind has one and no
// Unmarshaler can be involved.
func (p *plan[AV]) setFastDec() {
	if p.impl[ifUnmarshaler] || p.ptrImpl[ifUnmarshaler] {
		return
	}
	p.encUnm = p.impl[ifText] || p.impl[ifBinary] || p.ptrImpl[ifText] || p.ptrImpl[ifBinary]
	switch p.kind {
	case reflect.Bool:
		p.dec = decBool[AV]
	case reflect.String:
		p.dec = decString[AV]
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64,
		reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64,
		reflect.Float32, reflect.Float64:
		p.dec = decNumber[AV]
	case reflect.Struct:
		if p.isTime {
			p.dec = decTime[AV]
		} else {
			p.dec = decStructAV[AV]
		}
	case reflect.Pointer:
		if p.elem.kind != reflect.Interface {
			p.dec = decPointer[AV]
		}
	case reflect.Slice:
		if p.byteElems {
			p.dec = decBytes[AV]
		} else {
			p.dec = decSlice[AV]
		}
	case reflect.Map:
		if p.keyDec == keyString && p.keyPtrs == 0 {
			p.dec = decMap[AV]
		}
	}
}

// fast reports whether values of p's type take the fast path under this
// decoding's options.
func (d *decState[AV]) fast(p *plan[AV]) bool {
	return p.dec != nil && !(p.encUnm && d.o.UseEncodingUnmarshalers)
}

// child decodes av into the value at ptr, fast when its plan allows.
func (d *decState[AV]) child(p *plan[AV], av AV, ptr unsafe.Pointer, tag tagOpts) error {
	if d.fast(p) {
		return p.dec(d, p, av, ptr, tag)
	}
	return d.slow(p, av, ptr, tag)
}

// slow decodes with the reflection path.
func (d *decState[AV]) slow(p *plan[AV], av AV, ptr unsafe.Pointer, tag tagOpts) error {
	vw := d.fam.Inspect(av)
	return d.decodeReflect(&vw, av, true, reflect.NewAt(p.typ, ptr).Elem(), p, tag)
}

func decBool[AV any](d *decState[AV], p *plan[AV], av AV, ptr unsafe.Pointer, tag tagOpts) error {
	switch k, _, b := d.fam.Peek(av); k {
	case KindBOOL:
		*(*bool)(ptr) = b
		return nil
	case KindNULL, KindNil:
		*(*bool)(ptr) = false
		return nil
	}
	return d.slow(p, av, ptr, tag)
}

func decString[AV any](d *decState[AV], p *plan[AV], av AV, ptr unsafe.Pointer, tag tagOpts) error {
	switch k, s, _ := d.fam.Peek(av); k {
	case KindS, KindN:
		*(*string)(ptr) = s
		return nil
	case KindNULL, KindNil:
		*(*string)(ptr) = ""
		return nil
	}
	return d.slow(p, av, ptr, tag)
}

func decNumber[AV any](d *decState[AV], p *plan[AV], av AV, ptr unsafe.Pointer, tag tagOpts) error {
	k, s, _ := d.fam.Peek(av)
	switch {
	case k == KindN || k == KindS && tag.has(tagAsString):
		if setNumber(p.kind, s, ptr) {
			return nil
		}
	case k == KindNULL || k == KindNil:
		typedmemclr(p, ptr)
		return nil
	}
	// A member that does not fit, a number that does not parse or
	// overflows: the reflection path builds the error.
	return d.slow(p, av, ptr, tag)
}

// setNumber stores the number text s in the value of kind k at ptr, and
// reports false if it does not parse or fit.
func setNumber(k reflect.Kind, s string, ptr unsafe.Pointer) bool {
	switch k {
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		i, err := parseInt64(s)
		if err != nil {
			return false
		}
		switch k {
		case reflect.Int:
			if int64(int(i)) != i {
				return false
			}
			*(*int)(ptr) = int(i)
		case reflect.Int64:
			*(*int64)(ptr) = i
		case reflect.Int32:
			if int64(int32(i)) != i {
				return false
			}
			*(*int32)(ptr) = int32(i)
		case reflect.Int16:
			if int64(int16(i)) != i {
				return false
			}
			*(*int16)(ptr) = int16(i)
		case reflect.Int8:
			if int64(int8(i)) != i {
				return false
			}
			*(*int8)(ptr) = int8(i)
		}
	case reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64:
		u, err := parseUint64(s)
		if err != nil {
			return false
		}
		switch k {
		case reflect.Uint:
			if uint64(uint(u)) != u {
				return false
			}
			*(*uint)(ptr) = uint(u)
		case reflect.Uint64:
			*(*uint64)(ptr) = u
		case reflect.Uint32:
			if u > math.MaxUint32 {
				return false
			}
			*(*uint32)(ptr) = uint32(u)
		case reflect.Uint16:
			if u > math.MaxUint16 {
				return false
			}
			*(*uint16)(ptr) = uint16(u)
		case reflect.Uint8:
			if u > math.MaxUint8 {
				return false
			}
			*(*uint8)(ptr) = uint8(u)
		}
	case reflect.Float64:
		f, err := parseFloat64(s)
		if err != nil {
			return false
		}
		*(*float64)(ptr) = f
	case reflect.Float32:
		f, err := parseFloat64(s)
		if err != nil || math.Abs(f) > math.MaxFloat32 && !math.IsInf(f, 0) {
			return false
		}
		*(*float32)(ptr) = float32(f)
	default:
		return false
	}
	return true
}

func typedmemclr[AV any](p *plan[AV], ptr unsafe.Pointer) {
	reflect.NewAt(p.typ, ptr).Elem().SetZero()
}

func decTime[AV any](d *decState[AV], p *plan[AV], av AV, ptr unsafe.Pointer, tag tagOpts) error {
	var t time.Time
	var err error
	switch k, s, _ := d.fam.Peek(av); {
	case k == KindS && !tag.has(tagAsString):
		t, err = d.parseTime(s, d.o.DecodeTimeS, parseRFC3339)
	case k == KindN && tag.has(tagUnixTime):
		t, err = ParseUnixTime(s)
	case k == KindN:
		t, err = d.parseTime(s, d.o.DecodeTimeN, ParseUnixTime)
	case k == KindNULL || k == KindNil:
	default:
		return d.slow(p, av, ptr, tag)
	}
	if err != nil {
		return err
	}
	*(*time.Time)(ptr) = t
	return nil
}

func decStructAV[AV any](d *decState[AV], p *plan[AV], av AV, ptr unsafe.Pointer, tag tagOpts) error {
	if m, ok := d.fam.MapOf(av); ok {
		return d.decStruct(p, m, ptr)
	}
	switch k, _, _ := d.fam.Peek(av); k {
	case KindNULL, KindNil:
		typedmemclr(p, ptr)
		return nil
	}
	return d.slow(p, av, ptr, tag)
}

// decStruct decodes the attributes of m into the struct at ptr (for both
// decoding paths): each field from the attribute of its name, then
// attributes that match no field exactly into a field they match
// case-insensitively, as v2 does.
func (d *decState[AV]) decStruct(p *plan[AV], m map[string]AV, ptr unsafe.Pointer) error {
	if d.depth++; d.depth > MaxDepth {
		return &UnmarshalError{Type: p.typ, Value: "M", Err: ErrMaxDepth}
	}
	matched := 0
	for i := range p.fields {
		f := &p.fields[i]
		av, ok := m[f.name]
		if !ok {
			continue
		}
		matched++
		var err error
		if f.op != opGeneric && d.fast(f.plan) {
			if err = d.scalarField(f, av, unsafe.Add(ptr, f.off)); err != nil {
				err = withPath(err, fieldSeg(f.goName))
			}
		} else {
			err = d.decField(p, f, av, ptr)
		}
		if err != nil {
			d.depth--
			return err
		}
	}
	var err error
	if matched != len(m) {
		err = p.foldMatches(m, func(f *fieldPlan[AV], av AV) error { return d.decField(p, f, av, ptr) })
	}
	d.depth--
	return err
}

func (d *decState[AV]) decField(p *plan[AV], f *fieldPlan[AV], av AV, ptr unsafe.Pointer) error {
	var err error
	if f.direct {
		err = d.child(f.plan, av, unsafe.Add(ptr, f.off), f.opts)
		if err != nil {
			err = withPath(err, fieldSeg(f.goName))
		}
	} else {
		err = d.decodeField(f, av, reflect.NewAt(p.typ, ptr).Elem())
	}
	return err
}

// scalarField decodes into a field whose op is not opGeneric and whose
// plan takes the fast path: what the plan's decoder (decString, decBool,
// decNumber or decTime) does, inline. The op rules out every tag option
// but omitempty, so a number is read from N only.
func (d *decState[AV]) scalarField(f *fieldPlan[AV], av AV, ptr unsafe.Pointer) error {
	p := f.plan
	if f.op == opTime {
		return decTime(d, p, av, ptr, f.opts)
	}
	k, s, b := d.fam.Peek(av)
	switch f.op {
	case opString:
		switch k {
		case KindS, KindN:
			*(*string)(ptr) = s
			return nil
		case KindNULL, KindNil:
			*(*string)(ptr) = ""
			return nil
		}
	case opBool:
		switch k {
		case KindBOOL:
			*(*bool)(ptr) = b
			return nil
		case KindNULL, KindNil:
			*(*bool)(ptr) = false
			return nil
		}
	default: // opInt, opUint, opFloat64
		switch k {
		case KindN:
			if setNumber(p.kind, s, ptr) {
				return nil
			}
		case KindNULL, KindNil:
			typedmemclr(p, ptr)
			return nil
		}
	}
	return d.slow(p, av, ptr, f.opts)
}

func decPointer[AV any](d *decState[AV], p *plan[AV], av AV, ptr unsafe.Pointer, tag tagOpts) error {
	pp := (*unsafe.Pointer)(ptr)
	switch k, _, _ := d.fam.Peek(av); k {
	case KindNULL, KindNil:
		*pp = nil
		return nil
	case KindUnknown:
		return d.slow(p, av, ptr, tag)
	}
	if d.depth++; d.depth > MaxDepth {
		return &UnmarshalError{Type: p.typ, Err: ErrMaxDepth}
	}
	if *pp == nil {
		*pp = reflect.New(p.elem.typ).UnsafePointer()
	}
	err := d.child(p.elem, av, *pp, tag)
	d.depth--
	return err
}

func decBytes[AV any](d *decState[AV], p *plan[AV], av AV, ptr unsafe.Pointer, tag tagOpts) error {
	h := (*sliceHeader)(ptr)
	if b, ok := d.fam.BytesOf(av); ok {
		if h.data == nil || h.cap < len(b) {
			*h = sliceHeader{data: reflect.MakeSlice(p.typ, len(b), len(b)).UnsafePointer(), len: len(b), cap: len(b)}
		} else {
			h.len = len(b)
		}
		copy(unsafe.Slice((*byte)(h.data), h.len), b)
		return nil
	}
	switch k, _, _ := d.fam.Peek(av); k {
	case KindNULL, KindNil:
		*h = sliceHeader{}
		return nil
	}
	return d.slow(p, av, ptr, tag)
}

func decSlice[AV any](d *decState[AV], p *plan[AV], av AV, ptr unsafe.Pointer, tag tagOpts) error {
	h := (*sliceHeader)(ptr)
	k, _, _ := d.fam.Peek(av)
	switch k {
	case KindL:
		l, _ := d.fam.ListOf(av)
		return d.decList(p, l, nil, ptr)
	case KindSS, KindNS:
		if d.fast(p.elem) && (p.elem.kind == reflect.String || k == KindNS && p.elem.isNumberKind()) {
			set, _ := d.fam.SetOf(av)
			if d.decStringSet(p, k, set, h) {
				return nil
			}
		}
	case KindNULL, KindNil:
		*h = sliceHeader{}
		return nil
	}
	return d.slow(p, av, ptr, tag)
}

func (p *plan[AV]) isNumberKind() bool {
	switch p.kind {
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64,
		reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64,
		reflect.Float32, reflect.Float64:
		return true
	}
	return false
}

// prepare makes the slice at h able to hold n elements of p's element
// type, reusing its array when it is large enough, as v2 does; the caller
// sets the length as it decodes (so a list of none leaves a reused
// slice's length alone, as in v2).
func (p *plan[AV]) prepare(h *sliceHeader, n int) {
	if h.data != nil && h.cap >= n {
		return
	}
	if n == 0 {
		// A non-nil empty slice (MakeSlice points it at the zero base).
		*h = sliceHeader{data: reflect.MakeSlice(p.typ, 0, 0).UnsafePointer()}
		return
	}
	// Grow on the slice in place allocates only the array (MakeSlice
	// would allocate a header too).
	*h = sliceHeader{}
	reflect.NewAt(p.typ, unsafe.Pointer(h)).Elem().Grow(n)
}

// decList decodes a list (l, or maps for UnmarshalListOfMaps) into the
// slice at ptr.
func (d *decState[AV]) decList(p *plan[AV], l []AV, maps []map[string]AV, ptr unsafe.Pointer) error {
	h := (*sliceHeader)(ptr)
	n := len(l)
	if maps != nil {
		n = len(maps)
	}
	if d.depth++; d.depth > MaxDepth {
		return &UnmarshalError{Type: p.typ, Value: "L", Err: ErrMaxDepth}
	}
	p.prepare(h, n)
	size := p.elem.typ.Size()
	ep := p.elem
	for i := 0; i < n; i++ {
		h.len = i + 1
		eptr := unsafe.Add(h.data, uintptr(i)*size)
		var err error
		if maps != nil {
			err = d.decMapElem(ep, maps[i], eptr)
		} else {
			err = d.child(ep, l[i], eptr, 0)
		}
		if err != nil {
			d.depth--
			return withPath(err, indexSeg(i))
		}
	}
	d.depth--
	return nil
}

// decMapElem decodes one item of a list of maps into the value at ptr,
// straight into a struct (or a struct behind pointers) when it can.
func (d *decState[AV]) decMapElem(p *plan[AV], m map[string]AV, ptr unsafe.Pointer) error {
	for p.kind == reflect.Pointer && d.fast(p) {
		pp := (*unsafe.Pointer)(ptr)
		if *pp == nil {
			*pp = reflect.New(p.elem.typ).UnsafePointer()
		}
		p, ptr = p.elem, *pp
	}
	if p.kind == reflect.Struct && !p.isTime && d.fast(p) {
		return d.decStruct(p, m, ptr)
	}
	var zero AV
	return d.decodeReflect(&View[AV]{Kind: KindM, M: m}, zero, false, reflect.NewAt(p.typ, ptr).Elem(), p, 0)
}

// decStringSet decodes an SS or NS into a slice of strings or numbers,
// reporting false (for the reflection path to redo and report) if an
// element does not fit.
func (d *decState[AV]) decStringSet(p *plan[AV], k Kind, set []string, h *sliceHeader) bool {
	p.prepare(h, len(set))
	ek := p.elem.kind
	size := p.elem.typ.Size()
	for i, s := range set {
		h.len = i + 1
		eptr := unsafe.Add(h.data, uintptr(i)*size)
		if ek == reflect.String {
			*(*string)(eptr) = s
		} else if !setNumber(ek, s, eptr) {
			return false
		}
	}
	return true
}

func decMap[AV any](d *decState[AV], p *plan[AV], av AV, ptr unsafe.Pointer, tag tagOpts) error {
	m, ok := d.fam.MapOf(av)
	if !ok {
		switch k, _, _ := d.fam.Peek(av); k {
		case KindNULL, KindNil:
			*(*unsafe.Pointer)(ptr) = nil
			return nil
		}
		return d.slow(p, av, ptr, tag)
	}
	return d.decMapM(p, m, ptr)
}

func (d *decState[AV]) decMapM(p *plan[AV], m map[string]AV, ptr unsafe.Pointer) error {
	if d.depth++; d.depth > MaxDepth {
		return &UnmarshalError{Type: p.typ, Value: "M", Err: ErrMaxDepth}
	}
	err := d.decMapEntries(p, m, ptr)
	d.depth--
	return err
}

func (d *decState[AV]) decMapEntries(p *plan[AV], m map[string]AV, ptr unsafe.Pointer) error {
	if pm := (*unsafe.Pointer)(ptr); *pm == nil {
		*pm = reflect.MakeMapWithSize(p.typ, len(m)).UnsafePointer()
	}
	if p.strMap && d.fast(p.elem) {
		// map[string]string (or a type of that shape): no reflection per
		// entry.
		out := *(*map[string]string)(ptr)
		for k, av := range m {
			switch kind, s, _ := d.fam.Peek(av); kind {
			case KindS, KindN:
				out[k] = s
			case KindNULL, KindNil:
				out[k] = ""
			default:
				s := new(string)
				if err := d.slow(p.elem, av, unsafe.Pointer(s), 0); err != nil {
					return withPath(err, keySeg(k))
				}
				out[k] = *s
			}
		}
		return nil
	}
	mv := reflect.NewAt(p.typ, ptr).Elem()
	kv := reflect.New(p.key.typ).Elem()
	ev := reflect.New(p.elem.typ).Elem()
	eptr := ev.Addr().UnsafePointer()
	for k, av := range m {
		kv.SetString(k)
		if err := d.child(p.elem, av, eptr, 0); err != nil {
			return withPath(err, keySeg(k))
		}
		mv.SetMapIndex(kv, ev)
		ev.SetZero()
	}
	return nil
}
