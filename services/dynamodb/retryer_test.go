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

// TestRetryerWrappersFromV2: the v2 way of widening a client's retries,
// o.Retryer = retry.AddWithErrorCodes(retry.AddWithMaxBackoffDelay(...)),
// retries a code the standard mode does not, without waiting longer than
// the cap.
func TestRetryerWrappersFromV2(t *testing.T) {
	var requests atomic.Int32
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/x-amz-json-1.0")
		if requests.Add(1) < 3 {
			w.WriteHeader(http.StatusBadRequest)
			w.Write([]byte(`{"__type":"com.example#TableBusy","message":"later"}`))
			return
		}
		w.Write([]byte(`{"TableNames":["t"]}`))
	}))
	defer srv.Close()
	for _, tt := range []struct {
		name     string
		wrap     bool
		wantErr  bool
		requests int32
	}{
		{"standard", false, true, 1},
		{"with TableBusy", true, false, 3},
	} {
		t.Run(tt.name, func(t *testing.T) {
			requests.Store(0)
			c := dynamodb.New(dynamodb.Options{
				Region: "us-east-1", BaseEndpoint: srv.URL,
				Credentials: credentials.NewStaticProvider("AKID", "SECRET", ""),
			}, func(o *dynamodb.Options) {
				// A 10 s base delay that the cap brings down to 1 ms.
				o.Retryer = retry.NewStandard(func(so *retry.StandardOptions) { so.BaseDelay = 10 * time.Second; so.MaxAttempts = 5 })
				if tt.wrap {
					o.Retryer = retry.AddWithErrorCodes(retry.AddWithMaxBackoffDelay(o.Retryer, time.Millisecond), "TableBusy")
				}
			})
			start := time.Now()
			out, err := c.ListTables(context.Background(), &dynamodb.ListTablesInput{})
			if (err != nil) != tt.wantErr {
				t.Fatalf("ListTables error = %v; want error %v", err, tt.wantErr)
			}
			if got := requests.Load(); got != tt.requests {
				t.Errorf("%d requests; want %d", got, tt.requests)
			}
			if err == nil && len(out.TableNames) != 1 {
				t.Errorf("TableNames = %v; want [t]", out.TableNames)
			}
			if d := time.Since(start); d > 5*time.Second {
				t.Errorf("took %v; the backoff cap was not applied", d)
			}
		})
	}
}
