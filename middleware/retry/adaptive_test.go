package retry

import (
	"context"
	"errors"
	"math"
	"testing"
	"time"

	smithy "github.com/aws/smithy-go"
)

func newTestLimiter() (*rateLimiter, *fakeClock) {
	c := newFakeClock()
	return newRateLimiter(c.Now, c.Sleep), c
}

func near(a, b float64) bool { return math.Abs(a-b) < 1e-9 }

func TestRateLimiterDisabledUntilThrottled(t *testing.T) {
	l, c := newTestLimiter()
	start := c.Now()
	for i := 0; i < 100; i++ {
		if err := l.acquire(context.Background(), false); err != nil {
			t.Fatal(err)
		}
		l.update(false)
	}
	if l.enabled || !c.Now().Equal(start) {
		t.Errorf("enabled = %v, waited %v; want disabled and no wait before any throttle", l.enabled, c.Now().Sub(start))
	}
}

func TestRateLimiterMeasuredRateAndThrottle(t *testing.T) {
	l, c := newTestLimiter()
	c.Advance(100 * time.Millisecond)
	for i := 0; i < 5; i++ { // five attempts in the first half-second bucket
		l.update(false)
	}
	c.Advance(500 * time.Millisecond) // t = 0.6 s: a new bucket closes the first
	l.update(false)
	// 6 attempts over 0.5 s = 12/s, smoothed from 0: 0.8*12.
	if want := 9.6; !near(l.measuredRate, want) {
		t.Fatalf("measuredRate = %v; want %v", l.measuredRate, want)
	}

	l.update(true) // throttled at t = 0.6
	if !l.enabled {
		t.Fatalf("limiter not enabled after a throttle")
	}
	if want := 9.6 * cubicBeta; !near(l.fillRate, want) || !near(l.maxCapacity, want) {
		t.Errorf("fillRate, maxCapacity = %v, %v; want %v (beta * measured rate)", l.fillRate, l.maxCapacity, want)
	}
	if !near(l.lastMaxRate, 9.6) {
		t.Errorf("lastMaxRate = %v; want 9.6", l.lastMaxRate)
	}

	// The first acquire waits for the bucket to reach one token; the next
	// ones are spaced 1/fillRate apart.
	interval := time.Duration(float64(time.Second) / l.fillRate)
	first := time.Duration((1 - l.capacity) / l.fillRate * float64(time.Second))
	for i := 1; i <= 3; i++ {
		want := interval
		if i == 1 {
			want = first
		}
		before := c.Now()
		if err := l.acquire(context.Background(), false); err != nil {
			t.Fatal(err)
		}
		if waited := c.Now().Sub(before); waited < want-time.Microsecond || waited > want+time.Microsecond {
			t.Errorf("acquire %d waited %v; want %v", i, waited, want)
		}
	}
}

func TestRateLimiterCubic(t *testing.T) {
	l, c := newTestLimiter()
	l.enabled = true
	l.lastMaxRate = 10
	l.lastThrottleTime = 5
	l.measuredRate = 100
	l.lastRateBucket = math.Inf(1) // freeze the measured rate
	k := math.Cbrt(10 * (1 - cubicBeta) / cubicScale)

	tests := []struct {
		name string
		at   float64 // seconds since the limiter's epoch
		want float64
	}{
		{"at the throttle: beta * max", 5, 7},
		{"after K: back at the last max", 5 + k, 10},
		{"one second past K", 5 + k + 1, 10 + cubicScale},
		{"capped at twice the measured rate", 5 + k + 10, 200},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c.mu.Lock()
			c.now = l.epoch.Add(time.Duration(tt.at * float64(time.Second)))
			c.mu.Unlock()
			l.update(false)
			if math.Abs(l.fillRate-tt.want) > 1e-6 {
				t.Errorf("fillRate at t=%.4f = %v; want %v", tt.at, l.fillRate, tt.want)
			}
		})
	}

	// Rates never fall below the minimum fill rate.
	l.measuredRate = 0
	l.update(true)
	if l.fillRate != minFillRate || l.maxCapacity != minCapacity {
		t.Errorf("fillRate, maxCapacity = %v, %v; want %v, %v", l.fillRate, l.maxCapacity, minFillRate, minCapacity)
	}
}

func TestRateLimiterContextAndFailFast(t *testing.T) {
	l, _ := newTestLimiter()
	l.update(true) // enables the limiter at the minimum rate with an empty bucket

	if err := l.acquire(context.Background(), true); !errors.Is(err, errNoSendToken) {
		t.Errorf("fail-fast acquire = %v; want errNoSendToken", err)
	}

	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	before := l.capacity
	if err := l.acquire(ctx, false); !errors.Is(err, context.Canceled) {
		t.Errorf("acquire with canceled ctx = %v; want context.Canceled", err)
	}
	if l.capacity != before {
		t.Errorf("capacity = %v after a canceled wait; want the reservation returned (%v)", l.capacity, before)
	}
}

func TestAdaptiveRetryer(t *testing.T) {
	c := newFakeClock()
	a := NewAdaptive(func(o *AdaptiveOptions) { o.Now, o.Sleep = c.Now, c.Sleep })
	ctx := context.Background()

	release, err := a.GetAttemptToken(ctx)
	if err != nil {
		t.Fatal(err)
	}
	release(&smithy.CanceledError{Err: context.Canceled})
	if a.limiter.enabled || a.limiter.requestCount != 0 {
		t.Errorf("a canceled attempt updated the rate limiter")
	}

	release, _ = a.GetAttemptToken(ctx)
	release(&testAPIError{Code: "ThrottlingException", Status: 400})
	if !a.limiter.enabled {
		t.Fatalf("a throttling error did not enable the rate limiter")
	}

	start := c.Now()
	if _, err := a.GetAttemptToken(ctx); err != nil {
		t.Fatal(err)
	}
	if waited := c.Now().Sub(start); waited != 2*time.Second {
		t.Errorf("GetAttemptToken waited %v; want 2s at the minimum fill rate", waited)
	}
	if a.MaxAttempts() != 3 {
		t.Errorf("MaxAttempts() = %d; want 3", a.MaxAttempts())
	}
}

func TestAdaptiveMiddlewareThrottled(t *testing.T) {
	srv := newScriptServer(t, status(400, throttlingBody), status(400, throttlingBody), ok)
	c := newFakeClock()
	a := NewAdaptive(func(o *AdaptiveOptions) { o.Now, o.Sleep = c.Now, c.Sleep })
	h := newTestHandler(t, a, MiddlewareOptions{Sleep: (&fakeSleep{}).Sleep})
	start := c.Now()
	out, md, err := h.Handle(context.Background(), &testInput{URL: srv.URL})
	if err != nil || out != "ok" {
		t.Fatalf("Handle = %v, %v; want ok", out, err)
	}
	if r, _ := GetAttemptResults(md); len(r.Results) != 3 {
		t.Errorf("attempts = %d; want 3", len(r.Results))
	}
	if waited := c.Now().Sub(start); waited < 2*time.Second {
		t.Errorf("rate limiter waited %v in total; want at least 2s after the throttles", waited)
	}
}
