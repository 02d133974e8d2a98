package attrvalue

import (
	"reflect"
	"strconv"
	"time"
	"unsafe"
)

// The fast encoders read through unsafe pointers from values whose plan
// says they have no Marshaler, for the same kinds as the fast decoders.
// Whatever they do not handle goes to the reflection path in encode.go,
// so the output stays v2's.

// encFn encodes the value at ptr, of the plan's type, after the checks
// for empty values (the "body" of encode.go).
type encFn[AV any] func(e *encState[AV], p *plan[AV], ptr unsafe.Pointer, tag tagOpts, addr bool) (AV, bool, error)

// setFastEnc picks the plan's fast encoder, if its kind has one and no
// Marshaler can be involved.
func (p *plan[AV]) setFastEnc() {
	if p.valM || p.ptrM {
		return
	}
	p.encM = p.valTM || p.ptrTM || p.valBM || p.ptrBM
	switch p.kind {
	case reflect.Bool:
		p.enc = encBool[AV]
	case reflect.String:
		p.enc = encString[AV]
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		p.enc = encInt[AV]
	case reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64:
		p.enc = encUint[AV]
	case reflect.Float32, reflect.Float64:
		p.enc = encFloat[AV]
	case reflect.Struct:
		if p.isTime {
			p.enc = encTime[AV]
		} else {
			p.enc = encStruct[AV]
		}
	case reflect.Pointer:
		if p.elem.kind != reflect.Interface {
			p.enc = encPointerBody[AV]
		}
	case reflect.Slice:
		if p.byteElems {
			p.enc = encBytes[AV]
		} else {
			p.enc = encSlice[AV]
		}
	case reflect.Map:
		if p.keyEnc == keyString && p.keyPtrs == 0 {
			p.enc = encMap[AV]
		}
	}
}

// fast reports whether values of p's type take the fast path under this
// encoding's options.
func (e *encState[AV]) fast(p *plan[AV]) bool {
	return p.enc != nil && !(p.encM && e.o.UseEncodingMarshalers)
}

// fastZero is isZero for the kinds with fast encoders.
func fastZero[AV any](p *plan[AV], ptr unsafe.Pointer) bool {
	switch p.kind {
	case reflect.String:
		return *(*string)(ptr) == ""
	case reflect.Bool:
		return !*(*bool)(ptr)
	case reflect.Int, reflect.Int64, reflect.Uint, reflect.Uint64,
		reflect.Int32, reflect.Uint32, reflect.Int16, reflect.Uint16, reflect.Int8, reflect.Uint8:
		switch p.typ.Size() { // int and uint are 4 or 8 bytes
		case 8:
			return *(*uint64)(ptr) == 0
		case 4:
			return *(*uint32)(ptr) == 0
		case 2:
			return *(*uint16)(ptr) == 0
		}
		return *(*uint8)(ptr) == 0
	case reflect.Float64:
		return *(*float64)(ptr) == 0
	case reflect.Float32:
		return *(*float32)(ptr) == 0
	case reflect.Pointer, reflect.Map, reflect.Slice:
		return *(*unsafe.Pointer)(ptr) == nil
	}
	return false
}

// child encodes the value at ptr as encode does: empty-value rules, then
// the body, fast when its plan allows.
func (e *encState[AV]) child(p *plan[AV], ptr unsafe.Pointer, tag tagOpts, addr bool) (av AV, ok bool, err error) {
	if !e.fast(p) {
		return e.encodeReflect(reflect.NewAt(p.typ, ptr).Elem(), p, tag, addr)
	}
	if fastZero(p, ptr) {
		if tag.has(tagOmitEmpty) && tag.has(tagNullEmpty) {
			return av, false, errOmitNull()
		}
		if tag.has(tagOmitEmpty) {
			return av, false, nil
		}
		switch p.kind {
		case reflect.Map, reflect.Slice, reflect.Pointer:
			return e.b.NULL(), true, nil
		}
		if tag.has(tagNullEmpty) {
			return e.b.NULL(), true, nil
		}
	}
	if p.kind == reflect.Pointer {
		// A pointer's own body differs (see body in encode.go): here the
		// pointer is not nil and its element's body is encoded.
		if e.depth++; e.depth > MaxDepth {
			return av, false, &MarshalError{Type: p.typ, Err: ErrMaxDepth}
		}
		av, ok, err = e.childBody(p.elem, *(*unsafe.Pointer)(ptr), tag, true)
		e.depth--
		return av, ok, err
	}
	return p.enc(e, p, ptr, tag, addr)
}

// childBody is body for the value at ptr.
func (e *encState[AV]) childBody(p *plan[AV], ptr unsafe.Pointer, tag tagOpts, addr bool) (AV, bool, error) {
	if e.fast(p) {
		return p.enc(e, p, ptr, tag, addr)
	}
	return e.bodyReflect(reflect.NewAt(p.typ, ptr).Elem(), p, tag, addr)
}

func errOmitNull() error {
	return &InvalidMarshalError{Msg: "unable to encode AttributeValue for zero value field with incompatible struct tags, omitempty and nullempty"}
}

func encBool[AV any](e *encState[AV], p *plan[AV], ptr unsafe.Pointer, tag tagOpts, addr bool) (AV, bool, error) {
	return e.b.BOOL(*(*bool)(ptr)), true, nil
}

func encString[AV any](e *encState[AV], p *plan[AV], ptr unsafe.Pointer, tag tagOpts, addr bool) (AV, bool, error) {
	s := *(*string)(ptr)
	if p.isNumber && !tag.has(tagAsString) {
		return e.b.N(s), true, nil
	}
	return e.b.S(s), true, nil
}

func encInt[AV any](e *encState[AV], p *plan[AV], ptr unsafe.Pointer, tag tagOpts, addr bool) (AV, bool, error) {
	return e.number(e.appendInt(readInt(p.kind, ptr)), tag), true, nil
}

func encUint[AV any](e *encState[AV], p *plan[AV], ptr unsafe.Pointer, tag tagOpts, addr bool) (AV, bool, error) {
	return e.number(e.appendUint(readUint(p.kind, ptr)), tag), true, nil
}

func encFloat[AV any](e *encState[AV], p *plan[AV], ptr unsafe.Pointer, tag tagOpts, addr bool) (AV, bool, error) {
	if p.kind == reflect.Float32 {
		return e.number(e.appendFloat(float64(*(*float32)(ptr)), 32), tag), true, nil
	}
	return e.number(e.appendFloat(*(*float64)(ptr), 64), tag), true, nil
}

func encTime[AV any](e *encState[AV], p *plan[AV], ptr unsafe.Pointer, tag tagOpts, addr bool) (AV, bool, error) {
	return e.encodeTime(*(*time.Time)(ptr), p, tag)
}

func encStruct[AV any](e *encState[AV], p *plan[AV], ptr unsafe.Pointer, tag tagOpts, addr bool) (av AV, ok bool, err error) {
	if e.depth++; e.depth > MaxDepth {
		return av, false, &MarshalError{Type: p.typ, Err: ErrMaxDepth}
	}
	m := newStructMap(p)
	for i := range p.fields {
		f := &p.fields[i]
		var fav AV
		var fok bool
		if f.op != opGeneric {
			fav, fok, err = e.scalarField(f, unsafe.Add(ptr, f.off), addr)
		} else if f.direct {
			fav, fok, err = e.child(f.plan, unsafe.Add(ptr, f.off), f.opts, addr)
		} else if fv, faddr, found := fieldByIndex(reflect.NewAt(p.typ, ptr).Elem(), f.index, addr); found {
			fav, fok, err = e.encode(fv, f.plan, f.opts, faddr)
		}
		if err != nil {
			e.depth--
			return av, false, withPath(err, fieldSeg(f.goName))
		}
		m.put(f, i, fav, fok)
	}
	e.depth--
	return e.b.M(m.done(p)), true, nil
}

// encPointerBody is body for a pointer (a pointer reached through another
// pointer): a nil one is NULL, or left out under omitempty with
// omitemptyelem; otherwise its element is encoded in full.
func encPointerBody[AV any](e *encState[AV], p *plan[AV], ptr unsafe.Pointer, tag tagOpts, addr bool) (av AV, ok bool, err error) {
	elem := *(*unsafe.Pointer)(ptr)
	if elem == nil {
		if tag.has(tagOmitEmpty) && tag.has(tagOmitEmptyElem) {
			return av, false, nil
		}
		return e.b.NULL(), true, nil
	}
	if e.depth++; e.depth > MaxDepth {
		return av, false, &MarshalError{Type: p.typ, Err: ErrMaxDepth}
	}
	av, ok, err = e.child(p.elem, elem, tag, true)
	e.depth--
	return av, ok, err
}

func encBytes[AV any](e *encState[AV], p *plan[AV], ptr unsafe.Pointer, tag tagOpts, addr bool) (AV, bool, error) {
	h := (*sliceHeader)(ptr)
	return e.b.B(e.copyBytes(unsafe.Slice((*byte)(h.data), h.len))), true, nil
}

func encSlice[AV any](e *encState[AV], p *plan[AV], ptr unsafe.Pointer, tag tagOpts, addr bool) (av AV, ok bool, err error) {
	h := (*sliceHeader)(ptr)
	etag := tag.elem()
	ep := p.elem
	size := ep.typ.Size()
	switch {
	case tag.has(tagBinSet) || p.bsType:
	case tag.has(tagNumSet) || tag.has(tagStrSet):
		// Sets of plain strings or numbers, with no element options.
		str := tag.has(tagStrSet) && !tag.has(tagNumSet) && ep.kind == reflect.String && !ep.isNumber
		num := tag.has(tagNumSet) && (ep.isNumberKind() || ep.kind == reflect.String && ep.isNumber)
		if etag != 0 || !e.fast(ep) || !(str || num) {
			break
		}
		if h.len == 0 && e.o.NullEmptySets {
			return e.b.NULL(), true, nil
		}
		set := make([]string, h.len)
		for i := range set {
			eptr := unsafe.Add(h.data, uintptr(i)*size)
			if ep.kind == reflect.String {
				set[i] = *(*string)(eptr)
				continue
			}
			eav, _, _ := ep.enc(e, ep, eptr, 0, true)
			_, set[i], _ = e.fam.Peek(eav)
		}
		if num {
			return e.b.NS(set), true, nil
		}
		return e.b.SS(set), true, nil
	default:
		if e.depth++; e.depth > MaxDepth {
			return av, false, &MarshalError{Type: p.typ, Err: ErrMaxDepth}
		}
		l := make([]AV, 0, h.len)
		for i := 0; i < h.len; i++ {
			eav, eok, err := e.child(ep, unsafe.Add(h.data, uintptr(i)*size), etag, true)
			if err != nil {
				e.depth--
				return av, false, withPath(err, indexSeg(i))
			}
			if eok {
				l = append(l, eav)
			}
		}
		e.depth--
		return e.b.L(l), true, nil
	}
	return e.encodeSlice(reflect.NewAt(p.typ, ptr).Elem(), p, tag, addr)
}

func encMap[AV any](e *encState[AV], p *plan[AV], ptr unsafe.Pointer, tag tagOpts, addr bool) (av AV, ok bool, err error) {
	if !p.strMap || !e.fast(p.elem) {
		return e.encodeMap(reflect.NewAt(p.typ, ptr).Elem(), p, tag)
	}
	if e.depth++; e.depth > MaxDepth {
		return av, false, &MarshalError{Type: p.typ, Err: ErrMaxDepth}
	}
	defer func() { e.depth-- }()
	sm := *(*map[string]string)(ptr)
	m := make(map[string]AV, len(sm))
	etag := tag.elem()
	for k, s := range sm {
		if k == "" {
			return av, false, &InvalidMarshalError{Msg: "map key cannot be empty"}
		}
		if s == "" && etag != 0 {
			if etag.has(tagOmitEmpty) && etag.has(tagNullEmpty) {
				return av, false, withPath(errOmitNull(), keySeg(k))
			}
			if etag.has(tagOmitEmpty) {
				continue
			}
			m[k] = e.b.NULL()
			continue
		}
		m[k] = e.b.S(s)
	}
	return e.b.M(m), true, nil
}

// fieldOp names the struct fields encStruct encodes inline: scalars with
// no marshaler of any kind and no tag option but omitempty, which encode
// the same under every EncodeOptions. What they encode to is what child
// gives them; inlining saves its checks, most of a struct's cost.
type fieldOp uint8

const (
	opGeneric fieldOp = iota
	opString
	opBool
	opInt
	opUint
	opFloat64
	opTime // time.Time itself, under any options
)

func opFor[AV any](p *plan[AV], opts tagOpts) fieldOp {
	if p.exactTime && !p.valM && !p.ptrM {
		return opTime // it has TextMarshaler and BinaryMarshaler: see scalarField
	}
	if p.anyMarshaler || opts&^tagOmitEmpty != 0 {
		return opGeneric
	}
	switch p.kind {
	case reflect.String:
		if !p.isNumber {
			return opString
		}
	case reflect.Bool:
		return opBool
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		return opInt
	case reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64:
		return opUint
	case reflect.Float64:
		return opFloat64
	}
	return opGeneric
}

// scalarField encodes a field whose op is not opGeneric; ok is false when
// omitempty leaves it out.
func (e *encState[AV]) scalarField(f *fieldPlan[AV], ptr unsafe.Pointer, addr bool) (av AV, ok bool, err error) {
	omit := f.opts.has(tagOmitEmpty)
	switch f.op {
	case opString:
		s := *(*string)(ptr)
		if s == "" && omit {
			return av, false, nil
		}
		return e.b.S(s), true, nil
	case opBool:
		b := *(*bool)(ptr)
		if !b && omit {
			return av, false, nil
		}
		return e.b.BOOL(b), true, nil
	case opInt:
		i := readInt(f.plan.kind, ptr)
		if i == 0 && omit {
			return av, false, nil
		}
		return e.b.N(e.appendInt(i)), true, nil
	case opUint:
		u := readUint(f.plan.kind, ptr)
		if u == 0 && omit {
			return av, false, nil
		}
		return e.b.N(e.appendUint(u)), true, nil
	case opFloat64:
		x := *(*float64)(ptr)
		if x == 0 && omit {
			return av, false, nil
		}
		return e.b.N(e.appendFloat(x, 64)), true, nil
	}
	// opTime: a time is a struct, never empty, so the options decide
	// everything, inside encodeTime, unless its encoding marshalers are
	// to be used.
	if e.o.UseEncodingMarshalers {
		return e.child(f.plan, ptr, f.opts, addr)
	}
	return e.encodeTime(*(*time.Time)(ptr), f.plan, f.opts)
}

// readInt reads a signed integer of the kind at ptr.
func readInt(k reflect.Kind, ptr unsafe.Pointer) int64 {
	switch k {
	case reflect.Int:
		return int64(*(*int)(ptr))
	case reflect.Int64:
		return *(*int64)(ptr)
	case reflect.Int32:
		return int64(*(*int32)(ptr))
	case reflect.Int16:
		return int64(*(*int16)(ptr))
	}
	return int64(*(*int8)(ptr))
}

// readUint reads an unsigned integer of the kind at ptr.
func readUint(k reflect.Kind, ptr unsafe.Pointer) uint64 {
	switch k {
	case reflect.Uint:
		return uint64(*(*uint)(ptr))
	case reflect.Uint64:
		return *(*uint64)(ptr)
	case reflect.Uint32:
		return uint64(*(*uint32)(ptr))
	case reflect.Uint16:
		return uint64(*(*uint16)(ptr))
	}
	return uint64(*(*uint8)(ptr))
}

func (e *encState[AV]) appendInt(i int64) string {
	start := e.reserve(20)
	e.text = strconv.AppendInt(e.text, i, 10)
	return e.since(start)
}

func (e *encState[AV]) appendUint(u uint64) string {
	start := e.reserve(20)
	e.text = strconv.AppendUint(e.text, u, 10)
	return e.since(start)
}

func (e *encState[AV]) appendFloat(f float64, bits int) string {
	start := e.reserve(24)
	if bits == 64 {
		e.text = appendFloat64(e.text, f)
	} else {
		e.text = strconv.AppendFloat(e.text, f, 'f', -1, bits)
	}
	return e.since(start)
}
