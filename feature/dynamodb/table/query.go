package table

import (
	"context"
	"iter"

	"github.com/nimbus-sdk/nimbus/feature/dynamodb/expression"
	"github.com/nimbus-sdk/nimbus/services/dynamodb"
	"github.com/nimbus-sdk/nimbus/services/dynamodb/types"
)

// ReadOptions adjust one Query or Scan.
type ReadOptions struct {
	// IndexName reads a secondary index instead of the table.
	IndexName string

	// Filter drops items the service read but that do not satisfy it
	// (they still count toward the capacity used).
	Filter expression.ConditionBuilder

	// ConsistentRead asks for strongly consistent reads.
	ConsistentRead bool

	// PageSize is the number of items the service evaluates per page (the
	// Limit member). Zero lets the service choose (up to 1 MB a page).
	PageSize int32

	// Descending reads a Query's sort key from high to low. Scan ignores it.
	Descending bool
}

// Query returns the items whose key satisfies key, fetching pages as the
// sequence is consumed. A failure is yielded once, as the last pair, with a
// zero T; stopping the loop early sends no further request.
func (t *Table[T]) Query(ctx context.Context, key expression.KeyConditionBuilder, optFns ...func(*ReadOptions)) iter.Seq2[T, error] {
	o := readOptions(optFns)
	return func(yield func(T, error) bool) {
		b := expression.NewBuilder().WithKeyCondition(key)
		if o.Filter.IsSet() {
			b = b.WithFilter(o.Filter)
		}
		expr, err := b.Build()
		if err != nil {
			var zero T
			yield(zero, err)
			return
		}
		in := &dynamodb.QueryInput{
			TableName:                 &t.name,
			KeyConditionExpression:    expr.KeyCondition(),
			FilterExpression:          expr.Filter(),
			ExpressionAttributeNames:  expr.Names(),
			ExpressionAttributeValues: expr.Values(),
		}
		if o.IndexName != "" {
			in.IndexName = &o.IndexName
		}
		if o.ConsistentRead {
			in.ConsistentRead = &o.ConsistentRead
		}
		if o.PageSize > 0 {
			in.Limit = &o.PageSize
		}
		if o.Descending {
			forward := false
			in.ScanIndexForward = &forward
		}
		p := dynamodb.NewQueryPaginator(t.client, in)
		t.pages(ctx, p.HasMorePages, func(ctx context.Context) ([]map[string]types.AttributeValue, error) {
			out, err := p.NextPage(ctx)
			if err != nil {
				return nil, err
			}
			return out.Items, nil
		}, yield)
	}
}

// Scan returns every item of the table (or of o.IndexName), fetching pages
// as the sequence is consumed, like Query.
func (t *Table[T]) Scan(ctx context.Context, optFns ...func(*ReadOptions)) iter.Seq2[T, error] {
	o := readOptions(optFns)
	return func(yield func(T, error) bool) {
		in := &dynamodb.ScanInput{TableName: &t.name}
		if o.Filter.IsSet() {
			expr, err := expression.NewBuilder().WithFilter(o.Filter).Build()
			if err != nil {
				var zero T
				yield(zero, err)
				return
			}
			in.FilterExpression = expr.Filter()
			in.ExpressionAttributeNames = expr.Names()
			in.ExpressionAttributeValues = expr.Values()
		}
		if o.IndexName != "" {
			in.IndexName = &o.IndexName
		}
		if o.ConsistentRead {
			in.ConsistentRead = &o.ConsistentRead
		}
		if o.PageSize > 0 {
			in.Limit = &o.PageSize
		}
		p := dynamodb.NewScanPaginator(t.client, in)
		t.pages(ctx, p.HasMorePages, func(ctx context.Context) ([]map[string]types.AttributeValue, error) {
			out, err := p.NextPage(ctx)
			if err != nil {
				return nil, err
			}
			return out.Items, nil
		}, yield)
	}
}

func readOptions(optFns []func(*ReadOptions)) ReadOptions {
	var o ReadOptions
	for _, fn := range optFns {
		fn(&o)
	}
	return o
}

// pages yields the items of each page next returns while more says there
// are pages, decoding each item as it is yielded.
func (t *Table[T]) pages(ctx context.Context, more func() bool, next func(context.Context) ([]map[string]types.AttributeValue, error), yield func(T, error) bool) {
	for more() {
		items, err := next(ctx)
		if err != nil {
			var zero T
			yield(zero, err)
			return
		}
		for _, m := range items {
			item, err := t.unmarshal(m)
			if err != nil {
				var zero T
				yield(zero, err)
				return
			}
			if !yield(item, nil) {
				return
			}
		}
	}
}
