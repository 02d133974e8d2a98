package waiter

import (
	"errors"
	"fmt"
	"testing"
	"time"
)

func TestErrorMessage(t *testing.T) {
	errCall := errors.New("NotFound: no such bucket")
	tests := []struct {
		err  error
		want string
	}{
		{&Error{Waiter: "BucketExists", Reason: MaxWaitExceeded, Attempts: 7, Err: errCall},
			"waiter BucketExists: max wait exceeded after 7 attempts: NotFound: no such bucket"},
		{&Error{Waiter: "TableExists", Reason: FailureState, Attempts: 1},
			"waiter TableExists: failure state reached after 1 attempt"},
		{&Error{Waiter: "CommandExecuted", Reason: FailureState, Attempts: 4, Acceptor: `Status of the output is "Failed"`},
			`waiter CommandExecuted: failure state reached after 4 attempts (Status of the output is "Failed")`},
		{&Error{Waiter: "FunctionExists", Reason: FailureState, Attempts: 2, Acceptor: "the call fails", Err: errCall},
			"waiter FunctionExists: failure state reached after 2 attempts (the call fails): NotFound: no such bucket"},
		{&Error{Waiter: "TableExists", Reason: UnmatchedError, Attempts: 2, Err: errCall},
			"waiter TableExists: error matched no acceptor after 2 attempts: NotFound: no such bucket"},
		{&Error{Waiter: "TableExists", Reason: Canceled, Attempts: 3, Err: errCall},
			"waiter TableExists: canceled after 3 attempts: NotFound: no such bucket"},
		{&Error{Waiter: "X", Reason: 0, Attempts: 0}, "waiter X: Reason(0) after 0 attempts"},
		{&OptionsError{Waiter: "BucketExists", Option: "MinDelay", Value: 10 * time.Second, Problem: "is greater than MaxDelay (5s)"},
			"waiter BucketExists: invalid MinDelay 10s: is greater than MaxDelay (5s)"},
	}
	for _, tt := range tests {
		if got := tt.err.Error(); got != tt.want {
			t.Errorf("Error() = %q; want %q", got, tt.want)
		}
	}
}

// TestErrorUnwrap checks that the last call's error is reachable through
// an *Error, however it was wrapped.
func TestErrorUnwrap(t *testing.T) {
	errCall := errors.New("call failed")
	err := fmt.Errorf("waiting: %w", &Error{Waiter: "W", Reason: UnmatchedError, Attempts: 1, Err: errCall})
	if !errors.Is(err, errCall) {
		t.Errorf("errors.Is(%v, errCall) = false; want true", err)
	}
	var we *Error
	if !errors.As(err, &we) || we.Reason != UnmatchedError {
		t.Errorf("errors.As(%v, *Error) = %v; want an *Error with Reason UnmatchedError", err, we)
	}
	if (&Error{}).Unwrap() != nil {
		t.Error("Unwrap of an *Error without Err is not nil")
	}
}
