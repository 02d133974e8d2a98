package ssocreds

import (
	"fmt"
	"strings"
)

// InvalidTokenError reports that there is no usable IAM Identity Center
// (SSO) access token: none is cached, it has expired and cannot be
// refreshed, or the SSO service rejected it. The user must sign in again
// with "aws sso login".
//
// It never contains the token itself.
type InvalidTokenError struct {
	// CachePath is the token cache file that was read.
	CachePath string
	// SessionName is the sso-session name, empty for a legacy profile.
	SessionName string
	// Reason says what is wrong with the token.
	Reason string
	// Err is the underlying error, if any: reading or parsing the cache
	// file, the failed refresh, or the SSO service's rejection.
	Err error
}

// Error returns the error message.
func (e *InvalidTokenError) Error() string {
	var b strings.Builder
	b.WriteString("ssocreds: SSO session has expired or is invalid; run aws sso login")
	if e.SessionName != "" {
		b.WriteString(" --sso-session " + e.SessionName)
	}
	fmt.Fprintf(&b, " (%s; token cache %s)", e.Reason, e.CachePath)
	if e.Err != nil {
		b.WriteString(": " + e.Err.Error())
	}
	return b.String()
}

// Unwrap returns e.Err.
func (e *InvalidTokenError) Unwrap() error { return e.Err }

// Error reports any other failure of [Provider.Retrieve]: missing options,
// a failed GetRoleCredentials call, a token cache that cannot be written.
// Err is the cause; inspect it with errors.As (for instance into
// smithy.APIError).
type Error struct {
	// Op is what failed, e.g. "GetRoleCredentials" or "write token cache".
	Op string
	// AccountID and RoleName are the requested role.
	AccountID, RoleName string
	// Err is the cause.
	Err error
}

// Error returns the error message.
func (e *Error) Error() string {
	return fmt.Sprintf("ssocreds: %s (account %q, role %q): %v", e.Op, e.AccountID, e.RoleName, e.Err)
}

// Unwrap returns e.Err.
func (e *Error) Unwrap() error { return e.Err }
