// Package rpcv2cbor implements the Smithy RPC v2 CBOR protocol
// (smithy.protocols#rpcv2Cbor; CloudWatch) as a [protocol.Codec] over
// generated Go types, on the CBOR reader and writers of package cbor.
//
// # Requests
//
// [Codec.SerializeRequest] sends every request as a POST to the
// endpoint's path followed by /service/{ServiceName}/operation/{Operation}
// ([protocol.Operation.Service] and Name), with the headers
// smithy-protocol: rpc-v2-cbor and Accept: application/cbor, and the
// input as a CBOR map of its set members under their Smithy member names,
// with Content-Type application/cbor. An operation whose input is
// smithy.api#Unit ([protocol.Operation.NoInput]) sends no body and no
// Content-Type. HTTP binding traits and jsonName do not apply; only the
// endpoint host prefix does. X-Amz-Target is never sent. With
// [Codec.QueryCompatible] (awsQueryCompatible services) requests carry
// x-amzn-query-mode: true.
//
// Values are written in their natural CBOR types: integers in their
// shortest form, float as single and double as double precision (NaN and
// the infinities as such), blobs as byte strings, timestamps as tag 1
// epoch seconds (an integer on whole seconds, else a double), lists as
// arrays (null for a null member of a sparse list), maps as maps with
// sorted keys (null for a null value of a sparse map), structures as maps,
// unions as maps with one pair, and documents (Go any) with
// [cbor.AppendValue]. Structures are definite-length maps.
//
// # Responses
//
// [Codec.DeserializeResponse] reads the body once and decodes it with the
// pull reader of package cbor straight into the output struct by its
// cached plan (no intermediate tree of values). It accepts any well-formed
// CBOR: definite- and indefinite-length strings, arrays and maps, every
// integer width (checked against the member's type), the three float
// widths for float and double members (integers too), and tag 1 epoch
// times with an integer or float. An empty body is an empty output.
// Unknown members are skipped; null members are left unset; a null in a
// dense map drops the entry and is kept in a sparse one; unknown union
// members become a *protocol.UnknownUnionMember when the union allows it.
// Documents decode as [cbor.Decoder.Value] does.
//
// A successful response is decoded whether or not it carries
// Smithy-Protocol: rpc-v2-cbor (as aws-sdk-go-v2 does); an error
// response without it is malformed (see Errors).
//
// Decoding is bounded by the body, never by what it claims: a length or
// count is checked against the bytes left before anything is sliced, and
// slices and maps are made small and grow with the items actually read.
// Nesting is limited to [cbor.MaxDepth] levels. Decoders are pooled;
// decoded strings are carved from append-only blocks and union variants
// from slabs, as in package jsoncodec, and no decoded value aliases the
// body.
//
// # Errors
//
// [Codec.DeserializeError] takes the error code from the body's "__type"
// (a shape ID; only the shape name is kept; X-Amzn-ErrorType is ignored,
// as the specification requires), and the message from "message" or
// "Message". A code found in
// [protocol.Operation.Errors] is decoded into that type; anything else
// becomes a *smithy.GenericAPIError. For [Codec.QueryCompatible] services
// the x-amzn-query-error header "Code;Fault" gives the awsQuery code and
// fault, exactly as for awsJson: both protocols use
// [protocol.NewAPIError]. An error response without Smithy-Protocol:
// rpc-v2-cbor is malformed: neither its body nor its headers are
// interpreted, and the error is named after the status. Errors are
// wrapped in a *protocol.ResponseError with the status code and
// x-amzn-RequestId.
//
// # Logging
//
// Bodies are binary, so [Codec.Redact] renders them in CBOR diagnostic
// notation with sensitive values replaced (see [protocol.BinaryRedactor]).
//
// # Event streams
//
// Codec is a [protocol.EventCodec]: event payloads, initial requests and
// responses are CBOR, with :content-type application/cbor. (The client
// runtime turns the Accept header into application/vnd.amazon.eventstream
// for operations that answer with a stream of events.)
//
// # Conformance
//
// The Smithy rpcv2Cbor protocol tests run in both forms the project
// keeps: zz_protocoltest_test.go (the cases) and
// zz_protocoltest_types_test.go (their types) are generated from
// botocore's JSON translation of the tests, and
// zz_protocoltest_smithy_test.go and zz_protocoltest_smithy_types_test.go
// from the Smithy IDL models themselves (the generic rpcv2Cbor tests and
// the AWS query-compatible ones), by ../internal/gentest with the
// services' own type emitter; see go:generate below. Skipped cases are
// listed there with their reasons.
package rpcv2cbor

//go:generate go run ../internal/gentest -in ../../../../shared/protocol-tests/botocore-json -protocol smithy-rpc-v2-cbor,smithy-rpc-v2-cbor-query-compatible,smithy-rpc-v2-cbor-non-query-compatible -pkg rpcv2cbor -out zz_protocoltest_test.go
//go:generate go run ../internal/gentest -smithy ../../../../shared/protocol-tests/smithy-protocol-tests/model/rpcv2Cbor,../../../../shared/protocol-tests/smithy-protocol-tests/model/shared-types.smithy,../../../../shared/protocol-tests/smithy-aws-protocol-tests/model/rpcv2Cbor -protocol smithy.protocols#rpcv2Cbor -pkg rpcv2cbor -out zz_protocoltest_smithy_test.go -types zz_protocoltest_smithy_types_test.go -var smithyTestCases
