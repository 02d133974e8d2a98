package retry_test

import (
	"context"
	"errors"
	"fmt"
	"time"

	smithy "github.com/aws/smithy-go"
	"github.com/aws/smithy-go/middleware"
	smithyhttp "github.com/aws/smithy-go/transport/http"

	"github.com/nimbus-sdk/nimbus/middleware/retry"
)

func ExampleNewStandard() {
	r := retry.NewStandard(func(o *retry.StandardOptions) {
		o.MaxAttempts = 5
		o.Rand = func() float64 { return 1 } // the top of each backoff window, for the example
	})
	for attempt := 1; attempt < r.MaxAttempts(); attempt++ {
		transient, _ := r.RetryDelay(attempt, unavailable{})
		throttling, _ := r.RetryDelay(attempt, throttled{})
		fmt.Printf("after attempt %d: wait up to %v (transient), %v (throttling)\n", attempt, transient, throttling)
	}
	// Output:
	// after attempt 1: wait up to 50ms (transient), 1s (throttling)
	// after attempt 2: wait up to 100ms (transient), 2s (throttling)
	// after attempt 3: wait up to 200ms (transient), 4s (throttling)
	// after attempt 4: wait up to 400ms (transient), 8s (throttling)
}

func ExampleStandardOptions_pre2026Defaults() {
	for _, pre2026 := range []bool{false, true} {
		r := retry.NewStandard(func(o *retry.StandardOptions) {
			o.Pre2026Defaults = pre2026
			o.RetryQuota = 20
			o.Rand = func() float64 { return 1 }
		})
		d, _ := r.RetryDelay(1, unavailable{})
		_, _ = r.GetRetryToken(context.Background(), unavailable{})
		_, err := r.GetRetryToken(context.Background(), unavailable{})
		fmt.Printf("pre-2026 %v: first retry after up to %v; second retry: %v\n", pre2026, d, err)
	}
	// Output:
	// pre-2026 false: first retry after up to 50ms; second retry: retry quota exceeded (6 tokens available, 14 needed): service unavailable
	// pre-2026 true: first retry after up to 1s; second retry: <nil>
}

func ExampleNewAdaptive() {
	r := retry.NewAdaptive(func(o *retry.AdaptiveOptions) {
		o.Standard.MaxAttempts = 4
	})
	mw := retry.NewMiddleware(r, retry.MiddlewareOptions{AttemptTimeout: 30 * time.Second})
	fmt.Println(mw.ID(), r.MaxAttempts())
	// Output: Retry 4
}

func ExampleStandard_GetRetryToken() {
	r := retry.NewStandard(func(o *retry.StandardOptions) { o.RetryQuota = 30 })
	for i := 1; ; i++ {
		_, err := r.GetRetryToken(context.Background(), unavailable{})
		var quotaErr *retry.QuotaExceededError
		if errors.As(err, &quotaErr) {
			fmt.Printf("retry %d refused: %v\n", i, err)
			return
		}
		fmt.Printf("retry %d allowed\n", i)
	}
	// Output:
	// retry 1 allowed
	// retry 2 allowed
	// retry 3 refused: retry quota exceeded (2 tokens available, 14 needed): service unavailable
}

// unavailable is an HTTP 503 error, as a deserializer would return it.
type unavailable struct{}

func (unavailable) Error() string       { return "service unavailable" }
func (unavailable) HTTPStatusCode() int { return 503 }

// throttled is a throttling error, as a deserializer would return it.
type throttled struct{}

func (throttled) Error() string                 { return "rate exceeded" }
func (throttled) ErrorCode() string             { return "ThrottlingException" }
func (throttled) ErrorMessage() string          { return "rate exceeded" }
func (throttled) ErrorFault() smithy.ErrorFault { return smithy.FaultClient }

func ExampleGetAttemptResults() {
	mw := retry.NewMiddleware(retry.NewStandard(), retry.MiddlewareOptions{
		Sleep: func(context.Context, time.Duration) error { return nil }, // skip the backoff
	})

	// The rest of the stack: fails once with HTTP 503, then succeeds.
	calls := 0
	next := middleware.FinalizeHandlerFunc(func(ctx context.Context, in middleware.FinalizeInput) (middleware.FinalizeOutput, middleware.Metadata, error) {
		calls++
		fmt.Println("sent", in.Request.(*smithyhttp.Request).Header.Get("amz-sdk-request"))
		if calls == 1 {
			return middleware.FinalizeOutput{}, middleware.Metadata{}, unavailable{}
		}
		return middleware.FinalizeOutput{Result: "done"}, middleware.Metadata{}, nil
	})

	req := smithyhttp.NewStackRequest()
	_, md, err := mw.HandleFinalize(context.Background(), middleware.FinalizeInput{Request: req}, next)
	results, _ := retry.GetAttemptResults(md)
	for _, r := range results.Results {
		fmt.Printf("attempt %d: err=%v retried=%v\n", r.Attempt, r.Err, r.Retried)
	}
	fmt.Println("error:", err)
	// Output:
	// sent attempt=1; max=3
	// sent attempt=2; max=3
	// attempt 1: err=service unavailable retried=true
	// attempt 2: err=<nil> retried=false
	// error: <nil>
}

// ExampleAddWithErrorCodes retries an error code the standard mode treats
// as final, as a client's Retryer option would be set.
func ExampleAddWithErrorCodes() {
	r := retry.AddWithErrorCodes(retry.NewStandard(), "ProvisioningInProgress")
	err := &smithy.GenericAPIError{Code: "ProvisioningInProgress"}
	fmt.Println(retry.NewStandard().IsErrorRetryable(err), r.IsErrorRetryable(err))
	fmt.Println(retry.NopRetryer{}.MaxAttempts())
	// Output:
	// false true
	// 1
}
