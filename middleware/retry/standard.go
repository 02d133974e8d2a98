package retry

import (
	"context"
	"errors"
	"math/rand/v2"
	"sync"
	"time"
)

// Defaults of [StandardOptions].
const (
	DefaultMaxAttempts      = 3
	DefaultBaseDelay        = 1 * time.Second
	DefaultMaxBackoff       = 20 * time.Second
	DefaultRetryQuota       = 500
	DefaultRetryCost        = 5
	DefaultRetryTimeoutCost = 10
	DefaultNoRetryIncrement = 1
)

// StandardOptions configures [NewStandard]. Zero values select the
// defaults of the AWS "standard" retry mode.
type StandardOptions struct {
	// MaxAttempts is the maximum number of attempts per operation,
	// including the first. Zero means [DefaultMaxAttempts] (3); 1 disables
	// retries.
	MaxAttempts int

	// BaseDelay scales the exponential backoff: the delay after failed
	// attempt n is drawn uniformly from [0, min(BaseDelay*2^(n-1),
	// MaxBackoff)) ("full jitter"). Zero means [DefaultBaseDelay].
	BaseDelay time.Duration

	// MaxBackoff caps the backoff. Zero means [DefaultMaxBackoff] (20 s).
	MaxBackoff time.Duration

	// RetryQuota is the capacity of the client's retry token bucket, which
	// starts full. Zero means [DefaultRetryQuota] (500); a negative value
	// disables the quota (retries are never refused).
	RetryQuota int

	// RetryCost is the number of tokens one retry takes from the bucket.
	// Zero means [DefaultRetryCost] (5).
	RetryCost int

	// RetryTimeoutCost is the number of tokens a retry after a timeout
	// takes. Zero means [DefaultRetryTimeoutCost] (10).
	RetryTimeoutCost int

	// NoRetryIncrement is the number of tokens a successful attempt
	// returns to the bucket. A successful retry also returns the tokens it
	// took. Zero means [DefaultNoRetryIncrement] (1).
	NoRetryIncrement int

	// RetryableCodes lists extra error codes (smithy.APIError's
	// ErrorCode) to retry, in addition to those of [IsRetryableError].
	RetryableCodes []string

	// Rand returns a uniformly distributed number in [0, 1) for the
	// backoff jitter. It must be safe for concurrent use. If nil,
	// math/rand/v2's Float64 is used. Tests set it to a seeded source.
	Rand func() float64
}

// Standard is the AWS "standard" retry mode: a bounded number of attempts,
// exponential backoff with full jitter, and a retry quota that stops
// retries when most recent attempts fail. Create one per service client
// with [NewStandard]; it is safe for concurrent use.
type Standard struct {
	maxAttempts      int
	baseDelay        time.Duration
	maxBackoff       time.Duration
	retryCost        int
	retryTimeoutCost int
	noRetryIncrement int
	extraCodes       map[string]struct{}
	rand             func() float64
	quota            *tokenBucket // nil when the quota is disabled
}

// NewStandard returns a Standard retryer configured by optFns.
func NewStandard(optFns ...func(*StandardOptions)) *Standard {
	var o StandardOptions
	for _, fn := range optFns {
		fn(&o)
	}
	s := &Standard{
		maxAttempts:      positiveOr(o.MaxAttempts, DefaultMaxAttempts),
		baseDelay:        o.BaseDelay,
		maxBackoff:       o.MaxBackoff,
		retryCost:        positiveOr(o.RetryCost, DefaultRetryCost),
		retryTimeoutCost: positiveOr(o.RetryTimeoutCost, DefaultRetryTimeoutCost),
		noRetryIncrement: positiveOr(o.NoRetryIncrement, DefaultNoRetryIncrement),
		rand:             o.Rand,
	}
	if s.baseDelay <= 0 {
		s.baseDelay = DefaultBaseDelay
	}
	if s.maxBackoff <= 0 {
		s.maxBackoff = DefaultMaxBackoff
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
	return s
}

func positiveOr(n, def int) int {
	if n <= 0 {
		return def
	}
	return n
}

// IsErrorRetryable reports whether err is retryable under
// [IsRetryableError] or carries one of StandardOptions.RetryableCodes.
func (s *Standard) IsErrorRetryable(err error) bool {
	if IsRetryableError(err) {
		return true
	}
	if s.extraCodes != nil {
		if _, ok := s.extraCodes[errorCode(err)]; ok {
			var canceled interface{ CanceledError() bool }
			return !errors.As(err, &canceled)
		}
	}
	return false
}

// MaxAttempts returns the maximum number of attempts per operation.
func (s *Standard) MaxAttempts() int { return s.maxAttempts }

// RetryDelay returns the full-jitter backoff after failed attempt number
// attempt: a uniform draw from [0, min(BaseDelay*2^(attempt-1),
// MaxBackoff)).
func (s *Standard) RetryDelay(attempt int, _ error) (time.Duration, error) {
	if attempt < 1 {
		return 0, errors.New("retry: RetryDelay attempt must be at least 1")
	}
	ceiling := s.maxBackoff
	// Doubling past 2^30 would overflow; by then the cap applies anyway.
	if attempt <= 31 {
		if d := s.baseDelay << (attempt - 1); d > 0 && d < ceiling {
			ceiling = d
		}
	}
	return time.Duration(s.rand() * float64(ceiling)), nil
}

// GetAttemptToken never blocks. Its release function returns
// NoRetryIncrement tokens to the retry quota when the attempt succeeded.
func (s *Standard) GetAttemptToken(context.Context) (func(error) error, error) {
	return s.releaseAttempt, nil
}

func (s *Standard) releaseAttempt(err error) error {
	if err == nil && s.quota != nil {
		s.quota.add(s.noRetryIncrement)
	}
	return nil
}

// GetRetryToken takes RetryCost tokens (RetryTimeoutCost for a timeout)
// from the retry quota, or returns a [*QuotaExceededError] wrapping opErr
// when the bucket holds fewer. The release function returns the tokens
// when the retry succeeds.
func (s *Standard) GetRetryToken(_ context.Context, opErr error) (func(error) error, error) {
	if s.quota == nil {
		return nopRelease, nil
	}
	cost := s.retryCost
	if isTimeout(opErr) {
		cost = s.retryTimeoutCost
	}
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

func nopRelease(error) error { return nil }

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
