package cloudwatch_test

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"sort"
	"sync"
	"testing"
	"time"

	"github.com/nimbus-sdk/nimbus/internal/testenv"
	"github.com/nimbus-sdk/nimbus/services/cloudwatch"
	"github.com/nimbus-sdk/nimbus/services/cloudwatch/types"
	transporthttp "github.com/nimbus-sdk/nimbus/transport/http"
)

// encodings records the Content-Encoding of every request it sends.
type encodings struct {
	next transporthttp.HTTPDoer
	mu   sync.Mutex
	seen map[string][]string // operation (X-Amz-Target) -> encodings
}

func (e *encodings) Do(r *http.Request) (*http.Response, error) {
	e.mu.Lock()
	e.seen[r.Header.Get("X-Amz-Target")] = append(e.seen[r.Header.Get("X-Amz-Target")], r.Header.Get("Content-Encoding"))
	e.mu.Unlock()
	return e.next.Do(r)
}

// TestIntegrationCloudWatch publishes metrics to moto with PutMetricData
// and lists them back. CloudWatch speaks awsJson 1.0 here, with
// awsQueryCompatible errors: its model also offers rpcv2Cbor, which
// aws-sdk-go-v2 prefers, and Nimbus has no CBOR codec yet.
//
// The large body goes with compression disabled for the call, and the
// small one is below the minimum: moto 5.2.1's server cannot take a
// gzipped body for any service but S3, since it decompresses it twice
// (a Flask before_request hook, decompress_request_body, then
// BaseResponse.setup_class, which fails with BadGzipFile and answers
// 500). The gzipped requests are checked against httptest servers in
// compression_test.go and, for every protocol, by the Smithy protocol
// tests.
func TestIntegrationCloudWatch(t *testing.T) {
	srv := testenv.Moto(t)
	rec := &encodings{next: transporthttp.NewClient(), seen: map[string][]string{}}
	c := cloudwatch.New(cloudwatch.Options{Region: srv.Region, BaseEndpoint: srv.Endpoint, Credentials: srv.Credentials(), HTTPClient: rec})
	ctx := context.Background()
	ns := fmt.Sprintf("Nimbus/Test%d", time.Now().UnixNano())

	large := metrics(150) // about 16 KB of JSON
	small := metrics(151)[150:]
	uncompressed := func(o *cloudwatch.Options) { o.DisableRequestCompression = true }
	if _, err := c.PutMetricData(ctx, &cloudwatch.PutMetricDataInput{Namespace: &ns, MetricData: large}, uncompressed); err != nil {
		t.Fatalf("PutMetricData (large): %v", err)
	}
	if _, err := c.PutMetricData(ctx, &cloudwatch.PutMetricDataInput{Namespace: &ns, MetricData: small}); err != nil {
		t.Fatalf("PutMetricData (small): %v", err)
	}
	if got := rec.seen["GraniteServiceVersion20100801.PutMetricData"]; fmt.Sprint(got) != "[ ]" {
		t.Errorf("PutMetricData Content-Encodings = %q; want none twice", got)
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
	_, err := c.GetDashboard(ctx, &cloudwatch.GetDashboardInput{DashboardName: ptr("no-such-dashboard-" + ns)})
	var missing *types.DashboardNotFoundError
	if !errors.As(err, &missing) {
		t.Errorf("GetDashboard(missing) error = %v; want *types.DashboardNotFoundError", err)
	}
}
