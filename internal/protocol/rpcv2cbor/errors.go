package rpcv2cbor

import (
	"net/http"
	"reflect"

	smithyhttp "github.com/aws/smithy-go/transport/http"

	"github.com/nimbus-sdk/nimbus/internal/protocol"
	"github.com/nimbus-sdk/nimbus/internal/protocol/cbor"
)

// errorBody is what a CBOR error body says about itself.
type errorBody struct {
	// Type is the "__type" member, unsanitized.
	Type string
	// Message is the "message" or "Message" member.
	Message string
}

// scanErrorBody reads the top-level members of an error body that
// identify the error. A body that is not a CBOR map yields what could be
// read before the problem.
func scanErrorBody(body []byte) errorBody {
	var eb errorBody
	d := cbor.NewDecoder(body)
	n, err := d.Container(cbor.MajorMap)
	if err != nil {
		return eb
	}
	for {
		ok, err := d.More(&n)
		if err != nil || !ok {
			return eb
		}
		k, err := d.Text()
		if err != nil {
			return eb
		}
		var dst *string
		switch string(k) {
		case "__type":
			dst = &eb.Type
		case "message", "Message":
			if eb.Message == "" {
				dst = &eb.Message
			}
		}
		if m, ok := d.PeekMajor(); dst != nil && ok && m == cbor.MajorText {
			s, err := d.Text()
			if err != nil {
				return eb
			}
			*dst = string(s)
			continue
		}
		if d.Skip() != nil {
			return eb
		}
	}
}

// errorCode returns the sanitized error code of an error response: the
// body's "__type", the only place rpcv2Cbor puts it (clients must ignore
// X-Amzn-ErrorType).
func errorCode(eb errorBody) string {
	return protocol.SanitizeErrorCode(eb.Type)
}

// wellFormed reports whether a response carries the Smithy-Protocol
// header of the request. The specification calls any other response
// malformed: a client must not interpret its body or headers.
func wellFormed(h http.Header) bool {
	return h.Get("Smithy-Protocol") == protocolHeader
}

// DeserializeError implements [protocol.Codec]. The error code is the
// body's "__type" (a shape ID such as "smithy.example#InvalidGreeting";
// the namespace is dropped), and the message the body's "message" or
// "Message". A code found in [protocol.Operation.Errors] is decoded into
// that type; anything else becomes a *smithy.GenericAPIError. For an
// awsQueryCompatible service the x-amzn-query-error header supplies the
// awsQuery code and fault, as for awsJson (see [protocol.NewAPIError]).
//
// An error response without Smithy-Protocol: rpc-v2-cbor (a proxy's
// page, a service speaking another protocol) is malformed, and only its
// status is read: the error is a *smithy.GenericAPIError named after the
// status, whose message quotes the start of the body.
func (c Codec) DeserializeError(op *protocol.Operation, resp *smithyhttp.Response) error {
	bp := protocol.GetBuffer()
	defer protocol.PutBuffer(bp)
	defer protocol.DrainAndClose(resp)
	body, err := protocol.ReadBody(resp, *bp)
	*bp = body
	if err != nil {
		body = body[:0]
	}
	in := &protocol.APIErrorInput{
		Op:        op,
		Resp:      resp,
		RequestID: resp.Header.Get("X-Amzn-Requestid"),
		Body:      body,
	}
	if wellFormed(resp.Header) {
		eb := scanErrorBody(body)
		in.Code, in.Message, in.QueryCompatible = errorCode(eb), eb.Message, c.QueryCompatible
		in.Decode = func(sp *protocol.Struct, v reflect.Value) {
			_ = Unmarshal(body, sp, v)
		}
	}
	return protocol.NewAPIError(in)
}
