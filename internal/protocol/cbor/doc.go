// Package cbor reads and writes CBOR (RFC 8949), the body format of the
// Smithy rpcv2Cbor protocol. It is the wire layer of package rpcv2cbor,
// which decodes and encodes generated Go types with it; nothing here
// knows about Smithy shapes.
//
// # Writing
//
// The Append functions ([AppendHead], [AppendText], [AppendBytes],
// [AppendFloat64], [AppendEpoch]...) append one item, or the head of an
// array or map, to a byte slice, in the shortest form CBOR allows for
// lengths and integers. They never fail and never allocate except to
// grow the slice. [AppendValue] writes a Smithy document (nil, bool,
// numbers, strings, []any, map[string]any...).
//
// # Reading
//
// A [Decoder] is a pull reader over a complete CBOR item held in memory:
// the caller asks for the next head, text, number or container and the
// Decoder checks it as it goes. It accepts everything RFC 8949 allows a
// well-formed item to be: every integer and length width, indefinite-
// length strings (whose chunks it joins), arrays and maps, tags, the
// three float widths (half-precision floats are widened exactly) and
// the simple values.
//
// Memory grows with the bytes actually read, never with what the input
// claims: a length is checked against the bytes left before anything is
// sliced or allocated, so a head announcing a 2^60-byte string or a
// 2^60-element array in a short body fails (or, for containers, simply
// runs out of items) without reserving memory for it. Nesting of arrays,
// maps and tags is limited to [MaxDepth] levels, so hostile input cannot
// exhaust the stack. Malformed input is a *[SyntaxError] with the byte
// offset where it was found.
//
// [Decoder.Value] decodes any item into plain Go values (the inverse of
// [AppendValue]), and [Diagnose] renders one in the diagnostic notation
// of RFC 8949 section 8, for tests and error messages.
package cbor
