package attrvalue

import (
	"maps"
	"sync/atomic"
	"unsafe"
)

// A struct encodes to a map whose keys are, field for field, known before
// the first value is: its plan's field names. Building that map with
// make and one insert per field hashes every name and probes for a slot,
// each time, which is most of the map's cost. A mapTemplate instead holds
// a map with every name already inserted (values zero) and clones it: the
// runtime copies a map's slot storage as it stands, so each name sits at
// the same offset from the first name's value slot in every clone as in
// the template. One lookup in the clone then finds all value slots, and
// the values are stored into them directly.
//
// A struct whose fields are mostly left out (omitempty) would pay a
// delete per absent name instead; its template notes that and the next
// encoding of the type makes its map field by field, as before.
//
// That layout is how the runtime clones maps, not a promise of the
// language, so a template is only made after cloning it several times
// and finding every name where its offset says (validate); with any other
// runtime the struct falls back to make and inserts. TestMapTemplateActive
// fails if the Go release CI runs on loses the fast path.

// mapaccess2_faststr is the runtime's lookup for maps with string keys,
// returning the address of the key's value slot. Its signature is kept
// stable for outside users (see go.dev/issue/67401).
//
//go:linkname mapaccess2_faststr runtime.mapaccess2_faststr
//go:noescape
func mapaccess2_faststr(mapType, m unsafe.Pointer, key string) (unsafe.Pointer, bool)

// mapTemplate builds maps with a fixed set of keys (see above).
type mapTemplate[AV any] struct {
	m       map[string]AV
	mapType unsafe.Pointer // the runtime type of map[string]AV
	first   string         // keys[0]; its value slot is the base of offs
	offs    []int          // offs[i]: keys[i]'s value slot's distance from the base
	// sparse is set while the type's last encoding left out more than
	// half of the keys; structMap then does not clone.
	sparse atomic.Bool
}

// newMapTemplate returns a template for maps with exactly these keys, or
// nil if they are not distinct or clones of the template do not keep
// their slots' layout.
func newMapTemplate[AV any](keys []string) *mapTemplate[AV] {
	if len(keys) == 0 {
		return nil
	}
	m := make(map[string]AV, len(keys))
	for _, k := range keys {
		var zero AV
		m[k] = zero
	}
	if len(m) != len(keys) {
		return nil
	}
	var boxedMap any = m
	t := &mapTemplate[AV]{
		m:       m,
		mapType: (*[2]unsafe.Pointer)(unsafe.Pointer(&boxedMap))[0],
		first:   keys[0],
		offs:    make([]int, len(keys)),
	}
	base, ok := t.slot(m, keys[0])
	if !ok {
		return nil
	}
	for i, k := range keys {
		p, ok := t.slot(m, k)
		if !ok {
			return nil
		}
		t.offs[i] = int(uintptr(p) - uintptr(base))
	}
	if !t.validate(keys) {
		return nil
	}
	return t
}

// validate clones the template several times and checks that in each
// clone every key's value slot is where the template's offsets put it,
// and is not the template's own.
func (t *mapTemplate[AV]) validate(keys []string) bool {
	tbase, _ := t.slot(t.m, t.first)
	for range 8 {
		c := maps.Clone(t.m)
		base, ok := t.slot(c, t.first)
		if !ok || base == tbase || len(c) != len(keys) {
			return false
		}
		for i, k := range keys {
			if p, ok := t.slot(c, k); !ok || p != unsafe.Add(base, t.offs[i]) {
				return false
			}
		}
	}
	return true
}

// slot returns the address of key's value slot in m.
func (t *mapTemplate[AV]) slot(m map[string]AV, key string) (unsafe.Pointer, bool) {
	return mapaccess2_faststr(t.mapType, *(*unsafe.Pointer)(unsafe.Pointer(&m)), key)
}

// clone returns a copy of the template and the base its offsets are
// relative to. Every key is present with a zero value until set; keys
// that are not to be in the result must be deleted.
func (t *mapTemplate[AV]) clone() (map[string]AV, unsafe.Pointer) {
	m := maps.Clone(t.m)
	base, _ := t.slot(m, t.first)
	return m, base
}

// set stores v as the value of keys[i] in a map from clone, given its base.
func (t *mapTemplate[AV]) set(base unsafe.Pointer, i int, v AV) {
	*(*AV)(unsafe.Add(base, t.offs[i])) = v
}

// structMap is the map of a struct being encoded, made from its plan's
// template when there is one and the type's values are not sparse.
type structMap[AV any] struct {
	m       map[string]AV
	t       *mapTemplate[AV] // nil: m is filled by inserts
	base    unsafe.Pointer
	omitted int
}

func newStructMap[AV any](p *plan[AV]) structMap[AV] {
	if t := p.tmpl; t != nil && !t.sparse.Load() {
		m, base := t.clone()
		return structMap[AV]{m: m, t: t, base: base}
	}
	return structMap[AV]{m: make(map[string]AV, len(p.fields))}
}

// put records field i of the plan: its value if ok, else its absence.
func (s *structMap[AV]) put(f *fieldPlan[AV], i int, v AV, ok bool) {
	switch {
	case !ok:
		s.omitted++
		if s.t != nil {
			delete(s.m, f.name)
		}
	case s.t != nil:
		s.t.set(s.base, i, v)
	default:
		s.m[f.name] = v
	}
}

// done returns the map once every field has been put, noting on the
// template whether this value was sparse.
func (s *structMap[AV]) done(p *plan[AV]) map[string]AV {
	if t := p.tmpl; t != nil {
		if sparse := 2*s.omitted > len(p.fields); sparse != t.sparse.Load() {
			t.sparse.Store(sparse)
		}
	}
	return s.m
}
