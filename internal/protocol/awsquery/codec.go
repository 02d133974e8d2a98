package awsquery

import "github.com/nimbus-sdk/nimbus/internal/protocol/internal/query"

// Codec implements [protocol.Codec], [protocol.QuerySerializer] and
// [protocol.Redactor] for the AWS query protocol (the package
// documentation says how). The zero value is ready to use; it is
// stateless and safe for concurrent use.
type Codec = query.Codec[query.AWS]

// DeserializationError reports a response body that could not be
// decoded: its Operation and the underlying decoding error Err.
type DeserializationError = query.DeserializationError
