package expression_test

import (
	"errors"
	"fmt"
	"maps"
	"slices"
	"strings"

	"github.com/nimbus-sdk/nimbus/config/aws"
	"github.com/nimbus-sdk/nimbus/feature/dynamodb/expression"
	"github.com/nimbus-sdk/nimbus/services/dynamodb"
	"github.com/nimbus-sdk/nimbus/services/dynamodb/types"
)

// Each example prints what Build returned: the expressions, then the
// placeholders in order.
func show(e expression.Expression) {
	for _, x := range []struct {
		name string
		s    *string
	}{
		{"condition", e.Condition()}, {"filter", e.Filter()}, {"key condition", e.KeyCondition()},
		{"projection", e.Projection()}, {"update", e.Update()},
	} {
		if x.s != nil {
			fmt.Printf("%s: %q\n", x.name, *x.s)
		}
	}
	for _, k := range slices.Sorted(maps.Keys(e.Names())) {
		fmt.Printf("%s = %s\n", k, e.Names()[k])
	}
	for _, k := range slices.Sorted(maps.Keys(e.Values())) {
		fmt.Printf("%s = %s\n", k, showValue(e.Values()[k]))
	}
}

func showValue(av types.AttributeValue) string {
	switch v := av.(type) {
	case *types.AttributeValueMemberS:
		return fmt.Sprintf("S %q", v.Value)
	case *types.AttributeValueMemberN:
		return "N " + v.Value
	case *types.AttributeValueMemberBOOL:
		return fmt.Sprint("BOOL ", v.Value)
	case *types.AttributeValueMemberSS:
		return fmt.Sprintf("SS %q", v.Value)
	case *types.AttributeValueMemberL:
		var elems []string
		for _, e := range v.Value {
			elems = append(elems, showValue(e))
		}
		return "L [" + strings.Join(elems, ", ") + "]"
	}
	return fmt.Sprintf("%T", av)
}

// A condition expression makes a write happen only when the item is in
// the expected state: here, create the item unless one with its key exists,
// or replace it if it is still at version 3.
func ExampleBuilder_WithCondition() {
	cond := expression.AttributeNotExists(expression.Name("pk")).
		Or(expression.Name("version").Equal(expression.Value(3)))
	expr, err := expression.NewBuilder().WithCondition(cond).Build()
	if err != nil {
		fmt.Println(err)
		return
	}
	_ = &dynamodb.PutItemInput{
		TableName:                 aws.String("Music"),
		Item:                      map[string]types.AttributeValue{ /* ... */ },
		ConditionExpression:       expr.Condition(),
		ExpressionAttributeNames:  expr.Names(),
		ExpressionAttributeValues: expr.Values(),
	}
	show(expr)
	// Output:
	// condition: "(attribute_not_exists (#0)) OR (#1 = :0)"
	// #0 = pk
	// #1 = version
	// :0 = N 3
}

// A filter expression drops items from a Query's or Scan's results after
// they are read; a projection returns only some attributes.
func ExampleBuilder_WithFilter() {
	filt := expression.Name("Artist").Equal(expression.Value("No One You Know")).
		And(expression.Name("Tags").Contains("indie"), expression.Name("Year").Between(expression.Value(1990), expression.Value(1999)))
	proj := expression.NamesList(expression.Name("SongTitle"), expression.Name("AlbumTitle"))
	expr, err := expression.NewBuilder().WithFilter(filt).WithProjection(proj).Build()
	if err != nil {
		fmt.Println(err)
		return
	}
	_ = &dynamodb.ScanInput{
		TableName:                 aws.String("Music"),
		FilterExpression:          expr.Filter(),
		ProjectionExpression:      expr.Projection(),
		ExpressionAttributeNames:  expr.Names(),
		ExpressionAttributeValues: expr.Values(),
	}
	show(expr)
	// Output:
	// filter: "(#0 = :0) AND (contains (#1, :1)) AND (#2 BETWEEN :2 AND :3)"
	// projection: "#3, #4"
	// #0 = Artist
	// #1 = Tags
	// #2 = Year
	// #3 = SongTitle
	// #4 = AlbumTitle
	// :0 = S "No One You Know"
	// :1 = S "indie"
	// :2 = N 1990
	// :3 = N 1999
}

// A key condition selects the items a Query reads: one partition, and a
// range of sort keys.
func ExampleBuilder_WithKeyCondition() {
	keyCond := expression.Key("Artist").Equal(expression.Value("No One You Know")).
		And(expression.Key("SongTitle").BeginsWith("Call"))
	expr, err := expression.NewBuilder().WithKeyCondition(keyCond).Build()
	if err != nil {
		fmt.Println(err)
		return
	}
	_ = &dynamodb.QueryInput{
		TableName:                 aws.String("Music"),
		KeyConditionExpression:    expr.KeyCondition(),
		ExpressionAttributeNames:  expr.Names(),
		ExpressionAttributeValues: expr.Values(),
	}
	show(expr)
	// Output:
	// key condition: "(#0 = :0) AND (begins_with (#1, :1))"
	// #0 = Artist
	// #1 = SongTitle
	// :0 = S "No One You Know"
	// :1 = S "Call"
}

// A projection names the attributes to return, nested ones included.
func ExampleBuilder_WithProjection() {
	proj := expression.NamesList(expression.Name("Title"), expression.Name("Reviews.FiveStar[0]")).
		AddNames(expression.NameNoDotSplit("Safety.Warning"))
	expr, err := expression.NewBuilder().WithProjection(proj).Build()
	if err != nil {
		fmt.Println(err)
		return
	}
	_ = &dynamodb.GetItemInput{
		TableName:                aws.String("ProductCatalog"),
		Key:                      map[string]types.AttributeValue{"Id": &types.AttributeValueMemberN{Value: "123"}},
		ProjectionExpression:     expr.Projection(),
		ExpressionAttributeNames: expr.Names(),
	}
	show(expr)
	// Output:
	// projection: "#0, #1.#2[0], #3"
	// #0 = Title
	// #1 = Reviews
	// #2 = FiveStar
	// #3 = Safety.Warning
}

// An update expression changes attributes in place. The clauses are
// written in the order ADD, DELETE, REMOVE, SET, each on its own line.
func ExampleBuilder_WithUpdate() {
	update := expression.Set(expression.Name("Price"), expression.Name("Price").Minus(expression.Value(5))).
		Set(expression.Name("Plays"), expression.IfNotExists(expression.Name("Plays"), expression.Value(0))).
		Set(expression.Name("Charts"), expression.ListAppend(expression.Name("Charts"), expression.Value([]string{"UK"}))).
		Remove(expression.Name("Discontinued")).
		Add(expression.Name("Tags"), expression.Value(&types.AttributeValueMemberSS{Value: []string{"remastered"}}))
	expr, err := expression.NewBuilder().WithUpdate(update).Build()
	if err != nil {
		fmt.Println(err)
		return
	}
	_ = &dynamodb.UpdateItemInput{
		TableName:                 aws.String("Music"),
		Key:                       map[string]types.AttributeValue{ /* ... */ },
		UpdateExpression:          expr.Update(),
		ExpressionAttributeNames:  expr.Names(),
		ExpressionAttributeValues: expr.Values(),
	}
	show(expr)
	// Output:
	// update: "ADD #0 :0\nREMOVE #1\nSET #2 = #2 - :1, #3 = if_not_exists(#3, :2), #4 = list_append(#4, :3)\n"
	// #0 = Tags
	// #1 = Discontinued
	// #2 = Price
	// #3 = Plays
	// #4 = Charts
	// :0 = SS ["remastered"]
	// :1 = N 5
	// :2 = N 0
	// :3 = L [S "UK"]
}

// Set adds its action to the update it is called on, as in v2, so code
// that drops its result (as AWS's UpdateMovie example does) still sets
// both attributes. Clone starts an update that does not change the base.
func ExampleUpdateBuilder_Set() {
	update := expression.Set(expression.Name("info.rating"), expression.Value(8.5))
	update.Set(expression.Name("info.plot"), expression.Value("A bear escapes."))

	withYear := update.Clone().Set(expression.Name("year"), expression.Value(2015))
	_ = withYear

	expr, err := expression.NewBuilder().WithUpdate(update).Build()
	if err != nil {
		fmt.Println(err)
		return
	}
	show(expr)
	// Output:
	// update: "SET #0.#1 = :0, #0.#2 = :1\n"
	// #0 = info
	// #1 = rating
	// #2 = plot
	// :0 = N 8.5
	// :1 = S "A bear escapes."
}

// For an index whose key has several attributes, KeyAnd takes an
// equality on each attribute but the last.
func ExampleKeyAnd() {
	keyCond := expression.KeyAnd(
		expression.Key("TournamentId").Equal(expression.Value("WINTER2024")),
		expression.Key("Region").Equal(expression.Value("NA-EAST")),
		expression.Key("Round").GreaterThan(expression.Value(1)),
	)
	expr, err := expression.NewBuilder().WithKeyCondition(keyCond).Build()
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(*expr.KeyCondition())

	// Anything else is refused when built.
	_, err = expression.NewBuilder().WithKeyCondition(expression.KeyAnd(
		expression.Key("Round").GreaterThan(expression.Value(1)),
		expression.Key("Region").Equal(expression.Value("NA-EAST")),
	)).Build()
	fmt.Println(err)
	// Output:
	// (#0 = :0) AND (#1 = :1) AND (#2 > :2)
	// KeyAnd error: invalid parameter: KeyConditionBuilder: every key condition but the last must be an equality (KeyEqual)
}

// Name reads document paths; NameNoDotSplit takes a name with dots as it is.
func ExampleName() {
	cond := expression.Name("Pictures.FrontView").AttributeExists().
		And(expression.NameNoDotSplit("Safety.Warning").AttributeExists(),
			expression.Name("RelatedItems[1]").Equal(expression.Value(472)))
	expr, err := expression.NewBuilder().WithCondition(cond).Build()
	if err != nil {
		fmt.Println(err)
		return
	}
	show(expr)
	// Output:
	// condition: "(attribute_exists (#0.#1)) AND (attribute_exists (#2)) AND (#3[1] = :0)"
	// #0 = Pictures
	// #1 = FrontView
	// #2 = Safety.Warning
	// #3 = RelatedItems
	// :0 = N 472
}

// Build reports what is wrong before anything is sent, with errors a
// caller can tell apart: an UnsetParameterError for something missing,
// an InvalidParameterError for something malformed.
func ExampleBuilder_Build_errors() {
	for _, b := range []expression.Builder{
		expression.NewBuilder(),
		expression.NewBuilder().WithCondition(expression.Name("").AttributeExists()),
		expression.NewBuilder().WithProjection(expression.NamesList(expression.Name("Reviews[one]"))),
		expression.NewBuilder().WithUpdate(expression.Set(expression.Name("ch"), expression.Value(make(chan int)))),
	} {
		_, err := b.Build()
		var unset expression.UnsetParameterError
		var invalid expression.InvalidParameterError
		switch {
		case errors.As(err, &unset):
			fmt.Println("unset:", err)
		case errors.As(err, &invalid):
			fmt.Println("invalid:", err)
		}
	}
	// Output:
	// unset: Build error: unset parameter: Builder
	// unset: BuildOperand error: unset parameter: NameBuilder
	// invalid: BuildOperand error: invalid parameter: NameBuilder: "Reviews[one]": a list index must be [N] with N a non-negative integer
	// invalid: BuildOperand error: invalid parameter: ValueBuilder: cannot convert a value of type chan int to an attribute value
}
