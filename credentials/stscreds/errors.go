package stscreds

import (
	"errors"
	"fmt"
)

// ErrMissingTokenProvider is returned (wrapped in an [*Error]) by an
// [AssumeRoleProvider] whose [AssumeRoleOptions.SerialNumber] is set but
// whose TokenProvider is nil: without a way to ask for the MFA code the
// role cannot be assumed.
var ErrMissingTokenProvider = errors.New("MFA serial number is set but no token provider was given")

// ErrMissingRoleARN is returned (wrapped in an [*Error]) by a provider
// whose RoleARN option is empty.
var ErrMissingRoleARN = errors.New("role ARN is empty")

// ErrMissingSourceCredentials is returned (wrapped in an [*Error]) by an
// [AssumeRoleProvider] whose SourceCredentials option is nil.
var ErrMissingSourceCredentials = errors.New("no source credentials to sign AssumeRole")

// Error is the error returned by [AssumeRoleProvider.Retrieve] and
// [WebIdentityRoleProvider.Retrieve].
//
// Err is the cause: an STS service error (inspect it with errors.As into
// smithy.APIError or one of the STS error types), a transport error, the
// error of the source credentials, the MFA token provider or of reading
// the web identity token file, or one of the
// sentinel errors of this package. The error never contains the web identity
// token, the MFA code or any credential.
type Error struct {
	// Op is the STS operation: "AssumeRole" or "AssumeRoleWithWebIdentity".
	Op string
	// RoleARN is the role that could not be assumed.
	RoleARN string
	// Err is the cause.
	Err error
}

// Error returns the error message.
func (e *Error) Error() string {
	role := e.RoleARN
	if role == "" {
		role = "(no role ARN)"
	}
	return fmt.Sprintf("stscreds: %s %s: %v", e.Op, role, e.Err)
}

// Unwrap returns e.Err.
func (e *Error) Unwrap() error { return e.Err }
