// Package otelmetrics records the metrics of Nimbus clients with
// OpenTelemetry.
//
// Nimbus clients measure through smithy-go's [metrics] interfaces, so the
// core SDK depends on no telemetry library. [Adapt] turns an OpenTelemetry
// [metric.MeterProvider] into a [metrics.MeterProvider] a client takes
// (see the module's package [github.com/nimbus-sdk/nimbus/feature/otel] for
// the complete setup). The name and signature match aws-sdk-go-v2's
// smithyotelmetrics.Adapt, so code ported from v2 changes only its import;
// the last section lists where the behaviour differs.
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
// [github.com/nimbus-sdk/nimbus/feature/otel/oteltracing] describes. Every
// distinct combination of attribute values makes a series of its own, so
// properties recorded here should take few values (operation names, error
// codes; never object keys or URLs).
//
// # Differences from aws-sdk-go-v2's adapter
//
//   - Histograms in seconds get the duration buckets above; v2 leaves the
//     SDK's defaults.
//   - When OpenTelemetry reports an error creating an instrument, the
//     instrument it returns with the error is still returned, as
//     OpenTelemetry's API intends (v2 returns nil), and the error names
//     the instrument while keeping OpenTelemetry's for errors.Is.
//   - A nil provider means the global one (v2's adapter would panic on
//     first use).
//   - Property values convert as oteltracing's do: every integer size,
//     named basic types such as generated enums, errors, []byte; nil
//     values are dropped.
package otelmetrics
