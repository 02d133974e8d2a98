package jsoncodec

import (
	"reflect"
	"strings"

	"github.com/aws/smithy-go"
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

// SanitizeErrorCode reduces an error type as services send it to the
// shape name: anything from the first ':' on is dropped (a URI suffix),
// then anything up to the first '#' (a namespace).
func SanitizeErrorCode(s string) string {
	s, _, _ = strings.Cut(s, ":")
	if _, after, found := strings.Cut(s, "#"); found {
		s = after
	}
	return strings.TrimSpace(s)
}

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
// [SanitizeErrorCode]. A code found in op.Errors is decoded into that
// type; anything else becomes a *smithy.GenericAPIError. The result is
// always a *protocol.ResponseError.
func DecodeError(op *protocol.Operation, resp *smithyhttp.Response, body []byte, o ErrorOptions) error {
	eb := ScanErrorBody(body)
	code := resp.Header.Get("X-Amzn-Errortype")
	if code == "" {
		code = eb.Type
	}
	if code == "" {
		code = eb.Code
	}
	code = SanitizeErrorCode(code)

	var queryCode, queryFault string
	if o.QueryCompatible {
		if h := resp.Header.Get("X-Amzn-Query-Error"); h != "" {
			queryCode, queryFault, _ = strings.Cut(h, ";")
			queryCode = strings.TrimSpace(queryCode)
		}
	}

	rerr := &protocol.ResponseError{StatusCode: resp.StatusCode, RequestID: resp.Header.Get("X-Amzn-Requestid"), Header: resp.Header}
	if rerr.RequestID == "" {
		rerr.RequestID = resp.Header.Get("X-Amz-Request-Id")
	}

	t, ok := op.Errors[code]
	if !ok && queryCode != "" {
		t, ok = op.Errors[queryCode]
	}
	if ok {
		if err := decodeModelled(t, resp, body, eb.Message, queryCode, o); err != nil {
			rerr.Err = err
			return rerr
		}
	}
	fault := smithy.FaultClient
	if queryFault == "Receiver" || (queryFault == "" && resp.StatusCode >= 500) {
		fault = smithy.FaultServer
	}
	if queryCode != "" {
		code = queryCode
	}
	if code == "" {
		code = "UnknownError"
	}
	rerr.Err = &smithy.GenericAPIError{Code: code, Message: eb.Message, Fault: fault}
	return rerr
}

// decodeModelled builds the modelled error of type t, or returns nil when
// t is not an error type.
func decodeModelled(t reflect.Type, resp *smithyhttp.Response, body []byte, message, queryCode string, o ErrorOptions) error {
	if t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	ptr := reflect.New(t)
	if _, ok := ptr.Interface().(error); !ok {
		return nil
	}
	v := ptr.Elem()
	sp := protocol.PlanOf(t)
	if o.HTTPBindings {
		_ = protocol.DeserializeHTTPBindings(sp, v, resp.Response)
	}
	// A body that does not decode still yields the typed error with what
	// could be read.
	_ = Unmarshal(body, sp, v, o.Names)
	if message != "" {
		for _, name := range [...]string{"message", "Message"} {
			m := sp.MemberByName(name)
			if m == nil || m.Kind != protocol.KindString {
				continue
			}
			if fv := v.Field(m.Index); fv.IsZero() {
				protocol.Settable(fv, &m.Value).SetString(message)
			}
			break
		}
	}
	if queryCode != "" && queryCode != sp.Shape {
		if f := v.FieldByName("ErrorCodeOverride"); f.IsValid() && f.CanSet() {
			switch {
			case f.Kind() == reflect.String:
				f.SetString(queryCode)
			case f.Kind() == reflect.Pointer && f.Type().Elem().Kind() == reflect.String:
				p := reflect.New(f.Type().Elem())
				p.Elem().SetString(queryCode)
				f.Set(p)
			}
		}
	}
	return ptr.Interface().(error)
}
