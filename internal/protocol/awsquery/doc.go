// Package awsquery implements the AWS query protocol (used by AWS STS and
// Amazon SNS) as a [protocol.Codec] over generated Go types.
//
// # Requests
//
// [Codec.SerializeRequest] sends a POST to the endpoint's path with a
// trailing slash ("/" for a bare host), expands the operation's host
// prefix, and writes an application/x-www-form-urlencoded body that
// starts with Action=<operation name>&Version=<[protocol.Operation.Version]>
// and continues with the set input members in field order (nil pointers,
// slices and maps are unset; so are value-typed scalars at their zero
// value, which equals their @default):
//
//   - a member is named by its xmlName, else its member name; nested
//     structure members are joined with dots (Outer.Inner);
//   - a list is Name.member.1, Name.member.2, … (the list member's xmlName
//     replaces "member"); a flattened list is Name.1, Name.2, …; an empty
//     list is sent as "Name=" so that it differs from an unset one;
//   - a map is Name.entry.N.key and Name.entry.N.value (the key and value
//     xmlNames replace "key" and "value"), flattened Name.N.key, in
//     sorted key order; an empty map is not sent;
//   - timestamps are date-time unless a timestampFormat says otherwise,
//     blobs base64, booleans true/false, floats spell NaN, Infinity and
//     -Infinity.
//
// Names and values are percent-encoded per RFC 3986 (only A-Z a-z 0-9
// - . _ ~ stay as they are). HTTP binding traits are ignored, as Smithy
// says: a member bound to a header is sent in the form like any other.
// The implementation is shared with package ec2query (internal/query).
//
// [Codec.SerializeQueryRequest] ([protocol.QuerySerializer]) writes the
// same parameters into the query string of a GET with no body, the form
// presigned URLs use.
//
// # Responses
//
// [Codec.DeserializeResponse] reads the XML document
// <OperationResponse><OperationResult>…</OperationResult><ResponseMetadata/></OperationResponse>
// and decodes the output members from inside the Result element with the
// restXml decoding rules (package internal/xmldec): xmlName, xmlFlattened
// and namespaces are honoured, unknown elements are skipped. The output
// shape's own xmlName is not used. A body that does not parse yields a
// *[DeserializationError].
//
// # Errors
//
// [Codec.DeserializeError] reads
// <ErrorResponse><Error><Type/><Code/><Message/>…</Error><RequestId/></ErrorResponse>.
// The code selects a type from [protocol.Operation.Errors]: a map may be
// keyed by shape name or by wire code, and an error shape whose
// awsQueryError trait gives it a custom code carries the shape tag
// queryErrorCode:"<code>", which then is the only code it matches. The
// modelled error is decoded from the children of <Error> (Message too);
// other codes become a *smithy.GenericAPIError whose fault follows
// <Type> (Receiver is a server fault). Either is wrapped in a
// *[protocol.ResponseError] carrying the status code and request id (the
// x-amzn-RequestId header or the RequestId element).
//
// # Conformance
//
// zz_protocoltest_test.go (the cases) and zz_protocoltest_types_test.go
// (their types, declared by the services' own type emitter) are generated from botocore's JSON form of the
// Smithy awsQuery protocol tests by ../internal/gentest; see go:generate
// below. Skipped cases are listed there with their reasons.
package awsquery

//go:generate go run ../internal/gentest -in ../../../../shared/protocol-tests/botocore-json -protocol query -pkg awsquery -out zz_protocoltest_test.go
