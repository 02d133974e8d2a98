package middleware

import (
	"context"
	"errors"

	smithymw "github.com/aws/smithy-go/middleware"
	smithyhttp "github.com/aws/smithy-go/transport/http"

	transporthttp "github.com/nimbus-sdk/nimbus/transport/http"
)

// RequestID is a Deserialize-step middleware that records the request ID
// and host ID of every response, and the response itself, in the
// operation's metadata and makes sure an error that came with a response
// carries the IDs.
//
// The request ID is read from x-amz-request-id or, if that is absent,
// x-amzn-RequestId (header names are case-insensitive), the host ID (S3's extended request
// ID) from x-amz-id-2. Read them back with [GetRequestIDMetadata] and
// [GetHostIDMetadata], and the response with [GetRawResponse].
//
// If the operation fails after a response was received and no error in the
// chain has a ServiceRequestID method (codecs may put the IDs in the errors
// they decode), the error is wrapped in a [*transporthttp.ResponseError]. Wrapping keeps
// errors.As working for the original error, so it applies to API errors as
// well as to transport and decoding errors.
//
// Add it in front of the operation's deserializer so it sees the
// deserializer's errors. It has no fields and is safe for concurrent use.
type RequestID struct{}

// NewRequestID returns the request ID middleware.
func NewRequestID() *RequestID { return &RequestID{} }

// ID returns [IDRequestIDRetriever].
func (*RequestID) ID() string { return IDRequestIDRetriever }

// HandleDeserialize records the IDs of the response returned by next,
// and the response itself for [GetRawResponse].
func (*RequestID) HandleDeserialize(ctx context.Context, in smithymw.DeserializeInput, next smithymw.DeserializeHandler) (
	smithymw.DeserializeOutput, smithymw.Metadata, error,
) {
	out, md, err := next.HandleDeserialize(ctx, in)
	resp, ok := out.RawResponse.(*smithyhttp.Response)
	if !ok || resp == nil {
		return out, md, err
	}
	md.Set(rawResponseKey{}, resp)
	reqID, hostID := ResponseIDs(resp)
	if reqID != "" {
		SetRequestIDMetadata(&md, reqID)
	}
	if hostID != "" {
		SetHostIDMetadata(&md, hostID)
	}
	if err != nil {
		var withID interface{ ServiceRequestID() string }
		if !errors.As(err, &withID) {
			err = &transporthttp.ResponseError{
				ResponseError: &smithyhttp.ResponseError{Response: resp, Err: err},
				RequestID:     reqID,
				HostID:        hostID,
			}
		}
	}
	return out, md, err
}

// ResponseIDs returns the request ID and host ID of resp, or "" for each
// one the response does not have.
func ResponseIDs(resp *smithyhttp.Response) (requestID, hostID string) {
	h := resp.Header
	requestID = h.Get("X-Amz-Request-Id")
	if requestID == "" {
		requestID = h.Get("X-Amzn-Requestid") // x-amzn-RequestId
	}
	return requestID, h.Get("X-Amz-Id-2")
}

type requestIDKey struct{}

type hostIDKey struct{}

type rawResponseKey struct{}

// GetRawResponse returns the HTTP response of the operation whose
// metadata md is (an output's ResultMetadata), as a
// *smithyhttp.Response, or nil if none was received. As in
// aws-sdk-go-v2, it serves to read the status and headers the output
// does not model; the client has consumed the body, except for operations
// that stream their output, where it is the output's body.
func GetRawResponse(md smithymw.Metadata) any {
	resp, _ := md.Get(rawResponseKey{}).(*smithyhttp.Response)
	if resp == nil {
		return nil
	}
	return resp
}

// GetRequestIDMetadata returns the request ID recorded in md.
func GetRequestIDMetadata(md smithymw.Metadata) (string, bool) {
	v, ok := md.Get(requestIDKey{}).(string)
	return v, ok
}

// SetRequestIDMetadata records the request ID id in md.
func SetRequestIDMetadata(md *smithymw.Metadata, id string) { md.Set(requestIDKey{}, id) }

// GetHostIDMetadata returns the host ID (S3's x-amz-id-2) recorded in md.
func GetHostIDMetadata(md smithymw.Metadata) (string, bool) {
	v, ok := md.Get(hostIDKey{}).(string)
	return v, ok
}

// SetHostIDMetadata records the host ID id in md.
func SetHostIDMetadata(md *smithymw.Metadata, id string) { md.Set(hostIDKey{}, id) }
