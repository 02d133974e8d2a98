// Package transfertest provides [Fake], an in-memory S3 that implements
// the transfer package's S3API, for tests of code that uses a
// transfer.Manager.
//
// # What it models
//
// Buckets and objects with MD5 ETags (multipart ETags as "md5-of-md5s-N"),
// user metadata and content types; multipart uploads (create, upload part,
// upload part copy, list parts, complete with part checks, abort); ranged
// and part-number GETs with If-Match; CopyObject with metadata directives;
// ListObjectsV2 with prefix, delimiter and continuation tokens; and
// DeleteObjects with per-key errors.
//
// # Failure injection
//
// [Fake.Inject] adds a [Fault]: an error returned by one operation (say,
// a 500 from part 3 of an upload, built with [ServerError]), a GET body
// that breaks after some bytes, or a function run before a request is
// served (to replace the object between two requests). [Fake.Calls] and
// [Fake.MaxInFlight] let tests check what was sent and how concurrently.
package transfertest
