package s3_test

import (
	"bytes"
	"net/http"
	"strings"
	"testing"

	"github.com/nimbus-sdk/nimbus/config"
	"github.com/nimbus-sdk/nimbus/credentials"
	"github.com/nimbus-sdk/nimbus/internal/testenv"
	"github.com/nimbus-sdk/nimbus/internal/testenv/faultproxy"
	"github.com/nimbus-sdk/nimbus/internal/testenv/obstest"
	awsmw "github.com/nimbus-sdk/nimbus/middleware"
	"github.com/nimbus-sdk/nimbus/services/s3"
	"github.com/nimbus-sdk/nimbus/services/s3/types"
)

// TestIntegrationTelemetryMultipart traces a multipart upload to versitygw
// through a proxy that fails the first UploadPart with a 503: every call
// has its operation span, the retried part has two attempt spans, the
// spans carry the server's request IDs, and the metrics count one
// throttled attempt. The providers come from config.Config through
// NewFromConfig.
func TestIntegrationTelemetryMultipart(t *testing.T) {
	e := testenv.S3(t)
	setup, _ := newClient(t, e)
	bucket := newBucket(t, setup)

	proxy := faultproxy.Start(t, e.Endpoint, faultproxy.Times(1, func(r *http.Request) bool {
		return r.Method == http.MethodPut && r.URL.Query().Get("partNumber") == "1"
	}, faultproxy.Fault{Status: http.StatusServiceUnavailable}))
	tp, mp := &obstest.TracerProvider{}, &obstest.MeterProvider{}
	c := s3.NewFromConfig(config.Config{
		Region:         e.Region,
		Credentials:    credentials.NewStaticProvider(e.AccessKey, e.SecretKey, ""),
		BaseEndpoint:   proxy.URL,
		S3:             config.S3Config{UsePathStyle: true},
		TracerProvider: tp,
		MeterProvider:  mp,
	})
	ctx := t.Context()
	key := "traced/object"
	up, err := c.CreateMultipartUpload(ctx, &s3.CreateMultipartUploadInput{Bucket: &bucket, Key: &key})
	if err != nil {
		t.Fatal(err)
	}
	var parts []types.CompletedPart
	for i, data := range [][]byte{bytes.Repeat([]byte("a"), 5<<20), []byte("tail")} {
		n := int32(i + 1)
		out, err := c.UploadPart(ctx, &s3.UploadPartInput{Bucket: &bucket, Key: &key, UploadId: up.UploadId, PartNumber: &n, Body: bytes.NewReader(data)})
		if err != nil {
			t.Fatalf("UploadPart %d: %v", n, err)
		}
		parts = append(parts, types.CompletedPart{PartNumber: &n, ETag: out.ETag})
	}
	if _, err := c.CompleteMultipartUpload(ctx, &s3.CompleteMultipartUploadInput{
		Bucket: &bucket, Key: &key, UploadId: up.UploadId, MultipartUpload: &types.CompletedMultipartUpload{Parts: parts},
	}); err != nil {
		t.Fatal(err)
	}
	if proxy.Injected() != 1 {
		t.Fatalf("the proxy injected %d faults; want 1", proxy.Injected())
	}

	var roots []string
	for _, s := range tp.Spans() {
		if s.Parent == nil {
			roots = append(roots, s.Name())
		}
	}
	if got, want := strings.Join(roots, " "), "S3.CreateMultipartUpload S3.UploadPart S3.UploadPart S3.CompleteMultipartUpload"; got != want {
		t.Fatalf("operation spans %q; want %q\n%s", got, want, tp.Tree())
	}
	attempts := map[int]int{} // operation span ID -> attempt spans
	for _, s := range tp.Named(awsmw.SpanAttempt) {
		attempts[s.Parent.ID]++
		if len(tp.Children(s)) < 4 {
			t.Errorf("attempt span %d has children %d; want identity, endpoint, signing, send...", s.ID, len(tp.Children(s)))
		}
	}
	retried := 0
	for _, s := range tp.Spans() {
		if s.Parent != nil {
			continue
		}
		want := 1
		if s.Props["operation.attempts"] == 2 {
			want = 2
			retried++
			if s.Name() != "S3.UploadPart" {
				t.Errorf("%s was retried", s.Name())
			}
		}
		if attempts[s.ID] != want {
			t.Errorf("%s: %d attempt spans; want %d", s.Name(), attempts[s.ID], want)
		}
		if id, _ := s.Props["aws.request_id"].(string); id == "" {
			t.Errorf("%s: no aws.request_id (props %v)", s.Name(), s.Props)
		}
	}
	if retried != 1 {
		t.Errorf("%d retried calls; want 1\n%s", retried, tp.Tree())
	}
	if got := mp.Sum(awsmw.MetricCallAttempts, map[string]any{"rpc.method": "UploadPart"}); got != 3 {
		t.Errorf("UploadPart attempts %v; want 3 (one retried)", got)
	}
	if got := mp.Sum(awsmw.MetricCallThrottles, nil); got != 1 {
		t.Errorf("throttles %v; want 1", got)
	}
	if got := len(mp.Points(awsmw.MetricCallDuration)); got != 4 {
		t.Errorf("%d call durations; want 4", got)
	}
	checkBounded(t, mp)
}
