package table_test

import (
	"context"
	"errors"
	"fmt"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/nimbus-sdk/nimbus/feature/dynamodb/expression"
	"github.com/nimbus-sdk/nimbus/feature/dynamodb/table"
	"github.com/nimbus-sdk/nimbus/internal/testenv"
	"github.com/nimbus-sdk/nimbus/services/dynamodb"
	"github.com/nimbus-sdk/nimbus/services/dynamodb/types"
)

// Order is stored with a composite key and a version.
type Order struct {
	Customer string    `dynamodbav:"pk" table:"hash"`
	ID       int       `dynamodbav:"sk" table:"range"`
	Status   string    `dynamodbav:"status"`
	Total    int64     `dynamodbav:"total"`
	Items    []string  `dynamodbav:"items,stringset,omitempty"`
	Placed   time.Time `dynamodbav:"placed,unixtime"`
	Version  int64     `dynamodbav:"v" table:"version"`
}

// motoTable creates a table with a string partition key "pk" and a number
// sort key "sk" on moto and returns a DynamoDB client for it.
func motoTable(t *testing.T) (*dynamodb.Client, string) {
	t.Helper()
	srv := testenv.Moto(t)
	ddb := dynamodb.New(dynamodb.Options{Region: srv.Region, BaseEndpoint: srv.Endpoint, Credentials: srv.Credentials()})
	ctx := context.Background()
	name := fmt.Sprintf("nimbus-table-%d", time.Now().UnixNano())
	s, n := "pk", "sk"
	_, err := ddb.CreateTable(ctx, &dynamodb.CreateTableInput{
		TableName: &name,
		AttributeDefinitions: []types.AttributeDefinition{
			{AttributeName: &s, AttributeType: types.ScalarAttributeTypeS},
			{AttributeName: &n, AttributeType: types.ScalarAttributeTypeN},
		},
		KeySchema: []types.KeySchemaElement{
			{AttributeName: &s, KeyType: types.KeyTypeHash},
			{AttributeName: &n, KeyType: types.KeyTypeRange},
		},
		BillingMode: types.BillingModePayPerRequest,
	})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _, _ = ddb.DeleteTable(context.Background(), &dynamodb.DeleteTableInput{TableName: &name}) })
	return ddb, name
}

func TestIntegrationTableItems(t *testing.T) {
	ddb, name := motoTable(t)
	ctx := context.Background()
	orders, err := table.New[Order](ddb, name)
	if err != nil {
		t.Fatal(err)
	}
	placed := time.Unix(1_700_000_000, 0)
	o := Order{Customer: "c1", ID: 7, Status: "new", Total: 1250, Items: []string{"pen", "ink"}, Placed: placed}

	// A new item is stored with version 1.
	stored, err := orders.Put(ctx, o)
	if err != nil {
		t.Fatal(err)
	}
	if stored.Version != 1 {
		t.Fatalf("version after first Put = %d, want 1", stored.Version)
	}
	got, err := orders.Get(ctx, Order{Customer: "c1", ID: 7}, func(o *table.GetOptions) { o.ConsistentRead = true })
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(stored, got, cmp.Comparer(func(a, b time.Time) bool { return a.Equal(b) })); diff != "" {
		t.Fatalf("Get after Put (-put +get):\n%s", diff)
	}

	// Writing again from the version-0 copy loses: the item is versioned now.
	var ccf *types.ConditionalCheckFailedException
	if _, err := orders.Put(ctx, o); !errors.As(err, &ccf) {
		t.Fatalf("stale Put: err = %v, want *types.ConditionalCheckFailedException", err)
	}

	// Update from the current version wins once; the same stale key loses.
	upd := expression.Set(expression.Name("status"), expression.Value("paid")).
		Add(expression.Name("total"), expression.Value(50))
	after, err := orders.Update(ctx, got, upd)
	if err != nil {
		t.Fatal(err)
	}
	if after.Status != "paid" || after.Total != 1300 || after.Version != 2 {
		t.Fatalf("after Update: %+v, want paid, 1300, version 2", after)
	}
	if _, err := orders.Update(ctx, got, upd); !errors.As(err, &ccf) {
		t.Fatalf("stale Update: err = %v, want *types.ConditionalCheckFailedException", err)
	}

	// A conditional write fails on the server with the typed error.
	after.Status = "shipped"
	if _, err := orders.Put(ctx, after, table.If(expression.Name("total").GreaterThan(expression.Value(5000)))); !errors.As(err, &ccf) {
		t.Fatalf("conditional Put: err = %v, want *types.ConditionalCheckFailedException", err)
	}
	if _, err := orders.Put(ctx, after, table.If(expression.Name("total").LessThan(expression.Value(5000)))); err != nil {
		t.Fatalf("conditional Put that holds: %v", err)
	}

	// IfAbsent creates only.
	if _, err := orders.Put(ctx, Order{Customer: "c1", ID: 7, Version: 3}, table.IfAbsent); !errors.As(err, &ccf) {
		t.Fatalf("IfAbsent on an existing key: err = %v, want *types.ConditionalCheckFailedException", err)
	}
	if _, err := orders.Put(ctx, Order{Customer: "c1", ID: 8, Placed: placed}, table.IfAbsent); err != nil {
		t.Fatalf("IfAbsent on a new key: %v", err)
	}

	// Delete checks the version it is given.
	if err := orders.Delete(ctx, Order{Customer: "c1", ID: 7, Version: 1}); !errors.As(err, &ccf) {
		t.Fatalf("stale Delete: err = %v, want *types.ConditionalCheckFailedException", err)
	}
	if err := orders.Delete(ctx, Order{Customer: "c1", ID: 7, Version: 3}); err != nil {
		t.Fatal(err)
	}
	if _, err := orders.Get(ctx, Order{Customer: "c1", ID: 7}); !errors.Is(err, table.ErrNotFound) {
		t.Fatalf("Get after Delete: err = %v, want table.ErrNotFound", err)
	}

	// A missing key is refused before anything is sent.
	var ke *table.KeyError
	if _, err := orders.Get(ctx, Order{ID: 1}); !errors.As(err, &ke) || ke.Attribute != "pk" {
		t.Fatalf("Get without a partition key: err = %v, want *table.KeyError for pk", err)
	}
}

func TestIntegrationTableQueryScanBatch(t *testing.T) {
	ddb, name := motoTable(t)
	ctx := context.Background()
	orders, err := table.New[Order](ddb, name)
	if err != nil {
		t.Fatal(err)
	}
	placed := time.Unix(1_700_000_000, 0).UTC()
	var all []Order
	for c := range 3 {
		for i := range 40 {
			all = append(all, Order{Customer: fmt.Sprint("c", c), ID: i, Status: []string{"new", "paid"}[i%2], Total: int64(i * 100), Placed: placed})
		}
	}
	// 120 items: five BatchWriteItem requests of at most 25.
	if err := orders.BatchPut(ctx, all); err != nil {
		t.Fatal(err)
	}

	// Query across pages of 7, in descending order, with a filter.
	var got []int
	for o, err := range orders.Query(ctx, expression.Key("pk").Equal(expression.Value("c1")), func(o *table.ReadOptions) {
		o.PageSize = 7
		o.Descending = true
		o.Filter = expression.Name("status").Equal(expression.Value("paid"))
	}) {
		if err != nil {
			t.Fatal(err)
		}
		if o.Customer != "c1" || o.Status != "paid" {
			t.Fatalf("Query yielded %+v", o)
		}
		got = append(got, o.ID)
	}
	var want []int
	for i := 39; i >= 0; i-- {
		if i%2 == 1 {
			want = append(want, i)
		}
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Fatalf("Query IDs (-want +got):\n%s", diff)
	}

	// Breaking out of the loop stops early.
	n := 0
	for _, err := range orders.Query(ctx, expression.Key("pk").Equal(expression.Value("c2")).And(expression.Key("sk").Between(expression.Value(10), expression.Value(30)))) {
		if err != nil {
			t.Fatal(err)
		}
		if n++; n == 5 {
			break
		}
	}
	if n != 5 {
		t.Fatalf("loop ran %d times, want 5", n)
	}

	// Scan sees every item, across pages.
	count := 0
	for _, err := range orders.Scan(ctx, func(o *table.ReadOptions) { o.PageSize = 16 }) {
		if err != nil {
			t.Fatal(err)
		}
		count++
	}
	if count != len(all) {
		t.Fatalf("Scan saw %d items, want %d", count, len(all))
	}

	// BatchGet of 130 keys (two requests), 15 of them missing, in key order.
	var ks []Order
	for i := 44; i >= 0; i-- {
		for c := range 3 {
			ks = append(ks, Order{Customer: fmt.Sprint("c", c), ID: i})
		}
	}
	items, err := orders.BatchGet(ctx, ks[:130])
	if err != nil {
		t.Fatal(err)
	}
	if len(items) != 130-15 {
		t.Fatalf("BatchGet returned %d items, want 115", len(items))
	}
	if items[0].ID != 39 || items[len(items)-1].ID != 1 || items[len(items)-1].Customer != "c0" {
		t.Fatalf("BatchGet order: first %+v, last %+v", items[0], items[len(items)-1])
	}

	// An item written by a batch has version 0; Put from it takes it to 1,
	// once.
	first := all[0]
	if v, err := orders.Put(ctx, first); err != nil || v.Version != 1 {
		t.Fatalf("Put over a batch-written item: %+v, %v; want version 1", v, err)
	}
	var ccf *types.ConditionalCheckFailedException
	if _, err := orders.Put(ctx, first); !errors.As(err, &ccf) {
		t.Fatalf("second Put from version 0: err = %v, want *types.ConditionalCheckFailedException", err)
	}

	// BatchDelete removes all 120 again.
	if err := orders.BatchDelete(ctx, all); err != nil {
		t.Fatal(err)
	}
	for o, err := range orders.Scan(ctx) {
		t.Fatalf("Scan after BatchDelete yielded %+v, %v", o, err)
	}
}
