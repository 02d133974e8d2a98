package retry

import (
	"context"
	"errors"
	"slices"
	"strings"
	"testing"
	"time"

	smithy "github.com/aws/smithy-go"

	"github.com/nimbus-sdk/nimbus/config/aws"
)

// TestRetryerWrappers runs an operation through the retry middleware
// with the v2-named retryers and wrappers a client's Retryer option
// takes, against a scripted server, and counts attempts and delays.
func TestRetryerWrappers(t *testing.T) {
	fixed := func(o *StandardOptions) { o.Rand = func() float64 { return 1 }; o.BaseDelay = time.Second }
	tests := []struct {
		name       string
		retryer    Retryer
		steps      []step
		wantErr    bool
		wantDelays []time.Duration
	}{
		{"NopRetryer makes one attempt", NopRetryer{}, []step{status(503, ""), ok}, true, nil},
		{"AccessDenied is not retried by default", NewStandard(), []step{status(403, accessDenied), ok}, true, nil},
		{"AddWithErrorCodes retries AccessDenied", AddWithErrorCodes(NewStandard(fixed), "AccessDenied"),
			[]step{status(403, accessDenied), ok}, false, []time.Duration{time.Second}},
		{"AddWithErrorCodes keeps the default retries", AddWithErrorCodes(NewStandard(fixed), "AccessDenied"),
			[]step{status(500, ""), ok}, false, []time.Duration{time.Second}},
		{"AddWithErrorCodes without codes", AddWithErrorCodes(NewStandard()), []step{status(403, accessDenied), ok}, true, nil},
		{"backoff without a cap", NewStandard(fixed), []step{status(500, ""), status(500, ""), ok}, false,
			[]time.Duration{time.Second, 2 * time.Second}},
		{"AddWithMaxBackoffDelay caps the backoff", AddWithMaxBackoffDelay(NewStandard(fixed), 1500*time.Millisecond),
			[]step{status(500, ""), status(500, ""), ok}, false, []time.Duration{time.Second, 1500 * time.Millisecond}},
		{"Retryables retry AccessDenied", NewStandard(fixed, func(o *StandardOptions) {
			o.Retryables = append(o.Retryables, codeRetryable("AccessDenied", aws.TrueTernary))
		}), []step{status(403, accessDenied), ok}, false, []time.Duration{time.Second}},
		{"the first Retryable that knows decides", NewStandard(fixed, func(o *StandardOptions) {
			o.Retryables = append(o.Retryables, codeRetryable("Other", aws.TrueTernary),
				codeRetryable("AccessDenied", aws.FalseTernary), codeRetryable("AccessDenied", aws.TrueTernary))
		}), []step{status(403, accessDenied), ok}, true, nil},
		{"Retryables do not stop default retries", NewStandard(fixed, func(o *StandardOptions) {
			o.Retryables = append(o.Retryables, IsErrorRetryableFunc(func(error) aws.Ternary { return aws.FalseTernary }))
		}), []step{status(500, ""), ok}, false, []time.Duration{time.Second}},
		{"AddWithMaxBackoffDelay keeps max attempts", AddWithMaxBackoffDelay(AddWithMaxAttempts(NewStandard(fixed), 2), time.Millisecond),
			[]step{status(500, "")}, true, []time.Duration{time.Millisecond}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			srv := newScriptServer(t, tt.steps...)
			sleep := &fakeSleep{}
			h := newTestHandler(t, tt.retryer, MiddlewareOptions{Sleep: sleep.Sleep})
			_, _, err := h.Handle(context.Background(), &testInput{URL: srv.URL, Body: strings.NewReader("payload")})
			if gotErr := err != nil; gotErr != tt.wantErr {
				t.Fatalf("error = %v; want error: %v", err, tt.wantErr)
			}
			if !slices.Equal(sleep.delays, tt.wantDelays) {
				t.Errorf("delays = %v; want %v", sleep.delays, tt.wantDelays)
			}
			srv.mu.Lock()
			defer srv.mu.Unlock()
			if got, want := len(srv.headers), len(tt.wantDelays)+1; got != want {
				t.Errorf("server saw %d requests; want %d", got, want)
			}
		})
	}
}

// TestAddWithErrorCodesCanceled checks that an added code does not make a
// canceled operation retryable.
func TestAddWithErrorCodesCanceled(t *testing.T) {
	r := AddWithErrorCodes(NopRetryer{}, "X")
	if !r.IsErrorRetryable(&smithy.GenericAPIError{Code: "X"}) {
		t.Error("IsErrorRetryable(code X) = false; want true")
	}
	canceled := &smithy.CanceledError{Err: &smithy.GenericAPIError{Code: "X"}}
	if r.IsErrorRetryable(canceled) {
		t.Error("IsErrorRetryable(canceled code X) = true; want false")
	}
	if r.IsErrorRetryable(errors.New("other")) {
		t.Error("IsErrorRetryable(other) = true; want NopRetryer's false")
	}
}

// codeRetryable answers v for errors with API error code code, and
// UnknownTernary for others.
func codeRetryable(code string, v aws.Ternary) IsErrorRetryable {
	return IsErrorRetryableFunc(func(err error) aws.Ternary {
		if errorCode(err) == code {
			return v
		}
		return aws.UnknownTernary
	})
}

// TestRetryablesCanceled checks that a Retryable does not make a canceled
// operation retryable.
func TestRetryablesCanceled(t *testing.T) {
	s := NewStandard(func(o *StandardOptions) {
		o.Retryables = []IsErrorRetryable{IsErrorRetryableFunc(func(error) aws.Ternary { return aws.TrueTernary })}
	})
	if !s.IsErrorRetryable(errors.New("any")) {
		t.Error("IsErrorRetryable(any) = false; want the Retryable's true")
	}
	if s.IsErrorRetryable(&smithy.CanceledError{Err: errors.New("any")}) {
		t.Error("IsErrorRetryable(canceled) = true; want false")
	}
}
