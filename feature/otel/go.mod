module github.com/nimbus-sdk/nimbus/feature/otel

go 1.26.0

require (
	github.com/aws/smithy-go v1.28.9
	github.com/nimbus-sdk/nimbus v0.0.0-00010101000000-000000000000
	github.com/nimbus-sdk/nimbus/feature/s3/transfer v0.0.0-00010101000000-000000000000
	github.com/nimbus-sdk/nimbus/services/s3 v0.0.0-00010101000000-000000000000
	go.opentelemetry.io/otel v1.47.0
	go.opentelemetry.io/otel/metric v1.47.0
	go.opentelemetry.io/otel/sdk v1.47.0
	go.opentelemetry.io/otel/sdk/metric v1.47.0
	go.opentelemetry.io/otel/trace v1.47.0
)

require (
	github.com/cespare/xxhash/v2 v2.3.0 // indirect
	github.com/go-logr/logr v1.4.4 // indirect
	github.com/go-logr/stdr v1.2.2 // indirect
	github.com/google/uuid v1.6.0 // indirect
	go.opentelemetry.io/auto/sdk v1.2.1 // indirect
	go.opentelemetry.io/otel/log v1.47.0 // indirect
	golang.org/x/sync v0.22.0 // indirect
	golang.org/x/sys v0.48.0 // indirect
)

// The tests (an end-to-end upload through feature/s3/transfer and the
// Example) use the SDK from this repository; the adapter packages import
// none of it.
replace github.com/nimbus-sdk/nimbus => ../..

replace github.com/nimbus-sdk/nimbus/services/s3 => ../../services/s3

replace github.com/nimbus-sdk/nimbus/feature/s3/transfer => ../s3/transfer
