package sns_test

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/nimbus-sdk/nimbus/internal/testenv"
	"github.com/nimbus-sdk/nimbus/services/sns"
)

// TestIntegrationSNSPublish drives SNS over awsQuery against moto.
func TestIntegrationSNSPublish(t *testing.T) {
	srv := testenv.Moto(t)
	c := sns.New(sns.Options{Region: srv.Region, BaseEndpoint: srv.Endpoint, Credentials: srv.Credentials()})
	ctx := context.Background()
	name := fmt.Sprintf("nimbus-%d", time.Now().UnixNano())
	topic, err := c.CreateTopic(ctx, &sns.CreateTopicInput{Name: &name, Attributes: map[string]string{"DisplayName": "Nimbus"}})
	if err != nil {
		t.Fatal(err)
	}
	if arn := *topic.TopicArn; !strings.HasSuffix(arn, ":"+name) {
		t.Fatalf("TopicArn = %q", arn)
	}
	t.Cleanup(func() { _, _ = c.DeleteTopic(context.Background(), &sns.DeleteTopicInput{TopicArn: topic.TopicArn}) })
	out, err := c.Publish(ctx, &sns.PublishInput{TopicArn: topic.TopicArn, Message: ptr("hello & <goodbye>"), Subject: ptr("greeting")})
	if err != nil {
		t.Fatal(err)
	}
	if out.MessageId == nil || *out.MessageId == "" {
		t.Error("Publish returned no MessageId")
	}
}

func ptr[T any](v T) *T { return &v }
