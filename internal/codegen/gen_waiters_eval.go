package codegen

import (
	"encoding/json"
	"errors"
	"fmt"
	"hash/fnv"
	"math"
	"sort"
	"strconv"
	"strings"
	"unicode/utf8"
)

// This file writes waiters_test.go, which checks the compiled acceptors
// of every waiter against a second implementation: the evaluator below,
// which walks the syntax tree over plain values (maps for structures,
// []any for lists, string, float64, bool, nil) with the same semantics
// the compiled code has. For each path acceptor the generator searches,
// with a seeded generator, for an input and output that make the path
// match and one that does not, and the test asserts that the compiled
// function agrees, which it can only do by reading the member the path
// names. Further cases run the default Retryable on those outputs and on
// errors of each errorType, expecting the state of the first acceptor
// that matches.

// jpEval evaluates n on cur. n must have been compiled (its nodes carry
// their types).
func jpEval(n jpNode, cur any) any {
	switch n := n.(type) {
	case *jpCurrent:
		return cur
	case *jpLiteral:
		return n.Val
	case *jpField:
		var v any
		if m, ok := cur.(map[string]any); ok {
			v = m[n.Name]
		}
		if v == nil && (n.typ.kind == jkList || n.typ.kind == jkMap) {
			return []any{} // an absent list is an empty one
		}
		return v
	case *jpSub:
		return jpEval(n.Right, jpEval(n.Left, cur))
	case *jpFlatten:
		l, _ := jpEval(n.X, cur).([]any)
		if n.X.base().typ.elem.kind != jkList {
			return l
		}
		out := []any{}
		for _, e := range l {
			for _, ie := range e.([]any) {
				if ie != nil {
					out = append(out, ie)
				}
			}
		}
		return out
	case *jpProject:
		l, _ := jpEval(n.Left, cur).([]any)
		out := []any{}
		for _, e := range l {
			if n.Filter != nil && !jpTruthy(jpEval(n.Filter, e), n.Filter.base().typ) {
				continue
			}
			if r := jpEval(n.Right, e); r != nil {
				out = append(out, r)
			}
		}
		return out
	case *jpCompare:
		l, r := jpEval(n.Left, cur), jpEval(n.Right, cur)
		switch n.Op {
		case "==":
			return l == r
		case "!=":
			return l != r
		}
		a, ok1 := l.(float64)
		b, ok2 := r.(float64)
		if !ok1 || !ok2 {
			return nil
		}
		switch n.Op {
		case "<":
			return a < b
		case "<=":
			return a <= b
		case ">":
			return a > b
		}
		return a >= b
	case *jpAnd:
		l := jpEval(n.Left, cur)
		if !jpTruthy(l, n.Left.base().typ) {
			return l
		}
		return jpEval(n.Right, cur)
	case *jpOr:
		l := jpEval(n.Left, cur)
		if jpTruthy(l, n.Left.base().typ) {
			return l
		}
		return jpEval(n.Right, cur)
	case *jpNot:
		return !jpTruthy(jpEval(n.X, cur), n.X.base().typ)
	case *jpCall: // length
		switch x := jpEval(n.Args[0], cur).(type) {
		case []any:
			return float64(len(x))
		case string:
			return float64(utf8.RuneCountInString(x))
		}
		panic(errJMESPath) // length(null): jpMatch reports no match
	}
	panic(fmt.Sprintf("jpEval: %T", n))
}

// jpTruthy is JMESPath truthiness, with a structure that is present
// always true (as in the compiled code).
func jpTruthy(v any, t *jpType) bool {
	switch v := v.(type) {
	case nil:
		return false
	case bool:
		return v
	case string:
		return v != ""
	case []any:
		return len(v) > 0
	}
	return true
}

// errJMESPath is the panic value of an evaluation that is an error in
// JMESPath.
var errJMESPath = errors.New("JMESPath evaluation error")

// jpMatch applies a path matcher to input and output values. A path whose
// evaluation is an error does not match.
func jpMatch(cp *compiledPath, pm *pathMatcher, in, out any) (match bool) {
	defer func() {
		if r := recover(); r != nil {
			if r != errJMESPath {
				panic(r)
			}
			match = false
		}
	}()
	var root any = out
	if cp.in != nil {
		root = map[string]any{"input": in, "output": out}
	}
	v := jpEval(cp.ast, root)
	switch pm.Comparator {
	case "stringEquals":
		s, ok := v.(string)
		return ok && s == pm.Expected
	case "booleanEquals":
		b, ok := v.(bool)
		return ok && strconv.FormatBool(b) == pm.Expected
	case "allStringEquals", "anyStringEquals":
		l, _ := v.([]any)
		all := pm.Comparator == "allStringEquals"
		for _, e := range l {
			if s, ok := e.(string); ok && s == pm.Expected {
				if !all {
					return true
				}
			} else if all {
				return false
			}
		}
		return all && len(l) > 0
	}
	return false
}

// waiterState is the state the acceptors of wg reach for a call that
// returned output (with input) or failed with an error of code errCode:
// success, failure, retry, or error (an error no acceptor matched).
func (wg *waiterGen) waiterState(in, out any, errCode string) string {
	for i, a := range wg.def.Acceptors {
		m := a.Matcher
		var match bool
		switch {
		case m.Success != nil:
			match = (errCode == "") == *m.Success
		case m.ErrorType != "":
			match = errCode == shapeName(m.ErrorType)
		default:
			match = errCode == "" && jpMatch(wg.paths[i], a.path(), in, out)
		}
		if match {
			return a.State
		}
	}
	if errCode != "" {
		return "error"
	}
	return "retry"
}

// fixtures generates input and output values that set the members the
// waiter's paths read, from a deterministic pseudo-random sequence.
type fixtures struct {
	g     *Generator
	state uint64
	strs  []string
	nums  []float64
}

// next is splitmix64, so that the output does not depend on the Go
// version's math/rand.
func (f *fixtures) next() uint64 {
	f.state += 0x9e3779b97f4a7c15
	z := f.state
	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9
	z = (z ^ (z >> 27)) * 0x94d049bb133111eb
	return z ^ (z >> 31)
}

func (f *fixtures) intn(n int) int { return int(f.next() % uint64(n)) }

// goTypeOf returns the Go type of the value at d: a member's field type
// or a list's element type.
func (f *fixtures) goTypeOf(d *demand) string {
	c := f.g.ctx(newFile("scratch"), false, true)
	if d.member != nil {
		return f.g.memberType(d.member, c)
	}
	p := d.parent.shape
	return f.g.elemType(p.Member, p, c)
}

// value returns a random value for d; nil (absent) only if the Go type
// can represent it and required is false.
func (f *fixtures) value(d *demand, required bool) any {
	t := d.shape
	nilable := !required && (d.member == nil || strings.HasPrefix(f.goTypeOf(d), "*") || isEnum(t))
	switch {
	case t.Type == "structure":
		if nilable && f.intn(5) == 0 {
			return nil
		}
		m := map[string]any{}
		for _, fd := range d.fields {
			if v := f.value(fd, false); v != nil {
				m[fd.member.Name] = v
			}
		}
		return m
	case t.Type == "list" || t.Type == "set":
		ed := d.elem
		if ed == nil {
			ed = &demand{shape: f.g.Model.Shape(t.Member.Target), parent: d}
		}
		l := []any{}
		for n := f.intn(3); n > 0; n-- {
			l = append(l, f.value(ed, true))
		}
		return l
	case isEnum(t) || t.Type == "string":
		if v, ok := pick(f, f.strs, nilable); ok {
			return v
		}
		return nil
	case t.Type == "boolean":
		if v, ok := pick(f, []bool{true, false}, nilable); ok {
			return v
		}
		return nil
	case t.Type == "byte", t.Type == "short", t.Type == "integer", t.Type == "long",
		t.Type == "float", t.Type == "double", t.Type == "intEnum":
		if v, ok := pick(f, f.numsFor(t), nilable); ok {
			return v
		}
		return nil
	}
	return nil // maps and others: absent
}

// pick returns a random element of vs, or (when nilable) sometimes
// nothing, which stands for an absent value.
func pick[T any](f *fixtures, vs []T, nilable bool) (T, bool) {
	n := len(vs)
	if nilable {
		n++
	}
	var zero T
	if n == 0 {
		return zero, false
	}
	if i := f.intn(n); i < len(vs) {
		return vs[i], true
	}
	return zero, false
}

// numsFor returns the candidate numbers that shape t can hold.
func (f *fixtures) numsFor(t *Shape) []float64 {
	if t.Type == "float" || t.Type == "double" {
		return f.nums
	}
	limit := map[string]float64{"byte": math.MaxInt8, "short": math.MaxInt16, "integer": math.MaxInt32}[t.Type]
	var out []float64
	for _, n := range f.nums {
		if n == math.Trunc(n) && (limit == 0 || math.Abs(n) <= limit) {
			out = append(out, n)
		}
	}
	return out
}

// literal writes value v of the location d (Go type goType) as a Go
// expression.
func (f *fixtures) literal(w *fileWriter, d *demand, goType string, v any) string {
	ptr := strings.HasPrefix(goType, "*")
	base := strings.TrimPrefix(goType, "*")
	t := d.shape
	switch {
	case t.Type == "structure":
		m := v.(map[string]any)
		var fields []string
		for _, sm := range t.Members {
			for _, fd := range d.fields {
				if fd.member == sm {
					if fv, ok := m[sm.Name]; ok {
						fields = append(fields, fieldName(t, sm)+": "+f.literal(w, fd, f.goTypeOf(fd), fv))
					}
				}
			}
		}
		f.g.useTypes(w, base)
		lit := base + "{" + strings.Join(fields, ", ") + "}"
		if ptr {
			return "&" + lit
		}
		return lit
	case t.Type == "list" || t.Type == "set":
		ed := d.elem
		if ed == nil {
			ed = &demand{shape: f.g.Model.Shape(t.Member.Target), parent: d}
		}
		var elems []string
		et := f.goTypeOf(ed)
		for _, e := range v.([]any) {
			// Elements need not repeat the element type.
			lit := f.literal(w, ed, et, e)
			if el, ok := strings.CutPrefix(strings.TrimPrefix(lit, "&"), strings.TrimPrefix(et, "*")+"{"); ok {
				lit = "{" + el
			}
			elems = append(elems, lit)
		}
		f.g.useTypes(w, goType)
		return goType + "{" + strings.Join(elems, ", ") + "}"
	}
	var lit string
	switch v := v.(type) {
	case string:
		lit = strconv.Quote(v)
	case bool:
		lit = strconv.FormatBool(v)
	case float64:
		lit = strconv.FormatFloat(v, 'g', -1, 64)
	}
	if !ptr {
		return lit
	}
	w.use(f.g.Root + "/internal/client/clienttest")
	if _, ok := v.(float64); ok {
		f.g.useTypes(w, base)
		return "clienttest.Ptr[" + base + "](" + lit + ")"
	}
	return "clienttest.Ptr(" + lit + ")"
}

// mergeDemand adds the reads of src to dst.
func mergeDemand(dst, src *demand) {
	if src == nil {
		return
	}
	for _, sf := range src.fields {
		mergeDemand(dst.field(sf.member, sf.shape), sf)
	}
	if src.elem != nil {
		mergeDemand(dst.element(src.elem.shape), src.elem)
	}
}

// literals collects the string and number literals of a syntax tree.
func literals(n jpNode, strs map[string]bool, nums map[float64]bool) {
	switch n := n.(type) {
	case *jpLiteral:
		switch v := n.Val.(type) {
		case string:
			strs[v] = true
		case float64:
			nums[v], nums[v-1], nums[v+1] = true, true, true
		}
	case *jpSub:
		literals(n.Left, strs, nums)
		literals(n.Right, strs, nums)
	case *jpFlatten:
		literals(n.X, strs, nums)
	case *jpProject:
		literals(n.Left, strs, nums)
		literals(n.Right, strs, nums)
		if n.Filter != nil {
			literals(n.Filter, strs, nums)
		}
	case *jpCompare:
		literals(n.Left, strs, nums)
		literals(n.Right, strs, nums)
	case *jpAnd:
		literals(n.Left, strs, nums)
		literals(n.Right, strs, nums)
	case *jpOr:
		literals(n.Left, strs, nums)
		literals(n.Right, strs, nums)
	case *jpNot:
		literals(n.X, strs, nums)
	case *jpCall:
		for _, a := range n.Args {
			literals(a, strs, nums)
		}
	}
}

// fixtureTries bounds the search for matching and non-matching values.
const fixtureTries = 2000

type fixture struct{ in, out any }

func (fx fixture) describe(inputOutput bool) string {
	var v any = fx.out
	if inputOutput {
		v = map[string]any{"input": fx.in, "output": fx.out}
	}
	b, _ := json.Marshal(v) // maps marshal with sorted keys
	return string(b)
}

// waiterCases finds, for each path acceptor of wg, values that match and
// values that do not.
type waiterCases struct {
	inD, outD *demand
	fx        *fixtures
	pos, neg  []*fixture // by acceptor
}

func (g *Generator) findFixtures(wg *waiterGen) (*waiterCases, error) {
	wc := &waiterCases{inD: &demand{shape: wg.in}, outD: &demand{shape: wg.out},
		pos: make([]*fixture, len(wg.paths)), neg: make([]*fixture, len(wg.paths))}
	strs, nums := map[string]bool{"nimbus-other": true}, map[float64]bool{0: true, 1: true, 2: true}
	hasPaths := false
	for i, cp := range wg.paths {
		if cp == nil {
			continue
		}
		hasPaths = true
		mergeDemand(wc.inD, cp.in)
		mergeDemand(wc.outD, cp.out)
		literals(cp.ast, strs, nums)
		if pm := wg.def.Acceptors[i].path(); pm.Comparator != "booleanEquals" {
			strs[pm.Expected] = true
		}
	}
	if !hasPaths {
		return wc, nil
	}
	h := fnv.New64a()
	h.Write([]byte(wg.name))
	fx := &fixtures{g: g, state: h.Sum64()}
	for s := range strs {
		fx.strs = append(fx.strs, s)
	}
	sort.Strings(fx.strs)
	for n := range nums {
		fx.nums = append(fx.nums, n)
	}
	sort.Float64s(fx.nums)
	wc.fx = fx

	// The simplest value that matches, and the richest that does not: a
	// non-match with the path's members set to other values says more
	// than an empty output (which the tests also try).
	for try := 0; try < fixtureTries; try++ {
		cand := &fixture{in: map[string]any{}, out: map[string]any{}}
		if try > 0 {
			cand = &fixture{in: fx.value(wc.inD, true), out: fx.value(wc.outD, true)}
		}
		n := leaves(cand.in) + leaves(cand.out)
		for i, cp := range wg.paths {
			if cp == nil {
				continue
			}
			if jpMatch(cp, wg.def.Acceptors[i].path(), cand.in, cand.out) {
				if wc.pos[i] == nil || n < leaves(wc.pos[i].in)+leaves(wc.pos[i].out) {
					wc.pos[i] = cand
				}
			} else if n > 0 && (wc.neg[i] == nil || n > leaves(wc.neg[i].in)+leaves(wc.neg[i].out)) {
				wc.neg[i] = cand
			}
		}
	}
	for i, cp := range wg.paths {
		if cp != nil && wc.pos[i] == nil {
			pm := wg.def.Acceptors[i].path()
			return nil, fmt.Errorf("acceptor %d, path %q: none of %d generated outputs makes it match %s %q; the path looks unsatisfiable",
				i, pm.Path, fixtureTries, pm.Comparator, pm.Expected)
		}
	}
	return wc, nil
}

// leaves counts the scalar values in v.
func leaves(v any) int {
	switch v := v.(type) {
	case nil:
		return 0
	case map[string]any:
		n := 0
		for _, e := range v {
			n += leaves(e)
		}
		return n
	case []any:
		n := 0
		for _, e := range v {
			n += leaves(e)
		}
		return n
	}
	return 1
}

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
			g.fail("waiter %s (operation %s): %v", wg.name, shapeName(wg.op.ID), err)
			continue
		}
		name := wg.opName
		inLit := func(fx *fixture) string {
			if fx == nil || fx.in == nil || wc.fx == nil {
				return "&" + name + "Input{}"
			}
			return wc.fx.literal(w, wc.inD, "*"+name+"Input", fx.in)
		}
		outLit := func(fx *fixture) string {
			if fx == nil || fx.out == nil {
				return "nil"
			}
			return wc.fx.literal(w, wc.outD, "*"+name+"Output", fx.out)
		}
		// Acceptor paths: matching, not matching, and a nil output.
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
				call := wg.acceptorFunc(i) + "(" + outLit(fx) + ")"
				if io {
					in := "nil"
					if fx.in != nil {
						in = inLit(fx)
					}
					call = wg.acceptorFunc(i) + "(" + in + ", " + outLit(fx) + ")"
				}
				want := jpMatch(cp, a.path(), fx.in, fx.out)
				fmt.Fprintf(&paths, "{Waiter: %q, Acceptor: %d, Path: %q, Data: %q, Match: func() bool { return %s }, Want: %v},\n",
					wg.name, i, a.path().Path, fx.describe(io), call, want)
			}
		}
		// States: each acceptor's matching output or error, and an
		// error no acceptor names.
		type stateCase struct {
			desc, out, err string
			fx             *fixture
			code           string
		}
		var cases []stateCase
		seen := map[string]bool{}
		add := func(sc stateCase) {
			if !seen[sc.desc] {
				seen[sc.desc] = true
				cases = append(cases, sc)
			}
		}
		add(stateCase{desc: "empty output", out: "&" + name + "Output{}", err: "nil", fx: &fixture{in: map[string]any{}, out: map[string]any{}}})
		for i, a := range wg.def.Acceptors {
			m := a.Matcher
			switch {
			case wc.pos[i] != nil:
				fx := wc.pos[i]
				add(stateCase{desc: "output " + fx.describe(m.InputOutput != nil), out: outLit(fx), err: "nil", fx: fx})
			case m.ErrorType != "":
				code := shapeName(m.ErrorType)
				add(stateCase{desc: "error " + code, out: "nil", err: "clienttest.APIError(" + strconv.Quote(code) + ")", code: code})
			}
		}
		add(stateCase{desc: "error NimbusUnmatchedError", out: "nil", err: `clienttest.APIError("NimbusUnmatchedError")`, code: "NimbusUnmatchedError"})
		for _, sc := range cases {
			var in, out any
			if sc.fx != nil {
				in, out = sc.fx.in, sc.fx.out
			}
			fmt.Fprintf(&states, "{Waiter: %q, Case: %q, Retryable: func() (bool, error) { return %s(context.Background(), %s, %s, %s) }, Want: %q},\n",
				wg.name, sc.desc, wg.retryableFunc(), inLit(sc.fx), sc.out, sc.err, wg.waiterState(in, out, sc.code))
		}
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
