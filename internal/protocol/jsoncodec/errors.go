package jsoncodec

import (
	"reflect"

	smithyhttp "github.com/aws/smithy-go/transport/http"

	"github.com/nimbus-sdk/nimbus/internal/protocol"
)

// ErrorBody is what a JSON error body says about itself.
type ErrorBody struct {
	// Type is the "__type" member, Code the "code" member, unsanitized.
	Type, Code string
	// Message is the "message", "Message" or "errorMessage" member.
	Message string
}

// ScanErrorBody reads the top-level members of a JSON error body that
// identify the error. A body that is not a JSON object yields what could
// be read before the problem.
func ScanErrorBody(body []byte) ErrorBody {
	var eb ErrorBody
	d := getDecoder(body, MemberNames)
	defer putDecoder(d)
	if d.expect('{') != nil {
		return eb
	}
	for first := true; ; first = false {
		ok, err := d.more('}', first)
		if err != nil || !ok {
			return eb
		}
		k, err := d.key()
		if err != nil {
			return eb
		}
		var dst *string
		switch string(k) {
		case "__type":
			dst = &eb.Type
		case "code":
			dst = &eb.Code
		case "message", "Message", "errorMessage":
			if eb.Message == "" {
				dst = &eb.Message
			}
		}
		if dst != nil && d.peek() == '"' {
			s, err := d.scanner.str()
			if err != nil {
				return eb
			}
			*dst = string(s)
			continue
		}
		if d.skip() != nil {
			return eb
		}
	}
}

// SanitizeErrorCode reduces an error type to its shape name; see
// [protocol.SanitizeErrorCode].
func SanitizeErrorCode(s string) string { return protocol.SanitizeErrorCode(s) }

// ErrorOptions tells [DecodeError] the protocol's rules.
type ErrorOptions struct {
	// Names is the member naming rule of the body.
	Names Names
	// HTTPBindings is set for restJson1: modelled errors' members bound
	// to headers are read from the response headers.
	HTTPBindings bool
	// QueryCompatible is set for services with the awsQueryCompatible
	// trait: the x-amzn-query-error header ("Code;Fault") gives the error
	// code that the service's awsQuery API used.
	QueryCompatible bool
}

// DecodeError builds the API error of a JSON error response whose body
// has been read into body. The code comes from the X-Amzn-ErrorType
// header, else the body's "__type", else its "code", sanitized with
// [SanitizeErrorCode]; the message is the body's "message" (or
// "Message", "errorMessage"). [protocol.NewAPIError] does the rest: the
// modelled error (decoded from the body, and for restJson1 the headers)
// or a *smithy.GenericAPIError, the awsQueryCompatible code and fault,
// always wrapped in a *protocol.ResponseError.
func DecodeError(op *protocol.Operation, resp *smithyhttp.Response, body []byte, o ErrorOptions) error {
	eb := ScanErrorBody(body)
	code := resp.Header.Get("X-Amzn-Errortype")
	if code == "" {
		code = eb.Type
	}
	if code == "" {
		code = eb.Code
	}
	requestID := resp.Header.Get("X-Amzn-Requestid")
	if requestID == "" {
		requestID = resp.Header.Get("X-Amz-Request-Id")
	}
	return protocol.NewAPIError(&protocol.APIErrorInput{
		Op:              op,
		Resp:            resp,
		Code:            SanitizeErrorCode(code),
		Message:         eb.Message,
		RequestID:       requestID,
		QueryCompatible: o.QueryCompatible,
		Body:            body,
		Decode: func(sp *protocol.Struct, v reflect.Value) {
			if o.HTTPBindings {
				_ = protocol.DeserializeHTTPBindings(sp, v, resp.Response)
			}
			_ = Unmarshal(body, sp, v, o.Names)
		},
	})
}
