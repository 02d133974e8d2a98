// Package otelmetrics records the metrics of Nimbus clients with
// OpenTelemetry.
//
// Nimbus clients measure through smithy-go's [metrics] interfaces, so the
// core SDK depends on no telemetry library. [Adapt] turns an OpenTelemetry
// [metric.MeterProvider] into a [metrics.MeterProvider] a client takes
// (see the module's package [github.com/nimbus-sdk/nimbus/feature/otel] for
// the complete setup). The name and behaviour match aws-sdk-go-v2's
// smithyotelmetrics.Adapt, so code ported from v2 changes only its import.
//
// # Instruments
//
// Every smithy-go instrument becomes the OpenTelemetry instrument of the
// same kind and name, with its unit and description:
//
//	smithy-go                       OpenTelemetry
//	Int64Counter, Float64Counter    Counter (Add)
//	*UpDownCounter                  UpDownCounter (Add)
//	*Gauge                          Gauge (Sample records)
//	*Histogram                      Histogram (Record)
//	*AsyncCounter                   ObservableCounter
//	*AsyncUpDownCounter             ObservableUpDownCounter
//	*AsyncGauge                     ObservableGauge
//
// An async instrument's callback runs at each collection until its Stop.
//
// A float64 histogram measured in seconds (unit "s", as every duration the
// SDK records is) gets the bucket boundaries the OpenTelemetry semantic
// conventions advise for RPC and HTTP client durations, 5 ms to 10 s:
//
//	0.005, 0.01, 0.025, 0.05, 0.075, 0.1, 0.25, 0.5, 0.75, 1, 2.5, 5, 7.5, 10
//
// The SDK's default boundaries, 0 to 10000, suit milliseconds and would put
// nearly every call in the first bucket. They are advice: a view configured
// on the MeterProvider still overrides them.
//
// # Attributes
//
// The properties of a meter become its scope's attributes, and those of a
// measurement the attributes of its point, converted as
// [github.com/nimbus-sdk/nimbus/feature/otel/oteltracing] describes. The
// runtime keeps them bounded (no object keys, no URLs); a property added
// through these interfaces by other code is recorded as given, and every
// distinct value makes a new series.
package otelmetrics
