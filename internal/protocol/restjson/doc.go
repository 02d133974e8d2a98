// Package restjson implements the AWS restJson1 protocol (Lambda, SSO,
// SSO OIDC) as a [protocol.Codec] over generated Go types.
//
// # Requests
//
// [Codec.SerializeRequest] applies the HTTP bindings (URI labels, query
// parameters, headers, prefix headers, host prefix) through the shared
// code in package protocol, then writes the body:
//
//   - a member bound with location:"payload" is the whole body: a stream
//     is attached unread and a blob sent as is (application/octet-stream),
//     a string as text/plain, and a structure, union or document as JSON
//     (application/json); an unset structure payload sends "{}", any
//     other unset payload no body;
//   - otherwise, when the input has body members, they form a JSON object
//     (at least "{}") sent as application/json, each member under its
//     jsonName when it has one. An input without body members sends no
//     body and no Content-Type.
//
// Header members tagged mediaType (Smithy's @mediaType on a string) are
// base64 encoded, as the protocol requires. Body values follow the same
// rules as awsJson: epoch-seconds timestamps by default, base64 blobs,
// "NaN"/"Infinity"/"-Infinity", single-member objects for unions.
//
// # Responses
//
// [Codec.DeserializeResponse] decodes headers, prefix headers and the
// status code into their members, then the body with package jsoncodec's
// plan-driven decoder. A streaming payload receives the body unread; the
// caller closes it.
//
// # Errors
//
// [Codec.DeserializeError] takes the code from the X-Amzn-ErrorType header,
// else the body's "code" or "__type", sanitized to the shape name. A code
// found in [protocol.Operation.Errors] is decoded into that type (header
// bindings and body members); anything else becomes a
// *smithy.GenericAPIError. Both are wrapped in a *[protocol.ResponseError].
//
// # Conformance
//
// zz_protocoltest_test.go (the cases) and zz_protocoltest_types_test.go
// (their types, declared by the services' own type emitter) are generated from botocore's JSON form of the
// Smithy restJson1 protocol tests by ../internal/gentest; see go:generate
// below. Skipped cases are listed there with their reasons.
package restjson

//go:generate go run ../internal/gentest -in ../../../../shared/protocol-tests/botocore-json -protocol rest-json -pkg restjson -out zz_protocoltest_test.go
