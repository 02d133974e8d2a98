package attributevalue_test

import (
	"errors"
	"fmt"
	"sort"
	"time"

	"github.com/nimbus-sdk/nimbus/feature/dynamodb/attributevalue"
	"github.com/nimbus-sdk/nimbus/services/dynamodb/types"
)

type Order struct {
	Customer string    `dynamodbav:"pk"`
	ID       int64     `dynamodbav:"sk"`
	Total    float64   `dynamodbav:"total"`
	Tags     []string  `dynamodbav:"tags,stringset,omitempty"`
	Note     string    `dynamodbav:"note,omitempty"`
	Expires  time.Time `dynamodbav:"ttl,unixtime"`
}

// describe prints an attribute map with its keys sorted.
func describe(m map[string]types.AttributeValue) {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, k := range keys {
		switch v := m[k].(type) {
		case *types.AttributeValueMemberS:
			fmt.Printf("%s: S %q\n", k, v.Value)
		case *types.AttributeValueMemberN:
			fmt.Printf("%s: N %s\n", k, v.Value)
		case *types.AttributeValueMemberSS:
			fmt.Printf("%s: SS %q\n", k, v.Value)
		default:
			fmt.Printf("%s: %T\n", k, v)
		}
	}
}

func ExampleMarshalMap() {
	item, err := attributevalue.MarshalMap(Order{
		Customer: "c#42", ID: 7, Total: 19.99, Tags: []string{"gift"},
		Expires: time.Date(2030, 1, 1, 0, 0, 0, 0, time.UTC),
	})
	if err != nil {
		panic(err)
	}
	describe(item) // item is what PutItemInput.Item takes
	// Output:
	// pk: S "c#42"
	// sk: N 7
	// tags: SS ["gift"]
	// total: N 19.99
	// ttl: N 1893456000
}

func ExampleUnmarshalMap() {
	item := map[string]types.AttributeValue{ // as GetItemOutput.Item holds it
		"pk":    &types.AttributeValueMemberS{Value: "c#42"},
		"sk":    &types.AttributeValueMemberN{Value: "7"},
		"total": &types.AttributeValueMemberN{Value: "19.99"},
	}
	var o Order
	if err := attributevalue.UnmarshalMap(item, &o); err != nil {
		panic(err)
	}
	fmt.Println(o.Customer, o.ID, o.Total)
	// Output: c#42 7 19.99
}

func ExampleUnmarshalListOfMaps() {
	items := []map[string]types.AttributeValue{ // as QueryOutput.Items holds them
		{"pk": &types.AttributeValueMemberS{Value: "c#42"}, "sk": &types.AttributeValueMemberN{Value: "1"}},
		{"pk": &types.AttributeValueMemberS{Value: "c#42"}, "sk": &types.AttributeValueMemberN{Value: "2"}},
	}
	var orders []Order
	if err := attributevalue.UnmarshalListOfMaps(items, &orders); err != nil {
		panic(err)
	}
	fmt.Println(len(orders), orders[1].ID)
	// Output: 2 2
}

func ExampleUnmarshal_errors() {
	type Customer struct {
		Orders []struct{ Total int64 }
	}
	av := &types.AttributeValueMemberM{Value: map[string]types.AttributeValue{
		"Orders": &types.AttributeValueMemberL{Value: []types.AttributeValue{
			&types.AttributeValueMemberM{Value: map[string]types.AttributeValue{
				"Total": &types.AttributeValueMemberS{Value: "twelve"},
			}},
		}},
	}}
	var c Customer
	err := attributevalue.Unmarshal(av, &c)
	fmt.Println(err)
	var te *attributevalue.UnmarshalTypeError
	if errors.As(err, &te) {
		fmt.Println(te.Path, te.Value, te.Type)
	}
	// Output:
	// unmarshal failed, .Orders[0].Total: cannot unmarshal S into Go value type int64
	// .Orders[0].Total S int64
}

func ExampleMarshalWithOptions_jsonTags() {
	type User struct {
		Name  string `json:"name"`
		Email string `json:"email,omitempty"`
	}
	av, err := attributevalue.MarshalWithOptions(User{Name: "Ada"}, func(o *attributevalue.EncoderOptions) {
		o.TagKey = "json"
	})
	if err != nil {
		panic(err)
	}
	describe(av.(*types.AttributeValueMemberM).Value)
	// Output: name: S "Ada"
}

func ExampleUnmarshalWithOptions_useNumber() {
	var v any
	err := attributevalue.UnmarshalWithOptions(&types.AttributeValueMemberN{Value: "12345678901234567890.123"}, &v,
		func(o *attributevalue.DecoderOptions) { o.UseNumber = true })
	if err != nil {
		panic(err)
	}
	fmt.Printf("%T %v\n", v, v)
	// Output: attributevalue.Number 12345678901234567890.123
}

// An item from a DynamoDB table export (DynamoDB JSON) read into a struct,
// and a struct written as DynamoDB JSON.
func ExampleUnmarshalMapJSON() {
	line := []byte(`{"pk":{"S":"c-17"},"sk":{"N":"4"},"total":{"N":"19.99"},"tags":{"SS":["gift"]},"ttl":{"N":"1767225600"}}`)
	item, err := attributevalue.UnmarshalMapJSON(line)
	if err != nil {
		fmt.Println(err)
		return
	}
	var o Order
	if err := attributevalue.UnmarshalMap(item, &o); err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(o.Customer, o.ID, o.Total, o.Tags, o.Expires.UTC().Format(time.DateOnly))

	o.Note = "leave at the door"
	item, _ = attributevalue.MarshalMap(o)
	out, _ := attributevalue.MarshalMapJSON(item)
	fmt.Println(string(out))
	// Output:
	// c-17 4 19.99 [gift] 2026-01-01
	// {"note":{"S":"leave at the door"},"pk":{"S":"c-17"},"sk":{"N":"4"},"tags":{"SS":["gift"]},"total":{"N":"19.99"},"ttl":{"N":"1767225600"}}
}
