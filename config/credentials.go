package config

import (
	"context"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/nimbus-sdk/nimbus/credentials"
	"github.com/nimbus-sdk/nimbus/credentials/container"
	"github.com/nimbus-sdk/nimbus/credentials/imds"
	"github.com/nimbus-sdk/nimbus/credentials/logincreds"
	"github.com/nimbus-sdk/nimbus/credentials/process"
	"github.com/nimbus-sdk/nimbus/credentials/ssocreds"
	"github.com/nimbus-sdk/nimbus/credentials/stscreds"
)

// credentialProfileKeys are the profile keys that select a credential
// source other than static keys and credential_process; doc.go describes
// each of them.
var credentialProfileKeys = []string{
	"role_arn", "source_profile", "credential_source", "external_id",
	"mfa_serial", "duration_seconds", "role_session_name",
	"web_identity_token_file",
	"sso_session", "sso_start_url", "sso_region", "sso_account_id", "sso_role_name",
	"login_session",
}

// envRoleSessionName names the web identity session, with
// AWS_WEB_IDENTITY_TOKEN_FILE and AWS_ROLE_ARN.
const envRoleSessionName = "AWS_ROLE_SESSION_NAME"

// envLoginCacheDir overrides the directory of the "aws login" token
// cache, ~/.aws/login/cache.
const envLoginCacheDir = "AWS_LOGIN_CACHE_DIRECTORY"

// The credential_source values the AWS CLI accepts.
const (
	sourceEnvironment = "Environment"
	sourceIMDS        = "Ec2InstanceMetadata"
	sourceContainer   = "EcsContainer"
)

// remoteCacheOptions configure the credentials.Cache around every provider
// that calls a service: refresh 4 to 5 minutes before expiry.
func remoteCacheOptions(o *credentials.CacheOptions) {
	o.ExpiryWindow = 5 * time.Minute
	o.ExpiryWindowJitterFrac = 0.2
}

func cached(p credentials.Provider) credentials.Provider {
	return credentials.NewCache(p, remoteCacheOptions)
}

// skipMachineCredentials leaves the container and IMDS providers out of
// the end of the chain. Only this package's tests set it, so that no test
// reaches the metadata endpoints of the machine it runs on.
var skipMachineCredentials bool

// resolveCredentials runs the default credential chain, in the order the
// AWS CLI documents:
//
//  1. AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY (and AWS_SESSION_TOKEN),
//     unless LoadOptions.Profile is set;
//  2. assume role: the profile's role_arn with source_profile or
//     credential_source;
//  3. web identity: AWS_WEB_IDENTITY_TOKEN_FILE and AWS_ROLE_ARN, or the
//     profile's web_identity_token_file and role_arn;
//  4. IAM Identity Center: the profile's sso_session (or legacy
//     sso_start_url), sso_account_id and sso_role_name;
//  5. static keys of the profile in the credentials file;
//  6. the profile's login_session ("aws login");
//  7. the profile's credential_process;
//  8. static keys of the profile in the config file;
//  9. container credentials, if AWS_CONTAINER_CREDENTIALS_* is set;
//  10. IMDS, unless AWS_EC2_METADATA_DISABLED is true.
//
// Every provider that calls a service or a command is wrapped in a
// credentials.Cache. Configuration errors are reported here, by Load;
// service errors only when credentials are retrieved.
func (s *sources) resolveCredentials(context.Context) (credentials.Provider, error) {
	// A profile chosen in code, like the AWS CLI's --profile, is meant to
	// supply the credentials: the environment's keys are then only used
	// through credential_source = Environment. A profile chosen with
	// AWS_PROFILE does not hide them, as in the AWS CLI.
	var tried []credentials.SourceResult
	if s.opts.Profile == "" {
		if p, err := s.envKeys(); p != nil || err != nil {
			return p, err
		}
		tried = append(tried, credentials.SourceResult{Source: "environment", Reason: "AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY are not set"})
	} else {
		tried = append(tried, credentials.SourceResult{Source: "environment", Reason: "not used, since LoadOptions.Profile is set"})
	}
	r := newCredResolver(s)
	p, err := r.fromProfile(s.profile, nil, true)
	if p != nil || err != nil {
		return p, err
	}
	tried = append(tried, s.profileResult())
	if skipMachineCredentials {
		return &noCredentials{err: &credentials.NoCredentialsError{Sources: tried}}, nil
	}
	if p := r.containerProvider(false); p != nil {
		return p, nil
	}
	tried = append(tried, credentials.SourceResult{Source: "container", Reason: "AWS_CONTAINER_CREDENTIALS_RELATIVE_URI and AWS_CONTAINER_CREDENTIALS_FULL_URI are not set"})
	if imds.Disabled(s.getenv) {
		tried = append(tried, credentials.SourceResult{Source: "EC2 instance metadata", Reason: "disabled by AWS_EC2_METADATA_DISABLED"})
		return &noCredentials{err: &credentials.NoCredentialsError{Sources: tried}}, nil
	}
	return &lastResort{tried: tried, imds: r.imdsProvider()}, nil
}

// profileResult says why the loaded profile gave no credentials.
func (s *sources) profileResult() credentials.SourceResult {
	src := fmt.Sprintf("shared config profile %q", s.profile.name)
	var paths []string
	for _, f := range s.files {
		if f.file != nil {
			paths = append(paths, f.path)
		}
	}
	where := "no shared config or credentials file was found"
	if len(paths) > 0 {
		where = "in " + strings.Join(paths, ", ")
	}
	if !s.profile.found {
		return credentials.SourceResult{Source: src, Reason: "not found " + where}
	}
	return credentials.SourceResult{Source: src, Reason: "has no aws_access_key_id, role_arn, web_identity_token_file, sso_session, sso_start_url, login_session or credential_process " + where +
		" (and AWS_WEB_IDENTITY_TOKEN_FILE is not set)"}
}

// noCredentials is the provider of a chain that found no source: every
// Retrieve returns the chain's *credentials.NoCredentialsError, so calls
// fail before sending instead of going out unsigned.
type noCredentials struct {
	err *credentials.NoCredentialsError
}

func (p *noCredentials) Retrieve(context.Context) (credentials.Credentials, error) {
	return credentials.Credentials{}, p.err
}

// lastResort is the end of a chain whose other sources gave nothing: the
// EC2 instance metadata service. When it fails too, the error names every
// source tried.
type lastResort struct {
	tried []credentials.SourceResult
	imds  credentials.Provider
}

func (p *lastResort) Retrieve(ctx context.Context) (credentials.Credentials, error) {
	creds, err := p.imds.Retrieve(ctx)
	if err == nil {
		return creds, nil
	}
	sources := append(slices.Clip(p.tried), credentials.SourceResult{Source: "EC2 instance metadata", Err: err})
	return credentials.Credentials{}, &credentials.NoCredentialsError{Sources: sources}
}

// envKeys returns the static provider of the environment's keys, nil if
// there are none, or a [PartialCredentialsError].
func (s *sources) envKeys() (credentials.Provider, error) {
	id, secret := strings.TrimSpace(s.getenv(envAccessKeyID)), strings.TrimSpace(s.getenv(envSecretAccessKey))
	switch {
	case id != "" && secret != "":
		p := credentials.NewStaticProvider(id, secret, strings.TrimSpace(s.getenv(envSessionToken)))
		p.Value.Source = "EnvProvider"
		p.Value.AccountID = strings.TrimSpace(s.getenv(envAccountID))
		return p, nil
	case id != "":
		return nil, &PartialCredentialsError{Source: "env", Missing: envSecretAccessKey}
	case secret != "":
		return nil, &PartialCredentialsError{Source: "env", Missing: envAccessKeyID}
	}
	return nil, nil
}

// A credResolver builds the providers of profiles. It holds what every
// remote provider shares: the region, HTTP client and endpoints.
type credResolver struct {
	s          *sources
	region     string
	httpClient HTTPClient
	endpoints  Config // only BaseEndpoint and ServiceEndpoints are set
}

func newCredResolver(s *sources) *credResolver {
	r := &credResolver{s: s, region: s.pick(fRegion).value}
	// merge computes the same client and endpoints for the Config and
	// reports their errors; here they are only reused.
	if s.opts.HTTPClient != nil {
		r.httpClient = s.opts.HTTPClient
	} else if v := s.pick(fCABundle); v.isSet() {
		r.httpClient, _ = caBundleClient(v, s.home)
	}
	_ = s.mergeEndpoints(&r.endpoints)
	return r
}

// endpoint returns the configured endpoint of service key svc ("sts",
// "sso", "sso_oidc"), or "" for the service's regional endpoint.
func (r *credResolver) endpoint(svc string) string {
	if u, ok := r.endpoints.ServiceEndpoints[svc]; ok {
		return u
	}
	return r.endpoints.BaseEndpoint
}

// value returns the trimmed value of key in p and where it is from.
func value(p *profile, key string) (string, profileValue, bool) {
	v, ok := p.values[key]
	if !ok || v.Sub != nil {
		return "", v, false
	}
	t := strings.TrimSpace(v.Text)
	return t, v, t != ""
}

func hasStaticKeys(p *profile) bool {
	_, _, id := value(p, "aws_access_key_id")
	_, _, secret := value(p, "aws_secret_access_key")
	return id || secret
}

// fromProfile resolves the credentials of profile p: assume role, web
// identity, SSO, static keys of the credentials file, login_session,
// credential_process and static keys of the config file, in that order,
// which is botocore's (the AWS CLI's) ProfileProviderBuilder order. top
// is true for the loaded profile, false for a source_profile; a source
// profile with static keys uses them even if it also has role_arn, and
// does not read the environment. chain lists the profiles whose role
// leads here.
func (r *credResolver) fromProfile(p *profile, chain []string, top bool) (credentials.Provider, error) {
	_, _, hasRole := value(p, "role_arn")
	_, _, hasWebToken := value(p, "web_identity_token_file")
	if hasRole && !hasWebToken && (top || !hasStaticKeys(p)) {
		return r.assumeRole(p, chain)
	}
	if prov, err := r.webIdentity(p, top); prov != nil || err != nil {
		return prov, err
	}
	if prov, err := r.sso(p); prov != nil || err != nil {
		return prov, err
	}
	if prov, err := staticProfileKeys(p.creds); prov != nil || err != nil {
		return prov, err
	}
	if prov := r.login(p); prov != nil {
		return prov, nil
	}
	if cmd, _, ok := value(p, "credential_process"); ok {
		// The AWS CLI splits the command into words, so continuation
		// lines are just more words; joining them with spaces keeps that
		// meaning in a shell, where a newline would end the command.
		return credentials.NewCache(process.NewProvider(strings.ReplaceAll(cmd, "\n", " "))), nil
	}
	return staticProfileKeys(p.config)
}

// assumeRole returns the provider of p's role, whose source is
// source_profile or credential_source.
func (r *credResolver) assumeRole(p *profile, chain []string) (credentials.Provider, error) {
	chain = append(slices.Clip(chain), p.name)
	roleARN, roleVal, _ := value(p, "role_arn")
	srcName, srcVal, hasSrc := value(p, "source_profile")
	credSrc, credSrcVal, hasCredSrc := value(p, "credential_source")

	var source credentials.Provider
	var err error
	switch {
	case hasSrc && hasCredSrc:
		return nil, &ValidationError{Source: credSrcVal.source, Key: "credential_source", Value: credSrc, Reason: "cannot be combined with source_profile"}
	case hasCredSrc:
		source, err = r.credentialSource(credSrc, credSrcVal)
	case hasSrc:
		source, err = r.sourceProfile(p, srcName, srcVal, chain)
	default:
		return nil, &PartialCredentialsError{Source: roleVal.source, Missing: "source_profile or credential_source"}
	}
	if err != nil {
		return nil, err
	}

	o := stscreds.AssumeRoleOptions{
		RoleARN:           roleARN,
		SourceCredentials: source,
		Region:            r.region,
		BaseEndpoint:      r.endpoint("sts"),
		HTTPClient:        r.httpClient,
		TracerProvider:    r.s.opts.TracerProvider,
		MeterProvider:     r.s.opts.MeterProvider,
	}
	o.RoleSessionName, _, _ = value(p, "role_session_name")
	o.ExternalID, _, _ = value(p, "external_id")
	if d, v, ok := value(p, "duration_seconds"); ok {
		n, err := strconv.Atoi(d)
		if err != nil || n < 900 || n > 43200 {
			return nil, &ValidationError{Source: v.source, Key: "duration_seconds", Value: d, Reason: "must be a whole number of seconds from 900 to 43200"}
		}
		o.Duration = time.Duration(n) * time.Second
	}
	if serial, v, ok := value(p, "mfa_serial"); ok {
		if r.s.opts.MFATokenProvider == nil {
			return nil, &ValidationError{Source: v.source, Key: "mfa_serial", Reason: "the role requires MFA: set LoadOptions.MFATokenProvider"}
		}
		o.SerialNumber, o.TokenProvider = serial, r.s.opts.MFATokenProvider
	}
	return cached(stscreds.NewAssumeRoleProvider(o)), nil
}

// sourceProfile resolves the credentials of p's source_profile name.
// chain ends with p.
func (r *credResolver) sourceProfile(p *profile, name string, v profileValue, chain []string) (credentials.Provider, error) {
	src := p
	if name != p.name {
		var err error
		if src, err = loadProfile(name, r.s.files); err != nil {
			return nil, err
		}
		if !src.found {
			return nil, &ValidationError{Source: v.source, Key: "source_profile", Value: name, Reason: "no such profile in the shared files"}
		}
	}
	_, _, srcRole := value(src, "role_arn")
	_, _, srcWebToken := value(src, "web_identity_token_file")
	followsRole := srcRole && !srcWebToken && !hasStaticKeys(src)
	if followsRole && slices.Contains(chain, name) {
		return nil, &SourceProfileCycleError{Profiles: append(slices.Clip(chain), name)}
	}
	prov, err := r.fromProfile(src, chain, false)
	if err != nil || prov != nil {
		return prov, err
	}
	return nil, &ValidationError{Source: v.source, Key: "source_profile", Value: name, Reason: "the source profile has no credentials"}
}

// credentialSource returns the provider credential_source names.
func (r *credResolver) credentialSource(name string, v profileValue) (credentials.Provider, error) {
	switch name {
	case sourceEnvironment:
		p, err := r.s.envKeys()
		if p == nil && err == nil {
			err = &PartialCredentialsError{Source: "env", Missing: envAccessKeyID + " and " + envSecretAccessKey}
		}
		return p, err
	case sourceIMDS:
		return r.imdsProvider(), nil
	case sourceContainer:
		return r.containerProvider(true), nil
	}
	return nil, &ValidationError{Source: v.source, Key: "credential_source", Value: name,
		Reason: "must be one of " + sourceEnvironment + ", " + sourceIMDS + ", " + sourceContainer}
}

// webIdentity returns a web identity provider if a token file is
// configured. For the loaded profile each setting is read from the
// environment first, then from the profile, as the AWS CLI does.
func (r *credResolver) webIdentity(p *profile, top bool) (credentials.Provider, error) {
	get := func(env, key string) (val, source string) {
		if top {
			if v := strings.TrimSpace(r.s.getenv(env)); v != "" {
				return v, "env"
			}
		}
		v, pv, _ := value(p, key)
		return v, pv.source
	}
	tokenFile, tokenSource := get(envWebIdentityToken, "web_identity_token_file")
	if tokenFile == "" {
		return nil, nil
	}
	roleARN, _ := get(envRoleARN, "role_arn")
	if roleARN == "" {
		missing := "role_arn"
		if tokenSource == "env" {
			missing = envRoleARN
		}
		return nil, &PartialCredentialsError{Source: tokenSource, Missing: missing}
	}
	session, _ := get(envRoleSessionName, "role_session_name")
	return cached(stscreds.NewWebIdentityRoleProvider(stscreds.WebIdentityRoleOptions{
		RoleARN:         roleARN,
		RoleSessionName: session,
		TokenFile:       expandHome(tokenFile, r.s.home),
		Region:          r.region,
		BaseEndpoint:    r.endpoint("sts"),
		HTTPClient:      r.httpClient,
		TracerProvider:  r.s.opts.TracerProvider,
		MeterProvider:   r.s.opts.MeterProvider,
	})), nil
}

// sso returns an IAM Identity Center provider if p has SSO settings.
func (r *credResolver) sso(p *profile) (credentials.Provider, error) {
	session, sessionVal, hasSession := value(p, "sso_session")
	startURL, startVal, hasStart := value(p, "sso_start_url")
	region, regionVal, hasRegion := value(p, "sso_region")
	account, accountVal, hasAccount := value(p, "sso_account_id")
	role, roleVal, hasRole := value(p, "sso_role_name")
	if !hasSession && !hasStart && !hasAccount && !hasRole {
		return nil, nil
	}
	where := sessionVal.source
	for _, v := range []profileValue{startVal, accountVal, roleVal, regionVal} {
		if where == "" {
			where = v.source
		}
	}

	if hasSession {
		sec, src, found := r.ssoSession(session)
		if !found {
			return nil, &ValidationError{Source: sessionVal.source, Key: "sso_session", Value: session, Reason: "no [sso-session " + session + "] section in the config files"}
		}
		for _, k := range []struct {
			key  string
			dst  *string
			has  bool
			from profileValue
		}{{"sso_start_url", &startURL, hasStart, startVal}, {"sso_region", &region, hasRegion, regionVal}} {
			sv := strings.TrimSpace(sec[k.key])
			if k.has && sv != "" && sv != *k.dst {
				return nil, &ValidationError{Source: k.from.source, Key: k.key, Value: *k.dst, Reason: "differs from the value in [sso-session " + session + "]"}
			}
			if sv != "" {
				*k.dst = sv
			}
		}
		where = src
	}
	for _, m := range []struct{ key, val string }{
		{"sso_start_url", startURL}, {"sso_region", region}, {"sso_account_id", account}, {"sso_role_name", role},
	} {
		if m.val == "" {
			return nil, &PartialCredentialsError{Source: where, Missing: m.key}
		}
	}
	return cached(ssocreds.New(ssocreds.Options{
		AccountID:      account,
		RoleName:       role,
		Region:         region,
		SessionName:    session,
		StartURL:       startURL,
		HomeDir:        r.s.home,
		HTTPClient:     r.httpClient,
		SSOEndpoint:    r.endpoint("sso"),
		OIDCEndpoint:   r.endpoint("sso_oidc"),
		TracerProvider: r.s.opts.TracerProvider,
		MeterProvider:  r.s.opts.MeterProvider,
	})), nil
}

// login returns the provider of p's login_session, the console session
// "aws login" signed in to, or nil. Its token cache is in
// AWS_LOGIN_CACHE_DIRECTORY or ~/.aws/login/cache; a missing or expired
// cache is reported by Retrieve, as the AWS CLI reports it when it needs
// the credentials. The credentials are refreshed through AWS Sign-In in
// the loaded region, as the CLI does.
func (r *credResolver) login(p *profile) credentials.Provider {
	session, _, ok := value(p, "login_session")
	if !ok {
		return nil
	}
	var dir string // empty if there is no home: Retrieve reports it
	switch d := strings.TrimSpace(r.s.getenv(envLoginCacheDir)); {
	case d != "":
		dir = expandHome(d, r.s.home)
	case r.s.home != "":
		dir = logincreds.DefaultCacheDir(r.s.home)
	}
	return cached(logincreds.New(logincreds.Options{
		Session:        session,
		Region:         r.region,
		CacheDir:       dir,
		HTTPClient:     r.httpClient,
		BaseEndpoint:   r.endpoint("signin"),
		TracerProvider: r.s.opts.TracerProvider,
		MeterProvider:  r.s.opts.MeterProvider,
	}))
}

// ssoSession returns the keys of the [sso-session name] section, merged
// across the config files (later files win), and where it is from.
func (r *credResolver) ssoSession(name string) (map[string]string, string, bool) {
	keys := map[string]string{}
	var source string
	for _, f := range r.s.files {
		if f.creds {
			continue
		}
		sec := f.file.Section("sso-session", name)
		if sec == nil {
			continue
		}
		source = "sso-session " + name + " in " + f.path
		for _, k := range sec.Keys() {
			keys[k] = sec.String(k)
		}
	}
	return keys, source, source != ""
}

// imdsProvider returns the cached EC2 instance metadata provider, which
// reads its settings from the environment and the loaded profile.
func (r *credResolver) imdsProvider() credentials.Provider {
	return cached(imds.New(func(o *imds.Options) {
		o.Getenv = r.s.getenv
		o.SharedConfig = func(key string) string {
			v, _, _ := value(r.s.profile, key)
			return v
		}
		o.Logger = r.s.opts.Logger
	}))
}

// containerProvider returns the cached ECS/EKS container provider if the
// environment configures it, or always when required (credential_source
// = EcsContainer; an unconfigured provider then fails on Retrieve).
func (r *credResolver) containerProvider(required bool) credentials.Provider {
	if !required && !container.Configured(r.s.getenv) {
		return nil
	}
	return cached(container.New(func(o *container.Options) { o.Getenv = r.s.getenv }))
}

// staticProfileKeys returns a static provider for the keys in values, nil
// if there are none, or a [PartialCredentialsError].
func staticProfileKeys(values map[string]profileValue) (credentials.Provider, error) {
	id, hasID := values["aws_access_key_id"]
	secret, hasSecret := values["aws_secret_access_key"]
	hasID = hasID && strings.TrimSpace(id.Text) != ""
	hasSecret = hasSecret && strings.TrimSpace(secret.Text) != ""
	switch {
	case hasID && hasSecret:
		p := credentials.NewStaticProvider(id.Text, secret.Text, values["aws_session_token"].Text)
		p.Value.Source = "SharedConfigCredentials: " + id.path
		p.Value.AccountID = strings.TrimSpace(values["aws_account_id"].Text)
		return p, nil
	case hasID:
		return nil, &PartialCredentialsError{Source: id.source, Missing: "aws_secret_access_key"}
	case hasSecret:
		return nil, &PartialCredentialsError{Source: secret.source, Missing: "aws_access_key_id"}
	}
	return nil, nil
}
