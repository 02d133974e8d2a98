package s3_test

// The generated waiters through a real client and an httptest server:
// options, custom Retryable, LogWaitAttempts and every kind of error.

import (
	"context"
	"errors"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/aws/smithy-go"
	smithymw "github.com/aws/smithy-go/middleware"
	smithyhttp "github.com/aws/smithy-go/transport/http"

	"github.com/nimbus-sdk/nimbus/internal/testenv/logtest"
	"github.com/nimbus-sdk/nimbus/middleware/waiter"
	"github.com/nimbus-sdk/nimbus/services/s3"
	"github.com/nimbus-sdk/nimbus/services/s3/types"
)

// headServer answers HeadBucket with statuses in turn, repeating the last,
// and keeps the requests it saw.
type headServer struct {
	*httptest.Server
	mu       sync.Mutex
	statuses []int
	requests []http.Header
}

func newHeadServer(t *testing.T, statuses ...int) *headServer {
	s := &headServer{statuses: statuses}
	s.Server = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		s.mu.Lock()
		status := s.statuses[min(len(s.requests), len(s.statuses)-1)]
		s.requests = append(s.requests, r.Header.Clone())
		s.mu.Unlock()
		if r.Method != http.MethodHead || strings.TrimSuffix(r.URL.Path, "/") != "/bucket" {
			status = http.StatusBadRequest
		}
		w.WriteHeader(status)
	}))
	t.Cleanup(s.Close)
	return s
}

func (s *headServer) count() int { return len(s.headers()) }

// headers returns the headers of the requests so far.
func (s *headServer) headers() []http.Header {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.requests[:len(s.requests):len(s.requests)]
}

// fast makes a waiter poll every millisecond or so.
func fast(o *s3.BucketExistsWaiterOptions) {
	o.MinDelay, o.MaxDelay = time.Millisecond, 2*time.Millisecond
}

var bucketInput = &s3.HeadBucketInput{Bucket: str("bucket")}

// TestBucketExistsWaiterErrorKinds checks each way a wait ends, as users
// see it: nil, or a *waiter.Error whose Reason tells the cases apart and
// through which the last call's error stays reachable, or a
// *waiter.OptionsError before any request.
func TestBucketExistsWaiterErrorKinds(t *testing.T) {
	tests := []struct {
		name     string
		statuses []int
		maxWait  time.Duration
		cancel   bool
		optFn    func(*s3.BucketExistsWaiterOptions)
		want     waiter.Reason // 0: success
		wantCode string        // error code reachable with errors.As
		wantReqs int           // 0: don't check
	}{
		{name: "exists after NotFound", statuses: []int{404, 404, 200}, wantReqs: 3},
		{name: "max wait exceeded", statuses: []int{404}, maxWait: 50 * time.Millisecond, want: waiter.MaxWaitExceeded, wantCode: "NotFound"},
		{name: "error no acceptor matches", statuses: []int{404, 403}, want: waiter.UnmatchedError, wantCode: "Forbidden", wantReqs: 2},
		{name: "failure state from Retryable", statuses: []int{404, 200}, want: waiter.FailureState, wantCode: "NotFound", wantReqs: 1,
			optFn: func(o *s3.BucketExistsWaiterOptions) {
				o.Retryable = func(_ context.Context, _ *s3.HeadBucketInput, _ *s3.HeadBucketOutput, err error) (bool, error) {
					return false, err // NotFound is final here
				}
			}},
		{name: "caller's context canceled while sleeping", statuses: []int{404}, cancel: true, maxWait: 2 * time.Hour, want: waiter.Canceled, wantCode: "NotFound", wantReqs: 1,
			optFn: func(o *s3.BucketExistsWaiterOptions) { o.MinDelay, o.MaxDelay = time.Hour, time.Hour }},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			srv := newHeadServer(t, tt.statuses...)
			ctx, cancel := context.WithCancel(context.Background())
			defer cancel()
			if tt.cancel {
				time.AfterFunc(30*time.Millisecond, cancel)
			}
			maxWait := tt.maxWait
			if maxWait == 0 {
				maxWait = 10 * time.Second
			}
			optFns := []func(*s3.BucketExistsWaiterOptions){fast}
			if tt.optFn != nil {
				optFns = append(optFns, tt.optFn)
			}
			err := s3.NewBucketExistsWaiter(stubClient(srv.Server), optFns...).Wait(ctx, bucketInput, maxWait)
			if tt.wantReqs != 0 && srv.count() != tt.wantReqs {
				t.Errorf("requests = %d; want %d", srv.count(), tt.wantReqs)
			}
			if tt.want == 0 {
				if err != nil {
					t.Fatalf("Wait = %v; want nil", err)
				}
				return
			}
			var we *waiter.Error
			if !errors.As(err, &we) {
				t.Fatalf("Wait = %v (%T); want a *waiter.Error", err, err)
			}
			// A call that max wait cut short before it reached the server
			// counts as an attempt the server never saw.
			attemptsOK := we.Attempts == srv.count() || tt.want == waiter.MaxWaitExceeded && we.Attempts == srv.count()+1
			if we.Reason != tt.want || we.Waiter != "BucketExists" || !attemptsOK {
				t.Errorf("Wait error {Waiter %q, Reason %v, Attempts %d}; want {BucketExists, %v, %d}", we.Waiter, we.Reason, we.Attempts, tt.want, srv.count())
			}
			var ae smithy.APIError
			if !errors.As(err, &ae) || ae.ErrorCode() != tt.wantCode {
				t.Errorf("errors.As(%v, smithy.APIError) gives code %v; want %s", err, ae, tt.wantCode)
			}
			if tt.wantCode == "NotFound" {
				var nf *types.NotFound
				if !errors.As(err, &nf) {
					t.Errorf("errors.As(%v, *types.NotFound) = false; want true", err)
				}
			}
			if tt.cancel && !errors.Is(err, context.Canceled) {
				t.Errorf("errors.Is(%v, context.Canceled) = false; want true", err)
			}
		})
	}
}

// TestBucketExistsWaiterInvalidOptions checks that options that cannot
// work fail with a *waiter.OptionsError before any request is sent.
func TestBucketExistsWaiterInvalidOptions(t *testing.T) {
	tests := []struct {
		name       string
		minD, maxD time.Duration
		maxWait    time.Duration
		wantOption string
	}{
		{"MinDelay above MaxDelay", 2 * time.Second, time.Second, time.Minute, "MinDelay"},
		{"MinDelay above the default MaxDelay", 3 * time.Minute, 0, time.Hour, "MinDelay"},
		{"negative MaxDelay", 0, -time.Second, time.Minute, "MaxDelay"},
		{"zero max wait", 0, 0, 0, "maxWait"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			srv := newHeadServer(t, 200)
			w := s3.NewBucketExistsWaiter(stubClient(srv.Server))
			_, err := w.WaitForOutput(context.Background(), bucketInput, tt.maxWait, func(o *s3.BucketExistsWaiterOptions) {
				o.MinDelay, o.MaxDelay = tt.minD, tt.maxD
			})
			var oe *waiter.OptionsError
			if !errors.As(err, &oe) || oe.Option != tt.wantOption || oe.Waiter != "BucketExists" {
				t.Fatalf("Wait = %v; want a *waiter.OptionsError for %s", err, tt.wantOption)
			}
			if srv.count() != 0 {
				t.Errorf("requests = %d; want none", srv.count())
			}
		})
	}
}

// TestBucketExistsWaiterRetryable checks that a custom Retryable replaces
// the model's acceptors, sees each call's input, output and error, and
// can fall back to the acceptors through the function it replaced.
func TestBucketExistsWaiterRetryable(t *testing.T) {
	srv := newHeadServer(t, 403, 404, 403, 200)
	var seen []string
	w := s3.NewBucketExistsWaiter(stubClient(srv.Server), fast, func(o *s3.BucketExistsWaiterOptions) {
		modeled := o.Retryable
		o.Retryable = func(ctx context.Context, in *s3.HeadBucketInput, out *s3.HeadBucketOutput, err error) (bool, error) {
			if in != bucketInput {
				t.Errorf("Retryable got input %p; want the input given to Wait %p", in, bucketInput)
			}
			var ae smithy.APIError
			if errors.As(err, &ae) {
				seen = append(seen, ae.ErrorCode())
				if ae.ErrorCode() == "Forbidden" {
					return true, nil // permissions still propagating: keep waiting
				}
			} else {
				seen = append(seen, "ok")
			}
			return modeled(ctx, in, out, err)
		}
	})
	out, err := w.WaitForOutput(context.Background(), bucketInput, 10*time.Second)
	if err != nil {
		t.Fatalf("WaitForOutput = %v; want nil", err)
	}
	if out == nil {
		t.Error("WaitForOutput returned no output on success")
	}
	if got, want := strings.Join(seen, ","), "Forbidden,NotFound,Forbidden,ok"; got != want {
		t.Errorf("Retryable saw %s; want %s", got, want)
	}

	// Without the custom rule, the first 403 ends the wait.
	srv = newHeadServer(t, 403, 200)
	err = s3.NewBucketExistsWaiter(stubClient(srv.Server), fast).Wait(context.Background(), bucketInput, 10*time.Second)
	var we *waiter.Error
	if !errors.As(err, &we) || we.Reason != waiter.UnmatchedError {
		t.Errorf("default Retryable on 403: Wait = %v; want Reason UnmatchedError", err)
	}

	// A nil Retryable is the model's acceptors too.
	srv = newHeadServer(t, 404, 200)
	err = s3.NewBucketExistsWaiter(stubClient(srv.Server), fast, func(o *s3.BucketExistsWaiterOptions) { o.Retryable = nil }).
		Wait(context.Background(), bucketInput, 10*time.Second)
	if err != nil || srv.count() != 2 {
		t.Errorf("nil Retryable: Wait = %v after %d requests; want nil after 2", err, srv.count())
	}
}

// TestBucketExistsWaiterLogWaitAttempts checks that LogWaitAttempts logs
// every attempt through the client's Logger (or the one ClientOptions
// set for the calls), and that nothing is logged without it.
func TestBucketExistsWaiterLogWaitAttempts(t *testing.T) {
	const want = "DEBUG waiter BucketExists: attempt 1\n" +
		"DEBUG waiter BucketExists: attempt 2\n" +
		"DEBUG waiter BucketExists: attempt 3\n"
	tests := []struct {
		name        string
		log         bool
		callsLogger bool // the Logger is set by ClientOptions, not on the client
		want        string
	}{
		{"client's logger", true, false, want},
		{"logger from ClientOptions", true, true, want},
		{"off", false, false, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			srv := newHeadServer(t, 404, 404, 200)
			var log logtest.Logger
			c := stubClient(srv.Server, func(o *s3.Options) {
				if !tt.callsLogger {
					o.Logger = &log
				}
			})
			err := s3.NewBucketExistsWaiter(c, fast).Wait(context.Background(), bucketInput, 10*time.Second,
				func(o *s3.BucketExistsWaiterOptions) {
					o.LogWaitAttempts = tt.log
					if tt.callsLogger {
						o.ClientOptions = append(o.ClientOptions, func(o *s3.Options) { o.Logger = &log })
					}
				})
			if err != nil {
				t.Fatal(err)
			}
			if got := log.String(); got != tt.want {
				t.Errorf("log:\n%s\nwant:\n%s", got, tt.want)
			}
		})
	}
}

// TestBucketExistsWaiterCallOptions checks that APIOptions and
// ClientOptions apply to every call the waiter makes and to nothing else,
// and that the calls carry the waiter's user agent feature code.
func TestBucketExistsWaiterCallOptions(t *testing.T) {
	srv := newHeadServer(t, 404, 200)
	c := stubClient(srv.Server)
	addHeader := func(st *smithymw.Stack) error {
		return st.Build.Add(smithymw.BuildMiddlewareFunc("TestHeader",
			func(ctx context.Context, in smithymw.BuildInput, next smithymw.BuildHandler) (smithymw.BuildOutput, smithymw.Metadata, error) {
				in.Request.(*smithyhttp.Request).Header.Set("X-Test", "waiter")
				return next.HandleBuild(ctx, in)
			}), smithymw.After)
	}
	var clientOptionCalls atomic.Int32
	err := s3.NewBucketExistsWaiter(c, fast, func(o *s3.BucketExistsWaiterOptions) {
		o.APIOptions = append(o.APIOptions, addHeader)
		o.ClientOptions = append(o.ClientOptions, func(o *s3.Options) {
			clientOptionCalls.Add(1)
			o.AppID = "waiter-test"
		})
	}).Wait(context.Background(), bucketInput, 10*time.Second)
	if err != nil {
		t.Fatal(err)
	}
	if n := clientOptionCalls.Load(); n != 2 {
		t.Errorf("ClientOptions ran %d times; want once per call, 2", n)
	}
	for i, h := range srv.headers() {
		ua := h.Get("User-Agent")
		if h.Get("X-Test") != "waiter" || !strings.Contains(ua, "app/waiter-test") {
			t.Errorf("request %d: X-Test %q, User-Agent %q; want the waiter's APIOptions and ClientOptions applied", i, h.Get("X-Test"), ua)
		}
		if !hasFeature(ua, "B") {
			t.Errorf("request %d: User-Agent %q lacks the waiter feature code B", i, ua)
		}
	}

	// The client itself is unchanged.
	if _, err := c.HeadBucket(context.Background(), bucketInput); err != nil {
		t.Fatal(err)
	}
	hs := srv.headers()
	last := hs[len(hs)-1]
	if ua := last.Get("User-Agent"); last.Get("X-Test") != "" || strings.Contains(ua, "waiter-test") || hasFeature(ua, "B") {
		t.Errorf("a call outside the waiter has X-Test %q, User-Agent %q; want neither the waiter's options nor its feature code", last.Get("X-Test"), ua)
	}
}

// hasFeature reports whether the m/ component of user agent ua lists code.
func hasFeature(ua, code string) bool {
	for _, part := range strings.Fields(ua) {
		if codes, ok := strings.CutPrefix(part, "m/"); ok {
			for _, c := range strings.Split(codes, ",") {
				if c == code {
					return true
				}
			}
		}
	}
	return false
}

// TestBucketExistsWaiterConcurrentWaits runs waits that add per-wait
// options concurrently on one waiter (whose option slices have spare
// capacity); under -race this fails if a wait writes into the waiter's
// own options.
func TestBucketExistsWaiterConcurrentWaits(t *testing.T) {
	srv := newHeadServer(t, 200)
	w := s3.NewBucketExistsWaiter(stubClient(srv.Server), fast, func(o *s3.BucketExistsWaiterOptions) {
		o.ClientOptions = make([]func(*s3.Options), 0, 8)
		o.APIOptions = make([]func(*smithymw.Stack) error, 0, 8)
	})
	var wg sync.WaitGroup
	for i := range 4 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			var mine atomic.Int32
			err := w.Wait(context.Background(), bucketInput, 10*time.Second, func(o *s3.BucketExistsWaiterOptions) {
				o.ClientOptions = append(o.ClientOptions, func(*s3.Options) { mine.Add(1) })
				o.APIOptions = append(o.APIOptions, func(*smithymw.Stack) error { return nil })
			})
			if err != nil || mine.Load() != 1 {
				t.Errorf("wait %d: err %v, its ClientOptions ran %d times; want nil, 1", i, err, mine.Load())
			}
		}()
	}
	wg.Wait()
}
