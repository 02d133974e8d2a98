package expression_test

import (
	"errors"
	"reflect"
	"testing"

	"github.com/nimbus-sdk/nimbus/feature/dynamodb/expression"
)

// projectionOf builds nb alone, as a projection.
func projectionOf(nb expression.NameBuilder) (string, map[string]string, error) {
	e, err := expression.NewBuilder().WithProjection(expression.NamesList(nb)).Build()
	if err != nil {
		return "", nil, err
	}
	return *e.Projection(), e.Names(), nil
}

func TestNamePaths(t *testing.T) {
	x := expression.Name
	tests := []struct {
		name      string
		nb        expression.NameBuilder
		want      string
		wantNames map[string]string
	}{
		{"top level", x("a"), "#0", names("a")},
		{"map path", x("a.b.c"), "#0.#1.#2", names("a", "b", "c")},
		{"list index", x("a[0]"), "#0[0]", names("a")},
		{"mixed", x("a.b[2].c"), "#0.#1[2].#2", names("a", "b", "c")},
		{"nested lists", x("matrix[1][22]"), "#0[1][22]", names("matrix")},
		{"repeated name", x("a.a[1].a"), "#0.#0[1].#0", names("a")},
		{"indexes inside a name are part of it", x("a[1]b"), "#0", names("a[1]b")},
		{"leading zeros", x("a[007]"), "#0[007]", names("a")},
		{"no dot split", expression.NameNoDotSplit("Safety.Warning"), "#0", names("Safety.Warning")},
		{"no dot split with index", expression.NameNoDotSplit("Safety.Warnings[1]"), "#0[1]", names("Safety.Warnings")},
		{"append", x("a").AppendName(x("b.c")), "#0.#1.#2", names("a", "b", "c")},
		{"append literal", x("a").AppendName(expression.NameNoDotSplit("b.c")), "#0.#1", names("a", "b.c")},
		{"append index", x("a").AppendName(x("[1]")), "#0[1]", names("a")},
		{"append indexes and field", x("a.b").AppendName(x("[1][2].c")), "#0.#1[1][2].#2", names("a", "b", "c")},
		{"append index with a tail", x("a").AppendName(expression.NameNoDotSplit("[1]b")), "#0[1].#1", names("a", "b")},
		{"append to literal", expression.NameNoDotSplit("x.y").AppendName(x("[0]")), "#0[0]", names("x.y")},
		{"append to empty", expression.NameBuilder{}.AppendName(x("a")), "#0", names("a")},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, gotNames, err := projectionOf(tt.nb)
			if err != nil {
				t.Fatalf("error: %v", err)
			}
			if got != tt.want || !reflect.DeepEqual(gotNames, tt.wantNames) {
				t.Errorf("got %q %v; want %q %v", got, gotNames, tt.want, tt.wantNames)
			}
		})
	}
}

func TestAppendNameLeavesReceiverAlone(t *testing.T) {
	base := expression.Name("a.b")
	_ = base.AppendName(expression.Name("[3].c"))
	if got, _, err := projectionOf(base); err != nil || got != "#0.#1" {
		t.Errorf("after AppendName, base = %q, %v; want %q", got, err, "#0.#1")
	}
}

func TestNamePathErrors(t *testing.T) {
	x := expression.Name
	for _, nb := range []expression.NameBuilder{
		x("a..b"), x(".a"), x("a."), x("[1]"), x("a.[1]"),
		x("a[]"), x("a[x]"), x("a[-1]"), x("a[1]]"), x("a[[1]]"), x("a[1"), x("a]"), x("a]b"), x("a[1]["),
		expression.NameNoDotSplit(""), expression.NameNoDotSplit("a[x]"),
		x("a").AppendName(x("[x]")),
		x("a").AppendName(x(".b")),
	} {
		got, _, err := projectionOf(nb)
		var invalid expression.InvalidParameterError
		if !errors.As(err, &invalid) {
			t.Errorf("%#v built %q, %v; want InvalidParameterError", nb, got, err)
		}
	}
}
