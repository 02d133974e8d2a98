package dynamodb_test

import (
	"context"
	"errors"
	"net/http"
	"net/http/httptest"
	"slices"
	"sync"
	"testing"
	"time"

	"github.com/nimbus-sdk/nimbus/config"
	"github.com/nimbus-sdk/nimbus/credentials"
	"github.com/nimbus-sdk/nimbus/middleware/retry"
	"github.com/nimbus-sdk/nimbus/services/dynamodb"
	"github.com/nimbus-sdk/nimbus/services/dynamodb/types"
)

// ddbServer answers every request with the next of its HTTP statuses (the
// last one repeats): 500 as DynamoDB's InternalServerError, 200 as an
// empty GetItem result. It records each request's amz-sdk-request header.
type ddbServer struct {
	*httptest.Server
	mu       sync.Mutex
	statuses []int
	headers  []string
}

func newDDBServer(t *testing.T, statuses ...int) *ddbServer {
	s := &ddbServer{statuses: statuses}
	s.Server = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		s.mu.Lock()
		s.headers = append(s.headers, r.Header.Get("Amz-Sdk-Request"))
		status := s.statuses[min(len(s.headers), len(s.statuses))-1]
		s.mu.Unlock()
		w.Header().Set("Content-Type", "application/x-amz-json-1.0")
		if status == 200 {
			w.Write([]byte(`{}`))
			return
		}
		w.WriteHeader(status)
		w.Write([]byte(`{"__type":"com.amazonaws.dynamodb.v20120810#InternalServerError","message":"try again"}`))
	}))
	t.Cleanup(s.Close)
	return s
}

func (s *ddbServer) requests() []string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]string(nil), s.headers...)
}

func newDDBClient(srv *ddbServer, optFns ...func(*dynamodb.Options)) *dynamodb.Client {
	return dynamodb.New(dynamodb.Options{
		Region:       "us-east-1",
		BaseEndpoint: srv.URL,
		Credentials:  credentials.NewStaticProvider("AKID", "SECRET", ""),
		HTTPClient:   srv.Client(),
	}, optFns...)
}

func getItem() *dynamodb.GetItemInput {
	return &dynamodb.GetItemInput{TableName: ptr("t"), Key: map[string]types.AttributeValue{"pk": &types.AttributeValueMemberS{Value: "k"}}}
}

// TestRetryDynamoDBDefaults checks the DynamoDB row of the published retry
// behaviour ("Service-specific behavior": 4 max attempts, a 25 ms base
// delay for transient errors) through a generated client, where the
// numbers come from the generated service description.
func TestRetryDynamoDBDefaults(t *testing.T) {
	ctx := context.Background()

	t.Run("four attempts, each announced as max=4", func(t *testing.T) {
		srv := newDDBServer(t, 500)
		_, err := newDDBClient(srv).GetItem(ctx, getItem())
		var maxErr *retry.MaxAttemptsError
		if !errors.As(err, &maxErr) || maxErr.Attempts != 4 {
			t.Fatalf("GetItem error = %v; want *retry.MaxAttemptsError after 4 attempts", err)
		}
		want := []string{"attempt=1; max=4", "attempt=2; max=4", "attempt=3; max=4", "attempt=4; max=4"}
		if got := srv.requests(); !slices.Equal(got, want) {
			t.Errorf("amz-sdk-request headers = %q; want %q", got, want)
		}
	})

	t.Run("backoff below 25 ms x 2^retry", func(t *testing.T) {
		srv := newDDBServer(t, 500, 500, 500, 200)
		out, err := newDDBClient(srv).GetItem(ctx, getItem())
		if err != nil {
			t.Fatalf("GetItem: %v", err)
		}
		results, _ := retry.GetAttemptResults(out.ResultMetadata)
		if len(results.Results) != 4 {
			t.Fatalf("attempts = %d; want 4", len(results.Results))
		}
		for i, r := range results.Results[:3] {
			if window := 25 * time.Millisecond << i; r.Delay < 0 || r.Delay >= window {
				t.Errorf("delay after attempt %d = %v; want in [0, %v)", i+1, r.Delay, window)
			}
		}
	})

	t.Run("the client's retryer", func(t *testing.T) {
		srv := newDDBServer(t, 200)
		for _, mode := range []retry.Mode{"", retry.ModeStandard, retry.ModeAdaptive} {
			r := newDDBClient(srv, func(o *dynamodb.Options) { o.RetryMode = mode }).Options().Retryer
			if r.MaxAttempts() != 4 {
				t.Errorf("mode %q: MaxAttempts() = %d; want 4", mode, r.MaxAttempts())
			}
			checkBackoffWindow(t, r, 25*time.Millisecond)
		}
	})

	t.Run("explicit max attempts win", func(t *testing.T) {
		srv := newDDBServer(t, 500)
		_, err := newDDBClient(srv, func(o *dynamodb.Options) { o.RetryMaxAttempts = 2 }).GetItem(ctx, getItem())
		var maxErr *retry.MaxAttemptsError
		if !errors.As(err, &maxErr) || maxErr.Attempts != 2 {
			t.Errorf("GetItem error = %v; want *retry.MaxAttemptsError after 2 attempts", err)
		}
	})

	t.Run("per-call max attempts", func(t *testing.T) {
		srv := newDDBServer(t, 500)
		c := newDDBClient(srv)
		_, err := c.GetItem(ctx, getItem(), func(o *dynamodb.Options) { o.RetryMaxAttempts = 2 })
		var maxErr *retry.MaxAttemptsError
		if !errors.As(err, &maxErr) || maxErr.Attempts != 2 {
			t.Errorf("GetItem error = %v; want *retry.MaxAttemptsError after 2 attempts", err)
		}
		if got := c.Options().RetryMaxAttempts; got != 0 {
			t.Errorf("client RetryMaxAttempts = %d after a per-call change; want 0", got)
		}
	})

	t.Run("pre-2026 defaults: 3 attempts and a 1 s base", func(t *testing.T) {
		srv := newDDBServer(t, 200)
		r := newDDBClient(srv, func(o *dynamodb.Options) { o.RetryPre2026Defaults = true }).Options().Retryer
		if r.MaxAttempts() != 3 {
			t.Errorf("MaxAttempts() = %d; want 3", r.MaxAttempts())
		}
		checkBackoffWindow(t, r, time.Second)
	})

	t.Run("pre-2026 defaults from config", func(t *testing.T) {
		cfg := config.Config{Region: "us-east-1", RetryPre2026Defaults: true}
		if r := dynamodb.NewFromConfig(cfg).Options().Retryer; r.MaxAttempts() != 3 {
			t.Errorf("MaxAttempts() = %d; want 3", r.MaxAttempts())
		}
		if r := dynamodb.NewFromConfig(config.Config{Region: "us-east-1"}).Options().Retryer; r.MaxAttempts() != 4 {
			t.Errorf("MaxAttempts() = %d; want 4", r.MaxAttempts())
		}
	})

	t.Run("per-call pre-2026 defaults", func(t *testing.T) {
		srv := newDDBServer(t, 200)
		c := newDDBClient(srv)
		if _, err := c.GetItem(ctx, getItem(), func(o *dynamodb.Options) { o.RetryPre2026Defaults = true }); err != nil {
			t.Fatal(err)
		}
		if _, err := c.GetItem(ctx, getItem()); err != nil {
			t.Fatal(err)
		}
		want := []string{"attempt=1; max=3", "attempt=1; max=4"}
		if got := srv.requests(); !slices.Equal(got, want) {
			t.Errorf("amz-sdk-request headers = %q; want %q", got, want)
		}
	})
}

// checkBackoffWindow checks that r draws the delay after a first
// transient failure from [0, window): every draw is below window, and
// some come close to it.
func checkBackoffWindow(t *testing.T, r retry.Retryer, window time.Duration) {
	t.Helper()
	transient := &types.InternalServerError{}
	var top time.Duration
	for range 200 {
		d, err := r.RetryDelay(1, transient)
		if err != nil || d < 0 || d >= window {
			t.Fatalf("RetryDelay(1, InternalServerError) = %v, %v; want in [0, %v)", d, err, window)
		}
		top = max(top, d)
	}
	// With uniform jitter, 200 draws all below 80% of the window happen
	// with probability 0.8^200, about 4e-20.
	if top < window*8/10 {
		t.Errorf("largest of 200 delays = %v; want near %v", top, window)
	}
}
