package expression

import (
	"strconv"

	"github.com/nimbus-sdk/nimbus/services/dynamodb/types"
)

// Builders write their expressions through a writer. In a Build, the
// writer renders each expression as it goes: literal text is copied and
// every attribute name and value is replaced by its placeholder. Build
// writes the expressions in a fixed order (condition, filter, key
// condition, projection, update), so a name used in several of them gets
// one placeholder, numbered by first use, and every use of a value gets
// its own, in order: the numbering v2 gives.
//
// BuildOperand, which is exported, cannot render (placeholders belong to
// a whole Build), so for it the writer records parts instead, and Build
// replays the parts of an Operand that a caller's own OperandBuilder
// returns.

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

// linearNames is how many distinct names are looked up by a scan of
// writer.names before the writer builds an index: requests rarely use more,
// and a scan of a few strings is cheaper than a map.
const linearNames = 16

// writer writes expressions, rendering them (Build) or recording their
// parts (BuildOperand).
type writer struct {
	record bool   // record parts rather than render
	parts  []part // the recorded parts

	buf       []byte         // the expression being rendered
	names     []string       // names in placeholder order
	nameIndex map[string]int // placeholder of each name, once there are more than linearNames
	values    []types.AttributeValue

	// Room for a typical request, so that rendering it allocates only
	// the writer, the strings and the maps it returns.
	bufSpace   [256]byte
	nameSpace  [linearNames]string
	valueSpace [16]types.AttributeValue
}

// newRenderer returns a writer that renders.
func newRenderer() *writer {
	w := new(writer)
	w.buf, w.names, w.values = w.bufSpace[:0], w.nameSpace[:0], w.valueSpace[:0]
	return w
}

func (w *writer) text(s string) {
	if w.record {
		w.parts = append(w.parts, part{kind: textPart, text: s})
		return
	}
	w.buf = append(w.buf, s...)
}

func (w *writer) name(s string) {
	if w.record {
		w.parts = append(w.parts, part{kind: namePart, text: s})
		return
	}
	w.buf = append(w.buf, '#')
	w.buf = strconv.AppendInt(w.buf, int64(w.nameNumber(s)), 10)
}

// nameNumber returns the placeholder number of the name s, giving it the
// next one on first use.
func (w *writer) nameNumber(s string) int {
	if w.nameIndex != nil {
		if i, ok := w.nameIndex[s]; ok {
			return i
		}
	} else {
		for i, n := range w.names {
			if n == s {
				return i
			}
		}
	}
	i := len(w.names)
	w.names = append(w.names, s)
	switch {
	case w.nameIndex != nil:
		w.nameIndex[s] = i
	case len(w.names) > linearNames:
		w.nameIndex = make(map[string]int, 2*len(w.names))
		for j, n := range w.names {
			w.nameIndex[n] = j
		}
	}
	return i
}

func (w *writer) value(av types.AttributeValue) {
	if w.record {
		w.parts = append(w.parts, part{kind: valuePart, value: av})
		return
	}
	w.buf = append(w.buf, ':')
	w.buf = strconv.AppendInt(w.buf, int64(len(w.values)), 10)
	w.values = append(w.values, av)
}

// operand writes ob. The package's own builders write themselves; any
// other OperandBuilder is built and its parts replayed. A nil ob, or one
// that builds to nothing, is an UnsetParameterError rather than a panic or
// an empty hole in the expression.
func (w *writer) operand(ob OperandBuilder) error {
	switch ob := ob.(type) {
	case nil:
		return newUnsetParameterError("BuildOperand", "OperandBuilder")
	case NameBuilder:
		return ob.write(w)
	case ValueBuilder:
		return ob.write(w)
	case KeyBuilder:
		return ob.write(w)
	case SizeBuilder:
		return ob.write(w)
	case SetValueBuilder:
		return ob.write(w)
	}
	op, err := ob.BuildOperand()
	if err != nil {
		return err
	}
	if len(op.parts) == 0 {
		return newUnsetParameterError("BuildOperand", "Operand")
	}
	for _, pt := range op.parts {
		switch pt.kind {
		case textPart:
			w.text(pt.text)
		case namePart:
			w.name(pt.text)
		case valuePart:
			w.value(pt.value)
		}
	}
	return nil
}

// operands writes obs separated by sep.
func (w *writer) operands(sep string, obs ...OperandBuilder) error {
	for i, ob := range obs {
		if i > 0 {
			w.text(sep)
		}
		if err := w.operand(ob); err != nil {
			return err
		}
	}
	return nil
}

// call writes "fn (a, b...)", the form DynamoDB's condition functions
// take in v2's output (a space before the parenthesis).
func (w *writer) call(fn string, args []OperandBuilder) error {
	w.text(fn)
	w.text(" (")
	if err := w.operands(", ", args...); err != nil {
		return err
	}
	w.text(")")
	return nil
}

// between writes "op BETWEEN lower AND upper" for ops = op, lower, upper.
func (w *writer) between(ops []OperandBuilder) error {
	if err := w.operand(ops[0]); err != nil {
		return err
	}
	w.text(" BETWEEN ")
	return w.operands(" AND ", ops[1:]...)
}

// writeJoined writes conditions in parentheses, separated by sep (such as
// ") AND (", which closes one and opens the next).
func writeJoined[T treeBuilder](w *writer, sep string, conds []T) error {
	w.text("(")
	for i, c := range conds {
		if i > 0 {
			w.text(sep)
		}
		if err := c.write(w); err != nil {
			return err
		}
	}
	w.text(")")
	return nil
}

// recordOperand returns the Operand that write records.
func recordOperand(write func(*writer) error) (Operand, error) {
	w := writer{record: true}
	if err := write(&w); err != nil {
		return Operand{}, err
	}
	return Operand{parts: w.parts}, nil
}

// placeholderTable holds the placeholders most requests use, so that
// building the maps does not format them again.
var placeholderTable = func() (t [2][32]string) {
	for i := range t[0] {
		t[0][i] = "#" + strconv.Itoa(i)
		t[1][i] = ":" + strconv.Itoa(i)
	}
	return t
}()

func placeholder(table int, prefix string, i int) string {
	if i < len(placeholderTable[table]) {
		return placeholderTable[table][i]
	}
	return prefix + strconv.Itoa(i)
}

// namesMap returns ExpressionAttributeNames, or nil when no name was used.
func (w *writer) namesMap() map[string]string {
	if len(w.names) == 0 {
		return nil
	}
	m := make(map[string]string, len(w.names))
	for i, n := range w.names {
		m[placeholder(0, "#", i)] = n
	}
	return m
}

// valuesMap returns ExpressionAttributeValues, or nil when no value was used.
func (w *writer) valuesMap() map[string]types.AttributeValue {
	if len(w.values) == 0 {
		return nil
	}
	m := make(map[string]types.AttributeValue, len(w.values))
	for i, v := range w.values {
		m[placeholder(1, ":", i)] = v
	}
	return m
}
