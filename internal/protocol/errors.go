package protocol

import (
	"fmt"
	"net/http"
)

// ResponseError wraps an API error decoded from an HTTP error response
// with the response's transport details. Codecs return every API error
// (modelled or *smithy.GenericAPIError) wrapped in a *ResponseError, so
// callers can use errors.As to reach either.
type ResponseError struct {
	// Err is the decoded API error.
	Err error
	// StatusCode is the HTTP status code of the response.
	StatusCode int
	// RequestID is the service request id (x-amz-request-id,
	// x-amzn-RequestId, or the RequestId element of the error body).
	RequestID string
	// HostID is S3's extended request id (x-amz-id-2), if any.
	HostID string
	// Header is the response's header, which the retry middleware reads
	// for x-amz-retry-after.
	Header http.Header
}

// Error implements error.
func (e *ResponseError) Error() string {
	return fmt.Sprintf("http %d, request id %q: %v", e.StatusCode, e.RequestID, e.Err)
}

// Unwrap returns the API error.
func (e *ResponseError) Unwrap() error { return e.Err }

// HTTPStatusCode returns the HTTP status code of the response.
func (e *ResponseError) HTTPStatusCode() int { return e.StatusCode }

// ServiceRequestID returns the service request id.
func (e *ResponseError) ServiceRequestID() string { return e.RequestID }

// ServiceHostID returns S3's extended request id (x-amz-id-2).
func (e *ResponseError) ServiceHostID() string { return e.HostID }

// HTTPResponseHeader returns the response's header.
func (e *ResponseError) HTTPResponseHeader() http.Header { return e.Header }
