package query

import (
	"bytes"
	"fmt"
	"reflect"
	"strings"

	smithyhttp "github.com/aws/smithy-go/transport/http"

	"github.com/nimbus-sdk/nimbus/internal/protocol"
	"github.com/nimbus-sdk/nimbus/internal/protocol/internal/xmldec"
)

// A Dialect selects the query protocol a [Codec] speaks: [AWS] or [EC2].
// The interface is sealed.
type Dialect interface {
	rules() rules
}

// AWS selects aws.protocols#awsQuery.
type AWS struct{}

// EC2 selects aws.protocols#ec2Query.
type EC2 struct{}

func (AWS) rules() rules { return rules{name: "awsquery"} }
func (EC2) rules() rules { return rules{name: "ec2query", ec2: true} }

// rules are a dialect's: the methods of [Codec] run on them.
type rules struct {
	// name prefixes errors: the codec package's name.
	name string
	// ec2 selects ec2Query's rules (see the package documentation).
	ec2 bool
}

// Codec implements [protocol.Codec], [protocol.QuerySerializer] and
// [protocol.Redactor] for the query protocol D. The awsquery and ec2query
// packages name its two instances. The zero value is ready to use; it is
// stateless and safe for concurrent use.
type Codec[D Dialect] struct{}

// fullCodec is what both instances of Codec implement.
type fullCodec interface {
	protocol.Codec
	protocol.QuerySerializer
	protocol.Redactor
}

var (
	_ fullCodec = Codec[AWS]{}
	_ fullCodec = Codec[EC2]{}
)

func rulesOf[D Dialect]() rules {
	var d D
	return d.rules()
}

// SerializeRequest implements [protocol.Codec]. It sends a POST to the
// endpoint's path (with a trailing slash) whose form-encoded body is
// Action, Version and the input members.
func (Codec[D]) SerializeRequest(op *protocol.Operation, input any, req *smithyhttp.Request) error {
	return rulesOf[D]().SerializeRequest(op, input, req)
}

// SerializeQueryRequest implements [protocol.QuerySerializer]. It sends
// the parameters SerializeRequest would put in the body in the query
// string of a GET instead, with no body and no Content-Type; presigned
// URLs (an EKS token's presigned sts:GetCallerIdentity among them) take
// this form.
func (Codec[D]) SerializeQueryRequest(op *protocol.Operation, input any, req *smithyhttp.Request) error {
	return rulesOf[D]().SerializeQueryRequest(op, input, req)
}

// DeserializeResponse implements [protocol.Codec]. It decodes the output
// members: awsQuery's from the <OperationResult> element inside the
// document root (<OperationResponse>), ec2Query's from the root itself.
// The output shape's own xmlName is not used. A body that does not parse
// yields a *[DeserializationError].
func (Codec[D]) DeserializeResponse(op *protocol.Operation, resp *smithyhttp.Response, output any) error {
	return rulesOf[D]().DeserializeResponse(op, resp, output)
}

// DeserializeError implements [protocol.Codec]. It reads the error body,
// in awsQuery's form
// <ErrorResponse><Error><Type/><Code/><Message/>…</Error><RequestId/></ErrorResponse>,
// ec2Query's <Response><Errors><Error><Code/><Message/>…</Error></Errors><RequestID/></Response>
// or a bare <Error> root (both protocols accept every form), maps Code to
// a modelled error type (see [ErrorType]) and wraps the result in a
// *[protocol.ResponseError].
func (Codec[D]) DeserializeError(op *protocol.Operation, resp *smithyhttp.Response) error {
	return rulesOf[D]().DeserializeError(op, resp)
}

// Redact implements [protocol.Redactor]. A request is a form: each
// parameter's dotted key is followed through the input's plan as the
// encoder builds it (Name.member.N, Name.N when flattened,
// Name.entry.N.key/value; ec2Query keys are EC2QueryNames and its lists
// are flattened), and the value is shown only when the key ends at a
// member that is not sensitive. A response is XML: the output's members
// inside <OperationResult> under the root and the RequestId of
// <ResponseMetadata> (awsQuery), or the members and the requestId under
// the root (ec2Query); an error is masked against the type its Code names.
func (Codec[D]) Redact(b *protocol.LoggedBody) []byte {
	return rulesOf[D]().Redact(b)
}

// noInput stands in for a nil input (an operation without input).
type noInput struct {
	_ struct{} `shape:"Unit"`
}

var noInputValue = reflect.ValueOf(&noInput{}).Elem()

// SerializeRequest is [Codec.SerializeRequest] with p's rules.
func (p rules) SerializeRequest(op *protocol.Operation, input any, req *smithyhttp.Request) error {
	params, err := p.serializeParams(op, input, req)
	if err != nil {
		return err
	}
	req.Method = "POST"
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	return protocol.SetStream(req, bytes.NewReader(params))
}

// SerializeQueryRequest is [Codec.SerializeQueryRequest] with p's rules.
func (p rules) SerializeQueryRequest(op *protocol.Operation, input any, req *smithyhttp.Request) error {
	params, err := p.serializeParams(op, input, req)
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
func (p rules) serializeParams(op *protocol.Operation, input any, req *smithyhttp.Request) ([]byte, error) {
	v := noInputValue
	if rv := reflect.ValueOf(input); input != nil && !(rv.Kind() == reflect.Pointer && rv.IsNil()) {
		v = reflect.Indirect(rv)
	}
	if v.Kind() != reflect.Struct {
		return nil, fmt.Errorf("%s: %s: input must be a pointer to a struct, got %T", p.name, op.Name, input)
	}
	sp := protocol.PlanOf(v.Type())
	// The query protocols ignore HTTP bindings (a member bound to a
	// header is sent in the form like any other) except the host prefix,
	// and their path is always "/" under the endpoint's path.
	if err := protocol.ExpandHostPrefix(op, sp, v, req); err != nil {
		return nil, fmt.Errorf("%s: %w", p.name, err)
	}
	if !strings.HasSuffix(req.URL.Path, "/") {
		req.URL.Path += "/"
		if req.URL.RawPath != "" {
			req.URL.RawPath += "/"
		}
	}

	bp, kp, sp2 := protocol.GetBuffer(), protocol.GetBuffer(), protocol.GetBuffer()
	e := encoder{b: *bp, key: *kp, scratch: *sp2, ec2: p.ec2}
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
		return nil, fmt.Errorf("%s: %s: %w", p.name, op.Name, err)
	}
	return params, nil
}

// DeserializeResponse is [Codec.DeserializeResponse] with p's rules.
func (p rules) DeserializeResponse(op *protocol.Operation, resp *smithyhttp.Response, output any) (err error) {
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
		return fmt.Errorf("%s: %s: read response: %w", p.name, op.Name, err)
	}
	if len(bytes.TrimSpace(body)) == 0 {
		return nil
	}
	if err := p.decode(op.Name, sp, v, body); err != nil {
		return &DeserializationError{Operation: op.Name, Err: err, protocol: p.name}
	}
	return nil
}

// decode decodes the output members of body into v: the children of the
// root (ec2Query), or of the root's <{name}Result> child (awsQuery; any
// child whose name ends in "Result" when name is empty).
func (p rules) decode(name string, sp *protocol.Struct, v reflect.Value, body []byte) error {
	d := xmldec.Decoder{R: xmldec.NewReader(body)}
	root, ok, err := d.R.Root()
	if err != nil || !ok {
		return err
	}
	if p.ec2 {
		return d.Structure(sp, v, root)
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

	protocol string // the codec's name, for the message
}

// Error implements error.
func (e *DeserializationError) Error() string {
	return fmt.Sprintf("%s: %s: decode response: %v", e.protocol, e.Operation, e.Err)
}

// Unwrap returns the underlying decoding error.
func (e *DeserializationError) Unwrap() error { return e.Err }
