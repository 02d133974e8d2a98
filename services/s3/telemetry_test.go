package s3_test

import (
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/aws/smithy-go/metrics"
	"github.com/aws/smithy-go/middleware"
	"github.com/aws/smithy-go/tracing"

	"github.com/nimbus-sdk/nimbus/credentials"
	"github.com/nimbus-sdk/nimbus/internal/testenv/obstest"
	awsmw "github.com/nimbus-sdk/nimbus/middleware"
	"github.com/nimbus-sdk/nimbus/middleware/retry"
	"github.com/nimbus-sdk/nimbus/services/s3"
	"github.com/nimbus-sdk/nimbus/services/s3/types"
	transporthttp "github.com/nimbus-sdk/nimbus/transport/http"
)

const (
	telBucket = "telemetry-bucket"
	telKey    = "secret/path/object-key.txt"
)

// slowDownOnce answers the first request with a 503 SlowDown (a throttling
// error) and the next ones with handler.
func slowDownOnce(t *testing.T, handler http.HandlerFunc) (*httptest.Server, *atomic.Int32) {
	t.Helper()
	var n atomic.Int32
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		_, _ = io.Copy(io.Discard, r.Body)
		if n.Add(1) == 1 {
			w.Header().Set("X-Amz-Request-Id", "req-1")
			w.Header().Set("X-Amz-Id-2", "host-1")
			w.WriteHeader(http.StatusServiceUnavailable)
			io.WriteString(w, slowDownBody)
			return
		}
		handler(w, r)
	}))
	t.Cleanup(srv.Close)
	return srv, &n
}

const slowDownBody = `<?xml version="1.0" encoding="UTF-8"?><Error><Code>SlowDown</Code><Message>Please reduce your request rate.</Message><RequestId>req-1</RequestId></Error>`

// telemetryClient returns a client of srv with the given providers and a
// retryer that waits exactly 1 ms before each retry.
func telemetryClient(srv *httptest.Server, tp tracing.TracerProvider, mp metrics.MeterProvider) *s3.Client {
	return s3.New(s3.Options{
		Region:       "us-east-1",
		BaseEndpoint: srv.URL,
		UsePathStyle: true,
		Credentials:  credentials.NewStaticProvider("AKIDTELEMETRY", "telemetry-secret-key", ""),
		Retryer: retry.NewStandard(func(o *retry.StandardOptions) {
			o.BaseDelay, o.ThrottleBaseDelay = time.Millisecond, time.Millisecond
			o.Rand = func() float64 { return 1 }
		}),
		TracerProvider: tp,
		MeterProvider:  mp,
	})
}

func TestTelemetryRetriedGetObject(t *testing.T) {
	srv, requests := slowDownOnce(t, func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("X-Amz-Request-Id", "req-2")
		w.Header().Set("X-Amz-Id-2", "host-2")
		w.Header().Set("ETag", `"abc"`)
		io.WriteString(w, "hello")
	})
	tp, mp := &obstest.TracerProvider{}, &obstest.MeterProvider{}
	c := telemetryClient(srv, tp, mp)

	bucket, key := telBucket, telKey
	out, err := c.GetObject(t.Context(), &s3.GetObjectInput{Bucket: &bucket, Key: &key})
	if err != nil {
		t.Fatal(err)
	}
	body, err := io.ReadAll(out.Body)
	out.Body.Close()
	if err != nil || string(body) != "hello" {
		t.Fatalf("body = %q, %v", body, err)
	}
	if got := requests.Load(); got != 2 {
		t.Fatalf("server saw %d requests; want 2", got)
	}

	t.Run("span tree", func(t *testing.T) {
		want := `S3.GetObject
  OperationSerializer
  Attempt
    GetIdentity
    ResolveEndpoint
    SignRequest
    DoHTTPRequest
    OperationDeserializer
  Attempt
    GetIdentity
    ResolveEndpoint
    SignRequest
    DoHTTPRequest
    OperationDeserializer
`
		if got := tp.Tree(); got != want {
			t.Errorf("span tree:\n%s\nwant:\n%s", got, want)
		}
	})

	t.Run("operation span", func(t *testing.T) {
		op := tp.Named("S3.GetObject")[0]
		if op.Kind != tracing.SpanKindClient || op.Status != tracing.SpanStatusOK {
			t.Errorf("kind %v status %v; want client, OK", op.Kind, op.Status)
		}
		if op.Scope != "github.com/nimbus-sdk/nimbus/services/s3" {
			t.Errorf("scope %q", op.Scope)
		}
		checkProps(t, op, map[any]any{
			"rpc.system": "aws-api", "rpc.service": "S3", "rpc.method": "GetObject",
			"cloud.region": "us-east-1", "aws.request_id": "req-2", "aws.extended_request_id": "host-2",
			"http.response.status_code": 200, "operation.attempts": 2,
		})
		if len(op.Events) != 1 || op.Events[0].Name != "retry" {
			t.Fatalf("events %+v; want one retry event", op.Events)
		}
		checkMap(t, "retry event", op.Events[0].Props, map[any]any{
			"operation.attempt": 1, "retry.delay_seconds": 0.001, "error.type": "SlowDown",
		})
	})

	t.Run("attempt spans", func(t *testing.T) {
		att := tp.Named(awsmw.SpanAttempt)
		if len(att) != 2 {
			t.Fatalf("%d attempt spans; want 2", len(att))
		}
		if att[0].Status != tracing.SpanStatusError || att[1].Status != tracing.SpanStatusOK {
			t.Errorf("attempt statuses %v, %v; want error, OK", att[0].Status, att[1].Status)
		}
		checkProps(t, att[0], map[any]any{
			"operation.attempt": 1, "http.response.status_code": 503, "error.type": "SlowDown",
			"api.error_code": "SlowDown", "aws.request_id": "req-1", "aws.extended_request_id": "host-1",
		})
		if _, ok := att[0].Props["http.request.resend_count"]; ok {
			t.Error("first attempt has http.request.resend_count")
		}
		checkProps(t, att[1], map[any]any{
			"operation.attempt": 2, "http.request.resend_count": 1, "http.response.status_code": 200,
			"aws.request_id": "req-2", "aws.extended_request_id": "host-2",
		})
		send := tp.Named(awsmw.SpanSend)[1]
		checkProps(t, send, map[any]any{
			"http.request.method": "GET", "server.address": "127.0.0.1", "url.scheme": "http",
			"http.response.status_code": 200, "network.protocol.version": "1.1",
		})
		for _, s := range tp.Spans() {
			if !s.Ended {
				t.Errorf("span %s was not ended", s.Name())
			}
			switch s.Name() {
			case awsmw.SpanGetIdentity, awsmw.SpanSignRequest:
				checkProps(t, s, map[any]any{"auth.scheme_id": "aws.auth#sigv4"})
			}
		}
	})

	t.Run("metrics", func(t *testing.T) {
		op := map[string]any{"rpc.service": "S3", "rpc.method": "GetObject"}
		counts := map[string]int{
			awsmw.MetricCallDuration:                      1,
			awsmw.MetricCallAttempts:                      2,
			awsmw.MetricCallAttemptDuration:               2,
			awsmw.MetricCallErrors:                        1,
			awsmw.MetricCallThrottles:                     1,
			awsmw.MetricCallRetryDelay:                    1,
			awsmw.MetricSerializationDuration:             1,
			awsmw.MetricResolveIdentityDuration:           2,
			awsmw.MetricResolveEndpointDuration:           2,
			awsmw.MetricSigningDuration:                   2,
			awsmw.MetricDeserializationDuration:           2,
			transporthttp.MetricTimeToFirstByte:           2,
			transporthttp.MetricDoRequestDuration:         2,
			transporthttp.MetricConnectionAcquireDuration: 2,
			transporthttp.MetricBytesReceived:             2,
		}
		for name, want := range counts {
			pts := mp.Points(name)
			if len(pts) != want {
				t.Errorf("%s: %d points; want %d", name, len(pts), want)
			}
			for _, p := range pts {
				if !p.Has(op) {
					t.Errorf("%s: attributes %v lack %v", name, p.Attrs, op)
				}
			}
		}
		// As in v2, the identity and signing durations (only) carry the
		// auth scheme's ID.
		scheme := map[string]any{"auth.scheme_id": "aws.auth#sigv4"}
		for _, name := range mp.Names() {
			auth := name == awsmw.MetricResolveIdentityDuration || name == awsmw.MetricSigningDuration
			for _, p := range mp.Points(name) {
				if _, has := p.Attrs["auth.scheme_id"]; has != auth || auth && !p.Has(scheme) {
					t.Errorf("%s: attributes %v; want auth.scheme_id=aws.auth#sigv4 only on identity and signing", name, p.Attrs)
				}
			}
		}
		if got := mp.Sum(awsmw.MetricCallAttempts, op); got != 2 {
			t.Errorf("attempts sum %v; want 2", got)
		}
		if got := mp.Sum(awsmw.MetricCallErrors, map[string]any{"exception.type": "SlowDown", "http.response.status_code": 503}); got != 1 {
			t.Errorf("SlowDown errors %v; want 1 (points %+v)", got, mp.Points(awsmw.MetricCallErrors))
		}
		if got := mp.Sum(awsmw.MetricCallRetryDelay, op); got != 0.001 {
			t.Errorf("retry delay %v; want 0.001", got)
		}
		if got := mp.Sum(transporthttp.MetricBytesReceived, op); got != float64(len(slowDownBody)+len("hello")) {
			t.Errorf("bytes received %v; want %d", got, len(slowDownBody)+len("hello"))
		}
		if pts := mp.Points(transporthttp.MetricBytesSent); len(pts) != 0 {
			t.Errorf("a GetObject sent body bytes: %+v", pts)
		}
		units := map[string]string{
			awsmw.MetricCallDuration: "s", awsmw.MetricCallAttempts: "{attempt}", awsmw.MetricCallErrors: "{error}",
			awsmw.MetricSigningDuration: "s", transporthttp.MetricBytesReceived: "By", transporthttp.MetricTimeToFirstByte: "s",
		}
		inst := mp.Instruments()
		for name, unit := range units {
			if inst[name].Unit != unit {
				t.Errorf("%s: unit %q; want %q", name, inst[name].Unit, unit)
			}
		}
		checkBounded(t, mp)
	})
}

// checkBounded fails t if any metric attribute is not one of the bounded
// keys or holds the bucket, the key or a URL.
func checkBounded(t *testing.T, mp *obstest.MeterProvider) {
	t.Helper()
	allowed := map[string]bool{"rpc.service": true, "rpc.method": true, "exception.type": true, "http.response.status_code": true, "state": true, "auth.scheme_id": true}
	for _, name := range mp.Names() {
		for _, p := range mp.Points(name) {
			for k, v := range p.Attrs {
				if !allowed[k] {
					t.Errorf("%s: unbounded attribute %s=%v", name, k, v)
				}
				s := fmt.Sprint(v)
				if strings.Contains(s, telBucket) || strings.Contains(s, "object-key") || strings.Contains(s, "http") {
					t.Errorf("%s: attribute %s=%q holds a name or URL", name, k, s)
				}
			}
		}
	}
}

func checkProps(t *testing.T, s *obstest.Span, want map[any]any) {
	t.Helper()
	checkMap(t, s.Name(), s.Props, want)
}

func checkMap(t *testing.T, what string, got, want map[any]any) {
	t.Helper()
	for k, v := range want {
		if got[k] != v {
			t.Errorf("%s: %v = %v (%T); want %v (%T)", what, k, got[k], got[k], v, v)
		}
	}
}

func TestTelemetryPutObjectBytesSent(t *testing.T) {
	var received atomic.Int64
	count := func(r *http.Request) {
		n, _ := io.Copy(io.Discard, r.Body)
		received.Add(n)
	}
	var attempts atomic.Int32
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		count(r)
		if attempts.Add(1) == 1 {
			w.WriteHeader(http.StatusServiceUnavailable)
			io.WriteString(w, slowDownBody)
			return
		}
		w.Header().Set("ETag", `"abc"`)
	}))
	t.Cleanup(srv.Close)
	mp := &obstest.MeterProvider{}
	c := telemetryClient(srv, nil, mp)
	bucket, key := telBucket, telKey
	if _, err := c.PutObject(t.Context(), &s3.PutObjectInput{Bucket: &bucket, Key: &key, Body: strings.NewReader("eleven byte")}); err != nil {
		t.Fatal(err)
	}
	// Both attempts sent the body (the retry rewound it), aws-chunked with
	// its checksum trailer: the metric counts what went on the wire.
	want := float64(received.Load())
	if want < 2*11 {
		t.Fatalf("server received %v body bytes; want at least 22", want)
	}
	if got := mp.Sum(transporthttp.MetricBytesSent, map[string]any{"rpc.method": "PutObject"}); got != want {
		t.Errorf("bytes sent %v; the server received %v", got, want)
	}
	if n := len(mp.Points(transporthttp.MetricBytesSent)); n != 2 {
		t.Errorf("%d bytes-sent points; want one per attempt", n)
	}
	checkBounded(t, mp)
}

func TestTelemetryServiceError(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("X-Amz-Request-Id", "req-404")
		w.WriteHeader(http.StatusNotFound)
		io.WriteString(w, `<Error><Code>NoSuchKey</Code><Message>The specified key does not exist.</Message></Error>`)
	}))
	t.Cleanup(srv.Close)
	tp, mp := &obstest.TracerProvider{}, &obstest.MeterProvider{}
	c := telemetryClient(srv, tp, mp)
	bucket, key := telBucket, telKey
	_, err := c.GetObject(t.Context(), &s3.GetObjectInput{Bucket: &bucket, Key: &key})
	var nsk *types.NoSuchKey
	if !errors.As(err, &nsk) {
		t.Fatalf("err = %v; want *types.NoSuchKey", err)
	}
	op := tp.Named("S3.GetObject")[0]
	if op.Status != tracing.SpanStatusError {
		t.Errorf("operation span status %v; want error", op.Status)
	}
	checkProps(t, op, map[any]any{
		"error": true, "error.type": "NoSuchKey", "api.error_code": "NoSuchKey", "api.error_fault": "client",
		"exception.type": "*types.NoSuchKey", "http.response.status_code": 404, "aws.request_id": "req-404",
		"operation.attempts": 1,
	})
	if msg, _ := op.Props["exception.message"].(string); !strings.Contains(msg, "NoSuchKey") {
		t.Errorf("exception.message %q", msg)
	}
	if n := len(tp.Named(awsmw.SpanAttempt)); n != 1 {
		t.Errorf("%d attempts; want 1 (NoSuchKey is not retried)", n)
	}
	if got := mp.Sum(awsmw.MetricCallErrors, map[string]any{"exception.type": "NoSuchKey", "http.response.status_code": 404}); got != 1 {
		t.Errorf("errors %v; want 1: %+v", got, mp.Points(awsmw.MetricCallErrors))
	}
	if n := len(mp.Points(awsmw.MetricCallThrottles)); n != 0 {
		t.Errorf("%d throttle points for a NoSuchKey", n)
	}
	checkBounded(t, mp)
}

func TestTelemetryOffAddsNoStep(t *testing.T) {
	cases := []struct {
		name string
		tp   tracing.TracerProvider
		mp   metrics.MeterProvider
		want bool
	}{
		{"none", nil, nil, false},
		{"smithy-go no-op providers", tracing.NopTracerProvider{}, metrics.NopMeterProvider{}, false},
		{"tracer only", &obstest.TracerProvider{}, nil, true},
		{"meter only", nil, &obstest.MeterProvider{}, true},
	}
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {}))
	t.Cleanup(srv.Close)
	bucket, key := telBucket, telKey
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			var got bool
			c := telemetryClient(srv, tc.tp, tc.mp)
			inspect := func(st *middleware.Stack) error {
				_, got = st.Finalize.Get(awsmw.IDObserveAttempt)
				return nil
			}
			_, err := c.HeadObject(t.Context(), &s3.HeadObjectInput{Bucket: &bucket, Key: &key}, func(o *s3.Options) {
				o.APIOptions = append(o.APIOptions, inspect)
			})
			if err != nil {
				t.Fatal(err)
			}
			if got != tc.want {
				t.Errorf("ObserveAttempt in the stack: %v; want %v", got, tc.want)
			}
		})
	}
}

func TestTelemetryOneProvider(t *testing.T) {
	ok := func(w http.ResponseWriter, r *http.Request) { w.Header().Set("ETag", `"abc"`) }
	bucket, key := telBucket, telKey
	in := &s3.HeadObjectInput{Bucket: &bucket, Key: &key}

	t.Run("tracer only", func(t *testing.T) {
		srv, _ := slowDownOnce(t, ok)
		tp := &obstest.TracerProvider{}
		if _, err := telemetryClient(srv, tp, nil).HeadObject(t.Context(), in); err != nil {
			t.Fatal(err)
		}
		if n := len(tp.Named(awsmw.SpanAttempt)); n != 2 {
			t.Errorf("%d attempt spans; want 2", n)
		}
	})
	t.Run("meter only", func(t *testing.T) {
		srv, _ := slowDownOnce(t, ok)
		mp := &obstest.MeterProvider{}
		if _, err := telemetryClient(srv, nil, mp).HeadObject(t.Context(), in); err != nil {
			t.Fatal(err)
		}
		if got := mp.Sum(awsmw.MetricCallAttempts, map[string]any{"rpc.method": "HeadObject"}); got != 2 {
			t.Errorf("attempts %v; want 2", got)
		}
	})
}

func TestTelemetryPerCallProvider(t *testing.T) {
	var requests atomic.Int32
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		requests.Add(1)
		w.Header().Set("ETag", `"abc"`)
	}))
	t.Cleanup(srv.Close)
	c := telemetryClient(srv, nil, nil)
	bucket, key := telBucket, telKey
	in := &s3.HeadObjectInput{Bucket: &bucket, Key: &key}

	tp, mp := &obstest.TracerProvider{}, &obstest.MeterProvider{}
	if _, err := c.HeadObject(t.Context(), in, func(o *s3.Options) { o.TracerProvider, o.MeterProvider = tp, mp }); err != nil {
		t.Fatal(err)
	}
	if _, err := c.HeadObject(t.Context(), in); err != nil { // the client's own options: no telemetry
		t.Fatal(err)
	}
	if got := tp.Tree(); !strings.HasPrefix(got, "S3.HeadObject\n  OperationSerializer\n  Attempt\n") || strings.Count(got, "S3.HeadObject") != 1 {
		t.Errorf("span tree:\n%s\nwant one traced HeadObject", got)
	}
	if got := mp.Sum(awsmw.MetricCallAttempts, nil); got != 1 {
		t.Errorf("attempts %v; want 1 (only the call with the providers)", got)
	}
	if requests.Load() != 2 {
		t.Errorf("server saw %d requests; want 2", requests.Load())
	}
}

// brokenMeterProvider's meters fail to create histograms.
type brokenMeterProvider struct{ metrics.NopMeterProvider }

func (brokenMeterProvider) Meter(string, ...metrics.MeterOption) metrics.Meter { return brokenMeter{} }

type brokenMeter struct{ metrics.NopMeter }

func (brokenMeter) Float64Histogram(name string, _ ...metrics.InstrumentOption) (metrics.Float64Histogram, error) {
	return nil, errors.New("no histograms here: " + name)
}

func TestTelemetryBrokenMeterFailsBeforeSending(t *testing.T) {
	var requests atomic.Int32
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { requests.Add(1) }))
	t.Cleanup(srv.Close)
	c := telemetryClient(srv, nil, brokenMeterProvider{})
	bucket, key := telBucket, telKey
	_, err := c.HeadObject(t.Context(), &s3.HeadObjectInput{Bucket: &bucket, Key: &key})
	if err == nil || !strings.Contains(err.Error(), "creating the client's metric instruments") || !strings.Contains(err.Error(), "no histograms here: client.call.duration") {
		t.Fatalf("err = %v; want the instrument error", err)
	}
	if requests.Load() != 0 {
		t.Errorf("the server saw %d requests; want none", requests.Load())
	}
}
