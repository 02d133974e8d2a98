package config

import (
	"time"

	"github.com/aws/smithy-go/logging"
	"github.com/aws/smithy-go/metrics"
	smithymw "github.com/aws/smithy-go/middleware"
	"github.com/aws/smithy-go/tracing"
	smithyhttp "github.com/aws/smithy-go/transport/http"

	"github.com/nimbus-sdk/nimbus/config/aws"
	"github.com/nimbus-sdk/nimbus/credentials"
	"github.com/nimbus-sdk/nimbus/middleware"
	"github.com/nimbus-sdk/nimbus/middleware/checksum"
	"github.com/nimbus-sdk/nimbus/middleware/retry"
	v4 "github.com/nimbus-sdk/nimbus/signer/v4"
	transporthttp "github.com/nimbus-sdk/nimbus/transport/http"
)

// HTTPClient sends HTTP requests. *http.Client satisfies it, and so does
// the default client from the transport/http package, where the interface
// and its contract are defined.
type HTTPClient = transporthttp.HTTPDoer

// Config is the resolved configuration every service client is built
// from: service constructors named NewFromConfig take a Config and copy
// the fields they use into their own Options.
//
// The zero value is usable but has no region and no credentials; [Load]
// fills a Config from the environment and the shared files.
type Config struct {
	// Region is the AWS Region to send requests to, e.g. "us-east-1".
	Region string

	// Credentials signs requests. [Load] always sets it: to the first
	// source of the default chain that has credentials, or, when none
	// has, to a provider that fails every call with a
	// *credentials.NoCredentialsError naming each source tried. If nil,
	// calls fail with that error too. Set credentials.AnonymousProvider{}
	// to send requests unsigned.
	Credentials credentials.Provider

	// HTTPClient sends requests. If nil, each client uses the default
	// client from the transport/http package.
	HTTPClient HTTPClient

	// BaseEndpoint overrides the endpoint of every service
	// (endpoint_url / AWS_ENDPOINT_URL). Empty means "resolve from the
	// service's endpoint rules".
	BaseEndpoint string

	// ServiceEndpoints holds per-service endpoint overrides from
	// AWS_ENDPOINT_URL_<SERVICE> and the profile's services section,
	// keyed by the service's SDK ID in lower case with spaces replaced by
	// underscores (for example "s3", "dynamodb", "cloudwatch_logs").
	// They take precedence over BaseEndpoint.
	ServiceEndpoints map[string]string

	// RetryMode is retry.ModeStandard (the default when empty) or
	// retry.ModeAdaptive.
	RetryMode retry.Mode

	// RetryMaxAttempts is the maximum number of attempts per operation,
	// including the first. Zero means the retry mode's default (3, or the
	// service's own: DynamoDB 4).
	RetryMaxAttempts int

	// RetryPre2026Defaults selects the standard retry mode's numbers from
	// before AWS retry behaviour 2.1 (see the clients' option of that
	// name). AWS_NEW_RETRIES_2026=false sets it; false (the default) is
	// retry behaviour 2.1.
	RetryPre2026Defaults bool

	// AppID is an optional application identifier added to the User-Agent.
	AppID string

	// RequestChecksumCalculation is "when_supported" (the default when
	// empty) or "when_required".
	RequestChecksumCalculation checksum.RequestCalculation

	// ResponseChecksumValidation is "when_supported" (the default when
	// empty) or "when_required".
	ResponseChecksumValidation checksum.ResponseValidation

	// UseFIPSEndpoint selects FIPS endpoints where the service has them.
	UseFIPSEndpoint bool

	// UseDualStackEndpoint selects dual-stack (IPv6) endpoints.
	UseDualStackEndpoint bool

	// S3 holds the settings of the profile's s3 section and the matching
	// environment variables.
	S3 S3Config

	// Logger receives SDK log output. If nil, nothing is logged.
	Logger logging.Logger

	// ClientLogMode selects what is logged; see the middleware package.
	ClientLogMode ClientLogMode

	// TracerProvider traces the calls of every client made from the
	// Config (see the clients' option of that name). Nil means no
	// tracing, at no cost.
	TracerProvider tracing.TracerProvider

	// MeterProvider records the metrics of every client made from the
	// Config (see the clients' option of that name). Nil means no
	// metrics, at no cost.
	MeterProvider metrics.MeterProvider

	// APIOptions are applied to every operation's middleware stack.
	APIOptions []func(*smithymw.Stack) error

	// Retryer, if not nil, builds the Retryer of each client made from the
	// Config, as aws-sdk-go-v2's does: a function, so that every client
	// gets its own retry quota. Nil means each client builds one from
	// RetryMode and RetryMaxAttempts.
	Retryer func() retry.Retryer

	// AttemptTimeout bounds each attempt of every call (see the clients'
	// option of that name): LoadOptions.AttemptTimeout, NIMBUS_ATTEMPT_TIMEOUT
	// or the profile's attempt_timeout (a Nimbus setting, a Go duration such
	// as "30s"). Zero means no limit.
	AttemptTimeout time.Duration

	// MaxResponseBytes bounds non-streaming response bodies (see the
	// clients' option). Zero means the clients' default (64 MiB).
	MaxResponseBytes int64

	// DisableUnsafeRetries refuses to retry, after a lost response, an
	// operation that is not safe to repeat (see the clients' option).
	DisableUnsafeRetries bool

	// DisableRequestCompression sends request bodies uncompressed (see
	// the option of that name of clients with compressible operations,
	// such as CloudWatch's PutMetricData). From
	// AWS_DISABLE_REQUEST_COMPRESSION or disable_request_compression.
	DisableRequestCompression bool

	// RequestMinCompressSizeBytes is the smallest request body that is
	// compressed (see the clients' option), from
	// AWS_REQUEST_MIN_COMPRESSION_SIZE_BYTES or
	// request_min_compression_size_bytes. Zero means the clients' default
	// (10240 bytes); a setting of 0 (no minimum) is loaded as -1, since
	// the clients take any negative value to mean no minimum.
	RequestMinCompressSizeBytes int64

	// AuthSchemes are authentication schemes of your own, given to every
	// client (see the clients' option).
	AuthSchemes []smithyhttp.AuthScheme

	// HTTPSignerV4 signs every client's SigV4 requests. Nil means
	// Nimbus's signer.
	HTTPSignerV4 v4.HTTPSigner

	// AuthSchemePreference lists authentication scheme names ("sigv4",
	// "sigv4a", "httpBearerAuth") every client tries first, in order:
	// AWS_AUTH_SCHEME_PREFERENCE or the profile's auth_scheme_preference,
	// comma-separated.
	AuthSchemePreference []string

	// SigV4aSigningRegionSet is the region set of SigV4a signatures whose
	// endpoint gives none: AWS_SIGV4A_SIGNING_REGION_SET or the profile's
	// sigv4a_signing_region_set, comma-separated. Nil means each client's
	// region.
	SigV4aSigningRegionSet []string

	// AccountIDEndpointMode says whether clients of services that route
	// by account (DynamoDB) send requests to the endpoint of the
	// credentials' account: AWS_ACCOUNT_ID_ENDPOINT_MODE or the profile's
	// account_id_endpoint_mode ("preferred", "required" or "disabled").
	// [Load] sets aws.AccountIDEndpointModePreferred when nothing
	// configures it, as aws-sdk-go-v2 does.
	AccountIDEndpointMode aws.AccountIDEndpointMode

	// BearerTokens holds bearer tokens from AWS_BEARER_TOKEN_<SERVICE>
	// variables, keyed by <SERVICE> (the service's signing name in upper
	// case, e.g. "BEDROCK"). Clients of services that accept bearer
	// authentication use theirs and prefer that scheme.
	BearerTokens map[string]string

	// Profile is the name of the shared-config profile that was loaded,
	// for diagnostics. Empty if no profile was used.
	Profile string

	// EC2IMDS holds the loaded profile's EC2 instance metadata service
	// settings, which feature/ec2/imds.NewFromConfig applies (the
	// credential chain's instance metadata source reads the same keys).
	EC2IMDS EC2IMDSConfig
}

// EC2IMDSConfig holds the EC2 instance metadata service keys of the loaded
// profile, trimmed and otherwise as written; empty when not set. [Load]
// does not validate them: only an instance metadata client uses them, and
// credentials/imds checks them when such a client is built, failing its
// calls with an error that names the key. The environment variables of
// the same settings are read by that client, and win over these.
type EC2IMDSConfig struct {
	// Endpoint is ec2_metadata_service_endpoint, the URL of the instance
	// metadata service.
	Endpoint string
	// EndpointMode is ec2_metadata_service_endpoint_mode, "IPv4" or
	// "IPv6".
	EndpointMode string
	// V1Disabled is ec2_metadata_v1_disabled, "true" or "false".
	V1Disabled string
	// Timeout is metadata_service_timeout, in seconds.
	Timeout string
	// NumAttempts is metadata_service_num_attempts.
	NumAttempts string
}

// S3Config holds S3-specific shared settings.
type S3Config struct {
	// UsePathStyle forces path-style addressing (addressing_style = path).
	UsePathStyle bool
	// UseAccelerate selects S3 Transfer Acceleration endpoints.
	UseAccelerate bool
	// UseARNRegion lets an ARN's region override the client region: S3
	// buckets and access points, and S3 Control's S3 on Outposts access
	// points and buckets.
	UseARNRegion bool
	// DisableMultiRegionAccessPoints rejects multi-region access point ARNs.
	DisableMultiRegionAccessPoints bool
	// CompatibleMode makes S3 clients safe for S3-compatible stores
	// (MinIO, Ceph, R2...): checksums only where an operation requires
	// one, sent as headers rather than aws-chunked trailers, path-style
	// addressing, and UNSIGNED-PAYLOAD over HTTPS. From
	// NIMBUS_S3_COMPATIBLE_MODE or the profile's s3 compatible_mode
	// sub-property. False (the default) is what AWS S3 expects.
	CompatibleMode bool
}

// ClientLogMode is a bit set selecting what the SDK logs. It is defined
// in the middleware package, below config, so that clients config itself
// uses (for assume-role and SSO) can take it too.
type ClientLogMode = middleware.ClientLogMode

// The log modes. Secrets (signatures, credentials, session tokens) are
// always redacted from logged requests and responses.
const (
	LogRequest          = middleware.LogRequest
	LogRequestWithBody  = middleware.LogRequestWithBody
	LogResponse         = middleware.LogResponse
	LogResponseWithBody = middleware.LogResponseWithBody
	LogRetries          = middleware.LogRetries
	LogSigning          = middleware.LogSigning
)
