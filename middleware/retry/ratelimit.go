package retry

import (
	"context"
	"math"
	"sync"
	"time"
)

// Constants of the AWS adaptive retry mode's client rate limiter.
const (
	minFillRate   = 0.5 // tokens per second
	minCapacity   = 1.0 // tokens
	smoothing     = 0.8 // weight of the newest measurement of the send rate
	cubicBeta     = 0.7 // multiplicative decrease on a throttle
	cubicScale    = 0.4 // CUBIC scaling constant C
	rateBucketSec = 0.5 // width of the send-rate measurement window
)

// rateLimiter is the client-side send rate limiter of adaptive mode: a
// token bucket (one token per attempt) whose fill rate follows the CUBIC
// congestion-control curve. It stays disabled, admitting everything, until
// the first throttling error. On each throttle the rate drops to beta
// times the rate that was being used; on each success the rate grows
// along a cubic curve centred on the time it regains the rate at the last
// throttle. The new rate is never more than twice the measured send rate.
//
// All times are seconds from an arbitrary epoch, read from now.
type rateLimiter struct {
	now   func() time.Time
	sleep func(context.Context, time.Duration) error
	epoch time.Time

	mu               sync.Mutex
	enabled          bool
	fillRate         float64 // tokens per second
	maxCapacity      float64
	capacity         float64 // may go negative: tokens reserved by waiters
	lastRefill       float64
	refilled         bool // lastRefill is set
	measuredRate     float64
	lastRateBucket   float64
	requestCount     int
	lastMaxRate      float64
	lastThrottleTime float64
	timeWindow       float64
}

func newRateLimiter(now func() time.Time, sleep func(context.Context, time.Duration) error) *rateLimiter {
	l := &rateLimiter{now: now, sleep: sleep, epoch: now()}
	l.fillRate = minFillRate
	l.maxCapacity = minCapacity
	return l
}

func (l *rateLimiter) seconds() float64 {
	return l.now().Sub(l.epoch).Seconds()
}

// acquire takes one send token, waiting (through sleep) until the bucket
// has refilled enough. A waiter reserves its token before sleeping, so
// concurrent waiters are spaced 1/fillRate apart. If failFast is set it
// returns errNoSendToken instead of waiting.
func (l *rateLimiter) acquire(ctx context.Context, failFast bool) error {
	l.mu.Lock()
	if !l.enabled {
		l.mu.Unlock()
		return nil
	}
	l.refill(l.seconds())
	if l.capacity >= 1 {
		l.capacity--
		l.mu.Unlock()
		return nil
	}
	if failFast {
		l.mu.Unlock()
		return errNoSendToken
	}
	wait := (1 - l.capacity) / l.fillRate
	l.capacity--
	l.mu.Unlock()

	if err := l.sleep(ctx, time.Duration(wait*float64(time.Second))); err != nil {
		l.mu.Lock()
		l.capacity++ // give the reservation back
		l.mu.Unlock()
		return err
	}
	return nil
}

// refill adds the tokens earned since the last refill. l.mu must be held.
func (l *rateLimiter) refill(t float64) {
	if !l.refilled {
		l.lastRefill, l.refilled = t, true
		return
	}
	l.capacity = math.Min(l.maxCapacity, l.capacity+(t-l.lastRefill)*l.fillRate)
	l.lastRefill = t
}

// update records the outcome of one attempt and recomputes the fill rate.
func (l *rateLimiter) update(throttled bool) {
	l.mu.Lock()
	defer l.mu.Unlock()
	t := l.seconds()
	l.updateMeasuredRate(t)

	var rate float64
	if throttled {
		used := l.measuredRate
		if l.enabled {
			used = math.Min(used, l.fillRate)
		}
		l.lastMaxRate = used
		l.updateTimeWindow()
		l.lastThrottleTime = t
		rate = used * cubicBeta
		l.enabled = true
	} else {
		l.updateTimeWindow()
		rate = cubicScale*math.Pow(t-l.lastThrottleTime-l.timeWindow, 3) + l.lastMaxRate
	}
	l.setRate(t, math.Min(rate, 2*l.measuredRate))
}

// updateTimeWindow computes K of CUBIC: the time after a throttle at which
// the curve is back at lastMaxRate.
func (l *rateLimiter) updateTimeWindow() {
	l.timeWindow = math.Cbrt(l.lastMaxRate * (1 - cubicBeta) / cubicScale)
}

// updateMeasuredRate maintains an exponentially smoothed measurement of
// the attempts per second, over half-second buckets.
func (l *rateLimiter) updateMeasuredRate(t float64) {
	bucket := math.Floor(t/rateBucketSec) * rateBucketSec
	l.requestCount++
	if bucket > l.lastRateBucket {
		current := float64(l.requestCount) / (bucket - l.lastRateBucket)
		l.measuredRate = current*smoothing + l.measuredRate*(1-smoothing)
		l.requestCount = 0
		l.lastRateBucket = bucket
	}
}

func (l *rateLimiter) setRate(t, rate float64) {
	l.refill(t)
	l.fillRate = math.Max(rate, minFillRate)
	l.maxCapacity = math.Max(rate, minCapacity)
	l.capacity = math.Min(l.capacity, l.maxCapacity)
}
