package codegen

import (
	"fmt"
	"regexp"
	"sort"
	"strconv"
	"strings"
)

// This file compiles the paths of smithy.rules#operationContextParams
// (parsed by gen_ctxparams_parse.go) into Go that reads the operation's
// input and sets the endpoint parameter, with JMESPath's semantics:
//
//   - A member that is unset (a nil pointer, slice or map) is null; so is
//     anything selected from a null value, and a path whose value is null
//     leaves the parameter unset.
//   - Projections (a[*].b, a.*.b, a[].b) leave out null results; an
//     empty list is a list (the parameter is set to an empty list).
//   - Multi-select lists keep nulls, which matters to an index or a
//     flatten that follows; flatten merges one level of lists.
//   - keys(m) and values(m) list a map in key order, the order in which
//     the JSON codecs write the map.
//
// The compiler is typed by the input shape: a member that does not exist,
// a projection over something that is not a list, or a result whose type
// does not fit the parameter (a list for a string parameter, a list of
// lists for a stringArray) fails generation, so a model change cannot
// silently leave a parameter unbound. Two choices go beyond JMESPath,
// where a Go value cannot express its result:
//
//   - A stringArray parameter cannot hold null, so null elements (from a
//     multi-select list) are left out of it, as aws-sdk-go-v2 does.
//   - keys() and values() of null give null (JMESPath would report a type
//     error, which an SDK cannot raise for a member the caller left
//     unset).
//
// Lists are compiled lazily: a projection becomes loops that feed its
// elements straight to whatever consumes them, so binding
// TransactItems[*].[Put.TableName, ...][] appends to the parameter's slice
// with no intermediate lists.

// ocpKind is the kind of value a path expression yields.
type ocpKind int

const (
	ocpKString ocpKind = iota
	ocpKBool
	ocpKNumber // numbers, timestamps, blobs and documents: never a parameter value
	ocpKStruct
	ocpKUnion
	ocpKList
	ocpKMap
	ocpKTuple // a multi-select list: items of known number and types
)

// ocpType is the static type of a path expression.
type ocpType struct {
	kind   ocpKind
	shape  *Shape     // structure, union, list (Go slice) or map shape
	goType string     // the Go type of an ocpVal's expr (for lists and maps, of the Go slice or map)
	elem   *ocpType   // list element, map value
	items  []*ocpType // tuple items
	// sparse is set for Go slices and maps whose elements are pointers
	// that may be nil (smithy.api#sparse).
	sparse bool
}

// key identifies the type for the checks that a list's elements all have
// one type.
func (t *ocpType) key() string {
	switch t.kind {
	case ocpKString:
		return "string"
	case ocpKBool:
		return "bool"
	case ocpKList:
		return "list of " + t.elem.key()
	case ocpKMap:
		return "map of " + t.elem.key()
	case ocpKTuple:
		keys := make([]string, len(t.items))
		for i, it := range t.items {
			keys[i] = it.key()
		}
		return "multi-select list [" + strings.Join(keys, ", ") + "]"
	case ocpKStruct, ocpKUnion:
		return "structure " + shapeName(t.shape.ID)
	}
	return t.goType
}

// describe names the type in error messages.
func (t *ocpType) describe() string {
	switch t.kind {
	case ocpKNumber:
		return "a " + t.goType + " value"
	case ocpKStruct:
		return "structure " + shapeName(t.shape.ID)
	case ocpKUnion:
		return "union " + shapeName(t.shape.ID)
	}
	return "a " + t.key()
}

// ocpVal is a compiled expression: a Go expression valid when cond holds
// (cond "" means the value is never null), or, for lists produced by
// projections, a generator of its elements.
type ocpVal struct {
	t    *ocpType
	expr string
	cond string
	// items are a tuple's values.
	items []ocpVal
	// each, for a lazy list, writes code that calls body once per element
	// (each element non-null), to run where cond holds.
	each func(body func(ocpVal))
	// keysOf is the map of a keys() result, so that a stringArray
	// parameter can be filled with one allocation.
	keysOf string
}

// ocpCompiler compiles the paths of one operation.
type ocpCompiler struct {
	g  *Generator
	tc typeCtx
	b  *strings.Builder
	n  int // counter for Go variable names
	// err is an error found while writing code whose type was checked
	// before; it means a bug in the compiler.
	err error
}

func (c *ocpCompiler) p(format string, args ...any) {
	fmt.Fprintf(c.b, format, args...)
	c.b.WriteByte('\n')
}

func (c *ocpCompiler) name(prefix string) string {
	c.n++
	return prefix + strconv.Itoa(c.n)
}

// capture returns what f writes.
func (c *ocpCompiler) capture(f func()) string {
	saved := c.b
	c.b = new(strings.Builder)
	defer func() { c.b = saved }()
	f()
	return c.b.String()
}

// guard writes f's code inside "if cond {...}", or bare when cond is "".
func (c *ocpCompiler) guard(cond string, f func()) {
	if cond == "" {
		f()
		return
	}
	c.p("if %s {", cond)
	f()
	c.p("}")
}

func ocpAnd(a, b string) string {
	switch {
	case a == "":
		return b
	case b == "":
		return a
	}
	return a + " && " + b
}

// uses reports whether Go code refers to the variable name.
func uses(code, name string) bool {
	return regexp.MustCompile(`\b` + regexp.QuoteMeta(name) + `\b`).MatchString(code)
}

// typeOf returns the type of a value of shape s held in Go type goType.
func (c *ocpCompiler) typeOf(s *Shape, goType string) *ocpType {
	switch {
	case isEnum(s), s.Type == "string":
		return &ocpType{kind: ocpKString, goType: "string"}
	case s.Type == "boolean":
		return &ocpType{kind: ocpKBool, goType: "bool"}
	case s.Type == "structure":
		return &ocpType{kind: ocpKStruct, shape: s, goType: "*" + strings.TrimPrefix(goType, "*")}
	case s.Type == "union":
		return &ocpType{kind: ocpKUnion, shape: s, goType: goType}
	case s.Type == "list", s.Type == "set":
		et := c.g.elemType(s.Member, s, c.tc)
		return &ocpType{kind: ocpKList, shape: s, goType: goType, sparse: s.Traits.Has("smithy.api#sparse"),
			elem: c.typeOf(c.g.Model.Shape(s.Member.Target), et)}
	case s.Type == "map":
		et := c.g.elemType(s.Value, s, c.tc)
		return &ocpType{kind: ocpKMap, shape: s, goType: goType, sparse: s.Traits.Has("smithy.api#sparse"),
			elem: c.typeOf(c.g.Model.Shape(s.Value.Target), et)}
	}
	return &ocpType{kind: ocpKNumber, shape: s, goType: strings.TrimPrefix(goType, "*")}
}

// held returns the value of Go expression x of Go type goType holding a
// value of shape s: pointers are null when nil and dereferenced, enums
// converted to string, and an empty enum is null when it is a structure
// member (structMember), as the codecs leave it out.
func (c *ocpCompiler) held(s *Shape, goType, x string, structMember bool) ocpVal {
	t := c.typeOf(s, goType)
	v := ocpVal{t: t, expr: x}
	switch t.kind {
	case ocpKStruct:
		if strings.HasPrefix(goType, "*") {
			v.cond = x + " != nil"
		} else {
			// A structure held by value (a map value or list element
			// copied into a variable): never null.
			v.expr = "(&" + x + ")"
		}
	case ocpKUnion, ocpKList, ocpKMap:
		v.cond = x + " != nil"
	default:
		switch {
		case strings.HasPrefix(goType, "*"):
			v.cond, x = x+" != nil", "*"+x
		case goType == "[]byte", goType == "any":
			v.cond = x + " != nil"
		case isEnum(s) && structMember:
			// An empty enum member is unset: the codecs leave it out.
			v.cond = x + ` != ""`
		}
		if t.kind == ocpKString && goType != "string" && goType != "*string" {
			x = "string(" + x + ")"
		}
		v.expr = x
	}
	return v
}

// field selects member name of a structure value.
func (c *ocpCompiler) field(v ocpVal, name string) (ocpVal, error) {
	switch v.t.kind {
	case ocpKStruct:
		for _, m := range v.t.shape.Members {
			if m.Name == name {
				mv := c.held(c.g.Model.Shape(m.Target), c.g.memberType(m, c.tc), v.expr+"."+fieldName(v.t.shape, m), true)
				mv.cond = ocpAnd(v.cond, mv.cond)
				return mv, nil
			}
		}
		return ocpVal{}, fmt.Errorf("structure %s has no member %s", shapeName(v.t.shape.ID), name)
	case ocpKMap:
		// A field of a map is the value of that key.
		e, ok := c.name("e"), c.name("ok")
		c.p("var %s %s", e, c.g.elemType(v.t.shape.Value, v.t.shape, c.tc))
		c.p("%s := false", ok)
		c.guard(v.cond, func() { c.p("%s, %s = %s[%q]", e, ok, v.expr, name) })
		ev := c.held(c.g.Model.Shape(v.t.shape.Value.Target), c.g.elemType(v.t.shape.Value, v.t.shape, c.tc), e, false)
		ev.cond = ocpAnd(ok, ev.cond)
		return ev, nil
	case ocpKUnion:
		return ocpVal{}, fmt.Errorf("selecting %s from union %s is not supported", name, shapeName(v.t.shape.ID))
	}
	return ocpVal{}, fmt.Errorf("cannot select %s from %s", name, v.t.describe())
}

// iterate writes code that calls body for each element of the list v
// (elements may be null: their cond says when they are not). It guards
// the loop with v's cond.
func (c *ocpCompiler) iterate(v ocpVal, body func(ocpVal)) {
	c.guard(v.cond, func() {
		switch {
		case v.each != nil:
			v.each(body)
		case v.t.kind == ocpKTuple:
			for _, it := range v.items {
				body(it)
			}
		case v.t.kind == ocpKList:
			s := v.t.shape
			et := c.g.elemType(s.Member, s, c.tc)
			e := c.name("e")
			if v.t.elem.kind == ocpKStruct && !strings.HasPrefix(et, "*") {
				// Range by index: a pointer to the element, not a copy.
				i := c.name("i")
				code := c.capture(func() { body(ocpVal{t: v.t.elem, expr: e}) })
				c.p("for %s := range %s {", i, v.expr)
				if uses(code, e) {
					c.p("%s := &%s[%s]", e, v.expr, i)
				}
				c.b.WriteString(code)
				c.p("}")
				return
			}
			code := c.capture(func() { body(c.held(c.g.Model.Shape(s.Member.Target), et, e, false)) })
			if !uses(code, e) {
				e = "_"
			}
			c.p("for _, %s := range %s {", e, v.expr)
			c.b.WriteString(code)
			c.p("}")
		default:
			c.err = fmt.Errorf("internal error: iterating over %s", v.t.describe())
		}
	})
}

// mapEntries writes code that calls body with each key and value of the
// map v, in key order.
func (c *ocpCompiler) mapEntries(v ocpVal, body func(k string, val ocpVal)) {
	c.tc.w.use("maps")
	c.tc.w.use("slices")
	s := v.t.shape
	et := c.g.elemType(s.Value, s, c.tc)
	k, e := c.name("k"), c.name("e")
	c.guard(v.cond, func() {
		ev := c.held(c.g.Model.Shape(s.Value.Target), et, e, false)
		if v.t.elem.kind == ocpKStruct && !strings.HasPrefix(et, "*") {
			ev = ocpVal{t: v.t.elem, expr: "(&" + e + ")"}
		}
		code := c.capture(func() { body(k, ev) })
		kv := k
		if !uses(code, k) && !uses(code, e) {
			kv = "_"
		}
		c.p("for _, %s := range slices.Sorted(maps.Keys(%s)) {", kv, v.expr)
		if uses(code, e) {
			c.p("%s := %s[%s]", e, v.expr, k)
		}
		c.b.WriteString(code)
		c.p("}")
	})
}

// ocpElemType returns the type of the elements of list-like t (a list or a
// tuple whose items have one type), or an error naming what.
func ocpElemType(t *ocpType, what string) (*ocpType, error) {
	switch t.kind {
	case ocpKList:
		return t.elem, nil
	case ocpKTuple:
		if len(t.items) == 0 {
			return nil, fmt.Errorf("%s of an empty multi-select list", what)
		}
		for _, it := range t.items[1:] {
			if it.key() != t.items[0].key() {
				return nil, fmt.Errorf("%s of a multi-select list whose items differ in type (%s, %s)", what, t.items[0].key(), it.key())
			}
		}
		return t.items[0], nil
	}
	return nil, fmt.Errorf("%s of %s, which is not a list", what, t.describe())
}

// typeOfRHS compiles right against a value of type elem, to learn its
// result type and report its errors, discarding the code.
func (c *ocpCompiler) typeOfRHS(right ocpNode, elem *ocpType) (*ocpType, error) {
	var t *ocpType
	var err error
	c.capture(func() {
		var r ocpVal
		r, err = c.eval(right, c.placeholder(elem))
		t = r.t
	})
	return t, err
}

// placeholder is a value of type t for typeOfRHS.
func (c *ocpCompiler) placeholder(t *ocpType) ocpVal {
	v := ocpVal{t: t, expr: "placeholder"}
	switch {
	case t.kind == ocpKTuple:
		for _, it := range t.items {
			v.items = append(v.items, c.placeholder(it))
		}
	case t.kind == ocpKList && t.shape == nil:
		v.each = func(body func(ocpVal)) { body(c.placeholder(t.elem)) }
	}
	return v
}

// project returns the lazy list of right's non-null values on each
// element that iterateLeft yields.
func (c *ocpCompiler) project(cond string, elem *ocpType, right ocpNode, iterateLeft func(func(ocpVal))) (ocpVal, error) {
	rt, err := c.typeOfRHS(right, elem)
	if err != nil {
		return ocpVal{}, err
	}
	return ocpVal{t: &ocpType{kind: ocpKList, elem: rt, goType: "[]" + rt.goType}, cond: cond, each: func(body func(ocpVal)) {
		iterateLeft(func(e ocpVal) {
			c.guard(e.cond, func() {
				e.cond = ""
				r, err := c.eval(right, e)
				if err != nil {
					c.err = err
					return
				}
				c.guard(r.cond, func() {
					r.cond = ""
					body(r)
				})
			})
		})
	}}, nil
}

// eval compiles n applied to v. It may write statements (map lookups,
// indexes into projections), each guarded by the condition of the value
// it reads.
func (c *ocpCompiler) eval(n ocpNode, v ocpVal) (ocpVal, error) {
	switch n := n.(type) {
	case ocpCurrent:
		return v, nil
	case ocpField:
		return c.field(v, n.Name)
	case ocpSub:
		l, err := c.eval(n.Left, v)
		if err != nil {
			return ocpVal{}, err
		}
		return c.eval(n.Right, l)
	case ocpIndex:
		l, err := c.eval(n.Left, v)
		if err != nil {
			return ocpVal{}, err
		}
		return c.index(l, n.N)
	case ocpProject:
		l, err := c.eval(n.Left, v)
		if err != nil {
			return ocpVal{}, err
		}
		if l.t.kind == ocpKTuple {
			// Each item may have its own type; their results must agree.
			var rt *ocpType
			for _, it := range l.items {
				t, err := c.typeOfRHS(n.Right, it.t)
				if err != nil {
					return ocpVal{}, err
				}
				if rt != nil && rt.key() != t.key() {
					return ocpVal{}, fmt.Errorf("projection yields values of different types (%s, %s)", rt.key(), t.key())
				}
				rt = t
			}
			if rt == nil {
				return ocpVal{}, fmt.Errorf("projection of an empty multi-select list")
			}
			return c.project(l.cond, l.items[0].t, n.Right, func(body func(ocpVal)) {
				c.iterate(ocpVal{t: l.t, items: l.items}, body)
			})
		}
		et, err := ocpElemType(l.t, "projection [*]")
		if err != nil {
			return ocpVal{}, err
		}
		return c.project(l.cond, et, n.Right, func(body func(ocpVal)) {
			l := l
			l.cond = ""
			c.iterate(l, body)
		})
	case ocpValues:
		l, err := c.eval(n.Left, v)
		if err != nil {
			return ocpVal{}, err
		}
		return c.values(l, n.Right, "object projection *")
	case ocpFlatten:
		l, err := c.eval(n.X, v)
		if err != nil {
			return ocpVal{}, err
		}
		return c.flatten(l)
	case ocpMulti:
		// Items are evaluated on v itself, so that each is null (and each
		// statement guarded) when v is.
		out := ocpVal{t: &ocpType{kind: ocpKTuple}, cond: v.cond}
		for _, it := range n.Items {
			iv, err := c.eval(it, v)
			if err != nil {
				return ocpVal{}, err
			}
			out.items = append(out.items, iv)
			out.t.items = append(out.t.items, iv.t)
		}
		out.t.goType = out.t.key()
		return out, nil
	case ocpCall:
		return c.call(n, v)
	}
	return ocpVal{}, fmt.Errorf("internal error: unknown node %T", n)
}

// values is the object projection: right on each value of the map or
// structure l, null results left out.
func (c *ocpCompiler) values(l ocpVal, right ocpNode, what string) (ocpVal, error) {
	switch l.t.kind {
	case ocpKMap:
		return c.project(l.cond, l.t.elem, right, func(body func(ocpVal)) {
			l := l
			l.cond = ""
			c.mapEntries(l, func(_ string, e ocpVal) { body(e) })
		})
	case ocpKStruct:
		// The members in model order, as the codecs write them; unset
		// members are absent from the object, and null results are left
		// out anyway.
		inner := l
		inner.cond = ""
		tuple := ocpVal{t: &ocpType{kind: ocpKTuple}}
		for _, m := range l.t.shape.Members {
			mv, err := c.field(inner, m.Name)
			if err != nil {
				return ocpVal{}, err
			}
			tuple.items = append(tuple.items, mv)
			tuple.t.items = append(tuple.t.items, mv.t)
		}
		var rt *ocpType
		for _, it := range tuple.items {
			t, err := c.typeOfRHS(right, it.t)
			if err != nil {
				return ocpVal{}, err
			}
			if rt != nil && rt.key() != t.key() {
				return ocpVal{}, fmt.Errorf("%s over structure %s yields values of different types (%s, %s)", what, shapeName(l.t.shape.ID), rt.key(), t.key())
			}
			rt = t
		}
		if rt == nil {
			return ocpVal{}, fmt.Errorf("%s over structure %s, which has no members", what, shapeName(l.t.shape.ID))
		}
		return c.project(l.cond, tuple.items[0].t, right, func(body func(ocpVal)) {
			c.iterate(tuple, body)
		})
	}
	return ocpVal{}, fmt.Errorf("%s of %s, which is not an object", what, l.t.describe())
}

// flatten merges the lists inside list l into one lazy list: lists are
// replaced by their elements, other values kept, nulls left out (by the
// projection that follows every flatten).
func (c *ocpCompiler) flatten(l ocpVal) (ocpVal, error) {
	var et *ocpType
	switch l.t.kind {
	case ocpKList:
		et = l.t.elem
		if et.kind == ocpKList || et.kind == ocpKTuple {
			inner, err := ocpElemType(et, "flatten []")
			if err != nil {
				return ocpVal{}, err
			}
			et = inner
		}
	case ocpKTuple:
		for _, it := range l.t.items {
			t := it
			if it.kind == ocpKList || it.kind == ocpKTuple {
				inner, err := ocpElemType(it, "flatten []")
				if err != nil {
					return ocpVal{}, err
				}
				t = inner
			}
			if et != nil && et.key() != t.key() {
				return ocpVal{}, fmt.Errorf("flatten [] of values of different types (%s, %s)", et.key(), t.key())
			}
			et = t
		}
		if et == nil {
			return ocpVal{}, fmt.Errorf("flatten [] of an empty multi-select list")
		}
	default:
		return ocpVal{}, fmt.Errorf("flatten [] of %s, which is not a list", l.t.describe())
	}
	return ocpVal{t: &ocpType{kind: ocpKList, elem: et, goType: "[]" + et.goType}, cond: l.cond, each: func(body func(ocpVal)) {
		l := l
		l.cond = ""
		c.iterate(l, func(e ocpVal) {
			c.guard(e.cond, func() {
				e.cond = ""
				if e.t.kind == ocpKList || e.t.kind == ocpKTuple {
					c.iterate(e, func(x ocpVal) {
						c.guard(x.cond, func() {
							x.cond = ""
							body(x)
						})
					})
					return
				}
				body(e)
			})
		})
	}}, nil
}

// index selects element n of list l (from the end when negative).
func (c *ocpCompiler) index(l ocpVal, n int) (ocpVal, error) {
	switch {
	case l.t.kind == ocpKTuple:
		i := n
		if i < 0 {
			i += len(l.items)
		}
		if i < 0 || i >= len(l.items) {
			return ocpVal{}, fmt.Errorf("index [%d] is outside the multi-select list of %d items", n, len(l.items))
		}
		it := l.items[i]
		it.cond = ocpAnd(l.cond, it.cond)
		return it, nil
	case l.t.kind == ocpKList && l.each == nil:
		s := l.t.shape
		x := fmt.Sprintf("%s[%d]", l.expr, n)
		cond := fmt.Sprintf("len(%s) > %d", l.expr, n)
		if n < 0 {
			x = fmt.Sprintf("%s[len(%s)-%d]", l.expr, l.expr, -n)
			cond = fmt.Sprintf("len(%s) >= %d", l.expr, -n)
		}
		et := c.g.elemType(s.Member, s, c.tc)
		ev := c.held(c.g.Model.Shape(s.Member.Target), et, x, false)
		if l.t.elem.kind == ocpKStruct && !strings.HasPrefix(et, "*") {
			ev = ocpVal{t: l.t.elem, expr: "(&" + x + ")"}
		}
		ev.cond = ocpAnd(ocpAnd(l.cond, cond), ev.cond)
		return ev, nil
	case l.t.kind == ocpKList:
		// A projection's result: collect it, then index.
		// A null list and an empty one both make the index null, so the
		// length alone says whether there is an element.
		if k := l.t.elem.kind; k == ocpKList || k == ocpKTuple {
			return ocpVal{}, fmt.Errorf("index [%d] of a projection whose elements are lists is not supported", n)
		}
		items := c.name("items")
		c.p("var %s []%s", items, l.t.elem.goType)
		c.iterate(l, func(e ocpVal) {
			c.p("%s = append(%s, %s)", items, items, e.expr)
		})
		x := fmt.Sprintf("%s[%d]", items, n)
		cond := fmt.Sprintf("len(%s) > %d", items, n)
		if n < 0 {
			x = fmt.Sprintf("%s[len(%s)-%d]", items, items, -n)
			cond = fmt.Sprintf("len(%s) >= %d", items, -n)
		}
		return ocpVal{t: l.t.elem, expr: x, cond: cond}, nil
	}
	return ocpVal{}, fmt.Errorf("index [%d] of %s, which is not a list", n, l.t.describe())
}

// call compiles the functions the subset has: keys and values.
func (c *ocpCompiler) call(n ocpCall, v ocpVal) (ocpVal, error) {
	if n.Name != "keys" && n.Name != "values" {
		return ocpVal{}, fmt.Errorf("function %s() is not supported (only keys() and values())", n.Name)
	}
	if len(n.Args) != 1 {
		return ocpVal{}, fmt.Errorf("%s() takes one argument, not %d", n.Name, len(n.Args))
	}
	arg, err := c.eval(n.Args[0], v)
	if err != nil {
		return ocpVal{}, err
	}
	if arg.t.kind != ocpKMap {
		return ocpVal{}, fmt.Errorf("%s() of %s: only maps are supported", n.Name, arg.t.describe())
	}
	if n.Name == "values" {
		return c.values(arg, ocpCurrent{}, "values()")
	}
	str := &ocpType{kind: ocpKString, goType: "string"}
	return ocpVal{t: &ocpType{kind: ocpKList, elem: str, goType: "[]string"}, cond: arg.cond, keysOf: arg.expr, each: func(body func(ocpVal)) {
		arg := arg
		arg.cond = ""
		c.mapEntries(arg, func(k string, _ ocpVal) { body(ocpVal{t: str, expr: k}) })
	}}, nil
}

// compileContextParam writes the Go code that sets p[param] (a parameter
// of rule-set type paramType) from the input v by path.
func (c *ocpCompiler) compileContextParam(in *Shape, inputType, param, paramType, path string) error {
	n, err := parseOCPPath(path)
	if err != nil {
		return err
	}
	root := ocpVal{t: &ocpType{kind: ocpKStruct, shape: in, goType: "*" + inputType}, expr: "v"}
	var code string
	code = c.capture(func() {
		var r ocpVal
		r, err = c.eval(n, root)
		if err != nil {
			return
		}
		err = c.sink(r, param, paramType)
	})
	if err != nil {
		return err
	}
	if c.err != nil {
		return c.err
	}
	c.b.WriteString(code)
	return nil
}

// sink writes code that stores r into p[param].
func (c *ocpCompiler) sink(r ocpVal, param, paramType string) error {
	switch strings.ToLower(paramType) {
	case "string", "boolean":
		want := ocpKString
		if strings.EqualFold(paramType, "boolean") {
			want = ocpKBool
		}
		if r.t.kind != want {
			return fmt.Errorf("the path yields %s; parameter %s is a %s", r.t.describe(), param, paramType)
		}
		c.guard(r.cond, func() { c.p("p[%q] = %s", param, r.expr) })
		return nil
	case "stringarray":
		et, err := ocpElemType(r.t, "parameter "+param+" (stringArray) set to the value")
		if err != nil {
			return fmt.Errorf("the path yields %s; parameter %s is a stringArray", r.t.describe(), param)
		}
		if et.kind != ocpKString {
			return fmt.Errorf("the path yields a list of %s; parameter %s is a stringArray", et.key(), param)
		}
		if r.each == nil && r.t.kind == ocpKList && r.t.goType == "[]string" {
			// A []string member: the parameter shares it, as a
			// contextParam does.
			c.guard(r.cond, func() { c.p("p[%q] = %s", param, r.expr) })
			return nil
		}
		vals := c.name("vals")
		if r.keysOf != "" {
			// keys(m): collect, then sort in place.
			c.tc.w.use("slices")
			c.guard(r.cond, func() {
				k := c.name("k")
				c.p("%s := make([]string, 0, len(%s))", vals, r.keysOf)
				c.p("for %s := range %s {", k, r.keysOf)
				c.p("%s = append(%s, %s)", vals, vals, k)
				c.p("}")
				c.p("slices.Sort(%s)", vals)
				c.p("p[%q] = %s", param, vals)
			})
			return nil
		}
		c.guard(r.cond, func() {
			c.p("%s := []string{}", vals)
			r := r
			r.cond = ""
			c.iterate(r, func(e ocpVal) {
				// Null elements (of a multi-select list) cannot be
				// stringArray elements: they are left out.
				c.guard(e.cond, func() { c.p("%s = append(%s, %s)", vals, vals, e.expr) })
			})
			c.p("p[%q] = %s", param, vals)
		})
		return nil
	}
	return fmt.Errorf("parameter %s has type %s, which an operation context parameter cannot set", param, paramType)
}

// operationContextParamCode returns the code that binds op's
// smithy.rules#operationContextParams to endpoint parameters, in
// parameter-name order. A path that does not compile fails generation
// with an error naming the operation, the parameter and the trait.
func (g *Generator) operationContextParamCode(w *fileWriter, op, in *Shape, inputType string) string {
	var ocp map[string]struct {
		Path string `json:"path"`
	}
	if !op.Traits.Decode("smithy.rules#operationContextParams", &ocp) || len(ocp) == 0 {
		return ""
	}
	types := map[string]string{}
	for _, p := range g.ruleSetParams() {
		types[p.Name] = p.Type
	}
	names := make([]string, 0, len(ocp))
	for n := range ocp {
		names = append(names, n)
	}
	sort.Strings(names)
	c := &ocpCompiler{g: g, tc: g.ctx(w, false, false), b: new(strings.Builder)}
	for _, n := range names {
		fail := func(err error) {
			g.fail("operation %s: smithy.rules#operationContextParams parameter %s (path %q): %v", shapeName(op.ID), n, ocp[n].Path, err)
		}
		typ, ok := types[n]
		if !ok {
			fail(fmt.Errorf("the endpoint rules have no parameter %s", n))
			continue
		}
		if in == nil {
			fail(fmt.Errorf("the operation has no input"))
			continue
		}
		c.err = nil
		if err := c.compileContextParam(in, inputType, n, typ, ocp[n].Path); err != nil {
			fail(err)
		}
	}
	return c.b.String()
}
