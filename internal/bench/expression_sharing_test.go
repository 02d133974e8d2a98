package bench

import (
	v2expr "github.com/aws/aws-sdk-go-v2/feature/dynamodb/expression"

	"github.com/nimbus-sdk/nimbus/feature/dynamodb/expression"
)

// exprSharingCases call builder methods and drop their results, or make
// several builders from one base, the way ported v2 code does: in v2 an
// UpdateBuilder's or Builder's copies share a map, and Nimbus must build
// the same expressions from the same calls, zero-value receivers (whose
// dropped results are lost in v2) included.
func exprSharingCases() []exprCase {
	type (
		nb = expression.Builder
		vb = v2expr.Builder
	)
	var (
		N, V, K    = expression.Name, expression.Value, expression.Key
		N2, V2, K2 = v2expr.Name, v2expr.Value, v2expr.Key
	)
	return []exprCase{
		{"UpdateMovie: second Set dropped",
			func() nb {
				update := expression.Set(N("info.rating"), V(8.5))
				update.Set(N("info.plot"), V("A bear"))
				return expression.NewBuilder().WithUpdate(update)
			},
			func() vb {
				update := v2expr.Set(N2("info.rating"), V2(8.5))
				update.Set(N2("info.plot"), V2("A bear"))
				return v2expr.NewBuilder().WithUpdate(update)
			}},
		{"every update action dropped",
			func() nb {
				update := expression.Remove(N("r"))
				update.Set(N("a"), N("a").Plus(V(1)))
				update.Add(N("n"), V(2))
				update.Delete(N("s"), V([]string{"x"}))
				update.Remove(N("l[0]"))
				return expression.NewBuilder().WithUpdate(update)
			},
			func() vb {
				update := v2expr.Remove(N2("r"))
				update.Set(N2("a"), N2("a").Plus(V2(1)))
				update.Add(N2("n"), V2(2))
				update.Delete(N2("s"), V2([]string{"x"}))
				update.Remove(N2("l[0]"))
				return v2expr.NewBuilder().WithUpdate(update)
			}},
		{"update action added through a copy",
			func() nb {
				update := expression.Set(N("a"), V(1))
				other := update
				other.Add(N("b"), V(2))
				return expression.NewBuilder().WithUpdate(update)
			},
			func() vb {
				update := v2expr.Set(N2("a"), V2(1))
				other := update
				other.Add(N2("b"), V2(2))
				return v2expr.NewBuilder().WithUpdate(update)
			}},
		{"two updates from one base, first built",
			func() nb {
				base := expression.Set(N("a"), V(1)).Set(N("b"), V(2))
				u1 := base.Set(N("c"), V(3))
				_ = base.Remove(N("d"))
				return expression.NewBuilder().WithUpdate(u1)
			},
			func() vb {
				base := v2expr.Set(N2("a"), V2(1)).Set(N2("b"), V2(2))
				u1 := base.Set(N2("c"), V2(3))
				_ = base.Remove(N2("d"))
				return v2expr.NewBuilder().WithUpdate(u1)
			}},
		{"two updates from one base, base built",
			func() nb {
				base := expression.Set(N("a"), V(1))
				_ = base.Set(N("c"), V(3))
				_ = base.Add(N("d"), V(4))
				return expression.NewBuilder().WithUpdate(base)
			},
			func() vb {
				base := v2expr.Set(N2("a"), V2(1))
				_ = base.Set(N2("c"), V2(3))
				_ = base.Add(N2("d"), V2(4))
				return v2expr.NewBuilder().WithUpdate(base)
			}},
		{"update changed after WithUpdate",
			func() nb {
				update := expression.Set(N("a"), V(1))
				b := expression.NewBuilder().WithUpdate(update)
				update.Remove(N("b"))
				return b
			},
			func() vb {
				update := v2expr.Set(N2("a"), V2(1))
				b := v2expr.NewBuilder().WithUpdate(update)
				update.Remove(N2("b"))
				return b
			}},
		{"zero UpdateBuilder, results dropped",
			func() nb {
				var update expression.UpdateBuilder
				update.Set(N("a"), V(1))
				update.Remove(N("b"))
				update.Add(N("c"), V(1))
				update.Delete(N("d"), V([]string{"x"}))
				return expression.NewBuilder().WithUpdate(update)
			},
			func() vb {
				var update v2expr.UpdateBuilder
				update.Set(N2("a"), V2(1))
				update.Remove(N2("b"))
				update.Add(N2("c"), V2(1))
				update.Delete(N2("d"), V2([]string{"x"}))
				return v2expr.NewBuilder().WithUpdate(update)
			}},
		{"zero UpdateBuilder, two updates from it",
			func() nb {
				var zero expression.UpdateBuilder
				u1 := zero.Set(N("a"), V(1))
				_ = zero.Set(N("b"), V(2))
				return expression.NewBuilder().WithUpdate(u1)
			},
			func() vb {
				var zero v2expr.UpdateBuilder
				u1 := zero.Set(N2("a"), V2(1))
				_ = zero.Set(N2("b"), V2(2))
				return v2expr.NewBuilder().WithUpdate(u1)
			}},
		{"every With dropped",
			func() nb {
				b := expression.NewBuilder().WithKeyCondition(K("pk").Equal(V("p")))
				b.WithFilter(N("f").GreaterThan(V(1)))
				b.WithProjection(expression.NamesList(N("x"), N("f")))
				b.WithCondition(N("c").AttributeNotExists())
				b.WithUpdate(expression.Set(N("u"), V(2)))
				return b
			},
			func() vb {
				b := v2expr.NewBuilder().WithKeyCondition(K2("pk").Equal(V2("p")))
				b.WithFilter(N2("f").GreaterThan(V2(1)))
				b.WithProjection(v2expr.NamesList(N2("x"), N2("f")))
				b.WithCondition(N2("c").AttributeNotExists())
				b.WithUpdate(v2expr.Set(N2("u"), V2(2)))
				return b
			}},
		{"With through a copy replaces",
			func() nb {
				b := expression.NewBuilder().WithFilter(N("f").Equal(V(1)))
				other := b
				other.WithFilter(N("g").Equal(V(2)))
				return b
			},
			func() vb {
				b := v2expr.NewBuilder().WithFilter(N2("f").Equal(V2(1)))
				other := b
				other.WithFilter(N2("g").Equal(V2(2)))
				return b
			}},
		{"two Builders from one base",
			func() nb {
				base := expression.NewBuilder().WithCondition(N("a").AttributeExists())
				b1 := base.WithFilter(N("f").Equal(V(1)))
				_ = base.WithProjection(expression.NamesList(N("p")))
				return b1
			},
			func() vb {
				base := v2expr.NewBuilder().WithCondition(N2("a").AttributeExists())
				b1 := base.WithFilter(N2("f").Equal(V2(1)))
				_ = base.WithProjection(v2expr.NamesList(N2("p")))
				return b1
			}},
		{"NewBuilder, With dropped",
			func() nb {
				b := expression.NewBuilder()
				b.WithFilter(N("f").Equal(V(1)))
				b.WithUpdate(expression.Set(N("a"), V(1)))
				return b
			},
			func() vb {
				b := v2expr.NewBuilder()
				b.WithFilter(N2("f").Equal(V2(1)))
				b.WithUpdate(v2expr.Set(N2("a"), V2(1)))
				return b
			}},
		{"NewBuilder, two Builders from it",
			func() nb {
				base := expression.NewBuilder()
				b1 := base.WithFilter(N("f").Equal(V(1)))
				_ = base.WithCondition(N("c").AttributeExists())
				return b1
			},
			func() vb {
				base := v2expr.NewBuilder()
				b1 := base.WithFilter(N2("f").Equal(V2(1)))
				_ = base.WithCondition(N2("c").AttributeExists())
				return b1
			}},
		{"AddNames dropped",
			func() nb {
				p := expression.NamesList(N("a"), N("b"))
				p.AddNames(N("c"))
				expression.AddNames(p, N("d"))
				return expression.NewBuilder().WithProjection(p)
			},
			func() vb {
				p := v2expr.NamesList(N2("a"), N2("b"))
				p.AddNames(N2("c"))
				v2expr.AddNames(p, N2("d"))
				return v2expr.NewBuilder().WithProjection(p)
			}},
		{"chained from one base, reused",
			func() nb {
				base := expression.Set(N("a"), V(1))
				b := expression.NewBuilder().WithUpdate(base.Set(N("b"), V(2)).Remove(N("c")))
				_ = b.WithCondition(N("a").AttributeExists())
				return b
			},
			func() vb {
				base := v2expr.Set(N2("a"), V2(1))
				b := v2expr.NewBuilder().WithUpdate(base.Set(N2("b"), V2(2)).Remove(N2("c")))
				_ = b.WithCondition(N2("a").AttributeExists())
				return b
			}},
	}
}
