package retry

import (
	"errors"
	"time"
)

// AddWithMaxAttempts returns a Retryer that behaves like r but allows at
// most maxAttempts attempts per operation, as aws-sdk-go-v2's function of
// the same name does. It shares r's state (its retry quota and, in
// adaptive mode, its send rate), so a call that asks for more or fewer
// attempts still draws on the client's budget. Clients use it when a
// call's options change RetryMaxAttempts and keep the client's Retryer.
// A maxAttempts of zero or less returns r.
func AddWithMaxAttempts(r Retryer, maxAttempts int) Retryer {
	if maxAttempts <= 0 {
		return r
	}
	return &withMaxAttempts{Retryer: r, max: maxAttempts}
}

type withMaxAttempts struct {
	Retryer
	max int
}

func (w *withMaxAttempts) MaxAttempts() int { return w.max }

// AddWithErrorCodes returns a Retryer that behaves like r but also
// retries errors whose API error code (smithy.APIError's ErrorCode) is
// one of codes, as aws-sdk-go-v2's function of the same name does. A
// canceled operation is never retried. It shares r's state, as
// [AddWithMaxAttempts] does; the backoff and quota treat the added codes
// as r treats any error of their kind. With no codes it returns r.
// [StandardOptions.RetryableCodes] does the same for a Retryer built by
// [NewStandard].
func AddWithErrorCodes(r Retryer, codes ...string) Retryer {
	if len(codes) == 0 {
		return r
	}
	set := make(map[string]struct{}, len(codes))
	for _, c := range codes {
		set[c] = struct{}{}
	}
	return &withErrorCodes{Retryer: r, codes: set}
}

type withErrorCodes struct {
	Retryer
	codes map[string]struct{}
}

func (w *withErrorCodes) IsErrorRetryable(err error) bool {
	if _, ok := w.codes[errorCode(err)]; ok {
		var canceled interface{ CanceledError() bool }
		if !errors.As(err, &canceled) {
			return true
		}
	}
	return w.Retryer.IsErrorRetryable(err)
}

// AddWithMaxBackoffDelay returns a Retryer that behaves like r but waits
// at most delay before any retry, as aws-sdk-go-v2's function of the same
// name bounds its backoff. r's delay (its jittered backoff, or the
// service's x-amz-retry-after advice) is used when it is shorter. It
// shares r's state, as [AddWithMaxAttempts] does. A delay of zero or less
// returns r. [StandardOptions.MaxBackoff] caps the backoff of a Retryer
// built by [NewStandard] before its jitter.
func AddWithMaxBackoffDelay(r Retryer, delay time.Duration) Retryer {
	if delay <= 0 {
		return r
	}
	return &withMaxBackoffDelay{Retryer: r, max: delay}
}

type withMaxBackoffDelay struct {
	Retryer
	max time.Duration
}

func (w *withMaxBackoffDelay) RetryDelay(attempt int, err error) (time.Duration, error) {
	d, err := w.Retryer.RetryDelay(attempt, err)
	return min(d, w.max), err
}
