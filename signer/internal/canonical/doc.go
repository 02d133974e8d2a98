// Package canonical builds what AWS Signature Version 4 (signer/v4) and
// its asymmetric variant SigV4a (signer/v4a) have in common: the canonical
// request, in header and presigned (query) form, the credential scope, the
// string to sign, the Authorization value and the presigned URL. The two
// signers differ only in what they feed it (an X-Amz-Region-Set and a
// scope without a region for SigV4a) and in how they turn the string to
// sign into a signature (HMAC-SHA256 or ECDSA P-256).
//
// # Canonicalization
//
// Header names are lower-cased, values trimmed with inner runs of spaces
// collapsed, multiple values joined by commas; headers that proxies or the
// SDK change after signing (User-Agent, X-Amzn-Trace-Id, Expect,
// Transfer-Encoding, amz-sdk-*...) are not signed; Host comes from
// Request.Host or URL.Host without the scheme's default port, and
// Content-Length from Request.ContentLength; the query is sorted and
// RFC 3986 encoded. The path is normalized and encoded twice, or, with
// S3's rule (escapeOnce), encoded once and left as it is.
//
// # Buffers
//
// Every step writes into a pooled [Buf], so that a signature allocates
// only the strings its signer returns. A Buf and every slice taken from it
// are dead once it is returned with [PutBuf].
package canonical
