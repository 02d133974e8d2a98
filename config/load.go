package config

import (
	"context"
	"os"
	"runtime"
	"slices"
	"time"

	"github.com/aws/smithy-go/logging"
	"github.com/aws/smithy-go/metrics"
	"github.com/aws/smithy-go/middleware"
	"github.com/aws/smithy-go/tracing"
	smithyhttp "github.com/aws/smithy-go/transport/http"

	"github.com/nimbus-sdk/nimbus/config/aws"
	"github.com/nimbus-sdk/nimbus/credentials"
	"github.com/nimbus-sdk/nimbus/middleware/retry"
	v4 "github.com/nimbus-sdk/nimbus/signer/v4"
)

// LoadOptions changes what [Load] reads. Every field is optional; a zero
// field means "resolve this setting from the environment and the shared
// files". Explicit fields win over environment variables, which win over
// the shared-config profile.
type LoadOptions struct {
	// Profile selects the shared-config profile. If empty, AWS_PROFILE is
	// used, then AWS_DEFAULT_PROFILE, then "default". A profile named here
	// or in those variables must exist (see [ProfileNotFoundError]).
	Profile string

	// Region overrides AWS_REGION, AWS_DEFAULT_REGION and the profile's
	// region. If empty, the region is resolved, and may stay empty.
	Region string

	// ConfigFiles lists the shared config files to read; a key in a later
	// file overrides the same key in an earlier one. If nil,
	// AWS_CONFIG_FILE is read, or else ~/.aws/config. A non-nil empty
	// slice reads no config file. Missing files are skipped.
	ConfigFiles []string

	// CredentialsFiles lists the shared credentials files to read, like
	// ConfigFiles. If nil, AWS_SHARED_CREDENTIALS_FILE is read, or else
	// ~/.aws/credentials. Credentials files win over config files for the
	// same profile and key.
	CredentialsFiles []string

	// Credentials, if not nil, becomes Config.Credentials as is, and the
	// credential chain (environment, profile, credential_process) is not
	// consulted. If nil, the chain resolves a provider, or none.
	Credentials credentials.Provider

	// HTTPClient, if not nil, becomes Config.HTTPClient; the CA bundle
	// settings are then ignored. If nil and a CA bundle is configured,
	// Load builds a client from the transport/http package that trusts
	// it; otherwise Config.HTTPClient stays nil (each client's default).
	HTTPClient HTTPClient

	// RetryMode overrides AWS_RETRY_MODE and retry_mode: "standard" or
	// "adaptive" ("legacy" is accepted as "standard"). Empty means resolve.
	RetryMode retry.Mode

	// RetryMaxAttempts overrides AWS_MAX_ATTEMPTS and max_attempts. Zero
	// means resolve; a negative value is an error.
	RetryMaxAttempts int

	// AppID overrides AWS_SDK_UA_APP_ID and sdk_ua_app_id. Empty means
	// resolve.
	AppID string

	// Logger becomes Config.Logger. If nil, nothing is logged.
	Logger logging.Logger

	// ClientLogMode becomes Config.ClientLogMode. Zero logs nothing.
	ClientLogMode ClientLogMode

	// TracerProvider becomes Config.TracerProvider, which every client
	// made from the Config traces its calls with. Nil traces nothing.
	TracerProvider tracing.TracerProvider

	// MeterProvider becomes Config.MeterProvider, which every client made
	// from the Config records its metrics with. Nil records nothing.
	MeterProvider metrics.MeterProvider

	// APIOptions becomes Config.APIOptions (copied). Nil adds nothing.
	APIOptions []func(*middleware.Stack) error

	// Retryer, if not nil, builds the Retryer of each client made from the
	// Config, as aws-sdk-go-v2's does: a function, so that every client
	// gets its own retry quota. Nil means each client builds one from
	// RetryMode and RetryMaxAttempts.
	Retryer func() retry.Retryer

	// AttemptTimeout overrides NIMBUS_ATTEMPT_TIMEOUT and attempt_timeout.
	// Zero means resolve.
	AttemptTimeout time.Duration

	// MaxResponseBytes bounds non-streaming response bodies (see the
	// clients' option). Zero means the clients' default (64 MiB).
	MaxResponseBytes int64

	// DisableUnsafeRetries refuses to retry, after a lost response, an
	// operation that is not safe to repeat (see the clients' option).
	DisableUnsafeRetries bool

	// DisableRequestCompression, when true, overrides
	// AWS_DISABLE_REQUEST_COMPRESSION and disable_request_compression.
	// False means resolve.
	DisableRequestCompression bool

	// RequestMinCompressSizeBytes overrides
	// AWS_REQUEST_MIN_COMPRESSION_SIZE_BYTES and
	// request_min_compression_size_bytes. Zero means resolve; a negative
	// value means no minimum (the setting's 0); above 10485760 is a
	// [*ValidationError].
	RequestMinCompressSizeBytes int64

	// AuthSchemes are authentication schemes of your own, given to every
	// client (see the clients' option).
	AuthSchemes []smithyhttp.AuthScheme

	// HTTPSignerV4 signs every client's SigV4 requests. Nil means
	// Nimbus's signer.
	HTTPSignerV4 v4.HTTPSigner

	// BaseEndpoint overrides AWS_ENDPOINT_URL and endpoint_url. Empty
	// means resolve.
	BaseEndpoint string

	// AccountIDEndpointMode overrides AWS_ACCOUNT_ID_ENDPOINT_MODE and
	// account_id_endpoint_mode. Empty means resolve; a value that is not a
	// valid mode is a [*ValidationError].
	AccountIDEndpointMode aws.AccountIDEndpointMode

	// Getenv reads an environment variable. If nil, os.Getenv is used.
	// Tests set it to a map lookup so that the process environment does
	// not leak in.
	Getenv func(string) string

	// Environ lists the environment as "KEY=value" strings; Load uses it
	// only to discover AWS_ENDPOINT_URL_<SERVICE> variables. If nil, Load
	// uses os.Environ when Getenv is nil, and otherwise discovers only the
	// variables of well-known services (S3, DynamoDB, STS, SSO, SSO-OIDC,
	// Sign-In, SQS, SNS, KMS, Secrets Manager, SSM, CloudWatch, CloudWatch
	// Logs, EventBridge, Lambda, IAM, EC2) by calling Getenv.
	Environ func() []string

	// HomeDir is the directory "~" stands for, used to find the default
	// shared files and to expand "~/" in file paths. If empty, HOME is
	// used (then USERPROFILE or HOMEDRIVE+HOMEPATH on Windows, then the
	// operating system's answer).
	HomeDir string

	// MFATokenProvider returns the current MFA code for a profile that
	// assumes a role with mfa_serial. It is called again on every refresh
	// of those credentials, so it typically prompts the user. If nil, a
	// profile with mfa_serial fails to load with a [*ValidationError].
	MFATokenProvider func() (string, error)
}

// Load resolves a [Config] from optFns, the environment and the shared
// config and credentials files. See the package documentation for the
// sources, their precedence and the errors Load returns.
//
// A missing region is not an error here: clients report
// [ErrMissingRegion] when they need one.
func Load(ctx context.Context, optFns ...func(*LoadOptions)) (Config, error) {
	var o LoadOptions
	for _, fn := range optFns {
		fn(&o)
	}
	if err := ctx.Err(); err != nil {
		return Config{}, err
	}
	s, err := gatherSources(o)
	if err != nil {
		return Config{}, err
	}
	return s.merge(ctx)
}

// sources holds everything Load read, before merging. [sources.merge] is
// the one place where precedence and validation are decided.
type sources struct {
	opts LoadOptions
	// layers, highest precedence first: LoadOptions, environment, profile.
	layers  [3]settings
	getenv  func(string) string
	home    string
	profile *profile
	files   []sharedFile
	// envNames lists the environment's variable names, when it could be
	// listed (see LoadOptions.Environ).
	envNames []string
}

const (
	layerOptions = iota
	layerEnv
	layerProfile
)

func gatherSources(o LoadOptions) (*sources, error) {
	s := &sources{opts: o, getenv: o.Getenv}
	environ := o.Environ
	if s.getenv == nil {
		s.getenv = os.Getenv
		if environ == nil {
			environ = os.Environ
		}
	}
	var names []string
	if environ != nil {
		names = envNames(environ())
	}
	s.envNames = names
	s.home = homeDir(runtime.GOOS, &o, s.getenv)

	name, explicit := o.Profile, true
	if name == "" {
		name = s.getenv(envProfile)
	}
	if name == "" {
		name = s.getenv(envDefaultProfile)
	}
	if name == "" {
		name, explicit = "default", false
	}

	configPaths, credsPaths := filePaths(runtime.GOOS, &o, s.getenv, s.home)
	configFiles, err := readFiles(configPaths, false)
	if err != nil {
		return nil, err
	}
	credsFiles, err := readFiles(credsPaths, true)
	if err != nil {
		return nil, err
	}
	s.files = append(configFiles, credsFiles...)
	s.profile, err = loadProfile(name, s.files)
	if err != nil {
		return nil, err
	}
	if explicit && !s.profile.found {
		return nil, &ProfileNotFoundError{Profile: name, Files: slices.Concat(configPaths, credsPaths)}
	}

	s.layers[layerOptions] = optionSettings(&o)
	s.layers[layerEnv] = readEnv(s.getenv, names)
	s.layers[layerProfile] = s.profile.settings()
	return s, nil
}
