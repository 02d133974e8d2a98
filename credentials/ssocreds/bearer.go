package ssocreds

import (
	"context"
	"errors"

	"github.com/aws/smithy-go/auth/bearer"
)

// TokenProvider returns the IAM Identity Center access token that "aws sso
// login" cached, as a bearer token for services that accept bearer
// authentication (a smithy-go bearer.TokenProvider, the type of the
// clients' BearerAuthTokenProvider option). Like [Provider] it refreshes
// a token about to expire with SSO-OIDC and writes the cache back. It is
// safe for concurrent use; wrap it in a bearer.TokenCache to avoid reading
// the cache file on every call.
type TokenProvider struct{ p *Provider }

// NewTokenProvider returns a TokenProvider for the token cache that o
// names: Region and one of SessionName, StartURL and CachePath are
// required; AccountID and RoleName are not used.
func NewTokenProvider(o Options) *TokenProvider {
	return &TokenProvider{p: New(o)}
}

// RetrieveBearerToken returns the cached access token and its expiry. It
// fails with an [*InvalidTokenError] when the user must sign in again.
func (t *TokenProvider) RetrieveBearerToken(ctx context.Context) (bearer.Token, error) {
	if t.p.opts.Region == "" {
		return bearer.Token{}, &Error{Op: "read token", Err: errors.New("Region is empty")}
	}
	path, err := t.p.cachePath()
	if err != nil {
		return bearer.Token{}, &Error{Op: "find token cache", Err: err}
	}
	tok, err := t.p.validToken(ctx, path)
	if err != nil {
		return bearer.Token{}, err
	}
	return bearer.Token{Value: tok.AccessToken, CanExpire: true, Expires: tok.ExpiresAt}, nil
}
