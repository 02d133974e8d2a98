package codegen

import (
	"errors"
	"fmt"
	"strconv"
	"strings"
	"unicode/utf8"
)

// This file is the second implementation of waiter paths: an evaluator
// that walks the syntax tree over plain values (maps for structures, []any
// for lists, string, float64, bool, nil) with the semantics of the
// JMESPath specification, and the two choices the compiled code makes
// (see gen_waiters_compile.go): an absent list or map is an empty one,
// and a structure that is present is truthy. The generated tests
// (gen_waiters_tests.go) check the compiled acceptors against it.

// jpEval evaluates n on cur. The types a compiled n carries give the
// compiled code's choices; an n that was only parsed is evaluated as plain
// JMESPath.
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
		if v == nil && n.typ != nil && (n.typ.kind == jkList || n.typ.kind == jkMap) {
			return []any{} // an absent list is an empty one
		}
		return v
	case *jpSub:
		return jpEval(n.Right, jpEval(n.Left, cur))
	case *jpFlatten:
		// Elements that are lists are merged into the list, the others
		// (nulls too) kept. Which are lists is told by their type, as
		// maps are []any here.
		l, ok := jpEval(n.X, cur).([]any)
		if !ok {
			return nil
		}
		t := n.X.base().typ
		out := []any{}
		for i, e := range l {
			if sub, ok := e.([]any); ok && (t == nil || t.elemAt(i).kind == jkList) {
				out = append(out, sub...)
			} else {
				out = append(out, e)
			}
		}
		return out
	case *jpMultiList:
		if cur == nil {
			return nil
		}
		out := make([]any, len(n.Items))
		for i, x := range n.Items {
			out[i] = jpEval(x, cur)
		}
		return out
	case *jpProject:
		l, ok := jpEval(n.Left, cur).([]any)
		if !ok {
			return nil // a projection of anything but a list is null
		}
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
	case *jpCall:
		args := make([]any, len(n.Args))
		for i, a := range n.Args {
			args[i] = jpEval(a, cur)
		}
		return jpCallFunc(n.Name, args)
	}
	panic(fmt.Sprintf("jpEval: %T", n))
}

// jpCallFunc applies the function name to args. An argument of a type the
// function does not take is an error: jpMatch reports no match.
func jpCallFunc(name string, args []any) any {
	switch name {
	case "length":
		switch x := args[0].(type) {
		case []any:
			return float64(len(x))
		case string:
			return float64(utf8.RuneCountInString(x))
		}
	case "contains":
		switch subj := args[0].(type) {
		case []any:
			for _, e := range subj {
				if jpEqual(e, args[1]) {
					return true
				}
			}
			return false
		case string:
			s, ok := args[1].(string)
			return ok && strings.Contains(subj, s)
		}
	default:
		panic("jpEval: function " + name)
	}
	panic(errJMESPath)
}

// jpEqual is JMESPath equality: of the same type and value, lists element
// by element and objects member by member.
func jpEqual(a, b any) bool {
	switch a := a.(type) {
	case []any:
		b, ok := b.([]any)
		if !ok || len(a) != len(b) {
			return false
		}
		for i := range a {
			if !jpEqual(a[i], b[i]) {
				return false
			}
		}
		return true
	case map[string]any:
		b, ok := b.(map[string]any)
		if !ok || len(a) != len(b) {
			return false
		}
		for k, v := range a {
			if w, ok := b[k]; !ok || !jpEqual(v, w) {
				return false
			}
		}
		return true
	}
	return a == b // string, float64, bool, nil; different types differ
}

// jpCompareValues compares two scalars. Ordering is defined on numbers
// only; anything else gives null.
func jpCompareValues(op string, l, r any) any {
	switch op {
	case "==":
		return jpEqual(l, r)
	case "!=":
		return !jpEqual(l, r)
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
