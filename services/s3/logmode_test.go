package s3_test

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"sync/atomic"
	"testing"

	"github.com/aws/smithy-go/logging"

	"github.com/nimbus-sdk/nimbus/credentials"
	awsmw "github.com/nimbus-sdk/nimbus/middleware"
	"github.com/nimbus-sdk/nimbus/services/s3"
)

// captureLogger keeps what is logged.
type captureLogger struct {
	mu  sync.Mutex
	buf strings.Builder
}

func (l *captureLogger) Logf(_ logging.Classification, format string, v ...any) {
	l.mu.Lock()
	defer l.mu.Unlock()
	fmt.Fprintf(&l.buf, format+"\n", v...)
}

func (l *captureLogger) String() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.buf.String()
}

// TestLogRetriesAndSigning: the LogRetries and LogSigning modes log each
// retry decision and each signature's canonical request and string to
// sign, without the session token; without them nothing is logged.
func TestLogRetriesAndSigning(t *testing.T) {
	var n atomic.Int32
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if n.Add(1)%2 == 1 {
			w.WriteHeader(http.StatusInternalServerError)
			w.Write([]byte(`<Error><Code>InternalError</Code><Message>try again</Message></Error>`))
			return
		}
		w.Header().Set("ETag", `"e"`)
	}))
	defer srv.Close()
	tests := []struct {
		name     string
		mode     awsmw.ClientLogMode
		want     []string
		wantNone []string
	}{
		{"retries", awsmw.LogRetries, []string{"PutObject attempt 1 failed, retrying in", "InternalError", "PutObject attempt 2 succeeded"}, []string{"CANONICAL REQUEST"}},
		{"signing", awsmw.LogSigning, []string{"---[ CANONICAL REQUEST ]---", "PUT\n/b/k", "x-amz-security-token:REDACTED", "---[ STRING TO SIGN ]---", "AWS4-HMAC-SHA256\n"}, []string{"secret-session-token", "retrying"}},
		{"off", 0, nil, []string{"attempt", "CANONICAL"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			log := &captureLogger{}
			c := stubClient(srv, func(o *s3.Options) {
				o.Logger, o.ClientLogMode = log, tt.mode
				o.Credentials = credentials.NewStaticProvider("AKID", "SECRET", "secret-session-token")
			})
			bucket, key := "b", "k"
			if _, err := c.PutObject(context.Background(), &s3.PutObjectInput{Bucket: &bucket, Key: &key, Body: strings.NewReader("x")}); err != nil {
				t.Fatal(err)
			}
			got := log.String()
			for _, w := range tt.want {
				if !strings.Contains(got, w) {
					t.Errorf("log does not contain %q:\n%s", w, got)
				}
			}
			for _, w := range tt.wantNone {
				if strings.Contains(got, w) {
					t.Errorf("log contains %q:\n%s", w, got)
				}
			}
		})
	}
}
