package rules

// This file specializes the most common expression shapes of AWS rule sets
// (isSet(ref), booleanEquals(ref, true), stringEquals(ref, "lit")) so that
// evaluating them reads one slot and compares, with no interface calls and
// no copies of values. The S3 rule set evaluates hundreds of such
// conditions before it reaches a typical virtual-hosted endpoint.

type isSetRef struct{ slot int }

func (e *isSetRef) eval(st *state) value { return boolVal(st.slots[e.slot].k != kNone) }

type boolRefEq struct {
	slot int
	want bool
}

func (e *boolRefEq) eval(st *state) value {
	v := &st.slots[e.slot]
	return boolVal(v.k == kBool && v.b == e.want)
}

type strRefEq struct {
	slot int
	want string
}

func (e *strRefEq) eval(st *state) value {
	v := &st.slots[e.slot]
	return boolVal(v.k == kString && v.s == e.want)
}

// optimize returns a specialized equivalent of x, or x itself.
func optimize(x expr) expr {
	switch e := x.(type) {
	case *isSetFn:
		if r, ok := e.x.(*ref); ok {
			return &isSetRef{slot: r.slot}
		}
	case *booleanEqualsFn:
		if r, l, ok := refAndLiteral(e.a, e.b, kBool); ok {
			return &boolRefEq{slot: r.slot, want: l.v.b}
		}
	case *stringEqualsFn:
		if r, l, ok := refAndLiteral(e.a, e.b, kString); ok {
			return &strRefEq{slot: r.slot, want: l.v.s}
		}
	}
	return x
}

// refAndLiteral matches a reference and a literal of kind k in either order.
func refAndLiteral(a, b expr, k kind) (*ref, *literal, bool) {
	if _, ok := a.(*literal); ok {
		a, b = b, a
	}
	r, ok1 := a.(*ref)
	l, ok2 := b.(*literal)
	if !ok1 || !ok2 || l.v.k != k {
		return nil, nil, false
	}
	return r, l, true
}

// Condition opcodes: the specialized shapes are evaluated inline by
// rule.match.
const (
	opExpr   uint8 = iota // evaluate cond.x
	opIsSet               // slots[slot] is set
	opNotSet              // slots[slot] is unset
	opBoolEq              // slots[slot] is the bool b
	opStrEq               // slots[slot] is the string s
)

// newCond builds a condition, choosing an opcode for specialized shapes.
func newCond(x expr, assign int) cond {
	c := cond{op: opExpr, x: x, assign: assign}
	if assign >= 0 {
		return c
	}
	switch e := x.(type) {
	case *isSetRef:
		c.op, c.slot = opIsSet, e.slot
	case *notFn:
		if s, ok := e.x.(*isSetRef); ok {
			c.op, c.slot = opNotSet, s.slot
		}
	case *boolRefEq:
		c.op, c.slot, c.b = opBoolEq, e.slot, e.want
	case *strRefEq:
		c.op, c.slot, c.s = opStrEq, e.slot, e.want
	}
	return c
}
