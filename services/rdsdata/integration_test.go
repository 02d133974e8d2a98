package rdsdata_test

import (
	"context"
	"fmt"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/nimbus-sdk/nimbus/internal/testenv"
	"github.com/nimbus-sdk/nimbus/services/rdsdata"
	"github.com/nimbus-sdk/nimbus/services/rdsdata/types"
)

// TestIntegrationRDSData drives the RDS Data API (restJson1, Field and
// ArrayValue unions) against moto. moto runs no SQL: the result of a
// statement is queued beforehand through moto's own API, and the test
// checks that every kind of field decodes.
func TestIntegrationRDSData(t *testing.T) {
	srv := testenv.Moto(t)
	c := rdsdata.New(rdsdata.Options{Region: srv.Region, BaseEndpoint: srv.Endpoint, Credentials: srv.Credentials()})
	ctx := context.Background()
	// moto keys a queued result by resource ARN and SQL: unique per run.
	cluster := fmt.Sprintf("arn:aws:rds:%s:123456789012:cluster:nimbus-%d", srv.Region, time.Now().UnixNano())

	queue := `{"region":"` + srv.Region + `","results":[{"records":[[{"longValue":7},{"stringValue":"seven"},{"isNull":true},
		{"booleanValue":true},{"doubleValue":7.5},{"blobValue":"AAH/"},{"arrayValue":{"longValues":[1,2,3]}}]],
		"columnMetadata":[{"name":"id","typeName":"int8","nullable":0}],"numberOfRecordsUpdated":0}]}`
	resp, err := http.Post(srv.Endpoint+"/moto-api/static/rds-data/statement-results", "application/json", strings.NewReader(queue))
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusCreated {
		t.Fatalf("queueing the result with moto: status %d", resp.StatusCode)
	}

	out, err := c.ExecuteStatement(ctx, &rdsdata.ExecuteStatementInput{
		ResourceArn: &cluster, SecretArn: ptr("arn:aws:secretsmanager:us-east-1:123456789012:secret:db"),
		Sql: ptr("SELECT * FROM things WHERE id = :id"), Database: ptr("app"), IncludeResultMetadata: true,
		Parameters: []types.SqlParameter{{Name: ptr("id"), Value: &types.FieldMemberLongValue{Value: 7}}},
	})
	if err != nil {
		t.Fatal(err)
	}
	if len(out.Records) != 1 || len(out.Records[0]) != 7 {
		t.Fatalf("ExecuteStatement records = %+v; want one row of 7 fields", out.Records)
	}
	row := out.Records[0]
	var got []string
	for _, f := range row {
		switch v := f.(type) {
		case *types.FieldMemberLongValue:
			got = append(got, fmt.Sprint("long ", v.Value))
		case *types.FieldMemberStringValue:
			got = append(got, "string "+v.Value)
		case *types.FieldMemberIsNull:
			got = append(got, fmt.Sprint("null ", v.Value))
		case *types.FieldMemberBooleanValue:
			got = append(got, fmt.Sprint("bool ", v.Value))
		case *types.FieldMemberDoubleValue:
			got = append(got, fmt.Sprint("double ", v.Value))
		case *types.FieldMemberBlobValue:
			got = append(got, fmt.Sprintf("blob %x", v.Value))
		case *types.FieldMemberArrayValue:
			a, ok := v.Value.(*types.ArrayValueMemberLongValues)
			if !ok {
				t.Fatalf("arrayValue = %#v", v.Value)
			}
			got = append(got, fmt.Sprint("array ", a.Value))
		default:
			got = append(got, fmt.Sprintf("%T", f))
		}
	}
	want := "[long 7 string seven null true bool true double 7.5 blob 0001ff array [1 2 3]]"
	if fmt.Sprint(got) != want {
		t.Errorf("fields = %v; want %s", got, want)
	}
	if len(out.ColumnMetadata) != 1 || *out.ColumnMetadata[0].Name != "id" || *out.ColumnMetadata[0].TypeName != "int8" {
		t.Errorf("ColumnMetadata = %+v", out.ColumnMetadata)
	}
}

func ptr[T any](v T) *T { return &v }
