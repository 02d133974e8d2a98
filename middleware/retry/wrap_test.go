package retry_test

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/aws/smithy-go"

	"github.com/nimbus-sdk/nimbus/middleware/retry"
)

func TestAddWithMaxBackoffDelay(t *testing.T) {
	// Rand 1: the standard backoff is its ceiling, 1 s x 2^(attempt-1)
	// after a throttling error.
	std := retry.NewStandard(func(o *retry.StandardOptions) { o.Rand = func() float64 { return 1 } })
	throttle := &smithy.GenericAPIError{Code: "Throttling"}
	tests := []struct {
		name    string
		max     time.Duration
		attempt int
		want    time.Duration
	}{
		{"below the cap", 3 * time.Second, 1, time.Second},
		{"capped", 3 * time.Second, 3, 3 * time.Second},
		{"zero cap keeps r", 0, 3, 4 * time.Second},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := retry.AddWithMaxBackoffDelay(std, tt.max)
			got, err := r.RetryDelay(tt.attempt, throttle)
			if err != nil || got != tt.want {
				t.Errorf("RetryDelay(%d) = %v, %v; want %v, nil", tt.attempt, got, err, tt.want)
			}
			if r.MaxAttempts() != std.MaxAttempts() {
				t.Errorf("MaxAttempts = %d; want the wrapped retryer's %d", r.MaxAttempts(), std.MaxAttempts())
			}
		})
	}
	if _, err := retry.AddWithMaxBackoffDelay(std, time.Second).RetryDelay(0, throttle); err == nil {
		t.Error("RetryDelay(0) = nil error; want the wrapped retryer's error")
	}
}

func TestAddWithErrorCodes(t *testing.T) {
	r := retry.AddWithErrorCodes(retry.NewStandard(), "TableBusy", "Flaky")
	tests := []struct {
		name string
		err  error
		want bool
	}{
		{"listed code", &smithy.GenericAPIError{Code: "TableBusy"}, true},
		{"other listed code, wrapped", &smithy.OperationError{Err: &smithy.GenericAPIError{Code: "Flaky"}}, true},
		{"unlisted code", &smithy.GenericAPIError{Code: "ValidationException"}, false},
		{"still retries what r retries", &smithy.GenericAPIError{Code: "ThrottlingException"}, true},
		{"canceled", &smithy.CanceledError{Err: &smithy.GenericAPIError{Code: "TableBusy"}}, false},
		{"not an API error", errors.New("boom"), false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := r.IsErrorRetryable(tt.err); got != tt.want {
				t.Errorf("IsErrorRetryable(%v) = %v; want %v", tt.err, got, tt.want)
			}
		})
	}
	if got := retry.AddWithErrorCodes(retry.NewStandard()); got == nil {
		t.Error("AddWithErrorCodes with no codes = nil; want the retryer")
	}
	// The wrapper shares the retryer's quota: tokens it takes are r's.
	if _, err := r.GetRetryToken(context.Background(), &smithy.GenericAPIError{Code: "TableBusy"}); err != nil {
		t.Errorf("GetRetryToken = %v; want a token", err)
	}
}
