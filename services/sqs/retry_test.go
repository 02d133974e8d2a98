package sqs_test

import (
	"context"
	"errors"
	"net/http"
	"net/http/httptest"
	"sync/atomic"
	"testing"
	"time"

	"github.com/nimbus-sdk/nimbus/credentials"
	"github.com/nimbus-sdk/nimbus/middleware/retry"
	"github.com/nimbus-sdk/nimbus/services/sqs"
)

// TestRetryLongPolling checks the published rule for long-polling
// operations (SQS ReceiveMessage among them): "when the retry quota is
// depleted and retries are blocked, the SDK still applies a backoff delay
// before returning the error". The server fails every request with HTTP
// 500 and x-amz-retry-after: 400, so the backoff of a refused retry is
// 400 ms; a client whose retry quota cannot pay for a retry makes one
// attempt per call. ReceiveMessage waits the backoff before failing;
// SendMessage, not long-polling, fails at once.
func TestRetryLongPolling(t *testing.T) {
	const advice = 400 * time.Millisecond
	var requests atomic.Int32
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		requests.Add(1)
		w.Header().Set("Content-Type", "application/x-amz-json-1.0")
		w.Header().Set("X-Amz-Retry-After", "400")
		w.WriteHeader(500)
		w.Write([]byte(`{"__type":"com.amazonaws.sqs#InternalError","message":"try again"}`))
	}))
	defer srv.Close()
	c := sqs.New(sqs.Options{
		Region:       "us-east-1",
		BaseEndpoint: srv.URL,
		Credentials:  credentials.NewStaticProvider("AKID", "SECRET", ""),
		HTTPClient:   srv.Client(),
		// A one-token quota never pays for a retry (14 tokens).
		Retryer: retry.NewStandard(func(o *retry.StandardOptions) { o.RetryQuota = 1 }),
	})
	queue := ptr(srv.URL + "/123456789012/q")

	tests := []struct {
		name     string
		call     func() error
		waitsFor bool
	}{
		{"ReceiveMessage backs off", func() error {
			_, err := c.ReceiveMessage(context.Background(), &sqs.ReceiveMessageInput{QueueUrl: queue, WaitTimeSeconds: 20})
			return err
		}, true},
		{"SendMessage fails at once", func() error {
			_, err := c.SendMessage(context.Background(), &sqs.SendMessageInput{QueueUrl: queue, MessageBody: ptr("m")})
			return err
		}, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			before := requests.Load()
			start := time.Now()
			err := tt.call()
			elapsed := time.Since(start)
			var quotaErr *retry.QuotaExceededError
			if !errors.As(err, &quotaErr) {
				t.Fatalf("error = %v; want *retry.QuotaExceededError", err)
			}
			if n := requests.Load() - before; n != 1 {
				t.Errorf("requests = %d; want 1", n)
			}
			if waited := elapsed >= advice; waited != tt.waitsFor {
				t.Errorf("call took %v; want it to wait the %v backoff: %v", elapsed, advice, tt.waitsFor)
			}
		})
	}
}
