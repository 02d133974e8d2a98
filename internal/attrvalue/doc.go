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
// # Allocation
//
// Encoding hands out attribute-value members from small slabs and number
// and time text from a shared byte arena (see [Slab] and the encoder's
// text buffer), both kept in a sync.Pool between calls. A member or string
// handed out is never handed out or written again, so results are
// independent values; the cost is that a retained member keeps its slab
// (at most a few KiB) reachable.
package attrvalue
