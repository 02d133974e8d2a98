package otelmetrics

import (
	"fmt"

	"github.com/aws/smithy-go/metrics"
	"go.opentelemetry.io/otel"
	"go.opentelemetry.io/otel/metric"

	"github.com/nimbus-sdk/nimbus/feature/otel/internal/otelattr"
)

// Adapt returns a smithy-go [metrics.MeterProvider] that records every
// measurement through mp. Clients take the result as their MeterProvider.
//
// If mp is nil, the global provider (otel.GetMeterProvider) is used, looked
// up each time a client asks for a Meter, so a provider registered after
// Adapt is still found.
//
// Adapt may be called any number of times on the same provider; the
// results are equivalent and safe for concurrent use.
func Adapt(mp metric.MeterProvider) metrics.MeterProvider {
	return &meterProvider{otel: mp}
}

type meterProvider struct {
	otel metric.MeterProvider // nil: the global provider
}

// Meter returns a Meter for the instrumentation scope, with the properties
// of opts as the scope's attributes.
func (p *meterProvider) Meter(scope string, opts ...metrics.MeterOption) metrics.Meter {
	var o metrics.MeterOptions
	for _, opt := range opts {
		opt(&o)
	}
	mp := p.otel
	if mp == nil {
		mp = otel.GetMeterProvider()
	}
	var mopts []metric.MeterOption
	if kvs := otelattr.FromProperties(&o.Properties); len(kvs) > 0 {
		mopts = append(mopts, metric.WithInstrumentationAttributes(kvs...))
	}
	return &meter{otel: mp.Meter(scope, mopts...)}
}

// meter creates OpenTelemetry instruments. Each method passes the unit and
// description through and, as OpenTelemetry does, returns a usable
// instrument along with any error it reports (an invalid name, say).
type meter struct {
	otel metric.Meter
}

// Int64Counter creates a monotonic int64 counter.
func (m *meter) Int64Counter(name string, opts ...metrics.InstrumentOption) (metrics.Int64Counter, error) {
	unit, desc := instrumentOptions(opts)
	i, err := m.otel.Int64Counter(name, unit, desc)
	if i == nil {
		return nil, instrumentError(name, err)
	}
	return counter[int64]{i}, instrumentError(name, err)
}

// Int64UpDownCounter creates an int64 counter that may go down.
func (m *meter) Int64UpDownCounter(name string, opts ...metrics.InstrumentOption) (metrics.Int64UpDownCounter, error) {
	unit, desc := instrumentOptions(opts)
	i, err := m.otel.Int64UpDownCounter(name, unit, desc)
	if i == nil {
		return nil, instrumentError(name, err)
	}
	return counter[int64]{i}, instrumentError(name, err)
}

// Int64Gauge creates an int64 gauge; Sample records its current value.
func (m *meter) Int64Gauge(name string, opts ...metrics.InstrumentOption) (metrics.Int64Gauge, error) {
	unit, desc := instrumentOptions(opts)
	i, err := m.otel.Int64Gauge(name, unit, desc)
	if i == nil {
		return nil, instrumentError(name, err)
	}
	return recorder[int64]{i}, instrumentError(name, err)
}

// Int64Histogram creates an int64 histogram with the SDK's default (or the
// view's) buckets.
func (m *meter) Int64Histogram(name string, opts ...metrics.InstrumentOption) (metrics.Int64Histogram, error) {
	unit, desc := instrumentOptions(opts)
	i, err := m.otel.Int64Histogram(name, unit, desc)
	if i == nil {
		return nil, instrumentError(name, err)
	}
	return recorder[int64]{i}, instrumentError(name, err)
}

// Float64Counter creates a monotonic float64 counter.
func (m *meter) Float64Counter(name string, opts ...metrics.InstrumentOption) (metrics.Float64Counter, error) {
	unit, desc := instrumentOptions(opts)
	i, err := m.otel.Float64Counter(name, unit, desc)
	if i == nil {
		return nil, instrumentError(name, err)
	}
	return counter[float64]{i}, instrumentError(name, err)
}

// Float64UpDownCounter creates a float64 counter that may go down.
func (m *meter) Float64UpDownCounter(name string, opts ...metrics.InstrumentOption) (metrics.Float64UpDownCounter, error) {
	unit, desc := instrumentOptions(opts)
	i, err := m.otel.Float64UpDownCounter(name, unit, desc)
	if i == nil {
		return nil, instrumentError(name, err)
	}
	return counter[float64]{i}, instrumentError(name, err)
}

// Float64Gauge creates a float64 gauge; Sample records its current value.
func (m *meter) Float64Gauge(name string, opts ...metrics.InstrumentOption) (metrics.Float64Gauge, error) {
	unit, desc := instrumentOptions(opts)
	i, err := m.otel.Float64Gauge(name, unit, desc)
	if i == nil {
		return nil, instrumentError(name, err)
	}
	return recorder[float64]{i}, instrumentError(name, err)
}

// Float64Histogram creates a float64 histogram; one in seconds gets
// duration buckets, as the package documentation says.
func (m *meter) Float64Histogram(name string, opts ...metrics.InstrumentOption) (metrics.Float64Histogram, error) {
	i, err := m.otel.Float64Histogram(name, histogramOptions(opts)...)
	if i == nil {
		return nil, instrumentError(name, err)
	}
	return recorder[float64]{i}, instrumentError(name, err)
}

// durationBuckets are the boundaries of histograms in seconds, those the
// OpenTelemetry semantic conventions advise for RPC and HTTP client
// durations.
var durationBuckets = []float64{0.005, 0.01, 0.025, 0.05, 0.075, 0.1, 0.25, 0.5, 0.75, 1, 2.5, 5, 7.5, 10}

// instrumentOptions converts smithy-go's instrument options to the
// OpenTelemetry unit and description options, which every instrument kind
// takes.
func instrumentOptions(opts []metrics.InstrumentOption) (unit, desc metric.InstrumentOption) {
	o := applyInstrumentOptions(opts)
	return metric.WithUnit(o.UnitLabel), metric.WithDescription(o.Description)
}

// histogramOptions is instrumentOptions plus the advisory buckets of a
// histogram in seconds.
func histogramOptions(opts []metrics.InstrumentOption) []metric.Float64HistogramOption {
	o := applyInstrumentOptions(opts)
	hopts := []metric.Float64HistogramOption{metric.WithUnit(o.UnitLabel), metric.WithDescription(o.Description)}
	if o.UnitLabel == "s" {
		hopts = append(hopts, metric.WithExplicitBucketBoundaries(durationBuckets...))
	}
	return hopts
}

func applyInstrumentOptions(opts []metrics.InstrumentOption) metrics.InstrumentOptions {
	var o metrics.InstrumentOptions
	for _, opt := range opts {
		opt(&o)
	}
	return o
}

// instrumentError names the instrument an OpenTelemetry error is about,
// keeping the error for errors.Is.
func instrumentError(name string, err error) error {
	if err == nil {
		return nil
	}
	return fmt.Errorf("otelmetrics: instrument %q: %w", name, err)
}
