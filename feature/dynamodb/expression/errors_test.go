package expression_test

import (
	"errors"
	"testing"

	"github.com/nimbus-sdk/nimbus/feature/dynamodb/expression"
	"github.com/nimbus-sdk/nimbus/services/dynamodb/types"
)

// emptyOperand is an OperandBuilder of the caller's own that builds to
// nothing.
type emptyOperand struct{}

func (emptyOperand) BuildOperand() (expression.Operand, error) { return expression.Operand{}, nil }

func TestBuildErrors(t *testing.T) {
	x, v, k := expression.Name, expression.Value, expression.Key
	cond := func(c expression.ConditionBuilder) expression.Builder {
		return expression.NewBuilder().WithCondition(c)
	}
	key := func(c expression.KeyConditionBuilder) expression.Builder {
		return expression.NewBuilder().WithKeyCondition(c)
	}
	upd := func(u expression.UpdateBuilder) expression.Builder { return expression.NewBuilder().WithUpdate(u) }
	eq := func(name string) expression.KeyConditionBuilder { return k(name).Equal(v("v")) }
	gt := k("sk").GreaterThan(v(1))

	const (
		unset   = "unset"
		invalid = "invalid"
	)
	tests := []struct {
		name    string
		builder expression.Builder
		kind    string
		want    string // the whole message
	}{
		// Unset: messages are v2's.
		{"zero Builder", expression.Builder{}, unset, "Build error: unset parameter: Builder"},
		{"NewBuilder alone", expression.NewBuilder(), unset, "Build error: unset parameter: Builder"},
		{"zero condition", cond(expression.ConditionBuilder{}), unset, "buildTree error: unset parameter: ConditionBuilder"},
		{"zero condition in And", cond(x("a").AttributeExists().And(expression.ConditionBuilder{})), unset, "buildTree error: unset parameter: ConditionBuilder"},
		{"zero condition in Not", cond(expression.Not(expression.ConditionBuilder{})), unset, "buildTree error: unset parameter: ConditionBuilder"},
		{"zero filter", expression.NewBuilder().WithFilter(expression.ConditionBuilder{}), unset, "buildTree error: unset parameter: ConditionBuilder"},
		{"zero key condition", key(expression.KeyConditionBuilder{}), unset, "buildTree error: unset parameter: KeyConditionBuilder"},
		{"zero key condition in KeyAnd", key(eq("pk").And(expression.KeyConditionBuilder{})), unset, "buildTree error: unset parameter: KeyConditionBuilder"},
		{"zero projection", expression.NewBuilder().WithProjection(expression.ProjectionBuilder{}), unset, "buildTree error: unset parameter: ProjectionBuilder"},
		{"zero update", upd(expression.UpdateBuilder{}), unset, "buildTree error: unset parameter: UpdateBuilder"},
		{"empty name", cond(x("").Equal(v(1))), unset, "BuildOperand error: unset parameter: NameBuilder"},
		{"zero name in projection", expression.NewBuilder().WithProjection(expression.NamesList(expression.NameBuilder{})), unset, "BuildOperand error: unset parameter: NameBuilder"},
		{"empty name in size", cond(x("").Size().Equal(v(1))), unset, "BuildOperand error: unset parameter: NameBuilder"},
		{"empty name in update", upd(expression.Remove(x(""))), unset, "BuildOperand error: unset parameter: NameBuilder"},
		{"empty key", key(k("").Equal(v(1))), unset, "BuildOperand error: unset parameter: KeyBuilder"},
		{"zero SetValueBuilder", upd(expression.Set(x("a"), expression.SetValueBuilder{})), unset, "BuildOperand error: unset parameter: SetValueBuilder"},
		{"empty name in SetValueBuilder", upd(expression.Set(x("a"), x("").Plus(v(1)))), unset, "BuildOperand error: unset parameter: NameBuilder"},
		// Nimbus only: v2 panics on a nil operand and writes nothing for
		// an empty one.
		{"nil operand", cond(expression.Equal(x("a"), nil)), unset, "BuildOperand error: unset parameter: OperandBuilder"},
		{"nil SET operand", upd(expression.Set(x("a"), nil)), unset, "BuildOperand error: unset parameter: OperandBuilder"},
		{"empty operand", cond(expression.Equal(x("a"), emptyOperand{})), unset, "BuildOperand error: unset parameter: Operand"},

		// Invalid: v2's message, then the reason.
		{"empty path element", cond(x("a..b").AttributeExists()), invalid, "BuildOperand error: invalid parameter: NameBuilder: empty element in document path"},
		{"trailing dot", cond(x("a.").AttributeExists()), invalid, "BuildOperand error: invalid parameter: NameBuilder: empty element in document path"},
		{"index without name", cond(x("[1]").AttributeExists()), invalid, `BuildOperand error: invalid parameter: NameBuilder: "[1]": list index without an attribute name`},
		{"index not a number", cond(x("a[x]").AttributeExists()), invalid, `BuildOperand error: invalid parameter: NameBuilder: "a[x]": a list index must be [N] with N a non-negative integer`},
		{"unclosed index", cond(x("a[1").AttributeExists()), invalid, `BuildOperand error: invalid parameter: NameBuilder: "a[1": a list index must be [N] with N a non-negative integer`},
		{"stray bracket", cond(x("a]").AttributeExists()), invalid, `BuildOperand error: invalid parameter: NameBuilder: "a]": "]" without "["`},
		{"unconvertible value", cond(x("a").Equal(v(make(chan int)))), invalid, "BuildOperand error: invalid parameter: ValueBuilder: cannot convert a value of type chan int to an attribute value"},
		{"nil attribute value member", cond(x("a").Equal(v((*types.AttributeValueMemberS)(nil)))), invalid, "BuildOperand error: invalid parameter: ValueBuilder: nil *types.AttributeValueMemberS"},
		{"value in Contains", cond(x("a").Contains(func() {})), invalid, "BuildOperand error: invalid parameter: ValueBuilder: cannot convert a value of type func() to an attribute value"},

		// Key conditions DynamoDB refuses: v2 returns an untyped error.
		{"KeyAnd of nothing", key(expression.KeyAnd()), invalid, "KeyAnd error: invalid parameter: KeyConditionBuilder: KeyAnd needs at least two key conditions"},
		{"KeyAnd of one", key(expression.KeyAnd(eq("pk"))), invalid, "KeyAnd error: invalid parameter: KeyConditionBuilder: KeyAnd needs at least two key conditions"},
		{"first not equality", key(k("pk").LessThan(v(5)).And(k("sk").BeginsWith("a"))), invalid, "KeyAnd error: invalid parameter: KeyConditionBuilder: every key condition but the last must be an equality (KeyEqual)"},
		{"middle not equality", key(expression.KeyAnd(eq("a"), gt, eq("b"))), invalid, "KeyAnd error: invalid parameter: KeyConditionBuilder: every key condition but the last must be an equality (KeyEqual)"},
		{"flattened, then not equality", key(expression.KeyAnd(expression.KeyAnd(eq("a"), gt), eq("b"))), invalid, "KeyAnd error: invalid parameter: KeyConditionBuilder: every key condition but the last must be an equality (KeyEqual)"},
		{"last is KeyAnd", key(expression.KeyAnd(eq("a"), expression.KeyAnd(eq("b"), eq("c")))), invalid, "KeyAnd error: invalid parameter: KeyConditionBuilder: the last key condition must not be a KeyAnd"},
		{"nested KeyAnd", key(eq("a").And(eq("b").And(k("c").BeginsWith("x")))), invalid, "KeyAnd error: invalid parameter: KeyConditionBuilder: the last key condition must not be a KeyAnd"},
		{"refusal carries through", key(expression.KeyAnd(eq("a")).And(eq("b"))), invalid, "KeyAnd error: invalid parameter: KeyConditionBuilder: KeyAnd needs at least two key conditions"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			e, err := tt.builder.Build()
			if err == nil {
				t.Fatalf("Build() = %#v, nil; want error %q", toBuilt(e), tt.want)
			}
			if got := err.Error(); got != tt.want {
				t.Errorf("Build() error = %q; want %q", got, tt.want)
			}
			var unsetErr expression.UnsetParameterError
			var invalidErr expression.InvalidParameterError
			switch tt.kind {
			case unset:
				if !errors.As(err, &unsetErr) {
					t.Errorf("Build() error is %T; want UnsetParameterError", err)
				}
			case invalid:
				if !errors.As(err, &invalidErr) {
					t.Errorf("Build() error is %T; want InvalidParameterError", err)
				}
			}
			if !reflectZero(e) {
				t.Errorf("Build() returned a non-zero Expression with its error: %#v", toBuilt(e))
			}
		})
	}
}

func reflectZero(e expression.Expression) bool {
	b := toBuilt(e)
	return b.Condition == "" && b.Filter == "" && b.KeyCondition == "" && b.Projection == "" && b.Update == "" && b.Names == nil && b.Values == nil
}

// A value that cannot be converted keeps the conversion's error.
func TestInvalidValueUnwraps(t *testing.T) {
	_, err := expression.NewBuilder().WithCondition(expression.Name("a").Equal(expression.Value(make(chan int)))).Build()
	var invalid expression.InvalidParameterError
	if !errors.As(err, &invalid) {
		t.Fatalf("Build() error = %v (%T); want InvalidParameterError", err, err)
	}
	if errors.Unwrap(invalid) == nil {
		t.Error("InvalidParameterError for a value does not unwrap to the conversion's error")
	}
}

// BuildOperand is exported; it reports the same errors on its own.
func TestBuildOperandErrors(t *testing.T) {
	tests := []struct {
		name string
		ob   expression.OperandBuilder
		want string
	}{
		{"NameBuilder", expression.NameBuilder{}, "BuildOperand error: unset parameter: NameBuilder"},
		{"KeyBuilder", expression.KeyBuilder{}, "BuildOperand error: unset parameter: KeyBuilder"},
		{"SizeBuilder", expression.SizeBuilder{}, "BuildOperand error: unset parameter: NameBuilder"},
		{"SetValueBuilder", expression.SetValueBuilder{}, "BuildOperand error: unset parameter: SetValueBuilder"},
		{"NameBuilder invalid", expression.Name("a..b"), "BuildOperand error: invalid parameter: NameBuilder: empty element in document path"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := tt.ob.BuildOperand()
			if err == nil || err.Error() != tt.want {
				t.Errorf("BuildOperand() error = %v; want %q", err, tt.want)
			}
		})
	}
	// The zero ValueBuilder is the value nil, which is NULL, as in v2.
	if _, err := (expression.ValueBuilder{}).BuildOperand(); err != nil {
		t.Errorf("ValueBuilder{}.BuildOperand() error = %v", err)
	}
}
