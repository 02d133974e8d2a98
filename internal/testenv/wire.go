package testenv

import (
	"io"
	"net/http"
	"sync"
	"testing"
	"time"

	transporthttp "github.com/nimbus-sdk/nimbus/transport/http"
)

// Wire is an HTTP client that records each request as it goes on the
// wire (signed, with the headers and body the server receives) and
// sends it with Next. Tests set it as a client's HTTPClient to assert on
// what was sent, such as the X-Amz-Content-Sha256 a request was signed
// with and the trailer at the end of an aws-chunked body. It is safe for
// concurrent use.
type Wire struct {
	Next transporthttp.HTTPDoer

	mu   sync.Mutex
	sent []*Sent
}

// Sent is one request recorded by a [Wire].
type Sent struct {
	Method, Path, RawQuery string
	Header                 http.Header // as sent, after signing
	ContentLength          int64

	body *tailReader // nil for a request without a body
}

// tailKeep is how many bytes of a body's end a [Sent] keeps: enough for
// an aws-chunked body's last chunk and trailers.
const tailKeep = 512

// Do records req and sends it with w.Next.
func (w *Wire) Do(req *http.Request) (*http.Response, error) {
	s := &Sent{Method: req.Method, Path: req.URL.EscapedPath(), RawQuery: req.URL.RawQuery,
		Header: req.Header.Clone(), ContentLength: req.ContentLength}
	if req.Body != nil && req.Body != http.NoBody {
		s.body = &tailReader{r: req.Body, done: make(chan struct{})}
		req.Body = s.body
	}
	w.mu.Lock()
	w.sent = append(w.sent, s)
	w.mu.Unlock()
	return w.Next.Do(req)
}

// Requests returns the requests sent so far, in order.
func (w *Wire) Requests() []*Sent {
	w.mu.Lock()
	defer w.mu.Unlock()
	return append([]*Sent(nil), w.sent...)
}

// BodyTail returns the last bytes (up to 512) of the body as it was sent,
// waiting up to 10 seconds for the transport to finish reading or close
// it; nil for a request without a body. It fails t if the body was not
// done by then.
func (s *Sent) BodyTail(t testing.TB) []byte {
	t.Helper()
	if s.body == nil {
		return nil
	}
	select {
	case <-s.body.done:
	case <-time.After(10 * time.Second):
		t.Fatalf("%s %s: the request body was not read to its end", s.Method, s.Path)
	}
	s.body.mu.Lock()
	defer s.body.mu.Unlock()
	return append([]byte(nil), s.body.tail...)
}

// tailReader passes a body through and keeps its last tailKeep bytes.
type tailReader struct {
	r    io.ReadCloser
	done chan struct{} // closed at EOF or Close
	once sync.Once

	mu   sync.Mutex
	tail []byte
}

func (b *tailReader) Read(p []byte) (int, error) {
	n, err := b.r.Read(p)
	b.mu.Lock()
	b.tail = append(b.tail, p[:n]...)
	if len(b.tail) > tailKeep {
		b.tail = append(b.tail[:0], b.tail[len(b.tail)-tailKeep:]...)
	}
	b.mu.Unlock()
	if err == io.EOF {
		b.once.Do(func() { close(b.done) })
	}
	return n, err
}

func (b *tailReader) Close() error {
	b.once.Do(func() { close(b.done) })
	return b.r.Close()
}
