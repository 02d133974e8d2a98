package timestreamquery_test

import (
	"context"
	"fmt"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/nimbus-sdk/nimbus/internal/testenv"
	"github.com/nimbus-sdk/nimbus/services/timestreamquery"
	"github.com/nimbus-sdk/nimbus/services/timestreamquery/types"
)

// TestIntegrationTimestreamQuery drives Timestream Query (awsJson 1.0,
// recursive Datum and Type structures, a client-filled idempotency token)
// against moto. moto stores no time series: the query's result is queued
// beforehand through moto's own API.
func TestIntegrationTimestreamQuery(t *testing.T) {
	srv := testenv.Moto(t)
	c := timestreamquery.New(timestreamquery.Options{Region: srv.Region, BaseEndpoint: srv.Endpoint, Credentials: srv.Credentials()})
	ctx := context.Background()
	// moto keys queued results by the exact query string: unique per run.
	query := fmt.Sprintf(`SELECT host, cpu, tags FROM "nimbus"."t%d"`, time.Now().UnixNano())

	queue := `{"region":"` + srv.Region + `","results":{` + jsonString(query) + `:[{"QueryId":"q-1",
		"ColumnInfo":[{"Name":"host","Type":{"ScalarType":"VARCHAR"}},{"Name":"cpu","Type":{"ScalarType":"DOUBLE"}},
			{"Name":"tags","Type":{"ArrayColumnInfo":{"Type":{"ScalarType":"VARCHAR"}}}}],
		"Rows":[{"Data":[{"ScalarValue":"web-1"},{"ScalarValue":"10.5"},{"ArrayValue":[{"ScalarValue":"a"},{"ScalarValue":"b"}]}]},
			{"Data":[{"ScalarValue":"web-2"},{"NullValue":true},{"ArrayValue":[]}]}],
		"QueryStatus":{"ProgressPercentage":100.0,"CumulativeBytesScanned":123,"CumulativeBytesMetered":10000000}}]}}`
	resp, err := http.Post(srv.Endpoint+"/moto-api/static/timestream/query-results", "application/json", strings.NewReader(queue))
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusCreated {
		t.Fatalf("queueing the result with moto: status %d", resp.StatusCode)
	}

	out, err := c.Query(ctx, &timestreamquery.QueryInput{QueryString: &query})
	if err != nil {
		t.Fatal(err)
	}
	if *out.QueryId != "q-1" || len(out.ColumnInfo) != 3 || out.ColumnInfo[1].Type.ScalarType != types.ScalarTypeDouble ||
		out.ColumnInfo[2].Type.ArrayColumnInfo == nil || out.ColumnInfo[2].Type.ArrayColumnInfo.Type.ScalarType != types.ScalarTypeVarchar {
		t.Errorf("Query columns = %+v", out.ColumnInfo)
	}
	if len(out.Rows) != 2 {
		t.Fatalf("Query returned %d rows; want 2", len(out.Rows))
	}
	r0, r1 := out.Rows[0].Data, out.Rows[1].Data
	if *r0[0].ScalarValue != "web-1" || *r0[1].ScalarValue != "10.5" || len(r0[2].ArrayValue) != 2 || *r0[2].ArrayValue[1].ScalarValue != "b" {
		t.Errorf("row 0 = %+v", r0)
	}
	if *r1[0].ScalarValue != "web-2" || r1[1].NullValue == nil || !*r1[1].NullValue || r1[2].ArrayValue == nil || len(r1[2].ArrayValue) != 0 {
		t.Errorf("row 1 = %+v", r1)
	}
	if out.QueryStatus == nil || out.QueryStatus.ProgressPercentage != 100 || out.QueryStatus.CumulativeBytesScanned != 123 {
		t.Errorf("QueryStatus = %+v", out.QueryStatus)
	}
}

func jsonString(s string) string {
	return `"` + strings.NewReplacer(`\`, `\\`, `"`, `\"`).Replace(s) + `"`
}
