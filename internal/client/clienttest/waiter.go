package clienttest

import (
	"errors"
	"fmt"
	"testing"

	"github.com/aws/smithy-go"

	"github.com/nimbus-sdk/nimbus/middleware/waiter"
)

// WaiterPathCase checks one compiled acceptor path of a generated waiter
// on one input and output the generator built.
type WaiterPathCase struct {
	// Waiter is the waiter's name and Acceptor the index of the acceptor
	// in the model.
	Waiter   string
	Acceptor int
	// Path is the acceptor's JMESPath expression.
	Path string
	// Data shows the members Match sets, as JSON.
	Data string
	// Match runs the compiled acceptor on those values.
	Match func() bool
	// Want is what the generator's own evaluation of Path gives.
	Want bool
}

// RunWaiterPathCases runs each case as a subtest.
func RunWaiterPathCases(t *testing.T, cases []WaiterPathCase) {
	t.Helper()
	for _, tc := range cases {
		t.Run(fmt.Sprintf("%s/acceptor%d/%s", tc.Waiter, tc.Acceptor, tc.Data), func(t *testing.T) {
			if got := tc.Match(); got != tc.Want {
				t.Errorf("acceptor %d of %s, path %s, on %s: matched = %v; want %v", tc.Acceptor, tc.Waiter, tc.Path, tc.Data, got, tc.Want)
			}
		})
	}
}

// WaiterStateCase checks the state a generated waiter's default
// Retryable reaches for one call result.
type WaiterStateCase struct {
	// Waiter is the waiter's name.
	Waiter string
	// Case describes what the call returned.
	Case string
	// Retryable runs the waiter's default Retryable on that result.
	Retryable func() (bool, error)
	// Want is "success", "retry", "failure", or "error" for an error no
	// acceptor matched.
	Want string
}

// RunWaiterStateCases runs each case as a subtest.
func RunWaiterStateCases(t *testing.T, cases []WaiterStateCase) {
	t.Helper()
	for _, tc := range cases {
		t.Run(tc.Waiter+"/"+tc.Case, func(t *testing.T) {
			retry, err := tc.Retryable()
			if got := WaiterState(retry, err); got != tc.Want {
				t.Errorf("%s Retryable on %s = (%v, %v), state %s; want %s", tc.Waiter, tc.Case, retry, err, got, tc.Want)
			}
			var we *waiter.Error
			if tc.Want == "failure" && errors.As(err, &we) && we.Acceptor == "" {
				t.Errorf("%s Retryable on %s: failure without the Acceptor that matched", tc.Waiter, tc.Case)
			}
		})
	}
}

// WaiterState names the state a Retryable result stands for: "success",
// "retry", "failure", "error" (a *waiter.Error with Reason
// UnmatchedError), or a description of anything else.
func WaiterState(retry bool, err error) string {
	var we *waiter.Error
	switch {
	case err == nil && retry:
		return "retry"
	case err == nil:
		return "success"
	case errors.As(err, &we) && we.Reason == waiter.FailureState:
		return "failure"
	case errors.As(err, &we) && we.Reason == waiter.UnmatchedError:
		return "error"
	}
	return fmt.Sprintf("unexpected error %T", err)
}

// APIError returns an error with the given code, wrapped as a client
// wraps the errors of its calls.
func APIError(code string) error {
	return &smithy.OperationError{ServiceID: "Test", OperationName: "Test",
		Err: &smithy.GenericAPIError{Code: code, Message: "test error " + code}}
}

// Ptr returns a pointer to v.
func Ptr[T any](v T) *T { return &v }
