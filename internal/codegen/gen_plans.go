package codegen

// genPlanTest writes plans_test.go: one table of every generated type of
// the service that the protocol codecs build a plan of (operation inputs
// and outputs, structures, errors, union interfaces and their variants),
// each checked with protocol.CheckPlan. The codecs build plans lazily, so
// without this test a bad struct tag would first fail at a user's call;
// with it, it fails `make test`. Nested list members and map values need
// no rows of their own: CheckPlan walks everything a plan reaches.
func (g *Generator) genPlanTest() {
	w := newFile(g.Pkg)
	w.use("reflect")
	w.use("testing")
	w.use(g.Root + "/internal/protocol")

	var rows []string
	for _, opID := range g.operations() {
		name := opName(opID)
		rows = append(rows, name+"Input", name+"Output")
	}
	for _, s := range g.typeShapes() {
		name := exported(shapeName(s.ID))
		switch s.Type {
		case "structure":
			rows = append(rows, "types."+name)
		case "union":
			rows = append(rows, "types."+name)
			for _, m := range g.unionMembers(s) {
				rows = append(rows, "types."+name+"Member"+exported(m.Name))
			}
		}
	}

	w.p("// TestPlans checks that the protocol codecs can build the plan of every")
	w.p("// generated type of the service, so that a struct tag the codecs would")
	w.p("// reject or misread (an unknown location, a timestamp format that is not")
	w.p("// one of the three, a union without registered variants...) fails here and")
	w.p("// not at a caller's first request. See protocol.CheckPlan.")
	w.p("func TestPlans(t *testing.T) {")
	w.p("for _, typ := range []reflect.Type{")
	for _, r := range rows {
		if len(r) > 6 && r[:6] == "types." {
			w.use(g.Module + "/types")
		}
		w.p("reflect.TypeFor[%s](),", r)
	}
	w.p("} {")
	w.p("if err := protocol.CheckPlan(typ); err != nil {")
	w.p("t.Errorf(\"CheckPlan(%v):\\n%v\", typ, err)")
	w.p("}")
	w.p("}")
	w.p("}")
	g.addGo("plans_test.go", w)
}
