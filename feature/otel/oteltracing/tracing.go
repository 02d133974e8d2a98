package oteltracing

import (
	"context"

	"github.com/aws/smithy-go/tracing"
	"go.opentelemetry.io/otel"
	"go.opentelemetry.io/otel/trace"

	"github.com/nimbus-sdk/nimbus/feature/otel/internal/otelattr"
)

// Adapt returns a smithy-go [tracing.TracerProvider] that records every
// span through tp. Clients take the result as their TracerProvider.
//
// If tp is nil, the global provider (otel.GetTracerProvider) is used, looked
// up each time a client asks for a Tracer, so a provider registered after
// Adapt is still found.
//
// Adapt may be called any number of times on the same provider; the
// results are equivalent and safe for concurrent use.
func Adapt(tp trace.TracerProvider) tracing.TracerProvider {
	return &tracerProvider{otel: tp}
}

type tracerProvider struct {
	otel trace.TracerProvider // nil: the global provider
}

// Tracer returns a Tracer for the instrumentation scope, with the
// properties of opts as the scope's attributes.
func (p *tracerProvider) Tracer(scope string, opts ...tracing.TracerOption) tracing.Tracer {
	var o tracing.TracerOptions
	for _, opt := range opts {
		opt(&o)
	}
	tp := p.otel
	if tp == nil {
		tp = otel.GetTracerProvider()
	}
	var topts []trace.TracerOption
	if kvs := otelattr.FromProperties(&o.Properties); len(kvs) > 0 {
		topts = append(topts, trace.WithInstrumentationAttributes(kvs...))
	}
	return &tracer{otel: tp.Tracer(scope, topts...)}
}

type tracer struct {
	otel trace.Tracer
}

// StartSpan starts an OpenTelemetry span and returns a context holding it
// both as smithy-go's current span ([tracing.GetSpan]) and as
// OpenTelemetry's ([trace.SpanFromContext]), so spans started by either API
// under the returned context are its children.
func (t *tracer) StartSpan(ctx context.Context, name string, opts ...tracing.SpanOption) (context.Context, tracing.Span) {
	var o tracing.SpanOptions
	for _, opt := range opts {
		opt(&o)
	}
	parentCtx, base := parent(ctx)
	sopts := []trace.SpanStartOption{trace.WithSpanKind(spanKind(o.Kind))}
	attrs := otelattr.FromProperties(&o.Properties)
	if len(attrs) > 0 {
		// At start rather than afterwards, so a sampler sees them.
		sopts = append(sopts, trace.WithAttributes(attrs...))
	}
	_, otelSpan := t.otel.Start(parentCtx, name, sopts...)

	s := &span{otel: otelSpan, name: name, base: base}
	for _, kv := range attrs {
		s.noteAttribute(kv)
	}
	// The returned context derives from ctx, not parentCtx: parentCtx may
	// hold a span context rebuilt from a foreign parent, which must not
	// shadow anything the caller put on ctx.
	ctx = trace.ContextWithSpan(ctx, otelSpan)
	ctx = context.WithValue(ctx, lastStartedKey{}, s)
	return tracing.WithSpan(ctx, s), s
}

// lastStartedKey holds the *span this package most recently put on a
// context.
type lastStartedKey struct{}

// parent returns the context to start a new span from, so that its parent
// is the innermost span of the call, and the span context new spans inherit
// as their base (see span.base).
//
// Two sources can name the parent: smithy-go's span lineage (which the
// runtime manages with [tracing.WithSpan] and [tracing.PopSpan]) and the
// OpenTelemetry span on ctx. Each span this package starts is put on both,
// so they agree unless
//   - the caller put an OpenTelemetry span on ctx after that (an
//     application span around a call, or one inside a transfer): that span
//     is the innermost and becomes the parent;
//   - the runtime popped spans off the lineage, leaving a stale
//     OpenTelemetry span behind: the lineage wins, and with an empty
//     lineage the base of the popped span (what was on ctx before this
//     package's first span) does;
//   - the lineage ends in a span from another tracing implementation: its
//     trace and span IDs become the parent (a no-op span, which has none,
//     is passed over).
func parent(ctx context.Context) (context.Context, trace.SpanContext) {
	otelSpan := trace.SpanFromContext(ctx)
	last, _ := ctx.Value(lastStartedKey{}).(*span)
	// Spans are compared by their span contexts: some implementations'
	// spans (the no-op ones) are not comparable with ==.
	if last != nil && !otelSpan.SpanContext().Equal(last.otel.SpanContext()) {
		// The caller's OpenTelemetry span is newer than ours.
		return ctx, otelSpan.SpanContext()
	}
	current, ok := tracing.GetSpan(ctx)
	if !ok {
		if last == nil {
			return ctx, otelSpan.SpanContext()
		}
		// Every span of ours was popped: fall back to what preceded them.
		return trace.ContextWithSpanContext(ctx, last.base), last.base
	}
	if s, ok := current.(*span); ok {
		return trace.ContextWithSpan(ctx, s.otel), s.base
	}
	if sc := foreignSpanContext(current.Context()); sc.IsValid() {
		return trace.ContextWithSpanContext(ctx, sc), sc
	}
	// A span without IDs (smithy-go's no-op span) names no parent; the
	// OpenTelemetry span on ctx is the best one left.
	if last != nil {
		return ctx, last.base
	}
	return ctx, otelSpan.SpanContext()
}

// foreignSpanContext rebuilds the span context of a span another tracing
// implementation started. Its sampling decision is unknown; it is taken as
// sampled, since a span that has IDs is normally being recorded. Spans
// without valid IDs (smithy-go's no-op spans) give an invalid context.
func foreignSpanContext(c tracing.SpanContext) trace.SpanContext {
	traceID, err := trace.TraceIDFromHex(c.TraceID)
	if err != nil {
		return trace.SpanContext{}
	}
	spanID, err := trace.SpanIDFromHex(c.SpanID)
	if err != nil {
		return trace.SpanContext{}
	}
	return trace.NewSpanContext(trace.SpanContextConfig{
		TraceID:    traceID,
		SpanID:     spanID,
		TraceFlags: trace.FlagsSampled,
		Remote:     c.IsRemote,
	})
}

func spanKind(k tracing.SpanKind) trace.SpanKind {
	switch k {
	case tracing.SpanKindClient:
		return trace.SpanKindClient
	case tracing.SpanKindServer:
		return trace.SpanKindServer
	case tracing.SpanKindProducer:
		return trace.SpanKindProducer
	case tracing.SpanKindConsumer:
		return trace.SpanKindConsumer
	}
	return trace.SpanKindInternal
}
