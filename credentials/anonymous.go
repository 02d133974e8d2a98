package credentials

import (
	"context"
	"strings"
)

// AnonymousProvider makes a client send its requests unsigned, for
// public resources (a public S3 bucket, for example). It is the only way
// to do so: a client with no credentials provider at all fails every call
// that needs a signature with a [*NoCredentialsError] before sending
// anything. Presigning needs real credentials and fails with it too.
//
// Its Retrieve returns empty credentials whose Source is
// "AnonymousProvider"; clients recognise the provider itself, so wrapping
// it (in a [Cache], say) makes the client ask for keys again.
type AnonymousProvider struct{}

// Retrieve returns empty credentials.
func (AnonymousProvider) Retrieve(context.Context) (Credentials, error) {
	return Credentials{Source: "AnonymousProvider"}, nil
}

// IsAnonymous reports whether p is an [AnonymousProvider] (or a pointer
// to one).
func IsAnonymous(p Provider) bool {
	switch p.(type) {
	case AnonymousProvider, *AnonymousProvider:
		return true
	}
	return false
}

// SourceResult says why one source of a credential chain gave nothing.
type SourceResult struct {
	// Source names the source, e.g. "environment" or
	// `shared config profile "default"`.
	Source string
	// Reason says why it gave nothing, e.g. "AWS_ACCESS_KEY_ID is not
	// set".
	Reason string
	// Err is the error the source returned, if it failed rather than
	// having nothing to offer (an unreachable metadata endpoint, say).
	Err error
}

// NoCredentialsError reports that no credentials could be found: every
// source of the chain was tried and none gave credentials. Clients return
// it (inside the operation error) before sending anything, so a request
// is never sent unsigned by accident. It is not retried.
type NoCredentialsError struct {
	// Sources lists each source tried, in the order tried.
	Sources []SourceResult
}

// Error returns the error message, naming each source and its reason.
func (e *NoCredentialsError) Error() string {
	var b strings.Builder
	b.WriteString("no credentials found")
	for i, s := range e.Sources {
		if i == 0 {
			b.WriteString(": ")
		} else {
			b.WriteString("; ")
		}
		b.WriteString(s.Source)
		b.WriteString(": ")
		b.WriteString(s.Reason)
		if s.Err != nil {
			if s.Reason != "" {
				b.WriteString(": ")
			}
			b.WriteString(s.Err.Error())
		}
	}
	b.WriteString(" (for unsigned requests, use credentials.AnonymousProvider)")
	return b.String()
}

// Unwrap returns the errors of the sources that failed.
func (e *NoCredentialsError) Unwrap() []error {
	var errs []error
	for _, s := range e.Sources {
		if s.Err != nil {
			errs = append(errs, s.Err)
		}
	}
	return errs
}

// RetryableError reports false: trying again finds the same sources
// empty, and a failing source (the metadata endpoint) has retried already.
func (e *NoCredentialsError) RetryableError() bool { return false }
