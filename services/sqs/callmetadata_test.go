package sqs_test

import (
	"context"
	"testing"

	smithymw "github.com/aws/smithy-go/middleware"

	"github.com/nimbus-sdk/nimbus/credentials"
	"github.com/nimbus-sdk/nimbus/middleware"
	"github.com/nimbus-sdk/nimbus/services/sqs"
)

// TestCallMetadataInAPIOptions: middleware a caller adds through
// APIOptions (here one that answers every call itself, as test stubbers
// written for aws-sdk-go-v2 do) learns the service, operation and region
// of the call from the context.
func TestCallMetadataInAPIOptions(t *testing.T) {
	type seen struct{ service, op, region string }
	var got []seen
	stub := smithymw.SerializeMiddlewareFunc("Stub", func(ctx context.Context, in smithymw.SerializeInput, next smithymw.SerializeHandler) (smithymw.SerializeOutput, smithymw.Metadata, error) {
		got = append(got, seen{middleware.GetServiceID(ctx), middleware.GetOperationName(ctx), middleware.GetRegion(ctx)})
		var out any
		switch in.Parameters.(type) {
		case *sqs.GetQueueUrlInput:
			out = &sqs.GetQueueUrlOutput{QueueUrl: ptr("https://example.com/q")}
		case *sqs.ReceiveMessageInput:
			out = &sqs.ReceiveMessageOutput{}
		}
		return smithymw.SerializeOutput{Result: out}, smithymw.Metadata{}, nil
	})
	c := sqs.New(sqs.Options{
		Region:      "eu-west-3",
		Credentials: credentials.NewStaticProvider("AKID", "SECRET", ""),
		APIOptions: []func(*smithymw.Stack) error{
			func(st *smithymw.Stack) error { return st.Serialize.Add(stub, smithymw.Before) },
		},
	})
	ctx := context.Background()
	if _, err := c.GetQueueUrl(ctx, &sqs.GetQueueUrlInput{QueueName: ptr("q")}); err != nil {
		t.Fatal(err)
	}
	if _, err := c.ReceiveMessage(ctx, &sqs.ReceiveMessageInput{QueueUrl: ptr("https://example.com/q")}, func(o *sqs.Options) { o.Region = "us-west-2" }); err != nil {
		t.Fatal(err)
	}
	want := []seen{{"SQS", "GetQueueUrl", "eu-west-3"}, {"SQS", "ReceiveMessage", "us-west-2"}}
	if len(got) != len(want) {
		t.Fatalf("middleware ran %d times; want %d", len(got), len(want))
	}
	for i := range want {
		if got[i] != want[i] {
			t.Errorf("call %d: middleware saw %+v; want %+v", i, got[i], want[i])
		}
	}
	if s := middleware.GetOperationName(ctx); s != "" {
		t.Errorf("GetOperationName outside a call = %q; want empty", s)
	}
}
