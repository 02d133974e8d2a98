package jsoncodec

import (
	"reflect"
	"unsafe"
)

// The decoder avoids one allocation per decoded string and per union
// variant by carving them out of larger blocks. Blocks are append-only:
// bytes are never changed once a string refers to them, so the strings
// are ordinary immutable Go strings. A block lives as long as any string
// or variant in it, which bounds the memory a retained value can pin to
// one block (stringBlock bytes, or slabLen variants).

const (
	// stringBlock is the size of a string block; longer strings get their
	// own allocation.
	stringBlock = 8 << 10
	bigString   = 1 << 10
	slabLen     = 64
)

type stringArena struct {
	buf []byte
}

// str returns b as a string, copying it into the arena. sizeHint is the
// number of input bytes left, used to avoid large blocks for small
// documents.
func (a *stringArena) str(b []byte, sizeHint int) string {
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

// slab hands out pointers to zeroed values of one struct type, allocated
// slabLen at a time.
type slab struct {
	block reflect.Value // a slice of the struct type
	next  int
}

// alloc returns a pointer to a fresh zero value of type t (a struct type)
// as a reflect.Value.
func (s *slab) alloc(t reflect.Type) reflect.Value {
	if !s.block.IsValid() || s.next == s.block.Len() {
		s.block = reflect.MakeSlice(reflect.SliceOf(t), slabLen, slabLen)
		s.next = 0
	}
	p := s.block.Index(s.next).Addr()
	s.next++
	return p
}
