package sqs_test

import (
	"context"
	"errors"
	"fmt"
	"sort"
	"strconv"
	"testing"
	"time"

	"github.com/nimbus-sdk/nimbus/internal/testenv"
	"github.com/nimbus-sdk/nimbus/services/sqs"
	"github.com/nimbus-sdk/nimbus/services/sqs/types"
)

// TestIntegrationSQS drives SQS over its JSON protocol (awsJson 1.0 with
// awsQueryCompatible errors) against moto, which verifies signatures.
func TestIntegrationSQS(t *testing.T) {
	srv := testenv.Moto(t)
	c := sqs.New(sqs.Options{Region: srv.Region, BaseEndpoint: srv.Endpoint, Credentials: srv.Credentials()})
	ctx := context.Background()
	name := fmt.Sprintf("nimbus-%d", time.Now().UnixNano())
	q, err := c.CreateQueue(ctx, &sqs.CreateQueueInput{QueueName: &name, Attributes: map[string]string{"VisibilityTimeout": "30"}})
	if err != nil {
		t.Fatal(err)
	}
	url := q.QueueUrl
	t.Cleanup(func() { _, _ = c.DeleteQueue(context.Background(), &sqs.DeleteQueueInput{QueueUrl: url}) })

	var entries []types.SendMessageBatchRequestEntry
	for i := 0; i < 5; i++ {
		entries = append(entries, types.SendMessageBatchRequestEntry{Id: ptr("m" + strconv.Itoa(i)), MessageBody: ptr(fmt.Sprintf("hello %d", i))})
	}
	sent, err := c.SendMessageBatch(ctx, &sqs.SendMessageBatchInput{QueueUrl: url, Entries: entries})
	if err != nil {
		t.Fatal(err)
	}
	if len(sent.Successful) != 5 || len(sent.Failed) != 0 {
		t.Fatalf("SendMessageBatch: %d successful, %d failed; want 5, 0", len(sent.Successful), len(sent.Failed))
	}

	var bodies []string
	var del []types.DeleteMessageBatchRequestEntry
	for attempt := 0; attempt < 10 && len(bodies) < 5; attempt++ {
		got, err := c.ReceiveMessage(ctx, &sqs.ReceiveMessageInput{QueueUrl: url, MaxNumberOfMessages: 10})
		if err != nil {
			t.Fatal(err)
		}
		for _, m := range got.Messages {
			bodies = append(bodies, *m.Body)
			del = append(del, types.DeleteMessageBatchRequestEntry{Id: ptr("d" + strconv.Itoa(len(del))), ReceiptHandle: m.ReceiptHandle})
		}
	}
	sort.Strings(bodies)
	if fmt.Sprint(bodies) != "[hello 0 hello 1 hello 2 hello 3 hello 4]" {
		t.Fatalf("received %v", bodies)
	}
	dout, err := c.DeleteMessageBatch(ctx, &sqs.DeleteMessageBatchInput{QueueUrl: url, Entries: del})
	if err != nil {
		t.Fatal(err)
	}
	if len(dout.Successful) != 5 {
		t.Errorf("DeleteMessageBatch deleted %d; want 5", len(dout.Successful))
	}

	// A query-compatible error code maps to the modelled type.
	_, err = c.GetQueueUrl(ctx, &sqs.GetQueueUrlInput{QueueName: ptr("no-such-queue-" + name)})
	var missing *types.QueueDoesNotExist
	if !errors.As(err, &missing) {
		t.Fatalf("GetQueueUrl(missing) error = %v; want *types.QueueDoesNotExist", err)
	}
}

func ptr[T any](v T) *T { return &v }
