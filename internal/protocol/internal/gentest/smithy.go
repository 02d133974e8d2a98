package main

import (
	"bytes"
	"encoding/json"
	"log"
	"slices"
	"strings"

	"github.com/nimbus-sdk/nimbus/internal/codegen"
)

// This file generates the cases of the Smithy IDL form of the protocol
// tests: the smithy.test#httpRequestTests and httpResponseTests of the
// services with a protocol's trait, with their operations and errors as
// the model states them (idl.go reads it), where the botocore form is
// botocore's translation. Each case's JSON is the test case as the IDL
// gives it (protocoltest.SmithyRequest, SmithyResponse).

// smithy adds the protocol tests of the services with protocol (a trait's
// shape id, e.g. aws.protocols#ec2Query) that the .smithy files of paths
// (files or folders) define.
func (g *gen) smithy(paths []string, protocol string) {
	if !strings.Contains(protocol, "#") {
		log.Fatalf("gentest: -smithy needs -protocol to be a protocol trait's shape id, not %q", protocol)
	}
	m, err := loadIDL(paths...)
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
	if len(services) == 0 {
		log.Fatalf("gentest: no service with %s in %v", protocol, paths)
	}
	slices.SortFunc(services, func(a, b *codegen.Shape) int { return strings.Compare(a.ID, b.ID) })
	names := map[string]string{} // Go name -> shape id
	g.goName = func(id string) string {
		name := "s_" + exported(shapeNameOf(id))
		if prev, ok := names[name]; ok && prev != id {
			log.Fatalf("gentest: shapes %s and %s have the same Go name %s", prev, id, name)
		}
		names[name] = id
		return name
	}
	for _, svc := range services {
		sc := &smithyCases{gen: g, m: m, svc: svc, protocol: protocol}
		sc.service()
	}
}

// smithyCases writes the cases of one service.
type smithyCases struct {
	*gen
	m        *codegen.Model
	svc      *codegen.Shape
	protocol string // the protocol trait
}

// service adds the cases of every operation of the service. An error's
// cases run once, with the first operation that can return it: they test
// decoding the error, whichever operation returned it.
func (sc *smithyCases) service() {
	done := map[string]bool{} // errors whose cases are in
	for _, opID := range sc.m.Operations(sc.svc) {
		op := sc.m.Shapes[opID]
		sc.addCases(op, op, "smithy.test#httpRequestTests")
		sc.addCases(op, op, "smithy.test#httpResponseTests")
		for _, e := range sc.errorsOf(op) {
			if !done[e] {
				done[e] = true
				sc.addCases(op, sc.m.Shapes[e], "smithy.test#httpResponseTests")
			}
		}
	}
}

// errorsOf returns the errors op can return that the model defines: its
// own, then the service's. Errors of models that are not read (such as
// smithy.framework#ValidationException, a server's validation error) are
// left out.
func (sc *smithyCases) errorsOf(op *codegen.Shape) []string {
	var out []string
	for _, e := range append(slices.Clone(op.Errors), sc.svc.Errors...) {
		if sc.m.Shapes[e] != nil && !slices.Contains(out, e) {
			out = append(out, e)
		}
	}
	return out
}

// addCases adds the test cases of trait trait of shape s for the
// protocol, run with operation op: s is op itself, or one of its errors.
func (sc *smithyCases) addCases(op, s *codegen.Shape, trait string) {
	raw, ok := s.Traits[trait]
	if !ok {
		return
	}
	var list []map[string]any
	dec := json.NewDecoder(bytes.NewReader(raw))
	dec.UseNumber()
	if err := dec.Decode(&list); err != nil {
		log.Fatalf("gentest: %s: %s: %v", s.ID, trait, err)
	}
	for _, tc := range list {
		if p, _ := tc["protocol"].(string); shapeNameOf(p) != shapeNameOf(sc.protocol) {
			continue
		}
		var errShape *codegen.Shape
		if s != op {
			errShape = s
		}
		sc.testCase(op, tc, trait == "smithy.test#httpRequestTests", errShape)
	}
}

func (sc *smithyCases) testCase(op *codegen.Shape, tc map[string]any, request bool, errShape *codegen.Shape) {
	id, _ := tc["id"].(string)
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false) // the XML bodies stay readable
	if err := enc.Encode(tc); err != nil {
		log.Fatal(err)
	}
	suite := shapeNameOf(op.ID)
	if errShape != nil {
		suite = shapeNameOf(errShape.ID) + " from " + suite
	}
	e := caseEntry{ID: id, Suite: suite, Request: request, Skip: skips[id], Smithy: true, JSON: buf.Bytes()}
	e.AppliesTo, _ = tc["appliesTo"].(string)
	e.QueryCompatible = sc.svc.Traits.Has("aws.protocols#awsQueryCompatible")
	e.Op = opEntry{Name: shapeNameOf(op.ID)}
	switch shapeNameOf(sc.protocol) {
	case "awsQuery", "ec2Query":
		e.Op.Version = sc.svc.Version
	case "rpcv2Cbor":
		e.Op.Service, e.Op.NoInput = shapeNameOf(sc.svc.ID), !hasMembers(sc.m, op.Input)
	}
	var ep struct {
		HostPrefix string `json:"hostPrefix"`
	}
	if op.Traits.Decode("smithy.api#endpoint", &ep) {
		e.Op.HostPrefix, e.Op.HasHostPrefix = ep.HostPrefix, true
	}
	for _, er := range sc.errorsOf(op) {
		e.Op.Errors = append(e.Op.Errors, [2]string{shapeNameOf(er), sc.typeRoot(er, true)})
	}
	var rc struct {
		Encodings []string `json:"encodings"`
	}
	if op.Traits.Decode("smithy.api#requestCompression", &rc) {
		e.RequestCompression = rc.Encodings
	}
	switch {
	case errShape != nil:
		// The code the error is sent with: the vendorParams of
		// aws.protocoltests.config#ErrorCodeParams name it when it is not
		// the shape name (an awsQueryError code).
		e.ErrorShape = shapeNameOf(errShape.ID)
		e.ErrorCode = e.ErrorShape
		if vp, ok := tc["vendorParams"].(map[string]any); ok {
			if code, ok := vp["code"].(string); ok && code != "" {
				e.ErrorCode = code
			}
		}
	case request && hasMembers(sc.m, op.Input):
		e.New = sc.typeRoot(op.Input, false)
	case !request && hasMembers(sc.m, op.Output):
		e.New = sc.typeRoot(op.Output, true)
	}
	e.write(&sc.cases)
}

// hasMembers reports whether id names a structure other than Unit; an
// operation without input (or with a Unit input) gets a nil one.
func hasMembers(m *codegen.Model, id string) bool {
	s := m.Shape(id)
	return s != nil && s.Type == "structure" && id != "smithy.api#Unit"
}

// typeRoot records structure id as a type to declare (output when it is
// decoded from responses) and returns its Go name.
func (sc *smithyCases) typeRoot(id string, output bool) string {
	if sc.m.Shapes[id] == nil {
		log.Fatalf("gentest: no shape %s", id)
	}
	if !slices.Contains(sc.roots, id) {
		sc.roots = append(sc.roots, id)
	}
	if output {
		sc.outputs[id] = true
	}
	return sc.goName(id)
}
