package bench

import (
	"fmt"
	"os"
	"reflect"
	"strconv"
	"testing"
	"time"

	v2av "github.com/aws/aws-sdk-go-v2/feature/dynamodb/attributevalue"
	v2types "github.com/aws/aws-sdk-go-v2/service/dynamodb/types"

	"github.com/nimbus-sdk/nimbus/feature/dynamodb/attributevalue"
	"github.com/nimbus-sdk/nimbus/services/dynamodb/types"
)

// benchOrder is a realistic 20-field item: keys, strings, numbers,
// booleans, times (RFC 3339 and unixtime), a string set, a list of
// structs, a nested struct, an optional pointer and a map.
type benchOrder struct {
	PK         string    `dynamodbav:"pk"`
	SK         string    `dynamodbav:"sk"`
	CustomerID string    `dynamodbav:"customer_id"`
	Email      string    `dynamodbav:"email"`
	Status     string    `dynamodbav:"status"`
	Currency   string    `dynamodbav:"currency"`
	Total      float64   `dynamodbav:"total"`
	Tax        float64   `dynamodbav:"tax"`
	ItemCount  int       `dynamodbav:"item_count"`
	Priority   int32     `dynamodbav:"priority"`
	Paid       bool      `dynamodbav:"paid"`
	Gift       bool      `dynamodbav:"gift"`
	CreatedAt  time.Time `dynamodbav:"created_at"`
	UpdatedAt  time.Time `dynamodbav:"updated_at"`
	ExpiresAt  time.Time `dynamodbav:"expires_at,unixtime"`
	Tags       []string  `dynamodbav:"tags,stringset,omitempty"`
	Lines      []benchLine
	Address    benchAddress
	Note       *string           `dynamodbav:"note,omitempty"`
	Attrs      map[string]string `dynamodbav:"attrs"`
}

type benchLine struct {
	SKU   string  `dynamodbav:"sku"`
	Qty   int     `dynamodbav:"qty"`
	Price float64 `dynamodbav:"price"`
}

type benchAddress struct {
	Street  string `dynamodbav:"street"`
	City    string `dynamodbav:"city"`
	Zip     string `dynamodbav:"zip"`
	Country string `dynamodbav:"country"`
}

func newBenchOrder(i int) benchOrder {
	note := "leave at the door"
	created := time.Date(2025, 3, 1, 12, 0, 0, 0, time.UTC).Add(time.Duration(i) * time.Minute)
	o := benchOrder{
		PK: fmt.Sprintf("customer#%05d", i%97), SK: fmt.Sprintf("order#%08d", i),
		CustomerID: fmt.Sprintf("c-%05d", i%97), Email: fmt.Sprintf("customer%d@example.com", i%97),
		Status: "SHIPPED", Currency: "EUR", Total: float64(i%1000) + 0.99, Tax: 4.75,
		ItemCount: 3, Priority: int32(i % 5), Paid: true, Gift: i%7 == 0,
		CreatedAt: created, UpdatedAt: created.Add(90 * time.Second), ExpiresAt: created.Add(365 * 24 * time.Hour),
		Tags: []string{"express", "fragile"},
		Lines: []benchLine{
			{SKU: "SKU-1", Qty: 1, Price: 10.5},
			{SKU: "SKU-2", Qty: 2, Price: 3.25},
			{SKU: "SKU-3", Qty: 1, Price: 99},
		},
		Address: benchAddress{Street: fmt.Sprintf("%d Main Street", i), City: "Springfield", Zip: "12345", Country: "DE"},
		Attrs:   map[string]string{"channel": "web", "campaign": "spring"},
	}
	if i%2 == 0 {
		o.Note = &note
	}
	return o
}

// benchPage is a 1,000-item Query page in both SDKs' types, encoded by v2.
func benchPage() ([]map[string]v2types.AttributeValue, []map[string]types.AttributeValue) {
	v2items := make([]map[string]v2types.AttributeValue, 1000)
	items := make([]map[string]types.AttributeValue, 1000)
	for i := range v2items {
		m, err := v2av.MarshalMap(newBenchOrder(i))
		if err != nil {
			panic(err) // the orders are fixed and encode
		}
		v2items[i] = m
		items[i] = mapFromV2(m)
	}
	return v2items, items
}

// TestAttributeValueBenchAgree checks that the benchmarked work is equal:
// both SDKs encode the order identically and decode the page to the same
// orders.
func TestAttributeValueBenchAgree(t *testing.T) {
	o := newBenchOrder(2)
	n, err := attributevalue.MarshalMap(o)
	if err != nil {
		t.Fatal(err)
	}
	v, err := v2av.MarshalMap(o)
	if err != nil {
		t.Fatal(err)
	}
	if got, want := mapString(n), mapString(mapFromV2(v)); got != want {
		t.Fatalf("MarshalMap:\nnimbus %s\nv2     %s", got, want)
	}
	v2items, items := benchPage()
	var got, want []benchOrder
	if err := attributevalue.UnmarshalListOfMaps(items, &got); err != nil {
		t.Fatal(err)
	}
	if err := v2av.UnmarshalListOfMaps(v2items, &want); err != nil {
		t.Fatal(err)
	}
	if len(got) != 1000 || !reflect.DeepEqual(got, want) {
		t.Fatalf("UnmarshalListOfMaps: the SDKs disagree (len %d)", len(got))
	}
}

// attrWorkload is one operation done by each SDK; each function panics
// if the operation fails.
type attrWorkload struct {
	name       string
	nimbus, v2 func()
}

func mustOK(err error) {
	if err != nil {
		panic(err)
	}
}

func attrMarshal() attrWorkload {
	o := newBenchOrder(2)
	return attrWorkload{"Marshal",
		func() { _, err := attributevalue.MarshalMap(o); mustOK(err) },
		func() { _, err := v2av.MarshalMap(o); mustOK(err) }}
}

func attrUnmarshal() attrWorkload {
	v, err := v2av.MarshalMap(newBenchOrder(2))
	mustOK(err)
	n := mapFromV2(v)
	return attrWorkload{"Unmarshal",
		func() { var o benchOrder; mustOK(attributevalue.UnmarshalMap(n, &o)) },
		func() { var o benchOrder; mustOK(v2av.UnmarshalMap(v, &o)) }}
}

func attrQueryPage() attrWorkload {
	v2items, items := benchPage()
	return attrWorkload{"QueryPage",
		func() { var page []benchOrder; mustOK(attributevalue.UnmarshalListOfMaps(items, &page)) },
		func() { var page []benchOrder; mustOK(v2av.UnmarshalListOfMaps(v2items, &page)) }}
}

func attrMarshalPage() attrWorkload {
	orders := make([]benchOrder, 1000)
	for i := range orders {
		orders[i] = newBenchOrder(i)
	}
	return attrWorkload{"MarshalPage",
		func() {
			for i := range orders {
				_, err := attributevalue.MarshalMap(&orders[i])
				mustOK(err)
			}
		},
		func() {
			for i := range orders {
				_, err := v2av.MarshalMap(&orders[i])
				mustOK(err)
			}
		}}
}

func (w attrWorkload) cases() []benchCase {
	run := func(f func()) func(b *testing.B) {
		return func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				f()
			}
		}
	}
	return []benchCase{{"nimbus", run(w.nimbus)}, {"v2", run(w.v2)}}
}

// attrMarshalCases adds two floors: the same item built by hand-written
// code without reflection, allocating each member ("raw") or taking
// members from slabs as Nimbus does ("slab"). No encoder whose result is
// a map of attribute values can do much better than "slab".
func attrMarshalCases() []benchCase {
	o := newBenchOrder(2)
	hand := func(m members) benchCase {
		return benchCase{m.name(), func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				handMarshal(&o, m)
			}
		}}
	}
	return append(attrMarshal().cases(), hand(newMembers{}), hand(&slabMembers{}))
}

// attrUnmarshalCases and attrQueryPageCases add a floor: the same item
// decoded by hand-written code without reflection ("hand").
func attrUnmarshalCases() []benchCase {
	v, err := v2av.MarshalMap(newBenchOrder(2))
	mustOK(err)
	n := mapFromV2(v)
	return append(attrUnmarshal().cases(), benchCase{"hand", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			var o benchOrder
			mustOK(handUnmarshal(n, &o))
		}
	}})
}

func attrQueryPageCases() []benchCase {
	_, items := benchPage()
	return append(attrQueryPage().cases(), benchCase{"hand", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			page := make([]benchOrder, len(items))
			for i, item := range items {
				mustOK(handUnmarshal(item, &page[i]))
			}
		}
	}})
}

// attrMarshalPageCases adds the "slab" floor of attrMarshalCases.
func attrMarshalPageCases() []benchCase {
	orders := make([]benchOrder, 1000)
	for i := range orders {
		orders[i] = newBenchOrder(i)
	}
	a := &slabMembers{}
	return append(attrMarshalPage().cases(), benchCase{a.name(), func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			for i := range orders {
				handMarshal(&orders[i], a)
			}
		}
	}})
}

// BenchmarkAttributeValueSideBySide runs each workload for both SDKs in
// alternating blocks inside one benchmark, so that load on the (shared)
// machine affects both alike, and reports the speedup (v2 time / Nimbus
// time) and each SDK's allocations per operation.
func BenchmarkAttributeValueSideBySide(b *testing.B) {
	for _, w := range []attrWorkload{attrMarshal(), attrUnmarshal(), attrQueryPage(), attrMarshalPage()} {
		b.Run(w.name, func(b *testing.B) {
			nAllocs, vAllocs := testing.AllocsPerRun(3, w.nimbus), testing.AllocsPerRun(3, w.v2)
			nTime, vTime, n := sideBySide(b, w.nimbus, w.v2)
			ops := float64(n)
			b.ReportMetric(float64(nTime.Nanoseconds())/ops, "nimbus-ns/op")
			b.ReportMetric(float64(vTime.Nanoseconds())/ops, "v2-ns/op")
			b.ReportMetric(vTime.Seconds()/nTime.Seconds(), "speedup")
			b.ReportMetric(nAllocs, "nimbus-allocs/op")
			b.ReportMetric(vAllocs, "v2-allocs/op")
			b.ReportMetric(vAllocs/nAllocs, "alloc-ratio")
		})
	}
}

// BenchmarkAttributeValueMarshal encodes one 20-field order with MarshalMap.
func BenchmarkAttributeValueMarshal(b *testing.B) { runCases(b, attrMarshalCases()) }

// BenchmarkAttributeValueUnmarshal decodes one 20-field order with
// UnmarshalMap.
func BenchmarkAttributeValueUnmarshal(b *testing.B) { runCases(b, attrUnmarshalCases()) }

// BenchmarkAttributeValueQueryPage decodes a 1,000-item Query page with
// UnmarshalListOfMaps.
func BenchmarkAttributeValueQueryPage(b *testing.B) { runCases(b, attrQueryPageCases()) }

// BenchmarkAttributeValueMarshalPage encodes 1,000 orders (a batch of
// writes) with MarshalMap.
func BenchmarkAttributeValueMarshalPage(b *testing.B) { runCases(b, attrMarshalPageCases()) }

// attrValueComparisons are the attributevalue benchmarks with the targets
// of issue 12: at least 3x v2's speed and at most 1/3 of its allocations.
var attrValueComparisons = []comparison{
	{"AttributeValueMarshal", attrMarshalCases, attrTarget},
	{"AttributeValueUnmarshal", attrUnmarshalCases, attrTarget},
	{"AttributeValueQueryPage", attrQueryPageCases, attrTarget},
	{"AttributeValueMarshalPage", attrMarshalPageCases, attrTarget},
}

func attrTarget(r map[string]testing.BenchmarkResult) string {
	return verdict(timeRatio(r["nimbus"], r["v2"]) <= 1.0/3 && allocRatio(r["nimbus"], r["v2"]) <= 1.0/3,
		"time <= 1/3 v2, allocs <= 1/3 v2")
}

func init() { comparisons = append(comparisons, attrValueComparisons...) }

// TestPrintAttributeValueRatios is TestPrintRatios for the attributevalue
// benchmarks only (NIMBUS_BENCH=1; NIMBUS_BENCH_COUNT as there).
func TestPrintAttributeValueRatios(t *testing.T) {
	if os.Getenv("NIMBUS_BENCH") != "1" {
		t.Skip("set NIMBUS_BENCH=1 to run the side-by-side benchmarks")
	}
	count, _ := strconv.Atoi(os.Getenv("NIMBUS_BENCH_COUNT"))
	printRatios(t, attrValueComparisons, max(count, 1))
}

// members allocates the union members handMarshal builds.
type members interface {
	name() string
	S(string) types.AttributeValue
	N(string) types.AttributeValue
	BOOL(bool) types.AttributeValue
	M(map[string]types.AttributeValue) types.AttributeValue
}

// newMembers allocates each member on its own.
type newMembers struct{}

func (newMembers) name() string                     { return "raw" }
func (newMembers) S(s string) types.AttributeValue  { return &types.AttributeValueMemberS{Value: s} }
func (newMembers) N(s string) types.AttributeValue  { return &types.AttributeValueMemberN{Value: s} }
func (newMembers) BOOL(v bool) types.AttributeValue { return &types.AttributeValueMemberBOOL{Value: v} }
func (newMembers) M(m map[string]types.AttributeValue) types.AttributeValue {
	return &types.AttributeValueMemberM{Value: m}
}

// slabMembers hands members out of slabs of 32, kept across items.
type slabMembers struct {
	s    slab[types.AttributeValueMemberS]
	n    slab[types.AttributeValueMemberN]
	bool slab[types.AttributeValueMemberBOOL]
	m    slab[types.AttributeValueMemberM]
}

type slab[T any] []T

func (s *slab[T]) next() *T {
	if len(*s) == 0 {
		*s = make([]T, 32)
	}
	p := &(*s)[0]
	*s = (*s)[1:]
	return p
}

func (*slabMembers) name() string { return "slab" }
func (a *slabMembers) S(s string) types.AttributeValue {
	p := a.s.next()
	p.Value = s
	return p
}
func (a *slabMembers) N(s string) types.AttributeValue {
	p := a.n.next()
	p.Value = s
	return p
}
func (a *slabMembers) BOOL(v bool) types.AttributeValue {
	p := a.bool.next()
	p.Value = v
	return p
}
func (a *slabMembers) M(m map[string]types.AttributeValue) types.AttributeValue {
	p := a.m.next()
	p.Value = m
	return p
}

// handMarshal builds benchOrder's item without reflection: what a code
// generator for this one type would emit.
func handMarshal(o *benchOrder, a members) map[string]types.AttributeValue {
	float := func(f float64) types.AttributeValue { return a.N(strconv.FormatFloat(f, 'f', -1, 64)) }
	m := make(map[string]types.AttributeValue, 20)
	m["pk"], m["sk"], m["customer_id"] = a.S(o.PK), a.S(o.SK), a.S(o.CustomerID)
	m["email"], m["status"], m["currency"] = a.S(o.Email), a.S(o.Status), a.S(o.Currency)
	m["total"], m["tax"] = float(o.Total), float(o.Tax)
	m["item_count"], m["priority"] = a.N(strconv.Itoa(o.ItemCount)), a.N(strconv.Itoa(int(o.Priority)))
	m["paid"], m["gift"] = a.BOOL(o.Paid), a.BOOL(o.Gift)
	m["created_at"], m["updated_at"] = a.S(o.CreatedAt.Format(time.RFC3339Nano)), a.S(o.UpdatedAt.Format(time.RFC3339Nano))
	m["expires_at"] = a.N(strconv.FormatInt(o.ExpiresAt.Unix(), 10))
	m["tags"] = &types.AttributeValueMemberSS{Value: append([]string(nil), o.Tags...)}
	lines := make([]types.AttributeValue, len(o.Lines))
	for i, ln := range o.Lines {
		lm := make(map[string]types.AttributeValue, 3)
		lm["sku"], lm["qty"], lm["price"] = a.S(ln.SKU), a.N(strconv.Itoa(ln.Qty)), float(ln.Price)
		lines[i] = a.M(lm)
	}
	m["Lines"] = &types.AttributeValueMemberL{Value: lines}
	am := make(map[string]types.AttributeValue, 4)
	am["street"], am["city"], am["zip"], am["country"] = a.S(o.Address.Street), a.S(o.Address.City), a.S(o.Address.Zip), a.S(o.Address.Country)
	m["Address"] = a.M(am)
	if o.Note != nil {
		m["note"] = a.S(*o.Note)
	}
	attrs := make(map[string]types.AttributeValue, len(o.Attrs))
	for k, v := range o.Attrs {
		attrs[k] = a.S(v)
	}
	m["attrs"] = a.M(attrs)
	return m
}

// handUnmarshal decodes benchOrder's item without reflection, by v2's
// rules for each field: what a code generator for this one type would
// emit.
func handUnmarshal(m map[string]types.AttributeValue, o *benchOrder) error {
	for _, f := range []struct {
		name string
		dst  *string
	}{{"pk", &o.PK}, {"sk", &o.SK}, {"customer_id", &o.CustomerID}, {"email", &o.Email},
		{"status", &o.Status}, {"currency", &o.Currency}} {
		if err := handString(m[f.name], f.dst); err != nil {
			return err
		}
	}
	if err := handFloat(m["total"], &o.Total); err != nil {
		return err
	}
	if err := handFloat(m["tax"], &o.Tax); err != nil {
		return err
	}
	n, err := handInt(m["item_count"], 64)
	if err != nil {
		return err
	}
	o.ItemCount = int(n)
	if n, err = handInt(m["priority"], 32); err != nil {
		return err
	}
	o.Priority = int32(n)
	if err := handBool(m["paid"], &o.Paid); err != nil {
		return err
	}
	if err := handBool(m["gift"], &o.Gift); err != nil {
		return err
	}
	if err := handTime(m["created_at"], &o.CreatedAt); err != nil {
		return err
	}
	if err := handTime(m["updated_at"], &o.UpdatedAt); err != nil {
		return err
	}
	if n, err = handInt(m["expires_at"], 64); err != nil {
		return err
	}
	o.ExpiresAt = time.Unix(n, 0)
	if ss, ok := m["tags"].(*types.AttributeValueMemberSS); ok {
		o.Tags = append([]string(nil), ss.Value...)
	} else if m["tags"] != nil {
		return fmt.Errorf("tags: %T is not SS", m["tags"])
	}
	if l, ok := m["Lines"].(*types.AttributeValueMemberL); ok {
		o.Lines = make([]benchLine, len(l.Value))
		for i, av := range l.Value {
			lm, ok := av.(*types.AttributeValueMemberM)
			if !ok {
				return fmt.Errorf("Lines[%d]: %T is not M", i, av)
			}
			ln := &o.Lines[i]
			if err := handString(lm.Value["sku"], &ln.SKU); err != nil {
				return err
			}
			n, err := handInt(lm.Value["qty"], 64)
			if err != nil {
				return err
			}
			ln.Qty = int(n)
			if err := handFloat(lm.Value["price"], &ln.Price); err != nil {
				return err
			}
		}
	}
	if am, ok := m["Address"].(*types.AttributeValueMemberM); ok {
		a := &o.Address
		for _, f := range []struct {
			name string
			dst  *string
		}{{"street", &a.Street}, {"city", &a.City}, {"zip", &a.Zip}, {"country", &a.Country}} {
			if err := handString(am.Value[f.name], f.dst); err != nil {
				return err
			}
		}
	}
	if s, ok := m["note"].(*types.AttributeValueMemberS); ok {
		o.Note = new(string)
		*o.Note = s.Value
	}
	if am, ok := m["attrs"].(*types.AttributeValueMemberM); ok {
		o.Attrs = make(map[string]string, len(am.Value))
		for k, av := range am.Value {
			var s string
			if err := handString(av, &s); err != nil {
				return err
			}
			o.Attrs[k] = s
		}
	}
	return nil
}

func handString(av types.AttributeValue, dst *string) error {
	switch v := av.(type) {
	case nil:
		return nil
	case *types.AttributeValueMemberS:
		*dst = v.Value
		return nil
	}
	return fmt.Errorf("%T is not S", av)
}

func handFloat(av types.AttributeValue, dst *float64) error {
	v, ok := av.(*types.AttributeValueMemberN)
	if !ok {
		return fmt.Errorf("%T is not N", av)
	}
	f, err := strconv.ParseFloat(v.Value, 64)
	*dst = f
	return err
}

func handInt(av types.AttributeValue, bits int) (int64, error) {
	v, ok := av.(*types.AttributeValueMemberN)
	if !ok {
		return 0, fmt.Errorf("%T is not N", av)
	}
	return strconv.ParseInt(v.Value, 10, bits)
}

func handBool(av types.AttributeValue, dst *bool) error {
	v, ok := av.(*types.AttributeValueMemberBOOL)
	if !ok {
		return fmt.Errorf("%T is not BOOL", av)
	}
	*dst = v.Value
	return nil
}

func handTime(av types.AttributeValue, dst *time.Time) error {
	v, ok := av.(*types.AttributeValueMemberS)
	if !ok {
		return fmt.Errorf("%T is not S", av)
	}
	t, err := time.Parse(time.RFC3339, v.Value)
	*dst = t
	return err
}

// TestHandUnmarshalAgrees checks that the hand decoder does the same work
// as Nimbus's.
func TestHandUnmarshalAgrees(t *testing.T) {
	_, items := benchPage()
	for i, item := range items[:50] {
		var got, want benchOrder
		if err := handUnmarshal(item, &got); err != nil {
			t.Fatal(err)
		}
		if err := attributevalue.UnmarshalMap(item, &want); err != nil {
			t.Fatal(err)
		}
		if !reflect.DeepEqual(got, want) {
			t.Fatalf("item %d: hand %+v\nnimbus %+v", i, got, want)
		}
	}
}

// TestHandMarshalAgrees checks that the raw and slab cases do the same
// work.
func TestHandMarshalAgrees(t *testing.T) {
	o := newBenchOrder(2)
	n, err := attributevalue.MarshalMap(o)
	if err != nil {
		t.Fatal(err)
	}
	for _, a := range []members{newMembers{}, &slabMembers{}} {
		if got, want := mapString(handMarshal(&o, a)), mapString(n); got != want {
			t.Fatalf("handMarshal (%s):\n%s\nwant\n%s", a.name(), got, want)
		}
	}
}
