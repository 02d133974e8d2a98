package eventbridge_test

import (
	"context"
	"testing"
	"time"

	"github.com/nimbus-sdk/nimbus/internal/testenv"
	"github.com/nimbus-sdk/nimbus/services/eventbridge"
	"github.com/nimbus-sdk/nimbus/services/eventbridge/types"
)

// TestIntegrationPutEvents drives EventBridge (awsJson 1.1, timestamps as
// epoch seconds) against moto.
func TestIntegrationPutEvents(t *testing.T) {
	srv := testenv.Moto(t)
	c := eventbridge.New(eventbridge.Options{Region: srv.Region, BaseEndpoint: srv.Endpoint, Credentials: srv.Credentials()})
	now := time.Now()
	out, err := c.PutEvents(context.Background(), &eventbridge.PutEventsInput{Entries: []types.PutEventsRequestEntry{
		{Source: ptr("nimbus.test"), DetailType: ptr("Greeting"), Detail: ptr(`{"hello":"world"}`), Time: &now},
		{Source: ptr("nimbus.test"), DetailType: ptr("Greeting"), Detail: ptr(`{"n":2}`), Resources: []string{"arn:aws:s3:::b"}},
	}})
	if err != nil {
		t.Fatal(err)
	}
	if out.FailedEntryCount != 0 || len(out.Entries) != 2 || out.Entries[0].EventId == nil {
		t.Errorf("PutEvents: %d failed, %d entries; want 0 and 2 with event ids", out.FailedEntryCount, len(out.Entries))
	}
}

func ptr[T any](v T) *T { return &v }
