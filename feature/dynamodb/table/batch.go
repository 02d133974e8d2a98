package table

import (
	"context"
	"math/rand/v2"
	"time"

	"github.com/nimbus-sdk/nimbus/services/dynamodb"
	"github.com/nimbus-sdk/nimbus/services/dynamodb/types"
)

// The service's limits per batch request.
const (
	maxBatchGet   = 100
	maxBatchWrite = 25
)

// BatchGet reads the items whose key fields are those of keys, in requests
// of at most 100 keys, resending keys the service leaves unprocessed after
// a back-off (see Options.MaxBatchAttempts). It returns the items found, in
// the order of keys; keys with no item are skipped and a key given twice
// is read once.
//
// When it gives up it returns the items read so far and an
// *UnprocessedError.
func (t *Table[T]) BatchGet(ctx context.Context, keys []T, optFns ...func(*GetOptions)) ([]T, error) {
	var o GetOptions
	for _, fn := range optFns {
		fn(&o)
	}
	// Build every key first, so that a bad key fails before any request.
	order := make([]string, 0, len(keys))
	want := make([]map[string]types.AttributeValue, 0, len(keys))
	seen := make(map[string]bool, len(keys))
	for i := range keys {
		k, err := t.keyOf(&keys[i])
		if err != nil {
			return nil, err
		}
		s := t.schema.keyString(k)
		if seen[s] {
			continue
		}
		seen[s] = true
		order = append(order, s)
		want = append(want, k)
	}
	found := make(map[string]map[string]types.AttributeValue, len(want))
	for start := 0; start < len(want); start += maxBatchGet {
		end := min(start+maxBatchGet, len(want))
		pending := want[start:end]
		for attempt := 1; ; attempt++ {
			ka := types.KeysAndAttributes{Keys: pending}
			if o.ConsistentRead {
				ka.ConsistentRead = &o.ConsistentRead
			}
			out, err := t.client.BatchGetItem(ctx, &dynamodb.BatchGetItemInput{
				RequestItems: map[string]types.KeysAndAttributes{t.name: ka},
			})
			if err != nil {
				items, _ := t.collect(order, found)
				return items, err
			}
			for _, m := range out.Responses[t.name] {
				k, err := t.schema.key(m)
				if err != nil {
					return nil, err
				}
				found[t.schema.keyString(k)] = m
			}
			pending = out.UnprocessedKeys[t.name].Keys
			if len(pending) == 0 {
				break
			}
			if attempt >= t.opts.MaxBatchAttempts {
				items, _ := t.collect(order, found)
				return items, &UnprocessedError{Op: "BatchGetItem", Unprocessed: len(pending) + len(want) - end, Attempts: attempt}
			}
			if err := t.sleep(ctx, attempt); err != nil {
				items, _ := t.collect(order, found)
				return items, err
			}
		}
	}
	return t.collect(order, found)
}

// collect decodes the items found, in the order their keys were asked for.
func (t *Table[T]) collect(order []string, found map[string]map[string]types.AttributeValue) ([]T, error) {
	items := make([]T, 0, len(found))
	for _, k := range order {
		m, ok := found[k]
		if !ok {
			continue
		}
		item, err := t.unmarshal(m)
		if err != nil {
			return items, err
		}
		items = append(items, item)
	}
	return items, nil
}

// BatchPut writes items, replacing any with the same keys, in requests of
// at most 25 writes, resending writes the service leaves unprocessed after
// a back-off. Items are written in order: when a key appears twice, the
// later item is what remains.
//
// BatchWriteItem takes no conditions, so BatchPut does not check or
// increment the version of a versioned item; use Put for that.
func (t *Table[T]) BatchPut(ctx context.Context, items []T) error {
	reqs := make([]types.WriteRequest, len(items))
	keys := make([]string, len(items))
	for i := range items {
		m, err := t.marshal(&items[i])
		if err != nil {
			return err
		}
		k, err := t.schema.key(m)
		if err != nil {
			return err
		}
		reqs[i] = types.WriteRequest{PutRequest: &types.PutRequest{Item: m}}
		keys[i] = t.schema.keyString(k)
	}
	return t.batchWrite(ctx, reqs, keys)
}

// BatchDelete removes the items whose key fields are those of keys, in
// requests of at most 25, like BatchPut. Versions are not checked.
func (t *Table[T]) BatchDelete(ctx context.Context, keys []T) error {
	reqs := make([]types.WriteRequest, len(keys))
	ks := make([]string, len(keys))
	for i := range keys {
		k, err := t.keyOf(&keys[i])
		if err != nil {
			return err
		}
		reqs[i] = types.WriteRequest{DeleteRequest: &types.DeleteRequest{Key: k}}
		ks[i] = t.schema.keyString(k)
	}
	return t.batchWrite(ctx, reqs, ks)
}

// batchWrite sends reqs in order, in requests of at most 25 that never
// hold one key twice (the service refuses that), each finished before the
// next begins so that later writes of a key win.
func (t *Table[T]) batchWrite(ctx context.Context, reqs []types.WriteRequest, keys []string) error {
	inChunk := make(map[string]bool, maxBatchWrite)
	for start := 0; start < len(reqs); {
		end := start
		clear(inChunk)
		for end < len(reqs) && end-start < maxBatchWrite && !inChunk[keys[end]] {
			inChunk[keys[end]] = true
			end++
		}
		pending := reqs[start:end]
		for attempt := 1; ; attempt++ {
			out, err := t.client.BatchWriteItem(ctx, &dynamodb.BatchWriteItemInput{
				RequestItems: map[string][]types.WriteRequest{t.name: pending},
			})
			if err != nil {
				return err
			}
			pending = out.UnprocessedItems[t.name]
			if len(pending) == 0 {
				break
			}
			if attempt >= t.opts.MaxBatchAttempts {
				return &UnprocessedError{Op: "BatchWriteItem", Unprocessed: len(pending) + len(reqs) - end, Attempts: attempt}
			}
			if err := t.sleep(ctx, attempt); err != nil {
				return err
			}
		}
		start = end
	}
	return nil
}

// sleep waits the back-off before the given retry, or until ctx ends.
func (t *Table[T]) sleep(ctx context.Context, retry int) error {
	d := t.opts.BatchBackoff(retry)
	if d <= 0 {
		return ctx.Err()
	}
	timer := time.NewTimer(d)
	defer timer.Stop()
	select {
	case <-ctx.Done():
		return ctx.Err()
	case <-timer.C:
		return nil
	}
}

// jitterBackoff is exponential back-off with full jitter: a random wait
// below 50 ms × 2^(retry-1), capped at 5 s.
func jitterBackoff(retry int) time.Duration {
	ceiling := 5 * time.Second
	if retry < 8 {
		ceiling = min(ceiling, 50*time.Millisecond<<(retry-1))
	}
	return rand.N(ceiling) + time.Millisecond
}
