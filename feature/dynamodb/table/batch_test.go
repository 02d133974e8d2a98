package table

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"testing"
	"time"

	"github.com/nimbus-sdk/nimbus/services/dynamodb"
	"github.com/nimbus-sdk/nimbus/services/dynamodb/types"
)

type pair struct {
	PK   string `dynamodbav:"pk" table:"hash"`
	SK   int    `dynamodbav:"sk" table:"range"`
	Data string `dynamodbav:"data,omitempty"`
}

// flakyStore is a Client holding items in memory whose batch calls leave
// the last `hold` entries of each request (all, if fewer) unprocessed for
// the first `flaky` calls: the throttling a real local server does not produce.
type flakyStore struct {
	Client // other calls are not used
	mu     sync.Mutex
	flaky  int
	hold   int
	items  map[string]map[string]types.AttributeValue
	sizes  []int // entries per batch request, in order
	schema schema
}

func (f *flakyStore) split(n int) int {
	f.sizes = append(f.sizes, n)
	if len(f.sizes) > f.flaky {
		return n
	}
	return n - min(n, f.hold)
}

func (f *flakyStore) BatchWriteItem(_ context.Context, in *dynamodb.BatchWriteItemInput, _ ...func(*dynamodb.Options)) (*dynamodb.BatchWriteItemOutput, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	for name, reqs := range in.RequestItems {
		seen := map[string]bool{}
		for _, r := range reqs {
			var k map[string]types.AttributeValue
			if r.PutRequest != nil {
				k, _ = f.schema.key(r.PutRequest.Item)
			} else {
				k = r.DeleteRequest.Key
			}
			ks := f.schema.keyString(k)
			if seen[ks] {
				return nil, fmt.Errorf("ValidationException: duplicate key in one request")
			}
			seen[ks] = true
		}
		if len(reqs) > 25 {
			return nil, fmt.Errorf("ValidationException: %d writes", len(reqs))
		}
		done := f.split(len(reqs))
		for _, r := range reqs[:done] {
			if r.PutRequest != nil {
				k, _ := f.schema.key(r.PutRequest.Item)
				f.items[f.schema.keyString(k)] = r.PutRequest.Item
			} else {
				delete(f.items, f.schema.keyString(r.DeleteRequest.Key))
			}
		}
		out := &dynamodb.BatchWriteItemOutput{}
		if done < len(reqs) {
			out.UnprocessedItems = map[string][]types.WriteRequest{name: reqs[done:]}
		}
		return out, nil
	}
	return &dynamodb.BatchWriteItemOutput{}, nil
}

func (f *flakyStore) BatchGetItem(_ context.Context, in *dynamodb.BatchGetItemInput, _ ...func(*dynamodb.Options)) (*dynamodb.BatchGetItemOutput, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	out := &dynamodb.BatchGetItemOutput{Responses: map[string][]map[string]types.AttributeValue{}}
	for name, ka := range in.RequestItems {
		if len(ka.Keys) > 100 {
			return nil, fmt.Errorf("ValidationException: %d keys", len(ka.Keys))
		}
		done := f.split(len(ka.Keys))
		// Answer in reverse order: the service promises no order.
		for i := done - 1; i >= 0; i-- {
			if m, ok := f.items[f.schema.keyString(ka.Keys[i])]; ok {
				out.Responses[name] = append(out.Responses[name], m)
			}
		}
		if done < len(ka.Keys) {
			out.UnprocessedKeys = map[string]types.KeysAndAttributes{name: {Keys: ka.Keys[done:]}}
		}
	}
	return out, nil
}

func newFlaky(t *testing.T, flaky, hold int, optFns ...func(*Options)) (*Table[pair], *flakyStore) {
	t.Helper()
	optFns = append([]func(*Options){func(o *Options) { o.BatchBackoff = func(int) time.Duration { return time.Microsecond } }}, optFns...)
	store := &flakyStore{flaky: flaky, hold: hold, items: map[string]map[string]types.AttributeValue{}}
	tbl, err := New[pair](store, "pairs", optFns...)
	if err != nil {
		t.Fatal(err)
	}
	store.schema = tbl.schema
	return tbl, store
}

func pairs(n int, pk string) []pair {
	ps := make([]pair, n)
	for i := range ps {
		ps[i] = pair{PK: pk, SK: i, Data: fmt.Sprint("d", i)}
	}
	return ps
}

func TestBatchWriteChunksAndRetries(t *testing.T) {
	tbl, store := newFlaky(t, 3, 5)
	items := pairs(60, "a")
	if err := tbl.BatchPut(context.Background(), items); err != nil {
		t.Fatal(err)
	}
	if len(store.items) != 60 {
		t.Fatalf("stored %d items, want 60", len(store.items))
	}
	// 25 with 5 held, those 5 held twice more, then 25 and 10.
	want := []int{25, 5, 5, 5, 25, 10}
	if fmt.Sprint(store.sizes) != fmt.Sprint(want) {
		t.Errorf("request sizes %v, want %v", store.sizes, want)
	}
}

func TestBatchWriteRepeatedKeyStartsNewRequest(t *testing.T) {
	tbl, store := newFlaky(t, 0, 0)
	items := pairs(4, "a")
	items = append(items, pair{PK: "a", SK: 1, Data: "later"}, pair{PK: "a", SK: 9})
	if err := tbl.BatchPut(context.Background(), items); err != nil {
		t.Fatal(err)
	}
	if fmt.Sprint(store.sizes) != "[4 2]" {
		t.Errorf("request sizes %v, want [4 2]", store.sizes)
	}
	got, err := tbl.BatchGet(context.Background(), []pair{{PK: "a", SK: 1}})
	if err != nil || len(got) != 1 || got[0].Data != "later" {
		t.Fatalf("key written twice reads %+v, %v; want the later item", got, err)
	}
}

func TestBatchWriteGivesUp(t *testing.T) {
	tbl, store := newFlaky(t, 100, 5, func(o *Options) { o.MaxBatchAttempts = 3 })
	err := tbl.BatchPut(context.Background(), pairs(30, "a"))
	var ue *UnprocessedError
	if !errors.As(err, &ue) {
		t.Fatalf("err = %v, want *UnprocessedError", err)
	}
	// The first request of 25 writes 20, then 0 twice with 5 held back;
	// the last 5 items were never sent.
	if ue.Unprocessed != 10 || ue.Attempts != 3 || ue.Op != "BatchWriteItem" {
		t.Errorf("got %+v, want 10 unprocessed after 3 attempts", ue)
	}
	if len(store.items) != 20 {
		t.Errorf("stored %d, want 20", len(store.items))
	}
}

func TestBatchGetChunksOrdersAndDedupes(t *testing.T) {
	tbl, store := newFlaky(t, 2, 7)
	ctx := context.Background()
	if err := tbl.BatchPut(ctx, pairs(150, "a")); err != nil {
		t.Fatal(err)
	}
	store.sizes = nil
	keys := make([]pair, 0, 230)
	for i := 229; i >= 0; i-- { // descending, 80 of them missing
		keys = append(keys, pair{PK: "a", SK: i})
	}
	keys = append(keys, pair{PK: "a", SK: 3}) // repeated
	got, err := tbl.BatchGet(ctx, keys)
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != 150 {
		t.Fatalf("got %d items, want 150", len(got))
	}
	for i, p := range got {
		if want := 149 - i; p.SK != want || p.Data != fmt.Sprint("d", want) {
			t.Fatalf("item %d = %+v, want SK %d in key order", i, p, want)
		}
	}
	if want := "[100 7 7 100 30]"; fmt.Sprint(store.sizes) != want {
		t.Errorf("request sizes %v, want %s", store.sizes, want)
	}
}

func TestBatchRefusesBadKeyBeforeSending(t *testing.T) {
	tbl, store := newFlaky(t, 0, 0)
	items := pairs(3, "a")
	items[2].PK = ""
	err := tbl.BatchPut(context.Background(), items)
	var ke *KeyError
	if !errors.As(err, &ke) || ke.Field != "PK" || ke.Attribute != "pk" {
		t.Fatalf("err = %v, want *KeyError for PK", err)
	}
	if _, err := tbl.BatchGet(context.Background(), items); !errors.As(err, &ke) {
		t.Fatalf("BatchGet err = %v, want *KeyError", err)
	}
	if err := tbl.BatchDelete(context.Background(), items); !errors.As(err, &ke) {
		t.Fatalf("BatchDelete err = %v, want *KeyError", err)
	}
	if len(store.sizes) != 0 {
		t.Errorf("sent %d requests, want none", len(store.sizes))
	}
}

func TestBatchBackoffHonoursContext(t *testing.T) {
	tbl, _ := newFlaky(t, 100, 1, func(o *Options) { o.BatchBackoff = func(int) time.Duration { return time.Hour } })
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Millisecond)
	defer cancel()
	if err := tbl.BatchPut(ctx, pairs(3, "a")); !errors.Is(err, context.DeadlineExceeded) {
		t.Fatalf("err = %v, want context.DeadlineExceeded", err)
	}
}

func TestJitterBackoffBounds(t *testing.T) {
	for retry := 1; retry < 40; retry++ {
		ceiling := min(5*time.Second, 50*time.Millisecond<<min(retry-1, 10))
		for range 50 {
			if d := jitterBackoff(retry); d <= 0 || d > ceiling+time.Millisecond {
				t.Fatalf("retry %d: back-off %v outside (0, %v]", retry, d, ceiling)
			}
		}
	}
}
