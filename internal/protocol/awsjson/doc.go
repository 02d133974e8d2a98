// Package awsjson implements the AWS JSON 1.0 and 1.1 protocols (DynamoDB,
// SQS, KMS, Secrets Manager, SSM, CloudWatch Logs, EventBridge) as a
// [protocol.Codec] over generated Go types.
//
// # Requests
//
// [Codec.SerializeRequest] sends every request as a POST to the
// endpoint's path followed by "/", with Content-Type
// application/x-amz-json-1.0 or -1.1 ([Codec.Version]), X-Amz-Target set
// to [protocol.Operation.Target] and the input as a JSON object ("{}" when
// the operation has no input or nothing is set). Members are named by
// their Smithy member names: awsJson ignores jsonName and HTTP binding
// traits, except the endpoint host prefix. Timestamps are epoch seconds
// unless a timestampFormat says otherwise, blobs are base64, NaN and the
// infinities are the strings "NaN", "Infinity" and "-Infinity", unions are
// objects with one member, and documents (Go any) are written as plain
// JSON.
//
// # Responses
//
// [Codec.DeserializeResponse] reads the body once and decodes it with
// the hand-written decoder of package jsoncodec, straight into the output
// struct by its cached plan (no intermediate map[string]any). Unknown
// members are skipped; null members are left unset. With
// [Codec.CheckCRC32] set (DynamoDB), a body whose CRC-32 differs from the
// X-Amz-Crc32 header fails with a *[CRC32Error], which is retryable.
//
// # Errors
//
// [Codec.DeserializeError] takes the error code from the X-Amzn-ErrorType
// header, else the body's "__type", else its "code", keeping only the
// shape name (no "namespace#" prefix, nothing after ':'). The message is
// the body's "message" or "Message". A code found in
// [protocol.Operation.Errors] is decoded into that type; anything else
// becomes a *smithy.GenericAPIError. With [Codec.QueryCompatible] (SQS)
// the x-amzn-query-error header "Code;Fault" supplies the awsQuery error
// code: it is the GenericAPIError's code, or is stored in a modelled
// error's ErrorCodeOverride field. Either error is wrapped in a
// *[protocol.ResponseError] with the status code and the x-amzn-RequestId.
//
// # Conformance
//
// zz_protocoltest_test.go (the cases) and zz_protocoltest_types_test.go
// (their types, declared by the services' own type emitter) are generated from botocore's JSON form of the
// Smithy awsJson1_1, awsJson1_0 and awsQueryCompatible protocol tests by
// ../internal/gentest; see go:generate below. Skipped cases are listed
// there with their reasons.
package awsjson

//go:generate go run ../internal/gentest -in ../../../../shared/protocol-tests/botocore-json -protocol json,json_1_0,json_1_0-query-compatible -pkg awsjson -out zz_protocoltest_test.go
