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

	"github.com/nimbus-sdk/nimbus/middleware"
	"github.com/nimbus-sdk/nimbus/middleware/checksum"
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

// TestLogRedactsSessionCredentials checks the restXml protocol through
// CreateSession: SessionCredentialValue is @sensitive, so SecretAccessKey
// and SessionToken are masked however the XML writes them (attributes,
// CDATA, a namespace prefix), and so are the @sensitive SSE-KMS headers;
// AccessKeyId and the other headers are logged.
func TestLogRedactsSessionCredentials(t *testing.T) {
	const body = `<?xml version="1.0" encoding="UTF-8"?>
<CreateSessionResult xmlns="http://s3.amazonaws.com/doc/2006-03-01/" xmlns:s3="http://s3.amazonaws.com/doc/2006-03-01/">
  <Credentials>
    <SessionToken type="session"><![CDATA[EXPRESS-SESSION-TOKEN]]></SessionToken>
    <s3:SecretAccessKey>EXPRESS-SECRET-KEY</s3:SecretAccessKey>
    <AccessKeyId>ASIAEXPRESS</AccessKeyId>
    <Expiration>2026-12-07T01:05:00Z</Expiration>
  </Credentials>
</CreateSessionResult>`
	f := &fakeS3{respond: func(w http.ResponseWriter, r *http.Request, _ int) {
		w.Header().Set("X-Amz-Server-Side-Encryption", "aws:kms")
		w.Header().Set("X-Amz-Server-Side-Encryption-Aws-Kms-Key-Id", "arn:aws:kms:us-east-1:1:key/KMS-KEY-ID")
		w.Header().Set("X-Amz-Server-Side-Encryption-Context", "S01TLUNPTlRFWFQ=")
		w.Write([]byte(body))
	}}
	var log logBuffer
	c := newFakeClient(t, f, false, withBodyLogging(&log))
	out, err := c.CreateSession(t.Context(), &CreateSessionInput{Bucket: ref("b")})
	if err != nil {
		t.Fatal(err)
	}
	if cr := out.Credentials; cr == nil || *cr.SessionToken != "EXPRESS-SESSION-TOKEN" || *cr.SecretAccessKey != "EXPRESS-SECRET-KEY" {
		t.Errorf("Credentials = %+v; want the decoded secrets for the caller", out.Credentials)
	}
	got := log.String()
	for _, secret := range []string{"EXPRESS-SESSION-TOKEN", "EXPRESS-SECRET-KEY", "KMS-KEY-ID", "S01TLUNPTlRFWFQ="} {
		if strings.Contains(got, secret) {
			t.Errorf("log shows the secret %q", secret)
		}
	}
	for _, want := range []string{
		`<SessionToken type="REDACTED">REDACTED</SessionToken>`,
		`<s3:SecretAccessKey>REDACTED</s3:SecretAccessKey>`,
		`<AccessKeyId>ASIAEXPRESS</AccessKeyId>`,
		"X-Amz-Server-Side-Encryption: aws:kms\n",
		"X-Amz-Server-Side-Encryption-Aws-Kms-Key-Id: REDACTED\n",
		"X-Amz-Server-Side-Encryption-Context: REDACTED\n",
	} {
		if !strings.Contains(got, want) {
			t.Errorf("log lacks %q", want)
		}
	}
	if t.Failed() {
		t.Logf("log:\n%s", got)
	}
}

// TestLogRedactsSensitiveHeaders checks members bound to request headers:
// PutObject's SSE-KMS key ID and encryption context are masked, while the
// object body (a plain streaming payload) is logged.
func TestLogRedactsSensitiveHeaders(t *testing.T) {
	var log logBuffer
	c := newFakeClient(t, &fakeS3{}, false, withBodyLogging(&log), func(o *Options) { o.RequestChecksumCalculation = "when_required" })
	_, err := c.PutObject(t.Context(), &PutObjectInput{
		Bucket: ref("b"), Key: ref("k"), Body: strings.NewReader("object body"),
		SSEKMSKeyId:             ref("arn:aws:kms:us-east-1:1:key/KMS-KEY-ID"),
		SSEKMSEncryptionContext: ref("S01TLUNPTlRFWFQ="),
		ContentType:             ref("text/plain"),
	})
	if err != nil {
		t.Fatal(err)
	}
	got := log.String()
	for _, secret := range []string{"KMS-KEY-ID", "S01TLUNPTlRFWFQ="} {
		if strings.Contains(got, secret) {
			t.Errorf("log shows the secret %q", secret)
		}
	}
	for _, want := range []string{"X-Amz-Server-Side-Encryption-Aws-Kms-Key-Id: REDACTED\n", "X-Amz-Server-Side-Encryption-Context: REDACTED\n", "Content-Type: text/plain\n", "\nobject body\n"} {
		if !strings.Contains(got, want) {
			t.Errorf("log lacks %q", want)
		}
	}
	if t.Failed() {
		t.Logf("log:\n%s", got)
	}
}
