package process

import (
	"bytes"
	"context"
	"errors"
	"io"
	"os/exec"
	"time"

	"github.com/nimbus-sdk/nimbus/credentials"
)

// Source is the [credentials.Credentials.Source] of credentials returned by
// a [Provider].
const Source = "ProcessProvider"

const (
	// DefaultTimeout is how long a command may run when
	// [Options.Timeout] is zero.
	DefaultTimeout = time.Minute

	// DefaultMaxBufferSize is the most output read from a command when
	// [Options.MaxBufferSize] is zero.
	DefaultMaxBufferSize = 64 << 10

	// maxStderr is how much of the command's standard error is kept for
	// a [ProcessError].
	maxStderr = 4 << 10

	// waitDelay is how long Retrieve waits, after the command is killed
	// or exits, for processes it started to close their output.
	waitDelay = time.Second
)

// Options configures a [Provider]. The zero value is ready to use.
type Options struct {
	// Timeout is how long the command may run before it is killed and
	// Retrieve fails with a [ProcessError] of kind [KindTimeout].
	// If zero, [DefaultTimeout] is used. If negative, only the context
	// passed to Retrieve limits the command.
	Timeout time.Duration

	// Stderr, if not nil, receives a copy of everything the command
	// writes to its standard error, for instance os.Stderr so that
	// prompts reach the user as they do with the AWS CLI. If nil, the
	// standard error is only captured (up to 4 KiB) for error messages.
	Stderr io.Writer

	// MaxBufferSize is the most bytes of standard output read from the
	// command. Longer output fails with a [ProcessError] of kind
	// [KindOutput]. If zero or negative, [DefaultMaxBufferSize] is used.
	MaxBufferSize int
}

// Provider retrieves credentials by running a command, as the
// credential_process setting of a shared config profile does.
//
// A Provider runs the command every time Retrieve is called; wrap it in a
// [credentials.Cache]. It is safe for concurrent use.
type Provider struct {
	command string
	opts    Options
}

// NewProvider returns a Provider that runs command through the system
// shell: "sh -c command" on Unix, "cmd.exe /C command" on Windows.
func NewProvider(command string, optFns ...func(*Options)) *Provider {
	var o Options
	for _, fn := range optFns {
		fn(&o)
	}
	if o.Timeout == 0 {
		o.Timeout = DefaultTimeout
	}
	if o.MaxBufferSize <= 0 {
		o.MaxBufferSize = DefaultMaxBufferSize
	}
	return &Provider{command: command, opts: o}
}

// Retrieve runs the command and returns the credentials it prints.
//
// Every failure is a *[ProcessError]. If ctx is done before the command
// finishes, the command is killed and the error has kind [KindCanceled]
// and wraps ctx.Err().
func (p *Provider) Retrieve(ctx context.Context) (credentials.Credentials, error) {
	if p.command == "" {
		return credentials.Credentials{}, &ProcessError{Kind: KindStart, Err: errors.New("command is empty")}
	}
	if err := ctx.Err(); err != nil {
		return credentials.Credentials{}, &ProcessError{Kind: KindCanceled, Err: err}
	}
	out, err := p.run(ctx)
	if err != nil {
		return credentials.Credentials{}, err
	}
	return parseOutput(out)
}

// run runs the command and returns its standard output.
func (p *Provider) run(ctx context.Context) ([]byte, error) {
	runCtx := ctx
	if p.opts.Timeout > 0 {
		var cancel context.CancelFunc
		runCtx, cancel = context.WithTimeout(ctx, p.opts.Timeout)
		defer cancel()
	}

	stdout := &cappedBuffer{max: p.opts.MaxBufferSize}
	stderr := &cappedBuffer{max: maxStderr}
	cmd := shellCommand(runCtx, p.command)
	cmd.Stdout = stdout
	cmd.Stderr = stderr
	if p.opts.Stderr != nil {
		cmd.Stderr = io.MultiWriter(stderr, p.opts.Stderr)
	}
	// The shell may leave children holding the pipes after it is killed;
	// don't wait for them for long.
	cmd.WaitDelay = waitDelay

	if err := cmd.Run(); err != nil && !errors.Is(err, exec.ErrWaitDelay) {
		// ErrWaitDelay alone means the command succeeded but something it
		// started kept the output open; what was read is all there is.
		// Otherwise look at the contexts first: a killed command also
		// reports an exit status.
		var exitErr *exec.ExitError
		switch {
		case ctx.Err() != nil:
			return nil, &ProcessError{Kind: KindCanceled, Stderr: stderr.String(), Err: ctx.Err()}
		case runCtx.Err() != nil:
			return nil, &ProcessError{Kind: KindTimeout, TimeLimit: p.opts.Timeout, Stderr: stderr.String(), Err: runCtx.Err()}
		case errors.As(err, &exitErr):
			return nil, &ProcessError{Kind: KindExit, ExitCode: exitErr.ExitCode(), Stderr: stderr.String(), Err: err}
		default:
			return nil, &ProcessError{Kind: KindStart, Stderr: stderr.String(), Err: err}
		}
	}
	if stdout.overflow {
		return nil, &ProcessError{Kind: KindOutput, Stderr: stderr.String(),
			Err: errors.New("output is larger than MaxBufferSize")}
	}
	return stdout.Bytes(), nil
}

// cappedBuffer keeps the first max bytes written to it and drops the rest,
// recording that it did. It never fails a write, so the command is not
// blocked on a full pipe. (It deliberately does not embed bytes.Buffer,
// whose ReadFrom would let io.Copy bypass the cap.)
type cappedBuffer struct {
	buf      bytes.Buffer
	max      int
	overflow bool
}

func (b *cappedBuffer) Write(p []byte) (int, error) {
	n := len(p)
	if room := b.max - b.buf.Len(); len(p) > room {
		p = p[:max(room, 0)]
		b.overflow = true
	}
	b.buf.Write(p)
	return n, nil
}

func (b *cappedBuffer) Bytes() []byte  { return b.buf.Bytes() }
func (b *cappedBuffer) String() string { return b.buf.String() }
