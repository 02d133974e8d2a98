package restxml

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

// Codec implements [protocol.Codec] for the AWS restXml protocol. The zero
// value is ready to use; it is stateless and safe for concurrent use.
type Codec struct{}

var _ protocol.Codec = Codec{}

// noInput stands in for a nil input (an operation without input).
type noInput struct {
	_ struct{} `shape:"Unit"`
}

var noInputValue = reflect.ValueOf(&noInput{}).Elem()

// SerializeRequest implements [protocol.Codec].
func (Codec) SerializeRequest(op *protocol.Operation, input any, req *smithyhttp.Request) error {
	v := noInputValue
	if rv := reflect.ValueOf(input); input != nil && !(rv.Kind() == reflect.Pointer && rv.IsNil()) {
		v = reflect.Indirect(rv)
	}
	if v.Kind() != reflect.Struct {
		return fmt.Errorf("restxml: %s: input must be a pointer to a struct, got %T", op.Name, input)
	}
	sp := protocol.PlanOf(v.Type())
	if op.Method != "" {
		req.Method = op.Method
	}
	if err := protocol.SerializeHTTPBindings(op, sp, v, req); err != nil {
		return err
	}

	switch {
	case sp.Payload != nil:
		return serializePayload(op, sp.Payload, v.Field(sp.Payload.Index), req)
	case sp.HasBody:
		name := op.InputXMLName
		if name == "" {
			name = sp.RootXMLName()
		}
		ns := orNamespace(sp.XMLNamespace, op.XMLNamespace)
		return writeXMLBody(req, func(e *encoder) error {
			return e.structure(sp, v, name, ns)
		})
	}
	return nil
}

func serializePayload(op *protocol.Operation, m *protocol.Member, field reflect.Value, req *smithyhttp.Request) error {
	fv, ok := protocol.Indirect(field)
	if !ok {
		return nil
	}
	switch m.Kind {
	case protocol.KindStream:
		setDefaultContentType(req, "application/octet-stream")
		return protocol.SetStream(req, fv.Interface().(io.Reader))
	case protocol.KindBlob:
		setDefaultContentType(req, "application/octet-stream")
		return protocol.SetStream(req, bytes.NewReader(fv.Bytes()))
	case protocol.KindString, protocol.KindEnum:
		setDefaultContentType(req, "text/plain")
		return protocol.SetStream(req, strings.NewReader(fv.String()))
	case protocol.KindStruct:
		sp := m.Struct
		name := sp.RootXMLName()
		if m.HasXMLName {
			name = m.XMLName
		}
		ns := orNamespace(m.XMLNamespace, orNamespace(sp.XMLNamespace, op.XMLNamespace))
		return writeXMLBody(req, func(e *encoder) error { return e.structure(sp, fv, name, ns) })
	case protocol.KindUnion:
		uv, inner := protocol.UnionVariantOf(m.Type, fv)
		if uv == nil {
			return fmt.Errorf("restxml: unregistered union variant %T", fv.Interface())
		}
		name := uv.Struct.Shape
		if m.HasXMLName {
			name = m.XMLName
		}
		ns := orNamespace(m.XMLNamespace, op.XMLNamespace)
		return writeXMLBody(req, func(e *encoder) error {
			e.openTag(name, ns)
			e.b = append(e.b, '>')
			if iv, ok := protocol.Indirect(inner); ok {
				vm := uv.Value
				if err := e.value(&vm.Value, iv, vm.XMLName, vm.XMLNamespace); err != nil {
					return err
				}
			}
			e.closeTag(name)
			return nil
		})
	}
	return fmt.Errorf("restxml: unsupported payload member %s", m.Name)
}

// writeXMLBody runs fn with a pooled encoder and sets the result as the
// request body with Content-Type application/xml.
func writeXMLBody(req *smithyhttp.Request, fn func(*encoder) error) error {
	bp := protocol.GetBuffer()
	sp := protocol.GetBuffer()
	e := encoder{b: *bp, scratch: *sp}
	err := fn(&e)
	body := bytes.Clone(e.b)
	*bp, *sp = e.b, e.scratch
	protocol.PutBuffer(bp)
	protocol.PutBuffer(sp)
	if err != nil {
		return err
	}
	setDefaultContentType(req, "application/xml")
	return protocol.SetStream(req, bytes.NewReader(body))
}

func setDefaultContentType(req *smithyhttp.Request, ct string) {
	if req.Header.Get("Content-Type") == "" {
		req.Header.Set("Content-Type", ct)
	}
}

// DeserializeResponse implements [protocol.Codec].
func (Codec) DeserializeResponse(op *protocol.Operation, resp *smithyhttp.Response, output any) (err error) {
	rv := reflect.ValueOf(output)
	if output == nil || rv.Kind() != reflect.Pointer || rv.IsNil() {
		return protocol.DrainAndClose(resp)
	}
	v := rv.Elem()
	sp := protocol.PlanOf(v.Type())
	streaming := false
	defer func() {
		if !streaming {
			if cerr := protocol.DrainAndClose(resp); err == nil && cerr != nil {
				err = cerr
			}
		}
	}()
	if err := protocol.DeserializeHTTPBindings(sp, v, resp.Response); err != nil {
		return fmt.Errorf("restxml: %s: %w", op.Name, err)
	}
	m := sp.Payload
	if m == nil && !sp.HasResponseBody {
		return nil
	}
	if m != nil && m.Kind == protocol.KindStream {
		if resp.Body != nil {
			streaming = true
			v.Field(m.Index).Set(reflect.ValueOf(resp.Body))
		}
		return nil
	}
	if m != nil && m.Kind == protocol.KindBlob {
		b, err := protocol.ReadBody(resp, nil)
		if err != nil {
			return err
		}
		if len(b) > 0 {
			protocol.Settable(v.Field(m.Index), &m.Value).SetBytes(b)
		}
		return nil
	}

	bp := protocol.GetBuffer()
	defer protocol.PutBuffer(bp)
	body, err := protocol.ReadBody(resp, *bp)
	*bp = body
	if err != nil {
		return err
	}
	if m != nil && (m.Kind == protocol.KindString || m.Kind == protocol.KindEnum) {
		if len(body) > 0 {
			protocol.Settable(v.Field(m.Index), &m.Value).SetString(string(body))
		}
		return nil
	}
	if len(bytes.TrimSpace(body)) == 0 {
		return nil
	}
	d := xmldec.Decoder{R: xmldec.NewReader(body)}
	root, ok, err := d.R.Root()
	if err != nil || !ok {
		return wrapDecodeErr(op, err)
	}
	if string(root.Name) == "Error" && sp.RootXMLName() != "Error" {
		// S3 reports some failures (CopyObject, UploadPartCopy,
		// CompleteMultipartUpload...) in a 200 response, because the
		// status line was sent before the work finished.
		return errorFromBody(op, resp, body, nil)
	}
	switch {
	case m == nil && (op.UnwrappedOutput || isUnwrapped(sp, root)):
		um := sp.MemberByXMLName(string(root.Name))
		if um == nil {
			return wrapDecodeErr(op, fmt.Errorf("unwrapped output root <%s> is not a member of %s", root.Name, sp.Shape))
		}
		err = d.Value(&um.Value, v.Field(um.Index), root)
	case m == nil:
		err = d.Structure(sp, v, root)
	case m.Kind == protocol.KindStruct || m.Kind == protocol.KindUnion:
		err = d.Value(&m.Value, v.Field(m.Index), root)
	default:
		err = fmt.Errorf("unsupported payload member %s", m.Name)
	}
	return wrapDecodeErr(op, err)
}

// isUnwrapped recognizes an s3UnwrappedXmlOutput body when the operation
// does not say so: the root element is named like the output shape and
// like one of its scalar body members, and the shape has no other body
// member. A wrapped body of such a shape would nest an element of the
// same name, which the generated shapes never do.
func isUnwrapped(sp *protocol.Struct, root xmldec.Token) bool {
	name := string(root.Name)
	if sp.XMLName != name {
		return false
	}
	um := sp.MemberByXMLName(name)
	if um == nil || um.Location != protocol.LocBody || (um.Kind != protocol.KindString && um.Kind != protocol.KindEnum) {
		return false
	}
	for _, m := range sp.Members {
		if m != um && m.Location == protocol.LocBody {
			return false
		}
	}
	return true
}

func wrapDecodeErr(op *protocol.Operation, err error) error {
	if err == nil {
		return nil
	}
	return &smithyDeserializationError{op: op.Name, err: err}
}

// smithyDeserializationError reports a response body that could not be
// decoded.
type smithyDeserializationError struct {
	op  string
	err error
}

func (e *smithyDeserializationError) Error() string {
	return fmt.Sprintf("restxml: %s: decode response: %v", e.op, e.err)
}

func (e *smithyDeserializationError) Unwrap() error { return e.err }

// orNamespace returns ns, or fallback when ns declares none: a root
// element's own namespace wins over the service's.
func orNamespace(ns, fallback protocol.Namespace) protocol.Namespace {
	if ns.URI == "" {
		return fallback
	}
	return ns
}
