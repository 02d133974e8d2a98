package process

import (
	"fmt"
	"strings"
	"time"
)

// Kind classifies a [ProcessError].
type Kind int

const (
	// KindStart: the command could not be started (empty command, no
	// shell).
	KindStart Kind = iota + 1
	// KindExit: the command exited with a non-zero status.
	KindExit
	// KindTimeout: the command ran longer than [Options.Timeout] and was
	// killed.
	KindTimeout
	// KindCanceled: the context passed to Retrieve was done first.
	KindCanceled
	// KindOutput: the output was too large, not JSON, or missing or
	// malformed fields.
	KindOutput
)

// String returns the name of the value.
func (k Kind) String() string {
	switch k {
	case KindStart:
		return "start"
	case KindExit:
		return "exit"
	case KindTimeout:
		return "timeout"
	case KindCanceled:
		return "canceled"
	case KindOutput:
		return "output"
	}
	return fmt.Sprintf("Kind(%d)", int(k))
}

// ProcessError is the error returned by [Provider.Retrieve].
//
// It never contains the command's standard output, which holds the
// secrets, nor the command line, which may hold other secrets. It does
// contain the start of the command's standard error: a credential
// process should not print secrets there.
type ProcessError struct {
	// Kind says what went wrong.
	Kind Kind
	// ExitCode is the command's exit status, for KindExit.
	ExitCode int
	// TimeLimit is the limit that was exceeded, for KindTimeout.
	TimeLimit time.Duration
	// Stderr is the start (up to 4 KiB) of the command's standard error.
	Stderr string
	// Err is the underlying error; for KindCanceled it is the context's
	// error, so errors.Is(err, context.Canceled) works.
	Err error
}

// Error returns the error message.
func (e *ProcessError) Error() string {
	var b strings.Builder
	b.WriteString("credentials/process: ")
	switch e.Kind {
	case KindStart:
		b.WriteString("cannot run command")
	case KindExit:
		fmt.Fprintf(&b, "command exited with status %d", e.ExitCode)
	case KindTimeout:
		fmt.Fprintf(&b, "command timed out after %v", e.TimeLimit)
	case KindCanceled:
		b.WriteString("command canceled")
	case KindOutput:
		b.WriteString("invalid command output")
	default:
		b.WriteString("command failed")
	}
	if e.Err != nil && e.Kind != KindExit {
		b.WriteString(": ")
		b.WriteString(e.Err.Error())
	}
	if s := strings.TrimSpace(e.Stderr); s != "" {
		const max = 512
		if len(s) > max {
			s = s[:max] + "..."
		}
		fmt.Fprintf(&b, " (stderr: %q)", s)
	}
	return b.String()
}

// Unwrap returns e.Err.
func (e *ProcessError) Unwrap() error { return e.Err }

// Timeout reports whether the command was killed for running longer than
// [Options.Timeout].
func (e *ProcessError) Timeout() bool { return e.Kind == KindTimeout }
