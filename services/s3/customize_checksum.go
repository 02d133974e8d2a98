package s3

import "github.com/nimbus-sdk/nimbus/middleware/checksum"

// ChecksumMismatchError is returned by a GetObject body whose content does
// not match the checksum S3 sent with it. The Read that reaches the end of
// the body returns it instead of io.EOF, so corrupted data is never
// reported as complete; discard what was read. See BEHAVIOURS.md. It is
// [checksum.MismatchError], the one mismatch type of every Nimbus module.
type ChecksumMismatchError = checksum.MismatchError
