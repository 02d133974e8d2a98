package middleware

import (
	"github.com/nimbus-sdk/nimbus/middleware/retry"

	"context"
	"net/http"
	"sync/atomic"
	"time"

	smithymw "github.com/aws/smithy-go/middleware"
	smithyhttp "github.com/aws/smithy-go/transport/http"
)

// ClockSkewThreshold is the smallest difference between the server's
// clock and the local clock that [ClockSkew] corrects for. SigV4 rejects
// requests more than 5 minutes off; smaller differences are left alone
// because the Date header has one-second resolution and includes the
// response's latency.
const ClockSkewThreshold = 4 * time.Minute

// ClockSkew tracks how far the local clock is from the servers' clock, for
// one client, and is the Deserialize-step middleware that measures it.
//
// # Policy
//
// Every response that has a valid Date header is measured (successes and
// errors alike, including RequestTimeTooSkewed, so the retry of a
// clock-skew error is signed with the corrected time). If the server's
// time differs from the local clock by more than [ClockSkewThreshold], the
// difference becomes the offset; otherwise the offset is reset to zero, so
// the correction goes away once the local clock is fixed. The last
// response wins.
//
// The signer takes the time from [ClockSkew.Now]. The zero value is ready
// to use (offset zero). A ClockSkew is safe for concurrent use; share one
// per client, not per call.
type ClockSkew struct {
	offset atomic.Int64 // nanoseconds to add to the local clock

	now func() time.Time // local clock; nil means time.Now (tests pin it)
}

// NewClockSkew returns a ClockSkew with a zero offset.
func NewClockSkew() *ClockSkew { return &ClockSkew{} }

// ID returns [IDRecordResponseTiming].
func (*ClockSkew) ID() string { return IDRecordResponseTiming }

// Offset returns the current correction: server time minus local time.
func (c *ClockSkew) Offset() time.Duration { return time.Duration(c.offset.Load()) }

// Now returns the local time corrected by [ClockSkew.Offset], the best
// estimate of the servers' time.
func (c *ClockSkew) Now() time.Time { return c.localNow().Add(c.Offset()) }

// Observe records that the server's clock read server when the local
// clock read local, applying the policy described on [ClockSkew]. Callers
// that learn the server's time elsewhere (e.g. from an error body) may use
// it too.
func (c *ClockSkew) Observe(server, local time.Time) {
	d := server.Sub(local)
	if d > -ClockSkewThreshold && d < ClockSkewThreshold {
		d = 0
	}
	c.offset.Store(int64(d))
}

func (c *ClockSkew) localNow() time.Time {
	if c.now != nil {
		return c.now()
	}
	return time.Now()
}

// HandleDeserialize measures the skew from the response's Date header.
func (c *ClockSkew) HandleDeserialize(ctx context.Context, in smithymw.DeserializeInput, next smithymw.DeserializeHandler) (
	smithymw.DeserializeOutput, smithymw.Metadata, error,
) {
	out, md, err := next.HandleDeserialize(ctx, in)
	if resp, ok := out.RawResponse.(*smithyhttp.Response); ok && resp != nil {
		if date := resp.Header.Get("Date"); date != "" {
			if server, perr := http.ParseTime(date); perr == nil {
				before := c.Offset()
				c.Observe(server, c.localNow())
				if err != nil && c.Offset() != before && retry.IsClockSkewError(err) {
					err = &SkewCorrectedError{Err: err}
				}
			}
		}
	}
	return out, md, err
}

// SkewCorrectedError wraps a clock-skew error (RequestTimeTooSkewed,
// SignatureDoesNotMatch...) after the response's Date header changed the
// client's clock offset: a retry, signed with the corrected clock, can
// succeed. Skew errors without this wrapper are not retried, since the
// same codes also mean wrong credentials.
type SkewCorrectedError struct {
	Err error
}

// Error returns the error message.
func (e *SkewCorrectedError) Error() string { return e.Err.Error() }

// Unwrap returns the service's error.
func (e *SkewCorrectedError) Unwrap() error { return e.Err }

// RetryableError reports true: the retry middleware retries the call.
func (e *SkewCorrectedError) RetryableError() bool { return true }
