package http

import (
	"context"
	"crypto/tls"
	"crypto/x509"
	"errors"
	"io"
	"net"
	"strconv"
	"syscall"
	"time"

	smithyhttp "github.com/aws/smithy-go/transport/http"
)

// RequestSendError reports that a request failed before any response was
// received: the connection could not be established, or broke while the
// request was written or the response awaited. Err is the underlying
// error, usually a *url.Error from net/http.
type RequestSendError struct {
	Err error
}

// Error returns the error message.
func (e *RequestSendError) Error() string {
	return "request send failed: " + e.Err.Error()
}

// Unwrap returns the underlying error.
func (e *RequestSendError) Unwrap() error { return e.Err }

// ConnectionError reports true: the failure happened at the connection
// level, before a response. Retry classifiers detect it with errors.As
// into interface{ ConnectionError() bool }; [IsRetryableConnError] then
// decides from the underlying error whether a retry can help.
func (e *RequestSendError) ConnectionError() bool { return true }

// ResponseTimeoutError reports that the request was sent but the response
// headers did not arrive within ClientOptions.ResponseHeaderTimeout.
type ResponseTimeoutError struct {
	// Limit is the timeout that was exceeded.
	Limit time.Duration
	// Err is the underlying error from net/http.
	Err error
}

// Error returns the error message.
func (e *ResponseTimeoutError) Error() string {
	return "timeout awaiting response headers after " + e.Limit.String() + ": " + e.Err.Error()
}

// Unwrap returns the underlying error.
func (e *ResponseTimeoutError) Unwrap() error { return e.Err }

// Timeout reports true, following the [net.Error] convention that retry
// classifiers test with errors.As into interface{ Timeout() bool }.
func (e *ResponseTimeoutError) Timeout() bool { return true }

// ResponseError is the error of an operation whose HTTP response said it
// failed, or could not be decoded: it adds the response's request ID and
// host ID, which AWS support asks for, to smithy-go's HTTP response error.
// It is aws-sdk-go-v2's awshttp.ResponseError (S3's host ID included), so
// ported code keeps working:
//
//	var re *transporthttp.ResponseError
//	if errors.As(err, &re) {
//		log.Printf("status %d, request %s", re.HTTPStatusCode(), re.ServiceRequestID())
//	}
//
// Err, reached through the embedded error and with errors.As, is the API
// error the service sent (a modelled error type of the service, or a
// *smithy.GenericAPIError), or the decoding failure.
type ResponseError struct {
	*smithyhttp.ResponseError

	// RequestID is the response's request ID, or "" if it had none.
	RequestID string
	// HostID is the response's host ID (S3's x-amz-id-2), or "".
	HostID string
}

// ServiceRequestID returns e.RequestID.
func (e *ResponseError) ServiceRequestID() string { return e.RequestID }

// ServiceHostID returns e.HostID.
func (e *ResponseError) ServiceHostID() string { return e.HostID }

// Error describes the status code, IDs and wrapped error.
func (e *ResponseError) Error() string {
	status := 0
	var err error
	if e.ResponseError != nil {
		status, err = e.HTTPStatusCode(), e.Err
	}
	s := "http response error: status " + strconv.Itoa(status) + ", request id " + strconv.Quote(e.RequestID)
	if e.HostID != "" {
		s += ", host id " + strconv.Quote(e.HostID)
	}
	if err == nil {
		return s
	}
	return s + ": " + err.Error()
}

// Unwrap returns the embedded *smithyhttp.ResponseError, whose Unwrap
// returns the API error.
func (e *ResponseError) Unwrap() error {
	if e.ResponseError == nil {
		return nil
	}
	return e.ResponseError
}

// DefaultMaxResponseBytes is the largest response body a client reads for
// an operation whose output is not a stream, unless its options say
// otherwise. It is far above what any AWS operation returns (DynamoDB's
// BatchGetItem stops at 16 MB, Lambda's Invoke payload at 6 MB), and low
// enough that a broken or hostile server cannot make a client buffer
// gigabytes.
const DefaultMaxResponseBytes = 64 << 20

// ResponseTooLargeError reports a response body longer than the client's
// limit for an operation whose output is not a stream (the clients'
// MaxResponseBytes option, [DefaultMaxResponseBytes] by default). The body
// was not read past the limit. It is not retried.
type ResponseTooLargeError struct {
	// Limit is the limit that was exceeded, in bytes.
	Limit int64
}

// Error returns the error message.
func (e *ResponseTooLargeError) Error() string {
	return "response body exceeds the client's limit of " + strconv.FormatInt(e.Limit, 10) + " bytes (MaxResponseBytes)"
}

// IsConnectionReset reports whether err is, or wraps, a connection reset
// by the peer (ECONNRESET) or a write to a connection the peer closed
// (EPIPE, ECONNABORTED).
func IsConnectionReset(err error) bool {
	return errors.Is(err, syscall.ECONNRESET) ||
		errors.Is(err, syscall.EPIPE) ||
		errors.Is(err, syscall.ECONNABORTED)
}

// IsRetryableConnError reports whether err is a transient connection or
// transport failure that a new attempt, on a new connection, may not hit
// again. It classifies by behaviour (error types, errno values and the
// Timeout method), never by message text:
//
//   - [*ResponseTimeoutError]: true;
//   - other context cancellation and deadline errors: false (the caller
//     gave up);
//   - certificate and TLS verification failures, and DNS answers that the
//     name does not exist: false (a retry cannot fix them);
//   - connection reset, broken pipe, aborted, refused, timed out, host or
//     network unreachable: true;
//   - errors with a Timeout() method returning true: true;
//   - io.ErrUnexpectedEOF (a response cut short): true;
//   - io.EOF inside a connection error, meaning the server closed the
//     connection before answering (typically a pooled keep-alive
//     connection it had just timed out): true;
//   - any other error marked with ConnectionError() returning true: true;
//   - anything else: false.
func IsRetryableConnError(err error) bool {
	if err == nil {
		return false
	}
	var rte *ResponseTimeoutError
	if errors.As(err, &rte) {
		// Checked first: net/http's header timeout also matches
		// context.DeadlineExceeded with errors.Is.
		return true
	}
	if errors.Is(err, context.Canceled) || errors.Is(err, context.DeadlineExceeded) {
		return false
	}
	if isPermanentTransportError(err) {
		return false
	}
	if IsConnectionReset(err) ||
		errors.Is(err, syscall.ECONNREFUSED) ||
		errors.Is(err, syscall.ETIMEDOUT) ||
		errors.Is(err, syscall.EHOSTUNREACH) ||
		errors.Is(err, syscall.ENETUNREACH) ||
		errors.Is(err, syscall.ENETDOWN) ||
		errors.Is(err, io.ErrUnexpectedEOF) {
		return true
	}
	var te interface{ Timeout() bool }
	if errors.As(err, &te) && te.Timeout() {
		return true
	}
	var ce interface{ ConnectionError() bool }
	if errors.As(err, &ce) && ce.ConnectionError() {
		// Includes io.EOF before any response.
		return true
	}
	return false
}

// isPermanentTransportError reports errors no retry can fix: failed
// certificate verification and names that do not resolve.
func isPermanentTransportError(err error) bool {
	var (
		certErr    *tls.CertificateVerificationError
		unknownCA  x509.UnknownAuthorityError
		hostErr    x509.HostnameError
		invalidErr x509.CertificateInvalidError
		recordErr  tls.RecordHeaderError
	)
	if errors.As(err, &certErr) || errors.As(err, &unknownCA) ||
		errors.As(err, &hostErr) || errors.As(err, &invalidErr) ||
		errors.As(err, &recordErr) {
		return true
	}
	var dnsErr *net.DNSError
	if errors.As(err, &dnsErr) {
		return dnsErr.IsNotFound && !dnsErr.IsTimeout && !dnsErr.IsTemporary
	}
	return false
}
