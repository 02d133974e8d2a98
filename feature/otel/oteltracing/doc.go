// Package oteltracing records the spans of Nimbus clients with
// OpenTelemetry.
//
// Nimbus clients trace through smithy-go's [tracing] interfaces, so the
// core SDK depends on no telemetry library. [Adapt] turns an OpenTelemetry
// [trace.TracerProvider] into a [tracing.TracerProvider] a client takes
// (see the module's package [github.com/nimbus-sdk/nimbus/feature/otel] for
// the complete setup). The name and signature match aws-sdk-go-v2's
// smithyoteltracing.Adapt, so code ported from v2 changes only its import;
// the last section lists where the behaviour differs.
//
// # Span tree
//
// A span's parent is the innermost span of the context it is started
// with, whichever API started that span:
//   - an OpenTelemetry span the application put on the context becomes the
//     parent of the operation span, so a call joins the application's
//     trace (and its propagated remote parent, if any);
//   - spans the client starts under the operation span (attempts, and
//     whatever those contain) are its children; an OpenTelemetry span the
//     application starts inside one (in a transfer callback, say) is, in
//     turn, the parent of the spans the client starts under it;
//   - spans the runtime has ended and removed with [tracing.PopSpan] are
//     no one's parent any more;
//   - a span started through another smithy-go tracing implementation is
//     the parent through its trace and span IDs.
//
// The context a span is started with also carries it as OpenTelemetry's
// current span, so [trace.SpanFromContext] returns it, and OpenTelemetry
// instrumentation below the client (of an HTTP transport, say) nests under
// the attempt.
//
// # Attributes
//
// The properties of a tracer, span or event become OpenTelemetry
// attributes, those of a span at its start so that samplers see them. A
// string key is kept; another key becomes its String(), the string it is
// defined over, or, failing those, its Go syntax. Values keep their type
// where OpenTelemetry has it: bool, every integer size (an unsigned value
// above math.MaxInt64 becomes its decimal string), float32 and float64,
// string, []byte, and slices of bool, int, int64, float64 and string. A
// fmt.Stringer or error becomes its text (a time.Duration reads "1.5s");
// another value whose type is defined over a basic kind (a generated enum
// type) converts by that kind; anything else becomes its fmt %v text. A
// nil value sets nothing.
//
// # Status
//
// [tracing.SpanStatusOK] and [tracing.SpanStatusError] map to
// OpenTelemetry's Ok and Error. smithy-go's SetStatus takes no message, so
// the description of an error status is the last exception.message the
// span saw, as a property or as an attribute of an "exception" event (the
// event OpenTelemetry's RecordError writes), before or after the status
// was set. As in OpenTelemetry, an Ok
// status is final.
//
// Spans are OpenTelemetry spans underneath and, like them, safe for
// concurrent use. A span the provider does not sample costs no attribute
// conversion.
//
// # Differences from aws-sdk-go-v2's adapter
//
//   - Properties given when a span starts are its attributes at the start,
//     where samplers see them; v2 sets them just after.
//   - An error status has a description (v2's has none).
//   - An OpenTelemetry span started inside a client span is the parent of
//     the client spans started under it (v2 keeps the client span), a span
//     popped by the runtime is no longer a parent, and a span of another
//     smithy-go tracing implementation is a parent by ID (v2 panics on
//     one).
//   - Property values keep their type for every integer size, named basic
//     types such as generated enums, errors and []byte (v2 turns these
//     into their Go syntax); nil values set nothing.
//   - Context of a span without IDs (from a no-op provider) has no IDs, so
//     smithy-go's IsValid is false; v2 gives zero IDs, which it calls
//     valid.
//   - A nil provider means the global one (v2's adapter would panic on
//     first use).
package oteltracing
