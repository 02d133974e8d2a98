package client

import (
	"context"
	"fmt"
	"net/http"
	"time"

	"github.com/aws/smithy-go/middleware"
	smithyhttp "github.com/aws/smithy-go/transport/http"

	"github.com/nimbus-sdk/nimbus/credentials"
	"github.com/nimbus-sdk/nimbus/internal/httpreq"
	"github.com/nimbus-sdk/nimbus/internal/protocol"
	awsmw "github.com/nimbus-sdk/nimbus/middleware"
	"github.com/nimbus-sdk/nimbus/signer"
	v4 "github.com/nimbus-sdk/nimbus/signer/v4"
	"github.com/nimbus-sdk/nimbus/signer/v4a"
)

// PresignParams are the settings of one [Runtime.Presign].
type PresignParams struct {
	// Expires is how long the URL stays valid, within
	// [v4.MinPresignExpires, v4.MaxPresignExpires]; anything else is a
	// *v4.ExpiresError before anything else runs.
	Expires time.Duration

	// UnsignedPayload signs UNSIGNED-PAYLOAD in place of the body's hash,
	// so the URL's holder chooses the body (a presigned PUT). S3 expects it
	// of presigned URLs. False signs the SHA-256 of the body as serialized,
	// which for a presigned GET is the empty body's: other services (STS
	// for an EKS token, for one) check a presigned request against the
	// hash of the body it carries, as for any SigV4 request.
	UnsignedPayload bool

	// Custom, when set, replaces the URL signing: it receives the request
	// as built up to endpoint resolution with what SigV4 would sign it
	// with, and its result is the presign's (see [Runtime.PresignCustom]).
	// The checks that precede signing (auth scheme, anonymous credentials,
	// region) still run. Expires is checked, and not otherwise used.
	Custom func(PresignState) (any, error)
}

// PresignState is what a [PresignParams.Custom] presigner receives.
type PresignState struct {
	// Request is the request as a call would send it, unsigned.
	Request *http.Request
	// Credentials are the call's resolved credentials, never anonymous.
	Credentials credentials.Credentials
	// Service and Region are the SigV4 signing name and region.
	Service, Region string
	// Time is the signing time: the clock corrected for known skew.
	Time time.Time
}

// Presign builds op's request for input as a call would, up to and
// including endpoint resolution, and presigns it instead of sending it.
// A protocol whose codec is a [protocol.QuerySerializer] (awsQuery) is
// presigned as a GET with its parameters in the query, since a presigned
// URL carries no body. No checksum, SSE-C completion or Expect header is
// added: the stack has none of the Build steps, so the URL's holder need
// only send the headers in SignedHeader. Without credentials, or with
// credentials.AnonymousProvider, it is a *credentials.NoCredentialsError:
// a request is never presigned unsigned.
func (r *Runtime) Presign(ctx context.Context, op *Operation, input any, opts *Options, p PresignParams) (*v4.PresignedHTTPRequest, error) {
	if opts == nil {
		opts = &r.opts
	}
	if p.Custom != nil {
		return nil, fmt.Errorf("presign: PresignParams.Custom needs PresignCustom")
	}
	pr, err := r.presign(ctx, op, input, opts, p)
	if err != nil {
		return nil, r.opError(op, err)
	}
	return pr, nil
}

// PresignCustom is [Runtime.Presign] with p.Custom in place of the URL
// signer: it returns what p.Custom returns, with errors wrapped as
// Presign's are. A nil p.Custom is an error.
func (r *Runtime) PresignCustom(ctx context.Context, op *Operation, input any, opts *Options, p PresignParams) (any, error) {
	if p.Custom == nil {
		return nil, fmt.Errorf("presign: PresignCustom needs PresignParams.Custom")
	}
	if opts == nil {
		opts = &r.opts
	}
	out, err := r.presignAny(ctx, op, input, opts, p)
	if err != nil {
		return nil, r.opError(op, err)
	}
	return out, nil
}

// presign is Presign without the *smithy.OperationError around its
// errors, for presigning inside a call (presignURLMiddleware).
func (r *Runtime) presign(ctx context.Context, op *Operation, input any, opts *Options, p PresignParams) (*v4.PresignedHTTPRequest, error) {
	out, err := r.presignAny(ctx, op, input, opts, p)
	if err != nil {
		return nil, err
	}
	pr, ok := out.(*v4.PresignedHTTPRequest)
	if !ok {
		return nil, fmt.Errorf("presign: a middleware replaced the presigned result with %T", out)
	}
	return pr, nil
}

// presignAny runs the presign stack and returns its result.
func (r *Runtime) presignAny(ctx context.Context, op *Operation, input any, opts *Options, p PresignParams) (any, error) {
	// Checked before anything else runs (credentials are not fetched for
	// a URL that cannot be made).
	if p.Expires < v4.MinPresignExpires || p.Expires > v4.MaxPresignExpires {
		return nil, &v4.ExpiresError{Expires: p.Expires}
	}
	st := middleware.NewStack(op.Protocol.Name, httpreq.New)
	st.Initialize.Add(validateMiddleware{}, middleware.After)
	st.Serialize.Add(presignSerializeMiddleware{}, middleware.After)
	st.Finalize.Add(authSchemeMiddleware{}, middleware.After)
	st.Finalize.Add(identityMiddleware{}, middleware.After)
	st.Finalize.Add(endpointMiddleware{}, middleware.After)
	st.Finalize.Add(presignMiddleware{p}, middleware.After)
	for _, fn := range opts.APIOptions {
		if err := fn(st); err != nil {
			return nil, fmt.Errorf("applying APIOptions: %w", err)
		}
	}
	c := &call{rt: r, opts: opts, op: op, input: input}
	out, _, err := compile(st, sendHandler{}).Handle(context.WithValue(ctx, callKey{}, c), input)
	if err != nil {
		return nil, err
	}
	return out, nil
}

// errPresignAnonymous is the error of presigning with
// credentials.AnonymousProvider.
var errPresignAnonymous = &credentials.NoCredentialsError{Sources: []credentials.SourceResult{{
	Source: "Options.Credentials",
	Reason: "is credentials.AnonymousProvider, and a presigned URL needs keys to sign with",
}}}

// presignSerializeMiddleware is the serializer of a presign stack: the
// codec's query form when it has one, the ordinary serializer otherwise.
// It keeps the serializer's ID, so APIOptions that place steps around
// OperationSerializer work on presign stacks too.
type presignSerializeMiddleware struct{}

func (presignSerializeMiddleware) ID() string { return awsmw.IDOperationSerializer }

func (presignSerializeMiddleware) HandleSerialize(ctx context.Context, in middleware.SerializeInput, next middleware.SerializeHandler) (middleware.SerializeOutput, middleware.Metadata, error) {
	c := callFrom(ctx)
	qs, ok := c.rt.svc.Codec.(protocol.QuerySerializer)
	if !ok || c.op.EventStream != nil {
		return serializeMiddleware{}.HandleSerialize(ctx, in, next)
	}
	req, ok := in.Request.(*smithyhttp.Request)
	if !ok {
		return middleware.SerializeOutput{}, middleware.Metadata{}, fmt.Errorf("unexpected request type %T", in.Request)
	}
	if err := qs.SerializeQueryRequest(c.op.Protocol, in.Parameters, req); err != nil {
		return middleware.SerializeOutput{}, middleware.Metadata{}, err
	}
	return next.HandleSerialize(ctx, in)
}

type presignMiddleware struct{ p PresignParams }

func (presignMiddleware) ID() string { return awsmw.IDPresign }

func (m presignMiddleware) HandleFinalize(ctx context.Context, in middleware.FinalizeInput, _ middleware.FinalizeHandler) (middleware.FinalizeOutput, middleware.Metadata, error) {
	c := callFrom(ctx)
	if name, _ := c.scheme["name"].(string); name != "" && name != signer.SigV4 && name != signer.SigV4A {
		return middleware.FinalizeOutput{}, middleware.Metadata{}, fmt.Errorf("presign: the endpoint's auth scheme %s cannot be presigned yet", name)
	}
	if c.auth.custom != nil || c.auth.bearer {
		return middleware.FinalizeOutput{}, middleware.Metadata{}, fmt.Errorf("presign: only SigV4 can presign a URL, and the call's auth scheme is another")
	}
	if c.anon {
		// Anonymous access needs no URL signing: the object's own URL is
		// the way to it.
		return middleware.FinalizeOutput{}, middleware.Metadata{}, errPresignAnonymous
	}
	req := in.Request.(*smithyhttp.Request)
	name, region, noEscape := c.signingParams()
	if region == "" {
		return middleware.FinalizeOutput{}, middleware.Metadata{}, ErrMissingRegion
	}
	if m.p.Custom != nil {
		if c.sigV4A() {
			return middleware.FinalizeOutput{}, middleware.Metadata{}, fmt.Errorf("presign: the endpoint needs SigV4a, which this presigner cannot sign")
		}
		out, err := m.p.Custom(PresignState{Request: req.Build(ctx), Credentials: c.creds, Service: name, Region: region, Time: c.rt.now()})
		if err != nil {
			return middleware.FinalizeOutput{}, middleware.Metadata{}, err
		}
		return middleware.FinalizeOutput{Result: out}, middleware.Metadata{}, nil
	}
	// The URL's holder picks its own Accept-Encoding; signing ours would
	// make the URL fail for clients (curl, browsers) that send another.
	req.Header.Del("Accept-Encoding")
	hash := v4.UnsignedPayload
	if !m.p.UnsignedPayload {
		var err error
		if hash, err = payloadHash(c, req); err != nil {
			return middleware.FinalizeOutput{}, middleware.Metadata{}, err
		}
	}
	built := req.Build(ctx)
	if c.sigV4A() {
		u, hdr, err := defaultV4ASigners[noEscape].PresignHTTP(ctx, &v4a.PresignInput{
			Request:     built,
			PayloadHash: hash,
			Credentials: c.creds,
			Service:     name,
			RegionSet:   c.regionSet(region),
			Time:        c.rt.now(),
			Expires:     m.p.Expires,
		}, c.opts.v4aOptions()...)
		if err != nil {
			return middleware.FinalizeOutput{}, middleware.Metadata{}, fmt.Errorf("presigning request: %w", err)
		}
		return middleware.FinalizeOutput{Result: &v4.PresignedHTTPRequest{URL: u, Method: built.Method, SignedHeader: hdr}}, middleware.Metadata{}, nil
	}
	u, hdr, err := defaultSigners[noEscape].PresignHTTP(ctx, &v4.PresignInput{
		Request:     built,
		PayloadHash: hash,
		Credentials: c.creds,
		Service:     name,
		Region:      region,
		Time:        c.rt.now(),
		Expires:     m.p.Expires,
	}, c.opts.signerOptions()...)
	if err != nil {
		return middleware.FinalizeOutput{}, middleware.Metadata{}, fmt.Errorf("presigning request: %w", err)
	}
	return middleware.FinalizeOutput{Result: &v4.PresignedHTTPRequest{URL: u, Method: built.Method, SignedHeader: hdr}}, middleware.Metadata{}, nil
}
