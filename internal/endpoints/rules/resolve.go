package rules

import (
	"fmt"
	"slices"
	"sort"
	"sync/atomic"
)

type ruleKind uint8

const (
	ruleEndpoint ruleKind = iota
	ruleError
	ruleTree
)

// rule is a compiled endpoint, error or tree rule.
type rule struct {
	conds []cond
	kind  ruleKind

	url     expr           // endpoint
	headers []header       // endpoint
	props   *endpointProps // endpoint; nil when there are none
	msg     expr           // error
	rules   []*rule        // tree
}

// cond is one condition; when assign >= 0 its result is stored in that slot.
type cond struct {
	op     uint8 // opExpr or a specialized shape (see newCond)
	b      bool
	slot   int
	s      string
	x      expr
	assign int
}

type header struct {
	name   string
	values []expr
}

// Resolve evaluates the rule set for p and returns the endpoint of the first
// matching endpoint rule. Parameter defaults are applied first. It returns
// a [*ParamError] when a required parameter is missing or a value has the
// wrong type, a [*RuleError] when an error rule matches, and a
// [*NoMatchError] when no rule matches. Resolve is safe for concurrent use.
func (rs *RuleSet) Resolve(p Params) (Endpoint, error) {
	// Variable slots keep values from the previous use of st: they are
	// never read before being assigned (Parse checks scopes), so they need
	// no reset. Parameter slots are reset by bind.
	st := rs.pool.Get().(*state)
	ep, err := rs.resolve(p, st)
	rs.pool.Put(st)
	return ep, err
}

func (rs *RuleSet) resolve(p Params, st *state) (Endpoint, error) {
	if err := rs.bind(p, st); err != nil {
		return Endpoint{}, err
	}
	if rs.bdd != nil {
		return rs.bdd.eval(st, len(rs.params))
	}
	return evalRules(rs.rules, st)
}

// bind stores the parameter values in their slots: the caller's values, or
// else the defaults. Callers set few of the declared parameters, so it walks
// p rather than the declarations.
func (rs *RuleSet) bind(p Params, st *state) error {
	copy(st.slots[:len(rs.params)], rs.initial)
	for name, x := range p {
		i, ok := rs.index[name]
		if !ok || x == nil {
			continue
		}
		ps := &rs.params[i]
		v, ok := paramValue(x, ps.Type)
		if !ok {
			return &ParamError{Name: ps.Name, Got: fmt.Sprintf("%T", x), Want: ps.Type}
		}
		st.slots[i] = v
	}
	for i := range rs.params {
		if ps := &rs.params[i]; ps.Required && st.slots[i].k == kNone {
			return &ParamError{Name: ps.Name, Missing: true}
		}
	}
	return nil
}

// evalRules returns the result of the first rule whose conditions hold. A
// matching tree rule is terminal: if none of its children match, resolution
// fails rather than continuing with the tree's siblings.
func evalRules(rules []*rule, st *state) (Endpoint, error) {
	for _, r := range rules {
		if !r.match(st) {
			continue
		}
		switch r.kind {
		case ruleEndpoint:
			return r.endpoint(st)
		case ruleError:
			return Endpoint{}, &RuleError{Message: r.msg.eval(st).s}
		default:
			return evalRules(r.rules, st)
		}
	}
	return Endpoint{}, &NoMatchError{}
}

func (r *rule) match(st *state) bool {
	for i := range r.conds {
		if !r.conds[i].test(st) {
			return false
		}
	}
	return true
}

// test evaluates the condition and, when it holds and assigns, binds its
// result.
func (c *cond) test(st *state) bool {
	switch c.op {
	case opIsSet:
		return st.slots[c.slot].k != kNone
	case opNotSet:
		return st.slots[c.slot].k == kNone
	case opBoolEq:
		v := &st.slots[c.slot]
		return v.k == kBool && v.b == c.b
	case opStrEq:
		v := &st.slots[c.slot]
		return v.k == kString && v.s == c.s
	}
	v := c.x.eval(st)
	if !v.truthy() {
		return false
	}
	if c.assign >= 0 {
		st.slots[c.assign] = v
	}
	return true
}

func (r *rule) endpoint(st *state) (Endpoint, error) {
	u := r.url.eval(st)
	if u.k != kString {
		return Endpoint{}, fmt.Errorf("endpoint rules: endpoint url evaluated to a non-string value")
	}
	ep := Endpoint{URL: u.s}
	if len(r.headers) > 0 {
		ep.Headers = make(map[string][]string, len(r.headers))
		for _, h := range r.headers {
			vals := make([]string, len(h.values))
			for i, x := range h.values {
				vals[i] = x.eval(st).s
			}
			ep.Headers[h.name] = vals
		}
	}
	if r.props != nil {
		ep.Properties = r.props.get(st)
	}
	return ep, nil
}

// endpointProps is an endpoint rule's compiled properties. Their shape is
// fixed; only the template strings in them vary (typically just the signing
// region). The map built for the last distinct template values is kept and
// returned again while the values repeat, so steady traffic resolves
// without building maps.
type endpointProps struct {
	root  *propMap
	exprs []expr // the property templates; propExpr.i indexes their values
	last  atomic.Pointer[propsCache]
}

type propsCache struct {
	key []string // the template values m was built with
	m   map[string]any
}

func (p *endpointProps) get(st *state) map[string]any {
	var buf [8]string
	vals := buf[:0]
	for _, x := range p.exprs {
		vals = append(vals, x.eval(st).s)
	}
	if c := p.last.Load(); c != nil && slices.Equal(c.key, vals) {
		return c.m
	}
	key := slices.Clone(vals)
	m := p.root.build(key).(map[string]any)
	p.last.Store(&propsCache{key: key, m: m})
	return m
}

// prop is a compiled endpoint property value.
type prop interface {
	build(vals []string) any
}

// propConst is a string without placeholders, a bool, a float64 or nil.
type propConst struct{ v any }

func (p *propConst) build([]string) any { return p.v }

// propExpr is a template string: the value of endpointProps.exprs[i].
type propExpr struct{ i int }

func (p *propExpr) build(vals []string) any { return vals[p.i] }

type propList struct{ items []prop }

func (p *propList) build(vals []string) any {
	out := make([]any, len(p.items))
	for i, it := range p.items {
		out[i] = it.build(vals)
	}
	return out
}

type propMap struct {
	keys []string
	vals []prop
}

func (p *propMap) build(vals []string) any {
	out := make(map[string]any, len(p.keys))
	for i, k := range p.keys {
		out[k] = p.vals[i].build(vals)
	}
	return out
}

func sortedKeys(m map[string]any) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}
