package table

import (
	"context"
	"testing"

	"github.com/nimbus-sdk/nimbus/feature/dynamodb/expression"
	"github.com/nimbus-sdk/nimbus/services/dynamodb"
	"github.com/nimbus-sdk/nimbus/services/dynamodb/types"
)

type versioned struct {
	PK      string `dynamodbav:"pk" table:"hash"`
	Version uint64 `dynamodbav:"v" table:"version"`
}

// updateRecorder is a Client that records the update expressions it is sent.
type updateRecorder struct {
	Client  // other calls are not used
	updates []string
}

func (r *updateRecorder) UpdateItem(_ context.Context, in *dynamodb.UpdateItemInput, _ ...func(*dynamodb.Options)) (*dynamodb.UpdateItemOutput, error) {
	r.updates = append(r.updates, *in.UpdateExpression)
	return &dynamodb.UpdateItemOutput{Attributes: map[string]types.AttributeValue{
		"pk": &types.AttributeValueMemberS{Value: "k"},
	}}, nil
}

// Update adds its version action to a clone: an UpdateBuilder's copies
// share their actions, so adding to the caller's would make the next
// Update with the same builder set the version twice.
func TestUpdateLeavesCallersBuilderAlone(t *testing.T) {
	rec := &updateRecorder{}
	tbl, err := New[versioned](rec, "t")
	if err != nil {
		t.Fatal(err)
	}
	upd := expression.Set(expression.Name("status"), expression.Value("paid"))
	for range 2 {
		if _, err := tbl.Update(context.Background(), versioned{PK: "k", Version: 1}, upd); err != nil {
			t.Fatal(err)
		}
	}
	// The version condition is written first, so its name is #0.
	const want = "SET #1 = :1, #0 = :2\n"
	for i, got := range rec.updates {
		if got != want {
			t.Errorf("update %d = %q; want %q", i, got, want)
		}
	}
	e, err := expression.NewBuilder().WithUpdate(upd).Build()
	if err != nil {
		t.Fatal(err)
	}
	if got := *e.Update(); got != "SET #0 = :0\n" {
		t.Errorf("caller's update after Update = %q; want its one action", got)
	}
}
