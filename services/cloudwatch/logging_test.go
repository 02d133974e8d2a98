package cloudwatch_test

import (
	"context"
	"net/http"
	"testing"
	"time"

	"github.com/nimbus-sdk/nimbus/credentials"
	"github.com/nimbus-sdk/nimbus/internal/protocol/cbor"
	"github.com/nimbus-sdk/nimbus/internal/testenv/logtest"
	"github.com/nimbus-sdk/nimbus/middleware"
	"github.com/nimbus-sdk/nimbus/services/cloudwatch"
	"github.com/nimbus-sdk/nimbus/services/cloudwatch/types"
)

// TestLogCBORBodies checks, through the generated client, that logged
// rpcv2Cbor requests and responses show their bodies in CBOR diagnostic
// notation rather than as binary data, and that the caller still gets
// the decoded output.
func TestLogCBORBodies(t *testing.T) {
	at := time.Unix(1765000000, 0).UTC()
	body, err := cbor.AppendValue(nil, map[string]any{"MetricDataResults": []any{
		map[string]any{"Id": "m0", "Timestamps": []any{at}, "Values": []any{1.5}},
	}})
	if err != nil {
		t.Fatal(err)
	}
	var log logtest.Logger
	c := cloudwatch.New(cloudwatch.Options{
		Region: "us-east-1",
		BaseEndpoint: logtest.Server(t, logtest.Response{Body: string(body), Header: http.Header{
			"Content-Type": {"application/cbor"}, "Smithy-Protocol": {"rpc-v2-cbor"},
		}}),
		Credentials:      credentials.NewStaticProvider("AKID", "SECRET", ""),
		RetryMaxAttempts: 1,
		Logger:           &log,
		ClientLogMode:    middleware.LogRequestWithBody | middleware.LogResponseWithBody,
	})
	out, err := c.GetMetricData(context.Background(), &cloudwatch.GetMetricDataInput{
		StartTime: &at, EndTime: ptr(at.Add(time.Hour)),
		MetricDataQueries: []types.MetricDataQuery{{Id: ptr("m0"), Expression: ptr("SUM(METRICS())")}},
	})
	if err != nil {
		t.Fatal(err)
	}
	if len(out.MetricDataResults) != 1 || out.MetricDataResults[0].Values[0] != 1.5 {
		t.Errorf("output = %+v", out.MetricDataResults)
	}
	logtest.Check(t, log.String(), []string{"bytes of binary data"}, []string{
		`{"MetricDataQueries": [{"Id": "m0", "Expression": "SUM(METRICS())"}], "StartTime": 1(1765000000), "EndTime": 1(1765003600)}`,
		`{"MetricDataResults": [{"Id": "m0", "Timestamps": [1(1765000000)], "Values": [1.5]}]}`,
	})
}
