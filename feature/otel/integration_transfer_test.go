package otel_test

import (
	"bytes"
	"context"
	"crypto/rand"
	"encoding/hex"
	"fmt"
	"maps"
	"net/http"
	"slices"
	"strings"
	"testing"
	"time"

	"go.opentelemetry.io/otel/attribute"
	"go.opentelemetry.io/otel/codes"
	sdkmetric "go.opentelemetry.io/otel/sdk/metric"
	"go.opentelemetry.io/otel/sdk/metric/metricdata"
	sdktrace "go.opentelemetry.io/otel/sdk/trace"
	"go.opentelemetry.io/otel/sdk/trace/tracetest"
	"go.opentelemetry.io/otel/trace"

	"github.com/nimbus-sdk/nimbus/feature/otel/otelmetrics"
	"github.com/nimbus-sdk/nimbus/feature/otel/oteltracing"
	"github.com/nimbus-sdk/nimbus/feature/s3/transfer"
	"github.com/nimbus-sdk/nimbus/internal/testenv"
	"github.com/nimbus-sdk/nimbus/internal/testenv/faultproxy"
	awsmw "github.com/nimbus-sdk/nimbus/middleware"
	"github.com/nimbus-sdk/nimbus/services/s3"
)

// TestIntegrationTransferOpenTelemetry uploads a three-part object to
// versitygw through the transfer manager with an S3 client whose providers
// are OpenTelemetry's SDK, adapted, and checks what OpenTelemetry received.
// A fault proxy answers the first UploadPart of part 1 with 503 SlowDown,
// so that part's call has two attempts.
//
// The trace, under the application's span:
//
//	upload-photos
//	└─ transfer.Upload
//	   ├─ S3.CreateMultipartUpload ─ Attempt
//	   ├─ transfer.Part ─ S3.UploadPart ─ Attempt (503), Attempt
//	   ├─ transfer.Part ─ S3.UploadPart ─ Attempt
//	   ├─ transfer.Part ─ S3.UploadPart ─ Attempt
//	   └─ S3.CompleteMultipartUpload ─ Attempt
func TestIntegrationTransferOpenTelemetry(t *testing.T) {
	srv := testenv.S3(t)
	direct := s3.New(s3.Options{
		Region: srv.Region, BaseEndpoint: srv.Endpoint, UsePathStyle: true,
		Credentials: srv.Credentials(),
	})
	bucket := newBucket(t, direct)

	proxy := faultproxy.Start(t, srv.Endpoint, faultproxy.Times(1, func(r *http.Request) bool {
		return r.Method == http.MethodPut && r.URL.Query().Get("partNumber") == "1"
	}, faultproxy.Fault{Status: http.StatusServiceUnavailable}))

	spans := tracetest.NewSpanRecorder()
	tp := sdktrace.NewTracerProvider(sdktrace.WithSpanProcessor(spans))
	reader := sdkmetric.NewManualReader()
	mp := sdkmetric.NewMeterProvider(sdkmetric.WithReader(reader))
	client := s3.New(s3.Options{
		Region: srv.Region, BaseEndpoint: proxy.URL, UsePathStyle: true,
		Credentials:    srv.Credentials(),
		TracerProvider: oteltracing.Adapt(tp),
		MeterProvider:  otelmetrics.Adapt(mp),
	})
	m := transfer.New(client, func(o *transfer.Options) {
		o.PartSize = 5 << 20
		o.Concurrency = 2
	})

	const size = 12 << 20 // parts of 5, 5 and 2 MiB
	const key = "photos/2024/big.jpg"
	ctx, app := tp.Tracer("app").Start(t.Context(), "upload-photos")
	out, err := m.Upload(ctx, &transfer.UploadInput{Bucket: bucket, Key: key, Body: bytes.NewReader(bytes.Repeat([]byte("p"), size))})
	app.End()
	if err != nil {
		t.Fatalf("Upload: %v", err)
	}
	if out.Parts != 3 {
		t.Fatalf("Upload parts = %d; want 3", out.Parts)
	}
	if n := proxy.Injected(); n != 1 {
		t.Fatalf("the proxy injected %d faults; want 1", n)
	}

	tr := newTrace(t, spans)
	t.Run("tree", func(t *testing.T) { checkTransferTree(t, tr, app.SpanContext()) })
	t.Run("operation attributes", func(t *testing.T) { checkOperationSpans(t, tr, srv.Region) })
	t.Run("attempts", func(t *testing.T) { checkAttemptSpans(t, tr) })
	t.Run("metrics", func(t *testing.T) { checkTransferMetrics(t, reader, app.SpanContext().TraceID(), bucket, key, size) })
}

// newBucket creates a uniquely named bucket, emptied and deleted when the
// test ends.
func newBucket(t *testing.T, c *s3.Client) string {
	t.Helper()
	var rnd [5]byte
	rand.Read(rnd[:])
	name := "nit-otel-" + hex.EncodeToString(rnd[:])
	if _, err := c.CreateBucket(t.Context(), &s3.CreateBucketInput{Bucket: &name}); err != nil {
		t.Fatalf("CreateBucket(%s): %v", name, err)
	}
	t.Cleanup(func() {
		ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
		defer cancel()
		if ups, err := c.ListMultipartUploads(ctx, &s3.ListMultipartUploadsInput{Bucket: &name}); err == nil {
			for _, u := range ups.Uploads {
				_, _ = c.AbortMultipartUpload(ctx, &s3.AbortMultipartUploadInput{Bucket: &name, Key: u.Key, UploadId: u.UploadId})
			}
		}
		for page, err := range s3.NewListObjectsV2Paginator(c, &s3.ListObjectsV2Input{Bucket: &name}).Pages(ctx) {
			if err != nil {
				t.Logf("cleanup: listing %s: %v", name, err)
				break
			}
			for _, o := range page.Contents {
				_, _ = c.DeleteObject(ctx, &s3.DeleteObjectInput{Bucket: &name, Key: o.Key})
			}
		}
		if _, err := c.DeleteBucket(ctx, &s3.DeleteBucketInput{Bucket: &name}); err != nil {
			t.Logf("cleanup: DeleteBucket(%s): %v", name, err)
		}
	})
	return name
}

// spanTree is the spans OpenTelemetry recorded, indexed by ID and parent.
type spanTree struct {
	spans    []sdktrace.ReadOnlySpan // in start order
	byID     map[trace.SpanID]sdktrace.ReadOnlySpan
	children map[trace.SpanID][]sdktrace.ReadOnlySpan
}

// newTrace indexes the ended spans of rec, failing t if a started span
// never ended.
func newTrace(t *testing.T, rec *tracetest.SpanRecorder) *spanTree {
	t.Helper()
	if started, ended := len(rec.Started()), len(rec.Ended()); started != ended {
		t.Errorf("%d spans started, %d ended", started, ended)
	}
	tr := &spanTree{spans: rec.Ended(), byID: map[trace.SpanID]sdktrace.ReadOnlySpan{}, children: map[trace.SpanID][]sdktrace.ReadOnlySpan{}}
	slices.SortStableFunc(tr.spans, func(a, b sdktrace.ReadOnlySpan) int { return a.StartTime().Compare(b.StartTime()) })
	for _, s := range tr.spans {
		tr.byID[s.SpanContext().SpanID()] = s
		tr.children[s.Parent().SpanID()] = append(tr.children[s.Parent().SpanID()], s)
	}
	return tr
}

// named returns the spans called name, in start order.
func (tr *spanTree) named(name string) []sdktrace.ReadOnlySpan {
	var out []sdktrace.ReadOnlySpan
	for _, s := range tr.spans {
		if s.Name() == name {
			out = append(out, s)
		}
	}
	return out
}

// parent returns the span's parent among the recorded spans, or nil.
func (tr *spanTree) parent(s sdktrace.ReadOnlySpan) sdktrace.ReadOnlySpan {
	return tr.byID[s.Parent().SpanID()]
}

// childNames returns the names of the children of s, in start order.
func (tr *spanTree) childNames(s sdktrace.ReadOnlySpan) []string {
	var out []string
	for _, c := range tr.children[s.SpanContext().SpanID()] {
		out = append(out, c.Name())
	}
	return out
}

// String draws the tree, for failure messages.
func (tr *spanTree) String() string {
	var b strings.Builder
	var draw func(s sdktrace.ReadOnlySpan, depth int)
	draw = func(s sdktrace.ReadOnlySpan, depth int) {
		fmt.Fprintf(&b, "%s%s [%s]\n", strings.Repeat("  ", depth), s.Name(), s.Status().Code)
		for _, c := range tr.children[s.SpanContext().SpanID()] {
			draw(c, depth+1)
		}
	}
	for _, s := range tr.spans {
		if tr.parent(s) == nil {
			draw(s, 0)
		}
	}
	return b.String()
}

// attr returns the value of the span attribute key, or an invalid value.
func attr(s sdktrace.ReadOnlySpan, key string) attribute.Value {
	for _, kv := range s.Attributes() {
		if string(kv.Key) == key {
			return kv.Value
		}
	}
	return attribute.Value{}
}

// wantAttrs fails t unless s has each attribute of want (string, int or
// bool values).
func wantAttrs(t *testing.T, s sdktrace.ReadOnlySpan, want map[string]any) {
	t.Helper()
	for k, w := range want {
		got := attr(s, k)
		var ok bool
		switch w := w.(type) {
		case string:
			ok = got.Type() == attribute.STRING && got.AsString() == w
		case int:
			ok = got.Type() == attribute.INT64 && got.AsInt64() == int64(w)
		case bool:
			ok = got.Type() == attribute.BOOL && got.AsBool() == w
		default:
			t.Fatalf("wantAttrs: %s: unsupported %T", k, w)
		}
		if !ok {
			t.Errorf("%s %s = %v (%s); want %v", s.Name(), k, got.Emit(), got.Type(), w)
		}
	}
}

// checkTransferTree checks the shape of the trace: the transfer's span
// under the application's, and each S3 call's span where the transfer
// made it, with its attempts under it.
func checkTransferTree(t *testing.T, tr *spanTree, app trace.SpanContext) {
	for _, s := range tr.spans {
		if s.SpanContext().TraceID() != app.TraceID() {
			t.Errorf("span %s is in trace %s; want the application's, %s", s.Name(), s.SpanContext().TraceID(), app.TraceID())
		}
	}
	uploads := tr.named("transfer.Upload")
	if len(uploads) != 1 {
		t.Fatalf("%d transfer.Upload spans; want 1\n%s", len(uploads), tr)
	}
	upload := uploads[0]
	if upload.Parent().SpanID() != app.SpanID() {
		t.Errorf("transfer.Upload's parent is %v; want the application's span\n%s", upload.Parent().SpanID(), tr)
	}
	if got, want := tr.childNames(upload), []string{
		"S3.CreateMultipartUpload", transfer.SpanPart, transfer.SpanPart, transfer.SpanPart, "S3.CompleteMultipartUpload",
	}; !slices.Equal(got, want) {
		t.Errorf("transfer.Upload's children %q; want %q\n%s", got, want, tr)
	}
	if upload.Status().Code != codes.Ok {
		t.Errorf("transfer.Upload status %v; want Ok", upload.Status())
	}

	parts := map[int64]bool{}
	for _, part := range tr.named(transfer.SpanPart) {
		parts[attr(part, "aws.s3.part_number").AsInt64()] = true
		if got := tr.childNames(part); !slices.Equal(got, []string{"S3.UploadPart"}) {
			t.Errorf("part %d's children %q; want one S3.UploadPart\n%s", attr(part, "aws.s3.part_number").AsInt64(), got, tr)
		}
	}
	if len(parts) != 3 || !parts[1] || !parts[2] || !parts[3] {
		t.Errorf("part spans have part numbers %v; want 1, 2 and 3", parts)
	}

	// One operation span per S3 call, each with its attempts.
	calls := map[string]int{}
	for _, s := range tr.spans {
		if !strings.HasPrefix(s.Name(), "S3.") {
			continue
		}
		calls[s.Name()]++
		wantAttempts := 1
		if p := tr.parent(s); p != nil && p.Name() == transfer.SpanPart && attr(p, "aws.s3.part_number").AsInt64() == 1 {
			wantAttempts = 2 // the part the proxy failed once
		}
		var attempts int
		for _, name := range tr.childNames(s) {
			switch name {
			case awsmw.SpanAttempt:
				attempts++
			case awsmw.SpanSerialize:
			default:
				t.Errorf("%s has a child %s", s.Name(), name)
			}
		}
		if attempts != wantAttempts {
			t.Errorf("%s has %d Attempt spans; want %d\n%s", s.Name(), attempts, wantAttempts, tr)
		}
	}
	if want := map[string]int{"S3.CreateMultipartUpload": 1, "S3.UploadPart": 3, "S3.CompleteMultipartUpload": 1}; !maps.Equal(calls, want) {
		t.Errorf("operation spans %v; want %v\n%s", calls, want, tr)
	}

	// Each attempt's steps are its children.
	for _, a := range tr.named(awsmw.SpanAttempt) {
		got := tr.childNames(a)
		for _, step := range []string{awsmw.SpanGetIdentity, awsmw.SpanResolveEndpoint, awsmw.SpanSignRequest, awsmw.SpanSend} {
			if !slices.Contains(got, step) {
				t.Errorf("an Attempt of %s has children %q; want %s among them", tr.parent(a).Name(), got, step)
			}
		}
	}
}

// checkOperationSpans checks the RPC and AWS attributes of each S3 call's
// span, and the retry event of the retried one.
func checkOperationSpans(t *testing.T, tr *spanTree, region string) {
	retried := 0
	for _, s := range tr.spans {
		method, ok := strings.CutPrefix(s.Name(), "S3.")
		if !ok {
			continue
		}
		if s.SpanKind() != trace.SpanKindClient {
			t.Errorf("%s kind %v; want client", s.Name(), s.SpanKind())
		}
		if s.Status().Code != codes.Ok {
			t.Errorf("%s status %v; want Ok", s.Name(), s.Status())
		}
		wantAttrs(t, s, map[string]any{
			"rpc.system": "aws-api", "rpc.service": "S3", "rpc.method": method,
			"cloud.region": region, "http.response.status_code": 200,
		})
		if id := attr(s, "aws.request_id").AsString(); id == "" {
			t.Errorf("%s has no aws.request_id", s.Name())
		}
		var retries []sdktrace.Event
		for _, e := range s.Events() {
			if e.Name == "retry" {
				retries = append(retries, e)
			}
		}
		switch n := attr(s, "operation.attempts").AsInt64(); n {
		case 1:
			if len(retries) != 0 {
				t.Errorf("%s, one attempt, has %d retry events", s.Name(), len(retries))
			}
		case 2:
			retried++
			if len(retries) != 1 {
				t.Fatalf("%s, two attempts, has %d retry events; want 1", s.Name(), len(retries))
			}
			ev := attribute.NewSet(retries[0].Attributes...)
			if v, _ := ev.Value("error.type"); v.AsString() != "SlowDown" {
				t.Errorf("retry event error.type %q; want SlowDown", v.Emit())
			}
			if v, _ := ev.Value("operation.attempt"); v.AsInt64() != 1 {
				t.Errorf("retry event operation.attempt %v; want 1", v.Emit())
			}
		default:
			t.Errorf("%s operation.attempts = %d; want 1 or 2", s.Name(), n)
		}
	}
	if retried != 1 {
		t.Errorf("%d calls with two attempts; want 1\n%s", retried, tr)
	}
}

// checkAttemptSpans checks the two attempts of the retried UploadPart: the
// first failed with the proxy's 503, the second succeeded.
func checkAttemptSpans(t *testing.T, tr *spanTree) {
	var retried sdktrace.ReadOnlySpan
	for _, s := range tr.named("S3.UploadPart") {
		if attr(s, "operation.attempts").AsInt64() == 2 {
			retried = s
		}
	}
	if retried == nil {
		t.Fatalf("no UploadPart with two attempts\n%s", tr)
	}
	var attempts []sdktrace.ReadOnlySpan
	for _, c := range tr.children[retried.SpanContext().SpanID()] {
		if c.Name() == awsmw.SpanAttempt {
			attempts = append(attempts, c)
		}
	}
	if len(attempts) != 2 {
		t.Fatalf("the retried UploadPart has %d attempts", len(attempts))
	}
	failed, ok := attempts[0], attempts[1]

	if failed.Status().Code != codes.Error || !strings.Contains(failed.Status().Description, "SlowDown") {
		t.Errorf("first attempt status %v %q; want Error with the SlowDown message", failed.Status().Code, failed.Status().Description)
	}
	wantAttrs(t, failed, map[string]any{
		"operation.attempt": 1, "http.response.status_code": 503,
		"error.type": "SlowDown", "api.error_code": "SlowDown", "api.error_message": "injected by faultproxy",
	})
	// The proxy's error body names its own request ID: the attempt's ID is
	// the failed response's, not the next one's.
	if id := attr(failed, "aws.request_id").AsString(); !strings.HasPrefix(id, "faultproxy-") {
		t.Errorf("first attempt aws.request_id %q; want the proxy's", id)
	}
	var send sdktrace.ReadOnlySpan
	for _, c := range tr.children[failed.SpanContext().SpanID()] {
		if c.Name() == awsmw.SpanSend {
			send = c
		}
	}
	if send == nil {
		t.Fatalf("first attempt has no %s span", awsmw.SpanSend)
	}
	wantAttrs(t, send, map[string]any{"http.request.method": "PUT", "url.scheme": "http", "server.address": "127.0.0.1", "http.response.status_code": 503})

	if ok.Status().Code != codes.Ok {
		t.Errorf("second attempt status %v; want Ok", ok.Status())
	}
	wantAttrs(t, ok, map[string]any{"operation.attempt": 2, "http.request.resend_count": 1, "http.response.status_code": 200})
	if id := attr(ok, "aws.request_id").AsString(); id == "" || strings.HasPrefix(id, "faultproxy-") {
		t.Errorf("second attempt aws.request_id %q; want versitygw's", id)
	}
	if got, want := attr(retried, "aws.request_id").AsString(), attr(ok, "aws.request_id").AsString(); got != want {
		t.Errorf("UploadPart aws.request_id %q; want its last attempt's, %q", got, want)
	}
}

// checkTransferMetrics collects the ManualReader and checks the points per
// call and per retry.
func checkTransferMetrics(t *testing.T, reader *sdkmetric.ManualReader, traceID trace.TraceID, bucket, key string, size int64) {
	var rm metricdata.ResourceMetrics
	if err := reader.Collect(t.Context(), &rm); err != nil {
		t.Fatal(err)
	}
	got := map[string]metricdata.Metrics{}
	for _, sm := range rm.ScopeMetrics {
		for _, m := range sm.Metrics {
			got[m.Name] = m
		}
	}
	op := func(method string) attribute.Set {
		return attribute.NewSet(attribute.String("rpc.service", "S3"), attribute.String("rpc.method", method))
	}

	// Counters: attempts per call, plus the retry's; one error and one
	// throttle, on UploadPart.
	wantSum(t, got, awsmw.MetricCallAttempts, "{attempt}", map[attribute.Set]int64{
		op("CreateMultipartUpload"): 1, op("UploadPart"): 4, op("CompleteMultipartUpload"): 1,
	})
	wantSum(t, got, awsmw.MetricCallErrors, "{error}", map[attribute.Set]int64{
		attribute.NewSet(attribute.String("rpc.service", "S3"), attribute.String("rpc.method", "UploadPart"),
			attribute.String("exception.type", "SlowDown"), attribute.Int("http.response.status_code", 503)): 1,
	})
	wantSum(t, got, awsmw.MetricCallThrottles, "{throttle}", map[attribute.Set]int64{op("UploadPart"): 1})

	// Histograms: one duration per call, one per attempt, one retry delay.
	wantCounts(t, got, awsmw.MetricCallDuration, map[attribute.Set]uint64{
		op("CreateMultipartUpload"): 1, op("UploadPart"): 3, op("CompleteMultipartUpload"): 1,
	})
	wantCounts(t, got, awsmw.MetricCallAttemptDuration, map[attribute.Set]uint64{
		op("CreateMultipartUpload"): 1, op("UploadPart"): 4, op("CompleteMultipartUpload"): 1,
	})
	wantCounts(t, got, awsmw.MetricCallRetryDelay, map[attribute.Set]uint64{op("UploadPart"): 1})
	for _, name := range []string{awsmw.MetricCallDuration, awsmw.MetricCallAttemptDuration, awsmw.MetricCallRetryDelay} {
		if u := got[name].Unit; u != "s" {
			t.Errorf("%s unit %q; want s", name, u)
		}
	}

	// The transfer's progress counters.
	upload := attribute.NewSet(attribute.String("transfer.operation", "upload"))
	wantSum(t, got, transfer.MetricParts, "{part}", map[attribute.Set]int64{upload: 3})
	wantSum(t, got, transfer.MetricObjects, "{object}", map[attribute.Set]int64{upload: 1})
	// The proxy reads a request's whole body before it answers, so the
	// refused attempt sent all of part 1: 12 MiB, plus 5 MiB again.
	sent := size + 5<<20
	wantSum(t, got, transfer.MetricBytes, "By", map[attribute.Set]int64{upload: sent})
	if b, ok := got["client.http.bytes_sent"].Data.(metricdata.Sum[int64]); !ok {
		t.Errorf("client.http.bytes_sent is a %T", got["client.http.bytes_sent"].Data)
	} else {
		for _, p := range b.DataPoints {
			if v, _ := p.Attributes.Value("rpc.method"); v.AsString() == "UploadPart" && p.Value < sent {
				t.Errorf("UploadPart client.http.bytes_sent = %d; want at least %d (the bodies, encoded)", p.Value, sent)
			}
			// Exemplars tie points to the call's span.
			for _, e := range p.Exemplars {
				if trace.TraceID(e.TraceID) != traceID {
					t.Errorf("client.http.bytes_sent exemplar in trace %x; want the upload's", e.TraceID)
				}
			}
		}
	}

	// No attribute names the object or the endpoint.
	for name, m := range got {
		for _, set := range pointSets(m.Data) {
			for _, kv := range set.ToSlice() {
				if v := kv.Value.Emit(); strings.Contains(v, bucket) || strings.Contains(v, key) || strings.Contains(v, "127.0.0.1") {
					t.Errorf("%s: attribute %s=%q is unbounded", name, kv.Key, v)
				}
			}
		}
	}
	for _, name := range []string{"client.http.bytes_sent", "client.http.time_to_first_byte"} {
		if _, ok := got[name]; !ok {
			t.Errorf("no %s metric", name)
		}
	}
}

func wantSum(t *testing.T, got map[string]metricdata.Metrics, name, unit string, want map[attribute.Set]int64) {
	t.Helper()
	m, ok := got[name]
	if !ok {
		t.Errorf("no %s metric", name)
		return
	}
	if m.Unit != unit {
		t.Errorf("%s unit %q; want %q", name, m.Unit, unit)
	}
	sum, ok := m.Data.(metricdata.Sum[int64])
	if !ok || !sum.IsMonotonic {
		t.Errorf("%s is a %T; want a monotonic Sum[int64]", name, m.Data)
		return
	}
	points := map[attribute.Set]int64{}
	for _, p := range sum.DataPoints {
		points[p.Attributes] = p.Value
	}
	if !maps.Equal(points, want) {
		t.Errorf("%s points %s; want %s", name, fmtPoints(points), fmtPoints(want))
	}
}

func wantCounts(t *testing.T, got map[string]metricdata.Metrics, name string, want map[attribute.Set]uint64) {
	t.Helper()
	m, ok := got[name]
	if !ok {
		t.Errorf("no %s metric", name)
		return
	}
	h, ok := m.Data.(metricdata.Histogram[float64])
	if !ok {
		t.Errorf("%s is a %T; want a Histogram[float64]", name, m.Data)
		return
	}
	points := map[attribute.Set]uint64{}
	for _, p := range h.DataPoints {
		points[p.Attributes] = p.Count
	}
	if !maps.Equal(points, want) {
		t.Errorf("%s counts %s; want %s", name, fmtPoints(points), fmtPoints(want))
	}
}

func fmtPoints[N int64 | uint64](points map[attribute.Set]N) string {
	var out []string
	for set, n := range points {
		out = append(out, fmt.Sprintf("{%s}=%d", set.Encoded(attribute.DefaultEncoder()), n))
	}
	slices.Sort(out)
	return strings.Join(out, " ")
}

// pointSets returns the attribute sets of an aggregation's points.
func pointSets(data metricdata.Aggregation) []attribute.Set {
	var out []attribute.Set
	switch d := data.(type) {
	case metricdata.Sum[int64]:
		for _, p := range d.DataPoints {
			out = append(out, p.Attributes)
		}
	case metricdata.Sum[float64]:
		for _, p := range d.DataPoints {
			out = append(out, p.Attributes)
		}
	case metricdata.Histogram[float64]:
		for _, p := range d.DataPoints {
			out = append(out, p.Attributes)
		}
	case metricdata.Histogram[int64]:
		for _, p := range d.DataPoints {
			out = append(out, p.Attributes)
		}
	}
	return out
}
