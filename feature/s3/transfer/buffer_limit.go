package transfer

import (
	"errors"
	"fmt"
	"math"
)

// ErrPartTooLarge is wrapped by the error of an upload from a plain
// io.Reader, or a DownloadStream, whose part does not fit in one memory
// buffer on this platform: a []byte holds at most math.MaxInt bytes,
// 2 GiB - 1 on 32-bit platforms, while parts may be up to 5 GiB. Sources
// that are io.ReaderAt with a known size, and Download to an io.WriterAt,
// do not buffer parts and have no such limit.
var ErrPartTooLarge = errors.New("part too large for a memory buffer on this platform")

// maxBuffer is the largest part buffer this platform can allocate.
const maxBuffer int64 = math.MaxInt

// check returns an error wrapping ErrPartTooLarge when a buffer of size
// bytes is over the pool's limit, maxBuffer unless a test lowered it, so
// the call fails before anything is allocated or sent.
func (p *bufferPool) check(size int64) error {
	limit := p.limit
	if limit == 0 {
		limit = maxBuffer
	}
	if size > limit {
		return fmt.Errorf("transfer: part size of %d bytes: %w (at most %d bytes)", size, ErrPartTooLarge, limit)
	}
	return nil
}
