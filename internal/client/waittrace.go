package client

import (
	"context"
	"errors"
	"fmt"
	"sync"

	"github.com/aws/smithy-go/tracing"

	"github.com/nimbus-sdk/nimbus/middleware/waiter"
)

// A wait's span (Wait): "<ServiceID>.<Waiter>Waiter", e.g.
// "S3.BucketExistsWaiter", with the spans of the wait's calls as its
// children. aws-sdk-go-v2 traces no span for a waiter, so the name is
// Nimbus's: the service's ID, as in operation spans, and the generated
// waiter's type name.
//
// Wait cannot start the span itself: the TracerProvider is in the
// options of the calls, which the generated waiter builds from the
// client's options and the waiter's ClientOptions, call by call. So Wait
// puts a waitTrace in the context it gives its calls, and the first call
// that traces starts the span with its own tracer, under the wait's
// context, and makes it the parent of its operation span; later calls
// find it started. Only a call made with exactly that context takes
// part: the calls a call makes in turn (S3 Express's CreateSession, a
// credentials provider's) have contexts of their own, derived from it,
// and trace under their caller as usual. A client that wraps the
// generated one and passes its calls a derived context gets no wait
// span, and its calls trace as they would outside a wait.

// Values of the waiter.outcome attribute of a wait's span: success, or
// the waiter.Reason of the *waiter.Error the wait returned.
const (
	waitOutcomeSuccess         = "success"
	waitOutcomeFailureState    = "failure_state"     // waiter.FailureState
	waitOutcomeUnmatchedError  = "unmatched_error"   // waiter.UnmatchedError
	waitOutcomeMaxWaitExceeded = "max_wait_exceeded" // waiter.MaxWaitExceeded
	waitOutcomeCanceled        = "canceled"          // waiter.Canceled
	waitOutcomeError           = "error"             // another error; Wait returns none after a call
)

type waitTraceKey struct{}

// waitTrace is the span of one wait, started by its first traced call.
type waitTrace struct {
	name string          // the waiter's, e.g. "BucketExists"
	base context.Context // the context the wait gives its calls

	mu   sync.Mutex
	ctx  context.Context // base with span; nil until a call started it
	span tracing.Span
}

// enterWait returns the context an operation span of the call with ctx
// starts under: with the span of the wait ctx belongs to, started with t
// if it was not yet, when the call is one of the wait's; else ctx.
func enterWait(ctx context.Context, t tracing.Tracer, svcID string) context.Context {
	w, ok := ctx.Value(waitTraceKey{}).(*waitTrace)
	if !ok || ctx != w.base {
		return ctx
	}
	w.mu.Lock()
	defer w.mu.Unlock()
	if w.span == nil {
		name := w.name
		w.ctx, w.span = t.StartSpan(ctx, svcID+"."+name+"Waiter", func(so *tracing.SpanOptions) {
			so.Properties.Set("rpc.service", svcID)
			so.Properties.Set("waiter.name", name)
		})
	}
	return w.ctx
}

// end ends the wait's span, if a call started it, with the number of
// calls made and the outcome: err nil, or the *waiter.Error of a wait
// that did not succeed.
func (w *waitTrace) end(attempts int, err error) {
	w.mu.Lock()
	span := w.span
	w.mu.Unlock()
	if span == nil {
		return
	}
	span.SetProperty("waiter.attempts", attempts)
	if err == nil {
		span.SetProperty("waiter.outcome", waitOutcomeSuccess)
		span.SetStatus(tracing.SpanStatusOK)
		span.End()
		return
	}
	outcome := waitOutcome(err)
	span.SetProperty("waiter.outcome", outcome)
	span.SetProperty("error", true)
	span.SetProperty("error.type", outcome)
	span.SetProperty("exception.type", fmt.Sprintf("%T", err))
	span.SetProperty("exception.message", err.Error())
	span.SetStatus(tracing.SpanStatusError) // last: see setErrorProperties
	span.End()
}

// waitOutcome names the reason a wait ended with err.
func waitOutcome(err error) string {
	var we *waiter.Error
	if !errors.As(err, &we) {
		return waitOutcomeError
	}
	switch we.Reason {
	case waiter.FailureState:
		return waitOutcomeFailureState
	case waiter.UnmatchedError:
		return waitOutcomeUnmatchedError
	case waiter.MaxWaitExceeded:
		return waitOutcomeMaxWaitExceeded
	case waiter.Canceled:
		return waitOutcomeCanceled
	}
	return waitOutcomeError
}
