package client

import (
	"context"
	"errors"
	"fmt"
	"math"
	"math/rand/v2"
	"strings"
	"testing"
	"time"

	"github.com/aws/smithy-go"
	"github.com/aws/smithy-go/logging"

	"github.com/nimbus-sdk/nimbus/middleware/waiter"
)

// fakeClock is the time of a wait under test: sleeping and calling only
// advance it.
type fakeClock struct {
	now    time.Time
	sleeps []time.Duration
}

func (c *fakeClock) Now() time.Time { return c.now }

func (c *fakeClock) Sleep(ctx context.Context, d time.Duration) error {
	c.sleeps = append(c.sleeps, d)
	c.now = c.now.Add(d)
	return ctx.Err()
}

// result is what one call of a test wait returns.
type result struct {
	out string
	err error
}

// spec returns a WaitSpec on clock whose calls return results in turn
// (repeating the last), take callTime each, and are decided by
// "done" outputs (success), "failed" outputs (failure), other outputs
// (retry) and errors with code "Retry" (retry).
func spec(clock *fakeClock, callTime time.Duration, results ...result) (*WaitSpec[string, string], *int) {
	calls := 0
	return &WaitSpec[string, string]{
		Name:            "ThingReady",
		DefaultMinDelay: 2 * time.Second,
		DefaultMaxDelay: 120 * time.Second,
		MaxWait:         300 * time.Second,
		DefaultRetryable: func(_ context.Context, in, out string, err error) (bool, error) {
			switch {
			case err == nil && out == "done":
				return false, nil
			case err == nil && out == "failed":
				return false, &waiter.Error{Reason: waiter.FailureState}
			case err == nil, HasErrorCode(err, "Retry"):
				return true, nil
			}
			return false, &waiter.Error{Reason: waiter.UnmatchedError, Err: err}
		},
		Call: func(ctx context.Context, a *WaitAttempt) (string, error) {
			if calls >= 1000 {
				return "", errors.New("runaway test wait: 1000 calls")
			}
			r := results[min(calls, len(results)-1)]
			calls++
			clock.now = clock.now.Add(callTime)
			return r.out, r.err
		},
		now:    clock.Now,
		sleep:  clock.Sleep,
		random: rand.New(rand.NewPCG(1, 2)).Int64N,
	}, &calls
}

func apiError(code string) error {
	return &smithy.OperationError{ServiceID: "Thing", OperationName: "GetThing",
		Err: &smithy.GenericAPIError{Code: code, Message: "test"}}
}

// TestWaitErrorKinds checks the error of each way a wait can end
// without success: the Reason users branch on, the attempt count, and
// that the last call's error stays reachable with errors.Is and errors.As.
func TestWaitErrorKinds(t *testing.T) {
	errBoom := apiError("Boom")
	errRetry := apiError("Retry")
	tests := []struct {
		name      string
		results   []result
		retryable func(context.Context, string, string, error) (bool, error)
		want      waiter.Reason
		wantCalls int
		wantErr   error // reachable with errors.Is, if set
	}{
		{
			name:      "success after retries",
			results:   []result{{err: errRetry}, {out: "creating"}, {out: "done"}},
			wantCalls: 3,
		},
		{
			name:      "failure state from an output acceptor",
			results:   []result{{out: "creating"}, {out: "failed"}},
			want:      waiter.FailureState,
			wantCalls: 2,
		},
		{
			name:      "error that matches no acceptor",
			results:   []result{{out: "creating"}, {err: errBoom}},
			want:      waiter.UnmatchedError,
			wantCalls: 2,
			wantErr:   errBoom,
		},
		{
			name:    "max wait exceeded keeps the last error",
			results: []result{{err: errRetry}},
			want:    waiter.MaxWaitExceeded,
			wantErr: errRetry,
		},
		{
			name:    "custom Retryable error is a failure state",
			results: []result{{out: "creating"}},
			retryable: func(context.Context, string, string, error) (bool, error) {
				return false, errBoom
			},
			want:      waiter.FailureState,
			wantCalls: 1,
			wantErr:   errBoom,
		},
		{
			name:    "custom Retryable returning a *waiter.Error keeps its Reason",
			results: []result{{err: errBoom}},
			retryable: func(_ context.Context, _, _ string, err error) (bool, error) {
				return false, fmt.Errorf("wrapped: %w", &waiter.Error{Reason: waiter.UnmatchedError, Err: err})
			},
			want:      waiter.UnmatchedError,
			wantCalls: 1,
			wantErr:   errBoom,
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			clock := &fakeClock{now: time.Unix(0, 0)}
			s, calls := spec(clock, time.Second, tt.results...)
			s.Retryable = tt.retryable
			out, err := Wait(context.Background(), s, "in")
			if tt.want == 0 {
				if err != nil || out != "done" {
					t.Fatalf("Wait = %q, %v; want done, nil", out, err)
				}
			} else {
				var we *waiter.Error
				if !errors.As(err, &we) {
					t.Fatalf("Wait error = %v (%T); want *waiter.Error", err, err)
				}
				if we.Reason != tt.want || we.Waiter != "ThingReady" || we.Attempts != *calls {
					t.Errorf("Wait error = {Waiter %q, Reason %v, Attempts %d}; want {ThingReady, %v, %d}", we.Waiter, we.Reason, we.Attempts, tt.want, *calls)
				}
				if tt.wantErr != nil && !errors.Is(err, tt.wantErr) {
					t.Errorf("errors.Is(%v, %v) = false; want true", err, tt.wantErr)
				}
				var ae smithy.APIError
				if tt.wantErr != nil && !errors.As(err, &ae) {
					t.Errorf("errors.As(%v, smithy.APIError) = false; want true", err)
				}
			}
			if tt.wantCalls != 0 && *calls != tt.wantCalls {
				t.Errorf("calls = %d; want %d", *calls, tt.wantCalls)
			}
			if elapsed := clock.now.Sub(time.Unix(0, 0)); elapsed > s.MaxWait {
				t.Errorf("the wait took %v; want at most MaxWait %v", elapsed, s.MaxWait)
			}
		})
	}
}

// TestWaitMaxWaitDuringCall checks that a call cut short by the maximum
// wait time ends the wait as MaxWaitExceeded, not as an error matching no
// acceptor, with the error of the last call that completed reachable (or
// the interrupted call's, if none completed).
func TestWaitMaxWaitDuringCall(t *testing.T) {
	errRetry := apiError("Retry")
	for _, completed := range []int{0, 1} {
		t.Run(fmt.Sprint("completed calls ", completed), func(t *testing.T) {
			calls := 0
			s := &WaitSpec[string, string]{
				Name: "ThingReady", MinDelay: time.Millisecond, MaxDelay: time.Millisecond, MaxWait: 50 * time.Millisecond,
				DefaultRetryable: func(context.Context, string, string, error) (bool, error) { return true, nil },
				Call: func(ctx context.Context, _ *WaitAttempt) (string, error) {
					calls++
					if calls <= completed {
						return "", errRetry
					}
					<-ctx.Done()
					return "", fmt.Errorf("send: %w", ctx.Err())
				},
			}
			_, err := Wait(context.Background(), s, "in")
			var we *waiter.Error
			if !errors.As(err, &we) || we.Reason != waiter.MaxWaitExceeded || we.Attempts != completed+1 {
				t.Fatalf("Wait = %v; want a *waiter.Error with Reason MaxWaitExceeded after %d attempts", err, completed+1)
			}
			if want := map[int]error{0: context.DeadlineExceeded, 1: errRetry}[completed]; !errors.Is(err, want) {
				t.Errorf("errors.Is(%v, %v) = false; want true", err, want)
			}
		})
	}
}

// TestWaitCanceled checks that the caller's context ending, during a
// call or during a delay, ends the wait as Canceled with the context's
// error reachable.
func TestWaitCanceled(t *testing.T) {
	for _, during := range []string{"call", "delay"} {
		t.Run(during, func(t *testing.T) {
			ctx, cancel := context.WithCancel(context.Background())
			defer cancel()
			errRetry := apiError("Retry")
			s := &WaitSpec[string, string]{
				Name: "ThingReady", MinDelay: time.Hour, MaxDelay: time.Hour, MaxWait: 10 * time.Hour,
				DefaultRetryable: func(context.Context, string, string, error) (bool, error) { return true, nil },
				Call: func(ctx context.Context, _ *WaitAttempt) (string, error) {
					if during == "call" {
						cancel()
						<-ctx.Done()
						return "", fmt.Errorf("send: %w", ctx.Err())
					}
					time.AfterFunc(10*time.Millisecond, cancel)
					return "", errRetry
				},
			}
			_, err := Wait(ctx, s, "in")
			var we *waiter.Error
			if !errors.As(err, &we) || we.Reason != waiter.Canceled || we.Attempts != 1 {
				t.Fatalf("Wait = %v; want a *waiter.Error with Reason Canceled after 1 attempt", err)
			}
			if !errors.Is(err, context.Canceled) {
				t.Errorf("errors.Is(%v, context.Canceled) = false; want true", err)
			}
			if during == "delay" && !errors.Is(err, errRetry) {
				t.Errorf("errors.Is(%v, last call's error) = false; want true", err)
			}
			if during == "call" && errors.Is(err, errRetry) {
				t.Errorf("errors.Is(%v, errRetry) = true; want false: no call completed", err)
			}
		})
	}
}

// TestWaitInvalidOptions checks that options that cannot work are
// refused with a *waiter.OptionsError naming the option, before any call.
func TestWaitInvalidOptions(t *testing.T) {
	tests := []struct {
		name             string
		minD, maxD, wait time.Duration
		wantOption       string
		wantValue        time.Duration
	}{
		{"zero max wait", 0, 0, 0, "maxWait", 0},
		{"negative max wait", 0, 0, -time.Second, "maxWait", -time.Second},
		{"negative MinDelay", -time.Second, 0, time.Minute, "MinDelay", -time.Second},
		{"negative MaxDelay", 0, -time.Second, time.Minute, "MaxDelay", -time.Second},
		{"MinDelay above MaxDelay", 10 * time.Second, 5 * time.Second, time.Minute, "MinDelay", 10 * time.Second},
		{"MinDelay above the default MaxDelay", 200 * time.Second, 0, time.Hour, "MinDelay", 200 * time.Second},
		{"MaxDelay below the default MinDelay", 0, time.Second, time.Minute, "MinDelay", 2 * time.Second},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			clock := &fakeClock{}
			s, calls := spec(clock, 0, result{out: "done"})
			s.MinDelay, s.MaxDelay, s.MaxWait = tt.minD, tt.maxD, tt.wait
			_, err := Wait(context.Background(), s, "in")
			var oe *waiter.OptionsError
			if !errors.As(err, &oe) {
				t.Fatalf("Wait = %v; want *waiter.OptionsError", err)
			}
			if oe.Option != tt.wantOption || oe.Value != tt.wantValue || oe.Waiter != "ThingReady" {
				t.Errorf("OptionsError = %+v; want Option %s, Value %v", oe, tt.wantOption, tt.wantValue)
			}
			if *calls != 0 {
				t.Errorf("calls = %d; want none", *calls)
			}
		})
	}
}

// TestWaitDefaults checks that zero delays select the model's defaults and
// a nil Retryable the default one.
func TestWaitDefaults(t *testing.T) {
	clock := &fakeClock{now: time.Unix(0, 0)}
	s, _ := spec(clock, 0, result{out: "creating"}, result{out: "done"})
	s.random = func(int64) int64 { return 0 } // the shortest delay: MinDelay
	if _, err := Wait(context.Background(), s, "in"); err != nil {
		t.Fatal(err)
	}
	if len(clock.sleeps) != 1 || clock.sleeps[0] != s.DefaultMinDelay {
		t.Errorf("sleeps = %v; want [%v]", clock.sleeps, s.DefaultMinDelay)
	}
}

// specCeiling is the specification's formula, in floating point:
// attemptCeiling = log(maxDelay / minDelay) / log(2) + 1.
func specCeiling(minDelay, maxDelay time.Duration) float64 {
	return math.Log(float64(maxDelay)/float64(minDelay))/math.Log(2) + 1
}

// TestWaitDelayBounds checks delay against the Smithy specification's
// algorithm for many attempts and delay pairs: the delay lies in
// [minDelay, minDelay*2^(attempt-1)] up to the attempt ceiling and in
// [minDelay, maxDelay] after it, and both ends of the range are reached.
func TestWaitDelayBounds(t *testing.T) {
	pairs := [][2]time.Duration{
		{2 * time.Second, 120 * time.Second}, // the specification's defaults
		{5 * time.Second, 120 * time.Second}, // S3
		{20 * time.Second, 120 * time.Second},
		{time.Second, time.Second}, // linear backoff
		{time.Millisecond, 24 * time.Hour},
	}
	const far = math.MaxInt64 // remaining time that never clamps
	for _, p := range pairs {
		minD, maxD := p[0], p[1]
		t.Run(minD.String()+"-"+maxD.String(), func(t *testing.T) {
			ceiling := specCeiling(minD, maxD)
			for attempt := 1; attempt <= 100; attempt++ {
				hi := maxD
				if float64(attempt) <= ceiling {
					hi = minD * time.Duration(math.Pow(2, float64(attempt-1)))
				}
				lo := delay(attempt, minD, maxD, far, func(int64) int64 { return 0 })
				top := delay(attempt, minD, maxD, far, func(n int64) int64 { return n - 1 })
				if lo != minD || top != hi {
					t.Fatalf("delay(attempt %d) ranges over [%v, %v]; want [%v, %v] (attemptCeiling %.2f)", attempt, lo, top, minD, hi, ceiling)
				}
			}
		})
	}
}

// TestWaitDelayTimeline replays the example of the specification's
// "Waiter retries" section (minDelay 2, maxDelay 120, maxWaitTime 300,
// calls that take no time) with seeded jitter: every delay is within the
// algorithm's bounds, the wait never sleeps past the deadline, and it
// keeps calling until too little time is left for another delay.
func TestWaitDelayTimeline(t *testing.T) {
	for seed := range uint64(20) {
		t.Run(fmt.Sprint("seed", seed), func(t *testing.T) {
			clock := &fakeClock{now: time.Unix(0, 0)}
			s, calls := spec(clock, 0, result{out: "creating"})
			s.random = rand.New(rand.NewPCG(seed, seed)).Int64N
			_, err := Wait(context.Background(), s, "in")
			var we *waiter.Error
			if !errors.As(err, &we) || we.Reason != waiter.MaxWaitExceeded {
				t.Fatalf("Wait = %v; want MaxWaitExceeded", err)
			}
			minD, maxD := 2*time.Second, 120*time.Second
			var elapsed time.Duration
			for i, d := range clock.sleeps {
				attempt := i + 1
				remaining := s.MaxWait - elapsed
				hi := min(maxD, minD<<min(attempt-1, 40))
				clamped := remaining-d == minD
				if !clamped && (d < minD || d > hi) {
					t.Errorf("delay %d = %v; want in [%v, %v]", attempt, d, minD, hi)
				}
				if clamped && remaining-hi > minD {
					t.Errorf("delay %d = %v was clamped to the deadline with %v left; want no clamp", attempt, d, remaining)
				}
				elapsed += d
			}
			if elapsed > s.MaxWait {
				t.Errorf("slept %v in all; want at most maxWaitTime %v", elapsed, s.MaxWait)
			}
			if left := s.MaxWait - elapsed; left > minD {
				t.Errorf("stopped with %v left; want at most minDelay %v", left, minD)
			}
			if *calls != len(clock.sleeps)+1 {
				t.Errorf("calls = %d after %d delays; want one call after each delay and a first one", *calls, len(clock.sleeps))
			}
			t.Logf("seed %d: %d calls, delays %v", seed, *calls, clock.sleeps)
		})
	}
}

// TestWaitDelayNeverPastDeadline checks the clamp on its own: a delay
// that would leave no more than minDelay before the deadline shrinks so
// that the last call still has minDelay to run.
func TestWaitDelayNeverPastDeadline(t *testing.T) {
	tests := []struct {
		remaining, want time.Duration
	}{
		{300 * time.Second, 2 * time.Second}, // no clamp
		{4 * time.Second, 2 * time.Second},   // remaining - delay == minDelay: clamps to the same value
		{3 * time.Second, time.Second},
		{2 * time.Second, 0},
	}
	for _, tt := range tests {
		if got := delay(1, 2*time.Second, 120*time.Second, tt.remaining, func(int64) int64 { return 0 }); got != tt.want {
			t.Errorf("delay(attempt 1, remaining %v) = %v; want %v", tt.remaining, got, tt.want)
		}
	}
}

type logBuffer struct{ strings.Builder }

func (l *logBuffer) Logf(c logging.Classification, format string, v ...any) {
	fmt.Fprintf(l, "%s "+format+"\n", append([]any{c}, v...)...)
}

// TestWaitAttemptLog checks that WaitAttempt.Log logs each attempt, at
// the Debug classification, only when LogAttempts is set.
func TestWaitAttemptLog(t *testing.T) {
	for _, on := range []bool{true, false} {
		t.Run(fmt.Sprint("LogAttempts=", on), func(t *testing.T) {
			var log logBuffer
			clock := &fakeClock{now: time.Unix(0, 0)}
			s, _ := spec(clock, 0, result{out: "creating"}, result{out: "done"})
			s.LogAttempts = on
			call := s.Call
			s.Call = func(ctx context.Context, a *WaitAttempt) (string, error) {
				a.Log(&log)
				a.Log(nil) // a client without a Logger
				return call(ctx, a)
			}
			if _, err := Wait(context.Background(), s, "in"); err != nil {
				t.Fatal(err)
			}
			want := ""
			if on {
				want = "DEBUG waiter ThingReady: attempt 1\nDEBUG waiter ThingReady: attempt 2\n"
			}
			if got := log.String(); got != want {
				t.Errorf("log = %q; want %q", got, want)
			}
		})
	}
}

func TestHasErrorCode(t *testing.T) {
	tests := []struct {
		err  error
		code string
		want bool
	}{
		{apiError("NotFound"), "NotFound", true},
		{fmt.Errorf("op: %w", apiError("NotFound")), "NotFound", true},
		{apiError("NotFound"), "NoSuchBucket", false},
		{errors.New("NotFound"), "NotFound", false},
		{nil, "NotFound", false},
		// A generated error matches its code and its shape name.
		{&noSuchEntityError{}, "NoSuchEntity", true},
		{fmt.Errorf("op: %w", &noSuchEntityError{}), "NoSuchEntityException", true},
		{&noSuchEntityError{}, "NoSuchEntityFault", false},
	}
	for _, tt := range tests {
		if got := HasErrorCode(tt.err, tt.code); got != tt.want {
			t.Errorf("HasErrorCode(%v, %q) = %v; want %v", tt.err, tt.code, got, tt.want)
		}
	}
}

// noSuchEntityError is shaped like a generated awsQuery error: shape
// NoSuchEntityException, sent with the code NoSuchEntity.
type noSuchEntityError struct {
	_ struct{} `shape:"NoSuchEntityException" error:"client" queryErrorCode:"NoSuchEntity"`
}

func (e *noSuchEntityError) Error() string                 { return "NoSuchEntity: gone" }
func (e *noSuchEntityError) ErrorCode() string             { return "NoSuchEntity" }
func (e *noSuchEntityError) ErrorMessage() string          { return "gone" }
func (e *noSuchEntityError) ErrorFault() smithy.ErrorFault { return smithy.FaultClient }
