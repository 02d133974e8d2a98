package rules

import (
	"fmt"
	"sort"
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

	url     expr     // endpoint
	headers []header // endpoint
	props   *propMap // endpoint; nil when there are none
	msg     expr     // error
	rules   []*rule  // tree
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
		c := &r.conds[i]
		switch c.op {
		case opIsSet:
			if st.slots[c.slot].k == kNone {
				return false
			}
			continue
		case opNotSet:
			if st.slots[c.slot].k != kNone {
				return false
			}
			continue
		case opBoolEq:
			if v := &st.slots[c.slot]; v.k != kBool || v.b != c.b {
				return false
			}
			continue
		case opStrEq:
			if v := &st.slots[c.slot]; v.k != kString || v.s != c.s {
				return false
			}
			continue
		}
		v := c.x.eval(st)
		if !v.truthy() {
			return false
		}
		if c.assign >= 0 {
			st.slots[c.assign] = v
		}
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
		ep.Properties = r.props.build(st).(map[string]any)
	}
	return ep, nil
}

// prop is a compiled endpoint property value.
type prop interface {
	build(st *state) any
}

// propConst is a string without placeholders, a bool, a float64 or nil.
type propConst struct{ v any }

func (p *propConst) build(*state) any { return p.v }

// propExpr is a template string.
type propExpr struct{ x expr }

func (p *propExpr) build(st *state) any { return exportValue(p.x.eval(st)) }

type propList struct{ items []prop }

func (p *propList) build(st *state) any {
	out := make([]any, len(p.items))
	for i, it := range p.items {
		out[i] = it.build(st)
	}
	return out
}

type propMap struct {
	keys []string
	vals []prop
}

func (p *propMap) build(st *state) any {
	out := make(map[string]any, len(p.keys))
	for i, k := range p.keys {
		out[k] = p.vals[i].build(st)
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
