package otel_test

import (
	"context"
	"io"
	"net/http"
	"net/http/httptest"
	"testing"

	"go.opentelemetry.io/otel/attribute"
	sdkmetric "go.opentelemetry.io/otel/sdk/metric"
	"go.opentelemetry.io/otel/sdk/metric/metricdata"

	"github.com/nimbus-sdk/nimbus/credentials"
	"github.com/nimbus-sdk/nimbus/feature/otel/otelmetrics"
	"github.com/nimbus-sdk/nimbus/services/s3"
	transporthttp "github.com/nimbus-sdk/nimbus/transport/http"
)

// TestConnectionsUsageOpenTelemetry checks what OpenTelemetry's SDK makes
// of client.http.connections.usage: a non-monotonic int64 sum in
// {connection} with state=acquired, at 1 while a GetObject body is open
// and back to 0 once it is closed.
func TestConnectionsUsageOpenTelemetry(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		io.WriteString(w, "hello")
	}))
	defer srv.Close()
	ctx := context.Background()
	reader := sdkmetric.NewManualReader()
	mp := sdkmetric.NewMeterProvider(sdkmetric.WithReader(reader))
	defer mp.Shutdown(ctx)
	c := s3.New(s3.Options{
		Region: "us-east-1", BaseEndpoint: srv.URL, UsePathStyle: true,
		Credentials:   credentials.NewStaticProvider("AKIDEXAMPLE", "SECRETEXAMPLE", ""),
		MeterProvider: otelmetrics.Adapt(mp),
	})

	usage := func() metricdata.Sum[int64] {
		t.Helper()
		var rm metricdata.ResourceMetrics
		if err := reader.Collect(ctx, &rm); err != nil {
			t.Fatal(err)
		}
		for _, sm := range rm.ScopeMetrics {
			for _, m := range sm.Metrics {
				if m.Name != transporthttp.MetricConnectionsUsage {
					continue
				}
				if m.Unit != "{connection}" {
					t.Errorf("unit %q; want {connection}", m.Unit)
				}
				sum, ok := m.Data.(metricdata.Sum[int64])
				if !ok {
					t.Fatalf("data %T; want metricdata.Sum[int64]", m.Data)
				}
				return sum
			}
		}
		t.Fatalf("no %s metric", transporthttp.MetricConnectionsUsage)
		return metricdata.Sum[int64]{}
	}
	check := func(when string, want int64) {
		t.Helper()
		sum := usage()
		if sum.IsMonotonic || len(sum.DataPoints) != 1 {
			t.Fatalf("%s: monotonic %v, %d points; want an up-down counter with one series", when, sum.IsMonotonic, len(sum.DataPoints))
		}
		p := sum.DataPoints[0]
		wantAttrs := attribute.NewSet(
			attribute.String("rpc.service", "S3"), attribute.String("rpc.method", "GetObject"),
			attribute.String("state", transporthttp.ConnectionStateAcquired))
		if p.Value != want || !p.Attributes.Equals(&wantAttrs) {
			t.Errorf("%s: %d %v; want %d %v", when, p.Value, p.Attributes.Encoded(attribute.DefaultEncoder()), want, wantAttrs.Encoded(attribute.DefaultEncoder()))
		}
	}

	bucket, key := "photos", "cat.jpg"
	for range 2 {
		out, err := c.GetObject(ctx, &s3.GetObjectInput{Bucket: &bucket, Key: &key})
		if err != nil {
			t.Fatal(err)
		}
		check("body open", 1)
		if _, err := io.ReadAll(out.Body); err != nil {
			t.Fatal(err)
		}
		out.Body.Close()
		check("body closed", 0)
	}
}
