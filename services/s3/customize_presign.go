package s3

import (
	"context"
	"time"

	"github.com/aws/smithy-go/middleware"

	"github.com/nimbus-sdk/nimbus/internal/client"
	v4 "github.com/nimbus-sdk/nimbus/signer/v4"
)

// DefaultPresignExpires is how long a presigned URL is valid unless
// PresignOptions.Expires says otherwise.
const DefaultPresignExpires = 15 * time.Minute

// PresignOptions configures a [PresignClient].
type PresignOptions struct {
	// Expires is how long the URL stays valid: from 1 second to 7 days.
	// Zero means DefaultPresignExpires. Anything outside the range is an
	// error from the Presign methods.
	Expires time.Duration

	// ClientOptions are applied to the client's options for each presign.
	ClientOptions []func(*Options)
}

// PresignClient presigns S3 requests with SigV4 query parameters. Its
// methods return a *v4.PresignedHTTPRequest (package signer/v4), the type
// every Nimbus presign client returns, as in aws-sdk-go-v2.
type PresignClient struct {
	client  *Client
	options PresignOptions

	// now, when set (by tests), replaces the signing time of
	// PresignPostObject.
	now func() time.Time
}

// NewPresignClient returns a presign client that uses c's configuration
// (region, credentials, endpoint, addressing style).
func NewPresignClient(c *Client, optFns ...func(*PresignOptions)) *PresignClient {
	p := &PresignClient{client: c}
	for _, fn := range optFns {
		fn(&p.options)
	}
	return p
}

func (p *PresignClient) presign(ctx context.Context, op *client.Operation, params any, optFns []func(*PresignOptions)) (*v4.PresignedHTTPRequest, error) {
	o := p.options
	o.ClientOptions = append([]func(*Options){}, o.ClientOptions...)
	for _, fn := range optFns {
		fn(&o)
	}
	// A presigned URL carries SSE-C keys in its signed headers, completed
	// (base64 and key MD5) as for a call, or S3 refuses the request.
	o.ClientOptions = append(o.ClientOptions, func(o *Options) {
		o.APIOptions = append(o.APIOptions, func(st *middleware.Stack) error {
			return st.Build.Add(sseCustomerKey{}, middleware.After)
		})
	})
	if o.Expires == 0 {
		o.Expires = DefaultPresignExpires
	}
	// S3 checks presigned URLs against UNSIGNED-PAYLOAD, so the holder of
	// a presigned PUT chooses the body.
	return p.client.rt.Presign(ctx, op, params, p.client.callOptions(o.ClientOptions), client.PresignParams{
		Expires:         o.Expires,
		UnsignedPayload: true,
	})
}

// PresignGetObject presigns a GetObject request.
func (p *PresignClient) PresignGetObject(ctx context.Context, params *GetObjectInput, optFns ...func(*PresignOptions)) (*v4.PresignedHTTPRequest, error) {
	return p.presign(ctx, &opGetObject, params, optFns)
}

// PresignPutObject presigns a PutObject request. The body is not part of
// the signature; params.Body is ignored.
func (p *PresignClient) PresignPutObject(ctx context.Context, params *PutObjectInput, optFns ...func(*PresignOptions)) (*v4.PresignedHTTPRequest, error) {
	in := *params
	in.Body = nil
	return p.presign(ctx, &opPutObject, &in, optFns)
}

// PresignHeadObject presigns a HeadObject request.
func (p *PresignClient) PresignHeadObject(ctx context.Context, params *HeadObjectInput, optFns ...func(*PresignOptions)) (*v4.PresignedHTTPRequest, error) {
	return p.presign(ctx, &opHeadObject, params, optFns)
}

// PresignDeleteObject presigns a DeleteObject request.
func (p *PresignClient) PresignDeleteObject(ctx context.Context, params *DeleteObjectInput, optFns ...func(*PresignOptions)) (*v4.PresignedHTTPRequest, error) {
	return p.presign(ctx, &opDeleteObject, params, optFns)
}

// PresignUploadPart presigns an UploadPart request. The body is not part
// of the signature; params.Body is ignored.
func (p *PresignClient) PresignUploadPart(ctx context.Context, params *UploadPartInput, optFns ...func(*PresignOptions)) (*v4.PresignedHTTPRequest, error) {
	in := *params
	in.Body = nil
	return p.presign(ctx, &opUploadPart, &in, optFns)
}

// PresignHeadBucket presigns a HeadBucket request.
func (p *PresignClient) PresignHeadBucket(ctx context.Context, params *HeadBucketInput, optFns ...func(*PresignOptions)) (*v4.PresignedHTTPRequest, error) {
	return p.presign(ctx, &opHeadBucket, params, optFns)
}

// PresignCreateBucket presigns a CreateBucket request.
func (p *PresignClient) PresignCreateBucket(ctx context.Context, params *CreateBucketInput, optFns ...func(*PresignOptions)) (*v4.PresignedHTTPRequest, error) {
	return p.presign(ctx, &opCreateBucket, params, optFns)
}

// PresignDeleteBucket presigns a DeleteBucket request.
func (p *PresignClient) PresignDeleteBucket(ctx context.Context, params *DeleteBucketInput, optFns ...func(*PresignOptions)) (*v4.PresignedHTTPRequest, error) {
	return p.presign(ctx, &opDeleteBucket, params, optFns)
}

// PresignListObjectsV2 presigns a ListObjectsV2 request.
func (p *PresignClient) PresignListObjectsV2(ctx context.Context, params *ListObjectsV2Input, optFns ...func(*PresignOptions)) (*v4.PresignedHTTPRequest, error) {
	return p.presign(ctx, &opListObjectsV2, params, optFns)
}
