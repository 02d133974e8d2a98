package codegen

import (
	"fmt"
	"strconv"
	"strings"
)

// This file writes waiters_test.go, which checks the compiled acceptors
// of every waiter against the evaluator of gen_waiters_eval.go on the
// values of gen_waiters_fixtures.go: each path acceptor must match its
// matching value and not the others, which it can only do by reading the
// members its path names; and the default Retryable must reach, for
// outputs and errors built to match each acceptor, the state of the first
// acceptor that matches.

// genWaiterTests writes waiters_test.go.
func (g *Generator) genWaiterTests(waiters []*waiterGen) {
	w := newFile(g.Pkg)
	w.use("context")
	w.use("testing")
	w.use(g.Root + "/internal/client/clienttest")
	var paths, states strings.Builder
	for _, wg := range waiters {
		wc, err := g.findFixtures(wg)
		if err != nil {
			g.fail("%s: smithy.waiters#waitable %s: %v", wg.op.ID, wg.name, err)
			continue
		}
		wc.writePathCases(&paths, w, wg)
		wc.writeStateCases(&states, w, wg)
	}
	if paths.Len() > 0 {
		w.p("// TestWaiterAcceptorPaths checks the compiled path of every output and inputOutput")
		w.p("// acceptor of every waiter against values the generator built from the model: the")
		w.p("// acceptor must match exactly when the generator's own evaluation of the path says")
		w.p("// so, which it can only do by reading the members the path names.")
		w.p("func TestWaiterAcceptorPaths(t *testing.T) {")
		w.p("clienttest.RunWaiterPathCases(t, []clienttest.WaiterPathCase{")
		w.body.WriteString(paths.String())
		w.p("})")
		w.p("}")
		w.p("")
	}
	w.p("// TestWaiterRetryables checks the default Retryable of every waiter: for outputs and")
	w.p("// errors built to match each acceptor, and for an error no acceptor names, it must")
	w.p("// reach the state of the first acceptor that matches, in the model's order.")
	w.p("func TestWaiterRetryables(t *testing.T) {")
	w.p("clienttest.RunWaiterStateCases(t, []clienttest.WaiterStateCase{")
	w.body.WriteString(states.String())
	w.p("})")
	w.p("}")
	g.addGo("waiters_test.go", w)
}

// inLit writes the input of fx as a Go expression, an empty input if it
// has none.
func (wc *waiterCases) inLit(w *fileWriter, wg *waiterGen, fx *fixture) string {
	if fx == nil || fx.in == nil || wc.fx == nil {
		return "&" + wg.opName + "Input{}"
	}
	return wc.fx.literal(w, wc.inD, "*"+wg.opName+"Input", fx.in)
}

// outLit writes the output of fx as a Go expression, nil if it has none.
func (wc *waiterCases) outLit(w *fileWriter, wg *waiterGen, fx *fixture) string {
	if fx == nil || fx.out == nil {
		return "nil"
	}
	return wc.fx.literal(w, wc.outD, "*"+wg.opName+"Output", fx.out)
}

// writePathCases writes the clienttest.WaiterPathCase rows of wg: for each
// path acceptor, a matching value, a non-matching one, an empty output and
// a nil one.
func (wc *waiterCases) writePathCases(b *strings.Builder, w *fileWriter, wg *waiterGen) {
	for i, cp := range wg.paths {
		if cp == nil {
			continue
		}
		a := &wg.def.Acceptors[i]
		io := a.Matcher.InputOutput != nil
		empty := &fixture{in: map[string]any{}, out: map[string]any{}}
		for _, fx := range []*fixture{wc.pos[i], wc.neg[i], empty, {}} {
			if fx == nil {
				continue
			}
			args := wc.outLit(w, wg, fx)
			if io {
				in := "nil"
				if fx.in != nil {
					in = wc.inLit(w, wg, fx)
				}
				args = in + ", " + args
			}
			fmt.Fprintf(b, "{Waiter: %q, Acceptor: %d, Path: %q, Data: %q, Match: func() bool { return %s(%s) }, Want: %v},\n",
				wg.name, i, a.path().Path, fx.describe(io), wg.acceptorFunc(i), args, jpMatch(cp, a.path(), fx.in, fx.out))
		}
	}
}

// stateCase is one call result a generated test gives a default
// Retryable.
type stateCase struct {
	desc     string   // what the call returned
	fx       *fixture // the input and output, or nil for a failed call
	out, err string   // Go expressions
	code     string   // the error code, if the call failed
}

// writeStateCases writes the clienttest.WaiterStateCase rows of wg: an
// empty output, each path acceptor's matching output, an error of each
// errorType, and an error no acceptor names, each with the state the
// evaluator says the acceptors reach.
func (wc *waiterCases) writeStateCases(b *strings.Builder, w *fileWriter, wg *waiterGen) {
	var cases []stateCase
	seen := map[string]bool{}
	add := func(sc stateCase) {
		if !seen[sc.desc] {
			seen[sc.desc] = true
			cases = append(cases, sc)
		}
	}
	add(stateCase{desc: "empty output", fx: &fixture{in: map[string]any{}, out: map[string]any{}},
		out: "&" + wg.opName + "Output{}", err: "nil"})
	for i, a := range wg.def.Acceptors {
		switch m := a.Matcher; {
		case wc.pos[i] != nil:
			fx := wc.pos[i]
			add(stateCase{desc: "output " + fx.describe(m.InputOutput != nil), fx: fx, out: wc.outLit(w, wg, fx), err: "nil"})
		case m.ErrorType != "":
			code := shapeName(m.ErrorType)
			add(stateCase{desc: "error " + code, out: "nil", err: "clienttest.APIError(" + strconv.Quote(code) + ")", code: code})
		}
	}
	const unmatched = "NimbusUnmatchedError"
	add(stateCase{desc: "error " + unmatched, out: "nil", err: "clienttest.APIError(" + strconv.Quote(unmatched) + ")", code: unmatched})
	for _, sc := range cases {
		var in, out any
		if sc.fx != nil {
			in, out = sc.fx.in, sc.fx.out
		}
		fmt.Fprintf(b, "{Waiter: %q, Case: %q, Retryable: func() (bool, error) { return %s(context.Background(), %s, %s, %s) }, Want: %q},\n",
			wg.name, sc.desc, wg.retryableFunc(), wc.inLit(w, wg, sc.fx), sc.out, sc.err, wg.waiterState(in, out, sc.code))
	}
}
