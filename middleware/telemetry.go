package middleware

import (
	"github.com/aws/smithy-go/metrics"
	"github.com/aws/smithy-go/tracing"
)

// TracingEnabled reports whether p traces anything: it is not nil and not
// smithy-go's tracing.NopTracerProvider. Clients (and the transfer
// manager) treat a provider for which it is false as absent, so setting
// the no-op provider, as ported aws-sdk-go-v2 code may, costs nothing.
func TracingEnabled(p tracing.TracerProvider) bool {
	switch p.(type) {
	case nil, tracing.NopTracerProvider, *tracing.NopTracerProvider:
		return false
	}
	return true
}

// MetricsEnabled reports whether p records anything: it is not nil and
// not smithy-go's metrics.NopMeterProvider (see [TracingEnabled]).
func MetricsEnabled(p metrics.MeterProvider) bool {
	switch p.(type) {
	case nil, metrics.NopMeterProvider, *metrics.NopMeterProvider:
		return false
	}
	return true
}

// Names of the spans and metrics service clients record when their
// Options have a TracerProvider or a MeterProvider (smithy-go's tracing
// and metrics interfaces). Where aws-sdk-go-v2 records the same thing,
// the name and the unit are v2's; the two Nimbus additions say so. See
// the package documentation, "Telemetry".
const (
	// SpanAttempt is the span of one attempt of an operation, a child of
	// the operation's span "<ServiceID>.<Operation>" (e.g.
	// "S3.GetObject"). A retried call has one per attempt.
	SpanAttempt = "Attempt"
	// SpanSerialize is the span of encoding the input, a child of the
	// operation's span.
	SpanSerialize = "OperationSerializer"
	// SpanGetIdentity is the span of retrieving the attempt's
	// credentials or token, a child of the attempt's span. An attempt at
	// an S3 Express directory bucket has a second one, after
	// ResolveEndpoint, for the bucket's session credentials (and the
	// S3.CreateSession call that fetches them).
	SpanGetIdentity = "GetIdentity"
	// SpanResolveEndpoint is the span of resolving the attempt's
	// endpoint, a child of the attempt's span.
	SpanResolveEndpoint = "ResolveEndpoint"
	// SpanSignRequest is the span of signing the attempt, a child of the
	// attempt's span.
	SpanSignRequest = "SignRequest"
	// SpanSend is the span of sending the attempt's request and receiving
	// the response's status and headers, a child of the attempt's span.
	SpanSend = "DoHTTPRequest"
	// SpanDeserialize is the span of decoding the response, a child of
	// the attempt's span.
	SpanDeserialize = "OperationDeserializer"
)

// Metric names. Durations are histograms in seconds ("s"); counts are
// counters. Every point has the attributes rpc.service (the service ID,
// "S3") and rpc.method (the operation, "GetObject"); errors add
// exception.type (the API error code, or the Go type of the error) and,
// when a response came, http.response.status_code. No attribute holds a
// URL, a bucket, a key or any other value from the call's input.
const (
	// MetricCallDuration is the time of a whole call, retries included.
	MetricCallDuration = "client.call.duration"
	// MetricCallAttempts counts attempts ({attempt}).
	MetricCallAttempts = "client.call.attempts"
	// MetricCallErrors counts failed attempts ({error}).
	MetricCallErrors = "client.call.errors"
	// MetricCallAttemptDuration is the time of one attempt: identity,
	// endpoint, signing, sending and decoding the response.
	MetricCallAttemptDuration = "client.call.attempt_duration"
	// MetricCallThrottles counts attempts that failed with a throttling
	// error ({throttle}). A Nimbus metric; aws-sdk-go-v2 has none.
	MetricCallThrottles = "client.call.throttles"
	// MetricCallRetryDelay is the backoff waited before each retry. A
	// Nimbus metric; aws-sdk-go-v2 has none.
	MetricCallRetryDelay = "client.call.retry_delay"
	// MetricSerializationDuration is the time to encode the input.
	MetricSerializationDuration = "client.call.serialization_duration"
	// MetricDeserializationDuration is the time to decode a response.
	MetricDeserializationDuration = "client.call.deserialization_duration"
	// MetricResolveEndpointDuration is the time to resolve an attempt's
	// endpoint (the endpoint rules, not DNS).
	MetricResolveEndpointDuration = "client.call.resolve_endpoint_duration"
	// MetricResolveIdentityDuration is the time to retrieve an attempt's
	// credentials or token, including, for an S3 Express directory
	// bucket, its session credentials (a second point per attempt).
	MetricResolveIdentityDuration = "client.call.auth.resolve_identity_duration"
	// MetricSigningDuration is the time to sign an attempt, and nothing
	// else: fetching credentials to sign with is identity resolution.
	MetricSigningDuration = "client.call.auth.signing_duration"
)
