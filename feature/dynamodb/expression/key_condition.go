package expression

// keyConditionMode says which key condition a KeyConditionBuilder stands
// for. The zero value is unset, so KeyConditionBuilder{} fails to build.
type keyConditionMode uint8

const (
	unsetKeyCond keyConditionMode = iota
	invalidKeyCond
	equalKeyCond
	lessThanKeyCond
	lessThanEqualKeyCond
	greaterThanKeyCond
	greaterThanEqualKeyCond
	andKeyCond
	betweenKeyCond
	beginsWithKeyCond
)

// keyComparators are the operators of the comparison modes.
var keyComparators = map[keyConditionMode]string{
	equalKeyCond:            " = ",
	lessThanKeyCond:         " < ",
	lessThanEqualKeyCond:    " <= ",
	greaterThanKeyCond:      " > ",
	greaterThanEqualKeyCond: " >= ",
}

// KeyConditionBuilder is the key condition expression of a Query
// ([Builder.WithKeyCondition]): an equality on the partition key, and
// optionally, joined by [KeyAnd], a condition on the sort key. For an index
// whose key has several attributes, every attribute but the last takes an
// equality. Its zero value is unset and fails to build.
type KeyConditionBuilder struct {
	operandList      []OperandBuilder
	keyConditionList []KeyConditionBuilder
	mode             keyConditionMode
	reason           string // why KeyAnd refused its arguments (invalidKeyCond)
}

// IsSet reports whether kcb was made by one of the package's functions;
// it is false for the zero KeyConditionBuilder.
func (kcb KeyConditionBuilder) IsSet() bool {
	return kcb.mode != unsetKeyCond
}

func keyCompare(mode keyConditionMode, key KeyBuilder, value ValueBuilder) KeyConditionBuilder {
	return KeyConditionBuilder{operandList: []OperandBuilder{key, value}, mode: mode}
}

// KeyEqual returns the key condition key = value.
func KeyEqual(keyBuilder KeyBuilder, valueBuilder ValueBuilder) KeyConditionBuilder {
	return keyCompare(equalKeyCond, keyBuilder, valueBuilder)
}

// KeyLessThan returns the key condition key < value.
func KeyLessThan(keyBuilder KeyBuilder, valueBuilder ValueBuilder) KeyConditionBuilder {
	return keyCompare(lessThanKeyCond, keyBuilder, valueBuilder)
}

// KeyLessThanEqual returns the key condition key <= value.
func KeyLessThanEqual(keyBuilder KeyBuilder, valueBuilder ValueBuilder) KeyConditionBuilder {
	return keyCompare(lessThanEqualKeyCond, keyBuilder, valueBuilder)
}

// KeyGreaterThan returns the key condition key > value.
func KeyGreaterThan(keyBuilder KeyBuilder, valueBuilder ValueBuilder) KeyConditionBuilder {
	return keyCompare(greaterThanKeyCond, keyBuilder, valueBuilder)
}

// KeyGreaterThanEqual returns the key condition key >= value.
func KeyGreaterThanEqual(keyBuilder KeyBuilder, valueBuilder ValueBuilder) KeyConditionBuilder {
	return keyCompare(greaterThanEqualKeyCond, keyBuilder, valueBuilder)
}

// KeyBetween returns the key condition lower <= key <= upper, written
// "key BETWEEN lower AND upper".
func KeyBetween(keyBuilder KeyBuilder, lower, upper ValueBuilder) KeyConditionBuilder {
	return KeyConditionBuilder{operandList: []OperandBuilder{keyBuilder, lower, upper}, mode: betweenKeyCond}
}

// KeyBeginsWith returns the key condition that the sort key starts with
// prefix, written "begins_with (key, :prefix)".
func KeyBeginsWith(keyBuilder KeyBuilder, prefix string) KeyConditionBuilder {
	return KeyConditionBuilder{operandList: []OperandBuilder{keyBuilder, Value(prefix)}, mode: beginsWithKeyCond}
}

// KeyAnd returns the conjunction of two or more key conditions, written
// "(c1) AND (c2)...". Every condition but the last must be a [KeyEqual]
// (the partition key, then the leading attributes of a multi-attribute
// key), and the last must not itself be a KeyAnd. A KeyAnd as the first
// argument is flattened, so chained And calls build one conjunction.
//
// Arguments that break these rules give a builder that fails to build
// with an [InvalidParameterError] saying why. (v2 returns an untyped
// error there, "buildKeyCondition error: invalid key condition
// constructed".)
func KeyAnd(keyConditions ...KeyConditionBuilder) KeyConditionBuilder {
	invalid := func(reason string) KeyConditionBuilder {
		return KeyConditionBuilder{mode: invalidKeyCond, reason: reason}
	}
	if len(keyConditions) < 2 {
		return invalid("KeyAnd needs at least two key conditions")
	}
	conds := make([]KeyConditionBuilder, 0, len(keyConditions))
	if first := keyConditions[0]; first.mode == andKeyCond {
		conds = append(conds, first.keyConditionList...)
	} else {
		conds = append(conds, first)
	}
	conds = append(conds, keyConditions[1:]...)
	for _, c := range conds {
		if c.mode == invalidKeyCond {
			return c
		}
	}
	for _, c := range conds[:len(conds)-1] {
		if c.mode != equalKeyCond {
			return invalid("every key condition but the last must be an equality (KeyEqual)")
		}
	}
	if conds[len(conds)-1].mode == andKeyCond {
		return invalid("the last key condition must not be a KeyAnd")
	}
	return KeyConditionBuilder{keyConditionList: conds, mode: andKeyCond}
}

// And returns the conjunction of kcb and right; see [KeyAnd].
func (kcb KeyConditionBuilder) And(right KeyConditionBuilder) KeyConditionBuilder {
	return KeyAnd(kcb, right)
}

// Equal returns the key condition kb = valueBuilder; see [KeyEqual].
func (kb KeyBuilder) Equal(valueBuilder ValueBuilder) KeyConditionBuilder {
	return KeyEqual(kb, valueBuilder)
}

// LessThan returns the key condition kb < valueBuilder; see [KeyLessThan].
func (kb KeyBuilder) LessThan(valueBuilder ValueBuilder) KeyConditionBuilder {
	return KeyLessThan(kb, valueBuilder)
}

// LessThanEqual returns the key condition kb <= valueBuilder; see
// [KeyLessThanEqual].
func (kb KeyBuilder) LessThanEqual(valueBuilder ValueBuilder) KeyConditionBuilder {
	return KeyLessThanEqual(kb, valueBuilder)
}

// GreaterThan returns the key condition kb > valueBuilder; see
// [KeyGreaterThan].
func (kb KeyBuilder) GreaterThan(valueBuilder ValueBuilder) KeyConditionBuilder {
	return KeyGreaterThan(kb, valueBuilder)
}

// GreaterThanEqual returns the key condition kb >= valueBuilder; see
// [KeyGreaterThanEqual].
func (kb KeyBuilder) GreaterThanEqual(valueBuilder ValueBuilder) KeyConditionBuilder {
	return KeyGreaterThanEqual(kb, valueBuilder)
}

// Between returns the key condition kb BETWEEN lower AND upper; see
// [KeyBetween].
func (kb KeyBuilder) Between(lower, upper ValueBuilder) KeyConditionBuilder {
	return KeyBetween(kb, lower, upper)
}

// BeginsWith returns the key condition that kb starts with prefix; see
// [KeyBeginsWith].
func (kb KeyBuilder) BeginsWith(prefix string) KeyConditionBuilder {
	return KeyBeginsWith(kb, prefix)
}

// write writes the key condition.
func (kcb KeyConditionBuilder) write(w *writer) error {
	ops := kcb.operandList
	switch kcb.mode {
	case equalKeyCond, lessThanKeyCond, lessThanEqualKeyCond, greaterThanKeyCond, greaterThanEqualKeyCond:
		return w.operands(keyComparators[kcb.mode], ops...)
	case andKeyCond:
		return writeJoined(w, ") AND (", kcb.keyConditionList)
	case betweenKeyCond:
		return w.between(ops)
	case beginsWithKeyCond:
		return w.call("begins_with", ops)
	case invalidKeyCond:
		e := newInvalidParameterError("KeyAnd", "KeyConditionBuilder")
		e.reason = kcb.reason
		return e
	}
	return newUnsetParameterError("buildTree", "KeyConditionBuilder")
}
