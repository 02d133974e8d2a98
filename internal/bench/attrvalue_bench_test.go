package bench

import (
	"fmt"
	"reflect"
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
func benchPage(tb testing.TB) ([]map[string]v2types.AttributeValue, []map[string]types.AttributeValue) {
	v2items := make([]map[string]v2types.AttributeValue, 1000)
	items := make([]map[string]types.AttributeValue, 1000)
	for i := range v2items {
		m, err := v2av.MarshalMap(newBenchOrder(i))
		if err != nil {
			tb.Fatal(err)
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
	v2items, items := benchPage(t)
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

func attrMarshalCases() []benchCase {
	o := newBenchOrder(2)
	return []benchCase{
		{"nimbus", func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				if _, err := attributevalue.MarshalMap(o); err != nil {
					b.Fatal(err)
				}
			}
		}},
		{"v2", func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				if _, err := v2av.MarshalMap(o); err != nil {
					b.Fatal(err)
				}
			}
		}},
	}
}

func attrUnmarshalCases() []benchCase {
	v, err := v2av.MarshalMap(newBenchOrder(2))
	if err != nil {
		panic(err)
	}
	n := mapFromV2(v)
	return []benchCase{
		{"nimbus", func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				var o benchOrder
				if err := attributevalue.UnmarshalMap(n, &o); err != nil {
					b.Fatal(err)
				}
			}
		}},
		{"v2", func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				var o benchOrder
				if err := v2av.UnmarshalMap(v, &o); err != nil {
					b.Fatal(err)
				}
			}
		}},
	}
}

func attrQueryPageCases() []benchCase {
	v2items, items := benchPage(&testing.T{})
	return []benchCase{
		{"nimbus", func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				var page []benchOrder
				if err := attributevalue.UnmarshalListOfMaps(items, &page); err != nil {
					b.Fatal(err)
				}
			}
		}},
		{"v2", func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				var page []benchOrder
				if err := v2av.UnmarshalListOfMaps(v2items, &page); err != nil {
					b.Fatal(err)
				}
			}
		}},
	}
}

func attrMarshalPageCases() []benchCase {
	orders := make([]benchOrder, 1000)
	for i := range orders {
		orders[i] = newBenchOrder(i)
	}
	return []benchCase{
		{"nimbus", func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				for i := range orders {
					if _, err := attributevalue.MarshalMap(&orders[i]); err != nil {
						b.Fatal(err)
					}
				}
			}
		}},
		{"v2", func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				for i := range orders {
					if _, err := v2av.MarshalMap(&orders[i]); err != nil {
						b.Fatal(err)
					}
				}
			}
		}},
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
