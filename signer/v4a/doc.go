// Package v4a implements AWS Signature Version 4a (SigV4a), the
// asymmetric, multi-region variant of SigV4 that S3 Multi-Region Access
// Points and EventBridge global endpoints require: the auth scheme
// aws.auth#sigv4a of service models and the "sigv4a" auth scheme of
// endpoint rules.
//
// # Signing
//
// The API mirrors signer/v4. A [Signer] is created once with [NewSigner]
// and shared; it is safe for concurrent use. [Signer.SignHTTP] signs a
// request in place from a [SignInput] and returns a [SignOutput]; the
// caller supplies the payload hash, so the body is never read. Where
// signer/v4 takes a Region, SigV4a takes a RegionSet: the regions the
// signature is valid in, {"*"} for all of them.
//
// The canonical request is SigV4's, built by the same code as signer/v4
// (header and query canonicalization, S3's path rule with
// [Options].DisableURIPathEscaping, X-Amz-Content-Sha256 for S3 and for
// payload hashes that are not digests), with one more signed header,
// X-Amz-Region-Set, carrying the comma-joined region set. What differs is
// the rest:
//
//   - the algorithm is AWS4-ECDSA-P256-SHA256;
//   - the credential scope has no region: date/service/aws4_request;
//   - the signature is an ECDSA P-256 signature of the SHA-256 of the
//     string to sign, DER-encoded and then hex-encoded in the
//     Authorization header (or X-Amz-Signature).
//
// ECDSA signatures are randomized, so two signatures of the same request
// differ; both are valid. To check one, verify it against the public key
// that [PublicKey] derives from the credentials.
//
// # Keys
//
// The ECDSA key is derived from the credentials as AWS specifies (NIST SP
// 800-108 counter-mode KDF with HMAC-SHA256 keyed by "AWS4A" and the
// secret access key, candidates tested as in FIPS 186-4 appendix B.4.2),
// so that AWS can derive the matching public key. The derivation depends
// only on the access key ID and the secret, costs a scalar multiplication,
// and its result is cached by the Signer in a bounded cache, one entry per
// set of credentials.
//
// # Presigning
//
// [Signer.PresignHTTP] returns a URL carrying the signature and
// X-Amz-Region-Set in its query, valid for [PresignInput].Expires (one
// second to seven days, otherwise an [*ExpiresError]), plus the headers
// that must accompany it. X-Amz-* headers are hoisted into the query
// unless [Options].DisableHeaderHoisting is set, as in signer/v4.
//
// # Payloads
//
// PayloadHash may be a hex SHA-256, [EmptyPayloadHash], [UnsignedPayload]
// or [StreamingUnsignedPayloadTrailer] (an aws-chunked body with unsigned
// chunks and a trailing checksum, as signer/v4's NewChunkedReader encodes
// it without a seed). Chunk-signed aws-chunked bodies
// (STREAMING-AWS4-ECDSA-P256-SHA256-PAYLOAD) are not implemented and are
// refused with an [*InvalidInputError] rather than sent wrongly signed.
//
// # Errors
//
// Invalid inputs produce an [*InvalidInputError] naming the field, before
// the request is touched. No error ever contains a secret key, session
// token or payload.
package v4a
