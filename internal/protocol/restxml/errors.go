package restxml

import (
	"net/http"
	"reflect"
	"strings"

	"github.com/aws/smithy-go"
	smithyhttp "github.com/aws/smithy-go/transport/http"

	"github.com/nimbus-sdk/nimbus/internal/protocol"
)

// errorInfo is what an error response says about itself.
type errorInfo struct {
	code, message, requestID, typ string
	// at is the reader positioned just after the <Error> start tag, used
	// to decode a modelled error's members.
	at    xmlReader
	start token
	found bool
}

// DeserializeError implements [protocol.Codec]. It accepts both the
// wrapped form (<ErrorResponse><Error>...</Error><RequestId/></ErrorResponse>)
// and S3's unwrapped form (<Error>...<RequestId/></Error>). A response
// without a usable body (HEAD requests) gets a code derived from its
// status, e.g. NotFound for 404.
func (Codec) DeserializeError(op *protocol.Operation, resp *smithyhttp.Response) error {
	bp := getBuf()
	defer putBuf(bp)
	body, readErr := readBodyInto(resp, *bp)
	*bp = body
	_ = drainAndClose(resp)

	info := errorInfo{}
	if readErr == nil {
		info = scanError(body)
	}
	if info.code == "" {
		info.code = statusCode(resp.StatusCode)
	}
	rerr := &protocol.ResponseError{
		StatusCode: resp.StatusCode,
		RequestID:  resp.Header.Get("X-Amz-Request-Id"),
		HostID:     resp.Header.Get("X-Amz-Id-2"),
	}
	if rerr.RequestID == "" {
		rerr.RequestID = resp.Header.Get("X-Amzn-Requestid")
	}
	if rerr.RequestID == "" {
		rerr.RequestID = info.requestID
	}

	fault := smithy.FaultClient
	switch {
	case info.typ == "Receiver":
		fault = smithy.FaultServer
	case info.typ == "Sender":
	case resp.StatusCode >= 500:
		fault = smithy.FaultServer
	}

	if t, ok := op.Errors[info.code]; ok {
		if err := decodeModelledError(t, info, resp); err != nil {
			rerr.Err = err
			return rerr
		}
	}
	rerr.Err = &smithy.GenericAPIError{Code: info.code, Message: info.message, Fault: fault}
	return rerr
}

// decodeModelledError builds the modelled error of type t, or returns nil
// when t is not usable as an error.
func decodeModelledError(t reflect.Type, info errorInfo, resp *smithyhttp.Response) error {
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
	if info.found {
		d := decoder{r: info.at}
		_ = d.structure(sp, v, info.start)
	}
	if info.message != "" {
		for _, name := range [...]string{"Message", "message"} {
			m := sp.MemberByName(name)
			if m == nil || m.Location != protocol.LocBody || m.Kind != protocol.KindString {
				continue
			}
			if fv := v.Field(m.Index); fv.IsZero() {
				protocol.Settable(fv, &m.Value).SetString(info.message)
			}
			break
		}
	}
	return ptr.Interface().(error)
}

// scanError finds the Error element and reads Code, Message, Type and
// RequestId from it (and RequestId from an ErrorResponse wrapper).
func scanError(body []byte) errorInfo {
	var info errorInfo
	r := xmlReader{buf: body}
	root, ok, err := r.root()
	if err != nil || !ok {
		return info
	}
	if string(root.name) == "Error" {
		scanErrorElement(&r, root, &info)
		return info
	}
	// <ErrorResponse> (or any other wrapper): look for Error and RequestId.
	for {
		t, ok, err := r.nextElement()
		if err != nil || !ok {
			return info
		}
		switch string(t.name) {
		case "Error":
			if !info.found {
				scanErrorElement(&r, t, &info)
				continue
			}
		case "RequestId", "RequestID":
			if text, err := r.text(nil); err == nil {
				info.requestID = string(text)
			}
			continue
		}
		if r.skip() != nil {
			return info
		}
	}
}

func scanErrorElement(r *xmlReader, start token, info *errorInfo) {
	info.at = *r
	info.at.stack = append([][]byte(nil), r.stack...)
	info.start = start
	info.found = true
	for {
		t, ok, err := r.nextElement()
		if err != nil || !ok {
			return
		}
		var dst *string
		switch string(t.name) {
		case "Code":
			dst = &info.code
		case "Message":
			dst = &info.message
		case "Type":
			dst = &info.typ
		case "RequestId", "RequestID":
			dst = &info.requestID
		}
		if dst == nil {
			if r.skip() != nil {
				return
			}
			continue
		}
		text, err := r.text(nil)
		if err != nil {
			return
		}
		*dst = strings.TrimSpace(string(text))
	}
}

// statusCode derives an error code from an HTTP status for responses
// without an error body, such as S3 HEAD requests: 404 is NotFound, 403
// Forbidden, 400 BadRequest, 301 MovedPermanently, others the status text
// without spaces.
func statusCode(status int) string {
	switch status {
	case http.StatusNotFound:
		return "NotFound"
	case http.StatusForbidden:
		return "Forbidden"
	case http.StatusBadRequest:
		return "BadRequest"
	case http.StatusMovedPermanently:
		return "MovedPermanently"
	}
	if text := http.StatusText(status); text != "" {
		return strings.NewReplacer(" ", "", "-", "", "'", "").Replace(text)
	}
	return "UnknownError"
}
