package logincreds

import (
	"fmt"
	"strings"
)

// InvalidTokenError reports that the login session cannot give
// credentials any more: no token is cached for it, the cache file is
// malformed or incomplete, or the cached credentials have expired and AWS
// Sign-In refused to refresh them (the session ended, or the password
// changed). The user must sign in again with "aws login".
//
// It never contains a token, a credential or the DPoP key.
type InvalidTokenError struct {
	// Session is the login_session value.
	Session string
	// CachePath is the token cache file that was read.
	CachePath string
	// Reason says what is wrong, such as "no cached token".
	Reason string
	// Err is the underlying error, if any: why the cached DPoP key cannot
	// be used, or the service's refusal (with errors.As, a
	// smithy.APIError).
	Err error
}

// Error returns the error message.
func (e *InvalidTokenError) Error() string {
	var b strings.Builder
	fmt.Fprintf(&b, "logincreds: login session %q has expired or is invalid; run aws login (%s; token cache %s)", e.Session, e.Reason, e.CachePath)
	if e.Err != nil {
		b.WriteString(": " + e.Err.Error())
	}
	return b.String()
}

// Unwrap returns e.Err.
func (e *InvalidTokenError) Unwrap() error { return e.Err }

// Error reports any other failure of [Provider.Retrieve]: a missing
// option, a refresh that failed for a reason signing in again does not
// fix (the network, a throttled or failing service, a missing IAM
// permission), a token cache that cannot be written. Err is the cause;
// inspect it with errors.As (for instance into smithy.APIError).
//
// It never contains a token, a credential or the DPoP key.
type Error struct {
	// Op is what failed: "CreateOAuth2Token", "read token cache",
	// "write token cache"...
	Op string
	// Session is the login_session value.
	Session string
	// Reason, if not empty, explains the failure, such as the IAM
	// permission that is missing.
	Reason string
	// Err is the cause.
	Err error
}

// Error returns the error message.
func (e *Error) Error() string {
	var b strings.Builder
	fmt.Fprintf(&b, "logincreds: %s (login session %q)", e.Op, e.Session)
	if e.Reason != "" {
		b.WriteString(": " + e.Reason)
	}
	if e.Err != nil {
		b.WriteString(": " + e.Err.Error())
	}
	return b.String()
}

// Unwrap returns e.Err.
func (e *Error) Unwrap() error { return e.Err }
