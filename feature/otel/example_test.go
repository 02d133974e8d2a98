package otel_test

import (
	"context"
	"fmt"
	"io"
	"log"
	"net/http"
	"net/http/httptest"

	"go.opentelemetry.io/otel/attribute"
	sdkmetric "go.opentelemetry.io/otel/sdk/metric"
	"go.opentelemetry.io/otel/sdk/metric/metricdata"
	sdktrace "go.opentelemetry.io/otel/sdk/trace"
	"go.opentelemetry.io/otel/sdk/trace/tracetest"

	"github.com/nimbus-sdk/nimbus/config"
	"github.com/nimbus-sdk/nimbus/credentials"
	"github.com/nimbus-sdk/nimbus/feature/otel/otelmetrics"
	"github.com/nimbus-sdk/nimbus/feature/otel/oteltracing"
	"github.com/nimbus-sdk/nimbus/services/s3"
)

// The setup: OpenTelemetry's SDK providers as usual, adapted for a
// client. A program exports with an OTLP exporter and a periodic reader;
// this one keeps spans and metrics in memory so that it can print those of
// one GetObject (from a local test server standing in for S3).
func Example() {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("x-amz-request-id", "REQ1")
		io.WriteString(w, "hello")
	}))
	defer srv.Close()
	cfg := config.Config{
		Region:       "us-east-1",
		BaseEndpoint: srv.URL,
		Credentials:  credentials.NewStaticProvider("AKIDEXAMPLE", "SECRETEXAMPLE", ""),
		S3:           config.S3Config{UsePathStyle: true},
	}
	ctx := context.Background()

	spans := tracetest.NewInMemoryExporter()
	tp := sdktrace.NewTracerProvider(sdktrace.WithSyncer(spans))
	defer tp.Shutdown(ctx)
	reader := sdkmetric.NewManualReader()
	mp := sdkmetric.NewMeterProvider(sdkmetric.WithReader(reader))
	defer mp.Shutdown(ctx)
	client := s3.NewFromConfig(cfg, func(o *s3.Options) {
		o.TracerProvider = oteltracing.Adapt(tp)
		o.MeterProvider = otelmetrics.Adapt(mp)
	})

	bucket, key := "photos", "cat.jpg"
	out, err := client.GetObject(ctx, &s3.GetObjectInput{Bucket: &bucket, Key: &key})
	if err != nil {
		log.Fatal(err)
	}
	out.Body.Close()

	// The spans, in the order they ended, each with its parent, and two
	// attributes of the operation's span.
	names := map[string]string{}
	for _, s := range spans.GetSpans() {
		names[s.SpanContext.SpanID().String()] = s.Name
	}
	for _, s := range spans.GetSpans() {
		parent := names[s.Parent.SpanID().String()]
		if parent == "" {
			parent = "(root)"
		}
		fmt.Printf("%-21s under %s\n", s.Name, parent)
	}
	op := attribute.NewSet(spans.GetSpans()[len(names)-1].Attributes...)
	for _, k := range []attribute.Key{"rpc.method", "aws.request_id"} {
		v, _ := op.Value(k)
		fmt.Printf("  %s=%s\n", k, v.Emit())
	}

	// One of the metrics: the call's attempts.
	var rm metricdata.ResourceMetrics
	if err := reader.Collect(ctx, &rm); err != nil {
		log.Fatal(err)
	}
	for _, sm := range rm.ScopeMetrics {
		for _, m := range sm.Metrics {
			if m.Name == "client.call.attempts" {
				p := m.Data.(metricdata.Sum[int64]).DataPoints[0]
				method, _ := p.Attributes.Value("rpc.method")
				fmt.Printf("%s{rpc.method=%s} %d\n", m.Name, method.AsString(), p.Value)
			}
		}
	}
	// Output:
	// OperationSerializer   under S3.GetObject
	// GetIdentity           under Attempt
	// ResolveEndpoint       under Attempt
	// SignRequest           under Attempt
	// DoHTTPRequest         under Attempt
	// OperationDeserializer under Attempt
	// Attempt               under S3.GetObject
	// S3.GetObject          under (root)
	//   rpc.method=GetObject
	//   aws.request_id=REQ1
	// client.call.attempts{rpc.method=GetObject} 1
}
