package http

import (
	"context"
	"crypto/tls"
	"io"
	nethttp "net/http"
	"net/http/httptrace"
	"sync"
	"sync/atomic"
	"time"

	"github.com/aws/smithy-go/metrics"
)

// Names of the HTTP client metrics [Metrics] records, with
// aws-sdk-go-v2's names and units. Durations are in seconds ("s"), byte
// counts in bytes ("By").
const (
	// MetricConnectionAcquireDuration is the time from asking the HTTP
	// client's pool for a connection to getting one, including the wait
	// for a free connection and, for a new one, DNS, dialing and TLS.
	MetricConnectionAcquireDuration = "client.http.connections.acquire_duration"
	// MetricDNSLookupDuration is the time of the DNS lookup of a new
	// connection.
	MetricDNSLookupDuration = "client.http.connections.dns_lookup_duration"
	// MetricTLSHandshakeDuration is the time of the TLS handshake of a
	// new connection.
	MetricTLSHandshakeDuration = "client.http.connections.tls_handshake_duration"
	// MetricTimeToFirstByte is the time from sending a request to the
	// first byte of its response.
	MetricTimeToFirstByte = "client.http.time_to_first_byte"
	// MetricDoRequestDuration is the time the HTTP client's Do takes: from
	// sending a request to having its status and headers.
	MetricDoRequestDuration = "client.http.do_request_duration"
	// MetricBytesSent counts the request body bytes the HTTP client read
	// to send.
	MetricBytesSent = "client.http.bytes_sent"
	// MetricBytesReceived counts the response body bytes read by the
	// caller (the deserializer, or the caller of a streaming operation),
	// recorded when the body is read to its end or closed.
	MetricBytesReceived = "client.http.bytes_received"
	// MetricConnectionsUsage is an up-down counter ({connection}) of the
	// connections requests hold, with the attribute state="acquired":
	// +1 when net/http hands a request a connection, -1 when the request
	// gives it back. See [Metrics] for when that is.
	MetricConnectionsUsage = "client.http.connections.usage"
)

// ConnectionStateAcquired is the value of the state attribute of
// [MetricConnectionsUsage]'s points, as in aws-sdk-go-v2.
const ConnectionStateAcquired = "acquired"

// Metrics records the HTTP client metrics of the requests a
// [ClientHandler] sends: connection acquisition, DNS and TLS times and the
// time to first byte from net/http's client trace (httptrace), the time
// of Do, the body bytes sent and received, and the connections requests
// hold. Build it once per meter with [NewMetrics] and share it; it is safe
// for concurrent use.
//
// # Connections in use
//
// [MetricConnectionsUsage] counts, like aws-sdk-go-v2, the connections
// held by requests, with state="acquired" (and the ClientHandler's
// MetricOptions): a request adds 1 when net/http's client trace reports
// GotConn, and takes it away once, at the first of
//   - PutIdleConn: net/http put the connection back in its idle pool (or
//     failed to, and closed it), which for a response with a body happens
//     when the body is read to its end, before that read returns;
//   - the response body read to its end or closed: this also covers the
//     connections net/http closes instead of pooling (a body closed
//     before its end, "Connection: close", keep-alives disabled) and
//     HTTP/2 streams, for which no PutIdleConn comes;
//   - Do failing.
//
// So the counter rises while calls wait for their responses or stream
// their bodies, returns to its level when they finish, and never goes
// below it; a response body that is never closed stays counted, as its
// connection stays taken. A request that net/http retries on a second
// connection (the first one, reused, was found dead) counts once. Over
// HTTP/2 the count is of streams, several of which may share a connection.
//
// aws-sdk-go-v2 declares a state="idle" series too but never records it,
// and neither does Metrics: net/http reports no event when it closes an
// idle connection (idle timeout, pool limits, the server hanging up), so
// a count of idle connections would only grow.
//
// A ClientHandler without Metrics installs no client trace and wraps no
// body, so it costs nothing.
type Metrics struct {
	acquire, dns, tlsHandshake, ttfb, doDuration metrics.Float64Histogram
	sent, received                               metrics.Int64Counter
	usage                                        metrics.Int64UpDownCounter
}

// NewMetrics creates the instruments of [Metrics] with meter.
func NewMetrics(meter metrics.Meter) (*Metrics, error) {
	m := &Metrics{}
	hists := []struct {
		dst        *metrics.Float64Histogram
		name, desc string
	}{
		{&m.acquire, MetricConnectionAcquireDuration, "Wait for a connection from the pool, dialing included when a new one is made."},
		{&m.dns, MetricDNSLookupDuration, "DNS resolution time of a new connection."},
		{&m.tlsHandshake, MetricTLSHandshakeDuration, "TLS handshake time of a new connection."},
		{&m.ttfb, MetricTimeToFirstByte, "Delay between starting a request and reading the first byte of its response."},
		{&m.doDuration, MetricDoRequestDuration, "Duration of the HTTP client's Do: the request out, the status and headers back."},
	}
	for _, h := range hists {
		desc := h.desc
		v, err := meter.Float64Histogram(h.name, func(o *metrics.InstrumentOptions) {
			o.UnitLabel, o.Description = "s", desc
		})
		if err != nil {
			return nil, err
		}
		*h.dst = v
	}
	counters := []struct {
		dst        *metrics.Int64Counter
		name, desc string
	}{
		{&m.sent, MetricBytesSent, "Request body bytes the HTTP client read to send."},
		{&m.received, MetricBytesReceived, "Response body bytes read by the SDK or the caller."},
	}
	for _, c := range counters {
		desc := c.desc
		v, err := meter.Int64Counter(c.name, func(o *metrics.InstrumentOptions) {
			o.UnitLabel, o.Description = "By", desc
		})
		if err != nil {
			return nil, err
		}
		*c.dst = v
	}
	usage, err := meter.Int64UpDownCounter(MetricConnectionsUsage, func(o *metrics.InstrumentOptions) {
		o.UnitLabel, o.Description = "{connection}", "Connections held by requests, from acquiring one to releasing it."
	})
	if err != nil {
		return nil, err
	}
	m.usage = usage
	return m, nil
}

// do sends req with client, recording the request's metrics with opts.
func (m *Metrics) do(ctx context.Context, client HTTPDoer, req *nethttp.Request, opts []metrics.RecordMetricOption) (*nethttp.Response, error) {
	t := &requestTrace{m: m, ctx: ctx, opts: opts}
	t.connOpts = append(append(t.connOptsBuf[:0], opts...), stateAcquired)
	req = req.WithContext(httptrace.WithClientTrace(req.Context(), &httptrace.ClientTrace{
		GetConn:              t.getConn,
		GotConn:              t.gotConn,
		PutIdleConn:          t.putIdleConn,
		DNSStart:             t.dnsStart,
		DNSDone:              t.dnsDone,
		TLSHandshakeStart:    t.tlsStart,
		TLSHandshakeDone:     t.tlsDone,
		GotFirstResponseByte: t.firstByte,
	}))
	if req.Body != nil && req.Body != nethttp.NoBody {
		req.Body = &countingBody{ReadCloser: req.Body, done: func(n int64) { m.sent.Add(ctx, n, opts...) }}
	}
	t.start = time.Now()
	resp, err := client.Do(req)
	m.doDuration.Record(ctx, seconds(time.Since(t.start)), opts...)
	switch {
	case err != nil:
		t.release()
	case resp.Body != nil:
		resp.Body = &countingBody{ReadCloser: resp.Body, done: t.bodyDone}
	default:
		t.release() // cannot happen with net/http: a response has a Body
	}
	return resp, err
}

// stateAcquired sets the state attribute of the connection usage
// counter's points.
func stateAcquired(o *metrics.RecordMetricOptions) {
	o.Properties.Set("state", ConnectionStateAcquired)
}

// requestTrace holds the times of one request's client trace. net/http
// may call the hooks of a connection being dialed from another
// goroutine, so they lock.
type requestTrace struct {
	m    *Metrics
	ctx  context.Context
	opts []metrics.RecordMetricOption

	// connOpts are opts and state="acquired", for the usage counter; in
	// connOptsBuf when they fit, so that they cost no allocation.
	connOpts    []metrics.RecordMetricOption
	connOptsBuf [4]metrics.RecordMetricOption

	mu                        sync.Mutex
	start, getConnAt, dnsAt   time.Time
	tlsAt                     time.Time
	gotConnDone, firstByteGot bool
	// held: the request holds a connection counted in usage. released:
	// the request is done with connections, and a late GotConn is not
	// counted.
	held, released bool
}

func (t *requestTrace) getConn(string) {
	t.mu.Lock()
	t.getConnAt = time.Now()
	t.mu.Unlock()
}

// gotConn counts the connection as acquired, unless the request already
// holds one: when net/http retries a request on another connection
// because the reused one it got first was dead, the request still holds
// one connection.
func (t *requestTrace) gotConn(httptrace.GotConnInfo) {
	t.mu.Lock()
	at, done := t.getConnAt, t.gotConnDone
	t.gotConnDone = true
	if !t.held && !t.released {
		t.held = true
		// Under the lock, so that the release's -1 cannot be recorded
		// before this +1.
		t.m.usage.Add(t.ctx, 1, t.connOpts...)
	}
	t.mu.Unlock()
	if !done && !at.IsZero() {
		t.m.acquire.Record(t.ctx, seconds(time.Since(at)), t.opts...)
	}
}

func (t *requestTrace) putIdleConn(error) { t.release() }

// release ends the request's hold on its connection, once.
func (t *requestTrace) release() {
	t.mu.Lock()
	if t.held {
		t.m.usage.Add(t.ctx, -1, t.connOpts...)
	}
	t.held, t.released = false, true
	t.mu.Unlock()
}

// bodyDone records the response body bytes read, at the end of the body
// or when it is closed, and releases the connection.
func (t *requestTrace) bodyDone(n int64) {
	t.m.received.Add(t.ctx, n, t.opts...)
	t.release()
}

func (t *requestTrace) dnsStart(httptrace.DNSStartInfo) {
	t.mu.Lock()
	t.dnsAt = time.Now()
	t.mu.Unlock()
}

func (t *requestTrace) dnsDone(httptrace.DNSDoneInfo) {
	t.mu.Lock()
	at := t.dnsAt
	t.mu.Unlock()
	if !at.IsZero() {
		t.m.dns.Record(t.ctx, seconds(time.Since(at)), t.opts...)
	}
}

func (t *requestTrace) tlsStart() {
	t.mu.Lock()
	t.tlsAt = time.Now()
	t.mu.Unlock()
}

func (t *requestTrace) tlsDone(tls.ConnectionState, error) {
	t.mu.Lock()
	at := t.tlsAt
	t.mu.Unlock()
	if !at.IsZero() {
		t.m.tlsHandshake.Record(t.ctx, seconds(time.Since(at)), t.opts...)
	}
}

func (t *requestTrace) firstByte() {
	t.mu.Lock()
	start, done := t.start, t.firstByteGot
	t.firstByteGot = true
	t.mu.Unlock()
	if !done {
		t.m.ttfb.Record(t.ctx, seconds(time.Since(start)), t.opts...)
	}
}

// countingBody counts the bytes read through it and reports them once,
// at the end of the body or when it is closed.
// net/http may close a request body while another goroutine reads it,
// hence the atomic count.
type countingBody struct {
	io.ReadCloser
	n    atomic.Int64
	once sync.Once
	done func(n int64)
}

func (b *countingBody) Read(p []byte) (int, error) {
	n, err := b.ReadCloser.Read(p)
	b.n.Add(int64(n))
	if err == io.EOF {
		b.report()
	}
	return n, err
}

func (b *countingBody) Close() error {
	err := b.ReadCloser.Close()
	b.report()
	return err
}

func (b *countingBody) report() { b.once.Do(func() { b.done(b.n.Load()) }) }

func seconds(d time.Duration) float64 { return d.Seconds() }
