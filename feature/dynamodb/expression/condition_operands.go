package expression

// The methods below let a condition read from left to right:
// Name("a").Equal(Value(1)) is Equal(Name("a"), Value(1)).

// Conditions on NameBuilder.

// Equal returns the condition nb = right; see [Equal].
func (nb NameBuilder) Equal(right OperandBuilder) ConditionBuilder { return Equal(nb, right) }

// NotEqual returns the condition nb <> right; see [NotEqual].
func (nb NameBuilder) NotEqual(right OperandBuilder) ConditionBuilder { return NotEqual(nb, right) }

// LessThan returns the condition nb < right; see [LessThan].
func (nb NameBuilder) LessThan(right OperandBuilder) ConditionBuilder { return LessThan(nb, right) }

// LessThanEqual returns the condition nb <= right; see [LessThanEqual].
func (nb NameBuilder) LessThanEqual(right OperandBuilder) ConditionBuilder {
	return LessThanEqual(nb, right)
}

// GreaterThan returns the condition nb > right; see [GreaterThan].
func (nb NameBuilder) GreaterThan(right OperandBuilder) ConditionBuilder {
	return GreaterThan(nb, right)
}

// GreaterThanEqual returns the condition nb >= right; see [GreaterThanEqual].
func (nb NameBuilder) GreaterThanEqual(right OperandBuilder) ConditionBuilder {
	return GreaterThanEqual(nb, right)
}

// Between returns the condition nb BETWEEN lower AND upper; see [Between].
func (nb NameBuilder) Between(lower, upper OperandBuilder) ConditionBuilder {
	return Between(nb, lower, upper)
}

// In returns the condition nb IN (right, other...); see [In].
func (nb NameBuilder) In(right OperandBuilder, other ...OperandBuilder) ConditionBuilder {
	return In(nb, right, other...)
}

// Conditions on ValueBuilder.

// Equal returns the condition vb = right; see [Equal].
func (vb ValueBuilder) Equal(right OperandBuilder) ConditionBuilder { return Equal(vb, right) }

// NotEqual returns the condition vb <> right; see [NotEqual].
func (vb ValueBuilder) NotEqual(right OperandBuilder) ConditionBuilder { return NotEqual(vb, right) }

// LessThan returns the condition vb < right; see [LessThan].
func (vb ValueBuilder) LessThan(right OperandBuilder) ConditionBuilder { return LessThan(vb, right) }

// LessThanEqual returns the condition vb <= right; see [LessThanEqual].
func (vb ValueBuilder) LessThanEqual(right OperandBuilder) ConditionBuilder {
	return LessThanEqual(vb, right)
}

// GreaterThan returns the condition vb > right; see [GreaterThan].
func (vb ValueBuilder) GreaterThan(right OperandBuilder) ConditionBuilder {
	return GreaterThan(vb, right)
}

// GreaterThanEqual returns the condition vb >= right; see [GreaterThanEqual].
func (vb ValueBuilder) GreaterThanEqual(right OperandBuilder) ConditionBuilder {
	return GreaterThanEqual(vb, right)
}

// Between returns the condition vb BETWEEN lower AND upper; see [Between].
func (vb ValueBuilder) Between(lower, upper OperandBuilder) ConditionBuilder {
	return Between(vb, lower, upper)
}

// In returns the condition vb IN (right, other...); see [In].
func (vb ValueBuilder) In(right OperandBuilder, other ...OperandBuilder) ConditionBuilder {
	return In(vb, right, other...)
}

// Conditions on SizeBuilder.

// Equal returns the condition sb = right; see [Equal].
func (sb SizeBuilder) Equal(right OperandBuilder) ConditionBuilder { return Equal(sb, right) }

// NotEqual returns the condition sb <> right; see [NotEqual].
func (sb SizeBuilder) NotEqual(right OperandBuilder) ConditionBuilder { return NotEqual(sb, right) }

// LessThan returns the condition sb < right; see [LessThan].
func (sb SizeBuilder) LessThan(right OperandBuilder) ConditionBuilder { return LessThan(sb, right) }

// LessThanEqual returns the condition sb <= right; see [LessThanEqual].
func (sb SizeBuilder) LessThanEqual(right OperandBuilder) ConditionBuilder {
	return LessThanEqual(sb, right)
}

// GreaterThan returns the condition sb > right; see [GreaterThan].
func (sb SizeBuilder) GreaterThan(right OperandBuilder) ConditionBuilder {
	return GreaterThan(sb, right)
}

// GreaterThanEqual returns the condition sb >= right; see [GreaterThanEqual].
func (sb SizeBuilder) GreaterThanEqual(right OperandBuilder) ConditionBuilder {
	return GreaterThanEqual(sb, right)
}

// Between returns the condition sb BETWEEN lower AND upper; see [Between].
func (sb SizeBuilder) Between(lower, upper OperandBuilder) ConditionBuilder {
	return Between(sb, lower, upper)
}

// In returns the condition sb IN (right, other...); see [In].
func (sb SizeBuilder) In(right OperandBuilder, other ...OperandBuilder) ConditionBuilder {
	return In(sb, right, other...)
}

// AttributeExists returns the condition that the item has the attribute
// nb names; see [AttributeExists].
func (nb NameBuilder) AttributeExists() ConditionBuilder { return AttributeExists(nb) }

// AttributeNotExists returns the condition that the item does not have the
// attribute nb names; see [AttributeNotExists].
func (nb NameBuilder) AttributeNotExists() ConditionBuilder { return AttributeNotExists(nb) }

// AttributeType returns the condition that the attribute nb names has the
// given type; see [AttributeType].
func (nb NameBuilder) AttributeType(attributeType DynamoDBAttributeType) ConditionBuilder {
	return AttributeType(nb, attributeType)
}

// BeginsWith returns the condition that the attribute nb names starts
// with prefix; see [BeginsWith].
func (nb NameBuilder) BeginsWith(prefix string) ConditionBuilder { return BeginsWith(nb, prefix) }

// Contains returns the condition that the attribute nb names contains
// val; see [Contains].
func (nb NameBuilder) Contains(val any) ConditionBuilder { return Contains(nb, val) }
