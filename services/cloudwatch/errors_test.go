package cloudwatch_test

import (
	"context"
	"errors"
	"net/http"
	"net/http/httptest"
	"testing"

	"github.com/nimbus-sdk/nimbus/credentials"
	"github.com/nimbus-sdk/nimbus/internal/protocol/cbor"
	"github.com/nimbus-sdk/nimbus/services/cloudwatch"
	"github.com/nimbus-sdk/nimbus/services/cloudwatch/types"
)

// TestSharedQueryErrorCode checks the code two of CloudWatch's errors
// send, "ResourceNotFound" (DashboardNotFoundError's awsQueryError code
// and ResourceNotFound's name), when it comes as the error type: the
// dashboard operations decode it as DashboardNotFoundError, the others as
// ResourceNotFound.
func TestSharedQueryErrorCode(t *testing.T) {
	body, err := cbor.AppendValue(nil, map[string]any{"__type": "com.amazonaws.cloudwatch#ResourceNotFound", "message": "not found"})
	if err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/cbor")
		w.Header().Set("Smithy-Protocol", "rpc-v2-cbor")
		w.Header().Set("X-Amzn-Query-Error", "ResourceNotFound;Sender")
		w.WriteHeader(http.StatusNotFound)
		w.Write(body)
	}))
	defer srv.Close()
	c := cloudwatch.New(cloudwatch.Options{Region: "us-east-1", BaseEndpoint: srv.URL, Credentials: credentials.NewStaticProvider("AKID", "SECRET", "")})
	ctx := context.Background()

	_, err = c.GetDashboard(ctx, &cloudwatch.GetDashboardInput{DashboardName: ptr("d")})
	var dashboard *types.DashboardNotFoundError
	if !errors.As(err, &dashboard) {
		t.Errorf("GetDashboard error = %v; want *types.DashboardNotFoundError", err)
	} else if dashboard.ErrorMessage() != "not found" {
		t.Errorf("GetDashboard error message = %q; want %q", dashboard.ErrorMessage(), "not found")
	}
	_, err = c.SetAlarmState(ctx, &cloudwatch.SetAlarmStateInput{AlarmName: ptr("a"), StateValue: types.StateValueOk, StateReason: ptr("test")})
	var resource *types.ResourceNotFound
	if !errors.As(err, &resource) {
		t.Errorf("SetAlarmState error = %v; want *types.ResourceNotFound", err)
	}
}
