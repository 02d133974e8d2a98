package retry

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/http/httptrace"
	"strconv"
	"sync/atomic"
	"time"

	smithy "github.com/aws/smithy-go"
	"github.com/aws/smithy-go/middleware"
	smithyhttp "github.com/aws/smithy-go/transport/http"

	"github.com/nimbus-sdk/nimbus/internal/httpreq"
	nimbushttp "github.com/nimbus-sdk/nimbus/transport/http"
)

// MiddlewareID is the ID of [Middleware] in the Finalize step.
const MiddlewareID = "Retry"

// requestHeader is the canonical form of the amz-sdk-request header.
const requestHeader = "Amz-Sdk-Request"

// MiddlewareOptions configures [NewMiddleware].
type MiddlewareOptions struct {
	// AttemptTimeout bounds each attempt separately from the caller's
	// context: from the moment the attempt is handed to the next
	// middleware until it returns, which includes signing, sending, and
	// reading and decoding the response by the deserialize step. An
	// attempt that exceeds it fails with a retryable
	// [*AttemptTimeoutError]. For an operation that returns a streaming
	// body, reading that body after the operation returned is not bounded;
	// closing it (or reading it to the end) releases the attempt's
	// resources. Zero means no per-attempt limit.
	AttemptTimeout time.Duration

	// Sleep waits d before a retry, or until ctx is done, returning ctx's
	// error then. If nil, a timer is used. Tests inject a fake.
	Sleep func(ctx context.Context, d time.Duration) error

	// NoRetryAfterSend refuses to retry an attempt whose request was fully
	// sent when no response came back (the connection broke or timed out
	// while the response was awaited or read): the server may have run
	// it. The call fails with an [*OutcomeUnknownError] instead. Use it for
	// operations that are not safe to repeat; clients set it for those
	// operations when their DisableUnsafeRetries option is set.
	//
	// "Fully sent" is learned from net/http's client trace (WroteRequest).
	// With an HTTP client that does not report it, every failure that came
	// from the HTTP client is treated as possibly sent.
	NoRetryAfterSend bool

	// LongPolling marks a long-polling operation, one that waits on the
	// server for work to arrive (SQS ReceiveMessage). When the retry
	// quota refuses a retry of such an operation, the middleware still
	// waits the backoff delay ([Retryer].RetryDelay) before returning the
	// error, so that a caller polling in a loop does not hammer a failing
	// service. Other refusals (a non-retryable error, the last attempt)
	// return at once. Clients set it from the operation's description.
	LongPolling bool

	// OnAttempt, if set, is called after every attempt with its result,
	// for logging or metrics. It must be safe for concurrent use and must
	// not retain the context.
	OnAttempt func(ctx context.Context, result AttemptResult)
}

// Middleware is the retry loop of an operation, a smithy Finalize
// middleware with ID [MiddlewareID]. It sits after serialization and
// before identity resolution, endpoint resolution and signing, so that
// each attempt is signed afresh.
//
// For each attempt it clones the serialized request, rewinds its body,
// sets the "amz-sdk-request: attempt=N; max=M" header, obtains an attempt
// token and calls the rest of the stack. On a failure it asks the
// [Retryer] whether to retry, takes a retry token, waits the backoff
// delay (respecting the context) and tries again. A body that is not an
// [io.Seeker] and was read by a failed attempt is never re-sent: the
// operation fails with a [*NonRewindableBodyError]. The context of every
// attempt after the first is marked as a retry, which [Standard] reads in
// GetAttemptToken.
//
// The results of all attempts are recorded in the returned metadata; see
// [GetAttemptResults]. A Middleware holds no per-call state and is safe
// for concurrent use by any number of operations.
type Middleware struct {
	retryer Retryer
	opts    MiddlewareOptions
}

// NewMiddleware returns a retry middleware driven by r.
func NewMiddleware(r Retryer, o MiddlewareOptions) *Middleware {
	if o.Sleep == nil {
		o.Sleep = sleepContext
	}
	return &Middleware{retryer: r, opts: o}
}

// ID returns [MiddlewareID].
func (m *Middleware) ID() string { return MiddlewareID }

// AttemptResult describes one attempt of an operation.
type AttemptResult struct {
	// Attempt is the attempt number, starting at 1.
	Attempt int
	// Err is the attempt's error, nil if it succeeded.
	Err error
	// Retried reports whether another attempt followed.
	Retried bool
	// Delay is the backoff waited before the next attempt or, for a
	// long-polling operation whose retry the retry quota refused, before
	// the error was returned.
	Delay time.Duration
}

// AttemptResults lists the attempts of one operation call, in order.
type AttemptResults struct {
	Results []AttemptResult
}

type attemptResultsKey struct{}

// GetAttemptResults returns the attempt results that [Middleware]
// recorded in an operation's metadata.
func GetAttemptResults(metadata middleware.Metadata) (AttemptResults, bool) {
	v, ok := metadata.Get(attemptResultsKey{}).(AttemptResults)
	return v, ok
}

// HandleFinalize implements [middleware.FinalizeMiddleware].
func (m *Middleware) HandleFinalize(ctx context.Context, in middleware.FinalizeInput, next middleware.FinalizeHandler) (
	out middleware.FinalizeOutput, metadata middleware.Metadata, err error,
) {
	req, ok := in.Request.(*smithyhttp.Request)
	if !ok {
		return out, metadata, fmt.Errorf("retry: unexpected request type %T", in.Request)
	}

	// A body that cannot be rewound is wrapped to learn whether an
	// attempt consumed any of it.
	var tracker *readTracker
	if s := req.GetStream(); s != nil && !req.IsStreamSeekable() {
		tracker = &readTracker{r: s}
		if req, err = req.SetStream(tracker); err != nil {
			return out, metadata, fmt.Errorf("retry: wrap request body: %w", err)
		}
	}

	maxAttempts := max(m.retryer.MaxAttempts(), 1)
	results := make([]AttemptResult, 0, 1)
	releaseRetry := nopRelease
	for attempt := 1; ; attempt++ {
		var sent *sendTrace
		if m.opts.NoRetryAfterSend {
			sent = new(sendTrace)
		}
		out, metadata, err = m.attempt(ctx, req, attempt, maxAttempts, next, sent)
		_ = releaseRetry(err)
		releaseRetry = nopRelease

		result := AttemptResult{Attempt: attempt, Err: err}
		if err != nil && sent != nil && sent.mayHaveRun(err) && ctx.Err() == nil && m.retryer.IsErrorRetryable(err) {
			err = &OutcomeUnknownError{Attempt: attempt, Err: err}
			results = append(results, result)
			if m.opts.OnAttempt != nil {
				m.opts.OnAttempt(ctx, result)
			}
			break
		}
		var delay time.Duration
		delay, releaseRetry, err = m.nextDelay(ctx, attempt, maxAttempts, err, tracker)
		result.Retried = err == nil && result.Err != nil
		result.Delay = delay
		results = append(results, result)
		if m.opts.OnAttempt != nil {
			m.opts.OnAttempt(ctx, result)
		}
		if result.Retried || delay > 0 {
			if serr := m.opts.Sleep(ctx, delay); serr != nil {
				_ = releaseRetry(serr)
				if result.Retried {
					err = &smithy.CanceledError{Err: fmt.Errorf("%w (while waiting to retry after: %w)", serr, result.Err)}
				} else {
					err = &smithy.CanceledError{Err: fmt.Errorf("%w (while backing off before returning: %w)", serr, err)}
				}
				break
			}
		}
		if !result.Retried {
			break
		}
	}
	metadata.Set(attemptResultsKey{}, AttemptResults{Results: results})
	return out, metadata, err
}

// nextDelay decides what follows an attempt that returned attemptErr. It
// returns a nil error and the backoff when the operation is retried, and
// otherwise the error the operation fails with (nil after a success) and
// the time to wait before returning it (zero but for a long-polling
// operation refused by the retry quota).
func (m *Middleware) nextDelay(ctx context.Context, attempt, maxAttempts int, attemptErr error, tracker *readTracker) (
	time.Duration, func(error) error, error,
) {
	switch {
	case attemptErr == nil:
		return 0, nopRelease, nil
	case ctx.Err() != nil: // the caller gave up
		return 0, nopRelease, attemptErr
	case !m.retryer.IsErrorRetryable(attemptErr):
		return 0, nopRelease, attemptErr
	case attempt >= maxAttempts:
		return 0, nopRelease, &MaxAttemptsError{Attempts: attempt, Err: attemptErr}
	case tracker != nil && tracker.consumed():
		return 0, nopRelease, &NonRewindableBodyError{Err: attemptErr}
	}

	release, err := m.retryer.GetRetryToken(ctx, attemptErr)
	if err != nil {
		var quotaErr *QuotaExceededError
		if errors.As(err, &quotaErr) && errors.Is(err, attemptErr) {
			var wait time.Duration
			if m.opts.LongPolling {
				wait, _ = m.retryer.RetryDelay(attempt, attemptErr)
			}
			return max(wait, 0), nopRelease, err
		}
		return 0, nopRelease, fmt.Errorf("%w (not retried: %w)", attemptErr, err)
	}
	delay, err := m.retryer.RetryDelay(attempt, attemptErr)
	if err != nil {
		_ = release(err)
		return 0, nopRelease, fmt.Errorf("%w (not retried: %w)", attemptErr, err)
	}
	return delay, release, nil
}

// sendTrace records, through net/http's client trace, whether an
// attempt reached the HTTP transport and whether its request was fully
// written.
type sendTrace struct {
	traced, wrote atomic.Bool
}

func (s *sendTrace) trace(ctx context.Context) context.Context {
	return httptrace.WithClientTrace(ctx, &httptrace.ClientTrace{
		GetConn: func(string) { s.traced.Store(true) },
		WroteRequest: func(info httptrace.WroteRequestInfo) {
			if info.Err == nil {
				s.wrote.Store(true)
			}
		},
	})
}

// mayHaveRun reports whether the server may have run the request of an
// attempt that failed with err without a response: it was fully written,
// or it reached an HTTP client that does not report writes.
func (s *sendTrace) mayHaveRun(err error) bool {
	if statusCode(err) != 0 {
		return false // the server answered: the outcome is its answer
	}
	if s.wrote.Load() {
		return true
	}
	var ce interface{ ConnectionError() bool }
	var te interface{ Timeout() bool }
	return !s.traced.Load() && (errors.As(err, &ce) || errors.As(err, &te))
}

// attempt runs one attempt on a fresh copy of req. When sent is not nil
// and the middleware refuses retries after a send, the attempt is traced
// into it.
func (m *Middleware) attempt(ctx context.Context, req *smithyhttp.Request, attempt, maxAttempts int, next middleware.FinalizeHandler, sent *sendTrace) (
	out middleware.FinalizeOutput, metadata middleware.Metadata, err error,
) {
	if sent != nil {
		ctx = sent.trace(ctx)
	}
	r := httpreq.Clone(req)
	if attempt > 1 && r.IsStreamSeekable() {
		if err := r.RewindStream(); err != nil {
			return out, metadata, fmt.Errorf("retry: rewind request body: %w", err)
		}
	}
	r.Header[requestHeader] = []string{requestHeaderValue(attempt, maxAttempts)}
	if attempt > 1 {
		ctx = withRetryAttempt(ctx)
	}

	release, err := m.retryer.GetAttemptToken(ctx)
	if err != nil {
		if ctx.Err() != nil {
			return out, metadata, &smithy.CanceledError{Err: err}
		}
		return out, metadata, fmt.Errorf("retry: get attempt token: %w", err)
	}

	if m.opts.AttemptTimeout <= 0 {
		out, metadata, err = next.HandleFinalize(ctx, middleware.FinalizeInput{Request: r})
	} else {
		out, metadata, err = m.timedAttempt(ctx, r, next)
	}
	_ = release(err)
	return out, metadata, err
}

// errAttemptTimeout is the cancellation cause of an attempt's context when
// the attempt timeout fires.
var errAttemptTimeout = errors.New("retry: attempt timeout")

// timedAttempt runs next under a child context that is canceled after
// AttemptTimeout. On success with a response body still open, the
// context stays live until the body is closed or read to its end.
func (m *Middleware) timedAttempt(ctx context.Context, r *smithyhttp.Request, next middleware.FinalizeHandler) (
	out middleware.FinalizeOutput, metadata middleware.Metadata, err error,
) {
	actx, cancel := context.WithCancelCause(ctx)
	timer := time.AfterFunc(m.opts.AttemptTimeout, func() { cancel(errAttemptTimeout) })
	var body *cancelOnDone
	actx = nimbushttp.WithResponseBodyHook(actx, func(rc io.ReadCloser) io.ReadCloser {
		body = &cancelOnDone{ReadCloser: rc, cancel: cancel}
		return body
	})

	out, metadata, err = next.HandleFinalize(actx, middleware.FinalizeInput{Request: r})
	timer.Stop()
	if err != nil && errors.Is(context.Cause(actx), errAttemptTimeout) && ctx.Err() == nil {
		err = &AttemptTimeoutError{Limit: m.opts.AttemptTimeout, Err: err}
	}
	if err != nil || body == nil {
		cancel(nil)
	}
	return out, metadata, err
}

// cancelOnDone cancels an attempt's context once its response body is
// closed or fully read.
type cancelOnDone struct {
	io.ReadCloser
	cancel context.CancelCauseFunc
}

func (b *cancelOnDone) Read(p []byte) (int, error) {
	n, err := b.ReadCloser.Read(p)
	if err == io.EOF {
		b.cancel(nil)
	}
	return n, err
}

func (b *cancelOnDone) Close() error {
	err := b.ReadCloser.Close()
	b.cancel(nil)
	return err
}

// readTracker records whether any byte of a non-seekable body was read.
type readTracker struct {
	r    io.Reader
	read atomic.Bool
}

func (t *readTracker) Read(p []byte) (int, error) {
	n, err := t.r.Read(p)
	if n > 0 {
		t.read.Store(true)
	}
	return n, err
}

func (t *readTracker) consumed() bool { return t.read.Load() }

// requestHeaderValues holds the amz-sdk-request values of the common
// attempt counts, so that an attempt does not build the same string again:
// requestHeaderValues[max-1][attempt-1].
var requestHeaderValues = func() (t [5][]string) {
	for max := 1; max <= len(t); max++ {
		for a := 1; a <= max; a++ {
			t[max-1] = append(t[max-1], formatRequestHeader(a, max))
		}
	}
	return t
}()

// requestHeaderValue returns the amz-sdk-request header value of an
// attempt.
func requestHeaderValue(attempt, maxAttempts int) string {
	if maxAttempts >= 1 && maxAttempts <= len(requestHeaderValues) && attempt >= 1 && attempt <= maxAttempts {
		return requestHeaderValues[maxAttempts-1][attempt-1]
	}
	return formatRequestHeader(attempt, maxAttempts)
}

// formatRequestHeader formats the amz-sdk-request header value.
func formatRequestHeader(attempt, maxAttempts int) string {
	return "attempt=" + strconv.Itoa(attempt) + "; max=" + strconv.Itoa(maxAttempts)
}
