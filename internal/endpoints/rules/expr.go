package rules

import (
	"strings"
	"sync/atomic"
)

// state is the per-resolution evaluation state: one slot per parameter and
// per assigned variable.
type state struct {
	slots []value
}

// expr is a compiled expression. Each rules-language function has its own
// node type with fixed operand fields, so evaluation needs no argument
// slices and no lookups by name.
type expr interface {
	eval(st *state) value
}

// literal is a constant: a string without placeholders, a bool or an int.
type literal struct{ v value }

func (e *literal) eval(*state) value { return e.v }

// ref reads a parameter or assigned variable.
type ref struct{ slot int }

func (e *ref) eval(st *state) value { return st.slots[e.slot] }

// pathStep is one step of a getAttr path: a key or an index.
type pathStep struct {
	key   string
	index int // used when key == ""
}

// getAttr walks path from the value of x.
type getAttr struct {
	x    expr
	path []pathStep
}

func (e *getAttr) eval(st *state) value {
	return walkPath(e.x.eval(st), e.path)
}

func walkPath(v value, path []pathStep) value {
	for _, p := range path {
		switch {
		case p.key != "":
			if v.k != kObject {
				return none
			}
			v = v.obj.attr(p.key)
		default:
			v = v.index(p.index)
		}
	}
	return v
}

// template concatenates literal text and the string values of expressions
// ("https://{Bucket}.s3.{partitionResult#dnsSuffix}").
type template struct {
	parts []tmplPart
	size  int // total length of the literal parts, to size the buffer
}

type tmplPart struct {
	lit string
	x   expr // nil for a literal part
}

func (e *template) eval(st *state) value {
	var b strings.Builder
	b.Grow(e.size + 32*len(e.parts))
	for _, p := range e.parts {
		if p.x == nil {
			b.WriteString(p.lit)
			continue
		}
		v := p.x.eval(st)
		switch v.k {
		case kString:
			b.WriteString(v.s)
		case kBool: // not produced by AWS rule sets; render like JSON
			if v.b {
				b.WriteString("true")
			} else {
				b.WriteString("false")
			}
		}
	}
	return strVal(b.String())
}

// stringOf is a template made of a single placeholder ("{Region}"): it
// yields the string value of x without copying it.
type stringOf struct{ x expr }

func (e *stringOf) eval(st *state) value {
	v := e.x.eval(st)
	if v.k == kString {
		return v
	}
	return (&template{parts: []tmplPart{{x: e.x}}}).eval(st)
}

type isSetFn struct{ x expr }

func (e *isSetFn) eval(st *state) value { return boolVal(e.x.eval(st).k != kNone) }

type notFn struct{ x expr }

func (e *notFn) eval(st *state) value { return boolVal(!e.x.eval(st).truthy()) }

type stringEqualsFn struct{ a, b expr }

func (e *stringEqualsFn) eval(st *state) value {
	a, b := e.a.eval(st), e.b.eval(st)
	return boolVal(a.k == kString && b.k == kString && a.s == b.s)
}

type booleanEqualsFn struct{ a, b expr }

func (e *booleanEqualsFn) eval(st *state) value {
	a, b := e.a.eval(st), e.b.eval(st)
	return boolVal(a.k == kBool && b.k == kBool && a.b == b.b)
}

type substringFn struct {
	x           expr
	start, stop int
	reverse     expr
}

func (e *substringFn) eval(st *state) value {
	v := e.x.eval(st)
	if v.k != kString {
		return none
	}
	s, ok := substring(v.s, e.start, e.stop, e.reverse.eval(st).truthy())
	if !ok {
		return none
	}
	return strVal(s)
}

type uriEncodeFn struct{ x expr }

func (e *uriEncodeFn) eval(st *state) value {
	v := e.x.eval(st)
	if v.k != kString {
		return none
	}
	return strVal(uriEncode(v.s))
}

type parseURLFn struct {
	x expr
	// last is the most recent successful parse at this call site. A client
	// resolves the same Endpoint parameter on every call, so this saves
	// parsing and allocating it again. urlValue is never modified after
	// parseURL returns, so sharing it between evaluations is safe; the
	// atomic pointer makes concurrent evaluations race-free.
	last atomic.Pointer[parsedURL]
}

// parsedURL is one cached parseURL input and its result.
type parsedURL struct {
	in string
	u  *urlValue
}

func (e *parseURLFn) eval(st *state) value {
	v := e.x.eval(st)
	if v.k != kString {
		return none
	}
	if p := e.last.Load(); p != nil && p.in == v.s {
		return value{k: kObject, obj: p.u}
	}
	u := parseURL(v.s)
	if u == nil {
		return none
	}
	e.last.Store(&parsedURL{in: v.s, u: u})
	return value{k: kObject, obj: u}
}

type isValidHostLabelFn struct{ x, sub expr }

func (e *isValidHostLabelFn) eval(st *state) value {
	v := e.x.eval(st)
	if v.k != kString {
		return boolVal(false)
	}
	return boolVal(isValidHostLabel(v.s, e.sub.eval(st).truthy()))
}

type coalesceFn struct{ xs []expr }

func (e *coalesceFn) eval(st *state) value {
	var v value
	for _, x := range e.xs {
		if v = x.eval(st); v.k != kNone {
			return v
		}
	}
	return v
}

type iteFn struct{ cond, then, els expr }

func (e *iteFn) eval(st *state) value {
	if e.cond.eval(st).truthy() {
		return e.then.eval(st)
	}
	return e.els.eval(st)
}

type splitFn struct {
	x, delim expr
	limit    int
}

func (e *splitFn) eval(st *state) value {
	v, d := e.x.eval(st), e.delim.eval(st)
	if v.k != kString || d.k != kString {
		return none
	}
	return arrayVal(&arrayValue{split(v.s, d.s, e.limit)})
}

type partitionFn struct{ x expr }

func (e *partitionFn) eval(st *state) value {
	v := e.x.eval(st)
	if v.k != kString {
		return none
	}
	return value{k: kObject, obj: lookupPartition(v.s)}
}

type parseArnFn struct{ x expr }

func (e *parseArnFn) eval(st *state) value {
	v := e.x.eval(st)
	if v.k != kString {
		return none
	}
	a := parseArn(v.s)
	if a == nil {
		return none
	}
	return value{k: kObject, obj: a}
}

type isVirtualHostableS3BucketFn struct{ x, sub expr }

func (e *isVirtualHostableS3BucketFn) eval(st *state) value {
	v := e.x.eval(st)
	if v.k != kString {
		return boolVal(false)
	}
	return boolVal(isVirtualHostableS3Bucket(v.s, e.sub.eval(st).truthy()))
}
