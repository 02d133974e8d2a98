package retry_test

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/aws/smithy-go/middleware"
	smithyhttp "github.com/aws/smithy-go/transport/http"

	"github.com/nimbus-sdk/nimbus/middleware/retry"
)

func ExampleNewStandard() {
	r := retry.NewStandard(func(o *retry.StandardOptions) {
		o.MaxAttempts = 5
		o.MaxBackoff = 5 * time.Second
		o.Rand = func() float64 { return 0.5 } // deterministic for the example
	})
	for attempt := 1; attempt < r.MaxAttempts(); attempt++ {
		d, _ := r.RetryDelay(attempt, nil)
		fmt.Printf("after attempt %d: wait %v\n", attempt, d)
	}
	// Output:
	// after attempt 1: wait 500ms
	// after attempt 2: wait 1s
	// after attempt 3: wait 2s
	// after attempt 4: wait 2.5s
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
	r := retry.NewStandard(func(o *retry.StandardOptions) { o.RetryQuota = 10 })
	opErr := errors.New("HTTP 503")
	for i := 1; ; i++ {
		_, err := r.GetRetryToken(context.Background(), opErr)
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
	// retry 3 refused: retry quota exceeded (0 tokens available, 5 needed): HTTP 503
}

// unavailable is an HTTP 503 error, as a deserializer would return it.
type unavailable struct{}

func (unavailable) Error() string       { return "service unavailable" }
func (unavailable) HTTPStatusCode() int { return 503 }

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
