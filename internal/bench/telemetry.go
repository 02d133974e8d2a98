package bench

import (
	"context"

	"github.com/aws/smithy-go/metrics"
	"github.com/aws/smithy-go/tracing"
)

// DiscardTracerProvider and DiscardMeterProvider are smithy-go providers
// that do the work every real provider must do (allocate a span, apply
// the span and metric options, which set their attributes) and keep
// nothing. Both SDKs take smithy-go's interfaces, so the benchmarks give
// both the same providers: the cost they show is each SDK's own, not an
// exporter's. smithy-go's own no-op providers would not do: each SDK
// recognises them and switches telemetry off.
type DiscardTracerProvider struct{}

// Tracer implements tracing.TracerProvider.
func (DiscardTracerProvider) Tracer(string, ...tracing.TracerOption) tracing.Tracer {
	return discardTracer{}
}

type discardTracer struct{}

func (discardTracer) StartSpan(ctx context.Context, name string, opts ...tracing.SpanOption) (context.Context, tracing.Span) {
	var o tracing.SpanOptions
	for _, fn := range opts {
		fn(&o)
	}
	s := &discardSpan{name: name}
	return context.WithValue(ctx, discardSpanKey{}, s), s
}

type discardSpanKey struct{}

type discardSpan struct{ name string }

func (s *discardSpan) Name() string                            { return s.name }
func (s *discardSpan) Context() tracing.SpanContext            { return tracing.SpanContext{} }
func (s *discardSpan) AddEvent(string, ...tracing.EventOption) {}
func (s *discardSpan) SetStatus(tracing.SpanStatus)            {}
func (s *discardSpan) SetProperty(any, any)                    {}
func (s *discardSpan) End()                                    {}

// DiscardMeterProvider is described with [DiscardTracerProvider].
type DiscardMeterProvider struct{}

// Meter implements metrics.MeterProvider.
func (DiscardMeterProvider) Meter(string, ...metrics.MeterOption) metrics.Meter {
	return discardMeter{}
}

type discardMeter struct{ metrics.NopMeter }

type discardInstrument struct{}

func applyRecordOptions(opts []metrics.RecordMetricOption) {
	var o metrics.RecordMetricOptions
	for _, fn := range opts {
		fn(&o)
	}
}

func (discardInstrument) Add(_ context.Context, _ int64, opts ...metrics.RecordMetricOption) {
	applyRecordOptions(opts)
}

func (discardInstrument) Record(_ context.Context, _ int64, opts ...metrics.RecordMetricOption) {
	applyRecordOptions(opts)
}

type discardFloat struct{}

func (discardFloat) Add(_ context.Context, _ float64, opts ...metrics.RecordMetricOption) {
	applyRecordOptions(opts)
}

func (discardFloat) Record(_ context.Context, _ float64, opts ...metrics.RecordMetricOption) {
	applyRecordOptions(opts)
}

func (discardMeter) Int64Counter(string, ...metrics.InstrumentOption) (metrics.Int64Counter, error) {
	return discardInstrument{}, nil
}

func (discardMeter) Int64UpDownCounter(string, ...metrics.InstrumentOption) (metrics.Int64UpDownCounter, error) {
	return discardInstrument{}, nil
}

func (discardMeter) Int64Histogram(string, ...metrics.InstrumentOption) (metrics.Int64Histogram, error) {
	return discardInstrument{}, nil
}

func (discardMeter) Float64Counter(string, ...metrics.InstrumentOption) (metrics.Float64Counter, error) {
	return discardFloat{}, nil
}

func (discardMeter) Float64Histogram(string, ...metrics.InstrumentOption) (metrics.Float64Histogram, error) {
	return discardFloat{}, nil
}
