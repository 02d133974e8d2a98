package codegen

import (
	"encoding/json"
	"fmt"
	"strconv"
	"strings"
)

// This file parses the JMESPath expressions of waiter acceptors
// (smithy.waiters#waitable path matchers) into a syntax tree, which
// gen_waiters_compile.go turns into Go code and gen_waiters_eval.go
// evaluates to build the generated tests.
//
// The subset is what the service models use, parsed with the grammar and
// binding powers of the JMESPath specification so that precedence and
// projections behave as in every other SDK:
//
//	field  "quoted field"  a.b  @
//	a[]  a[*]  a[?cond]          (projections; the rest of the path applies to each element)
//	[x, y]  a.[x, y]  a[].[x, y] (multi-select lists)
//	==  !=  <  <=  >  >=  &&  ||  !  ( )
//	`json literal`  'raw string'
//	length(x)  contains(list_or_string, value)
//
// Anything else (pipes, indexes, slices, multi-select hashes, wildcard
// object projections, other functions) is reported as unsupported, so a
// model that starts using it fails `make generate` instead of producing
// a waiter that never matches.

// jpNode is a node of a parsed expression. typ is set by the compiler.
type jpNode interface{ base() *jpBase }

type jpBase struct{ typ *jpType }

func (b *jpBase) base() *jpBase { return b }

type (
	// jpField selects a member of the current structure.
	jpField struct {
		jpBase
		Name string
	}
	// jpCurrent is @, the current node.
	jpCurrent struct{ jpBase }
	// jpLiteral is a `json` literal or a 'raw string': a string,
	// float64, bool or nil.
	jpLiteral struct {
		jpBase
		Val any
	}
	// jpSub is Left.Right: Right evaluated on Left's value.
	jpSub struct {
		jpBase
		Left, Right jpNode
	}
	// jpFlatten is Left[] before its projection: lists inside the list
	// are merged into it.
	jpFlatten struct {
		jpBase
		X jpNode
	}
	// jpProject evaluates Right on each element of the list Left (keeping
	// only elements for which Filter holds, if set) and collects the
	// non-null results.
	jpProject struct {
		jpBase
		Left, Right, Filter jpNode
	}
	// jpCompare is a comparison.
	jpCompare struct {
		jpBase
		Op          string
		Left, Right jpNode
	}
	// jpAnd, jpOr and jpNot are the logical operators.
	jpAnd struct {
		jpBase
		Left, Right jpNode
	}
	jpOr struct {
		jpBase
		Left, Right jpNode
	}
	jpNot struct {
		jpBase
		X jpNode
	}
	// jpMultiList is a multi-select list [Items...]: a list of the values
	// of Items on the current node, nulls included, or null when the
	// current node is null.
	jpMultiList struct {
		jpBase
		Items []jpNode
	}
	// jpCall is a function call.
	jpCall struct {
		jpBase
		Name string
		Args []jpNode
	}
)

type jpTokKind int

const (
	jtEOF jpTokKind = iota
	jtIdent
	jtQuotedIdent
	jtDot
	jtLBracket
	jtRBracket
	jtFlatten
	jtFilter
	jtStar
	jtAt
	jtLParen
	jtRParen
	jtComma
	jtOr
	jtAnd
	jtNot
	jtCmp
	jtLiteral
	jtNumber
	jtPipe
	jtOther
)

// jpBindingPower is the JMESPath specification's binding power of each
// token (jmespath.org, as in its reference parser).
var jpBindingPower = map[jpTokKind]int{
	jtPipe:     1,
	jtOr:       2,
	jtAnd:      3,
	jtCmp:      5,
	jtFlatten:  9,
	jtStar:     20,
	jtFilter:   21,
	jtDot:      40,
	jtNot:      45,
	jtLBracket: 55,
	jtLParen:   60,
}

// jpProjectionStop is the binding power below which a token ends the
// right-hand side of a projection.
const jpProjectionStop = 10

type jpToken struct {
	kind jpTokKind
	text string // the token as written
	val  any    // literal value, identifier name
	pos  int
}

func jpLex(src string) ([]jpToken, error) {
	var toks []jpToken
	i := 0
	for i < len(src) {
		c := src[i]
		start := i
		add := func(k jpTokKind, n int, val any) {
			toks = append(toks, jpToken{kind: k, text: src[start : start+n], val: val, pos: start})
			i = start + n
		}
		next := byte(0)
		if i+1 < len(src) {
			next = src[i+1]
		}
		switch {
		case c == ' ' || c == '\t' || c == '\n' || c == '\r':
			i++
		case c == '_' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z':
			j := i + 1
			for j < len(src) && (src[j] == '_' || src[j] >= 'a' && src[j] <= 'z' || src[j] >= 'A' && src[j] <= 'Z' || src[j] >= '0' && src[j] <= '9') {
				j++
			}
			add(jtIdent, j-i, src[i:j])
		case c == '"':
			j := jpScanQuoted(src, i, '"')
			if j < 0 {
				return nil, fmt.Errorf("unterminated quoted identifier at offset %d", i)
			}
			var name string
			if err := json.Unmarshal([]byte(src[i:j]), &name); err != nil {
				return nil, fmt.Errorf("bad quoted identifier %s: %v", src[i:j], err)
			}
			add(jtQuotedIdent, j-i, name)
		case c == '\'':
			j := jpScanQuoted(src, i, '\'')
			if j < 0 {
				return nil, fmt.Errorf("unterminated raw string at offset %d", i)
			}
			s := strings.ReplaceAll(src[i+1:j-1], `\'`, `'`)
			add(jtLiteral, j-i, s)
		case c == '`':
			j := jpScanQuoted(src, i, '`')
			if j < 0 {
				return nil, fmt.Errorf("unterminated literal at offset %d", i)
			}
			var v any
			if err := json.Unmarshal([]byte(strings.ReplaceAll(src[i+1:j-1], "\\`", "`")), &v); err != nil {
				return nil, fmt.Errorf("bad JSON literal %s: %v", src[i:j], err)
			}
			add(jtLiteral, j-i, v)
		case c == '-' || c >= '0' && c <= '9':
			j := i + 1
			for j < len(src) && src[j] >= '0' && src[j] <= '9' {
				j++
			}
			n, err := strconv.Atoi(src[i:j])
			if err != nil {
				return nil, fmt.Errorf("bad number %q at offset %d", src[i:j], i)
			}
			add(jtNumber, j-i, n)
		case c == '.':
			add(jtDot, 1, nil)
		case c == '*':
			add(jtStar, 1, nil)
		case c == '@':
			add(jtAt, 1, nil)
		case c == '(':
			add(jtLParen, 1, nil)
		case c == ')':
			add(jtRParen, 1, nil)
		case c == ',':
			add(jtComma, 1, nil)
		case c == ']':
			add(jtRBracket, 1, nil)
		case c == '[' && next == ']':
			add(jtFlatten, 2, nil)
		case c == '[' && next == '?':
			add(jtFilter, 2, nil)
		case c == '[':
			add(jtLBracket, 1, nil)
		case c == '|' && next == '|':
			add(jtOr, 2, nil)
		case c == '|':
			add(jtPipe, 1, nil)
		case c == '&' && next == '&':
			add(jtAnd, 2, nil)
		case c == '!' && next == '=':
			add(jtCmp, 2, "!=")
		case c == '!':
			add(jtNot, 1, nil)
		case c == '=' && next == '=':
			add(jtCmp, 2, "==")
		case (c == '<' || c == '>') && next == '=':
			add(jtCmp, 2, src[i:i+2])
		case c == '<' || c == '>':
			add(jtCmp, 1, src[i:i+1])
		default:
			add(jtOther, 1, nil)
		}
	}
	toks = append(toks, jpToken{kind: jtEOF, text: "end of expression", pos: len(src)})
	return toks, nil
}

// jpScanQuoted returns the offset just past the closing quote of the
// quoted token starting at src[i], or -1.
func jpScanQuoted(src string, i int, quote byte) int {
	for j := i + 1; j < len(src); j++ {
		switch src[j] {
		case '\\':
			j++
		case quote:
			return j + 1
		}
	}
	return -1
}

type jpParser struct {
	toks []jpToken
	i    int
}

// parseJMESPath parses src into a syntax tree.
func parseJMESPath(src string) (jpNode, error) {
	toks, err := jpLex(src)
	if err != nil {
		return nil, err
	}
	p := &jpParser{toks: toks}
	n, err := p.expression(0)
	if err != nil {
		return nil, err
	}
	if t := p.peek(); t.kind != jtEOF {
		return nil, fmt.Errorf("unexpected %q at offset %d", t.text, t.pos)
	}
	return n, nil
}

func (p *jpParser) peek() jpToken { return p.toks[p.i] }

// peekAt returns the token n places after the next one (EOF past the
// end).
func (p *jpParser) peekAt(n int) jpToken {
	if p.i+n >= len(p.toks) {
		return p.toks[len(p.toks)-1]
	}
	return p.toks[p.i+n]
}

// isIndexStart reports whether t, after '[', starts an index or a slice.
func isIndexStart(t jpToken) bool {
	return t.kind == jtNumber || t.kind == jtOther && t.text == ":"
}

func (p *jpParser) next() jpToken {
	t := p.toks[p.i]
	if t.kind != jtEOF {
		p.i++
	}
	return t
}

func (p *jpParser) expect(k jpTokKind, what string) error {
	if t := p.next(); t.kind != k {
		return fmt.Errorf("expected %s at offset %d, found %q", what, t.pos, t.text)
	}
	return nil
}

func unsupported(t jpToken, what string) error {
	return fmt.Errorf("unsupported JMESPath %s at offset %d (%q); the waiter path compiler handles fields, projections ([], [*], [?]), multi-select lists, comparisons, &&, ||, !, literals, length() and contains()", what, t.pos, t.text)
}

// expression is the Pratt loop: a prefix, then infix operators binding
// tighter than rbp.
func (p *jpParser) expression(rbp int) (jpNode, error) {
	left, err := p.nud(p.next())
	if err != nil {
		return nil, err
	}
	for jpBindingPower[p.peek().kind] > rbp {
		left, err = p.led(left, p.next())
		if err != nil {
			return nil, err
		}
	}
	return left, nil
}

func (p *jpParser) nud(t jpToken) (jpNode, error) {
	switch t.kind {
	case jtIdent:
		if p.peek().kind == jtLParen {
			p.next()
			return p.call(t)
		}
		return &jpField{Name: t.val.(string)}, nil
	case jtQuotedIdent:
		return &jpField{Name: t.val.(string)}, nil
	case jtAt:
		return &jpCurrent{}, nil
	case jtLiteral:
		return &jpLiteral{Val: t.val}, nil
	case jtNot:
		x, err := p.expression(jpBindingPower[jtNot])
		if err != nil {
			return nil, err
		}
		return &jpNot{X: x}, nil
	case jtLParen:
		x, err := p.expression(0)
		if err != nil {
			return nil, err
		}
		return x, p.expect(jtRParen, "')'")
	case jtFlatten, jtFilter:
		// A projection of the current node: "[].a" is "@[].a".
		return p.led(&jpCurrent{}, t)
	case jtLBracket:
		if p.peek().kind == jtStar && p.peekAt(1).kind == jtRBracket {
			return p.led(&jpCurrent{}, t) // "[*].a" is "@[*].a"
		}
		if isIndexStart(p.peek()) {
			return nil, unsupported(p.peek(), "index or slice")
		}
		return p.multiList()
	case jtEOF:
		return nil, fmt.Errorf("unexpected end of expression")
	case jtRBracket, jtRParen, jtComma:
		return nil, fmt.Errorf("unexpected %q at offset %d", t.text, t.pos)
	}
	return nil, unsupported(t, "syntax")
}

func (p *jpParser) call(name jpToken) (jpNode, error) {
	c := &jpCall{Name: name.val.(string)}
	for p.peek().kind != jtRParen {
		if len(c.Args) > 0 {
			if err := p.expect(jtComma, "','"); err != nil {
				return nil, err
			}
		}
		a, err := p.expression(0)
		if err != nil {
			return nil, err
		}
		c.Args = append(c.Args, a)
	}
	p.next()
	arity, ok := jpFunctions[c.Name]
	if !ok {
		return nil, unsupported(name, "function "+c.Name+"()")
	}
	if len(c.Args) != arity {
		return nil, fmt.Errorf("%s() takes %d argument%s, got %d", c.Name, arity, plural(arity), len(c.Args))
	}
	return c, nil
}

// jpFunctions are the functions the compiler supports, with the number
// of arguments each takes.
var jpFunctions = map[string]int{"length": 1, "contains": 2}

func plural(n int) string {
	if n == 1 {
		return ""
	}
	return "s"
}

// multiList parses the rest of a multi-select list, after its '['.
func (p *jpParser) multiList() (jpNode, error) {
	m := &jpMultiList{}
	for {
		x, err := p.expression(0)
		if err != nil {
			return nil, err
		}
		m.Items = append(m.Items, x)
		if p.peek().kind == jtRBracket {
			p.next()
			return m, nil
		}
		if err := p.expect(jtComma, "',' or ']'"); err != nil {
			return nil, err
		}
	}
}

func (p *jpParser) led(left jpNode, t jpToken) (jpNode, error) {
	switch t.kind {
	case jtDot:
		right, err := p.dotRHS(jpBindingPower[jtDot])
		if err != nil {
			return nil, err
		}
		return &jpSub{Left: left, Right: right}, nil
	case jtFlatten:
		right, err := p.projectionRHS(jpBindingPower[jtFlatten])
		if err != nil {
			return nil, err
		}
		return &jpProject{Left: &jpFlatten{X: left}, Right: right}, nil
	case jtFilter:
		cond, err := p.expression(0)
		if err != nil {
			return nil, err
		}
		if err := p.expect(jtRBracket, "']'"); err != nil {
			return nil, err
		}
		right, err := p.projectionRHS(jpBindingPower[jtFilter])
		if err != nil {
			return nil, err
		}
		return &jpProject{Left: left, Right: right, Filter: cond}, nil
	case jtLBracket:
		if isIndexStart(p.peek()) {
			return nil, unsupported(p.peek(), "index or slice")
		}
		if p.peek().kind != jtStar {
			// a[b, c] is not JMESPath: a multi-select list after a
			// value needs a dot, as in a.[b, c].
			return nil, fmt.Errorf("expected '*', an index or a slice after '[' at offset %d, found %q", t.pos, p.peek().text)
		}
		p.next()
		if err := p.expect(jtRBracket, "']'"); err != nil {
			return nil, err
		}
		right, err := p.projectionRHS(jpBindingPower[jtStar])
		if err != nil {
			return nil, err
		}
		return &jpProject{Left: left, Right: right}, nil
	case jtOr, jtAnd:
		right, err := p.expression(jpBindingPower[t.kind])
		if err != nil {
			return nil, err
		}
		if t.kind == jtOr {
			return &jpOr{Left: left, Right: right}, nil
		}
		return &jpAnd{Left: left, Right: right}, nil
	case jtCmp:
		right, err := p.expression(jpBindingPower[jtCmp])
		if err != nil {
			return nil, err
		}
		return &jpCompare{Op: t.val.(string), Left: left, Right: right}, nil
	case jtPipe:
		return nil, unsupported(t, "pipe")
	}
	return nil, unsupported(t, "syntax")
}

// dotRHS parses what follows a dot: a path binding tighter than bp, or a
// multi-select list (which nothing else binds to, as in the
// specification's grammar: a.[b][] flattens the list a.[b]).
func (p *jpParser) dotRHS(bp int) (jpNode, error) {
	switch t := p.peek(); t.kind {
	case jtIdent, jtQuotedIdent:
		return p.expression(bp)
	case jtLBracket:
		p.next()
		return p.multiList()
	default:
		return nil, unsupported(t, "syntax after '.'")
	}
}

// projectionRHS parses the part of a path a projection applies to each
// element: nothing (the element itself) when the next token binds
// loosely, else further brackets or a dotted path.
func (p *jpParser) projectionRHS(bp int) (jpNode, error) {
	t := p.peek()
	switch {
	case jpBindingPower[t.kind] < jpProjectionStop:
		return &jpCurrent{}, nil
	case t.kind == jtLBracket || t.kind == jtFilter:
		return p.expression(bp)
	case t.kind == jtDot:
		p.next()
		return p.dotRHS(bp)
	}
	return nil, unsupported(t, "syntax after a projection")
}

// jpString prints a syntax tree with explicit structure, for tests and
// error messages.
func jpString(n jpNode) string {
	switch n := n.(type) {
	case *jpField:
		return n.Name
	case *jpCurrent:
		return "@"
	case *jpLiteral:
		b, _ := json.Marshal(n.Val)
		return "`" + string(b) + "`"
	case *jpSub:
		return "(" + jpString(n.Left) + "." + jpString(n.Right) + ")"
	case *jpFlatten:
		return "flatten(" + jpString(n.X) + ")"
	case *jpProject:
		if n.Filter != nil {
			return "project(" + jpString(n.Left) + " if " + jpString(n.Filter) + ": " + jpString(n.Right) + ")"
		}
		return "project(" + jpString(n.Left) + ": " + jpString(n.Right) + ")"
	case *jpCompare:
		return "(" + jpString(n.Left) + " " + n.Op + " " + jpString(n.Right) + ")"
	case *jpAnd:
		return "(" + jpString(n.Left) + " && " + jpString(n.Right) + ")"
	case *jpOr:
		return "(" + jpString(n.Left) + " || " + jpString(n.Right) + ")"
	case *jpNot:
		return "!" + jpString(n.X)
	case *jpMultiList:
		return "[" + jpStrings(n.Items) + "]"
	case *jpCall:
		return n.Name + "(" + jpStrings(n.Args) + ")"
	}
	return fmt.Sprintf("%T", n)
}

// jpStrings prints nodes separated by commas.
func jpStrings(ns []jpNode) string {
	s := make([]string, len(ns))
	for i, n := range ns {
		s[i] = jpString(n)
	}
	return strings.Join(s, ", ")
}
