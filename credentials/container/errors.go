package container

import (
	"fmt"
	"strings"
)

// Kind classifies an [*Error].
type Kind int

const (
	// KindConfig: no endpoint is configured, or its URL is invalid.
	KindConfig Kind = iota + 1
	// KindHostNotAllowed: a plain-http endpoint's host is not a loopback
	// address or one of the ECS and EKS Pod Identity addresses.
	KindHostNotAllowed
	// KindToken: the authorization token file cannot be read, or the
	// token contains a line break.
	KindToken
	// KindRequest: no response arrived (connection failure or timeout),
	// after retries.
	KindRequest
	// KindService: the endpoint answered with an error status; Code and
	// Message hold its explanation when it sent one.
	KindService
	// KindInvalidResponse: the credentials document is not valid JSON or
	// lacks the key pair, or its Expiration is malformed.
	KindInvalidResponse
	// KindCanceled: the caller's context was done first.
	KindCanceled
)

// String returns the name of the value.
func (k Kind) String() string {
	switch k {
	case KindConfig:
		return "config"
	case KindHostNotAllowed:
		return "host not allowed"
	case KindToken:
		return "token"
	case KindRequest:
		return "request"
	case KindService:
		return "service"
	case KindInvalidResponse:
		return "invalid response"
	case KindCanceled:
		return "canceled"
	}
	return fmt.Sprintf("Kind(%d)", int(k))
}

// Error is the error returned by [Provider.Retrieve].
//
// It never contains the authorization token, the credentials, nor the
// endpoint's path and query (in ECS, the relative URI is itself a
// secret): only its host.
type Error struct {
	// Kind says what went wrong.
	Kind Kind
	// Host is the endpoint's host (and port), if known.
	Host string
	// StatusCode is the HTTP status of the response, or 0 if none.
	StatusCode int
	// Code and Message are the fields of the endpoint's JSON error
	// document, for KindService, when present (Message truncated to 256
	// bytes).
	Code, Message string
	// Err is the underlying error, if any. For KindCanceled it is the
	// context's error, so errors.Is(err, context.Canceled) works.
	Err error
}

// Error returns the error message.
func (e *Error) Error() string {
	var b strings.Builder
	b.WriteString("credentials/container: ")
	switch e.Kind {
	case KindConfig:
		b.WriteString("invalid configuration")
	case KindHostNotAllowed:
		b.WriteString("endpoint host not allowed over http (want loopback, 169.254.170.2, 169.254.170.23 or fd00:ec2::23, or https)")
	case KindToken:
		b.WriteString("invalid authorization token")
	case KindRequest:
		b.WriteString("request failed")
	case KindService:
		b.WriteString("endpoint returned an error")
	case KindInvalidResponse:
		b.WriteString("invalid credentials document")
	case KindCanceled:
		b.WriteString("request canceled")
	default:
		b.WriteString("failed")
	}
	if e.Host != "" {
		fmt.Fprintf(&b, " (host %s", e.Host)
		if e.StatusCode != 0 {
			fmt.Fprintf(&b, ", status %d", e.StatusCode)
		}
		b.WriteString(")")
	} else if e.StatusCode != 0 {
		fmt.Fprintf(&b, " (status %d)", e.StatusCode)
	}
	if e.Code != "" {
		fmt.Fprintf(&b, ": %s", e.Code)
		if e.Message != "" {
			fmt.Fprintf(&b, ": %s", e.Message)
		}
	}
	if e.Err != nil {
		b.WriteString(": ")
		b.WriteString(e.Err.Error())
	}
	return b.String()
}

// Unwrap returns the underlying error.
func (e *Error) Unwrap() error { return e.Err }
