package table

import (
	"context"
	"errors"
	"fmt"
	"reflect"
	"time"

	"github.com/nimbus-sdk/nimbus/feature/dynamodb/attributevalue"
	"github.com/nimbus-sdk/nimbus/feature/dynamodb/expression"
	"github.com/nimbus-sdk/nimbus/services/dynamodb"
	"github.com/nimbus-sdk/nimbus/services/dynamodb/types"
)

// Client is the part of *dynamodb.Client a Table uses.
type Client interface {
	GetItem(context.Context, *dynamodb.GetItemInput, ...func(*dynamodb.Options)) (*dynamodb.GetItemOutput, error)
	PutItem(context.Context, *dynamodb.PutItemInput, ...func(*dynamodb.Options)) (*dynamodb.PutItemOutput, error)
	DeleteItem(context.Context, *dynamodb.DeleteItemInput, ...func(*dynamodb.Options)) (*dynamodb.DeleteItemOutput, error)
	UpdateItem(context.Context, *dynamodb.UpdateItemInput, ...func(*dynamodb.Options)) (*dynamodb.UpdateItemOutput, error)
	Query(context.Context, *dynamodb.QueryInput, ...func(*dynamodb.Options)) (*dynamodb.QueryOutput, error)
	Scan(context.Context, *dynamodb.ScanInput, ...func(*dynamodb.Options)) (*dynamodb.ScanOutput, error)
	BatchGetItem(context.Context, *dynamodb.BatchGetItemInput, ...func(*dynamodb.Options)) (*dynamodb.BatchGetItemOutput, error)
	BatchWriteItem(context.Context, *dynamodb.BatchWriteItemInput, ...func(*dynamodb.Options)) (*dynamodb.BatchWriteItemOutput, error)
}

var _ Client = (*dynamodb.Client)(nil)

// Options configure a Table.
type Options struct {
	// EncoderOptions are applied to every item the table marshals. Set
	// TagKey here (for example to "json") and the key, range and version
	// attributes are named from that tag too.
	EncoderOptions func(*attributevalue.EncoderOptions)

	// DecoderOptions are applied to every item the table unmarshals. Its
	// TagKey must agree with EncoderOptions'.
	DecoderOptions func(*attributevalue.DecoderOptions)

	// MaxBatchAttempts bounds how many times a batch request is sent while
	// the service leaves items unprocessed, the first time included.
	// Zero means 10.
	MaxBatchAttempts int

	// BatchBackoff returns how long to wait before resending unprocessed
	// items for the given retry (1 for the first). Nil means exponential
	// back-off with full jitter from 50 ms, capped at 5 s.
	BatchBackoff func(retry int) time.Duration
}

// Table is a DynamoDB table whose items are Go values of type T.
//
// T is a struct. One field is tagged `table:"hash"` (the partition key),
// optionally one `table:"range"` (the sort key) and one `table:"version"`
// (an integer version for optimistic locking). Attribute names and value
// encoding come from the `dynamodbav` tags, exactly as
// [attributevalue.MarshalMap] writes them.
//
// A Table holds no state between calls and is safe for concurrent use.
type Table[T any] struct {
	client Client
	name   string
	schema schema
	opts   Options
}

// New returns a Table named name over client, reading the key and version
// attributes from T's struct tags. It fails with a *SchemaError when T is
// not a struct or its tags do not name exactly one partition key.
func New[T any](client Client, name string, optFns ...func(*Options)) (*Table[T], error) {
	if client == nil {
		return nil, errors.New("table: nil client")
	}
	if name == "" {
		return nil, errors.New("table: empty table name")
	}
	t := &Table[T]{client: client, name: name}
	for _, fn := range optFns {
		fn(&t.opts)
	}
	var eo attributevalue.EncoderOptions
	if t.opts.EncoderOptions != nil {
		t.opts.EncoderOptions(&eo)
	}
	tagKey := eo.TagKey
	if tagKey == "" {
		tagKey = "dynamodbav"
	}
	s, err := schemaFor(reflect.TypeFor[T](), tagKey)
	if err != nil {
		return nil, err
	}
	t.schema = s
	if t.opts.MaxBatchAttempts <= 0 {
		t.opts.MaxBatchAttempts = 10
	}
	if t.opts.BatchBackoff == nil {
		t.opts.BatchBackoff = jitterBackoff
	}
	return t, nil
}

// Name returns the table's name.
func (t *Table[T]) Name() string { return t.name }

func (t *Table[T]) marshal(item *T) (map[string]types.AttributeValue, error) {
	if t.opts.EncoderOptions == nil {
		return attributevalue.MarshalMap(item)
	}
	return attributevalue.MarshalMapWithOptions(item, t.opts.EncoderOptions)
}

func (t *Table[T]) unmarshal(m map[string]types.AttributeValue) (T, error) {
	var item T
	var err error
	if t.opts.DecoderOptions == nil {
		err = attributevalue.UnmarshalMap(m, &item)
	} else {
		err = attributevalue.UnmarshalMapWithOptions(m, &item, t.opts.DecoderOptions)
	}
	return item, err
}

// keyOf marshals key and returns only its key attributes.
func (t *Table[T]) keyOf(key *T) (map[string]types.AttributeValue, error) {
	m, err := t.marshal(key)
	if err != nil {
		return nil, err
	}
	return t.schema.key(m)
}

// GetOptions adjust one Get.
type GetOptions struct {
	// ConsistentRead asks for a strongly consistent read.
	ConsistentRead bool
}

// Get reads the item whose key fields are those of key (other fields of key
// are ignored). An item that does not exist is an error matching
// [ErrNotFound].
func (t *Table[T]) Get(ctx context.Context, key T, optFns ...func(*GetOptions)) (T, error) {
	var zero T
	var o GetOptions
	for _, fn := range optFns {
		fn(&o)
	}
	k, err := t.keyOf(&key)
	if err != nil {
		return zero, err
	}
	in := &dynamodb.GetItemInput{TableName: &t.name, Key: k}
	if o.ConsistentRead {
		in.ConsistentRead = &o.ConsistentRead
	}
	out, err := t.client.GetItem(ctx, in)
	if err != nil {
		return zero, err
	}
	if out.Item == nil {
		return zero, fmt.Errorf("table %s: %w", t.name, ErrNotFound)
	}
	return t.unmarshal(out.Item)
}

// WriteOptions adjust one Put, Update or Delete.
type WriteOptions struct {
	// Condition must hold for the write to happen; the service refuses it
	// with *types.ConditionalCheckFailedException otherwise. It is joined
	// with AND to the version check of a versioned item.
	Condition expression.ConditionBuilder

	// IfAbsent writes only when no item has the key yet.
	IfAbsent bool
}

// If returns a write option that sets the write's condition.
func If(cond expression.ConditionBuilder) func(*WriteOptions) {
	return func(o *WriteOptions) { o.Condition = cond }
}

// IfAbsent is a write option under which a Put only creates: it fails with
// *types.ConditionalCheckFailedException when the key is taken.
func IfAbsent(o *WriteOptions) { o.IfAbsent = true }

// condition joins the version check (when T is versioned and check is set),
// IfAbsent and the caller's condition.
func (t *Table[T]) condition(o *WriteOptions, version uint64, check bool) expression.ConditionBuilder {
	var conds []expression.ConditionBuilder
	if o.IfAbsent {
		conds = append(conds, expression.AttributeNotExists(expression.Name(t.schema.hash.name)))
	}
	if check && t.schema.version.name != "" {
		v := expression.Name(t.schema.version.name)
		if version == 0 {
			// Not versioned yet: absent, or written as zero (by a batch
			// write or another program).
			conds = append(conds, expression.Or(expression.AttributeNotExists(v), v.Equal(expression.Value(0))))
		} else {
			conds = append(conds, v.Equal(expression.Value(version)))
		}
	}
	if o.Condition.IsSet() {
		conds = append(conds, o.Condition)
	}
	switch len(conds) {
	case 0:
		return expression.ConditionBuilder{}
	case 1:
		return conds[0]
	default:
		return expression.And(conds[0], conds[1], conds[2:]...)
	}
}

// Put writes item, replacing any item with its key, and returns it as
// stored.
//
// When T has a version field, Put is an optimistic-locking write: it
// succeeds only if the stored item's version equals item's (for version
// zero: the item is absent or its version is absent or zero), and it stores and
// returns the item with its version incremented. A lost race fails with
// *types.ConditionalCheckFailedException; read the item again and retry.
func (t *Table[T]) Put(ctx context.Context, item T, optFns ...func(*WriteOptions)) (T, error) {
	var o WriteOptions
	for _, fn := range optFns {
		fn(&o)
	}
	var zero T
	var version uint64
	if t.schema.version.name != "" {
		rv := reflect.ValueOf(&item).Elem()
		version = t.schema.versionOf(rv)
		t.schema.setVersion(rv, version+1)
	}
	m, err := t.marshal(&item)
	if err != nil {
		return zero, err
	}
	if _, err := t.schema.key(m); err != nil {
		return zero, err
	}
	in := &dynamodb.PutItemInput{TableName: &t.name, Item: m}
	if cond := t.condition(&o, version, true); cond.IsSet() {
		expr, err := expression.NewBuilder().WithCondition(cond).Build()
		if err != nil {
			return zero, err
		}
		in.ConditionExpression = expr.Condition()
		in.ExpressionAttributeNames = expr.Names()
		in.ExpressionAttributeValues = expr.Values()
	}
	if _, err := t.client.PutItem(ctx, in); err != nil {
		return zero, err
	}
	return item, nil
}

// Update applies update to the item whose key fields are those of key and
// returns the item as stored afterwards. An item that does not exist is
// created with the key and the updated attributes, as UpdateItem does.
//
// When T has a version field, the update succeeds only if the stored
// version equals key's (zero: the item is not versioned yet), and it
// increments the stored version. The action that does so is added to a
// [expression.UpdateBuilder.Clone] of update, so update itself, and every
// copy of it, is left as it was and can be used again.
func (t *Table[T]) Update(ctx context.Context, key T, update expression.UpdateBuilder, optFns ...func(*WriteOptions)) (T, error) {
	var o WriteOptions
	for _, fn := range optFns {
		fn(&o)
	}
	var zero T
	k, err := t.keyOf(&key)
	if err != nil {
		return zero, err
	}
	var version uint64
	if t.schema.version.name != "" {
		version = t.schema.versionOf(reflect.ValueOf(&key).Elem())
		// A clone, since Set adds to the actions the caller's update
		// shares with its copies.
		update = update.Clone().Set(expression.Name(t.schema.version.name), expression.Value(version+1))
	}
	b := expression.NewBuilder().WithUpdate(update)
	if cond := t.condition(&o, version, true); cond.IsSet() {
		b = b.WithCondition(cond)
	}
	expr, err := b.Build()
	if err != nil {
		return zero, err
	}
	out, err := t.client.UpdateItem(ctx, &dynamodb.UpdateItemInput{
		TableName:                 &t.name,
		Key:                       k,
		UpdateExpression:          expr.Update(),
		ConditionExpression:       expr.Condition(),
		ExpressionAttributeNames:  expr.Names(),
		ExpressionAttributeValues: expr.Values(),
		ReturnValues:              types.ReturnValueAllNew,
	})
	if err != nil {
		return zero, err
	}
	return t.unmarshal(out.Attributes)
}

// Delete removes the item whose key fields are those of key. Deleting an
// item that does not exist succeeds, as DeleteItem does.
//
// When T has a version field and key's version is not zero, the delete
// happens only if the stored version equals it.
func (t *Table[T]) Delete(ctx context.Context, key T, optFns ...func(*WriteOptions)) error {
	var o WriteOptions
	for _, fn := range optFns {
		fn(&o)
	}
	k, err := t.keyOf(&key)
	if err != nil {
		return err
	}
	var version uint64
	if t.schema.version.name != "" {
		version = t.schema.versionOf(reflect.ValueOf(&key).Elem())
	}
	in := &dynamodb.DeleteItemInput{TableName: &t.name, Key: k}
	if cond := t.condition(&o, version, version != 0); cond.IsSet() {
		expr, err := expression.NewBuilder().WithCondition(cond).Build()
		if err != nil {
			return err
		}
		in.ConditionExpression = expr.Condition()
		in.ExpressionAttributeNames = expr.Names()
		in.ExpressionAttributeValues = expr.Values()
	}
	_, err = t.client.DeleteItem(ctx, in)
	return err
}
