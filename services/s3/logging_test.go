package s3

import (
	"bytes"
	"fmt"
	"io"
	"net/http"
	"strings"
	"sync"
	"testing"

	"github.com/aws/smithy-go/logging"

	"github.com/nimbus-sdk/nimbus/internal/checksum"
	"github.com/nimbus-sdk/nimbus/middleware"
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

func withBodyLogging(log *logBuffer) func(*Options) {
	return func(o *Options) {
		o.Logger = log
		o.ClientLogMode = middleware.LogRequestWithBody | middleware.LogResponseWithBody
	}
}

// TestLogResponseWithBodyStreaming logs a GetObject response whose body
// is longer than the logging cap: the log has the start of the body, and
// the caller still reads every byte (and the response checksum, computed
// over the whole body, still matches).
func TestLogResponseWithBodyStreaming(t *testing.T) {
	var body bytes.Buffer
	for i := 0; body.Len() < 3*middleware.DefaultMaxLogBodyBytes; i++ {
		fmt.Fprintf(&body, "line %05d of the object\n", i)
	}
	f := &fakeS3{respond: func(w http.ResponseWriter, r *http.Request, _ int) {
		w.Header().Set("X-Amz-Checksum-Crc32", checksum.CRC32.Sum(body.Bytes()))
		w.Write(body.Bytes())
	}}
	var log logBuffer
	c := newFakeClient(t, f, false, withBodyLogging(&log))
	out, err := c.GetObject(t.Context(), &GetObjectInput{Bucket: ref("b"), Key: ref("k")})
	if err != nil {
		t.Fatal(err)
	}
	got, err := io.ReadAll(out.Body)
	out.Body.Close()
	if err != nil {
		t.Fatalf("reading the body: %v", err)
	}
	if !bytes.Equal(got, body.Bytes()) {
		t.Errorf("caller read %d bytes; want all %d", len(got), body.Len())
	}
	logged := log.String()
	if strings.Contains(logged, "body read error") {
		t.Errorf("log reports a body read error:\n%s", logged)
	}
	for _, want := range []string{"line 00000 of the object\n", fmt.Sprintf("[truncated after %d bytes]", middleware.DefaultMaxLogBodyBytes)} {
		if !strings.Contains(logged, want) {
			t.Errorf("log lacks %q:\n%.2000s", want, logged)
		}
	}
	if strings.Contains(logged, "line 01000 of the object") {
		t.Errorf("log has body bytes beyond the cap")
	}
}
