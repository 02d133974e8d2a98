// Package v4 implements AWS Signature Version 4 (SigV4): signing HTTP
// requests with the Authorization header, presigning URLs, and the
// aws-chunked streaming encodings S3 uses for uploads.
//
// # Signing
//
// A [Signer] is created once with [NewSigner] and shared; it is safe for
// concurrent use and caches derived signing keys per access key, day,
// region and service. [Signer.SignHTTP] signs a request in place from a
// [SignInput]: the caller supplies the payload hash ([EmptyPayloadHash],
// a hex SHA-256, [UnsignedPayload] or a STREAMING-* constant), so the body
// is never read by the signer. It returns a [SignOutput] holding the
// signature.
//
// Canonicalization follows the AWS rules: header names are lower-cased,
// values trimmed with inner runs of spaces collapsed, multiple values
// joined by commas; headers that proxies or the SDK change after signing
// (User-Agent, X-Amzn-Trace-Id, Expect, Transfer-Encoding, amz-sdk-*...)
// are not signed; Host comes from Request.Host or URL.Host without the
// scheme's default port; the query is sorted and RFC 3986 encoded.
//
// # S3
//
// S3 differs from every other service in how it treats the path: set
// [Options].DisableURIPathEscaping for S3 so the path is encoded once and
// not normalized. Without it, the path is normalized and encoded twice.
//
// # Presigning
//
// [Signer.PresignHTTP] returns a URL carrying the signature in its query,
// valid for [PresignInput].Expires (one second to seven days, otherwise an
// [*ExpiresError]), plus the headers that must accompany it. By default
// X-Amz-* headers are hoisted into the query; [Options].DisableHeaderHoisting
// keeps them as signed headers. The service presign clients return the
// URL, method and signed headers together as a [PresignedHTTPRequest].
//
// # Streaming uploads
//
// [NewChunkedReader] wraps a payload in the aws-chunked encoding as it is
// read: chunks signed in a chain from the seed signature of SignHTTP
// (PayloadHash [StreamingSignedPayload] or
// [StreamingSignedPayloadTrailer]), or unsigned chunks followed by trailing
// headers ([StreamingUnsignedPayloadTrailer]). [HashTrailer] computes a
// checksum trailer in the same pass, and [EncodedContentLength] gives the
// Content-Length to send alongside X-Amz-Decoded-Content-Length. The
// caller sets Content-Encoding: aws-chunked, X-Amz-Decoded-Content-Length
// and X-Amz-Trailer before signing.
//
// # Event streams
//
// Input event streams (Transcribe streaming, Bedrock bidirectional
// streams, Kinesis and Lex over HTTP/2) sign the request with PayloadHash
// [StreamingEventsPayload], then every event in a chain from that
// signature: [NewEventSigner] takes the request's [SignOutput] (which
// keeps the derived signing key to itself) and
// [EventSigner.AppendSignedEvent] wraps each encoded event message in an
// envelope carrying :date and :chunk-signature headers;
// [EventSigner.AppendSignedEnd] writes the empty signed frame that ends
// the stream. Give the signer the credentials too if a stream may outlive
// the UTC day the request was signed on.
//
// # Errors
//
// Invalid inputs produce an [*InvalidInputError] naming the field. No
// error ever contains a secret key, session token or payload.
package v4
