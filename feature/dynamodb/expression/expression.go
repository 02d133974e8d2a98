package expression

import "github.com/nimbus-sdk/nimbus/services/dynamodb/types"

// expressionType is a kind of expression a Builder holds. Build renders
// the kinds in this order, which is v2's (alphabetical by its names
// "condition", "filter", "keyCondition", "projection", "update"), so that
// placeholders are numbered as v2 numbers them.
type expressionType uint8

const (
	condition expressionType = iota
	filter
	keyCondition
	projection
	update
	numExpressionTypes
)

// treeBuilder is a builder of one expression kind: ConditionBuilder,
// KeyConditionBuilder, ProjectionBuilder or UpdateBuilder.
type treeBuilder interface {
	write(w *writer) error
}

// Builder collects the expressions of one DynamoDB request. Add them with
// WithCondition, WithFilter, WithKeyCondition, WithProjection and
// WithUpdate, then call Build to get the expression strings and the
// ExpressionAttributeNames and ExpressionAttributeValues they share.
//
// As in aws-sdk-go-v2, a Builder that holds an expression refers to a set
// of expressions that all its copies share: each With method sets its
// expression in that set, replacing the one of the same kind, and returns
// the receiver, so an expression added without keeping the result is
// still built, and so is one added through another copy. On the zero
// Builder (which [NewBuilder] returns) a With method starts a new set,
// which only the result holds. Setting expressions of one set from several
// goroutines at once is a data race. The zero Builder fails to Build.
type Builder struct {
	trees *[numExpressionTypes]treeBuilder // nil until the first With call
}

// NewBuilder returns an empty Builder: the zero Builder.
func NewBuilder() Builder {
	return Builder{}
}

// with sets the expression of kind to tree in b's set, starting one when b
// has none, and returns b.
func (b Builder) with(kind expressionType, tree treeBuilder) Builder {
	if b.trees == nil {
		b.trees = new([numExpressionTypes]treeBuilder)
	}
	b.trees[kind] = tree
	return b
}

// WithCondition sets conditionBuilder as the condition expression
// (PutItem, UpdateItem, DeleteItem and transactions) of b and its copies,
// replacing any condition they had, and returns b; see [Builder].
func (b Builder) WithCondition(conditionBuilder ConditionBuilder) Builder {
	return b.with(condition, conditionBuilder)
}

// WithFilter sets filterBuilder as the filter expression (Query and Scan)
// of b and its copies, replacing any filter they had, and returns b; see
// [Builder].
func (b Builder) WithFilter(filterBuilder ConditionBuilder) Builder {
	return b.with(filter, filterBuilder)
}

// WithKeyCondition sets keyConditionBuilder as the key condition
// expression (Query) of b and its copies, replacing any key condition they
// had, and returns b; see [Builder].
func (b Builder) WithKeyCondition(keyConditionBuilder KeyConditionBuilder) Builder {
	return b.with(keyCondition, keyConditionBuilder)
}

// WithProjection sets projectionBuilder as the projection expression
// (GetItem, Query, Scan...) of b and its copies, replacing any projection
// they had, and returns b; see [Builder].
func (b Builder) WithProjection(projectionBuilder ProjectionBuilder) Builder {
	return b.with(projection, projectionBuilder)
}

// WithUpdate sets updateBuilder as the update expression (UpdateItem) of
// b and its copies, replacing any update they had, and returns b; see
// [Builder]. b keeps updateBuilder's actions, not a copy of them, so
// actions added to updateBuilder before Build are built.
func (b Builder) WithUpdate(updateBuilder UpdateBuilder) Builder {
	return b.with(update, updateBuilder)
}

// Build writes b's expressions. Every attribute name becomes a name
// placeholder (#0, #1... numbered in order of first use and shared by all
// the expressions, so a name used twice has one placeholder) and every
// value a value placeholder (:0, :1... one per use). The expressions are
// written in the order condition, filter, key condition, projection,
// update, so the same Builder always gives the same strings, and the same
// strings as aws-sdk-go-v2.
//
// Build fails with an [UnsetParameterError] when b holds no expression or
// any builder or operand in it is unset, and with an
// [InvalidParameterError] when a name or value is malformed.
func (b Builder) Build() (Expression, error) {
	if b.trees == nil {
		return Expression{}, newUnsetParameterError("Build", "Builder")
	}
	var (
		e     Expression
		w     = newRenderer()
		empty = true
	)
	for kind, tree := range b.trees {
		if tree == nil {
			continue
		}
		empty = false
		w.buf = w.buf[:0]
		if err := tree.write(w); err != nil {
			return Expression{}, err
		}
		s := string(w.buf)
		e.expressions[kind] = &s
	}
	if empty {
		return Expression{}, newUnsetParameterError("Build", "Builder")
	}
	e.namesMap = w.namesMap()
	e.valuesMap = w.valuesMap()
	return e, nil
}

// Expression is the result of [Builder.Build]: expression strings and
// the placeholders they use, as the fields of a DynamoDB input take them.
// Always set ExpressionAttributeNames and ExpressionAttributeValues from
// Names and Values, since every name and value in the expressions is a
// placeholder.
type Expression struct {
	expressions [numExpressionTypes]*string
	namesMap    map[string]string
	valuesMap   map[string]types.AttributeValue
}

// get returns a new pointer to the expression of kind, or nil, so that a
// caller changing the string does not change e.
func (e Expression) get(kind expressionType) *string {
	if s := e.expressions[kind]; s != nil {
		c := *s
		return &c
	}
	return nil
}

// Condition returns the condition expression, for ConditionExpression, or
// nil when the Builder had none.
func (e Expression) Condition() *string { return e.get(condition) }

// Filter returns the filter expression, for FilterExpression, or nil when
// the Builder had none.
func (e Expression) Filter() *string { return e.get(filter) }

// KeyCondition returns the key condition expression, for
// KeyConditionExpression, or nil when the Builder had none.
func (e Expression) KeyCondition() *string { return e.get(keyCondition) }

// Projection returns the projection expression, for ProjectionExpression,
// or nil when the Builder had none.
func (e Expression) Projection() *string { return e.get(projection) }

// Update returns the update expression, for UpdateExpression, or nil when
// the Builder had none.
func (e Expression) Update() *string { return e.get(update) }

// Names returns the name placeholders, for ExpressionAttributeNames, or
// nil when the expressions use no name. The map is e's own; it is
// returned without a copy, as in v2.
func (e Expression) Names() map[string]string { return e.namesMap }

// Values returns the value placeholders, for ExpressionAttributeValues,
// or nil when the expressions use no value. The map is e's own; it is
// returned without a copy, as in v2.
func (e Expression) Values() map[string]types.AttributeValue { return e.valuesMap }
