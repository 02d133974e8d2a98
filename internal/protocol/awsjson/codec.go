package awsjson

import (
	"bytes"
	"fmt"
	"hash/crc32"
	"reflect"
	"strconv"
	"sync"

	"github.com/aws/smithy-go"
	smithyhttp "github.com/aws/smithy-go/transport/http"

	"github.com/nimbus-sdk/nimbus/internal/protocol"
	"github.com/nimbus-sdk/nimbus/internal/protocol/jsoncodec"
)

// Codec implements [protocol.Codec] for the AWS JSON 1.0 and 1.1
// protocols. It is stateless and safe for concurrent use.
type Codec struct {
	// Version is the protocol version, "1.0" or "1.1"; it selects the
	// Content-Type application/x-amz-json-<Version>. Empty means "1.0".
	Version string
	// QueryCompatible is set for services with the
	// aws.protocols#awsQueryCompatible trait (SQS): requests carry
	// x-amzn-query-mode: true, and an x-amzn-query-error response header
	// ("Code;Fault") gives the error code and fault.
	QueryCompatible bool
	// CheckCRC32 verifies the X-Amz-Crc32 response header (DynamoDB)
	// against the CRC-32 of the body and fails with a *CRC32Error when
	// they differ. Responses without the header are not checked.
	CheckCRC32 bool
}

var _ protocol.Codec = Codec{}

// noInput stands in for a nil input.
type noInput struct {
	_ struct{} `shape:"Unit"`
}

var noInputValue = reflect.ValueOf(&noInput{}).Elem()

// httpOps caches, per operation, the view of it used for the HTTP
// bindings awsJson has: the path "/" and the endpoint host prefix.
var httpOps sync.Map // *protocol.Operation -> *protocol.Operation

func httpOp(op *protocol.Operation) *protocol.Operation {
	if h, ok := httpOps.Load(op); ok {
		return h.(*protocol.Operation)
	}
	h := &protocol.Operation{Name: op.Name, URI: "/", HostPrefix: op.HostPrefix}
	got, _ := httpOps.LoadOrStore(op, h)
	return got.(*protocol.Operation)
}

func (c Codec) contentType() string {
	if c.Version == "" {
		return "application/x-amz-json-1.0"
	}
	return "application/x-amz-json-" + c.Version
}

// SerializeRequest implements [protocol.Codec]: a POST to the endpoint's
// path plus "/", with X-Amz-Target and every input member in a JSON
// object body ("{}" for no input).
func (c Codec) SerializeRequest(op *protocol.Operation, input any, req *smithyhttp.Request) error {
	v := noInputValue
	if rv := reflect.ValueOf(input); input != nil && !(rv.Kind() == reflect.Pointer && rv.IsNil()) {
		v = reflect.Indirect(rv)
	}
	if v.Kind() != reflect.Struct {
		return fmt.Errorf("awsjson: %s: input must be a pointer to a struct, got %T", op.Name, input)
	}
	sp := protocol.PlanOf(v.Type())
	req.Method = "POST"
	if err := protocol.SerializeHTTPBindings(httpOp(op), sp, v, req); err != nil {
		return fmt.Errorf("awsjson: %w", err)
	}
	req.Header.Set("X-Amz-Target", op.Target)
	if c.QueryCompatible {
		req.Header.Set("X-Amzn-Query-Mode", "true")
	}
	bp := protocol.GetBuffer()
	b, err := jsoncodec.AppendStruct(*bp, sp, v, jsoncodec.MemberNames)
	body := bytes.Clone(b)
	*bp = b
	protocol.PutBuffer(bp)
	if err != nil {
		return &smithy.SerializationError{Err: fmt.Errorf("awsjson: %s: %w", op.Name, err)}
	}
	req.Header.Del("Content-Type")
	return jsoncodec.SetBody(req, body, c.contentType())
}

// DeserializeResponse implements [protocol.Codec].
func (c Codec) DeserializeResponse(op *protocol.Operation, resp *smithyhttp.Response, output any) error {
	bp := protocol.GetBuffer()
	defer protocol.PutBuffer(bp)
	defer protocol.DrainAndClose(resp)
	body, err := protocol.ReadBody(resp, *bp)
	*bp = body
	if err != nil {
		return &smithy.DeserializationError{Err: fmt.Errorf("awsjson: %s: read response body: %w", op.Name, err)}
	}
	if err := c.checkCRC32(resp, body); err != nil {
		return err
	}
	rv := reflect.ValueOf(output)
	if output == nil || rv.Kind() != reflect.Pointer || rv.IsNil() {
		return nil
	}
	v := rv.Elem()
	if err := jsoncodec.Unmarshal(body, protocol.PlanOf(v.Type()), v, jsoncodec.MemberNames); err != nil {
		return &smithy.DeserializationError{Err: fmt.Errorf("awsjson: %s: %w", op.Name, err), Snapshot: snapshot(body)}
	}
	return nil
}

// DeserializeError implements [protocol.Codec]; see the package
// documentation for how the error code is found.
func (c Codec) DeserializeError(op *protocol.Operation, resp *smithyhttp.Response) error {
	bp := protocol.GetBuffer()
	defer protocol.PutBuffer(bp)
	defer protocol.DrainAndClose(resp)
	body, err := protocol.ReadBody(resp, *bp)
	*bp = body
	if err != nil {
		body = body[:0]
	}
	if err := c.checkCRC32(resp, body); err != nil {
		return err
	}
	return jsoncodec.DecodeError(op, resp, body, jsoncodec.ErrorOptions{
		Names:           jsoncodec.MemberNames,
		QueryCompatible: c.QueryCompatible,
	})
}

func (c Codec) checkCRC32(resp *smithyhttp.Response, body []byte) error {
	if !c.CheckCRC32 || resp == nil {
		return nil
	}
	h := resp.Header.Get("X-Amz-Crc32")
	if h == "" {
		return nil
	}
	want, err := strconv.ParseUint(h, 10, 32)
	if err != nil {
		return &CRC32Error{Header: h, Actual: crc32.ChecksumIEEE(body)}
	}
	if got := crc32.ChecksumIEEE(body); got != uint32(want) {
		return &CRC32Error{Header: h, Expected: uint32(want), Actual: got}
	}
	return nil
}

// snapshot keeps the start of a body that failed to decode, for the
// error.
func snapshot(body []byte) []byte {
	return bytes.Clone(body[:min(len(body), 1024)])
}

var _ protocol.EventCodec = Codec{}

// UnmarshalEventPayload implements [protocol.EventCodec].
func (Codec) UnmarshalEventPayload(payload []byte, sp *protocol.Struct, pv *protocol.Value, v reflect.Value) error {
	return jsoncodec.UnmarshalEvent(payload, sp, pv, v, jsoncodec.MemberNames)
}

// AppendEventPayload implements [protocol.EventCodec].
func (Codec) AppendEventPayload(dst []byte, sp *protocol.Struct, pv *protocol.Value, v reflect.Value) ([]byte, error) {
	return jsoncodec.AppendEvent(dst, sp, pv, v, jsoncodec.MemberNames)
}

// EventContentType implements [protocol.EventCodec].
func (Codec) EventContentType() string { return "application/json" }
