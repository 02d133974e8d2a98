package s3_test

import (
	"bytes"
	"crypto/x509"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"sort"
	"sync"
	"sync/atomic"
	"testing"

	"github.com/nimbus-sdk/nimbus/credentials"
	"github.com/nimbus-sdk/nimbus/internal/testenv/obstest"
	"github.com/nimbus-sdk/nimbus/services/s3"
	transporthttp "github.com/nimbus-sdk/nimbus/transport/http"
)

// connServer serves GetObject with a body of size bytes over keep-alive
// connections, counting the connections it accepted. While hangups is
// positive, a request for the key "hangup" has its connection closed
// without an answer, and hangups decremented.
type connServer struct {
	*httptest.Server
	conns   atomic.Int32
	hangups atomic.Int32
	size    int
}

func newConnServer(t *testing.T, size int) *connServer {
	s := &connServer{size: size}
	s.Server = httptest.NewUnstartedServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		_, _ = io.Copy(io.Discard, r.Body)
		if r.URL.Path == "/"+telBucket+"/hangup" && s.hangups.Add(-1) >= 0 {
			conn, _, err := w.(http.Hijacker).Hijack()
			if err == nil {
				conn.Close()
			}
			return
		}
		w.Header().Set("Content-Length", fmt.Sprint(s.size))
		_, _ = w.Write(bytes.Repeat([]byte("x"), s.size))
	}))
	s.Config.ConnState = func(_ net.Conn, st http.ConnState) {
		if st == http.StateNew {
			s.conns.Add(1)
		}
	}
	s.Start()
	t.Cleanup(s.Close)
	return s
}

// newConnServerH2 is newConnServer over TLS with HTTP/2, and a client
// that trusts it and negotiates HTTP/2.
func newConnServerH2(t *testing.T, size int, mp *obstest.MeterProvider) (*connServer, *s3.Client) {
	s := &connServer{size: size}
	s.Server = httptest.NewUnstartedServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.ProtoMajor != 2 {
			http.Error(w, "want HTTP/2", http.StatusBadRequest)
			return
		}
		_, _ = w.Write(bytes.Repeat([]byte("x"), s.size))
	}))
	s.EnableHTTP2 = true
	s.Config.ConnState = func(_ net.Conn, st http.ConnState) {
		if st == http.StateNew {
			s.conns.Add(1)
		}
	}
	s.StartTLS()
	t.Cleanup(s.Close)
	roots := x509.NewCertPool()
	roots.AddCert(s.Certificate())
	c := s3.New(s3.Options{
		Region: "us-east-1", BaseEndpoint: s.URL, UsePathStyle: true,
		Credentials: credentials.NewStaticProvider("AKID", "SECRET", ""),
		HTTPClient: transporthttp.NewClient(func(o *transporthttp.ClientOptions) {
			o.RootCAs, o.EnableHTTP2 = roots, true
		}),
		MeterProvider: mp,
	})
	return s, c
}

// inUse returns the current value of the connection usage counter for
// GetObject with state=acquired, and fails t if any point lacks those
// attributes or if the running sum of any attribute set ever went below
// zero.
func inUse(t *testing.T, mp *obstest.MeterProvider) float64 {
	t.Helper()
	want := map[string]any{"rpc.service": "S3", "rpc.method": "GetObject", "state": transporthttp.ConnectionStateAcquired}
	running := map[string]float64{}
	for i, p := range mp.Points(transporthttp.MetricConnectionsUsage) {
		if !p.Has(want) || len(p.Attrs) != len(want) {
			t.Errorf("point %d: attributes %v; want exactly %v", i, p.Attrs, want)
		}
		if p.Value != 1 && p.Value != -1 {
			t.Errorf("point %d: value %v; want +1 or -1", i, p.Value)
		}
		k := attrKey(p.Attrs)
		running[k] += p.Value
		if running[k] < 0 {
			t.Errorf("point %d: %s went negative (%v) for %v", i, transporthttp.MetricConnectionsUsage, running[k], p.Attrs)
		}
	}
	return mp.Sum(transporthttp.MetricConnectionsUsage, want)
}

func attrKey(attrs map[string]any) string {
	keys := make([]string, 0, len(attrs))
	for k := range attrs {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	var b bytes.Buffer
	for _, k := range keys {
		fmt.Fprintf(&b, "%s=%v;", k, attrs[k])
	}
	return b.String()
}

// TestTelemetryConnectionsUsage makes GetObject calls against a
// keep-alive httptest server with an in-memory meter and checks
// client.http.connections.usage: a call holds its connection (+1,
// state=acquired) until its body is read to the end or closed, then gives
// it back (-1), whether net/http pools the connection, closes it (a body
// closed early) or lost it (the server hung up and the call was retried);
// concurrent calls add up, and the counter never goes below zero.
func TestTelemetryConnectionsUsage(t *testing.T) {
	mp := &obstest.MeterProvider{}
	get := func(t *testing.T, c *s3.Client, key string) *s3.GetObjectOutput {
		t.Helper()
		bucket := telBucket
		out, err := c.GetObject(t.Context(), &s3.GetObjectInput{Bucket: &bucket, Key: &key})
		if err != nil {
			t.Fatal(err)
		}
		return out
	}

	t.Run("sequential calls reuse one connection", func(t *testing.T) {
		mp.Reset()
		srv := newConnServer(t, 5)
		c := telemetryClient(srv.Server, nil, mp)
		for i := range 3 {
			out := get(t, c, "k")
			if got := inUse(t, mp); got != 1 {
				t.Errorf("call %d, body open: %v connections in use; want 1", i, got)
			}
			if _, err := io.ReadAll(out.Body); err != nil {
				t.Fatal(err)
			}
			// Read to the end: net/http pooled the connection before the
			// last Read returned.
			if got := inUse(t, mp); got != 0 {
				t.Errorf("call %d, body read: %v connections in use; want 0", i, got)
			}
			out.Body.Close()
			if got := inUse(t, mp); got != 0 {
				t.Errorf("call %d, body closed: %v connections in use; want 0", i, got)
			}
		}
		if n := srv.conns.Load(); n != 1 {
			t.Errorf("server accepted %d connections for 3 sequential calls; want 1 (keep-alive)", n)
		}
		if got := len(mp.Points(transporthttp.MetricConnectionsUsage)); got != 6 {
			t.Errorf("%d usage points; want 6 (+1 and -1 per call)", got)
		}
		inst := mp.Instruments()[transporthttp.MetricConnectionsUsage]
		if inst.Kind != "Int64UpDownCounter" || inst.Unit != "{connection}" {
			t.Errorf("instrument %+v; want an Int64UpDownCounter in {connection}", inst)
		}
	})

	t.Run("concurrent calls", func(t *testing.T) {
		mp.Reset()
		srv := newConnServer(t, 5)
		c := telemetryClient(srv.Server, nil, mp)
		const n = 4
		outs := make([]*s3.GetObjectOutput, n)
		var wg sync.WaitGroup
		for i := range n {
			wg.Add(1)
			go func() { defer wg.Done(); outs[i] = get(t, c, "k") }()
		}
		wg.Wait()
		if t.Failed() {
			t.FailNow()
		}
		if got := inUse(t, mp); got != n {
			t.Errorf("%d calls with their bodies open: %v connections in use; want %d", n, got, n)
		}
		for i, out := range outs {
			_, _ = io.Copy(io.Discard, out.Body)
			out.Body.Close()
			if got, want := inUse(t, mp), float64(n-1-i); got != want {
				t.Errorf("after closing %d bodies: %v connections in use; want %v", i+1, got, want)
			}
		}
		// The pooled connections serve the next round.
		before := srv.conns.Load()
		for range 2 {
			out := get(t, c, "k")
			_, _ = io.Copy(io.Discard, out.Body)
			out.Body.Close()
		}
		if got := srv.conns.Load(); got != before {
			t.Errorf("server accepted %d new connections after the concurrent calls; want 0 (pooled)", got-before)
		}
		if got := inUse(t, mp); got != 0 {
			t.Errorf("after all calls: %v connections in use; want 0", got)
		}
	})

	t.Run("body closed before its end", func(t *testing.T) {
		mp.Reset()
		srv := newConnServer(t, 1<<20)
		c := telemetryClient(srv.Server, nil, mp)
		out := get(t, c, "k")
		buf := make([]byte, 10)
		if _, err := io.ReadFull(out.Body, buf); err != nil {
			t.Fatal(err)
		}
		if got := inUse(t, mp); got != 1 {
			t.Errorf("body half read: %v connections in use; want 1", got)
		}
		// net/http closes this connection rather than pooling it, and
		// reports no PutIdleConn: the close releases it.
		out.Body.Close()
		if got := inUse(t, mp); got != 0 {
			t.Errorf("body closed early: %v connections in use; want 0", got)
		}
		out = get(t, c, "k")
		_, _ = io.Copy(io.Discard, out.Body)
		out.Body.Close()
		if n := srv.conns.Load(); n != 2 {
			t.Errorf("server accepted %d connections; want 2 (the first was closed)", n)
		}
		if got := inUse(t, mp); got != 0 {
			t.Errorf("after a second call: %v connections in use; want 0", got)
		}
	})

	t.Run("HTTP/2 streams", func(t *testing.T) {
		// Over HTTP/2 calls share a connection and net/http reports no
		// PutIdleConn: each call counts while its stream is open, and its
		// body's end releases it.
		mp.Reset()
		srv, c := newConnServerH2(t, 5, mp)
		out := get(t, c, "k") // opens the connection
		_, _ = io.Copy(io.Discard, out.Body)
		out.Body.Close()
		a, b := get(t, c, "k"), get(t, c, "k")
		if got := inUse(t, mp); got != 2 {
			t.Errorf("2 calls with their bodies open: %v in use; want 2", got)
		}
		_, _ = io.Copy(io.Discard, a.Body)
		a.Body.Close()
		if got := inUse(t, mp); got != 1 {
			t.Errorf("one body closed: %v in use; want 1", got)
		}
		b.Body.Close()
		if got := inUse(t, mp); got != 0 {
			t.Errorf("both bodies closed: %v in use; want 0", got)
		}
		if n := srv.conns.Load(); n != 1 {
			t.Errorf("server accepted %d connections; want 1, shared", n)
		}
	})

	t.Run("connection lost", func(t *testing.T) {
		mp.Reset()
		srv := newConnServer(t, 5)
		c := telemetryClient(srv.Server, nil, mp)
		check := func(what string) {
			t.Helper()
			out := get(t, c, "hangup")
			if got := inUse(t, mp); got != 1 {
				t.Errorf("%s, body open: %v connections in use; want 1", what, got)
			}
			_, _ = io.Copy(io.Discard, out.Body)
			out.Body.Close()
			if got := inUse(t, mp); got != 0 {
				t.Errorf("%s, body read: %v connections in use; want 0", what, got)
			}
		}
		// On a new connection: the attempt's Do fails, which releases
		// the connection, and the retryer makes a second attempt.
		srv.hangups.Store(1)
		check("call retried after a hang-up on a new connection")
		if n := srv.conns.Load(); n != 2 {
			t.Errorf("server accepted %d connections; want 2", n)
		}
		// On the pooled connection: net/http sends the request again on
		// a new connection within the same attempt, and reports GotConn
		// twice; the request holds one connection.
		srv.hangups.Store(1)
		check("call resent after a hang-up on a pooled connection")
		if n := srv.conns.Load(); n != 3 {
			t.Errorf("server accepted %d connections; want 3", n)
		}
		if got := len(mp.Points(transporthttp.MetricConnectionsUsage)); got != 6 {
			t.Errorf("%d usage points; want 6 (+1 and -1 per attempt)", got)
		}
	})
}
