package awsquery

import (
	"bytes"
	"fmt"
	"io"
	"reflect"
	"strings"

	smithyhttp "github.com/aws/smithy-go/transport/http"

	"github.com/nimbus-sdk/nimbus/internal/protocol"
	"github.com/nimbus-sdk/nimbus/internal/protocol/internal/xmldec"
)

// Codec implements [protocol.Codec] for the AWS query protocol. The zero
// value is ready to use; it is stateless and safe for concurrent use.
type Codec struct{}

var _ protocol.Codec = Codec{}

// noInput stands in for a nil input (an operation without input).
type noInput struct {
	_ struct{} `shape:"Unit"`
}

var noInputValue = reflect.ValueOf(&noInput{}).Elem()

var _ protocol.QuerySerializer = Codec{}

// SerializeRequest implements [protocol.Codec]. It sends a POST to the
// endpoint's path (with a trailing slash) whose form-encoded body is
// Action, Version and the input members.
func (Codec) SerializeRequest(op *protocol.Operation, input any, req *smithyhttp.Request) error {
	params, err := serializeParams(op, input, req)
	if err != nil {
		return err
	}
	req.Method = "POST"
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	return setStream(req, bytes.NewReader(params))
}

// SerializeQueryRequest implements [protocol.QuerySerializer]. It sends
// the parameters SerializeRequest would put in the body in the query
// string of a GET instead, with no body and no Content-Type; presigned
// URLs (an EKS token's presigned sts:GetCallerIdentity among them) take
// this form.
func (Codec) SerializeQueryRequest(op *protocol.Operation, input any, req *smithyhttp.Request) error {
	params, err := serializeParams(op, input, req)
	if err != nil {
		return err
	}
	// appendEscaped turns a space into '+', which a form body means as a
	// space but SigV4 canonicalises in a query as a literal '+' (%2B).
	// Every other '+' was escaped as %2B, so each '+' left is a space.
	params = bytes.ReplaceAll(params, []byte("+"), []byte("%20"))
	req.Method = "GET"
	if req.URL.RawQuery != "" {
		req.URL.RawQuery += "&" + string(params)
	} else {
		req.URL.RawQuery = string(params)
	}
	req.Header.Del("Content-Type")
	return nil
}

// serializeParams sets req's path and host prefix for op and returns the
// form-encoded parameters: Action, Version and the input members.
func serializeParams(op *protocol.Operation, input any, req *smithyhttp.Request) ([]byte, error) {
	v := noInputValue
	if rv := reflect.ValueOf(input); input != nil && !(rv.Kind() == reflect.Pointer && rv.IsNil()) {
		v = reflect.Indirect(rv)
	}
	if v.Kind() != reflect.Struct {
		return nil, fmt.Errorf("awsquery: %s: input must be a pointer to a struct, got %T", op.Name, input)
	}
	sp := protocol.PlanOf(v.Type())
	// The HTTP binding code expands the host prefix; the query protocol
	// has no other bindings, and its path is always "/" under the
	// endpoint's path.
	if err := protocol.SerializeHTTPBindings(op, sp, v, req); err != nil {
		return nil, fmt.Errorf("awsquery: %w", err)
	}
	if !strings.HasSuffix(req.URL.Path, "/") {
		req.URL.Path += "/"
		if req.URL.RawPath != "" {
			req.URL.RawPath += "/"
		}
	}

	bp, kp, sp2 := protocol.GetBuffer(), protocol.GetBuffer(), protocol.GetBuffer()
	e := encoder{b: *bp, key: *kp, scratch: *sp2}
	e.b = append(e.b, "Action="...)
	e.b = appendEscaped(e.b, op.Name)
	if op.Version != "" {
		e.b = append(e.b, "&Version="...)
		e.b = appendEscaped(e.b, op.Version)
	}
	err := e.structure(sp, v)
	params := bytes.Clone(e.b)
	*bp, *kp, *sp2 = e.b, e.key, e.scratch
	protocol.PutBuffer(bp)
	protocol.PutBuffer(kp)
	protocol.PutBuffer(sp2)
	if err != nil {
		return nil, fmt.Errorf("awsquery: %s: %w", op.Name, err)
	}
	return params, nil
}

// setStream attaches r as the request body in place. smithyhttp's
// SetStream returns a clone without the request's context, so the context
// is carried over.
func setStream(req *smithyhttp.Request, r io.Reader) error {
	ctx := req.Context()
	nr, err := req.SetStream(r)
	if err != nil {
		return err
	}
	nr.Request = nr.Request.WithContext(ctx)
	*req = *nr
	return nil
}

// DeserializeResponse implements [protocol.Codec]. The output members are
// read from the <OperationResult> element inside the document root
// (<OperationResponse>); the output shape's own xmlName is not used.
func (Codec) DeserializeResponse(op *protocol.Operation, resp *smithyhttp.Response, output any) (err error) {
	defer func() {
		if cerr := protocol.DrainAndClose(resp); err == nil && cerr != nil {
			err = cerr
		}
	}()
	rv := reflect.ValueOf(output)
	if output == nil || rv.Kind() != reflect.Pointer || rv.IsNil() {
		return nil
	}
	v := rv.Elem()
	sp := protocol.PlanOf(v.Type())
	if !sp.HasResponseBody {
		return nil
	}
	bp := protocol.GetBuffer()
	defer protocol.PutBuffer(bp)
	body, err := protocol.ReadBody(resp, *bp)
	*bp = body
	if err != nil {
		return fmt.Errorf("awsquery: %s: read response: %w", op.Name, err)
	}
	if len(bytes.TrimSpace(body)) == 0 {
		return nil
	}
	if err := decodeResult(op.Name, sp, v, body); err != nil {
		return &DeserializationError{Operation: op.Name, Err: err}
	}
	return nil
}

// decodeResult decodes the members inside <{name}Result> (any element
// whose name ends in "Result" when name is empty) into v.
func decodeResult(name string, sp *protocol.Struct, v reflect.Value, body []byte) error {
	d := xmldec.Decoder{R: xmldec.NewReader(body)}
	if _, ok, err := d.R.Root(); err != nil || !ok {
		return err
	}
	for {
		t, ok, err := d.R.NextElement()
		if err != nil || !ok {
			return err
		}
		if isResultElement(t.Name, name) {
			return d.Structure(sp, v, t)
		}
		if err := d.R.Skip(); err != nil {
			return err
		}
	}
}

func isResultElement(elem []byte, op string) bool {
	if !bytes.HasSuffix(elem, []byte("Result")) {
		return false
	}
	return op == "" || len(elem) == len(op)+len("Result") && string(elem[:len(op)]) == op
}

// DeserializationError reports a response body that could not be
// decoded.
type DeserializationError struct {
	// Operation is the operation name.
	Operation string
	// Err is the underlying decoding error.
	Err error
}

// Error implements error.
func (e *DeserializationError) Error() string {
	return fmt.Sprintf("awsquery: %s: decode response: %v", e.Operation, e.Err)
}

// Unwrap returns the underlying decoding error.
func (e *DeserializationError) Unwrap() error { return e.Err }
