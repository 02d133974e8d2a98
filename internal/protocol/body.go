package protocol

import (
	"errors"
	"io"
	"sync"

	smithyhttp "github.com/aws/smithy-go/transport/http"
)

// Buffers for reading response bodies and writing request bodies.
var bufPool = sync.Pool{New: func() any { b := make([]byte, 0, 4096); return &b }}

// GetBuffer returns an empty pooled buffer; return it with [PutBuffer].
func GetBuffer() *[]byte { return bufPool.Get().(*[]byte) }

// PutBuffer returns a buffer to the pool. Very large buffers are dropped.
func PutBuffer(b *[]byte) {
	if cap(*b) > 4<<20 {
		return
	}
	*b = (*b)[:0]
	bufPool.Put(b)
}

// maxPrealloc is the most ReadBody reserves up front from a response's
// Content-Length. Past it the buffer grows with the bytes that actually
// arrive: a server that claims a gigabyte and sends sixteen bytes costs
// sixteen bytes.
const maxPrealloc = 64 << 10

// ReadBody reads the whole response body into buf[:0] and returns it. It
// does not close the body. The buffer grows with the bytes read; the
// Content-Length header only sizes the first allocation, up to 64 KiB.
// The runtime bounds the body itself (a response larger than the client's
// limit fails the read), so ReadBody needs no limit of its own.
func ReadBody(resp *smithyhttp.Response, buf []byte) ([]byte, error) {
	buf = buf[:0]
	if resp == nil || resp.Body == nil {
		return buf, nil
	}
	if n := resp.ContentLength; n > 0 && int64(cap(buf)) < n+1 {
		buf = make([]byte, 0, min(n+1, maxPrealloc))
	}
	for {
		if len(buf) == cap(buf) {
			buf = append(buf, 0)[:len(buf)]
		}
		n, err := resp.Body.Read(buf[len(buf):cap(buf)])
		buf = buf[:len(buf)+n]
		if errors.Is(err, io.EOF) {
			return buf, nil
		}
		if err != nil {
			return buf, err
		}
	}
}

// DrainAndClose reads what is left of the body and closes it, returning
// the first error. Reading to the end lets the connection be reused, and
// it is how a response longer than the client accepts is noticed: the
// client runtime bounds every non-streaming body (and error bodies) before
// a codec sees it, so this read ends.
func DrainAndClose(resp *smithyhttp.Response) error {
	if resp == nil || resp.Body == nil {
		return nil
	}
	_, err := io.Copy(io.Discard, resp.Body)
	if cerr := resp.Body.Close(); err == nil {
		err = cerr
	}
	return err
}

// SetStream attaches r, unread, as the body of req in place. smithyhttp's
// Request.SetStream returns a clone without the request's context, so
// the context is carried over; like it, SetStream sets the Content-Length
// when it can learn the stream's length.
func SetStream(req *smithyhttp.Request, r io.Reader) error {
	ctx := req.Context()
	nr, err := req.SetStream(r)
	if err != nil {
		return err
	}
	nr.Request = nr.Request.WithContext(ctx)
	*req = *nr
	return nil
}
