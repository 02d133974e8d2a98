package main

import (
	"bytes"
	"encoding/json"
	"fmt"
	"log"
	"slices"
	"strings"
	"unicode"

	"github.com/nimbus-sdk/nimbus/internal/codegen"
)

// This file generates the IDL form of a protocol's tests: the cases of
// the smithy.test#httpRequestTests and httpResponseTests traits of the
// Smithy IDL models (read by idl.go), for every service with the
// protocol's trait, as the same kind of table the botocore form gives,
// each case written as the botocore-shaped JSON the runners read.

// idlTest is the part of a smithy.test test case the cases carry over.
type idlTest struct {
	ID                string            `json:"id"`
	Protocol          string            `json:"protocol"`
	Documentation     string            `json:"documentation"`
	Method            string            `json:"method"`
	URI               string            `json:"uri"`
	Host              string            `json:"host"`
	Headers           map[string]string `json:"headers"`
	ForbidHeaders     []string          `json:"forbidHeaders"`
	RequireHeaders    []string          `json:"requireHeaders"`
	Body              *string           `json:"body"`
	BodyMediaType     string            `json:"bodyMediaType"`
	Params            json.RawMessage   `json:"params"`
	Code              int               `json:"code"`
	AppliesTo         string            `json:"appliesTo"`
	VendorParams      json.RawMessage   `json:"vendorParams"`
	Tags              []string          `json:"tags"`
	VendorParamsShape string            `json:"vendorParamsShape"`
}

// genIDL writes the IDL form of the tests of protocol (a protocol trait
// ID, e.g. smithy.protocols#rpcv2Cbor) found in paths.
func (g *gen) genIDL(paths []string, protocol string) {
	m, err := parseIDL(paths)
	if err != nil {
		log.Fatalf("gentest: %v", err)
	}
	g.model = m
	var services []*codegen.Shape
	for _, s := range m.Shapes {
		if s.Type == "service" && s.Traits.Has(protocol) {
			services = append(services, s)
		}
	}
	slices.SortFunc(services, func(a, b *codegen.Shape) int { return strings.Compare(a.ID, b.ID) })
	if len(services) == 0 {
		log.Fatalf("gentest: no service with %s in %v", protocol, paths)
	}
	roots := map[string]bool{}
	for _, svc := range services {
		ig := &idlGen{gen: g, m: m, svc: svc, protocol: protocol, roots: roots}
		ig.service()
	}
	for id := range roots {
		g.roots = append(g.roots, id)
	}
	slices.Sort(g.roots)
}

type idlGen struct {
	*gen
	m        *codegen.Model
	svc      *codegen.Shape
	protocol string
	roots    map[string]bool
}

// idlGoName is the Go name of an IDL shape: its namespace's last part
// (with "Aws" in front for AWS namespaces), then its name, e.g.
// Rpcv2Cbor_SimpleScalarStructure or AwsRpcv2cbor_CustomCodeError.
func idlGoName(id string) string {
	ns, name, _ := strings.Cut(id, "#")
	parts := strings.Split(ns, ".")
	prefix := exported(parts[len(parts)-1])
	if parts[0] == "aws" {
		prefix = "Aws" + prefix
	}
	return prefix + "_" + exported(name)
}

func (ig *idlGen) service() {
	svc := ig.svc
	ops := ig.m.Operations(svc)
	// An error's tests run once, in the first operation that can return
	// it (they test decoding the error, whichever operation returned it).
	owner := map[string]string{}
	for _, opID := range ops {
		for _, e := range ig.errorsOf(ig.m.Shape(opID)) {
			if _, ok := owner[e]; !ok {
				owner[e] = opID
			}
		}
	}
	for _, opID := range ops {
		op := ig.m.Shape(opID)
		for _, t := range ig.tests(op, "smithy.test#httpRequestTests") {
			ig.testCase(op, nil, t, true)
		}
		for _, t := range ig.tests(op, "smithy.test#httpResponseTests") {
			ig.testCase(op, nil, t, false)
		}
		for _, e := range ig.errorsOf(op) {
			if owner[e] != opID {
				continue
			}
			es := ig.m.Shape(e)
			for _, t := range ig.tests(es, "smithy.test#httpResponseTests") {
				ig.testCase(op, es, t, false)
			}
		}
	}
}

// errorsOf returns the errors op can return that the model defines
// (operation errors, then service errors). Errors from models that are
// not among the inputs (smithy.framework#ValidationException, a
// server-side validation error) are left out.
func (ig *idlGen) errorsOf(op *codegen.Shape) []string {
	var out []string
	for _, e := range append(slices.Clone(op.Errors), ig.svc.Errors...) {
		if ig.m.Shapes[e] != nil && !slices.Contains(out, e) {
			out = append(out, e)
		}
	}
	return out
}

// tests returns the test cases of trait on s for this protocol.
func (ig *idlGen) tests(s *codegen.Shape, trait string) []idlTest {
	raw, ok := s.Traits[trait]
	if !ok {
		return nil
	}
	var all []idlTest
	dec := json.NewDecoder(bytes.NewReader(raw))
	dec.UseNumber()
	if err := dec.Decode(&all); err != nil {
		log.Fatalf("gentest: %s %s: %v", s.ID, trait, err)
	}
	var out []idlTest
	for _, t := range all {
		if shortName(t.Protocol) == shortName(ig.protocol) {
			out = append(out, t)
		}
	}
	return out
}

// hasShape reports whether id names a shape with members to declare (not
// the Unit of an operation without input or output).
func (ig *idlGen) hasShape(id string) bool {
	return id != "" && id != "smithy.api#Unit"
}

func (ig *idlGen) testCase(op, errShape *codegen.Shape, t idlTest, request bool) {
	b := &ig.cases
	kind := "response"
	if request {
		kind = "request"
	}
	suite := op.ID
	if errShape != nil {
		suite = errShape.ID
	}
	fmt.Fprintf(b, "{\n\tID: %q,\n\tSuite: %q,\n", t.ID, suite)
	if request {
		b.WriteString("\tRequest: true,\n")
	}
	if t.AppliesTo != "" {
		fmt.Fprintf(b, "\tAppliesTo: %q,\n", t.AppliesTo)
	}
	if r, ok := skips[t.ID]; ok {
		fmt.Fprintf(b, "\tSkip: %q,\n", r)
	}
	b.WriteString("\tOp: &protocol.Operation{\n")
	fmt.Fprintf(b, "\t\tName: %q, Method: \"POST\", URI: \"/\",\n", shortName(op.ID))
	fmt.Fprintf(b, "\t\tService: %q,\n", shortName(ig.svc.ID))
	if !ig.hasShape(op.Input) {
		b.WriteString("\t\tNoInput: true,\n")
	}
	if errs := ig.errorsOf(op); len(errs) > 0 {
		b.WriteString("\t\tErrors: map[string]reflect.Type{\n")
		for _, e := range errs {
			fmt.Fprintf(b, "\t\t\t%q: reflect.TypeFor[%s](),\n", shortName(e), idlGoName(e))
			ig.roots[e] = true
			ig.outputs[e] = true
		}
		b.WriteString("\t\t},\n")
	}
	b.WriteString("\t},\n")
	if ig.svc.Traits.Has("aws.protocols#awsQueryCompatible") {
		b.WriteString("\tQueryCompatible: true,\n")
	}
	shape := op.Output
	if request {
		shape = op.Input
	}
	if errShape == nil && ig.hasShape(shape) {
		fmt.Fprintf(b, "\tNew: func() any { return new(%s) },\n", idlGoName(shape))
		ig.roots[shape] = true
		if !request {
			ig.outputs[shape] = true
		}
	}
	js, err := json.Marshal(ig.botocoreCase(t, errShape, request))
	if err != nil {
		log.Fatalf("gentest: %s %s: %v", t.ID, kind, err)
	}
	fmt.Fprintf(b, "\tJSON: %s,\n},\n", goString(string(js)))
}

// botocoreCase returns test case t in botocore's shape, which the
// runners read.
func (ig *idlGen) botocoreCase(t idlTest, errShape *codegen.Shape, request bool) map[string]any {
	c := map[string]any{"id": t.ID, "description": oneLine(t.Documentation)}
	params := t.Params
	if len(params) == 0 {
		params = json.RawMessage("{}")
	}
	headers := t.Headers
	if headers == nil {
		headers = map[string]string{}
	}
	body := ""
	if t.Body != nil {
		body = *t.Body
	}
	if request {
		c["params"] = params
		c["serialized"] = map[string]any{
			"method": t.Method, "uri": t.URI, "host": t.Host, "body": body, "headers": headers,
			"forbidHeaders": t.ForbidHeaders, "requireHeaders": t.RequireHeaders,
		}
		return c
	}
	c["response"] = map[string]any{"status_code": t.Code, "headers": headers, "body": body}
	if errShape == nil {
		c["result"] = params
		return c
	}
	// An error: its code is the shape name, or the awsQuery code the
	// vendor parameters name for query-compatible services.
	code := shortName(errShape.ID)
	var vp struct {
		Code string `json:"code"`
	}
	if len(t.VendorParams) > 0 {
		_ = json.Unmarshal(t.VendorParams, &vp)
	}
	if vp.Code != "" {
		code = vp.Code
	}
	c["errorCode"] = code
	c["errorShape"] = shortName(errShape.ID)
	c["error"] = params
	return c
}

// oneLine joins the lines of a documentation string.
func oneLine(s string) string {
	return strings.Join(strings.FieldsFunc(s, unicode.IsSpace), " ")
}
