package expression

import "slices"

// ProjectionBuilder is the projection expression of a GetItem, Query or
// Scan ([Builder.WithProjection]): the attributes to return, written
// "a, b.c, d[0]". Make one with [NamesList]; its zero value is unset and
// fails to build.
type ProjectionBuilder struct {
	names []NameBuilder
}

// NamesList returns a projection of the attributes named by its arguments.
func NamesList(nameBuilder NameBuilder, namesList ...NameBuilder) ProjectionBuilder {
	names := make([]NameBuilder, 0, 1+len(namesList))
	return ProjectionBuilder{names: append(append(names, nameBuilder), namesList...)}
}

// NamesList returns a projection of nb and namesList; see [NamesList].
func (nb NameBuilder) NamesList(namesList ...NameBuilder) ProjectionBuilder {
	return NamesList(nb, namesList...)
}

// AddNames returns projectionBuilder with namesList added at the end.
// projectionBuilder is not changed.
func AddNames(projectionBuilder ProjectionBuilder, namesList ...NameBuilder) ProjectionBuilder {
	return ProjectionBuilder{names: append(slices.Clip(projectionBuilder.names), namesList...)}
}

// AddNames returns pb with namesList added at the end; see [AddNames].
func (pb ProjectionBuilder) AddNames(namesList ...NameBuilder) ProjectionBuilder {
	return AddNames(pb, namesList...)
}

// write writes the projection.
func (pb ProjectionBuilder) write(w *writer) error {
	if len(pb.names) == 0 {
		return newUnsetParameterError("buildTree", "ProjectionBuilder")
	}
	for i, nb := range pb.names {
		if i > 0 {
			w.text(", ")
		}
		if err := w.operand(nb); err != nil {
			return err
		}
	}
	return nil
}
