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
// Deliberate differences, each a case where v2 crashes or loses
// information:
//
//   - Errors carry the Go path of the failing value (a Path field and a
//     ".A[1].B: " prefix in the message); v2's messages have no path. The
//     error types and their other fields are v2's. [MarshalError] is new:
//     v2 returns a Marshaler's error unwrapped, Nimbus wraps it (with %w
//     semantics, so errors.Is and errors.As still reach it).
//   - Values nested more than [MaxDepth] levels (including cyclic values)
//     stop with [ErrMaxDepth]; v2 overflows the stack.
//   - [Number], the error types, [MaxDepth] and [ErrMaxDepth] are shared
//     with the DynamoDB Streams package (feature/dynamodbstreams/
//     attributevalue), so one errors.As target serves both.
package attributevalue
