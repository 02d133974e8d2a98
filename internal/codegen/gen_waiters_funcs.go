package codegen

import (
	"fmt"
	"strconv"
	"strings"
)

// This file compiles the JMESPath functions waiter paths use: length()
// and contains(). An argument of a type the function does not take
// (length of null, contains of a number) is an error in JMESPath, which
// makes the acceptor not match.

// call compiles the function call n (the parser admits only the
// functions of jpFunctions, with their number of arguments).
func (c *jpCompiler) call(n *jpCall, cur jpVal) (jpVal, error) {
	switch n.Name {
	case "length":
		return c.length(n, cur)
	case "contains":
		return c.contains(n, cur)
	}
	return jpVal{}, fmt.Errorf("unsupported function %s()", n.Name)
}

// length compiles length(x): the number of elements of a list or map, or
// of characters of a string.
func (c *jpCompiler) length(n *jpCall, cur jpVal) (jpVal, error) {
	x, err := c.compile(n.Args[0], cur)
	if err != nil {
		return jpVal{}, err
	}
	switch x.t.kind {
	case jkList, jkMap:
		c.errorUnless(x.ok) // length(null) is an error
		switch {
		case x.items != nil:
			return jpVal{t: numberType, expr: strconv.Itoa(len(x.items))}, nil
		case x.lazy != nil:
			v, err := c.count(x)
			return jpVal{t: numberType, expr: "float64(" + v + ")"}, err
		}
		return jpVal{t: numberType, expr: "float64(len(" + x.expr + "))"}, nil
	case jkString:
		keep := c.errorUnless(x.ok)
		c.use("unicode/utf8")
		return jpVal{t: numberType, expr: "float64(utf8.RuneCountInString(" + x.expr + "))", ok: keep}, nil
	}
	return jpVal{}, fmt.Errorf("length() of a %s is not supported", x.t)
}

// contains compiles contains(subject, search): whether the list subject
// has an element equal to search, or the string subject has search in
// it. A subject that is neither (null) is an error.
func (c *jpCompiler) contains(n *jpCall, cur jpVal) (jpVal, error) {
	subj, err := c.compile(n.Args[0], cur)
	if err != nil {
		return jpVal{}, err
	}
	search, err := c.compile(n.Args[1], cur)
	if err != nil {
		return jpVal{}, err
	}
	switch subj.t.kind {
	case jkString:
		// A string contains no value but a string (the specification's
		// example is contains(`foobar`, 123), false); other types are
		// rejected as == rejects them, as a likely mistake in the model.
		if search.t.kind != jkString && search.t.kind != jkNull {
			return jpVal{}, fmt.Errorf("%s searches a string for a %s, which the compiler does not support", jpString(n), search.t)
		}
		keep := c.errorUnless(subj.ok)
		if search.t.kind == jkNull {
			return jpVal{t: boolType, expr: "false", ok: keep}, nil
		}
		c.use("strings")
		return jpVal{t: boolType, expr: and(search.ok, "strings.Contains("+subj.expr+", "+search.expr+")"), ok: keep}, nil
	case jkList:
		c.errorUnless(subj.ok)
		return c.listContains(n, subj, search)
	}
	return jpVal{}, fmt.Errorf("%s searches a %s; contains() needs a list or a string", jpString(n), subj.t)
}

// listContains compiles contains() of the list subj, which is not null.
func (c *jpCompiler) listContains(n *jpCall, subj, search jpVal) (jpVal, error) {
	if subj.items != nil {
		var eqs []string
		for _, e := range subj.items {
			eq, err := equals(e, search)
			if err != nil {
				return jpVal{}, fmt.Errorf("%s %v", jpString(n), err)
			}
			if eq == "true" {
				return jpVal{t: boolType, expr: "true"}, nil
			}
			if eq != "false" {
				eqs = append(eqs, eq)
			}
		}
		if len(eqs) == 0 {
			return jpVal{t: boolType, expr: "false"}, nil
		}
		return jpVal{t: boolType, expr: strings.Join(eqs, " || ")}, nil
	}
	if et := subj.t.elem; subj.lazy == nil && !subj.t.fromModel && et.kind == search.t.kind &&
		(et.kind == jkString || et.kind == jkNumber || et.kind == jkBool) {
		// A built list holds non-null values of search's Go type.
		c.use("slices")
		return jpVal{t: boolType, expr: and(search.ok, "slices.Contains("+subj.expr+", "+search.expr+")")}, nil
	}
	v := c.tmp()
	c.stmt("%s := false", v)
	err := c.each(subj, func(e jpVal) error {
		eq, err := equals(e, search)
		if err != nil {
			return fmt.Errorf("%s %v", jpString(n), err)
		}
		c.stmt("if %s {", eq)
		c.stmt("%s = true", v)
		c.stmt("}")
		return nil
	})
	return jpVal{t: boolType, expr: v}, err
}
