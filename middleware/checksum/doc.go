// Package checksum implements the flexible checksums of S3 (the
// aws.protocols#httpChecksum trait): the algorithms, their header names and
// base64 encodings, and readers that compute a checksum while a body flows
// through them.
//
// # Algorithms
//
// Every value of S3's ChecksumAlgorithm enum: [CRC32], [CRC32C],
// [CRC64NVME], [SHA1], [SHA256], [SHA512], [MD5], [XXHASH64], [XXHASH3] and
// [XXHASH128]. CRC64NVME is the reflected CRC-64 with polynomial
// 0xad93d23594c93659 (initial value and final XOR all ones), also known as
// CRC-64/NVME. The xxHashes are XXH64, XXH3-64 and XXH3-128 with seed 0
// (and XXH3's default secret), implemented here from xxHash's
// specification so that the module needs no other dependency; their sums
// are xxHash's canonical big-endian form.
//
// All of them validate responses. Requests get computed checksums of
// every algorithm but MD5 ([ParseRequest]): like AWS's SDKs, Nimbus sends
// an MD5 flexible checksum only when the caller computed it.
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
