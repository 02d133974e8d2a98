package client

import (
	"context"
	"errors"
	"io"
	"net/http"
	"testing"
	"time"

	"github.com/nimbus-sdk/nimbus/middleware/retry"
)

// TestNewRetryer checks the retryer a client builds when none is given:
// retry behaviour 2.1 with the service's own defaults from its generated
// description, which give way to the caller's RetryMaxAttempts and drop
// out under RetryPre2026Defaults.
func TestNewRetryer(t *testing.T) {
	plain := &Service{}
	dynamoDBLike := &Service{RetryMaxAttempts: 4, RetryBaseDelay: 25 * time.Millisecond}
	tests := []struct {
		name         string
		svc          *Service
		opts         Options
		wantAdaptive bool
		wantAttempts int
		wantWindow   time.Duration // the backoff window after a first transient failure
	}{
		{"general defaults", plain, Options{}, false, 3, 50 * time.Millisecond},
		{"service defaults", dynamoDBLike, Options{}, false, 4, 25 * time.Millisecond},
		{"service defaults, adaptive", dynamoDBLike, Options{RetryMode: "adaptive"}, true, 4, 25 * time.Millisecond},
		{"caller's max attempts win", dynamoDBLike, Options{RetryMaxAttempts: 2}, false, 2, 25 * time.Millisecond},
		{"pre-2026 drops the service defaults", dynamoDBLike, Options{RetryPre2026Defaults: true}, false, 3, time.Second},
		{"pre-2026 with the caller's max attempts", dynamoDBLike, Options{RetryPre2026Defaults: true, RetryMaxAttempts: 5}, false, 5, time.Second},
		{"pre-2026, adaptive", plain, Options{RetryPre2026Defaults: true, RetryMode: "Adaptive"}, true, 3, time.Second},
	}
	transient := errors.New("connection reset by peer") // neither throttling nor a timeout
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			o := tt.opts
			ResolveDefaults(tt.svc, &o)
			r := o.Retryer
			if _, adaptive := r.(*retry.Adaptive); adaptive != tt.wantAdaptive {
				t.Errorf("retryer %T; want adaptive %v", r, tt.wantAdaptive)
			}
			if got := r.MaxAttempts(); got != tt.wantAttempts {
				t.Errorf("MaxAttempts() = %d; want %d", got, tt.wantAttempts)
			}
			var top time.Duration
			for range 200 {
				d, err := r.RetryDelay(1, transient)
				if err != nil || d < 0 || d >= tt.wantWindow {
					t.Fatalf("RetryDelay(1) = %v, %v; want in [0, %v)", d, err, tt.wantWindow)
				}
				top = max(top, d)
			}
			// 200 uniform draws all below 80% of the window: p = 0.8^200.
			if top < tt.wantWindow*8/10 {
				t.Errorf("largest of 200 delays = %v; want near %v", top, tt.wantWindow)
			}
		})
	}
}

// TestInvokeRetryAfter checks that the x-amz-retry-after header of an
// error response, decoded by a codec, reaches the retryer: the delay is
// the server's 300 ms, above the default backoff (at most 50 ms).
func TestInvokeRetryAfter(t *testing.T) {
	srv, rec := newServer(t, func(n int, w http.ResponseWriter, r *http.Request) {
		if n == 1 {
			w.Header().Set("X-Amz-Retry-After", "300")
			w.WriteHeader(http.StatusServiceUnavailable)
			io.WriteString(w, `<Error><Code>ServiceUnavailable</Code><Message>busy</Message></Error>`)
			return
		}
		getItemResponder(n, w, r)
	})
	rt := newTestRuntime(t, srv, func(o *Options) { o.Retryer = nil })
	_, md, err := rt.Invoke(context.Background(), &opGetItem, &getItemInput{Id: ptr("r")}, nil)
	if err != nil {
		t.Fatalf("Invoke: %v", err)
	}
	res, _ := retry.GetAttemptResults(md)
	if len(res.Results) != 2 || res.Results[0].Delay != 300*time.Millisecond {
		t.Errorf("attempt results = %+v; want 2 attempts, 300ms after the first", res.Results)
	}
	if n := len(rec.requests()); n != 2 {
		t.Errorf("requests = %d; want 2", n)
	}
}

// TestInvokeLongPolling checks that an operation marked LongPolling waits
// the backoff (here the server's 300 ms advice) before failing when the
// retry quota refuses a retry, and that other operations do not.
func TestInvokeLongPolling(t *testing.T) {
	const advice = 300 * time.Millisecond
	srv, _ := newServer(t, func(n int, w http.ResponseWriter, r *http.Request) {
		w.Header().Set("X-Amz-Retry-After", "300")
		w.WriteHeader(http.StatusInternalServerError)
		io.WriteString(w, `<Error><Code>InternalError</Code><Message>down</Message></Error>`)
	})
	// A one-token quota never pays for a retry.
	rt := newTestRuntime(t, srv, func(o *Options) {
		o.Retryer = retry.NewStandard(func(so *retry.StandardOptions) { so.RetryQuota = 1 })
	})
	longPolling := opGetItem
	longPolling.LongPolling = true
	for _, tt := range []struct {
		name  string
		op    *Operation
		waits bool
	}{
		{"long-polling", &longPolling, true},
		{"other", &opGetItem, false},
	} {
		t.Run(tt.name, func(t *testing.T) {
			start := time.Now()
			_, _, err := rt.Invoke(context.Background(), tt.op, &getItemInput{Id: ptr("x")}, nil)
			elapsed := time.Since(start)
			var quotaErr *retry.QuotaExceededError
			if !errors.As(err, &quotaErr) {
				t.Fatalf("Invoke error = %v; want *retry.QuotaExceededError", err)
			}
			if waited := elapsed >= advice; waited != tt.waits {
				t.Errorf("Invoke took %v; want it to wait the %v backoff: %v", elapsed, advice, tt.waits)
			}
		})
	}
}
