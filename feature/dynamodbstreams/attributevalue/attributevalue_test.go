package attributevalue_test

import (
	"errors"
	"fmt"
	"reflect"
	"testing"
	"time"

	ddbav "github.com/nimbus-sdk/nimbus/feature/dynamodb/attributevalue"
	"github.com/nimbus-sdk/nimbus/feature/dynamodbstreams/attributevalue"
	ddb "github.com/nimbus-sdk/nimbus/services/dynamodb/types"
	"github.com/nimbus-sdk/nimbus/services/dynamodbstreams/types"
)

type Order struct {
	ID      string    `dynamodbav:"pk"`
	Total   float64   `dynamodbav:"total"`
	Tags    []string  `dynamodbav:"tags,stringset"`
	Expires time.Time `dynamodbav:"ttl,unixtime"`
	Lines   []struct{ SKU string }
}

func TestRoundTrip(t *testing.T) {
	in := Order{ID: "o1", Total: 9.5, Tags: []string{"a"}, Expires: time.Unix(1800000000, 0), Lines: []struct{ SKU string }{{"x"}}}
	m, err := attributevalue.MarshalMap(in)
	if err != nil {
		t.Fatal(err)
	}
	if _, ok := m["tags"].(*types.AttributeValueMemberSS); !ok {
		t.Fatalf("tags = %T; want a Streams SS", m["tags"])
	}
	var out Order
	if err := attributevalue.UnmarshalMap(m, &out); err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(in, out) {
		t.Errorf("round trip = %+v; want %+v", out, in)
	}

	m["total"] = &types.AttributeValueMemberS{Value: "x"}
	err = attributevalue.UnmarshalMap(m, &out)
	var te *attributevalue.UnmarshalTypeError
	if !errors.As(err, &te) || te.Path != ".Total" {
		t.Errorf("error = %v; want an *UnmarshalTypeError at .Total", err)
	}
}

func TestFromDynamoDB(t *testing.T) {
	item, err := ddbav.MarshalMap(Order{ID: "o1", Total: 1, Tags: []string{"t"}, Lines: []struct{ SKU string }{{"s"}}})
	if err != nil {
		t.Fatal(err)
	}
	sm, err := attributevalue.FromDynamoDBMap(item)
	if err != nil {
		t.Fatal(err)
	}
	back, err := ddbav.FromDynamoDBStreamsMap(sm)
	if err != nil {
		t.Fatal(err)
	}
	var a, b Order
	if err := ddbav.UnmarshalMap(item, &a); err != nil {
		t.Fatal(err)
	}
	if err := ddbav.UnmarshalMap(back, &b); err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(a, b) {
		t.Errorf("DynamoDB → Streams → DynamoDB = %+v; want %+v", b, a)
	}
	if _, err := attributevalue.FromDynamoDB(&ddb.UnknownUnionMember{Tag: "X"}); err == nil {
		t.Error("unknown member: no error")
	}
	l, err := attributevalue.FromDynamoDBList([]ddb.AttributeValue{&ddb.AttributeValueMemberNULL{Value: true}})
	if err != nil || len(l) != 1 {
		t.Fatalf("FromDynamoDBList = %v, %v", l, err)
	}
	if n, ok := l[0].(*types.AttributeValueMemberNULL); !ok || !n.Value {
		t.Errorf("FromDynamoDBList[0] = %#v", l[0])
	}
}

// A stream record's NewImage decoded straight into a struct.
func ExampleUnmarshalMap() {
	newImage := map[string]types.AttributeValue{
		"pk":    &types.AttributeValueMemberS{Value: "o1"},
		"total": &types.AttributeValueMemberN{Value: "12.5"},
		"tags":  &types.AttributeValueMemberSS{Value: []string{"gift"}},
	}
	var o Order
	if err := attributevalue.UnmarshalMap(newImage, &o); err != nil {
		panic(err)
	}
	fmt.Println(o.ID, o.Total, o.Tags)
	// Output: o1 12.5 [gift]
}
