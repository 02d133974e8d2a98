package http

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	nethttp "net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"

	smithy "github.com/aws/smithy-go"
	smithyhttp "github.com/aws/smithy-go/transport/http"
)

func newSmithyRequest(t *testing.T, rawURL string) *smithyhttp.Request {
	t.Helper()
	req := smithyhttp.NewStackRequest().(*smithyhttp.Request)
	u, err := url.Parse(rawURL)
	if err != nil {
		t.Fatal(err)
	}
	req.URL = u
	req.Method = "PUT"
	req, err = req.SetStream(strings.NewReader("payload"))
	if err != nil {
		t.Fatal(err)
	}
	return req
}

func TestClientHandlerSuccess(t *testing.T) {
	ts := httptest.NewServer(nethttp.HandlerFunc(func(w nethttp.ResponseWriter, r *nethttp.Request) {
		b, _ := io.ReadAll(r.Body)
		w.WriteHeader(nethttp.StatusCreated)
		w.Write(b)
	}))
	defer ts.Close()

	var wrapped bool
	ctx := WithResponseBodyHook(context.Background(), func(rc io.ReadCloser) io.ReadCloser {
		wrapped = true
		return rc
	})
	out, _, err := ClientHandler{Client: NewClient()}.Handle(ctx, newSmithyRequest(t, ts.URL))
	if err != nil {
		t.Fatalf("Handle: %v", err)
	}
	resp, ok := out.(*smithyhttp.Response)
	if !ok {
		t.Fatalf("Handle output = %T; want *smithyhttp.Response", out)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	if resp.StatusCode != nethttp.StatusCreated || string(b) != "payload" {
		t.Errorf("response = %d %q; want 201 %q", resp.StatusCode, b, "payload")
	}
	if !wrapped {
		t.Errorf("body hook was not called")
	}
}

type doerFunc func(*nethttp.Request) (*nethttp.Response, error)

func (f doerFunc) Do(r *nethttp.Request) (*nethttp.Response, error) { return f(r) }

func TestClientHandlerErrors(t *testing.T) {
	boom := errors.New("boom")
	canceled, cancel := context.WithCancel(context.Background())
	cancel()
	tests := []struct {
		name  string
		ctx   context.Context
		err   error
		check func(error) bool
	}{
		{"other error wrapped", context.Background(), boom, func(err error) bool {
			var e *RequestSendError
			return errors.As(err, &e) && errors.Is(err, boom)
		}},
		{"send error kept", context.Background(), &RequestSendError{Err: boom}, func(err error) bool {
			e, ok := err.(*RequestSendError)
			return ok && e.Err == boom
		}},
		{"timeout kept", context.Background(), &ResponseTimeoutError{Err: boom}, func(err error) bool {
			_, ok := err.(*ResponseTimeoutError)
			return ok
		}},
		{"canceled", canceled, context.Canceled, func(err error) bool {
			var e *smithy.CanceledError
			return errors.As(err, &e) && errors.Is(err, context.Canceled)
		}},
		{"canceled keeps transport error", canceled, boom, func(err error) bool {
			var e *smithy.CanceledError
			return errors.As(err, &e) && errors.Is(err, context.Canceled) && errors.Is(err, boom)
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			h := ClientHandler{Client: doerFunc(func(*nethttp.Request) (*nethttp.Response, error) { return nil, tt.err })}
			out, _, err := h.Handle(tt.ctx, newSmithyRequest(t, "http://127.0.0.1:1"))
			if out != nil {
				t.Errorf("Handle output = %v; want nil", out)
			}
			if !tt.check(err) {
				t.Errorf("Handle error = %T %v; unexpected", err, err)
			}
		})
	}
}

func TestClientHandlerBadInput(t *testing.T) {
	_, _, err := ClientHandler{Client: NewClient()}.Handle(context.Background(), "not a request")
	if err == nil {
		t.Fatal("Handle(string) error = nil; want error")
	}
}

// oneReadServer accepts one connection, reports what its first Read
// returned and answers 200.
func oneReadServer(t *testing.T) (addr string, firstRead <-chan string) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { ln.Close() })
	ch := make(chan string, 1)
	go func() {
		c, err := ln.Accept()
		if err != nil {
			ch <- err.Error()
			return
		}
		defer c.Close()
		buf := make([]byte, 64<<10)
		n, _ := c.Read(buf)
		ch <- string(buf[:n])
		c.Write([]byte("HTTP/1.1 200 OK\r\nContent-Length: 0\r\nConnection: close\r\n\r\n"))
	}()
	return ln.Addr().String(), ch
}

// TestClientHandlerSmallBodyOneWrite checks that a small in-memory body is
// written with the request headers in one write (net/http flushes the
// headers alone first for any body it does not know to be in memory), is
// sent whole, and leaves the caller's reader where sending it would.
func TestClientHandlerSmallBodyOneWrite(t *testing.T) {
	payload := strings.Repeat("0123456789abcdef", 64) // 1 KiB
	for _, stream := range []io.Reader{
		bytes.NewReader([]byte("xx" + payload + "tail")),
		strings.NewReader("xx" + payload + "tail"),
	} {
		t.Run(fmt.Sprintf("%T", stream), func(t *testing.T) {
			stream.Read(make([]byte, 2)) // the body starts where the reader stands
			addr, firstRead := oneReadServer(t)
			req, err := newSmithyRequest(t, "http://"+addr+"/k").SetStream(stream)
			if err != nil {
				t.Fatal(err)
			}
			req.ContentLength = int64(len(payload))
			out, _, err := ClientHandler{Client: NewClient()}.Handle(context.Background(), req)
			if err != nil {
				t.Fatalf("Handle: %v", err)
			}
			out.(*smithyhttp.Response).Body.Close()
			head, body, ok := strings.Cut(<-firstRead, "\r\n\r\n")
			if !ok || body != payload {
				t.Errorf("first read held %d bytes of headers and %d of body; want the headers and the %d-byte body", len(head), len(body), len(payload))
			}
			if rest, _ := io.ReadAll(stream); string(rest) != "tail" {
				t.Errorf("caller's reader left at %q; want %q", rest, "tail")
			}
		})
	}
}

// TestSmallBodyCopy checks which bodies are copied.
func TestSmallBodyCopy(t *testing.T) {
	big := bytes.Repeat([]byte("x"), maxBodyCopy+1)
	tests := []struct {
		name   string
		stream io.Reader
		n      int64
		copied bool
	}{
		{"bytes", bytes.NewReader([]byte("hello")), 5, true},
		{"prefix", strings.NewReader("hello"), 3, true},
		{"short reader", strings.NewReader("hi"), 5, false},
		{"unknown length", strings.NewReader("hi"), -1, false},
		{"too big", bytes.NewReader(big), int64(len(big)), false},
		{"other reader", io.LimitReader(strings.NewReader("hello"), 5), 5, false},
	}
	for _, tt := range tests {
		b := smallBodyCopy(tt.stream, tt.n)
		if (b != nil) != tt.copied {
			t.Errorf("%s: copied = %t; want %t", tt.name, b != nil, tt.copied)
			continue
		}
		if b != nil {
			if int64(len(b)) != tt.n || !strings.HasPrefix("hello", string(b)) {
				t.Errorf("%s: copy = %q", tt.name, b)
			}
		}
	}
}
