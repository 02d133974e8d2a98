package config

import (
	"fmt"
	"strings"

	"github.com/nimbus-sdk/nimbus/internal/client"
)

// ErrMissingRegion is returned by service clients, not by [Load], when an
// operation needs a region and [Config.Region] is empty. Load leaves the
// region empty without failing because some callers only need
// credentials, or set the region per client. Test for it with errors.Is.
var ErrMissingRegion = client.ErrMissingRegion

// A ProfileNotFoundError reports that a profile requested explicitly
// (through [LoadOptions.Profile], AWS_PROFILE or AWS_DEFAULT_PROFILE) is
// in none of the shared files. A missing "default" profile that nobody
// asked for is not an error.
type ProfileNotFoundError struct {
	// Profile is the requested profile name.
	Profile string
	// Files lists the shared config and credentials files that were
	// searched, including ones that do not exist.
	Files []string
}

// Error returns the error message.
func (e *ProfileNotFoundError) Error() string {
	return fmt.Sprintf("config: profile %q not found in %s", e.Profile, strings.Join(e.Files, ", "))
}

// A ParseError reports a syntax error in a shared config or credentials
// file. It never includes the text of the line, which may hold a secret.
type ParseError struct {
	File   string // path of the file
	Line   int    // 1-based line number
	Reason string // what is wrong
}

// Error returns the error message.
func (e *ParseError) Error() string {
	return fmt.Sprintf("config: %s:%d: %s", e.File, e.Line, e.Reason)
}

// A ValidationError reports a setting whose value is not allowed.
// Secrets are never validated, so Value never holds one; for settings
// that could embed a secret (endpoint URLs) Value is left empty.
type ValidationError struct {
	// Source says where the value came from: "env AWS_MAX_ATTEMPTS",
	// "LoadOptions.RetryMode" or "profile dev in /home/u/.aws/config".
	Source string
	// Key is the shared-config name of the setting, e.g. "max_attempts".
	Key string
	// Value is the rejected value, or "" when it is not safe to show.
	Value string
	// Reason describes the accepted values.
	Reason string
	// Err is the underlying error, if any (for example from reading a
	// CA bundle).
	Err error
}

// Error returns the error message.
func (e *ValidationError) Error() string {
	s := "config: invalid " + e.Key
	if e.Value != "" {
		s += fmt.Sprintf(" %q", e.Value)
	}
	s += " from " + e.Source + ": " + e.Reason
	if e.Err != nil {
		s += ": " + e.Err.Error()
	}
	return s
}

// Unwrap returns e.Err.
func (e *ValidationError) Unwrap() error { return e.Err }

// A PartialCredentialsError reports an access key ID without its secret
// access key, or the reverse. It names the missing setting, never a value.
type PartialCredentialsError struct {
	// Source is "env" or "profile <name> in <file>".
	Source string
	// Missing is the name of the setting that is not set, such as
	// "AWS_SECRET_ACCESS_KEY" or "aws_access_key_id".
	Missing string
}

// Error returns the error message.
func (e *PartialCredentialsError) Error() string {
	return fmt.Sprintf("config: partial credentials in %s: %s is missing", e.Source, e.Missing)
}
