package codegen

import (
	"cmp"
	"fmt"
	"slices"
	"sort"
)

// TypeSet asks [EmitTypes] for the Go declarations of some shapes of a
// model.
type TypeSet struct {
	// Model holds the shapes.
	Model *Model
	// Roots are the ids of the structures, unions and enums to declare;
	// every structure, union and enum they reach is declared too.
	Roots []string
	// Outputs are the ids of the structures that are decoded from
	// responses: their streaming blob members are io.ReadCloser rather
	// than io.Reader.
	Outputs map[string]bool
	// GoName gives the Go name of a structure, union or enum shape. If
	// nil, the shape's exported name is used, as in a service's types
	// package.
	GoName func(id string) string
	// API names the API in the doc comments of shapes that have none.
	API string
	// Protocol is the service's protocol by its name in
	// [ProtocolsByPriority] ("awsQuery", "rpcv2Cbor"...), which decides
	// the code each error reports (see Generator.errorCode); "" means
	// none.
	Protocol string
	// UnknownUnionMember is the Go name of the type that holds union
	// members the client does not know; "UnknownUnionMember" if empty.
	// Two type sets declared in one package need different names.
	UnknownUnionMember string
}

// EmitTypes returns a gofmt-ed Go file of package pkg, starting with
// header, that declares the shapes of ts with the code that writes every
// service's types package: struct tags, pointers, unions and their
// registration, enums, errors with their methods and map registrations
// are exactly what a service gets.
//
// It exists for the protocol-test generator
// (internal/protocol/internal/gentest), which turns the Smithy protocol
// tests' shapes into a model and declares them here, so the conformance
// tests exercise the codecs on the types the services really have.
func EmitTypes(pkg, header string, ts TypeSet) ([]byte, error) {
	g := &Generator{
		Model:   ts.Model,
		Service: &Shape{Traits: Traits{}},
		Root:    "github.com/nimbus-sdk/nimbus",
		sdkID:   ts.API,
		goName:  ts.GoName,

		unknownUnion: ts.UnknownUnionMember,
		proto:        cmp.Or(ts.Protocol, noProtocol),
	}
	if g.proto != noProtocol && !slices.ContainsFunc(ProtocolsByPriority, func(p ProtocolTrait) bool { return p.Name == g.proto }) {
		return nil, fmt.Errorf("codegen: unknown protocol %q", ts.Protocol)
	}
	g.typesUse = map[string]bool{}
	for _, id := range ts.Roots {
		if g.Model.Shape(id) == nil {
			return nil, fmt.Errorf("codegen: no shape %s", id)
		}
		g.reachTypes(id)
	}
	shapes := make([]*Shape, 0, len(g.typesUse))
	for id := range g.typesUse {
		shapes = append(shapes, g.Model.Shape(id))
	}
	sort.Slice(shapes, func(i, j int) bool { return g.typeName(shapes[i].ID) < g.typeName(shapes[j].ID) })
	w := newFile(pkg)
	g.writeTypes(shapes, ts.Outputs, w, w, w)
	src, err := w.bytes(header)
	if err == nil && len(g.errs) > 0 {
		err = g.errs[0]
	}
	return src, err
}
