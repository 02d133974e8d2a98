// Package faultproxy is a reverse proxy on 127.0.0.1 that sits between a
// client under test and a real server (versitygw in `make test`) and
// injects the wire faults a real server cannot be asked for: a response
// lost after the server ran the request, a connection reset part way
// through a body, a truncated body, a status storm, or a response whose
// status and headers lie.
//
// Requests are forwarded unchanged, Host header included, so SigV4
// signatures verify at the server. A [Rule] picks the fault of each
// request; rules decide from the request and a per-proxy sequence number,
// so every test is bounded: a rule that injects a fault "the first two
// times" injects it exactly twice. The proxy is closed with the test.
package faultproxy

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"strconv"
	"sync"
	"testing"
	"time"
)

// Fault is what the proxy does to one request. The zero Fault forwards the
// request and its response unchanged.
type Fault struct {
	// Status, when non-zero, answers with this status and a small S3-style
	// XML error body without forwarding the request: the server never sees
	// it.
	Status int

	// DropResponse forwards the request, waits until the server has
	// answered (so the server ran it), discards the answer and resets the
	// client's connection: the response is lost after the request was
	// fully sent.
	DropResponse bool

	// Reset forwards the request, writes the response status, headers
	// and only the first ResetAfter bytes of the body, then resets the
	// connection: a body cut short.
	Reset      bool
	ResetAfter int64

	// Rewrite, when set, edits the server's response (status, headers and
	// body) before the proxy writes it. The body it leaves is written as
	// is, with Content-Length recomputed unless Rewrite set one itself.
	Rewrite func(resp *Response)
}

// Response is the server's response as [Fault.Rewrite] sees it.
type Response struct {
	Status int
	Header http.Header
	Body   []byte
}

// Rule chooses the fault for a request. seq counts the requests the proxy
// has received, from 1. A Rule is called from many goroutines at once and
// must be safe for that.
type Rule func(r *http.Request, seq int) Fault

// Record describes one request the proxy handled.
type Record struct {
	Seq    int
	Method string
	// Path is the escaped path and RawQuery the query, as received.
	Path     string
	RawQuery string
	Header   http.Header
	// Body is the request body, up to 64 KiB.
	Body  []byte
	Fault Fault
	// Injected is true when Fault was not a pass-through.
	Injected bool
}

// Proxy is a running fault-injecting proxy.
type Proxy struct {
	// URL is the proxy's base URL, http://127.0.0.1:PORT; use it as the
	// client's endpoint.
	URL string

	target string
	rule   Rule
	srv    *httptest.Server
	client *http.Client

	mu      sync.Mutex
	seq     int
	records []Record
}

// maxBody bounds the response bodies the proxy buffers (for Rewrite and
// Reset): the proxy is for tests of small objects.
const maxBody = 64 << 20

// Start starts a proxy in front of target (an http:// base URL) that
// applies rule to each request, and closes it when t ends. A nil rule
// forwards everything.
func Start(t testing.TB, target string, rule Rule) *Proxy {
	t.Helper()
	if rule == nil {
		rule = func(*http.Request, int) Fault { return Fault{} }
	}
	p := &Proxy{
		target: target,
		rule:   rule,
		client: &http.Client{
			Timeout: 2 * time.Minute,
			Transport: &http.Transport{
				Proxy:               nil,
				DisableCompression:  true,
				MaxIdleConnsPerHost: 32,
			},
			CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse },
		},
	}
	p.srv = httptest.NewServer(http.HandlerFunc(p.serve))
	p.URL = p.srv.URL
	t.Cleanup(func() {
		p.srv.CloseClientConnections()
		p.srv.Close()
		p.client.CloseIdleConnections()
	})
	return p
}

// Records returns a copy of what the proxy has handled so far, in arrival
// order.
func (p *Proxy) Records() []Record {
	p.mu.Lock()
	defer p.mu.Unlock()
	return append([]Record(nil), p.records...)
}

// Injected returns how many requests got a fault other than pass-through.
func (p *Proxy) Injected() int {
	n := 0
	for _, r := range p.Records() {
		if r.Injected {
			n++
		}
	}
	return n
}

func (p *Proxy) serve(w http.ResponseWriter, r *http.Request) {
	p.mu.Lock()
	p.seq++
	seq := p.seq
	p.mu.Unlock()

	// The body is read first, so that the rule and the record see it and
	// the upstream request has a known length, as the client sent it
	// (aws-chunked bodies included).
	body, err := io.ReadAll(r.Body)
	if err != nil {
		reset(w)
		return
	}
	r.Body = io.NopCloser(bytes.NewReader(body))
	f := p.rule(r, seq)
	injected := f.Status != 0 || f.DropResponse || f.Reset || f.Rewrite != nil
	p.mu.Lock()
	p.records = append(p.records, Record{
		Seq: seq, Method: r.Method, Path: r.URL.EscapedPath(), RawQuery: r.URL.RawQuery,
		Header: r.Header.Clone(), Body: body[:min(len(body), 64<<10)], Fault: f, Injected: injected,
	})
	p.mu.Unlock()

	if f.Status != 0 {
		code := http.StatusText(f.Status)
		body := fmt.Sprintf("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<Error><Code>%s</Code><Message>injected by faultproxy</Message><RequestId>faultproxy-%d</RequestId></Error>",
			xmlCode(f.Status, code), seq)
		w.Header().Set("Content-Type", "application/xml")
		w.Header().Set("Content-Length", strconv.Itoa(len(body)))
		w.WriteHeader(f.Status)
		_, _ = io.WriteString(w, body)
		return
	}

	resp, err := p.forward(r, body)
	if err != nil {
		http.Error(w, "faultproxy: "+err.Error(), http.StatusBadGateway)
		return
	}
	defer resp.Body.Close()

	if f.DropResponse {
		_, _ = io.Copy(io.Discard, io.LimitReader(resp.Body, maxBody))
		reset(w)
		return
	}
	if f.Rewrite == nil && !f.Reset {
		copyHeader(w.Header(), resp.Header)
		w.WriteHeader(resp.StatusCode)
		_, _ = io.Copy(w, resp.Body)
		return
	}

	respBody, err := io.ReadAll(io.LimitReader(resp.Body, maxBody))
	if err != nil {
		reset(w)
		return
	}
	out := &Response{Status: resp.StatusCode, Header: resp.Header.Clone(), Body: respBody}
	if f.Rewrite != nil {
		before := out.Header.Get("Content-Length")
		f.Rewrite(out)
		if out.Header.Get("Content-Length") == before {
			out.Header.Set("Content-Length", strconv.Itoa(len(out.Body)))
		}
	}
	copyHeader(w.Header(), out.Header)
	w.WriteHeader(out.Status)
	if f.Reset {
		n := min(max(f.ResetAfter, 0), int64(len(out.Body)))
		_, _ = w.Write(out.Body[:n])
		if fl, ok := w.(http.Flusher); ok {
			fl.Flush()
		}
		reset(w)
		return
	}
	_, _ = w.Write(out.Body)
}

// forward sends r, whose body was read into body, to the target with its
// headers and Host unchanged.
func (p *Proxy) forward(r *http.Request, body []byte) (*http.Response, error) {
	ctx, cancel := context.WithTimeout(r.Context(), 2*time.Minute)
	out, err := http.NewRequestWithContext(ctx, r.Method, p.target+r.URL.RequestURI(), bytes.NewReader(body))
	if err != nil {
		cancel()
		return nil, err
	}
	out.Header = r.Header.Clone()
	out.Host = r.Host
	out.ContentLength = int64(len(body))
	if len(body) == 0 {
		out.Body = http.NoBody
	}
	resp, err := p.client.Do(out)
	if err != nil {
		cancel()
		return nil, err
	}
	resp.Body = &cancelBody{ReadCloser: resp.Body, cancel: cancel}
	return resp, nil
}

type cancelBody struct {
	io.ReadCloser
	cancel context.CancelFunc
}

func (b *cancelBody) Close() error {
	err := b.ReadCloser.Close()
	b.cancel()
	return err
}

// reset aborts the client connection with a TCP RST, so the client sees
// "connection reset by peer" rather than an orderly close.
func reset(w http.ResponseWriter) {
	hj, ok := w.(http.Hijacker)
	if !ok {
		panic("faultproxy: response writer cannot be hijacked")
	}
	conn, buf, err := hj.Hijack()
	if err != nil {
		return
	}
	if buf != nil {
		_ = buf.Flush()
	}
	if tc, ok := conn.(*net.TCPConn); ok {
		_ = tc.SetLinger(0)
	}
	_ = conn.Close()
}

func copyHeader(dst, src http.Header) {
	for k, vs := range src {
		dst[k] = append([]string(nil), vs...)
	}
}

// xmlCode is the S3 error code the proxy sends for an injected status.
func xmlCode(status int, text string) string {
	switch status {
	case http.StatusInternalServerError:
		return "InternalError"
	case http.StatusServiceUnavailable:
		return "SlowDown"
	}
	out := make([]byte, 0, len(text))
	for i := 0; i < len(text); i++ {
		if c := text[i]; c != ' ' && c != '-' {
			out = append(out, c)
		}
	}
	return string(out)
}

// Times returns a rule that applies f to the first n requests for which
// match reports true, and forwards everything else. A nil match matches
// every request.
func Times(n int, match func(*http.Request) bool, f Fault) Rule {
	var mu sync.Mutex
	left := n
	return func(r *http.Request, _ int) Fault {
		if match != nil && !match(r) {
			return Fault{}
		}
		mu.Lock()
		defer mu.Unlock()
		if left <= 0 {
			return Fault{}
		}
		left--
		return f
	}
}
