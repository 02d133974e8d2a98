package s3_test

// A lost response (the request was fully sent, the connection broke before
// the answer) must not make an operation run twice unseen when the caller
// asked for that: DisableUnsafeRetries.

import (
	"context"
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/nimbus-sdk/nimbus/internal/testenv"
	"github.com/nimbus-sdk/nimbus/internal/testenv/faultproxy"
	"github.com/nimbus-sdk/nimbus/middleware/retry"
	"github.com/nimbus-sdk/nimbus/services/s3"
)

// loseFirstResponse answers the first request it receives by reading it
// whole and then closing the connection without a response; later
// requests get status and body.
func loseFirstResponse(t *testing.T, status int, body string) (*httptest.Server, *atomic.Int32) {
	var n atomic.Int32
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		io.Copy(io.Discard, r.Body)
		if n.Add(1) == 1 {
			conn, _, err := w.(http.Hijacker).Hijack()
			if err == nil {
				conn.Close()
			}
			return
		}
		w.Header().Set("Content-Type", "application/xml")
		w.WriteHeader(status)
		io.WriteString(w, body)
	}))
	t.Cleanup(srv.Close)
	return srv, &n
}

const createMPUResult = `<?xml version="1.0" encoding="UTF-8"?><InitiateMultipartUploadResult><Bucket>b</Bucket><Key>k</Key><UploadId>u2</UploadId></InitiateMultipartUploadResult>`

func TestDisableUnsafeRetries(t *testing.T) {
	bucket, key := "b", "k"
	createMPU := func(c *s3.Client) error {
		_, err := c.CreateMultipartUpload(context.Background(), &s3.CreateMultipartUploadInput{Bucket: &bucket, Key: &key})
		return err
	}
	headObject := func(c *s3.Client) error {
		_, err := c.HeadObject(context.Background(), &s3.HeadObjectInput{Bucket: &bucket, Key: &key})
		return err
	}
	tests := []struct {
		name         string
		disable      bool
		call         func(*s3.Client) error
		body         string
		wantUnknown  bool
		wantRequests int32
	}{
		{name: "unsafe operation retried by default", call: createMPU, body: createMPUResult, wantRequests: 2},
		{name: "unsafe operation not retried when disabled", disable: true, call: createMPU, wantUnknown: true, wantRequests: 1},
		{name: "read-only operation still retried", disable: true, call: headObject, wantRequests: 2},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			srv, n := loseFirstResponse(t, http.StatusOK, tt.body)
			c := stubClient(srv, func(o *s3.Options) { o.DisableUnsafeRetries = tt.disable })
			err := tt.call(c)
			var unknown *retry.OutcomeUnknownError
			if tt.wantUnknown {
				if !errors.As(err, &unknown) || unknown.Operation != "CreateMultipartUpload" || unknown.Attempt != 1 {
					t.Fatalf("err = %v; want *retry.OutcomeUnknownError for CreateMultipartUpload, attempt 1", err)
				}
			} else if err != nil {
				t.Fatalf("err = %v; want success after a retry", err)
			}
			if got := n.Load(); got != tt.wantRequests {
				t.Errorf("server received %d requests; want %d", got, tt.wantRequests)
			}
		})
	}
}

// TestDisableUnsafeRetriesAnsweredErrorsRetried: a server that answered
// (503) did not run the request, so the refusal does not apply.
func TestDisableUnsafeRetriesAnsweredErrorsRetried(t *testing.T) {
	var n atomic.Int32
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		io.Copy(io.Discard, r.Body)
		w.Header().Set("Content-Type", "application/xml")
		if n.Add(1) == 1 {
			w.WriteHeader(http.StatusServiceUnavailable)
			io.WriteString(w, `<Error><Code>SlowDown</Code><Message>slow down</Message></Error>`)
			return
		}
		io.WriteString(w, createMPUResult)
	}))
	defer srv.Close()
	c := stubClient(srv, func(o *s3.Options) { o.DisableUnsafeRetries = true })
	bucket, key := "b", "k"
	if _, err := c.CreateMultipartUpload(context.Background(), &s3.CreateMultipartUploadInput{Bucket: &bucket, Key: &key}); err != nil {
		t.Fatalf("CreateMultipartUpload after a 503: %v; want success on the retry", err)
	}
	if got := n.Load(); got != 2 {
		t.Errorf("server received %d requests; want 2", got)
	}
}

// TestIntegrationLostResponseRunsTwice shows the trade-off against a real
// server, with the proxy dropping the first CreateMultipartUpload response
// after versitygw ran it: by default the retry creates a second upload
// (the first is orphaned); with DisableUnsafeRetries the call reports
// that its outcome is unknown, and exactly one upload exists.
func TestIntegrationLostResponseRunsTwice(t *testing.T) {
	e := testenv.S3(t)
	direct, _ := newClient(t, e)
	isCreateMPU := func(r *http.Request) bool {
		return r.Method == http.MethodPost && strings.Contains(r.URL.RawQuery, "uploads")
	}
	for _, disable := range []bool{false, true} {
		name := "retried"
		if disable {
			name = "refused"
		}
		t.Run(name, func(t *testing.T) {
			bucket := newBucket(t, direct)
			p := faultproxy.Start(t, e.Endpoint, faultproxy.Times(1, isCreateMPU, faultproxy.Fault{DropResponse: true}))
			c, _ := newClient(t, testenv.Server{Endpoint: p.URL, AccessKey: e.AccessKey, SecretKey: e.SecretKey, Region: e.Region},
				func(o *s3.Options) { o.DisableUnsafeRetries = disable })
			key := "obj"
			_, err := c.CreateMultipartUpload(t.Context(), &s3.CreateMultipartUploadInput{Bucket: &bucket, Key: &key})
			ups, lerr := direct.ListMultipartUploads(t.Context(), &s3.ListMultipartUploadsInput{Bucket: &bucket})
			if lerr != nil {
				t.Fatalf("ListMultipartUploads: %v", lerr)
			}
			var unknown *retry.OutcomeUnknownError
			switch {
			case !disable && (err != nil || len(ups.Uploads) != 2):
				t.Errorf("default: err = %v, %d uploads; want success and 2 uploads (one orphaned by the retry)", err, len(ups.Uploads))
			case disable && (!errors.As(err, &unknown) || len(ups.Uploads) != 1):
				t.Errorf("DisableUnsafeRetries: err = %v, %d uploads; want *retry.OutcomeUnknownError and 1 upload", err, len(ups.Uploads))
			}
			if p.Injected() != 1 {
				t.Errorf("proxy injected %d faults; want 1", p.Injected())
			}
		})
	}
}
