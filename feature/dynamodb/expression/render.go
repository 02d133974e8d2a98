package expression

import (
	"strconv"
	"strings"

	"github.com/nimbus-sdk/nimbus/services/dynamodb/types"
)

// A built expression is a flat list of parts in the order they appear in
// its text: literal text, attribute names and attribute values. Names and
// values are replaced by placeholders only when a Builder renders all its
// expressions together, so that one name used in several expressions of a
// request gets one placeholder.

type partKind uint8

const (
	textPart  partKind = iota // literal expression text: operators, parentheses, list indexes
	namePart                  // an attribute name, written as #N
	valuePart                 // an attribute value, written as :N
)

type part struct {
	kind  partKind
	text  string               // the literal text (textPart) or the attribute name (namePart)
	value types.AttributeValue // valuePart only
}

// parts collects the parts of one expression as its builders append them.
type parts []part

func (p *parts) text(s string) { *p = append(*p, part{kind: textPart, text: s}) }

func (p *parts) name(s string) { *p = append(*p, part{kind: namePart, text: s}) }

func (p *parts) value(v types.AttributeValue) {
	*p = append(*p, part{kind: valuePart, value: v})
}

// operand appends the parts of ob. A nil ob, or one that builds to
// nothing, is an UnsetParameterError rather than a panic or an empty
// hole in the expression.
func (p *parts) operand(ob OperandBuilder) error {
	if ob == nil {
		return newUnsetParameterError("BuildOperand", "OperandBuilder")
	}
	op, err := ob.BuildOperand()
	if err != nil {
		return err
	}
	if len(op.parts) == 0 {
		return newUnsetParameterError("BuildOperand", "Operand")
	}
	*p = append(*p, op.parts...)
	return nil
}

// operands appends obs separated by sep.
func (p *parts) operands(obs []OperandBuilder, sep string) error {
	for i, ob := range obs {
		if i > 0 {
			p.text(sep)
		}
		if err := p.operand(ob); err != nil {
			return err
		}
	}
	return nil
}

// call appends "fn (a, b...)", the form DynamoDB's condition functions
// take in v2's output (a space before the parenthesis).
func (p *parts) call(fn string, args []OperandBuilder) error {
	p.text(fn + " (")
	if err := p.operands(args, ", "); err != nil {
		return err
	}
	p.text(")")
	return nil
}

// placeholders gives names and values their placeholders across every
// expression of one Build. Names are numbered in order of first use and
// reused; values are numbered in order of use and never shared, as v2
// does, so the same builder always renders the same strings.
type placeholders struct {
	nameIndex map[string]int
	names     []string
	values    []types.AttributeValue
}

// render writes ps as expression text, replacing names and values with
// their placeholders.
func (ph *placeholders) render(ps parts) string {
	var b strings.Builder
	for _, pt := range ps {
		switch pt.kind {
		case textPart:
			b.WriteString(pt.text)
		case namePart:
			i, ok := ph.nameIndex[pt.text]
			if !ok {
				if ph.nameIndex == nil {
					ph.nameIndex = map[string]int{}
				}
				i = len(ph.names)
				ph.nameIndex[pt.text] = i
				ph.names = append(ph.names, pt.text)
			}
			b.WriteByte('#')
			b.WriteString(strconv.Itoa(i))
		case valuePart:
			b.WriteByte(':')
			b.WriteString(strconv.Itoa(len(ph.values)))
			ph.values = append(ph.values, pt.value)
		}
	}
	return b.String()
}

// namesMap returns ExpressionAttributeNames, or nil when no name was used.
func (ph *placeholders) namesMap() map[string]string {
	if len(ph.names) == 0 {
		return nil
	}
	m := make(map[string]string, len(ph.names))
	for i, n := range ph.names {
		m["#"+strconv.Itoa(i)] = n
	}
	return m
}

// valuesMap returns ExpressionAttributeValues, or nil when no value was used.
func (ph *placeholders) valuesMap() map[string]types.AttributeValue {
	if len(ph.values) == 0 {
		return nil
	}
	m := make(map[string]types.AttributeValue, len(ph.values))
	for i, v := range ph.values {
		m[":"+strconv.Itoa(i)] = v
	}
	return m
}
