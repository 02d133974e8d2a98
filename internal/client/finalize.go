package client

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"hash"
	"io"
	"net/url"
	"strings"
	"sync"
	"time"

	"github.com/aws/smithy-go/middleware"
	smithyhttp "github.com/aws/smithy-go/transport/http"

	"github.com/nimbus-sdk/nimbus/credentials"
	"github.com/nimbus-sdk/nimbus/internal/endpoints/rules"
	awsmw "github.com/nimbus-sdk/nimbus/middleware"
	"github.com/nimbus-sdk/nimbus/signer"
	v4 "github.com/nimbus-sdk/nimbus/signer/v4"
	"github.com/nimbus-sdk/nimbus/signer/v4a"
)

// endpointMiddleware resolves the endpoint from the service's rules and
// points the request at it.
type endpointMiddleware struct{}

func (endpointMiddleware) ID() string { return awsmw.IDResolveEndpointV2 }

func (endpointMiddleware) HandleFinalize(ctx context.Context, in middleware.FinalizeInput, next middleware.FinalizeHandler) (middleware.FinalizeOutput, middleware.Metadata, error) {
	c := callFrom(ctx)
	req := in.Request.(*smithyhttp.Request)
	var ep rules.Endpoint
	var err error
	if c.tel == nil {
		ep, err = c.resolveEndpoint(ctx)
	} else {
		pctx, ph := c.startPhase(ctx, phaseEndpoint)
		ep, err = c.resolveEndpoint(pctx)
		ph.end(ctx, err)
	}
	if err != nil {
		return middleware.FinalizeOutput{}, middleware.Metadata{}, err
	}
	c.endpoint = ep
	if err := c.checkAuthSchemes(); err != nil {
		return middleware.FinalizeOutput{}, middleware.Metadata{}, err
	}
	if err := applyEndpoint(req, ep); err != nil {
		return middleware.FinalizeOutput{}, middleware.Metadata{}, err
	}
	return next.HandleFinalize(ctx, in)
}

var paramsPool = sync.Pool{New: func() any { return make(rules.Params, 16) }}

// resolveEndpoint resolves the call's endpoint: with the client's
// EndpointResolverV2 when it has one, else with the service's rules.
func (c *call) resolveEndpoint(ctx context.Context) (rules.Endpoint, error) {
	o := c.opts
	custom := o.ResolveEndpoint != nil
	if !custom && o.Region == "" && o.BaseEndpoint == "" {
		return rules.Endpoint{}, ErrMissingRegion
	}
	p := paramsPool.Get().(rules.Params)
	defer func() { clear(p); paramsPool.Put(p) }()
	boxed := c.rt.boxedFor(o.Region, o.BaseEndpoint)
	if o.Region != "" {
		p["Region"] = boxed.regionV
	}
	p["UseFIPS"] = o.UseFIPS
	p["UseDualStack"] = o.UseDualStack
	if o.BaseEndpoint != "" {
		p["Endpoint"] = boxed.endpointV
	}
	for k, v := range o.ContextParams {
		p[k] = v
	}
	if err := c.accountIDParams(p); err != nil {
		return rules.Endpoint{}, err
	}
	if c.op.EndpointParams != nil {
		c.op.EndpointParams(c.input, p)
	}
	if custom {
		ep, err := o.ResolveEndpoint(ctx, p)
		if err != nil {
			return rules.Endpoint{}, fmt.Errorf("resolving endpoint (EndpointResolverV2): %w", err)
		}
		return ep, nil
	}
	rs, err := c.rt.svc.RuleSet()
	if err != nil {
		return rules.Endpoint{}, err
	}
	ep, err := rs.Resolve(p)
	if err != nil {
		return rules.Endpoint{}, fmt.Errorf("resolving endpoint: %w", err)
	}
	return ep, nil
}

// applyEndpoint sets the request's scheme and host from ep and puts the
// endpoint's path in front of the operation's path.
func applyEndpoint(req *smithyhttp.Request, ep rules.Endpoint) error {
	u, err := parseEndpointURL(ep.URL)
	if err != nil {
		return fmt.Errorf("resolved endpoint %q is not a URL: %w", ep.URL, err)
	}
	req.URL.Scheme = u.Scheme
	// A host prefix written by the serializer (e.g. "{AccountId}.") is
	// kept in front of the endpoint host.
	req.URL.Host = req.URL.Host + u.Host
	req.Host = ""
	if u.Path != "" && u.Path != "/" {
		// The endpoint's path goes in front of the operation's; RawPath
		// keeps the operation's own escaping (S3 keys), and net/url uses
		// it because it is a valid encoding of Path.
		// Both are built in one string, RawPath sharing Path's when
		// they are equal.
		opRaw := req.URL.EscapedPath()
		epPath := strings.TrimSuffix(u.Path, "/")
		epRaw := strings.TrimSuffix(u.EscapedPath(), "/")
		if epPath == epRaw && req.URL.Path == opRaw {
			p := epPath + opRaw
			req.URL.Path, req.URL.RawPath = p, p
		} else {
			s := epPath + req.URL.Path + epRaw + opRaw
			n := len(epPath) + len(req.URL.Path)
			req.URL.Path, req.URL.RawPath = s[:n], s[n:]
		}
	}
	if req.URL.Path == "" {
		req.URL.Path = "/"
		req.URL.RawPath = ""
	}
	// The endpoint's headers replace those of the same name the
	// serializer wrote, as in aws-sdk-go-v2: S3 Control's outposts rules
	// send x-amz-account-id, which the input's AccountId member is bound
	// to as well.
	for k, vs := range ep.Headers {
		req.Header.Del(k)
		for _, v := range vs {
			req.Header.Add(k, v)
		}
	}
	return nil
}

// endpointURLs caches parsed endpoint URLs: a client talks to a handful
// of endpoints (one per bucket with virtual-hosted addressing), and
// parsing on every call costs several allocations. The cache is bounded;
// when full it is reset.
var endpointURLs struct {
	sync.RWMutex
	m map[string]*url.URL
}

const maxEndpointURLs = 1024

// parseEndpointURL returns the parsed URL; callers must not modify it.
func parseEndpointURL(s string) (*url.URL, error) {
	endpointURLs.RLock()
	u, ok := endpointURLs.m[s]
	endpointURLs.RUnlock()
	if ok {
		return u, nil
	}
	u, err := url.Parse(s)
	if err != nil {
		return nil, err
	}
	endpointURLs.Lock()
	if endpointURLs.m == nil || len(endpointURLs.m) >= maxEndpointURLs {
		endpointURLs.m = make(map[string]*url.URL)
	}
	endpointURLs.m[s] = u
	endpointURLs.Unlock()
	return u, nil
}

// checkAuthSchemes fails a signed call whose endpoint accepts only
// authentication schemes the client cannot sign with, instead of signing
// it with SigV4 anyway.
func (c *call) checkAuthSchemes() error {
	c.scheme = nil
	schemes, _ := c.endpoint.Properties["authSchemes"].([]any)
	if len(schemes) == 0 || c.anon {
		return nil
	}
	for _, s := range schemes {
		m, _ := s.(map[string]any)
		name, _ := m["name"].(string)
		if name == signer.SigV4 {
			c.scheme = m
			return nil
		}
		builtIn := c.auth.custom == nil && !c.auth.bearer
		if _, ok := c.rt.svc.EndpointAuth[name]; ok && builtIn || name == signer.SigV4A && builtIn {
			c.scheme = m
			return nil
		}
	}
	names := make([]string, 0, len(schemes))
	for _, s := range schemes {
		m, _ := s.(map[string]any)
		n, _ := m["name"].(string)
		names = append(names, n)
	}
	return &signer.UnsupportedAuthSchemeError{Schemes: names}
}

// sigV4A reports whether the attempt is signed with SigV4a: the
// endpoint's scheme is sigv4a, or the model's scheme aws.auth#sigv4a was
// chosen and the endpoint names none.
func (c *call) sigV4A() bool {
	if name, _ := c.scheme["name"].(string); name != "" {
		return name == signer.SigV4A
	}
	return c.auth.sigV4A
}

// regionSet returns the SigV4a region set: the endpoint scheme's
// signingRegionSet, else Options.SigV4aSigningRegionSet, else the region.
func (c *call) regionSet(region string) []string {
	if rs, ok := c.scheme["signingRegionSet"].([]any); ok && len(rs) > 0 {
		out := make([]string, 0, len(rs))
		for _, r := range rs {
			if s, ok := r.(string); ok && s != "" {
				out = append(out, s)
			}
		}
		if len(out) > 0 {
			return out
		}
	}
	if len(c.opts.SigV4aSigningRegionSet) > 0 {
		return c.opts.SigV4aSigningRegionSet
	}
	return []string{region}
}

// signingParams returns the SigV4 signing name and region, and the path
// escaping rule: those of the endpoint's chosen auth scheme, falling back
// to the service's.
func (c *call) signingParams() (name, region string, disableDoubleEncoding bool) {
	name, region = c.rt.svc.SigningName, c.opts.Region
	disableDoubleEncoding = c.rt.svc.DisableURIPathEscaping
	m := c.scheme
	if v, ok := m["signingName"].(string); ok && v != "" {
		name = v
	}
	if v, ok := m["signingRegion"].(string); ok && v != "" {
		region = v
	}
	if v, ok := m["disableDoubleEncoding"].(bool); ok {
		disableDoubleEncoding = v
	}
	return name, region, disableDoubleEncoding
}

// endpointIdentity applies the endpoint-provided auth scheme name that
// the service handles with hook (Service.EndpointAuth, e.g. S3 Express's
// sigv4-s3express): the attempt is signed with SigV4 and the credentials
// the hook returns, its session token in the hook's header.
func (c *call) endpointIdentity(ctx context.Context, req *smithyhttp.Request, name string, hook EndpointAuth) (credentials.Credentials, error) {
	id, err := hook(ctx, EndpointAuthInput{Runtime: c.rt, Options: c.opts, Credentials: c.creds, Input: c.input})
	if err != nil {
		return credentials.Credentials{}, fmt.Errorf("%s: %w", name, err)
	}
	if id.TokenHeader != "" {
		req.Header.Set(id.TokenHeader, id.Token)
	}
	return id.Credentials, nil
}

// payloadHashMiddleware computes the SHA-256 of the body for SigV4 when
// the body can be rewound, and otherwise chooses UNSIGNED-PAYLOAD (only
// over TLS, where the transport protects the body).
type payloadHashMiddleware struct{}

func (payloadHashMiddleware) ID() string { return awsmw.IDComputePayloadHash }

var hashPool = sync.Pool{New: func() any { return sha256.New() }}

func (payloadHashMiddleware) HandleFinalize(ctx context.Context, in middleware.FinalizeInput, next middleware.FinalizeHandler) (middleware.FinalizeOutput, middleware.Metadata, error) {
	c := callFrom(ctx)
	req := in.Request.(*smithyhttp.Request)
	if c.checksum.trailer != "" && req.GetStream() != nil {
		c.payloadHash = c.trailerPayloadHash(req)
		return next.HandleFinalize(ctx, in)
	}
	if c.events != nil && !c.anon && !c.auth.bearer && c.auth.custom == nil {
		// Signed event by event, chained from the request's signature.
		c.payloadHash = v4.StreamingEventsPayload
		req.Header.Set("X-Amz-Content-Sha256", v4.StreamingEventsPayload)
		return next.HandleFinalize(ctx, in)
	}
	if c.anon || c.auth.bearer {
		return next.HandleFinalize(ctx, in) // nothing signs a payload hash
	}
	hash, err := payloadHash(c, req)
	if err != nil {
		return middleware.FinalizeOutput{}, middleware.Metadata{}, err
	}
	c.payloadHash = hash
	return next.HandleFinalize(ctx, in)
}

func payloadHash(c *call, req *smithyhttp.Request) (string, error) {
	if v := req.Header.Get("X-Amz-Content-Sha256"); v != "" {
		return v, nil
	}
	stream := req.GetStream()
	switch {
	case stream == nil:
		return v4.EmptyPayloadHash, nil
	case (c.op.UnsignedPayload || c.opts.UnsignedPayloadOverTLS) && req.IsHTTPS():
		return v4.UnsignedPayload, nil
	case req.IsStreamSeekable():
		h := hashPool.Get().(hash.Hash)
		defer func() { h.Reset(); hashPool.Put(h) }()
		if _, err := io.Copy(h, stream); err != nil {
			return "", fmt.Errorf("hashing request body: %w", err)
		}
		if err := req.RewindStream(); err != nil {
			return "", fmt.Errorf("rewinding request body after hashing: %w", err)
		}
		var sum [sha256.Size]byte
		return hex.EncodeToString(h.Sum(sum[:0])), nil
	case req.IsHTTPS():
		return v4.UnsignedPayload, nil
	default:
		return "", signer.ErrUnsignedPayloadOverHTTP
	}
}

// signingMiddleware signs each attempt with SigV4.
type signingMiddleware struct{}

func (signingMiddleware) ID() string { return awsmw.IDSigning }

// signerOptions returns the signer's per-call options: logging of
// canonical requests and strings to sign when ClientLogMode has
// LogSigning; none otherwise, so signing copies no options.
func (o *Options) signerOptions() []func(*v4.Options) {
	if o.Logger == nil || !o.ClientLogMode.IsSet(awsmw.LogSigning) {
		return nil
	}
	logger := o.Logger
	return []func(*v4.Options){func(so *v4.Options) { so.Logger, so.LogSigning = logger, true }}
}

// sign signs in with the client's HTTPSignerV4, told the service's path
// escaping through its options, or with Nimbus's signer for that escaping
// (S3 signs the path as sent, other services escape it again). Nimbus's
// signer is called directly, so in stays on the stack.
func (c *call) sign(ctx context.Context, in v4.SignInput, noEscape bool) (v4.SignOutput, error) {
	opts := c.opts.signerOptions()
	if s := c.opts.HTTPSignerV4; s != nil {
		user := in
		return s.SignHTTP(ctx, &user, append(opts, escaping[noEscape])...)
	}
	return defaultSigners[noEscape].SignHTTP(ctx, &in, opts...)
}

// defaultSigners are Nimbus's signers, by DisableURIPathEscaping.
var defaultSigners = map[bool]*v4.Signer{
	true:  v4.NewSigner(func(o *v4.Options) { o.DisableURIPathEscaping = true }),
	false: v4.NewSigner(),
}

// defaultV4ASigners are Nimbus's SigV4a signers, by DisableURIPathEscaping;
// they share the bounded cache of keys derived from credentials.
var defaultV4ASigners = map[bool]*v4a.Signer{
	true:  v4a.NewSigner(func(o *v4a.Options) { o.DisableURIPathEscaping = true }),
	false: v4a.NewSigner(),
}

// v4aOptions returns SigV4a's per-call signer options, as signerOptions.
func (o *Options) v4aOptions() []func(*v4a.Options) {
	if o.Logger == nil || !o.ClientLogMode.IsSet(awsmw.LogSigning) {
		return nil
	}
	logger := o.Logger
	return []func(*v4a.Options){func(so *v4a.Options) { so.Logger, so.LogSigning = logger, true }}
}

// signV4A signs the attempt with SigV4a. Its aws-chunked bodies are sent
// with unsigned chunks (the trailer carries their checksum), which needs
// TLS.
func (c *call) signV4A(ctx context.Context, req *smithyhttp.Request, creds credentials.Credentials, name, region string, noEscape bool) error {
	hash := c.payloadHash
	if hash == v4.StreamingSignedPayloadTrailer {
		return fmt.Errorf("signing request: SigV4a does not sign aws-chunked payloads chunk by chunk, and %s is not HTTPS", req.URL.Host)
	}
	_, err := defaultV4ASigners[noEscape].SignHTTP(ctx, &v4a.SignInput{
		Request:     req.Request,
		PayloadHash: hash,
		Credentials: creds,
		Service:     name,
		RegionSet:   c.regionSet(region),
		Time:        c.rt.now(),
	}, c.opts.v4aOptions()...)
	if err != nil {
		return fmt.Errorf("signing request: %w", err)
	}
	return nil
}

// escaping sets the path escaping rule on a user signer's options.
var escaping = map[bool]func(*v4.Options){
	true:  func(o *v4.Options) { o.DisableURIPathEscaping = true },
	false: func(o *v4.Options) { o.DisableURIPathEscaping = false },
}

// HandleFinalize gets the identity of an endpoint-provided auth scheme
// (S3 Express's session, see endpointIdentity), then signs. Fetching the
// identity is identity resolution, not signing: with telemetry it is a
// second GetIdentity step of the attempt (span and
// client.call.auth.resolve_identity_duration), after ResolveEndpoint,
// whose rules choose the scheme, and the SignRequest step times the
// signing alone.
func (signingMiddleware) HandleFinalize(ctx context.Context, in middleware.FinalizeInput, next middleware.FinalizeHandler) (middleware.FinalizeOutput, middleware.Metadata, error) {
	c := callFrom(ctx)
	req := in.Request.(*smithyhttp.Request)
	creds, err := c.attemptCredentials(ctx, req)
	if err != nil {
		return middleware.FinalizeOutput{}, middleware.Metadata{}, err
	}
	if c.tel == nil {
		err = c.signAttempt(ctx, &in, creds)
	} else {
		pctx, ph := c.startAuthPhase(ctx, phaseSign, c.authSchemeID(true))
		err = c.signAttempt(pctx, &in, creds)
		ph.end(ctx, err)
	}
	if err != nil {
		return middleware.FinalizeOutput{}, middleware.Metadata{}, err
	}
	return next.HandleFinalize(ctx, in)
}

// attemptCredentials returns the credentials a SigV4 or SigV4a attempt
// is signed with: those of the endpoint's auth scheme when the service
// handles it (endpointIdentity), timed and traced as identity
// resolution; else the call's. Attempts that are anonymous or signed by
// another scheme use neither.
func (c *call) attemptCredentials(ctx context.Context, req *smithyhttp.Request) (credentials.Credentials, error) {
	if c.anon || c.auth.bearer || c.auth.custom != nil {
		return credentials.Credentials{}, nil
	}
	name, _ := c.scheme["name"].(string)
	hook := c.rt.svc.EndpointAuth[name]
	if hook == nil {
		return c.creds, nil
	}
	if c.tel == nil {
		return c.endpointIdentity(ctx, req, name, hook)
	}
	pctx, ph := c.startAuthPhase(ctx, phaseIdentity, c.authSchemeID(true))
	creds, err := c.endpointIdentity(pctx, req, name, hook)
	ph.end(ctx, err)
	return creds, err
}

// signAttempt signs the attempt's request with the chosen scheme (SigV4
// and SigV4a with creds), and replaces in.Request with its aws-chunked
// form when the checksum goes in a trailer.
func (c *call) signAttempt(ctx context.Context, in *middleware.FinalizeInput, creds credentials.Credentials) error {
	req := in.Request.(*smithyhttp.Request)
	trailer := c.checksum.trailer != "" && req.GetStream() != nil
	// wrap sends the body as aws-chunked with the checksum trailer;
	// seed, if set, signs its chunks.
	wrap := func(seed *v4.SignOutput) error {
		if !trailer {
			return nil
		}
		nr, err := c.wrapTrailer(req, seed)
		if err != nil {
			return fmt.Errorf("encoding aws-chunked body: %w", err)
		}
		in.Request = nr
		return nil
	}
	if c.anon {
		return wrap(nil)
	}
	if c.auth.bearer {
		if err := c.signBearer(req); err != nil {
			return err
		}
		return wrap(nil)
	}
	if c.auth.custom != nil {
		if err := c.signCustom(ctx, req); err != nil {
			return err
		}
		return wrap(nil) // unsigned chunks: see signedChunks
	}
	name, region, noEscape := c.signingParams()
	if region == "" {
		return ErrMissingRegion
	}
	hash := c.payloadHash
	if c.sigV4A() {
		if c.events != nil {
			return errors.New("signing request: SigV4a cannot sign input event streams")
		}
		if err := c.signV4A(ctx, req, creds, name, region, noEscape); err != nil {
			return err
		}
		return wrap(nil) // SigV4a chunks are unsigned
	}
	seed, err := c.sign(ctx, v4.SignInput{
		Request:     req.Request,
		PayloadHash: hash,
		Credentials: creds,
		Service:     name,
		Region:      region,
		Time:        c.rt.now(),
	}, noEscape)
	if err != nil {
		return fmt.Errorf("signing request: %w", err)
	}
	if c.events != nil {
		if err := c.startEventSigning(&seed, creds); err != nil {
			return err
		}
	}
	if hash == v4.StreamingSignedPayloadTrailer {
		return wrap(&seed)
	}
	return wrap(nil) // unsigned chunks
}

func (r *Runtime) now() time.Time { return r.skew.Now() }

// ContentSHA256Header is SigV4ContentSHA256Header: it sends the payload
// hash the attempt is signed with as X-Amz-Content-Sha256, which S3
// requires. Services that need it add it before Signing from their
// Customize hook.
type ContentSHA256Header struct{}

// ID returns middleware.IDContentSHA256Header.
func (ContentSHA256Header) ID() string { return awsmw.IDContentSHA256Header }

// HandleFinalize sets the header from the attempt's payload hash.
func (ContentSHA256Header) HandleFinalize(ctx context.Context, in middleware.FinalizeInput, next middleware.FinalizeHandler) (middleware.FinalizeOutput, middleware.Metadata, error) {
	if c := callFrom(ctx); c != nil && c.payloadHash != "" {
		if req, ok := in.Request.(*smithyhttp.Request); ok {
			req.Header.Set("X-Amz-Content-Sha256", c.payloadHash)
		}
	}
	return next.HandleFinalize(ctx, in)
}
