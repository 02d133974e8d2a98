package restjson

import (
	"bytes"
	"encoding/base64"
	"fmt"
	"io"
	"reflect"
	"strings"

	"github.com/aws/smithy-go"
	smithyhttp "github.com/aws/smithy-go/transport/http"

	"github.com/nimbus-sdk/nimbus/internal/protocol"
	"github.com/nimbus-sdk/nimbus/internal/protocol/jsoncodec"
)

// Codec implements [protocol.Codec] for the AWS restJson1 protocol. The
// zero value is ready to use; it is stateless and safe for concurrent use.
type Codec struct{}

var _ protocol.Codec = Codec{}

// noInput stands in for a nil input.
type noInput struct {
	_ struct{} `shape:"Unit"`
}

var noInputValue = reflect.ValueOf(&noInput{}).Elem()

const jsonType = "application/json"

// SerializeRequest implements [protocol.Codec].
func (Codec) SerializeRequest(op *protocol.Operation, input any, req *smithyhttp.Request) error {
	v := noInputValue
	if rv := reflect.ValueOf(input); input != nil && !(rv.Kind() == reflect.Pointer && rv.IsNil()) {
		v = reflect.Indirect(rv)
	}
	if v.Kind() != reflect.Struct {
		return fmt.Errorf("restjson: %s: input must be a pointer to a struct, got %T", op.Name, input)
	}
	sp := protocol.PlanOf(v.Type())
	if op.Method != "" {
		req.Method = op.Method
	}
	if err := protocol.SerializeHTTPBindings(op, sp, v, req); err != nil {
		return fmt.Errorf("restjson: %w", err)
	}
	encodeMediaTypeHeaders(sp, req)
	if sp.Payload != nil {
		if err := serializePayload(sp.Payload, v.Field(sp.Payload.Index), req); err != nil {
			return &smithy.SerializationError{Err: fmt.Errorf("restjson: %s: %w", op.Name, err)}
		}
		return nil
	}
	if !sp.HasBody {
		return nil
	}
	return writeJSON(req, func(b []byte) ([]byte, error) {
		return jsoncodec.AppendStruct(b, sp, v, jsoncodec.JSONNames)
	}, op)
}

func writeJSON(req *smithyhttp.Request, fn func([]byte) ([]byte, error), op *protocol.Operation) error {
	bp := protocol.GetBuffer()
	b, err := fn(*bp)
	body := bytes.Clone(b)
	*bp = b
	protocol.PutBuffer(bp)
	if err != nil {
		return &smithy.SerializationError{Err: fmt.Errorf("restjson: %s: %w", op.Name, err)}
	}
	return jsoncodec.SetBody(req, body, jsonType)
}

// serializePayload writes the member bound with httpPayload as the whole
// body. An unset payload sends no body.
func serializePayload(m *protocol.Member, field reflect.Value, req *smithyhttp.Request) error {
	fv, ok := protocol.Indirect(field)
	if !ok {
		if m.Kind == protocol.KindStruct {
			// An unset structure payload is an empty object.
			return jsoncodec.SetBody(req, []byte("{}"), jsonType)
		}
		return nil
	}
	switch m.Kind {
	case protocol.KindStream:
		return jsoncodec.SetStream(req, fv.Interface().(io.Reader), "application/octet-stream")
	case protocol.KindBlob:
		return jsoncodec.SetBody(req, fv.Bytes(), "application/octet-stream")
	case protocol.KindString, protocol.KindEnum:
		return jsoncodec.SetStream(req, strings.NewReader(fv.String()), "text/plain")
	case protocol.KindStruct, protocol.KindUnion:
		var body []byte
		var err error
		if m.Kind == protocol.KindUnion && fv.Type().NumMethod() == 0 {
			body, err = jsoncodec.AppendDocument(nil, fv.Interface())
		} else {
			body, err = jsoncodec.AppendValue(nil, &m.Value, fv, jsoncodec.JSONNames)
		}
		if err != nil {
			return err
		}
		return jsoncodec.SetBody(req, body, jsonType)
	}
	return fmt.Errorf("unsupported payload member %s", m.Name)
}

// mediaTypeMembers lists the header members whose string carries a media
// type (the mediaType tag, Smithy's @mediaType): they travel base64
// encoded.
func mediaTypeMembers(sp *protocol.Struct) []*protocol.Member {
	var out []*protocol.Member
	for _, m := range sp.Members {
		if m.Location == protocol.LocHeader && (m.Kind == protocol.KindString || m.Kind == protocol.KindEnum) {
			if f, ok := sp.Type.FieldByName(m.GoName); ok && f.Tag.Get("mediaType") != "" {
				out = append(out, m)
			}
		}
	}
	return out
}

func encodeMediaTypeHeaders(sp *protocol.Struct, req *smithyhttp.Request) {
	for _, m := range mediaTypeMembers(sp) {
		if vals := req.Header[m.HeaderKey]; len(vals) == 1 {
			req.Header[m.HeaderKey] = []string{base64.StdEncoding.EncodeToString([]byte(vals[0]))}
		}
	}
}

func decodeMediaTypeHeaders(sp *protocol.Struct, v reflect.Value) error {
	for _, m := range mediaTypeMembers(sp) {
		fv, ok := protocol.Indirect(v.Field(m.Index))
		if !ok {
			continue
		}
		b, err := base64.StdEncoding.DecodeString(fv.String())
		if err != nil {
			return fmt.Errorf("header %s: invalid base64: %w", m.LocationName, err)
		}
		fv.SetString(string(b))
	}
	return nil
}

// DeserializeResponse implements [protocol.Codec].
func (Codec) DeserializeResponse(op *protocol.Operation, resp *smithyhttp.Response, output any) (err error) {
	rv := reflect.ValueOf(output)
	if output == nil || rv.Kind() != reflect.Pointer || rv.IsNil() {
		return protocol.DrainAndClose(resp)
	}
	v := rv.Elem()
	sp := protocol.PlanOf(v.Type())
	if err := protocol.DeserializeHTTPBindings(sp, v, resp.Response); err != nil {
		return &smithy.DeserializationError{Err: fmt.Errorf("restjson: %s: %w", op.Name, err)}
	}
	if err := decodeMediaTypeHeaders(sp, v); err != nil {
		return &smithy.DeserializationError{Err: fmt.Errorf("restjson: %s: %w", op.Name, err)}
	}
	m := sp.Payload
	if m != nil && m.Kind == protocol.KindStream {
		if resp.Body != nil {
			v.Field(m.Index).Set(reflect.ValueOf(resp.Body))
		}
		return nil
	}
	if m == nil && !sp.HasResponseBody {
		return protocol.DrainAndClose(resp)
	}
	bp := protocol.GetBuffer()
	defer protocol.PutBuffer(bp)
	defer protocol.DrainAndClose(resp)
	body, err := protocol.ReadBody(resp, *bp)
	*bp = body
	if err != nil {
		return &smithy.DeserializationError{Err: fmt.Errorf("restjson: %s: read response body: %w", op.Name, err)}
	}
	switch {
	case m == nil:
		err = jsoncodec.Unmarshal(body, sp, v, jsoncodec.JSONNames)
	case m.Kind == protocol.KindBlob:
		if len(body) > 0 {
			protocol.Settable(v.Field(m.Index), &m.Value).SetBytes(bytes.Clone(body))
		}
	case m.Kind == protocol.KindString || m.Kind == protocol.KindEnum:
		if len(body) > 0 {
			protocol.Settable(v.Field(m.Index), &m.Value).SetString(string(body))
		}
	default:
		err = jsoncodec.UnmarshalValue(body, &m.Value, v.Field(m.Index), jsoncodec.JSONNames)
	}
	if err != nil {
		return &smithy.DeserializationError{Err: fmt.Errorf("restjson: %s: %w", op.Name, err), Snapshot: bytes.Clone(body[:min(len(body), 1024)])}
	}
	return nil
}

// DeserializeError implements [protocol.Codec]; see the package
// documentation for how the error code is found.
func (Codec) DeserializeError(op *protocol.Operation, resp *smithyhttp.Response) error {
	bp := protocol.GetBuffer()
	defer protocol.PutBuffer(bp)
	defer protocol.DrainAndClose(resp)
	body, err := protocol.ReadBody(resp, *bp)
	*bp = body
	if err != nil {
		body = body[:0]
	}
	return jsoncodec.DecodeError(op, resp, body, jsoncodec.ErrorOptions{
		Names:        jsoncodec.JSONNames,
		HTTPBindings: true,
	})
}

var _ protocol.EventCodec = Codec{}

// UnmarshalEventPayload implements [protocol.EventCodec].
func (Codec) UnmarshalEventPayload(payload []byte, sp *protocol.Struct, pv *protocol.Value, v reflect.Value) error {
	return jsoncodec.UnmarshalEvent(payload, sp, pv, v, jsoncodec.JSONNames)
}

// AppendEventPayload implements [protocol.EventCodec].
func (Codec) AppendEventPayload(dst []byte, sp *protocol.Struct, pv *protocol.Value, v reflect.Value) ([]byte, error) {
	return jsoncodec.AppendEvent(dst, sp, pv, v, jsoncodec.JSONNames)
}

// EventContentType implements [protocol.EventCodec].
func (Codec) EventContentType() string { return jsonType }
