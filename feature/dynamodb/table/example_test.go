package table_test

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/nimbus-sdk/nimbus/feature/dynamodb/expression"
	"github.com/nimbus-sdk/nimbus/feature/dynamodb/table"
	"github.com/nimbus-sdk/nimbus/services/dynamodb"
	"github.com/nimbus-sdk/nimbus/services/dynamodb/types"
)

func Example() {
	type Order struct {
		Customer string    `dynamodbav:"pk" table:"hash"`
		ID       int       `dynamodbav:"sk" table:"range"`
		Status   string    `dynamodbav:"status"`
		Placed   time.Time `dynamodbav:"placed,unixtime"`
		Version  int64     `dynamodbav:"v" table:"version"`
	}
	ctx := context.Background()
	client := dynamodb.New(dynamodb.Options{Region: "us-east-1"})
	orders, err := table.New[Order](client, "orders")
	if err != nil {
		panic(err)
	}

	// Create: fails with ConditionalCheckFailedException if the key exists.
	o, err := orders.Put(ctx, Order{Customer: "c1", ID: 1, Status: "new", Placed: time.Now()}, table.IfAbsent)
	if err != nil {
		panic(err)
	}

	// Update from the version read: a concurrent writer makes this fail.
	o, err = orders.Update(ctx, o, expression.Set(expression.Name("status"), expression.Value("paid")))
	var conflict *types.ConditionalCheckFailedException
	if errors.As(err, &conflict) {
		fmt.Println("changed by someone else; read it again")
	}

	// Every paid order of a customer, newest first, across pages.
	for o, err := range orders.Query(ctx, expression.Key("pk").Equal(expression.Value("c1")), func(ro *table.ReadOptions) {
		ro.Descending = true
		ro.Filter = expression.Name("status").Equal(expression.Value("paid"))
	}) {
		if err != nil {
			panic(err)
		}
		fmt.Println(o.ID, o.Status)
	}
}

func ExampleNew_schemaError() {
	type Event struct {
		Source string `dynamodbav:"source"`
		Seq    int64  `dynamodbav:"seq" table:"range"`
	}
	_, err := table.New[Event](dynamodb.New(dynamodb.Options{Region: "us-east-1"}), "events")
	fmt.Println(err)
	// Output: table: item type table_test.Event: no field is tagged table:"hash"
}

func ExampleTable_BatchPut() {
	type Reading struct {
		Sensor string  `dynamodbav:"sensor" table:"hash"`
		At     int64   `dynamodbav:"at" table:"range"`
		Value  float64 `dynamodbav:"value"`
	}
	readings, err := table.New[Reading](dynamodb.New(dynamodb.Options{Region: "us-east-1"}), "readings")
	if err != nil {
		panic(err)
	}
	batch := make([]Reading, 1000)
	for i := range batch {
		batch[i] = Reading{Sensor: "s1", At: int64(i), Value: float64(i) / 10}
	}
	// 40 BatchWriteItem requests; throttled writes are resent.
	if err := readings.BatchPut(context.Background(), batch); err != nil {
		panic(err)
	}
}
