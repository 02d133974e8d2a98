package attrvalue

import "reflect"

// Kind names the member of an AttributeValue union.
type Kind uint8

// The AttributeValue union members, plus KindNil for a nil interface and
// KindUnknown for anything else (an unknown union member, or a typed nil
// member pointer).
const (
	KindNil Kind = iota
	KindS
	KindN
	KindB
	KindBOOL
	KindNULL
	KindSS
	KindNS
	KindBS
	KindL
	KindM
	KindUnknown
)

var kindNames = [...]string{"nil", "S", "N", "B", "BOOL", "NULL", "SS", "NS", "BS", "L", "M", "unknown"}

// String returns the DynamoDB name of the member ("S", "NS", ...).
func (k Kind) String() string {
	if int(k) < len(kindNames) {
		return kindNames[k]
	}
	return "invalid"
}

// View is an AttributeValue taken apart: Kind says which member it is and
// which one field holds its value.
type View[AV any] struct {
	Kind Kind
	S    string   // S, N
	B    []byte   // B
	Bool bool     // BOOL, NULL
	SS   []string // SS, NS
	BS   [][]byte // BS
	L    []AV     // L
	M    map[string]AV

	// maps holds a list of maps for UnmarshalListOfMaps (Kind L, L nil),
	// so the list wrapper is built only if an Unmarshaler asks for it.
	maps []map[string]AV
}

// Builder constructs attribute values during one encoding. Implementations
// may hand out members from slabs (see [Slab]); a Builder is used by one
// goroutine at a time and is reused through a pool.
type Builder[AV any] interface {
	S(string) AV
	N(string) AV
	B([]byte) AV
	BOOL(bool) AV
	NULL() AV
	SS([]string) AV
	NS([]string) AV
	BS([][]byte) AV
	L([]AV) AV
	M(map[string]AV) AV
}

// Family connects the generic converter to one AttributeValue union (the
// DynamoDB one or the DynamoDB Streams one).
type Family[AV any] struct {
	// Inspect takes an attribute value apart; it must not panic on nil or
	// unknown members (it reports KindNil or KindUnknown).
	Inspect func(AV) View[AV]
	// NewBuilder returns a Builder for the pool.
	NewBuilder func() Builder[AV]
	// New builds single members outside an encoding (for Unmarshalers that
	// are handed a wrapper or a single set element).
	New func(v View[AV]) AV

	// Marshaler and Unmarshaler are the family's interface types;
	// CallMarshaler and CallUnmarshaler invoke them on a value known to
	// implement them.
	Marshaler       reflect.Type
	Unmarshaler     reflect.Type
	CallMarshaler   func(m any) (AV, error)
	CallUnmarshaler func(u any, av AV) error
}

// slabSize is how many members one slab allocation holds.
const slabSize = 32

// Slab hands out pointers to fresh T values, allocating them slabSize at a
// time. A pointer is never handed out twice.
type Slab[T any] struct{ free []T }

// Next returns a pointer to a zero T.
func (s *Slab[T]) Next() *T {
	if len(s.free) == 0 {
		s.free = make([]T, slabSize)
	}
	p := &s.free[0]
	s.free = s.free[1:]
	return p
}
