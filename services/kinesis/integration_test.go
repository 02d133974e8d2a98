package kinesis_test

import (
	"context"
	"errors"
	"fmt"
	"testing"
	"time"

	"github.com/nimbus-sdk/nimbus/internal/testenv"
	"github.com/nimbus-sdk/nimbus/services/kinesis"
	"github.com/nimbus-sdk/nimbus/services/kinesis/types"
)

// TestIntegrationKinesis drives Kinesis (awsJson 1.1, blobs as base64,
// epoch-seconds timestamps) against moto: a stream with several shards,
// records written with PutRecords and PutRecord under many partition keys,
// and every shard read back with GetShardIterator/GetRecords, each record
// expected exactly once, on the shard and with the sequence number the
// put returned.
func TestIntegrationKinesis(t *testing.T) {
	srv := testenv.Moto(t)
	c := kinesis.New(kinesis.Options{Region: srv.Region, BaseEndpoint: srv.Endpoint, Credentials: srv.Credentials()})
	ctx := context.Background()
	name := fmt.Sprintf("nimbus-%d", time.Now().UnixNano())
	const shards = 4

	if _, err := c.CreateStream(ctx, &kinesis.CreateStreamInput{StreamName: &name, ShardCount: ptr(int32(shards))}); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		_, _ = c.DeleteStream(context.Background(), &kinesis.DeleteStreamInput{StreamName: &name, EnforceConsumerDeletion: ptr(true)})
	})
	err := kinesis.NewStreamExistsWaiter(c, func(o *kinesis.StreamExistsWaiterOptions) {
		o.MinDelay, o.MaxDelay = 100*time.Millisecond, time.Second
	}).Wait(ctx, &kinesis.DescribeStreamInput{StreamName: &name}, 30*time.Second)
	if err != nil {
		t.Fatalf("StreamExists waiter: %v", err)
	}

	// want maps each record's data to where its put said it went.
	type put struct{ shard, seq, key string }
	want := map[string]put{}

	var entries []types.PutRecordsRequestEntry
	for i := range 40 {
		data := fmt.Sprintf("batch record %d \x00\xff", i) // binary bytes survive base64
		entries = append(entries, types.PutRecordsRequestEntry{Data: []byte(data), PartitionKey: ptr(fmt.Sprintf("key-%d", i))})
	}
	out, err := c.PutRecords(ctx, &kinesis.PutRecordsInput{StreamName: &name, Records: entries})
	if err != nil {
		t.Fatal(err)
	}
	if out.FailedRecordCount != nil && *out.FailedRecordCount != 0 || len(out.Records) != len(entries) {
		t.Fatalf("PutRecords: %v failed, %d results; want 0 failed, %d results", out.FailedRecordCount, len(out.Records), len(entries))
	}
	for i, r := range out.Records {
		want[string(entries[i].Data)] = put{*r.ShardId, *r.SequenceNumber, *entries[i].PartitionKey}
	}
	for i := range 10 {
		data, key := fmt.Sprintf("single record %d", i), fmt.Sprintf("single-%d", i)
		r, err := c.PutRecord(ctx, &kinesis.PutRecordInput{StreamName: &name, Data: []byte(data), PartitionKey: &key})
		if err != nil {
			t.Fatal(err)
		}
		want[data] = put{*r.ShardId, *r.SequenceNumber, key}
	}
	usedShards := map[string]bool{}
	for _, p := range want {
		usedShards[p.shard] = true
	}
	if len(usedShards) < 2 {
		t.Fatalf("50 partition keys landed on %d shard(s); want them spread over several", len(usedShards))
	}

	list, err := c.ListShards(ctx, &kinesis.ListShardsInput{StreamName: &name})
	if err != nil {
		t.Fatal(err)
	}
	if len(list.Shards) != shards {
		t.Fatalf("ListShards returned %d shards; want %d", len(list.Shards), shards)
	}

	seen := map[string]bool{}
	for _, sh := range list.Shards {
		it, err := c.GetShardIterator(ctx, &kinesis.GetShardIteratorInput{StreamName: &name, ShardId: sh.ShardId, ShardIteratorType: types.ShardIteratorTypeTrimHorizon})
		if err != nil {
			t.Fatal(err)
		}
		iter := it.ShardIterator
		// Read in small pages until a page comes back empty: every put
		// has returned, so an empty page is the end of the shard.
		for page := 0; iter != nil; page++ {
			if page > 100 {
				t.Fatalf("shard %s: still reading after %d pages", *sh.ShardId, page)
			}
			got, err := c.GetRecords(ctx, &kinesis.GetRecordsInput{ShardIterator: iter, Limit: ptr(int32(3))})
			if err != nil {
				t.Fatal(err)
			}
			for _, r := range got.Records {
				data := string(r.Data)
				w, ok := want[data]
				switch {
				case !ok:
					t.Errorf("shard %s: unexpected record %q", *sh.ShardId, data)
				case seen[data]:
					t.Errorf("shard %s: record %q read twice", *sh.ShardId, data)
				case w.shard != *sh.ShardId || w.seq != *r.SequenceNumber || w.key != *r.PartitionKey:
					t.Errorf("record %q read from shard %s seq %s key %s; put said shard %s seq %s key %s",
						data, *sh.ShardId, *r.SequenceNumber, *r.PartitionKey, w.shard, w.seq, w.key)
				}
				if r.ApproximateArrivalTimestamp == nil || time.Since(*r.ApproximateArrivalTimestamp) > time.Hour {
					t.Errorf("record %q: ApproximateArrivalTimestamp = %v", data, r.ApproximateArrivalTimestamp)
				}
				seen[data] = true
			}
			if len(got.Records) == 0 {
				break
			}
			iter = got.NextShardIterator
		}
	}
	for data := range want {
		if !seen[data] {
			t.Errorf("record %q was never read back", data)
		}
	}

	// A modelled error comes back typed.
	_, err = c.DescribeStream(ctx, &kinesis.DescribeStreamInput{StreamName: ptr(name + "-missing")})
	var notFound *types.ResourceNotFoundException
	if !errors.As(err, &notFound) {
		t.Errorf("DescribeStream(missing) error = %v; want *types.ResourceNotFoundException", err)
	}
}

func ptr[T any](v T) *T { return &v }
