// Package table stores Go structs in a DynamoDB table: a small, typed layer
// over a DynamoDB client, built on the attributevalue and expression
// packages.
//
// The item type's struct tags say everything the table needs:
//
//	type Order struct {
//		Customer string    `dynamodbav:"pk" table:"hash"`
//		ID       string    `dynamodbav:"sk" table:"range"`
//		Total    int64     `dynamodbav:"total"`
//		Placed   time.Time `dynamodbav:"placed,unixtime"`
//		Version  int64     `dynamodbav:"v" table:"version"`
//	}
//
//	orders, err := table.New[Order](client, "orders")
//
// # Operations
//
// [Table.Get], [Table.Put], [Table.Update] and [Table.Delete] work on one
// item, identified by the key fields of a T. Writes take a condition
// ([If], [IfAbsent]); the service refuses a write whose condition fails
// with *types.ConditionalCheckFailedException, returned unchanged.
//
// [Table.Query] and [Table.Scan] return an iter.Seq2[T, error] that fetches
// pages as the loop consumes them and stops sending when the loop stops.
//
// [Table.BatchGet], [Table.BatchPut] and [Table.BatchDelete] split their
// input into requests of the service's sizes (100 keys, 25 writes) and
// resend what the service leaves unprocessed, with exponential back-off and
// jitter, up to Options.MaxBatchAttempts.
//
// # Optimistic locking
//
// A field tagged `table:"version"` (any integer type) makes Put, Update and
// Delete check it: the write happens only if the stored version equals the
// one in the Go value (zero meaning the item is new or not versioned), and
// Put and Update store the version plus one and return the item with it.
// Two writers racing from the same read cannot both win; the loser gets
// *types.ConditionalCheckFailedException and should read again. Batch
// writes take no conditions and leave versions alone.
//
// # What it does not do
//
// There is no registry of tables and no code generation: a Table is a value
// you create with New from a client and a name. It does not create tables
// or indexes; use the DynamoDB client for that.
package table
