package rules

import (
	"encoding/base64"
	"encoding/binary"
	"errors"
	"fmt"
)

// bdd is a compiled smithy.rules#endpointBdd rule set: a binary decision
// diagram over the conditions whose terminals are results.
//
// Node references: 1 is the TRUE terminal and -1 FALSE (both mean no
// match); n >= 2 is nodes[n-1] and -n its complement, which takes the other
// branch; resultOffset+i is result i, where result 0 is "no match" and the
// trait's results list starts at 1.
type bdd struct {
	conds   []cond
	results []*rule // results[0] is nil: no match
	nodes   []int32 // condition index, high ref, low ref per node
	root    int32
}

const resultOffset = 100_000_000

func (c *compiler) bdd(rawConds, rawResults []any, nodes string, root, count int64) (*bdd, error) {
	// Assignments are global in a BDD: any condition or result may read a
	// variable assigned by a condition, so bind all names first.
	var scope []string
	for i, rc := range rawConds {
		m, _ := rc.(map[string]any)
		a, _ := m["assign"].(string)
		if a == "" {
			continue
		}
		if c.params[a] {
			return nil, c.errorf(fmt.Sprintf("conditions[%d]", i), "assign %q shadows a parameter", a)
		}
		if _, ok := c.slots[a]; !ok {
			c.slots[a] = c.nslots
			c.nslots++
			scope = append(scope, a)
		}
	}
	b := &bdd{results: []*rule{nil}}
	for i, rc := range rawConds {
		p := fmt.Sprintf("conditions[%d]", i)
		m, ok := rc.(map[string]any)
		if !ok || m["fn"] == nil {
			return nil, c.errorf(p, "condition is not a function call")
		}
		x, err := c.expr(m, p, scope)
		if err != nil {
			return nil, err
		}
		assign := -1
		if a, _ := m["assign"].(string); a != "" {
			assign = c.slots[a]
		}
		b.conds = append(b.conds, newCond(x, assign))
	}
	for i, rr := range rawResults {
		p := fmt.Sprintf("results[%d]", i)
		m, ok := rr.(map[string]any)
		if !ok {
			return nil, c.errorf(p, "result is not an object")
		}
		if conds, _ := m["conditions"].([]any); len(conds) > 0 {
			return nil, c.errorf(p, "a BDD result must not have conditions")
		}
		r, err := c.rule(m, p, scope)
		if err != nil {
			return nil, err
		}
		if r.kind == ruleTree {
			return nil, c.errorf(p, "a BDD result must be an endpoint or an error")
		}
		b.results = append(b.results, r)
	}
	raw, err := base64.StdEncoding.DecodeString(nodes)
	if err != nil {
		return nil, c.errorf("nodes", "%v", err)
	}
	if len(raw)%12 != 0 || int64(len(raw)/12) != count {
		return nil, c.errorf("nodes", "%d bytes do not hold nodeCount=%d nodes", len(raw), count)
	}
	b.nodes = make([]int32, len(raw)/4)
	for i := range b.nodes {
		b.nodes[i] = int32(binary.BigEndian.Uint32(raw[4*i:]))
	}
	b.root = int32(root)
	if err := b.validate(); err != nil {
		return nil, c.errorf("nodes", "%v", err)
	}
	return b, nil
}

// validate checks every reference, so that eval cannot index out of range,
// and that the diagram has no cycle, so that eval terminates.
func (b *bdd) validate() error {
	n := int32(len(b.nodes) / 3)
	check := func(from int32, ref int32) error {
		switch {
		case ref >= resultOffset:
			if int(ref-resultOffset) >= len(b.results) {
				return fmt.Errorf("result reference %d out of range", ref)
			}
		case ref == 1 || ref == -1:
		case ref == 0 || ref <= -resultOffset:
			return fmt.Errorf("invalid reference %d", ref)
		default:
			idx := abs32(ref) - 1
			if idx >= n || idx == 0 {
				return fmt.Errorf("node %d: node reference %d out of range", from, ref)
			}
		}
		return nil
	}
	if err := check(-1, b.root); err != nil {
		return err
	}
	for i := int32(0); i < n; i++ {
		cond, hi, lo := b.nodes[3*i], b.nodes[3*i+1], b.nodes[3*i+2]
		if i == 0 && cond == -1 {
			continue // the terminal node
		}
		if cond < 0 || int(cond) >= len(b.conds) {
			return fmt.Errorf("node %d: condition %d out of range", i, cond)
		}
		if err := check(i, hi); err != nil {
			return err
		}
		if err := check(i, lo); err != nil {
			return err
		}
	}
	return b.checkAcyclic()
}

// checkAcyclic runs an iterative depth-first search from every node.
func (b *bdd) checkAcyclic() error {
	const (
		unseen = iota
		active
		done
	)
	n := len(b.nodes) / 3
	color := make([]uint8, n)
	child := func(ref int32) int {
		if ref >= resultOffset || ref == 1 || ref == -1 {
			return -1
		}
		return int(abs32(ref) - 1)
	}
	type frame struct{ node, next int }
	var stack []frame
	for start := 1; start < n; start++ {
		if color[start] != unseen {
			continue
		}
		color[start] = active
		stack = append(stack[:0], frame{node: start})
		for len(stack) > 0 {
			f := &stack[len(stack)-1]
			if f.next == 2 {
				color[f.node] = done
				stack = stack[:len(stack)-1]
				continue
			}
			c := child(b.nodes[3*f.node+1+f.next])
			f.next++
			switch {
			case c < 0 || color[c] == done:
			case color[c] == active:
				return errors.New("the diagram has a cycle")
			default:
				color[c] = active
				stack = append(stack, frame{node: c})
			}
		}
	}
	return nil
}

func abs32(x int32) int32 {
	if x < 0 {
		return -x
	}
	return x
}

// eval walks the diagram from the root. Variable slots (from nvars on) are
// reset first: a BDD may test whether a variable is set.
func (b *bdd) eval(st *state, firstVar int) (Endpoint, error) {
	clear(st.slots[firstVar:])
	ref := b.root
	for ref < resultOffset && ref != 1 && ref != -1 {
		complement := ref < 0
		i := 3 * (abs32(ref) - 1)
		if b.conds[b.nodes[i]].test(st) != complement {
			ref = b.nodes[i+1]
		} else {
			ref = b.nodes[i+2]
		}
	}
	if ref < resultOffset || ref == resultOffset {
		return Endpoint{}, &NoMatchError{}
	}
	r := b.results[ref-resultOffset]
	if r.kind == ruleError {
		return Endpoint{}, &RuleError{Message: r.msg.eval(st).s}
	}
	return r.endpoint(st)
}
