package sqs_test

import (
	"context"
	"fmt"
	"sort"
	"testing"
	"time"

	"github.com/nimbus-sdk/nimbus/internal/testenv"
	"github.com/nimbus-sdk/nimbus/services/sqs"
	"github.com/nimbus-sdk/nimbus/services/sqs/types"
)

// TestIntegrationMessageChecksums sends messages with message attributes
// (string, number, binary, custom types, UTF-8 values) and a system attribute to moto,
// which computes the MD5 digests as SQS does, and receives them with their
// attributes: every call verifies the digests moto returns, and the test
// makes sure moto did return them, so that nothing passed unchecked.
func TestIntegrationMessageChecksums(t *testing.T) {
	srv := testenv.Moto(t)
	c := sqs.New(sqs.Options{Region: srv.Region, BaseEndpoint: srv.Endpoint, Credentials: srv.Credentials()})
	ctx := context.Background()
	name := fmt.Sprintf("nimbus-md5-%d", time.Now().UnixNano())
	q, err := c.CreateQueue(ctx, &sqs.CreateQueueInput{QueueName: &name})
	if err != nil {
		t.Fatal(err)
	}
	url := q.QueueUrl
	t.Cleanup(func() { _, _ = c.DeleteQueue(context.Background(), &sqs.DeleteQueueInput{QueueUrl: url}) })

	attrs := map[string]types.MessageAttributeValue{
		"zzz":             {DataType: ptr("String"), StringValue: ptr("last by name")},
		"count":           {DataType: ptr("Number"), StringValue: ptr("0230.01")},
		"blob":            {DataType: ptr("Binary"), BinaryValue: []byte{0, 1, 2, 0xff}},
		"other.encodings": {DataType: ptr("String.custom"), StringValue: ptr("Tüst ✓")},
	}
	sent, err := c.SendMessage(ctx, &sqs.SendMessageInput{
		QueueUrl:                url,
		MessageBody:             ptr("héllo wörld 😀"),
		MessageAttributes:       attrs,
		MessageSystemAttributes: traceAttrs(),
	})
	if err != nil {
		t.Fatalf("SendMessage: %v", err)
	}
	// moto 5 computes no MD5OfMessageSystemAttributes (it is checked only
	// when returned; TestMessageChecksums covers it with AWS's digest).
	if sent.MD5OfMessageBody == nil || sent.MD5OfMessageAttributes == nil {
		t.Fatalf("SendMessage returned digests body %v, attributes %v; want both", sent.MD5OfMessageBody, sent.MD5OfMessageAttributes)
	}

	batch, err := c.SendMessageBatch(ctx, &sqs.SendMessageBatchInput{QueueUrl: url, Entries: []types.SendMessageBatchRequestEntry{
		{Id: ptr("a"), MessageBody: ptr("batch a"), MessageAttributes: timestampAttr("1493147359900")},
		{Id: ptr("b"), MessageBody: ptr("batch b"), MessageAttributes: map[string]types.MessageAttributeValue{
			"b-bin": {DataType: ptr("Binary.gz"), BinaryValue: []byte("\x1f\x8b")},
			"a_str": {DataType: ptr("String"), StringValue: ptr("ünïcode")},
		}, MessageSystemAttributes: traceAttrs()},
	}})
	if err != nil {
		t.Fatalf("SendMessageBatch: %v", err)
	}
	if len(batch.Successful) != 2 {
		t.Fatalf("SendMessageBatch: %d successful, %+v failed; want 2, none", len(batch.Successful), batch.Failed)
	}
	for _, r := range batch.Successful {
		if r.MD5OfMessageBody == nil || r.MD5OfMessageAttributes == nil {
			t.Errorf("SendMessageBatch entry %s came without MD5OfMessageBody or MD5OfMessageAttributes", *r.Id)
		}
	}

	var bodies []string
	for attempt := 0; attempt < 10 && len(bodies) < 3; attempt++ {
		got, err := c.ReceiveMessage(ctx, &sqs.ReceiveMessageInput{QueueUrl: url, MaxNumberOfMessages: 10, MessageAttributeNames: []string{"All"}})
		if err != nil {
			t.Fatalf("ReceiveMessage: %v", err)
		}
		for _, m := range got.Messages {
			bodies = append(bodies, *m.Body)
			if m.MD5OfBody == nil || m.MD5OfMessageAttributes == nil || len(m.MessageAttributes) == 0 {
				t.Errorf("message %q came with MD5OfBody %v, MD5OfMessageAttributes %v and %d attributes; want both digests and the attributes", *m.Body, m.MD5OfBody, m.MD5OfMessageAttributes, len(m.MessageAttributes))
			}
		}
	}
	sort.Strings(bodies)
	if fmt.Sprint(bodies) != "[batch a batch b héllo wörld 😀]" {
		t.Errorf("received %q", bodies)
	}
}
