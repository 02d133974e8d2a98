package http

import (
	"context"
	"errors"
	"io"
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
