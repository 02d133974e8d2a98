package credentials

import (
	"context"
	"errors"
	"math/rand/v2"
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

var t0 = time.Date(2025, 6, 1, 12, 0, 0, 0, time.UTC)

// fakeClock is a settable clock for CacheOptions.Now.
type fakeClock struct {
	mu  sync.Mutex
	now time.Time
}

func newFakeClock() *fakeClock { return &fakeClock{now: t0} }

func (c *fakeClock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.now
}

func (c *fakeClock) Set(t time.Time) {
	c.mu.Lock()
	c.now = t
	c.mu.Unlock()
}

// countingProvider returns credentials that expire lifetime after the
// clock's time (time.Now if clock is nil) (or never, if lifetime is zero), counting its calls. If
// release is not nil, each call blocks until it can receive from release
// (or its ctx is done), after signalling on entered if that is not nil.
type countingProvider struct {
	clock    *fakeClock
	lifetime time.Duration
	entered  chan struct{}
	release  chan struct{}
	err      func(call int64) error // optional failure per call number (1-based)

	calls atomic.Int64
}

func (p *countingProvider) Retrieve(ctx context.Context) (Credentials, error) {
	n := p.calls.Add(1)
	if p.entered != nil {
		p.entered <- struct{}{}
	}
	if p.release != nil {
		select {
		case <-p.release:
		case <-ctx.Done():
			return Credentials{}, ctx.Err()
		}
	}
	if p.err != nil {
		if err := p.err(n); err != nil {
			return Credentials{}, err
		}
	}
	c := Credentials{AccessKeyID: "AKID", SecretAccessKey: "secret", Source: "counting"}
	if p.lifetime != 0 {
		c.CanExpire = true
		now := time.Now
		if p.clock != nil {
			now = p.clock.Now
		}
		c.Expires = now().Add(p.lifetime)
	}
	return c, nil
}

func mustRetrieve(t *testing.T, p Provider) Credentials {
	t.Helper()
	c, err := p.Retrieve(context.Background())
	if err != nil {
		t.Fatalf("Retrieve: %v", err)
	}
	return c
}

func TestCacheExpiryWindow(t *testing.T) {
	tests := []struct {
		name     string
		lifetime time.Duration
		window   time.Duration
		// the cache must still hold the first credentials at lastCached
		// and must refresh at refreshAt (both relative to t0).
		lastCached, refreshAt time.Duration
	}{
		{"no window", time.Hour, 0, time.Hour - time.Nanosecond, time.Hour},
		{"5m window", time.Hour, 5 * time.Minute, 55*time.Minute - time.Nanosecond, 55 * time.Minute},
		{"negative window is zero", time.Hour, -time.Minute, time.Hour - time.Nanosecond, time.Hour},
		{"window capped at half the lifetime", 4 * time.Minute, 5 * time.Minute, 2*time.Minute - time.Nanosecond, 2 * time.Minute},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			clock := newFakeClock()
			p := &countingProvider{clock: clock, lifetime: tt.lifetime}
			c := NewCache(p, func(o *CacheOptions) {
				o.ExpiryWindow = tt.window
				o.Now = clock.Now
			})
			first := mustRetrieve(t, c)
			clock.Set(t0.Add(tt.lastCached))
			if got := mustRetrieve(t, c); !got.Expires.Equal(first.Expires) || p.calls.Load() != 1 {
				t.Errorf("at t0+%v: calls = %d, Expires = %v; want the cached credentials (1 call, %v)",
					tt.lastCached, p.calls.Load(), got.Expires, first.Expires)
			}
			clock.Set(t0.Add(tt.refreshAt))
			if got := mustRetrieve(t, c); p.calls.Load() != 2 || got.Expires.Equal(first.Expires) {
				t.Errorf("at t0+%v: calls = %d; want a refresh (2 calls)", tt.refreshAt, p.calls.Load())
			}
		})
	}
}

func TestCacheJitterBounds(t *testing.T) {
	const (
		window = 10 * time.Minute
		frac   = 0.25
	)
	seed := uint64(time.Now().UnixNano())
	t.Logf("seed %d", seed)
	r := rand.New(rand.NewPCG(seed, seed))
	creds := Credentials{AccessKeyID: "a", SecretAccessKey: "s", CanExpire: true, Expires: t0.Add(time.Hour)}
	c := NewCache(ProviderFunc(nil), func(o *CacheOptions) {
		o.ExpiryWindow = window
		o.ExpiryWindowJitterFrac = frac
		o.randFloat = r.Float64
	})
	earliest := creds.Expires.Add(-window)                                    // full window
	latest := creds.Expires.Add(-time.Duration(float64(window) * (1 - frac))) // window shrunk by frac
	seen := map[time.Time]bool{}
	for range 1000 {
		at := c.refreshTime(creds, t0)
		if at.Before(earliest) || at.After(latest) {
			t.Fatalf("refreshTime = Expires-%v; want between Expires-%v and Expires-%v",
				creds.Expires.Sub(at), creds.Expires.Sub(earliest), creds.Expires.Sub(latest))
		}
		seen[at] = true
	}
	if len(seen) < 100 {
		t.Errorf("refreshTime took %d distinct values in 1000 calls; want the jitter to spread them", len(seen))
	}
}

func TestCacheJitterFracClamped(t *testing.T) {
	for _, tt := range []struct{ in, want float64 }{{-1, 0}, {0.5, 0.5}, {3, 1}} {
		c := NewCache(ProviderFunc(nil), func(o *CacheOptions) { o.ExpiryWindowJitterFrac = tt.in })
		if got := c.opts.ExpiryWindowJitterFrac; got != tt.want {
			t.Errorf("ExpiryWindowJitterFrac %v became %v; want %v", tt.in, got, tt.want)
		}
	}
}

func TestCacheNeverExpiring(t *testing.T) {
	clock := newFakeClock()
	p := &countingProvider{clock: clock}
	c := NewCache(p, func(o *CacheOptions) { o.Now = clock.Now; o.ExpiryWindow = time.Hour })
	mustRetrieve(t, c)
	clock.Set(t0.AddDate(100, 0, 0))
	mustRetrieve(t, c)
	if got := p.calls.Load(); got != 1 {
		t.Errorf("calls = %d after 100 years; want 1", got)
	}
	c.Invalidate()
	mustRetrieve(t, c)
	if got := p.calls.Load(); got != 2 {
		t.Errorf("calls = %d after Invalidate; want 2", got)
	}
}

func TestCacheSingleFlight(t *testing.T) {
	const callers = 50
	p := &countingProvider{lifetime: time.Hour,
		entered: make(chan struct{}, callers), release: make(chan struct{})}
	c := NewCache(p)
	var wg sync.WaitGroup
	errs := make(chan error, callers)
	for range callers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			_, err := c.Retrieve(context.Background())
			errs <- err
		}()
	}
	<-p.entered
	time.Sleep(20 * time.Millisecond) // let the other callers join the refresh
	close(p.release)
	wg.Wait()
	close(errs)
	for err := range errs {
		if err != nil {
			t.Errorf("Retrieve: %v", err)
		}
	}
	if got := p.calls.Load(); got != 1 {
		t.Errorf("%d concurrent callers made %d provider calls; want 1", callers, got)
	}
}

type ctxKey struct{}

// recordingProvider blocks until released and records the context it was
// given.
type recordingProvider struct {
	entered chan context.Context
	release chan struct{}
	calls   atomic.Int64
}

func (p *recordingProvider) Retrieve(ctx context.Context) (Credentials, error) {
	p.calls.Add(1)
	p.entered <- ctx
	select {
	case <-p.release:
	case <-ctx.Done():
		return Credentials{}, ctx.Err()
	}
	return Credentials{AccessKeyID: "AKID", SecretAccessKey: "secret", CanExpire: true, Expires: time.Now().Add(time.Hour)}, nil
}

func TestCacheCancelledCallerDoesNotAbortRefresh(t *testing.T) {
	p := &recordingProvider{entered: make(chan context.Context, 1), release: make(chan struct{})}
	c := NewCache(p)

	ctxA, cancelA := context.WithCancel(context.WithValue(context.Background(), ctxKey{}, "A"))
	errA := make(chan error, 1)
	go func() {
		_, err := c.Retrieve(ctxA)
		errA <- err
	}()
	refreshCtx := <-p.entered
	if got := refreshCtx.Value(ctxKey{}); got != "A" {
		t.Errorf("refresh context value = %v; want the first caller's values (A)", got)
	}

	// B joins the same refresh.
	type result struct {
		creds Credentials
		err   error
	}
	resB := make(chan result, 1)
	go func() {
		creds, err := c.Retrieve(context.Background())
		resB <- result{creds, err}
	}()

	cancelA()
	select {
	case err := <-errA:
		if !errors.Is(err, context.Canceled) {
			t.Errorf("cancelled caller: Retrieve error = %v; want context.Canceled", err)
		}
	case <-time.After(5 * time.Second):
		t.Fatal("cancelled caller still blocked")
	}
	if err := refreshCtx.Err(); err != nil {
		t.Fatalf("refresh context error = %v after the caller cancelled; want nil", err)
	}

	close(p.release)
	r := <-resB
	if r.err != nil || r.creds.AccessKeyID != "AKID" {
		t.Fatalf("other waiter: Retrieve = %v, %v; want the refreshed credentials", r.creds, r.err)
	}
	if got := mustRetrieve(t, c); got.AccessKeyID != "AKID" {
		t.Errorf("later Retrieve = %v; want the cached credentials", got)
	}
	if got := p.calls.Load(); got != 1 {
		t.Errorf("provider calls = %d; want 1", got)
	}
}

// The refresh started by a caller that then gives up is still cached.
func TestCacheAbandonedRefreshIsCached(t *testing.T) {
	p := &recordingProvider{entered: make(chan context.Context, 1), release: make(chan struct{})}
	c := NewCache(p)
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() {
		_, err := c.Retrieve(ctx)
		done <- err
	}()
	<-p.entered
	cancel()
	if err := <-done; !errors.Is(err, context.Canceled) {
		t.Fatalf("Retrieve error = %v; want context.Canceled", err)
	}
	close(p.release)
	// Wait for the abandoned refresh to publish its result.
	deadline := time.Now().Add(5 * time.Second)
	for c.cached.Load() == nil {
		if time.Now().After(deadline) {
			t.Fatal("abandoned refresh was never cached")
		}
		time.Sleep(time.Millisecond)
	}
	mustRetrieve(t, c)
	if got := p.calls.Load(); got != 1 {
		t.Errorf("provider calls = %d; want 1", got)
	}
}

func TestCacheCancelledBeforeCall(t *testing.T) {
	p := &countingProvider{lifetime: time.Hour}
	c := NewCache(p)
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, err := c.Retrieve(ctx); !errors.Is(err, context.Canceled) {
		t.Errorf("empty cache, cancelled ctx: Retrieve error = %v; want context.Canceled", err)
	}
	if got := p.calls.Load(); got != 0 {
		t.Errorf("provider calls = %d; want 0 (nothing to refresh for)", got)
	}
	mustRetrieve(t, c)
	if _, err := c.Retrieve(ctx); err != nil {
		t.Errorf("valid cache, cancelled ctx: Retrieve error = %v; want the cached credentials", err)
	}
}

func TestCacheErrorNotCached(t *testing.T) {
	errBoom := errors.New("boom")
	const callers = 10
	p := &countingProvider{lifetime: time.Hour,
		entered: make(chan struct{}, callers), release: make(chan struct{}),
		err: func(call int64) error {
			if call == 1 {
				return errBoom
			}
			return nil
		}}
	c := NewCache(p)

	var wg sync.WaitGroup
	errs := make(chan error, callers)
	for range callers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			_, err := c.Retrieve(context.Background())
			errs <- err
		}()
	}
	<-p.entered
	time.Sleep(20 * time.Millisecond) // let the other callers join the refresh
	p.release <- struct{}{}
	wg.Wait()
	close(errs)
	// Callers that joined the failing refresh see its error; any that came
	// after it started a new refresh, which succeeds.
	failed := 0
	for err := range errs {
		switch {
		case errors.Is(err, errBoom):
			failed++
		case err != nil:
			t.Errorf("Retrieve error = %v; want %v or nil", err, errBoom)
		}
	}
	if failed == 0 {
		t.Errorf("no caller saw the refresh error")
	}

	close(p.release)
	for range cap(p.entered) {
		select {
		case <-p.entered:
		default:
		}
	}
	if _, err := c.Retrieve(context.Background()); err != nil {
		t.Errorf("Retrieve after a failed refresh: %v; want the error not cached", err)
	}
}

func TestCacheErrorToAllWaiters(t *testing.T) {
	errBoom := errors.New("boom")
	const callers = 20
	release := make(chan struct{})
	var calls atomic.Int64
	c := NewCache(ProviderFunc(func(ctx context.Context) (Credentials, error) {
		calls.Add(1)
		<-release
		return Credentials{}, errBoom
	}))
	var wg sync.WaitGroup
	var failed atomic.Int64
	for range callers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			if _, err := c.Retrieve(context.Background()); errors.Is(err, errBoom) {
				failed.Add(1)
			}
		}()
	}
	// Wait until every caller has joined the one refresh: the fast path
	// cannot serve them, so each must be waiting on inflight.
	time.Sleep(50 * time.Millisecond)
	close(release)
	wg.Wait()
	if got := failed.Load(); got != callers {
		t.Errorf("%d of %d callers saw the error; want all", got, callers)
	}
	if got := calls.Load(); got < 1 || got > callers {
		t.Errorf("provider calls = %d", got)
	}
}

func TestCacheExpiredCredentialsRejected(t *testing.T) {
	clock := newFakeClock()
	var calls int
	c := NewCache(ProviderFunc(func(context.Context) (Credentials, error) {
		calls++
		return Credentials{AccessKeyID: "a", SecretAccessKey: "s", Source: "stale",
			CanExpire: true, Expires: t0.Add(-time.Second)}, nil
	}), func(o *CacheOptions) { o.Now = clock.Now })
	for i := range 2 {
		if _, err := c.Retrieve(context.Background()); !errors.Is(err, ErrExpiredCredentials) {
			t.Errorf("Retrieve #%d error = %v; want ErrExpiredCredentials", i+1, err)
		}
	}
	if calls != 2 {
		t.Errorf("provider calls = %d; want 2 (the error is not cached)", calls)
	}
}

func TestCacheInvalidateDuringRefresh(t *testing.T) {
	p := &recordingProvider{entered: make(chan context.Context, 2), release: make(chan struct{})}
	c := NewCache(p)
	done := make(chan error, 1)
	go func() {
		_, err := c.Retrieve(context.Background())
		done <- err
	}()
	<-p.entered
	c.Invalidate()
	p.release <- struct{}{}
	if err := <-done; err != nil {
		t.Fatalf("waiter of the invalidated refresh: %v; want its result", err)
	}
	if c.cached.Load() != nil {
		t.Errorf("result of a refresh started before Invalidate was cached")
	}
	go func() { p.release <- struct{}{} }()
	mustRetrieve(t, c)
	<-p.entered
	if got := p.calls.Load(); got != 2 {
		t.Errorf("provider calls = %d; want 2", got)
	}
}

func TestCacheRefreshTimeout(t *testing.T) {
	c := NewCache(ProviderFunc(func(ctx context.Context) (Credentials, error) {
		<-ctx.Done()
		return Credentials{}, ctx.Err()
	}), func(o *CacheOptions) { o.RefreshTimeout = 20 * time.Millisecond })
	if _, err := c.Retrieve(context.Background()); !errors.Is(err, context.DeadlineExceeded) {
		t.Errorf("Retrieve error = %v; want context.DeadlineExceeded", err)
	}
}

func TestCacheRefreshTimeoutDefaults(t *testing.T) {
	for _, tt := range []struct{ in, want time.Duration }{{0, DefaultRefreshTimeout}, {time.Second, time.Second}, {-1, -1}} {
		c := NewCache(ProviderFunc(nil), func(o *CacheOptions) { o.RefreshTimeout = tt.in })
		if got := c.opts.RefreshTimeout; got != tt.want {
			t.Errorf("RefreshTimeout %v became %v; want %v", tt.in, got, tt.want)
		}
	}
}

// adjustingProvider moves the refresh time by shift.
type adjustingProvider struct {
	*countingProvider
	shift time.Duration
}

func (p adjustingProvider) AdjustRefresh(_ Credentials, at time.Time) time.Time {
	return at.Add(p.shift)
}

func TestCacheRefreshAdjuster(t *testing.T) {
	tests := []struct {
		name      string
		shift     time.Duration
		refreshAt time.Duration // relative to t0; lifetime 1h, window 10m
	}{
		{"earlier", -20 * time.Minute, 30 * time.Minute},
		{"later", 5 * time.Minute, 55 * time.Minute},
		{"never past expiry", time.Hour, time.Hour},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			clock := newFakeClock()
			p := adjustingProvider{&countingProvider{clock: clock, lifetime: time.Hour}, tt.shift}
			c := NewCache(p, func(o *CacheOptions) { o.Now = clock.Now; o.ExpiryWindow = 10 * time.Minute })
			mustRetrieve(t, c)
			clock.Set(t0.Add(tt.refreshAt - time.Nanosecond))
			mustRetrieve(t, c)
			if got := p.calls.Load(); got != 1 {
				t.Errorf("just before t0+%v: calls = %d; want 1", tt.refreshAt, got)
			}
			clock.Set(t0.Add(tt.refreshAt))
			mustRetrieve(t, c)
			if got := p.calls.Load(); got != 2 {
				t.Errorf("at t0+%v: calls = %d; want 2", tt.refreshAt, got)
			}
		})
	}
}

func TestNewCacheUnwrapsCache(t *testing.T) {
	p := &countingProvider{}
	inner := NewCache(p)
	outer := NewCache(inner)
	if outer.provider != Provider(p) {
		t.Errorf("NewCache(*Cache) wraps %T; want the inner provider", outer.provider)
	}
}

// BenchmarkCacheRetrieve measures the path every signed request takes:
// returning credentials that are already cached.
func BenchmarkCacheRetrieve(b *testing.B) {
	c := NewCache(&countingProvider{lifetime: time.Hour}, func(o *CacheOptions) { o.ExpiryWindow = time.Minute })
	ctx := context.Background()
	if _, err := c.Retrieve(ctx); err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	b.RunParallel(func(pb *testing.PB) {
		for pb.Next() {
			if _, err := c.Retrieve(ctx); err != nil {
				b.Fatal(err)
			}
		}
	})
}
