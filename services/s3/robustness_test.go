package s3_test

// Responses a real server does not send: bodies longer or shorter than
// they claim, huge error bodies, bodies that never end. The client must
// stay bounded in memory and time.

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"runtime"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/aws/smithy-go"

	"github.com/nimbus-sdk/nimbus/credentials"
	"github.com/nimbus-sdk/nimbus/middleware/retry"
	"github.com/nimbus-sdk/nimbus/services/s3"
	transporthttp "github.com/nimbus-sdk/nimbus/transport/http"
)

// stubClient returns a path-style client for srv.
func stubClient(srv *httptest.Server, optFns ...func(*s3.Options)) *s3.Client {
	return s3.New(s3.Options{
		Region: "us-east-1", BaseEndpoint: srv.URL, UsePathStyle: true,
		Credentials: credentials.NewStaticProvider("AKID", "SECRET", ""),
		HTTPClient:  transporthttp.NewClient(),
	}, optFns...)
}

// allocatedDuring returns the bytes the process allocated while fn ran.
func allocatedDuring(fn func()) uint64 {
	var before, after runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&before)
	fn()
	runtime.ReadMemStats(&after)
	return after.TotalAlloc - before.TotalAlloc
}

// TestResponseLengthClaimNotAllocated: a ListObjectsV2 answered with a
// 1 GiB Content-Length and a 16-byte body must not allocate what the
// header claims, on any of its attempts.
func TestResponseLengthClaimNotAllocated(t *testing.T) {
	var requests atomic.Int32
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		requests.Add(1)
		conn, buf, err := w.(http.Hijacker).Hijack()
		if err != nil {
			return
		}
		defer conn.Close()
		fmt.Fprintf(buf, "HTTP/1.1 200 OK\r\nContent-Type: application/xml\r\nContent-Length: %d\r\n\r\n<ListBucketResul", 1<<30)
		buf.Flush()
	}))
	defer srv.Close()
	c := stubClient(srv)
	bucket := "b"
	var err error
	grew := allocatedDuring(func() {
		_, err = c.ListObjectsV2(context.Background(), &s3.ListObjectsV2Input{Bucket: &bucket})
	})
	if err == nil {
		t.Fatal("ListObjectsV2 of a truncated body succeeded")
	}
	if requests.Load() < 2 {
		t.Errorf("%d attempt(s); want the truncated body retried", requests.Load())
	}
	if grew > 16<<20 {
		t.Errorf("allocated %d MiB over %d attempts for 16-byte bodies claiming 1 GiB; want under 16 MiB", grew>>20, requests.Load())
	}
}

// TestErrorBodyBounded: a 100 MB error body is read only up to a cap, and
// the error message quotes only a short prefix of the service message.
func TestErrorBodyBounded(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/xml")
		w.Header().Set("Content-Length", fmt.Sprint(100<<20+60))
		w.WriteHeader(http.StatusBadRequest)
		bw := bufio.NewWriter(w)
		io.WriteString(bw, "<Error><Code>InvalidArgument</Code><Message>")
		chunk := strings.Repeat("m", 64<<10)
		for i := 0; i < 100<<20/len(chunk); i++ {
			if _, err := bw.WriteString(chunk); err != nil {
				return // the client hung up, as it should
			}
		}
		io.WriteString(bw, "</Message></Error>")
		bw.Flush()
	}))
	defer srv.Close()
	c := stubClient(srv)
	bucket, key := "b", "k"
	var err error
	grew := allocatedDuring(func() {
		_, err = c.GetObjectAcl(context.Background(), &s3.GetObjectAclInput{Bucket: &bucket, Key: &key})
	})
	if err == nil {
		t.Fatal("GetObjectAcl succeeded; want the 400 error")
	}
	if n := len(err.Error()); n > 2048 {
		t.Errorf("error message is %d bytes; want at most 2 KiB", n)
	}
	if grew > 16<<20 {
		t.Errorf("allocated %d MiB for a 100 MB error body; want under 16 MiB", grew>>20)
	}
}

// TestMaxResponseBytes: a non-streaming body over the client's limit
// fails with a typed error, is not retried, and the limit is per client.
func TestMaxResponseBytes(t *testing.T) {
	body := `<?xml version="1.0" encoding="UTF-8"?><ListBucketResult><Name>b</Name>` +
		strings.Repeat("<CommonPrefixes><Prefix>p/</Prefix></CommonPrefixes>", 40) + `</ListBucketResult>`
	var requests atomic.Int32
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		requests.Add(1)
		w.Header().Set("Content-Type", "application/xml")
		io.WriteString(w, body)
	}))
	defer srv.Close()
	bucket := "b"
	tests := []struct {
		limit   int64
		wantErr bool
	}{
		{limit: 1024, wantErr: true},
		{limit: int64(len(body)), wantErr: false},
		{limit: 0, wantErr: false},
		{limit: -1, wantErr: false},
	}
	for _, tt := range tests {
		t.Run(fmt.Sprint(tt.limit), func(t *testing.T) {
			requests.Store(0)
			c := stubClient(srv, func(o *s3.Options) { o.MaxResponseBytes = tt.limit })
			out, err := c.ListObjectsV2(context.Background(), &s3.ListObjectsV2Input{Bucket: &bucket})
			var tooLarge *transporthttp.ResponseTooLargeError
			if tt.wantErr {
				if !errors.As(err, &tooLarge) || tooLarge.Limit != tt.limit {
					t.Fatalf("err = %v; want *ResponseTooLargeError with limit %d", err, tt.limit)
				}
				if n := requests.Load(); n != 1 {
					t.Errorf("%d requests; want 1 (not retried)", n)
				}
				return
			}
			if err != nil || len(out.CommonPrefixes) != 40 {
				t.Fatalf("ListObjectsV2 = %v prefixes, %v; want 40 prefixes", out, err)
			}
		})
	}
}

// endless writes body bytes until the client goes away.
func endless(w http.ResponseWriter, pause time.Duration) {
	w.Header().Set("Content-Type", "application/xml")
	w.WriteHeader(http.StatusOK)
	chunk := []byte(strings.Repeat(" ", 32<<10))
	if pause > 0 {
		chunk = chunk[:1]
	}
	for {
		if _, err := w.Write(chunk); err != nil {
			return
		}
		w.(http.Flusher).Flush()
		time.Sleep(pause)
	}
}

// TestPutObjectEndlessBody: a PutObject whose 200 response body never
// ends, called without a deadline, fails once the body passes the
// client's limit instead of reading forever.
func TestPutObjectEndlessBody(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		io.Copy(io.Discard, r.Body)
		endless(w, 0)
	}))
	defer srv.Close()
	c := stubClient(srv)
	bucket, key := "b", "k"
	done := make(chan error, 1)
	go func() {
		_, err := c.PutObject(context.Background(), &s3.PutObjectInput{Bucket: &bucket, Key: &key, Body: strings.NewReader("x")})
		done <- err
	}()
	select {
	case err := <-done:
		var tooLarge *transporthttp.ResponseTooLargeError
		if !errors.As(err, &tooLarge) || tooLarge.Limit != transporthttp.DefaultMaxResponseBytes {
			t.Fatalf("PutObject err = %v; want *ResponseTooLargeError at the default limit", err)
		}
	case <-time.After(time.Minute):
		srv.CloseClientConnections()
		t.Fatal("PutObject with an endless response body did not return within a minute")
	}
}

// TestAttemptTimeoutEndsSlowBody: a body that trickles forever is ended
// by the per-attempt timeout, the documented remedy for slow bodies.
func TestAttemptTimeoutEndsSlowBody(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		io.Copy(io.Discard, r.Body)
		endless(w, 20*time.Millisecond)
	}))
	defer srv.Close()
	c := stubClient(srv, func(o *s3.Options) {
		o.AttemptTimeout = 200 * time.Millisecond
		o.RetryMaxAttempts = 2
	})
	bucket, key := "b", "k"
	start := time.Now()
	_, err := c.PutObject(context.Background(), &s3.PutObjectInput{Bucket: &bucket, Key: &key, Body: strings.NewReader("x")})
	var timeout *retry.AttemptTimeoutError
	if !errors.As(err, &timeout) {
		t.Fatalf("PutObject err = %v; want *retry.AttemptTimeoutError", err)
	}
	if d := time.Since(start); d > 10*time.Second {
		t.Errorf("PutObject took %v; want about two attempt timeouts", d)
	}
}

// TestUndecodableErrorBody: an HTML page from a proxy in place of S3's
// XML error yields an error named after the status whose message quotes
// the content type and the page's start, and the S3 error text carries
// the host ID.
func TestUndecodableErrorBody(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html")
		w.Header().Set("X-Amz-Id-2", "host-id-123")
		w.WriteHeader(http.StatusForbidden)
		io.WriteString(w, "<html><body>Access blocked by proxy</body></html>")
	}))
	defer srv.Close()
	c := stubClient(srv)
	bucket, key := "b", "k"
	_, err := c.GetObjectAcl(context.Background(), &s3.GetObjectAclInput{Bucket: &bucket, Key: &key})
	var api smithy.APIError
	if !errors.As(err, &api) || api.ErrorCode() != "Forbidden" || !strings.Contains(api.ErrorMessage(), `"text/html"`) ||
		!strings.Contains(api.ErrorMessage(), "Access blocked by proxy") {
		t.Fatalf("err = %v; want code Forbidden with the content type and the page in the message", err)
	}
	if !strings.Contains(err.Error(), "host-id-123") {
		t.Errorf("error %q does not include the host ID", err)
	}
}
