package codegen

// resourceMembers returns the members of input shape in that name the
// resource an operation acts on: HTTP labels, host labels, and members
// bound to an endpoint parameter the rules read. The runtime refuses
// empty values for them before sending (internal/client/resource.go).
func (g *Generator) resourceMembers(in *Shape) []*Member {
	var out []*Member
	for _, m := range in.Members {
		var cp struct {
			Name string `json:"name"`
		}
		bound := m.Traits.Decode("smithy.rules#contextParam", &cp) && cp.Name != "" && g.ruleReads(cp.Name)
		if !bound && !m.Traits.Has("smithy.api#httpLabel") && !m.Traits.Has("smithy.api#hostLabel") {
			continue
		}
		if t := g.Model.Shape(m.Target); t == nil || (t.Type != "string" && t.Type != "enum") {
			continue
		}
		out = append(out, m)
	}
	return out
}

// genOperationTests writes operations_test.go: table-driven checks that
// must hold for every operation of the service. Today: every resource
// member set to "" is refused before anything is sent.
func (g *Generator) genOperationTests() {
	w := newFile(g.Pkg)
	w.use("context")
	w.use("testing")
	w.use(g.Root + "/internal/client/clienttest")
	w.use(g.Root + "/credentials")

	w.p("// TestResourceMembersRefuseEmpty checks, for every member of every operation")
	w.p("// that names a resource (HTTP labels, host labels, endpoint-bound members),")
	w.p("// that an empty value sends nothing and fails with a validation error naming")
	w.p("// the member.")
	w.p("func TestResourceMembersRefuseEmpty(t *testing.T) {")
	w.p("doer := &clienttest.NoSend{}")
	w.p("c := New(Options{Region: \"us-east-1\", Credentials: credentials.NewStaticProvider(\"AKID\", \"SECRET\", \"\"), HTTPClient: doer})")
	w.p("clienttest.RunResourceCases(t, doer, []clienttest.ResourceCase{")
	n := 0
	for _, opID := range g.operations() {
		op := g.Model.Shape(opID)
		in := g.Model.Shape(op.Input)
		if in == nil {
			continue
		}
		name := opName(opID)
		for _, m := range g.resourceMembers(in) {
			n++
			w.p("{Operation: %q, Member: %q, Input: func() any { return new(%sInput) }, Call: func(ctx context.Context, in any) error { _, err := c.%s(ctx, in.(*%sInput)); return err }},",
				name, fieldName(in, m), name, name, name)
		}
	}
	w.p("})")
	w.p("}")
	if n == 0 {
		return
	}
	g.addGo("operations_test.go", w)
}
