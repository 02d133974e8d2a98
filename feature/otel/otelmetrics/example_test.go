package otelmetrics_test

import (
	"context"
	"fmt"

	"github.com/aws/smithy-go/metrics"
	sdkmetric "go.opentelemetry.io/otel/sdk/metric"
	"go.opentelemetry.io/otel/sdk/metric/metricdata"

	"github.com/nimbus-sdk/nimbus/feature/otel/otelmetrics"
)

// A client's call durations, in seconds, land in duration-sized buckets
// with the attributes the client gives them.
func ExampleAdapt() {
	ctx := context.Background()
	reader := sdkmetric.NewManualReader()
	mp := sdkmetric.NewMeterProvider(sdkmetric.WithReader(reader))
	defer mp.Shutdown(ctx)
	meterProvider := otelmetrics.Adapt(mp) // a client's MeterProvider

	// What the client does for two calls.
	duration, err := meterProvider.Meter("github.com/nimbus-sdk/nimbus/services/s3").
		Float64Histogram("client.call.duration", func(o *metrics.InstrumentOptions) {
			o.UnitLabel = "s"
			o.Description = "Overall call duration (including retries)"
		})
	if err != nil {
		panic(err)
	}
	for _, seconds := range []float64{0.042, 0.3} {
		duration.Record(ctx, seconds, func(o *metrics.RecordMetricOptions) {
			o.Properties.Set("rpc.service", "S3")
			o.Properties.Set("rpc.method", "GetObject")
		})
	}

	var rm metricdata.ResourceMetrics
	if err := reader.Collect(ctx, &rm); err != nil {
		panic(err)
	}
	m := rm.ScopeMetrics[0].Metrics[0]
	p := m.Data.(metricdata.Histogram[float64]).DataPoints[0]
	method, _ := p.Attributes.Value("rpc.method")
	fmt.Printf("%s (%s) %s: %d calls, %.3f s\n", m.Name, m.Unit, method.AsString(), p.Count, p.Sum)
	for i, n := range p.BucketCounts {
		if n > 0 {
			fmt.Printf("  %d in (%g, %g]\n", n, p.Bounds[i-1], p.Bounds[i])
		}
	}
	// Output:
	// client.call.duration (s) GetObject: 2 calls, 0.342 s
	//   1 in (0.025, 0.05]
	//   1 in (0.25, 0.5]
}
