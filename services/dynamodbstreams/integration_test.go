package dynamodbstreams_test

import (
	"context"
	"fmt"
	"slices"
	"testing"
	"time"

	"github.com/nimbus-sdk/nimbus/internal/testenv"
	"github.com/nimbus-sdk/nimbus/services/dynamodbstreams"
	"github.com/nimbus-sdk/nimbus/services/dynamodbstreams/types"
)

// TestIntegrationDynamoDBStreams drives DynamoDB Streams (awsJson 1.0,
// AttributeValue unions in stream records) against moto: a table with a
// NEW_AND_OLD_IMAGES stream gets writes (made through DynamoDB's JSON API,
// whose client is another module), and the stream is listed, described
// and read back shard by shard.
func TestIntegrationDynamoDBStreams(t *testing.T) {
	srv := testenv.Moto(t)
	c := dynamodbstreams.New(dynamodbstreams.Options{Region: srv.Region, BaseEndpoint: srv.Endpoint, Credentials: srv.Credentials()})
	ctx := context.Background()
	table := fmt.Sprintf("nimbus-%d", time.Now().UnixNano())

	ddb := func(op, body string) { srv.JSON(t, "dynamodb", "DynamoDB_20120810."+op, body) }
	ddb("CreateTable", `{"TableName":"`+table+`","BillingMode":"PAY_PER_REQUEST",
		"AttributeDefinitions":[{"AttributeName":"pk","AttributeType":"S"}],"KeySchema":[{"AttributeName":"pk","KeyType":"HASH"}],
		"StreamSpecification":{"StreamEnabled":true,"StreamViewType":"NEW_AND_OLD_IMAGES"}}`)
	t.Cleanup(func() { ddb("DeleteTable", `{"TableName":"`+table+`"}`) })
	for i := range 3 {
		ddb("PutItem", fmt.Sprintf(`{"TableName":%q,"Item":{"pk":{"S":"k%d"},"n":{"N":"%d"},"tags":{"SS":["a","b"]}}}`, table, i, i))
	}
	ddb("PutItem", `{"TableName":"`+table+`","Item":{"pk":{"S":"k1"},"n":{"N":"10"},"ok":{"BOOL":true}}}`)

	list, err := c.ListStreams(ctx, &dynamodbstreams.ListStreamsInput{TableName: &table})
	if err != nil {
		t.Fatal(err)
	}
	if len(list.Streams) != 1 || *list.Streams[0].TableName != table {
		t.Fatalf("ListStreams(%s) = %+v; want one stream", table, list.Streams)
	}
	arn := list.Streams[0].StreamArn

	d, err := c.DescribeStream(ctx, &dynamodbstreams.DescribeStreamInput{StreamArn: arn})
	if err != nil {
		t.Fatal(err)
	}
	sd := d.StreamDescription
	if sd.StreamStatus != types.StreamStatusEnabled || sd.StreamViewType != types.StreamViewTypeNewAndOldImages ||
		len(sd.KeySchema) != 1 || *sd.KeySchema[0].AttributeName != "pk" || len(sd.Shards) == 0 {
		t.Fatalf("DescribeStream = %+v", sd)
	}

	var events []string
	for _, sh := range sd.Shards {
		it, err := c.GetShardIterator(ctx, &dynamodbstreams.GetShardIteratorInput{StreamArn: arn, ShardId: sh.ShardId, ShardIteratorType: types.ShardIteratorTypeTrimHorizon})
		if err != nil {
			t.Fatal(err)
		}
		recs, err := c.GetRecords(ctx, &dynamodbstreams.GetRecordsInput{ShardIterator: it.ShardIterator})
		if err != nil {
			t.Fatal(err)
		}
		for _, r := range recs.Records {
			sr := r.Dynamodb
			pk := sr.Keys["pk"].(*types.AttributeValueMemberS).Value
			ev := fmt.Sprintf("%s %s n=%s", r.EventName, pk, sr.NewImage["n"].(*types.AttributeValueMemberN).Value)
			if old, ok := sr.OldImage["n"].(*types.AttributeValueMemberN); ok {
				ev += " was " + old.Value
			}
			if ss, ok := sr.NewImage["tags"].(*types.AttributeValueMemberSS); ok && !slices.Equal(ss.Value, []string{"a", "b"}) {
				t.Errorf("record %s: tags = %v", ev, ss.Value)
			}
			if b, ok := sr.NewImage["ok"].(*types.AttributeValueMemberBOOL); ok && !b.Value {
				t.Errorf("record %s: ok = false", ev)
			}
			if sr.ApproximateCreationDateTime == nil || time.Since(*sr.ApproximateCreationDateTime).Abs() > time.Hour {
				t.Errorf("record %s: ApproximateCreationDateTime = %v", ev, sr.ApproximateCreationDateTime)
			}
			events = append(events, ev)
		}
	}
	slices.Sort(events)
	want := []string{"INSERT k0 n=0", "INSERT k1 n=1", "INSERT k2 n=2", "MODIFY k1 n=10 was 1"}
	if !slices.Equal(events, want) {
		t.Errorf("stream records = %q; want %q", events, want)
	}
}
