package bench

import (
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"strconv"
	"sync"
	"sync/atomic"
	"time"
)

// ObjectSize is the size of the object the stub serves.
const ObjectSize = 1024

// Fixed identities used by every fixture.
const (
	Bucket          = "bench-bucket"
	Key             = "dir/object.bin"
	Region          = "us-east-1"
	AccessKeyID     = "AKIDEXAMPLE"
	SecretAccessKey = "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY"
	SessionToken    = "IQoJb3JpZ2luX2VjEHcaCXVzLWVhc3QtMSJHMEUCIQDexampletokenexampletokenexample"

	// ObjectETag is returned by GetObject; PutETag by PutObject.
	ObjectETag = `"0f343b0931126a20f133d67c2b018a3b"`
	PutETag    = `"9b2cf535f27731c974343645a3985328"`
)

// ObjectBody is the body GetObject returns: ObjectSize deterministic bytes.
var ObjectBody = func() []byte {
	b := make([]byte, ObjectSize)
	for i := range b {
		b[i] = byte('a' + i%26)
	}
	return b
}()

// lastModified is a fixed Last-Modified value.
var lastModified = time.Date(2024, 5, 24, 12, 0, 0, 0, time.UTC).Format(http.TimeFormat)

// Header values are built once and shared by every response: net/http
// only reads them, so the stub's per-request cost stays small and equal
// for every client under test.
var (
	getHeaderValues = map[string][]string{
		"Etag":             {ObjectETag},
		"Content-Length":   {strconv.Itoa(ObjectSize)},
		"Content-Type":     {"application/octet-stream"},
		"Last-Modified":    {lastModified},
		"Accept-Ranges":    {"bytes"},
		"X-Amz-Request-Id": {"BENCHREQUESTID01"},
	}
	putHeaderValues = map[string][]string{
		"Etag":             {PutETag},
		"Content-Length":   {"0"},
		"X-Amz-Request-Id": {"BENCHREQUESTID02"},
	}
)

// Stub is a loopback S3 stand-in. It answers GET /{bucket}/{key} with
// [ObjectBody] and PUT /{bucket}/{key} with 200 and [PutETag], after
// reading the whole request body. It does not verify signatures. Anything
// else gets 400.
type Stub struct {
	*httptest.Server

	conns atomic.Int64 // TCP connections accepted

	mu   sync.Mutex
	seen []*http.Request // requests recorded while recording is on
	rec  bool
}

// NewStub starts a Stub on 127.0.0.1. Call Close when done.
func NewStub() *Stub {
	s := &Stub{}
	s.Server = httptest.NewUnstartedServer(http.HandlerFunc(s.serve))
	s.Server.Config.ConnState = func(_ net.Conn, st http.ConnState) {
		if st == http.StateNew {
			s.conns.Add(1)
		}
	}
	s.Server.Start()
	return s
}

// Conns returns the number of TCP connections the stub has accepted, so
// tests can check that clients reuse connections.
func (s *Stub) Conns() int64 { return s.conns.Load() }

// SetRecording turns recording of request heads (method, URL, headers and
// ContentLength, not bodies) on or off; [Stub.Requests] returns them.
// Benchmarks run with recording off.
func (s *Stub) SetRecording(on bool) {
	s.mu.Lock()
	s.rec = on
	s.mu.Unlock()
}

// Requests returns the requests recorded so far and clears the list.
func (s *Stub) Requests() []*http.Request {
	s.mu.Lock()
	defer s.mu.Unlock()
	r := s.seen
	s.seen = nil
	return r
}

func (s *Stub) serve(w http.ResponseWriter, r *http.Request) {
	s.mu.Lock()
	if s.rec {
		s.seen = append(s.seen, &http.Request{Method: r.Method, URL: r.URL, Header: r.Header.Clone(), ContentLength: r.ContentLength})
	}
	s.mu.Unlock()

	const prefix = "/" + Bucket + "/"
	if len(r.URL.Path) <= len(prefix) || r.URL.Path[:len(prefix)] != prefix {
		w.WriteHeader(http.StatusBadRequest)
		return
	}
	h := w.Header()
	switch r.Method {
	case http.MethodGet:
		for k, v := range getHeaderValues {
			h[k] = v
		}
		w.WriteHeader(http.StatusOK)
		w.Write(ObjectBody)
	case http.MethodPut:
		io.Copy(io.Discard, r.Body)
		for k, v := range putHeaderValues {
			h[k] = v
		}
		w.WriteHeader(http.StatusOK)
	default:
		w.WriteHeader(http.StatusBadRequest)
	}
}

// CannedHTTPClient answers every request in-process without sockets: GET
// gets the stub's GetObject response, PUT its PutObject response. It
// satisfies the HTTPClient interfaces of both SDKs. Each call allocates
// only the response, its header map and its body reader, the same for
// every client under test.
type CannedHTTPClient struct{}

// Do returns a canned response for req. It closes req.Body, as
// [net/http.Client.Do] does, after reading it.
func (CannedHTTPClient) Do(req *http.Request) (*http.Response, error) {
	if req.Body != nil {
		io.Copy(io.Discard, req.Body)
		req.Body.Close()
	}
	resp := &http.Response{
		Status:     "200 OK",
		StatusCode: http.StatusOK,
		Proto:      "HTTP/1.1",
		ProtoMajor: 1,
		ProtoMinor: 1,
		Request:    req,
	}
	if req.Method == http.MethodPut {
		resp.Header = http.Header{
			"Etag":             putHeaderValues["Etag"],
			"Content-Length":   putHeaderValues["Content-Length"],
			"X-Amz-Request-Id": putHeaderValues["X-Amz-Request-Id"],
		}
		resp.Body = http.NoBody
		return resp, nil
	}
	resp.Header = http.Header{
		"Etag":             getHeaderValues["Etag"],
		"Content-Length":   getHeaderValues["Content-Length"],
		"Content-Type":     getHeaderValues["Content-Type"],
		"Last-Modified":    getHeaderValues["Last-Modified"],
		"Accept-Ranges":    getHeaderValues["Accept-Ranges"],
		"X-Amz-Request-Id": getHeaderValues["X-Amz-Request-Id"],
	}
	resp.ContentLength = ObjectSize
	resp.Body = &cannedBody{data: ObjectBody}
	return resp, nil
}

// cannedBody is an io.ReadCloser over a fixed slice; one allocation.
type cannedBody struct {
	data []byte
	off  int
}

func (b *cannedBody) Read(p []byte) (int, error) {
	if b.off >= len(b.data) {
		return 0, io.EOF
	}
	n := copy(p, b.data[b.off:])
	b.off += n
	return n, nil
}

func (b *cannedBody) Close() error { return nil }
