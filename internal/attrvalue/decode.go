package attrvalue

import (
	"encoding"
	"fmt"
	"reflect"
	"strconv"
	"strings"
	"time"
)

// DecodeOptions are the decoder settings (see the public DecoderOptions).
type DecodeOptions struct {
	TagKey    string
	UseNumber bool
	// DecodeTimeS and DecodeTimeN parse S and N attributes into time.Time;
	// nil means RFC 3339 and Unix seconds.
	DecodeTimeS                     func(string) (time.Time, error)
	DecodeTimeN                     func(string) (time.Time, error)
	UseEncodingUnmarshalers         bool
	FixUnmarshalIndividualSetValues bool
}

type decState[AV any] struct {
	fam *Family[AV]
	lookup[AV]
	o     *DecodeOptions
	depth int
}

// Unmarshal decodes av into out, which must be a non-nil pointer.
//
// The Unmarshal* methods pass root a view of what they decode, except
// Unmarshal, whose attribute value root inspects only if it needs to.
func (c *Codec[AV]) Unmarshal(av AV, out any, o *DecodeOptions) error {
	d := c.getDec(o)
	defer c.putDec(d)
	return c.fam.Error(d.root(nil, av, true, out))
}

// getDec returns a decoding state from the pool (the fast decoders take
// it through function values, so one on the stack would escape anyway).
func (c *Codec[AV]) getDec(o *DecodeOptions) *decState[AV] {
	d, _ := c.decs.Get().(*decState[AV])
	if d == nil {
		d = &decState[AV]{fam: c.fam}
	}
	d.use(c, o.TagKey)
	d.o, d.depth = o, 0
	return d
}

func (c *Codec[AV]) putDec(d *decState[AV]) {
	d.o = nil
	c.decs.Put(d)
}

// UnmarshalMap decodes a map of attribute values into out.
func (c *Codec[AV]) UnmarshalMap(m map[string]AV, out any, o *DecodeOptions) error {
	d := c.getDec(o)
	defer c.putDec(d)
	var av AV
	return c.fam.Error(d.root(&View[AV]{Kind: KindM, M: m}, av, false, out))
}

// UnmarshalList decodes a list of attribute values into out.
func (c *Codec[AV]) UnmarshalList(l []AV, out any, o *DecodeOptions) error {
	d := c.getDec(o)
	defer c.putDec(d)
	var av AV
	return c.fam.Error(d.root(&View[AV]{Kind: KindL, L: l}, av, false, out))
}

// UnmarshalListOfMaps decodes a list of maps (a query page's items) into
// out.
func (c *Codec[AV]) UnmarshalListOfMaps(l []map[string]AV, out any, o *DecodeOptions) error {
	d := c.getDec(o)
	defer c.putDec(d)
	var av AV
	return c.fam.Error(d.root(&View[AV]{Kind: KindL, maps: l}, av, false, out))
}

func (d *decState[AV]) root(vw *View[AV], av AV, haveAV bool, out any) error {
	v := reflect.ValueOf(out)
	if v.Kind() != reflect.Pointer || v.IsNil() {
		return &InvalidUnmarshalError{Type: reflect.TypeOf(out)}
	}
	p := d.rootPlan(v.Type())
	if ep := p.elem; d.fast(p) && d.fast(ep) {
		// *T without Unmarshalers: decode straight into the T.
		ptr := v.UnsafePointer()
		switch {
		case haveAV:
			return ep.dec(d, ep, av, ptr, 0)
		case vw.Kind == KindM && ep.kind == reflect.Struct && !ep.isTime:
			return d.decStruct(ep, vw.M, ptr)
		case vw.Kind == KindM && ep.kind == reflect.Map:
			return d.decMapM(ep, vw.M, ptr)
		case vw.Kind == KindL && ep.kind == reflect.Slice && !ep.byteElems:
			return d.decList(ep, vw.L, vw.maps, ptr)
		}
	}
	if haveAV {
		avw := d.fam.Inspect(av)
		vw = &avw
	}
	return d.decode(vw, av, haveAV, v, p, 0)
}

// wrap builds the attribute value a View was made from, for an
// Unmarshaler that needs it when decoding started from a bare map or list.
func (d *decState[AV]) wrap(vw *View[AV]) AV {
	if vw.Kind == KindL && vw.L == nil && vw.maps != nil {
		l := make([]AV, len(vw.maps))
		for i, m := range vw.maps {
			l[i] = d.fam.New(View[AV]{Kind: KindM, M: m})
		}
		return d.fam.New(View[AV]{Kind: KindL, L: l})
	}
	return d.fam.New(*vw)
}

// decode stores the attribute (vw; av too when haveAV) in v, whose type p
// describes. tag holds the struct field's options. It takes the fast path
// when the plan has one and v can be written through a pointer.
func (d *decState[AV]) decode(vw *View[AV], av AV, haveAV bool, v reflect.Value, p *plan[AV], tag tagOpts) error {
	if haveAV && d.fast(p) && v.CanSet() {
		return p.dec(d, p, av, v.Addr().UnsafePointer(), tag)
	}
	return d.decodeReflect(vw, av, haveAV, v, p, tag)
}

// decodeReflect is decode by reflection, which handles every case.
func (d *decState[AV]) decodeReflect(vw *View[AV], av AV, haveAV bool, v reflect.Value, p *plan[AV], tag tagOpts) error {
	if d.depth++; d.depth > MaxDepth {
		return &UnmarshalError{Type: p.typ, Value: vw.Kind.String(), Err: ErrMaxDepth}
	}
	defer func() { d.depth-- }()

	null := vw.Kind == KindNil || vw.Kind == KindNULL
	target, tp, recv, err := d.indirect(v, p, null, ifUnmarshaler)
	if err != nil {
		return err
	}
	if recv.IsValid() {
		if !haveAV {
			av = d.wrap(vw)
		}
		if err := d.fam.CallUnmarshaler(recv.Interface(), av); err != nil {
			return &UnmarshalError{Type: recv.Type(), Value: vw.Kind.String(), Err: err}
		}
		return nil
	}
	if null {
		if target.IsValid() && target.CanSet() {
			target.SetZero()
		}
		return nil
	}
	if d.o.UseEncodingUnmarshalers && (vw.Kind == KindS || vw.Kind == KindB) {
		which := ifText
		if vw.Kind == KindB {
			which = ifBinary
		}
		_, _, recv, err := d.indirect(v, p, false, which)
		if err != nil {
			return err
		}
		if recv.IsValid() {
			if which == ifText {
				err = recv.Interface().(encoding.TextUnmarshaler).UnmarshalText([]byte(vw.S))
			} else {
				err = recv.Interface().(encoding.BinaryUnmarshaler).UnmarshalBinary(vw.B)
			}
			if err != nil {
				return &UnmarshalError{Type: recv.Type(), Value: vw.S, Err: err}
			}
			return nil
		}
	}
	switch vw.Kind {
	case KindS:
		return d.decodeString(vw.S, target, tp, tag)
	case KindN:
		return d.decodeNumber(vw.S, KindN, target, tp, tag)
	case KindB:
		return d.decodeBinary(vw.B, target, tp)
	case KindBOOL:
		return d.decodeBool(vw.Bool, target, tp)
	case KindSS, KindNS, KindBS:
		return d.decodeSet(vw, target, tp)
	case KindL:
		return d.decodeList(vw, target, tp)
	case KindM:
		return d.decodeMap(vw.M, target, tp)
	}
	return &UnmarshalError{Type: tp.typ, Value: fmt.Sprintf("%T", av), Err: fmt.Errorf("unsupported AttributeValue type, %T", av)}
}

// indirect follows pointers (allocating nil ones) and interfaces holding
// pointers from v down to the value to store into, as v2 (after
// encoding/json) does. It stops early at a value whose pointer implements
// interface which (recv is then that pointer), and, for a NULL, at the
// first settable pointer, which is set to nil.
func (d *decState[AV]) indirect(v reflect.Value, p *plan[AV], null bool, which int) (target reflect.Value, tp *plan[AV], recv reflect.Value, err error) {
	if p.kind != reflect.Pointer && p.named && v.CanAddr() && p.ptrImpl[which] && v.Addr().CanInterface() {
		return v, p, v.Addr(), nil
	}
	for range MaxDepth {
		if p.kind == reflect.Interface && !v.IsNil() {
			e := v.Elem()
			if e.Kind() == reflect.Pointer && !e.IsNil() && (!null || e.Elem().Kind() == reflect.Pointer) {
				v, p = e, d.pc.plan(e.Type())
				continue
			}
		}
		if p.kind != reflect.Pointer {
			return v, p, reflect.Value{}, nil
		}
		if null && v.CanSet() {
			return v, p, reflect.Value{}, nil
		}
		if !v.IsNil() && v.Elem().Kind() == reflect.Interface {
			// An interface holding a pointer to itself (var x any; x = &x):
			// decode into the interface rather than loop.
			if ie := v.Elem(); !ie.IsNil() && ie.Elem().Kind() == reflect.Pointer && ie.Elem().UnsafePointer() == v.UnsafePointer() {
				return ie, d.pc.plan(ie.Type()), reflect.Value{}, nil
			}
		}
		if v.IsNil() {
			if !v.CanSet() {
				return v, p, reflect.Value{}, &UnmarshalError{Type: p.typ, Err: fmt.Errorf("cannot set embedded pointer to unexported struct %v", p.typ.Elem())}
			}
			v.Set(reflect.New(p.elem.typ))
		}
		if p.impl[which] && v.CanInterface() {
			return v, p, v, nil
		}
		v, p = v.Elem(), p.elem
	}
	return v, p, reflect.Value{}, &UnmarshalError{Type: p.typ, Err: ErrMaxDepth}
}

// setAny stores x in the interface v, if its type can hold x.
func setAny[AV any](v reflect.Value, p *plan[AV], x any, attr string) error {
	if !p.emptyIf && !reflect.TypeOf(x).Implements(p.typ) {
		return &UnmarshalTypeError{Value: attr, Type: p.typ}
	}
	v.Set(reflect.ValueOf(x))
	return nil
}

func (d *decState[AV]) decodeString(s string, v reflect.Value, p *plan[AV], tag tagOpts) error {
	if tag.has(tagAsString) {
		return d.decodeNumber(s, KindS, v, p, tag)
	}
	if p.isTime {
		t, err := d.parseTime(s, d.o.DecodeTimeS, parseRFC3339)
		if err != nil {
			return err
		}
		setTime(v, p, t)
		return nil
	}
	switch p.kind {
	case reflect.String:
		v.SetString(s)
		return nil
	case reflect.Interface:
		return setAny(v, p, s, "S")
	}
	return &UnmarshalTypeError{Value: "S", Type: p.typ}
}

func parseRFC3339(s string) (time.Time, error) { return time.Parse(time.RFC3339, s) }

// ParseUnixTime parses a Unix time in whole seconds, as v2's unixtime does.
func ParseUnixTime(s string) (time.Time, error) {
	n, err := parseInt64(s)
	if err != nil {
		return time.Time{}, &UnmarshalError{Err: err, Value: s, Type: timeType}
	}
	return time.Unix(n, 0), nil
}

func (d *decState[AV]) parseTime(s string, f, def func(string) (time.Time, error)) (time.Time, error) {
	if f == nil {
		f = def
	}
	t, err := f(s)
	if err != nil {
		if _, ok := err.(*UnmarshalError); ok {
			return t, err
		}
		return t, &UnmarshalError{Err: err, Value: s, Type: timeType}
	}
	return t, nil
}

func setTime[AV any](v reflect.Value, p *plan[AV], t time.Time) {
	if v.CanAddr() {
		*(*time.Time)(v.Addr().UnsafePointer()) = t
		return
	}
	v.Set(reflect.ValueOf(t).Convert(p.typ))
}

func (d *decState[AV]) decodeNumber(n string, attr Kind, v reflect.Value, p *plan[AV], tag tagOpts) error {
	switch p.kind {
	case reflect.Interface:
		if d.o.UseNumber {
			return setAny(v, p, d.fam.Number(n), attr.String())
		}
		f, err := parseFloat64(n)
		if err != nil {
			return &UnmarshalError{Value: n, Type: p.typ, Err: err}
		}
		return setAny(v, p, f, attr.String())
	case reflect.String:
		v.SetString(n)
		return nil
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		i, err := parseInt64(n)
		if err != nil {
			return &UnmarshalError{Value: n, Type: p.typ, Err: err}
		}
		if v.OverflowInt(i) {
			return overflow(n, attr, p.typ, "ParseInt")
		}
		v.SetInt(i)
		return nil
	case reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64:
		u, err := parseUint64(n)
		if err != nil {
			return &UnmarshalError{Value: n, Type: p.typ, Err: err}
		}
		if v.OverflowUint(u) {
			return overflow(n, attr, p.typ, "ParseUint")
		}
		v.SetUint(u)
		return nil
	case reflect.Float32, reflect.Float64:
		f, err := parseFloat64(n)
		if err != nil {
			return &UnmarshalError{Value: n, Type: p.typ, Err: err}
		}
		if v.OverflowFloat(f) {
			return overflow(n, attr, p.typ, "ParseFloat")
		}
		v.SetFloat(f)
		return nil
	}
	if p.isTime {
		var t time.Time
		var err error
		if tag.has(tagUnixTime) {
			t, err = ParseUnixTime(n)
		} else {
			t, err = d.parseTime(n, d.o.DecodeTimeN, ParseUnixTime)
		}
		if err != nil {
			return err
		}
		setTime(v, p, t)
		return nil
	}
	return &UnmarshalTypeError{Value: attr.String(), Type: p.typ}
}

func overflow(n string, attr Kind, t reflect.Type, fn string) error {
	return &UnmarshalTypeError{Value: attr.String(), Type: t, Err: &strconv.NumError{Func: fn, Num: n, Err: strconv.ErrRange}}
}

func (d *decState[AV]) decodeBinary(b []byte, v reflect.Value, p *plan[AV]) error {
	switch {
	case p.kind == reflect.Interface:
		return setAny(v, p, append([]byte{}, b...), "B")
	case p.kind == reflect.Slice && p.byteElems:
		if v.IsNil() || v.Cap() < len(b) {
			v.Set(reflect.MakeSlice(p.typ, len(b), len(b)))
		} else {
			v.SetLen(len(b))
		}
		copy(v.Bytes(), b)
		return nil
	case p.kind == reflect.Array && p.byteElems:
		n := copy(v.Bytes(), b)
		for i := n; i < v.Len(); i++ {
			v.Index(i).SetUint(0)
		}
		return nil
	}
	return &UnmarshalTypeError{Value: "B", Type: p.typ}
}

func (d *decState[AV]) decodeBool(b bool, v reflect.Value, p *plan[AV]) error {
	switch p.kind {
	case reflect.Bool:
		v.SetBool(b)
		return nil
	case reflect.Interface:
		return setAny(v, p, b, "BOOL")
	}
	return &UnmarshalTypeError{Value: "BOOL", Type: p.typ}
}

// decodeSet stores an SS, NS or BS in a slice, array or interface.
func (d *decState[AV]) decodeSet(vw *View[AV], v reflect.Value, p *plan[AV]) error {
	n := len(vw.SS)
	if vw.Kind == KindBS {
		n = len(vw.BS)
	}
	switch p.kind {
	case reflect.Slice:
		if v.IsNil() || v.Cap() < n {
			v.Set(reflect.MakeSlice(p.typ, 0, n))
		}
	case reflect.Array:
	case reflect.Interface:
		return d.setDefaultSet(vw, v, p)
	default:
		return &UnmarshalTypeError{Value: vw.Kind.String(), Type: p.typ}
	}
	for i := 0; i < v.Cap() && i < n; i++ {
		if p.kind == reflect.Slice {
			v.SetLen(i + 1)
		}
		target, tp, recv, err := d.indirect(v.Index(i), p.elem, false, ifUnmarshaler)
		if err != nil {
			return withPath(err, indexSeg(i))
		}
		if recv.IsValid() {
			var av AV
			if d.o.FixUnmarshalIndividualSetValues {
				switch vw.Kind {
				case KindSS:
					av = d.fam.New(View[AV]{Kind: KindS, S: vw.SS[i]})
				case KindNS:
					av = d.fam.New(View[AV]{Kind: KindN, S: vw.SS[i]})
				default:
					av = d.fam.New(View[AV]{Kind: KindB, B: vw.BS[i]})
				}
			} else {
				av = d.fam.New(*vw)
			}
			if err := d.fam.CallUnmarshaler(recv.Interface(), av); err != nil {
				return withPath(&UnmarshalError{Type: recv.Type(), Value: vw.Kind.String(), Err: err}, indexSeg(i))
			}
			if d.o.FixUnmarshalIndividualSetValues {
				continue
			}
			return nil // v2 hands the whole set to the first element's Unmarshaler
		}
		switch vw.Kind {
		case KindSS:
			err = d.decodeString(vw.SS[i], target, tp, 0)
		case KindNS:
			err = d.decodeNumber(vw.SS[i], KindN, target, tp, 0)
		default:
			err = d.decodeBinary(vw.BS[i], target, tp)
		}
		if err != nil {
			return withPath(err, indexSeg(i))
		}
	}
	return nil
}

func (d *decState[AV]) setDefaultSet(vw *View[AV], v reflect.Value, p *plan[AV]) error {
	switch vw.Kind {
	case KindSS:
		return setAny(v, p, append([]string{}, vw.SS...), "SS")
	case KindBS:
		set := make([][]byte, len(vw.BS))
		for i, b := range vw.BS {
			set[i] = append([]byte{}, b...)
		}
		return setAny(v, p, set, "BS")
	}
	if d.o.UseNumber {
		return setAny(v, p, d.fam.Numbers(vw.SS), "NS")
	}
	set := make([]float64, len(vw.SS))
	for i, s := range vw.SS {
		f, err := parseFloat64(s)
		if err != nil {
			return withPath(&UnmarshalError{Value: s, Type: reflect.TypeFor[float64](), Err: err}, indexSeg(i))
		}
		set[i] = f
	}
	return setAny(v, p, set, "NS")
}

func (d *decState[AV]) decodeList(vw *View[AV], v reflect.Value, p *plan[AV]) error {
	n := len(vw.L)
	if vw.L == nil {
		n = len(vw.maps)
	}
	switch p.kind {
	case reflect.Slice:
		if v.IsNil() || v.Cap() < n {
			v.Set(reflect.MakeSlice(p.typ, 0, n))
		}
	case reflect.Array:
	case reflect.Interface:
		if !p.emptyIf {
			return &UnmarshalTypeError{Value: "L", Type: p.typ}
		}
		s := make([]any, n)
		sv := reflect.ValueOf(s)
		ap := d.pc.plan(anyType)
		for i := range s {
			if err := d.decodeElem(vw, i, sv.Index(i), ap); err != nil {
				return withPath(err, indexSeg(i))
			}
		}
		v.Set(sv)
		return nil
	default:
		return &UnmarshalTypeError{Value: "L", Type: p.typ}
	}
	for i := 0; i < v.Cap() && i < n; i++ {
		if p.kind == reflect.Slice {
			v.SetLen(i + 1)
		}
		if err := d.decodeElem(vw, i, v.Index(i), p.elem); err != nil {
			return withPath(err, indexSeg(i))
		}
	}
	return nil
}

func (d *decState[AV]) decodeElem(vw *View[AV], i int, v reflect.Value, p *plan[AV]) error {
	if vw.L == nil && vw.maps != nil {
		var zero AV
		return d.decode(&View[AV]{Kind: KindM, M: vw.maps[i]}, zero, false, v, p, 0)
	}
	av := vw.L[i]
	evw := d.fam.Inspect(av)
	return d.decode(&evw, av, true, v, p, 0)
}

func (d *decState[AV]) decodeMap(m map[string]AV, v reflect.Value, p *plan[AV]) error {
	switch p.kind {
	case reflect.Struct:
		return d.decodeStruct(m, v, p)
	case reflect.Map:
	case reflect.Interface:
		if !p.emptyIf {
			return &UnmarshalTypeError{Value: "M", Type: p.typ}
		}
		out := make(map[string]any, len(m))
		tmp := reflect.New(anyType).Elem()
		ap := d.pc.plan(anyType)
		for k, av := range m {
			evw := d.fam.Inspect(av)
			if err := d.decode(&evw, av, true, tmp, ap, 0); err != nil {
				return withPath(err, keySeg(k))
			}
			out[k] = tmp.Interface()
			tmp.SetZero()
		}
		v.Set(reflect.ValueOf(out))
		return nil
	default:
		return &UnmarshalTypeError{Value: "M", Type: p.typ}
	}
	if p.keyDec == keyUnsupported {
		return &UnmarshalTypeError{Value: "map key must be string, number, bool, or TextUnmarshaler", Type: p.key.typ}
	}
	if v.IsNil() {
		v.Set(reflect.MakeMapWithSize(p.typ, len(m)))
	}
	kv := reflect.New(p.key.typ).Elem()
	ev := reflect.New(p.elem.typ).Elem()
	for k, av := range m {
		if p.keyPtrs > 0 {
			kv = reflect.New(p.key.typ).Elem()
		}
		if err := d.decodeKey(k, kv, p); err != nil {
			return &UnmarshalTypeError{Value: fmt.Sprintf("map key %q", k), Type: p.key.typ, Err: err}
		}
		evw := d.fam.Inspect(av)
		if err := d.decode(&evw, av, true, ev, p.elem, 0); err != nil {
			return withPath(err, keySeg(k))
		}
		v.SetMapIndex(kv, ev)
		ev.SetZero()
	}
	return nil
}

func (d *decState[AV]) decodeKey(k string, kv reflect.Value, p *plan[AV]) error {
	for kv.Kind() == reflect.Pointer {
		if kv.IsNil() {
			kv.Set(reflect.New(kv.Type().Elem()))
		}
		kv = kv.Elem()
	}
	switch p.keyDec {
	case keyText:
		return kv.Addr().Interface().(encoding.TextUnmarshaler).UnmarshalText([]byte(k))
	case keyBool:
		b, err := strconv.ParseBool(k)
		if err != nil {
			return err
		}
		kv.SetBool(b)
		return nil
	case keyString:
		kv.SetString(k)
		return nil
	}
	return d.decodeNumber(k, KindS, kv, p.key, 0)
}

func (d *decState[AV]) decodeStruct(m map[string]AV, v reflect.Value, p *plan[AV]) error {
	if p.isTime {
		return &UnmarshalTypeError{Value: "M", Type: p.typ}
	}
	if !v.CanSet() {
		// Not reached through Unmarshal's destinations (every struct it
		// decodes into is settable); reflect would panic.
		return &UnmarshalError{Type: p.typ, Value: "M", Err: fmt.Errorf("cannot set a value of type %v", p.typ)}
	}
	return d.decStruct(p, m, v.Addr().UnsafePointer())
}

// foldMatches calls decode for each attribute of m whose name matches no
// field exactly but matches one case-insensitively, as in v2, unless that
// field has an exact match too (which always wins).
func (p *plan[AV]) foldMatches(m map[string]AV, decode func(*fieldPlan[AV], AV) error) error {
	for k, av := range m {
		if _, ok := p.byName[k]; ok {
			continue
		}
		i, ok := p.foldField(k)
		if !ok {
			continue
		}
		f := &p.fields[i]
		if _, exact := m[f.name]; exact {
			continue
		}
		if err := decode(f, av); err != nil {
			return err
		}
	}
	return nil
}

// foldField finds the first field whose name equals k under Unicode case
// folding.
func (p *plan[AV]) foldField(k string) (int, bool) {
	if p.byFold != nil && isASCII(k) {
		var buf [64]byte
		if len(k) <= len(buf) {
			for i := 0; i < len(k); i++ {
				c := k[i]
				if 'A' <= c && c <= 'Z' {
					c += 'a' - 'A'
				}
				buf[i] = c
			}
			i, ok := p.byFold[string(buf[:len(k)])]
			return i, ok
		}
	}
	for i := range p.fields {
		if strings.EqualFold(p.fields[i].name, k) {
			return i, true
		}
	}
	return 0, false
}

func (d *decState[AV]) decodeField(f *fieldPlan[AV], av AV, v reflect.Value) error {
	fv := v
	if len(f.index) == 1 {
		fv = v.Field(f.index[0])
	} else {
		for j, x := range f.index {
			if j > 0 && fv.Kind() == reflect.Pointer && fv.Type().Elem().Kind() == reflect.Struct {
				if fv.IsNil() {
					if !fv.CanSet() {
						return withPath(&UnmarshalError{Type: fv.Type(), Err: fmt.Errorf("cannot set embedded pointer to unexported struct %v", fv.Type().Elem())}, fieldSeg(f.goName))
					}
					fv.Set(reflect.New(fv.Type().Elem()))
				}
				fv = fv.Elem()
			}
			fv = fv.Field(x)
		}
	}
	vw := d.fam.Inspect(av)
	if err := d.decode(&vw, av, true, fv, f.plan, f.opts); err != nil {
		return withPath(err, fieldSeg(f.goName))
	}
	return nil
}
