package config

import (
	"context"
	"errors"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/nimbus-sdk/nimbus/config/aws"
	"github.com/nimbus-sdk/nimbus/credentials/imds"
	"github.com/nimbus-sdk/nimbus/internal/client"
	"github.com/nimbus-sdk/nimbus/middleware/checksum"
	"github.com/nimbus-sdk/nimbus/middleware/retry"
)

// optionSettings turns the explicit LoadOptions into the top layer.
func optionSettings(o *LoadOptions) settings {
	var s settings
	set := func(dst *setting, v, name string) {
		if v != "" {
			*dst = setting{value: v, source: "LoadOptions." + name}
		}
	}
	set(&s.region, o.Region, "Region")
	set(&s.retryMode, string(o.RetryMode), "RetryMode")
	if o.RetryMaxAttempts != 0 {
		set(&s.maxAttempts, strconv.Itoa(o.RetryMaxAttempts), "RetryMaxAttempts")
	}
	set(&s.appID, o.AppID, "AppID")
	set(&s.endpointURL, o.BaseEndpoint, "BaseEndpoint")
	set(&s.accountIDMode, string(o.AccountIDEndpointMode), "AccountIDEndpointMode")
	if o.AttemptTimeout != 0 {
		set(&s.attemptTimeout, o.AttemptTimeout.String(), "AttemptTimeout")
	}
	if o.DisableRequestCompression {
		set(&s.disableCompress, "true", "DisableRequestCompression")
	}
	switch n := o.RequestMinCompressSizeBytes; {
	case n < 0: // no minimum, the setting's 0
		set(&s.minCompressSize, "0", "RequestMinCompressSizeBytes")
	case n > 0:
		set(&s.minCompressSize, strconv.FormatInt(n, 10), "RequestMinCompressSizeBytes")
	}
	return s
}

// pick returns the setting f from the highest layer that sets it.
func (s *sources) pick(f field) setting {
	for i := range s.layers {
		if v := *f.get(&s.layers[i]); v.isSet() {
			return v
		}
	}
	return setting{}
}

// merge builds the Config: it picks every setting from the highest
// layer, validates it, and resolves credentials and the HTTP client. All
// validation errors are returned together.
func (s *sources) merge(ctx context.Context) (Config, error) {
	cfg := Config{
		Logger:       s.opts.Logger,
		Retryer:      s.opts.Retryer,
		AuthSchemes:  slices.Clone(s.opts.AuthSchemes),
		HTTPSignerV4: s.opts.HTTPSignerV4,

		MaxResponseBytes:     s.opts.MaxResponseBytes,
		DisableUnsafeRetries: s.opts.DisableUnsafeRetries,
		ClientLogMode:        s.opts.ClientLogMode,
		TracerProvider:       s.opts.TracerProvider,
		MeterProvider:        s.opts.MeterProvider,
		APIOptions:           slices.Clone(s.opts.APIOptions),
	}
	if s.profile.found {
		cfg.Profile = s.profile.name
	}
	cfg.EC2IMDS = s.ec2IMDS()
	errs := s.mergeSettings(&cfg)
	check := func(err error) {
		if err != nil {
			errs = append(errs, err)
		}
	}
	check(s.mergeEndpoints(&cfg))

	var err error

	if s.opts.HTTPClient != nil {
		cfg.HTTPClient = s.opts.HTTPClient
	} else if v := s.pick(fCABundle); v.isSet() {
		cfg.HTTPClient, err = caBundleClient(v, s.home)
		check(err)
	}

	if s.opts.Credentials != nil {
		cfg.Credentials = s.opts.Credentials
	} else {
		cfg.Credentials, err = s.resolveCredentials(ctx)
		check(err)
	}

	if len(errs) > 0 {
		return Config{}, errors.Join(errs...)
	}
	return cfg, nil
}

// mergeSettings fills the plain settings of cfg and returns the
// validation errors.
// ec2IMDS returns the instance metadata keys of the loaded profile.
func (s *sources) ec2IMDS() EC2IMDSConfig {
	get := func(key string) string {
		v, _, _ := value(s.profile, key)
		return v
	}
	return EC2IMDSConfig{
		Endpoint:     get(imds.ConfigEndpoint),
		EndpointMode: get(imds.ConfigEndpointMode),
		V1Disabled:   get(imds.ConfigV1Disabled),
		Timeout:      get(imds.ConfigTimeout),
		NumAttempts:  get(imds.ConfigNumAttempts),
	}
}

func (s *sources) mergeSettings(cfg *Config) []error {
	var errs []error
	check := func(err error) {
		if err != nil {
			errs = append(errs, err)
		}
	}
	var err error

	cfg.Region = s.pick(fRegion).value
	cfg.AppID = s.pick(fAppID).value

	if v := s.pick(fRetryMode); v.isSet() {
		mode, err := parseEnum(v, fRetryMode.key, string(retry.ModeStandard), string(retry.ModeAdaptive), "legacy")
		if mode == "legacy" {
			// Nimbus has no legacy mode. The shared file is also read by
			// the AWS CLI, whose default is legacy, so accept it as the
			// closest behaviour instead of failing.
			mode = "standard"
		}
		cfg.RetryMode = retry.Mode(mode)
		check(err)
	}
	if v := s.pick(fMaxAttempts); v.isSet() {
		n, err := strconv.Atoi(v.value)
		if err != nil || n < 1 {
			check(invalid(v, fMaxAttempts.key, "must be a positive integer"))
		}
		cfg.RetryMaxAttempts = n
	}
	if v := s.pick(fNewRetries); v.isSet() {
		newRetries, err := parseBool(v, fNewRetries.key)
		cfg.RetryPre2026Defaults = err == nil && !newRetries
		check(err)
	}
	if v := s.pick(fAuthPreference); v.isSet() {
		cfg.AuthSchemePreference = splitList(v.value)
	}
	if v := s.pick(fSigV4ARegionSet); v.isSet() {
		cfg.SigV4aSigningRegionSet = splitList(v.value)
	}
	cfg.BearerTokens = s.bearerTokens()
	if v := s.pick(fAttemptTimeout); v.isSet() {
		d, err := time.ParseDuration(v.value)
		if err != nil || d < 0 {
			check(invalid(v, fAttemptTimeout.key, `must be a non-negative duration such as "30s" or "2m"`))
		}
		cfg.AttemptTimeout = d
	}
	if v := s.pick(fDisableCompress); v.isSet() {
		cfg.DisableRequestCompression, err = parseBool(v, fDisableCompress.key)
		check(err)
	}
	if v := s.pick(fMinCompressSize); v.isSet() {
		cfg.RequestMinCompressSizeBytes, err = parseMinCompressSize(v)
		check(err)
	}
	// As in aws-sdk-go-v2, a Config routes by account unless told not to.
	cfg.AccountIDEndpointMode = aws.AccountIDEndpointModePreferred
	if v := s.pick(fAccountIDMode); v.isSet() {
		mode, err := parseEnum(v, fAccountIDMode.key, string(aws.AccountIDEndpointModePreferred),
			string(aws.AccountIDEndpointModeRequired), string(aws.AccountIDEndpointModeDisabled))
		if err == nil {
			cfg.AccountIDEndpointMode = aws.AccountIDEndpointMode(mode)
		}
		check(err)
	}
	if v := s.pick(fRequestChecksum); v.isSet() {
		mode, err := parseEnum(v, fRequestChecksum.key, string(checksum.CalculateWhenSupported), string(checksum.CalculateWhenRequired))
		cfg.RequestChecksumCalculation = checksum.RequestCalculation(mode)
		check(err)
	}
	if v := s.pick(fResponseChecksum); v.isSet() {
		mode, err := parseEnum(v, fResponseChecksum.key, string(checksum.ValidateWhenSupported), string(checksum.ValidateWhenRequired))
		cfg.ResponseChecksumValidation = checksum.ResponseValidation(mode)
		check(err)
	}
	for _, b := range []struct {
		f   field
		dst *bool
	}{
		{fUseFIPS, &cfg.UseFIPSEndpoint},
		{fUseDualStack, &cfg.UseDualStackEndpoint},
		{fS3Accelerate, &cfg.S3.UseAccelerate},
		{fS3UseARNRegion, &cfg.S3.UseARNRegion},
		{fS3DisableMRAP, &cfg.S3.DisableMultiRegionAccessPoints},
		{fS3Compatible, &cfg.S3.CompatibleMode},
	} {
		if v := s.pick(b.f); v.isSet() {
			*b.dst, err = parseBool(v, b.f.key)
			check(err)
		}
	}
	if v := s.pick(fS3Addressing); v.isSet() {
		style, err := parseEnum(v, fS3Addressing.key, "path", "virtual", "auto")
		cfg.S3.UsePathStyle = style == "path"
		check(err)
	}

	return errs
}

// mergeEndpoints fills BaseEndpoint and ServiceEndpoints. The documented
// precedence for one service is AWS_ENDPOINT_URL_<SERVICE>, then
// AWS_ENDPOINT_URL, then the profile's services section, then the
// profile's endpoint_url. Because Config.ServiceEndpoints always beats
// BaseEndpoint, the profile's per-service URLs are dropped when
// AWS_ENDPOINT_URL is set.
func (s *sources) mergeEndpoints(cfg *Config) error {
	if v := s.pick(fIgnoreEndpoints); v.isSet() {
		ignore, err := parseBool(v, fIgnoreEndpoints.key)
		if err != nil || ignore {
			return err
		}
	}
	var errs []error
	if v := s.pick(fEndpointURL); v.isSet() {
		cfg.BaseEndpoint = v.value
		errs = append(errs, validateEndpoint(v, fEndpointURL.key))
	}
	add := func(m map[string]setting) {
		for svc, v := range m {
			if _, ok := cfg.ServiceEndpoints[svc]; ok {
				continue
			}
			if cfg.ServiceEndpoints == nil {
				cfg.ServiceEndpoints = map[string]string{}
			}
			cfg.ServiceEndpoints[svc] = v.value
			errs = append(errs, validateEndpoint(v, svc+".endpoint_url"))
		}
	}
	add(s.layers[layerEnv].serviceEndpoints)
	if !s.layers[layerEnv].endpointURL.isSet() {
		add(s.layers[layerProfile].serviceEndpoints)
	}
	return errors.Join(errs...)
}

func invalid(v setting, key, reason string) *ValidationError {
	return &ValidationError{Source: v.source, Key: key, Value: v.value, Reason: reason}
}

// parseEnum returns v's value in lower case if it is one of allowed
// (compared case-insensitively).
func parseEnum(v setting, key string, allowed ...string) (string, error) {
	lv := strings.ToLower(v.value)
	if slices.Contains(allowed, lv) {
		return lv, nil
	}
	return "", invalid(v, key, "must be one of "+strings.Join(allowed, ", "))
}

// parseBool accepts "true" and "false" in any case.
func parseBool(v setting, key string) (bool, error) {
	switch strings.ToLower(v.value) {
	case "true":
		return true, nil
	case "false":
		return false, nil
	}
	return false, invalid(v, key, "must be true or false")
}

// parseMinCompressSize parses request_min_compression_size_bytes, an
// integer from 0 to 10485760, into Config.RequestMinCompressSizeBytes,
// where 0 (no minimum) is negative, since zero there means the default.
func parseMinCompressSize(v setting) (int64, error) {
	n, err := strconv.ParseInt(v.value, 10, 64)
	if err != nil || n < 0 || n > client.MaxRequestMinCompressSizeBytes {
		return 0, invalid(v, fMinCompressSize.key, "must be an integer from 0 to "+strconv.Itoa(client.MaxRequestMinCompressSizeBytes))
	}
	if n == 0 {
		return -1, nil
	}
	return n, nil
}

// validateEndpoint checks that v is an absolute http or https URL. The
// value is not echoed in the error since a URL may carry a password.
func validateEndpoint(v setting, key string) error {
	u, err := url.Parse(v.value)
	if err == nil && (u.Scheme == "http" || u.Scheme == "https") && u.Host != "" {
		return nil
	}
	return &ValidationError{Source: v.source, Key: key, Reason: "must be an absolute http or https URL"}
}

// bearerTokenPrefix starts the environment variables that hold a
// service's bearer token: AWS_BEARER_TOKEN_<SIGNING NAME>, as in
// AWS_BEARER_TOKEN_BEDROCK.
const bearerTokenPrefix = "AWS_BEARER_TOKEN_"

// wellKnownBearer are the services whose bearer-token variable is probed
// through Getenv even when the environment cannot be listed.
var wellKnownBearer = []string{"BEDROCK"}

// bearerTokens returns the bearer tokens of the environment by service.
func (s *sources) bearerTokens() map[string]string {
	var out map[string]string
	add := func(svc string) {
		if v := strings.TrimSpace(s.getenv(bearerTokenPrefix + svc)); v != "" && svc != "" {
			if out == nil {
				out = map[string]string{}
			}
			out[svc] = v
		}
	}
	for _, svc := range wellKnownBearer {
		add(svc)
	}
	for _, name := range s.envNames {
		if svc, ok := strings.CutPrefix(name, bearerTokenPrefix); ok {
			add(svc)
		}
	}
	return out
}

// splitList splits a comma-separated setting, ignoring spaces and tabs
// between names, as the AWS SDKs specify, and empty names.
func splitList(v string) []string {
	var out []string
	for _, name := range strings.Split(v, ",") {
		if name = strings.Join(strings.Fields(name), ""); name != "" {
			out = append(out, name)
		}
	}
	return out
}
