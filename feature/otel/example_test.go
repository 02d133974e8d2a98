package otel_test

import (
	"context"
	"fmt"

	"github.com/aws/smithy-go/metrics"
	"github.com/aws/smithy-go/tracing"
	sdkmetric "go.opentelemetry.io/otel/sdk/metric"
	"go.opentelemetry.io/otel/sdk/metric/metricdata"
	sdktrace "go.opentelemetry.io/otel/sdk/trace"
	"go.opentelemetry.io/otel/sdk/trace/tracetest"

	"github.com/nimbus-sdk/nimbus/feature/otel/otelmetrics"
	"github.com/nimbus-sdk/nimbus/feature/otel/oteltracing"
)

// The setup: OpenTelemetry's SDK providers as usual, wrapped for a client.
// A program exports with an OTLP exporter and a periodic reader; this one
// keeps spans and metrics in memory so that it can print them.
func Example() {
	ctx := context.Background()
	spans := tracetest.NewInMemoryExporter()
	tp := sdktrace.NewTracerProvider(sdktrace.WithBatcher(spans))
	defer tp.Shutdown(ctx)
	reader := sdkmetric.NewManualReader()
	mp := sdkmetric.NewMeterProvider(sdkmetric.WithReader(reader))
	defer mp.Shutdown(ctx)

	var tracerProvider tracing.TracerProvider = oteltracing.Adapt(tp)
	var meterProvider metrics.MeterProvider = otelmetrics.Adapt(mp)

	// What a client does with them on each call, in brief.
	ctx, op := tracerProvider.Tracer("s3").StartSpan(ctx, "S3.GetObject")
	_, attempt := tracerProvider.Tracer("s3").StartSpan(ctx, "Attempt")
	attempt.End()
	op.End()
	calls, _ := meterProvider.Meter("s3").Int64Counter("client.call.attempts")
	calls.Add(ctx, 1)

	_ = tp.ForceFlush(ctx)
	for _, s := range spans.GetSpans() {
		fmt.Println("span", s.Name)
	}
	var rm metricdata.ResourceMetrics
	_ = reader.Collect(ctx, &rm)
	m := rm.ScopeMetrics[0].Metrics[0]
	fmt.Println("metric", m.Name, m.Data.(metricdata.Sum[int64]).DataPoints[0].Value)
	// Output:
	// span Attempt
	// span S3.GetObject
	// metric client.call.attempts 1
}
