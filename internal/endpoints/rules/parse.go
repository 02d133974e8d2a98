package rules

import (
	"encoding/json"
	"errors"
	"fmt"
	"strings"
)

// Parse decodes and validates an endpoint rule set and compiles it for
// [RuleSet.Resolve]: function names become Go functions, references become
// slot indexes and template strings are split into parts. It accepts the
// JSON value of either the smithy.rules#endpointRuleSet trait (a decision
// tree of rules) or the smithy.rules#endpointBdd trait (the same logic as a
// binary decision diagram, which evaluates each condition at most once);
// both resolve identically. Invalid documents, unknown functions, wrong
// argument counts and references to variables that are not in scope return
// a [*ParseError].
func Parse(ruleSetJSON []byte) (*RuleSet, error) {
	doc, paramNames, paramVals, err := decodeRuleSetJSON(ruleSetJSON)
	if err != nil {
		return nil, &ParseError{Err: err}
	}
	var (
		version               string
		rules, conds, results []any
		root, nodeCount       *json.Number
		nodes                 *string
	)
	for _, f := range []struct {
		name string
		dst  any
	}{
		{"version", &version}, {"rules", &rules}, {"conditions", &conds}, {"results", &results},
		{"root", &root}, {"nodeCount", &nodeCount}, {"nodes", &nodes},
	} {
		if err := docField(doc[f.name], f.dst); err != nil {
			return nil, &ParseError{Path: f.name, Err: err}
		}
	}
	params, err := parseParameters(paramNames, paramVals)
	if err != nil {
		return nil, err
	}
	c := &compiler{slots: make(map[string]int), params: make(map[string]bool)}
	for i, p := range params {
		c.slots[p.Name] = i
		c.params[p.Name] = true
	}
	c.nslots = len(params)
	rs := &RuleSet{version: version, params: params}
	switch {
	case nodes != nil:
		var rootRef, count int64
		if root != nil {
			rootRef, err = root.Int64()
			if err != nil {
				return nil, &ParseError{Path: "root", Err: err}
			}
		}
		if nodeCount != nil {
			count, _ = nodeCount.Int64()
		}
		rs.bdd, err = c.bdd(conds, results, *nodes, rootRef, count)
	case len(rules) == 0:
		return nil, &ParseError{Path: "rules", Err: errors.New("no rules")}
	default:
		rs.rules, err = c.rules(rules, "rules", nil)
	}
	if err != nil {
		return nil, err
	}
	rs.nslots = c.nslots
	rs.index = make(map[string]int, len(params))
	rs.initial = make([]value, len(params))
	for i, p := range params {
		rs.index[p.Name] = i
		rs.initial[i] = p.def
	}
	rs.pool.New = func() any { return &state{slots: make([]value, rs.nslots)} }
	return rs, nil
}

// docField stores a top-level member of the document in dst, a pointer to
// a string, []any, *json.Number or *string; absent and null leave dst
// unset, and a value of another JSON type is an error.
func docField(v any, dst any) error {
	if v == nil {
		return nil
	}
	ok := false
	switch dst := dst.(type) {
	case *string:
		*dst, ok = v.(string)
	case *[]any:
		*dst, ok = v.([]any)
	case **json.Number:
		var n json.Number
		if n, ok = v.(json.Number); ok {
			*dst = &n
		}
	case **string:
		var s string
		if s, ok = v.(string); ok {
			*dst = &s
		}
	}
	if !ok {
		return fmt.Errorf("unexpected JSON value of type %T", v)
	}
	return nil
}

// compiler turns decoded JSON rules into rule and expr trees.
type compiler struct {
	slots  map[string]int  // parameter and variable name -> slot
	params map[string]bool // parameter names
	nslots int

	propPath propPath           // see prop
	consts   map[any]*propConst // see constProp
	literals map[string]*literal
}

func (c *compiler) errorf(path, format string, args ...any) error {
	return &ParseError{Path: path, Err: fmt.Errorf(format, args...)}
}

// rules compiles a list of rules. scope lists the variables assigned by
// the conditions of enclosing rules.
func (c *compiler) rules(raw []any, path string, scope []string) ([]*rule, error) {
	out := make([]*rule, 0, len(raw))
	for i, r := range raw {
		p := fmt.Sprintf("%s[%d]", path, i)
		m, ok := r.(map[string]any)
		if !ok {
			return nil, c.errorf(p, "rule is not an object")
		}
		rl, err := c.rule(m, p, scope)
		if err != nil {
			return nil, err
		}
		out = append(out, rl)
	}
	return out, nil
}

func (c *compiler) rule(m map[string]any, path string, scope []string) (*rule, error) {
	r := &rule{}
	conds, _ := m["conditions"].([]any)
	for i, rc := range conds {
		p := fmt.Sprintf("%s.conditions[%d]", path, i)
		cm, ok := rc.(map[string]any)
		if !ok || cm["fn"] == nil {
			return nil, c.errorf(p, "condition is not a function call")
		}
		x, err := c.expr(cm, p, scope)
		if err != nil {
			return nil, err
		}
		assign := -1
		if a, ok := cm["assign"].(string); ok && a != "" {
			if c.params[a] || contains(scope, a) {
				return nil, c.errorf(p, "assign %q shadows a parameter or variable in scope", a)
			}
			slot, ok := c.slots[a]
			if !ok {
				slot = c.nslots
				c.nslots++
				c.slots[a] = slot
			}
			assign = slot
			scope = append(scope[:len(scope):len(scope)], a)
		}
		r.conds = append(r.conds, newCond(x, assign))
	}
	typ, _ := m["type"].(string)
	var err error
	switch typ {
	case "endpoint":
		r.kind = ruleEndpoint
		em, ok := m["endpoint"].(map[string]any)
		if !ok {
			return nil, c.errorf(path, "endpoint rule has no endpoint object")
		}
		err = c.endpoint(r, em, path+".endpoint", scope)
	case "error":
		r.kind = ruleError
		if m["error"] == nil {
			return nil, c.errorf(path, "error rule has no error message")
		}
		r.msg, err = c.expr(m["error"], path+".error", scope)
	case "tree":
		r.kind = ruleTree
		sub, ok := m["rules"].([]any)
		if !ok || len(sub) == 0 {
			return nil, c.errorf(path, "tree rule has no rules")
		}
		r.rules, err = c.rules(sub, path+".rules", scope)
	default:
		return nil, c.errorf(path, "unknown rule type %q", typ)
	}
	if err != nil {
		return nil, err
	}
	return r, nil
}

func (c *compiler) endpoint(r *rule, m map[string]any, path string, scope []string) error {
	if m["url"] == nil {
		return c.errorf(path, "endpoint has no url")
	}
	var err error
	if r.url, err = c.expr(m["url"], path+".url", scope); err != nil {
		return err
	}
	if hm, ok := m["headers"].(map[string]any); ok && len(hm) > 0 {
		for _, name := range sortedKeys(hm) {
			list, ok := hm[name].([]any)
			if !ok {
				return c.errorf(path+".headers."+name, "header values are not a list")
			}
			h := header{name: name}
			for i, v := range list {
				x, err := c.expr(v, fmt.Sprintf("%s.headers.%s[%d]", path, name, i), scope)
				if err != nil {
					return err
				}
				h.values = append(h.values, x)
			}
			r.headers = append(r.headers, h)
		}
	}
	if pm, ok := m["properties"].(map[string]any); ok && len(pm) > 0 {
		props := &endpointProps{}
		c.propPath.base = path + ".properties"
		p, err := c.prop(pm, &c.propPath, scope, &props.exprs)
		if err != nil {
			return err
		}
		props.root = p.(*propMap)
		r.props = props
	}
	return nil
}

// propPath locates the property value being compiled, for error
// messages: the endpoint's properties path and the keys and list indexes
// below it. prop pushes and pops elements as it descends and formats the
// path only for an error; formatting every path eagerly was a fifth of the
// compile's allocations.
type propPath struct {
	base  string
	elems []propElem
}

type propElem struct {
	key string // "" for a list index
	idx int
}

func (p *propPath) String() string {
	b := []byte(p.base)
	for _, e := range p.elems {
		if e.key != "" {
			b = append(append(b, '.'), e.key...)
		} else {
			b = fmt.Appendf(b, "[%d]", e.idx)
		}
	}
	return string(b)
}

// atPath sets the path of a *ParseError returned by a compile step that
// was given no path.
func atPath(err error, path *propPath) error {
	if pe, ok := err.(*ParseError); ok && pe.Path == "" {
		pe.Path = path.String()
	}
	return err
}

// prop compiles an endpoint property value; strings in it are templates,
// which are appended to exprs and referred to by index.
func (c *compiler) prop(x any, path *propPath, scope []string, exprs *[]expr) (prop, error) {
	switch v := x.(type) {
	case map[string]any:
		pm := &propMap{keys: sortedKeys(v), vals: make([]prop, 0, len(v))}
		for _, k := range pm.keys {
			path.elems = append(path.elems, propElem{key: k})
			p, err := c.prop(v[k], path, scope, exprs)
			if err != nil {
				return nil, err
			}
			path.elems = path.elems[:len(path.elems)-1]
			pm.vals = append(pm.vals, p)
		}
		return pm, nil
	case []any:
		pl := &propList{items: make([]prop, 0, len(v))}
		for i, e := range v {
			path.elems = append(path.elems, propElem{idx: i})
			p, err := c.prop(e, path, scope, exprs)
			if err != nil {
				return nil, err
			}
			path.elems = path.elems[:len(path.elems)-1]
			pl.items = append(pl.items, p)
		}
		return pl, nil
	case string:
		t, err := c.template(v, "", scope)
		if err != nil {
			return nil, atPath(err, path)
		}
		if l, ok := t.(*literal); ok {
			return c.constProp(l.v.s), nil
		}
		*exprs = append(*exprs, t)
		return &propExpr{i: len(*exprs) - 1}, nil
	case bool:
		return c.constProp(v), nil
	case json.Number:
		f, err := v.Float64()
		if err != nil {
			return nil, c.errorf(path.String(), "bad number %s", v)
		}
		return &propConst{v: f}, nil
	case nil:
		return &propConst{}, nil
	}
	return nil, c.errorf(path.String(), "unsupported property value %T", x)
}

// constProp returns the one propConst of a string or bool: property values
// repeat ("sigv4", "s3", true) and a propConst is never modified.
func (c *compiler) constProp(v any) *propConst {
	if p, ok := c.consts[v]; ok {
		return p
	}
	p := &propConst{v: v}
	if c.consts == nil {
		c.consts = make(map[any]*propConst)
	}
	c.consts[v] = p
	return p
}

// expr compiles an expression: a template string, a bool, a reference or a
// function call.
func (c *compiler) expr(x any, path string, scope []string) (expr, error) {
	switch v := x.(type) {
	case string:
		return c.template(v, path, scope)
	case bool:
		return &literal{v: boolVal(v)}, nil
	case map[string]any:
		if name, ok := v["ref"].(string); ok {
			return c.ref(name, path, scope)
		}
		if _, ok := v["fn"].(string); ok {
			return c.call(v, path, scope)
		}
		return nil, c.errorf(path, "object is neither a reference nor a function call")
	}
	return nil, c.errorf(path, "unsupported expression %T", x)
}

func (c *compiler) ref(name, path string, scope []string) (expr, error) {
	if !c.params[name] && !contains(scope, name) {
		return nil, c.errorf(path, "reference to %q, which is neither a parameter nor a variable in scope", name)
	}
	return &ref{slot: c.slots[name]}, nil
}

// template compiles a template string such as
// "https://{Bucket}.s3.{partitionResult#dnsSuffix}". "{{" and "}}" stand
// for literal braces. A string without placeholders becomes a literal.
func (c *compiler) template(s, path string, scope []string) (expr, error) {
	if !strings.ContainsAny(s, "{}") {
		return c.literal(s), nil
	}
	t := &template{}
	var lit strings.Builder
	flush := func() {
		if lit.Len() > 0 {
			t.parts = append(t.parts, tmplPart{lit: lit.String()})
			t.size += lit.Len()
			lit.Reset()
		}
	}
	for i := 0; i < len(s); i++ {
		switch {
		case strings.HasPrefix(s[i:], "{{"):
			lit.WriteByte('{')
			i++
		case strings.HasPrefix(s[i:], "}}"):
			lit.WriteByte('}')
			i++
		case s[i] == '{':
			end := strings.IndexByte(s[i:], '}')
			if end < 0 {
				return nil, c.errorf(path, "unclosed placeholder in template %q", s)
			}
			name, attr, hasAttr := strings.Cut(s[i+1:i+end], "#")
			x, err := c.ref(name, path, scope)
			if err != nil {
				return nil, err
			}
			if hasAttr {
				steps, err := parsePath(attr)
				if err != nil {
					return nil, c.errorf(path, "template %q: %v", s, err)
				}
				x = &getAttr{x: x, path: steps}
			}
			flush()
			t.parts = append(t.parts, tmplPart{x: x})
			i += end
		default:
			lit.WriteByte(s[i])
		}
	}
	flush()
	if len(t.parts) == 1 {
		if t.parts[0].x == nil {
			return &literal{v: strVal(t.parts[0].lit)}, nil
		}
		return &stringOf{x: t.parts[0].x}, nil // "{Region}": no copy needed
	}
	return t, nil
}

// literal returns the one literal of a string: literals are never
// modified, and rule sets repeat the same strings many times.
func (c *compiler) literal(s string) *literal {
	if l, ok := c.literals[s]; ok {
		return l
	}
	l := &literal{v: strVal(s)}
	if c.literals == nil {
		c.literals = make(map[string]*literal)
	}
	c.literals[s] = l
	return l
}

// parsePath parses a getAttr path such as "resourceId[2]" or "a.b".
func parsePath(p string) ([]pathStep, error) {
	if p == "" {
		return nil, errors.New("empty getAttr path")
	}
	var steps []pathStep
	for _, part := range strings.Split(p, ".") {
		key, idx, hasIdx := strings.Cut(part, "[")
		if key != "" {
			steps = append(steps, pathStep{key: key})
		}
		if !hasIdx {
			if key == "" {
				return nil, fmt.Errorf("bad getAttr path %q", p)
			}
			continue
		}
		digits, ok := strings.CutSuffix(idx, "]")
		digits, negative := strings.CutPrefix(digits, "-")
		n := 0
		if !ok || digits == "" || len(digits) > 6 {
			return nil, fmt.Errorf("bad getAttr path %q", p)
		}
		for _, d := range digits {
			if d < '0' || d > '9' {
				return nil, fmt.Errorf("bad index in getAttr path %q", p)
			}
			n = n*10 + int(d-'0')
		}
		if negative {
			n = -n // counted from the end: [-1] is the last element
		}
		steps = append(steps, pathStep{index: n})
	}
	return steps, nil
}

func contains(list []string, s string) bool {
	for _, e := range list {
		if e == s {
			return true
		}
	}
	return false
}
