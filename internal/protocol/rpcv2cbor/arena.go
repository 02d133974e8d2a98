package rpcv2cbor

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

// slab hands out pointers to zeroed variant structs, allocated slabLen
// at a time as one array.
type slab struct {
	block unsafe.Pointer
	next  int
}

// alloc returns a pointer to a fresh zero variant struct of v.
func (s *slab) alloc(v *variant) unsafe.Pointer {
	if s.block == nil || s.next == slabLen {
		s.block = reflect.New(v.block).UnsafePointer()
		s.next = 0
	}
	p := unsafe.Add(s.block, uintptr(s.next)*v.size)
	s.next++
	return p
}
