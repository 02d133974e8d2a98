package expression_test

import (
	"errors"
	"reflect"
	"testing"

	"github.com/nimbus-sdk/nimbus/feature/dynamodb/expression"
	"github.com/nimbus-sdk/nimbus/services/dynamodb/types"
)

// buildShared builds b, failing the test on an error.
func buildShared(t *testing.T, b expression.Builder) built {
	t.Helper()
	e, err := b.Build()
	if err != nil {
		t.Fatalf("Build: %v", err)
	}
	return toBuilt(e)
}

// updateOf builds u alone and returns its update expression and names.
func updateOf(t *testing.T, u expression.UpdateBuilder) (string, map[string]string) {
	t.Helper()
	got := buildShared(t, expression.NewBuilder().WithUpdate(u))
	return got.Update, got.Names
}

// UpdateBuilder methods add to the actions every copy of a non-zero
// builder shares, as v2's map does: ported code that drops the result of
// a call keeps the action.
func TestUpdateBuilderSharesActions(t *testing.T) {
	x, v := expression.Name, expression.Value
	tests := []struct {
		name      string
		update    func() expression.UpdateBuilder
		want      string
		wantNames []string
	}{
		{
			// awsdocs gov2 dynamodb UpdateMovie.
			name: "second Set discarded",
			update: func() expression.UpdateBuilder {
				update := expression.Set(x("info.rating"), v(8.5))
				update.Set(x("info.plot"), v("A bear"))
				return update
			},
			want:      "SET #0.#1 = :0, #0.#2 = :1\n",
			wantNames: []string{"info", "rating", "plot"},
		},
		{
			name: "every action discarded",
			update: func() expression.UpdateBuilder {
				update := expression.Set(x("a"), v(1))
				update.Remove(x("r"))
				update.Add(x("n"), v(2))
				update.Delete(x("s"), v(&types.AttributeValueMemberSS{Value: []string{"x"}}))
				update.Set(x("b"), v(3))
				return update
			},
			want:      "ADD #0 :0\nDELETE #1 :1\nREMOVE #2\nSET #3 = :2, #4 = :3\n",
			wantNames: []string{"n", "s", "r", "a", "b"},
		},
		{
			name: "added through a copy",
			update: func() expression.UpdateBuilder {
				update := expression.Remove(x("a"))
				other := update
				other.Remove(x("b"))
				return update
			},
			want:      "REMOVE #0, #1\n",
			wantNames: []string{"a", "b"},
		},
		{
			name: "chained",
			update: func() expression.UpdateBuilder {
				return expression.Set(x("a"), v(1)).Remove(x("b")).Set(x("c"), x("a").Plus(v(2)))
			},
			want:      "REMOVE #0\nSET #1 = :0, #2 = #1 + :1\n",
			wantNames: []string{"b", "a", "c"},
		},
		{
			// Both derived updates add to the base's actions.
			name: "two updates from one base",
			update: func() expression.UpdateBuilder {
				base := expression.Set(x("a"), v(1))
				u1 := base.Set(x("b"), v(2))
				u2 := base.Set(x("c"), v(3))
				if u1 != u2 || u1 != base {
					t.Error("updates from one base differ; want one shared list")
				}
				return u1
			},
			want:      "SET #0 = :0, #1 = :1, #2 = :2\n",
			wantNames: []string{"a", "b", "c"},
		},
		{
			name: "Clone",
			update: func() expression.UpdateBuilder {
				base := expression.Set(x("a"), v(1))
				clone := base.Clone()
				clone.Set(x("b"), v(2))
				base.Set(x("c"), v(3))
				return clone
			},
			want:      "SET #0 = :0, #1 = :1\n",
			wantNames: []string{"a", "b"},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, gotNames := updateOf(t, tt.update())
			if got != tt.want {
				t.Errorf("Update() = %q; want %q", got, tt.want)
			}
			if want := names(tt.wantNames...); !reflect.DeepEqual(gotNames, want) {
				t.Errorf("Names() = %v; want %v", gotNames, want)
			}
		})
	}
}

// On the zero UpdateBuilder or Builder a method starts a new list that
// only its result holds, as v2 makes a new map: the receiver stays unset.
func TestZeroBuilderKeepsNothing(t *testing.T) {
	x, v := expression.Name, expression.Value
	var unset expression.UnsetParameterError

	var u expression.UpdateBuilder
	u.Set(x("a"), v(1))
	u.Remove(x("b"))
	u.Add(x("c"), v(2))
	u.Delete(x("d"), v(3))
	if _, err := expression.NewBuilder().WithUpdate(u).Build(); !errors.As(err, &unset) {
		t.Errorf("zero UpdateBuilder after discarded calls: Build err = %v; want an UnsetParameterError", err)
	}
	if got := u.Clone(); got != (expression.UpdateBuilder{}) {
		t.Errorf("Clone of the zero UpdateBuilder = %v; want zero", got)
	}

	b := expression.NewBuilder()
	b.WithCondition(x("a").AttributeExists())
	b.WithFilter(x("a").AttributeExists())
	b.WithKeyCondition(expression.Key("k").Equal(v(1)))
	b.WithProjection(expression.NamesList(x("a")))
	b.WithUpdate(expression.Set(x("a"), v(1)))
	if _, err := b.Build(); !errors.As(err, &unset) {
		t.Errorf("NewBuilder() after discarded With calls: Build err = %v; want an UnsetParameterError", err)
	}
}

// Builder With methods set the expressions every copy of a non-zero
// Builder shares, as v2's map does.
func TestBuilderSharesExpressions(t *testing.T) {
	x, v, k := expression.Name, expression.Value, expression.Key

	t.Run("With discarded", func(t *testing.T) {
		builder := expression.NewBuilder().WithKeyCondition(k("pk").Equal(v("p")))
		builder.WithFilter(x("f").Equal(v(1)))
		builder.WithProjection(expression.NamesList(x("p")))
		builder.WithCondition(x("c").AttributeExists())
		builder.WithUpdate(expression.Remove(x("r")))
		got := buildShared(t, builder)
		want := built{
			Condition:    "attribute_exists (#0)",
			Filter:       "#1 = :0",
			KeyCondition: "#2 = :1",
			Projection:   "#3",
			Update:       "REMOVE #4\n",
			Names:        names("c", "f", "pk", "p", "r"),
			Values:       values(n("1"), s("p")),
		}
		if !reflect.DeepEqual(got, want) {
			t.Errorf("Build() = %+v; want %+v", got, want)
		}
	})

	t.Run("two Builders from one base", func(t *testing.T) {
		base := expression.NewBuilder().WithCondition(x("a").AttributeExists())
		b1 := base.WithFilter(x("f").Equal(v(1)))
		b2 := base.WithFilter(x("g").Equal(v(2)))
		want := built{
			Condition: "attribute_exists (#0)",
			Filter:    "#1 = :0",
			Names:     names("a", "g"),
			Values:    values(n("2")),
		}
		for name, b := range map[string]expression.Builder{"base": base, "b1": b1, "b2": b2} {
			if got := buildShared(t, b); !reflect.DeepEqual(got, want) {
				t.Errorf("%s.Build() = %+v; want %+v (the last filter set)", name, got, want)
			}
		}
	})

	t.Run("update changed after WithUpdate", func(t *testing.T) {
		update := expression.Set(x("a"), v(1))
		builder := expression.NewBuilder().WithUpdate(update)
		update.Set(x("b"), v(2))
		if got := buildShared(t, builder).Update; got != "SET #0 = :0, #1 = :1\n" {
			t.Errorf("Update() = %q; want both actions", got)
		}
	})

	t.Run("Build is a snapshot", func(t *testing.T) {
		update := expression.Set(x("a"), v(1))
		builder := expression.NewBuilder().WithUpdate(update)
		e, err := builder.Build()
		if err != nil {
			t.Fatal(err)
		}
		update.Set(x("b"), v(2))
		builder.WithFilter(x("f").AttributeExists())
		if got := toBuilt(e); got.Update != "SET #0 = :0\n" || got.Filter != "" {
			t.Errorf("built expression changed after Build: %+v", got)
		}
	})
}

// ProjectionBuilder and ConditionBuilder stay values. v2's AddNames appends
// to the receiver's slice, so two projections from one base with room to
// spare overwrite each other's names; Nimbus's do not.
func TestValueBuildersDoNotShareState(t *testing.T) {
	x := expression.Name
	projection := func(p expression.ProjectionBuilder) built {
		return buildShared(t, expression.NewBuilder().WithProjection(p))
	}

	t.Run("AddNames discarded", func(t *testing.T) {
		base := expression.NamesList(x("a"), x("b"))
		base.AddNames(x("c"))
		expression.AddNames(base, x("d"))
		if got := projection(base).Projection; got != "#0, #1" {
			t.Errorf("Projection() = %q; want the base's two names", got)
		}
	})

	t.Run("two projections from one base", func(t *testing.T) {
		// AddNames(c) leaves room for a fourth name: in v2 p1 and p2 share it.
		base := expression.NamesList(x("a"), x("b")).AddNames(x("c"))
		p1 := base.AddNames(x("d"))
		p2 := expression.AddNames(base, x("e"))
		for _, tt := range []struct {
			name string
			p    expression.ProjectionBuilder
			want map[string]string
		}{
			{"base", base, names("a", "b", "c")},
			{"p1", p1, names("a", "b", "c", "d")},
			{"p2", p2, names("a", "b", "c", "e")},
		} {
			if got := projection(tt.p).Names; !reflect.DeepEqual(got, tt.want) {
				t.Errorf("%s: Names() = %v; want %v", tt.name, got, tt.want)
			}
		}
	})

	t.Run("variadic arguments", func(t *testing.T) {
		others := []expression.ConditionBuilder{x("c").AttributeExists()}
		c := expression.And(x("a").AttributeExists(), x("b").AttributeExists(), others...)
		others[0] = x("z").AttributeExists()
		if got := buildShared(t, expression.NewBuilder().WithCondition(c)).Names["#2"]; got != "c" {
			t.Errorf("third name after changing the caller's slice = %q; want c", got)
		}
	})
}
