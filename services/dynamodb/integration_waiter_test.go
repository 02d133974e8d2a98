package dynamodb_test

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/nimbus-sdk/nimbus/internal/testenv/logtest"
	"github.com/nimbus-sdk/nimbus/middleware/waiter"
	"github.com/nimbus-sdk/nimbus/services/dynamodb"
	"github.com/nimbus-sdk/nimbus/services/dynamodb/types"
)

// TestIntegrationTableWaiters runs the TableExists and TableNotExists
// waiters against moto: their compiled acceptors (Table.TableStatus,
// ResourceNotFoundException) on real responses, attempt logging, and the
// error of a wait that runs out of time.
func TestIntegrationTableWaiters(t *testing.T) {
	ddb := assumedRoleClient(t)
	ctx := context.Background()
	table := fmt.Sprintf("nimbus-waiters-%d", time.Now().UnixNano())
	in := &dynamodb.DescribeTableInput{TableName: &table}
	fast := func(o *dynamodb.TableExistsWaiterOptions) {
		o.MinDelay, o.MaxDelay = 50*time.Millisecond, 200*time.Millisecond
	}

	// No table yet: ResourceNotFoundException is a retry, so the wait runs
	// out of time, and the last error is the service's.
	err := dynamodb.NewTableExistsWaiter(ddb, fast).Wait(ctx, in, 300*time.Millisecond)
	var we *waiter.Error
	var notFound *types.ResourceNotFoundException
	if !errors.As(err, &we) || we.Reason != waiter.MaxWaitExceeded || !errors.As(err, &notFound) {
		t.Fatalf("TableExists on a missing table = %v; want a *waiter.Error with Reason MaxWaitExceeded wrapping *types.ResourceNotFoundException", err)
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

	var log logtest.Logger
	out, err := dynamodb.NewTableExistsWaiter(ddb, fast).WaitForOutput(ctx, in, 30*time.Second, func(o *dynamodb.TableExistsWaiterOptions) {
		o.LogWaitAttempts = true
		o.ClientOptions = append(o.ClientOptions, func(o *dynamodb.Options) { o.Logger = &log })
	})
	if err != nil {
		t.Fatalf("TableExists: %v", err)
	}
	if out.Table == nil || out.Table.TableStatus != types.TableStatusActive {
		t.Errorf("TableExists output = %+v; want the ACTIVE table", out.Table)
	}
	if !strings.Contains(log.String(), "DEBUG waiter TableExists: attempt 1\n") {
		t.Errorf("log = %q; want the waiter's attempts", log.String())
	}

	if _, err := ddb.DeleteTable(ctx, &dynamodb.DeleteTableInput{TableName: &table}); err != nil {
		t.Fatal(err)
	}
	err = dynamodb.NewTableNotExistsWaiter(ddb, func(o *dynamodb.TableNotExistsWaiterOptions) {
		o.MinDelay, o.MaxDelay = 50*time.Millisecond, 200*time.Millisecond
	}).Wait(ctx, in, 30*time.Second)
	if err != nil {
		t.Fatalf("TableNotExists: %v", err)
	}
}
