package athena_test

import (
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/nimbus-sdk/nimbus/internal/testenv"
	"github.com/nimbus-sdk/nimbus/services/athena"
	"github.com/nimbus-sdk/nimbus/services/athena/types"
)

// TestIntegrationAthena drives Athena (awsJson 1.1, an idempotency token
// filled in by the client) against moto: a work group, a query started in
// it and described, then the work group deleted.
func TestIntegrationAthena(t *testing.T) {
	srv := testenv.Moto(t)
	c := athena.New(athena.Options{Region: srv.Region, BaseEndpoint: srv.Endpoint, Credentials: srv.Credentials()})
	ctx := context.Background()
	name := fmt.Sprintf("nimbus-%d", time.Now().UnixNano())

	_, err := c.CreateWorkGroup(ctx, &athena.CreateWorkGroupInput{
		Name: &name, Description: ptr("integration test"),
		Configuration: &types.WorkGroupConfiguration{ResultConfiguration: &types.ResultConfiguration{OutputLocation: ptr("s3://results/" + name + "/")}},
	})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		_, _ = c.DeleteWorkGroup(context.Background(), &athena.DeleteWorkGroupInput{WorkGroup: &name, RecursiveDeleteOption: ptr(true)})
	})

	// No ClientRequestToken: the client fills in the idempotency token.
	q, err := c.StartQueryExecution(ctx, &athena.StartQueryExecutionInput{
		QueryString: ptr("SELECT 1"), WorkGroup: &name,
		QueryExecutionContext: &types.QueryExecutionContext{Database: ptr("default")},
	})
	if err != nil {
		t.Fatal(err)
	}
	got, err := c.GetQueryExecution(ctx, &athena.GetQueryExecutionInput{QueryExecutionId: q.QueryExecutionId})
	if err != nil {
		t.Fatal(err)
	}
	qe := got.QueryExecution
	if *qe.QueryExecutionId != *q.QueryExecutionId || *qe.Query != "SELECT 1" || *qe.WorkGroup != name ||
		qe.Status == nil || qe.Status.State == "" || *qe.QueryExecutionContext.Database != "default" {
		t.Errorf("GetQueryExecution = %+v", qe)
	}

	found := false
	for page, err := range athena.NewListWorkGroupsPaginator(c, &athena.ListWorkGroupsInput{}).Pages(ctx) {
		if err != nil {
			t.Fatal(err)
		}
		for _, wg := range page.WorkGroups {
			found = found || *wg.Name == name && *wg.Description == "integration test"
		}
	}
	if !found {
		t.Errorf("ListWorkGroups did not list %s", name)
	}
}

func ptr[T any](v T) *T { return &v }
