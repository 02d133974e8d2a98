package attributevalue

import (
	"reflect"
	"strconv"
	"time"

	"github.com/nimbus-sdk/nimbus/internal/attrvalue"
	"github.com/nimbus-sdk/nimbus/services/dynamodb/types"
)

// A Marshaler provides its own attribute value for a Go value. Marshal
// calls MarshalDynamoDBAttributeValue instead of encoding the value
// itself; a nil result leaves the value out, as a NULL would be.
type Marshaler interface {
	MarshalDynamoDBAttributeValue() (types.AttributeValue, error)
}

// EncoderOptions configure an [Encoder] and the Marshal*WithOptions
// functions. The zero value is not the default: start from the values
// [NewEncoder] sets, which the option functions receive.
type EncoderOptions struct {
	// TagKey names a struct tag read after `dynamodbav` (for example
	// "json"); where both tags name a field, TagKey's name wins, and the
	// options of both apply. Default "dynamodbav".
	TagKey string

	// NullEmptySets encodes an empty slice tagged as a set (stringset,
	// numberset, binaryset, or a [][]byte) as NULL, since DynamoDB has no
	// empty sets. Default true; when false an empty set is sent as is and
	// DynamoDB rejects it.
	NullEmptySets bool

	// EncodeTime encodes time.Time values not tagged unixtime. Default:
	// an S attribute in time.RFC3339Nano format.
	EncodeTime func(time.Time) (types.AttributeValue, error)

	// UseEncodingMarshalers makes the encoder use encoding.TextMarshaler
	// (giving an S) and encoding.BinaryMarshaler (giving a B) on values
	// that do not implement [Marshaler].
	UseEncodingMarshalers bool

	// OmitNullAttributeValues omits a NULL returned by a [Marshaler] for
	// a field tagged omitempty. NULLs the encoder produces itself always
	// honour omitempty.
	OmitNullAttributeValues bool

	// OmitEmptyTime omits a zero time.Time in a field tagged omitempty
	// (a time.Time is a struct, which omitempty otherwise never omits).
	OmitEmptyTime bool
}

func defaultEncodeTime(t time.Time) (types.AttributeValue, error) {
	return &types.AttributeValueMemberS{Value: t.Format(time.RFC3339Nano)}, nil
}

var defaultEncodeTimePC = reflect.ValueOf(defaultEncodeTime).Pointer()

func defaultEncoderOptions() EncoderOptions {
	return EncoderOptions{TagKey: attrvalue.DefaultTagKey, NullEmptySets: true, EncodeTime: defaultEncodeTime}
}

// internal converts the options for the shared converter, which encodes
// times itself (without an interface call per time) when EncodeTime is the
// default.
func (o *EncoderOptions) internal() attrvalue.EncodeOptions[types.AttributeValue] {
	io := attrvalue.EncodeOptions[types.AttributeValue]{
		TagKey:                  o.TagKey,
		NullEmptySets:           o.NullEmptySets,
		EncodeTime:              o.EncodeTime,
		UseEncodingMarshalers:   o.UseEncodingMarshalers,
		OmitNullAttributeValues: o.OmitNullAttributeValues,
		OmitEmptyTime:           o.OmitEmptyTime,
	}
	if io.EncodeTime != nil && reflect.ValueOf(io.EncodeTime).Pointer() == defaultEncodeTimePC {
		io.EncodeTime = nil
	}
	return io
}

// An Encoder converts Go values to attribute values with fixed options.
// It is safe for concurrent use.
type Encoder struct {
	options EncoderOptions
	io      attrvalue.EncodeOptions[types.AttributeValue]
}

// NewEncoder returns an Encoder with the default options changed by
// optFns.
func NewEncoder(optFns ...func(*EncoderOptions)) *Encoder {
	o := defaultEncoderOptions()
	for _, fn := range optFns {
		fn(&o)
	}
	if o.EncodeTime == nil {
		o.EncodeTime = defaultEncodeTime
	}
	return &Encoder{options: o, io: o.internal()}
}

// Encode converts in to an attribute value, as [Marshal] does.
func (e *Encoder) Encode(in any) (types.AttributeValue, error) {
	av, _, err := codec.Marshal(in, &e.io)
	if err != nil {
		return nil, err
	}
	return av, nil
}

var defaultEncoder = NewEncoder()

func encoderFor(optFns []func(*EncoderOptions)) *Encoder {
	if len(optFns) == 0 {
		return defaultEncoder
	}
	return NewEncoder(optFns...)
}

// Marshal converts a Go value to an attribute value:
//
//   - bool → BOOL; string → S; integers, floats and [Number] → N;
//   - []byte and byte arrays → B; [][]byte → BS;
//   - other slices and arrays → L, or SS, NS or BS when tagged stringset,
//     numberset or binaryset;
//   - maps (with string, number, bool or encoding.TextMarshaler keys) and
//     structs → M;
//   - time.Time → S in RFC 3339 (N in Unix seconds when tagged unixtime);
//   - nil pointers, slices, maps and interfaces → NULL;
//   - a [Marshaler] → its own result.
//
// Struct fields follow encoding/json's visibility rules, including the
// promotion of embedded structs' fields, and the `dynamodbav` tag:
// `dynamodbav:"name,opt,..."` renames a field ("-" skips it) and takes the
// options omitempty, omitemptyelem, nullempty, nullemptyelem, string,
// stringset, numberset, binaryset and unixtime. Channels, functions and
// complex numbers have no attribute form and are left out (Marshal of one
// returns nil and no error).
func Marshal(in any) (types.AttributeValue, error) {
	return defaultEncoder.Encode(in)
}

// MarshalWithOptions is [Marshal] with the options changed by optFns.
func MarshalWithOptions(in any, optFns ...func(*EncoderOptions)) (types.AttributeValue, error) {
	return encoderFor(optFns).Encode(in)
}

// MarshalMap converts a struct or map to the attribute map of an item, as
// used by PutItem. A value that does not encode to a map gives an empty
// map.
func MarshalMap(in any) (map[string]types.AttributeValue, error) {
	return codec.MarshalMap(in, &defaultEncoder.io)
}

// MarshalMapWithOptions is [MarshalMap] with the options changed by
// optFns.
func MarshalMapWithOptions(in any, optFns ...func(*EncoderOptions)) (map[string]types.AttributeValue, error) {
	return codec.MarshalMap(in, &encoderFor(optFns).io)
}

// MarshalList converts a slice or array to a list of attribute values. A
// value that does not encode to a list gives an empty list.
func MarshalList(in any) ([]types.AttributeValue, error) {
	return codec.MarshalList(in, &defaultEncoder.io)
}

// MarshalListWithOptions is [MarshalList] with the options changed by
// optFns.
func MarshalListWithOptions(in any, optFns ...func(*EncoderOptions)) ([]types.AttributeValue, error) {
	return codec.MarshalList(in, &encoderFor(optFns).io)
}

// UnixTime is a time.Time that is marshaled as an N attribute of whole
// seconds since the Unix epoch, for TTL attributes. Its zero value is
// encoded as -62135596800, the seconds from the epoch to January 1 of
// year 1, not as 0.
type UnixTime time.Time

// MarshalDynamoDBAttributeValue encodes the time as Unix seconds.
func (e UnixTime) MarshalDynamoDBAttributeValue() (types.AttributeValue, error) {
	return &types.AttributeValueMemberN{Value: strconv.FormatInt(time.Time(e).Unix(), 10)}, nil
}

// UnmarshalDynamoDBAttributeValue decodes an N attribute of Unix seconds.
func (e *UnixTime) UnmarshalDynamoDBAttributeValue(av types.AttributeValue) error {
	n, ok := av.(*types.AttributeValueMemberN)
	if !ok || n == nil {
		return &UnmarshalTypeError{Value: inspect(av).Kind.String(), Type: reflect.TypeFor[*UnixTime]()}
	}
	t, err := attrvalue.ParseUnixTime(n.Value)
	if err != nil {
		return err
	}
	*e = UnixTime(t)
	return nil
}

// String returns the time as time.Time.String does.
func (e UnixTime) String() string { return time.Time(e).String() }
