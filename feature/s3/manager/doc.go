// Package manager is a compatibility layer for code ported from
// aws-sdk-go-v2's feature/s3/manager: its [Uploader], [Downloader],
// [UploadOutput], [MultiUploadFailure], [WriteAtBuffer] and
// [GetBucketRegion] keep v2's names and signatures, so such code compiles
// against Nimbus with only its import paths changed:
//
//	uploader := manager.NewUploader(client, func(u *manager.Uploader) {
//		u.PartSize = 10 << 20
//	})
//	out, err := uploader.Upload(ctx, &s3.PutObjectInput{Bucket: &bucket, Key: &key, Body: f})
//
// Every call is carried out by Nimbus's transfer manager,
// feature/s3/transfer, which new code should use directly: it adds
// resumable uploads, download streams, copies, directory and batch
// transfers, progress events and telemetry, and it reports more of what
// happened. This package maps v2's inputs and options onto it and adds
// nothing else.
//
// # What is mapped
//
// Every field of s3.PutObjectInput that the transfer's UploadInput has
// (the object's headers, metadata, tags, ACL and grants, storage class,
// SSE-KMS and SSE-C, Object Lock, the conditional-write IfMatch and
// IfNoneMatch, RequestPayer, ExpectedBucketOwner, ChecksumAlgorithm, and
// ContentMD5 and the checksum values v2 has)
// goes to the requests S3 wants it on, as feature/s3/transfer documents.
// Of s3.GetObjectInput, Bucket, Key, VersionId, the SSE-C fields,
// RequestPayer, ExpectedBucketOwner and the If* conditions go with every
// request of a download, and the Response* header overrides with every
// GET (they change the headers S3 answers with, which Download does not
// return); ChecksumMode needs no mapping, since downloads validate
// checksums anyway. Range downloads that range with one GET and writes
// it from offset 0 of the destination, as v2 does (see
// [Downloader.Download]).
//
// # Deliberate differences from v2
//
// A field the transfer cannot honour fails the call with a [*FieldError]
// naming it, before anything is sent, instead of being dropped: of
// PutObjectInput, the checksum values of algorithms v2 lacks
// (ChecksumSHA512, ChecksumMD5, ChecksumXXHASH64, ChecksumXXHASH3,
// ChecksumXXHASH128) and WriteOffsetBytes; of GetObjectInput, PartNumber
// (call GetObject for one part). ContentMD5 and v2's precomputed
// checksums (ChecksumCRC32, ChecksumCRC32C, ChecksumCRC64NVME,
// ChecksumSHA1, ChecksumSHA256) are mapped: they go with the PutObject
// of a body smaller than a part, as in v2, and a CRC value goes with
// the CompleteMultipartUpload of a FULL_OBJECT multipart upload, where
// S3 checks it. A ContentMD5 or SHA value on a body that needs a
// multipart upload, which S3 cannot check (v2 drops the ContentMD5 and
// sends the SHA value to be compared with a composite checksum), fails
// with a [*transfer.InputError] naming the field before the upload is
// created; see the transfer package's "Checksums". PutObjectInput.ContentLength is enforced: a body that is
// shorter or longer fails the upload. A ranged download checks that the
// server sent the range asked for, and refuses a Range that S3 would
// ignore (several ranges, another syntax) with a
// [*transfer.InputError], where v2 would write the whole object it gets
// back.
//
// [UploadOutput] leaves empty what the transfer does not report:
// Location, CompletedParts, BucketKeyEnabled, Expiration,
// RequestCharged, SSEKMSKeyId and ServerSideEncryption. ETag,
// VersionID, UploadID, Key, the checksum of the upload's algorithm and
// ChecksumType are set.
//
// Uploads and downloads get the transfer's behaviour: a download is
// pinned to the object's ETag and fails rather than mixing versions,
// and a full-object CRC checksum is validated (which needs HeadObject: a
// client with GetObject only, such as a v2-style test double, is
// downloaded from without validation). [Downloader.PartSize] below 5 MiB
// is raised to 5 MiB. v2's BufferProvider, RequestChecksumCalculation,
// DisableValidateParts, Logger and LogInterruptedDownloads fields are
// not offered (set checksum behaviour on the s3 client); the Uploader
// and Downloader of v2's newer feature/s3/transfermanager are not
// offered either.
package manager
