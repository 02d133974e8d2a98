// Code generated from ../../dynamodb/attributevalue/errors.go by generate_test.go (go generate). DO NOT EDIT.

package attributevalue

import (
	"reflect"
	"strconv"

	"github.com/nimbus-sdk/nimbus/internal/attrvalue"
)

// A Number is the text of a DynamoDB number (N) attribute, kept exactly:
// decoding into a Number (or into an interface with UseNumber) keeps all
// digits, and a Number is encoded as an N attribute unchanged, so numbers
// beyond float64's precision survive a round trip.
type Number string

// Float64 parses the number as a float64.
func (n Number) Float64() (float64, error) { return strconv.ParseFloat(string(n), 64) }

// Int64 parses the number as an int64.
func (n Number) Int64() (int64, error) { return strconv.ParseInt(string(n), 10, 64) }

// Uint64 parses the number as a uint64.
func (n Number) Uint64() (uint64, error) { return strconv.ParseUint(string(n), 10, 64) }

// String returns the number's text.
func (n Number) String() string { return string(n) }

func newNumber(s string) any { return Number(s) }

func newNumbers(ss []string) any {
	set := make([]Number, len(ss))
	for i, s := range ss {
		set[i] = Number(s)
	}
	return set
}

// An UnmarshalTypeError reports an attribute that cannot be stored in a Go
// value: the wrong member for the Go type (an S into an int64), a number
// that overflows it, or a map key that does not fit the map's key type.
type UnmarshalTypeError struct {
	// Path is the Go path of the value, like ".Orders[3].Total" (struct
	// fields by Go name, list indexes, map keys quoted); "" for the root.
	Path string
	// Value names the attribute: its member ("S", "N", "L"...), or
	// `map key "k"` for a key.
	Value string
	// Type is the Go type that could not hold it.
	Type reflect.Type
	// Err is the cause, if any (wrapping strconv.ErrRange for an
	// overflow).
	Err error
}

// Error returns a message naming the path, the attribute and the Go type.
func (e *UnmarshalTypeError) Error() string {
	return attrvalue.UnmarshalTypeMessage(e.Path, e.Value, e.Type, e.Err)
}

// Unwrap returns the cause.
func (e *UnmarshalTypeError) Unwrap() error { return e.Err }

// An UnmarshalError wraps an error met while unmarshaling the attribute at
// Path: a number or time that does not parse, an [Unmarshaler]'s error, or
// [ErrMaxDepth].
type UnmarshalError struct {
	Path  string       // the Go path of the value
	Value string       // the attribute's text, where it has one
	Type  reflect.Type // the Go type being decoded into
	Err   error        // the cause
}

// Error returns a message naming the path, the value and the cause.
func (e *UnmarshalError) Error() string {
	return attrvalue.UnmarshalMessage(e.Path, e.Value, e.Type, e.Err)
}

// Unwrap returns the cause.
func (e *UnmarshalError) Unwrap() error { return e.Err }

// An InvalidUnmarshalError is returned when the destination given to
// Unmarshal is not a non-nil pointer.
type InvalidUnmarshalError struct {
	Type reflect.Type // the destination's type
}

// Error describes the destination.
func (e *InvalidUnmarshalError) Error() string { return attrvalue.InvalidUnmarshalMessage(e.Type) }

// An InvalidMarshalError reports a Go value that has no attribute form:
// an empty map key, an unsupported map key type, a set element of the
// wrong kind, or omitempty with nullempty on a zero value.
type InvalidMarshalError struct {
	Path string // the Go path of the value
	Msg  string // what is wrong
}

// Error returns the message with the path.
func (e *InvalidMarshalError) Error() string { return attrvalue.InvalidMarshalMessage(e.Path, e.Msg) }

// A MarshalError wraps an error returned while marshaling the Go value at
// Path: a [Marshaler]'s, a TextMarshaler's or an EncodeTime function's, or
// [ErrMaxDepth].
type MarshalError struct {
	Path string       // the Go path of the value
	Type reflect.Type // its type
	Err  error        // the cause
}

// Error returns the message with the path and type.
func (e *MarshalError) Error() string { return attrvalue.MarshalMessage(e.Path, e.Type, e.Err) }

// Unwrap returns the cause.
func (e *MarshalError) Unwrap() error { return e.Err }

// publicError turns the shared converter's errors into this package's.
func publicError(err error) error {
	switch e := err.(type) {
	case nil:
		return nil
	case *attrvalue.UnmarshalTypeError:
		return &UnmarshalTypeError{Path: e.Path, Value: e.Value, Type: e.Type, Err: publicError(e.Err)}
	case *attrvalue.UnmarshalError:
		return &UnmarshalError{Path: e.Path, Value: e.Value, Type: e.Type, Err: publicError(e.Err)}
	case *attrvalue.InvalidUnmarshalError:
		return &InvalidUnmarshalError{Type: e.Type}
	case *attrvalue.InvalidMarshalError:
		return &InvalidMarshalError{Path: e.Path, Msg: e.Msg}
	case *attrvalue.MarshalError:
		return &MarshalError{Path: e.Path, Type: e.Type, Err: publicError(e.Err)}
	case *attrvalue.JSONError:
		return &JSONError{Path: e.Path, Msg: e.Msg, Err: e.Err}
	}
	return err
}

// MaxDepth is how deeply values may nest before Marshal or Unmarshal stops
// with [ErrMaxDepth].
const MaxDepth = attrvalue.MaxDepth

// ErrMaxDepth is wrapped by the error for values nested more than
// [MaxDepth] levels, including cyclic Go values, which v2 would follow
// until the stack overflows.
var ErrMaxDepth = attrvalue.ErrMaxDepth
