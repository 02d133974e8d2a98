package query

import (
	"reflect"
	"sync"

	"github.com/aws/smithy-go"
	smithyhttp "github.com/aws/smithy-go/transport/http"

	"github.com/nimbus-sdk/nimbus/internal/protocol"
	"github.com/nimbus-sdk/nimbus/internal/protocol/internal/xmldec"
)

// DeserializeError is [Codec.DeserializeError]; both dialects read every
// form.
func (rules) DeserializeError(op *protocol.Operation, resp *smithyhttp.Response) error {
	bp := protocol.GetBuffer()
	defer protocol.PutBuffer(bp)
	body, readErr := protocol.ReadBody(resp, *bp)
	*bp = body
	_ = protocol.DrainAndClose(resp)

	info := xmldec.ScanErrorResponse(resp, body, readErr)
	rerr := protocol.NewResponseError(resp, resp.Header.Get("X-Amzn-Requestid"), "")
	if rerr.RequestID == "" {
		rerr.RequestID = info.RequestID
	}

	if t := ErrorType(op, info.Code); t != nil {
		ptr := reflect.New(t)
		if err, ok := ptr.Interface().(error); ok {
			info.DecodeInto(protocol.PlanOf(t), ptr.Elem())
			rerr.Err = err
			return rerr
		}
	}
	rerr.Err = &smithy.GenericAPIError{Code: info.Code, Message: info.Message, Fault: info.Fault(resp.StatusCode)}
	return rerr
}

// ErrorType returns the struct type of the modelled error of op with wire
// code code, or nil. An error shape whose awsQueryError trait gives it a custom
// code carries the shape tag queryErrorCode:"<code>"; it matches that code
// and not its shape name. op.Errors may be keyed by shape name or by wire
// code: both are found.
func ErrorType(op *protocol.Operation, code string) reflect.Type {
	if len(op.Errors) == 0 {
		return nil
	}
	if t, ok := op.Errors[code]; ok {
		t = structType(t)
		if c := queryErrorCode(t); c == "" || c == code {
			return t
		}
	}
	return customCodes(op.Errors)[code]
}

var customCodeIndex sync.Map // map identity (unsafe pointer) -> map[string]reflect.Type

// customCodes indexes the errors of m that have a queryErrorCode by that
// code. The index is built once per errors map.
func customCodes(m map[string]reflect.Type) map[string]reflect.Type {
	key := reflect.ValueOf(m).UnsafePointer()
	if idx, ok := customCodeIndex.Load(key); ok {
		return idx.(map[string]reflect.Type)
	}
	idx := map[string]reflect.Type{}
	for _, t := range m {
		t = structType(t)
		if c := queryErrorCode(t); c != "" {
			idx[c] = t
		}
	}
	actual, _ := customCodeIndex.LoadOrStore(key, idx)
	return actual.(map[string]reflect.Type)
}

func structType(t reflect.Type) reflect.Type {
	if t.Kind() == reflect.Pointer {
		return t.Elem()
	}
	return t
}

// queryErrorCode returns the queryErrorCode shape tag of struct type t.
func queryErrorCode(t reflect.Type) string {
	if t.Kind() != reflect.Struct {
		return ""
	}
	if f, ok := t.FieldByName("_"); ok {
		return f.Tag.Get("queryErrorCode")
	}
	return ""
}
