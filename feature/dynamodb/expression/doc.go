// Package expression builds DynamoDB expressions — condition, filter,
// key condition, projection and update — with the
// ExpressionAttributeNames and ExpressionAttributeValues they use. It has
// the API of aws-sdk-go-v2's feature/dynamodb/expression: code written for
// v2 compiles with only the import path changed (except ValueWithOptions,
// see below), and the same builder calls give the same strings and maps.
//
// # Building expressions
//
// Operands are attribute names ([Name], [NameNoDotSplit]), values
// ([Value]), key names in key conditions ([Key]), the size of an attribute
// ([Size]) and, in updates, values DynamoDB computes ([Plus], [Minus],
// [ListAppend], [IfNotExists]). Builders combine them:
//
//   - [ConditionBuilder] for condition and filter expressions: [Equal],
//     [NotEqual], [LessThan], [LessThanEqual], [GreaterThan],
//     [GreaterThanEqual], [Between], [In], [AttributeExists],
//     [AttributeNotExists], [AttributeType], [BeginsWith], [Contains],
//     joined by [And], [Or] and [Not];
//   - [KeyConditionBuilder] for a Query's key condition: [KeyEqual],
//     [KeyLessThan], [KeyLessThanEqual], [KeyGreaterThan],
//     [KeyGreaterThanEqual], [KeyBetween], [KeyBeginsWith], joined by
//     [KeyAnd];
//   - [ProjectionBuilder] for the attributes to return: [NamesList];
//   - [UpdateBuilder] for UpdateItem: [Set], [Remove], [Add], [Delete].
//
// Most functions also exist as methods of their first operand, so
// Name("Price").LessThan(Value(10)) is LessThan(Name("Price"), Value(10)).
//
// A [Builder] holds one builder of each kind a request needs, and
// [Builder.Build] returns an [Expression] whose methods fill the input:
// Condition, Filter, KeyCondition, Projection and Update give the
// expression strings, Names and Values the placeholder maps.
//
// # Shared state, as in v2
//
// Operand, condition, key condition and projection builders are values:
// their methods return new builders and leave the receiver as it was.
// [UpdateBuilder] and [Builder] are not, because in v2 they keep their
// state in a map that every copy shares, and v2 code relies on it. Once an
// UpdateBuilder holds an action, Set, Remove, Add and Delete add to the
// actions it shares with all its copies (those a Builder holds included)
// and return the receiver: an action added by a call whose result is
// dropped is still made (see the example of [UpdateBuilder.Set]), and two
// updates chained from one base are the same update. Likewise, once a
// Builder holds an expression, each With method sets its expression for
// the Builder and all its copies. On the zero UpdateBuilder or Builder
// (what [NewBuilder] returns) these methods start new shared state that
// only their result holds, so a call on it whose result is dropped is
// lost, as in v2. [UpdateBuilder.Clone], which v2 lacks, copies an
// update's actions to start another from it. Neither may be changed from
// several goroutines at once; Build only reads.
//
// # Names, values and placeholders
//
// Every attribute name is written as a placeholder (#0, #1...) and every
// value as another (:0, :1...), so DynamoDB's reserved words need no care.
// Placeholders are assigned in a fixed order: the expressions are written
// condition, filter, key condition, projection, update, each from left to
// right; a name keeps the placeholder of its first use in any of them,
// and each use of a value gets its own. The same builder therefore always
// gives the same strings, and v2 gives the same ones.
//
// [Name] splits a document path at dots and reads list indexes:
// Name("Reviews.FiveStar[0]") is written "#0.#1[0]" with #0 = "Reviews"
// and #1 = "FiveStar". An attribute whose name contains dots is named with
// [NameNoDotSplit], and [NameBuilder.AppendName] goes deeper from there.
// [Key] never splits: key attributes are top-level.
//
// Values are converted to [types.AttributeValue] when Build runs. An
// AttributeValue is used as it is. Other Go values are converted by
// feature/dynamodb/attributevalue, struct tags and custom marshalers
// included, so a value in an expression is written exactly as the same
// value in an item; [ValueWithOptions] passes encoder options (such as
// TagKey "json") through.
//
// # Errors
//
// Build reports a builder that was declared rather than made by the
// package (Builder{}, ConditionBuilder{}...), an empty [Name] or [Key],
// or a nil operand with an [UnsetParameterError]. A malformed path
// ("a..b", "a[x]"), a value that cannot be converted, or key conditions
// joined in a way DynamoDB refuses (a [KeyAnd] whose leading conditions
// are not equalities) give an [InvalidParameterError] that says why.
// Both have v2's names and messages.
//
// # Differences from aws-sdk-go-v2
//
// [ProjectionBuilder.AddNames] and [AddNames] never change the names of
// another projection: in v2 they append to the slice of their argument,
// so two projections made from one base with room to spare share the
// added names' place, and the later call overwrites the earlier one's
// names. Where v2 returns an untyped error or
// panics, this package returns one of its two typed errors: a misused
// [KeyAnd] gives an InvalidParameterError that says why, and a nil operand
// an UnsetParameterError. A Value that v2 turns into a nil attribute
// value (a channel, a function, a complex number, a pointer to an
// interface) is converted when it can be (the pointer) and refused with
// an InvalidParameterError otherwise, and a slice or map of attribute
// values becomes a list or map of those values rather than of maps of
// their fields. Errors also carry a reason after v2's message where the
// package can say more, and unwrap to the failure of a value's
// conversion. internal/bench checks each of these differences, and the
// agreement everywhere else, against v2.
//
// Builders write their expressions straight into one buffer, so Build
// allocates a fraction of what v2's does; BenchmarkExpressionBuild in
// internal/bench measures both in one run.
package expression
