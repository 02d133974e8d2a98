package imds

import (
	"fmt"
	"os"
	"strings"
	"time"

	"github.com/aws/smithy-go/logging"

	"github.com/nimbus-sdk/nimbus/config/aws"
	credimds "github.com/nimbus-sdk/nimbus/credentials/imds"
	"github.com/nimbus-sdk/nimbus/internal/client"
	"github.com/nimbus-sdk/nimbus/middleware"
	transporthttp "github.com/nimbus-sdk/nimbus/transport/http"
)

// HTTPClient sends the client's HTTP requests. *http.Client satisfies it;
// see transport/http.HTTPDoer for its contract.
type HTTPClient = transporthttp.HTTPDoer

// ClientEnableState says whether a [Client] may call IMDS at all.
type ClientEnableState uint

// The values of [ClientEnableState], with aws-sdk-go-v2's names.
const (
	// ClientDefaultEnableState, the zero value, disables the client when
	// AWS_EC2_METADATA_DISABLED is "true" (in any case), and enables it
	// otherwise.
	ClientDefaultEnableState ClientEnableState = iota
	// ClientDisabled makes every operation fail at once, without a
	// request.
	ClientDisabled
	// ClientEnabled enables the client whatever AWS_EC2_METADATA_DISABLED
	// says.
	ClientEnabled
)

// EndpointModeState selects the default IMDS endpoint when no endpoint is
// configured.
type EndpointModeState uint

// The values of [EndpointModeState], with aws-sdk-go-v2's names.
const (
	// EndpointModeStateUnset, the zero value, defers to
	// AWS_EC2_METADATA_SERVICE_ENDPOINT_MODE and the profile's
	// ec2_metadata_service_endpoint_mode, and then to IPv4.
	EndpointModeStateUnset EndpointModeState = iota
	// EndpointModeStateIPv4 selects http://169.254.169.254.
	EndpointModeStateIPv4
	// EndpointModeStateIPv6 selects http://[fd00:ec2::254].
	EndpointModeStateIPv6
)

// SetFromString sets e from "IPv4" or "IPv6" (in any case, spaces
// trimmed); an empty v sets EndpointModeStateUnset. Any other value is an
// error that leaves e unchanged.
func (e *EndpointModeState) SetFromString(v string) error {
	switch v = strings.TrimSpace(v); {
	case v == "":
		*e = EndpointModeStateUnset
	case strings.EqualFold(v, "IPv4"):
		*e = EndpointModeStateIPv4
	case strings.EqualFold(v, "IPv6"):
		*e = EndpointModeStateIPv6
	default:
		return fmt.Errorf("unknown EC2 IMDS endpoint mode %q: want IPv4 or IPv6", v)
	}
	return nil
}

// DefaultOperationTimeout bounds an operation whose context has no
// deadline, reading a streamed Content included, unless
// [Options.DisableDefaultTimeout] is set.
const DefaultOperationTimeout = 5 * time.Second

// Options configures a [Client]. The zero value is ready to use: every
// setting left zero is taken from the environment, then (for a client from
// [NewFromConfig]) from the loaded profile, then from the defaults of
// credentials/imds.
type Options struct {
	// Endpoint is the base URL of IMDS, such as "http://169.254.169.254";
	// it overrides EndpointMode. If empty,
	// AWS_EC2_METADATA_SERVICE_ENDPOINT or the profile's
	// ec2_metadata_service_endpoint is used, and otherwise the default
	// endpoint of the endpoint mode.
	Endpoint string

	// EndpointMode picks the default endpoint when none is set. If unset,
	// AWS_EC2_METADATA_SERVICE_ENDPOINT_MODE or the profile's
	// ec2_metadata_service_endpoint_mode is used, and otherwise IPv4.
	EndpointMode EndpointModeState

	// ClientEnableState turns the client off (ClientDisabled) or on
	// whatever the environment says (ClientEnabled). If
	// ClientDefaultEnableState, AWS_EC2_METADATA_DISABLED=true disables
	// it. A disabled client fails every operation with a
	// *smithy.OperationError, without sending anything.
	ClientEnableState ClientEnableState

	// EnableFallback says whether requests may go without a session token
	// (IMDSv1) when IMDS refuses to issue one (403, 404 or 405) or does not
	// answer the token request. aws.FalseTernary forbids it: operations
	// then fail instead. aws.TrueTernary allows it whatever the
	// environment and profile say. If aws.UnknownTernary,
	// AWS_EC2_METADATA_V1_DISABLED or the profile's
	// ec2_metadata_v1_disabled decides, and otherwise it is allowed.
	EnableFallback aws.Ternary

	// DisableDefaultTimeout lifts the [DefaultOperationTimeout] that
	// bounds operations whose context has no deadline.
	DisableDefaultTimeout bool

	// TokenTTL is the lifetime asked for IMDSv2 session tokens, in whole
	// seconds between 1 s and 6 h; a token is reused until shortly before
	// it expires. If zero, credentials/imds's DefaultTokenTTL (6 h) is
	// used. (A Nimbus option: aws-sdk-go-v2 always asks for 5 minutes.)
	TokenTTL time.Duration

	// HTTPClient sends the requests. If nil, credentials/imds builds one
	// that never uses a proxy and gives up connecting after the attempt
	// timeout. Whatever the client, each attempt is bounded by that
	// timeout (AWS_METADATA_SERVICE_TIMEOUT, 1 s by default) until the
	// response headers arrive.
	HTTPClient HTTPClient

	// Logger receives a warning when the client falls back to IMDSv1, and
	// the output ClientLogMode selects. If nil, nothing is logged.
	Logger logging.Logger

	// ClientLogMode selects the requests and responses logged to Logger at
	// the Debug classification: LogRequest and LogResponse log request
	// lines, status lines and headers, with the session token masked.
	// Bodies are never logged (they carry tokens and credentials):
	// LogResponseWithBody adds a line that says so. LogRetries and
	// LogSigning have no effect; IMDS requests are not signed. Zero logs
	// nothing.
	ClientLogMode middleware.ClientLogMode

	// sharedConfig returns the profile's value of a credentials/imds
	// config key; set by NewFromConfig. Nil reads no profile.
	sharedConfig func(key string) string

	// operationTimeout replaces DefaultOperationTimeout in tests.
	operationTimeout time.Duration
}

// Copy returns a copy of o.
func (o Options) Copy() Options { return o }

// credOptions returns the credentials/imds options o stands for, or a
// *credimds.Error of kind KindConfig naming an invalid option value.
func (o *Options) credOptions() (credimds.Options, error) {
	co := credimds.Options{
		Endpoint:      o.Endpoint,
		TokenTTL:      o.TokenTTL,
		HTTPClient:    o.HTTPClient,
		Logger:        o.Logger,
		ClientLogMode: o.ClientLogMode,
		SharedConfig:  o.sharedConfig,
	}
	switch o.EndpointMode {
	case EndpointModeStateUnset:
	case EndpointModeStateIPv4:
		co.EndpointMode = credimds.EndpointModeIPv4
	case EndpointModeStateIPv6:
		co.EndpointMode = credimds.EndpointModeIPv6
	default:
		return co, invalidOption("EndpointMode %d: want EndpointModeStateUnset, EndpointModeStateIPv4 or EndpointModeStateIPv6",
			o.EndpointMode)
	}

	var hideEnv, hideShared []string
	switch o.ClientEnableState {
	case ClientDefaultEnableState:
	case ClientDisabled:
		co.Disabled = true
	case ClientEnabled:
		hideEnv = append(hideEnv, credimds.EnvDisabled)
	default:
		return co, invalidOption("ClientEnableState %d: want ClientDefaultEnableState, ClientDisabled or ClientEnabled",
			o.ClientEnableState)
	}
	switch o.EnableFallback {
	case aws.UnknownTernary:
	case aws.FalseTernary:
		co.DisableV1Fallback = true
	case aws.TrueTernary:
		hideEnv = append(hideEnv, credimds.EnvV1Disabled)
		hideShared = append(hideShared, credimds.ConfigV1Disabled)
	default:
		return co, invalidOption("EnableFallback %d: want aws.UnknownTernary, aws.FalseTernary or aws.TrueTernary",
			int(o.EnableFallback))
	}
	if len(hideEnv) > 0 {
		co.Getenv = hiding(os.Getenv, hideEnv)
	}
	if len(hideShared) > 0 && co.SharedConfig != nil {
		co.SharedConfig = hiding(co.SharedConfig, hideShared)
	}
	return co, nil
}

// invalidOption returns the error of an invalid Options field.
func invalidOption(format string, args ...any) error {
	return &credimds.Error{Kind: credimds.KindConfig, Err: fmt.Errorf("Options."+format, args...)}
}

// hiding returns a lookup that answers "" for the keys and defers to get
// for the others.
func hiding(get func(string) string, keys []string) func(string) string {
	return func(k string) string {
		for _, h := range keys {
			if k == h {
				return ""
			}
		}
		return get(k)
	}
}

// sameIMDS reports whether a and b configure the same credentials/imds
// client, so that a call whose options changed neither can share the
// client's session token.
func sameIMDS(a, b *Options) bool {
	return a.Endpoint == b.Endpoint && a.EndpointMode == b.EndpointMode &&
		a.ClientEnableState == b.ClientEnableState && a.EnableFallback == b.EnableFallback &&
		a.TokenTTL == b.TokenTTL && a.ClientLogMode == b.ClientLogMode &&
		client.SameValue(a.HTTPClient, b.HTTPClient) && client.SameValue(a.Logger, b.Logger)
}
