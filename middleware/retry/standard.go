package retry

import (
	"context"
	"errors"
	"math/rand/v2"
	"slices"
	"sync"
	"time"

	"github.com/nimbus-sdk/nimbus/config/aws"
)

// Defaults of [StandardOptions]. They are the numbers of AWS retry
// behaviour 2.1, the standard-mode defaults the AWS SDKs (aws-sdk-go-v2
// among them) adopted in November 2026.
const (
	// DefaultMaxAttempts is the number of attempts per operation,
	// including the first. Some services default to more (DynamoDB: 4).
	DefaultMaxAttempts = 3
	// DefaultBaseDelay is the base of the backoff after a transient
	// (non-throttling) error. Some services use less (DynamoDB: 25 ms).
	DefaultBaseDelay = 50 * time.Millisecond
	// DefaultThrottleBaseDelay is the base of the backoff after a
	// throttling error.
	DefaultThrottleBaseDelay = 1 * time.Second
	// DefaultMaxBackoff caps the backoff before jitter.
	DefaultMaxBackoff = 20 * time.Second
	// DefaultRetryQuota is the capacity of the retry token bucket.
	DefaultRetryQuota = 500
	// DefaultRetryCost is what a retry after a transient error takes
	// from the bucket.
	DefaultRetryCost = 14
	// DefaultThrottleRetryCost is what a retry after a throttling error
	// takes from the bucket.
	DefaultThrottleRetryCost = 5
	// DefaultNoRetryIncrement is what a successful first attempt returns
	// to the bucket.
	DefaultNoRetryIncrement = 1
	// MaxRetryAfterExtra is how far beyond the computed backoff an
	// x-amz-retry-after response header may stretch the delay.
	MaxRetryAfterExtra = 5 * time.Second
)

// The standard mode's numbers before retry behaviour 2.1, selected by
// [StandardOptions].Pre2026Defaults.
const (
	pre2026BaseDelay   = 1 * time.Second // for every retryable error
	pre2026RetryCost   = 5               // throttling errors included
	pre2026TimeoutCost = 10
)

// StandardOptions configures [NewStandard]. Zero values select the
// defaults of the AWS standard retry mode (retry behaviour 2.1, or the
// older numbers when Pre2026Defaults is set). A field set explicitly
// applies under either.
type StandardOptions struct {
	// MaxAttempts is the maximum number of attempts per operation,
	// including the first. Zero means [DefaultMaxAttempts] (3); 1 disables
	// retries.
	MaxAttempts int

	// BaseDelay scales the exponential backoff after a transient
	// (non-throttling) error. The delay before retry n (n = 1 before the
	// second attempt) is Rand() * min(BaseDelay*2^(n-1), MaxBackoff): a
	// uniform draw below that ceiling ("full jitter"). Zero means
	// [DefaultBaseDelay] (50 ms), or 1 s under Pre2026Defaults.
	BaseDelay time.Duration

	// ThrottleBaseDelay is BaseDelay for throttling errors (as
	// [IsThrottleError] classifies them). Zero means
	// [DefaultThrottleBaseDelay] (1 s), or BaseDelay under
	// Pre2026Defaults.
	ThrottleBaseDelay time.Duration

	// MaxBackoff caps the backoff before jitter. Zero means
	// [DefaultMaxBackoff] (20 s).
	MaxBackoff time.Duration

	// RetryQuota is the capacity of the client's retry token bucket, which
	// starts full. Zero means [DefaultRetryQuota] (500); a negative value
	// disables the quota (retries are never refused).
	RetryQuota int

	// RetryCost is the number of tokens a retry after a transient
	// (non-throttling) error takes from the bucket. Zero means
	// [DefaultRetryCost] (14), or 5 under Pre2026Defaults.
	RetryCost int

	// ThrottleRetryCost is the number of tokens a retry after a
	// throttling error takes. Zero means [DefaultThrottleRetryCost] (5),
	// or RetryCost under Pre2026Defaults.
	ThrottleRetryCost int

	// RetryTimeoutCost, when positive, is the number of tokens a retry
	// after a timeout (an error with a Timeout method reporting true)
	// takes, in place of RetryCost or ThrottleRetryCost. Zero means a
	// timeout costs what any other error of its kind costs, as retry
	// behaviour 2.1 has it, or 10 under Pre2026Defaults.
	RetryTimeoutCost int

	// NoRetryIncrement is the number of tokens the first attempt of an
	// operation returns to the bucket when it succeeds. A retry that
	// succeeds returns the tokens it took instead. Zero means
	// [DefaultNoRetryIncrement] (1).
	NoRetryIncrement int

	// RetryableCodes lists extra error codes (smithy.APIError's
	// ErrorCode) to retry, in addition to those of [IsRetryableError].
	// They are transient errors for the backoff and the quota.
	RetryableCodes []string

	// Retryables are checks of your own, asked in order about an error
	// that neither [IsRetryableError] nor RetryableCodes retries: the
	// first that answers TrueTernary or FalseTernary decides, and if all
	// answer UnknownTernary the error is not retried. Errors retried by
	// default stay retried, and a canceled operation is never retried. As in aws-sdk-go-v2, where the list starts
	// with the default checks, append to it (see [IsErrorRetryableFunc]).
	Retryables []IsErrorRetryable

	// Rand returns the jitter: a number in [0, 1] by which the backoff
	// ceiling is multiplied. It must be safe for concurrent use. If nil,
	// math/rand/v2's Float64 is used. Tests set it to a fixed value or a
	// seeded source.
	Rand func() float64

	// Pre2026Defaults selects the standard mode's numbers from before
	// retry behaviour 2.1: a 1 s base delay for every retryable error,
	// retry costs of 5 tokens for every error but timeouts, which cost 10,
	// and no x-amz-retry-after. Service clients with RetryPre2026Defaults
	// set also drop the service's own defaults (DynamoDB's 4 attempts and
	// 25 ms base delay). False (the default) is retry behaviour 2.1.
	Pre2026Defaults bool
}

// Standard is the AWS "standard" retry mode: a bounded number of attempts,
// exponential backoff with full jitter whose base depends on the kind of
// error, the service's x-amz-retry-after advice, and a retry quota that
// stops retries when most recent attempts fail. Create one per service
// client with [NewStandard]; it is safe for concurrent use.
type Standard struct {
	maxAttempts       int
	baseDelay         time.Duration
	throttleBaseDelay time.Duration
	maxBackoff        time.Duration
	retryCost         int
	throttleCost      int
	timeoutCost       int // 0: timeouts cost like other errors
	noRetryIncrement  int
	honourRetryAfter  bool
	extraCodes        map[string]struct{}
	retryables        []IsErrorRetryable
	rand              func() float64
	quota             *tokenBucket // nil when the quota is disabled

	// releaseFirst is the release function of first attempts, bound
	// once so that handing it out does not allocate.
	releaseFirst func(error) error
}

// NewStandard returns a Standard retryer configured by optFns.
func NewStandard(optFns ...func(*StandardOptions)) *Standard {
	var o StandardOptions
	for _, fn := range optFns {
		fn(&o)
	}
	s := &Standard{
		maxAttempts:      positiveOr(o.MaxAttempts, DefaultMaxAttempts),
		maxBackoff:       positiveOr(o.MaxBackoff, DefaultMaxBackoff),
		noRetryIncrement: positiveOr(o.NoRetryIncrement, DefaultNoRetryIncrement),
		honourRetryAfter: !o.Pre2026Defaults,
		rand:             o.Rand,
	}
	if o.Pre2026Defaults {
		s.baseDelay = positiveOr(o.BaseDelay, pre2026BaseDelay)
		s.throttleBaseDelay = positiveOr(o.ThrottleBaseDelay, s.baseDelay)
		s.retryCost = positiveOr(o.RetryCost, pre2026RetryCost)
		s.throttleCost = positiveOr(o.ThrottleRetryCost, s.retryCost)
		s.timeoutCost = positiveOr(o.RetryTimeoutCost, pre2026TimeoutCost)
	} else {
		s.baseDelay = positiveOr(o.BaseDelay, DefaultBaseDelay)
		s.throttleBaseDelay = positiveOr(o.ThrottleBaseDelay, DefaultThrottleBaseDelay)
		s.retryCost = positiveOr(o.RetryCost, DefaultRetryCost)
		s.throttleCost = positiveOr(o.ThrottleRetryCost, DefaultThrottleRetryCost)
		s.timeoutCost = max(o.RetryTimeoutCost, 0)
	}
	if s.rand == nil {
		s.rand = rand.Float64
	}
	if o.RetryQuota >= 0 {
		s.quota = newTokenBucket(positiveOr(o.RetryQuota, DefaultRetryQuota))
	}
	if len(o.RetryableCodes) > 0 {
		s.extraCodes = make(map[string]struct{}, len(o.RetryableCodes))
		for _, c := range o.RetryableCodes {
			s.extraCodes[c] = struct{}{}
		}
	}
	s.retryables = slices.Clone(o.Retryables)
	s.releaseFirst = s.releaseFirstAttempt
	return s
}

func positiveOr[T int | time.Duration](n, def T) T {
	if n <= 0 {
		return def
	}
	return n
}

// IsErrorRetryable reports whether err is retryable under
// [IsRetryableError], carries one of StandardOptions.RetryableCodes, or
// is retryable by the first of StandardOptions.Retryables that knows.
func (s *Standard) IsErrorRetryable(err error) bool {
	if IsRetryableError(err) {
		return true
	}
	if s.extraCodes == nil && s.retryables == nil {
		return false
	}
	var canceled interface{ CanceledError() bool }
	if errors.As(err, &canceled) {
		return false
	}
	if _, ok := s.extraCodes[errorCode(err)]; ok {
		return true
	}
	for _, r := range s.retryables {
		if v := r.IsErrorRetryable(err); v != aws.UnknownTernary {
			return v == aws.TrueTernary
		}
	}
	return false
}

// IsErrorRetryable is one check of [StandardOptions].Retryables, as in
// aws-sdk-go-v2: TrueTernary retries err, FalseTernary does not, and
// UnknownTernary leaves the decision to the next check.
type IsErrorRetryable interface {
	IsErrorRetryable(err error) aws.Ternary
}

// IsErrorRetryableFunc is a function that is an [IsErrorRetryable].
type IsErrorRetryableFunc func(err error) aws.Ternary

// IsErrorRetryable returns fn(err).
func (fn IsErrorRetryableFunc) IsErrorRetryable(err error) aws.Ternary { return fn(err) }

// MaxAttempts returns the maximum number of attempts per operation.
func (s *Standard) MaxAttempts() int { return s.maxAttempts }

// RetryDelay returns the delay before the retry that follows failed
// attempt number attempt (1 for the first attempt), after error err.
//
// The backoff is Rand() * min(base*2^(attempt-1), MaxBackoff), where
// base is ThrottleBaseDelay after a throttling error and BaseDelay after
// any other. When err carries a response with an x-amz-retry-after
// header (a delay in milliseconds, see [RetryAfter]), the service's
// delay is used instead, without jitter, moved into [backoff, backoff +
// MaxRetryAfterExtra]. Pre2026Defaults ignores the header.
func (s *Standard) RetryDelay(attempt int, err error) (time.Duration, error) {
	if attempt < 1 {
		return 0, errors.New("retry: RetryDelay attempt must be at least 1")
	}
	base := s.baseDelay
	if isThrottle(err) {
		base = s.throttleBaseDelay
	}
	// Double until the cap: no overflow, whatever the attempt number.
	ceiling := base
	for i := 1; i < attempt && ceiling < s.maxBackoff; i++ {
		ceiling *= 2
	}
	ceiling = min(ceiling, s.maxBackoff)
	backoff := time.Duration(s.rand() * float64(ceiling))
	if !s.honourRetryAfter {
		return backoff, nil
	}
	if advice, ok := RetryAfter(err); ok {
		return min(max(advice, backoff), backoff+MaxRetryAfterExtra), nil
	}
	return backoff, nil
}

// GetAttemptToken never blocks. When the first attempt of an operation
// succeeds, its release function returns NoRetryIncrement tokens to the
// retry quota. Retries, which [Middleware] marks in their context, return
// tokens through the release function of their retry token instead.
func (s *Standard) GetAttemptToken(ctx context.Context) (func(error) error, error) {
	if isRetryAttempt(ctx) {
		return nopRelease, nil
	}
	return s.releaseFirst, nil
}

func (s *Standard) releaseFirstAttempt(err error) error {
	if err == nil && s.quota != nil {
		s.quota.add(s.noRetryIncrement)
	}
	return nil
}

// GetRetryToken takes the cost of a retry after opErr from the retry
// quota: RetryTimeoutCost after a timeout when that is set,
// ThrottleRetryCost after a throttling error, RetryCost otherwise. When
// the bucket holds fewer tokens it returns a [*QuotaExceededError]
// wrapping opErr. The release function returns the tokens when the retry
// succeeds.
func (s *Standard) GetRetryToken(_ context.Context, opErr error) (func(error) error, error) {
	if s.quota == nil {
		return nopRelease, nil
	}
	cost := s.costOf(opErr)
	if available, ok := s.quota.take(cost); !ok {
		return nil, &QuotaExceededError{Cost: cost, Available: available, Err: opErr}
	}
	return func(err error) error {
		if err == nil {
			s.quota.add(cost)
		}
		return nil
	}, nil
}

// costOf returns the number of tokens a retry after err takes.
func (s *Standard) costOf(err error) int {
	switch {
	case s.timeoutCost > 0 && isTimeout(err):
		return s.timeoutCost
	case isThrottle(err):
		return s.throttleCost
	}
	return s.retryCost
}

func nopRelease(error) error { return nil }

// retryAttemptKey marks the context of an attempt that is a retry.
type retryAttemptKey struct{}

// withRetryAttempt returns ctx marked as the context of a retry.
func withRetryAttempt(ctx context.Context) context.Context {
	return context.WithValue(ctx, retryAttemptKey{}, true)
}

// isRetryAttempt reports whether ctx is the context of a retry.
func isRetryAttempt(ctx context.Context) bool {
	return ctx.Value(retryAttemptKey{}) != nil
}

// tokenBucket is the retry quota: a counter between 0 and capacity.
type tokenBucket struct {
	mu       sync.Mutex
	tokens   int
	capacity int
}

func newTokenBucket(capacity int) *tokenBucket {
	return &tokenBucket{tokens: capacity, capacity: capacity}
}

// take removes n tokens if the bucket holds at least n, and reports the
// tokens left.
func (b *tokenBucket) take(n int) (available int, ok bool) {
	b.mu.Lock()
	defer b.mu.Unlock()
	if b.tokens < n {
		return b.tokens, false
	}
	b.tokens -= n
	return b.tokens, true
}

// add returns n tokens, up to the capacity.
func (b *tokenBucket) add(n int) {
	b.mu.Lock()
	b.tokens = min(b.tokens+n, b.capacity)
	b.mu.Unlock()
}

func (b *tokenBucket) available() int {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.tokens
}
