// Package transfertest provides [Fake], an in-memory S3 that implements
// the transfer package's S3API, for tests of code that uses a
// transfer.Manager.
//
// # What it models
//
// Buckets and objects with MD5 ETags (multipart ETags as "md5-of-md5s-N"),
// user metadata, tags (GetObjectTagging) and content types; multipart
// uploads (create, upload part, upload part copy, list parts, complete
// with part checks, abort, list uploads); ranged and part-number GETs with If-Match;
// CopyObject with metadata and tagging directives; ListObjectsV2 with
// prefix, delimiter and continuation tokens; and DeleteObjects with
// per-key errors.
//
// # SSE-C
//
// An object or upload stored with a customer key (SSECustomerAlgorithm
// AES256 and a 32-byte key, base64-encoded or raw, with its MD5 checked
// when given) can only be read (GetObject, HeadObject), continued
// (UploadPart, UploadPartCopy) or used as a copy source
// (CopySourceSSECustomer*) with the same key: a missing key is S3's 400
// InvalidRequest, another key its 403 AccessDenied. ListParts and
// CompleteMultipartUpload need the key for an upload with a checksum
// algorithm, as S3 does, and refuse another.
//
// # Checksums
//
// An upload with a ChecksumAlgorithm gets S3's flexible checksums: the
// Fake computes each part's checksum and returns it from UploadPart and
// ListParts, checks any value a request supplies (BadDigest), requires
// the part checksums in CompleteMultipartUpload for a COMPOSITE upload,
// and checks a FULL_OBJECT value sent with it against the assembled data.
// With ChecksumMode ENABLED, HeadObject and whole GETs report the
// object's checksum and type, and part-number GETs of a COMPOSITE object
// the part's. [Fake.Checksum] and [Fake.Tags] read what is stored.
//
// # Failure injection
//
// [Fake.Inject] adds a [Fault]: an error returned by one operation (say,
// a 500 from part 3 of an upload, built with [ServerError]), a GET body
// that breaks after some bytes or arrives corrupted ([Fault.Corrupt]),
// or a function run before a request is
// served (to replace the object between two requests). [Fake.Calls] and
// [Fake.MaxInFlight] let tests check what was sent and how concurrently.
package transfertest
