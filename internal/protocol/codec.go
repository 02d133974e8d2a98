package protocol

import (
	"reflect"

	smithyhttp "github.com/aws/smithy-go/transport/http"
)

// A Codec turns generated input values into HTTP requests and HTTP
// responses into generated output values or errors, for one protocol.
// Implementations are stateless and safe for concurrent use.
type Codec interface {
	// SerializeRequest encodes input (a pointer to a generated input
	// struct) into req: method, path and query from op.URI, headers, host
	// prefix and body. req.URL already holds the resolved endpoint's
	// scheme and host; the codec appends the operation path to any path
	// the endpoint has. Streaming payloads are set with req.SetStream
	// without being read.
	SerializeRequest(op *Operation, input any, req *smithyhttp.Request) error

	// DeserializeResponse decodes a successful response into output (a
	// pointer to a generated output struct). A streaming payload member
	// receives resp.Body unread and the caller owns it; otherwise the codec
	// reads the body fully and closes it.
	DeserializeResponse(op *Operation, resp *smithyhttp.Response, output any) error

	// DeserializeError decodes an error response into the modelled error
	// type from op.Errors (a pointer to the generated struct) or a
	// *smithy.GenericAPIError, reading and closing the body.
	DeserializeError(op *Operation, resp *smithyhttp.Response) error
}

// A QuerySerializer is a [Codec] whose protocol also accepts a request as
// a GET whose query string carries every parameter, with no body (awsQuery
// and ec2Query do; AWS documents both forms). Presigning uses it, since a
// presigned URL has no body to sign: the client checks for it with a type
// assertion and falls back to SerializeRequest.
type QuerySerializer interface {
	// SerializeQueryRequest encodes input into req as SerializeRequest
	// does, but as a GET with the parameters appended to req.URL.RawQuery,
	// no body and no Content-Type.
	SerializeQueryRequest(op *Operation, input any, req *smithyhttp.Request) error
}

// An EventCodec is a [Codec] whose protocol carries event streams
// (application/vnd.amazon.eventstream): it reads and writes the payloads of
// event messages in the protocol's document format.
type EventCodec interface {
	// UnmarshalEventPayload decodes payload into v: the body members of
	// structure sp when pv is nil (an event without an @eventPayload
	// member, an exception, an initial response), else the value position
	// pv (an @eventPayload structure or union).
	UnmarshalEventPayload(payload []byte, sp *Struct, pv *Value, v reflect.Value) error
	// AppendEventPayload appends the encoding of v, chosen as for
	// UnmarshalEventPayload, to dst.
	AppendEventPayload(dst []byte, sp *Struct, pv *Value, v reflect.Value) ([]byte, error)
	// EventContentType is the :content-type of the structured payloads
	// AppendEventPayload writes.
	EventContentType() string
}
