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

// AddWithMaxBackoffDelay returns a Retryer that behaves like r but never
// waits longer than delay before a retry, as aws-sdk-go-v2's function of
// the same name does: the delay r chooses (its jittered backoff, or a
// service's x-amz-retry-after advice) is capped at delay. Like
// [AddWithMaxAttempts] it shares r's state. A delay of zero or less
// returns r. To set the cap a new [Standard] applies before jitter, use
// [StandardOptions].MaxBackoff instead.
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

// AddWithErrorCodes returns a Retryer that behaves like r but also
// retries errors whose code (smithy.APIError's ErrorCode) is one of
// codes, as aws-sdk-go-v2's function of the same name does; a canceled
// operation is still not retried. Like [AddWithMaxAttempts] it shares r's
// state. With no codes it returns r. A new [Standard] takes the same list
// as [StandardOptions].RetryableCodes.
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
