package middleware_test

import (
	"testing"

	"github.com/aws/smithy-go/metrics"
	"github.com/aws/smithy-go/tracing"

	"github.com/nimbus-sdk/nimbus/middleware"
)

type someTracerProvider struct{}

func (someTracerProvider) Tracer(string, ...tracing.TracerOption) tracing.Tracer { return nil }

type someMeterProvider struct{}

func (someMeterProvider) Meter(string, ...metrics.MeterOption) metrics.Meter { return nil }

func TestTelemetryEnabled(t *testing.T) {
	tracers := []struct {
		name string
		p    tracing.TracerProvider
		want bool
	}{
		{"nil", nil, false},
		{"smithy-go no-op", tracing.NopTracerProvider{}, false},
		{"smithy-go no-op pointer", &tracing.NopTracerProvider{}, false},
		{"a provider", someTracerProvider{}, true},
	}
	for _, tc := range tracers {
		if got := middleware.TracingEnabled(tc.p); got != tc.want {
			t.Errorf("TracingEnabled(%s) = %v; want %v", tc.name, got, tc.want)
		}
	}
	meters := []struct {
		name string
		p    metrics.MeterProvider
		want bool
	}{
		{"nil", nil, false},
		{"smithy-go no-op", metrics.NopMeterProvider{}, false},
		{"smithy-go no-op pointer", &metrics.NopMeterProvider{}, false},
		{"a provider", someMeterProvider{}, true},
	}
	for _, tc := range meters {
		if got := middleware.MetricsEnabled(tc.p); got != tc.want {
			t.Errorf("MetricsEnabled(%s) = %v; want %v", tc.name, got, tc.want)
		}
	}
}
