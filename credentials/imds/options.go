package imds

import (
	"fmt"
	"net/url"
	"os"
	"strconv"
	"strings"
	"time"

	"github.com/aws/smithy-go/logging"

	"github.com/nimbus-sdk/nimbus/middleware"
	nimbushttp "github.com/nimbus-sdk/nimbus/transport/http"
)

// Endpoints used when neither [Options.Endpoint] nor the environment or
// shared config names one.
const (
	DefaultEndpointIPv4 = "http://169.254.169.254"
	DefaultEndpointIPv6 = "http://[fd00:ec2::254]"
)

// Defaults applied for zero [Options] fields that the environment and the
// shared config do not set either.
const (
	// DefaultTokenTTL is the lifetime requested for IMDSv2 session
	// tokens, the maximum IMDS allows.
	DefaultTokenTTL = 6 * time.Hour

	// DefaultTimeout bounds one HTTP attempt (connect, request and
	// response). IMDS is a link-local service that answers in
	// milliseconds; a short limit lets programs that are not on EC2 give
	// up quickly.
	DefaultTimeout = time.Second

	// DefaultMaxAttempts is how many times a request is sent when IMDS
	// answers with a 5xx status or drops an established connection.
	// Failures to connect and timeouts are never retried.
	DefaultMaxAttempts = 2
)

// Names of the environment variables and shared config keys the package
// reads. The environment wins over the shared config.
const (
	EnvDisabled        = "AWS_EC2_METADATA_DISABLED"
	EnvEndpoint        = "AWS_EC2_METADATA_SERVICE_ENDPOINT"
	EnvEndpointMode    = "AWS_EC2_METADATA_SERVICE_ENDPOINT_MODE"
	EnvV1Disabled      = "AWS_EC2_METADATA_V1_DISABLED"
	EnvTimeout         = "AWS_METADATA_SERVICE_TIMEOUT"
	EnvNumAttempts     = "AWS_METADATA_SERVICE_NUM_ATTEMPTS"
	EnvProfileName     = "AWS_EC2_INSTANCE_PROFILE_NAME"
	ConfigEndpoint     = "ec2_metadata_service_endpoint"
	ConfigEndpointMode = "ec2_metadata_service_endpoint_mode"
	ConfigV1Disabled   = "ec2_metadata_v1_disabled"
	ConfigTimeout      = "metadata_service_timeout"
	ConfigNumAttempts  = "metadata_service_num_attempts"
	ConfigProfileName  = "ec2_instance_profile_name"
)

const (
	maxTokenTTL          = 21600 * time.Second
	tokenHeader          = "X-Aws-Ec2-Metadata-Token"
	tokenTTLHeader       = "X-Aws-Ec2-Metadata-Token-Ttl-Seconds"
	tokenPath            = "/latest/api/token"
	metadataPrefix       = "/latest/meta-data/"
	maxResponseBodyBytes = 64 << 10
)

// EndpointMode selects the default IMDS endpoint when no endpoint is
// configured.
type EndpointMode int

const (
	// EndpointModeUnset defers to the environment and shared config, and
	// then to IPv4.
	EndpointModeUnset EndpointMode = iota
	// EndpointModeIPv4 selects [DefaultEndpointIPv4].
	EndpointModeIPv4
	// EndpointModeIPv6 selects [DefaultEndpointIPv6].
	EndpointModeIPv6
)

// String returns the name of the value.
func (m EndpointMode) String() string {
	switch m {
	case EndpointModeUnset:
		return "unset"
	case EndpointModeIPv4:
		return "IPv4"
	case EndpointModeIPv6:
		return "IPv6"
	}
	return fmt.Sprintf("EndpointMode(%d)", int(m))
}

// Options configures a [Client] and a [Provider]. The zero value is ready
// to use: every setting left zero is taken from the environment, then from
// the shared config (through SharedConfig), then from the package default.
// Settings are read once, by [NewClient] or [New]; an invalid setting does
// not panic but makes every call fail with an [*Error] of kind
// [KindConfig].
type Options struct {
	// Endpoint is the base URL of IMDS, such as "http://169.254.169.254".
	// If empty, AWS_EC2_METADATA_SERVICE_ENDPOINT or
	// ec2_metadata_service_endpoint is used, and otherwise the default
	// endpoint of the EndpointMode.
	Endpoint string

	// EndpointMode picks the default endpoint. If unset,
	// AWS_EC2_METADATA_SERVICE_ENDPOINT_MODE or
	// ec2_metadata_service_endpoint_mode ("IPv4" or "IPv6", any case) is
	// used, and otherwise IPv4. It is ignored when an endpoint is set.
	EndpointMode EndpointMode

	// DisableV1Fallback forbids falling back to IMDSv1 (requests without a
	// session token) when no IMDSv2 token can be obtained. If false,
	// AWS_EC2_METADATA_V1_DISABLED or ec2_metadata_v1_disabled ("true" or
	// "false") decides, and otherwise the fallback is allowed.
	DisableV1Fallback bool

	// Disabled turns IMDS off: every call fails at once with an [*Error]
	// of kind [KindDisabled], without any network traffic. If false,
	// AWS_EC2_METADATA_DISABLED=true (any case) disables it too.
	Disabled bool

	// HTTPClient sends the requests. If nil, a client is built that
	// connects directly (IMDS must never be reached through a proxy) with
	// a connect timeout of Timeout. Whatever the client, each attempt is
	// bounded by Timeout.
	HTTPClient nimbushttp.HTTPDoer

	// Getenv reads environment variables. If nil, os.Getenv is used.
	// Tests and config.Load set it.
	Getenv func(key string) string

	// SharedConfig returns the value of a key of the selected profile in
	// the shared config file, or "" if it is not set. It is consulted
	// after the environment. If nil, no shared config is used. config.Load
	// sets it.
	SharedConfig func(key string) string

	// TokenTTL is the lifetime requested for IMDSv2 session tokens, in
	// whole seconds between 1 s and 6 h. If zero, [DefaultTokenTTL] is
	// used. A token is reused until shortly before it expires.
	TokenTTL time.Duration

	// Timeout bounds one HTTP attempt. If zero,
	// AWS_METADATA_SERVICE_TIMEOUT or metadata_service_timeout (seconds)
	// is used, and otherwise [DefaultTimeout].
	Timeout time.Duration

	// MaxAttempts is how many times a request is sent when IMDS answers
	// with a 5xx status or drops an established connection. If zero,
	// AWS_METADATA_SERVICE_NUM_ATTEMPTS or metadata_service_num_attempts
	// is used, and otherwise [DefaultMaxAttempts].
	MaxAttempts int

	// ProfileName is the name of the instance profile's role, which saves
	// one request per refresh. If empty, AWS_EC2_INSTANCE_PROFILE_NAME or
	// ec2_instance_profile_name is used, and otherwise the name is asked
	// of IMDS (and cached). Used by [Provider] only.
	ProfileName string

	// Now returns the current time. If nil, time.Now is used. Tests set
	// it to a fixed clock.
	Now func() time.Time

	// Logger receives the warnings logged when a [Provider] extends
	// credentials it could not refresh and when a client falls back to
	// IMDSv1, and the output ClientLogMode selects. If nil, nothing is
	// logged.
	Logger logging.Logger

	// ClientLogMode selects the requests and responses logged to Logger,
	// at the logging.Debug classification: middleware.LogRequest logs
	// each attempt's request line and headers, middleware.LogResponse
	// each response's status line and headers, with the session token
	// (and every header whose name contains "token") masked. Bodies are
	// never logged, since they hold tokens and credentials: with
	// middleware.LogResponseWithBody a line says so, and requests have no
	// body. The other bits have no effect here. Zero logs nothing.
	ClientLogMode middleware.ClientLogMode

	// randFloat returns a value in [0, 1) for the jitter of extended
	// credentials. If nil, math/rand/v2's Float64 is used.
	randFloat func() float64
}

// settings are Options resolved against the environment and shared
// config.
type settings struct {
	disabled    bool
	endpoint    string // without a trailing slash
	v1Disabled  bool
	tokenTTL    time.Duration
	timeout     time.Duration
	maxAttempts int
	profileName string
}

// Disabled reports whether AWS_EC2_METADATA_DISABLED turns IMDS off in
// the environment read by getenv (os.Getenv if nil). config.Load uses it
// to leave IMDS out of the default credential chain.
func Disabled(getenv func(string) string) bool {
	if getenv == nil {
		getenv = os.Getenv
	}
	return strings.EqualFold(strings.TrimSpace(getenv(EnvDisabled)), "true")
}

// resolve works out the settings from o, the environment and the shared
// config. The error is an [*Error] of kind [KindConfig]; it never quotes
// values other than the offending setting.
func resolve(o *Options) (settings, error) {
	getenv := o.Getenv
	if getenv == nil {
		getenv = os.Getenv
	}
	lookup := func(env, cfg string) (value, from string) {
		if v := strings.TrimSpace(getenv(env)); v != "" {
			return v, env
		}
		if o.SharedConfig != nil {
			if v := strings.TrimSpace(o.SharedConfig(cfg)); v != "" {
				return v, cfg
			}
		}
		return "", ""
	}
	configErr := func(format string, args ...any) error {
		return &Error{Kind: KindConfig, Err: fmt.Errorf(format, args...)}
	}

	s := settings{disabled: o.Disabled || Disabled(getenv)}

	mode := o.EndpointMode
	if mode == EndpointModeUnset {
		if v, from := lookup(EnvEndpointMode, ConfigEndpointMode); v != "" {
			switch strings.ToLower(v) {
			case "ipv4":
				mode = EndpointModeIPv4
			case "ipv6":
				mode = EndpointModeIPv6
			default:
				return s, configErr("%s = %q: want IPv4 or IPv6", from, v)
			}
		}
	}
	switch mode {
	case EndpointModeUnset, EndpointModeIPv4:
		s.endpoint = DefaultEndpointIPv4
	case EndpointModeIPv6:
		s.endpoint = DefaultEndpointIPv6
	default:
		return s, configErr("invalid endpoint mode %v", mode)
	}
	endpoint, from := o.Endpoint, "Options.Endpoint"
	if endpoint == "" {
		endpoint, from = lookup(EnvEndpoint, ConfigEndpoint)
	}
	if endpoint != "" {
		u, err := url.Parse(endpoint)
		if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
			return s, configErr("%s = %q: want an http or https URL", from, endpoint)
		}
		s.endpoint = strings.TrimRight(endpoint, "/")
	}

	s.v1Disabled = o.DisableV1Fallback
	if !s.v1Disabled {
		if v, from := lookup(EnvV1Disabled, ConfigV1Disabled); v != "" {
			b, err := strconv.ParseBool(v)
			if err != nil {
				return s, configErr("%s = %q: want true or false", from, v)
			}
			s.v1Disabled = b
		}
	}

	s.tokenTTL = o.TokenTTL
	if s.tokenTTL == 0 {
		s.tokenTTL = DefaultTokenTTL
	}
	s.tokenTTL = s.tokenTTL.Truncate(time.Second)
	if s.tokenTTL < time.Second || s.tokenTTL > maxTokenTTL {
		return s, configErr("TokenTTL %v: want between 1s and 6h", o.TokenTTL)
	}

	s.timeout = o.Timeout
	if s.timeout == 0 {
		if v, from := lookup(EnvTimeout, ConfigTimeout); v != "" {
			secs, err := strconv.ParseFloat(v, 64)
			if err != nil || secs <= 0 {
				return s, configErr("%s = %q: want a positive number of seconds", from, v)
			}
			s.timeout = time.Duration(secs * float64(time.Second))
		} else {
			s.timeout = DefaultTimeout
		}
	}
	if s.timeout < 0 {
		return s, configErr("Timeout %v: want a positive duration", s.timeout)
	}

	s.maxAttempts = o.MaxAttempts
	if s.maxAttempts == 0 {
		if v, from := lookup(EnvNumAttempts, ConfigNumAttempts); v != "" {
			n, err := strconv.Atoi(v)
			if err != nil || n < 1 {
				return s, configErr("%s = %q: want a positive integer", from, v)
			}
			s.maxAttempts = n
		} else {
			s.maxAttempts = DefaultMaxAttempts
		}
	}
	if s.maxAttempts < 1 {
		return s, configErr("MaxAttempts %d: want at least 1", s.maxAttempts)
	}

	s.profileName = strings.TrimSpace(o.ProfileName)
	if s.profileName == "" {
		s.profileName, _ = lookup(EnvProfileName, ConfigProfileName)
	}
	if strings.ContainsAny(s.profileName, "/?#") {
		return s, configErr("instance profile name %q contains a URL delimiter", s.profileName)
	}
	return s, nil
}
