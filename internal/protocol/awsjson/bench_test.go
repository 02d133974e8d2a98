package awsjson

import (
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"strings"
	"testing"

	smithyhttp "github.com/aws/smithy-go/transport/http"
)

// queryBody is a DynamoDB Query response with n items of ten attributes
// each (S, N, BOOL, L and M values), as DynamoDB formats it.
func queryBody(n int) string {
	var b strings.Builder
	b.WriteString(`{"Count":`)
	fmt.Fprintf(&b, "%d,\"Items\":[", n)
	for i := range n {
		if i > 0 {
			b.WriteByte(',')
		}
		fmt.Fprintf(&b, `{"pk":{"S":"USER#%06d"},"sk":{"S":"ORDER#2024-01-%02d#%04d"},`+
			`"status":{"S":"SHIPPED"},"total":{"N":"%d.%02d"},"quantity":{"N":"%d"},`+
			`"gift":{"BOOL":%t},"createdAt":{"S":"2024-01-02T03:04:05.000Z"},`+
			`"tags":{"L":[{"S":"electronics"},{"S":"priority"},{"N":"%d"}]},`+
			`"address":{"M":{"street":{"S":"%d Main Street"},"city":{"S":"Seattle"},"zip":{"N":"98101"}}},`+
			`"note":{"S":"Leave at the front door, ring twice \"please\""}}`,
			i, i%28+1, i, i*7%1000, i%100, i%9+1, i%2 == 0, i, i%900+100)
	}
	b.WriteString(`],"LastEvaluatedKey":{"pk":{"S":"USER#000999"},"sk":{"S":"ORDER#2024-01-01#0999"}},`)
	b.WriteString(`"ScannedCount":`)
	fmt.Fprintf(&b, "%d,\"ConsumedCapacity\":{\"TableName\":\"orders\",\"CapacityUnits\":128.5}}", n)
	return b.String()
}

func newResponse(status int, header http.Header, body string) *smithyhttp.Response {
	if header == nil {
		header = http.Header{}
	}
	return &smithyhttp.Response{Response: &http.Response{
		StatusCode:    status,
		Header:        header,
		Body:          io.NopCloser(strings.NewReader(body)),
		ContentLength: int64(len(body)),
	}}
}

// BenchmarkDecodeDynamoDBQuery1000 decodes a 1000-item Query page. The
// DESIGN.md target is at least twice aws-sdk-go-v2's MB/s with at most
// half its allocations (v2: ~153 MB/s, 43 allocs per item).
func BenchmarkDecodeDynamoDBQuery1000(b *testing.B) {
	const items = 1000
	body := queryBody(items)
	codec := Codec{Version: "1.0", CheckCRC32: true}
	b.SetBytes(int64(len(body)))
	b.ReportAllocs()
	for b.Loop() {
		var out queryOutput
		if err := codec.DeserializeResponse(queryOp, newResponse(200, nil, body), &out); err != nil {
			b.Fatal(err)
		}
		if len(out.Items) != items {
			b.Fatalf("decoded %d items; want %d", len(out.Items), items)
		}
	}
	b.ReportMetric(float64(testing.AllocsPerRun(1, func() {
		var out queryOutput
		_ = codec.DeserializeResponse(queryOp, newResponse(200, nil, body), &out)
	}))/items, "allocs/item")
}

func BenchmarkSerializeDynamoDBQuery(b *testing.B) {
	in := &queryInput{
		TableName:              ptr("orders"),
		KeyConditionExpression: ptr("pk = :pk AND begins_with(sk, :prefix)"),
		Limit:                  ptr(int32(100)),
		ExpressionAttributeValues: map[string]attributeValue{
			":pk":     &avS{Value: "USER#000001"},
			":prefix": &avS{Value: "ORDER#2024"},
		},
	}
	codec := Codec{Version: "1.0"}
	b.ReportAllocs()
	for b.Loop() {
		req := newRequest(b)
		if err := codec.SerializeRequest(queryOp, in, req); err != nil {
			b.Fatal(err)
		}
	}
}

func ptr[T any](v T) *T { return &v }

// BenchmarkDecodeDynamoDBQuery1000Stdlib decodes the same page with
// encoding/json into map[string]any, the first of the two steps
// aws-sdk-go-v2's deserializer takes; it is a same-run yardstick for
// BenchmarkDecodeDynamoDBQuery1000 on a noisy machine.
func BenchmarkDecodeDynamoDBQuery1000Stdlib(b *testing.B) {
	body := []byte(queryBody(1000))
	b.SetBytes(int64(len(body)))
	b.ReportAllocs()
	for b.Loop() {
		var v any
		if err := json.Unmarshal(body, &v); err != nil {
			b.Fatal(err)
		}
	}
}
