package expression_test

import (
	"context"
	"errors"
	"fmt"
	"reflect"
	"slices"
	"strconv"
	"testing"
	"time"

	"github.com/nimbus-sdk/nimbus/feature/dynamodb/expression"
	"github.com/nimbus-sdk/nimbus/internal/testenv"
	"github.com/nimbus-sdk/nimbus/services/dynamodb"
	"github.com/nimbus-sdk/nimbus/services/dynamodb/types"
)

// The integration tests send built expressions to moto's DynamoDB, so the
// server, not this package, judges whether the strings and placeholders
// are right and what they select or change.

// songTable creates a table keyed by pk (S) and sk (S), unique to the
// test, and fills it with six songs of one artist: sk "song#1".."song#6",
// with Price 10..60, Title "Call <i>" for odd i and "Hold <i>" for even,
// a Tags string set, an Info map, a Charts list, and attributes named
// with reserved words ("Size", "Name") and with a dot ("a.b").
func songTable(t *testing.T) (*dynamodb.Client, string) {
	t.Helper()
	srv := testenv.Moto(t)
	ddb := dynamodb.New(dynamodb.Options{Region: srv.Region, BaseEndpoint: srv.Endpoint, Credentials: srv.Credentials()})
	ctx := context.Background()
	table := fmt.Sprintf("nimbus-expr-%s-%d", t.Name(), time.Now().UnixNano())
	_, err := ddb.CreateTable(ctx, &dynamodb.CreateTableInput{
		TableName: &table,
		AttributeDefinitions: []types.AttributeDefinition{
			{AttributeName: ptr("pk"), AttributeType: types.ScalarAttributeTypeS},
			{AttributeName: ptr("sk"), AttributeType: types.ScalarAttributeTypeS},
		},
		KeySchema: []types.KeySchemaElement{
			{AttributeName: ptr("pk"), KeyType: types.KeyTypeHash},
			{AttributeName: ptr("sk"), KeyType: types.KeyTypeRange},
		},
		BillingMode: types.BillingModePayPerRequest,
	})
	if err != nil {
		t.Fatalf("CreateTable: %v", err)
	}
	t.Cleanup(func() { _, _ = ddb.DeleteTable(context.Background(), &dynamodb.DeleteTableInput{TableName: &table}) })
	if err := dynamodb.NewTableExistsWaiter(ddb, func(o *dynamodb.TableExistsWaiterOptions) {
		o.MinDelay, o.MaxDelay = 100*time.Millisecond, time.Second
	}).Wait(ctx, &dynamodb.DescribeTableInput{TableName: &table}, 30*time.Second); err != nil {
		t.Fatalf("TableExists waiter: %v", err)
	}

	for i := 1; i <= 6; i++ {
		title := "Hold " + strconv.Itoa(i)
		if i%2 == 1 {
			title = "Call " + strconv.Itoa(i)
		}
		item := map[string]types.AttributeValue{
			"pk":     s("artist#1"),
			"sk":     s("song#" + strconv.Itoa(i)),
			"Title":  s(title),
			"Price":  n(strconv.Itoa(10 * i)),
			"Tags":   &types.AttributeValueMemberSS{Value: []string{"pop", "tag" + strconv.Itoa(i)}},
			"Info":   &types.AttributeValueMemberM{Value: map[string]types.AttributeValue{"Rating": n(strconv.Itoa(i)), "Size": s("L")}},
			"Charts": &types.AttributeValueMemberL{Value: []types.AttributeValue{s("US"), s("FR")}},
			"Size":   n(strconv.Itoa(i)),
			"Name":   s("name" + strconv.Itoa(i)),
			"a.b":    s("dotted" + strconv.Itoa(i)),
		}
		// Create-only put: attribute_not_exists on the partition key.
		expr, err := expression.NewBuilder().WithCondition(expression.AttributeNotExists(expression.Name("pk"))).Build()
		if err != nil {
			t.Fatal(err)
		}
		if _, err := ddb.PutItem(ctx, &dynamodb.PutItemInput{
			TableName: &table, Item: item,
			ConditionExpression:       expr.Condition(),
			ExpressionAttributeNames:  expr.Names(),
			ExpressionAttributeValues: expr.Values(),
		}); err != nil {
			t.Fatalf("PutItem song#%d: %v", i, err)
		}
	}
	return ddb, table
}

func ptr[T any](v T) *T { return &v }

func songKey(i int) map[string]types.AttributeValue {
	return map[string]types.AttributeValue{"pk": s("artist#1"), "sk": s("song#" + strconv.Itoa(i))}
}

func build(t *testing.T, b expression.Builder) expression.Expression {
	t.Helper()
	e, err := b.Build()
	if err != nil {
		t.Fatalf("Build: %v", err)
	}
	return e
}

// wantConditionFailed checks that err is DynamoDB's conditional check
// failure, as the typed error a caller matches with errors.As.
func wantConditionFailed(t *testing.T, err error) *types.ConditionalCheckFailedException {
	t.Helper()
	var ccf *types.ConditionalCheckFailedException
	if !errors.As(err, &ccf) {
		t.Fatalf("err = %v (%T); want *types.ConditionalCheckFailedException", err, err)
	}
	return ccf
}

func getSong(t *testing.T, ddb *dynamodb.Client, table string, i int) map[string]types.AttributeValue {
	t.Helper()
	out, err := ddb.GetItem(context.Background(), &dynamodb.GetItemInput{TableName: &table, Key: songKey(i), ConsistentRead: ptr(true)})
	if err != nil {
		t.Fatalf("GetItem song#%d: %v", i, err)
	}
	return out.Item
}

// sks returns the sort keys of items, in order.
func sks(items []map[string]types.AttributeValue) []string {
	var out []string
	for _, it := range items {
		out = append(out, it["sk"].(*types.AttributeValueMemberS).Value)
	}
	return out
}

func TestIntegrationCondition(t *testing.T) {
	ddb, table := songTable(t)
	ctx := context.Background()
	x, v := expression.Name, expression.Value

	t.Run("create-only put refused", func(t *testing.T) {
		e := build(t, expression.NewBuilder().WithCondition(x("pk").AttributeNotExists()))
		_, err := ddb.PutItem(ctx, &dynamodb.PutItemInput{
			TableName: &table, Item: map[string]types.AttributeValue{"pk": s("artist#1"), "sk": s("song#1"), "Title": s("replaced")},
			ConditionExpression: e.Condition(), ExpressionAttributeNames: e.Names(), ExpressionAttributeValues: e.Values(),
		})
		wantConditionFailed(t, err)
		if got := getSong(t, ddb, table, 1)["Title"]; !reflect.DeepEqual(got, s("Call 1")) {
			t.Errorf("Title after refused put = %#v; want Call 1", got)
		}
	})

	// Each condition is tried on song#3 (Price 30, Title "Call 3", Tags
	// {pop, tag3}, Charts [US, FR], Info.Rating 3, Size 3); the update
	// that follows it bumps Version only when the condition holds.
	conditions := []struct {
		name string
		cond expression.ConditionBuilder
		want bool
	}{
		{"equal", x("Price").Equal(v(30)), true},
		{"not equal", x("Price").NotEqual(v(30)), false},
		{"less than", x("Price").LessThan(v(31)), true},
		{"less than equal", x("Price").LessThanEqual(v(29)), false},
		{"greater than", x("Price").GreaterThan(v(29)), true},
		{"greater than equal", x("Price").GreaterThanEqual(v(31)), false},
		{"between", x("Price").Between(v(25), v(35)), true},
		{"between outside", x("Price").Between(v(31), v(35)), false},
		{"in", x("Title").In(v("Hold 3"), v("Call 3")), true},
		{"in none", x("Title").In(v("Hold 3"), v("x")), false},
		{"attribute_exists", x("Info.Rating").AttributeExists(), true},
		{"attribute_exists missing", x("Info.Missing").AttributeExists(), false},
		{"attribute_not_exists", x("Discontinued").AttributeNotExists(), true},
		{"attribute_type", x("Tags").AttributeType(expression.StringSet), true},
		{"attribute_type wrong", x("Price").AttributeType(expression.String), false},
		{"begins_with", x("Title").BeginsWith("Call"), true},
		{"begins_with wrong", x("Title").BeginsWith("Hold"), false},
		{"contains in set", x("Tags").Contains("tag3"), true},
		{"contains substring", x("Title").Contains("ll 3"), true},
		{"contains in list", x("Charts").Contains("FR"), true},
		{"contains missing", x("Tags").Contains("rock"), false},
		{"size of list", x("Charts").Size().Equal(v(2)), true},
		{"size of string", expression.Size(x("Title")).GreaterThan(v(6)), false},
		{"list index", x("Charts[1]").Equal(v("FR")), true},
		{"nested map", x("Info.Rating").Equal(x("Size")), true},
		{"reserved words", x("Name").Equal(v("name3")).And(x("Info.Size").Equal(v("L"))), true},
		{"name with a dot", expression.NameNoDotSplit("a.b").Equal(v("dotted3")), true},
		{"and", expression.And(x("Price").Equal(v(30)), x("Title").BeginsWith("Call"), x("Size").LessThan(v(4))), true},
		{"and failing", x("Price").Equal(v(30)).And(x("Title").BeginsWith("Hold")), false},
		{"or", x("Price").Equal(v(1)).Or(x("Title").BeginsWith("Call")), true},
		{"not", expression.Not(x("Price").Equal(v(30))), false},
		{"value on the left", v(20).LessThan(x("Price")), true},
	}
	for _, c := range conditions {
		t.Run(c.name, func(t *testing.T) {
			before := getSong(t, ddb, table, 3)["Version"]
			e := build(t, expression.NewBuilder().
				WithCondition(c.cond).
				WithUpdate(expression.Add(x("Version"), v(1))))
			_, err := ddb.UpdateItem(ctx, &dynamodb.UpdateItemInput{
				TableName: &table, Key: songKey(3),
				ConditionExpression: e.Condition(), UpdateExpression: e.Update(),
				ExpressionAttributeNames: e.Names(), ExpressionAttributeValues: e.Values(),
			})
			if c.want {
				if err != nil {
					t.Fatalf("UpdateItem with %q: %v", *e.Condition(), err)
				}
				if after := getSong(t, ddb, table, 3)["Version"]; reflect.DeepEqual(after, before) {
					t.Errorf("Version still %#v after a passing condition", after)
				}
				return
			}
			wantConditionFailed(t, err)
			if after := getSong(t, ddb, table, 3)["Version"]; !reflect.DeepEqual(after, before) {
				t.Errorf("Version %#v -> %#v after a failing condition", before, after)
			}
		})
	}

	t.Run("delete refused", func(t *testing.T) {
		e := build(t, expression.NewBuilder().WithCondition(x("Price").GreaterThan(v(1000))))
		_, err := ddb.DeleteItem(ctx, &dynamodb.DeleteItemInput{
			TableName: &table, Key: songKey(2),
			ConditionExpression: e.Condition(), ExpressionAttributeNames: e.Names(), ExpressionAttributeValues: e.Values(),
		})
		wantConditionFailed(t, err)
		if getSong(t, ddb, table, 2) == nil {
			t.Error("song#2 deleted despite a failing condition")
		}
	})
}

func TestIntegrationUpdate(t *testing.T) {
	ddb, table := songTable(t)
	ctx := context.Background()
	x, v := expression.Name, expression.Value

	// Optimistic locking: set Version 1 only where there is none, then
	// update at version 1 to 2, and fail at version 1 again.
	lock := func(from, to int) error {
		cond := x("Version").AttributeNotExists()
		if from > 0 {
			cond = x("Version").Equal(v(from))
		}
		e := build(t, expression.NewBuilder().WithCondition(cond).WithUpdate(expression.Set(x("Version"), v(to))))
		_, err := ddb.UpdateItem(ctx, &dynamodb.UpdateItemInput{
			TableName: &table, Key: songKey(1),
			ConditionExpression: e.Condition(), UpdateExpression: e.Update(),
			ExpressionAttributeNames: e.Names(), ExpressionAttributeValues: e.Values(),
			ReturnValuesOnConditionCheckFailure: types.ReturnValuesOnConditionCheckFailureAllOld,
		})
		return err
	}
	if err := lock(0, 1); err != nil {
		t.Fatalf("first version: %v", err)
	}
	if err := lock(1, 2); err != nil {
		t.Fatalf("version 1 -> 2: %v", err)
	}
	ccf := wantConditionFailed(t, lock(1, 2))
	if got := ccf.Item["Version"]; !reflect.DeepEqual(got, n("2")) {
		t.Errorf("ConditionalCheckFailedException.Item[Version] = %#v; want N 2", got)
	}

	// Every action and SET function. DynamoDB refuses two actions on
	// overlapping paths in one update, so there are two.
	first := expression.Set(x("Price"), x("Price").Minus(v(5))).
		Set(x("Plays"), expression.Plus(expression.IfNotExists(x("Plays"), v(0)), v(1))).
		Set(x("Title"), x("Title").IfNotExists(v("ignored"))).
		Set(x("Charts"), x("Charts").ListAppend(v([]string{"UK"}))).
		Set(x("Intro"), v([]any{"x"}).ListAppend(x("Charts"))).
		Set(x("Info.Rating"), x("Info.Rating").Plus(v(10))).
		Set(x("Info.Label"), v(map[string]any{"name": "EMI", "year": 1999})).
		Set(x("Size"), v(1).Minus(x("Size"))).
		Set(x("Nothing"), v(nil)).
		Remove(x("Name")).
		Remove(expression.NameNoDotSplit("a.b")).
		Add(x("Tags"), v(&types.AttributeValueMemberSS{Value: []string{"remastered"}})).
		Add(x("Count"), v(3))
	second := expression.Delete(x("Tags"), v(&types.AttributeValueMemberSS{Value: []string{"pop"}})).
		Set(x("Charts[0]"), v("CA")).
		Set(x("Info.Label.year"), x("Info.Label.year").Plus(v(1))).
		Remove(x("Intro[0]"))
	var item map[string]types.AttributeValue
	for _, u := range []expression.UpdateBuilder{first, second} {
		e := build(t, expression.NewBuilder().WithUpdate(u))
		out, err := ddb.UpdateItem(ctx, &dynamodb.UpdateItemInput{
			TableName: &table, Key: songKey(1),
			UpdateExpression: e.Update(), ExpressionAttributeNames: e.Names(), ExpressionAttributeValues: e.Values(),
			ReturnValues: types.ReturnValueAllNew,
		})
		if err != nil {
			t.Fatalf("UpdateItem %q: %v", *e.Update(), err)
		}
		item = out.Attributes
	}
	want := map[string]types.AttributeValue{
		"pk": s("artist#1"), "sk": s("song#1"),
		"Title":   s("Call 1"),
		"Price":   n("5"),
		"Plays":   n("1"),
		"Version": n("2"),
		"Count":   n("3"),
		"Size":    n("0"),
		"Nothing": &types.AttributeValueMemberNULL{Value: true},
		"Tags":    &types.AttributeValueMemberSS{Value: []string{"remastered", "tag1"}},
		"Charts":  &types.AttributeValueMemberL{Value: []types.AttributeValue{s("CA"), s("FR"), s("UK")}},
		"Intro":   &types.AttributeValueMemberL{Value: []types.AttributeValue{s("US"), s("FR")}},
		"Info": &types.AttributeValueMemberM{Value: map[string]types.AttributeValue{
			"Rating": n("11"), "Size": s("L"),
			"Label": &types.AttributeValueMemberM{Value: map[string]types.AttributeValue{"name": s("EMI"), "year": n("2000")}},
		}},
	}
	if got := sortSets(item); !reflect.DeepEqual(got, want) {
		t.Errorf("item after updates =\n %v\nwant\n %v", got, want)
	}
}

// sortSets returns item with its string sets sorted, since DynamoDB does
// not keep the order of set elements.
func sortSets(item map[string]types.AttributeValue) map[string]types.AttributeValue {
	out := make(map[string]types.AttributeValue, len(item))
	for k, av := range item {
		if ss, ok := av.(*types.AttributeValueMemberSS); ok {
			av = &types.AttributeValueMemberSS{Value: slices.Sorted(slices.Values(ss.Value))}
		}
		out[k] = av
	}
	return out
}

func TestIntegrationQueryScanGet(t *testing.T) {
	ddb, table := songTable(t)
	ctx := context.Background()
	x, v, k := expression.Name, expression.Value, expression.Key

	query := func(t *testing.T, b expression.Builder) []map[string]types.AttributeValue {
		t.Helper()
		e := build(t, b)
		out, err := ddb.Query(ctx, &dynamodb.QueryInput{
			TableName: &table, KeyConditionExpression: e.KeyCondition(), FilterExpression: e.Filter(),
			ProjectionExpression: e.Projection(), ExpressionAttributeNames: e.Names(), ExpressionAttributeValues: e.Values(),
		})
		if err != nil {
			t.Fatalf("Query %q: %v", *e.KeyCondition(), err)
		}
		return out.Items
	}
	part := k("pk").Equal(v("artist#1"))
	for _, c := range []struct {
		name string
		b    expression.Builder
		want []string
	}{
		{"partition", expression.NewBuilder().WithKeyCondition(part),
			[]string{"song#1", "song#2", "song#3", "song#4", "song#5", "song#6"}},
		{"between", expression.NewBuilder().WithKeyCondition(part.And(k("sk").Between(v("song#2"), v("song#4")))),
			[]string{"song#2", "song#3", "song#4"}},
		{"begins_with", expression.NewBuilder().WithKeyCondition(expression.KeyAnd(part, expression.KeyBeginsWith(k("sk"), "song#5"))),
			[]string{"song#5"}},
		{"less than", expression.NewBuilder().WithKeyCondition(part.And(k("sk").LessThan(v("song#3")))),
			[]string{"song#1", "song#2"}},
		{"less than equal", expression.NewBuilder().WithKeyCondition(part.And(k("sk").LessThanEqual(v("song#3")))),
			[]string{"song#1", "song#2", "song#3"}},
		{"greater than", expression.NewBuilder().WithKeyCondition(part.And(k("sk").GreaterThan(v("song#4")))),
			[]string{"song#5", "song#6"}},
		{"greater than equal", expression.NewBuilder().WithKeyCondition(part.And(k("sk").GreaterThanEqual(v("song#4")))),
			[]string{"song#4", "song#5", "song#6"}},
		{"other partition", expression.NewBuilder().WithKeyCondition(k("pk").Equal(v("artist#2"))), nil},
		{"filter", expression.NewBuilder().WithKeyCondition(part).
			WithFilter(x("Title").BeginsWith("Call").And(x("Price").GreaterThan(v(10)))),
			[]string{"song#3", "song#5"}},
		{"filter with or, not, in, size", expression.NewBuilder().WithKeyCondition(part).
			WithFilter(expression.Or(
				x("Size").In(v(1), v(2)),
				expression.Not(x("Tags").Contains("tag6")).And(x("Info.Rating").GreaterThanEqual(v(5))),
			)),
			[]string{"song#1", "song#2", "song#5"}},
	} {
		t.Run(c.name, func(t *testing.T) {
			if got := sks(query(t, c.b)); !slices.Equal(got, c.want) {
				t.Errorf("sort keys = %v; want %v", got, c.want)
			}
		})
	}

	// A projection of a nested path, reserved words and a dotted name,
	// sharing names with a filter. (Moto 5 reads "#0[1]" in a projection
	// as a placeholder named "#0[1]", so list elements are selected only
	// in conditions and updates here.)
	t.Run("projection", func(t *testing.T) {
		proj := expression.NamesList(x("sk"), x("Info.Rating"), x("Size"), x("Name")).
			AddNames(expression.NameNoDotSplit("a.b"))
		items := query(t, expression.NewBuilder().
			WithKeyCondition(part.And(k("sk").Equal(v("song#4")))).
			WithFilter(x("Size").Equal(v(4))).
			WithProjection(proj))
		want := []map[string]types.AttributeValue{{
			"sk":   s("song#4"),
			"Info": &types.AttributeValueMemberM{Value: map[string]types.AttributeValue{"Rating": n("4")}},
			"Size": n("4"),
			"Name": s("name4"),
			"a.b":  s("dotted4"),
		}}
		if !reflect.DeepEqual(items, want) {
			t.Errorf("items =\n %v\nwant\n %v", items, want)
		}
	})

	t.Run("scan", func(t *testing.T) {
		e := build(t, expression.NewBuilder().
			WithFilter(x("Price").Between(v(20), v(40)).And(x("Charts").Size().Equal(v(2)))).
			WithProjection(x("sk").NamesList(x("Price"))))
		out, err := ddb.Scan(ctx, &dynamodb.ScanInput{
			TableName: &table, FilterExpression: e.Filter(), ProjectionExpression: e.Projection(),
			ExpressionAttributeNames: e.Names(), ExpressionAttributeValues: e.Values(),
		})
		if err != nil {
			t.Fatalf("Scan: %v", err)
		}
		got := sks(out.Items)
		slices.Sort(got)
		if want := []string{"song#2", "song#3", "song#4"}; !slices.Equal(got, want) {
			t.Errorf("sort keys = %v; want %v", got, want)
		}
		for _, it := range out.Items {
			if len(it) != 2 {
				t.Errorf("projected item has %d attributes; want 2 (sk, Price): %v", len(it), it)
			}
		}
	})

	t.Run("get with projection", func(t *testing.T) {
		e := build(t, expression.NewBuilder().WithProjection(expression.NamesList(x("Title"), x("Info.Size"))))
		out, err := ddb.GetItem(ctx, &dynamodb.GetItemInput{
			TableName: &table, Key: songKey(6), ProjectionExpression: e.Projection(), ExpressionAttributeNames: e.Names(),
		})
		if err != nil {
			t.Fatalf("GetItem: %v", err)
		}
		want := map[string]types.AttributeValue{
			"Title": s("Hold 6"),
			"Info":  &types.AttributeValueMemberM{Value: map[string]types.AttributeValue{"Size": s("L")}},
		}
		if !reflect.DeepEqual(out.Item, want) {
			t.Errorf("item = %v; want %v", out.Item, want)
		}
	})
}
