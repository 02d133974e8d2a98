package awsjson

import "fmt"

// CRC32Error reports a response body whose CRC-32 does not match the
// X-Amz-Crc32 header, which DynamoDB sends so that clients can detect a
// corrupted body. The request is safe to retry.
type CRC32Error struct {
	// Header is the X-Amz-Crc32 header value as received.
	Header string
	// Expected is the checksum the header announced (0 when it does not
	// parse); Actual the checksum of the body received.
	Expected, Actual uint32
}

// Error implements error.
func (e *CRC32Error) Error() string {
	return fmt.Sprintf("awsjson: response body CRC-32 %d does not match X-Amz-Crc32 %q", e.Actual, e.Header)
}

// RetryableError reports that the request can be retried: the body was
// damaged in transit.
func (e *CRC32Error) RetryableError() bool { return true }
