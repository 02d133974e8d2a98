package client

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"

	"github.com/aws/smithy-go"
	smithyauth "github.com/aws/smithy-go/auth"
	"github.com/aws/smithy-go/auth/bearer"
	"github.com/aws/smithy-go/middleware"
	smithyhttp "github.com/aws/smithy-go/transport/http"

	"github.com/nimbus-sdk/nimbus/credentials"
	awsmw "github.com/nimbus-sdk/nimbus/middleware"
	"github.com/nimbus-sdk/nimbus/signer"
)

// schemes returns the auth scheme IDs of op, in order of preference.
func (svc *Service) schemes(op string) []string {
	if s, ok := svc.OperationAuth[op]; ok {
		return s
	}
	return svc.Auth
}

// AuthOptions returns the model's auth schemes of the operation named op
// as smithy-go options, for the generated default AuthSchemeResolver.
func AuthOptions(svc *Service, op string) []*smithyauth.Option {
	ids := svc.schemes(op)
	out := make([]*smithyauth.Option, len(ids))
	for i, id := range ids {
		out[i] = &smithyauth.Option{SchemeID: id}
	}
	return out
}

// authChoice is how one call authenticates.
type authChoice struct {
	// custom is a user scheme (Options.AuthSchemes) with its option; nil
	// for the built-in schemes.
	custom smithyhttp.AuthScheme
	option *smithyauth.Option
	// token is the attempt's token when bearer is set.
	token bearer.Token
	// bearer is set for the built-in smithy.api#httpBearerAuth. (The
	// booleans sit together so that the call struct, which embeds this one,
	// stays in its allocation size class.)
	bearer bool
	// sigV4A is set when the model's aws.auth#sigv4a was chosen.
	sigV4A bool
	// noAuth is set when the model's smithy.api#noAuth was chosen.
	noAuth bool
}

// authSchemeMiddleware is ResolveAuthScheme: it picks the first scheme of
// the operation (or of Options.AuthSchemeResolver) that the client can
// sign with — a user scheme from Options.AuthSchemes, SigV4 when a
// credentials provider is set, noAuth — and records it on the call. A
// call is anonymous only when noAuth is chosen or the caller set
// credentials.AnonymousProvider; a call that needs a signature and has no
// provider fails here, before anything is sent, as does one whose schemes
// the client cannot sign with.
type authSchemeMiddleware struct{}

func (authSchemeMiddleware) ID() string { return awsmw.IDResolveAuthScheme }

func (authSchemeMiddleware) HandleFinalize(ctx context.Context, in middleware.FinalizeInput, next middleware.FinalizeHandler) (middleware.FinalizeOutput, middleware.Metadata, error) {
	c := callFrom(ctx)
	if err := c.chooseAuth(ctx); err != nil {
		return middleware.FinalizeOutput{}, middleware.Metadata{}, err
	}
	return next.HandleFinalize(ctx, in)
}

func (c *call) chooseAuth(ctx context.Context) error {
	c.auth = authChoice{}
	if c.opts.AuthSchemeResolver == nil && len(c.opts.AuthSchemes) == 0 && len(c.opts.AuthSchemePreference) == 0 {
		// The usual case: the model's schemes, no allocation.
		return c.chooseBuiltIn(c.rt.svc.schemes(c.op.Protocol.Name))
	}
	var options []*smithyauth.Option
	if c.opts.AuthSchemeResolver != nil {
		var err error
		if options, err = c.opts.AuthSchemeResolver(ctx, c.op.Protocol.Name, c.opts.Region); err != nil {
			return fmt.Errorf("resolving auth scheme: %w", err)
		}
	} else {
		options = AuthOptions(c.rt.svc, c.op.Protocol.Name)
	}
	options = preferSchemes(options, c.opts.AuthSchemePreference)
	ids := make([]string, 0, len(options))
	for _, o := range options {
		if o == nil {
			continue
		}
		for _, s := range c.opts.AuthSchemes {
			if s != nil && s.SchemeID() == o.SchemeID {
				c.auth = authChoice{custom: s, option: o}
				return nil
			}
		}
		ids = append(ids, o.SchemeID)
	}
	return c.chooseBuiltIn(ids)
}

// chooseBuiltIn picks SigV4 or noAuth from ids.
func (c *call) chooseBuiltIn(ids []string) error {
	anonProvider := credentials.IsAnonymous(c.opts.Credentials)
	noAuth := false
	for _, id := range ids {
		switch id {
		case signer.SchemeIDSigV4:
			if c.opts.Credentials != nil {
				c.anon = anonProvider
				return nil
			}
		case signer.SchemeIDSigV4A:
			if c.opts.Credentials != nil {
				c.anon, c.auth.sigV4A = anonProvider, true
				return nil
			}
		case signer.SchemeIDBearer:
			if c.opts.BearerAuthTokenProvider != nil {
				c.anon, c.auth.bearer = false, true
				return nil
			}
		case signer.SchemeIDNoAuth:
			noAuth = true
		}
	}
	switch {
	case noAuth:
		c.anon, c.auth.noAuth = true, true
		return nil
	case containsID(ids, signer.SchemeIDSigV4), containsID(ids, signer.SchemeIDSigV4A):
		return errNoProvider
	case containsID(ids, signer.SchemeIDBearer):
		return errNoBearer
	}
	return &signer.UnsupportedAuthSchemeError{Schemes: ids}
}

func containsID(ids []string, id string) bool {
	for _, v := range ids {
		if v == id {
			return true
		}
	}
	return false
}

// errNoProvider is the error of a call whose client has no credentials
// provider.
var errNoProvider = &credentials.NoCredentialsError{Sources: []credentials.SourceResult{{
	Source: "Options.Credentials",
	Reason: "is nil: set a provider, or load one with config.Load",
}}}

// errNoBearer is the error of a call whose only usable scheme is bearer
// authentication and whose client has no token provider.
var errNoBearer = errors.New("the operation needs a bearer token and Options.BearerAuthTokenProvider is nil")

// preferSchemes moves the options whose scheme names appear in pref (by
// the name after '#', as AWS_AUTH_SCHEME_PREFERENCE lists them:
// "sigv4", "httpBearerAuth") to the front, in pref's order; the others
// keep theirs.
func preferSchemes(options []*smithyauth.Option, pref []string) []*smithyauth.Option {
	if len(pref) == 0 {
		return options
	}
	out := make([]*smithyauth.Option, 0, len(options))
	for _, name := range pref {
		for _, o := range options {
			if o != nil && schemeName(o.SchemeID) == name && !slices.Contains(out, o) {
				out = append(out, o)
			}
		}
	}
	for _, o := range options {
		if !slices.Contains(out, o) {
			out = append(out, o)
		}
	}
	return out
}

// schemeName returns the part of a scheme ID after '#'.
func schemeName(id string) string {
	if i := strings.LastIndexByte(id, '#'); i >= 0 {
		return id[i+1:]
	}
	return id
}

// authSchemeID returns the ID of the scheme the attempt is
// authenticated with, as aws-sdk-go-v2 reports it in auth.scheme_id: the
// chosen one, or, when endpoint is set and the resolved endpoint names a
// scheme, the endpoint's. Anonymous credentials under SigV4 report SigV4,
// as in v2, where the SigV4 signer skips them.
func (c *call) authSchemeID(endpoint bool) string {
	switch {
	case c.auth.custom != nil:
		return c.auth.option.SchemeID
	case c.auth.bearer:
		return signer.SchemeIDBearer
	case c.auth.noAuth:
		return signer.SchemeIDNoAuth
	}
	if !endpoint {
		if c.auth.sigV4A {
			return signer.SchemeIDSigV4A
		}
		return signer.SchemeIDSigV4
	}
	switch name, _ := c.scheme["name"].(string); {
	case c.sigV4A():
		return signer.SchemeIDSigV4A
	case name == signer.SigV4S3Express:
		return signer.SchemeIDSigV4S3Express
	}
	return signer.SchemeIDSigV4
}

// identityMiddleware is GetIdentity: it retrieves the identity of the
// chosen scheme once per attempt, so that a refreshed credential is used
// on retries.
type identityMiddleware struct{}

func (identityMiddleware) ID() string { return awsmw.IDGetIdentity }

func (identityMiddleware) HandleFinalize(ctx context.Context, in middleware.FinalizeInput, next middleware.FinalizeHandler) (middleware.FinalizeOutput, middleware.Metadata, error) {
	c := callFrom(ctx)
	var err error
	if c.tel == nil {
		err = c.getIdentity(ctx)
	} else {
		pctx, ph := c.startAuthPhase(ctx, phaseIdentity, c.authSchemeID(false))
		err = c.getIdentity(pctx)
		ph.end(ctx, err)
	}
	if err != nil {
		return middleware.FinalizeOutput{}, middleware.Metadata{}, err
	}
	return next.HandleFinalize(ctx, in)
}

// getIdentity retrieves the identity of the attempt's auth scheme.
func (c *call) getIdentity(ctx context.Context) error {
	switch {
	case c.auth.custom != nil:
		r := c.auth.custom.IdentityResolver(identityResolvers{c.opts})
		if r == nil {
			return fmt.Errorf("auth scheme %s has no identity resolver", c.auth.option.SchemeID)
		}
		id, err := r.GetIdentity(ctx, c.auth.option.IdentityProperties)
		if err != nil {
			return fmt.Errorf("resolving identity for %s: %w", c.auth.option.SchemeID, err)
		}
		c.identity = id
	case c.auth.bearer:
		tok, err := c.opts.BearerAuthTokenProvider.RetrieveBearerToken(ctx)
		if err != nil {
			return fmt.Errorf("retrieving bearer token: %w", err)
		}
		c.auth.token = tok
	case !c.anon:
		creds, err := c.opts.Credentials.Retrieve(ctx)
		if err != nil {
			return fmt.Errorf("retrieving credentials: %w", err)
		}
		c.creds = creds
	}
	return nil
}

// identityResolvers lets a user auth scheme reach the client's own
// identity resolvers: aws.auth#sigv4 resolves Options.Credentials, whose
// credentials.Credentials values are smithy-go identities.
type identityResolvers struct{ opts *Options }

func (r identityResolvers) GetIdentityResolver(schemeID string) smithyauth.IdentityResolver {
	if schemeID == signer.SchemeIDSigV4 && r.opts.Credentials != nil {
		return credentialsIdentity{r.opts.Credentials}
	}
	return nil
}

// credentialsIdentity resolves a credentials provider as an identity.
type credentialsIdentity struct{ p credentials.Provider }

func (r credentialsIdentity) GetIdentity(ctx context.Context, _ smithy.Properties) (smithyauth.Identity, error) {
	return r.p.Retrieve(ctx)
}

// signCustom signs the attempt with the user scheme's signer, telling it
// the signing name and region the endpoint chose (smithy-go's SigV4
// signer properties).
func (c *call) signCustom(ctx context.Context, req *smithyhttp.Request) error {
	s := c.auth.custom.Signer()
	if s == nil {
		return fmt.Errorf("auth scheme %s has no signer", c.auth.option.SchemeID)
	}
	var props smithy.Properties
	props.SetAll(&c.auth.option.SignerProperties)
	name, region, _ := c.signingParams()
	smithyhttp.SetSigV4SigningName(&props, name)
	smithyhttp.SetSigV4SigningRegion(&props, region)
	if err := s.SignRequest(ctx, req, c.identity, props); err != nil {
		return fmt.Errorf("signing request with %s: %w", c.auth.option.SchemeID, err)
	}
	return nil
}

// signBearer sets the attempt's bearer token, over HTTPS only: a token
// sent in the clear could be replayed by anyone on the path.
func (c *call) signBearer(req *smithyhttp.Request) error {
	if !req.IsHTTPS() {
		return errors.New("bearer token authentication requires an https endpoint")
	}
	req.Header.Set("Authorization", "Bearer "+c.auth.token.Value)
	return nil
}
