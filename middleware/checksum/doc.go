// Package checksum implements the flexible checksums of S3 (the
// aws.protocols#httpChecksum trait): the algorithms, their header names and
// base64 encodings, and readers that compute a checksum while a body flows
// through them.
//
// # Algorithms
//
// [CRC32], [CRC32C], [CRC64NVME], [SHA1] and [SHA256]. CRC64NVME is the
// reflected CRC-64 with polynomial 0xad93d23594c93659 (initial value and
// final XOR all ones), also known as CRC-64/NVME.
//
// # Readers
//
// [NewValidatingReader] wraps a response body: it hashes every byte the
// caller reads and, at EOF, returns a [*MismatchError] instead of io.EOF
// when the sum differs from the one the service announced, so corrupted
// data is never reported as complete. Request bodies are hashed by the
// aws-chunked encoder of signer/v4 (see v4.HashTrailer), which reads the
// body once while it is sent.
package checksum
