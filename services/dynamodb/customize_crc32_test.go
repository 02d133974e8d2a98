package dynamodb_test

import (
	"context"
	"net/http"
	"net/http/httptest"
	"sync/atomic"
	"testing"

	"github.com/nimbus-sdk/nimbus/credentials"
	"github.com/nimbus-sdk/nimbus/services/dynamodb"
)

// TestDisableValidateResponseChecksum: a response whose X-Amz-Crc32 does
// not match its body fails the call (after the retries a damaged body
// gets) unless DisableValidateResponseChecksum is set, on the client or
// for one call, as in v2.
func TestDisableValidateResponseChecksum(t *testing.T) {
	var requests atomic.Int32
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		requests.Add(1)
		w.Header().Set("Content-Type", "application/x-amz-json-1.0")
		w.Header().Set("X-Amz-Crc32", "12345") // not the CRC-32 of the body
		w.Write([]byte(`{"TableNames":["t"]}`))
	}))
	defer srv.Close()
	newClient := func(disable bool) *dynamodb.Client {
		return dynamodb.New(dynamodb.Options{
			Region: "us-east-1", BaseEndpoint: srv.URL, RetryMaxAttempts: 2,
			Credentials:                     credentials.NewStaticProvider("AKID", "SECRET", ""),
			DisableValidateResponseChecksum: disable,
		})
	}
	perCall := func(o *dynamodb.Options) { o.DisableValidateResponseChecksum = true }
	tests := []struct {
		name     string
		client   *dynamodb.Client
		optFns   []func(*dynamodb.Options)
		wantErr  bool
		requests int32
	}{
		{"checked", newClient(false), nil, true, 2},
		{"disabled on the client", newClient(true), nil, false, 1},
		{"disabled for the call", newClient(false), []func(*dynamodb.Options){perCall}, false, 1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			requests.Store(0)
			out, err := tt.client.ListTables(context.Background(), &dynamodb.ListTablesInput{}, tt.optFns...)
			if (err != nil) != tt.wantErr {
				t.Fatalf("ListTables error = %v; want error %v", err, tt.wantErr)
			}
			if err == nil && (len(out.TableNames) != 1 || out.TableNames[0] != "t") {
				t.Errorf("TableNames = %v; want [t]", out.TableNames)
			}
			if got := requests.Load(); got != tt.requests {
				t.Errorf("%d requests; want %d", got, tt.requests)
			}
		})
	}
}
