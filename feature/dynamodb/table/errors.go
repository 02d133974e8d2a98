package table

import (
	"errors"
	"fmt"
)

// ErrNotFound is matched (with errors.Is) by the error Get returns when no
// item has the key.
var ErrNotFound = errors.New("item not found")

// SchemaError reports an item type whose struct tags New cannot use.
type SchemaError struct {
	Type   string // the Go type
	Reason string
}

func (e *SchemaError) Error() string {
	return fmt.Sprintf("table: item type %s: %s", e.Type, e.Reason)
}

// KeyError reports a key attribute that is missing from an item or key, or
// empty, or not a string, number or binary. It is returned before anything
// is sent.
type KeyError struct {
	Field     string // the Go field
	Attribute string // the attribute it is stored as
}

func (e *KeyError) Error() string {
	return fmt.Sprintf("table: key field %s (attribute %q) is empty or not a string, number or binary", e.Field, e.Attribute)
}

// UnprocessedError reports a batch call that gave up while the service
// still left items unprocessed. Items not counted in Unprocessed were
// written or read.
type UnprocessedError struct {
	Op          string // "BatchGetItem" or "BatchWriteItem"
	Unprocessed int    // how many keys or writes were left
	Attempts    int
}

func (e *UnprocessedError) Error() string {
	return fmt.Sprintf("table: %s left %d items unprocessed after %d attempts", e.Op, e.Unprocessed, e.Attempts)
}
