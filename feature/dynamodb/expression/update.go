package expression

import "slices"

// operationMode is an update action. Its order is the order in which v2
// writes the clauses (alphabetical): ADD, DELETE, REMOVE, SET.
type operationMode uint8

const (
	addOperation operationMode = iota
	deleteOperation
	removeOperation
	setOperation
	numOperations
)

var operationKeywords = [numOperations]string{"ADD", "DELETE", "REMOVE", "SET"}

// updateAction is one action of an UpdateBuilder: its kind, the
// attribute it acts on and, except for REMOVE, its operand.
type updateAction struct {
	mode  operationMode
	name  NameBuilder
	value OperandBuilder
}

// updateActions is the list of actions that the copies of one
// UpdateBuilder share, in the order they were added.
type updateActions struct {
	list []updateAction
}

// UpdateBuilder is the update expression of an UpdateItem
// ([Builder.WithUpdate]). Start one with [Set], [Remove], [Add] or
// [Delete] and chain the methods of the same names to add actions. It is
// written as one clause per kind of action, in the order ADD, DELETE,
// REMOVE, SET, each ending with a newline: "SET #0 = :0, #1 = :1\n". Its
// zero value is unset and fails to build.
//
// As in aws-sdk-go-v2, an UpdateBuilder that holds an action refers to a
// list of actions that all its copies share: Set, Remove, Add and Delete
// add to that list and return the receiver, so an action added without
// keeping the result is still part of the update, and so is every action
// added through another copy, including one a [Builder] holds. On the zero
// UpdateBuilder they start a new list, which only the result holds. Use
// [UpdateBuilder.Clone] to start an update from another without changing
// it. Adding actions to one list from several goroutines at once is a
// data race.
type UpdateBuilder struct {
	actions *updateActions // nil until the first action
}

// add adds the action of mode to ub's list, starting one when ub has
// none, and returns ub.
func (ub UpdateBuilder) add(mode operationMode, name NameBuilder, value OperandBuilder) UpdateBuilder {
	if ub.actions == nil {
		ub.actions = &updateActions{}
	}
	ub.actions.list = append(ub.actions.list, updateAction{mode: mode, name: name, value: value})
	return ub
}

// Clone returns an UpdateBuilder with the actions of ub and a list of its
// own, so that actions added to either are not seen by the other. The
// clone of the zero UpdateBuilder is zero. v2 has no Clone.
func (ub UpdateBuilder) Clone() UpdateBuilder {
	if ub.actions == nil {
		return UpdateBuilder{}
	}
	return UpdateBuilder{actions: &updateActions{list: slices.Clone(ub.actions.list)}}
}

// Set returns an update that sets the attribute name to operandBuilder: a
// value, another attribute, or a [SetValueBuilder] such as [Plus],
// [ListAppend] or [IfNotExists]. It is written "SET path = operand".
func Set(name NameBuilder, operandBuilder OperandBuilder) UpdateBuilder {
	return UpdateBuilder{}.Set(name, operandBuilder)
}

// Set adds the action SET name = operandBuilder to the actions ub shares
// with its copies and returns ub; see [Set] and [UpdateBuilder].
func (ub UpdateBuilder) Set(name NameBuilder, operandBuilder OperandBuilder) UpdateBuilder {
	return ub.add(setOperation, name, operandBuilder)
}

// Remove returns an update that removes the attribute name from the item,
// or the element of a list ("list[1]"). It is written "REMOVE path".
func Remove(name NameBuilder) UpdateBuilder {
	return UpdateBuilder{}.Remove(name)
}

// Remove adds the action REMOVE name to the actions ub shares with its
// copies and returns ub; see [Remove] and [UpdateBuilder].
func (ub UpdateBuilder) Remove(name NameBuilder) UpdateBuilder {
	return ub.add(removeOperation, name, nil)
}

// Add returns an update that adds value to the number attribute name, or
// its elements to the set attribute name, creating the attribute when it
// is missing. It is written "ADD path :value".
func Add(name NameBuilder, value ValueBuilder) UpdateBuilder {
	return UpdateBuilder{}.Add(name, value)
}

// Add adds the action ADD name value to the actions ub shares with its
// copies and returns ub; see [Add] and [UpdateBuilder].
func (ub UpdateBuilder) Add(name NameBuilder, value ValueBuilder) UpdateBuilder {
	return ub.add(addOperation, name, value)
}

// Delete returns an update that deletes the elements of the set value from
// the set attribute name. It is written "DELETE path :value".
func Delete(name NameBuilder, value ValueBuilder) UpdateBuilder {
	return UpdateBuilder{}.Delete(name, value)
}

// Delete adds the action DELETE name value to the actions ub shares with
// its copies and returns ub; see [Delete] and [UpdateBuilder].
func (ub UpdateBuilder) Delete(name NameBuilder, value ValueBuilder) UpdateBuilder {
	return ub.add(deleteOperation, name, value)
}

// write writes the update's clauses: for each kind of action in the
// order ADD, DELETE, REMOVE, SET, its actions in the order they were
// added.
func (ub UpdateBuilder) write(w *writer) error {
	if ub.actions == nil {
		return newUnsetParameterError("buildTree", "UpdateBuilder")
	}
	for mode := range numOperations {
		first := true
		for _, a := range ub.actions.list {
			if a.mode != mode {
				continue
			}
			if first {
				w.text(operationKeywords[mode])
				w.text(" ")
				first = false
			} else {
				w.text(", ")
			}
			if err := a.write(w); err != nil {
				return err
			}
		}
		if !first {
			w.text("\n")
		}
	}
	return nil
}

// write writes one action: "path = operand" for SET, "path :value" for
// ADD and DELETE, "path" for REMOVE.
func (a updateAction) write(w *writer) error {
	if err := a.name.write(w); err != nil {
		return err
	}
	switch a.mode {
	case removeOperation:
		return nil
	case setOperation:
		w.text(" = ")
	default:
		w.text(" ")
	}
	return w.operand(a.value)
}
