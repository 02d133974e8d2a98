package bench

import (
	"bytes"
	"context"
	"fmt"
	"hash/crc32"
	"io"
	"net/http"
	"runtime"
	"strconv"
	"testing"
	"time"

	awsv2 "github.com/aws/aws-sdk-go-v2/aws"
	credsv2 "github.com/aws/aws-sdk-go-v2/credentials"
	ddbv2 "github.com/aws/aws-sdk-go-v2/service/dynamodb"
	ddbv2types "github.com/aws/aws-sdk-go-v2/service/dynamodb/types"

	"github.com/nimbus-sdk/nimbus/credentials"
	"github.com/nimbus-sdk/nimbus/services/dynamodb"
	"github.com/nimbus-sdk/nimbus/services/dynamodb/types"
)

// queryItems is the number of items in the canned Query response.
const queryItems = 1000

// queryBody builds a realistic DynamoDB Query response: queryItems items
// of ten attributes each (S, N, BOOL, SS, L, M, NULL), deterministic.
func queryBody() []byte {
	var b bytes.Buffer
	b.WriteString(`{"Count":` + strconv.Itoa(queryItems) + `,"ScannedCount":` + strconv.Itoa(queryItems) + `,"Items":[`)
	for i := 0; i < queryItems; i++ {
		if i > 0 {
			b.WriteByte(',')
		}
		fmt.Fprintf(&b, `{"pk":{"S":"customer#%05d"},"sk":{"N":"%d"},"name":{"S":"Customer number %d, a moderately long name"},`+
			`"email":{"S":"customer%d@example.com"},"active":{"BOOL":%t},"score":{"N":"%d.%02d"},`+
			`"tags":{"SS":["gold","early-adopter","newsletter"]},"history":{"L":[{"N":"1"},{"N":"2"},{"S":"three"}]},`+
			`"address":{"M":{"street":{"S":"%d Main Street"},"city":{"S":"Springfield"},"zip":{"S":"%05d"}}},"deleted":{"NULL":true}}`,
			i, i, i, i, i%2 == 0, i*7, i%100, i, i*3)
	}
	b.WriteString(`],"LastEvaluatedKey":{"pk":{"S":"customer#00999"},"sk":{"N":"999"}}}`)
	return b.Bytes()
}

// cannedJSON answers every request with body, as DynamoDB would (with the
// X-Amz-Crc32 header both SDKs check).
type cannedJSON struct {
	body []byte
	crc  string
}

func newCannedJSON(body []byte) *cannedJSON {
	return &cannedJSON{body: body, crc: strconv.FormatUint(uint64(crc32.ChecksumIEEE(body)), 10)}
}

func (c *cannedJSON) Do(req *http.Request) (*http.Response, error) {
	if req.Body != nil {
		_, _ = io.Copy(io.Discard, req.Body)
		req.Body.Close()
	}
	h := http.Header{}
	h.Set("Content-Type", "application/x-amz-json-1.0")
	h.Set("X-Amz-Crc32", c.crc)
	h.Set("X-Amzn-Requestid", "REQ")
	return &http.Response{StatusCode: 200, Status: "200 OK", Header: h, ContentLength: int64(len(c.body)),
		Body: io.NopCloser(bytes.NewReader(c.body)), Request: req, Proto: "HTTP/1.1", ProtoMajor: 1, ProtoMinor: 1}, nil
}

// RoundTrip lets v2's client use the canned responder as a transport.
func (c *cannedJSON) RoundTrip(req *http.Request) (*http.Response, error) { return c.Do(req) }

func newNimbusDynamoDB(hc *cannedJSON) *dynamodb.Client {
	return dynamodb.New(dynamodb.Options{
		Region: Region, BaseEndpoint: "http://127.0.0.1:1",
		Credentials: credentials.NewStaticProvider(AccessKeyID, SecretAccessKey, SessionToken),
		HTTPClient:  hc,
	})
}

func newV2DynamoDB(hc *cannedJSON) *ddbv2.Client {
	return ddbv2.New(ddbv2.Options{
		Region: Region, BaseEndpoint: awsv2.String("http://127.0.0.1:1"),
		Credentials: credsv2.NewStaticCredentialsProvider(AccessKeyID, SecretAccessKey, SessionToken),
		HTTPClient:  &http.Client{Transport: hc},
	})
}

var queryTable = "customers"

// BenchmarkDynamoDBQueryDecode runs a Query whose canned response holds
// 1000 items through each SDK's whole client (signing, endpoint, CRC32
// check, the decode into typed attribute values), in process. Bytes/s is
// the JSON decode rate; allocs/item is reported as a metric. On a shared
// machine compare with BenchmarkDynamoDBQueryDecodeSideBySide, which
// interleaves the two.
func BenchmarkDynamoDBQueryDecode(b *testing.B) {
	body := queryBody()
	hc := newCannedJSON(body)
	b.Run("nimbus", func(b *testing.B) {
		query := nimbusQuery(b, hc)
		b.SetBytes(int64(len(body)))
		b.ReportAllocs()
		mallocs := totalMallocs()
		for b.Loop() {
			query()
		}
		reportPerItem(b, mallocs)
	})
	b.Run("v2", func(b *testing.B) {
		query := v2Query(b, hc)
		b.SetBytes(int64(len(body)))
		b.ReportAllocs()
		mallocs := totalMallocs()
		for b.Loop() {
			query()
		}
		reportPerItem(b, mallocs)
	})
}

// BenchmarkDynamoDBQueryDecodeSideBySide runs a block of sideBySideBlock
// Queries with each SDK per iteration, alternating which goes first, so
// that both see the same machine load. Blocks rather than single queries
// keep most of the garbage collection one SDK causes within its own
// block. It reports each SDK's MB/s and allocs/item and speedup = nimbus
// MB/s / v2 MB/s (ns/op is the time of the pair of blocks).
func BenchmarkDynamoDBQueryDecodeSideBySide(b *testing.B) {
	body := queryBody()
	hc := newCannedJSON(body)
	nimbus, v2 := nimbusQuery(b, hc), v2Query(b, hc)
	nAllocs, vAllocs := testing.AllocsPerRun(5, nimbus), testing.AllocsPerRun(5, v2)
	nTime, vTime, ops := sideBySide(b, nimbus, v2)
	mbps := func(d time.Duration) float64 {
		return float64(len(body)) * float64(ops) / d.Seconds() / 1e6
	}
	b.ReportMetric(mbps(nTime), "nimbus-MB/s")
	b.ReportMetric(mbps(vTime), "v2-MB/s")
	b.ReportMetric(vTime.Seconds()/nTime.Seconds(), "speedup")
	b.ReportMetric(nAllocs/queryItems, "nimbus-allocs/item")
	b.ReportMetric(vAllocs/queryItems, "v2-allocs/item")
}

// sideBySideBlock is the number of operations run in a row by one SDK in
// the side-by-side benchmarks.
const sideBySideBlock = 8

// sideBySide runs nimbus and v2 in alternating blocks of sideBySideBlock
// calls for b's iterations, so that load on the machine affects both
// alike, and returns each one's total time and the calls each made.
func sideBySide(b *testing.B, nimbus, v2 func()) (nTime, vTime time.Duration, ops int) {
	timed := func(f func(), d *time.Duration) {
		start := time.Now()
		for range sideBySideBlock {
			f()
		}
		*d += time.Since(start)
	}
	i := 0
	for b.Loop() {
		if i%2 == 0 {
			timed(nimbus, &nTime)
			timed(v2, &vTime)
		} else {
			timed(v2, &vTime)
			timed(nimbus, &nTime)
		}
		i++
	}
	return nTime, vTime, i * sideBySideBlock
}

// nimbusQuery returns a function that runs one Query with a Nimbus client
// and checks that it returned every item.
func nimbusQuery(b *testing.B, hc *cannedJSON) func() {
	c := newNimbusDynamoDB(hc)
	return func() {
		out, err := c.Query(context.Background(), &dynamodb.QueryInput{TableName: &queryTable})
		if err != nil || len(out.Items) != queryItems {
			b.Fatalf("nimbus Query: %d items, %v", len(out.Items), err)
		}
	}
}

// v2Query is nimbusQuery for aws-sdk-go-v2.
func v2Query(b *testing.B, hc *cannedJSON) func() {
	c := newV2DynamoDB(hc)
	return func() {
		out, err := c.Query(context.Background(), &ddbv2.QueryInput{TableName: &queryTable})
		if err != nil || len(out.Items) != queryItems {
			b.Fatalf("v2 Query: %d items, %v", len(out.Items), err)
		}
	}
}

func totalMallocs() uint64 {
	var ms runtime.MemStats
	runtime.ReadMemStats(&ms)
	return ms.Mallocs
}

// reportPerItem reports the allocations per decoded item since the
// count since (from totalMallocs) was taken, over b.N queries.
func reportPerItem(b *testing.B, since uint64) {
	b.ReportMetric(float64(totalMallocs()-since)/float64(b.N)/queryItems, "allocs/item")
}

// TestDynamoDBQueryDecodeAgree checks that both SDKs decode the canned
// response to the same items, so the benchmark measures equal work.
func TestDynamoDBQueryDecodeAgree(t *testing.T) {
	hc := newCannedJSON(queryBody())
	ctx := context.Background()
	n, err := newNimbusDynamoDB(hc).Query(ctx, &dynamodb.QueryInput{TableName: &queryTable})
	if err != nil {
		t.Fatal(err)
	}
	v, err := newV2DynamoDB(hc).Query(ctx, &ddbv2.QueryInput{TableName: &queryTable})
	if err != nil {
		t.Fatal(err)
	}
	if len(n.Items) != queryItems || len(v.Items) != queryItems {
		t.Fatalf("items: nimbus %d, v2 %d; want %d", len(n.Items), len(v.Items), queryItems)
	}
	for _, i := range []int{0, 1, 500, queryItems - 1} {
		ns := n.Items[i]["address"].(*types.AttributeValueMemberM).Value["street"].(*types.AttributeValueMemberS).Value
		vs := v.Items[i]["address"].(*ddbv2types.AttributeValueMemberM).Value["street"].(*ddbv2types.AttributeValueMemberS).Value
		if ns != vs || ns != fmt.Sprintf("%d Main Street", i) {
			t.Errorf("item %d street: nimbus %q, v2 %q", i, ns, vs)
		}
		nh := n.Items[i]["history"].(*types.AttributeValueMemberL).Value
		if len(nh) != 3 || nh[2].(*types.AttributeValueMemberS).Value != "three" {
			t.Errorf("item %d history = %#v", i, nh)
		}
		if _, ok := n.Items[i]["deleted"].(*types.AttributeValueMemberNULL); !ok {
			t.Errorf("item %d deleted = %#v; want NULL", i, n.Items[i]["deleted"])
		}
	}
	if n.Count != queryItems || len(n.LastEvaluatedKey) != 2 {
		t.Errorf("Count = %d, LastEvaluatedKey = %v", n.Count, n.LastEvaluatedKey)
	}
}
