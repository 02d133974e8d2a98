// Package client is the runtime behind every generated service client: it
// assembles each operation's middleware stack once, compiles it into an
// immutable handler chain, and runs calls through it.
//
// # Dependency rule
//
// Generated service modules import this package, internal/protocol and
// internal/endpoints/rules, and the public runtime packages (config,
// credentials, middleware, signer/v4, transport/http). Nothing here imports
// a service module, so services/sts can import config without a cycle.
package client

import (
	"context"
	"errors"
	"sync"
	"sync/atomic"
	"time"
	"unsafe"

	"github.com/aws/smithy-go"
	smithyauth "github.com/aws/smithy-go/auth"
	"github.com/aws/smithy-go/auth/bearer"
	"github.com/aws/smithy-go/logging"
	"github.com/aws/smithy-go/metrics"
	"github.com/aws/smithy-go/middleware"
	"github.com/aws/smithy-go/tracing"
	smithyhttp "github.com/aws/smithy-go/transport/http"

	"github.com/nimbus-sdk/nimbus/config/aws"
	"github.com/nimbus-sdk/nimbus/credentials"
	"github.com/nimbus-sdk/nimbus/internal/callctx"
	"github.com/nimbus-sdk/nimbus/internal/endpoints/rules"
	"github.com/nimbus-sdk/nimbus/internal/protocol"
	awsmw "github.com/nimbus-sdk/nimbus/middleware"
	"github.com/nimbus-sdk/nimbus/middleware/retry"
	v4 "github.com/nimbus-sdk/nimbus/signer/v4"
	transporthttp "github.com/nimbus-sdk/nimbus/transport/http"
)

// Service is the static description of one service. Generated code
// declares one per module.
type Service struct {
	// ID is the model's sdkId, e.g. "S3".
	ID string
	// EndpointKey is the key of config.Config.ServiceEndpoints, e.g. "s3".
	EndpointKey string
	// SigningName is the SigV4 service name, e.g. "s3".
	SigningName string
	// Version is the API version, e.g. "2006-03-01".
	Version string
	// Codec is the service's protocol codec.
	Codec protocol.Codec
	// RuleSet returns the parsed endpoint rule set.
	RuleSet func() (*rules.RuleSet, error)
	// DisableURIPathEscaping selects S3's signing rule: the path is
	// signed as sent, not escaped a second time.
	DisableURIPathEscaping bool
	// Auth lists the service's auth schemes in order of preference
	// (Smithy scheme IDs, e.g. "aws.auth#sigv4"); OperationAuth the
	// operations whose schemes differ, by operation name.
	Auth          []string
	OperationAuth map[string][]string
	// HTTP2 makes the default HTTP client negotiate HTTP/2: services with
	// input event streams (Bedrock Runtime's bidirectional streams) need
	// it, since HTTP/1.1 does not carry a request body and its response
	// at once.
	HTTP2 bool
	// EndpointAuth handles endpoint-provided auth schemes by the name the
	// endpoint rules give them ("sigv4-s3express"): such an attempt is
	// signed with SigV4 and the credentials the hook returns. Schemes not
	// listed here (and not "sigv4") fail with an
	// UnsupportedAuthSchemeError.
	EndpointAuth map[string]EndpointAuth
	// NoContentMD5Schemes names endpoint auth schemes whose hosts refuse
	// Content-MD5 (S3 Express directory buckets): there, a checksum the
	// operation requires is sent as CRC32 even where the client would
	// send Content-MD5 (ChecksumMD5WhenRequired).
	NoContentMD5Schemes []string
	// Customize, if set, edits each operation's stack after the runtime
	// assembled it and before the client's APIOptions run: the service's
	// own steps (S3: SSE-C headers, 100-continue, X-Amz-Content-Sha256).
	// The service's hand-written customize_*.go files set it, so the
	// runtime names no service.
	Customize func(st *middleware.Stack, op *Operation) error
	// CheckEndpointParam, if set, applies the service's naming rules to
	// the value of an input member bound to endpoint parameter name (S3:
	// bucket names). It returns why the value is refused, or "". Input
	// validation calls it before anything is sent; empty values are
	// refused before it is called.
	CheckEndpointParam func(name, value string) string
	// ResponseHeaderTimeout, when non-zero, replaces
	// transporthttp.DefaultResponseHeaderTimeout in the default HTTP
	// client of the service's clients, for services whose operations
	// legitimately answer late (Lambda's synchronous Invoke).
	ResponseHeaderTimeout time.Duration
	// RetryMaxAttempts and RetryBaseDelay, when non-zero, replace the
	// general defaults of retry behaviour 2.1 (3 attempts, 50 ms base
	// delay after transient errors) in the retryer a client builds
	// (DynamoDB: 4 and 25 ms). Options.RetryMaxAttempts and
	// Options.RetryPre2026Defaults take precedence.
	RetryMaxAttempts int
	RetryBaseDelay   time.Duration
	// EndpointDiscovery is the service's aws.api#clientEndpointDiscovery
	// trait; nil when it has none. Its operations with a DiscoveryMode
	// discover their endpoint (see discoverEndpointMiddleware).
	EndpointDiscovery *EndpointDiscovery
	// Scope is the instrumentation scope of the tracer and meter of the
	// service's clients: the import path of the generated package, e.g.
	// "github.com/nimbus-sdk/nimbus/services/s3". Empty means the root
	// module's path.
	Scope string
	// AccountIDParam and AccountIDEndpointModeParam name the rule-set
	// parameters bound to the AWS::Auth::AccountId and
	// AWS::Auth::AccountIdEndpointMode built-ins (DynamoDB's "AccountId"
	// and "AccountIdEndpointMode"), which each attempt fills from
	// Options.AccountIDEndpointMode and its credentials' AccountID; empty
	// when the rules have none.
	AccountIDParam, AccountIDEndpointModeParam string
}

// Operation is the static description of one operation.
type Operation struct {
	// Protocol is what the codec needs.
	Protocol *protocol.Operation
	// NewOutput allocates the operation's output struct.
	NewOutput func() any
	// EndpointParams copies the operation's context and static endpoint
	// parameters from input into p.
	EndpointParams func(input any, p rules.Params)
	// UnsignedPayload is set for aws.auth#unsignedPayload operations.
	UnsignedPayload bool
	// EventStream describes the operation's event streams; nil when it
	// has none.
	EventStream *EventStreamSpec
	// Checksum describes the operation's aws.protocols#httpChecksum
	// trait; nil when it has none.
	Checksum *ChecksumSpec
	// SafeToRepeat is set when sending the operation twice has the
	// effect of sending it once: it is @readonly or @idempotent, or its
	// input has an idempotency token. Options.DisableUnsafeRetries does
	// not apply to it.
	SafeToRepeat bool
	// StreamingInput is set when the input's payload is a stream (S3
	// PutObject's Body).
	StreamingInput bool
	// RequestCompression lists the encodings of the operation's
	// smithy.api#requestCompression trait in the model's order of
	// preference, e.g. ["gzip"]; nil when it has none. The
	// RequestCompression step compresses the body with the first one
	// Nimbus supports (see [Compress]).
	RequestCompression []string
	// StreamingOutput is set when the output's payload is a stream (S3
	// GetObject): its body is handed to the caller unread and unbounded.
	// Other bodies are read whole, up to Options.MaxResponseBytes.
	StreamingOutput bool
	// EndpointDiscovery is the operation's aws.api#clientDiscoveredEndpoint
	// trait, for services with an EndpointDiscovery.
	EndpointDiscovery DiscoveryMode
	// PresignURL is set for operations whose input carries a presigned URL
	// of the same operation in its source's region (RDS's cross-region
	// copies): when the input names a source region and no presigned URL,
	// the Presign step (Initialize) fills the URL in. Nil otherwise.
	PresignURL *PresignURLSpec
	// LongPolling is set for operations that wait on the server for work
	// (SQS ReceiveMessage): when the retry quota refuses a retry, the
	// call still waits the backoff before failing
	// (retry.MiddlewareOptions.LongPolling).
	LongPolling bool
}

// ChecksumSpec is an operation's aws.protocols#httpChecksum trait.
type ChecksumSpec struct {
	// RequestAlgorithmMember is the input member (a string enum) naming
	// the request checksum algorithm the caller chose, e.g.
	// "ChecksumAlgorithm"; empty when requests carry no checksum.
	// RequestAlgorithm reads it from an input.
	RequestAlgorithmMember string
	RequestAlgorithm       func(input any) string
	// RequestRequired is set when every request must carry a checksum.
	RequestRequired bool
	// ValidationModeMember is the input member that enables response
	// validation when set to "ENABLED", e.g. "ChecksumMode";
	// ValidationMode reads it from an input, and ValidationModeHeader is
	// the header it is sent in.
	ValidationModeMember string
	ValidationMode       func(input any) string
	ValidationModeHeader string
	// ResponseAlgorithms lists the algorithms the response may carry, in
	// the model's order of preference.
	ResponseAlgorithms []string
}

// Options are the resolved settings of a client, or of one call when the
// call passed option functions. Generated Options convert into this.
type Options struct {
	Region           string
	Credentials      credentials.Provider
	HTTPClient       transporthttp.HTTPDoer
	BaseEndpoint     string
	Retryer          retry.Retryer
	RetryMaxAttempts int
	RetryMode        string
	AppID            string
	Logger           logging.Logger
	ClientLogMode    awsmw.ClientLogMode
	// TracerProvider, if set, traces every call (see observe.go); nil or
	// smithy-go's NopTracerProvider means no tracing, at no cost.
	TracerProvider tracing.TracerProvider
	// MeterProvider, if set, records the client's metrics; nil or
	// smithy-go's NopMeterProvider means no metrics, at no cost.
	MeterProvider metrics.MeterProvider
	UseFIPS       bool
	UseDualStack  bool
	APIOptions    []func(*middleware.Stack) error
	// AuthSchemeResolver, if set, returns the auth schemes of each call
	// (the client's AuthSchemeResolver, adapted by the generated code);
	// nil means the service model's.
	AuthSchemeResolver func(ctx context.Context, op, region string) ([]*smithyauth.Option, error)
	// AuthSchemes are user auth scheme implementations, chosen when a
	// call's schemes name them.
	AuthSchemes []smithyhttp.AuthScheme
	// HTTPSignerV4 signs SigV4 requests; nil means Nimbus's signer.
	HTTPSignerV4 v4.HTTPSigner
	// BearerAuthTokenProvider supplies the token of
	// smithy.api#httpBearerAuth; nil means the scheme is not available.
	BearerAuthTokenProvider bearer.TokenProvider
	// AuthSchemePreference lists scheme names ("sigv4",
	// "httpBearerAuth") to try first, in order.
	AuthSchemePreference []string
	// SigV4aSigningRegionSet is the region set of SigV4a signatures whose
	// endpoint gives none; nil means the client's region.
	SigV4aSigningRegionSet []string
	// ResolveEndpoint, if set, replaces the service's endpoint rules: it is
	// the client's EndpointResolverV2, adapted by the generated code. It
	// receives the call's parameters, which it must not keep.
	ResolveEndpoint func(ctx context.Context, p rules.Params) (rules.Endpoint, error)
	// ContextParams holds client-level endpoint parameters (S3's
	// ForcePathStyle, Accelerate, ...) keyed by rule-set parameter name.
	ContextParams rules.Params
	// RequestChecksumCalculation is "when_supported" (or empty, the
	// default) or "when_required".
	RequestChecksumCalculation string
	// ResponseChecksumValidation is "when_supported" (or empty, the
	// default) or "when_required".
	ResponseChecksumValidation string
	// ChecksumHeadersOnly sends the request checksum of a streamed body
	// that can be read twice as a header computed before sending, never
	// as an aws-chunked trailer. S3's CompatibleMode sets it, with the two
	// settings below: stores that mimic S3 often lack aws-chunked.
	ChecksumHeadersOnly bool
	// ChecksumMD5WhenRequired sends Content-MD5, which every S3
	// implementation accepts, instead of a flexible checksum where an
	// operation requires a checksum and the caller chose no algorithm;
	// other operations then get none.
	ChecksumMD5WhenRequired bool
	// UnsignedPayloadOverTLS signs UNSIGNED-PAYLOAD over HTTPS instead of
	// hashing request bodies.
	UnsignedPayloadOverTLS bool
	// MaxResponseBytes bounds the body of a response whose output is not a
	// stream. Zero means transporthttp.DefaultMaxResponseBytes; negative
	// means no limit.
	MaxResponseBytes int64
	// AttemptTimeout bounds each attempt (retry.MiddlewareOptions); zero
	// means no limit.
	AttemptTimeout time.Duration
	// DisableUnsafeRetries refuses to retry an attempt of an operation
	// that is not SafeToRepeat once its request was fully sent and no
	// response came back; the call fails with *retry.OutcomeUnknownError.
	DisableUnsafeRetries bool
	// RetryPre2026Defaults builds the default retryer with the standard
	// mode's numbers from before retry behaviour 2.1
	// (retry.StandardOptions.Pre2026Defaults) and without the service's
	// own retry defaults.
	RetryPre2026Defaults bool
	// DisableRequestCompression sends the bodies of operations with
	// RequestCompression uncompressed.
	DisableRequestCompression bool
	// RequestMinCompressSizeBytes is the smallest body those operations
	// compress: zero means DefaultRequestMinCompressSizeBytes, a negative
	// value no minimum, and above MaxRequestMinCompressSizeBytes their
	// calls fail. Streamed bodies are compressed whatever their size.
	RequestMinCompressSizeBytes int64
	// ServiceOptions is the service client's own Options (a pointer to the
	// generated package's Options struct) for services whose hand-written
	// customizations read settings of their own on each call (SQS's
	// DisableMessageChecksumValidation); nil for the others. The runtime
	// never reads it; the customizations' middleware reaches it through
	// [CallOptions].
	ServiceOptions any
	// EnableEndpointDiscovery says which operations discover their
	// endpoint, for services with an EndpointDiscovery; the zero value is
	// awsmw.EndpointDiscoveryAuto.
	EnableEndpointDiscovery awsmw.EndpointDiscoveryEnableState
	// AccountIDEndpointMode says whether the credentials' account routes
	// the calls of services whose rules take it (Service.AccountIDParam).
	AccountIDEndpointMode aws.AccountIDEndpointMode
}

// EndpointAuth returns the identity an attempt is signed with under an
// endpoint-provided auth scheme. It must be safe for concurrent use.
type EndpointAuth func(ctx context.Context, in EndpointAuthInput) (EndpointIdentity, error)

// EndpointAuthInput is what an EndpointAuth hook is given.
type EndpointAuthInput struct {
	// Runtime is the client's runtime, for calls the hook makes (S3's
	// CreateSession) and for state kept per client (Runtime.Local).
	Runtime *Runtime
	// Options are the call's options, for the calls the hook makes.
	Options *Options
	// Credentials are the client's own credentials for this attempt.
	Credentials credentials.Credentials
	// Input is the operation's input.
	Input any
}

// EndpointIdentity is the result of an EndpointAuth hook.
type EndpointIdentity struct {
	// Credentials sign the attempt (SigV4, with the scheme's signing name
	// and region). Their SessionToken should be empty when TokenHeader
	// carries it.
	Credentials credentials.Credentials
	// TokenHeader and Token, when set, add a header carrying a session
	// token (S3 Express: x-amz-s3session-token).
	TokenHeader, Token string
}

// Runtime runs the operations of one client.
type Runtime struct {
	svc  *Service
	opts Options
	skew *awsmw.ClockSkew
	// retry and retrySafe are the client's retry middleware; retrySafe
	// does not retry attempts whose request was sent and whose response
	// was lost, for operations that are not safe to repeat.
	retry, retrySafe *retry.Middleware
	chains           sync.Map // *Operation -> middleware.Handler
	locals           sync.Map // Local's values
	// discovery caches discovered endpoints, for services with endpoint
	// discovery; nil otherwise.
	discovery *endpointCache
	// obs is the client's telemetry, nil without providers (observe.go);
	// obsErr is why it could not be built, returned by every call.
	obs    *observer
	obsErr error
	// boxed holds the last Region and BaseEndpoint resolveEndpoint put in
	// the endpoint parameters, already converted to interfaces: a string
	// stored in a map of interfaces costs an allocation per call, and they
	// are the same on every call of a client. Interfaces holding strings
	// are immutable, so calls share them.
	boxed atomic.Pointer[boxedParams]
}

// boxedParams is one Runtime.boxed entry.
type boxedParams struct {
	region, endpoint   string
	regionV, endpointV any
}

// boxedFor returns the interfaces of region and endpoint, reusing the
// client's last ones when they match.
func (r *Runtime) boxedFor(region, endpoint string) *boxedParams {
	if b := r.boxed.Load(); b != nil && b.region == region && b.endpoint == endpoint {
		return b
	}
	b := &boxedParams{region: region, endpoint: endpoint, regionV: region, endpointV: endpoint}
	r.boxed.Store(b)
	return b
}

// Local returns the client's value for key, storing mk's result the first
// time: per-client state of a service's hooks (S3 Express's session cache),
// which goes away with the client.
func (r *Runtime) Local(key any, mk func() any) any {
	if v, ok := r.locals.Load(key); ok {
		return v
	}
	v, _ := r.locals.LoadOrStore(key, mk())
	return v
}

// New returns the runtime for a client of svc with opts.
func New(svc *Service, opts Options) *Runtime {
	r := &Runtime{svc: svc, opts: opts, skew: awsmw.NewClockSkew()}
	r.obs, r.obsErr = newObserver(svc, &opts)
	if svc.EndpointDiscovery != nil {
		r.discovery = newEndpointCache()
	}
	r.retry, r.retrySafe = newRetryMiddleware(&opts, false)
	return r
}

// Options returns a copy of the client's options.
func (r *Runtime) Options() Options { return r.opts }

// call is the per-call state; it lives in the context so that the
// compiled chain itself holds none.
type call struct {
	rt       *Runtime
	state    callctx.State // what middleware outside this package keeps per call
	opts     *Options
	op       *Operation
	input    any
	creds    credentials.Credentials
	anon     bool
	auth     authChoice
	scheme   map[string]any      // the endpoint auth scheme chosen, if any
	identity smithyauth.Identity // of a user auth scheme
	endpoint rules.Endpoint
	// payloadHash is the X-Amz-Content-Sha256 value of the current
	// attempt, set by the payload-hash middleware for the signer.
	payloadHash string
	checksum    requestChecksum
	body        limitedBody // the limiter of the current attempt's response body
	// events writes the input event stream, for operations with one.
	events *eventWriter
	// tel is the call's telemetry state, nil when the client has no
	// provider (observe.go).
	tel *telemetry
}

type callKey = callctx.Key

func callFrom(ctx context.Context) *call {
	c, _ := ctx.Value(callKey{}).(*call)
	return c
}

// CallState implements callctx.Carrier.
func (c *call) CallState() *callctx.State { return &c.state }

// CallNames implements callctx.Names.
func (c *call) CallNames() (serviceID, operation, region string) {
	return c.rt.svc.ID, c.op.Protocol.Name, c.opts.Region
}

// CallOptions returns the options of the call ctx belongs to, or nil
// outside a call: the middleware a service's Customize hook adds reads the
// call's settings here, since the compiled chain is shared by calls whose
// options differ. The options must not be modified.
func CallOptions(ctx context.Context) *Options {
	if c := callFrom(ctx); c != nil {
		return c.opts
	}
	return nil
}

// Invoke runs op with input. If opts is nil the client's options are used
// and the compiled chain is shared; otherwise opts are the call's own
// (already copied and modified) options, and the chain is rebuilt only
// when the call's APIOptions differ from the client's.
func (r *Runtime) Invoke(ctx context.Context, op *Operation, input any, opts *Options) (any, middleware.Metadata, error) {
	var h middleware.Handler
	var err error
	if opts == nil || r.sharesChain(opts) {
		h, err = r.chain(op)
	} else {
		h, err = r.build(op, opts)
	}
	if opts == nil {
		opts = &r.opts
	}
	if err != nil {
		return nil, middleware.Metadata{}, r.opError(op, err)
	}
	c := &call{rt: r, opts: opts, op: op, input: input}
	if obs := r.obs; obs != nil || opts != &r.opts || r.obsErr != nil {
		if opts != &r.opts || r.obsErr != nil {
			if obs, err = r.observerFor(opts); err != nil {
				return nil, middleware.Metadata{}, r.opError(op, err)
			}
		}
		if obs != nil {
			c.tel = &telemetry{obs: obs}
			return r.invokeObserved(ctx, h, c)
		}
	}
	out, md, err := h.Handle(context.WithValue(ctx, callKey{}, c), input)
	if err != nil {
		if c.events != nil {
			c.events.abort(err)
		}
		return nil, md, r.opError(op, err)
	}
	return out, md, nil
}

func (r *Runtime) opError(op *Operation, err error) error {
	return &smithy.OperationError{ServiceID: r.svc.ID, OperationName: op.Protocol.Name, Err: err}
}

// sharesChain reports whether a call with opts can run on the client's
// compiled chain: the chain depends on the APIOptions (compared as slices:
// generated clients clip the slice, so appending reallocates), the app id
// in the User-Agent, the logger settings, and whether the options have a
// telemetry provider (the ObserveAttempt step), and the retry mode and
// account ID endpoint mode the User-Agent reports. Other options are read
// per call. When in doubt — values that cannot be compared — it says no,
// and the call gets a chain of its own.
func (r *Runtime) sharesChain(o *Options) bool {
	c := &r.opts
	return sameSlice(o.APIOptions, c.APIOptions) &&
		o.AppID == c.AppID &&
		retryModeCode(o.Retryer) == retryModeCode(c.Retryer) &&
		o.AccountIDEndpointMode == c.AccountIDEndpointMode &&
		o.observed() == c.observed() &&
		o.ClientLogMode == c.ClientLogMode &&
		sameValue(o.Logger, c.Logger)
}

func sameSlice[T any](a, b []T) bool {
	return len(a) == len(b) && (len(a) == 0 || &a[0] == &b[0])
}

// SameValue reports whether a and b are the same interface value: the
// same dynamic type and the same data word. An Options struct copied and
// handed to option functions keeps the data word of every interface field
// it holds, so SameValue tells whether a function assigned a new value,
// without comparing values as == does (which panics on uncomparable
// types such as a Retryer struct holding a slice). Assigning an equal
// value again counts as a change. Generated code compares option values
// with it, never with ==.
func SameValue(a, b any) bool { return sameValue(a, b) }

// sameValue is SameValue.
func sameValue(a, b any) bool {
	return *(*[2]unsafe.Pointer)(unsafe.Pointer(&a)) == *(*[2]unsafe.Pointer)(unsafe.Pointer(&b))
}

func (r *Runtime) chain(op *Operation) (middleware.Handler, error) {
	if h, ok := r.chains.Load(op); ok {
		return h.(middleware.Handler), nil
	}
	h, err := r.build(op, &r.opts)
	if err != nil {
		return nil, err
	}
	actual, _ := r.chains.LoadOrStore(op, h)
	return actual.(middleware.Handler), nil
}

// Stack returns the middleware stack of op as the client assembles it,
// with the client's APIOptions applied. It is for inspection and tests.
func (r *Runtime) Stack(op *Operation) (*middleware.Stack, error) {
	return r.stack(op, &r.opts)
}

func (r *Runtime) build(op *Operation, opts *Options) (middleware.Handler, error) {
	st, err := r.stack(op, opts)
	if err != nil {
		return nil, err
	}
	return compile(st, sendHandler{}), nil
}

// ErrMissingRegion is returned when an operation needs a region to
// resolve its endpoint and none is configured.
var ErrMissingRegion = errors.New("no region configured: set Options.Region, AWS_REGION, or region in the shared config profile")

// HTTPStatus returns the HTTP status of a response error, if any.
func HTTPStatus(err error) int {
	var se interface{ HTTPStatusCode() int }
	if errors.As(err, &se) {
		return se.HTTPStatusCode()
	}
	return 0
}

// ResolveDefaults fills in the HTTP client and the retryer of a client
// of svc when unset.
func ResolveDefaults(svc *Service, o *Options) {
	if o.HTTPClient == nil {
		o.HTTPClient = defaultHTTPClient(svc.ResponseHeaderTimeout, svc.HTTP2)
	}
	if o.Retryer == nil {
		o.Retryer = newRetryer(svc, o)
	}
}
