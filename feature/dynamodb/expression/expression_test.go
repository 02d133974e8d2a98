package expression_test

import (
	"reflect"
	"strconv"
	"strings"
	"testing"

	"github.com/nimbus-sdk/nimbus/feature/dynamodb/expression"
	"github.com/nimbus-sdk/nimbus/services/dynamodb/types"
)

// built is what an Expression holds, with "" for an expression the
// Builder did not have.
type built struct {
	Condition, Filter, KeyCondition, Projection, Update string
	Names                                               map[string]string
	Values                                              map[string]types.AttributeValue
}

func deref(s *string) string {
	if s == nil {
		return ""
	}
	return *s
}

func toBuilt(e expression.Expression) built {
	return built{
		Condition:    deref(e.Condition()),
		Filter:       deref(e.Filter()),
		KeyCondition: deref(e.KeyCondition()),
		Projection:   deref(e.Projection()),
		Update:       deref(e.Update()),
		Names:        e.Names(),
		Values:       e.Values(),
	}
}

func s(v string) *types.AttributeValueMemberS { return &types.AttributeValueMemberS{Value: v} }
func n(v string) *types.AttributeValueMemberN { return &types.AttributeValueMemberN{Value: v} }

// names makes ExpressionAttributeNames from the names in placeholder order.
func names(ns ...string) map[string]string {
	m := map[string]string{}
	for i, v := range ns {
		m["#"+strconv.Itoa(i)] = v
	}
	return m
}

// values makes ExpressionAttributeValues from the values in placeholder order.
func values(vs ...types.AttributeValue) map[string]types.AttributeValue {
	m := map[string]types.AttributeValue{}
	for i, v := range vs {
		m[":"+strconv.Itoa(i)] = v
	}
	return m
}

// The expected strings are those aws-sdk-go-v2 documents and produces for
// the same calls (internal/bench's TestExpressionMatchesV2 checks many of
// them against v2 itself).
func TestBuild(t *testing.T) {
	x := expression.Name
	v := expression.Value
	k := expression.Key
	tests := []struct {
		name    string
		builder expression.Builder
		want    built
	}{
		{
			name:    "condition",
			builder: expression.NewBuilder().WithCondition(x("foo").Equal(v(5))),
			want:    built{Condition: "#0 = :0", Names: names("foo"), Values: values(n("5"))},
		},
		{
			name:    "filter",
			builder: expression.NewBuilder().WithFilter(x("foo").Equal(v(5))),
			want:    built{Filter: "#0 = :0", Names: names("foo"), Values: values(n("5"))},
		},
		{
			name:    "key condition",
			builder: expression.NewBuilder().WithKeyCondition(k("foo").Equal(v(5))),
			want:    built{KeyCondition: "#0 = :0", Names: names("foo"), Values: values(n("5"))},
		},
		{
			name:    "projection",
			builder: expression.NewBuilder().WithProjection(expression.NamesList(x("foo"), x("bar"), x("baz"))),
			want:    built{Projection: "#0, #1, #2", Names: names("foo", "bar", "baz")},
		},
		{
			name:    "update",
			builder: expression.NewBuilder().WithUpdate(expression.Set(x("foo"), v(5))),
			want:    built{Update: "SET #0 = :0\n", Names: names("foo"), Values: values(n("5"))},
		},
		{
			// Names are shared across expressions, in the order condition,
			// filter, key condition, projection, update, whatever the
			// order of the With calls; values are never shared.
			name: "all five share names",
			builder: expression.NewBuilder().
				WithUpdate(expression.Set(x("foo"), v(5))).
				WithKeyCondition(k("foo").Equal(v(5))).
				WithProjection(expression.NamesList(x("foo"), x("bar"), x("baz"))).
				WithFilter(x("bar").LessThan(v(6))).
				WithCondition(x("foo").Equal(v(5))),
			want: built{
				Condition:    "#0 = :0",
				Filter:       "#1 < :1",
				KeyCondition: "#0 = :2",
				Projection:   "#0, #1, #2",
				Update:       "SET #0 = :3\n",
				Names:        names("foo", "bar", "baz"),
				Values:       values(n("5"), n("6"), n("5"), n("5")),
			},
		},
		{
			name:    "nested path",
			builder: expression.NewBuilder().WithCondition(x("a.b[2].c").Equal(v("x"))),
			want:    built{Condition: "#0.#1[2].#2 = :0", Names: names("a", "b", "c"), Values: values(s("x"))},
		},
		{
			name:    "name with dots",
			builder: expression.NewBuilder().WithProjection(expression.NamesList(expression.NameNoDotSplit("Safety.Warning"), x("Safety"))),
			want:    built{Projection: "#0, #1", Names: names("Safety.Warning", "Safety")},
		},
		{
			name:    "reserved words are placeholders",
			builder: expression.NewBuilder().WithProjection(expression.NamesList(x("Size"), x("Name"), x("Comment.Date"))),
			want:    built{Projection: "#0, #1, #2.#3", Names: names("Size", "Name", "Comment", "Date")},
		},
		{
			name: "and, or, not",
			builder: expression.NewBuilder().WithCondition(expression.And(
				x("a").Equal(v(1)),
				x("a").LessThan(v(2)).Or(x("b").NotEqual(v(3))),
				expression.Not(x("c").GreaterThanEqual(x("a"))),
			)),
			want: built{
				Condition: "(#0 = :0) AND ((#0 < :1) OR (#1 <> :2)) AND (NOT (#2 >= #0))",
				Names:     names("a", "b", "c"),
				Values:    values(n("1"), n("2"), n("3")),
			},
		},
		{
			name: "comparisons from values and sizes",
			builder: expression.NewBuilder().WithFilter(expression.And(
				v(1).LessThanEqual(x("a")),
				x("b").Size().GreaterThan(v(3)),
				expression.Size(x("c")).Between(v(1), v(2)),
			)),
			want: built{
				Filter: "(:0 <= #0) AND (size (#1) > :1) AND (size (#2) BETWEEN :2 AND :3)",
				Names:  names("a", "b", "c"),
				Values: values(n("1"), n("3"), n("1"), n("2")),
			},
		},
		{
			name:    "between and in",
			builder: expression.NewBuilder().WithCondition(x("a").Between(v(1), v(9)).And(x("b").In(v("x"), v("y"), v("z")))),
			want: built{
				Condition: "(#0 BETWEEN :0 AND :1) AND (#1 IN (:2, :3, :4))",
				Names:     names("a", "b"),
				Values:    values(n("1"), n("9"), s("x"), s("y"), s("z")),
			},
		},
		{
			name: "functions",
			builder: expression.NewBuilder().WithCondition(expression.And(
				x("a").AttributeExists(),
				expression.AttributeNotExists(x("b")),
				x("c").AttributeType(expression.StringSet),
				x("d").BeginsWith("pre"),
				x("e").Contains("sub"),
			)),
			want: built{
				Condition: "(attribute_exists (#0)) AND (attribute_not_exists (#1)) AND (attribute_type (#2, :0)) AND (begins_with (#3, :1)) AND (contains (#4, :2))",
				Names:     names("a", "b", "c", "d", "e"),
				Values:    values(s("SS"), s("pre"), s("sub")),
			},
		},
		{
			name:    "key condition with sort key range",
			builder: expression.NewBuilder().WithKeyCondition(k("pk").Equal(v("p")).And(k("sk").Between(v(1), v(9)))),
			want: built{
				KeyCondition: "(#0 = :0) AND (#1 BETWEEN :1 AND :2)",
				Names:        names("pk", "sk"),
				Values:       values(s("p"), n("1"), n("9")),
			},
		},
		{
			name:    "key condition begins_with",
			builder: expression.NewBuilder().WithKeyCondition(expression.KeyAnd(expression.KeyEqual(k("pk"), v("p")), expression.KeyBeginsWith(k("sk"), "2024-"))),
			want: built{
				KeyCondition: "(#0 = :0) AND (begins_with (#1, :1))",
				Names:        names("pk", "sk"),
				Values:       values(s("p"), s("2024-")),
			},
		},
		{
			name: "multi-attribute key, chained",
			builder: expression.NewBuilder().WithKeyCondition(
				k("t").Equal(v("W")).And(k("r").Equal(v("NA"))).And(k("n").GreaterThan(v(1)))),
			want: built{
				KeyCondition: "(#0 = :0) AND (#1 = :1) AND (#2 > :2)",
				Names:        names("t", "r", "n"),
				Values:       values(s("W"), s("NA"), n("1")),
			},
		},
		{
			name:    "key names are not split",
			builder: expression.NewBuilder().WithKeyCondition(k("a.b").LessThanEqual(v(1))),
			want:    built{KeyCondition: "#0 <= :0", Names: names("a.b"), Values: values(n("1"))},
		},
		{
			// Clauses are written ADD, DELETE, REMOVE, SET whatever the
			// order of the calls.
			name: "update clauses",
			builder: expression.NewBuilder().WithUpdate(
				expression.Set(x("a"), v(1)).
					Set(x("b"), x("a").Plus(v(2))).
					Remove(x("c")).
					Add(x("d"), v(3)).
					Delete(x("e"), v(&types.AttributeValueMemberSS{Value: []string{"x"}})).
					Remove(x("f[1]"))),
			want: built{
				Update: "ADD #0 :0\nDELETE #1 :1\nREMOVE #2, #3[1]\nSET #4 = :2, #5 = #4 + :3\n",
				Names:  names("d", "e", "c", "f", "a", "b"),
				Values: values(n("3"), &types.AttributeValueMemberSS{Value: []string{"x"}}, n("1"), n("2")),
			},
		},
		{
			name: "set functions",
			builder: expression.NewBuilder().WithUpdate(expression.
				Set(x("l"), expression.ListAppend(x("l"), v([]string{"x"}))).
				Set(x("m"), x("m").IfNotExists(v(0))).
				Set(x("n"), expression.Minus(v(10), x("o"))).
				Set(x("p"), expression.Plus(expression.IfNotExists(x("p"), v(0)), v(1)))),
			want: built{
				Update: "SET #0 = list_append(#0, :0), #1 = if_not_exists(#1, :1), #2 = :2 - #3, #4 = if_not_exists(#4, :3) + :4\n",
				Names:  names("l", "m", "n", "o", "p"),
				Values: values(&types.AttributeValueMemberL{Value: []types.AttributeValue{s("x")}}, n("0"), n("10"), n("0"), n("1")),
			},
		},
		{
			name: "attribute values are used as they are",
			builder: expression.NewBuilder().WithCondition(expression.And(
				x("a").Equal(v(types.AttributeValueMemberS{Value: "by value"})),
				x("b").Equal(v(&types.AttributeValueMemberBOOL{Value: true})),
				x("c").Equal(v(nil)),
			)),
			want: built{
				Condition: "(#0 = :0) AND (#1 = :1) AND (#2 = :2)",
				Names:     names("a", "b", "c"),
				Values:    values(s("by value"), &types.AttributeValueMemberBOOL{Value: true}, &types.AttributeValueMemberNULL{Value: true}),
			},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			e, err := tt.builder.Build()
			if err != nil {
				t.Fatalf("Build() error: %v", err)
			}
			if got := toBuilt(e); !reflect.DeepEqual(got, tt.want) {
				t.Errorf("Build() =\n %#v\nwant\n %#v", got, tt.want)
			}
		})
	}
}

func TestBuildIsDeterministic(t *testing.T) {
	b := expression.NewBuilder().
		WithCondition(expression.Name("x.y").Equal(expression.Value(map[string]int{"a": 1, "b": 2}))).
		WithUpdate(expression.Set(expression.Name("z"), expression.Value(1)).Add(expression.Name("x.w"), expression.Value(2)))
	first, err := b.Build()
	if err != nil {
		t.Fatal(err)
	}
	for i := 0; i < 20; i++ {
		again, err := b.Build()
		if err != nil {
			t.Fatal(err)
		}
		if got, want := toBuilt(again), toBuilt(first); !reflect.DeepEqual(got, want) {
			t.Fatalf("build %d = %#v; want %#v", i, got, want)
		}
	}
}

func TestExpressionWithoutNamesOrValues(t *testing.T) {
	var e expression.Expression
	if e.Condition() != nil || e.Filter() != nil || e.KeyCondition() != nil || e.Projection() != nil || e.Update() != nil {
		t.Error("zero Expression has an expression")
	}
	if e.Names() != nil || e.Values() != nil {
		t.Error("zero Expression has names or values")
	}

	// A projection uses names but no value: Values is nil, as in v2, so
	// the input member stays unset.
	e, err := expression.NewBuilder().WithProjection(expression.NamesList(expression.Name("a"))).Build()
	if err != nil {
		t.Fatal(err)
	}
	if e.Values() != nil {
		t.Errorf("Values() = %v; want nil", e.Values())
	}
	if e.Condition() != nil {
		t.Errorf("Condition() = %q; want nil", *e.Condition())
	}

	// A condition on values alone uses no name: Names is nil.
	e, err = expression.NewBuilder().WithCondition(expression.Value(1).Equal(expression.Value(2))).Build()
	if err != nil {
		t.Fatal(err)
	}
	if e.Names() != nil || len(e.Values()) != 2 {
		t.Errorf("Names() = %v, Values() = %v; want nil and two values", e.Names(), e.Values())
	}
}

func TestExpressionStringsAreCopies(t *testing.T) {
	e, err := expression.NewBuilder().WithCondition(expression.Name("a").AttributeExists()).Build()
	if err != nil {
		t.Fatal(err)
	}
	*e.Condition() = "changed"
	if got := *e.Condition(); got != "attribute_exists (#0)" {
		t.Errorf("Condition() after changing an earlier result = %q", got)
	}
}

func TestIsSet(t *testing.T) {
	tests := []struct {
		name string
		got  bool
		want bool
	}{
		{"zero ConditionBuilder", expression.ConditionBuilder{}.IsSet(), false},
		{"Equal", expression.Name("a").Equal(expression.Value(1)).IsSet(), true},
		{"zero KeyConditionBuilder", expression.KeyConditionBuilder{}.IsSet(), false},
		{"KeyEqual", expression.Key("a").Equal(expression.Value(1)).IsSet(), true},
		// A refused KeyAnd is set, as in v2: it fails when built.
		{"refused KeyAnd", expression.KeyAnd().IsSet(), true},
	}
	for _, tt := range tests {
		if tt.got != tt.want {
			t.Errorf("%s: IsSet() = %v; want %v", tt.name, tt.got, tt.want)
		}
	}
}

// Many names and values: past the names looked up by a scan, the
// preformatted placeholders and the writer's preallocated room, a name
// still keeps its first placeholder and every value gets a new one.
func TestBuildManyNamesAndValues(t *testing.T) {
	const count = 40
	var (
		nbs       []expression.NameBuilder
		ins       []expression.OperandBuilder
		wantIn    []string
		wantNames []string
		wantVals  []types.AttributeValue
	)
	for i := range count {
		name := "attr" + strconv.Itoa(i)
		nbs = append(nbs, expression.Name(name))
		wantNames = append(wantNames, name)
		ins = append(ins, expression.Value(i))
		wantIn = append(wantIn, ":"+strconv.Itoa(i))
		wantVals = append(wantVals, n(strconv.Itoa(i)))
	}
	// The condition names attr39 and attr0 again, after the projection
	// has named all 40.
	cond := expression.Name("attr39").In(ins[0], ins[1:]...).And(expression.Name("attr0").AttributeExists())
	e, err := expression.NewBuilder().WithProjection(expression.NamesList(nbs[0], nbs[1:]...)).WithUpdate(expression.Set(expression.Name("attr20"), expression.Value(0))).WithFilter(cond).Build()
	if err != nil {
		t.Fatal(err)
	}
	// Filter is written before projection, so attr39 is #0 and attr0 #1.
	got := toBuilt(e)
	if want := "(#0 IN (" + strings.Join(wantIn, ", ") + ")) AND (attribute_exists (#1))"; got.Filter != want {
		t.Errorf("Filter = %q; want %q", got.Filter, want)
	}
	order := append([]string{"attr39", "attr0"}, wantNames[1:count-1]...)
	if want := names(order...); !reflect.DeepEqual(got.Names, want) {
		t.Errorf("Names = %v; want %v", got.Names, want)
	}
	var proj []string
	for i := range count {
		switch i {
		case 0:
			proj = append(proj, "#1")
		case count - 1:
			proj = append(proj, "#0")
		default:
			proj = append(proj, "#"+strconv.Itoa(i+1))
		}
	}
	if want := strings.Join(proj, ", "); got.Projection != want {
		t.Errorf("Projection = %q; want %q", got.Projection, want)
	}
	if want := "SET #21 = :40\n"; got.Update != want {
		t.Errorf("Update = %q; want %q", got.Update, want)
	}
	if want := values(append(wantVals, n("0"))...); !reflect.DeepEqual(got.Values, want) {
		t.Errorf("Values = %v; want %v", got.Values, want)
	}
}
