package protocol

import (
	"net/http"
	"reflect"
	"strings"

	"github.com/aws/smithy-go"
	smithyhttp "github.com/aws/smithy-go/transport/http"
)

// This file holds the error rules the RPC protocols share once each has
// found the error code in its own format: awsJson and restJson1 (package
// jsoncodec) and rpcv2Cbor (package rpcv2cbor).

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

// QueryErrorHeader returns the code and fault of the x-amzn-query-error
// header ("Code;Fault") that services with the
// aws.protocols#awsQueryCompatible trait send with an error: the code
// and fault their awsQuery API used. Both are "" when the header is
// absent.
func QueryErrorHeader(h http.Header) (code, fault string) {
	v := h.Get("X-Amzn-Query-Error")
	if v == "" {
		return "", ""
	}
	code, fault, _ = strings.Cut(v, ";")
	return strings.TrimSpace(code), strings.TrimSpace(fault)
}

// ErrorTypeOf returns the Go type of op's modelled error with the
// (sanitized) code, or, for an awsQueryCompatible service
// (queryCompatible set), with the code of header's x-amzn-query-error;
// nil when neither names one.
func ErrorTypeOf(op *Operation, code string, header http.Header, queryCompatible bool) reflect.Type {
	if t, ok := op.Errors[code]; ok {
		return t
	}
	if queryCompatible {
		if q, _ := QueryErrorHeader(header); q != "" {
			return op.Errors[q]
		}
	}
	return nil
}

// APIErrorInput is what [NewAPIError] needs to know of an error response
// whose body a codec has read.
type APIErrorInput struct {
	Op   *Operation
	Resp *smithyhttp.Response
	// Code is the error code the protocol's own rules found (a header, a
	// member of the body), sanitized; "" when nothing names the error.
	Code string
	// Message is the error message the body carries, if any.
	Message string
	// RequestID is the response's request ID.
	RequestID string
	// QueryCompatible is set for services with the
	// aws.protocols#awsQueryCompatible trait: the x-amzn-query-error
	// header gives the awsQuery error code and fault (see
	// [QueryErrorHeader]).
	QueryCompatible bool
	// Body is the body as read; its start is quoted in the message of an
	// error that nothing names.
	Body []byte
	// Decode fills v, a new value of the modelled error's structure with
	// plan sp, from the body (and headers, for protocols with HTTP
	// bindings). It does what it can: a body that does not decode still
	// yields the typed error with the members that could be read.
	Decode func(sp *Struct, v reflect.Value)
}

// NewAPIError builds the error of an error response, wrapped in a
// *[ResponseError] with the status code and in.RequestID:
//
//   - the modelled error of in.Op whose shape name is in.Code, or (for an
//     awsQueryCompatible service) the x-amzn-query-error code, decoded
//     with in.Decode; its message member is in.Message when the body did
//     not fill it, and when the query code differs from the shape name it
//     is kept in the error's ErrorCodeOverride field;
//   - else a *smithy.GenericAPIError with the query code (when there is
//     one) or in.Code, and the fault from the query header or the status
//     (5xx is a server fault);
//   - and when nothing names the error, the status names it
//     ([StatusErrorCode]) and the message shows the start of the body
//     ([UndecodableMessage]).
func NewAPIError(in *APIErrorInput) error {
	resp := in.Resp
	var queryCode, queryFault string
	if in.QueryCompatible {
		queryCode, queryFault = QueryErrorHeader(resp.Header)
	}
	rerr := NewResponseError(resp, in.RequestID, "")
	t, ok := in.Op.Errors[in.Code]
	if !ok && queryCode != "" {
		t, ok = in.Op.Errors[queryCode]
	}
	if ok {
		if err := newModelled(t, in, queryCode); err != nil {
			rerr.Err = err
			return rerr
		}
	}
	fault := smithy.FaultClient
	if queryFault == "Receiver" || (queryFault == "" && resp.StatusCode >= 500) {
		fault = smithy.FaultServer
	}
	code := in.Code
	if queryCode != "" {
		code = queryCode
	}
	message := in.Message
	if code == "" {
		// Nothing names the error: a proxy's page, a body of another
		// protocol. The status names it, and the message shows the body.
		code = StatusErrorCode(resp.StatusCode)
		if message == "" {
			message = UndecodableMessage(resp, in.Body, nil)
		}
	}
	rerr.Err = &smithy.GenericAPIError{Code: code, Message: message, Fault: fault}
	return rerr
}

// newModelled builds the modelled error of type t, or returns nil when t
// is not an error type.
func newModelled(t reflect.Type, in *APIErrorInput, queryCode string) error {
	if t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	ptr := reflect.New(t)
	if _, ok := ptr.Interface().(error); !ok {
		return nil
	}
	v := ptr.Elem()
	sp := PlanOf(t)
	if in.Decode != nil {
		in.Decode(sp, v)
	}
	if in.Message != "" {
		for _, name := range [...]string{"message", "Message"} {
			m := sp.MemberByName(name)
			if m == nil || m.Kind != KindString {
				continue
			}
			if fv := v.Field(m.Index); fv.IsZero() {
				Settable(fv, &m.Value).SetString(in.Message)
			}
			break
		}
	}
	if queryCode != "" && queryCode != sp.Shape {
		setErrorCodeOverride(v, queryCode)
	}
	return ptr.Interface().(error)
}

// setErrorCodeOverride stores code in the ErrorCodeOverride field every
// generated error has.
func setErrorCodeOverride(v reflect.Value, code string) {
	f := v.FieldByName("ErrorCodeOverride")
	if !f.IsValid() || !f.CanSet() {
		return
	}
	switch {
	case f.Kind() == reflect.String:
		f.SetString(code)
	case f.Kind() == reflect.Pointer && f.Type().Elem().Kind() == reflect.String:
		p := reflect.New(f.Type().Elem())
		p.Elem().SetString(code)
		f.Set(p)
	}
}
