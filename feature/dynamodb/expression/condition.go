package expression

// conditionMode says which condition a ConditionBuilder stands for. The
// zero value is unset, so ConditionBuilder{} fails to build.
type conditionMode uint8

const (
	unsetCond conditionMode = iota
	equalCond
	notEqualCond
	lessThanCond
	lessThanEqualCond
	greaterThanCond
	greaterThanEqualCond
	andCond
	orCond
	notCond
	betweenCond
	inCond
	attrExistsCond
	attrNotExistsCond
	attrTypeCond
	beginsWithCond
	containsCond
)

// comparators are the operators of the comparison modes.
var comparators = map[conditionMode]string{
	equalCond:            " = ",
	notEqualCond:         " <> ",
	lessThanCond:         " < ",
	lessThanEqualCond:    " <= ",
	greaterThanCond:      " > ",
	greaterThanEqualCond: " >= ",
}

// conditionFunctions are the DynamoDB functions of the function modes.
var conditionFunctions = map[conditionMode]string{
	attrExistsCond:    "attribute_exists",
	attrNotExistsCond: "attribute_not_exists",
	attrTypeCond:      "attribute_type",
	beginsWithCond:    "begins_with",
	containsCond:      "contains",
}

// DynamoDBAttributeType is a DynamoDB data type, the argument of
// [AttributeType].
type DynamoDBAttributeType string

// The DynamoDB data types. As in v2, only String is declared with the
// type DynamoDBAttributeType and the others are untyped string constants,
// so that code ported from v2 that uses them as strings still compiles;
// every one of them can be passed to [AttributeType].
const (
	// String is the String type, "S".
	String DynamoDBAttributeType = "S"
	// StringSet is the String Set type, "SS".
	StringSet = "SS"
	// Number is the Number type, "N".
	Number = "N"
	// NumberSet is the Number Set type, "NS".
	NumberSet = "NS"
	// Binary is the Binary type, "B".
	Binary = "B"
	// BinarySet is the Binary Set type, "BS".
	BinarySet = "BS"
	// Boolean is the Boolean type, "BOOL".
	Boolean = "BOOL"
	// Null is the Null type, "NULL".
	Null = "NULL"
	// List is the List type, "L".
	List = "L"
	// Map is the Map type, "M".
	Map = "M"
)

// ConditionBuilder is a condition: the condition expression of a write
// ([Builder.WithCondition]) or the filter expression of a Query or Scan
// ([Builder.WithFilter]), which have the same syntax. Make one with the
// comparison functions ([Equal], [LessThan]...), [Between], [In], the
// DynamoDB functions ([AttributeExists], [BeginsWith], [Contains]...) and
// combine them with [And], [Or] and [Not]. Its zero value is unset and
// fails to build.
type ConditionBuilder struct {
	operandList   []OperandBuilder
	conditionList []ConditionBuilder
	mode          conditionMode
}

// IsSet reports whether cb was made by one of the package's functions;
// it is false for the zero ConditionBuilder.
func (cb ConditionBuilder) IsSet() bool {
	return cb.mode != unsetCond
}

func compare(mode conditionMode, left, right OperandBuilder) ConditionBuilder {
	return ConditionBuilder{operandList: []OperandBuilder{left, right}, mode: mode}
}

// Equal returns the condition left = right.
func Equal(left, right OperandBuilder) ConditionBuilder { return compare(equalCond, left, right) }

// NotEqual returns the condition left <> right.
func NotEqual(left, right OperandBuilder) ConditionBuilder {
	return compare(notEqualCond, left, right)
}

// LessThan returns the condition left < right.
func LessThan(left, right OperandBuilder) ConditionBuilder {
	return compare(lessThanCond, left, right)
}

// LessThanEqual returns the condition left <= right.
func LessThanEqual(left, right OperandBuilder) ConditionBuilder {
	return compare(lessThanEqualCond, left, right)
}

// GreaterThan returns the condition left > right.
func GreaterThan(left, right OperandBuilder) ConditionBuilder {
	return compare(greaterThanCond, left, right)
}

// GreaterThanEqual returns the condition left >= right.
func GreaterThanEqual(left, right OperandBuilder) ConditionBuilder {
	return compare(greaterThanEqualCond, left, right)
}

// And returns the condition that all of its arguments hold, written
// "(left) AND (right) AND (other)...".
func And(left, right ConditionBuilder, other ...ConditionBuilder) ConditionBuilder {
	return ConditionBuilder{conditionList: join(left, right, other), mode: andCond}
}

// And returns the condition that cb and all the arguments hold; see [And].
func (cb ConditionBuilder) And(right ConditionBuilder, other ...ConditionBuilder) ConditionBuilder {
	return And(cb, right, other...)
}

// Or returns the condition that at least one of its arguments holds,
// written "(left) OR (right) OR (other)...".
func Or(left, right ConditionBuilder, other ...ConditionBuilder) ConditionBuilder {
	return ConditionBuilder{conditionList: join(left, right, other), mode: orCond}
}

// Or returns the condition that cb or one of the arguments holds; see [Or].
func (cb ConditionBuilder) Or(right ConditionBuilder, other ...ConditionBuilder) ConditionBuilder {
	return Or(cb, right, other...)
}

// join returns a new slice of a, b and rest, so that builders never share
// a backing array with the caller's variadic slice.
func join[T any](a, b T, rest []T) []T {
	s := make([]T, 0, 2+len(rest))
	return append(append(s, a, b), rest...)
}

// Not returns the negation of conditionBuilder, written "NOT (condition)".
func Not(conditionBuilder ConditionBuilder) ConditionBuilder {
	return ConditionBuilder{conditionList: []ConditionBuilder{conditionBuilder}, mode: notCond}
}

// Not returns the negation of cb; see [Not].
func (cb ConditionBuilder) Not() ConditionBuilder {
	return Not(cb)
}

// Between returns the condition lower <= op <= upper, written
// "op BETWEEN lower AND upper".
func Between(op, lower, upper OperandBuilder) ConditionBuilder {
	return ConditionBuilder{operandList: []OperandBuilder{op, lower, upper}, mode: betweenCond}
}

// In returns the condition that left equals one of right and other,
// written "left IN (right, other...)". DynamoDB accepts up to 100 operands
// in the list.
func In(left, right OperandBuilder, other ...OperandBuilder) ConditionBuilder {
	return ConditionBuilder{operandList: join(left, right, other), mode: inCond}
}

// AttributeExists returns the condition that the item has the attribute
// nameBuilder names, written "attribute_exists (path)".
func AttributeExists(nameBuilder NameBuilder) ConditionBuilder {
	return ConditionBuilder{operandList: []OperandBuilder{nameBuilder}, mode: attrExistsCond}
}

// AttributeNotExists returns the condition that the item does not have the
// attribute nameBuilder names, written "attribute_not_exists (path)".
// With the key's name, it makes a PutItem create an item but never replace
// one.
func AttributeNotExists(nameBuilder NameBuilder) ConditionBuilder {
	return ConditionBuilder{operandList: []OperandBuilder{nameBuilder}, mode: attrNotExistsCond}
}

// AttributeType returns the condition that the attribute nameBuilder names
// has the given type, written "attribute_type (path, :type)".
func AttributeType(nameBuilder NameBuilder, attributeType DynamoDBAttributeType) ConditionBuilder {
	return ConditionBuilder{operandList: []OperandBuilder{nameBuilder, Value(string(attributeType))}, mode: attrTypeCond}
}

// BeginsWith returns the condition that the string attribute nameBuilder
// names starts with prefix, written "begins_with (path, :prefix)".
func BeginsWith(nameBuilder NameBuilder, prefix string) ConditionBuilder {
	return ConditionBuilder{operandList: []OperandBuilder{nameBuilder, Value(prefix)}, mode: beginsWithCond}
}

// Contains returns the condition that the attribute nameBuilder names
// contains val: a substring of a string, an element of a set or of a
// list. It is written "contains (path, :val)".
func Contains(nameBuilder NameBuilder, val any) ConditionBuilder {
	return ConditionBuilder{operandList: []OperandBuilder{nameBuilder, Value(val)}, mode: containsCond}
}

// write writes the condition. An unset condition anywhere
// in the tree is an UnsetParameterError, as in v2.
func (cb ConditionBuilder) write(w *writer) error {
	ops := cb.operandList
	switch cb.mode {
	case equalCond, notEqualCond, lessThanCond, lessThanEqualCond, greaterThanCond, greaterThanEqualCond:
		return w.operands(comparators[cb.mode], ops...)
	case andCond:
		return writeJoined(w, ") AND (", cb.conditionList)
	case orCond:
		return writeJoined(w, ") OR (", cb.conditionList)
	case notCond:
		w.text("NOT (")
		if err := cb.conditionList[0].write(w); err != nil {
			return err
		}
		w.text(")")
		return nil
	case betweenCond:
		return w.between(ops)
	case inCond:
		if err := w.operand(ops[0]); err != nil {
			return err
		}
		w.text(" IN (")
		if err := w.operands(", ", ops[1:]...); err != nil {
			return err
		}
		w.text(")")
		return nil
	case attrExistsCond, attrNotExistsCond, attrTypeCond, beginsWithCond, containsCond:
		return w.call(conditionFunctions[cb.mode], ops)
	}
	return newUnsetParameterError("buildTree", "ConditionBuilder")
}
