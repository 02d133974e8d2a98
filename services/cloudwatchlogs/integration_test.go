package cloudwatchlogs_test

import (
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/nimbus-sdk/nimbus/internal/testenv"
	"github.com/nimbus-sdk/nimbus/services/cloudwatchlogs"
	"github.com/nimbus-sdk/nimbus/services/cloudwatchlogs/types"
)

// TestIntegrationLogs drives CloudWatch Logs (awsJson 1.1, camelCase
// member names) against moto: write events, read them back.
func TestIntegrationLogs(t *testing.T) {
	srv := testenv.Moto(t)
	c := cloudwatchlogs.New(cloudwatchlogs.Options{Region: srv.Region, BaseEndpoint: srv.Endpoint, Credentials: srv.Credentials()})
	ctx := context.Background()
	group, stream := fmt.Sprintf("nimbus-%d", time.Now().UnixNano()), "s1"
	if _, err := c.CreateLogGroup(ctx, &cloudwatchlogs.CreateLogGroupInput{LogGroupName: &group}); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		_, _ = c.DeleteLogGroup(context.Background(), &cloudwatchlogs.DeleteLogGroupInput{LogGroupName: &group})
	})
	if _, err := c.CreateLogStream(ctx, &cloudwatchlogs.CreateLogStreamInput{LogGroupName: &group, LogStreamName: &stream}); err != nil {
		t.Fatal(err)
	}
	now := time.Now().UnixMilli()
	_, err := c.PutLogEvents(ctx, &cloudwatchlogs.PutLogEventsInput{LogGroupName: &group, LogStreamName: &stream, LogEvents: []types.InputLogEvent{
		{Timestamp: ptr(now), Message: ptr("first")},
		{Timestamp: ptr(now + 1), Message: ptr("second \"quoted\" \u00e9")},
	}})
	if err != nil {
		t.Fatal(err)
	}
	got, err := c.GetLogEvents(ctx, &cloudwatchlogs.GetLogEventsInput{LogGroupName: &group, LogStreamName: &stream, StartFromHead: ptr(true)})
	if err != nil {
		t.Fatal(err)
	}
	var msgs []string
	for _, e := range got.Events {
		msgs = append(msgs, *e.Message)
	}
	if fmt.Sprint(msgs) != "[first second \"quoted\" \u00e9]" {
		t.Errorf("GetLogEvents messages = %q", msgs)
	}
}

func ptr[T any](v T) *T { return &v }
