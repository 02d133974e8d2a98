package waiter

import (
	"strconv"
	"time"
)

// Reason says why a wait ended without reaching the success state. The
// zero value is not a valid Reason.
type Reason int

// The reasons a wait ends without success.
const (
	// MaxWaitExceeded: the maximum wait time given to Wait passed before an
	// acceptor reached the success or failure state. [Error.Err] is the
	// error of the last call that completed, or nil if that call
	// succeeded (its output matched a retry acceptor, or no acceptor); if
	// the maximum wait time cut the first call short, it is that call's
	// error.
	MaxWaitExceeded Reason = iota + 1

	// FailureState: an acceptor moved the waiter to the failure state, or
	// a custom Retryable returned an error. [Error.Err] is the error of
	// the last call when the acceptor matched an error, the error the
	// Retryable returned, or nil when the acceptor matched the output.
	FailureState

	// UnmatchedError: a call failed with an error that no acceptor
	// matched; the Smithy waiter workflow stops on such errors rather
	// than retrying them. [Error.Err] is that error.
	UnmatchedError

	// Canceled: the caller's context was canceled, or reached its own
	// deadline, before the wait finished. [Error.Err] wraps the
	// context's error, and the error of the last call that completed,
	// if it failed.
	Canceled
)

// String returns a short description of r, e.g. "max wait exceeded".
func (r Reason) String() string {
	switch r {
	case MaxWaitExceeded:
		return "max wait exceeded"
	case FailureState:
		return "failure state reached"
	case UnmatchedError:
		return "error matched no acceptor"
	case Canceled:
		return "canceled"
	}
	return "Reason(" + strconv.Itoa(int(r)) + ")"
}

// Error is the error a generated waiter's Wait and WaitForOutput methods
// return when the wait ends without reaching the success state (except
// for invalid options, reported by [*OptionsError]). Branch on Reason;
// errors.As and errors.Is see through Error to Err, so the service error
// of the last call (a *types.ResourceNotFoundException, say, or any
// smithy.APIError) stays reachable.
type Error struct {
	// Waiter is the name of the waiter, e.g. "BucketExists".
	Waiter string

	// Reason says why the wait ended.
	Reason Reason

	// Attempts is the number of times the waiter called the operation.
	Attempts int

	// Acceptor describes, for FailureState, the acceptor of the model
	// that matched, as the waiter's documentation lists it, e.g.
	// `Status of the output is "Failed"`. It is empty otherwise, and when
	// a custom Retryable reported the failure.
	Acceptor string

	// Err is the underlying error, as described for each Reason; it may
	// be nil.
	Err error
}

// Error returns the error message.
func (e *Error) Error() string {
	msg := "waiter " + e.Waiter + ": " + e.Reason.String() + " after " + strconv.Itoa(e.Attempts) + " attempt"
	if e.Attempts != 1 {
		msg += "s"
	}
	if e.Acceptor != "" {
		msg += " (" + e.Acceptor + ")"
	}
	if e.Err != nil {
		msg += ": " + e.Err.Error()
	}
	return msg
}

// Unwrap returns Err.
func (e *Error) Unwrap() error { return e.Err }

// OptionsError reports waiter settings that cannot work: a maximum wait
// time that is not positive, a negative delay, or a MinDelay greater than
// MaxDelay. The waiter returns it before calling the operation.
type OptionsError struct {
	// Waiter is the name of the waiter, e.g. "BucketExists".
	Waiter string

	// Option names the setting: "maxWait" (the argument of Wait),
	// "MinDelay" or "MaxDelay".
	Option string

	// Value is the setting's value, after zero delays were replaced by
	// the waiter's defaults.
	Value time.Duration

	// Problem says what is wrong with it, e.g. "must be greater than zero"
	// or "is greater than MaxDelay (2m0s)".
	Problem string
}

// Error returns the error message.
func (e *OptionsError) Error() string {
	return "waiter " + e.Waiter + ": invalid " + e.Option + " " + e.Value.String() + ": " + e.Problem
}
