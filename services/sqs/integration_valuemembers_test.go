package sqs_test

import (
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/nimbus-sdk/nimbus/internal/testenv"
	"github.com/nimbus-sdk/nimbus/services/sqs"
)

// TestIntegrationVisibilityValueMembers runs the v2 way of consuming a
// queue against moto: ReceiveMessage with a plain MaxNumberOfMessages and
// no VisibilityTimeout keeps the queue's 30-second timeout (had a zero
// been sent, the message would be visible again at once), and
// ChangeMessageVisibility with VisibilityTimeout 0 releases the message.
func TestIntegrationVisibilityValueMembers(t *testing.T) {
	srv := testenv.Moto(t)
	c := sqs.New(sqs.Options{Region: srv.Region, BaseEndpoint: srv.Endpoint, Credentials: srv.Credentials()})
	ctx := context.Background()
	name := fmt.Sprintf("nimbus-vis-%d", time.Now().UnixNano())
	q, err := c.CreateQueue(ctx, &sqs.CreateQueueInput{QueueName: &name, Attributes: map[string]string{"VisibilityTimeout": "30"}})
	if err != nil {
		t.Fatal(err)
	}
	url := q.QueueUrl
	t.Cleanup(func() { _, _ = c.DeleteQueue(context.Background(), &sqs.DeleteQueueInput{QueueUrl: url}) })
	if _, err := c.SendMessage(ctx, &sqs.SendMessageInput{QueueUrl: url, MessageBody: ptr("hello")}); err != nil {
		t.Fatal(err)
	}
	out, err := c.ReceiveMessage(ctx, &sqs.ReceiveMessageInput{QueueUrl: url, MaxNumberOfMessages: 10})
	if err != nil {
		t.Fatal(err)
	}
	if len(out.Messages) != 1 {
		t.Fatalf("first ReceiveMessage: %d messages; want 1", len(out.Messages))
	}
	again, err := c.ReceiveMessage(ctx, &sqs.ReceiveMessageInput{QueueUrl: url, MaxNumberOfMessages: 10})
	if err != nil {
		t.Fatal(err)
	}
	if len(again.Messages) != 0 {
		t.Fatalf("second ReceiveMessage: %d messages; want 0 (the queue's visibility timeout hides it)", len(again.Messages))
	}
	// VisibilityTimeout 0 (the zero value) is sent: the message is released.
	if _, err := c.ChangeMessageVisibility(ctx, &sqs.ChangeMessageVisibilityInput{QueueUrl: url, ReceiptHandle: out.Messages[0].ReceiptHandle}); err != nil {
		t.Fatalf("ChangeMessageVisibility(0): %v", err)
	}
	released, err := c.ReceiveMessage(ctx, &sqs.ReceiveMessageInput{QueueUrl: url, MaxNumberOfMessages: 10})
	if err != nil {
		t.Fatal(err)
	}
	if len(released.Messages) != 1 {
		t.Fatalf("ReceiveMessage after releasing: %d messages; want 1", len(released.Messages))
	}
}
