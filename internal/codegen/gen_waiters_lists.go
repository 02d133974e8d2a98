package codegen

import (
	"fmt"
	"strings"
)

// This file compiles the list expressions of waiter paths: projections
// (a[], a[*], a[?cond]), flattening and multi-select lists, and the
// iteration every reader of a list goes through (each), whatever form
// the list has (see the top of gen_waiters_compile.go).

// jpLazy is a deferred list: the projection n of the list left (flattened
// first if flat), whose loop is written wherever the list is read.
type jpLazy struct {
	n    *jpProject
	left jpVal
	flat bool
	live string // the compiler's live condition where n was compiled
}

// block writes header, then the code f writes in a scope of its own
// (temporaries it declares are not used after the block), then "}".
func (c *jpCompiler) block(header string, f func() error) error {
	body, err := c.nested(f)
	if err != nil {
		return err
	}
	c.stmt("%s {", header)
	c.out.WriteString(body)
	c.stmt("}")
	return nil
}

// when writes the code f writes, run only when cond holds ("" means
// always).
func (c *jpCompiler) when(cond string, f func() error) error {
	if cond == "" {
		return f()
	}
	return c.block("if "+cond, f)
}

// each writes code that calls body with each element of list l, in
// order. Elements may be null (a guard in e.ok) in multi-select lists.
func (c *jpCompiler) each(l jpVal, body func(e jpVal) error) error {
	switch {
	case l.items != nil:
		// Unrolled: no loop, so body cannot continue to the next one.
		saved := c.inLoop
		c.inLoop = false
		defer func() { c.inLoop = saved }()
		return c.when(l.ok, func() error {
			for _, e := range l.items {
				e.ok = known(e.ok, l.ok)
				if err := body(e); err != nil {
					return err
				}
			}
			return nil
		})
	case l.lazy != nil:
		return c.eachProjected(l.lazy, body)
	}
	return c.forEach(l, body)
}

// forEach writes a loop over the elements of the slice l and calls body
// with each element, inside the loop.
func (c *jpCompiler) forEach(l jpVal, body func(e jpVal) error) error {
	if l.t.kind != jkList {
		return fmt.Errorf("a projection needs a list, not a %s", l.t)
	}
	e := c.tmp()
	if !l.t.fromModel {
		return c.loop(l.expr, "", e, func() error {
			return body(jpVal{t: l.t.elem, expr: e, d: elemDemand(l)})
		})
	}
	et := c.g.Model.Shape(l.t.shape.Member.Target)
	if et.Type == "structure" && !strings.HasPrefix(l.t.elemGo, "*") {
		// By index, so that the element is not copied.
		return c.loop(l.expr, c.tmp(), e, func() error {
			ev, err := c.readValue(e, "*"+l.t.elemGo, et, "", l.d.element(et))
			if err != nil {
				return err
			}
			ev.ok = ""
			return body(ev)
		})
	}
	return c.loop(l.expr, "", e, func() error {
		ev, err := c.readValue(e, l.t.elemGo, et, "", l.d.element(et))
		if err != nil {
			return err
		}
		return body(ev)
	})
}

// loop writes a loop over the slice expr with the element in the variable
// e (a pointer to it if index names the index variable), and the body f
// writes.
func (c *jpCompiler) loop(expr, index, e string, f func() error) error {
	body, err := c.nested(func() error {
		saved := c.inLoop
		c.inLoop = true
		defer func() { c.inLoop = saved }()
		return f()
	})
	if err != nil {
		return err
	}
	header := fmt.Sprintf("for _, %s := range %s {\n", e, expr)
	if index != "" {
		header = fmt.Sprintf("for %s := range %s {\n%s := &%s[%s]\n", index, expr, e, expr, index)
	}
	c.out.WriteString(header)
	c.declared(e, varDecl{text: header, unread: "for range " + expr + " {\n", names: 1})
	c.out.WriteString(body)
	c.stmt("}")
	return nil
}

// elemDemand is where the elements of list l were read.
func elemDemand(l jpVal) *demand {
	if l.d == nil {
		return nil
	}
	return l.d.elem
}

// eachFlat is each over l flattened, as Left[] before the projection n:
// the elements of elements that are lists, and the other elements.
func (c *jpCompiler) eachFlat(n *jpProject, l jpVal, body func(e jpVal) error) error {
	return c.each(l, func(e jpVal) error {
		if e.t.kind != jkList {
			return body(e)
		}
		if e.ok != "" {
			// A null element is kept by the flatten and given to the
			// projection, which drops it only if it projects to null.
			if _, identity := n.Right.(*jpCurrent); !identity {
				return fmt.Errorf("%s flattens a list that may be null (%s), then projects it; only a projection to the elements themselves ([] at the end) is supported", jpString(n), e.t)
			}
		}
		return c.each(e, body)
	})
}

// project compiles the projection n of the list n.Left. The results that
// are not null make a built list; when they are multi-select lists, a
// deferred list.
func (c *jpCompiler) project(n *jpProject, cur jpVal) (jpVal, error) {
	left, flat := n.Left, false
	if f, ok := n.Left.(*jpFlatten); ok {
		left, flat = f.X, true
	}
	l, err := c.compile(left, cur)
	if err != nil {
		return jpVal{}, err
	}
	switch {
	case l.t.kind != jkList && flat:
		return jpVal{}, fmt.Errorf("[] flattens a list, not a %s", l.t)
	case l.t.kind != jkList:
		return jpVal{}, fmt.Errorf("%s projects a %s; projections need a list", jpString(n), l.t)
	}
	n0 := c.n
	v := c.tmp()
	var rt *jpType
	var rds []*demand
	deferred := false
	body, err := c.nested(func() error {
		return c.projectEach(n, l, flat, func(r jpVal) error {
			switch {
			case r.t.kind == jkRoot:
				return fmt.Errorf("%s projects to %s", jpString(n), r.t)
			case r.t.kind == jkNull:
				return nil // always null, so dropped
			case rt == nil:
				rt = r.t
			case !sameType(rt, r.t):
				return fmt.Errorf("%s projects to values of different types (%s and %s), which one Go slice cannot hold", jpString(n), rt, r.t)
			}
			if r.items != nil || r.lazy != nil {
				deferred = true
				return nil
			}
			rds = append(rds, r.d)
			c.appendIf(v, r) // projections drop null results
			return nil
		})
	})
	if err != nil {
		return jpVal{}, err
	}
	if rt == nil {
		return jpVal{}, fmt.Errorf("%s projects to null", jpString(n))
	}
	lt := &jpType{kind: jkList, elem: rt}
	if deferred {
		c.n = n0 // body is dropped, and written again where the list is read
		return jpVal{t: lt, ok: l.ok, lazy: &jpLazy{n: n, left: l, flat: flat, live: c.live}}, nil
	}
	lt.goType = "[]" + rt.goType
	c.stmt("var %s %s", v, c.declare(lt.goType))
	c.out.WriteString(body)
	return jpVal{t: lt, expr: v, ok: l.ok, d: &demand{elem: joinDemands(rds)}}, nil
}

// projectEach writes the loop of the projection n of l and calls yield
// with the result of n.Right for each element that passes the filter,
// null or not.
func (c *jpCompiler) projectEach(n *jpProject, l jpVal, flat bool, yield func(r jpVal) error) error {
	iter := c.each
	if flat {
		iter = func(l jpVal, body func(e jpVal) error) error { return c.eachFlat(n, l, body) }
	}
	return iter(l, func(e jpVal) error {
		rest := func() error {
			r, err := c.compile(n.Right, e)
			if err != nil {
				return err
			}
			return yield(r)
		}
		if n.Filter == nil {
			return rest()
		}
		cond, err := c.compile(n.Filter, e)
		if err != nil {
			return err
		}
		keep, err := c.truthy(cond)
		if err != nil {
			return err
		}
		if !c.inLoop {
			return c.when(keep, rest)
		}
		c.stmt("if %s {", not(keep))
		c.stmt("continue")
		c.stmt("}")
		return rest()
	})
}

// eachProjected is each over the deferred list lz: the projection's loop,
// calling body with each result that is not null. The projection is
// compiled as where it was written, body as where the list is read.
func (c *jpCompiler) eachProjected(lz *jpLazy, body func(e jpVal) error) error {
	reader := c.live
	defer func() { c.live = reader }()
	c.live = lz.live
	return c.projectEach(lz.n, lz.left, lz.flat, func(r jpVal) error {
		return c.when(r.ok, func() error {
			c.live = reader
			defer func() { c.live = lz.live }()
			r.ok = ""
			return body(r)
		})
	})
}

// count writes code counting the elements of l and returns the variable
// holding the count.
func (c *jpCompiler) count(l jpVal) (string, error) {
	n := c.tmp()
	c.stmt("%s := 0", n)
	err := c.each(l, func(jpVal) error {
		c.stmt("%s++", n)
		return nil
	})
	return n, err
}

// appendIf appends e to the slice variable v unless e is null.
func (c *jpCompiler) appendIf(v string, e jpVal) {
	if e.ok == "" {
		c.stmt("%s = append(%s, %s)", v, v, e.expr)
		return
	}
	c.stmt("if %s {", e.ok)
	c.stmt("%s = append(%s, %s)", v, v, e.expr)
	c.stmt("}")
}

// multiList compiles the multi-select list n: its elements, on cur, kept
// one by one with their guards; the list is null when cur is.
func (c *jpCompiler) multiList(n *jpMultiList, cur jpVal) (jpVal, error) {
	saved := c.live
	c.live = and(c.live, cur.ok) // the elements are not evaluated on null
	defer func() { c.live = saved }()
	t := &jpType{kind: jkList}
	v := jpVal{t: t, ok: cur.ok}
	for i, x := range n.Items {
		e, err := c.compile(x, cur)
		if err != nil {
			return jpVal{}, err
		}
		if e.t.kind == jkRoot {
			return jpVal{}, fmt.Errorf("element %d of %s is the {input, output} object, which the compiler does not support", i, jpString(n))
		}
		v.items = append(v.items, e)
		t.items = append(t.items, e.t)
	}
	return v, nil
}

// sameType reports whether values of types a and b can be elements of
// one list: the same kind and Go type, and for multi-select lists the
// same element types.
func sameType(a, b *jpType) bool {
	if a.kind != b.kind || a.goType != b.goType || len(a.items) != len(b.items) {
		return false
	}
	for i := range a.items {
		if !sameType(a.items[i], b.items[i]) {
			return false
		}
	}
	if a.elem != nil && b.elem != nil {
		return sameType(a.elem, b.elem)
	}
	return a.elem == nil && b.elem == nil
}

// joinDemands returns one demand for elements read from each of ds.
func joinDemands(ds []*demand) *demand {
	var uniq []*demand
	for _, d := range ds {
		if d != nil && !containsDemand(uniq, d) {
			uniq = append(uniq, d)
		}
	}
	switch len(uniq) {
	case 0:
		return nil
	case 1:
		return uniq[0]
	}
	return &demand{alts: uniq}
}

func containsDemand(ds []*demand, d *demand) bool {
	for _, x := range ds {
		if x == d {
			return true
		}
	}
	return false
}
