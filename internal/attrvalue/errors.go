package attrvalue

import (
	"errors"
	"fmt"
	"reflect"
	"strconv"
)

// MaxDepth is how deeply values may nest (lists, maps, structs, pointers
// and interfaces each count a level) before Marshal or Unmarshal stops with
// ErrMaxDepth. DynamoDB itself allows 32 levels of nested attributes.
const MaxDepth = 1000

// ErrMaxDepth is wrapped by the error returned for values nested more than
// MaxDepth levels deep, including cyclic Go values.
var ErrMaxDepth = errors.New("nesting exceeds the maximum depth of " + strconv.Itoa(MaxDepth))

// An UnmarshalTypeError is an attribute value that cannot be stored in the
// Go value at Path: the wrong member for the Go type, a number that
// overflows it, or a map key that does not fit the map's key type.
type UnmarshalTypeError struct {
	// Path is the Go path of the value, like ".Orders[3].Total" (struct
	// fields by Go name, list indexes, map keys quoted); "" for the root.
	Path string
	// Value names the attribute: its member ("S", "N", "L"...), or
	// `map key "k"` for a key.
	Value string
	// Type is the Go type that could not hold it.
	Type reflect.Type
	// Err is the underlying cause, if any (strconv.ErrRange for overflow).
	Err error
}

// Error returns a message naming the path, the attribute and the Go type.
func (e *UnmarshalTypeError) Error() string {
	msg := "unmarshal failed, " + pathPrefix(e.Path) + "cannot unmarshal " + e.Value + " into Go value type " + typeString(e.Type)
	if e.Err != nil {
		msg += ": " + e.Err.Error()
	}
	return msg
}

// Unwrap returns the underlying cause.
func (e *UnmarshalTypeError) Unwrap() error { return e.Err }

// An UnmarshalError wraps an error that occurred while unmarshaling the
// attribute at Path: a number or time that does not parse, an
// Unmarshaler's error, or ErrMaxDepth.
type UnmarshalError struct {
	Path  string
	Value string // the attribute's text where it has one
	Type  reflect.Type
	Err   error
}

// Error returns a message naming the path, the value and the cause.
func (e *UnmarshalError) Error() string {
	return fmt.Sprintf("unmarshal failed, %scannot unmarshal %q into %s, %v", pathPrefix(e.Path), e.Value, typeString(e.Type), e.Err)
}

// Unwrap returns the underlying error.
func (e *UnmarshalError) Unwrap() error { return e.Err }

// An InvalidUnmarshalError is returned when the destination given to
// Unmarshal is not a non-nil pointer.
type InvalidUnmarshalError struct {
	Type reflect.Type
}

// Error describes the invalid destination.
func (e *InvalidUnmarshalError) Error() string {
	var msg string
	switch {
	case e.Type == nil:
		msg = "cannot unmarshal to nil value"
	case e.Type.Kind() != reflect.Pointer:
		msg = "cannot unmarshal to non-pointer value, got " + e.Type.String()
	default:
		msg = "cannot unmarshal to nil value, " + e.Type.String()
	}
	return "unmarshal failed, " + msg
}

// An InvalidMarshalError is a Go value that has no attribute-value form:
// an empty map key, an unsupported map key type, a set element of the
// wrong member, or both omitempty and nullempty on a zero value.
type InvalidMarshalError struct {
	Path string
	Msg  string
}

// Error returns the message with the path.
func (e *InvalidMarshalError) Error() string {
	return "marshal failed, " + pathPrefix(e.Path) + e.Msg
}

// A MarshalError wraps an error returned while marshaling the Go value at
// Path: a Marshaler's, a TextMarshaler's or an EncodeTime function's, or
// ErrMaxDepth.
type MarshalError struct {
	Path string
	Type reflect.Type
	Err  error
}

// Error returns the message with the path and type.
func (e *MarshalError) Error() string {
	return "marshal failed, " + pathPrefix(e.Path) + typeString(e.Type) + ": " + e.Err.Error()
}

// Unwrap returns the underlying error.
func (e *MarshalError) Unwrap() error { return e.Err }

func pathPrefix(p string) string {
	if p == "" {
		return ""
	}
	return p + ": "
}

func typeString(t reflect.Type) string {
	if t == nil {
		return "<nil>"
	}
	return t.String()
}

// withPath prefixes seg to the path of one of this package's errors as the
// error travels up from where it happened; other errors are left alone
// (they were wrapped where they arose).
func withPath(err error, seg string) error {
	switch e := err.(type) {
	case *UnmarshalTypeError:
		e.Path = seg + e.Path
	case *UnmarshalError:
		e.Path = seg + e.Path
	case *InvalidMarshalError:
		e.Path = seg + e.Path
	case *MarshalError:
		e.Path = seg + e.Path
	}
	return err
}

func fieldSeg(name string) string { return "." + name }
func indexSeg(i int) string       { return "[" + strconv.Itoa(i) + "]" }
func keySeg(k string) string      { return "[" + strconv.Quote(k) + "]" }
