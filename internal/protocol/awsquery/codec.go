package awsquery

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"reflect"
	"strings"
	"sync"

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

var bufPool = sync.Pool{New: func() any { b := make([]byte, 0, 512); return &b }}

func getBuf() *[]byte { return bufPool.Get().(*[]byte) }

func putBuf(b *[]byte) {
	if cap(*b) > 1<<20 {
		return // let very large buffers go
	}
	*b = (*b)[:0]
	bufPool.Put(b)
}

// SerializeRequest implements [protocol.Codec]. It sends a POST to the
// endpoint's path (with a trailing slash) whose form-encoded body is
// Action, Version and the input members.
func (Codec) SerializeRequest(op *protocol.Operation, input any, req *smithyhttp.Request) error {
	v := noInputValue
	if rv := reflect.ValueOf(input); input != nil && !(rv.Kind() == reflect.Pointer && rv.IsNil()) {
		v = reflect.Indirect(rv)
	}
	if v.Kind() != reflect.Struct {
		return fmt.Errorf("awsquery: %s: input must be a pointer to a struct, got %T", op.Name, input)
	}
	sp := protocol.PlanOf(v.Type())
	req.Method = "POST"
	// The HTTP binding code expands the host prefix; the query protocol
	// has no other bindings, and its path is always "/" under the
	// endpoint's path.
	if err := protocol.SerializeHTTPBindings(op, sp, v, req); err != nil {
		return fmt.Errorf("awsquery: %w", err)
	}
	if !strings.HasSuffix(req.URL.Path, "/") {
		req.URL.Path += "/"
		if req.URL.RawPath != "" {
			req.URL.RawPath += "/"
		}
	}

	bp, kp, sp2 := getBuf(), getBuf(), getBuf()
	e := encoder{b: *bp, key: *kp, scratch: *sp2}
	e.b = append(e.b, "Action="...)
	e.b = appendEscaped(e.b, op.Name)
	if op.Version != "" {
		e.b = append(e.b, "&Version="...)
		e.b = appendEscaped(e.b, op.Version)
	}
	err := e.structure(sp, v)
	body := bytes.Clone(e.b)
	*bp, *kp, *sp2 = e.b, e.key, e.scratch
	putBuf(bp)
	putBuf(kp)
	putBuf(sp2)
	if err != nil {
		return fmt.Errorf("awsquery: %s: %w", op.Name, err)
	}
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	return setStream(req, bytes.NewReader(body))
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
		if cerr := drainAndClose(resp); err == nil && cerr != nil {
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
	bp := getBuf()
	defer putBuf(bp)
	body, err := readBodyInto(resp, *bp)
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

// readBodyInto reads the whole body into buf[:0], growing it as needed.
func readBodyInto(resp *smithyhttp.Response, buf []byte) ([]byte, error) {
	buf = buf[:0]
	if resp == nil || resp.Body == nil {
		return buf, nil
	}
	if n := resp.ContentLength; n > 0 && n < 1<<30 && int64(cap(buf)) < n+1 {
		buf = make([]byte, 0, n+1)
	}
	for {
		if len(buf) == cap(buf) {
			buf = append(buf, 0)[:len(buf)]
		}
		n, err := resp.Body.Read(buf[len(buf):cap(buf)])
		buf = buf[:len(buf)+n]
		if errors.Is(err, io.EOF) {
			return buf, nil
		}
		if err != nil {
			return buf, err
		}
	}
}

func drainAndClose(resp *smithyhttp.Response) error {
	if resp == nil || resp.Body == nil {
		return nil
	}
	_, _ = io.Copy(io.Discard, resp.Body)
	return resp.Body.Close()
}
