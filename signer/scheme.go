package signer

import (
	"errors"
	"strings"
)

// Authentication scheme names as endpoint rules give them in an
// endpoint's authSchemes property.
const (
	// SigV4 is AWS Signature Version 4, which Nimbus signs with.
	SigV4 = "sigv4"
	// SigV4A is the asymmetric, multi-region variant of SigV4 (S3
	// Multi-Region Access Points, EventBridge global endpoints).
	SigV4A = "sigv4a"
	// SigV4S3Express is the session-based SigV4 of S3 Express One Zone
	// directory buckets.
	SigV4S3Express = "sigv4-s3express"
)

// UnsupportedAuthSchemeError reports that the resolved endpoint accepts
// only authentication schemes this client cannot sign with, such as
// sigv4a for an S3 Multi-Region Access Point. Nothing was sent: signing
// with another scheme would only be rejected by the service. It is not
// retried.
type UnsupportedAuthSchemeError struct {
	// Schemes lists the schemes the endpoint accepts, in its order of
	// preference.
	Schemes []string
}

// Error returns the error message, naming the schemes.
func (e *UnsupportedAuthSchemeError) Error() string {
	return "the endpoint requires authentication scheme " + strings.Join(e.Schemes, " or ") + ", which this client cannot sign with"
}

// RetryableError reports false.
func (e *UnsupportedAuthSchemeError) RetryableError() bool { return false }

// ErrUnsignedPayloadOverHTTP is returned when a request body cannot be
// hashed before it is sent (it is not an io.Seeker) and the endpoint is
// plain HTTP: sent with UNSIGNED-PAYLOAD it would be unprotected in
// transit. Use an io.ReadSeeker body or an https endpoint.
var ErrUnsignedPayloadOverHTTP = errors.New("request body is not seekable, so its SHA-256 cannot be computed before sending, and the endpoint is plain HTTP: use an io.ReadSeeker body or an https endpoint")
