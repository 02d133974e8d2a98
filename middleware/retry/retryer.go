package retry

import (
	"context"
	"time"
)

// Retryer decides whether and when a failed attempt is retried, and meters
// attempts and retries through token buckets. One Retryer serves one
// service client: its buckets describe that client's recent history.
//
// Contract:
//   - All methods are safe for concurrent use; calls of one operation are
//     sequential, calls of different operations interleave.
//   - IsErrorRetryable reports whether err, returned by one attempt, is
//     worth another attempt. It must not block.
//   - MaxAttempts is the maximum number of attempts per operation,
//     including the first; values below 1 mean 1.
//   - RetryDelay returns how long to wait before the attempt that follows
//     failed attempt number attempt (1 for the first attempt). A non-nil
//     error stops retrying. For a long-polling operation it also gives the
//     wait before an error is returned because GetRetryToken refused a
//     retry.
//   - GetAttemptToken is called before every attempt, including the
//     first, with a context that [Middleware] marks for retries (which
//     [Standard] reads to pay back only first attempts). It may block
//     (adaptive mode waits for a send token), must return promptly with
//     ctx's error when ctx is done, and returns a release function that
//     the caller calls exactly once, with the attempt's error (nil on
//     success).
//   - GetRetryToken is called after a retryable failure, before the
//     delay, with that failure. A non-nil error (such as
//     [*QuotaExceededError]) means no retry may be made. Otherwise the
//     caller calls release exactly once, with the error of the retry
//     attempt the token paid for (nil on success).
//   - Release functions return an error only for bookkeeping failures;
//     [Middleware] ignores them, since they do not change the outcome of
//     the attempt.
type Retryer interface {
	IsErrorRetryable(err error) bool
	MaxAttempts() int
	RetryDelay(attempt int, err error) (time.Duration, error)
	GetRetryToken(ctx context.Context, opErr error) (release func(error) error, err error)
	GetAttemptToken(ctx context.Context) (release func(error) error, err error)
}

// Mode names a retry mode, as the retry_mode setting and AWS_RETRY_MODE
// do. Clients build their Retryer from it when they are given none.
type Mode string

// Retry modes.
const (
	// ModeStandard is the AWS standard retry mode ([NewStandard]), the
	// default.
	ModeStandard Mode = "standard"
	// ModeAdaptive adds client-side rate limiting on throttling to the
	// standard mode ([NewAdaptive]).
	ModeAdaptive Mode = "adaptive"
)
