package retry

import (
	"context"
	"errors"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	smithy "github.com/aws/smithy-go"
	"github.com/aws/smithy-go/middleware"
	smithyhttp "github.com/aws/smithy-go/transport/http"

	nimbushttp "github.com/nimbus-sdk/nimbus/transport/http"
)

// step is one scripted server answer.
type step func(w http.ResponseWriter, r *http.Request)

func status(code int, body string) step {
	return func(w http.ResponseWriter, r *http.Request) {
		w.WriteHeader(code)
		io.WriteString(w, body)
	}
}

func reset(w http.ResponseWriter, r *http.Request) {
	conn, _, err := w.(http.Hijacker).Hijack()
	if err != nil {
		panic(err)
	}
	conn.(*net.TCPConn).SetLinger(0) // close with RST
	conn.Close()
}

func delay(d time.Duration, then step) step {
	return func(w http.ResponseWriter, r *http.Request) {
		select {
		case <-time.After(d):
		case <-r.Context().Done():
			return
		}
		then(w, r)
	}
}

var ok = status(200, "ok")

const (
	slowDownBody   = `<?xml version="1.0" encoding="UTF-8"?><Error><Code>SlowDown</Code><Message>Please reduce your request rate.</Message></Error>`
	throttlingBody = `<ErrorResponse><Error><Type>Sender</Type><Code>Throttling</Code><Message>Rate exceeded</Message></Error><RequestId>r</RequestId></ErrorResponse>`
	accessDenied   = `<Error><Code>AccessDenied</Code></Error>`
)

// scriptServer answers the n-th request with steps[n] (the last step
// repeats) and records each request's amz-sdk-request header and body.
type scriptServer struct {
	*httptest.Server
	mu      sync.Mutex
	headers []string
	bodies  []string
}

func newScriptServer(t *testing.T, steps ...step) *scriptServer {
	s := &scriptServer{}
	var n atomic.Int32
	s.Server = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		b, _ := io.ReadAll(r.Body)
		s.mu.Lock()
		s.headers = append(s.headers, r.Header.Get("amz-sdk-request"))
		s.bodies = append(s.bodies, string(b))
		s.mu.Unlock()
		i := int(n.Add(1)) - 1
		steps[min(i, len(steps)-1)](w, r)
	}))
	t.Cleanup(s.Close)
	return s
}

func TestMiddlewareScenarios(t *testing.T) {
	tests := []struct {
		name           string
		steps          []step
		attemptTimeout time.Duration
		wantAttempts   int
		wantResult     string
		check          func(t *testing.T, err error) // nil: want success
	}{
		{name: "success", steps: []step{ok}, wantAttempts: 1, wantResult: "ok"},
		{name: "connection reset then success", steps: []step{reset, ok}, wantAttempts: 2, wantResult: "ok"},
		{name: "500 then 503 then success", steps: []step{status(500, ""), status(503, ""), ok}, wantAttempts: 3, wantResult: "ok"},
		{name: "502 and 504 are retried", steps: []step{status(502, ""), status(504, ""), ok}, wantAttempts: 3, wantResult: "ok"},
		{name: "awsQuery Throttling then success", steps: []step{status(400, throttlingBody), ok}, wantAttempts: 2, wantResult: "ok"},
		{name: "S3 SlowDown exhausts attempts", steps: []step{status(503, slowDownBody)}, wantAttempts: 3,
			check: func(t *testing.T, err error) {
				var maxErr *MaxAttemptsError
				var apiErr smithy.APIError
				if !errors.As(err, &maxErr) || maxErr.Attempts != 3 {
					t.Errorf("error = %v; want *MaxAttemptsError with 3 attempts", err)
				}
				if !errors.As(err, &apiErr) || apiErr.ErrorCode() != "SlowDown" {
					t.Errorf("error = %v; want API error code SlowDown", err)
				}
			}},
		{name: "AccessDenied is not retried", steps: []step{status(403, accessDenied)}, wantAttempts: 1,
			check: func(t *testing.T, err error) {
				var apiErr smithy.APIError
				if !errors.As(err, &apiErr) || apiErr.ErrorCode() != "AccessDenied" {
					t.Errorf("error = %v; want AccessDenied", err)
				}
			}},
		{name: "501 is not retried", steps: []step{status(501, "")}, wantAttempts: 1,
			check: func(t *testing.T, err error) {
				var apiErr *testAPIError
				if !errors.As(err, &apiErr) || apiErr.Status != 501 {
					t.Errorf("error = %v; want HTTP 501 error", err)
				}
			}},
		{name: "attempt timeout then success", steps: []step{delay(5*time.Second, ok), ok},
			attemptTimeout: 100 * time.Millisecond, wantAttempts: 2, wantResult: "ok"},
		{name: "attempt timeout on every attempt", steps: []step{delay(5*time.Second, ok)},
			attemptTimeout: 50 * time.Millisecond, wantAttempts: 3,
			check: func(t *testing.T, err error) {
				var ate *AttemptTimeoutError
				if !errors.As(err, &ate) || ate.Limit != 50*time.Millisecond {
					t.Errorf("error = %v; want *AttemptTimeoutError{Limit: 50ms}", err)
				}
				var maxErr *MaxAttemptsError
				if !errors.As(err, &maxErr) {
					t.Errorf("error = %v; want *MaxAttemptsError", err)
				}
			}},
		{name: "attempt timeout does not cut a fast attempt", steps: []step{ok},
			attemptTimeout: 5 * time.Second, wantAttempts: 1, wantResult: "ok"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			srv := newScriptServer(t, tt.steps...)
			sleep := &fakeSleep{}
			h := newTestHandler(t, NewStandard(), MiddlewareOptions{AttemptTimeout: tt.attemptTimeout, Sleep: sleep.Sleep})

			out, md, err := h.Handle(context.Background(), &testInput{URL: srv.URL, Body: strings.NewReader("payload")})
			if tt.check == nil {
				if err != nil {
					t.Fatalf("Handle error = %v; want success", err)
				}
				if out != tt.wantResult {
					t.Errorf("result = %v; want %q", out, tt.wantResult)
				}
			} else {
				if err == nil {
					t.Fatalf("Handle succeeded; want error")
				}
				tt.check(t, err)
			}

			results, found := GetAttemptResults(md)
			if !found || len(results.Results) != tt.wantAttempts {
				t.Fatalf("GetAttemptResults = %+v, %v; want %d attempts", results, found, tt.wantAttempts)
			}
			for i, r := range results.Results {
				last := i == len(results.Results)-1
				if r.Attempt != i+1 || r.Retried == last || (!last && r.Err == nil) {
					t.Errorf("result[%d] = %+v; unexpected", i, r)
				}
			}
			if got := len(sleep.delays); got != tt.wantAttempts-1 {
				t.Errorf("slept %d times; want %d", got, tt.wantAttempts-1)
			}

			srv.mu.Lock()
			defer srv.mu.Unlock()
			if len(srv.headers) != tt.wantAttempts {
				t.Fatalf("server saw %d requests; want %d", len(srv.headers), tt.wantAttempts)
			}
			for i, h := range srv.headers {
				want := "attempt=" + string(rune('1'+i)) + "; max=3"
				if h != want {
					t.Errorf("request %d amz-sdk-request = %q; want %q", i+1, h, want)
				}
				if srv.bodies[i] != "payload" {
					t.Errorf("request %d body = %q; want %q (body rewound)", i+1, srv.bodies[i], "payload")
				}
			}
		})
	}
}

// onlyReader hides every method but Read, so the body is not seekable.
type onlyReader struct{ r io.Reader }

func (o onlyReader) Read(p []byte) (int, error) { return o.r.Read(p) }

func TestMiddlewareNonRewindableBody(t *testing.T) {
	t.Run("sent body is not retried", func(t *testing.T) {
		srv := newScriptServer(t, status(500, ""), ok)
		h := newTestHandler(t, NewStandard(), MiddlewareOptions{Sleep: (&fakeSleep{}).Sleep})
		_, md, err := h.Handle(context.Background(), &testInput{URL: srv.URL, Body: onlyReader{strings.NewReader("payload")}})
		var nre *NonRewindableBodyError
		if !errors.As(err, &nre) {
			t.Fatalf("error = %T %v; want *NonRewindableBodyError", err, err)
		}
		var apiErr *testAPIError
		if !errors.As(err, &apiErr) || apiErr.Status != 500 {
			t.Errorf("error = %v; want it to wrap the HTTP 500 error", err)
		}
		if r, _ := GetAttemptResults(md); len(r.Results) != 1 {
			t.Errorf("attempts = %d; want 1", len(r.Results))
		}
	})
	t.Run("unsent body is retried", func(t *testing.T) {
		l, err := net.Listen("tcp", "127.0.0.1:0")
		if err != nil {
			t.Fatal(err)
		}
		addr := l.Addr().String()
		l.Close() // connections are refused before the body is read
		h := newTestHandler(t, NewStandard(), MiddlewareOptions{Sleep: (&fakeSleep{}).Sleep})
		_, md, err := h.Handle(context.Background(), &testInput{URL: "http://" + addr, Body: onlyReader{strings.NewReader("payload")}})
		var maxErr *MaxAttemptsError
		var sendErr *nimbushttp.RequestSendError
		if !errors.As(err, &maxErr) || !errors.As(err, &sendErr) {
			t.Fatalf("error = %T %v; want *MaxAttemptsError wrapping *RequestSendError", err, err)
		}
		if r, _ := GetAttemptResults(md); len(r.Results) != 3 {
			t.Errorf("attempts = %d; want 3", len(r.Results))
		}
	})
}

func TestMiddlewareQuotaExceeded(t *testing.T) {
	srv := newScriptServer(t, status(503, slowDownBody))
	// A quota of 7 pays for one retry (cost 5) but not a second.
	h := newTestHandler(t, NewStandard(func(o *StandardOptions) { o.RetryQuota = 7; o.MaxAttempts = 5 }),
		MiddlewareOptions{Sleep: (&fakeSleep{}).Sleep})
	_, md, err := h.Handle(context.Background(), &testInput{URL: srv.URL})
	var qe *QuotaExceededError
	if !errors.As(err, &qe) {
		t.Fatalf("error = %T %v; want *QuotaExceededError", err, err)
	}
	if !strings.Contains(err.Error(), "retry quota exceeded") {
		t.Errorf("error message %q does not say %q", err, "retry quota exceeded")
	}
	if qe.Cost != 5 || qe.Available != 2 {
		t.Errorf("QuotaExceededError = %+v; want Cost 5, Available 2", qe)
	}
	var apiErr smithy.APIError
	if !errors.As(err, &apiErr) || apiErr.ErrorCode() != "SlowDown" {
		t.Errorf("error = %v; want it to wrap SlowDown", err)
	}
	if r, _ := GetAttemptResults(md); len(r.Results) != 2 {
		t.Errorf("attempts = %d; want 2", len(r.Results))
	}
}

// TestMiddlewareLongPollingCanceled checks that the backoff a long-polling
// operation waits after the retry quota refused a retry respects the
// caller's context.
func TestMiddlewareLongPollingCanceled(t *testing.T) {
	srv := newScriptServer(t, status(500, ""))
	ctx, cancel := context.WithCancel(context.Background())
	var waited []time.Duration
	sleep := func(ctx context.Context, d time.Duration) error {
		waited = append(waited, d)
		cancel()
		return ctx.Err()
	}
	r := NewStandard(func(o *StandardOptions) { o.RetryQuota = 1; o.Rand = func() float64 { return 1 } })
	h := newTestHandler(t, r, MiddlewareOptions{Sleep: sleep, LongPolling: true})
	_, _, err := h.Handle(ctx, &testInput{URL: srv.URL})
	var ce *smithy.CanceledError
	var qe *QuotaExceededError
	if !errors.As(err, &ce) || !errors.Is(err, context.Canceled) || !errors.As(err, &qe) {
		t.Fatalf("error = %v; want *smithy.CanceledError wrapping Canceled and the *QuotaExceededError", err)
	}
	if len(waited) != 1 || waited[0] != 50*time.Millisecond {
		t.Errorf("waited %v; want one 50ms backoff", waited)
	}
}

func TestMiddlewareCallerContext(t *testing.T) {
	t.Run("deadline during attempt is not retried", func(t *testing.T) {
		srv := newScriptServer(t, delay(5*time.Second, ok))
		h := newTestHandler(t, NewStandard(), MiddlewareOptions{Sleep: (&fakeSleep{}).Sleep})
		ctx, cancel := context.WithTimeout(context.Background(), 50*time.Millisecond)
		defer cancel()
		_, md, err := h.Handle(ctx, &testInput{URL: srv.URL})
		var ce *smithy.CanceledError
		if !errors.As(err, &ce) || !errors.Is(err, context.DeadlineExceeded) {
			t.Fatalf("error = %T %v; want *smithy.CanceledError wrapping DeadlineExceeded", err, err)
		}
		if r, _ := GetAttemptResults(md); len(r.Results) != 1 {
			t.Errorf("attempts = %d; want 1", len(r.Results))
		}
	})
	t.Run("cancel during backoff", func(t *testing.T) {
		srv := newScriptServer(t, status(500, ""))
		ctx, cancel := context.WithCancel(context.Background())
		sleep := func(ctx context.Context, d time.Duration) error {
			cancel()
			<-ctx.Done()
			return ctx.Err()
		}
		h := newTestHandler(t, NewStandard(), MiddlewareOptions{Sleep: sleep})
		_, _, err := h.Handle(ctx, &testInput{URL: srv.URL})
		var ce *smithy.CanceledError
		var apiErr *testAPIError
		if !errors.As(err, &ce) || !errors.Is(err, context.Canceled) || !errors.As(err, &apiErr) {
			t.Fatalf("error = %v; want *smithy.CanceledError wrapping Canceled and the HTTP 500 error", err)
		}
	})
}

func TestMiddlewareOnAttemptAndRealSleep(t *testing.T) {
	srv := newScriptServer(t, status(500, ""), ok)
	var mu sync.Mutex
	var seen []AttemptResult
	r := NewStandard(func(o *StandardOptions) { o.BaseDelay = time.Millisecond })
	h := newTestHandler(t, r, MiddlewareOptions{OnAttempt: func(_ context.Context, res AttemptResult) {
		mu.Lock()
		seen = append(seen, res)
		mu.Unlock()
	}})
	if _, _, err := h.Handle(context.Background(), &testInput{URL: srv.URL}); err != nil {
		t.Fatal(err)
	}
	if len(seen) != 2 || !seen[0].Retried || seen[0].Delay >= time.Millisecond || seen[1].Err != nil {
		t.Errorf("OnAttempt saw %+v; want a retried failure then a success", seen)
	}
}

// TestMiddlewareConcurrent runs one immutable handler chain (built once,
// as service clients build theirs) from many goroutines; run it with
// -race. smithy-go's Stack.HandleMiddleware re-links its steps on every
// call, so the chain is linked by hand here.
func TestMiddlewareConcurrent(t *testing.T) {
	var n atomic.Int32
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		io.Copy(io.Discard, r.Body)
		// Every third first attempt fails; retries succeed, so the
		// outcome does not depend on how the goroutines interleave.
		if strings.HasPrefix(r.Header.Get("Amz-Sdk-Request"), "attempt=1;") && n.Add(1)%3 == 0 {
			w.WriteHeader(503)
			return
		}
		io.WriteString(w, "ok")
	}))
	defer srv.Close()

	send := nimbushttp.ClientHandler{Client: nimbushttp.NewClient()}
	deserialize := middleware.FinalizeHandlerFunc(func(ctx context.Context, in middleware.FinalizeInput) (middleware.FinalizeOutput, middleware.Metadata, error) {
		out, md, err := testDeserializer{}.HandleDeserialize(ctx, middleware.DeserializeInput{Request: in.Request},
			middleware.DeserializeHandlerFunc(func(ctx context.Context, in middleware.DeserializeInput) (middleware.DeserializeOutput, middleware.Metadata, error) {
				raw, md, err := send.Handle(ctx, in.Request)
				return middleware.DeserializeOutput{RawResponse: raw}, md, err
			}))
		return middleware.FinalizeOutput{Result: out.Result}, md, err
	})
	retry := NewMiddleware(NewAdaptive(func(o *AdaptiveOptions) { o.Standard.MaxAttempts = 10 }),
		MiddlewareOptions{AttemptTimeout: 5 * time.Second, Sleep: (&fakeSleep{}).Sleep})

	var wg sync.WaitGroup
	for i := 0; i < 16; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for j := 0; j < 10; j++ {
				req := smithyhttp.NewStackRequest().(*smithyhttp.Request)
				req.URL, _ = url.Parse(srv.URL)
				req.Method = "PUT"
				req, _ = req.SetStream(strings.NewReader("x"))
				out, _, err := retry.HandleFinalize(context.Background(), middleware.FinalizeInput{Request: req}, deserialize)
				if err != nil || out.Result != "ok" {
					t.Errorf("HandleFinalize = %v, %v; want ok", out.Result, err)
					return
				}
			}
		}()
	}
	wg.Wait()
}

// TestAttemptTimeoutStreamingBody checks that a response body left open
// for the caller (a streaming output) stays readable after the operation
// returned, beyond the attempt timeout.
func TestAttemptTimeoutStreamingBody(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		io.WriteString(w, "head-")
		w.(http.Flusher).Flush()
		time.Sleep(150 * time.Millisecond)
		io.WriteString(w, "tail")
	}))
	defer srv.Close()

	send := nimbushttp.ClientHandler{Client: nimbushttp.NewClient()}
	next := middleware.FinalizeHandlerFunc(func(ctx context.Context, in middleware.FinalizeInput) (middleware.FinalizeOutput, middleware.Metadata, error) {
		raw, md, err := send.Handle(ctx, in.Request)
		return middleware.FinalizeOutput{Result: raw}, md, err
	})
	mw := NewMiddleware(NewStandard(), MiddlewareOptions{AttemptTimeout: 50 * time.Millisecond})
	req := smithyhttp.NewStackRequest().(*smithyhttp.Request)
	req.URL, _ = url.Parse(srv.URL)
	out, _, err := mw.HandleFinalize(context.Background(), middleware.FinalizeInput{Request: req}, next)
	if err != nil {
		t.Fatalf("HandleFinalize: %v", err)
	}
	resp := out.Result.(*smithyhttp.Response)
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if err != nil || string(b) != "head-tail" {
		t.Errorf("streamed body = %q, %v; want %q", b, err, "head-tail")
	}
}
