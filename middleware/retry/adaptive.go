package retry

import (
	"context"
	"errors"
	"time"
)

// errNoSendToken is returned by GetAttemptToken in fail-fast mode.
var errNoSendToken = errors.New("retry: client-side rate limit reached, no send token available")

// AdaptiveOptions configures [NewAdaptive].
type AdaptiveOptions struct {
	// Standard configures the attempts, backoff and retry quota, which
	// behave exactly as in [Standard].
	Standard StandardOptions

	// FailOnNoAttemptTokens makes GetAttemptToken return an error at once,
	// instead of waiting, when the rate limiter has no send token.
	FailOnNoAttemptTokens bool

	// Now returns the current time. If nil, time.Now is used. Tests set it
	// to a fake clock.
	Now func() time.Time

	// Sleep waits for d or until ctx is done, returning ctx's error in the
	// latter case. If nil, a timer is used. Tests set it to advance a fake
	// clock.
	Sleep func(ctx context.Context, d time.Duration) error
}

// Adaptive is the AWS "adaptive" retry mode: [Standard] plus a client-side
// rate limiter. After the service first throttles the client, every
// attempt (first attempts included) needs a send token from a bucket whose
// fill rate drops on throttling errors and recovers along a CUBIC curve
// on successes, so a client sharing a throttled resource converges on the
// rate the service accepts instead of burning its retries.
//
// Create one per service client with [NewAdaptive]; it is safe for
// concurrent use.
type Adaptive struct {
	standard *Standard
	limiter  *rateLimiter
	failFast bool

	// releaseFirst and releaseRetry are the release functions of first
	// attempts and retries, bound once so that handing them out does not
	// allocate.
	releaseFirst, releaseRetry func(error) error
}

// NewAdaptive returns an Adaptive retryer configured by optFns.
func NewAdaptive(optFns ...func(*AdaptiveOptions)) *Adaptive {
	var o AdaptiveOptions
	for _, fn := range optFns {
		fn(&o)
	}
	if o.Now == nil {
		o.Now = time.Now
	}
	if o.Sleep == nil {
		o.Sleep = sleepContext
	}
	so := o.Standard
	a := &Adaptive{
		standard: NewStandard(func(s *StandardOptions) { *s = so }),
		limiter:  newRateLimiter(o.Now, o.Sleep),
		failFast: o.FailOnNoAttemptTokens,
	}
	a.releaseFirst = func(err error) error {
		a.updateLimiter(err)
		return a.standard.releaseFirstAttempt(err)
	}
	a.releaseRetry = func(err error) error {
		a.updateLimiter(err)
		return nil
	}
	return a
}

// IsErrorRetryable is [Standard.IsErrorRetryable].
func (a *Adaptive) IsErrorRetryable(err error) bool { return a.standard.IsErrorRetryable(err) }

// MaxAttempts is [Standard.MaxAttempts].
func (a *Adaptive) MaxAttempts() int { return a.standard.MaxAttempts() }

// RetryDelay is [Standard.RetryDelay].
func (a *Adaptive) RetryDelay(attempt int, err error) (time.Duration, error) {
	return a.standard.RetryDelay(attempt, err)
}

// GetRetryToken is [Standard.GetRetryToken].
func (a *Adaptive) GetRetryToken(ctx context.Context, opErr error) (func(error) error, error) {
	return a.standard.GetRetryToken(ctx, opErr)
}

// GetAttemptToken waits, respecting ctx, until the rate limiter grants a
// send token (immediately while no throttling has been seen). The release
// function feeds the attempt's outcome to the rate limiter (throttling
// errors, as [IsThrottleError] defines them, lower the rate; anything
// else raises it) and then to the retry quota as
// [Standard.GetAttemptToken] does.
func (a *Adaptive) GetAttemptToken(ctx context.Context) (func(error) error, error) {
	if err := a.limiter.acquire(ctx, a.failFast); err != nil {
		return nil, err
	}
	if isRetryAttempt(ctx) {
		return a.releaseRetry, nil
	}
	return a.releaseFirst, nil
}

func (a *Adaptive) updateLimiter(err error) {
	// A canceled attempt says nothing about the service's capacity.
	var canceled interface{ CanceledError() bool }
	if !errors.As(err, &canceled) {
		a.limiter.update(IsThrottleError(err))
	}
}

// sleepContext waits for d or until ctx is done.
func sleepContext(ctx context.Context, d time.Duration) error {
	if d <= 0 {
		return ctx.Err()
	}
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-ctx.Done():
		return context.Cause(ctx)
	case <-t.C:
		return nil
	}
}
