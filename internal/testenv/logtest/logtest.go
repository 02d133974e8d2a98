// Package logtest helps tests check what a service client logs: a
// [Logger] that keeps its output, a server that answers every request with
// a canned response, and [Check] for what the log must and must not show.
package logtest

import (
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"

	"github.com/aws/smithy-go/logging"
)

// Logger is a logging.Logger that keeps what it is given. It is safe for
// concurrent use.
type Logger struct {
	mu  sync.Mutex
	buf strings.Builder
}

// Logf implements logging.Logger.
func (l *Logger) Logf(c logging.Classification, format string, v ...any) {
	l.mu.Lock()
	defer l.mu.Unlock()
	fmt.Fprintf(&l.buf, "%s %s\n", c, fmt.Sprintf(format, v...))
}

// String returns everything logged so far.
func (l *Logger) String() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.buf.String()
}

// Response is what a [Server] answers.
type Response struct {
	Status int // zero means 200
	Header http.Header
	Body   string
}

// Server starts an HTTP server that answers every request with resp, and
// returns its URL. It is closed when the test ends.
func Server(t testing.TB, resp Response) string {
	t.Helper()
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		_, _ = io.Copy(io.Discard, r.Body)
		for k, v := range resp.Header {
			w.Header()[k] = v
		}
		status := resp.Status
		if status == 0 {
			status = http.StatusOK
		}
		w.WriteHeader(status)
		_, _ = io.WriteString(w, resp.Body)
	}))
	t.Cleanup(srv.Close)
	return srv.URL
}

// Check fails the test if log contains any of hidden or lacks any of
// shown.
func Check(t testing.TB, log string, hidden, shown []string) {
	t.Helper()
	for _, s := range hidden {
		if strings.Contains(log, s) {
			t.Errorf("log shows the secret %q", s)
		}
	}
	for _, s := range shown {
		if !strings.Contains(log, s) {
			t.Errorf("log lacks %q", s)
		}
	}
	if t.Failed() {
		t.Logf("log:\n%s", log)
	}
}
