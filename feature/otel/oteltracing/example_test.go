package oteltracing_test

import (
	"context"
	"fmt"

	"github.com/aws/smithy-go/tracing"
	sdktrace "go.opentelemetry.io/otel/sdk/trace"
	"go.opentelemetry.io/otel/sdk/trace/tracetest"
	"go.opentelemetry.io/otel/trace"

	"github.com/nimbus-sdk/nimbus/feature/otel/oteltracing"
)

// A client's spans join the application's trace: the OpenTelemetry span on
// the call's context is the parent of the operation span, which is the
// parent of each attempt.
func ExampleAdapt() {
	ctx := context.Background()
	spans := tracetest.NewInMemoryExporter()
	tp := sdktrace.NewTracerProvider(sdktrace.WithSyncer(spans))
	defer tp.Shutdown(ctx)
	tracerProvider := oteltracing.Adapt(tp) // a client's TracerProvider

	ctx, handler := tp.Tracer("app").Start(ctx, "GET /photos")

	// What the client does for a call that is retried once.
	tracer := tracerProvider.Tracer("github.com/nimbus-sdk/nimbus/services/s3")
	opCtx, op := tracer.StartSpan(ctx, "S3.GetObject", func(o *tracing.SpanOptions) {
		o.Kind = tracing.SpanKindClient
		o.Properties.Set("rpc.method", "GetObject")
	})
	for _, code := range []int{503, 200} {
		_, attempt := tracer.StartSpan(opCtx, "Attempt")
		attempt.SetProperty("http.response.status_code", code)
		if code != 200 {
			attempt.SetProperty("exception.message", "SlowDown: Please reduce your request rate.")
			attempt.SetStatus(tracing.SpanStatusError)
		}
		attempt.End()
	}
	op.End()
	handler.End()

	names := map[trace.SpanID]string{}
	for _, s := range spans.GetSpans() {
		names[s.SpanContext.SpanID()] = s.Name
	}
	for _, s := range spans.GetSpans() {
		parent := names[s.Parent.SpanID()]
		if parent == "" {
			parent = "(root)"
		}
		fmt.Printf("%s under %s: %s %q\n", s.Name, parent, s.Status.Code, s.Status.Description)
	}
	// Output:
	// Attempt under S3.GetObject: Error "SlowDown: Please reduce your request rate."
	// Attempt under S3.GetObject: Unset ""
	// S3.GetObject under GET /photos: Unset ""
	// GET /photos under (root): Unset ""
}
