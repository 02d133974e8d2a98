package rpcv2cbor

import (
	"bytes"
	"fmt"
	"reflect"
	"strings"
	"sync"

	"github.com/aws/smithy-go"
	smithyhttp "github.com/aws/smithy-go/transport/http"

	"github.com/nimbus-sdk/nimbus/internal/protocol"
)

// ContentType is the media type of rpcv2Cbor bodies.
const ContentType = "application/cbor"

// protocolHeader is the smithy-protocol header every rpcv2Cbor request
// carries.
const protocolHeader = "rpc-v2-cbor"

// Codec implements [protocol.Codec] for the Smithy RPC v2 CBOR protocol
// (smithy.protocols#rpcv2Cbor). It is stateless and safe for concurrent
// use.
type Codec struct {
	// QueryCompatible is set for services with the
	// aws.protocols#awsQueryCompatible trait (CloudWatch): requests carry
	// x-amzn-query-mode: true, and an x-amzn-query-error response header
	// ("Code;Fault") gives the error code and fault.
	QueryCompatible bool
}

var _ protocol.Codec = Codec{}

// noInput stands in for a nil input.
type noInput struct {
	_ struct{} `shape:"Unit"`
}

var noInputValue = reflect.ValueOf(&noInput{}).Elem()

// paths caches, per operation, the path it appends to the endpoint's:
// /service/{Service}/operation/{Name}. Service and operation names are
// Smithy identifiers, which need no escaping.
var paths sync.Map // *protocol.Operation -> string

func pathOf(op *protocol.Operation) string {
	if p, ok := paths.Load(op); ok {
		return p.(string)
	}
	p, _ := paths.LoadOrStore(op, "/service/"+op.Service+"/operation/"+op.Name)
	return p.(string)
}

// UserAgentFeature returns "M", the business-metric code v2 sends in the
// user agent of every rpc-v2-cbor call.
func (Codec) UserAgentFeature() string { return "M" }

// SerializeRequest implements [protocol.Codec]: a POST to the endpoint's
// path plus /service/{Service}/operation/{Name}, with smithy-protocol:
// rpc-v2-cbor, Accept: application/cbor and the input as a CBOR map with
// Content-Type application/cbor; an operation without input
// ([protocol.Operation.NoInput]) sends no body and no Content-Type.
func (c Codec) SerializeRequest(op *protocol.Operation, input any, req *smithyhttp.Request) error {
	v := noInputValue
	if rv := reflect.ValueOf(input); input != nil && !(rv.Kind() == reflect.Pointer && rv.IsNil()) {
		v = reflect.Indirect(rv)
	}
	if v.Kind() != reflect.Struct {
		return fmt.Errorf("rpcv2cbor: %s: input must be a pointer to a struct, got %T", op.Name, input)
	}
	sp := protocol.PlanOf(v.Type())
	req.Method = "POST"
	path := pathOf(op)
	req.URL.Path = strings.TrimSuffix(req.URL.Path, "/") + path
	if req.URL.RawPath != "" {
		req.URL.RawPath = strings.TrimSuffix(req.URL.RawPath, "/") + path
	}
	// rpcv2Cbor ignores HTTP binding traits (every member goes in the
	// body), except the endpoint's host prefix.
	if err := protocol.ExpandHostPrefix(op, sp, v, req); err != nil {
		return fmt.Errorf("rpcv2cbor: %w", err)
	}
	req.Header.Set("Smithy-Protocol", protocolHeader)
	req.Header.Set("Accept", ContentType)
	req.Header.Del("X-Amz-Target")
	if c.QueryCompatible {
		req.Header.Set("X-Amzn-Query-Mode", "true")
	}
	req.Header.Del("Content-Type")
	if op.NoInput {
		return nil
	}
	bp := protocol.GetBuffer()
	b, err := AppendStruct(*bp, sp, v)
	body := bytes.Clone(b)
	*bp = b
	protocol.PutBuffer(bp)
	if err != nil {
		return &smithy.SerializationError{Err: fmt.Errorf("rpcv2cbor: %s: %w", op.Name, err)}
	}
	req.Header.Set("Content-Type", ContentType)
	req.ContentLength = int64(len(body))
	r, err := req.SetStream(bytes.NewReader(body))
	if err != nil {
		return err
	}
	*req = *r
	return nil
}

// DeserializeResponse implements [protocol.Codec]: the body is the
// output as a CBOR map (an empty body is an empty output).
func (c Codec) DeserializeResponse(op *protocol.Operation, resp *smithyhttp.Response, output any) error {
	bp := protocol.GetBuffer()
	defer protocol.PutBuffer(bp)
	defer protocol.DrainAndClose(resp)
	body, err := protocol.ReadBody(resp, *bp)
	*bp = body
	if err != nil {
		return &smithy.DeserializationError{Err: fmt.Errorf("rpcv2cbor: %s: read response body: %w", op.Name, err)}
	}
	rv := reflect.ValueOf(output)
	if output == nil || rv.Kind() != reflect.Pointer || rv.IsNil() {
		return nil
	}
	v := rv.Elem()
	if err := Unmarshal(body, protocol.PlanOf(v.Type()), v); err != nil {
		return &smithy.DeserializationError{Err: fmt.Errorf("rpcv2cbor: %s: %w", op.Name, err), Snapshot: snapshot(body)}
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
	if pv != nil {
		return UnmarshalValue(payload, pv, v)
	}
	return Unmarshal(payload, sp, v)
}

// AppendEventPayload implements [protocol.EventCodec].
func (Codec) AppendEventPayload(dst []byte, sp *protocol.Struct, pv *protocol.Value, v reflect.Value) ([]byte, error) {
	if pv == nil {
		return AppendStruct(dst, sp, v)
	}
	iv, ok := protocol.Indirect(v)
	if !ok {
		return dst, nil
	}
	return AppendValue(dst, pv, iv)
}

// EventContentType implements [protocol.EventCodec].
func (Codec) EventContentType() string { return ContentType }
