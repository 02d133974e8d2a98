package http

import (
	"crypto/tls"
	"crypto/x509"
	"errors"
	"net"
	nethttp "net/http"
	"net/url"
	"time"
)

// Defaults applied by [NewClient] for zero-valued [ClientOptions] fields.
const (
	// DefaultDialTimeout bounds establishing one TCP connection. It is
	// deliberately short: an AWS endpoint answers a SYN in milliseconds,
	// and a dial that has not completed after two SYN retransmissions (at
	// 1 s and 3 s with Linux's initial RTO) is better abandoned so the
	// retryer can redial, usually reaching another address of the same
	// DNS name.
	DefaultDialTimeout = 5 * time.Second

	// DefaultKeepAlive is the TCP keep-alive probe interval. It detects
	// connections silently dropped by NATs and load balancers well before
	// AWS load balancers' 350 s idle limit.
	DefaultKeepAlive = 30 * time.Second

	// DefaultTLSHandshakeTimeout bounds the TLS handshake.
	DefaultTLSHandshakeTimeout = 10 * time.Second

	// DefaultIdleConnTimeout closes pooled connections idle this long,
	// shorter than the idle timeouts AWS front ends apply, so the client
	// rarely reuses a connection the server is closing.
	DefaultIdleConnTimeout = 90 * time.Second

	// DefaultMaxIdleConns is the size of the idle pool across all hosts.
	DefaultMaxIdleConns = 256

	// DefaultMaxIdleConnsPerHost is the size of the idle pool per host.
	// net/http's default of 2 forces workloads that run many requests in
	// parallel against one endpoint (S3 multipart transfers use 16-64
	// workers per transfer, often several transfers at once) to open and
	// TLS-handshake a new connection for almost every request. 128 keeps
	// warm connections for such workloads while [DefaultMaxIdleConns]
	// still bounds the total.
	DefaultMaxIdleConnsPerHost = 128

	// DefaultExpectContinueTimeout is how long a request carrying
	// "Expect: 100-continue" waits for the interim response before it
	// sends its body anyway.
	DefaultExpectContinueTimeout = 1 * time.Second

	// DefaultResponseHeaderTimeout bounds the wait for response headers
	// after the request was written. AWS operations answer within
	// seconds, or send their headers early and keep the connection alive
	// while they work; two minutes leaves a wide margin and still ends a
	// call to a server that never answers.
	DefaultResponseHeaderTimeout = 2 * time.Minute
)

// ClientOptions configures a [Client]. Every field's zero value selects the
// documented default, so callers only set what they want to change.
type ClientOptions struct {
	// DialTimeout bounds establishing a TCP connection.
	// Zero means [DefaultDialTimeout]; a negative value means no limit.
	DialTimeout time.Duration

	// KeepAlive is the TCP keep-alive probe interval.
	// Zero means [DefaultKeepAlive]; a negative value disables keep-alive
	// probes.
	KeepAlive time.Duration

	// TLSHandshakeTimeout bounds the TLS handshake.
	// Zero means [DefaultTLSHandshakeTimeout]; a negative value means no
	// limit.
	TLSHandshakeTimeout time.Duration

	// ResponseHeaderTimeout bounds the wait for the response headers after
	// the request, including its body, has been written, so a server that
	// accepts a request and never answers cannot hold a call forever. Zero
	// means [DefaultResponseHeaderTimeout]; a negative value means no
	// limit. A request that exceeds it fails with a [*ResponseTimeoutError]
	// (retryable). S3's slow operations (CompleteMultipartUpload, CopyObject)
	// send their headers at once and the result later, so they are not
	// affected; clients of services whose operations answer late (Lambda's
	// synchronous Invoke) get a default client with a longer limit. It
	// does not bound reading the body: use the clients' AttemptTimeout.
	ResponseHeaderTimeout time.Duration

	// IdleConnTimeout closes connections idle in the pool this long.
	// Zero means [DefaultIdleConnTimeout]; a negative value means no limit.
	IdleConnTimeout time.Duration

	// MaxIdleConns bounds idle pooled connections across all hosts.
	// Zero means [DefaultMaxIdleConns]; a negative value means no limit.
	MaxIdleConns int

	// MaxIdleConnsPerHost bounds idle pooled connections per host.
	// Zero means [DefaultMaxIdleConnsPerHost]; a negative value disables
	// keeping idle connections.
	MaxIdleConnsPerHost int

	// MaxConnsPerHost bounds all connections (dialing, active and idle)
	// per host. Zero means no limit.
	MaxConnsPerHost int

	// ExpectContinueTimeout is how long a request with an
	// "Expect: 100-continue" header waits for the server's first response
	// before sending its body. Zero means [DefaultExpectContinueTimeout];
	// a negative value sends the body immediately.
	ExpectContinueTimeout time.Duration

	// TLSConfig is the TLS configuration to use. It is cloned, never
	// modified. If nil, a configuration requiring TLS 1.2 or later and
	// using the system roots (or RootCAs) is used.
	TLSConfig *tls.Config

	// RootCAs, when non-nil, replaces the certificate authorities used to
	// verify servers, overriding TLSConfig.RootCAs. The config package
	// loads the shared config's ca_bundle into it.
	RootCAs *x509.CertPool

	// Proxy selects the proxy for a request, as net/http's
	// Transport.Proxy. If nil, [net/http.ProxyFromEnvironment] is used
	// (HTTPS_PROXY, HTTP_PROXY, NO_PROXY). To disable proxies, set a
	// function that returns nil, nil.
	Proxy func(*nethttp.Request) (*url.URL, error)

	// EnableHTTP2 lets the client negotiate HTTP/2 with servers that offer
	// it. It is off by default: S3 and most AWS endpoints speak HTTP/1.1
	// only, and bulk transfers are faster over parallel HTTP/1.1
	// connections than multiplexed over one HTTP/2 connection whose flow
	// control window throttles every stream.
	EnableHTTP2 bool
}

// Client is the default HTTP client of Nimbus service clients: a tuned
// net/http Transport behind a Do method that returns typed errors.
//
// Unlike [net/http.Client] it never follows redirects (an AWS redirect is
// an error to report: the signature does not cover the new host) and it
// does not handle cookies. A Client is safe for concurrent use; share one
// per process or per configuration to share its connection pool.
type Client struct {
	transport             *nethttp.Transport
	responseHeaderTimeout time.Duration
}

// NewClient returns a Client configured by [ClientOptions]; each optFn
// modifies a copy of the defaults.
func NewClient(optFns ...func(*ClientOptions)) *Client {
	var o ClientOptions
	for _, fn := range optFns {
		fn(&o)
	}
	return &Client{
		transport:             newTransport(o),
		responseHeaderTimeout: durationOr(o.ResponseHeaderTimeout, DefaultResponseHeaderTimeout),
	}
}

// durationOr returns def for zero, zero (no limit) for negative values,
// and d otherwise.
func durationOr(d, def time.Duration) time.Duration {
	switch {
	case d == 0:
		return def
	case d < 0:
		return 0
	}
	return d
}

func intOr(n, def int) int {
	switch {
	case n == 0:
		return def
	case n < 0:
		return 0
	}
	return n
}

func newTransport(o ClientOptions) *nethttp.Transport {
	dialer := &net.Dialer{
		Timeout:   durationOr(o.DialTimeout, DefaultDialTimeout),
		KeepAlive: o.KeepAlive,
	}
	if dialer.KeepAlive == 0 {
		dialer.KeepAlive = DefaultKeepAlive
	}

	var tlsConfig *tls.Config
	if o.TLSConfig != nil {
		tlsConfig = o.TLSConfig.Clone()
	} else {
		tlsConfig = &tls.Config{MinVersion: tls.VersionTLS12}
	}
	if o.RootCAs != nil {
		tlsConfig.RootCAs = o.RootCAs
	}

	proxy := o.Proxy
	if proxy == nil {
		proxy = nethttp.ProxyFromEnvironment
	}

	t := &nethttp.Transport{
		Proxy:                 proxy,
		DialContext:           dialer.DialContext,
		TLSClientConfig:       tlsConfig,
		TLSHandshakeTimeout:   durationOr(o.TLSHandshakeTimeout, DefaultTLSHandshakeTimeout),
		ResponseHeaderTimeout: durationOr(o.ResponseHeaderTimeout, DefaultResponseHeaderTimeout),
		IdleConnTimeout:       durationOr(o.IdleConnTimeout, DefaultIdleConnTimeout),
		MaxIdleConns:          intOr(o.MaxIdleConns, DefaultMaxIdleConns),
		MaxIdleConnsPerHost:   o.MaxIdleConnsPerHost,
		MaxConnsPerHost:       max(o.MaxConnsPerHost, 0),
		ExpectContinueTimeout: durationOr(o.ExpectContinueTimeout, DefaultExpectContinueTimeout),
		ForceAttemptHTTP2:     o.EnableHTTP2,
	}
	switch {
	case t.MaxIdleConnsPerHost == 0:
		t.MaxIdleConnsPerHost = DefaultMaxIdleConnsPerHost
	case t.MaxIdleConnsPerHost < 0:
		t.DisableKeepAlives = true
		t.MaxIdleConnsPerHost = 0
	}
	if !o.EnableHTTP2 {
		// A non-nil empty map is net/http's documented way to turn off
		// HTTP/2 negotiation.
		t.TLSNextProto = map[string]func(string, *tls.Conn) nethttp.RoundTripper{}
	}
	return t
}

// Do sends req and returns the response, as [net/http.Client.Do] does but
// without following redirects.
//
// Any response, whatever its status code, is returned with a nil error;
// the caller must close its Body. If no response arrives, Do returns
// a nil response and:
//   - the context's error when req's context is done, so callers can tell
//     cancellation from failure with errors.Is;
//   - a [*ResponseTimeoutError] when the response headers did not arrive
//     within ClientOptions.ResponseHeaderTimeout;
//   - a [*RequestSendError] otherwise.
//
// Like net/http, Do closes req.Body, even on errors.
func (c *Client) Do(req *nethttp.Request) (*nethttp.Response, error) {
	resp, err := c.transport.RoundTrip(req)
	if err == nil {
		return resp, nil
	}
	if ctxErr := req.Context().Err(); ctxErr != nil {
		return nil, ctxErr
	}
	if c.responseHeaderTimeout > 0 && isHeaderTimeout(err) {
		return nil, &ResponseTimeoutError{Limit: c.responseHeaderTimeout, Err: err}
	}
	return nil, &RequestSendError{Err: err}
}

// isHeaderTimeout reports whether a RoundTrip error is a timeout raised
// above the connection: net/http reports dial and I/O timeouts as
// *net.OpError, and the response header timeout as a bare timeout error.
// (A TLS handshake timeout is also bare; both mean the server did not
// answer in time.)
func isHeaderTimeout(err error) bool {
	var te interface{ Timeout() bool }
	if !errors.As(err, &te) || !te.Timeout() {
		return false
	}
	var opErr *net.OpError
	return !errors.As(err, &opErr)
}

// CloseIdleConnections closes the pooled connections that are idle. It
// does not interrupt connections in use.
func (c *Client) CloseIdleConnections() {
	c.transport.CloseIdleConnections()
}
