package attributevalue

import (
	"reflect"
	"time"

	"github.com/nimbus-sdk/nimbus/internal/attrvalue"
	"github.com/nimbus-sdk/nimbus/services/dynamodb/types"
)

// An Unmarshaler decodes an attribute value into itself. Unmarshal calls
// UnmarshalDynamoDBAttributeValue instead of decoding into the value, also
// for NULL attributes.
type Unmarshaler interface {
	UnmarshalDynamoDBAttributeValue(types.AttributeValue) error
}

// DecodeTimeAttributes are the functions that decode S and N attributes
// (and SS and NS elements) into time.Time.
type DecodeTimeAttributes struct {
	// S parses S attributes. Default: time.RFC3339 (which accepts
	// fractional seconds).
	S func(string) (time.Time, error)
	// N parses N attributes. Default: whole seconds since the Unix epoch.
	N func(string) (time.Time, error)
}

// DecoderOptions configure a [Decoder] and the Unmarshal*WithOptions
// functions.
type DecoderOptions struct {
	// TagKey names a struct tag read after `dynamodbav` (for example
	// "json"); where both name a field, TagKey's name wins. Default
	// "dynamodbav".
	TagKey string

	// UseNumber decodes N attributes into interface values as [Number]
	// rather than float64, keeping every digit.
	UseNumber bool

	// DecodeTime decodes attributes into time.Time.
	DecodeTime DecodeTimeAttributes

	// UseEncodingUnmarshalers makes the decoder call
	// encoding.TextUnmarshaler with S attributes and
	// encoding.BinaryUnmarshaler with B attributes on targets that do not
	// implement [Unmarshaler].
	UseEncodingUnmarshalers bool

	// FixUnmarshalIndividualSetValues makes the decoder hand each element
	// of a set (as an S, N or B) to an element type's [Unmarshaler],
	// rather than the whole set to the first element's, as v2 does by
	// default.
	FixUnmarshalIndividualSetValues bool
}

var (
	defaultDecodeTimeSPC = reflect.ValueOf(defaultDecodeTimeS).Pointer()
	defaultDecodeTimeNPC = reflect.ValueOf(defaultDecodeTimeN).Pointer()
)

func defaultDecodeTimeS(s string) (time.Time, error) {
	t, err := time.Parse(time.RFC3339, s)
	if err != nil {
		return time.Time{}, &UnmarshalError{Err: err, Value: s, Type: reflect.TypeFor[time.Time]()}
	}
	return t, nil
}

func defaultDecodeTimeN(s string) (time.Time, error) { return attrvalue.ParseUnixTime(s) }

func (o *DecoderOptions) internal() attrvalue.DecodeOptions {
	io := attrvalue.DecodeOptions{
		TagKey:                          o.TagKey,
		UseNumber:                       o.UseNumber,
		DecodeTimeS:                     o.DecodeTime.S,
		DecodeTimeN:                     o.DecodeTime.N,
		UseEncodingUnmarshalers:         o.UseEncodingUnmarshalers,
		FixUnmarshalIndividualSetValues: o.FixUnmarshalIndividualSetValues,
	}
	if io.DecodeTimeS != nil && reflect.ValueOf(io.DecodeTimeS).Pointer() == defaultDecodeTimeSPC {
		io.DecodeTimeS = nil
	}
	if io.DecodeTimeN != nil && reflect.ValueOf(io.DecodeTimeN).Pointer() == defaultDecodeTimeNPC {
		io.DecodeTimeN = nil
	}
	return io
}

// A Decoder converts attribute values to Go values with fixed options. It
// is safe for concurrent use.
type Decoder struct {
	options DecoderOptions
	io      attrvalue.DecodeOptions
}

// NewDecoder returns a Decoder with the default options changed by optFns.
func NewDecoder(optFns ...func(*DecoderOptions)) *Decoder {
	o := DecoderOptions{
		TagKey:     attrvalue.DefaultTagKey,
		DecodeTime: DecodeTimeAttributes{S: defaultDecodeTimeS, N: defaultDecodeTimeN},
	}
	for _, fn := range optFns {
		fn(&o)
	}
	if o.DecodeTime.S == nil {
		o.DecodeTime.S = defaultDecodeTimeS
	}
	if o.DecodeTime.N == nil {
		o.DecodeTime.N = defaultDecodeTimeN
	}
	return &Decoder{options: o, io: o.internal()}
}

// Decode stores av in the value out points to, as [Unmarshal] does. The
// opts functions change a copy of the Decoder for this call only.
func (d *Decoder) Decode(av types.AttributeValue, out any, opts ...func(*Decoder)) error {
	if len(opts) > 0 {
		c := *d
		for _, fn := range opts {
			fn(&c)
		}
		c.io = c.options.internal()
		d = &c
	}
	return codec.Unmarshal(av, out, &d.io)
}

var defaultDecoder = NewDecoder()

func decoderFor(optFns []func(*DecoderOptions)) *Decoder {
	if len(optFns) == 0 {
		return defaultDecoder
	}
	return NewDecoder(optFns...)
}

// Unmarshal stores an attribute value in the Go value out points to,
// which must be a non-nil pointer. It is the reverse of [Marshal]:
// attributes go to the struct field of the same name (or, failing that, a
// case-insensitive match), nil pointers are allocated, NULL sets the
// target to its zero value, and an interface target receives string,
// float64 (or [Number] with UseNumber), bool, []byte, []string, []float64,
// [][]byte, []any or map[string]any. A mismatch or overflow is an
// [*UnmarshalTypeError] and a bad number or time an [*UnmarshalError],
// both naming the Go path of the failing value.
func Unmarshal(av types.AttributeValue, out any) error {
	return codec.Unmarshal(av, out, &defaultDecoder.io)
}

// UnmarshalWithOptions is [Unmarshal] with the options changed by optFns.
func UnmarshalWithOptions(av types.AttributeValue, out any, optFns ...func(*DecoderOptions)) error {
	return codec.Unmarshal(av, out, &decoderFor(optFns).io)
}

// UnmarshalMap stores an item's attribute map (as returned by GetItem) in
// the struct or map out points to.
func UnmarshalMap(m map[string]types.AttributeValue, out any) error {
	return codec.UnmarshalMap(m, out, &defaultDecoder.io)
}

// UnmarshalMapWithOptions is [UnmarshalMap] with the options changed by
// optFns.
func UnmarshalMapWithOptions(m map[string]types.AttributeValue, out any, optFns ...func(*DecoderOptions)) error {
	return codec.UnmarshalMap(m, out, &decoderFor(optFns).io)
}

// UnmarshalList stores a list of attribute values in the slice or array
// out points to.
func UnmarshalList(l []types.AttributeValue, out any) error {
	return codec.UnmarshalList(l, out, &defaultDecoder.io)
}

// UnmarshalListWithOptions is [UnmarshalList] with the options changed by
// optFns.
func UnmarshalListWithOptions(l []types.AttributeValue, out any, optFns ...func(*DecoderOptions)) error {
	return codec.UnmarshalList(l, out, &decoderFor(optFns).io)
}

// UnmarshalListOfMaps stores a list of items (a Query or Scan page's
// Items) in the slice out points to, one element per item.
func UnmarshalListOfMaps(l []map[string]types.AttributeValue, out any) error {
	return codec.UnmarshalListOfMaps(l, out, &defaultDecoder.io)
}

// UnmarshalListOfMapsWithOptions is [UnmarshalListOfMaps] with the
// options changed by optFns.
func UnmarshalListOfMapsWithOptions(l []map[string]types.AttributeValue, out any, optFns ...func(*DecoderOptions)) error {
	return codec.UnmarshalListOfMaps(l, out, &decoderFor(optFns).io)
}
