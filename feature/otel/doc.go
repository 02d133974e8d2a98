// Package otel is the home of Nimbus's OpenTelemetry adapters: this module,
// github.com/nimbus-sdk/nimbus/feature/otel, holds
// [github.com/nimbus-sdk/nimbus/feature/otel/oteltracing] for spans and
// [github.com/nimbus-sdk/nimbus/feature/otel/otelmetrics] for metrics.
//
// # Why a separate module
//
// Nimbus clients trace and measure through smithy-go's tracing and metrics
// interfaces, which the SDK depends on anyway, so the core module and the
// service modules require no telemetry library, and a client with no
// provider configured pays nothing for the instrumentation. Only programs
// that want OpenTelemetry import this module, and only they require
// go.opentelemetry.io/otel (and, since its v1.47, Go 1.26). The adapter
// packages import no Nimbus package; the module requires the SDK only for
// its tests, which run real clients.
//
// # Setup
//
// Build the OpenTelemetry SDK's providers as usual, with the exporters of
// your choice, wrap them with oteltracing.Adapt and otelmetrics.Adapt, and
// give the results to a client as its TracerProvider and
// MeterProvider; the Example shows the whole setup. The adapters follow
// aws-sdk-go-v2's smithyoteltracing and smithyotelmetrics, so code ported
// from v2 changes only its imports.
//
// An OpenTelemetry span on the context of a call becomes the parent of the
// call's operation span, so calls join the application's traces.
package otel
