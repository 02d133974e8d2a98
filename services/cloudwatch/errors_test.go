package cloudwatch_test

import (
	"context"
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"testing"

	"github.com/nimbus-sdk/nimbus/credentials"
	"github.com/nimbus-sdk/nimbus/services/cloudwatch"
	"github.com/nimbus-sdk/nimbus/services/cloudwatch/types"
)

// TestSharedQueryErrorCode checks the code two of CloudWatch's errors
// send, "ResourceNotFound" (DashboardNotFoundError's awsQueryError code
// and ResourceNotFound's name), when it comes as the error type: the
// dashboard operations decode it as DashboardNotFoundError, the others as
// ResourceNotFound.
func TestSharedQueryErrorCode(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/x-amz-json-1.0")
		w.Header().Set("X-Amzn-Query-Error", "ResourceNotFound;Sender")
		w.WriteHeader(http.StatusNotFound)
		io.WriteString(w, `{"__type":"ResourceNotFound","message":"not found"}`)
	}))
	defer srv.Close()
	c := cloudwatch.New(cloudwatch.Options{Region: "us-east-1", BaseEndpoint: srv.URL, Credentials: credentials.NewStaticProvider("AKID", "SECRET", "")})
	ctx := context.Background()

	_, err := c.GetDashboard(ctx, &cloudwatch.GetDashboardInput{DashboardName: ptr("d")})
	var dashboard *types.DashboardNotFoundError
	if !errors.As(err, &dashboard) {
		t.Errorf("GetDashboard error = %v; want *types.DashboardNotFoundError", err)
	}
	_, err = c.SetAlarmState(ctx, &cloudwatch.SetAlarmStateInput{AlarmName: ptr("a"), StateValue: types.StateValueOk, StateReason: ptr("test")})
	var resource *types.ResourceNotFound
	if !errors.As(err, &resource) {
		t.Errorf("SetAlarmState error = %v; want *types.ResourceNotFound", err)
	}
}
