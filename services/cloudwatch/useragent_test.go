package cloudwatch_test

import (
	"context"
	"net/http/httptest"
	"slices"
	"testing"

	"github.com/nimbus-sdk/nimbus/credentials"
	"github.com/nimbus-sdk/nimbus/services/cloudwatch"
)

// TestUserAgentProtocolFeature checks that a CloudWatch call, which
// speaks rpc-v2-cbor, reports the protocol's business-metric code M and
// the standard retry mode's E, as v2 does.
func TestUserAgentProtocolFeature(t *testing.T) {
	fake := &fakeCloudWatch{}
	srv := httptest.NewServer(fake)
	defer srv.Close()
	c := cloudwatch.New(cloudwatch.Options{Region: "us-east-1", BaseEndpoint: srv.URL, Credentials: credentials.NewStaticProvider("AKID", "SECRET", "")})
	if _, err := c.PutMetricData(context.Background(), &cloudwatch.PutMetricDataInput{Namespace: ptr("Nimbus/Test"), MetricData: metrics(1)}); err != nil {
		t.Fatal(err)
	}
	h := fake.last(t).header
	if got := uaFeatures(h); !slices.Contains(got, "M") || !slices.Contains(got, "E") {
		t.Errorf("X-Amz-User-Agent %q has codes %v; want M and E among them", h.Get("X-Amz-User-Agent"), got)
	}
}
