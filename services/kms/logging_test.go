package kms_test

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"

	"github.com/aws/smithy-go/logging"

	"github.com/nimbus-sdk/nimbus/credentials"
	"github.com/nimbus-sdk/nimbus/middleware"
	"github.com/nimbus-sdk/nimbus/services/kms"
)

// logBuffer is a logging.Logger that keeps what it is given.
type logBuffer struct {
	mu  sync.Mutex
	buf strings.Builder
}

func (l *logBuffer) Logf(c logging.Classification, format string, v ...any) {
	l.mu.Lock()
	defer l.mu.Unlock()
	fmt.Fprintf(&l.buf, "%s %s\n", c, fmt.Sprintf(format, v...))
}

func (l *logBuffer) String() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.buf.String()
}

// newLoggingClient returns a KMS client that sends to a server answering
// every request with status and body, and logs everything into log.
func newLoggingClient(t *testing.T, log *logBuffer, status int, body string) *kms.Client {
	t.Helper()
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		_, _ = io.Copy(io.Discard, r.Body)
		w.Header().Set("Content-Type", "application/x-amz-json-1.1")
		w.Header().Set("X-Amzn-Requestid", "req-1")
		w.WriteHeader(status)
		_, _ = io.WriteString(w, body)
	}))
	t.Cleanup(srv.Close)
	return kms.New(kms.Options{
		Region:           "us-east-1",
		BaseEndpoint:     srv.URL,
		Credentials:      credentials.NewStaticProvider("AKID", "SECRET", ""),
		RetryMaxAttempts: 1,
		Logger:           log,
		ClientLogMode:    middleware.LogRequestWithBody | middleware.LogResponseWithBody,
	})
}

// TestLogResponseWithBody checks, through a generated client, that the
// logged response contains the body and that the caller still gets the
// decoded output.
func TestLogResponseWithBody(t *testing.T) {
	const body = `{"KeyMetadata":{"KeyId":"1234abcd-key","Description":"logged description","Enabled":true}}`
	var log logBuffer
	c := newLoggingClient(t, &log, 200, body)
	out, err := c.DescribeKey(context.Background(), &kms.DescribeKeyInput{KeyId: ptr("1234abcd-key")})
	if err != nil {
		t.Fatal(err)
	}
	if out.KeyMetadata == nil || out.KeyMetadata.Description == nil || *out.KeyMetadata.Description != "logged description" {
		t.Errorf("DescribeKey output = %+v; want the decoded key metadata", out.KeyMetadata)
	}
	got := log.String()
	t.Logf("log:\n%s", got)
	if strings.Contains(got, "body read error") {
		t.Errorf("log reports a body read error:\n%s", got)
	}
	if !strings.Contains(got, `"Description":"logged description"`) {
		t.Errorf("log lacks the response body:\n%s", got)
	}
}
