package sqs_test

import (
	"context"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"testing"

	"github.com/nimbus-sdk/nimbus/credentials"
	"github.com/nimbus-sdk/nimbus/services/sqs"
	"github.com/nimbus-sdk/nimbus/services/sqs/types"
)

// TestValueMembersOnTheWire checks the integer parameters that are plain
// int32 fields, as in aws-sdk-go-v2: an optional one at zero is left out
// of the request, so the queue's own setting applies; a set one is sent;
// a required one (ChangeMessageVisibility's VisibilityTimeout) is sent even
// at zero, which makes the message visible at once.
func TestValueMembersOnTheWire(t *testing.T) {
	var body map[string]any
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		b, _ := io.ReadAll(r.Body)
		body = nil
		if err := json.Unmarshal(b, &body); err != nil {
			t.Errorf("request body %q: %v", b, err)
		}
		w.Header().Set("Content-Type", "application/x-amz-json-1.0")
		_, _ = io.WriteString(w, `{}`)
	}))
	t.Cleanup(srv.Close)
	c := sqs.New(sqs.Options{
		Region: "us-east-1", BaseEndpoint: srv.URL, HTTPClient: srv.Client(),
		Credentials:                      credentials.NewStaticProvider("AKID", "SECRET", ""),
		DisableMessageChecksumValidation: true,
	})
	url := ptr("https://sqs.us-east-1.amazonaws.com/123456789012/q")
	ctx := context.Background()
	tests := []struct {
		name string
		call func() error
		want map[string]any // members and their values; nil: must be absent
	}{
		{"ReceiveMessage zero values", func() error {
			_, err := c.ReceiveMessage(ctx, &sqs.ReceiveMessageInput{QueueUrl: url})
			return err
		}, map[string]any{"MaxNumberOfMessages": nil, "VisibilityTimeout": nil, "WaitTimeSeconds": nil}},
		{"ReceiveMessage set values", func() error {
			_, err := c.ReceiveMessage(ctx, &sqs.ReceiveMessageInput{QueueUrl: url, MaxNumberOfMessages: 10, VisibilityTimeout: 5, WaitTimeSeconds: 20})
			return err
		}, map[string]any{"MaxNumberOfMessages": 10.0, "VisibilityTimeout": 5.0, "WaitTimeSeconds": 20.0}},
		{"SendMessage zero delay", func() error {
			_, err := c.SendMessage(ctx, &sqs.SendMessageInput{QueueUrl: url, MessageBody: ptr("m")})
			return err
		}, map[string]any{"DelaySeconds": nil}},
		{"SendMessage delay", func() error {
			_, err := c.SendMessage(ctx, &sqs.SendMessageInput{QueueUrl: url, MessageBody: ptr("m"), DelaySeconds: 3})
			return err
		}, map[string]any{"DelaySeconds": 3.0}},
		{"ChangeMessageVisibility to zero", func() error {
			_, err := c.ChangeMessageVisibility(ctx, &sqs.ChangeMessageVisibilityInput{QueueUrl: url, ReceiptHandle: ptr("h"), VisibilityTimeout: 0})
			return err
		}, map[string]any{"VisibilityTimeout": 0.0}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if err := tt.call(); err != nil {
				t.Fatal(err)
			}
			for k, want := range tt.want {
				got, ok := body[k]
				switch {
				case want == nil && ok:
					t.Errorf("request has %s = %v; want it left out", k, got)
				case want != nil && got != want:
					t.Errorf("request %s = %v; want %v", k, got, want)
				}
			}
		})
	}
}

// TestValueMembersBatchEntries: the batch entries' DelaySeconds and
// VisibilityTimeout are plain int32 too; an entry at zero leaves it out.
func TestValueMembersBatchEntries(t *testing.T) {
	var body struct{ Entries []map[string]any }
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		b, _ := io.ReadAll(r.Body)
		if err := json.Unmarshal(b, &body); err != nil {
			t.Errorf("request body %q: %v", b, err)
		}
		w.Header().Set("Content-Type", "application/x-amz-json-1.0")
		_, _ = io.WriteString(w, `{}`)
	}))
	t.Cleanup(srv.Close)
	c := sqs.New(sqs.Options{
		Region: "us-east-1", BaseEndpoint: srv.URL, HTTPClient: srv.Client(),
		Credentials:                      credentials.NewStaticProvider("AKID", "SECRET", ""),
		DisableMessageChecksumValidation: true,
	})
	url := ptr("https://sqs.us-east-1.amazonaws.com/123456789012/q")
	_, err := c.SendMessageBatch(context.Background(), &sqs.SendMessageBatchInput{QueueUrl: url, Entries: []types.SendMessageBatchRequestEntry{
		{Id: ptr("a"), MessageBody: ptr("m")},
		{Id: ptr("b"), MessageBody: ptr("m"), DelaySeconds: 7},
	}})
	if err != nil {
		t.Fatal(err)
	}
	if len(body.Entries) != 2 {
		t.Fatalf("request has %d entries; want 2", len(body.Entries))
	}
	if v, ok := body.Entries[0]["DelaySeconds"]; ok {
		t.Errorf("entry a: DelaySeconds = %v; want it left out", v)
	}
	if v := body.Entries[1]["DelaySeconds"]; v != 7.0 {
		t.Errorf("entry b: DelaySeconds = %v; want 7", v)
	}
	_, err = c.ChangeMessageVisibilityBatch(context.Background(), &sqs.ChangeMessageVisibilityBatchInput{QueueUrl: url, Entries: []types.ChangeMessageVisibilityBatchRequestEntry{
		{Id: ptr("a"), ReceiptHandle: ptr("h"), VisibilityTimeout: 9},
	}})
	if err != nil {
		t.Fatal(err)
	}
	if v := body.Entries[0]["VisibilityTimeout"]; v != 9.0 {
		t.Errorf("ChangeMessageVisibilityBatch entry: VisibilityTimeout = %v; want 9", v)
	}
}
