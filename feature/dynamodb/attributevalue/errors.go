package attributevalue

import "github.com/nimbus-sdk/nimbus/internal/attrvalue"

// A Number is the text of a DynamoDB number (N) attribute, kept exactly:
// decoding into a Number (or into an interface with UseNumber) keeps all
// digits, and a Number is encoded as an N attribute unchanged. Its methods
// are Float64, Int64, Uint64 and String.
type Number = attrvalue.Number

// An UnmarshalTypeError reports an attribute that cannot be stored in a Go
// value: the wrong member for the Go type (an S into an int64), a number
// that overflows it, or a map key that does not fit the map's key type.
// Its fields are Path (the Go path, like ".Orders[3].Total"), Value (the
// attribute member, like "S"), Type (the Go type) and Err (the cause,
// such as strconv.ErrRange, if any).
type UnmarshalTypeError = attrvalue.UnmarshalTypeError

// An UnmarshalError wraps an error met while unmarshaling the attribute at
// Path: a number or time that does not parse, an [Unmarshaler]'s error, or
// [ErrMaxDepth]. Its fields are Path, Value (the attribute's text), Type
// and Err.
type UnmarshalError = attrvalue.UnmarshalError

// An InvalidUnmarshalError is returned when the destination given to
// Unmarshal is not a non-nil pointer. Type is the destination's type.
type InvalidUnmarshalError = attrvalue.InvalidUnmarshalError

// An InvalidMarshalError reports a Go value that has no attribute form:
// an empty map key, an unsupported map key type, a set element of the
// wrong kind, or omitempty with nullempty on a zero value. Path is the Go
// path of the value.
type InvalidMarshalError = attrvalue.InvalidMarshalError

// A MarshalError wraps an error returned while marshaling the Go value at
// Path: a [Marshaler]'s, a TextMarshaler's or an EncodeTime function's, or
// [ErrMaxDepth].
type MarshalError = attrvalue.MarshalError

// MaxDepth is how deeply values may nest before Marshal or Unmarshal stops
// with [ErrMaxDepth].
const MaxDepth = attrvalue.MaxDepth

// ErrMaxDepth is wrapped by the error for values nested more than
// [MaxDepth] levels, including cyclic Go values, which v2 would follow
// until the stack overflows.
var ErrMaxDepth = attrvalue.ErrMaxDepth
