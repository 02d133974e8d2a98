package dynamodb_test

import (
	"context"
	"net/http"
	"net/http/httptest"
	"sync/atomic"
	"testing"
	"time"

	"github.com/nimbus-sdk/nimbus/credentials"
	"github.com/nimbus-sdk/nimbus/middleware/retry"
	"github.com/nimbus-sdk/nimbus/services/dynamodb"
)

// sliceRetryer is a user Retryer whose dynamic type is not comparable
// (it holds a slice): comparing it with == panics.
type sliceRetryer struct {
	retry.Retryer
	notes []string
	used  *atomic.Int32
}

func (r sliceRetryer) IsErrorRetryable(err error) bool {
	r.used.Add(1)
	return r.Retryer.IsErrorRetryable(err)
}

func (r sliceRetryer) RetryDelay(int, error) (time.Duration, error) { return 0, nil }

// TestPerCallRetryMaxAttemptsKeepsRetryer: a call that changes
// RetryMaxAttempts keeps the client's own Retryer (v2's
// AddWithMaxAttempts), and an uncomparable Retryer does not panic.
func TestPerCallRetryMaxAttemptsKeepsRetryer(t *testing.T) {
	var requests atomic.Int32
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		requests.Add(1)
		w.Header().Set("Content-Type", "application/x-amz-json-1.0")
		w.WriteHeader(http.StatusInternalServerError)
		w.Write([]byte(`{"__type":"InternalServerError","message":"try again"}`))
	}))
	defer srv.Close()
	var used atomic.Int32
	custom := sliceRetryer{Retryer: retry.NewStandard(), notes: []string{"mine"}, used: &used}
	c := dynamodb.New(dynamodb.Options{
		Region: "us-east-1", BaseEndpoint: srv.URL, Retryer: custom,
		Credentials: credentials.NewStaticProvider("AKID", "SECRET", ""),
	})
	for _, attempts := range []int{5, 2} {
		requests.Store(0)
		used.Store(0)
		_, err := c.ListTables(context.Background(), &dynamodb.ListTablesInput{}, func(o *dynamodb.Options) { o.RetryMaxAttempts = attempts })
		if err == nil {
			t.Fatal("ListTables succeeded against a failing server")
		}
		if got := requests.Load(); got != int32(attempts) {
			t.Errorf("RetryMaxAttempts %d: %d requests; want %d", attempts, got, attempts)
		}
		if used.Load() == 0 {
			t.Errorf("RetryMaxAttempts %d: the client's Retryer was not consulted", attempts)
		}
	}
}
