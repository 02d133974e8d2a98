package s3_test

import (
	"context"
	"fmt"
	"io"
	"log"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"sync/atomic"

	"github.com/aws/smithy-go/metrics"
	"github.com/aws/smithy-go/tracing"

	"github.com/nimbus-sdk/nimbus/config"
	"github.com/nimbus-sdk/nimbus/credentials"
	"github.com/nimbus-sdk/nimbus/internal/testenv/obstest"
	"github.com/nimbus-sdk/nimbus/middleware"
	"github.com/nimbus-sdk/nimbus/services/s3"
)

// The providers of Example_telemetry: in a program, OpenTelemetry's,
// through the adapters of the feature/otel module.
var (
	tracerProvider tracing.TracerProvider = tracing.NopTracerProvider{}
	meterProvider  metrics.MeterProvider  = metrics.NopMeterProvider{}
)

// This example turns on tracing, metrics and structured logs for every
// client made from the loaded configuration. Each call is then a span
// ("S3.GetObject") with one span per attempt, and records the
// client.call.* and client.http.* metrics; logs go to slog with their
// fields, secrets redacted. Without the providers, none of it costs
// anything.
func Example_telemetry() {
	cfg, err := config.Load(context.Background(), func(o *config.LoadOptions) {
		o.TracerProvider = tracerProvider
		o.MeterProvider = meterProvider
		o.Logger = middleware.NewSlogLogger(slog.Default())
		o.ClientLogMode = middleware.LogRetries
	})
	if err != nil {
		log.Fatal(err)
	}
	client := s3.NewFromConfig(cfg)
	_ = client
}

// This example shows the spans and some of the metrics of one GetObject
// whose first attempt the server refuses with 503 SlowDown. In-memory
// providers stand in for OpenTelemetry's.
func Example_telemetrySpans() {
	var requests atomic.Int32
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if requests.Add(1) == 1 {
			w.WriteHeader(http.StatusServiceUnavailable)
			io.WriteString(w, "<Error><Code>SlowDown</Code><Message>Reduce your request rate.</Message></Error>")
			return
		}
		io.WriteString(w, "hello")
	}))
	defer srv.Close()

	tp, mp := &obstest.TracerProvider{}, &obstest.MeterProvider{}
	client := s3.NewFromConfig(config.Config{
		Region:         "us-east-1",
		BaseEndpoint:   srv.URL,
		Credentials:    credentials.NewStaticProvider("AKIDEXAMPLE", "SECRETEXAMPLE", ""),
		S3:             config.S3Config{UsePathStyle: true},
		TracerProvider: tp,
		MeterProvider:  mp,
	})
	out, err := client.GetObject(context.Background(), &s3.GetObjectInput{Bucket: str("bucket"), Key: str("key")})
	if err != nil {
		log.Fatal(err)
	}
	out.Body.Close()

	fmt.Print(tp.Tree())
	op := map[string]any{"rpc.service": "S3", "rpc.method": "GetObject"}
	fmt.Println("client.call.attempts:", mp.Sum("client.call.attempts", op))
	fmt.Println("client.call.throttles:", mp.Sum("client.call.throttles", op))
	fmt.Println("client.call.errors{exception.type=SlowDown}:", mp.Sum("client.call.errors", map[string]any{"exception.type": "SlowDown"}))
	// Output:
	// S3.GetObject
	//   OperationSerializer
	//   Attempt
	//     GetIdentity
	//     ResolveEndpoint
	//     SignRequest
	//     DoHTTPRequest
	//     OperationDeserializer
	//   Attempt
	//     GetIdentity
	//     ResolveEndpoint
	//     SignRequest
	//     DoHTTPRequest
	//     OperationDeserializer
	// client.call.attempts: 2
	// client.call.throttles: 1
	// client.call.errors{exception.type=SlowDown}: 1
}
