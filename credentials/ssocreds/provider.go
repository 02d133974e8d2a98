package ssocreds

import (
	"context"
	"errors"
	"github.com/aws/smithy-go/metrics"
	"github.com/aws/smithy-go/tracing"
	"io/fs"
	"os"
	"sync"
	"time"

	"github.com/nimbus-sdk/nimbus/credentials"
	"github.com/nimbus-sdk/nimbus/internal/service/sso"
	ssotypes "github.com/nimbus-sdk/nimbus/internal/service/sso/types"
	"github.com/nimbus-sdk/nimbus/internal/service/ssooidc"
	transporthttp "github.com/nimbus-sdk/nimbus/transport/http"
)

// Source is the [credentials.Credentials.Source] of credentials returned
// by a [Provider].
const Source = "SSOProvider"

// RefreshWindow is how long before its expiry a refreshable access token
// is refreshed. A token that cannot be refreshed is used until it expires.
const RefreshWindow = 5 * time.Minute

// Options configures a [Provider]. AccountID, RoleName, Region and one of
// SessionName, StartURL and CachePath are required.
type Options struct {
	// AccountID is the AWS account of the role (sso_account_id).
	AccountID string

	// RoleName is the permission set to get credentials for
	// (sso_role_name).
	RoleName string

	// Region is the Region of the IAM Identity Center instance
	// (sso_region): the SSO and SSO-OIDC endpoints are in it.
	Region string

	// SessionName is the name of the profile's [sso-session] section, the
	// key of its token cache file. Empty for a legacy profile, which
	// keys the cache by StartURL instead.
	SessionName string

	// StartURL is the AWS access portal URL (sso_start_url). It is the
	// cache key when SessionName is empty.
	StartURL string

	// CachePath is the token cache file. If empty, it is
	// [TokenCachePath](HomeDir, SessionName or StartURL).
	CachePath string

	// HomeDir is the home directory holding .aws/sso/cache. If empty,
	// os.UserHomeDir is used. Ignored when CachePath is set.
	HomeDir string

	// HTTPClient sends the SSO and SSO-OIDC requests. If nil, the default
	// client of the transport/http package is used.
	HTTPClient transporthttp.HTTPDoer

	// TracerProvider and MeterProvider, if set, trace and measure the
	// provider's own calls as a client's are (config.Load passes its own).
	TracerProvider tracing.TracerProvider
	MeterProvider  metrics.MeterProvider

	// SSOEndpoint overrides the SSO (access portal) endpoint, and
	// OIDCEndpoint the SSO-OIDC endpoint used to refresh tokens, for
	// example "http://127.0.0.1:8080". Empty means the regional endpoint.
	SSOEndpoint, OIDCEndpoint string

	// Now returns the current time. If nil, time.Now is used.
	Now func() time.Time
}

// Provider returns the credentials of an IAM Identity Center (SSO)
// permission set, using the access token that "aws sso login" cached.
//
// Each Retrieve reads the token cache; if the token expires within
// [RefreshWindow] and the cache holds a refresh token and a valid client
// registration, it refreshes the token with SSO-OIDC CreateToken and
// writes the cache back. It then calls SSO GetRoleCredentials. Wrap it in
// a [credentials.Cache]. It is safe for concurrent use; concurrent
// refreshes from one Provider are serialized.
type Provider struct {
	opts Options
	sso  *sso.Client
	oidc *ssooidc.Client

	mu sync.Mutex // serializes token reads, refreshes and writes
}

// New returns a Provider configured by o. Missing options are reported
// by Retrieve.
func New(o Options) *Provider {
	if o.Now == nil {
		o.Now = time.Now
	}
	return &Provider{
		opts: o,
		sso: sso.New(sso.Options{Region: o.Region, BaseEndpoint: o.SSOEndpoint, HTTPClient: o.HTTPClient,
			TracerProvider: o.TracerProvider, MeterProvider: o.MeterProvider}),
		oidc: ssooidc.New(ssooidc.Options{Region: o.Region, BaseEndpoint: o.OIDCEndpoint, HTTPClient: o.HTTPClient,
			TracerProvider: o.TracerProvider, MeterProvider: o.MeterProvider}),
	}
}

// Retrieve returns the role's credentials. It fails with an
// [*InvalidTokenError] when the user must sign in again, and with an
// [*Error] otherwise.
func (p *Provider) Retrieve(ctx context.Context) (credentials.Credentials, error) {
	o := &p.opts
	fail := func(op string, err error) (credentials.Credentials, error) {
		return credentials.Credentials{}, &Error{Op: op, AccountID: o.AccountID, RoleName: o.RoleName, Err: err}
	}
	switch {
	case o.AccountID == "":
		return fail("GetRoleCredentials", errors.New("AccountID is empty"))
	case o.RoleName == "":
		return fail("GetRoleCredentials", errors.New("RoleName is empty"))
	case o.Region == "":
		return fail("GetRoleCredentials", errors.New("Region is empty"))
	}
	path, err := p.cachePath()
	if err != nil {
		return fail("find token cache", err)
	}
	token, err := p.accessToken(ctx, path)
	if err != nil {
		return credentials.Credentials{}, err
	}

	out, err := p.sso.GetRoleCredentials(ctx, &sso.GetRoleCredentialsInput{
		AccountId:   &o.AccountID,
		RoleName:    &o.RoleName,
		AccessToken: &token,
	})
	if err != nil {
		var unauthorized *ssotypes.UnauthorizedException
		if errors.As(err, &unauthorized) {
			return credentials.Credentials{}, p.invalid(path, "the SSO service rejected the access token", err)
		}
		return fail("GetRoleCredentials", err)
	}
	rc := out.RoleCredentials
	if rc == nil || deref(rc.AccessKeyId) == "" || deref(rc.SecretAccessKey) == "" {
		return fail("GetRoleCredentials", errors.New("response has no credentials"))
	}
	c := credentials.Credentials{
		AccessKeyID:     *rc.AccessKeyId,
		SecretAccessKey: *rc.SecretAccessKey,
		SessionToken:    deref(rc.SessionToken),
		Source:          Source,
		AccountID:       o.AccountID,
	}
	if rc.Expiration != 0 {
		c.CanExpire, c.Expires = true, time.UnixMilli(rc.Expiration).UTC()
	}
	return c, nil
}

func (p *Provider) cachePath() (string, error) {
	o := &p.opts
	if o.CachePath != "" {
		return o.CachePath, nil
	}
	key := o.SessionName
	if key == "" {
		key = o.StartURL
	}
	if key == "" {
		return "", errors.New("none of SessionName, StartURL and CachePath is set")
	}
	home := o.HomeDir
	if home == "" {
		var err error
		if home, err = os.UserHomeDir(); err != nil {
			return "", err
		}
	}
	return TokenCachePath(home, key), nil
}

func (p *Provider) invalid(path, reason string, err error) *InvalidTokenError {
	return &InvalidTokenError{CachePath: path, SessionName: p.opts.SessionName, Reason: reason, Err: err}
}

// accessToken returns a valid access token from the cache at path,
// refreshing it first if it is about to expire and can be refreshed.
func (p *Provider) accessToken(ctx context.Context, path string) (string, error) {
	t, err := p.validToken(ctx, path)
	if err != nil {
		return "", err
	}
	return t.AccessToken, nil
}

// validToken returns the cached token at path, refreshed first if it is
// about to expire and can be refreshed.
func (p *Provider) validToken(ctx context.Context, path string) (*cachedToken, error) {
	p.mu.Lock()
	defer p.mu.Unlock()

	t, err := readToken(path)
	switch {
	case errors.Is(err, fs.ErrNotExist):
		return nil, p.invalid(path, "no cached token", nil)
	case err != nil:
		return nil, p.invalid(path, "unreadable token cache", err)
	case t.AccessToken == "":
		return nil, p.invalid(path, "no access token in the cache", nil)
	}
	now := p.opts.Now()
	if now.Add(RefreshWindow).Before(t.ExpiresAt) {
		return t, nil
	}
	if !t.canRefresh(now) {
		if now.Before(t.ExpiresAt) {
			return t, nil
		}
		return nil, p.invalid(path, "token expired at "+t.ExpiresAt.Format(time.RFC3339)+" and cannot be refreshed", nil)
	}
	if err := p.refresh(ctx, t, now); err != nil {
		if now.Before(t.ExpiresAt) {
			// Still valid for a while: use it, and retry the refresh
			// on the next Retrieve.
			return t, nil
		}
		return nil, p.invalid(path, "token expired and the refresh failed", err)
	}
	if err := writeToken(path, t); err != nil {
		return nil, &Error{Op: "write token cache", AccountID: p.opts.AccountID, RoleName: p.opts.RoleName, Err: err}
	}
	return t, nil
}

// refresh replaces t's access token (and refresh token, if a new one is
// issued) using SSO-OIDC CreateToken.
func (p *Provider) refresh(ctx context.Context, t *cachedToken, now time.Time) error {
	grant := "refresh_token"
	out, err := p.oidc.CreateToken(ctx, &ssooidc.CreateTokenInput{
		ClientId:     &t.ClientID,
		ClientSecret: &t.ClientSecret,
		GrantType:    &grant,
		RefreshToken: &t.RefreshToken,
	})
	if err != nil {
		return err
	}
	if deref(out.AccessToken) == "" || out.ExpiresIn <= 0 {
		return errors.New("CreateToken returned no access token")
	}
	t.AccessToken = *out.AccessToken
	t.ExpiresAt = now.Add(time.Duration(out.ExpiresIn) * time.Second).UTC()
	if rt := deref(out.RefreshToken); rt != "" {
		t.RefreshToken = rt
	}
	return nil
}

func deref(s *string) string {
	if s == nil {
		return ""
	}
	return *s
}
