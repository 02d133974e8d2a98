// Package jsoncodec is the JSON value codec shared by the awsJson
// (package awsjson) and restJson1 (package restjson) protocols: it
// encodes generated Go values to JSON and decodes JSON into them by their
// cached [protocol.Struct] plans, and reads JSON error bodies.
//
// # Naming
//
// [Names] selects the protocol's member naming: [MemberNames] (awsJson:
// Smithy member names, every member in the document) or [JSONNames]
// (restJson1: jsonName when present, only members bound to the body).
//
// # Encoding
//
// [AppendStruct] and [AppendValue] append JSON to a byte slice: unset
// members are left out, map keys are sorted so bodies are deterministic,
// timestamps are epoch seconds unless the member's timestampFormat is
// date-time or http-date, blobs are base64, NaN and the infinities are
// the strings "NaN", "Infinity" and "-Infinity", unions are one-member
// objects and documents (Go any) plain JSON ([AppendDocument]).
//
// # Decoding
//
// [Unmarshal] and [UnmarshalValue] decode with a hand-written pull
// tokenizer straight into the Go values: there is no map[string]any
// step. Unknown members are skipped, null members left unset, nulls in
// lists kept as zero values and nulls in maps kept only when the map's
// values are pointers (sparse maps). Timestamps are accepted as numbers
// or strings whatever the format says. Unknown union members become a
// *protocol.UnknownUnionMember when the union interface allows it and
// are skipped otherwise; "__type" inside a union is ignored. Nesting is
// limited to 512 levels.
//
// Decoding is built for large pages such as DynamoDB's Query and Scan
// results. Decoders are pooled; decoded strings are copied into 8 KiB
// append-only blocks (so a retained string pins at most one block), union
// variants are allocated 64 at a time, repeated map keys (attribute
// names) are interned, and maps are created at the size of the previous
// map at the same nesting level. Values are written in place through
// their field offsets rather than reflect setters, and union members are
// found by a small hash of their names. No decoded value aliases the
// input, which the caller may reuse.
//
// # Errors
//
// [ScanErrorBody] reads the "__type", "code" and "message" members of an
// error body, [SanitizeErrorCode] reduces a type to its shape name, and
// [DecodeError] builds the modelled or generic API error of a response,
// wrapped in a *protocol.ResponseError.
package jsoncodec
