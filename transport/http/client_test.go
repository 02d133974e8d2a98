package http

import (
	"context"
	"crypto/tls"
	"crypto/x509"
	"errors"
	"io"
	"log"
	"net"
	nethttp "net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"syscall"
	"testing"
	"time"
)

func TestNewClientDefaults(t *testing.T) {
	tr := NewClient().transport
	tests := []struct {
		name      string
		got, want any
	}{
		{"TLSHandshakeTimeout", tr.TLSHandshakeTimeout, DefaultTLSHandshakeTimeout},
		{"ResponseHeaderTimeout", tr.ResponseHeaderTimeout, DefaultResponseHeaderTimeout},
		{"IdleConnTimeout", tr.IdleConnTimeout, DefaultIdleConnTimeout},
		{"MaxIdleConns", tr.MaxIdleConns, DefaultMaxIdleConns},
		{"MaxIdleConnsPerHost", tr.MaxIdleConnsPerHost, DefaultMaxIdleConnsPerHost},
		{"ExpectContinueTimeout", tr.ExpectContinueTimeout, DefaultExpectContinueTimeout},
		{"ForceAttemptHTTP2", tr.ForceAttemptHTTP2, false},
		{"TLSNextProto empty", len(tr.TLSNextProto) == 0 && tr.TLSNextProto != nil, true},
		{"MinVersion", tr.TLSClientConfig.MinVersion, uint16(tls.VersionTLS12)},
		{"Proxy set", tr.Proxy != nil, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if tt.got != tt.want {
				t.Errorf("got %v; want %v", tt.got, tt.want)
			}
		})
	}
}

func TestNewClientOverrides(t *testing.T) {
	pool := x509.NewCertPool()
	base := &tls.Config{ServerName: "example"}
	tr := NewClient(func(o *ClientOptions) {
		o.TLSHandshakeTimeout = -1
		o.ResponseHeaderTimeout = 3 * time.Second
		o.MaxIdleConnsPerHost = -1
		o.ExpectContinueTimeout = -1
		o.TLSConfig = base
		o.RootCAs = pool
	}).transport
	if tr.TLSHandshakeTimeout != 0 {
		t.Errorf("TLSHandshakeTimeout = %v; want 0 (no limit)", tr.TLSHandshakeTimeout)
	}
	if tr.ResponseHeaderTimeout != 3*time.Second {
		t.Errorf("ResponseHeaderTimeout = %v; want 3s", tr.ResponseHeaderTimeout)
	}
	if !tr.DisableKeepAlives {
		t.Errorf("DisableKeepAlives = false; want true for MaxIdleConnsPerHost < 0")
	}
	if tr.ExpectContinueTimeout != 0 {
		t.Errorf("ExpectContinueTimeout = %v; want 0", tr.ExpectContinueTimeout)
	}
	if tr.TLSClientConfig == base || base.RootCAs != nil {
		t.Errorf("TLSConfig was not cloned")
	}
	if tr.TLSClientConfig.RootCAs != pool || tr.TLSClientConfig.ServerName != "example" {
		t.Errorf("TLS config = %+v; want RootCAs from options and ServerName kept", tr.TLSClientConfig)
	}
}

// tlsServer starts an HTTPS server that reports the protocol it served.
func tlsServer(t *testing.T) (*httptest.Server, *x509.CertPool) {
	t.Helper()
	ts := httptest.NewUnstartedServer(nethttp.HandlerFunc(func(w nethttp.ResponseWriter, r *nethttp.Request) {
		io.WriteString(w, r.Proto)
	}))
	ts.EnableHTTP2 = true
	ts.Config.ErrorLog = log.New(io.Discard, "", 0) // quiet the unknown-authority test
	ts.StartTLS()
	t.Cleanup(ts.Close)
	pool := x509.NewCertPool()
	pool.AddCert(ts.Certificate())
	return ts, pool
}

func TestClientHTTPVersion(t *testing.T) {
	ts, pool := tlsServer(t)
	tests := []struct {
		name  string
		http2 bool
		want  string
	}{
		{"default HTTP/1.1", false, "HTTP/1.1"},
		{"EnableHTTP2", true, "HTTP/2.0"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := NewClient(func(o *ClientOptions) {
				o.RootCAs = pool
				o.EnableHTTP2 = tt.http2
			})
			defer c.CloseIdleConnections()
			req, _ := nethttp.NewRequest("GET", ts.URL, nil)
			resp, err := c.Do(req)
			if err != nil {
				t.Fatalf("Do: %v", err)
			}
			defer resp.Body.Close()
			b, _ := io.ReadAll(resp.Body)
			if string(b) != tt.want {
				t.Errorf("server saw %q; want %q", b, tt.want)
			}
		})
	}
}

func TestClientUnknownAuthorityIsNotRetryable(t *testing.T) {
	ts, _ := tlsServer(t)
	c := NewClient() // system roots do not trust the test certificate
	req, _ := nethttp.NewRequest("GET", ts.URL, nil)
	_, err := c.Do(req)
	var sendErr *RequestSendError
	if !errors.As(err, &sendErr) {
		t.Fatalf("Do error = %T %v; want *RequestSendError", err, err)
	}
	if IsRetryableConnError(err) {
		t.Errorf("IsRetryableConnError(%v) = true; want false", err)
	}
}

func TestClientDoesNotFollowRedirects(t *testing.T) {
	ts := httptest.NewServer(nethttp.HandlerFunc(func(w nethttp.ResponseWriter, r *nethttp.Request) {
		nethttp.Redirect(w, r, "/elsewhere", nethttp.StatusMovedPermanently)
	}))
	defer ts.Close()
	req, _ := nethttp.NewRequest("GET", ts.URL+"/start", nil)
	resp, err := NewClient().Do(req)
	if err != nil {
		t.Fatalf("Do: %v", err)
	}
	resp.Body.Close()
	if resp.StatusCode != nethttp.StatusMovedPermanently {
		t.Errorf("StatusCode = %d; want 301", resp.StatusCode)
	}
}

func TestClientResponseHeaderTimeout(t *testing.T) {
	release := make(chan struct{})
	ts := httptest.NewServer(nethttp.HandlerFunc(func(w nethttp.ResponseWriter, r *nethttp.Request) {
		<-release
	}))
	defer ts.Close()
	defer close(release)

	c := NewClient(func(o *ClientOptions) { o.ResponseHeaderTimeout = 50 * time.Millisecond })
	req, _ := nethttp.NewRequest("GET", ts.URL, nil)
	_, err := c.Do(req)
	var rte *ResponseTimeoutError
	if !errors.As(err, &rte) {
		t.Fatalf("Do error = %T %v; want *ResponseTimeoutError", err, err)
	}
	if rte.Limit != 50*time.Millisecond || !rte.Timeout() {
		t.Errorf("ResponseTimeoutError = %+v; want Limit 50ms and Timeout() true", rte)
	}
	if !IsRetryableConnError(err) {
		t.Errorf("IsRetryableConnError(%v) = false; want true", err)
	}
}

// hijackServer answers every request by taking over the connection and
// closing it, with an RST when reset is set and a FIN otherwise.
func hijackServer(t *testing.T, reset bool) *httptest.Server {
	t.Helper()
	ts := httptest.NewServer(nethttp.HandlerFunc(func(w nethttp.ResponseWriter, r *nethttp.Request) {
		conn, _, err := w.(nethttp.Hijacker).Hijack()
		if err != nil {
			t.Errorf("hijack: %v", err)
			return
		}
		if tcp, ok := conn.(*net.TCPConn); ok && reset {
			tcp.SetLinger(0)
		}
		conn.Close()
	}))
	t.Cleanup(ts.Close)
	return ts
}

func TestClientConnectionFailures(t *testing.T) {
	refused := func() string {
		l, err := net.Listen("tcp", "127.0.0.1:0")
		if err != nil {
			t.Fatal(err)
		}
		addr := l.Addr().String()
		l.Close()
		return "http://" + addr
	}()
	tests := []struct {
		name      string
		url       string
		wantReset bool
		wantErrno error
	}{
		{"reset", hijackServer(t, true).URL, true, syscall.ECONNRESET},
		{"closed without response", hijackServer(t, false).URL, false, nil},
		{"refused", refused, false, syscall.ECONNREFUSED},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			req, _ := nethttp.NewRequest("POST", tt.url, nil)
			resp, err := NewClient().Do(req)
			if resp != nil {
				t.Fatalf("Do returned a response %v; want nil", resp.Status)
			}
			var sendErr *RequestSendError
			if !errors.As(err, &sendErr) || !sendErr.ConnectionError() {
				t.Fatalf("Do error = %T %v; want *RequestSendError", err, err)
			}
			if tt.wantErrno != nil && !errors.Is(err, tt.wantErrno) {
				t.Errorf("errors.Is(%v, %v) = false", err, tt.wantErrno)
			}
			if got := IsConnectionReset(err); got != tt.wantReset {
				t.Errorf("IsConnectionReset(%v) = %v; want %v", err, got, tt.wantReset)
			}
			if !IsRetryableConnError(err) {
				t.Errorf("IsRetryableConnError(%v) = false; want true", err)
			}
		})
	}
}

func TestClientContextCanceled(t *testing.T) {
	ts := httptest.NewServer(nethttp.HandlerFunc(func(w nethttp.ResponseWriter, r *nethttp.Request) {
		<-r.Context().Done()
	}))
	defer ts.Close()
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Millisecond)
	defer cancel()
	req, _ := nethttp.NewRequestWithContext(ctx, "GET", ts.URL, nil)
	_, err := NewClient().Do(req)
	if !errors.Is(err, context.DeadlineExceeded) {
		t.Fatalf("Do error = %v; want context.DeadlineExceeded", err)
	}
	if IsRetryableConnError(err) {
		t.Errorf("IsRetryableConnError(%v) = true; want false", err)
	}
}

type timeoutErr struct{}

func (timeoutErr) Error() string   { return "timed out" }
func (timeoutErr) Timeout() bool   { return true }
func (timeoutErr) Temporary() bool { return true }

func TestIsRetryableConnError(t *testing.T) {
	opErr := func(err error) error {
		return &net.OpError{Op: "read", Net: "tcp", Err: os.NewSyscallError("read", err)}
	}
	urlErr := func(err error) error { return &url.Error{Op: "Get", URL: "https://x", Err: err} }
	tests := []struct {
		name string
		err  error
		want bool
	}{
		{"nil", nil, false},
		{"reset", opErr(syscall.ECONNRESET), true},
		{"broken pipe", opErr(syscall.EPIPE), true},
		{"refused", urlErr(opErr(syscall.ECONNREFUSED)), true},
		{"timeout", urlErr(timeoutErr{}), true},
		{"unexpected EOF", io.ErrUnexpectedEOF, true},
		{"bare EOF", io.EOF, false},
		{"EOF before response", &RequestSendError{Err: urlErr(io.EOF)}, true},
		{"canceled", &RequestSendError{Err: urlErr(context.Canceled)}, false},
		{"deadline", context.DeadlineExceeded, false},
		{"no such host", &RequestSendError{Err: &net.DNSError{Err: "no such host", Name: "x", IsNotFound: true}}, false},
		{"dns timeout", &RequestSendError{Err: &net.DNSError{Err: "timeout", Name: "x", IsTimeout: true}}, true},
		{"unknown authority", &RequestSendError{Err: urlErr(x509.UnknownAuthorityError{})}, false},
		{"other send error", &RequestSendError{Err: errors.New("boom")}, true},
		{"plain error", errors.New("boom"), false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := IsRetryableConnError(tt.err); got != tt.want {
				t.Errorf("IsRetryableConnError(%v) = %v; want %v", tt.err, got, tt.want)
			}
		})
	}
}
