package restxml

import (
	"reflect"

	"github.com/aws/smithy-go"
	smithyhttp "github.com/aws/smithy-go/transport/http"

	"github.com/nimbus-sdk/nimbus/internal/protocol"
	"github.com/nimbus-sdk/nimbus/internal/protocol/internal/xmldec"
)

// DeserializeError implements [protocol.Codec]. It accepts both the
// wrapped form (<ErrorResponse><Error>...</Error><RequestId/></ErrorResponse>)
// and S3's unwrapped form (<Error>...<RequestId/></Error>). A response
// without a usable body (HEAD requests) gets a code derived from its
// status, e.g. NotFound for 404.
func (Codec) DeserializeError(op *protocol.Operation, resp *smithyhttp.Response) error {
	bp := protocol.GetBuffer()
	defer protocol.PutBuffer(bp)
	body, readErr := protocol.ReadBody(resp, *bp)
	*bp = body
	_ = protocol.DrainAndClose(resp)
	return errorFromBody(op, resp, body, readErr)
}

// errorFromBody decodes the error in body, the already read body of resp.
// readErr is the error reading it, if any.
func errorFromBody(op *protocol.Operation, resp *smithyhttp.Response, body []byte, readErr error) error {
	info := xmldec.ScanErrorResponse(resp, body, readErr)
	rerr := protocol.NewResponseError(resp, resp.Header.Get("X-Amz-Request-Id"), resp.Header.Get("X-Amz-Id-2"))
	if rerr.RequestID == "" {
		rerr.RequestID = resp.Header.Get("X-Amzn-Requestid")
	}
	if rerr.RequestID == "" {
		rerr.RequestID = info.RequestID
	}

	if t, ok := op.Errors[info.Code]; ok {
		if err := decodeModelledError(t, &info, resp); err != nil {
			rerr.Err = err
			return rerr
		}
	}
	rerr.Err = &smithy.GenericAPIError{Code: info.Code, Message: info.Message, Fault: info.Fault(resp.StatusCode)}
	return rerr
}

// decodeModelledError builds the modelled error of type t, or returns nil
// when t is not usable as an error.
func decodeModelledError(t reflect.Type, info *xmldec.ErrorInfo, resp *smithyhttp.Response) error {
	if t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	ptr := reflect.New(t)
	if _, ok := ptr.Interface().(error); !ok {
		return nil
	}
	v := ptr.Elem()
	sp := protocol.PlanOf(t)
	// Members bound to headers are decoded; a body that does not parse
	// still yields the typed error with what could be read.
	_ = protocol.DeserializeHTTPBindings(sp, v, resp.Response)
	info.DecodeInto(sp, v)
	return ptr.Interface().(error)
}
