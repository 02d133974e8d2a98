package sqs_test

import (
	"context"
	"errors"
	"fmt"
	"log"

	"github.com/nimbus-sdk/nimbus/config"
	"github.com/nimbus-sdk/nimbus/services/sqs"
)

// ExampleMessageChecksumError shows how to tell which message SQS
// acknowledged with a digest that does not match what was sent.
func ExampleMessageChecksumError() {
	ctx := context.Background()
	cfg, err := config.Load(ctx)
	if err != nil {
		log.Fatal(err)
	}
	c := sqs.NewFromConfig(cfg)
	body, queue := "hello", "https://sqs.us-east-1.amazonaws.com/123456789012/q"
	_, err = c.SendMessage(ctx, &sqs.SendMessageInput{QueueUrl: &queue, MessageBody: &body})
	var mismatch *sqs.MessageChecksumError
	if errors.As(err, &mismatch) {
		fmt.Printf("message %s was altered in transit (%s)\n", mismatch.MessageID, mismatch.Checksum)
	}
}

// ExampleOptions_disableMessageChecksumValidation turns the MD5 checks
// off for one call, as for a store that mimics SQS but returns wrong
// digests.
func ExampleOptions_disableMessageChecksumValidation() {
	ctx := context.Background()
	cfg, err := config.Load(ctx)
	if err != nil {
		log.Fatal(err)
	}
	c := sqs.NewFromConfig(cfg)
	queue := "https://sqs.us-east-1.amazonaws.com/123456789012/q"
	out, err := c.ReceiveMessage(ctx, &sqs.ReceiveMessageInput{QueueUrl: &queue}, func(o *sqs.Options) {
		o.DisableMessageChecksumValidation = true
	})
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(len(out.Messages), "messages")
}
