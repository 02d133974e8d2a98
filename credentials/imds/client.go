package imds

import (
	"context"
	"errors"
	"fmt"
	"io"
	nethttp "net/http"
	"net/http/httptrace"
	"net/url"
	"strconv"
	"strings"
	"sync/atomic"
	"time"

	"github.com/aws/smithy-go/logging"
	smithymw "github.com/aws/smithy-go/middleware"
	smithyhttp "github.com/aws/smithy-go/transport/http"

	"github.com/nimbus-sdk/nimbus/middleware"
	nimbushttp "github.com/nimbus-sdk/nimbus/transport/http"
)

// retryBackoff is the pause before the second attempt of a request; later
// attempts wait proportionally longer.
const retryBackoff = 50 * time.Millisecond

// Client reads the EC2 Instance Metadata Service.
//
// It uses IMDSv2: it obtains a session token with a PUT to
// /latest/api/token, caches it until shortly before it expires, and sends
// it with every request. If IMDS refuses to issue tokens (HTTP 403, 404 or
// 405) or does not answer the token request in time although it accepted
// the connection (a container behind too many network hops), the client
// falls back to IMDSv1 requests without a token, unless
// [Options.DisableV1Fallback] forbids it. A request rejected with 401
// (the token expired or was revoked, or IMDS stopped accepting IMDSv1)
// gets a new token and is retried once.
//
// A Client is safe for concurrent use; concurrent callers share one token
// request. Its zero value is not usable; call [NewClient].
type Client struct {
	s    settings
	err  error // returned by every call: disabled or invalid settings
	http nimbushttp.HTTPDoer
	now  func() time.Time

	logger  logging.Logger      // the IMDSv1 fallback warning; nil logs nothing
	logging *middleware.Logging // request and response logging; nil if off

	lock chan struct{} // a one-slot semaphore guarding tok, so waits honour ctx
	tok  token
}

// token is the cached outcome of a token request.
type token struct {
	value   string
	v1      bool      // no token to be had: send IMDSv1 requests
	expires time.Time // zero if nothing is cached
}

// response is an HTTP response whose body is either read (body) or, for
// a 200 answer to a streamed request, left for the caller (stream).
type response struct {
	status int
	header nethttp.Header
	body   []byte
	stream io.ReadCloser
}

// NewClient returns a Client configured by [Options]; each optFn modifies
// a zero Options. The environment and shared config are read here, once.
func NewClient(optFns ...func(*Options)) *Client {
	var o Options
	for _, fn := range optFns {
		fn(&o)
	}
	return newClient(&o)
}

func newClient(o *Options) *Client {
	s, err := resolve(o)
	if s.disabled {
		err = &Error{Kind: KindDisabled}
	}
	c := &Client{s: s, err: err, http: o.HTTPClient, now: o.Now, lock: make(chan struct{}, 1), logger: o.Logger}
	if c.now == nil {
		c.now = time.Now
	}
	if o.Logger != nil {
		m := o.ClientLogMode
		lo := middleware.LoggingOptions{
			Logger:              o.Logger,
			LogRequest:          m.IsSet(middleware.LogRequest),
			LogRequestWithBody:  m.IsSet(middleware.LogRequestWithBody),
			LogResponse:         m.IsSet(middleware.LogResponse),
			LogResponseWithBody: m.IsSet(middleware.LogResponseWithBody),
		}
		if lo.LogRequest || lo.LogRequestWithBody || lo.LogResponse || lo.LogResponseWithBody {
			// No redaction rules are given, so no body is ever logged:
			// token responses and credentials documents are secrets.
			c.logging = middleware.NewLogging(lo)
		}
	}
	if c.http == nil && err == nil {
		c.http = nimbushttp.NewClient(func(co *nimbushttp.ClientOptions) {
			co.DialTimeout = s.timeout
			co.MaxIdleConnsPerHost = 2
			// IMDS is link-local: a proxy could not reach it, and must
			// never see its tokens.
			co.Proxy = func(*nethttp.Request) (*url.URL, error) { return nil, nil }
		})
	}
	return c
}

// GetMetadata returns the instance metadata at path, relative to
// /latest/meta-data/ (for example "placement/region" or
// "instance-id"). A path IMDS does not know fails with an [*Error] of kind
// [KindNotFound].
func (c *Client) GetMetadata(ctx context.Context, path string) (string, error) {
	b, err := c.get(ctx, metadataPrefix+strings.TrimPrefix(path, "/"))
	return string(b), err
}

// Get sends a GET for path, an absolute URL path such as
// "/latest/user-data" or "/latest/dynamic/instance-identity/document",
// with the same session tokens, IMDSv1 fallback, retries and errors as
// [Client.GetMetadata], and returns the body of the 200 response unread.
// The caller must close it.
//
// The body is streamed: it is not read into memory, so memory grows only
// with what the caller reads, whatever length the response declares.
// [Options.Timeout] bounds each attempt until the response headers
// arrive; reading the body is bounded by ctx only, and closing the body
// releases the request. A path that does not begin with "/" or that holds
// "?" or "#" fails with an [*Error] of kind [KindInvalidPath] before
// anything is sent.
func (c *Client) Get(ctx context.Context, path string) (io.ReadCloser, error) {
	if c.err != nil {
		return nil, c.err
	}
	if !strings.HasPrefix(path, "/") || strings.ContainsAny(path, "?#") {
		return nil, &Error{Kind: KindInvalidPath, Method: nethttp.MethodGet, Path: path,
			Err: errors.New(`want an absolute URL path without "?" or "#"`)}
	}
	resp, err := c.do(ctx, path, true)
	if err != nil {
		return nil, err
	}
	return resp.stream, nil
}

// get sends a GET for the absolute path, with a token unless in IMDSv1
// mode, and returns the body of a 200 response.
func (c *Client) get(ctx context.Context, path string) ([]byte, error) {
	if c.err != nil {
		return nil, c.err
	}
	resp, err := c.do(ctx, path, false)
	if err != nil {
		return nil, err
	}
	return resp.body, nil
}

// do sends a GET for path, with a token unless in IMDSv1 mode, and returns
// a 200 response, its body left unread if stream is set.
func (c *Client) do(ctx context.Context, path string, stream bool) (*response, error) {
	for retried := false; ; retried = true {
		tok, err := c.token(ctx)
		if err != nil {
			return nil, err
		}
		var hdr nethttp.Header
		if !tok.v1 {
			hdr = nethttp.Header{tokenHeader: {tok.value}}
		}
		resp, err := c.send(ctx, nethttp.MethodGet, path, hdr, stream)
		if err != nil {
			return nil, err
		}
		switch {
		case resp.status == nethttp.StatusOK:
			return resp, nil
		case resp.status == nethttp.StatusUnauthorized && !retried:
			// The token expired or was revoked, or IMDS now requires
			// tokens: get a new one and try once more.
			if err := c.dropToken(ctx, tok); err != nil {
				return nil, err
			}
			continue
		case resp.status == nethttp.StatusNotFound:
			return nil, &Error{Kind: KindNotFound, Method: nethttp.MethodGet, Path: path, StatusCode: resp.status}
		}
		return nil, &Error{Kind: KindStatus, Method: nethttp.MethodGet, Path: path, StatusCode: resp.status}
	}
}

// acquire takes the token lock, or fails when ctx is done first.
func (c *Client) acquire(ctx context.Context) error {
	select {
	case c.lock <- struct{}{}:
		return nil
	case <-ctx.Done():
		return &Error{Kind: KindCanceled, Err: ctx.Err()}
	}
}

func (c *Client) release() { <-c.lock }

// dropToken forgets tok if it is still the cached one.
func (c *Client) dropToken(ctx context.Context, tok token) error {
	if err := c.acquire(ctx); err != nil {
		return err
	}
	if c.tok.value == tok.value && c.tok.v1 == tok.v1 {
		c.tok = token{}
	}
	c.release()
	return nil
}

// token returns the cached token, or requests a new one.
func (c *Client) token(ctx context.Context) (token, error) {
	if err := c.acquire(ctx); err != nil {
		return token{}, err
	}
	defer c.release()
	now := c.now()
	if !c.tok.expires.IsZero() && now.Before(c.tok.expires) {
		return c.tok, nil
	}
	c.tok = token{}

	ttl := c.s.tokenTTL
	hdr := nethttp.Header{tokenTTLHeader: {strconv.Itoa(int(ttl / time.Second))}}
	resp, err := c.send(ctx, nethttp.MethodPut, tokenPath, hdr, false)
	if err != nil {
		var e *Error
		if !errors.As(err, &e) || e.Kind != KindUnavailable || !e.connected {
			// Canceled, or nothing listens: IMDSv1 would fail the same way.
			return token{}, err
		}
		// IMDS accepted the connection but its answer never came: the
		// token response's IP hop limit is too low for this container.
		if c.s.v1Disabled {
			return token{}, &Error{Kind: KindTokenUnavailable, Method: nethttp.MethodPut, Path: tokenPath, Err: err}
		}
		c.warnFallback(err)
		c.tok = token{v1: true, expires: now.Add(ttl - tokenSlack(ttl))}
		return c.tok, nil
	}
	switch resp.status {
	case nethttp.StatusOK:
		value := strings.TrimSpace(string(resp.body))
		if value == "" {
			return token{}, &Error{Kind: KindStatus, Method: nethttp.MethodPut, Path: tokenPath,
				StatusCode: resp.status, Err: errors.New("empty token")}
		}
		if secs, err := strconv.Atoi(resp.header.Get(tokenTTLHeader)); err == nil && secs > 0 {
			ttl = time.Duration(secs) * time.Second
		}
		c.tok = token{value: value, expires: now.Add(ttl - tokenSlack(ttl))}
		return c.tok, nil
	case nethttp.StatusForbidden, nethttp.StatusNotFound, nethttp.StatusMethodNotAllowed:
		// IMDSv2 is not available here (IMDS turned off, an old
		// emulator, or a proxy that refuses PUT).
		if c.s.v1Disabled {
			return token{}, &Error{Kind: KindTokenUnavailable, Method: nethttp.MethodPut, Path: tokenPath, StatusCode: resp.status}
		}
		c.warnFallback(&Error{Kind: KindStatus, Method: nethttp.MethodPut, Path: tokenPath, StatusCode: resp.status})
		c.tok = token{v1: true, expires: now.Add(ttl - tokenSlack(ttl))}
		return c.tok, nil
	}
	return token{}, &Error{Kind: KindStatus, Method: nethttp.MethodPut, Path: tokenPath, StatusCode: resp.status}
}

// warnFallback logs, if there is a Logger, that requests go without a
// session token from now on, and why.
func (c *Client) warnFallback(why error) {
	if c.logger != nil {
		c.logger.Logf(logging.Warn, "credentials/imds: no IMDSv2 session token (%v); falling back to IMDSv1", why)
	}
}

// tokenSlack is how long before its expiry a token is replaced, so that a
// request never carries a token that expires on the way.
func tokenSlack(ttl time.Duration) time.Duration {
	return min(ttl/4, time.Minute)
}

// send sends a request, retrying it up to MaxAttempts times while IMDS
// answers 5xx or drops an established connection. A response with any
// other status is returned with a nil error. With stream set, the body of
// a 200 response is left unread (see [Client.attempt]).
func (c *Client) send(ctx context.Context, method, path string, hdr nethttp.Header, stream bool) (*response, error) {
	for attempt := 1; ; attempt++ {
		resp, retryable, err := c.attempt(ctx, method, path, hdr, stream)
		if !retryable || attempt >= c.s.maxAttempts {
			return resp, err
		}
		t := time.NewTimer(time.Duration(attempt) * retryBackoff)
		select {
		case <-t.C:
		case <-ctx.Done():
			t.Stop()
			return nil, &Error{Kind: KindCanceled, Method: method, Path: path, Err: ctx.Err()}
		}
	}
}

// attempt sends one request bounded by the timeout and reads its body,
// except, with stream set, the body of a 200 response: the timeout then
// covers the wait for the response headers only, and the body is returned
// unread in resp.stream, whose Close ends the request.
func (c *Client) attempt(ctx context.Context, method, path string, hdr nethttp.Header, stream bool) (resp *response, retryable bool, err error) {
	var (
		actx     context.Context
		cancel   context.CancelFunc
		timer    *time.Timer
		timerHit atomic.Bool // the stream timer fired
	)
	if stream {
		// A timer that can be stopped once the headers are in, so that
		// the caller reads the body at its own pace.
		actx, cancel = context.WithCancel(ctx)
		timer = time.AfterFunc(c.s.timeout, func() { timerHit.Store(true); cancel() })
	} else {
		actx, cancel = context.WithTimeout(ctx, c.s.timeout)
	}
	streaming := false
	defer func() {
		if !streaming {
			if timer != nil {
				timer.Stop()
			}
			cancel()
		}
	}()
	// Whether a connection was made tells "nothing listens there" (give
	// up) from "it listens but does not answer" (maybe a hop limit).
	var connected atomic.Bool
	actx = httptrace.WithClientTrace(actx, &httptrace.ClientTrace{
		GotConn: func(httptrace.GotConnInfo) { connected.Store(true) },
	})
	req, err := nethttp.NewRequestWithContext(actx, method, c.s.endpoint+path, nil)
	if err != nil {
		return nil, false, &Error{Kind: KindConfig, Method: method, Path: path, Err: err}
	}
	for k, v := range hdr {
		req.Header[k] = v
	}
	hresp, err := c.roundTrip(actx, req)
	if err == nil {
		// Stop reports false when the timer has fired: the request is
		// canceled, and the body would fail at once.
		if stream && hresp.StatusCode == nethttp.StatusOK && timer.Stop() {
			streaming = true
			r := &response{status: hresp.StatusCode, header: hresp.Header,
				stream: &cancelOnClose{ReadCloser: hresp.Body, cancel: cancel}}
			return r, false, nil
		}
		var body []byte
		body, err = io.ReadAll(io.LimitReader(hresp.Body, maxResponseBodyBytes))
		hresp.Body.Close()
		if err == nil {
			r := &response{status: hresp.StatusCode, header: hresp.Header, body: body}
			return r, r.status >= 500, nil
		}
	}
	if ctx.Err() != nil {
		return nil, false, &Error{Kind: KindCanceled, Method: method, Path: path, Err: ctx.Err()}
	}
	timedOut := errors.Is(actx.Err(), context.DeadlineExceeded) || timerHit.Load()
	if timedOut {
		if timerHit.Load() {
			err = context.DeadlineExceeded
		}
		err = fmt.Errorf("no answer within %v: %w", c.s.timeout, err)
	}
	e := &Error{Kind: KindUnavailable, Method: method, Path: path, Err: err, connected: connected.Load()}
	// A dropped connection may be a hiccup; a refused connection or a
	// silence will not get better within a second.
	return nil, e.connected && !timedOut, e
}

// roundTrip sends req, logging it and its response as the ClientLogMode
// asks.
func (c *Client) roundTrip(ctx context.Context, req *nethttp.Request) (*nethttp.Response, error) {
	if c.logging == nil {
		return c.http.Do(req)
	}
	send := smithymw.DeserializeHandlerFunc(func(context.Context, smithymw.DeserializeInput) (
		smithymw.DeserializeOutput, smithymw.Metadata, error,
	) {
		var out smithymw.DeserializeOutput
		resp, err := c.http.Do(req)
		if resp != nil {
			out.RawResponse = &smithyhttp.Response{Response: resp}
		}
		return out, smithymw.Metadata{}, err
	})
	out, _, err := c.logging.HandleDeserialize(ctx, smithymw.DeserializeInput{Request: &smithyhttp.Request{Request: req}}, send)
	if err != nil {
		return nil, err
	}
	return out.RawResponse.(*smithyhttp.Response).Response, nil
}

// cancelOnClose is a streamed response body whose Close also ends the
// request's context.
type cancelOnClose struct {
	io.ReadCloser
	cancel context.CancelFunc
}

// Close closes the body and releases the request.
func (b *cancelOnClose) Close() error {
	err := b.ReadCloser.Close()
	b.cancel()
	return err
}
