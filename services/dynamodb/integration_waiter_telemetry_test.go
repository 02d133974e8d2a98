package dynamodb_test

import (
	"context"
	"errors"
	"fmt"
	"testing"
	"time"

	"github.com/aws/smithy-go/tracing"

	"github.com/nimbus-sdk/nimbus/internal/testenv/obstest"
	"github.com/nimbus-sdk/nimbus/middleware/waiter"
	"github.com/nimbus-sdk/nimbus/services/dynamodb"
	"github.com/nimbus-sdk/nimbus/services/dynamodb/types"
)

// TestIntegrationTableWaiterSpans traces TableExists waits against moto,
// the TracerProvider set by the waiter's ClientOptions: on a missing
// table, one DynamoDB.TableExistsWaiter span over the DescribeTable calls
// that got moto's ResourceNotFoundException, ending max_wait_exceeded
// with the error status; on the created table, a span ending success.
func TestIntegrationTableWaiterSpans(t *testing.T) {
	ddb := assumedRoleClient(t)
	ctx := context.Background()
	table := fmt.Sprintf("nimbus-waiter-spans-%d", time.Now().UnixNano())
	in := &dynamodb.DescribeTableInput{TableName: &table}
	tp := &obstest.TracerProvider{}
	traced := func(o *dynamodb.TableExistsWaiterOptions) {
		o.MinDelay, o.MaxDelay = 50*time.Millisecond, 100*time.Millisecond
		o.ClientOptions = append(o.ClientOptions, func(o *dynamodb.Options) { o.TracerProvider = tp })
	}
	// span returns the one TableExists span and its calls' spans.
	span := func() (*obstest.Span, []*obstest.Span) {
		t.Helper()
		spans := tp.Named("DynamoDB.TableExistsWaiter")
		if len(spans) != 1 {
			t.Fatalf("spans:\n%s\nwant one DynamoDB.TableExistsWaiter", tp.Tree())
		}
		calls := tp.Children(spans[0])
		for _, c := range calls {
			if c.Name() != "DynamoDB.DescribeTable" {
				t.Errorf("waiter span child %s; want DynamoDB.DescribeTable", c.Name())
			}
		}
		return spans[0], calls
	}

	err := dynamodb.NewTableExistsWaiter(ddb, traced).Wait(ctx, in, 400*time.Millisecond)
	var we *waiter.Error
	var notFound *types.ResourceNotFoundException
	if !errors.As(err, &we) || we.Reason != waiter.MaxWaitExceeded || !errors.As(err, &notFound) {
		t.Fatalf("TableExists on a missing table = %v; want MaxWaitExceeded wrapping ResourceNotFoundException", err)
	}
	w, calls := span()
	if len(calls) < 2 || w.Props["waiter.attempts"] != len(calls) || w.Props["waiter.outcome"] != "max_wait_exceeded" ||
		w.Status != tracing.SpanStatusError {
		t.Errorf("waiter span: %d calls, props %v, status %v; want >= 2 calls counted, max_wait_exceeded, error", len(calls), w.Props, w.Status)
	}
	for _, c := range calls {
		if c.Status != tracing.SpanStatusError || c.Props["error.type"] != "ResourceNotFoundException" {
			t.Errorf("DescribeTable span: status %v, error.type %v; want moto's ResourceNotFoundException", c.Status, c.Props["error.type"])
		}
	}

	_, err = ddb.CreateTable(ctx, &dynamodb.CreateTableInput{
		TableName:            &table,
		AttributeDefinitions: []types.AttributeDefinition{{AttributeName: ptr("pk"), AttributeType: types.ScalarAttributeTypeS}},
		KeySchema:            []types.KeySchemaElement{{AttributeName: ptr("pk"), KeyType: types.KeyTypeHash}},
		BillingMode:          types.BillingModePayPerRequest,
	})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _, _ = ddb.DeleteTable(context.Background(), &dynamodb.DeleteTableInput{TableName: &table}) })
	tp.Reset()
	if err := dynamodb.NewTableExistsWaiter(ddb, traced).Wait(ctx, in, 30*time.Second); err != nil {
		t.Fatalf("TableExists: %v", err)
	}
	w, calls = span()
	if len(calls) == 0 || w.Props["waiter.attempts"] != len(calls) || w.Props["waiter.outcome"] != "success" || w.Status != tracing.SpanStatusOK {
		t.Errorf("waiter span: %d calls, props %v, status %v; want the calls counted, success, OK", len(calls), w.Props, w.Status)
	}
}
