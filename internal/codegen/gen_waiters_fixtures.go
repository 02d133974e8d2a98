package codegen

import (
	"encoding/json"
	"fmt"
	"hash/fnv"
	"math"
	"sort"
	"strconv"
	"strings"
)

// This file builds the inputs and outputs of the generated waiter tests:
// for each path acceptor, from a seeded pseudo-random sequence, a value
// that makes the path match and one that does not, setting only the
// members the waiter's paths read.

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
	case *jpMultiList:
		for _, x := range n.Items {
			literals(x, strs, nums)
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
