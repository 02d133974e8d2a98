package s3_test

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/aws/smithy-go/tracing"

	"github.com/nimbus-sdk/nimbus/internal/testenv/obstest"
	"github.com/nimbus-sdk/nimbus/middleware/waiter"
	"github.com/nimbus-sdk/nimbus/services/s3"
)

// TestBucketExistsWaiterSpan runs the generated BucketExists waiter
// against an httptest server with an in-memory tracer: each wait is one
// span, S3.BucketExistsWaiter, under the caller's span, whose children
// are the HeadBucket calls it made, with the number of calls and the
// outcome, and the error status when the wait did not succeed.
func TestBucketExistsWaiterSpan(t *testing.T) {
	tests := []struct {
		name     string
		statuses []int
		maxWait  time.Duration
		cancel   bool
		optFn    func(*s3.BucketExistsWaiterOptions)
		attempts int // 0: don't check
		outcome  string
	}{
		{name: "success", statuses: []int{404, 404, 200}, attempts: 3, outcome: "success"},
		{name: "max wait exceeded", statuses: []int{404}, maxWait: 50 * time.Millisecond, outcome: "max_wait_exceeded"},
		{name: "error no acceptor matches", statuses: []int{404, 403}, attempts: 2, outcome: "unmatched_error"},
		{name: "failure state", statuses: []int{404, 200}, attempts: 1, outcome: "failure_state",
			optFn: func(o *s3.BucketExistsWaiterOptions) {
				o.Retryable = func(_ context.Context, _ *s3.HeadBucketInput, _ *s3.HeadBucketOutput, err error) (bool, error) {
					return false, err // NotFound is final here
				}
			}},
		{name: "caller's context canceled", statuses: []int{404}, cancel: true, maxWait: time.Hour, attempts: 1, outcome: "canceled",
			optFn: func(o *s3.BucketExistsWaiterOptions) { o.MinDelay, o.MaxDelay = time.Minute, time.Minute }},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			srv := newHeadServer(t, tt.statuses...)
			tp := &obstest.TracerProvider{}
			c := stubClient(srv.Server, func(o *s3.Options) { o.TracerProvider = tp })
			ctx, app := tp.Tracer("app").StartSpan(t.Context(), "app")
			ctx, cancel := context.WithCancel(ctx)
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
			err := s3.NewBucketExistsWaiter(c, optFns...).Wait(ctx, bucketInput, maxWait)
			app.End()
			if (err == nil) != (tt.outcome == "success") {
				t.Fatalf("Wait = %v; want outcome %s", err, tt.outcome)
			}

			spans := tp.Named("S3.BucketExistsWaiter")
			if len(spans) != 1 {
				t.Fatalf("%d S3.BucketExistsWaiter spans; want 1. Spans:\n%s", len(spans), tp.Tree())
			}
			w := spans[0]
			if w.Parent == nil || w.Parent.Name() != "app" {
				t.Errorf("waiter span's parent %v; want the caller's span", w.Parent)
			}
			if !w.Ended {
				t.Error("waiter span not ended")
			}
			if w.Scope != "github.com/nimbus-sdk/nimbus/services/s3" {
				t.Errorf("scope %q", w.Scope)
			}
			calls := tp.Children(w)
			for _, s := range calls {
				if s.Name() != "S3.HeadBucket" {
					t.Errorf("waiter span has child %s; want only S3.HeadBucket", s.Name())
				}
			}
			if n := len(tp.Named("S3.HeadBucket")); n != len(calls) || n != srv.count() && !(tt.outcome == "max_wait_exceeded" && n == srv.count()+1) {
				t.Errorf("%d HeadBucket spans, %d under the waiter's, %d requests; want one per call, all under it", n, len(calls), srv.count())
			}
			if tt.attempts != 0 && len(calls) != tt.attempts {
				t.Errorf("%d calls under the waiter's span; want %d", len(calls), tt.attempts)
			}
			checkProps(t, w, map[any]any{
				"rpc.service": "S3", "waiter.name": "BucketExists",
				"waiter.attempts": len(calls), "waiter.outcome": tt.outcome,
			})
			if tt.outcome == "success" {
				if w.Status != tracing.SpanStatusOK {
					t.Errorf("status %v; want OK", w.Status)
				}
				return
			}
			checkProps(t, w, map[any]any{
				"error": true, "error.type": tt.outcome, "exception.type": "*waiter.Error", "exception.message": err.Error(),
			})
			if w.Status != tracing.SpanStatusError {
				t.Errorf("status %v; want error", w.Status)
			}
		})
	}
}

// TestBucketExistsWaiterSpanProviders: the wait's span is traced with the
// TracerProvider its calls run with, also when only the waiter's
// ClientOptions set it, and a wait whose calls are not traced has no
// span.
func TestBucketExistsWaiterSpanProviders(t *testing.T) {
	srv := newHeadServer(t, 404, 200)
	tp := &obstest.TracerProvider{}
	w := s3.NewBucketExistsWaiter(stubClient(srv.Server), fast, func(o *s3.BucketExistsWaiterOptions) {
		o.ClientOptions = append(o.ClientOptions, func(o *s3.Options) { o.TracerProvider = tp })
	})
	if err := w.Wait(t.Context(), bucketInput, 10*time.Second); err != nil {
		t.Fatal(err)
	}
	spans := tp.Named("S3.BucketExistsWaiter")
	if len(spans) != 1 || spans[0].Parent != nil || len(tp.Children(spans[0])) != 2 {
		t.Fatalf("spans:\n%s\nwant one root S3.BucketExistsWaiter over 2 S3.HeadBucket", tp.Tree())
	}

	// Without a provider nothing is traced; a second, traced wait on the
	// same waiter has its own span.
	tp.Reset()
	srv = newHeadServer(t, 200)
	untraced := s3.NewBucketExistsWaiter(stubClient(srv.Server), fast)
	if err := untraced.Wait(t.Context(), bucketInput, 10*time.Second); err != nil {
		t.Fatal(err)
	}
	if err := w.Wait(t.Context(), bucketInput, 10*time.Second); err != nil {
		t.Fatal(err)
	}
	if got := tp.Named("S3.BucketExistsWaiter"); len(got) != 1 || len(tp.Children(got[0])) != 1 {
		t.Errorf("spans:\n%s\nwant one S3.BucketExistsWaiter over one S3.HeadBucket", tp.Tree())
	}

	// A wait that makes no call (invalid options) has no span.
	tp.Reset()
	err := w.Wait(t.Context(), bucketInput, 10*time.Second, func(o *s3.BucketExistsWaiterOptions) { o.MinDelay = -1 })
	var oe *waiter.OptionsError
	if !errors.As(err, &oe) {
		t.Fatalf("Wait with a negative MinDelay = %v; want a *waiter.OptionsError", err)
	}
	if spans := tp.Spans(); len(spans) != 0 {
		t.Errorf("spans:\n%s\nwant none", tp.Tree())
	}
}

// ctxWrapper is a HeadBucketAPIClient that adds a value to the context of
// the calls it passes on.
type ctxWrapper struct{ c *s3.Client }

type wrapperKey struct{}

func (w ctxWrapper) HeadBucket(ctx context.Context, in *s3.HeadBucketInput, optFns ...func(*s3.Options)) (*s3.HeadBucketOutput, error) {
	return w.c.HeadBucket(context.WithValue(ctx, wrapperKey{}, true), in, optFns...)
}

// TestBucketExistsWaiterSpanWrappedClient: calls made through a client
// that gives them a context of its own are not grouped under a waiter
// span; they trace as outside a wait, under the caller's span.
func TestBucketExistsWaiterSpanWrappedClient(t *testing.T) {
	srv := newHeadServer(t, 404, 200)
	tp := &obstest.TracerProvider{}
	c := stubClient(srv.Server, func(o *s3.Options) { o.TracerProvider = tp })
	ctx, app := tp.Tracer("app").StartSpan(t.Context(), "app")
	err := s3.NewBucketExistsWaiter(ctxWrapper{c}, fast).Wait(ctx, bucketInput, 10*time.Second)
	app.End()
	if err != nil {
		t.Fatal(err)
	}
	if n := len(tp.Named("S3.BucketExistsWaiter")); n != 0 {
		t.Errorf("%d waiter spans; want none", n)
	}
	heads := tp.Named("S3.HeadBucket")
	if len(heads) != 2 {
		t.Fatalf("spans:\n%s\nwant 2 S3.HeadBucket", tp.Tree())
	}
	for _, h := range heads {
		if h.Parent == nil || h.Parent.Name() != "app" {
			t.Errorf("S3.HeadBucket's parent %v; want the caller's span", h.Parent)
		}
	}
}
