package config

import (
	"sort"
	"strings"
)

// A setting is one raw value and where it came from. An unset setting
// has an empty source.
type setting struct {
	value  string
	source string // "env AWS_REGION", "LoadOptions.Region", "profile dev in /path"
}

func (s setting) isSet() bool { return s.source != "" }

// settings is one layer of raw, unvalidated values: the LoadOptions, the
// environment, or the shared-config profile. [sources.merge] picks each
// field from the first layer that sets it, then validates it.
type settings struct {
	region           setting
	retryMode        setting
	maxAttempts      setting
	newRetries       setting
	appID            setting
	requestChecksum  setting
	responseChecksum setting
	useFIPS          setting
	useDualStack     setting
	caBundle         setting
	endpointURL      setting
	ignoreEndpoints  setting
	attemptTimeout   setting
	authPreference   setting
	sigV4ARegionSet  setting
	disableCompress  setting
	minCompressSize  setting
	accountIDMode    setting

	s3AddressingStyle setting
	s3UseAccelerate   setting
	s3UseARNRegion    setting
	s3DisableMRAP     setting
	s3Compatible      setting

	// serviceEndpoints maps a service key ("s3", "cloudwatch_logs") to
	// its endpoint URL.
	serviceEndpoints map[string]setting
}

// A field names one settings field and the shared-config key it holds,
// which is also the key reported in a [ValidationError].
type field struct {
	key string
	get func(*settings) *setting
}

var (
	fRegion           = field{"region", func(s *settings) *setting { return &s.region }}
	fRetryMode        = field{"retry_mode", func(s *settings) *setting { return &s.retryMode }}
	fMaxAttempts      = field{"max_attempts", func(s *settings) *setting { return &s.maxAttempts }}
	fNewRetries       = field{"AWS_NEW_RETRIES_2026", func(s *settings) *setting { return &s.newRetries }} // environment only
	fAppID            = field{"sdk_ua_app_id", func(s *settings) *setting { return &s.appID }}
	fRequestChecksum  = field{"request_checksum_calculation", func(s *settings) *setting { return &s.requestChecksum }}
	fResponseChecksum = field{"response_checksum_validation", func(s *settings) *setting { return &s.responseChecksum }}
	fUseFIPS          = field{"use_fips_endpoint", func(s *settings) *setting { return &s.useFIPS }}
	fUseDualStack     = field{"use_dualstack_endpoint", func(s *settings) *setting { return &s.useDualStack }}
	fCABundle         = field{"ca_bundle", func(s *settings) *setting { return &s.caBundle }}
	fEndpointURL      = field{"endpoint_url", func(s *settings) *setting { return &s.endpointURL }}
	fIgnoreEndpoints  = field{"ignore_configured_endpoint_urls", func(s *settings) *setting { return &s.ignoreEndpoints }}
	fS3Addressing     = field{"s3.addressing_style", func(s *settings) *setting { return &s.s3AddressingStyle }}
	fS3Accelerate     = field{"s3.use_accelerate_endpoint", func(s *settings) *setting { return &s.s3UseAccelerate }}
	fS3UseARNRegion   = field{"s3_use_arn_region", func(s *settings) *setting { return &s.s3UseARNRegion }}
	fS3DisableMRAP    = field{"s3_disable_multiregion_access_points", func(s *settings) *setting { return &s.s3DisableMRAP }}
	fS3Compatible     = field{"s3.compatible_mode", func(s *settings) *setting { return &s.s3Compatible }}
	fAttemptTimeout   = field{"attempt_timeout", func(s *settings) *setting { return &s.attemptTimeout }}
	fAuthPreference   = field{"auth_scheme_preference", func(s *settings) *setting { return &s.authPreference }}
	fSigV4ARegionSet  = field{"sigv4a_signing_region_set", func(s *settings) *setting { return &s.sigV4ARegionSet }}
	fDisableCompress  = field{"disable_request_compression", func(s *settings) *setting { return &s.disableCompress }}
	fMinCompressSize  = field{"request_min_compression_size_bytes", func(s *settings) *setting { return &s.minCompressSize }}
	fAccountIDMode    = field{"account_id_endpoint_mode", func(s *settings) *setting { return &s.accountIDMode }}
)

// envSettings lists the environment variables read into settings. When
// two variables fill one field, the first listed wins.
var envSettings = []struct {
	name  string
	field field
}{
	{"AWS_REGION", fRegion},
	{"AWS_DEFAULT_REGION", fRegion},
	{"AWS_RETRY_MODE", fRetryMode},
	{"AWS_MAX_ATTEMPTS", fMaxAttempts},
	{"AWS_NEW_RETRIES_2026", fNewRetries},
	{"AWS_SDK_UA_APP_ID", fAppID},
	{"AWS_REQUEST_CHECKSUM_CALCULATION", fRequestChecksum},
	{"AWS_RESPONSE_CHECKSUM_VALIDATION", fResponseChecksum},
	{"AWS_USE_FIPS_ENDPOINT", fUseFIPS},
	{"AWS_USE_DUALSTACK_ENDPOINT", fUseDualStack},
	{"AWS_CA_BUNDLE", fCABundle},
	{"AWS_ENDPOINT_URL", fEndpointURL},
	{"AWS_IGNORE_CONFIGURED_ENDPOINT_URLS", fIgnoreEndpoints},
	{"AWS_S3_USE_ARN_REGION", fS3UseARNRegion},
	{"AWS_S3_DISABLE_MULTIREGION_ACCESS_POINTS", fS3DisableMRAP},
	{"NIMBUS_S3_COMPATIBLE_MODE", fS3Compatible},
	{"NIMBUS_ATTEMPT_TIMEOUT", fAttemptTimeout},
	{"AWS_AUTH_SCHEME_PREFERENCE", fAuthPreference},
	{"AWS_SIGV4A_SIGNING_REGION_SET", fSigV4ARegionSet},
	{"AWS_DISABLE_REQUEST_COMPRESSION", fDisableCompress},
	{"AWS_REQUEST_MIN_COMPRESSION_SIZE_BYTES", fMinCompressSize},
	{"AWS_ACCOUNT_ID_ENDPOINT_MODE", fAccountIDMode},
}

// The environment variables that are not plain settings.
const (
	envProfile            = "AWS_PROFILE"
	envDefaultProfile     = "AWS_DEFAULT_PROFILE"
	envConfigFile         = "AWS_CONFIG_FILE"
	envCredentialsFile    = "AWS_SHARED_CREDENTIALS_FILE"
	envAccessKeyID        = "AWS_ACCESS_KEY_ID"
	envSecretAccessKey    = "AWS_SECRET_ACCESS_KEY"
	envSessionToken       = "AWS_SESSION_TOKEN"
	envAccountID          = "AWS_ACCOUNT_ID"
	envRoleARN            = "AWS_ROLE_ARN"
	envWebIdentityToken   = "AWS_WEB_IDENTITY_TOKEN_FILE"
	envServiceEndpointPfx = "AWS_ENDPOINT_URL_"
)

// wellKnownServices are the <SERVICE> suffixes of AWS_ENDPOINT_URL_<SERVICE>
// always probed through Getenv, so that they are found even when the
// environment cannot be listed (see [LoadOptions.Environ]).
var wellKnownServices = []string{
	"S3", "DYNAMODB", "STS", "SSO", "SSO_OIDC", "SIGNIN", "SQS", "SNS", "KMS",
	"SECRETS_MANAGER", "SSM", "CLOUDWATCH", "CLOUDWATCH_LOGS", "EVENTBRIDGE",
	"LAMBDA", "IAM", "EC2",
}

// profileSettings lists the top-level profile keys read into settings.
// When two keys fill one field, the first listed wins.
var profileSettings = []field{
	fRegion, fRetryMode, fMaxAttempts, fAppID, fRequestChecksum,
	fResponseChecksum, fUseFIPS, fUseDualStack, fCABundle, fEndpointURL,
	fIgnoreEndpoints, fS3UseARNRegion, fS3DisableMRAP, fAttemptTimeout, fAuthPreference,
	fSigV4ARegionSet, fDisableCompress, fMinCompressSize, fAccountIDMode,
}

// s3SubSettings lists the sub-properties of the profile's "s3" key.
var s3SubSettings = []struct {
	key   string
	field field
}{
	{"addressing_style", fS3Addressing},
	{"use_accelerate_endpoint", fS3Accelerate},
	{"use_arn_region", fS3UseARNRegion},
	{"disable_multiregion_access_points", fS3DisableMRAP},
	{"compatible_mode", fS3Compatible},
}

// readEnv reads the environment layer. names lists the variables present
// in the environment, used to discover AWS_ENDPOINT_URL_<SERVICE>.
func readEnv(getenv func(string) string, names []string) settings {
	var s settings
	for _, e := range envSettings {
		if p := e.field.get(&s); !p.isSet() {
			if v := strings.TrimSpace(getenv(e.name)); v != "" {
				*p = setting{value: v, source: "env " + e.name}
			}
		}
	}
	candidates := map[string]bool{}
	for _, svc := range wellKnownServices {
		candidates[envServiceEndpointPfx+svc] = true
	}
	for _, n := range names {
		if strings.HasPrefix(n, envServiceEndpointPfx) && len(n) > len(envServiceEndpointPfx) {
			candidates[n] = true
		}
	}
	keys := make([]string, 0, len(candidates))
	for n := range candidates {
		keys = append(keys, n)
	}
	sort.Strings(keys)
	for _, n := range keys {
		if v := strings.TrimSpace(getenv(n)); v != "" {
			if s.serviceEndpoints == nil {
				s.serviceEndpoints = map[string]setting{}
			}
			svc := strings.ToLower(strings.TrimPrefix(n, envServiceEndpointPfx))
			s.serviceEndpoints[svc] = setting{value: v, source: "env " + n}
		}
	}
	return s
}

// envNames returns the names of the variables in environ, a list of
// "KEY=value" strings as returned by os.Environ.
func envNames(environ []string) []string {
	names := make([]string, 0, len(environ))
	for _, kv := range environ {
		if k, _, ok := strings.Cut(kv, "="); ok && k != "" {
			names = append(names, k)
		}
	}
	return names
}
