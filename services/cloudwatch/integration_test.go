package cloudwatch_test

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"
	"slices"
	"sort"
	"testing"
	"time"

	"github.com/nimbus-sdk/nimbus/internal/testenv"
	"github.com/nimbus-sdk/nimbus/services/cloudwatch"
	"github.com/nimbus-sdk/nimbus/services/cloudwatch/types"
	v4 "github.com/nimbus-sdk/nimbus/signer/v4"
	transporthttp "github.com/nimbus-sdk/nimbus/transport/http"
)

// TestIntegrationCloudWatch publishes metrics to moto with PutMetricData
// over rpcv2Cbor, the protocol the client speaks (as aws-sdk-go-v2's
// does), reads them back with GetMetricData and ListMetrics, and checks a
// modelled error.
//
// moto 5.2.1 cannot speak rpcv2Cbor for CloudWatch: it routes CloudWatch
// requests only at "/" (moto/cloudwatch/urls.py), so
// POST /service/GraniteServiceVersion20100801/operation/PutMetricData is
// a 404 HTML page from its Flask app, and it has no CBOR parser or
// serializer at all. The test asks moto directly first; on that 404 it
// says so and runs through motoBridge, which checks each CBOR request
// (headers, SigV4 signature, gzip) and has moto serve it over the awsJson
// 1.0 protocol moto does speak. Should moto learn rpcv2Cbor, the test
// talks to it directly.
//
// Going through the bridge also lets the large PutMetricData go gzipped:
// moto 5.2.1 itself cannot take a gzipped body for any service but S3,
// since it decompresses it twice (decompress_request_body, then
// BaseResponse.setup_class, which fails with BadGzipFile and answers 500).
func TestIntegrationCloudWatch(t *testing.T) {
	srv := testenv.Moto(t)
	ctx := context.Background()
	newClient := func(endpoint string) *cloudwatch.Client {
		return cloudwatch.New(cloudwatch.Options{Region: srv.Region, BaseEndpoint: endpoint, Credentials: srv.Credentials(), HTTPClient: transporthttp.NewClient()})
	}

	var bridge *motoBridge
	c := newClient(srv.Endpoint)
	_, err := c.ListMetrics(ctx, &cloudwatch.ListMetricsInput{Namespace: ptr("Nimbus/Probe")})
	var re *transporthttp.ResponseError
	switch {
	case err == nil:
		t.Log("moto answers rpcv2Cbor: testing against it directly")
	case errors.As(err, &re) && re.HTTPStatusCode() == http.StatusNotFound:
		t.Logf("moto cannot speak rpcv2Cbor for CloudWatch (ListMetrics: %v); going through the CBOR-to-awsJson bridge", err)
		bridge = &motoBridge{moto: srv, client: &http.Client{Timeout: 30 * time.Second}, signer: v4.NewSigner()}
		hs := httptest.NewServer(bridge)
		defer hs.Close()
		c = newClient(hs.URL)
	default:
		t.Fatalf("ListMetrics against moto: %v", err)
	}

	ns := fmt.Sprintf("Nimbus/Test%d", time.Now().UnixNano())
	at := time.Now().UTC().Truncate(time.Minute).Add(-2 * time.Minute)
	data := metrics(151)
	for i := range data {
		data[i].Timestamp = &at
	}
	large, small := data[:150], data[150:] // about 17 KB of CBOR, and one datum
	if _, err := c.PutMetricData(ctx, &cloudwatch.PutMetricDataInput{Namespace: &ns, MetricData: large}); err != nil {
		t.Fatalf("PutMetricData (large): %v", err)
	}
	if _, err := c.PutMetricData(ctx, &cloudwatch.PutMetricDataInput{Namespace: &ns, MetricData: small}); err != nil {
		t.Fatalf("PutMetricData (small): %v", err)
	}
	if bridge != nil {
		if got := bridge.encodings("PutMetricData"); !slices.Equal(got, []string{"gzip", ""}) {
			t.Errorf("PutMetricData Content-Encodings = %q; want gzip, then none", got)
		}
	}

	// GetMetricData: the sum of each metric over the minute it was put in.
	var queries []types.MetricDataQuery
	picks := []int{0, 7, 149, 150}
	for _, i := range picks {
		queries = append(queries, types.MetricDataQuery{
			Id: ptr(fmt.Sprintf("m%d", i)),
			MetricStat: &types.MetricStat{
				Metric: &types.Metric{Namespace: &ns, MetricName: data[i].MetricName},
				Period: ptr(int32(60)),
				Stat:   ptr("Sum"),
			},
		})
	}
	got, err := c.GetMetricData(ctx, &cloudwatch.GetMetricDataInput{
		MetricDataQueries: queries,
		StartTime:         ptr(at.Add(-5 * time.Minute)),
		EndTime:           ptr(at.Add(5 * time.Minute)),
	})
	if err != nil {
		t.Fatalf("GetMetricData: %v", err)
	}
	if len(got.MetricDataResults) != len(picks) {
		t.Fatalf("GetMetricData returned %d results; want %d", len(got.MetricDataResults), len(picks))
	}
	for _, r := range got.MetricDataResults {
		var i int
		fmt.Sscanf(*r.Id, "m%d", &i)
		if len(r.Values) != 1 || r.Values[0] != float64(i) || len(r.Timestamps) != 1 || !r.Timestamps[0].Equal(at) {
			t.Errorf("GetMetricData %s: values %v at %v; want [%d] at %v", *r.Id, r.Values, r.Timestamps, i, at)
		}
	}

	var names []string
	for page, err := range cloudwatch.NewListMetricsPaginator(c, &cloudwatch.ListMetricsInput{Namespace: &ns}).Pages(ctx) {
		if err != nil {
			t.Fatalf("ListMetrics: %v", err)
		}
		for _, m := range page.Metrics {
			names = append(names, *m.MetricName)
		}
	}
	sort.Strings(names)
	if len(names) != 151 || names[0] != "latency-000" || names[150] != "latency-150" {
		t.Errorf("ListMetrics returned %d metrics (%v ...); want latency-000 to latency-150", len(names), names[:min(3, len(names))])
	}

	// moto sends DashboardNotFoundError's query code as the error type.
	_, err = c.GetDashboard(ctx, &cloudwatch.GetDashboardInput{DashboardName: ptr("no-such-dashboard-" + ns)})
	var missing *types.DashboardNotFoundError
	if !errors.As(err, &missing) {
		t.Errorf("GetDashboard(missing) error = %v; want *types.DashboardNotFoundError", err)
	}
	if bridge != nil {
		for _, p := range bridge.problems() {
			t.Errorf("the client's CBOR request: %v", p)
		}
	}
}
