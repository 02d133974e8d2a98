package timestreamquery_test

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"sync/atomic"
	"testing"

	smithyendpoints "github.com/aws/smithy-go/endpoints"

	"github.com/nimbus-sdk/nimbus/credentials"
	"github.com/nimbus-sdk/nimbus/services/timestreamquery"
)

type toRegional struct{ url string }

func (r toRegional) ResolveEndpoint(context.Context, timestreamquery.EndpointParameters) (smithyendpoints.Endpoint, error) {
	u, err := url.Parse(r.url)
	if err != nil {
		return smithyendpoints.Endpoint{}, err
	}
	return smithyendpoints.Endpoint{URI: *u}, nil
}

// TestQueryEndpointDiscovery: Query goes to the endpoint DescribeEndpoints
// names, discovered once for successive calls. The cache, its keys,
// expiry, concurrency and invalidation are tested with Timestream Write's
// client, which shares the runtime (services/timestreamwrite).
func TestQueryEndpointDiscovery(t *testing.T) {
	var queries, discoveries, misrouted atomic.Int32
	cell := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Header.Get("X-Amz-Target") != "Timestream_20181101.Query" {
			misrouted.Add(1)
		}
		queries.Add(1)
		w.Header().Set("Content-Type", "application/x-amz-json-1.0")
		fmt.Fprint(w, `{"QueryId":"q1","Rows":[],"ColumnInfo":[]}`)
	}))
	defer cell.Close()
	regional := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Header.Get("X-Amz-Target") != "Timestream_20181101.DescribeEndpoints" {
			misrouted.Add(1)
		}
		discoveries.Add(1)
		w.Header().Set("Content-Type", "application/x-amz-json-1.0")
		fmt.Fprintf(w, `{"Endpoints":[{"Address":%q,"CachePeriodInMinutes":1440}]}`, strings.TrimPrefix(cell.URL, "http://"))
	}))
	defer regional.Close()

	c := timestreamquery.New(timestreamquery.Options{
		Region:             "us-east-1",
		Credentials:        credentials.NewStaticProvider("AKIDEXAMPLE", "secret", ""),
		EndpointResolverV2: toRegional{regional.URL},
	})
	for range 3 {
		out, err := c.Query(context.Background(), &timestreamquery.QueryInput{QueryString: ptr("SELECT 1")})
		if err != nil {
			t.Fatalf("Query: %v", err)
		}
		if out.QueryId == nil || *out.QueryId != "q1" {
			t.Errorf("QueryId = %v; want q1", out.QueryId)
		}
	}
	if q, d, m := queries.Load(), discoveries.Load(), misrouted.Load(); q != 3 || d != 1 || m != 0 {
		t.Errorf("%d queries at the cell, %d discoveries, %d misrouted; want 3, 1, 0", q, d, m)
	}
}

func ptr[T any](v T) *T { return &v }
