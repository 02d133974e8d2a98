package dynamodb_test

import (
	"context"
	"errors"
	"fmt"
	"strconv"
	"testing"
	"time"

	"github.com/nimbus-sdk/nimbus/credentials"
	"github.com/nimbus-sdk/nimbus/internal/service/sts"
	"github.com/nimbus-sdk/nimbus/internal/testenv"
	"github.com/nimbus-sdk/nimbus/services/dynamodb"
	"github.com/nimbus-sdk/nimbus/services/dynamodb/types"
)

// assumedRoleClient returns a DynamoDB client signing with credentials
// from STS AssumeRole on the moto server, so the whole chain (STS over
// awsQuery, then DynamoDB over awsJson 1.0 with a session token) is
// verified by a server that checks signatures.
func assumedRoleClient(t *testing.T) *dynamodb.Client {
	t.Helper()
	srv := testenv.Moto(t)
	stsc := sts.New(sts.Options{Region: srv.Region, BaseEndpoint: srv.Endpoint, Credentials: srv.Credentials()})
	out, err := stsc.AssumeRole(context.Background(), &sts.AssumeRoleInput{RoleArn: &srv.RoleARN, RoleSessionName: ptr("nimbus-ddb")})
	if err != nil {
		t.Fatal(err)
	}
	c := out.Credentials
	creds := credentials.NewStaticProvider(*c.AccessKeyId, *c.SecretAccessKey, *c.SessionToken)
	return dynamodb.New(dynamodb.Options{Region: srv.Region, BaseEndpoint: srv.Endpoint, Credentials: creds})
}

func TestIntegrationDynamoDB(t *testing.T) {
	ddb := assumedRoleClient(t)
	ctx := context.Background()
	table := fmt.Sprintf("nimbus-%d", time.Now().UnixNano())

	_, err := ddb.CreateTable(ctx, &dynamodb.CreateTableInput{
		TableName: &table,
		AttributeDefinitions: []types.AttributeDefinition{
			{AttributeName: ptr("pk"), AttributeType: types.ScalarAttributeTypeS},
			{AttributeName: ptr("sk"), AttributeType: types.ScalarAttributeTypeN},
		},
		KeySchema: []types.KeySchemaElement{
			{AttributeName: ptr("pk"), KeyType: types.KeyTypeHash},
			{AttributeName: ptr("sk"), KeyType: types.KeyTypeRange},
		},
		BillingMode: types.BillingModePayPerRequest,
	})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _, _ = ddb.DeleteTable(context.Background(), &dynamodb.DeleteTableInput{TableName: &table}) })

	if err := dynamodb.NewTableExistsWaiter(ddb, func(o *dynamodb.TableExistsWaiterOptions) {
		o.MinDelay, o.MaxDelay = 100*time.Millisecond, time.Second
	}).Wait(ctx, &dynamodb.DescribeTableInput{TableName: &table}, 30*time.Second); err != nil {
		t.Fatalf("TableExists waiter: %v", err)
	}

	const n = 25
	for i := 0; i < n; i++ {
		_, err := ddb.PutItem(ctx, &dynamodb.PutItemInput{TableName: &table, Item: map[string]types.AttributeValue{
			"pk":    &types.AttributeValueMemberS{Value: "user#1"},
			"sk":    &types.AttributeValueMemberN{Value: strconv.Itoa(i)},
			"name":  &types.AttributeValueMemberS{Value: fmt.Sprintf("item %d", i)},
			"tags":  &types.AttributeValueMemberSS{Value: []string{"a", "b"}},
			"ok":    &types.AttributeValueMemberBOOL{Value: i%2 == 0},
			"attrs": &types.AttributeValueMemberM{Value: map[string]types.AttributeValue{"n": &types.AttributeValueMemberN{Value: "1.5"}}},
		}})
		if err != nil {
			t.Fatalf("PutItem %d: %v", i, err)
		}
	}

	got, err := ddb.GetItem(ctx, &dynamodb.GetItemInput{TableName: &table, Key: map[string]types.AttributeValue{
		"pk": &types.AttributeValueMemberS{Value: "user#1"},
		"sk": &types.AttributeValueMemberN{Value: "7"},
	}})
	if err != nil {
		t.Fatal(err)
	}
	if name, ok := got.Item["name"].(*types.AttributeValueMemberS); !ok || name.Value != "item 7" {
		t.Errorf("GetItem name = %#v; want item 7", got.Item["name"])
	}
	if m, ok := got.Item["attrs"].(*types.AttributeValueMemberM); !ok || m.Value["n"].(*types.AttributeValueMemberN).Value != "1.5" {
		t.Errorf("GetItem attrs = %#v", got.Item["attrs"])
	}

	// Query with a paginator over several pages.
	pager := dynamodb.NewQueryPaginator(ddb, &dynamodb.QueryInput{
		TableName:                 &table,
		KeyConditionExpression:    ptr("pk = :pk"),
		ExpressionAttributeValues: map[string]types.AttributeValue{":pk": &types.AttributeValueMemberS{Value: "user#1"}},
	}, func(o *dynamodb.QueryPaginatorOptions) { o.Limit = 10 })
	seen, pages := map[string]bool{}, 0
	for page, err := range pager.Pages(ctx) {
		if err != nil {
			t.Fatal(err)
		}
		pages++
		for _, item := range page.Items {
			sk := item["sk"].(*types.AttributeValueMemberN).Value
			if seen[sk] {
				t.Errorf("item %s returned twice", sk)
			}
			seen[sk] = true
		}
	}
	if len(seen) != n || pages < 3 {
		t.Errorf("Query paginator saw %d items in %d pages; want %d items in at least 3 pages", len(seen), pages, n)
	}

	// TransactWriteItems: two puts atomically.
	_, err = ddb.TransactWriteItems(ctx, &dynamodb.TransactWriteItemsInput{TransactItems: []types.TransactWriteItem{
		{Put: &types.Put{TableName: &table, Item: map[string]types.AttributeValue{
			"pk": &types.AttributeValueMemberS{Value: "user#2"}, "sk": &types.AttributeValueMemberN{Value: "1"}}}},
		{Put: &types.Put{TableName: &table, Item: map[string]types.AttributeValue{
			"pk": &types.AttributeValueMemberS{Value: "user#2"}, "sk": &types.AttributeValueMemberN{Value: "2"}}}},
	}})
	if err != nil {
		t.Fatal(err)
	}
	q, err := ddb.Query(ctx, &dynamodb.QueryInput{
		TableName:                 &table,
		KeyConditionExpression:    ptr("pk = :pk"),
		ExpressionAttributeValues: map[string]types.AttributeValue{":pk": &types.AttributeValueMemberS{Value: "user#2"}},
	})
	if err != nil {
		t.Fatal(err)
	}
	if q.Count != 2 || len(q.Items) != 2 {
		t.Errorf("after TransactWriteItems, Query found %d items (Count %d); want 2", len(q.Items), q.Count)
	}

	// A typed error for a missing table.
	_, err = ddb.DescribeTable(ctx, &dynamodb.DescribeTableInput{TableName: ptr("no-such-table")})
	var rnf *types.ResourceNotFoundException
	if !errors.As(err, &rnf) {
		t.Errorf("DescribeTable(missing) error = %v; want *types.ResourceNotFoundException", err)
	}
}

func ptr[T any](v T) *T { return &v }
