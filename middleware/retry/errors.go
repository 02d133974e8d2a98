package retry

import (
	"strconv"
	"time"
)

// QuotaExceededError is returned instead of retrying when the client's
// retry quota (the retry token bucket) cannot pay for another retry. It
// happens when many recent attempts failed: the client stops amplifying
// load on a struggling service. Err is the failure that would have been
// retried, so errors.As still finds the service error.
type QuotaExceededError struct {
	// Cost is the number of tokens the retry needed.
	Cost int
	// Available is the number of tokens left in the bucket.
	Available int
	// Err is the error of the last attempt.
	Err error
}

// Error returns the error message.
func (e *QuotaExceededError) Error() string {
	return "retry quota exceeded (" + strconv.Itoa(e.Available) + " tokens available, " +
		strconv.Itoa(e.Cost) + " needed): " + errString(e.Err)
}

// Unwrap returns the error of the last attempt.
func (e *QuotaExceededError) Unwrap() error { return e.Err }

// MaxAttemptsError is returned when the last allowed attempt failed with
// a retryable error. Err is that attempt's error.
type MaxAttemptsError struct {
	// Attempts is the number of attempts made.
	Attempts int
	// Err is the error of the last attempt.
	Err error
}

// Error returns the error message.
func (e *MaxAttemptsError) Error() string {
	return "exceeded maximum number of attempts, " + strconv.Itoa(e.Attempts) + ": " + errString(e.Err)
}

// Unwrap returns the error of the last attempt.
func (e *MaxAttemptsError) Unwrap() error { return e.Err }

// NonRewindableBodyError is returned instead of retrying when the request
// body cannot be sent again: it is not an [io.Seeker] and the failed
// attempt already read from it. Provide a seekable body (an *os.File, a
// *bytes.Reader...) to make such requests retryable. Err is the error of
// the failed attempt.
type NonRewindableBodyError struct {
	Err error
}

// Error returns the error message.
func (e *NonRewindableBodyError) Error() string {
	return "request not retried: its body is not seekable and was already sent: " + errString(e.Err)
}

// Unwrap returns the error of the failed attempt.
func (e *NonRewindableBodyError) Unwrap() error { return e.Err }

// AttemptTimeoutError reports that one attempt exceeded
// [MiddlewareOptions].AttemptTimeout while the caller's context was still
// live. It is retryable and counts as a timeout for the retry quota.
type AttemptTimeoutError struct {
	// Limit is the per-attempt timeout.
	Limit time.Duration
	// Err is the error the attempt returned when it was interrupted.
	Err error
}

// Error returns the error message.
func (e *AttemptTimeoutError) Error() string {
	return "attempt timed out after " + e.Limit.String() + ": " + errString(e.Err)
}

// Unwrap returns the error the interrupted attempt returned.
func (e *AttemptTimeoutError) Unwrap() error { return e.Err }

// Timeout reports true.
func (e *AttemptTimeoutError) Timeout() bool { return true }

// RetryableError reports true: the caller's context is live, so a new
// attempt may succeed.
func (e *AttemptTimeoutError) RetryableError() bool { return true }

// OutcomeUnknownError is returned instead of retrying when an attempt's
// request was fully sent but no answer from the server was received (the
// connection broke or timed out while the response was awaited or read),
// the operation is not safe to repeat, and retries of such attempts are
// disabled ([MiddlewareOptions].NoRetryAfterSend, set by a client's
// DisableUnsafeRetries option). The server may or may not have run the
// operation: the caller must find out (list, get, describe) before trying
// again. Err is the attempt's error.
type OutcomeUnknownError struct {
	// Operation is the operation's name, e.g. "CreateMultipartUpload".
	Operation string
	// Attempt is the number of the attempt whose outcome is unknown.
	Attempt int
	// Err is the error of that attempt.
	Err error
}

// Error returns the error message.
func (e *OutcomeUnknownError) Error() string {
	op := e.Operation
	if op == "" {
		op = "operation"
	}
	return op + ": outcome unknown: the request was sent but its response was lost, and the operation is not safe to repeat, so it was not retried: " + errString(e.Err)
}

// Unwrap returns the error of the attempt.
func (e *OutcomeUnknownError) Unwrap() error { return e.Err }

func errString(err error) string {
	if err == nil {
		return "<nil>"
	}
	return err.Error()
}
