package bench

import (
	"encoding/json"
	"reflect"
	"testing"

	v2av "github.com/aws/aws-sdk-go-v2/feature/dynamodb/attributevalue"

	"github.com/nimbus-sdk/nimbus/feature/dynamodb/attributevalue"
	"github.com/nimbus-sdk/nimbus/services/dynamodb/types"
)

// TestAttributeValueJSONCompat checks Nimbus's DynamoDB JSON functions
// against v2's: for items with every member type (and text that needs
// escaping), both write the same JSON value (compared after parsing: v2
// writes map keys in map order, Nimbus sorted), and each reads the
// other's output back to the original item.
func TestAttributeValueJSONCompat(t *testing.T) {
	items := []map[string]types.AttributeValue{}
	for _, in := range []any{cxAllValue(), newBenchOrder(3), cxScalarsValue(1.25), map[string]any{
		"text": "quote \" backslash \\ nl \n ctl \x01 <&> é \u2028 😀", "bytes": []byte{0, 0xfe, 0xff},
		"binset": [][]byte{{1}, {}}, "nested": []any{map[string]any{"a": []any{}}, nil, true},
	}} {
		m, err := attributevalue.MarshalMap(in)
		if err != nil {
			t.Fatal(err)
		}
		items = append(items, m)
	}
	for i, item := range items {
		mine, err := attributevalue.MarshalMapJSON(item)
		if err != nil {
			t.Fatal(err)
		}
		theirs, err := v2av.MarshalMapJSON(mapToV2(item))
		if err != nil {
			t.Fatal(err)
		}
		var a, b any
		if err := json.Unmarshal(mine, &a); err != nil {
			t.Fatalf("item %d: Nimbus wrote invalid JSON: %v", i, err)
		}
		if err := json.Unmarshal(theirs, &b); err != nil {
			t.Fatalf("item %d: v2 wrote invalid JSON: %v", i, err)
		}
		if !reflect.DeepEqual(a, b) {
			t.Fatalf("item %d: the SDKs write different JSON:\nnimbus %s\nv2     %s", i, mine, theirs)
		}
		fromV2JSON, err := attributevalue.UnmarshalMapJSON(theirs)
		if err != nil {
			t.Fatal(err)
		}
		if got, want := mapString(fromV2JSON), mapString(item); got != want {
			t.Fatalf("item %d: Nimbus reads v2's JSON as\n%s\nwant\n%s", i, got, want)
		}
		v2FromMine, err := v2av.UnmarshalMapJSON(mine)
		if err != nil {
			t.Fatal(err)
		}
		if got, want := mapString(mapFromV2(v2FromMine)), mapString(item); got != want {
			t.Fatalf("item %d: v2 reads Nimbus's JSON as\n%s\nwant\n%s", i, got, want)
		}
	}
}
