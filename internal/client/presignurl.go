package client

import (
	"context"
	"fmt"
	"net/url"
	"slices"
	"time"

	"github.com/aws/smithy-go/middleware"
	smithyhttp "github.com/aws/smithy-go/transport/http"

	awsmw "github.com/nimbus-sdk/nimbus/middleware"
)

// PresignURLSpec describes an operation that carries, in its input, a
// presigned URL of the same operation in the region its source is in: the
// cross-region copies of RDS (CopyDBSnapshot, CreateDBInstanceReadReplica,
// ...), whose PreSignedUrl the service in the destination region calls to
// reach the source. When the caller sets the input's source region and no
// presigned URL, the call presigns the operation for the source region
// (see [Operation.PresignURL]).
type PresignURLSpec struct {
	// Members returns pointers to the presigned-URL member (PreSignedUrl)
	// and the source-region member (SourceRegion) of input.
	Members func(input any) (presignedURL, sourceRegion **string)
	// Copy returns a shallow copy of input.
	Copy func(input any) any
}

// presignURLExpires is how long a presigned URL filled in from the source
// region is valid: the destination region's service calls it while it
// handles the request, so the default of the presign clients (S3's and
// STS's DefaultPresignExpires) is ample.
const presignURLExpires = 15 * time.Minute

// presignURLMiddleware fills in the presigned URL of an operation with a
// PresignURLSpec: when the input names a source region and has no
// presigned URL, it presigns the same operation, with the same input, for
// the source region and with DestinationRegion set to the client's region
// (as a GET whose query carries the parameters, how the query protocols
// are presigned), and sends the URL as the presigned-URL member. It has
// aws-sdk-go-v2's ID, Presign, so a stack edit that removes it from v2's
// stacks turns the behaviour off here too.
//
// The caller's input is not modified: the call sends a copy. The URL is
// built with the call's options other than the region, so it points where
// the client would send the operation in the source region: its endpoint
// rules, EndpointResolverV2 or BaseEndpoint. The call's APIOptions are
// applied to the presign stack as to any presign.
type presignURLMiddleware struct{}

func (presignURLMiddleware) ID() string { return awsmw.IDPresign }

func (presignURLMiddleware) HandleInitialize(ctx context.Context, in middleware.InitializeInput, next middleware.InitializeHandler) (middleware.InitializeOutput, middleware.Metadata, error) {
	c := callFrom(ctx)
	spec := c.op.PresignURL
	presigned, source := spec.Members(in.Parameters)
	if *presigned != nil && **presigned != "" || *source == nil || **source == "" {
		return next.HandleInitialize(ctx, in)
	}
	src, dst := **source, c.opts.Region
	if dst == "" {
		return middleware.InitializeOutput{}, middleware.Metadata{}, fmt.Errorf("presigning the source region's URL: the destination region: %w", ErrMissingRegion)
	}
	po := *c.opts
	po.Region = src
	po.APIOptions = append(slices.Clip(c.opts.APIOptions), func(st *middleware.Stack) error {
		return st.Serialize.Insert(destinationRegion(dst), awsmw.IDOperationSerializer, middleware.After)
	})
	pr, err := c.rt.presign(ctx, c.op, spec.Copy(in.Parameters), &po, PresignParams{Expires: presignURLExpires})
	if err != nil {
		return middleware.InitializeOutput{}, middleware.Metadata{}, fmt.Errorf("presigning %s for source region %s: %w", c.op.Protocol.Name, src, err)
	}
	input := spec.Copy(in.Parameters)
	presigned, _ = spec.Members(input)
	*presigned = &pr.URL
	in.Parameters, c.input = input, input
	return next.HandleInitialize(ctx, in)
}

// destinationRegion adds the DestinationRegion query parameter to the
// request a presignURLMiddleware presigns, unless the input has it.
type destinationRegion string

func (destinationRegion) ID() string { return "PresignDestinationRegion" }

func (d destinationRegion) HandleSerialize(ctx context.Context, in middleware.SerializeInput, next middleware.SerializeHandler) (middleware.SerializeOutput, middleware.Metadata, error) {
	req, ok := in.Request.(*smithyhttp.Request)
	if !ok {
		return middleware.SerializeOutput{}, middleware.Metadata{}, fmt.Errorf("unexpected request type %T", in.Request)
	}
	if !req.URL.Query().Has("DestinationRegion") {
		if req.URL.RawQuery != "" {
			req.URL.RawQuery += "&"
		}
		req.URL.RawQuery += "DestinationRegion=" + url.QueryEscape(string(d))
	}
	return next.HandleSerialize(ctx, in)
}
