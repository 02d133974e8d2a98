package imds

import (
	"fmt"
	"strings"
)

// Kind classifies an [*Error].
type Kind int

const (
	// KindDisabled: IMDS is turned off by [Options.Disabled] or
	// AWS_EC2_METADATA_DISABLED. No request was sent.
	KindDisabled Kind = iota + 1
	// KindConfig: a setting is invalid (see [Options]). No request was
	// sent.
	KindConfig
	// KindUnavailable: IMDS could not be reached, or did not answer
	// within [Options.Timeout]. This is what a program that does not run
	// on EC2 gets.
	KindUnavailable
	// KindTokenUnavailable: no IMDSv2 session token could be obtained and
	// falling back to IMDSv1 is disabled.
	KindTokenUnavailable
	// KindNotFound: IMDS answered 404 for the requested path.
	KindNotFound
	// KindNoRole: the instance has no instance profile (IAM role), or the
	// configured profile name is not the instance's.
	KindNoRole
	// KindStatus: IMDS answered with an unexpected HTTP status.
	KindStatus
	// KindInvalidResponse: the credentials document is not valid JSON,
	// its Code is not "Success", or fields are missing or malformed.
	KindInvalidResponse
	// KindCanceled: the caller's context was done first.
	KindCanceled
	// KindInvalidPath: the path given to [Client.Get] is not an absolute
	// URL path, or holds "?" or "#". No request was sent.
	KindInvalidPath
)

// String returns the name of the value.
func (k Kind) String() string {
	switch k {
	case KindDisabled:
		return "disabled"
	case KindConfig:
		return "config"
	case KindUnavailable:
		return "unavailable"
	case KindTokenUnavailable:
		return "token unavailable"
	case KindNotFound:
		return "not found"
	case KindNoRole:
		return "no role"
	case KindStatus:
		return "status"
	case KindInvalidResponse:
		return "invalid response"
	case KindCanceled:
		return "canceled"
	case KindInvalidPath:
		return "invalid path"
	}
	return fmt.Sprintf("Kind(%d)", int(k))
}

// Error is the error returned by [Client] and [Provider] methods.
//
// It never contains a session token or credentials: not the IMDSv2 token,
// not the credentials document, nor any response body.
type Error struct {
	// Kind says what went wrong.
	Kind Kind
	// Method and Path name the request that failed ("GET",
	// "/latest/meta-data/iam/security-credentials/"), if any.
	Method, Path string
	// StatusCode is the HTTP status IMDS answered, or 0 if none.
	StatusCode int
	// Code is the Code field of a credentials document that was not
	// "Success", for KindInvalidResponse.
	Code string
	// Err is the underlying error, if any. For KindCanceled it is the
	// context's error, so errors.Is(err, context.Canceled) works.
	Err error

	// connected is set for KindUnavailable when a connection was made
	// but no answer came.
	connected bool
}

// Error returns the error message.
func (e *Error) Error() string {
	var b strings.Builder
	b.WriteString("credentials/imds: ")
	switch e.Kind {
	case KindDisabled:
		b.WriteString("EC2 instance metadata service is disabled (AWS_EC2_METADATA_DISABLED)")
	case KindConfig:
		b.WriteString("invalid configuration")
	case KindUnavailable:
		b.WriteString("EC2 instance metadata service unavailable (not running on EC2?)")
	case KindTokenUnavailable:
		b.WriteString("cannot get an IMDSv2 session token and IMDSv1 fallback is disabled")
	case KindNotFound:
		b.WriteString("metadata not found")
	case KindNoRole:
		b.WriteString("no IAM role is attached to the instance")
	case KindStatus:
		b.WriteString("unexpected response")
	case KindInvalidResponse:
		b.WriteString("invalid credentials document")
	case KindCanceled:
		b.WriteString("request canceled")
	case KindInvalidPath:
		b.WriteString("invalid metadata path")
	default:
		b.WriteString("request failed")
	}
	if e.Method != "" {
		fmt.Fprintf(&b, " (%s %s", e.Method, e.Path)
		if e.StatusCode != 0 {
			fmt.Fprintf(&b, ": status %d", e.StatusCode)
		}
		b.WriteString(")")
	}
	if e.Code != "" {
		fmt.Fprintf(&b, " (Code %q)", e.Code)
	}
	if e.Err != nil {
		b.WriteString(": ")
		b.WriteString(e.Err.Error())
	}
	return b.String()
}

// Unwrap returns the underlying error.
func (e *Error) Unwrap() error { return e.Err }
