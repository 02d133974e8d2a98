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
)

// Metrics records the HTTP client metrics of the requests a
// [ClientHandler] sends: connection acquisition, DNS and TLS times and the
// time to first byte from net/http's client trace (httptrace), the time
// of Do, and the body bytes sent and received. Build it once per meter
// with [NewMetrics] and share it; it is safe for concurrent use.
//
// A ClientHandler without Metrics installs no client trace and wraps no
// body, so it costs nothing.
type Metrics struct {
	acquire, dns, tlsHandshake, ttfb, doDuration metrics.Float64Histogram
	sent, received                               metrics.Int64Counter
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
	return m, nil
}

// do sends req with client, recording the request's metrics with opts.
func (m *Metrics) do(ctx context.Context, client HTTPDoer, req *nethttp.Request, opts []metrics.RecordMetricOption) (*nethttp.Response, error) {
	t := &requestTrace{m: m, ctx: ctx, opts: opts}
	req = req.WithContext(httptrace.WithClientTrace(req.Context(), &httptrace.ClientTrace{
		GetConn:              t.getConn,
		GotConn:              t.gotConn,
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
	if err == nil && resp.Body != nil {
		resp.Body = &countingBody{ReadCloser: resp.Body, done: func(n int64) { m.received.Add(ctx, n, opts...) }}
	}
	return resp, err
}

// requestTrace holds the times of one request's client trace. net/http
// may call the hooks of a connection being dialed from another
// goroutine, so they lock.
type requestTrace struct {
	m    *Metrics
	ctx  context.Context
	opts []metrics.RecordMetricOption

	mu                        sync.Mutex
	start, getConnAt, dnsAt   time.Time
	tlsAt                     time.Time
	gotConnDone, firstByteGot bool
}

func (t *requestTrace) getConn(string) {
	t.mu.Lock()
	t.getConnAt = time.Now()
	t.mu.Unlock()
}

func (t *requestTrace) gotConn(httptrace.GotConnInfo) {
	t.mu.Lock()
	at, done := t.getConnAt, t.gotConnDone
	t.gotConnDone = true
	t.mu.Unlock()
	if !done && !at.IsZero() {
		t.m.acquire.Record(t.ctx, seconds(time.Since(at)), t.opts...)
	}
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
