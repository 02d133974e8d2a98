package codegen

import (
	"errors"
	"fmt"
	"strconv"
	"unicode/utf8"
)

// This file is the second implementation of waiter paths: an evaluator
// that walks the syntax tree over plain values (maps for structures, []any
// for lists, string, float64, bool, nil) with the semantics the compiled
// code has (see gen_waiters_compile.go). The generated tests
// (gen_waiters_tests.go) check the compiled acceptors against it.

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
			if n.Filter != nil && !jpTruthy(jpEval(n.Filter, e)) {
				continue
			}
			if r := jpEval(n.Right, e); r != nil {
				out = append(out, r)
			}
		}
		return out
	case *jpCompare:
		return jpCompareValues(n.Op, jpEval(n.Left, cur), jpEval(n.Right, cur))
	case *jpAnd:
		l := jpEval(n.Left, cur)
		if !jpTruthy(l) {
			return l
		}
		return jpEval(n.Right, cur)
	case *jpOr:
		l := jpEval(n.Left, cur)
		if jpTruthy(l) {
			return l
		}
		return jpEval(n.Right, cur)
	case *jpNot:
		return !jpTruthy(jpEval(n.X, cur))
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

// jpCompareValues compares two scalars. Ordering is defined on numbers
// only; anything else gives null.
func jpCompareValues(op string, l, r any) any {
	switch op {
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
	switch op {
	case "<":
		return a < b
	case "<=":
		return a <= b
	case ">":
		return a > b
	}
	return a >= b
}

// jpTruthy is JMESPath truthiness, with a structure that is present
// always true (as in the compiled code).
func jpTruthy(v any) bool {
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
