// Package attrvalue is the implementation behind the public
// feature/dynamodb/attributevalue and feature/dynamodbstreams/attributevalue
// packages: it converts Go values to and from DynamoDB attribute values.
//
// The two services declare separate but identically shaped AttributeValue
// union types. Rather than copying the converter, this package is generic
// over the union interface type AV and reaches the concrete member types
// only through a [Family], a small table of constructors and one type
// switch that each public package supplies. Everything else (struct field
// rules, tags, plans, errors, the v2-compatible behaviour) lives here once.
//
// # Plans
//
// The first time a Go type is seen (per family and struct tag key) a
// [plan] is built for it: its kind, which marshaler interfaces its value
// and pointer method sets implement, its element plans, and for structs the
// visible fields with their parsed tags. Later conversions only follow
// plans, so a hot loop costs map lookups and field reads, not reflection
// over types.
//
// # Fast paths
//
// For types with no Marshaler or Unmarshaler (bool, numbers, strings,
// time.Time, structs, pointers, slices, sets and maps with string keys)
// the plan also holds a fast encoder and decoder (fastenc.go,
// fastdec.go) that read and write the value through unsafe pointers at
// offsets the plan computed, without reflect.Value. Whatever they do not
// handle, and every error, goes through the reflection path (encode.go,
// decode.go), which follows v2; each path hands children back to the
// other where that one applies.
//
// # Errors
//
// This package's error types carry the Go path of the failing value,
// prefixed as errors travel up. The public packages define their own
// error types (with v2's names) and convert these at the API boundary
// through [Family].Error, so no public name refers to an internal type.
//
// # Allocation
//
// Encoding hands out attribute-value members from small slabs and number
// and time text from a shared byte arena (see [Slab] and the encoder's
// text buffer), both kept in a sync.Pool between calls. A member or string
// handed out is never handed out or written again, so results are
// independent values; the cost is that a retained member keeps its slab
// (at most a few KiB) reachable.
//
// A struct's map is cloned from a template holding its field names, and
// the values are stored into the clone's slots without hashing a name
// (see mapTemplate); this leans on how the runtime clones maps, checked
// when the template is made, with make and inserts as the fallback.
package attrvalue
