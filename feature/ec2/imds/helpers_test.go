package imds_test

import (
	"errors"
	"fmt"
	"net/http"
	"sync"
	"testing"

	"github.com/aws/smithy-go"
	"github.com/aws/smithy-go/logging"
	smithyhttp "github.com/aws/smithy-go/transport/http"

	credimds "github.com/nimbus-sdk/nimbus/credentials/imds"
)

// checkOperation fails the test unless err is a *smithy.OperationError of
// the operation op, as aws-sdk-go-v2 returns, and returns it.
func checkOperation(t *testing.T, err error, op string) *smithy.OperationError {
	t.Helper()
	var oe *smithy.OperationError
	if !errors.As(err, &oe) {
		t.Fatalf("error = %v (%T); want a *smithy.OperationError", err, err)
	}
	if oe.ServiceID != "ec2imds" || oe.OperationName != op {
		t.Errorf("OperationError for %s %s; want ec2imds %s", oe.ServiceID, oe.OperationName, op)
	}
	return oe
}

// checkStatus fails the test unless err is the OperationError of op
// around an HTTP error with the status code want.
func checkStatus(t *testing.T, err error, op string, want int) {
	t.Helper()
	checkOperation(t, err, op)
	var re *smithyhttp.ResponseError
	if !errors.As(err, &re) {
		t.Fatalf("error = %v; want a *smithyhttp.ResponseError inside", err)
	}
	if got := re.HTTPStatusCode(); got != want {
		t.Errorf("HTTPStatusCode() = %d; want %d", got, want)
	}
	var sc interface{ HTTPStatusCode() int }
	if !errors.As(err, &sc) || sc.HTTPStatusCode() != want {
		t.Errorf("errors.As(err, HTTPStatusCode()) does not report %d", want)
	}
	if e := credError(t, err); e.StatusCode != want {
		t.Errorf("credentials/imds StatusCode = %d; want %d", e.StatusCode, want)
	}
}

// credError returns the *credimds.Error inside err.
func credError(t *testing.T, err error) *credimds.Error {
	t.Helper()
	var e *credimds.Error
	if !errors.As(err, &e) {
		t.Fatalf("error = %v; want a *credimds.Error inside", err)
	}
	return e
}

// captureLogger records log lines as "CLASSIFICATION message".
type captureLogger struct {
	mu    sync.Mutex
	lines []string
}

func (l *captureLogger) Logf(c logging.Classification, format string, v ...any) {
	l.mu.Lock()
	l.lines = append(l.lines, string(c)+" "+fmt.Sprintf(format, v...))
	l.mu.Unlock()
}

func (l *captureLogger) get() []string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return append([]string(nil), l.lines...)
}

// recordHost returns an HTTP client that records the host of its last
// request in *host and fails every request.
func recordHost(host *string) doerFunc {
	return func(r *http.Request) (*http.Response, error) {
		*host = r.URL.Hostname()
		return nil, errors.New("recording client sends nothing")
	}
}

// doerFunc is an HTTPClient made of a function.
type doerFunc func(*http.Request) (*http.Response, error)

func (f doerFunc) Do(r *http.Request) (*http.Response, error) { return f(r) }
