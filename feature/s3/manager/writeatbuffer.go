package manager

import (
	"errors"
	"sync"
)

// WriteAtBuffer is an in-memory io.WriterAt to download into, as in
// aws-sdk-go-v2. It is safe for concurrent use; the zero value is an
// empty buffer.
type WriteAtBuffer struct {
	// GrowthCoeff is how much more than needed the buffer grows by when a
	// write goes past its end: a value above 1 grows it to that multiple
	// of the size needed. Zero or values up to 1 grow it to the size
	// needed.
	GrowthCoeff float64

	mu  sync.Mutex
	buf []byte
}

// NewWriteAtBuffer returns a WriteAtBuffer that starts with buf.
func NewWriteAtBuffer(buf []byte) *WriteAtBuffer { return &WriteAtBuffer{buf: buf} }

// WriteAt writes p at offset off, growing the buffer as needed.
func (b *WriteAtBuffer) WriteAt(p []byte, off int64) (int, error) {
	if off < 0 {
		return 0, errors.New("manager: WriteAtBuffer.WriteAt at a negative offset")
	}
	end := off + int64(len(p))
	b.mu.Lock()
	defer b.mu.Unlock()
	if end > int64(len(b.buf)) {
		if end > int64(cap(b.buf)) {
			size := end
			if b.GrowthCoeff > 1 {
				size = int64(float64(end) * b.GrowthCoeff)
			}
			nb := make([]byte, end, size)
			copy(nb, b.buf)
			b.buf = nb
		} else {
			b.buf = b.buf[:end]
		}
	}
	return copy(b.buf[off:], p), nil
}

// Bytes returns the buffer's contents; the caller must not write to the
// buffer while using them.
func (b *WriteAtBuffer) Bytes() []byte {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf
}
