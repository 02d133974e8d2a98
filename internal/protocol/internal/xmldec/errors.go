package xmldec

import (
	"reflect"
	"strings"

	"github.com/aws/smithy-go"
	smithyhttp "github.com/aws/smithy-go/transport/http"

	"github.com/nimbus-sdk/nimbus/internal/protocol"
)

// ErrorInfo is what an XML error response says about itself.
type ErrorInfo struct {
	// Code, Message, Type ("Sender" or "Receiver") and RequestID are the
	// trimmed text of the Error element's children of those names; a
	// RequestId next to the Error element (in an ErrorResponse wrapper)
	// also fills RequestID.
	Code, Message, Type, RequestID string

	// found is set when an Error element was seen; at is a reader
	// positioned just after its start tag, used to decode a modelled
	// error's members.
	found bool
	at    Reader
	start Token
}

// ScanError reads an error body in the wrapped form
// (<ErrorResponse><Error>…</Error><RequestId/></ErrorResponse>), the
// ec2Query form (<Response><Errors><Error>…</Error></Errors><RequestID/></Response>)
// or the bare form (<Error>…<RequestId/></Error>). A body that does not parse
// yields what was read before the problem.
func ScanError(body []byte) ErrorInfo {
	var info ErrorInfo
	r := NewReader(body)
	root, ok, err := r.Root()
	if err != nil || !ok {
		return info
	}
	if string(root.Name) == "Error" {
		scanErrorElement(&r, root, &info)
		return info
	}
	// <ErrorResponse> (or any other wrapper): look for Error and RequestId.
	inErrors := false
	for {
		t, ok, err := r.NextElement()
		if err != nil {
			return info
		}
		if !ok {
			if !inErrors {
				return info
			}
			inErrors = false // </Errors>: back in the wrapper
			continue
		}
		switch string(t.Name) {
		case "Error":
			if !info.found {
				scanErrorElement(&r, t, &info)
				continue
			}
		case "RequestId", "RequestID":
			if text, err := r.Text(nil); err == nil {
				info.RequestID = strings.TrimSpace(string(text))
			}
			continue
		case "Errors":
			// <Response><Errors><Error>: the ec2Query shape, which some
			// awsQuery servers also use. Descend into it.
			if !inErrors {
				inErrors = true
				continue
			}
		}
		if r.Skip() != nil {
			return info
		}
	}
}

func scanErrorElement(r *Reader, start Token, info *ErrorInfo) {
	info.at = r.Clone()
	info.start = start
	info.found = true
	for {
		t, ok, err := r.NextElement()
		if err != nil || !ok {
			return
		}
		var dst *string
		switch string(t.Name) {
		case "Code":
			dst = &info.Code
		case "Message":
			dst = &info.Message
		case "Type":
			dst = &info.Type
		case "RequestId", "RequestID":
			dst = &info.RequestID
		}
		if dst == nil {
			if r.Skip() != nil {
				return
			}
			continue
		}
		text, err := r.Text(nil)
		if err != nil {
			return
		}
		*dst = strings.TrimSpace(string(text))
	}
}

// DecodeInto decodes the members of a modelled error (the struct value v
// of plan sp) from the children of the Error element, then sets a
// "Message" or "message" string member that is still empty from
// info.Message. Decoding is best effort: a member that does not parse is
// left as far as it got.
func (info *ErrorInfo) DecodeInto(sp *protocol.Struct, v reflect.Value) {
	if info.found {
		d := Decoder{R: info.at.Clone()}
		_ = d.Structure(sp, v, info.start)
	}
	if info.Message == "" {
		return
	}
	for _, name := range [...]string{"Message", "message"} {
		m := sp.MemberByName(name)
		if m == nil || m.Location != protocol.LocBody || m.Kind != protocol.KindString {
			continue
		}
		if fv := v.Field(m.Index); fv.IsZero() {
			protocol.Settable(fv, &m.Value).SetString(info.Message)
		}
		return
	}
}

// ScanErrorResponse is [ScanError] for body, the body of the error
// response resp (readErr is the error reading it, if any), with the
// fallbacks the XML codecs share: a body that names no code gets one from
// the status (see [protocol.StatusErrorCode]) and, without a message, one
// that says what the body was.
func ScanErrorResponse(resp *smithyhttp.Response, body []byte, readErr error) ErrorInfo {
	var info ErrorInfo
	if readErr == nil {
		info = ScanError(body)
	}
	if info.Code == "" {
		info.Code = protocol.StatusErrorCode(resp.StatusCode)
		if info.Message == "" {
			info.Message = protocol.UndecodableMessage(resp, body, readErr)
		}
	}
	return info
}

// Fault returns who is at fault for the error: the server when its Type
// is Receiver, the client when it is Sender, and otherwise the server for
// a 5xx status and the client for any other.
func (info *ErrorInfo) Fault(status int) smithy.ErrorFault {
	switch {
	case info.Type == "Receiver":
		return smithy.FaultServer
	case info.Type == "Sender":
		return smithy.FaultClient
	case status >= 500:
		return smithy.FaultServer
	}
	return smithy.FaultClient
}
