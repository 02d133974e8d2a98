package main

import (
	"bytes"
	"encoding/json"
	"log"
	"path/filepath"
	"slices"
	"strings"

	"github.com/nimbus-sdk/nimbus/internal/codegen"
)

// This file generates the cases of the Smithy IDL form of the protocol
// tests: the smithy.test#httpRequestTests and httpResponseTests of a
// protocol's service, with its operations and errors as the model states
// them (idl.go reads it), where the botocore form is botocore's
// translation.

// smithy adds the protocol tests of the service that the .smithy files of
// dir define.
func (g *gen) smithy(dir string) {
	m, err := loadIDL(filepath.Dir(dir), dir)
	if err != nil {
		log.Fatalf("gentest: %v", err)
	}
	g.model = m.Model
	svc := serviceIn(m, dir)
	protocol := ""
	for id := range svc.Traits {
		if strings.HasPrefix(id, "aws.protocols#") && protocolTraits[shapeNameOf(id)] {
			if protocol != "" {
				log.Fatalf("gentest: service %s has two protocol traits", svc.ID)
			}
			protocol = id
		}
	}
	if protocol == "" {
		log.Fatalf("gentest: service %s has no protocol trait", svc.ID)
	}
	names := map[string]string{} // Go name -> shape id
	g.goName = func(id string) string {
		name := "s_" + exported(shapeNameOf(id))
		if prev, ok := names[name]; ok && prev != id {
			log.Fatalf("gentest: shapes %s and %s have the same Go name %s", prev, id, name)
		}
		names[name] = id
		return name
	}
	sc := &smithyCases{gen: g, m: m, svc: svc, protocol: protocol}
	done := map[string]bool{} // operations and errors whose cases are in
	for _, opID := range svc.Operations {
		if done[opID] {
			continue // listed twice (RecursiveXmlShapes is)
		}
		done[opID] = true
		op := m.Shapes[opID]
		sc.addCases(op, opID, "smithy.test#httpRequestTests", "")
		sc.addCases(op, opID, "smithy.test#httpResponseTests", "")
		for _, e := range op.Errors {
			if !done[e] {
				done[e] = true
				sc.addCases(op, e, "smithy.test#httpResponseTests", e)
			}
		}
	}
}

// protocolTraits are the protocol traits of the AWS protocol tests.
var protocolTraits = map[string]bool{
	"awsQuery": true, "ec2Query": true, "restXml": true, "restJson1": true,
	"awsJson1_0": true, "awsJson1_1": true,
}

// serviceIn returns the one service defined in a .smithy file of dir.
func serviceIn(m *idlModel, dir string) *codegen.Shape {
	var svc *codegen.Shape
	for id, s := range m.Shapes {
		if s.Type != "service" || filepath.Dir(filepath.FromSlash(m.file[id])) != filepath.Clean(dir) {
			continue
		}
		if svc != nil {
			log.Fatalf("gentest: %s defines two services, %s and %s", dir, svc.ID, id)
		}
		svc = s
	}
	if svc == nil {
		log.Fatalf("gentest: %s defines no service", dir)
	}
	return svc
}

// smithyCases writes the cases of one service.
type smithyCases struct {
	*gen
	m        *idlModel
	svc      *codegen.Shape
	protocol string // the service's protocol trait
}

// addCases adds the test cases of trait trait of shape id, run with
// operation op: id is op itself, or one of its errors (then errShape).
func (sc *smithyCases) addCases(op *codegen.Shape, id, trait, errShape string) {
	list, _ := sc.m.traits[id][trait].([]any)
	for _, raw := range list {
		tc, ok := raw.(map[string]any)
		if !ok {
			log.Fatalf("gentest: %s: %s holds a value that is not a test case", id, trait)
		}
		if p, _ := tc["protocol"].(string); shapeNameOf(p) != shapeNameOf(sc.protocol) {
			continue
		}
		sc.testCase(op, tc, trait == "smithy.test#httpRequestTests", errShape)
	}
}

func (sc *smithyCases) testCase(op *codegen.Shape, tc map[string]any, request bool, errShape string) {
	id, _ := tc["id"].(string)
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false) // the XML bodies stay readable
	if err := enc.Encode(tc); err != nil {
		log.Fatal(err)
	}
	raw := buf.Bytes()
	suite := shapeNameOf(op.ID)
	if errShape != "" {
		suite = shapeNameOf(errShape) + " from " + suite
	}
	e := caseEntry{ID: id, Suite: suite, Request: request, Skip: skips[id], Smithy: true, JSON: raw}
	if applies, _ := tc["appliesTo"].(string); applies == "server" {
		e.Skip = "a server test (appliesTo: server)"
	}
	e.Op = opEntry{Name: shapeNameOf(op.ID), Version: sc.svc.Version}
	var ep struct {
		HostPrefix string `json:"hostPrefix"`
	}
	if op.Traits.Decode("smithy.api#endpoint", &ep) {
		e.Op.HostPrefix, e.Op.HasHostPrefix = ep.HostPrefix, true
	}
	for _, er := range op.Errors {
		e.Op.Errors = append(e.Op.Errors, [2]string{shapeNameOf(er), sc.typeRoot(er, true)})
	}
	var rc struct {
		Encodings []string `json:"encodings"`
	}
	if op.Traits.Decode("smithy.api#requestCompression", &rc) {
		e.RequestCompression = rc.Encodings
	}
	switch {
	case errShape != "":
		// The code the error is sent with: the vendorParams of
		// aws.protocoltests.config#ErrorCodeParams name it when it is not
		// the shape name.
		e.ErrorCode = shapeNameOf(errShape)
		if vp, ok := tc["vendorParams"].(map[string]any); ok {
			if code, ok := vp["code"].(string); ok && code != "" {
				e.ErrorCode = code
			}
		}
	case request && hasMembers(sc.m.Model, op.Input):
		e.New = sc.typeRoot(op.Input, false)
	case !request && hasMembers(sc.m.Model, op.Output):
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
