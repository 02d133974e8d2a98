package protocol

import (
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
