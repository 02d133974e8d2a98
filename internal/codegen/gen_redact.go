package codegen

// genRedactTest writes redact_test.go: a table of every member the model
// marks @sensitive, checked for its tag, and a table of every operation,
// checked by internal/protocol/redacttest (logging masks each sensitive
// member wherever the protocol puts it, and shows the others).
func (g *Generator) genRedactTest() {
	w := newFile(g.Pkg)
	w.use("testing")
	w.use(g.Root + "/internal/protocol/redacttest")

	type field struct{ goType, member string }
	var fields []field
	addStruct := func(goType string, s *Shape) {
		for _, m := range s.Members {
			if modelSensitive(g.Model, s, m) && g.eventStreamTarget(m) == nil {
				fields = append(fields, field{goType, m.Name})
			}
		}
	}
	var ops []string
	for _, opID := range g.operations() {
		op := g.Model.Shape(opID)
		name := opName(opID)
		if in := g.Model.Shape(op.Input); in != nil {
			addStruct(name+"Input", in)
		}
		if out := g.Model.Shape(op.Output); out != nil {
			addStruct(name+"Output", out)
		}
		if !g.isEventStream(op) {
			ops = append(ops, name)
		}
	}
	for _, s := range g.typeShapes() {
		name := exported(shapeName(s.ID))
		switch s.Type {
		case "structure":
			addStruct("types."+name, s)
		case "union":
			for _, m := range g.unionMembers(s) {
				if modelSensitive(g.Model, s, m) {
					fields = append(fields, field{"types." + name + "Member" + exported(m.Name), m.Name})
				}
			}
		}
	}

	w.p("// TestSensitiveTags checks that every member the model marks @sensitive (on")
	w.p("// the member, its target or its structure) is tagged sensitive, so that")
	w.p("// logging masks it.")
	w.p("func TestSensitiveTags(t *testing.T) {")
	if len(fields) == 0 {
		w.p("t.Log(\"the model has no sensitive members\")")
	} else {
		w.use("reflect")
		w.use(g.Root + "/internal/protocol")
		w.p("for _, tt := range []struct {")
		w.p("typ    reflect.Type")
		w.p("member string")
		w.p("}{")
		for _, f := range fields {
			if len(f.goType) > 6 && f.goType[:6] == "types." {
				w.use(g.Module + "/types")
			}
			w.p("{reflect.TypeFor[%s](), %q},", f.goType, f.member)
		}
		w.p("} {")
		w.p("if m := protocol.PlanOf(tt.typ).MemberByName(tt.member); m == nil || !m.Sensitive {")
		w.p("t.Errorf(\"%v.%s is @sensitive in the model but not tagged sensitive\", tt.typ, tt.member)")
		w.p("}")
		w.p("}")
	}
	w.p("}")
	w.p("")
	w.p("// TestLogRedaction checks, for every operation without an event stream, that")
	w.p("// what logging shows of its requests and responses hides every sensitive")
	w.p("// member and shows the others (see internal/protocol/redacttest).")
	w.p("func TestLogRedaction(t *testing.T) {")
	w.p("redacttest.Run(t, service.Codec, []redacttest.Case{")
	for _, name := range ops {
		w.p("{Op: op%s.Protocol, Input: new(%sInput), Output: new(%sOutput)},", name, name, name)
	}
	w.p("})")
	w.p("}")
	g.addGo("redact_test.go", w)
}

// modelSensitive reports whether the model marks member m of container
// @sensitive: on the member, its target or the container. It reads the
// traits directly, independently of sensitiveMember, so the generated
// test checks the tags against the model rather than against themselves.
func modelSensitive(model *Model, container *Shape, m *Member) bool {
	if container.Traits.Has(sensitiveTrait) || m.Traits.Has(sensitiveTrait) {
		return true
	}
	t := model.Shape(m.Target)
	return t != nil && t.Traits.Has(sensitiveTrait)
}
