package client

import (
	"context"
	"errors"
	"fmt"
	"net/url"
	"strings"
	"sync"
	"time"

	"github.com/aws/smithy-go/middleware"
	smithyhttp "github.com/aws/smithy-go/transport/http"

	awsmw "github.com/nimbus-sdk/nimbus/middleware"
)

// EndpointDiscovery is a service's aws.api#clientEndpointDiscovery trait:
// the operation that names the endpoints to call (DescribeEndpoints) and
// the error that says a discovered endpoint is no longer the right one.
// Generated code declares it from the model.
type EndpointDiscovery struct {
	// Operation is the discovery operation. Its input has no members the
	// client must fill (the generator refuses models whose input has
	// aws.api#clientEndpointDiscoveryId members).
	Operation *Operation
	// NewInput allocates the discovery operation's input.
	NewInput func() any
	// Endpoints reads the discovered endpoints from the discovery
	// operation's output.
	Endpoints func(output any) []DiscoveredEndpoint
	// ErrorCode is the code of the trait's error (InvalidEndpointException).
	ErrorCode string
}

// DiscoveredEndpoint is one endpoint a discovery operation returned.
type DiscoveredEndpoint struct {
	// Address is the endpoint's host, with a port and a scheme or not
	// (only the host and port are used).
	Address string
	// CachePeriod is how long it may be used (CachePeriodInMinutes).
	CachePeriod time.Duration
}

// DiscoveryMode is an operation's aws.api#clientDiscoveredEndpoint trait.
type DiscoveryMode uint8

// The discovery modes of operations.
const (
	// NoDiscovery is an operation without the trait.
	NoDiscovery DiscoveryMode = iota
	// DiscoveryOptional is an operation whose endpoint is discovered only
	// under awsmw.EndpointDiscoveryEnabled (DynamoDB's).
	DiscoveryOptional
	// DiscoveryRequired is an operation whose endpoint is discovered
	// unless discovery is disabled (Timestream's).
	DiscoveryRequired
)

// maxDiscoveredEndpoints bounds a client's cache of discovered endpoints:
// keys change with every new temporary credential, so an unbounded cache
// would grow for as long as the client lives.
const maxDiscoveredEndpoints = 64

// discoveryKey identifies what a discovered endpoint is valid for: the
// credentials (by access key), the region, and the endpoint the discovery
// operation is sent to (which FIPS, dual-stack or a custom
// EndpointResolverV2 change).
type discoveryKey struct {
	accessKey, region, endpoint string
}

type discoveredHost struct {
	host    string
	expires time.Time
}

// discoveryFlight is one discovery in progress; callers that need the same
// key wait for it rather than starting their own.
type discoveryFlight struct {
	done chan struct{}
	// Set before done is closed.
	host     string
	err      error
	canceled bool // the leader's context ended, so err is not the key's
}

// endpointCache holds a client's discovered endpoints. It is safe for
// concurrent use.
type endpointCache struct {
	now func() time.Time // time.Now, unless a test set another clock

	mu      sync.Mutex
	entries map[discoveryKey]discoveredHost
	flights map[discoveryKey]*discoveryFlight
}

func newEndpointCache() *endpointCache {
	return &endpointCache{
		now:     time.Now,
		entries: map[discoveryKey]discoveredHost{},
		flights: map[discoveryKey]*discoveryFlight{},
	}
}

// SetDiscoveryClock makes the endpoint-discovery cache of r read the time
// from now instead of time.Now, so tests of a service's client can expire
// discovered endpoints without waiting. It must be called before the
// client's first call; internal/client is not public API, and nothing but
// tests calls it.
func (r *Runtime) SetDiscoveryClock(now func() time.Time) {
	if r.discovery != nil {
		r.discovery.now = now
	}
}

// get returns key's discovered host: the cached one while it is valid,
// else the result of discover. Concurrent callers for one key share one
// discovery; a caller whose context ends stops waiting, and when the
// discovering caller's context ends first, the others start again.
func (ec *endpointCache) get(ctx context.Context, key discoveryKey, discover func(context.Context) (string, time.Duration, error)) (string, error) {
	for {
		ec.mu.Lock()
		if e, ok := ec.entries[key]; ok && ec.now().Before(e.expires) {
			ec.mu.Unlock()
			return e.host, nil
		}
		if f := ec.flights[key]; f != nil {
			ec.mu.Unlock()
			select {
			case <-f.done:
				if f.err != nil && f.canceled && ctx.Err() == nil {
					continue
				}
				return f.host, f.err
			case <-ctx.Done():
				return "", ctx.Err()
			}
		}
		f := &discoveryFlight{done: make(chan struct{})}
		ec.flights[key] = f
		ec.mu.Unlock()
		ec.run(ctx, key, f, discover)
		return f.host, f.err
	}
}

// run performs f, the discovery of key, caches its result and releases
// the callers waiting for it, even if discover panics.
func (ec *endpointCache) run(ctx context.Context, key discoveryKey, f *discoveryFlight, discover func(context.Context) (string, time.Duration, error)) {
	f.err = errors.New("endpoint discovery panicked")
	defer func() {
		ec.mu.Lock()
		delete(ec.flights, key)
		ec.mu.Unlock()
		close(f.done)
	}()
	host, ttl, err := discover(ctx)
	f.host, f.err, f.canceled = host, err, err != nil && ctx.Err() != nil
	if err == nil && ttl > 0 {
		ec.mu.Lock()
		ec.store(key, discoveredHost{host: host, expires: ec.now().Add(ttl)})
		ec.mu.Unlock()
	}
}

// store caches e under key, making room first if the cache is full. The
// caller holds ec.mu.
func (ec *endpointCache) store(key discoveryKey, e discoveredHost) {
	if _, ok := ec.entries[key]; !ok && len(ec.entries) >= maxDiscoveredEndpoints {
		now := ec.now()
		for k, v := range ec.entries {
			if !now.Before(v.expires) {
				delete(ec.entries, k)
			}
		}
		for k := range ec.entries {
			if len(ec.entries) < maxDiscoveredEndpoints {
				break
			}
			delete(ec.entries, k)
		}
	}
	ec.entries[key] = e
}

// invalidate forgets key's endpoint if it is still host, after the service
// refused host; a newer endpoint another call discovered is kept.
func (ec *endpointCache) invalidate(key discoveryKey, host string) {
	ec.mu.Lock()
	defer ec.mu.Unlock()
	if e, ok := ec.entries[key]; ok && e.host == host {
		delete(ec.entries, key)
	}
}

// discoverEndpointMiddleware is DiscoverEndpoint, right after
// ResolveEndpointV2 in Finalize (where aws-sdk-go-v2 puts its step of this
// ID), in the stacks of operations with a DiscoveryMode. When discovery
// applies (see awsmw.EndpointDiscoveryEnableState), it replaces the host
// the endpoint resolved to with the one the service's discovery operation
// names, from the client's cache while the service's cache period lasts.
// The discovery operation is called with the call's options, so it goes
// to the resolved endpoint and is signed as the call is. When the service
// answers with the trait's error (InvalidEndpointException), the endpoint
// leaves the cache and the error becomes retryable: the retry discovers
// again.
type discoverEndpointMiddleware struct{}

func (discoverEndpointMiddleware) ID() string { return awsmw.IDDiscoverEndpoint }

func (discoverEndpointMiddleware) HandleFinalize(ctx context.Context, in middleware.FinalizeInput, next middleware.FinalizeHandler) (middleware.FinalizeOutput, middleware.Metadata, error) {
	c := callFrom(ctx)
	state := c.opts.EnableEndpointDiscovery
	switch {
	case state == awsmw.EndpointDiscoveryDisabled,
		c.op.EndpointDiscovery != DiscoveryRequired && state != awsmw.EndpointDiscoveryEnabled:
		return next.HandleFinalize(ctx, in)
	case c.opts.BaseEndpoint != "":
		if state == awsmw.EndpointDiscoveryEnabled {
			return middleware.FinalizeOutput{}, middleware.Metadata{}, errors.New("endpoint discovery is enabled, but BaseEndpoint sets a custom endpoint: disable one of them")
		}
		return next.HandleFinalize(ctx, in)
	}
	req, ok := in.Request.(*smithyhttp.Request)
	if !ok {
		return middleware.FinalizeOutput{}, middleware.Metadata{}, fmt.Errorf("unexpected request type %T", in.Request)
	}
	key := discoveryKey{accessKey: c.creds.AccessKeyID, region: c.opts.Region, endpoint: c.endpoint.URL}
	host, err := c.rt.discovery.get(ctx, key, c.discoverEndpoint)
	if err != nil {
		return middleware.FinalizeOutput{}, middleware.Metadata{}, fmt.Errorf("discovering the endpoint: %w", err)
	}
	req.URL.Host = host
	out, md, err := next.HandleFinalize(ctx, in)
	if err != nil && HasErrorCode(err, c.rt.svc.EndpointDiscovery.ErrorCode) {
		c.rt.discovery.invalidate(key, host)
		err = &invalidEndpointError{err: err}
	}
	return out, md, err
}

// discoverEndpoint calls the service's discovery operation with the
// call's options and returns the first usable endpoint's host and cache
// period.
func (c *call) discoverEndpoint(ctx context.Context) (string, time.Duration, error) {
	d := c.rt.svc.EndpointDiscovery
	out, _, err := c.rt.Invoke(ctx, d.Operation, d.NewInput(), c.opts)
	if err != nil {
		return "", 0, err
	}
	for _, e := range d.Endpoints(out) {
		if host := discoveredHostPort(e.Address); host != "" {
			return host, e.CachePeriod, nil
		}
	}
	return "", 0, fmt.Errorf("%s returned no endpoint address", d.Operation.Protocol.Name)
}

// discoveredHostPort returns the host (and port) of a discovered address,
// which may or may not have a scheme and a path.
func discoveredHostPort(address string) string {
	if !strings.Contains(address, "://") {
		address = "https://" + address
	}
	u, err := url.Parse(address)
	if err != nil {
		return ""
	}
	return u.Host
}

// invalidEndpointError is the error of an attempt a discovered endpoint
// refused (InvalidEndpointException), once that endpoint has left the
// cache: the retry middleware retries it, and the retry discovers the
// endpoint again. The service's error is unwrapped by errors.As.
type invalidEndpointError struct{ err error }

func (e *invalidEndpointError) Error() string { return e.err.Error() }

func (e *invalidEndpointError) Unwrap() error { return e.err }

// RetryableError reports true: a new attempt goes to a newly discovered
// endpoint.
func (e *invalidEndpointError) RetryableError() bool { return true }
