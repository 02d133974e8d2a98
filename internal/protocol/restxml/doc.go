// Package restxml implements the AWS restXml protocol (used by Amazon S3)
// as a [protocol.Codec] over generated Go types.
//
// # Requests
//
// [Codec.SerializeRequest] expands the operation's URI template (labels,
// greedy labels, literal query parameters), binds headers, prefix headers,
// query parameters and the host prefix through the shared HTTP binding
// code in package protocol, and writes the body:
//
//   - a payload member bound with location:"payload" is the whole body: a
//     streaming member is attached unread, a blob or string is sent as
//     is, and a structure or union becomes an XML document whose root
//     element is the member's xmlName, else the target's xmlName, else the
//     target's shape name;
//   - otherwise body members are written inside a root element named
//     [protocol.Operation.InputXMLName].
//
// XML is written by hand into pooled buffers following the member plans:
// xmlName, xmlAttribute, xmlFlattened and xmlNamespace are honoured; list
// members default to "member", map entries to "entry"/"key"/"value";
// timestamps are date-time unless a timestampFormat says otherwise; blobs
// are base64; floats spell NaN, Infinity and -Infinity.
//
// # Responses
//
// [Codec.DeserializeResponse] decodes headers, prefix headers and the
// status code into their members, then the body with a small pull
// tokenizer that ignores unknown elements, comments, CDATA markers and the
// XML declaration, and matches elements by local name (namespaces and
// prefixes are not checked). A streaming payload member receives the
// response body unread; the caller closes it.
//
// # Errors
//
// [Codec.DeserializeError] accepts both the wrapped
// <ErrorResponse><Error>…</Error></ErrorResponse> form and S3's bare
// <Error>…</Error>. When the body has no code (HEAD requests) the code
// comes from the status: NotFound, Forbidden, BadRequest,
// MovedPermanently, or the status text without spaces. A code found in
// [protocol.Operation.Errors] is decoded into that type (headers and body
// members, Message from the Message element); anything else becomes a
// *smithy.GenericAPIError. Either is wrapped in a
// *[protocol.ResponseError] carrying the status code, request id
// (x-amz-request-id, x-amzn-RequestId or the RequestId element) and S3
// host id (x-amz-id-2).
//
// # Conformance
//
// zz_protocoltest_test.go (the cases) and zz_protocoltest_types_test.go
// (their types, declared by the services' own type emitter) are generated from botocore's JSON form of the
// Smithy restXml protocol tests by ../internal/gentest; see go:generate
// below. Skipped cases are listed there with their reasons.
package restxml

//go:generate go run ../internal/gentest -in ../../../../shared/protocol-tests/botocore-json -protocol rest-xml -pkg restxml -out zz_protocoltest_test.go
