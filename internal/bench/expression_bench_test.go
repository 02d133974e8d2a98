package bench

import (
	"testing"

	v2expr "github.com/aws/aws-sdk-go-v2/feature/dynamodb/expression"

	"github.com/nimbus-sdk/nimbus/feature/dynamodb/expression"
)

// BenchmarkExpressionBuild builds, each iteration, what an UpdateItem with
// optimistic locking and a filtered, projected Query send: the builders
// are made inside the loop, as a caller makes them per request.
func BenchmarkExpressionBuild(b *testing.B) {
	runCases(b, []benchCase{
		{"update/nimbus", func(b *testing.B) {
			x, v := expression.Name, expression.Value
			b.ReportAllocs()
			for b.Loop() {
				cond := x("pk").AttributeExists().And(x("version").Equal(v(7)))
				upd := expression.Set(x("version"), x("version").Plus(v(1))).
					Set(x("profile.name"), v("Ada Lovelace")).
					Set(x("profile.email"), v("ada@example.com")).
					Set(x("tags"), x("tags").ListAppend(v([]string{"vip"}))).
					Set(x("logins"), expression.IfNotExists(x("logins"), v(0))).
					Add(x("visits"), v(1)).
					Remove(x("pending[0]"))
				if _, err := expression.NewBuilder().WithCondition(cond).WithUpdate(upd).Build(); err != nil {
					b.Fatal(err)
				}
			}
		}},
		{"update/v2", func(b *testing.B) {
			x, v := v2expr.Name, v2expr.Value
			b.ReportAllocs()
			for b.Loop() {
				cond := x("pk").AttributeExists().And(x("version").Equal(v(7)))
				upd := v2expr.Set(x("version"), x("version").Plus(v(1))).
					Set(x("profile.name"), v("Ada Lovelace")).
					Set(x("profile.email"), v("ada@example.com")).
					Set(x("tags"), x("tags").ListAppend(v([]string{"vip"}))).
					Set(x("logins"), v2expr.IfNotExists(x("logins"), v(0))).
					Add(x("visits"), v(1)).
					Remove(x("pending[0]"))
				if _, err := v2expr.NewBuilder().WithCondition(cond).WithUpdate(upd).Build(); err != nil {
					b.Fatal(err)
				}
			}
		}},
		{"query/nimbus", func(b *testing.B) {
			x, v, k := expression.Name, expression.Value, expression.Key
			b.ReportAllocs()
			for b.Loop() {
				kc := k("pk").Equal(v("user#42")).And(k("sk").BeginsWith("order#2024"))
				filt := x("status").In(v("shipped"), v("delivered")).And(x("total").GreaterThan(v(100)))
				proj := expression.NamesList(x("sk"), x("status"), x("total"), x("items[0].sku"))
				if _, err := expression.NewBuilder().WithKeyCondition(kc).WithFilter(filt).WithProjection(proj).Build(); err != nil {
					b.Fatal(err)
				}
			}
		}},
		{"query/v2", func(b *testing.B) {
			x, v, k := v2expr.Name, v2expr.Value, v2expr.Key
			b.ReportAllocs()
			for b.Loop() {
				kc := k("pk").Equal(v("user#42")).And(k("sk").BeginsWith("order#2024"))
				filt := x("status").In(v("shipped"), v("delivered")).And(x("total").GreaterThan(v(100)))
				proj := v2expr.NamesList(x("sk"), x("status"), x("total"), x("items[0].sku"))
				if _, err := v2expr.NewBuilder().WithKeyCondition(kc).WithFilter(filt).WithProjection(proj).Build(); err != nil {
					b.Fatal(err)
				}
			}
		}},
	})
}
