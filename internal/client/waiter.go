package client

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"math/rand/v2"
	"reflect"
	"time"

	"github.com/aws/smithy-go"
	"github.com/aws/smithy-go/logging"

	awsmw "github.com/nimbus-sdk/nimbus/middleware"
	"github.com/nimbus-sdk/nimbus/middleware/waiter"
)

// This file is the loop behind every generated waiter (services/*/waiters.go).
// The generator compiles the model's acceptors into each waiter's default
// Retryable, so the loop only calls, asks Retryable, and sleeps. The types
// users see are in the public middleware/waiter package.

// userAgentWaiter is the business-metric code that marks calls made by a
// waiter in the User-Agent header, as aws-sdk-go-v2 does.
const userAgentWaiter = "B"

// paginatorFeature is the business-metric code v2 reports for the calls
// of a paginator.
var paginatorFeature = awsmw.NewUserAgentFeatureSet("C")

// PaginatorContext returns ctx for a paginator's call: the call reports
// the code C in its user agent, as v2's paginators' calls do.
func PaginatorContext(ctx context.Context) context.Context {
	return awsmw.WithUserAgentFeatureSet(ctx, paginatorFeature)
}

// errMaxWait is the cause of a wait's context when its maximum wait time
// passes, telling it apart from the caller's context ending.
var errMaxWait = errors.New("maximum wait time exceeded")

// WaitSpec is one wait of a generated waiter: the options its caller
// resolved, the model's defaults and the call to repeat. In and Out are
// the operation's input and output types.
type WaitSpec[In, Out any] struct {
	// Name is the waiter's name, e.g. "BucketExists".
	Name string

	// MinDelay and MaxDelay are the caller's delays between calls; zero
	// selects DefaultMinDelay and DefaultMaxDelay, the model's.
	MinDelay, MaxDelay               time.Duration
	DefaultMinDelay, DefaultMaxDelay time.Duration

	// MaxWait bounds the whole wait; it must be positive.
	MaxWait time.Duration

	// LogAttempts makes [WaitAttempt.Log] log.
	LogAttempts bool

	// Retryable decides after each call whether to go on (see the
	// Retryable field of the generated options); nil selects
	// DefaultRetryable, the model's acceptors.
	Retryable, DefaultRetryable func(context.Context, In, Out, error) (bool, error)

	// Call calls the operation once, with a context that ends when the
	// wait does.
	Call func(context.Context, *WaitAttempt) (Out, error)

	// Test hooks; nil means time.Now, a timer, and math/rand.
	now    func() time.Time
	sleep  func(context.Context, time.Duration) error
	random func(n int64) int64 // uniform in [0, n)
}

// WaitAttempt is one call of a wait, given to [WaitSpec].Call.
type WaitAttempt struct {
	ctx    context.Context
	waiter string
	n      int
	log    bool
}

// Log logs the attempt through logger at the Debug classification if the
// waiter's LogWaitAttempts option is set and logger is not nil. The
// generated waiter calls it from the call's option function, so that the
// Logger is the one of the Options the call runs with.
func (a *WaitAttempt) Log(logger logging.Logger) {
	if a == nil || !a.log || logger == nil {
		return
	}
	awsmw.LogFields(a.ctx, logger, logging.Debug, fmt.Sprintf("waiter %s: attempt %d", a.waiter, a.n),
		slog.String("waiter", a.waiter), slog.Int("waiter.attempt", a.n))
}

// Wait runs the Smithy waiter workflow: call, let Retryable decide, and
// sleep before calling again, until Retryable reports success or an
// error, MaxWait passes or ctx ends. It returns the output of the call
// that succeeded, or a *waiter.Error, or a *waiter.OptionsError before
// any call.
func Wait[In, Out any](ctx context.Context, s *WaitSpec[In, Out], params In) (_ Out, err error) {
	var zero Out
	minDelay, maxDelay, err := s.delays()
	if err != nil {
		return zero, err
	}
	retryable := s.Retryable
	if retryable == nil {
		retryable = s.DefaultRetryable
	}
	now, sleep, random := s.now, s.sleep, s.random
	if now == nil {
		now = time.Now
	}
	if sleep == nil {
		sleep = sleepContext
	}
	if random == nil {
		random = rand.Int64N
	}

	deadline := now().Add(s.MaxWait)
	ctx = awsmw.WithUserAgentFeature(ctx, userAgentWaiter)
	ctx, cancel := context.WithTimeoutCause(ctx, s.MaxWait, errMaxWait)
	defer cancel()
	// The wait's span, which its first traced call starts (waittrace.go).
	wt := &waitTrace{name: s.Name}
	ctx = context.WithValue(ctx, waitTraceKey{}, wt)
	wt.base = ctx
	attempt := 0
	defer func() { wt.end(attempt, err) }()

	var lastErr error // the error of the last call that completed
	for attempt = 1; ; attempt++ {
		out, callErr := s.Call(ctx, &WaitAttempt{ctx: ctx, waiter: s.Name, n: attempt, log: s.LogAttempts})
		if callErr != nil && ctx.Err() != nil {
			return zero, s.ended(ctx, attempt, callErr, attempt > 1, lastErr)
		}
		lastErr = callErr
		retry, err := retryable(ctx, params, out, callErr)
		if err != nil {
			return zero, s.stopped(attempt, err)
		}
		if !retry {
			return out, nil
		}
		// No time for a delay and another call of at least minDelay (after
		// a delay that delay() shortened, the call just made was the last).
		remaining := deadline.Sub(now())
		if remaining <= minDelay {
			return zero, &waiter.Error{Waiter: s.Name, Reason: waiter.MaxWaitExceeded, Attempts: attempt, Err: callErr}
		}
		if err := sleep(ctx, delay(attempt, minDelay, maxDelay, remaining, random)); err != nil {
			return zero, s.ended(ctx, attempt, nil, true, lastErr)
		}
	}
}

// delays returns the delays to use, or the *waiter.OptionsError that
// stops the wait before it starts.
func (s *WaitSpec[In, Out]) delays() (minDelay, maxDelay time.Duration, err error) {
	minDelay, maxDelay = s.MinDelay, s.MaxDelay
	if minDelay == 0 {
		minDelay = s.DefaultMinDelay
	}
	if maxDelay == 0 {
		maxDelay = s.DefaultMaxDelay
	}
	bad := func(option string, v time.Duration, problem string) error {
		return &waiter.OptionsError{Waiter: s.Name, Option: option, Value: v, Problem: problem}
	}
	switch {
	case s.MaxWait <= 0:
		return 0, 0, bad("maxWait", s.MaxWait, "must be greater than zero")
	case minDelay <= 0:
		return 0, 0, bad("MinDelay", minDelay, "must be greater than zero")
	case maxDelay <= 0:
		return 0, 0, bad("MaxDelay", maxDelay, "must be greater than zero")
	case minDelay > maxDelay:
		return 0, 0, bad("MinDelay", minDelay, "is greater than MaxDelay ("+maxDelay.String()+")")
	}
	return minDelay, maxDelay, nil
}

// ended is the error of a wait whose context ended: its own maximum wait
// time, or the caller's context. interrupted is the error of the call the
// end cut short (nil if it came during a delay); last is the error of the
// last call that completed, if any did (completed).
func (s *WaitSpec[In, Out]) ended(ctx context.Context, attempts int, interrupted error, completed bool, last error) error {
	if context.Cause(ctx) == errMaxWait {
		// What the last completed call saw says more than "deadline
		// exceeded" from the call the deadline cut short.
		err := last
		if !completed {
			err = interrupted
		}
		return &waiter.Error{Waiter: s.Name, Reason: waiter.MaxWaitExceeded, Attempts: attempts, Err: err}
	}
	var errs []error
	if interrupted == nil || !errors.Is(interrupted, ctx.Err()) {
		errs = append(errs, ctx.Err())
	}
	errs = append(errs, interrupted, last)
	err := errors.Join(errs...)
	if j, ok := err.(interface{ Unwrap() []error }); ok && len(j.Unwrap()) == 1 {
		err = j.Unwrap()[0]
	}
	return &waiter.Error{Waiter: s.Name, Reason: waiter.Canceled, Attempts: attempts, Err: err}
}

// stopped is the error of a wait that Retryable stopped with err.
func (s *WaitSpec[In, Out]) stopped(attempts int, err error) error {
	var we *waiter.Error
	if errors.As(err, &we) {
		e := *we
		e.Waiter, e.Attempts = s.Name, attempts
		if e.Reason == 0 {
			e.Reason = waiter.FailureState
		}
		return &e
	}
	return &waiter.Error{Waiter: s.Name, Reason: waiter.FailureState, Attempts: attempts, Err: err}
}

// delay returns how long to sleep after the given attempt (1 for the
// first call), following "Waiter retries" of the Smithy waiters
// specification:
//
//	attemptCeiling = (log(maxDelay / minDelay) / log(2)) + 1
//	if attempt > attemptCeiling: delay = maxDelay
//	else:                        delay = minDelay * 2 ** (attempt - 1)
//	delay = random(minDelay, delay)
//	if remainingTime - delay <= minDelay: delay = remainingTime
//
// attempt <= attemptCeiling is exactly minDelay * 2**(attempt-1) <=
// maxDelay, which is tested below in integers, without overflow. The last
// line differs in one way: the specification sleeps all of remainingTime
// and then makes a last call, which here would start at the deadline and
// be canceled at once; this loop (like aws-sdk-go-v2's) sleeps
// remainingTime - minDelay instead, so the last call has minDelay to run
// and the wait still never sleeps past its deadline. random(n) returns a
// uniform value in [0, n).
func delay(attempt int, minDelay, maxDelay, remaining time.Duration, random func(int64) int64) time.Duration {
	d := maxDelay
	if k := attempt - 1; k < 63 && minDelay <= maxDelay>>k {
		d = minDelay << k
	}
	if d > minDelay {
		d = minDelay + time.Duration(random(int64(d-minDelay)+1)) // both bounds inclusive
	}
	if remaining-d <= minDelay {
		d = remaining - minDelay
	}
	return max(d, 0)
}

func sleepContext(ctx context.Context, d time.Duration) error {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-ctx.Done():
		return ctx.Err()
	case <-t.C:
		return nil
	}
}

// HasErrorCode reports whether err is, or wraps, a smithy.APIError with
// the given code, or a modelled error whose shape is named code: the
// errorType matcher of generated waiters. Models name either: RDS's
// DBInstanceDeleted waiter names the code "DBInstanceNotFound" of the
// shape DBInstanceNotFoundFault, IAM's InstanceProfileExists names the
// shape NoSuchEntityException of the code "NoSuchEntity" (aws-sdk-go-v2
// matches a shape name with errors.As on the modelled type).
func HasErrorCode(err error, code string) bool {
	var ae smithy.APIError
	if !errors.As(err, &ae) {
		return false
	}
	return ae.ErrorCode() == code || errorShapeName(ae) == code
}

// errorShapeName returns the shape tag of a generated error type (a
// pointer to a struct whose blank field carries shape:"Name"), or "".
func errorShapeName(err error) string {
	t := reflect.TypeOf(err)
	if t.Kind() != reflect.Pointer || t.Elem().Kind() != reflect.Struct {
		return ""
	}
	if f, ok := t.Elem().FieldByName("_"); ok {
		return f.Tag.Get("shape")
	}
	return ""
}
