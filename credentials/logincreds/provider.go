package logincreds

import (
	"context"
	"errors"
	"github.com/aws/smithy-go/metrics"
	"github.com/aws/smithy-go/tracing"
	"io/fs"
	"os"
	"time"

	"github.com/aws/smithy-go/middleware"

	"github.com/nimbus-sdk/nimbus/credentials"
	"github.com/nimbus-sdk/nimbus/internal/service/signin"
	"github.com/nimbus-sdk/nimbus/internal/service/signin/types"
	transporthttp "github.com/nimbus-sdk/nimbus/transport/http"
)

// Source is the [credentials.Credentials.Source] of credentials returned
// by a [Provider]; aws-sdk-go-v2's logincreds uses the same name.
const Source = "LoginProvider"

// RefreshWindow is how long before they expire the cached credentials
// are refreshed, as the AWS CLI and the other AWS SDKs do.
const RefreshWindow = 5 * time.Minute

// grantRefreshToken is the OAuth 2.0 grant of a refresh (RFC 6749 section 6).
const grantRefreshToken = "refresh_token"

// Options configures a [Provider]. Session is required; Region is
// required to refresh the credentials unless BaseEndpoint is set.
type Options struct {
	// Session is the profile's login_session: the identifier, usually an
	// ARN, of the console session "aws login" signed in to. Its SHA-256
	// names the token cache file (see [TokenCachePath]).
	Session string

	// Region is the Region of the AWS Sign-In endpoint that refreshes the
	// credentials (the profile's region, as for the AWS CLI). It is only
	// needed for a refresh.
	Region string

	// CacheDir is the directory of the token cache. If empty,
	// [DefaultCacheDir](HomeDir) is used. The config package sets it from
	// AWS_LOGIN_CACHE_DIRECTORY.
	CacheDir string

	// HomeDir is the home directory holding .aws/login/cache. If empty,
	// os.UserHomeDir is used. Ignored when CacheDir is set.
	HomeDir string

	// HTTPClient sends the Sign-In requests. If nil, the default client
	// of the transport/http package is used.
	HTTPClient transporthttp.HTTPDoer

	// TracerProvider and MeterProvider, if set, trace and measure the
	// provider's own calls as a client's are (config.Load passes its own).
	TracerProvider tracing.TracerProvider
	MeterProvider  metrics.MeterProvider

	// BaseEndpoint overrides the AWS Sign-In endpoint, for example
	// "http://127.0.0.1:8080". Empty means the regional endpoint,
	// https://<region>.signin.aws.amazon.com in the aws partition.
	BaseEndpoint string

	// Now returns the current time: for expiry, and for the iat claim of
	// DPoP proofs. If nil, time.Now is used.
	Now func() time.Time
}

// Provider returns the credentials of an AWS console session that
// "aws login" signed in to (a profile's login_session).
//
// Each Retrieve reads the token cache. Credentials that expire more than
// [RefreshWindow] from now are returned as cached; otherwise the provider
// refreshes them with AWS Sign-In's CreateOAuth2Token, proving possession
// of the session's key with a DPoP proof, and writes the new credentials
// and refresh token back to the cache. If a refresh fails while the
// cached credentials are still valid, those are returned and the next
// Retrieve tries again.
//
// A Provider is safe for concurrent use. It refreshes one token at a
// time: a Retrieve that finds a refresh under way waits for it (or for
// its ctx) and then reads the token it wrote, so concurrent callers cause
// one CreateOAuth2Token call. Wrap it in a [credentials.Cache], as the
// config package does, so that requests do not read the file each time.
type Provider struct {
	opts   Options
	client *signin.Client
	sem    chan struct{} // holds a token while the cache is read or refreshed
}

// New returns a Provider configured by o. Missing options are reported
// by Retrieve.
func New(o Options) *Provider {
	if o.Now == nil {
		o.Now = time.Now
	}
	return &Provider{
		opts: o,
		client: signin.New(signin.Options{
			Region:         o.Region,
			BaseEndpoint:   o.BaseEndpoint,
			HTTPClient:     o.HTTPClient,
			TracerProvider: o.TracerProvider,
			MeterProvider:  o.MeterProvider,
			APIOptions:     []func(*middleware.Stack) error{addDPoP(o.Now)},
		}),
		sem: make(chan struct{}, 1),
	}
}

// Retrieve returns the session's credentials, refreshed first if they
// expire within [RefreshWindow]. It fails with an [*InvalidTokenError]
// when the user must run "aws login" again, and with an [*Error]
// otherwise.
func (p *Provider) Retrieve(ctx context.Context) (credentials.Credentials, error) {
	if p.opts.Session == "" {
		return credentials.Credentials{}, &Error{Op: "find token cache", Err: errors.New("Options.Session is empty")}
	}
	path, err := p.cachePath()
	if err != nil {
		return credentials.Credentials{}, &Error{Op: "find token cache", Session: p.opts.Session, Err: err}
	}
	select {
	case p.sem <- struct{}{}:
		defer func() { <-p.sem }()
	case <-ctx.Done():
		return credentials.Credentials{}, ctx.Err()
	}

	t, err := readToken(path)
	var format *cacheFormatError
	switch {
	case errors.Is(err, fs.ErrNotExist):
		return credentials.Credentials{}, p.invalid(path, "no cached token", nil)
	case errors.As(err, &format):
		return credentials.Credentials{}, p.invalid(path, format.reason, nil)
	case err != nil:
		return credentials.Credentials{}, &Error{Op: "read token cache", Session: p.opts.Session, Err: err}
	}
	now := p.opts.Now()
	if now.Add(RefreshWindow).Before(t.AccessToken.expires) {
		return t.credentials(), nil
	}
	c, err := p.refresh(ctx, path, t, now)
	if err != nil {
		if now.Before(t.AccessToken.expires) {
			// Still valid for a while: use it, and refresh on the next
			// Retrieve.
			return t.credentials(), nil
		}
		return credentials.Credentials{}, err
	}
	return c, nil
}

func (p *Provider) cachePath() (string, error) {
	dir := p.opts.CacheDir
	if dir == "" {
		home := p.opts.HomeDir
		if home == "" {
			var err error
			if home, err = os.UserHomeDir(); err != nil {
				return "", err
			}
		}
		dir = DefaultCacheDir(home)
	}
	return TokenCachePath(dir, p.opts.Session), nil
}

func (p *Provider) invalid(path, reason string, err error) *InvalidTokenError {
	return &InvalidTokenError{Session: p.opts.Session, CachePath: path, Reason: reason, Err: err}
}

// refresh exchanges t's refresh token for new credentials at AWS Sign-In
// and writes them to the cache file at path.
func (p *Provider) refresh(ctx context.Context, path string, t *cachedToken, now time.Time) (credentials.Credentials, error) {
	fail := func(err error) (credentials.Credentials, error) {
		return credentials.Credentials{}, &Error{Op: "CreateOAuth2Token", Session: p.opts.Session, Err: err}
	}
	if p.opts.Region == "" && p.opts.BaseEndpoint == "" {
		return fail(errors.New("no Region for the AWS Sign-In endpoint: set the profile's region or AWS_REGION"))
	}
	signer, err := newDPoPSigner(t.DPoPKey)
	if err != nil {
		return credentials.Credentials{}, p.invalid(path, "the cached DPoP key is unusable", err)
	}
	grant := grantRefreshToken
	out, err := p.client.CreateOAuth2Token(context.WithValue(ctx, signerKey{}, signer), &signin.CreateOAuth2TokenInput{
		TokenInput: &types.CreateOAuth2TokenRequestBody{
			ClientId:     &t.ClientID,
			GrantType:    &grant,
			RefreshToken: &t.RefreshToken,
		},
	})
	if err != nil {
		return credentials.Credentials{}, p.refreshError(path, err)
	}
	c, refreshToken, lifetime, err := fromResponse(out)
	if err != nil {
		return fail(err)
	}
	t.update(c, refreshToken, now.Add(lifetime))
	if err := writeToken(path, t); err != nil {
		return credentials.Credentials{}, &Error{Op: "write token cache", Session: p.opts.Session, Err: err}
	}
	return t.credentials(), nil
}

// refreshError classifies a failed CreateOAuth2Token call: a refusal
// that signing in again fixes is an *InvalidTokenError, anything else
// (network, throttling, server errors, a missing permission) an *Error.
func (p *Provider) refreshError(path string, err error) error {
	var denied *types.AccessDeniedException
	if errors.As(err, &denied) {
		switch denied.Error_ {
		case types.OAuth2ErrorCodeTokenExpired:
			return p.invalid(path, "AWS Sign-In says the session has expired (TOKEN_EXPIRED)", err)
		case types.OAuth2ErrorCodeUserCredentialsChanged:
			return p.invalid(path, "the password changed after the session began (USER_CREDENTIALS_CHANGED)", err)
		case types.OAuth2ErrorCodeInsufficientPermissions:
			return &Error{Op: "CreateOAuth2Token", Session: p.opts.Session, Err: err,
				Reason: "the session's identity lacks permission for the signin:CreateOAuth2Token action (INSUFFICIENT_PERMISSIONS)"}
		}
	}
	var re *transporthttp.ResponseError
	if errors.As(err, &re) && re.ResponseError != nil {
		if s := re.HTTPStatusCode(); s == 400 || s == 401 {
			return p.invalid(path, "AWS Sign-In refused the cached refresh token", err)
		}
	}
	return &Error{Op: "CreateOAuth2Token", Session: p.opts.Session, Err: err}
}

// fromResponse checks a CreateOAuth2Token response and returns its
// credentials, refresh token and lifetime.
func fromResponse(out *signin.CreateOAuth2TokenOutput) (credentials.Credentials, string, time.Duration, error) {
	tok := out.TokenOutput
	if tok == nil || tok.AccessToken == nil {
		return credentials.Credentials{}, "", 0, errors.New("the response has no accessToken")
	}
	a := tok.AccessToken
	c := credentials.Credentials{AccessKeyID: deref(a.AccessKeyId), SecretAccessKey: deref(a.SecretAccessKey), SessionToken: deref(a.SessionToken)}
	switch {
	case !c.HasKeys() || c.SessionToken == "":
		return credentials.Credentials{}, "", 0, errors.New("the response's accessToken lacks a key or the session token")
	case deref(tok.RefreshToken) == "":
		return credentials.Credentials{}, "", 0, errors.New("the response has no refreshToken")
	case tok.ExpiresIn == nil || *tok.ExpiresIn <= 0:
		return credentials.Credentials{}, "", 0, errors.New("the response has no positive expiresIn")
	}
	return c, *tok.RefreshToken, time.Duration(*tok.ExpiresIn) * time.Second, nil
}

func deref(s *string) string {
	if s == nil {
		return ""
	}
	return *s
}
