package attrvalue

import (
	"encoding"
	"fmt"
	"reflect"
	"strings"
	"sync"
	"time"
	"unicode/utf8"
)

var (
	timeType            = reflect.TypeFor[time.Time]()
	byteSliceType       = reflect.TypeFor[[]byte]()
	byteSliceSliceType  = reflect.TypeFor[[][]byte]()
	textMarshalerType   = reflect.TypeFor[encoding.TextMarshaler]()
	binaryMarshalerType = reflect.TypeFor[encoding.BinaryMarshaler]()
	textUnmarshalerType = reflect.TypeFor[encoding.TextUnmarshaler]()
	binUnmarshalerType  = reflect.TypeFor[encoding.BinaryUnmarshaler]()
	numberLikeType      = reflect.TypeFor[interface {
		Float64() (float64, error)
		Int64() (int64, error)
		String() string
	}]()
	stringerType  = reflect.TypeFor[fmt.Stringer]()
	errorType     = reflect.TypeFor[error]()
	formatterType = reflect.TypeFor[fmt.Formatter]()
	anyType       = reflect.TypeFor[any]()
	stringMapType = reflect.TypeFor[map[string]string]()
)

// The interfaces a decoding target is searched for, in plan.impl and
// plan.ptrImpl.
const (
	ifUnmarshaler = iota
	ifText
	ifBinary
)

// mapKeyKind says how a map key type is written as an attribute name and
// read back from one.
type mapKeyKind uint8

const (
	keyUnsupported mapKeyKind = iota
	keyString
	keyBool
	keyInt
	keyUint
	keyFloat
	keyText // encoding.TextMarshaler / TextUnmarshaler
	keyFmt  // a type fmt prints through a method (String, Error, Format)
)

// plan is what the converter knows about one Go type.
type plan[AV any] struct {
	typ   reflect.Type
	kind  reflect.Kind
	named bool

	// Marshalers found on the value's method set (val*) and on its
	// pointer's (ptr*, only for named non-pointer types, as v2 looks).
	valM, ptrM, valTM, ptrTM, valBM, ptrBM bool
	anyMarshaler                           bool

	// Unmarshalers: impl[i] is whether typ itself implements interface i
	// (used on pointer types), ptrImpl[i] whether *typ does (used on named
	// non-pointer types).
	impl, ptrImpl [3]bool

	isNumber  bool // a string kind with Float64, Int64 and String methods (Number, json.Number)
	isTime    bool // a struct type convertible to time.Time
	exactTime bool // time.Time itself
	emptyIf   bool // an interface type without methods
	byteElems bool // slice or array of a uint8 kind
	bytesType bool // exactly []byte
	bsType    bool // exactly [][]byte

	elem *plan[AV] // Pointer, Slice, Array, Map value

	// Map keys.
	keyEnc, keyDec mapKeyKind
	keyPtrs        int // pointer levels of a pointer key type for decoding
	key            *plan[AV]

	// Structs.
	fields   []fieldPlan[AV]
	byName   map[string]int
	byFold   map[string]int // ASCII-lowered name → first field, when all names are ASCII
	asciiFld bool
	tmpl     *mapTemplate[AV] // builds the struct's map; nil if it cannot
	// wantAddr is set for struct and array types whose encoding reads
	// through pointers (time fields, value-receiver marshalers): a
	// non-addressable root value of such a type is copied once so that
	// those reads do not allocate each.
	wantAddr bool

	// Fast paths (fastdec.go, fastenc.go).
	dec    decFn[AV]
	enc    encFn[AV]
	encUnm bool // has a TextUnmarshaler or BinaryUnmarshaler
	encM   bool // has a TextMarshaler or BinaryMarshaler
	strMap bool // a map type of map[string]string's shape
}

type fieldPlan[AV any] struct {
	structField
	plan   *plan[AV]
	viaPtr bool // the index path goes through an embedded pointer
	// direct is set when the field is reached without following an
	// embedded pointer, at byte offset off from the struct's start.
	direct bool
	off    uintptr
	// op, when not opGeneric, encodes the field inline in encStruct (see
	// fieldOp).
	op fieldOp
}

// planCache holds the plans of one family for one tag key.
type planCache[AV any] struct {
	fam    *Family[AV]
	tagKey string
	plans  sync.Map // reflect.Type → *plan[AV]
	mu     sync.Mutex
}

// Codec converts between Go values and one family's attribute values. It
// is safe for concurrent use.
type Codec[AV any] struct {
	fam    *Family[AV]
	caches sync.Map // tag key → *planCache[AV]
	encs   sync.Pool
	decs   sync.Pool
}

// NewCodec returns a Codec for the family.
func NewCodec[AV any](fam *Family[AV]) *Codec[AV] {
	return &Codec[AV]{fam: fam}
}

func (c *Codec[AV]) cache(tagKey string) *planCache[AV] {
	if pc, ok := c.caches.Load(tagKey); ok {
		return pc.(*planCache[AV])
	}
	pc, _ := c.caches.LoadOrStore(tagKey, &planCache[AV]{fam: c.fam, tagKey: tagKey})
	return pc.(*planCache[AV])
}

// lookup is what a pooled encoding or decoding state remembers between
// uses: the plan cache of the last tag key and the plan of the last root
// type, so that a loop over values of one type skips both shared maps.
type lookup[AV any] struct {
	pc       *planCache[AV]
	rootType reflect.Type
	root     *plan[AV]
}

// use selects the plan cache for tagKey.
func (l *lookup[AV]) use(c *Codec[AV], tagKey string) {
	if l.pc == nil || l.pc.tagKey != tagKey {
		l.pc, l.rootType, l.root = c.cache(tagKey), nil, nil
	}
}

// rootPlan is pc.plan(t), remembering the answer for the next call.
func (l *lookup[AV]) rootPlan(t reflect.Type) *plan[AV] {
	if t != l.rootType {
		l.rootType, l.root = t, l.pc.plan(t)
	}
	return l.root
}

// plan returns the plan for t, building (under the cache's lock) the plans
// of t and of every type it reaches that has none yet.
func (pc *planCache[AV]) plan(t reflect.Type) *plan[AV] {
	if p, ok := pc.plans.Load(t); ok {
		return p.(*plan[AV])
	}
	pc.mu.Lock()
	defer pc.mu.Unlock()
	if p, ok := pc.plans.Load(t); ok {
		return p.(*plan[AV])
	}
	b := &planBuilder[AV]{pc: pc, fam: pc.fam, building: map[reflect.Type]*plan[AV]{}}
	p := b.build(t)
	for bt, bp := range b.building {
		pc.plans.Store(bt, bp)
	}
	return p
}

// planBuilder builds a type's plan and those it refers to; a type met
// again while it is being built (a recursive type) gets the same *plan,
// filled in when its own build returns.
type planBuilder[AV any] struct {
	pc       *planCache[AV]
	fam      *Family[AV]
	building map[reflect.Type]*plan[AV]
}

func (b *planBuilder[AV]) build(t reflect.Type) *plan[AV] {
	if p, ok := b.pc.plans.Load(t); ok {
		return p.(*plan[AV])
	}
	if p, ok := b.building[t]; ok {
		return p
	}
	p := &plan[AV]{typ: t, kind: t.Kind(), named: t.Name() != ""}
	b.building[t] = p
	fam := b.fam

	implements := func(t reflect.Type, i reflect.Type) bool { return i != nil && t.Implements(i) }
	p.valM = implements(t, fam.Marshaler)
	p.valTM = implements(t, textMarshalerType)
	p.valBM = implements(t, binaryMarshalerType)
	p.impl = [3]bool{implements(t, fam.Unmarshaler), implements(t, textUnmarshalerType), implements(t, binUnmarshalerType)}
	if p.kind != reflect.Pointer && p.kind != reflect.Interface && p.named {
		pt := reflect.PointerTo(t)
		p.ptrM = implements(pt, fam.Marshaler)
		p.ptrTM = implements(pt, textMarshalerType)
		p.ptrBM = implements(pt, binaryMarshalerType)
		p.ptrImpl = [3]bool{implements(pt, fam.Unmarshaler), implements(pt, textUnmarshalerType), implements(pt, binUnmarshalerType)}
	}
	p.anyMarshaler = p.valM || p.valTM || p.valBM || p.ptrM || p.ptrTM || p.ptrBM

	switch p.kind {
	case reflect.String:
		p.isNumber = t.Implements(numberLikeType)
	case reflect.Interface:
		p.emptyIf = t.NumMethod() == 0
	case reflect.Pointer:
		p.elem = b.build(t.Elem())
	case reflect.Slice, reflect.Array:
		p.byteElems = t.Elem().Kind() == reflect.Uint8
		p.bytesType = t == byteSliceType
		p.bsType = t == byteSliceSliceType
		p.elem = b.build(t.Elem())
		p.wantAddr = p.kind == reflect.Array && (p.elem.wantAddr || p.elem.valueMarshalerOnly())
	case reflect.Map:
		p.elem = b.build(t.Elem())
		p.key = b.build(t.Key())
		p.keyEnc, p.keyDec, p.keyPtrs = mapKeyKinds(t.Key())
		p.strMap = t.ConvertibleTo(stringMapType)
	case reflect.Struct:
		if t.ConvertibleTo(timeType) {
			p.isTime = true
			p.exactTime = t == timeType
			p.wantAddr = true
			break
		}
		b.buildStruct(p)
	}
	p.setFastDec()
	p.setFastEnc()
	return p
}

// valueMarshalerOnly reports a marshaler reachable through the value's own
// method set, whose call would box (allocate) a non-addressable value.
func (p *plan[AV]) valueMarshalerOnly() bool {
	return (p.valM || p.valTM || p.valBM) && p.kind != reflect.Pointer && p.kind != reflect.Interface
}

func (b *planBuilder[AV]) buildStruct(p *plan[AV]) {
	sfs := visibleFields(p.typ, b.pc.tagKey)
	p.fields = make([]fieldPlan[AV], len(sfs))
	p.byName = make(map[string]int, len(sfs))
	p.asciiFld = true
	for i, sf := range sfs {
		fp := fieldPlan[AV]{structField: sf}
		t := p.typ
		for j, x := range sf.index {
			if j > 0 && t.Kind() == reflect.Pointer {
				fp.viaPtr = true
				t = t.Elem()
			}
			fp.off += t.Field(x).Offset
			t = t.Field(x).Type
		}
		fp.direct = !fp.viaPtr
		fp.plan = b.build(sf.typ)
		if fp.direct {
			fp.op = opFor(fp.plan, fp.opts)
		}
		p.fields[i] = fp
		p.byName[sf.name] = i
		if !isASCII(sf.name) {
			p.asciiFld = false
		}
		if !fp.viaPtr && (fp.plan.wantAddr || fp.plan.valueMarshalerOnly()) {
			p.wantAddr = true
		}
	}
	if len(p.fields) > 0 {
		names := make([]string, len(p.fields))
		for i, f := range p.fields {
			names[i] = f.name
		}
		p.tmpl = newMapTemplate[AV](names)
	}
	if p.asciiFld {
		p.byFold = make(map[string]int, len(sfs))
		for i, f := range p.fields {
			k := strings.ToLower(f.name)
			if _, dup := p.byFold[k]; !dup {
				p.byFold[k] = i
			}
		}
	}
}

func isASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] >= utf8.RuneSelf {
			return false
		}
	}
	return true
}

// mapKeyKinds says how keys of type kt are encoded and decoded, as v2 does:
// a TextMarshaler (value method set) or else fmt's printing of the key for
// encoding; a TextUnmarshaler (on the key or its pointer, after following
// pointer key types) or else the key's kind for decoding.
func mapKeyKinds(kt reflect.Type) (enc, dec mapKeyKind, ptrs int) {
	switch {
	case kt.Implements(textMarshalerType):
		enc = keyText
	case kindKey(kt.Kind()) == keyUnsupported:
		enc = keyUnsupported
	case kt.Implements(formatterType) || kt.Implements(errorType) || kt.Implements(stringerType):
		enc = keyFmt // v2 prints keys with fmt.Sprint, which calls these
	default:
		enc = kindKey(kt.Kind())
	}
	if reflect.PointerTo(kt).Implements(textUnmarshalerType) || kt.Implements(textUnmarshalerType) {
		dec = keyText
	} else {
		dec = kindKey(kt.Kind())
	}
	et := kt
	for et.Kind() == reflect.Pointer {
		ptrs++
		et = et.Elem()
	}
	return enc, dec, ptrs
}

func kindKey(k reflect.Kind) mapKeyKind {
	switch k {
	case reflect.String:
		return keyString
	case reflect.Bool:
		return keyBool
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		return keyInt
	case reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64:
		return keyUint
	case reflect.Float32, reflect.Float64:
		return keyFloat
	}
	return keyUnsupported
}
