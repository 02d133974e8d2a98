package jsoncodec

import (
	"bytes"
	"errors"
	"io"
	"sync"

	smithyhttp "github.com/aws/smithy-go/transport/http"
)

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

// ReadBody reads the whole response body into buf[:0], growing it as
// needed (to Content-Length at once when known), and closes the body.
func ReadBody(resp *smithyhttp.Response, buf []byte) ([]byte, error) {
	buf = buf[:0]
	if resp == nil || resp.Body == nil {
		return buf, nil
	}
	defer resp.Body.Close()
	if n := resp.ContentLength; n > 0 && n < 1<<30 && int64(cap(buf)) < n+1 {
		buf = make([]byte, 0, n+1)
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

// DrainAndClose discards what is left of the body and closes it.
func DrainAndClose(resp *smithyhttp.Response) error {
	if resp == nil || resp.Body == nil {
		return nil
	}
	_, _ = io.Copy(io.Discard, resp.Body)
	return resp.Body.Close()
}

// SetBody makes body the request body, with Content-Type contentType
// unless the request already has one. smithyhttp's SetStream returns a
// copy of the request without its context, so the context is carried
// over.
func SetBody(req *smithyhttp.Request, body []byte, contentType string) error {
	return SetStream(req, bytes.NewReader(body), contentType)
}

// SetStream is [SetBody] for a reader, which is attached unread.
func SetStream(req *smithyhttp.Request, r io.Reader, contentType string) error {
	if contentType != "" && req.Header.Get("Content-Type") == "" {
		req.Header.Set("Content-Type", contentType)
	}
	ctx := req.Context()
	nr, err := req.SetStream(r)
	if err != nil {
		return err
	}
	nr.Request = nr.Request.WithContext(ctx)
	*req = *nr
	return nil
}
