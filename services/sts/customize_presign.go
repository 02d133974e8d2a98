package sts

import (
	"context"
	"time"

	"github.com/nimbus-sdk/nimbus/internal/client"
	v4 "github.com/nimbus-sdk/nimbus/signer/v4"
)

// DefaultPresignExpires is how long a presigned URL is valid unless
// PresignOptions.Expires says otherwise. STS itself accepts a presigned
// GetCallerIdentity URL for 15 minutes after its X-Amz-Date whatever
// X-Amz-Expires says, and aws-iam-authenticator accepts X-Amz-Expires up to
// 900 seconds.
const DefaultPresignExpires = 15 * time.Minute

// PresignOptions configures a [PresignClient].
type PresignOptions struct {
	// Expires is how long the URL stays valid: from 1 second to 7 days.
	// Zero means DefaultPresignExpires. Anything outside the range is an
	// error from the Presign methods. It is the only source of
	// X-Amz-Expires: an X-Amz-Expires header added through APIOptions (an
	// aws-sdk-go-v2 idiom, since v2's STS presign client has no Expires) is
	// dropped.
	Expires time.Duration

	// ClientOptions are applied to the client's options for each presign.
	// Headers that the URL's holder must send, such as EKS's
	// x-k8s-aws-id, are added here through Options.APIOptions and come
	// back signed in the result's SignedHeader.
	ClientOptions []func(*Options)
}

// PresignClient presigns STS requests with SigV4 query parameters. An STS
// request is presigned as a GET whose query carries Action, Version and the
// input members, with no body; the result is a *v4.PresignedHTTPRequest
// (package signer/v4), the type every Nimbus presign client returns, as in
// aws-sdk-go-v2.
//
// Presigning needs credentials: with none, or with
// credentials.AnonymousProvider, the Presign methods return a
// *credentials.NoCredentialsError and no URL.
type PresignClient struct {
	client  *Client
	options PresignOptions
}

// NewPresignClient returns a presign client that uses c's configuration
// (region, credentials, endpoint) and then optFns.
func NewPresignClient(c *Client, optFns ...func(*PresignOptions)) *PresignClient {
	p := &PresignClient{client: c}
	for _, fn := range optFns {
		fn(&p.options)
	}
	return p
}

// PresignGetCallerIdentity presigns a GetCallerIdentity request. Whoever
// holds the URL can learn the signer's identity from STS without the
// signer's keys, which is how EKS authenticates IAM principals: the
// bearer token is "k8s-aws-v1." followed by the unpadded base64url
// encoding of a URL presigned with the cluster's name in a signed
// x-k8s-aws-id header (see the package's examples). A nil params is an
// empty input.
func (p *PresignClient) PresignGetCallerIdentity(ctx context.Context, params *GetCallerIdentityInput, optFns ...func(*PresignOptions)) (*v4.PresignedHTTPRequest, error) {
	if params == nil {
		params = &GetCallerIdentityInput{}
	}
	o := p.options
	o.ClientOptions = append([]func(*Options){}, o.ClientOptions...)
	for _, fn := range optFns {
		fn(&o)
	}
	if o.Expires == 0 {
		o.Expires = DefaultPresignExpires
	}
	// STS checks the SHA-256 of the (empty) body, which is what
	// aws-sdk-go v1 and v2 sign for it too.
	return p.client.rt.Presign(ctx, &opGetCallerIdentity, params, p.client.callOptions(o.ClientOptions), client.PresignParams{
		Expires: o.Expires,
	})
}
