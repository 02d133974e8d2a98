package bench

// Nimbus's feature/dynamodb/expression against aws-sdk-go-v2's: the same
// builder calls must give the same expression strings, the same
// ExpressionAttributeNames and equal ExpressionAttributeValues, and fail
// together. Each case is written once for each SDK, call for call.

import (
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"net/netip"
	"reflect"
	"strings"
	"testing"
	"time"

	v2expr "github.com/aws/aws-sdk-go-v2/feature/dynamodb/expression"
	v2types "github.com/aws/aws-sdk-go-v2/service/dynamodb/types"

	"github.com/nimbus-sdk/nimbus/feature/dynamodb/expression"
	"github.com/nimbus-sdk/nimbus/services/dynamodb/types"
)

// exprResult is a built expression in a form both SDKs share.
type exprResult struct {
	Exprs  map[string]string
	Names  map[string]string
	Values map[string]string
	// Err is the error's type and v2's message: Nimbus adds a reason
	// after v2's "<function> error: <kind> parameter: <type>", which is
	// cut off here.
	Err string
}

func errResult(err error) exprResult {
	msg := err.Error()
	if parts := strings.SplitN(msg, ": ", 4); len(parts) == 4 {
		msg = strings.Join(parts[:3], ": ")
	}
	return exprResult{Err: strings.TrimPrefix(fmt.Sprintf("%T", err), "expression.") + " " + msg}
}

func nimbusResult(b expression.Builder) exprResult {
	e, err := b.Build()
	if err != nil {
		return errResult(err)
	}
	r := exprResult{Exprs: map[string]string{}, Names: e.Names(), Values: map[string]string{}}
	for k, s := range map[string]*string{"condition": e.Condition(), "filter": e.Filter(), "keyCondition": e.KeyCondition(), "projection": e.Projection(), "update": e.Update()} {
		if s != nil {
			r.Exprs[k] = *s
		}
	}
	for k, v := range e.Values() {
		r.Values[k] = nimbusAV(v)
	}
	return r
}

func v2Result(b v2expr.Builder) exprResult {
	e, err := b.Build()
	if err != nil {
		return errResult(err)
	}
	r := exprResult{Exprs: map[string]string{}, Names: e.Names(), Values: map[string]string{}}
	for k, s := range map[string]*string{"condition": e.Condition(), "filter": e.Filter(), "keyCondition": e.KeyCondition(), "projection": e.Projection(), "update": e.Update()} {
		if s != nil {
			r.Exprs[k] = *s
		}
	}
	for k, v := range e.Values() {
		r.Values[k] = v2AV(v)
	}
	return r
}

// nimbusAV and v2AV write an attribute value the same way for both SDKs.
func nimbusAV(av types.AttributeValue) string {
	switch v := av.(type) {
	case *types.AttributeValueMemberS:
		return fmt.Sprintf("S:%q", v.Value)
	case *types.AttributeValueMemberN:
		return "N:" + v.Value
	case *types.AttributeValueMemberB:
		return "B:" + base64.StdEncoding.EncodeToString(v.Value)
	case *types.AttributeValueMemberBOOL:
		return fmt.Sprint("BOOL:", v.Value)
	case *types.AttributeValueMemberNULL:
		return fmt.Sprint("NULL:", v.Value)
	case *types.AttributeValueMemberSS:
		return fmt.Sprintf("SS:%q", v.Value)
	case *types.AttributeValueMemberNS:
		return fmt.Sprintf("NS:%q", v.Value)
	case *types.AttributeValueMemberBS:
		return fmt.Sprintf("BS:%x", v.Value)
	case *types.AttributeValueMemberL:
		var elems []string
		for _, e := range v.Value {
			elems = append(elems, nimbusAV(e))
		}
		return "L:[" + strings.Join(elems, ",") + "]"
	case *types.AttributeValueMemberM:
		m := map[string]string{}
		for k, e := range v.Value {
			m[k] = nimbusAV(e)
		}
		return fmt.Sprint("M:", m) // fmt sorts map keys
	}
	return fmt.Sprintf("?%T", av)
}

func v2AV(av v2types.AttributeValue) string {
	switch v := av.(type) {
	case *v2types.AttributeValueMemberS:
		return fmt.Sprintf("S:%q", v.Value)
	case *v2types.AttributeValueMemberN:
		return "N:" + v.Value
	case *v2types.AttributeValueMemberB:
		return "B:" + base64.StdEncoding.EncodeToString(v.Value)
	case *v2types.AttributeValueMemberBOOL:
		return fmt.Sprint("BOOL:", v.Value)
	case *v2types.AttributeValueMemberNULL:
		return fmt.Sprint("NULL:", v.Value)
	case *v2types.AttributeValueMemberSS:
		return fmt.Sprintf("SS:%q", v.Value)
	case *v2types.AttributeValueMemberNS:
		return fmt.Sprintf("NS:%q", v.Value)
	case *v2types.AttributeValueMemberBS:
		return fmt.Sprintf("BS:%x", v.Value)
	case *v2types.AttributeValueMemberL:
		var elems []string
		for _, e := range v.Value {
			elems = append(elems, v2AV(e))
		}
		return "L:[" + strings.Join(elems, ",") + "]"
	case *v2types.AttributeValueMemberM:
		m := map[string]string{}
		for k, e := range v.Value {
			m[k] = v2AV(e)
		}
		return fmt.Sprint("M:", m)
	}
	return fmt.Sprintf("?%T", av)
}

// exprCase is one expression built with each SDK.
type exprCase struct {
	name   string
	nimbus func() expression.Builder
	v2     func() v2expr.Builder
}

func exprCases() []exprCase {
	type (
		nb = expression.Builder
		vb = v2expr.Builder
	)
	var (
		N, V, K    = expression.Name, expression.Value, expression.Key
		N2, V2, K2 = v2expr.Name, v2expr.Value, v2expr.Key
	)
	return []exprCase{
		{"condition equal",
			func() nb { return expression.NewBuilder().WithCondition(N("foo").Equal(V(5))) },
			func() vb { return v2expr.NewBuilder().WithCondition(N2("foo").Equal(V2(5))) }},
		{"every comparison",
			func() nb {
				return expression.NewBuilder().WithCondition(expression.And(N("a").Equal(V(1)), N("b").NotEqual(V("x")),
					N("c").LessThan(V(2.5)), N("d").LessThanEqual(N("a")), expression.GreaterThan(V(3), N("e")),
					N("f").Size().GreaterThanEqual(V(4))))
			},
			func() vb {
				return v2expr.NewBuilder().WithCondition(v2expr.And(N2("a").Equal(V2(1)), N2("b").NotEqual(V2("x")),
					N2("c").LessThan(V2(2.5)), N2("d").LessThanEqual(N2("a")), v2expr.GreaterThan(V2(3), N2("e")),
					N2("f").Size().GreaterThanEqual(V2(4))))
			}},
		{"or, not, nesting",
			func() nb {
				return expression.NewBuilder().WithFilter(expression.Or(
					expression.Not(N("a").Equal(V(1)).And(N("b").Equal(V(2)))),
					N("c").In(V(1), V(2), V(3)).Not(),
					N("a").Between(V(0), V(9))))
			},
			func() vb {
				return v2expr.NewBuilder().WithFilter(v2expr.Or(
					v2expr.Not(N2("a").Equal(V2(1)).And(N2("b").Equal(V2(2)))),
					N2("c").In(V2(1), V2(2), V2(3)).Not(),
					N2("a").Between(V2(0), V2(9))))
			}},
		{"functions",
			func() nb {
				return expression.NewBuilder().WithCondition(expression.And(N("a").AttributeExists(), N("b").AttributeNotExists(),
					N("c").AttributeType(expression.NumberSet), N("d").BeginsWith("pre"), N("e").Contains("sub"),
					expression.Contains(N("f"), 7), V(1).In(N("g"), N("h")), expression.Size(N("i")).Between(V(1), N("j"))))
			},
			func() vb {
				return v2expr.NewBuilder().WithCondition(v2expr.And(N2("a").AttributeExists(), N2("b").AttributeNotExists(),
					N2("c").AttributeType(v2expr.NumberSet), N2("d").BeginsWith("pre"), N2("e").Contains("sub"),
					v2expr.Contains(N2("f"), 7), V2(1).In(N2("g"), N2("h")), v2expr.Size(N2("i")).Between(V2(1), N2("j"))))
			}},
		{"paths",
			func() nb {
				return expression.NewBuilder().WithProjection(expression.NamesList(N("a.b[2].c"), N("a"), N("x[0]"),
					expression.NameNoDotSplit("Safety.Warning"), expression.NameNoDotSplit("s.w[3]"), N("a").AppendName(N("[4].z")),
					N("m").AppendName(expression.NameNoDotSplit("k.k")), N("Size"), N("matrix[1][2]"), N("a[1]b[2]")))
			},
			func() vb {
				return v2expr.NewBuilder().WithProjection(v2expr.NamesList(N2("a.b[2].c"), N2("a"), N2("x[0]"),
					v2expr.NameNoDotSplit("Safety.Warning"), v2expr.NameNoDotSplit("s.w[3]"), N2("a").AppendName(N2("[4].z")),
					N2("m").AppendName(v2expr.NameNoDotSplit("k.k")), N2("Size"), N2("matrix[1][2]"), N2("a[1]b[2]")))
			}},
		{"projection AddNames",
			func() nb {
				return expression.NewBuilder().WithProjection(expression.AddNames(N("a").NamesList(N("b")), N("c")).AddNames(N("d")))
			},
			func() vb {
				return v2expr.NewBuilder().WithProjection(v2expr.AddNames(N2("a").NamesList(N2("b")), N2("c")).AddNames(N2("d")))
			}},
		{"key conditions",
			func() nb {
				return expression.NewBuilder().WithKeyCondition(K("pk").Equal(V("p")).And(K("sk").Between(V(1), V(9))))
			},
			func() vb {
				return v2expr.NewBuilder().WithKeyCondition(K2("pk").Equal(V2("p")).And(K2("sk").Between(V2(1), V2(9))))
			}},
		{"key begins_with and comparisons",
			func() nb {
				return expression.NewBuilder().WithKeyCondition(expression.KeyAnd(expression.KeyEqual(K("pk"), V("p")), expression.KeyBeginsWith(K("sk"), "2024")))
			},
			func() vb {
				return v2expr.NewBuilder().WithKeyCondition(v2expr.KeyAnd(v2expr.KeyEqual(K2("pk"), V2("p")), v2expr.KeyBeginsWith(K2("sk"), "2024")))
			}},
		{"key less than",
			func() nb { return expression.NewBuilder().WithKeyCondition(expression.KeyLessThan(K("a.b"), V(1))) },
			func() vb { return v2expr.NewBuilder().WithKeyCondition(v2expr.KeyLessThan(K2("a.b"), V2(1))) }},
		{"key others",
			func() nb {
				return expression.NewBuilder().WithKeyCondition(K("a").Equal(V(1)).And(K("b").Equal(V(2))).And(K("c").GreaterThanEqual(V(3))))
			},
			func() vb {
				return v2expr.NewBuilder().WithKeyCondition(K2("a").Equal(V2(1)).And(K2("b").Equal(V2(2))).And(K2("c").GreaterThanEqual(V2(3))))
			}},
		{"multi-attribute KeyAnd",
			func() nb {
				return expression.NewBuilder().WithKeyCondition(expression.KeyAnd(K("a").Equal(V(1)), K("b").Equal(V(2)), K("c").LessThanEqual(V(3))))
			},
			func() vb {
				return v2expr.NewBuilder().WithKeyCondition(v2expr.KeyAnd(K2("a").Equal(V2(1)), K2("b").Equal(V2(2)), K2("c").LessThanEqual(V2(3))))
			}},
		{"key greater than",
			func() nb { return expression.NewBuilder().WithKeyCondition(expression.KeyGreaterThan(K("a"), V(1))) },
			func() vb { return v2expr.NewBuilder().WithKeyCondition(v2expr.KeyGreaterThan(K2("a"), V2(1))) }},
		{"update, every action",
			func() nb {
				return expression.NewBuilder().WithUpdate(expression.Set(N("a"), V(1)).Remove(N("r")).Add(N("n"), V(2)).
					Delete(N("s"), V(&types.AttributeValueMemberSS{Value: []string{"x"}})).Set(N("b.c"), N("a").Plus(V(3))).
					Remove(N("l[1]")).Set(N("d"), expression.Minus(V(9), N("a"))))
			},
			func() vb {
				return v2expr.NewBuilder().WithUpdate(v2expr.Set(N2("a"), V2(1)).Remove(N2("r")).Add(N2("n"), V2(2)).
					Delete(N2("s"), V2(&v2types.AttributeValueMemberSS{Value: []string{"x"}})).Set(N2("b.c"), N2("a").Plus(V2(3))).
					Remove(N2("l[1]")).Set(N2("d"), v2expr.Minus(V2(9), N2("a"))))
			}},
		{"update functions",
			func() nb {
				return expression.NewBuilder().WithUpdate(expression.Set(N("l"), N("l").ListAppend(V([]string{"x", "y"}))).
					Set(N("m"), expression.IfNotExists(N("m"), V(0))).Set(N("o"), N("o").IfNotExists(N("p"))).
					Set(N("q"), V([]int{1}).ListAppend(N("q"))).Set(N("r"), expression.Plus(expression.IfNotExists(N("r"), V(0)), V(1))).
					Set(N("t"), V(1).Minus(V(2))).Set(N("u"), V(1).Plus(N("u"))))
			},
			func() vb {
				return v2expr.NewBuilder().WithUpdate(v2expr.Set(N2("l"), N2("l").ListAppend(V2([]string{"x", "y"}))).
					Set(N2("m"), v2expr.IfNotExists(N2("m"), V2(0))).Set(N2("o"), N2("o").IfNotExists(N2("p"))).
					Set(N2("q"), V2([]int{1}).ListAppend(N2("q"))).Set(N2("r"), v2expr.Plus(v2expr.IfNotExists(N2("r"), V2(0)), V2(1))).
					Set(N2("t"), V2(1).Minus(V2(2))).Set(N2("u"), V2(1).Plus(N2("u"))))
			}},
		{"all five expressions share names",
			func() nb {
				return expression.NewBuilder().WithUpdate(expression.Set(N("foo"), V(5))).WithKeyCondition(K("foo").Equal(V(5))).
					WithProjection(expression.NamesList(N("foo"), N("bar"), N("baz"))).WithFilter(N("bar").LessThan(V(6))).
					WithCondition(N("foo").Equal(V(5)))
			},
			func() vb {
				return v2expr.NewBuilder().WithUpdate(v2expr.Set(N2("foo"), V2(5))).WithKeyCondition(K2("foo").Equal(V2(5))).
					WithProjection(v2expr.NamesList(N2("foo"), N2("bar"), N2("baz"))).WithFilter(N2("bar").LessThan(V2(6))).
					WithCondition(N2("foo").Equal(V2(5)))
			}},
		{"values",
			func() nb {
				return expression.NewBuilder().WithCondition(expression.In(N("a"), V("s"), V(""), V(-7), V(uint8(8)), V(1.25), V(float32(0.1)),
					V(true), V(nil), V([]byte("b")), V([][]byte{[]byte("x")}), V([]any{1, "a", nil}), V(map[string]int{"k": 1, "j": 2}),
					V(map[string]string{}), V([]string{}), V(types.AttributeValueMemberN{Value: "3"}), V(&types.AttributeValueMemberNS{Value: []string{"1"}})))
			},
			func() vb {
				return v2expr.NewBuilder().WithCondition(v2expr.In(N2("a"), V2("s"), V2(""), V2(-7), V2(uint8(8)), V2(1.25), V2(float32(0.1)),
					V2(true), V2(nil), V2([]byte("b")), V2([][]byte{[]byte("x")}), V2([]any{1, "a", nil}), V2(map[string]int{"k": 1, "j": 2}),
					V2(map[string]string{}), V2([]string{}), V2(v2types.AttributeValueMemberN{Value: "3"}), V2(&v2types.AttributeValueMemberNS{Value: []string{"1"}})))
			}},

		{"many names and values",
			func() nb {
				var names []expression.NameBuilder
				var vals []expression.OperandBuilder
				for i := range 40 {
					names = append(names, N(fmt.Sprintf("a%d.b%d", i, i%3)))
					vals = append(vals, V(i))
				}
				return expression.NewBuilder().WithProjection(expression.NamesList(names[0], names[1:]...)).
					WithFilter(N("a39.b0").In(vals[0], vals[1:]...)).WithUpdate(expression.Set(N("a20"), V(0)))
			},
			func() vb {
				var names []v2expr.NameBuilder
				var vals []v2expr.OperandBuilder
				for i := range 40 {
					names = append(names, N2(fmt.Sprintf("a%d.b%d", i, i%3)))
					vals = append(vals, V2(i))
				}
				return v2expr.NewBuilder().WithProjection(v2expr.NamesList(names[0], names[1:]...)).
					WithFilter(N2("a39.b0").In(vals[0], vals[1:]...)).WithUpdate(v2expr.Set(N2("a20"), V2(0)))
			}},
		// The programs of feature/dynamodb/expression's Examples, whose
		// printed output is therefore v2's too.
		{"example WithCondition",
			func() nb {
				return expression.NewBuilder().WithCondition(expression.AttributeNotExists(N("pk")).Or(N("version").Equal(V(3))))
			},
			func() vb {
				return v2expr.NewBuilder().WithCondition(v2expr.AttributeNotExists(N2("pk")).Or(N2("version").Equal(V2(3))))
			}},
		{"example WithFilter",
			func() nb {
				return expression.NewBuilder().WithFilter(N("Artist").Equal(V("No One You Know")).
					And(N("Tags").Contains("indie"), N("Year").Between(V(1990), V(1999)))).
					WithProjection(expression.NamesList(N("SongTitle"), N("AlbumTitle")))
			},
			func() vb {
				return v2expr.NewBuilder().WithFilter(N2("Artist").Equal(V2("No One You Know")).
					And(N2("Tags").Contains("indie"), N2("Year").Between(V2(1990), V2(1999)))).
					WithProjection(v2expr.NamesList(N2("SongTitle"), N2("AlbumTitle")))
			}},
		{"example WithKeyCondition",
			func() nb {
				return expression.NewBuilder().WithKeyCondition(K("Artist").Equal(V("No One You Know")).And(K("SongTitle").BeginsWith("Call")))
			},
			func() vb {
				return v2expr.NewBuilder().WithKeyCondition(K2("Artist").Equal(V2("No One You Know")).And(K2("SongTitle").BeginsWith("Call")))
			}},
		{"example WithProjection",
			func() nb {
				return expression.NewBuilder().WithProjection(expression.NamesList(N("Title"), N("Reviews.FiveStar[0]")).
					AddNames(expression.NameNoDotSplit("Safety.Warning")))
			},
			func() vb {
				return v2expr.NewBuilder().WithProjection(v2expr.NamesList(N2("Title"), N2("Reviews.FiveStar[0]")).
					AddNames(v2expr.NameNoDotSplit("Safety.Warning")))
			}},
		{"example WithUpdate",
			func() nb {
				return expression.NewBuilder().WithUpdate(expression.Set(N("Price"), N("Price").Minus(V(5))).
					Set(N("Plays"), expression.IfNotExists(N("Plays"), V(0))).
					Set(N("Charts"), expression.ListAppend(N("Charts"), V([]string{"UK"}))).
					Remove(N("Discontinued")).
					Add(N("Tags"), V(&types.AttributeValueMemberSS{Value: []string{"remastered"}})))
			},
			func() vb {
				return v2expr.NewBuilder().WithUpdate(v2expr.Set(N2("Price"), N2("Price").Minus(V2(5))).
					Set(N2("Plays"), v2expr.IfNotExists(N2("Plays"), V2(0))).
					Set(N2("Charts"), v2expr.ListAppend(N2("Charts"), V2([]string{"UK"}))).
					Remove(N2("Discontinued")).
					Add(N2("Tags"), V2(&v2types.AttributeValueMemberSS{Value: []string{"remastered"}})))
			}},
		{"example KeyAnd",
			func() nb {
				return expression.NewBuilder().WithKeyCondition(expression.KeyAnd(K("TournamentId").Equal(V("WINTER2024")),
					K("Region").Equal(V("NA-EAST")), K("Round").GreaterThan(V(1))))
			},
			func() vb {
				return v2expr.NewBuilder().WithKeyCondition(v2expr.KeyAnd(K2("TournamentId").Equal(V2("WINTER2024")),
					K2("Region").Equal(V2("NA-EAST")), K2("Round").GreaterThan(V2(1))))
			}},
		{"example Name",
			func() nb {
				return expression.NewBuilder().WithCondition(N("Pictures.FrontView").AttributeExists().
					And(expression.NameNoDotSplit("Safety.Warning").AttributeExists(), N("RelatedItems[1]").Equal(V(472))))
			},
			func() vb {
				return v2expr.NewBuilder().WithCondition(N2("Pictures.FrontView").AttributeExists().
					And(v2expr.NameNoDotSplit("Safety.Warning").AttributeExists(), N2("RelatedItems[1]").Equal(V2(472))))
			}},

		// Both fail.
		{"empty builder",
			func() nb { return expression.NewBuilder() },
			func() vb { return v2expr.NewBuilder() }},
		{"unset condition",
			func() nb {
				return expression.NewBuilder().WithCondition(N("a").AttributeExists().And(expression.ConditionBuilder{}))
			},
			func() vb {
				return v2expr.NewBuilder().WithCondition(N2("a").AttributeExists().And(v2expr.ConditionBuilder{}))
			}},
		{"unset update",
			func() nb { return expression.NewBuilder().WithUpdate(expression.UpdateBuilder{}) },
			func() vb { return v2expr.NewBuilder().WithUpdate(v2expr.UpdateBuilder{}) }},
		{"unset projection",
			func() nb { return expression.NewBuilder().WithProjection(expression.ProjectionBuilder{}) },
			func() vb { return v2expr.NewBuilder().WithProjection(v2expr.ProjectionBuilder{}) }},
		{"unset key condition",
			func() nb { return expression.NewBuilder().WithKeyCondition(expression.KeyConditionBuilder{}) },
			func() vb { return v2expr.NewBuilder().WithKeyCondition(v2expr.KeyConditionBuilder{}) }},
		{"empty name",
			func() nb { return expression.NewBuilder().WithCondition(N("").Equal(V(1))) },
			func() vb { return v2expr.NewBuilder().WithCondition(N2("").Equal(V2(1))) }},
		{"empty key",
			func() nb { return expression.NewBuilder().WithKeyCondition(K("").Equal(V(1))) },
			func() vb { return v2expr.NewBuilder().WithKeyCondition(K2("").Equal(V2(1))) }},
		{"malformed paths",
			func() nb { return expression.NewBuilder().WithProjection(expression.NamesList(N("a..b"))) },
			func() vb { return v2expr.NewBuilder().WithProjection(v2expr.NamesList(N2("a..b"))) }},
		{"index without name",
			func() nb { return expression.NewBuilder().WithProjection(expression.NamesList(N("a.[1]"))) },
			func() vb { return v2expr.NewBuilder().WithProjection(v2expr.NamesList(N2("a.[1]"))) }},
		{"unclosed index",
			func() nb { return expression.NewBuilder().WithProjection(expression.NamesList(N("a[1"))) },
			func() vb { return v2expr.NewBuilder().WithProjection(v2expr.NamesList(N2("a[1"))) }},
		{"index not a number",
			func() nb { return expression.NewBuilder().WithProjection(expression.NamesList(N("a[x]"))) },
			func() vb { return v2expr.NewBuilder().WithProjection(v2expr.NamesList(N2("a[x]"))) }},
		{"empty index",
			func() nb { return expression.NewBuilder().WithProjection(expression.NamesList(N("a[]"))) },
			func() vb { return v2expr.NewBuilder().WithProjection(v2expr.NamesList(N2("a[]"))) }},
		{"close before open",
			func() nb { return expression.NewBuilder().WithProjection(expression.NamesList(N("a]1["))) },
			func() vb { return v2expr.NewBuilder().WithProjection(v2expr.NamesList(N2("a]1["))) }},
		{"trailing dot",
			func() nb { return expression.NewBuilder().WithProjection(expression.NamesList(N("a."))) },
			func() vb { return v2expr.NewBuilder().WithProjection(v2expr.NamesList(N2("a."))) }},
		{"bracket inside name",
			func() nb { return expression.NewBuilder().WithProjection(expression.NamesList(N("a[1]b"))) },
			func() vb { return v2expr.NewBuilder().WithProjection(v2expr.NamesList(N2("a[1]b"))) }},
		{"unset set value",
			func() nb {
				return expression.NewBuilder().WithUpdate(expression.Set(N("a"), expression.SetValueBuilder{}))
			},
			func() vb { return v2expr.NewBuilder().WithUpdate(v2expr.Set(N2("a"), v2expr.SetValueBuilder{})) }},
	}
}

func TestExpressionMatchesV2(t *testing.T) {
	for _, c := range append(exprCases(), exprSharingCases()...) {
		t.Run(c.name, func(t *testing.T) {
			got, want := nimbusResult(c.nimbus()), v2Result(c.v2())
			if !reflect.DeepEqual(got, want) {
				t.Errorf("Nimbus built\n %+v\nv2 built\n %+v", got, want)
			}
			t.Logf("%+v", got)
		})
	}
}

// The deliberate differences the package doc of
// feature/dynamodb/expression lists: each is checked here against v2 so
// that a change on either side shows up.
func TestExpressionDiffersFromV2(t *testing.T) {
	t.Run("nil operand", func(t *testing.T) {
		// v2 calls BuildOperand on the nil interface and panics.
		_, err := expression.NewBuilder().WithCondition(expression.Equal(nil, expression.Value(1))).Build()
		var unset expression.UnsetParameterError
		if !errors.As(err, &unset) {
			t.Errorf("Nimbus: err = %v; want an UnsetParameterError", err)
		}
		if !panics(func() { _, _ = v2expr.NewBuilder().WithCondition(v2expr.Equal(nil, v2expr.Value(1))).Build() }) {
			t.Error("v2 no longer panics on a nil operand")
		}
	})
	t.Run("misused KeyAnd", func(t *testing.T) {
		// v2 returns an untyped error; Nimbus an InvalidParameterError
		// that says what is wrong.
		K, V, K2, V2 := expression.Key, expression.Value, v2expr.Key, v2expr.Value
		for _, c := range []struct {
			name   string
			nimbus expression.KeyConditionBuilder
			v2     v2expr.KeyConditionBuilder
		}{
			{"one condition", expression.KeyAnd(K("a").Equal(V(1))), v2expr.KeyAnd(K2("a").Equal(V2(1)))},
			{"not leading with equality", K("a").LessThan(V(1)).And(K("b").Equal(V(1))), K2("a").LessThan(V2(1)).And(K2("b").Equal(V2(1)))},
			{"ending with KeyAnd",
				expression.KeyAnd(K("a").Equal(V(1)), expression.KeyAnd(K("b").Equal(V(1)), K("c").Equal(V(1)))),
				v2expr.KeyAnd(K2("a").Equal(V2(1)), v2expr.KeyAnd(K2("b").Equal(V2(1)), K2("c").Equal(V2(1))))},
		} {
			t.Run(c.name, func(t *testing.T) {
				_, err := expression.NewBuilder().WithKeyCondition(c.nimbus).Build()
				var invalid expression.InvalidParameterError
				if !errors.As(err, &invalid) {
					t.Errorf("Nimbus: err = %v; want an InvalidParameterError", err)
				}
				_, err = v2expr.NewBuilder().WithKeyCondition(c.v2).Build()
				var v2invalid v2expr.InvalidParameterError
				if err == nil || errors.As(err, &v2invalid) {
					t.Errorf("v2: err = %v; want an untyped error", err)
				}
			})
		}
	})
	t.Run("values v2 cannot convert", func(t *testing.T) {
		// v2 puts a nil attribute value in ExpressionAttributeValues for
		// these (the request then fails to serialize), or, for attribute
		// values inside a slice or map, a map of their Value fields.
		// Nimbus converts what it can and refuses the rest.
		var anyNum any = 3
		for _, c := range []struct {
			name       string
			nimbus, v2 any
			want       string // Nimbus's value, or "" for an InvalidParameterError
		}{
			{"pointer to interface", &anyNum, &anyNum, "N:3"},
			{"attribute values in a list",
				[]types.AttributeValue{&types.AttributeValueMemberS{Value: "a"}},
				[]v2types.AttributeValue{&v2types.AttributeValueMemberS{Value: "a"}}, `L:[S:"a"]`},
			{"attribute values in a map",
				map[string]types.AttributeValue{"k": &types.AttributeValueMemberN{Value: "1"}},
				map[string]v2types.AttributeValue{"k": &v2types.AttributeValueMemberN{Value: "1"}}, "M:map[k:N:1]"},
			{"channel", make(chan int), make(chan int), ""},
			{"function", func() {}, func() {}, ""},
			{"complex number", complex(1, 2), complex(1, 2), ""},
		} {
			t.Run(c.name, func(t *testing.T) {
				got := nimbusResult(expression.NewBuilder().WithCondition(expression.Name("a").Equal(expression.Value(c.nimbus))))
				if c.want == "" {
					if !strings.HasPrefix(got.Err, "InvalidParameterError ") {
						t.Errorf("Nimbus: %+v; want an InvalidParameterError", got)
					}
				} else if got.Values[":0"] != c.want {
					t.Errorf("Nimbus: %+v; want :0 = %s", got, c.want)
				}
				want := v2Result(v2expr.NewBuilder().WithCondition(v2expr.Name("a").Equal(v2expr.Value(c.v2))))
				if v := want.Values[":0"]; v != "?<nil>" && !strings.Contains(v, "M:map[Value:") {
					t.Errorf("v2 now converts %T to %s", c.v2, v)
				}
			})
		}
	})
	t.Run("projections from one base", func(t *testing.T) {
		// v2's AddNames appends to its argument's slice: when the base has
		// room to spare, the second projection made from it overwrites the
		// first one's added name. Nimbus's projections keep their own.
		base := expression.NamesList(expression.Name("a"), expression.Name("b")).AddNames(expression.Name("c"))
		p1 := base.AddNames(expression.Name("d"))
		_ = base.AddNames(expression.Name("e"))
		base2 := v2expr.NamesList(v2expr.Name("a"), v2expr.Name("b")).AddNames(v2expr.Name("c"))
		p2 := base2.AddNames(v2expr.Name("d"))
		_ = base2.AddNames(v2expr.Name("e"))
		got := nimbusResult(expression.NewBuilder().WithProjection(p1))
		want := v2Result(v2expr.NewBuilder().WithProjection(p2))
		if got.Names["#3"] != "d" || want.Names["#3"] != "e" {
			t.Errorf("fourth name: Nimbus %q, v2 %q; want d in Nimbus, e (overwritten) in v2", got.Names["#3"], want.Names["#3"])
		}
	})
}

func panics(f func()) (panicked bool) {
	defer func() { panicked = recover() != nil }()
	f()
	return false
}

// exprValueCases are Go values given to Value, as ported code passes
// them: each must become the same attribute value in both SDKs.
func exprValueCases() []struct {
	name string
	v    any
} {
	type (
		myString string
		myInt    int16
		myFloat  float32
		myBytes  []byte
		myList   []myString
		myMap    map[string]myInt
		address  struct {
			Street string
			Zip    int      `dynamodbav:"zip"`
			Tags   []string `dynamodbav:",stringset,omitempty"`
			Skip   string   `dynamodbav:"-"`
		}
	)
	var (
		nilPtr   *int
		nilSlice []string
		nilMap   map[string]int
		nilBytes []byte
		text     = "p"
		textPtr  = &text
	)
	return []struct {
		name string
		v    any
	}{
		{"nil", nil},
		{"struct with tags", address{Street: "Main St", Zip: 12345, Tags: []string{"b", "a"}, Skip: "x"}},
		{"struct with empty set", &address{Street: "Side St"}},
		{"nil pointer", nilPtr},
		{"nil slice", nilSlice},
		{"nil map", nilMap},
		{"nil bytes", nilBytes},
		{"string", "x"},
		{"empty string", ""},
		{"unicode string", "café ☕"},
		{"named string", myString("y")},
		{"pointer", &text},
		{"pointer to pointer", &textPtr},
		{"json.Number", json.Number("12.50")},
		{"true", true},
		{"false", false},
		{"zero int", 0},
		{"int", -42},
		{"int8", int8(-128)},
		{"named int", myInt(7)},
		{"uint64 max", uint64(math.MaxUint64)},
		{"int64 min", int64(math.MinInt64)},
		{"float64", 1.5},
		{"float64 large", 1e21},
		{"float64 small", 1e-7},
		{"float64 max", math.MaxFloat64},
		{"float32", float32(0.1)},
		{"named float", myFloat(2.5)},
		{"bytes", []byte("hi")},
		{"empty bytes", []byte{}},
		{"named bytes", myBytes("nb")},
		{"byte array", [2]byte{1, 2}},
		{"binary set", [][]byte{[]byte("a"), []byte("b")}},
		{"empty binary set", [][]byte{}},
		{"strings are a list", []string{"a", "b"}},
		{"empty list", []int{}},
		{"array", [3]int{1, 2, 3}},
		{"empty array", [0]int{}},
		{"named list", myList{"a"}},
		{"mixed list", []any{1, "a", nil, []int{2}, map[string]any{"k": false}}},
		{"list of pointers", []*int{nil, new(int)}},
		{"map", map[string]any{"a": 1, "b": map[int]bool{3: true}, "c": nil}},
		{"empty map", map[string]string{}},
		{"named map", myMap{"k": 1}},
		{"int keys", map[int]string{1: "one", -2: "minus two"}},
		{"bool keys", map[bool]int{true: 1}},
		{"float keys", map[float64]int{1.5: 1}},
		{"TextMarshaler keys", map[netip.Addr]int{netip.MustParseAddr("10.0.0.1"): 1}},
		{"TextMarshaler string keys", map[textKey]int{"k": 1}},
		{"time", time.Date(2024, 5, 6, 7, 8, 9, 10, time.UTC)},
		{"time with zone", time.Date(2024, 5, 6, 7, 8, 9, 0, time.FixedZone("X", 3600))},
		{"zero time", time.Time{}},
		{"attribute value member by value", types.AttributeValueMemberBOOL{Value: true}},
		{"attribute value member", &types.AttributeValueMemberSS{Value: []string{"a"}}},
	}
}

// textKey is a string type whose map keys are written by MarshalText.
type textKey string

func (k textKey) MarshalText() ([]byte, error) { return []byte("key-" + string(k)), nil }

func TestExpressionValuesMatchV2(t *testing.T) {
	for _, c := range exprValueCases() {
		t.Run(c.name, func(t *testing.T) {
			v2v := c.v
			// Attribute values are the one thing each SDK spells with its
			// own types.
			switch av := c.v.(type) {
			case types.AttributeValueMemberBOOL:
				v2v = v2types.AttributeValueMemberBOOL{Value: av.Value}
			case *types.AttributeValueMemberSS:
				v2v = &v2types.AttributeValueMemberSS{Value: av.Value}
			}
			got := nimbusResult(expression.NewBuilder().WithCondition(expression.Name("a").Equal(expression.Value(c.v))))
			want := v2Result(v2expr.NewBuilder().WithCondition(v2expr.Name("a").Equal(v2expr.Value(v2v))))
			if !reflect.DeepEqual(got, want) {
				t.Errorf("Value(%#v):\n Nimbus %+v\n v2     %+v", c.v, got.Values, want.Values)
			}
		})
	}
}
