// Package middleware holds the AWS-specific middleware that Nimbus adds to
// smithy-go middleware stacks (github.com/aws/smithy-go/middleware): the
// invocation ID, user agent, recursion detection, request ID, clock skew
// and logging middleware. Retries live in the retry subpackage; the errors
// of the generated waiters (s3.NewBucketExistsWaiter and the like) in the
// waiter subpackage.
//
// Each middleware is a small type with a constructor and an ID method. The
// client runtime builds one value of each per client, adds them to every
// operation's stack (see [AddAll]), and builds each operation's handler
// chain once. The chain is then used by concurrent calls, so none of these
// types keeps per-call state in its fields: per-call state lives in the
// request and in the context (smithy-go stack values), and per-client state
// ([ClockSkew]) is held in atomic fields.
//
// Users add their own middleware the same way, through the APIOptions
// field of a client's Options; see the example. Inside a call, such
// middleware learns which call it is in from [GetServiceID],
// [GetOperationName] and [GetRegion], as in aws-sdk-go-v2.
//
// # Invocation ID (Build step, ID "ClientRequestID")
//
// [InvocationID] sets the amz-sdk-invocation-id header to a random UUID
// (version 4, from crypto/rand) once per operation call. The Build step
// runs before the retry loop in Finalize, so all attempts of a call share
// the ID. [GetInvocationID] reads it from the context.
//
// # User agent (Build step, ID "UserAgent")
//
// [UserAgent] sets User-Agent and X-Amz-User-Agent in the AWS user agent
// 2.1 format: SDK name and [SDKVersion], ua/2.1, api/<service>#<version>,
// os, lang/go, md/GOARCH, exec-env, app/<AppID> and m/<feature codes>. The
// value is computed once per client by [NewUserAgent]; a call adds
// feature codes with [WithUserAgentFeature]. Clients report v2's codes:
// the retry mode (E standard, F adaptive), the rpc-v2-cbor protocol (M),
// the account ID endpoint mode where a service routes by account (P, Q,
// R), waiters (B), paginators (C), request compression (L) and the
// checksum settings (U to c). A caller adds components of its own, as in
// v2, with the APIOptions functions [AddUserAgentKey] and
// [AddUserAgentKeyValue].
//
// # Recursion detection (Build step, ID "RecursionDetection")
//
// [RecursionDetection] copies the Lambda trace ID (_X_AMZN_TRACE_ID) into
// the X-Amzn-Trace-Id header when running inside AWS Lambda, so AWS can
// stop functions that invoke themselves in a loop.
//
// # Request ID (Deserialize step, ID "RequestIDRetriever")
//
// [RequestID] stores the response's request ID (x-amz-request-id or
// x-amzn-RequestId) and host ID (x-amz-id-2) in the operation metadata,
// read with [GetRequestIDMetadata] and [GetHostIDMetadata], and the
// response itself, read with [GetRawResponse], and wraps
// errors that do not already carry a request ID in a [*ResponseError].
// Error types that carry one implement
//
//	interface{ ServiceRequestID() string }
//
// which is how callers and codecs find the ID with errors.As.
//
// # Clock skew (Deserialize step, ID "RecordResponseTiming")
//
// [ClockSkew] compares each response's Date header with the local clock
// and keeps the difference, when it exceeds [ClockSkewThreshold], as a
// per-client offset. The signer takes its time from [ClockSkew.Now], so a
// request retried after a clock-skew error is signed with the server's
// time.
//
// # Logging (Deserialize step, ID "RequestResponseLogger")
//
// [Logging] logs each attempt's request and response (line, headers and,
// optionally, a size-capped body) through a smithy-go logging.Logger at
// the Debug classification. It is the innermost Deserialize middleware,
// between the operation deserializer and the transport, so it reads the
// start of a response body first and puts the bytes back for the
// deserializer or, for streaming operations, the caller. The switches in
// [LoggingOptions] correspond to the LogRequest, LogRequestWithBody,
// LogResponse and LogResponseWithBody bits of config.ClientLogMode.
//
// Signatures, credentials, session tokens, cookies and SSE-C keys in
// headers and query strings are always replaced with REDACTED. Everything
// else that is secret is masked from the service model: a service client
// gives the middleware, through [LoggingOptions].Redact, the rules for
// the operation's members that the model marks @sensitive, in the
// headers, query and path they are bound to and in bodies, which are
// parsed (JSON, XML or form) and walked alongside the operation's input,
// output or error type rather than searched for names. Values the client
// cannot place in its model, and the part of a body it cannot parse (cut
// by the size cap, or malformed), are not shown either. Without rules,
// bodies are not logged. See [Logging] for the full rule.
//
// # Structured logs (log/slog)
//
// [NewSlogLogger] makes a *slog.Logger a client Logger: classifications
// become slog levels (Debug, Warn), records carry the call's context, and
// Nimbus's messages come with structured fields (rpc.service, rpc.method,
// operation.attempt, the HTTP method or status, the retry delay and error
// type). Any Logger can receive those fields by implementing
// [FieldLogger]; others get the same messages as text. Redaction happens
// before a message reaches any logger, slog or not.
//
// # Telemetry (Finalize step, ID "ObserveAttempt")
//
// Service clients trace and meter their calls through smithy-go's tracing
// and metrics interfaces when their Options (or config.Config) have a
// TracerProvider or a MeterProvider; the feature/otel module adapts
// OpenTelemetry. A client without them builds no tracer, creates no
// instrument, has no ObserveAttempt step, and runs each call exactly as
// before: telemetry costs it nothing (see internal/bench,
// BenchmarkGetObjectNoNetworkTelemetry and compare_commits.sh).
//
// Spans, with aws-sdk-go-v2's names:
//
//	S3.GetObject              kind client; one per call
//	├─ OperationSerializer
//	└─ Attempt                one per attempt: a retried call has several
//	   ├─ GetIdentity
//	   ├─ ResolveEndpoint
//	   ├─ SignRequest
//	   ├─ DoHTTPRequest
//	   └─ OperationDeserializer
//
// An attempt at an S3 Express directory bucket has a second GetIdentity,
// after ResolveEndpoint (whose rules choose the bucket's session auth
// scheme), with the attribute
// auth.scheme_id="com.amazonaws.s3#sigv4express": it gets the bucket's
// session credentials, and when the client has none cached
// for the bucket it makes the S3.CreateSession call, traced as an
// operation of its own under that span. As in aws-sdk-go-v2, that time
// is identity resolution (auth.resolve_identity_duration), and
// SignRequest and auth.signing_duration time the signing alone.
//
// A generated waiter's wait (s3.NewBucketExistsWaiter and the like) is
// one more span, over the operation spans of its calls:
//
//	S3.BucketExistsWaiter     one per wait; under the caller's span
//	├─ S3.HeadBucket          one per call the wait makes
//	├─ S3.HeadBucket
//	└─ ...
//
// aws-sdk-go-v2 traces no waiter span; Nimbus names it
// "<ServiceID>.<Waiter>Waiter", after the service, as operation spans
// are, and the waiter's type. It has rpc.service, waiter.name
// ("BucketExists"), waiter.attempts (the calls made) and waiter.outcome:
// "success", or the Reason of the waiter.Error the wait returned:
// "failure_state" (an acceptor reached the failure state),
// "unmatched_error", "max_wait_exceeded" or "canceled", with the error
// status, error.type (the outcome), exception.type and
// exception.message. The span is traced with the TracerProvider of the
// calls, the client's or one set by the waiter's ClientOptions, and
// started by the first call; a wait whose calls are not traced, or that
// makes none (invalid options), has none. A client that wraps the
// generated one and passes its calls a context of its own breaks the
// grouping: its calls trace as they would outside a wait.
//
// The operation's span has the OpenTelemetry RPC and AWS attributes
// rpc.system ("aws-api"), rpc.service, rpc.method, cloud.region,
// aws.request_id, aws.extended_request_id (S3's x-amz-id-2),
// http.response.status_code and operation.attempts, and a "retry" event
// per retry with the attempt, the delay and the error type. Attempt spans
// have operation.attempt, http.request.resend_count (from the second
// attempt), and the status and request IDs of their response;
// DoHTTPRequest has http.request.method, url.scheme, server.address,
// server.port, http.request.body.size and network.protocol.version. A
// failed call, attempt or step has the error status and error.type (the
// service's error code, or the Go type of the error), exception.type,
// exception.message and, for service errors, api.error_code,
// api.error_message and api.error_fault.
//
// Metrics, with aws-sdk-go-v2's names and units (constants
// [MetricCallDuration] and the following, and transport/http's
// MetricTimeToFirstByte and the following): client.call.duration,
// attempts, errors, attempt_duration, serialization_duration,
// deserialization_duration, resolve_endpoint_duration,
// auth.resolve_identity_duration and auth.signing_duration;
// client.http.time_to_first_byte, do_request_duration, bytes_sent,
// bytes_received, connections.acquire_duration, dns_lookup_duration and
// tls_handshake_duration (from net/http's client trace, installed only
// then), and connections.usage, an up-down counter ({connection}) of the
// connections calls hold, from getting one to reading the response body to
// its end or closing it (attribute state="acquired"; see transport/http's
// Metrics); and Nimbus's client.call.throttles and client.call.retry_delay.
// Their attributes are rpc.service and rpc.method, plus exception.type and
// http.response.status_code on errors, and, as in v2, auth.scheme_id (the
// scheme's ID, such as aws.auth#sigv4 or com.amazonaws.s3#sigv4express) on
// the identity and signing durations: no URL, bucket or key. The
// GetIdentity and SignRequest spans carry auth.scheme_id too.
package middleware
