package expression

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

// updateOperation is one action of an UpdateBuilder: the attribute it acts
// on and, except for REMOVE, its operand.
type updateOperation struct {
	name  NameBuilder
	value OperandBuilder
}

// updateNode is one action of an UpdateBuilder and the actions added
// before it. Nodes are never changed once made, so builders chained from
// one base share the base's nodes and never see each other's actions.
type updateNode struct {
	prev *updateNode
	mode operationMode
	op   updateOperation
}

// UpdateBuilder is the update expression of an UpdateItem
// ([Builder.WithUpdate]). Start one with [Set], [Remove], [Add] or
// [Delete] and chain the methods of the same names to add actions. It is
// written as one clause per kind of action, in the order ADD, DELETE,
// REMOVE, SET, each ending with a newline: "SET #0 = :0, #1 = :1\n". Its
// zero value is unset and fails to build.
//
// An UpdateBuilder is a value: each method returns a new one and leaves its
// receiver as it was, so one base builder can start several updates.
type UpdateBuilder struct {
	last *updateNode // the latest action, or nil
}

// with returns ub with the action op of mode added.
func (ub UpdateBuilder) with(mode operationMode, op updateOperation) UpdateBuilder {
	return UpdateBuilder{last: &updateNode{prev: ub.last, mode: mode, op: op}}
}

// Set returns an update that sets the attribute name to operandBuilder: a
// value, another attribute, or a [SetValueBuilder] such as [Plus],
// [ListAppend] or [IfNotExists]. It is written "SET path = operand".
func Set(name NameBuilder, operandBuilder OperandBuilder) UpdateBuilder {
	return UpdateBuilder{}.Set(name, operandBuilder)
}

// Set returns ub with the action SET name = operandBuilder added; see [Set].
func (ub UpdateBuilder) Set(name NameBuilder, operandBuilder OperandBuilder) UpdateBuilder {
	return ub.with(setOperation, updateOperation{name: name, value: operandBuilder})
}

// Remove returns an update that removes the attribute name from the item,
// or the element of a list ("list[1]"). It is written "REMOVE path".
func Remove(name NameBuilder) UpdateBuilder {
	return UpdateBuilder{}.Remove(name)
}

// Remove returns ub with the action REMOVE name added; see [Remove].
func (ub UpdateBuilder) Remove(name NameBuilder) UpdateBuilder {
	return ub.with(removeOperation, updateOperation{name: name})
}

// Add returns an update that adds value to the number attribute name, or
// its elements to the set attribute name, creating the attribute when it
// is missing. It is written "ADD path :value".
func Add(name NameBuilder, value ValueBuilder) UpdateBuilder {
	return UpdateBuilder{}.Add(name, value)
}

// Add returns ub with the action ADD name value added; see [Add].
func (ub UpdateBuilder) Add(name NameBuilder, value ValueBuilder) UpdateBuilder {
	return ub.with(addOperation, updateOperation{name: name, value: value})
}

// Delete returns an update that deletes the elements of the set value from
// the set attribute name. It is written "DELETE path :value".
func Delete(name NameBuilder, value ValueBuilder) UpdateBuilder {
	return UpdateBuilder{}.Delete(name, value)
}

// Delete returns ub with the action DELETE name value added; see [Delete].
func (ub UpdateBuilder) Delete(name NameBuilder, value ValueBuilder) UpdateBuilder {
	return ub.with(deleteOperation, updateOperation{name: name, value: value})
}

// write writes the update's clauses: for each kind of action in the
// order ADD, DELETE, REMOVE, SET, its actions in the order they were
// added.
func (ub UpdateBuilder) write(w *writer) error {
	if ub.last == nil {
		return newUnsetParameterError("buildTree", "UpdateBuilder")
	}
	var stack [16]*updateNode
	nodes := stack[:0]
	for n := ub.last; n != nil; n = n.prev {
		nodes = append(nodes, n)
	}
	for mode := range numOperations {
		first := true
		for i := len(nodes) - 1; i >= 0; i-- {
			n := nodes[i]
			if n.mode != mode {
				continue
			}
			if first {
				w.text(operationKeywords[mode])
				w.text(" ")
				first = false
			} else {
				w.text(", ")
			}
			if err := n.op.write(w, mode); err != nil {
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
func (op updateOperation) write(w *writer, mode operationMode) error {
	if err := op.name.write(w); err != nil {
		return err
	}
	switch mode {
	case removeOperation:
		return nil
	case setOperation:
		w.text(" = ")
	default:
		w.text(" ")
	}
	return w.operand(op.value)
}
