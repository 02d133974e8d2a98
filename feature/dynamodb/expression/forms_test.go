package expression_test

import (
	"reflect"
	"testing"

	"github.com/nimbus-sdk/nimbus/feature/dynamodb/expression"
	"github.com/nimbus-sdk/nimbus/services/dynamodb/types"
)

// Every method that stands for a function must build what the function
// builds, and the expression the test names.
func TestMethodForms(t *testing.T) {
	x, v, k := expression.Name, expression.Value, expression.Key
	a, b, c := x("a"), v(1), v(2)
	size := x("s").Size()
	cond := func(cb expression.ConditionBuilder) expression.Builder {
		return expression.NewBuilder().WithCondition(cb)
	}
	key := func(kb expression.KeyConditionBuilder) expression.Builder {
		return expression.NewBuilder().WithKeyCondition(kb)
	}
	upd := func(ub expression.UpdateBuilder) expression.Builder { return expression.NewBuilder().WithUpdate(ub) }
	proj := func(pb expression.ProjectionBuilder) expression.Builder {
		return expression.NewBuilder().WithProjection(pb)
	}
	tests := []struct {
		name           string
		method, fn     expression.Builder
		wantExpression string
	}{
		// Comparisons on names, values and sizes.
		{"Name.Equal", cond(a.Equal(b)), cond(expression.Equal(a, b)), "#0 = :0"},
		{"Name.NotEqual", cond(a.NotEqual(b)), cond(expression.NotEqual(a, b)), "#0 <> :0"},
		{"Name.LessThan", cond(a.LessThan(b)), cond(expression.LessThan(a, b)), "#0 < :0"},
		{"Name.LessThanEqual", cond(a.LessThanEqual(b)), cond(expression.LessThanEqual(a, b)), "#0 <= :0"},
		{"Name.GreaterThan", cond(a.GreaterThan(b)), cond(expression.GreaterThan(a, b)), "#0 > :0"},
		{"Name.GreaterThanEqual", cond(a.GreaterThanEqual(b)), cond(expression.GreaterThanEqual(a, b)), "#0 >= :0"},
		{"Name.Between", cond(a.Between(b, c)), cond(expression.Between(a, b, c)), "#0 BETWEEN :0 AND :1"},
		{"Name.In", cond(a.In(b, c)), cond(expression.In(a, b, c)), "#0 IN (:0, :1)"},
		{"Value.Equal", cond(b.Equal(a)), cond(expression.Equal(b, a)), ":0 = #0"},
		{"Value.NotEqual", cond(b.NotEqual(a)), cond(expression.NotEqual(b, a)), ":0 <> #0"},
		{"Value.LessThan", cond(b.LessThan(a)), cond(expression.LessThan(b, a)), ":0 < #0"},
		{"Value.LessThanEqual", cond(b.LessThanEqual(a)), cond(expression.LessThanEqual(b, a)), ":0 <= #0"},
		{"Value.GreaterThan", cond(b.GreaterThan(a)), cond(expression.GreaterThan(b, a)), ":0 > #0"},
		{"Value.GreaterThanEqual", cond(b.GreaterThanEqual(a)), cond(expression.GreaterThanEqual(b, a)), ":0 >= #0"},
		{"Value.Between", cond(b.Between(a, c)), cond(expression.Between(b, a, c)), ":0 BETWEEN #0 AND :1"},
		{"Value.In", cond(b.In(a, c)), cond(expression.In(b, a, c)), ":0 IN (#0, :1)"},
		{"Size.Equal", cond(size.Equal(b)), cond(expression.Equal(size, b)), "size (#0) = :0"},
		{"Size.NotEqual", cond(size.NotEqual(b)), cond(expression.NotEqual(size, b)), "size (#0) <> :0"},
		{"Size.LessThan", cond(size.LessThan(b)), cond(expression.LessThan(size, b)), "size (#0) < :0"},
		{"Size.LessThanEqual", cond(size.LessThanEqual(b)), cond(expression.LessThanEqual(size, b)), "size (#0) <= :0"},
		{"Size.GreaterThan", cond(size.GreaterThan(b)), cond(expression.GreaterThan(size, b)), "size (#0) > :0"},
		{"Size.GreaterThanEqual", cond(size.GreaterThanEqual(b)), cond(expression.GreaterThanEqual(size, b)), "size (#0) >= :0"},
		{"Size.Between", cond(size.Between(b, c)), cond(expression.Between(size, b, c)), "size (#0) BETWEEN :0 AND :1"},
		{"Size.In", cond(size.In(b, c)), cond(expression.In(size, b, c)), "size (#0) IN (:0, :1)"},

		// Functions and joins.
		{"Name.AttributeExists", cond(a.AttributeExists()), cond(expression.AttributeExists(a)), "attribute_exists (#0)"},
		{"Name.AttributeNotExists", cond(a.AttributeNotExists()), cond(expression.AttributeNotExists(a)), "attribute_not_exists (#0)"},
		{"Name.AttributeType", cond(a.AttributeType(expression.Number)), cond(expression.AttributeType(a, expression.Number)), "attribute_type (#0, :0)"},
		{"Name.BeginsWith", cond(a.BeginsWith("p")), cond(expression.BeginsWith(a, "p")), "begins_with (#0, :0)"},
		{"Name.Contains", cond(a.Contains(3)), cond(expression.Contains(a, 3)), "contains (#0, :0)"},
		{"ConditionBuilder.And", cond(a.Equal(b).And(a.Equal(c))), cond(expression.And(a.Equal(b), a.Equal(c))), "(#0 = :0) AND (#0 = :1)"},
		{"ConditionBuilder.Or", cond(a.Equal(b).Or(a.Equal(c), a.Equal(b))), cond(expression.Or(a.Equal(b), a.Equal(c), a.Equal(b))), "(#0 = :0) OR (#0 = :1) OR (#0 = :2)"},
		{"ConditionBuilder.Not", cond(a.Equal(b).Not()), cond(expression.Not(a.Equal(b))), "NOT (#0 = :0)"},

		// Key conditions.
		{"Key.Equal", key(k("k").Equal(b)), key(expression.KeyEqual(k("k"), b)), "#0 = :0"},
		{"Key.LessThan", key(k("k").LessThan(b)), key(expression.KeyLessThan(k("k"), b)), "#0 < :0"},
		{"Key.LessThanEqual", key(k("k").LessThanEqual(b)), key(expression.KeyLessThanEqual(k("k"), b)), "#0 <= :0"},
		{"Key.GreaterThan", key(k("k").GreaterThan(b)), key(expression.KeyGreaterThan(k("k"), b)), "#0 > :0"},
		{"Key.GreaterThanEqual", key(k("k").GreaterThanEqual(b)), key(expression.KeyGreaterThanEqual(k("k"), b)), "#0 >= :0"},
		{"Key.Between", key(k("k").Between(b, c)), key(expression.KeyBetween(k("k"), b, c)), "#0 BETWEEN :0 AND :1"},
		{"Key.BeginsWith", key(k("k").BeginsWith("p")), key(expression.KeyBeginsWith(k("k"), "p")), "begins_with (#0, :0)"},
		{"KeyConditionBuilder.And", key(k("k").Equal(b).And(k("s").Equal(c))), key(expression.KeyAnd(k("k").Equal(b), k("s").Equal(c))), "(#0 = :0) AND (#1 = :1)"},

		// Projections.
		{"Name.NamesList", proj(a.NamesList(x("b"))), proj(expression.NamesList(a, x("b"))), "#0, #1"},
		{"ProjectionBuilder.AddNames", proj(a.NamesList().AddNames(x("b"))), proj(expression.AddNames(expression.NamesList(a), x("b"))), "#0, #1"},

		// Updates and SET values.
		{"UpdateBuilder.Set", upd(expression.UpdateBuilder{}.Set(a, b)), upd(expression.Set(a, b)), "SET #0 = :0\n"},
		{"UpdateBuilder.Remove", upd(expression.UpdateBuilder{}.Remove(a)), upd(expression.Remove(a)), "REMOVE #0\n"},
		{"UpdateBuilder.Add", upd(expression.UpdateBuilder{}.Add(a, b)), upd(expression.Add(a, b)), "ADD #0 :0\n"},
		{"UpdateBuilder.Delete", upd(expression.UpdateBuilder{}.Delete(a, b)), upd(expression.Delete(a, b)), "DELETE #0 :0\n"},
		{"Name.Plus", upd(expression.Set(a, a.Plus(b))), upd(expression.Set(a, expression.Plus(a, b))), "SET #0 = #0 + :0\n"},
		{"Value.Plus", upd(expression.Set(a, b.Plus(a))), upd(expression.Set(a, expression.Plus(b, a))), "SET #0 = :0 + #0\n"},
		{"Name.Minus", upd(expression.Set(a, a.Minus(b))), upd(expression.Set(a, expression.Minus(a, b))), "SET #0 = #0 - :0\n"},
		{"Value.Minus", upd(expression.Set(a, b.Minus(a))), upd(expression.Set(a, expression.Minus(b, a))), "SET #0 = :0 - #0\n"},
		{"Name.ListAppend", upd(expression.Set(a, a.ListAppend(b))), upd(expression.Set(a, expression.ListAppend(a, b))), "SET #0 = list_append(#0, :0)\n"},
		{"Value.ListAppend", upd(expression.Set(a, b.ListAppend(a))), upd(expression.Set(a, expression.ListAppend(b, a))), "SET #0 = list_append(:0, #0)\n"},
		{"Name.IfNotExists", upd(expression.Set(a, a.IfNotExists(b))), upd(expression.Set(a, expression.IfNotExists(a, b))), "SET #0 = if_not_exists(#0, :0)\n"},
		{"Name.Size", cond(a.Size().Equal(b)), cond(expression.Size(a).Equal(b)), "size (#0) = :0"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			m, err := tt.method.Build()
			if err != nil {
				t.Fatalf("method form: %v", err)
			}
			f, err := tt.fn.Build()
			if err != nil {
				t.Fatalf("function form: %v", err)
			}
			got, want := toBuilt(m), toBuilt(f)
			if !reflect.DeepEqual(got, want) {
				t.Errorf("method form built %#v; function form %#v", got, want)
			}
			if s := got.Condition + got.KeyCondition + got.Projection + got.Update; s != tt.wantExpression {
				t.Errorf("expression = %q; want %q", s, tt.wantExpression)
			}
		})
	}
}

// Every member of types.AttributeValue is used as it is, given by value
// or by pointer.
func TestValueAttributeValueMembers(t *testing.T) {
	members := []types.AttributeValue{
		&types.AttributeValueMemberS{Value: "s"},
		&types.AttributeValueMemberN{Value: "1"},
		&types.AttributeValueMemberB{Value: []byte("b")},
		&types.AttributeValueMemberSS{Value: []string{"s"}},
		&types.AttributeValueMemberNS{Value: []string{"1"}},
		&types.AttributeValueMemberBS{Value: [][]byte{[]byte("b")}},
		&types.AttributeValueMemberM{Value: map[string]types.AttributeValue{"k": &types.AttributeValueMemberBOOL{Value: true}}},
		&types.AttributeValueMemberL{Value: []types.AttributeValue{&types.AttributeValueMemberNULL{Value: true}}},
		&types.AttributeValueMemberNULL{Value: true},
		&types.AttributeValueMemberBOOL{Value: false},
	}
	for _, av := range members {
		byValue := reflect.ValueOf(av).Elem().Interface()
		for _, in := range []any{av, byValue} {
			e, err := expression.NewBuilder().WithCondition(expression.Name("a").Equal(expression.Value(in))).Build()
			if err != nil {
				t.Fatalf("Value(%T): %v", in, err)
			}
			if got := e.Values()[":0"]; !reflect.DeepEqual(got, av) {
				t.Errorf("Value(%T) = %#v; want %#v", in, got, av)
			}
		}
	}
}

// pathOperand is an OperandBuilder of the caller's own, made from the
// package's: Build replays the Operand it returns.
type pathOperand struct{ path string }

func (p pathOperand) BuildOperand() (expression.Operand, error) {
	return expression.IfNotExists(expression.Name(p.path), expression.Value(1)).BuildOperand()
}

func TestCustomOperandBuilder(t *testing.T) {
	e, err := expression.NewBuilder().
		WithCondition(expression.Name("a").Equal(expression.Value(0))).
		WithUpdate(expression.Set(expression.Name("n"), pathOperand{"a.b"})).Build()
	if err != nil {
		t.Fatal(err)
	}
	want := built{
		Condition: "#0 = :0",
		Update:    "SET #1 = if_not_exists(#0.#2, :1)\n",
		Names:     names("a", "n", "b"),
		Values:    values(n("0"), n("1")),
	}
	if got := toBuilt(e); !reflect.DeepEqual(got, want) {
		t.Errorf("built %#v; want %#v", got, want)
	}

	// Its errors come through as they are.
	_, err = expression.NewBuilder().WithUpdate(expression.Set(expression.Name("n"), pathOperand{"a..b"})).Build()
	if want := "BuildOperand error: invalid parameter: NameBuilder: empty element in document path"; err == nil || err.Error() != want {
		t.Errorf("error = %v; want %q", err, want)
	}
}
