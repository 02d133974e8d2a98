// Package attributevalue converts Go values to and from Amazon DynamoDB
// attribute values, with the API of aws-sdk-go-v2's
// feature/dynamodb/attributevalue, so that code written for it compiles
// against this package and items written by either SDK read back
// identically in the other.
//
// # Marshaling
//
// [MarshalMap] turns a struct into the item a PutItem call takes and
// [UnmarshalMap] turns a GetItem result back into the struct;
// [UnmarshalListOfMaps] decodes a Query or Scan page into a slice.
// [Marshal] and [Unmarshal] convert single values. The *WithOptions
// variants, [Encoder] and [Decoder] take [EncoderOptions] and
// [DecoderOptions]: another tag key (such as "json"), [Number] for
// interface targets, time formats, and the use of encoding.TextMarshaler
// and BinaryMarshaler.
//
// # DynamoDB JSON
//
// [MarshalJSON], [MarshalMapJSON] and [MarshalListJSON] write attribute
// values in DynamoDB JSON, the form of the low-level API, table exports
// and Streams records ({"M":{"id":{"S":"a1"},"n":{"N":"3"}}}), and
// [UnmarshalJSON], [UnmarshalMapJSON] and [UnmarshalListJSON] read it
// back; anything that is not DynamoDB JSON is a [*JSONError] naming where
// it is.
//
// # Struct tags
//
// A field's `dynamodbav` tag sets its attribute name ("-" skips the field)
// and options:
//
//   - omitempty: leave the field out when it is empty (nil, zero-length,
//     "", false or zero; structs are never empty);
//   - omitemptyelem: leave out empty elements of a map, slice or array;
//   - nullempty, nullemptyelem: encode an empty value (or element) as NULL;
//   - string: encode a number as an S attribute, and decode it from one;
//   - stringset, numberset, binaryset: encode a slice as an SS, NS or BS
//     rather than a list (an empty set is encoded as NULL, since DynamoDB
//     has none);
//   - unixtime: encode a time.Time as an N of Unix seconds.
//
// # Errors
//
// Errors name the Go path of the failing value and the attribute, such as
// ".Orders[3].Total: cannot unmarshal S into Go value type int64", and
// have the types of v2 ([UnmarshalTypeError], [UnmarshalError],
// [InvalidUnmarshalError], [InvalidMarshalError]), so errors.As works as
// before.
//
// # Performance
//
// What the converter learns about a Go type (fields, tags, marshaler
// methods) is cached the first time the type is seen, and encoding hands
// out attribute-value members from small slabs, so a hot loop allocates
// little more than the result itself. The internal/bench module measures
// this side by side with v2.
//
// # Differences from aws-sdk-go-v2
//
// Items encode to the same attributes and decode to the same values as
// with v2 (internal/bench checks this on a corpus of values). The
// deliberate differences are in errors and in cases where v2 panics or
// loses determinism:
//
//   - Errors carry the Go path of the failing value, in a Path field and
//     as a ".Orders[3].Total: " prefix in the message, and name attribute
//     members as DynamoDB does ("S", "N", "BOOL", "L", "M", "SS"...) where
//     v2 writes "string", "number", "list"... An overflow is an
//     [UnmarshalTypeError] with Value "N" wrapping strconv.ErrRange (v2:
//     Value "number overflow, 300"); a number that does not parse is an
//     [UnmarshalError] wrapping the *strconv.NumError (v2 returns the
//     *strconv.NumError itself).
//   - A [Marshaler]'s error comes wrapped in a [MarshalError] and an
//     [Unmarshaler]'s in an [UnmarshalError], each with the path; v2
//     returns them as they are. errors.Is and errors.As reach the
//     original error either way.
//   - Values nested more than [MaxDepth] levels, including cyclic Go
//     values and cyclic attribute maps, stop with [ErrMaxDepth]; v2
//     overflows the stack.
//   - Where v2 panics, Nimbus decodes or returns an error: a B into a
//     byte array of another length (copied and zero-filled, as for a
//     list into an array), a value into an interface that already holds
//     a non-pointer value (replaced), an attribute for a field promoted
//     through a nil pointer to an unexported embedded struct (an
//     [UnmarshalError]).
//   - When an attribute matches no field exactly but several attributes
//     match a field case-insensitively, the exact match always wins; in
//     v2 the outcome depends on map iteration order.
//   - DynamoDB JSON: map keys are written sorted (v2: in map order); a
//     nil attribute value, nested or not, is a [*JSONError] (v2 writes
//     invalid JSON such as {"k":}); on reading, an object with no member
//     or several, a null where a value belongs and an unknown type name
//     are errors (v2 yields nil, picks one member by map order, or
//     returns an UnknownUnionMember).
//   - [MarshalError] is new, and the other error types have a Path field
//     (and InvalidMarshalError an exported Msg). As in v2, each package
//     (this one and feature/dynamodbstreams/attributevalue) has its own
//     error types, [Number] and [UnixTime]; [ErrMaxDepth] is shared.
package attributevalue
