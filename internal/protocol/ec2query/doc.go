// Package ec2query implements the Amazon EC2 query protocol
// (aws.protocols#ec2Query) as a [protocol.Codec] over generated Go types.
// ec2Query is an EC2-specific extension of awsQuery, and the two codecs
// share their implementation (package internal/query); this page says
// where they differ.
//
// # Requests
//
// [Codec.SerializeRequest] sends a POST to the endpoint's path with a
// trailing slash ("/" for a bare host), expands the operation's host
// prefix, and writes an application/x-www-form-urlencoded body that
// starts with Action=<operation name>&Version=<[protocol.Operation.Version]>
// and continues with the set input members in field order, as awsQuery
// does, except that:
//
//   - a member's key is its aws.protocols#ec2QueryName (the struct tag
//     ec2QueryName), else its xmlName, else its member name, with the
//     first letter upper-cased in the last two cases;
//   - every list is flattened: Name.1, Name.2, … whatever its xmlFlattened
//     trait and its member's xmlName say;
//   - an empty list is not sent at all.
//
// Maps are sent as awsQuery sends them (Name.entry.N.key and
// Name.entry.N.value); the protocol leaves them undefined and EC2 has none
// in its inputs. HTTP binding traits are ignored: a member bound to a
// header is sent in the form. [Codec.SerializeQueryRequest]
// ([protocol.QuerySerializer]) writes the same parameters into the query
// string of a GET with no body, the form presigned URLs use.
//
// # Responses
//
// [Codec.DeserializeResponse] decodes the output members from the
// children of the document root <OperationResponse>, with the restXml
// decoding rules (xmlName, xmlFlattened, namespaces; unknown elements such
// as <requestId> are skipped). There is no <OperationResult> wrapper, and
// the output shape's own xmlName is not used. A body that does not parse
// yields a *[DeserializationError].
//
// # Errors
//
// [Codec.DeserializeError] reads
// <Response><Errors><Error><Code/><Message/>…</Error></Errors><RequestID/></Response>
// (awsQuery's forms are accepted too). The code selects a type from
// [protocol.Operation.Errors]; the modelled error is decoded from the
// children of <Error>, and other codes become a *smithy.GenericAPIError,
// a server fault for a 5xx status. Either is wrapped in a
// *[protocol.ResponseError] carrying the status code and request id (the
// x-amzn-RequestId header, else the RequestID element).
//
// # Conformance
//
// The Smithy ec2Query protocol tests run in both forms the project keeps:
// zz_protocoltest_test.go (the cases) and zz_protocoltest_types_test.go
// (their types) are generated from botocore's JSON translation of the
// tests, and zz_protocoltest_smithy_test.go and
// zz_protocoltest_smithy_types_test.go from the Smithy IDL model itself,
// by ../internal/gentest with the services' own type emitter; see
// go:generate below. Skipped cases are listed there with their reasons.
package ec2query

//go:generate go run ../internal/gentest -in ../../../../shared/protocol-tests/botocore-json -protocol ec2 -pkg ec2query -out zz_protocoltest_test.go
//go:generate go run ../internal/gentest -smithy ../../../../shared/protocol-tests/smithy-aws-protocol-tests/model/ec2Query,../../../../shared/protocol-tests/smithy-aws-protocol-tests/model -protocol aws.protocols#ec2Query -pkg ec2query -out zz_protocoltest_smithy_test.go -types zz_protocoltest_smithy_types_test.go -var smithyTestCases
