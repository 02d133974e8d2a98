package redshiftdata_test

import (
	"context"
	"errors"
	"fmt"
	"testing"
	"time"

	"github.com/nimbus-sdk/nimbus/internal/testenv"
	"github.com/nimbus-sdk/nimbus/services/redshiftdata"
	"github.com/nimbus-sdk/nimbus/services/redshiftdata/types"
)

// TestIntegrationRedshiftData drives the Redshift Data API (awsJson 1.1,
// a client-filled idempotency token) against moto: a statement with a
// parameter executed, described and cancelled.
func TestIntegrationRedshiftData(t *testing.T) {
	srv := testenv.Moto(t)
	c := redshiftdata.New(redshiftdata.Options{Region: srv.Region, BaseEndpoint: srv.Endpoint, Credentials: srv.Credentials()})
	ctx := context.Background()
	cluster := fmt.Sprintf("nimbus-%d", time.Now().UnixNano())

	ex, err := c.ExecuteStatement(ctx, &redshiftdata.ExecuteStatementInput{
		ClusterIdentifier: &cluster, Database: ptr("dev"), DbUser: ptr("admin"),
		Sql:        ptr("SELECT number, street, city FROM addresses WHERE city = :city"),
		Parameters: []types.SqlParameter{{Name: ptr("city"), Value: ptr("Beta")}},
	})
	if err != nil {
		t.Fatal(err)
	}
	if *ex.ClusterIdentifier != cluster || *ex.Database != "dev" || ex.CreatedAt == nil || time.Since(*ex.CreatedAt).Abs() > time.Hour {
		t.Errorf("ExecuteStatement = %+v", ex)
	}

	d, err := c.DescribeStatement(ctx, &redshiftdata.DescribeStatementInput{Id: ex.Id})
	if err != nil {
		t.Fatal(err)
	}
	if *d.Id != *ex.Id || *d.QueryString != "SELECT number, street, city FROM addresses WHERE city = :city" ||
		len(d.QueryParameters) != 1 || *d.QueryParameters[0].Value != "Beta" || d.Status == "" {
		t.Errorf("DescribeStatement = %+v", d)
	}

	// GetStatementResult is not called: moto 5.2.1's fixed result sends
	// each column's "nullable" (an integer in the model) as false, which
	// no SDK decodes.

	cancel, err := c.CancelStatement(ctx, &redshiftdata.CancelStatementInput{Id: ex.Id})
	if err != nil {
		t.Fatal(err)
	}
	if cancel.Status == nil || !*cancel.Status {
		t.Errorf("CancelStatement status = %v; want true", cancel.Status)
	}

	_, err = c.DescribeStatement(ctx, &redshiftdata.DescribeStatementInput{Id: ptr("11111111-2222-3333-4444-555555555555")})
	var notFound *types.ResourceNotFoundException
	if !errors.As(err, &notFound) {
		t.Errorf("DescribeStatement(missing) error = %v; want *types.ResourceNotFoundException", err)
	}
}

func ptr[T any](v T) *T { return &v }
