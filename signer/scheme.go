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

// Authentication scheme IDs as service models and auth scheme resolvers
// give them (smithy-go auth.Option.SchemeID).
const (
	// SchemeIDSigV4 is SigV4, signed with the client's credentials.
	SchemeIDSigV4 = "aws.auth#sigv4"
	// SchemeIDSigV4A is SigV4a, signed by signer/v4a.
	SchemeIDSigV4A = "aws.auth#sigv4a"
	// SchemeIDBearer is HTTP bearer-token authentication.
	SchemeIDBearer = "smithy.api#httpBearerAuth"
	// SchemeIDNoAuth is no authentication: the request is sent unsigned.
	SchemeIDNoAuth = "smithy.api#noAuth"
	// SchemeIDSigV4S3Express is the SigV4 of S3 Express One Zone, signed
	// with a CreateSession session (the ID aws-sdk-go-v2 gives it).
	SchemeIDSigV4S3Express = "com.amazonaws.s3#sigv4express"
)

// UnsupportedAuthSchemeError reports that a call may only use
// authentication schemes this client cannot sign with: the resolved
// endpoint accepts only sigv4a (an S3 Multi-Region Access Point) or
// sigv4-s3express, or the operation's schemes (from the model or an auth
// scheme resolver) include none the client has. Nothing was sent: signing
// with another scheme would only be rejected by the service. It is not
// retried.
type UnsupportedAuthSchemeError struct {
	// Schemes lists the schemes the endpoint accepts, in its order of
	// preference.
	Schemes []string
}

// Error returns the error message, naming the schemes.
func (e *UnsupportedAuthSchemeError) Error() string {
	if len(e.Schemes) == 0 {
		return "no authentication scheme is available for this call"
	}
	return "the call requires authentication scheme " + strings.Join(e.Schemes, " or ") + ", which this client cannot sign with"
}

// RetryableError reports false.
func (e *UnsupportedAuthSchemeError) RetryableError() bool { return false }

// ErrUnsignedPayloadOverHTTP is returned when a request body cannot be
// hashed before it is sent (it is not an io.Seeker) and the endpoint is
// plain HTTP: sent with UNSIGNED-PAYLOAD it would be unprotected in
// transit. Use an io.ReadSeeker body or an https endpoint.
var ErrUnsignedPayloadOverHTTP = errors.New("request body is not seekable, so its SHA-256 cannot be computed before sending, and the endpoint is plain HTTP: use an io.ReadSeeker body or an https endpoint")
