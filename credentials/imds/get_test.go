package imds

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"runtime"
	"strings"
	"testing"
	"time"

	"github.com/aws/smithy-go/logging"

	"github.com/nimbus-sdk/nimbus/middleware"
)

// serve returns a handler that writes body with a 200 status.
func serve(body string) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) { fmt.Fprint(w, body) }
}

// hijack returns a handler that writes raw, a whole HTTP response or the
// start of one, on the bare connection and closes it.
func hijack(t *testing.T, raw string) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		conn, buf, err := http.NewResponseController(w).Hijack()
		if err != nil {
			t.Errorf("hijack: %v", err)
			return
		}
		defer conn.Close()
		buf.WriteString(raw)
		buf.Flush()
	}
}

func TestGet(t *testing.T) {
	bodies := []struct{ path, body string }{
		{"/latest/user-data", "#!/bin/sh\necho hi\n"},
		{"/latest/dynamic/instance-identity/signature", "c2lnbmF0dXJl"},
	}
	f := newFakeIMDS()
	f.paths = map[string]http.HandlerFunc{}
	for _, b := range bodies {
		f.paths[b.path] = serve(b.body)
	}
	c := NewClient(testOptions(f.start(t).URL, nil))
	for _, b := range bodies {
		body, err := c.Get(context.Background(), b.path)
		if err != nil {
			t.Fatalf("Get(%q): %v", b.path, err)
		}
		got, err := io.ReadAll(body)
		body.Close()
		if err != nil || string(got) != b.body {
			t.Errorf("Get(%q) body = %q, %v; want %q", b.path, got, err, b.body)
		}
	}
	want := []string{
		"PUT /latest/api/token",
		"GET /latest/user-data token",
		"GET /latest/dynamic/instance-identity/signature token",
	}
	if got := f.log(); strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("requests = %q; want %q (one token, reused)", got, want)
	}
}

func TestGetErrors(t *testing.T) {
	tests := []struct {
		name       string
		path       string
		status     int
		wantKind   Kind
		wantStatus int
		wantGETs   int
	}{
		{"not found", "/latest/meta-data/nope", 0, KindNotFound, 404, 1},
		{"server error is retried", "/latest/user-data", 500, KindStatus, 500, 2},
		{"relative path", "latest/user-data", 0, KindInvalidPath, 0, 0},
		{"query", "/latest/user-data?x=1", 0, KindInvalidPath, 0, 0},
		{"fragment", "/latest/user-data#x", 0, KindInvalidPath, 0, 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := newFakeIMDS()
			if tt.status != 0 {
				f.paths = map[string]http.HandlerFunc{tt.path: func(w http.ResponseWriter, r *http.Request) {
					http.Error(w, "boom", tt.status)
				}}
			}
			body, err := NewClient(testOptions(f.start(t).URL, nil)).Get(context.Background(), tt.path)
			if body != nil {
				t.Errorf("Get(%q) returned a body with error %v", tt.path, err)
			}
			e := checkKind(t, err, tt.wantKind)
			if e.StatusCode != tt.wantStatus {
				t.Errorf("StatusCode = %d; want %d", e.StatusCode, tt.wantStatus)
			}
			if got := f.count("GET"); got != tt.wantGETs {
				t.Errorf("%d GET requests; want %d", got, tt.wantGETs)
			}
		})
	}
}

func TestGetRefreshesTokenOn401(t *testing.T) {
	f := newFakeIMDS()
	f.paths = map[string]http.HandlerFunc{"/latest/user-data": serve("data")}
	c := NewClient(testOptions(f.start(t).URL, nil))
	for i := range 2 {
		if i == 1 {
			f.revokeTokens()
		}
		body, err := c.Get(context.Background(), "/latest/user-data")
		if err != nil {
			t.Fatalf("Get #%d: %v", i+1, err)
		}
		body.Close()
	}
	if n := f.count("PUT"); n != 2 {
		t.Errorf("token requests = %d; want 2 (a new token after the 401)", n)
	}
}

func TestGetV1Fallback(t *testing.T) {
	f := newFakeIMDS()
	f.tokenStatus, f.v1Allowed = 403, true
	f.paths = map[string]http.HandlerFunc{"/latest/user-data": serve("data")}
	log := &captureLogger{}
	c := NewClient(testOptions(f.start(t).URL, nil, func(o *Options) { o.Logger = log }))
	body, err := c.Get(context.Background(), "/latest/user-data")
	if err != nil {
		t.Fatal(err)
	}
	got, _ := io.ReadAll(body)
	body.Close()
	if string(got) != "data" {
		t.Errorf("body = %q; want %q", got, "data")
	}
	if want := []string{"PUT /latest/api/token", "GET /latest/user-data"}; strings.Join(f.log(), "\n") != strings.Join(want, "\n") {
		t.Errorf("requests = %q; want %q", f.log(), want)
	}
	if len(log.lines) != 1 || !strings.HasPrefix(log.lines[0], "WARN ") || !strings.Contains(log.lines[0], "falling back to IMDSv1") {
		t.Errorf("log = %q; want one warning about the IMDSv1 fallback", log.lines)
	}
}

// TestGetStreamsBody checks that the body is not read before the caller
// reads it: the timeout covers the headers only, and a huge declared
// length costs nothing.
func TestGetStreamsBody(t *testing.T) {
	t.Run("slow body outlives the timeout", func(t *testing.T) {
		f := newFakeIMDS()
		release := make(chan struct{})
		f.paths = map[string]http.HandlerFunc{"/latest/user-data": func(w http.ResponseWriter, r *http.Request) {
			fmt.Fprint(w, "first ")
			w.(http.Flusher).Flush()
			<-release
			fmt.Fprint(w, "second")
		}}
		c := NewClient(testOptions(f.start(t).URL, nil, func(o *Options) { o.Timeout = 100 * time.Millisecond }))
		body, err := c.Get(context.Background(), "/latest/user-data")
		if err != nil {
			t.Fatal(err)
		}
		defer body.Close()
		time.Sleep(300 * time.Millisecond) // three timeouts
		close(release)
		got, err := io.ReadAll(body)
		if err != nil || string(got) != "first second" {
			t.Errorf("body = %q, %v; want %q", got, err, "first second")
		}
	})

	t.Run("headers late", func(t *testing.T) {
		f := newFakeIMDS()
		f.paths = map[string]http.HandlerFunc{"/latest/user-data": func(w http.ResponseWriter, r *http.Request) {
			<-r.Context().Done()
		}}
		c := NewClient(testOptions(f.start(t).URL, nil, func(o *Options) { o.Timeout = 100 * time.Millisecond }))
		_, err := c.Get(context.Background(), "/latest/user-data")
		checkKind(t, err, KindUnavailable)
		if !errors.Is(err, context.DeadlineExceeded) {
			t.Errorf("error %v does not wrap context.DeadlineExceeded", err)
		}
	})

	t.Run("huge declared length", func(t *testing.T) {
		f := newFakeIMDS()
		f.paths = map[string]http.HandlerFunc{
			"/latest/user-data": hijack(t, "HTTP/1.1 200 OK\r\nContent-Length: 1099511627776\r\n\r\nonly this"),
		}
		c := NewClient(testOptions(f.start(t).URL, nil))
		var before, after runtime.MemStats
		runtime.ReadMemStats(&before)
		body, err := c.Get(context.Background(), "/latest/user-data")
		if err != nil {
			t.Fatal(err)
		}
		got, err := io.ReadAll(body)
		body.Close()
		runtime.ReadMemStats(&after)
		if string(got) != "only this" || !errors.Is(err, io.ErrUnexpectedEOF) {
			t.Errorf("body = %q, %v; want %q and io.ErrUnexpectedEOF", got, err, "only this")
		}
		if n := after.TotalAlloc - before.TotalAlloc; n > 4<<20 {
			t.Errorf("allocated %d bytes for a 9-byte body that claims 1 TiB", n)
		}
	})

	t.Run("close ends the request", func(t *testing.T) {
		f := newFakeIMDS()
		done := make(chan struct{})
		f.paths = map[string]http.HandlerFunc{"/latest/user-data": func(w http.ResponseWriter, r *http.Request) {
			fmt.Fprint(w, "start")
			w.(http.Flusher).Flush()
			<-r.Context().Done()
			close(done)
		}}
		c := NewClient(testOptions(f.start(t).URL, nil))
		body, err := c.Get(context.Background(), "/latest/user-data")
		if err != nil {
			t.Fatal(err)
		}
		if _, err := bufio.NewReader(body).ReadByte(); err != nil {
			t.Fatal(err)
		}
		body.Close()
		select {
		case <-done:
		case <-time.After(5 * time.Second):
			t.Fatal("the server still sees the request 5 s after Close")
		}
	})
}

// logLines is a logger that records the classification and message.
type logLines struct{ captureLogger }

func (l *logLines) joined() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return strings.Join(l.lines, "\n")
}

func TestClientLogMode(t *testing.T) {
	tests := []struct {
		name      string
		mode      middleware.ClientLogMode
		want      []string
		wantCount int // log lines
	}{
		{"off", 0, nil, 0},
		{"requests", middleware.LogRequest, []string{"PUT /latest/api/token", "GET /latest/meta-data/placement/region", "X-Aws-Ec2-Metadata-Token: REDACTED"}, 2},
		{"responses", middleware.LogResponse, []string{"200 OK"}, 2},
		{"response bodies", middleware.LogResponse | middleware.LogResponseWithBody, []string{"body not logged"}, 2},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := newFakeIMDS()
			log := &logLines{}
			c := NewClient(testOptions(f.start(t).URL, nil, func(o *Options) {
				o.Logger, o.ClientLogMode = log, tt.mode
			}))
			if _, err := c.GetMetadata(context.Background(), "placement/region"); err != nil {
				t.Fatal(err)
			}
			got := log.joined()
			if n := len(log.lines); n != tt.wantCount {
				t.Errorf("%d log lines; want %d:\n%s", n, tt.wantCount, got)
			}
			for _, w := range tt.want {
				if !strings.Contains(got, w) {
					t.Errorf("log does not contain %q:\n%s", w, got)
				}
			}
			for _, l := range log.lines {
				if !strings.HasPrefix(l, string(logging.Debug)+" ") {
					t.Errorf("log line %q is not at Debug", l)
				}
			}
			if strings.Contains(got, "AQAEtoken") || strings.Contains(got, "eu-west-3") {
				t.Errorf("log holds a token or a body:\n%s", got)
			}
		})
	}
}
