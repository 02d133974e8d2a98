// Package arena holds the allocators of the jsoncodec and rpcv2cbor
// decoders, which avoid one allocation per decoded string and per union
// variant by carving them out of larger blocks.
//
// Blocks are append-only: bytes are never changed once a string refers to
// them, so the strings are ordinary immutable Go strings. A block lives as
// long as any string or variant in it, which bounds the memory a retained
// value can pin to one block (8 KiB of strings, or [SlabLen] variants).
package arena

import (
	"reflect"
	"unsafe"
)

const (
	// stringBlock is the size of a string block; strings longer than
	// bigString get their own allocation.
	stringBlock = 8 << 10
	bigString   = 1 << 10
	// SlabLen is the number of variant structs a [Slab] allocates at a
	// time.
	SlabLen = 64
)

// Strings hands out strings copied into blocks. Its zero value is ready
// to use; it is not safe for concurrent use.
type Strings struct {
	buf []byte
}

// String returns b as a string, copying it into the arena. sizeHint is the
// number of input bytes left, used to avoid large blocks for small
// documents.
func (a *Strings) String(b []byte, sizeHint int) string {
	n := len(b)
	if n == 0 {
		return ""
	}
	if n > bigString {
		return string(b)
	}
	if cap(a.buf)-len(a.buf) < n {
		size := min(max(sizeHint, 64), stringBlock)
		a.buf = make([]byte, 0, max(size, n))
	}
	start := len(a.buf)
	a.buf = append(a.buf, b...)
	return unsafe.String(&a.buf[start], n)
}

// Reset drops the current block: the next string starts a new one, and
// the strings handed out so far keep theirs.
func (a *Strings) Reset() { a.buf = nil }

// Block returns the type of the blocks a [Slab] of variant struct type t
// allocates: an array of [SlabLen] of them.
func Block(t reflect.Type) reflect.Type { return reflect.ArrayOf(SlabLen, t) }

// Slab hands out pointers to zeroed variant structs of one type, allocated
// SlabLen at a time as one array. Its zero value is ready to use; it is
// not safe for concurrent use.
type Slab struct {
	block unsafe.Pointer
	next  int
}

// Alloc returns a pointer to a fresh zero variant struct of the given
// size, from blocks of type block ([Block] of the struct type).
func (s *Slab) Alloc(block reflect.Type, size uintptr) unsafe.Pointer {
	if s.block == nil || s.next == SlabLen {
		s.block = reflect.New(block).UnsafePointer()
		s.next = 0
	}
	p := unsafe.Add(s.block, uintptr(s.next)*size)
	s.next++
	return p
}

// ArrayBlock is the number of elements an [Arrays] allocates at a time;
// arrays longer than ArrayBlock/4 get their own allocation.
const ArrayBlock = 256

// Arrays hands out zeroed arrays of T carved from blocks of [ArrayBlock]
// elements: the backing arrays of short decoded lists (DynamoDB's SS and
// L lists, a few in every item), which would otherwise cost an allocation
// each. Each array is returned as a full-capacity slice, so appending to
// a decoded list copies it instead of writing into its neighbour. Blocks
// are never reused: a region is handed out once and stays zero until its
// caller fills it. A retained list pins its block (at most ArrayBlock
// elements). Its zero value is ready to use; it is not safe for
// concurrent use.
type Arrays[T any] struct {
	buf []T
}

// Alloc returns a zeroed array of n elements.
func (a *Arrays[T]) Alloc(n int) []T {
	if n > ArrayBlock/4 {
		return make([]T, n)
	}
	if cap(a.buf)-len(a.buf) < n {
		a.buf = make([]T, 0, ArrayBlock)
	}
	start := len(a.buf)
	a.buf = a.buf[:start+n]
	return a.buf[start : start+n : start+n]
}

// Reset drops the current block: the next array starts a new one, and
// the arrays handed out so far keep theirs.
func (a *Arrays[T]) Reset() { a.buf = nil }
