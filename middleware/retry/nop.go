package retry

import (
	"context"
	"errors"
	"time"
)

// NopRetryer is a [Retryer] that never retries: every operation makes one
// attempt, as with aws-sdk-go-v2's aws.NopRetryer. Set it as a client's
// Retryer (or return it from config.Config.Retryer) to turn retries off;
// RetryMaxAttempts of 1 does the same through the client's own retryer.
// Its zero value is ready to use and safe for concurrent use.
type NopRetryer struct{}

// IsErrorRetryable reports false for every error.
func (NopRetryer) IsErrorRetryable(error) bool { return false }

// MaxAttempts returns 1.
func (NopRetryer) MaxAttempts() int { return 1 }

// RetryDelay returns an error: there is no retry to wait for.
func (NopRetryer) RetryDelay(int, error) (time.Duration, error) {
	return 0, errors.New("retry: NopRetryer does not retry")
}

// GetRetryToken returns a release function that does nothing.
func (NopRetryer) GetRetryToken(context.Context, error) (func(error) error, error) {
	return nopRelease, nil
}

// GetAttemptToken returns a release function that does nothing.
func (NopRetryer) GetAttemptToken(context.Context) (func(error) error, error) {
	return nopRelease, nil
}
