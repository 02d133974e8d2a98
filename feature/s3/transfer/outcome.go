package transfer

import (
	"context"
	"errors"
	"io"
	"net"
	"net/http"
	"syscall"

	"github.com/aws/smithy-go/middleware"
	"github.com/nimbus-sdk/nimbus/middleware/retry"
	transporthttp "github.com/nimbus-sdk/nimbus/transport/http"
)

// These functions classify failed calls by what the server may have done,
// from error types and statuses, never from message text.

// responseLost reports whether err, the failure of one attempt or call,
// leaves a request that may have reached the server without its response:
// a [*retry.OutcomeUnknownError], a connection that broke or timed out
// after the connection was made, or a 2xx response whose body could not
// be read. A request refused before it was sent (connection refused, a
// name that does not resolve) or answered with an error status is not
// lost.
func responseLost(err error) bool {
	if err == nil {
		return false
	}
	var ou *retry.OutcomeUnknownError
	if errors.As(err, &ou) {
		return true
	}
	if status := httpStatus(err); status != 0 {
		return status >= 200 && status < 300
	}
	if neverSent(err) {
		return false
	}
	var ce interface{ ConnectionError() bool }
	var te interface{ Timeout() bool }
	return errors.As(err, &ce) && ce.ConnectionError() ||
		errors.As(err, &te) && te.Timeout() ||
		transporthttp.IsConnectionReset(err) ||
		errors.Is(err, io.ErrUnexpectedEOF) || errors.Is(err, io.EOF)
}

// outcomeUnknown reports whether the server may have run the request of a
// call that failed with err: its response was lost (responseLost), the
// server answered with a 5xx (which does not say the operation did not
// happen), or the call was cancelled while it may have been in flight.
// Retry errors ([*retry.QuotaExceededError], [*retry.MaxAttemptsError])
// wrap the last attempt's error and are classified by it.
func outcomeUnknown(err error) bool {
	if err == nil {
		return false
	}
	if responseLost(err) || httpStatus(err) >= 500 {
		return true
	}
	return errors.Is(err, context.Canceled) || errors.Is(err, context.DeadlineExceeded)
}

// httpStatus returns the HTTP status of the response err came with, or 0.
func httpStatus(err error) int {
	var se interface{ HTTPStatusCode() int }
	if errors.As(err, &se) {
		return se.HTTPStatusCode()
	}
	return 0
}

// neverSent reports failures that happen before a request leaves: the
// connection was refused or the host name did not resolve.
func neverSent(err error) bool {
	var dns *net.DNSError
	return errors.Is(err, syscall.ECONNREFUSED) || errors.As(err, &dns)
}

// lostAttempts counts the attempts of a successful call, recorded by the
// retry middleware in its metadata, that failed with a lost response
// before the attempt that succeeded.
func lostAttempts(md middleware.Metadata) int {
	res, ok := retry.GetAttemptResults(md)
	if !ok || len(res.Results) < 2 {
		return 0
	}
	n := 0
	for _, r := range res.Results[:len(res.Results)-1] {
		if responseLost(r.Err) {
			n++
		}
	}
	return n
}

// isNoSuchUpload reports whether err says the upload no longer exists.
func isNoSuchUpload(err error) bool {
	var api interface{ ErrorCode() string }
	if errors.As(err, &api) && api.ErrorCode() == "NoSuchUpload" {
		return true
	}
	return httpStatus(err) == http.StatusNotFound
}
