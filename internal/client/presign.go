package client

import (
	"context"
	"fmt"
	"net/http"
	"time"

	"github.com/aws/smithy-go/middleware"
	smithyhttp "github.com/aws/smithy-go/transport/http"

	"github.com/nimbus-sdk/nimbus/credentials"
	awsmw "github.com/nimbus-sdk/nimbus/middleware"
	v4 "github.com/nimbus-sdk/nimbus/signer/v4"
)

// PresignedRequest is an HTTP request signed with query parameters, usable
// by any HTTP client without the signer's credentials.
type PresignedRequest struct {
	// URL is the presigned URL.
	URL string
	// Method is the HTTP method the URL must be used with.
	Method string
	// SignedHeader holds the headers that were signed; the request must
	// send them with exactly these values (Host is among them and is set
	// by HTTP clients from the URL).
	SignedHeader http.Header
}

// Presign builds op's request for input as a call would, up to and
// including endpoint resolution, and presigns it for expires instead of
// sending it. The payload is not signed (UNSIGNED-PAYLOAD), so the holder
// of a presigned PUT chooses the body. No checksum, SSE-C completion or
// Expect header is added: the stack has none of the Build steps, so the
// URL's holder need only send the headers in SignedHeader. expires outside
// [v4.MinPresignExpires, v4.MaxPresignExpires] is a *v4.ExpiresError.
func (r *Runtime) Presign(ctx context.Context, op *Operation, input any, opts *Options, expires time.Duration) (*PresignedRequest, error) {
	if opts == nil {
		opts = &r.opts
	}
	// Checked before anything else runs (credentials are not fetched for
	// a URL that cannot be made).
	if expires < v4.MinPresignExpires || expires > v4.MaxPresignExpires {
		return nil, r.opError(op, &v4.ExpiresError{Expires: expires})
	}
	st := middleware.NewStack(op.Protocol.Name, smithyhttp.NewStackRequest)
	st.Initialize.Add(validateMiddleware{}, middleware.After)
	st.Serialize.Add(serializeMiddleware{}, middleware.After)
	st.Finalize.Add(authSchemeMiddleware{}, middleware.After)
	st.Finalize.Add(identityMiddleware{}, middleware.After)
	st.Finalize.Add(endpointMiddleware{}, middleware.After)
	st.Finalize.Add(presignMiddleware{expires: expires}, middleware.After)
	for _, fn := range opts.APIOptions {
		if err := fn(st); err != nil {
			return nil, r.opError(op, fmt.Errorf("applying APIOptions: %w", err))
		}
	}
	c := &call{rt: r, opts: opts, op: op, input: input}
	out, _, err := compile(st, sendHandler{}).Handle(context.WithValue(ctx, callKey{}, c), input)
	if err != nil {
		return nil, r.opError(op, err)
	}
	pr, ok := out.(*PresignedRequest)
	if !ok {
		return nil, r.opError(op, fmt.Errorf("presign: a middleware replaced the presigned result with %T", out))
	}
	return pr, nil
}

// errPresignAnonymous is the error of presigning with
// credentials.AnonymousProvider.
var errPresignAnonymous = &credentials.NoCredentialsError{Sources: []credentials.SourceResult{{
	Source: "Options.Credentials",
	Reason: "is credentials.AnonymousProvider, and a presigned URL needs keys to sign with",
}}}

type presignMiddleware struct{ expires time.Duration }

func (presignMiddleware) ID() string { return awsmw.IDPresign }

func (m presignMiddleware) HandleFinalize(ctx context.Context, in middleware.FinalizeInput, _ middleware.FinalizeHandler) (middleware.FinalizeOutput, middleware.Metadata, error) {
	c := callFrom(ctx)
	if c.auth.custom != nil {
		return middleware.FinalizeOutput{}, middleware.Metadata{}, fmt.Errorf("presign: auth scheme %s cannot presign; presigned URLs are SigV4", c.auth.option.SchemeID)
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
	// The URL's holder picks its own Accept-Encoding; signing ours would
	// make the URL fail for clients (curl, browsers) that send another.
	req.Header.Del("Accept-Encoding")
	built := req.Build(ctx)
	u, hdr, err := defaultSigner.PresignHTTP(ctx, &v4.PresignInput{
		Request:     built,
		PayloadHash: v4.UnsignedPayload,
		Credentials: c.creds,
		Service:     name,
		Region:      region,
		Time:        c.rt.now(),
		Expires:     m.expires,
	}, escaping[noEscape])
	if err != nil {
		return middleware.FinalizeOutput{}, middleware.Metadata{}, fmt.Errorf("presigning request: %w", err)
	}
	return middleware.FinalizeOutput{Result: &PresignedRequest{URL: u, Method: built.Method, SignedHeader: hdr}}, middleware.Metadata{}, nil
}
