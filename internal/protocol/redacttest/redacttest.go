// Package redacttest checks, for every operation of a generated service,
// that what the logger would show of its requests and responses hides
// every sensitive member and shows the others. The generator emits one
// table per service (redact_test.go) that calls [Run].
//
// For each operation, [Run] builds an input and an output value with every
// member set (strings, blobs, list members, map keys and values carry a
// distinct marker; each union takes one variant, a sensitive one when it
// has one), encodes them the way they travel (the request with the
// service's codec; the response with the same rules), and checks:
//
//   - a marker of a sensitive member does not survive the codec's
//     [protocol.Redactor], and a header, query parameter or path that
//     carries one is reported by [protocol.SensitiveBindingsOf];
//   - a marker of any other member that the body carries is still there
//     after redaction, so the redactor reads names as the encoder writes
//     them.
package redacttest

import (
	"bytes"
	"encoding/base64"
	"fmt"
	"io"
	"net/url"
	"reflect"
	"slices"
	"strings"
	"testing"
	"time"

	smithyhttp "github.com/aws/smithy-go/transport/http"

	"github.com/nimbus-sdk/nimbus/internal/protocol"
	"github.com/nimbus-sdk/nimbus/internal/protocol/awsquery"
	"github.com/nimbus-sdk/nimbus/internal/protocol/ec2query"
	"github.com/nimbus-sdk/nimbus/internal/protocol/restxml"
)

// Case is one operation to check.
type Case struct {
	Op *protocol.Operation
	// Input and Output are pointers to the operation's (zero) input and
	// output structs.
	Input, Output any
}

// Run checks every case with codec, the service's codec, in a subtest
// named after the operation.
func Run(t *testing.T, codec protocol.Codec, cases []Case) {
	t.Helper()
	redactor, ok := codec.(protocol.Redactor)
	if !ok {
		t.Fatalf("codec %T cannot redact bodies", codec)
	}
	for _, c := range cases {
		t.Run(c.Op.Name, func(t *testing.T) {
			t.Run("request", func(t *testing.T) {
				checkMessage(t, codec, redactor, c.Op, c.Input, false)
			})
			t.Run("response", func(t *testing.T) {
				checkMessage(t, codec, redactor, c.Op, c.Output, true)
			})
		})
	}
}

func checkMessage(t *testing.T, codec protocol.Codec, redactor protocol.Redactor, op *protocol.Operation, v any, response bool) {
	f := &filler{}
	rv := reflect.ValueOf(v)
	f.structure(rv.Elem(), false, 0)
	req, err := encode(codec, op, v, response)
	if err != nil {
		t.Fatalf("encode: %v", err)
	}
	var body []byte
	if s := req.GetStream(); s != nil {
		if body, err = io.ReadAll(s); err != nil {
			t.Fatal(err)
		}
	}
	b := protocol.SensitiveBindingsOf(rv.Type())
	for name, vals := range req.Header {
		for _, m := range f.hidden {
			if slices.ContainsFunc(vals, func(s string) bool { return strings.Contains(s, m) }) && !b.Header(name) {
				t.Errorf("header %s carries sensitive marker %s but is not reported sensitive", name, m)
			}
		}
	}
	for name, vals := range req.URL.Query() {
		for _, m := range f.hidden {
			if slices.ContainsFunc(vals, func(s string) bool { return strings.Contains(s, m) }) && !b.Query(name) {
				t.Errorf("query parameter %s carries sensitive marker %s but is not reported sensitive", name, m)
			}
		}
	}
	for _, m := range f.hidden {
		if strings.Contains(req.URL.Path, m) && !b.Path() {
			t.Errorf("path %s carries sensitive marker %s but is not reported sensitive", req.URL.Path, m)
		}
	}
	if len(body) == 0 {
		return
	}
	if response && op.UnwrappedOutput {
		// s3UnwrappedXmlOutput: the member's element is the root.
		body = unwrap(body)
	}
	if _, ok := codec.(awsquery.Codec); ok && response {
		name := op.Name
		body = fmt.Appendf(nil, "<%sResponse>%s<ResponseMetadata><RequestId>r</RequestId></ResponseMetadata></%sResponse>", name, body, name)
	}
	got := redactor.Redact(&protocol.LoggedBody{
		Op: op, Type: rv.Type(), Response: response, Status: 200, Header: req.Header, Data: body, Complete: true,
	})
	for _, m := range f.hidden {
		for _, form := range forms(m) {
			if bytes.Contains(body, []byte(form)) && bytes.Contains(got, []byte(form)) {
				t.Errorf("redacted body shows sensitive marker %s:\n%s", form, got)
			}
		}
	}
	for _, m := range f.shown {
		if bytes.Contains(body, []byte(m)) && !bytes.Contains(got, []byte(m)) {
			t.Errorf("redacted body hides marker %s of a member that is not sensitive:\n body %s\n  got %s", m, body, got)
		}
	}
}

// unwrap returns the content of the root element of an XML document.
func unwrap(doc []byte) []byte {
	start, end := bytes.IndexByte(doc, '>'), bytes.LastIndex(doc, []byte("</"))
	if start < 0 || end < start {
		return doc
	}
	return doc[start+1 : end]
}

// forms returns a marker as it may appear in a body: as is, or base64
// encoded (a blob).
func forms(m string) []string {
	return []string{m, base64.StdEncoding.EncodeToString([]byte(m))}
}

// encode encodes v as the codec would send it: an input with the codec;
// an output with the codec's rules for response bodies (the query
// protocols' XML is written by the restXml encoder: awsQuery's result
// element, which checkMessage wraps, or ec2Query's whole document).
func encode(codec protocol.Codec, op *protocol.Operation, v any, response bool) (*smithyhttp.Request, error) {
	req := smithyhttp.NewStackRequest().(*smithyhttp.Request)
	req.URL, _ = url.Parse("https://example.amazonaws.com")
	if !response {
		return req, codec.SerializeRequest(op, v, req)
	}
	out := &protocol.Operation{Name: op.Name, Method: "POST", URI: "/", Target: op.Target, Version: op.Version, InputXMLName: op.InputXMLName}
	switch codec.(type) {
	case awsquery.Codec:
		out.InputXMLName = op.Name + "Result"
		codec = restxml.Codec{}
	case ec2query.Codec:
		out.InputXMLName = op.Name + "Response"
		codec = restxml.Codec{}
	}
	return req, codec.SerializeRequest(out, v, req)
}

// filler sets every member of a value, recording the markers of
// sensitive and other members.
type filler struct {
	n             int
	hidden, shown []string
}

// maxDepth bounds nesting, for recursive shapes (DynamoDB's AttributeValue).
const maxDepth = 6

func (f *filler) marker(hidden bool) string {
	f.n++
	m := fmt.Sprintf("Mk%04dZ", f.n)
	if hidden {
		f.hidden = append(f.hidden, m)
	} else {
		f.shown = append(f.shown, m)
	}
	return m
}

func (f *filler) structure(v reflect.Value, hidden bool, depth int) {
	sp := protocol.PlanOf(v.Type())
	hidden = hidden || sp.Sensitive
	for _, m := range sp.Members {
		if m.Location == protocol.LocStatus {
			continue
		}
		f.value(v.Field(m.Index), &m.Value, hidden || protocol.MaskedMember(m), depth+1, m.Location == protocol.LocURI || m.HostLabel)
	}
}

// value sets the position fv of plan pv. label is set for URI and host
// labels, which must be valid host and path characters.
func (f *filler) value(fv reflect.Value, pv *protocol.Value, hidden bool, depth int, label bool) {
	if depth > maxDepth {
		return
	}
	t := pv.Type
	if pv.Ptr {
		p := reflect.New(t.Elem())
		fv.Set(p)
		fv = p.Elem()
	}
	switch pv.Kind {
	case protocol.KindString, protocol.KindEnum:
		m := f.marker(hidden)
		if label {
			m = strings.ToLower(m)
			f.relabel(hidden, m)
		}
		fv.SetString(m)
	case protocol.KindBlob:
		fv.SetBytes([]byte(f.marker(hidden)))
	case protocol.KindStream:
		fv.Set(reflect.ValueOf(io.NopCloser(strings.NewReader(f.marker(hidden)))))
	case protocol.KindBool:
		fv.SetBool(true)
	case protocol.KindInt8, protocol.KindInt16, protocol.KindInt32, protocol.KindInt64, protocol.KindIntEnum:
		fv.SetInt(7)
	case protocol.KindFloat32, protocol.KindFloat64:
		fv.SetFloat(1.5)
	case protocol.KindTimestamp:
		fv.Set(reflect.ValueOf(time.Date(2026, 12, 7, 1, 2, 3, 0, time.UTC)))
	case protocol.KindStruct:
		if depth < maxDepth {
			f.structure(fv, hidden, depth)
		}
	case protocol.KindList:
		l := reflect.MakeSlice(fv.Type(), 1, 1)
		f.value(l.Index(0), pv.Elem, hidden, depth+1, false)
		fv.Set(l)
	case protocol.KindMap:
		mv := reflect.MakeMap(fv.Type())
		k := reflect.New(fv.Type().Key()).Elem()
		k.SetString(f.marker(hidden))
		e := reflect.New(fv.Type().Elem()).Elem()
		f.value(e, pv.Elem, hidden, depth+1, false)
		mv.SetMapIndex(k, e)
		fv.Set(mv)
	case protocol.KindUnion:
		f.union(fv, pv, hidden, depth)
	}
}

// relabel replaces the marker just recorded with its lower-case form.
func (f *filler) relabel(hidden bool, m string) {
	list := &f.shown
	if hidden {
		list = &f.hidden
	}
	(*list)[len(*list)-1] = m
}

// union sets a union to one of its variants: a sensitive one if it has
// one, else the first by name.
func (f *filler) union(fv reflect.Value, pv *protocol.Value, hidden bool, depth int) {
	variants, ok := protocol.UnionVariants(pv.Type)
	if !ok || len(variants) == 0 {
		return // a document: left unset
	}
	names := make([]string, 0, len(variants))
	for name := range variants {
		names = append(names, name)
	}
	slices.Sort(names)
	var uv *protocol.UnionVariant
	for _, name := range names {
		v := protocol.UnionVariantByName(pv.Type, name)
		if uv == nil || protocol.MaskedMember(v.Value) && !protocol.MaskedMember(uv.Value) {
			uv = v
		}
	}
	iv, field := uv.NewUnionValue()
	f.value(field, &uv.Value.Value, hidden || protocol.MaskedMember(uv.Value), depth+1, false)
	fv.Set(iv)
}
