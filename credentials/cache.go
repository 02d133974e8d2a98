package credentials

import (
	"context"
	"errors"
	"fmt"
	"math/rand/v2"
	"sync"
	"sync/atomic"
	"time"
)

// DefaultRefreshTimeout bounds a single refresh run by a [Cache] when
// [CacheOptions.RefreshTimeout] is zero.
const DefaultRefreshTimeout = 5 * time.Minute

// ErrExpiredCredentials is returned (wrapped) by a [Cache] whose provider
// returned credentials that had already expired. Like every refresh error,
// it is not cached.
var ErrExpiredCredentials = errors.New("credentials: provider returned expired credentials")

// CacheOptions configures a [Cache]. The zero value is ready to use.
type CacheOptions struct {
	// ExpiryWindow makes the cache refresh credentials this long before
	// they expire, so that a request signed just before expiry does not
	// reach the service after it. Providers of short-lived credentials
	// (STS, SSO, IMDS, containers) usually want a few minutes.
	//
	// If zero, credentials are used until the moment they expire. The
	// window is capped at half of the credentials' remaining lifetime when
	// they are retrieved, so credentials that live shorter than twice the
	// window are still used for a while instead of being refreshed on
	// every call.
	ExpiryWindow time.Duration

	// ExpiryWindowJitterFrac, between 0 and 1, shrinks the window of each
	// retrieved credentials by a random fraction of up to this much, so
	// that many clients started together do not all refresh at the same
	// instant. With a window of 5 minutes and a fraction of 0.2, each
	// refresh happens between 4 and 5 minutes before expiry.
	//
	// If zero, the window is not randomized. Values outside [0, 1] are
	// clamped.
	ExpiryWindowJitterFrac float64

	// RefreshTimeout bounds one call to the wrapped provider's Retrieve.
	// The refresh does not use the caller's cancellation (see [Cache]), so
	// this is what stops a provider that hangs.
	//
	// If zero, [DefaultRefreshTimeout] is used. If negative, the refresh
	// has no deadline beyond what the provider applies itself.
	RefreshTimeout time.Duration

	// Now returns the current time. If nil, time.Now is used. Tests set it
	// to a fixed clock.
	Now func() time.Time

	// randFloat returns a value in [0, 1) for the jitter. Tests set it to
	// a seeded source; if nil, math/rand/v2's Float64 is used.
	randFloat func() float64
}

// A RefreshAdjuster is a [Provider] that wants a say in when a [Cache]
// refreshes its credentials. It is an optional upgrade: NewCache detects it
// with a type assertion on the wrapped provider.
//
// AdjustRefresh is called once for every credentials value the provider
// returns that can expire. refreshAt is the time the cache computed from
// its options (Expires minus the jittered window); the cache refreshes at
// the time AdjustRefresh returns instead. Whatever it returns, the cache
// never hands out credentials after their Expires time: a provider that
// wants expired credentials to stay in use (for instance IMDS during an
// outage) must extend Expires itself.
//
// AdjustRefresh must be safe for concurrent use and must not block.
type RefreshAdjuster interface {
	AdjustRefresh(creds Credentials, refreshAt time.Time) time.Time
}

// A Cache is a [Provider] that caches the credentials of another provider
// and refreshes them when they expire.
//
// Retrieve returns the cached credentials while they are valid. When they
// need refreshing, one call to the wrapped provider's Retrieve is made and
// every concurrent caller waits for its result (single flight). That
// refresh runs with a context detached from the cancellation of the caller
// that started it (it keeps the caller's values) and bounded by
// [CacheOptions.RefreshTimeout]: a caller whose ctx is done returns
// ctx.Err() at once while the refresh goes on for the others, and its
// result is cached for later calls.
//
// A refresh error is returned to every caller waiting for that refresh and
// is not cached: the next call tries again. Credentials that cannot expire
// are cached until [Cache.Invalidate] is called.
//
// A Cache is safe for concurrent use. Its zero value is not usable; call
// [NewCache].
type Cache struct {
	provider Provider
	adjuster RefreshAdjuster // provider's upgrade, or nil
	opts     CacheOptions

	// cached is read without locking on the fast path.
	cached atomic.Pointer[cacheEntry]

	mu       sync.Mutex
	inflight *refreshCall // guarded by mu
	gen      uint64       // guarded by mu; bumped by Invalidate
}

type cacheEntry struct {
	creds     Credentials
	refreshAt time.Time // zero if the credentials cannot expire
}

// refreshCall is one run of the wrapped provider, shared by its waiters.
type refreshCall struct {
	done  chan struct{} // closed when creds and err are set
	creds Credentials
	err   error
}

// NewCache returns a Cache of p's credentials. If p is itself a *Cache,
// the new cache wraps p's provider instead, with its own options.
func NewCache(p Provider, optFns ...func(*CacheOptions)) *Cache {
	if c, ok := p.(*Cache); ok {
		p = c.provider
	}
	var o CacheOptions
	for _, fn := range optFns {
		fn(&o)
	}
	if o.ExpiryWindow < 0 {
		o.ExpiryWindow = 0
	}
	o.ExpiryWindowJitterFrac = min(max(o.ExpiryWindowJitterFrac, 0), 1)
	if o.RefreshTimeout == 0 {
		o.RefreshTimeout = DefaultRefreshTimeout
	}
	if o.Now == nil {
		o.Now = time.Now
	}
	if o.randFloat == nil {
		o.randFloat = rand.Float64
	}
	c := &Cache{provider: p, opts: o}
	c.adjuster, _ = p.(RefreshAdjuster)
	return c
}

// Retrieve returns the cached credentials, refreshing them first if they
// are missing, expired or inside the expiry window. If ctx is done before
// a needed refresh finishes, Retrieve returns ctx.Err().
func (c *Cache) Retrieve(ctx context.Context) (Credentials, error) {
	if e := c.cached.Load(); e != nil && !c.needsRefresh(e) {
		return e.creds, nil
	}
	if err := ctx.Err(); err != nil {
		return Credentials{}, err
	}

	c.mu.Lock()
	// Another caller may have finished a refresh since the check above.
	if e := c.cached.Load(); e != nil && !c.needsRefresh(e) {
		c.mu.Unlock()
		return e.creds, nil
	}
	call := c.inflight
	if call == nil {
		call = &refreshCall{done: make(chan struct{})}
		c.inflight = call
		go c.refresh(context.WithoutCancel(ctx), call, c.gen)
	}
	c.mu.Unlock()

	select {
	case <-call.done:
		return call.creds, call.err
	case <-ctx.Done():
		return Credentials{}, ctx.Err()
	}
}

// Invalidate discards the cached credentials, so the next Retrieve calls
// the wrapped provider. A refresh already running still delivers its
// result to its waiters, but that result is not cached.
func (c *Cache) Invalidate() {
	c.mu.Lock()
	c.gen++
	c.inflight = nil
	c.cached.Store(nil)
	c.mu.Unlock()
}

func (c *Cache) needsRefresh(e *cacheEntry) bool {
	if !e.creds.CanExpire {
		return false
	}
	return !c.opts.Now().Before(e.refreshAt)
}

// refresh calls the provider and publishes the result to call's waiters
// and, unless the cache was invalidated meanwhile, to the cache.
func (c *Cache) refresh(ctx context.Context, call *refreshCall, gen uint64) {
	if c.opts.RefreshTimeout > 0 {
		var cancel context.CancelFunc
		ctx, cancel = context.WithTimeout(ctx, c.opts.RefreshTimeout)
		defer cancel()
	}
	creds, err := c.provider.Retrieve(ctx)
	var entry *cacheEntry
	if err == nil {
		entry, err = c.newEntry(creds)
	}
	if err != nil {
		creds = Credentials{}
	}

	c.mu.Lock()
	if c.gen == gen {
		c.inflight = nil
		if entry != nil {
			c.cached.Store(entry)
		}
	}
	c.mu.Unlock()

	call.creds, call.err = creds, err
	close(call.done)
}

// newEntry validates freshly retrieved credentials and works out when to
// refresh them.
func (c *Cache) newEntry(creds Credentials) (*cacheEntry, error) {
	if !creds.CanExpire {
		return &cacheEntry{creds: creds}, nil
	}
	now := c.opts.Now()
	if creds.Expired(now) {
		return nil, fmt.Errorf("%w (source %q, expired %s)",
			ErrExpiredCredentials, creds.Source, creds.Expires.UTC().Format(time.RFC3339))
	}
	return &cacheEntry{creds: creds, refreshAt: c.refreshTime(creds, now)}, nil
}

// refreshTime returns when credentials retrieved at now should be
// refreshed: before Expires by the window, shrunk by the jitter and capped
// at half the remaining lifetime, then adjusted by the provider.
func (c *Cache) refreshTime(creds Credentials, now time.Time) time.Time {
	window := c.opts.ExpiryWindow
	if f := c.opts.ExpiryWindowJitterFrac; f > 0 && window > 0 {
		window -= time.Duration(f * c.opts.randFloat() * float64(window))
	}
	window = min(window, creds.Expires.Sub(now)/2)
	at := creds.Expires.Add(-window)
	if c.adjuster != nil {
		at = c.adjuster.AdjustRefresh(creds, at)
	}
	// Never hand out credentials past their expiry.
	if at.After(creds.Expires) {
		at = creds.Expires
	}
	return at
}
