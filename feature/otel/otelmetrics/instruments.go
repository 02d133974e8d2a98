package otelmetrics

import (
	"context"

	"github.com/aws/smithy-go/metrics"
	"go.opentelemetry.io/otel/metric"

	"github.com/nimbus-sdk/nimbus/feature/otel/internal/otelattr"
)

// counter is a smithy-go counter (monotonic or up-down) over the
// OpenTelemetry one.
type counter[N int64 | float64] struct {
	otel interface {
		Add(context.Context, N, ...metric.AddOption)
	}
}

// Add adds v, with the properties of opts as the point's attributes.
func (c counter[N]) Add(ctx context.Context, v N, opts ...metrics.RecordMetricOption) {
	if len(opts) == 0 {
		c.otel.Add(ctx, v)
		return
	}
	c.otel.Add(ctx, v, measurementOption(opts))
}

// recorder is a smithy-go gauge or histogram over the OpenTelemetry one:
// both record a value.
type recorder[N int64 | float64] struct {
	otel interface {
		Record(context.Context, N, ...metric.RecordOption)
	}
}

// Record records v in a histogram, with the properties of opts as the
// point's attributes.
func (r recorder[N]) Record(ctx context.Context, v N, opts ...metrics.RecordMetricOption) {
	if len(opts) == 0 {
		r.otel.Record(ctx, v)
		return
	}
	r.otel.Record(ctx, v, measurementOption(opts))
}

// Sample records v as a gauge's current value, with the properties of opts
// as the point's attributes.
func (r recorder[N]) Sample(ctx context.Context, v N, opts ...metrics.RecordMetricOption) {
	r.Record(ctx, v, opts...)
}

// measurementOption turns the properties of opts into attributes.
func measurementOption(opts []metrics.RecordMetricOption) metric.MeasurementOption {
	var o metrics.RecordMetricOptions
	for _, opt := range opts {
		opt(&o)
	}
	return metric.WithAttributes(otelattr.FromProperties(&o.Properties)...)
}
