package oteltracing

import (
	"sync"

	"github.com/aws/smithy-go/tracing"
	"go.opentelemetry.io/otel/attribute"
	"go.opentelemetry.io/otel/codes"
	"go.opentelemetry.io/otel/trace"

	"github.com/nimbus-sdk/nimbus/feature/otel/internal/otelattr"
)

// Names from the OpenTelemetry semantic conventions for exceptions.
const (
	exceptionEvent   = "exception"
	exceptionMessage = attribute.Key("exception.message")
)

// span is a smithy-go Span recording to an OpenTelemetry span. Like the
// OpenTelemetry span, it is safe for concurrent use.
type span struct {
	otel trace.Span
	name string

	// base is the span context of the nearest ancestor this package did not
	// start (invalid for a root), the parent of new spans once the runtime
	// has popped every span of ours off the context.
	base trace.SpanContext

	// mu guards description and failed, so that the description of an
	// error status is the last exception.message whichever came first.
	mu sync.Mutex
	// description is the last exception.message seen on the span, the
	// description of an error status.
	description string
	// failed is set once the span has an error status.
	failed bool
}

// Name returns the name the span was started with.
func (s *span) Name() string { return s.name }

// Context returns the span's trace and span IDs in hex, as OpenTelemetry
// propagates them, or no IDs (not IsValid) if the span has none, as with a
// no-op OpenTelemetry provider.
func (s *span) Context() tracing.SpanContext {
	sc := s.otel.SpanContext()
	if !sc.IsValid() {
		return tracing.SpanContext{}
	}
	return tracing.SpanContext{
		TraceID:  sc.TraceID().String(),
		SpanID:   sc.SpanID().String(),
		IsRemote: sc.IsRemote(),
	}
}

// AddEvent adds an event with the properties of opts as its attributes.
// An "exception" event's exception.message becomes the description of a
// later error status.
func (s *span) AddEvent(name string, opts ...tracing.EventOption) {
	if !s.otel.IsRecording() {
		return
	}
	var o tracing.EventOptions
	for _, opt := range opts {
		opt(&o)
	}
	attrs := otelattr.FromProperties(&o.Properties)
	if name == exceptionEvent {
		for _, kv := range attrs {
			s.noteAttribute(kv)
		}
	}
	s.otel.AddEvent(name, trace.WithAttributes(attrs...))
}

// SetStatus sets the span's status. An error status carries the last
// exception.message the span saw, from an "exception" event or a span
// property, as its description. As in OpenTelemetry, OK is final: a later
// status is ignored.
func (s *span) SetStatus(status tracing.SpanStatus) {
	switch status {
	case tracing.SpanStatusOK:
		s.otel.SetStatus(codes.Ok, "")
	case tracing.SpanStatusError:
		s.mu.Lock()
		defer s.mu.Unlock()
		s.failed = true
		s.otel.SetStatus(codes.Error, s.description)
	}
}

// SetProperty sets a span attribute. Values are converted as the package
// documentation describes; a nil value sets nothing.
func (s *span) SetProperty(k, v any) {
	if !s.otel.IsRecording() {
		return
	}
	kv, ok := otelattr.KeyValue(k, v)
	if !ok {
		return
	}
	s.noteAttribute(kv)
	s.otel.SetAttributes(kv)
}

// End ends the span.
func (s *span) End() { s.otel.End() }

// noteAttribute keeps an exception.message as the error description, and
// gives it to the error status the span already has: the runtime marks a
// span failed before it sets the error's attributes.
func (s *span) noteAttribute(kv attribute.KeyValue) {
	if kv.Key != exceptionMessage {
		return
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	s.description = kv.Value.Emit()
	if s.failed {
		s.otel.SetStatus(codes.Error, s.description)
	}
}
