package otelmetrics

import (
	"context"

	"github.com/aws/smithy-go/metrics"
	"go.opentelemetry.io/otel/metric"
)

// Int64AsyncCounter creates a monotonic int64 counter whose value callback
// reports each time the metrics are collected, until Stop.
func (m *meter) Int64AsyncCounter(name string, callback metrics.Int64Callback, opts ...metrics.InstrumentOption) (metrics.AsyncInstrument, error) {
	unit, desc := instrumentOptions(opts)
	i, err := m.otel.Int64ObservableCounter(name, unit, desc)
	return m.register(name, i, err, observeInt64(i, callback))
}

// Int64AsyncUpDownCounter creates an int64 counter that may go down, whose
// value callback reports each time the metrics are collected, until Stop.
func (m *meter) Int64AsyncUpDownCounter(name string, callback metrics.Int64Callback, opts ...metrics.InstrumentOption) (metrics.AsyncInstrument, error) {
	unit, desc := instrumentOptions(opts)
	i, err := m.otel.Int64ObservableUpDownCounter(name, unit, desc)
	return m.register(name, i, err, observeInt64(i, callback))
}

// Int64AsyncGauge creates an int64 gauge whose value callback reports each
// time the metrics are collected, until Stop.
func (m *meter) Int64AsyncGauge(name string, callback metrics.Int64Callback, opts ...metrics.InstrumentOption) (metrics.AsyncInstrument, error) {
	unit, desc := instrumentOptions(opts)
	i, err := m.otel.Int64ObservableGauge(name, unit, desc)
	return m.register(name, i, err, observeInt64(i, callback))
}

// Float64AsyncCounter creates a monotonic float64 counter whose value
// callback reports each time the metrics are collected, until Stop.
func (m *meter) Float64AsyncCounter(name string, callback metrics.Float64Callback, opts ...metrics.InstrumentOption) (metrics.AsyncInstrument, error) {
	unit, desc := instrumentOptions(opts)
	i, err := m.otel.Float64ObservableCounter(name, unit, desc)
	return m.register(name, i, err, observeFloat64(i, callback))
}

// Float64AsyncUpDownCounter creates a float64 counter that may go down,
// whose value callback reports each time the metrics are collected, until
// Stop.
func (m *meter) Float64AsyncUpDownCounter(name string, callback metrics.Float64Callback, opts ...metrics.InstrumentOption) (metrics.AsyncInstrument, error) {
	unit, desc := instrumentOptions(opts)
	i, err := m.otel.Float64ObservableUpDownCounter(name, unit, desc)
	return m.register(name, i, err, observeFloat64(i, callback))
}

// Float64AsyncGauge creates a float64 gauge whose value callback reports
// each time the metrics are collected, until Stop.
func (m *meter) Float64AsyncGauge(name string, callback metrics.Float64Callback, opts ...metrics.InstrumentOption) (metrics.AsyncInstrument, error) {
	unit, desc := instrumentOptions(opts)
	i, err := m.otel.Float64ObservableGauge(name, unit, desc)
	return m.register(name, i, err, observeFloat64(i, callback))
}

// register registers f for the observable inst, created with error err.
func (m *meter) register(name string, inst metric.Observable, err error, f metric.Callback) (metrics.AsyncInstrument, error) {
	if inst == nil {
		return nil, instrumentError(name, err)
	}
	reg, rerr := m.otel.RegisterCallback(f, inst)
	if rerr != nil {
		return nil, instrumentError(name, rerr)
	}
	return registration{reg}, instrumentError(name, err)
}

// observeInt64 adapts a smithy-go callback to one OpenTelemetry calls at
// each collection.
func observeInt64(inst metric.Int64Observable, callback metrics.Int64Callback) metric.Callback {
	return func(ctx context.Context, o metric.Observer) error {
		callback(ctx, int64Observer{o, inst})
		return nil
	}
}

// observeFloat64 adapts a smithy-go callback to one OpenTelemetry calls at
// each collection.
func observeFloat64(inst metric.Float64Observable, callback metrics.Float64Callback) metric.Callback {
	return func(ctx context.Context, o metric.Observer) error {
		callback(ctx, float64Observer{o, inst})
		return nil
	}
}

// registration is the handle of an async instrument.
type registration struct {
	otel metric.Registration
}

// Stop unregisters the instrument's callback: later collections do not
// call it. Stop may be called more than once.
func (r registration) Stop() {
	// OpenTelemetry's Unregister is idempotent, and Stop has no error to
	// return; an SDK's failure to unregister has nowhere to go.
	_ = r.otel.Unregister()
}

// int64Observer reports values of one instrument to the OpenTelemetry
// observer of a collection.
type int64Observer struct {
	otel metric.Observer
	inst metric.Int64Observable
}

// Observe reports v, with the properties of opts as the point's
// attributes.
func (o int64Observer) Observe(_ context.Context, v int64, opts ...metrics.RecordMetricOption) {
	if len(opts) == 0 {
		o.otel.ObserveInt64(o.inst, v)
		return
	}
	o.otel.ObserveInt64(o.inst, v, measurementOption(opts))
}

// float64Observer reports values of one instrument to the OpenTelemetry
// observer of a collection.
type float64Observer struct {
	otel metric.Observer
	inst metric.Float64Observable
}

// Observe reports v, with the properties of opts as the point's
// attributes.
func (o float64Observer) Observe(_ context.Context, v float64, opts ...metrics.RecordMetricOption) {
	if len(opts) == 0 {
		o.otel.ObserveFloat64(o.inst, v)
		return
	}
	o.otel.ObserveFloat64(o.inst, v, measurementOption(opts))
}
