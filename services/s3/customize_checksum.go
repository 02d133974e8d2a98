package s3

import (
	"github.com/nimbus-sdk/nimbus/internal/client"
	"github.com/nimbus-sdk/nimbus/middleware/checksum"
)

// ChecksumMismatchError is returned by a GetObject body whose content does
// not match the checksum S3 sent with it. The Read that reaches the end of
// the body returns it instead of io.EOF, so corrupted data is never
// reported as complete; discard what was read. See BEHAVIOURS.md. It is
// [checksum.MismatchError], the one mismatch type of every Nimbus module.
type ChecksumMismatchError = checksum.MismatchError

// ErrInvalidSSECustomerKey is returned, before anything is sent, for an
// SSECustomerKey that is neither 32 raw bytes nor the base64 encoding of
// 32 bytes (AES-256).
var ErrInvalidSSECustomerKey = client.ErrInvalidSSECustomerKey
