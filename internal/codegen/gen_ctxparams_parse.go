package codegen

import (
	"encoding/json"
	"fmt"
	"strconv"
	"strings"
)

// This file parses the JMESPath expressions of smithy.rules#operationContextParams
// (the paths that bind endpoint parameters to parts of an operation's input)
// into a syntax tree; gen_ctxparams.go compiles the tree into Go.
//
// It is separate from the waiter parser (gen_waiters_jmespath.go): operation
// context params need a different subset (multi-select lists, keys(),
// indexes, pipes) and compile against the input shape, not the output. The
// grammar and binding powers are the JMESPath specification's, as in
// jmespath.py, so that projections stop and nest exactly as in every other
// SDK:
//
//	field  "quoted field"  a.b  @  (expr)
//	a[*]  a.*  a[]                 (projections: the rest of the path applies to each element)
//	a[0]  a[-1]                    (indexes)
//	[a, b]  a.[b, c]               (multi-select lists)
//	a | b                          (pipes: stop a projection)
//	keys(m)  values(m)
//
// Everything else (filters, slices, multi-select hashes, literals,
// comparisons, other functions) is reported as unsupported, so that a model
// using it fails `make generate` instead of producing a client that binds
// nothing.

// ocpNode is a node of a parsed operation context parameter path.
type ocpNode interface{ ocpNode() }

type (
	// ocpField selects a member of the current structure (or a key of the
	// current map).
	ocpField struct{ Name string }
	// ocpCurrent is @, the current node.
	ocpCurrent struct{}
	// ocpSub is Left.Right or Left | Right: Right evaluated on Left's
	// value.
	ocpSub struct{ Left, Right ocpNode }
	// ocpIndex is Left[N]; a negative N counts from the end.
	ocpIndex struct {
		Left ocpNode
		N    int
	}
	// ocpProject is the list projection Left[*].Right (and Left[].Right,
	// whose Left is an ocpFlatten): Right evaluated on each element of
	// the list Left, null results left out.
	ocpProject struct{ Left, Right ocpNode }
	// ocpValues is the object projection Left.*.Right: Right evaluated
	// on each value of the object Left, null results left out.
	ocpValues struct{ Left, Right ocpNode }
	// ocpFlatten is Left[] before its projection: the lists inside the
	// list Left merged into one list.
	ocpFlatten struct{ X ocpNode }
	// ocpMulti is the multi-select list [a, b, ...]: a list of each
	// item's value, nulls included.
	ocpMulti struct{ Items []ocpNode }
	// ocpCall is a function call.
	ocpCall struct {
		Name string
		Args []ocpNode
	}
)

func (ocpField) ocpNode()   {}
func (ocpCurrent) ocpNode() {}
func (ocpSub) ocpNode()     {}
func (ocpIndex) ocpNode()   {}
func (ocpProject) ocpNode() {}
func (ocpValues) ocpNode()  {}
func (ocpFlatten) ocpNode() {}
func (ocpMulti) ocpNode()   {}
func (ocpCall) ocpNode()    {}

type ocpTokKind int

const (
	ocpEOF ocpTokKind = iota
	ocpIdent
	ocpQuoted
	ocpNumberTok
	ocpDot
	ocpStar
	ocpLBracket
	ocpRBracket
	ocpFlattenTok // []
	ocpFilterTok  // [?
	ocpComma
	ocpPipe
	ocpLParen
	ocpRParen
	ocpAt
	ocpColon
	ocpLBrace
	ocpUnsupported // literals, comparisons, &&, ||, !, &
)

type ocpToken struct {
	kind ocpTokKind
	text string
	pos  int
}

// ocpBindingPower is jmespath.py's binding power of each token.
var ocpBindingPower = map[ocpTokKind]int{
	ocpPipe: 1, ocpFlattenTok: 9, ocpStar: 20, ocpFilterTok: 21, ocpDot: 40,
	ocpLBrace: 50, ocpLBracket: 55, ocpLParen: 60,
}

// ocpProjectionStop is the binding power below which a token ends the
// right-hand side of a projection.
const ocpProjectionStop = 10

func ocpLex(s string) ([]ocpToken, error) {
	var toks []ocpToken
	for i := 0; i < len(s); {
		c := s[i]
		start := i
		switch {
		case c == ' ' || c == '\t' || c == '\n' || c == '\r':
			i++
			continue
		case c == '_' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z':
			for i < len(s) && (s[i] == '_' || s[i] >= 'a' && s[i] <= 'z' || s[i] >= 'A' && s[i] <= 'Z' || s[i] >= '0' && s[i] <= '9') {
				i++
			}
			toks = append(toks, ocpToken{ocpIdent, s[start:i], start})
			continue
		case c == '-' || c >= '0' && c <= '9':
			i++
			for i < len(s) && s[i] >= '0' && s[i] <= '9' {
				i++
			}
			if s[start:i] == "-" {
				return nil, fmt.Errorf("at %d: '-' without a number", start)
			}
			toks = append(toks, ocpToken{ocpNumberTok, s[start:i], start})
			continue
		case c == '"':
			i++
			for i < len(s) && s[i] != '"' {
				if s[i] == '\\' {
					i++
				}
				i++
			}
			if i >= len(s) {
				return nil, fmt.Errorf("at %d: unterminated quoted identifier", start)
			}
			i++
			var name string
			if err := json.Unmarshal([]byte(s[start:i]), &name); err != nil {
				return nil, fmt.Errorf("at %d: bad quoted identifier %s", start, s[start:i])
			}
			toks = append(toks, ocpToken{ocpQuoted, name, start})
			continue
		case c == '[':
			switch {
			case strings.HasPrefix(s[i:], "[]"):
				toks = append(toks, ocpToken{ocpFlattenTok, "[]", start})
				i += 2
			case strings.HasPrefix(s[i:], "[?"):
				toks = append(toks, ocpToken{ocpFilterTok, "[?", start})
				i += 2
			default:
				toks = append(toks, ocpToken{ocpLBracket, "[", start})
				i++
			}
			continue
		case c == '|' && strings.HasPrefix(s[i:], "||"), c == '&', c == '!', c == '=', c == '<', c == '>', c == '`', c == '\'':
			return append(toks, ocpToken{ocpUnsupported, s[i:], start}), nil
		}
		if c == '{' {
			// A multi-select hash: the parser reports it.
			return append(toks, ocpToken{ocpLBrace, "{", start}, ocpToken{ocpEOF, "", len(s)}), nil
		}
		kind, ok := map[byte]ocpTokKind{
			'.': ocpDot, '*': ocpStar, ']': ocpRBracket, ',': ocpComma, '|': ocpPipe,
			'(': ocpLParen, ')': ocpRParen, '@': ocpAt, ':': ocpColon,
		}[c]
		if !ok {
			return nil, fmt.Errorf("at %d: unexpected character %q", start, c)
		}
		toks = append(toks, ocpToken{kind, string(c), start})
		i++
	}
	return append(toks, ocpToken{ocpEOF, "", len(s)}), nil
}

type ocpParser struct {
	toks []ocpToken
	i    int
}

// parseOCPPath parses an operation context parameter path.
func parseOCPPath(path string) (ocpNode, error) {
	toks, err := ocpLex(path)
	if err != nil {
		return nil, err
	}
	p := &ocpParser{toks: toks}
	n, err := p.expr(0)
	if err != nil {
		return nil, err
	}
	if t := p.peek(); t.kind != ocpEOF {
		return nil, p.unexpected(t)
	}
	return n, nil
}

func (p *ocpParser) peek() ocpToken        { return p.toks[p.i] }
func (p *ocpParser) peekAt(k int) ocpToken { return p.toks[min(p.i+k, len(p.toks)-1)] }

func (p *ocpParser) next() ocpToken {
	t := p.toks[p.i]
	if t.kind != ocpEOF {
		p.i++
	}
	return t
}

func (p *ocpParser) expect(k ocpTokKind, what string) error {
	if t := p.next(); t.kind != k {
		if t.kind == ocpUnsupported {
			return p.unexpected(t)
		}
		return fmt.Errorf("at %d: expected %s, found %s", t.pos, what, describeOCPToken(t))
	}
	return nil
}

func describeOCPToken(t ocpToken) string {
	if t.kind == ocpEOF {
		return "end of path"
	}
	return strconv.Quote(t.text)
}

// unexpected reports a token that cannot appear where it is, naming the
// unsupported JMESPath features.
func (p *ocpParser) unexpected(t ocpToken) error {
	switch t.kind {
	case ocpFilterTok:
		return fmt.Errorf("at %d: filter expressions ([?...]) are not supported", t.pos)
	case ocpLBrace:
		return fmt.Errorf("at %d: multi-select hashes ({...}) are not supported", t.pos)
	case ocpColon:
		return fmt.Errorf("at %d: slices ([a:b]) are not supported", t.pos)
	case ocpUnsupported:
		return fmt.Errorf("at %d: literals, comparisons and boolean operators are not supported (%q)", t.pos, t.text)
	}
	return fmt.Errorf("at %d: unexpected %s", t.pos, describeOCPToken(t))
}

func (p *ocpParser) expr(bp int) (ocpNode, error) {
	left, err := p.nud(p.next())
	if err != nil {
		return nil, err
	}
	for bp < ocpBindingPower[p.peek().kind] {
		if left, err = p.led(p.next(), left); err != nil {
			return nil, err
		}
	}
	return left, nil
}

func (p *ocpParser) nud(t ocpToken) (ocpNode, error) {
	switch t.kind {
	case ocpIdent, ocpQuoted:
		return ocpField{Name: t.text}, nil
	case ocpAt:
		return ocpCurrent{}, nil
	case ocpStar:
		right, err := p.projectionRHS(ocpBindingPower[ocpStar])
		return ocpValues{Left: ocpCurrent{}, Right: right}, err
	case ocpFlattenTok:
		right, err := p.projectionRHS(ocpBindingPower[ocpFlattenTok])
		return ocpProject{Left: ocpFlatten{X: ocpCurrent{}}, Right: right}, err
	case ocpLBracket:
		switch {
		case p.peek().kind == ocpNumberTok || p.peek().kind == ocpColon:
			n, err := p.index()
			return ocpIndex{Left: ocpCurrent{}, N: n}, err
		case p.peek().kind == ocpStar && p.peekAt(1).kind == ocpRBracket:
			p.next()
			p.next()
			right, err := p.projectionRHS(ocpBindingPower[ocpStar])
			return ocpProject{Left: ocpCurrent{}, Right: right}, err
		}
		return p.multiSelect()
	case ocpLParen:
		n, err := p.expr(0)
		if err != nil {
			return nil, err
		}
		return n, p.expect(ocpRParen, "')'")
	}
	return nil, p.unexpected(t)
}

func (p *ocpParser) led(t ocpToken, left ocpNode) (ocpNode, error) {
	switch t.kind {
	case ocpDot:
		if p.peek().kind == ocpStar {
			p.next()
			right, err := p.projectionRHS(ocpBindingPower[ocpDot])
			return ocpValues{Left: left, Right: right}, err
		}
		right, err := p.dotRHS(ocpBindingPower[ocpDot])
		return ocpSub{Left: left, Right: right}, err
	case ocpPipe:
		right, err := p.expr(ocpBindingPower[ocpPipe])
		return ocpSub{Left: left, Right: right}, err
	case ocpFlattenTok:
		right, err := p.projectionRHS(ocpBindingPower[ocpFlattenTok])
		return ocpProject{Left: ocpFlatten{X: left}, Right: right}, err
	case ocpLBracket:
		if p.peek().kind == ocpNumberTok || p.peek().kind == ocpColon {
			n, err := p.index()
			return ocpIndex{Left: left, N: n}, err
		}
		if err := p.expect(ocpStar, "'*' or an index"); err != nil {
			return nil, err
		}
		if err := p.expect(ocpRBracket, "']'"); err != nil {
			return nil, err
		}
		right, err := p.projectionRHS(ocpBindingPower[ocpStar])
		return ocpProject{Left: left, Right: right}, err
	case ocpLParen:
		f, ok := left.(ocpField)
		if !ok {
			return nil, fmt.Errorf("at %d: '(' after something that is not a function name", t.pos)
		}
		var args []ocpNode
		for p.peek().kind != ocpRParen {
			if len(args) > 0 {
				if err := p.expect(ocpComma, "',' or ')'"); err != nil {
					return nil, err
				}
			}
			a, err := p.expr(0)
			if err != nil {
				return nil, err
			}
			args = append(args, a)
		}
		p.next()
		return ocpCall{Name: f.Name, Args: args}, nil
	}
	return nil, p.unexpected(t)
}

// index parses "N]" after '['.
func (p *ocpParser) index() (int, error) {
	t := p.next()
	if t.kind != ocpNumberTok {
		return 0, p.unexpected(t)
	}
	if p.peek().kind == ocpColon {
		return 0, p.unexpected(p.peek())
	}
	n, err := strconv.Atoi(t.text)
	if err != nil {
		return 0, fmt.Errorf("at %d: bad index %s", t.pos, t.text)
	}
	return n, p.expect(ocpRBracket, "']'")
}

func (p *ocpParser) projectionRHS(bp int) (ocpNode, error) {
	switch t := p.peek(); {
	case ocpBindingPower[t.kind] < ocpProjectionStop:
		return ocpCurrent{}, nil
	case t.kind == ocpLBracket, t.kind == ocpFilterTok:
		return p.expr(bp)
	case t.kind == ocpDot:
		p.next()
		return p.dotRHS(bp)
	default:
		return nil, p.unexpected(t)
	}
}

func (p *ocpParser) dotRHS(bp int) (ocpNode, error) {
	switch t := p.peek(); t.kind {
	case ocpIdent, ocpQuoted, ocpStar:
		return p.expr(bp)
	case ocpLBracket:
		p.next()
		return p.multiSelect()
	default:
		return nil, p.unexpected(t)
	}
}

// multiSelect parses "a, b, ...]" after '['.
func (p *ocpParser) multiSelect() (ocpNode, error) {
	var items []ocpNode
	for {
		n, err := p.expr(0)
		if err != nil {
			return nil, err
		}
		items = append(items, n)
		if p.peek().kind != ocpComma {
			break
		}
		p.next()
	}
	return ocpMulti{Items: items}, p.expect(ocpRBracket, "',' or ']'")
}

// String returns n in JMESPath syntax, fully parenthesized; tests use it
// to check the parse.
func ocpSyntax(n ocpNode) string {
	switch n := n.(type) {
	case ocpField:
		return n.Name
	case ocpCurrent:
		return "@"
	case ocpSub:
		return "(" + ocpSyntax(n.Left) + " . " + ocpSyntax(n.Right) + ")"
	case ocpIndex:
		return "(" + ocpSyntax(n.Left) + ")[" + strconv.Itoa(n.N) + "]"
	case ocpProject:
		return "project(" + ocpSyntax(n.Left) + ", " + ocpSyntax(n.Right) + ")"
	case ocpValues:
		return "values(" + ocpSyntax(n.Left) + ", " + ocpSyntax(n.Right) + ")"
	case ocpFlatten:
		return "flatten(" + ocpSyntax(n.X) + ")"
	case ocpMulti:
		items := make([]string, len(n.Items))
		for i, it := range n.Items {
			items[i] = ocpSyntax(it)
		}
		return "[" + strings.Join(items, ", ") + "]"
	case ocpCall:
		args := make([]string, len(n.Args))
		for i, a := range n.Args {
			args[i] = ocpSyntax(a)
		}
		return n.Name + "(" + strings.Join(args, ", ") + ")"
	}
	return "?"
}
