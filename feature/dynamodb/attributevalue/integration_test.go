package attributevalue_test

import (
	"bytes"
	"context"
	"fmt"
	"math"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/nimbus-sdk/nimbus/feature/dynamodb/attributevalue"
	"github.com/nimbus-sdk/nimbus/internal/testenv"
	"github.com/nimbus-sdk/nimbus/services/dynamodb"
	"github.com/nimbus-sdk/nimbus/services/dynamodb/types"
)

// Every Go kind and tag option, stored in DynamoDB (moto) and read back.
type EmbeddedInfo struct {
	Source string
	Rank   int `dynamodbav:"rank"`
}

type Extra struct {
	Note string
}

type roundTrip struct {
	EmbeddedInfo
	*Extra

	PK  string `dynamodbav:"pk"`
	SK  int64  `dynamodbav:"sk"`
	I8  int8
	I16 int16
	I32 int32
	U   uint
	U8  uint8
	U16 uint16
	U32 uint32
	U64 uint64
	F32 float32
	F64 float64
	On  bool
	Off bool

	Bytes   []byte
	ByteArr [4]byte
	BinSet  [][]byte
	Arr     [2]string
	List    []any
	Structs []Extra
	Ptrs    []*Extra
	Map     map[string]int
	IntKeys map[int]string
	TextKey map[textKey]bool
	StrMap  map[string]string
	Nested  map[string][]map[string]*float64
	Ptr     *string
	NilPtr  *int
	PtrPtr  **int
	Iface   any
	NilMap  map[string]int
	NilList []int
	Empty   []int

	When     time.Time
	TTL      time.Time `dynamodbav:"ttl,unixtime"`
	Unix     attributevalue.UnixTime
	Big      attributevalue.Number
	AsString int64 `dynamodbav:"as_string,string"`

	Strings []string  `dynamodbav:",stringset"`
	Numbers []float64 `dynamodbav:",numberset"`
	Blobs   [][]byte  `dynamodbav:",binaryset"`
	NoSet   []string  `dynamodbav:",stringset"`

	Omitted    string            `dynamodbav:",omitempty"`
	OmittedMap map[string]string `dynamodbav:",omitempty"`
	Kept       string            `dynamodbav:",omitempty"`
	Nulled     string            `dynamodbav:",nullempty"`
	Elems      []string          `dynamodbav:",omitemptyelem"`
	NullElems  []string          `dynamodbav:",nullemptyelem"`
	Renamed    string            `dynamodbav:"renamed-attr"`
	Skipped    string            `dynamodbav:"-"`
}

func roundTripValue(sk int64) roundTrip {
	s, one, half := "pointed", 1, 0.5
	pone := &one
	return roundTrip{
		EmbeddedInfo: EmbeddedInfo{Source: "web", Rank: 3},
		Extra:        &Extra{Note: "promoted"},
		PK:           "rt", SK: sk,
		I8: math.MinInt8, I16: math.MaxInt16, I32: -5, U: 7, U8: 255, U16: 65535, U32: math.MaxUint32, U64: math.MaxUint64,
		F32: 1.25, F64: 0.1 + 0.2, On: true,
		Bytes: []byte("bytes"), ByteArr: [4]byte{1, 2, 3, 4}, BinSet: [][]byte{{1}, {2}},
		Arr:     [2]string{"x", "y"},
		List:    []any{"s", 1.5, true, nil, map[string]any{"k": "v"}, []any{"nested"}},
		Structs: []Extra{{Note: "a"}, {Note: "b"}}, Ptrs: []*Extra{{Note: "c"}, nil},
		Map: map[string]int{"a": 1, "b": 2}, IntKeys: map[int]string{-1: "neg"}, TextKey: map[textKey]bool{{"k", "v"}: true},
		StrMap: map[string]string{"s": "t"}, Nested: map[string][]map[string]*float64{"n": {{"half": &half, "nil": nil}}},
		Ptr: &s, PtrPtr: &pone, Iface: map[string]any{"deep": []any{1.0, "two"}}, Empty: []int{},
		When:     time.Date(2024, 2, 29, 23, 59, 59, 123456789, time.UTC),
		TTL:      time.Unix(1900000000, 0),
		Unix:     attributevalue.UnixTime(time.Unix(1700000000, 0)),
		Big:      "12345678901234567890123456789012345678",
		AsString: 99,
		Strings:  []string{"red", "green"}, Numbers: []float64{1.5, -2}, Blobs: [][]byte{[]byte("b1")}, NoSet: []string{},
		Kept: "kept", Elems: []string{"", "e"}, NullElems: []string{"", "n"},
		Renamed: "renamed", Skipped: "skipped",
	}
}

func TestIntegrationRoundTrip(t *testing.T) {
	srv := testenv.Moto(t)
	ctx := context.Background()
	ddb := dynamodb.New(dynamodb.Options{Region: srv.Region, BaseEndpoint: srv.Endpoint, Credentials: srv.Credentials()})
	table := fmt.Sprintf("nimbus-attrvalue-%d", time.Now().UnixNano())
	_, err := ddb.CreateTable(ctx, &dynamodb.CreateTableInput{
		TableName: &table,
		AttributeDefinitions: []types.AttributeDefinition{
			{AttributeName: ptr("pk"), AttributeType: types.ScalarAttributeTypeS},
			{AttributeName: ptr("sk"), AttributeType: types.ScalarAttributeTypeN},
		},
		KeySchema: []types.KeySchemaElement{
			{AttributeName: ptr("pk"), KeyType: types.KeyTypeHash},
			{AttributeName: ptr("sk"), KeyType: types.KeyTypeRange},
		},
		BillingMode: types.BillingModePayPerRequest,
	})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _, _ = ddb.DeleteTable(context.Background(), &dynamodb.DeleteTableInput{TableName: &table}) })
	if err := dynamodb.NewTableExistsWaiter(ddb, func(o *dynamodb.TableExistsWaiterOptions) {
		o.MinDelay, o.MaxDelay = 100*time.Millisecond, time.Second
	}).Wait(ctx, &dynamodb.DescribeTableInput{TableName: &table}, 30*time.Second); err != nil {
		t.Fatal(err)
	}

	in := roundTripValue(1)
	item, err := attributevalue.MarshalMap(in)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := ddb.PutItem(ctx, &dynamodb.PutItemInput{TableName: &table, Item: item}); err != nil {
		t.Fatalf("PutItem: %v", err)
	}
	key, err := attributevalue.MarshalMap(struct {
		PK string `dynamodbav:"pk"`
		SK int64  `dynamodbav:"sk"`
	}{"rt", 1})
	if err != nil {
		t.Fatal(err)
	}
	out, err := ddb.GetItem(ctx, &dynamodb.GetItemInput{TableName: &table, Key: key, ConsistentRead: ptr(true)})
	if err != nil {
		t.Fatalf("GetItem: %v", err)
	}
	var got roundTrip
	if err := attributevalue.UnmarshalMap(out.Item, &got); err != nil {
		t.Fatalf("UnmarshalMap: %v", err)
	}

	// What DynamoDB gives back differs from what was put only where the
	// tags say it must.
	want := in
	want.Elems = []string{"e"} // omitemptyelem
	want.NoSet = nil           // an empty set is stored as NULL
	want.Nulled = ""           // NULL
	want.Skipped = ""          // "-"
	want.List[1] = 1.5         // numbers in interfaces come back as float64
	want.Iface = map[string]any{"deep": []any{1.0, "two"}}
	// Sets have no order.
	slices.Sort(want.Strings)
	slices.Sort(got.Strings)
	slices.Sort(want.Numbers)
	slices.Sort(got.Numbers)
	slices.SortFunc(got.BinSet, bytes.Compare)
	if diff := cmp.Diff(want, got, cmp.Comparer(func(a, b attributevalue.UnixTime) bool {
		return time.Time(a).Equal(time.Time(b))
	}), cmp.Comparer(func(a, b time.Time) bool { return a.Equal(b) })); diff != "" {
		t.Errorf("GetItem round trip mismatch (-want +got):\n%s", diff)
	}
	for name, member := range map[string]string{"ttl": "N", "as_string": "S", "Strings": "SS", "Numbers": "NS", "Blobs": "BS", "BinSet": "BS", "NoSet": "NULL", "Nulled": "NULL", "renamed-attr": "S", "Unix": "N"} {
		if got := memberName(out.Item[name]); got != member {
			t.Errorf("stored %s as %s; want %s", name, got, member)
		}
	}
	for _, name := range []string{"Omitted", "OmittedMap", "Skipped"} {
		if _, ok := out.Item[name]; ok {
			t.Errorf("stored %s; want it left out", name)
		}
	}

	// A page of items read back with UnmarshalListOfMaps.
	for sk := int64(2); sk <= 5; sk++ {
		item, err := attributevalue.MarshalMap(roundTripValue(sk))
		if err != nil {
			t.Fatal(err)
		}
		if _, err := ddb.PutItem(ctx, &dynamodb.PutItemInput{TableName: &table, Item: item}); err != nil {
			t.Fatal(err)
		}
	}
	vals, err := attributevalue.MarshalMap(map[string]string{":pk": "rt"})
	if err != nil {
		t.Fatal(err)
	}
	q, err := ddb.Query(ctx, &dynamodb.QueryInput{TableName: &table, KeyConditionExpression: ptr("pk = :pk"), ExpressionAttributeValues: vals})
	if err != nil {
		t.Fatal(err)
	}
	var page []roundTrip
	if err := attributevalue.UnmarshalListOfMaps(q.Items, &page); err != nil {
		t.Fatal(err)
	}
	if len(page) != 5 {
		t.Fatalf("Query page has %d items; want 5", len(page))
	}
	for i, r := range page {
		if r.SK != int64(i+1) || r.Big != in.Big || r.Note != "promoted" || !r.When.Equal(in.When) {
			t.Errorf("page[%d] = sk %d, Big %s, Note %q, When %v", i, r.SK, r.Big, r.Note, r.When)
		}
	}
}

func memberName(av types.AttributeValue) string {
	if av == nil {
		return "missing"
	}
	name := fmt.Sprintf("%T", av)
	return strings.TrimPrefix(name, "*types.AttributeValueMember")
}
