package expression

import (
	"fmt"
	"reflect"
	"strings"

	"github.com/nimbus-sdk/nimbus/services/dynamodb/types"
)

// OperandBuilder is anything that can stand as an operand of an
// expression: [NameBuilder], [ValueBuilder], [KeyBuilder], [SizeBuilder]
// and [SetValueBuilder]. The package's functions take it so that names,
// values and functions of them can be mixed. BuildOperand is called when
// [Builder.Build] runs; it is exported only so that the interface can be
// named, and callers need not call it themselves. Implementations outside
// the package can only return an Operand made by one of these builders.
type OperandBuilder interface {
	BuildOperand() (Operand, error)
}

// Operand is a built operand: the names, values and text it contributes
// to an expression, before placeholders are assigned. Its zero value is
// an unset operand.
type Operand struct {
	parts []part
}

// NameBuilder is an item attribute's name or a document path to a nested
// attribute, such as "Reviews.FiveStar[0]". Make one with [Name] or
// [NameNoDotSplit]; its zero value is unset.
type NameBuilder struct {
	// A path is either dotted, as given to Name and split at dots when
	// written (so that Name allocates nothing), or its elements.
	dotted   string
	elements []string
}

// pathElements returns the elements of nb's path.
func (nb NameBuilder) pathElements() []string {
	if nb.elements != nil || nb.dotted == "" {
		return nb.elements
	}
	return strings.Split(nb.dotted, ".")
}

// ValueBuilder is an attribute value operand. Make one with [Value].
type ValueBuilder struct {
	value any
}

// KeyBuilder is the name of a partition or sort key in a key condition.
// Make one with [Key]; its zero value is unset.
type KeyBuilder struct {
	key string
}

// SizeBuilder is the DynamoDB function size(path), the size of an
// attribute, for use in condition and filter expressions. Make one with
// [Size] or [NameBuilder.Size].
type SizeBuilder struct {
	nameBuilder NameBuilder
}

// setValueMode says which update function a SetValueBuilder stands for.
// The zero value is unset, so SetValueBuilder{} fails to build.
type setValueMode uint8

const (
	unsetValue setValueMode = iota
	plusValueMode
	minusValueMode
	listAppendValueMode
	ifNotExistsValueMode
)

// SetValueBuilder is the value of a SET action computed by DynamoDB: a
// sum or difference ([Plus], [Minus]), a list concatenation
// ([ListAppend]) or a default for a missing attribute ([IfNotExists]).
// Use it as the operand of [Set]; DynamoDB accepts these functions only
// in update expressions.
type SetValueBuilder struct {
	leftOperand  OperandBuilder
	rightOperand OperandBuilder
	mode         setValueMode
}

// Name returns a NameBuilder for an attribute name or a document path.
// Dots separate the names of nested map attributes and "[N]" selects a
// list element: Name("Reviews.FiveStar[0]") is the first element of the
// list FiveStar in the map Reviews. Use [NameNoDotSplit] for a name that
// itself contains dots. Every name is written as a placeholder (#0, #1...),
// so reserved words such as "Size" or "Name" need no special care. An
// empty name gives an unset NameBuilder.
func Name(name string) NameBuilder {
	return NameBuilder{dotted: name}
}

// NameNoDotSplit returns a NameBuilder for an attribute whose name contains
// dots, such as "Safety.Warning": the name is not split into a path. It may
// still end with list indexes ("Safety.Warnings[1]"), which select a list
// element rather than being part of the name. Use [NameBuilder.AppendName]
// to go deeper into the attribute.
func NameNoDotSplit(name string) NameBuilder {
	return NameBuilder{elements: []string{name}}
}

// AppendName returns the path nb followed by field, such as
// Name("a").AppendName(NameNoDotSplit("b.c")) for the map key "b.c" in
// the attribute a. When field starts with list indexes
// (Name("[2]")), they are applied to the last element of nb: a[2].
func (nb NameBuilder) AppendName(field NameBuilder) NameBuilder {
	base, rest := nb.pathElements(), field.pathElements()
	names := make([]string, 0, len(base)+len(rest))
	names = append(names, base...)
	if len(names) > 0 && len(rest) > 0 {
		if n := leadingIndexes(rest[0]); n > 0 {
			names[len(names)-1] += rest[0][:n]
			if tail := rest[0][n:]; tail != "" {
				names = append(names, tail)
			}
			rest = rest[1:]
		}
	}
	if names = append(names, rest...); len(names) == 0 {
		return NameBuilder{}
	}
	return NameBuilder{elements: names}
}

// Value returns a ValueBuilder for v. A [types.AttributeValue] (or one of
// its member structs, by value or pointer) is used as it is; any other Go
// value is converted the way attributevalue.Marshal converts it: strings,
// numbers, booleans, []byte, nil, and slices, arrays, maps and pointers of
// those (see the package documentation for what is converted today). Empty
// slices and maps give empty lists and maps; nil gives NULL. A value that
// cannot be converted makes Build fail with an [InvalidParameterError].
func Value(v any) ValueBuilder {
	return ValueBuilder{value: v}
}

// Key returns a KeyBuilder for the partition or sort key named key, for
// use in key conditions. The name is taken as it is: keys are top-level
// attributes, so dots and brackets are part of the name. An empty key
// fails to build.
func Key(key string) KeyBuilder {
	return KeyBuilder{key: key}
}

// Size returns the size of the attribute nameBuilder names, written
// "size (path)".
func Size(nameBuilder NameBuilder) SizeBuilder {
	return SizeBuilder{nameBuilder: nameBuilder}
}

// Size returns the size of the attribute nb names; see [Size].
func (nb NameBuilder) Size() SizeBuilder {
	return Size(nb)
}

// Plus returns the SET value left + right, written "left + right". Both
// must be numbers.
func Plus(leftOperand, rightOperand OperandBuilder) SetValueBuilder {
	return SetValueBuilder{leftOperand: leftOperand, rightOperand: rightOperand, mode: plusValueMode}
}

// Plus returns the SET value nb + rightOperand; see [Plus].
func (nb NameBuilder) Plus(rightOperand OperandBuilder) SetValueBuilder {
	return Plus(nb, rightOperand)
}

// Plus returns the SET value vb + rightOperand; see [Plus].
func (vb ValueBuilder) Plus(rightOperand OperandBuilder) SetValueBuilder {
	return Plus(vb, rightOperand)
}

// Minus returns the SET value left - right, written "left - right". Both
// must be numbers.
func Minus(leftOperand, rightOperand OperandBuilder) SetValueBuilder {
	return SetValueBuilder{leftOperand: leftOperand, rightOperand: rightOperand, mode: minusValueMode}
}

// Minus returns the SET value nb - rightOperand; see [Minus].
func (nb NameBuilder) Minus(rightOperand OperandBuilder) SetValueBuilder {
	return Minus(nb, rightOperand)
}

// Minus returns the SET value vb - rightOperand; see [Minus].
func (vb ValueBuilder) Minus(rightOperand OperandBuilder) SetValueBuilder {
	return Minus(vb, rightOperand)
}

// ListAppend returns the SET value of the list left followed by the list
// right, written "list_append(left, right)".
func ListAppend(leftOperand, rightOperand OperandBuilder) SetValueBuilder {
	return SetValueBuilder{leftOperand: leftOperand, rightOperand: rightOperand, mode: listAppendValueMode}
}

// ListAppend returns the SET value of the list nb followed by
// rightOperand; see [ListAppend].
func (nb NameBuilder) ListAppend(rightOperand OperandBuilder) SetValueBuilder {
	return ListAppend(nb, rightOperand)
}

// ListAppend returns the SET value of the list vb followed by
// rightOperand; see [ListAppend].
func (vb ValueBuilder) ListAppend(rightOperand OperandBuilder) SetValueBuilder {
	return ListAppend(vb, rightOperand)
}

// IfNotExists returns the SET value of the attribute name if the item has
// it and setValue otherwise, written "if_not_exists(name, setValue)".
// Set(Name("n"), IfNotExists(Name("n"), Value(0))) sets n only when it is
// missing.
func IfNotExists(name NameBuilder, setValue OperandBuilder) SetValueBuilder {
	return SetValueBuilder{leftOperand: name, rightOperand: setValue, mode: ifNotExistsValueMode}
}

// IfNotExists returns the SET value of nb if the item has it and
// rightOperand otherwise; see [IfNotExists].
func (nb NameBuilder) IfNotExists(rightOperand OperandBuilder) SetValueBuilder {
	return IfNotExists(nb, rightOperand)
}

// BuildOperand builds the path nb names. It fails with an
// [UnsetParameterError] for an empty name and an [InvalidParameterError]
// for a malformed path ("a..b", "a.", "[1]", "a[x]").
func (nb NameBuilder) BuildOperand() (Operand, error) { return recordOperand(nb.write) }

func (nb NameBuilder) write(w *writer) error {
	switch {
	case nb.elements != nil:
		return writePath(w, nb.elements)
	case nb.dotted != "":
		return writeDottedPath(w, nb.dotted)
	}
	return newUnsetParameterError("BuildOperand", "NameBuilder")
}

// BuildOperand converts the value to a [types.AttributeValue]. It fails
// with an [InvalidParameterError], which unwraps to the reason, when the
// value cannot be converted.
func (vb ValueBuilder) BuildOperand() (Operand, error) { return recordOperand(vb.write) }

func (vb ValueBuilder) write(w *writer) error {
	av, err := attributeValueOf(vb.value)
	if err != nil {
		e := newInvalidParameterError("BuildOperand", "ValueBuilder")
		e.reason, e.err = err.Error(), err
		return e
	}
	w.value(av)
	return nil
}

// BuildOperand builds the key name. It fails with an
// [UnsetParameterError] for an empty key.
func (kb KeyBuilder) BuildOperand() (Operand, error) { return recordOperand(kb.write) }

func (kb KeyBuilder) write(w *writer) error {
	if kb.key == "" {
		return newUnsetParameterError("BuildOperand", "KeyBuilder")
	}
	w.name(kb.key)
	return nil
}

// BuildOperand builds "size (path)"; it fails as the path's
// [NameBuilder.BuildOperand] does.
func (sb SizeBuilder) BuildOperand() (Operand, error) { return recordOperand(sb.write) }

func (sb SizeBuilder) write(w *writer) error {
	w.text("size (")
	if err := sb.nameBuilder.write(w); err != nil {
		return err
	}
	w.text(")")
	return nil
}

// BuildOperand builds the function and its operands. It fails with an
// [UnsetParameterError] for a SetValueBuilder not made by this package's
// functions, and as its operands do.
func (svb SetValueBuilder) BuildOperand() (Operand, error) { return recordOperand(svb.write) }

func (svb SetValueBuilder) write(w *writer) error {
	var open, sep, closing string
	switch svb.mode {
	case plusValueMode:
		sep = " + "
	case minusValueMode:
		sep = " - "
	case listAppendValueMode:
		open, sep, closing = "list_append(", ", ", ")"
	case ifNotExistsValueMode:
		open, sep, closing = "if_not_exists(", ", ", ")"
	default:
		return newUnsetParameterError("BuildOperand", "SetValueBuilder")
	}
	w.text(open)
	if err := w.operands(sep, svb.leftOperand, svb.rightOperand); err != nil {
		return err
	}
	w.text(closing)
	return nil
}

// attributeValueOf returns the attribute value for v: v itself when it is
// a types.AttributeValue (v2 also accepts the member structs by value),
// and marshalValue's conversion otherwise.
func attributeValueOf(v any) (types.AttributeValue, error) {
	switch v := v.(type) {
	case types.AttributeValueMemberS:
		return &v, nil
	case types.AttributeValueMemberN:
		return &v, nil
	case types.AttributeValueMemberB:
		return &v, nil
	case types.AttributeValueMemberSS:
		return &v, nil
	case types.AttributeValueMemberNS:
		return &v, nil
	case types.AttributeValueMemberBS:
		return &v, nil
	case types.AttributeValueMemberM:
		return &v, nil
	case types.AttributeValueMemberL:
		return &v, nil
	case types.AttributeValueMemberNULL:
		return &v, nil
	case types.AttributeValueMemberBOOL:
		return &v, nil
	case types.AttributeValue:
		// A typed nil such as (*types.AttributeValueMemberS)(nil) would
		// reach the request as a nil member; v2 lets it through.
		if rv := reflect.ValueOf(v); rv.Kind() == reflect.Pointer && rv.IsNil() {
			return nil, fmt.Errorf("nil %T", v)
		}
		return v, nil
	}
	return marshalValue(v)
}
