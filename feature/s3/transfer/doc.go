// Package transfer moves objects between S3 and local data: multipart
// uploads and parallel downloads of single objects, server-side copies,
// directory trees, and batches of uploads, downloads and deletes.
//
// A [Manager] wraps any [S3API] (normally an *s3.Client) and is shared by
// all goroutines; [Options] set part size, concurrency and the memory
// cap, and every call can change a copy of them with optFns.
//
// # Uploads
//
// [Manager.Upload] sends one PutObject below [Options.MultipartThreshold]
// and a multipart upload above it, with up to [Options.Concurrency] parts
// in flight. The part size grows so that an object fits in 10,000 parts.
// Sources that are io.ReaderAt with a known size, such as *os.File, are
// read in place by section, so memory does not grow with concurrency;
// other readers are read into pooled part buffers under
// [Options.MaxMemory], a cap shared by every call of the Manager. A failed
// multipart upload is aborted, unless [Options.LeavePartsOnError] keeps
// its parts, and returns a [*MultipartUploadError] whose State resumes it
// through [UploadInput.Resume]; Err is the first part's failure, not the
// cancellation of the parts it stopped. An upload that stays on the
// server, because it was kept or its abort failed, is named by the
// error's UploadID and message.
//
// A Manager never leaves behind an upload it created without saying so.
// When a CreateMultipartUpload attempt lost its response (the request was
// sent but no answer came back; the retry middleware's attempt results,
// or a [*retry.OutcomeUnknownError], tell) and the client retried, the
// server may hold a second upload whose ID never arrived. The Manager
// then lists the key's uploads ([ListMultipartUploadsAPI]) and aborts
// those that the call's lost attempts may have created: started within
// the call's span, read in the server's clock, by the initiator of the
// upload the call returned (if it returned one), and no more than
// attempts were lost. Another writer's upload of the key is
// left alone; when the Manager cannot tell, or an abort fails, the
// upload (or copy) fails before any part is sent, and
// [MultipartUploadError.DuplicateUploadIDs] lists the uploads left.
//
// # Downloads
//
// [Manager.Download] writes into an io.WriterAt with parallel ranged GETs;
// [Manager.DownloadStream] returns an io.ReadCloser fed by an ordered
// window of Concurrency parts. With [Options.DownloadByPart] the GETs ask
// for the object's uploaded parts by number instead of ranges. The first
// response pins the object's ETag and every later request is sent with
// If-Match, so an object replaced mid-download fails with an
// [*ObjectChangedError] rather than mixing versions. A body that breaks
// mid-read is requested again from the offset reached.
//
// [DownloadInput.Range] downloads only the bytes of one range, in S3's
// syntax ("bytes=first-last", "bytes=first-" or "bytes=-count"), the
// same way: split into parts of PartSize fetched in parallel, pinned to
// the ETag, resumed when a body breaks. Its bytes are written from
// offset 0 of the destination, as aws-sdk-go-v2's Downloader writes
// them, and Download returns their number. The object's size, which
// resolves the range as S3 does (a last byte past the end stops at the
// end, a count larger than the object takes all of it), comes from the
// HeadObject of checksum validation or else from the first GET, which
// asks for the range's first part; a suffix longer than a part is the
// one case that needs a HeadObject to begin with. A range starting at or
// past the end fails with the server's error, S3's 416 InvalidRange, as
// a GetObject of it would; a Range S3 would ignore (another syntax,
// several ranges) fails with an [*InputError] before anything is sent.
// Ranges are fetched by range even with [Options.DownloadByPart].
//
// Every response is checked against what was asked before a byte of it
// is written: a ranged GET must come back as a 206 whose Content-Range
// has the start, end and total (the object's size) asked for, and a
// part-number GET must also report the object's number of parts. A 200
// with the whole object passes only when the whole object was asked for
// (an object that fits in one range or part, or a DownloadInput.Range
// that covers all of such an object). Anything else, such as a server or
// proxy that ignores Range, fails the download with a
// [*RangeMismatchError] instead of writing bytes at wrong offsets. The
// failure of a part is returned as a [*PartError] naming the object, the
// part and its bytes; it stops the other parts, and the download returns
// that first failure, not the cancellations it caused.
//
// # Copies
//
// [Manager.Copy] uses CopyObject below 5 GiB and parallel UploadPartCopy
// above, keeping the source's metadata unless told to replace it. A
// multipart copy keeps the source's tags with [CopyInput.PreserveTags]
// (read with GetObjectTagging, see [TaggingAPI]); [CopyInput.Tagging]
// sets others.
//
// # Encryption, Requester Pays and conditions
//
// [UploadInput], [DownloadInput] and [CopyInput] carry the request
// settings of aws-sdk-go-v2's transfer manager, under its field names,
// and each goes with every request S3 wants it on (the field comments
// say which).
//
// SSE-C, server-side encryption with a key the caller keeps, is set by
// SSECustomerAlgorithm ("AES256"), SSECustomerKey (base64 of the 32-byte
// key) and, optionally, SSECustomerKeyMD5 ([*s3.Client] computes it), and
// for a copy's source by [CopyInput.CopySourceSSECustomerKey] and its
// siblings. The key goes with every request that reads or writes the
// object: PutObject, CreateMultipartUpload, each UploadPart (retries
// included), ListParts when resuming and CompleteMultipartUpload; the
// HeadObject and every GetObject of a download (ranges, parts, and the
// GETs that resume a broken body, for [Manager.DownloadStream] too); a
// copy's HeadObject of its source, CopyObject and each UploadPartCopy.
// A key that is not 32 bytes, an algorithm other than AES256, or a key
// MD5 that is not the key's fails with an [*InputError] naming the
// field, before anything is sent. Keys never appear in errors, progress
// events or telemetry, and the client's log redacts their headers. A
// [ResumeState] keeps the key's MD5, never the key: the UploadInput that
// resumes must carry the key again, and a missing or different one is
// refused before anything is sent. S3 takes SSE-C over HTTPS only.
//
// RequestPayer ("requester", for Requester Pays buckets) and
// ExpectedBucketOwner go with every request of a transfer, and with the
// listing of [Manager.DownloadDirectory]. A [BatchDeleteObject] carries
// them, with MFA and BypassGovernanceRetention, to its DeleteObjects
// call; [NewDeleteListIterator] gives its objects the listing's
// RequestPayer and ExpectedBucketOwner. The settings of the object an
// upload or copy creates (ACL and grants, Object Lock, the KMS
// encryption context and Bucket Key, Expires, WebsiteRedirectLocation)
// go with PutObject, CopyObject or CreateMultipartUpload. IfNoneMatch
// "*" and IfMatch make an upload or copy a conditional write, which S3
// checks when it creates the object: with PutObject or CopyObject, or
// with CompleteMultipartUpload, after the parts (a multipart upload
// whose condition fails is aborted). A download's IfMatch, IfNoneMatch,
// IfModifiedSince and IfUnmodifiedSince go with its HeadObject and every
// GET. Directory transfers set these fields per object through
// [UploadDirectoryInput.Upload] and [DownloadDirectoryInput.Download]:
// objects under one prefix may have different customer keys.
//
// A download's response header overrides (ResponseContentType and the
// others of [DownloadInput]) go with every GetObject, not with the
// HeadObject, whose headers the download reads only for the object's
// size, ETag and checksum. They change the headers S3 answers with,
// which a download does not return, and not the bytes.
//
// Fields of v2's inputs left out: MpuObjectSize of uploads, which the
// Manager sets from the size it uploaded (see "Checksums"); and the
// ChecksumMode of downloads, which is [Options.SkipChecksumValidation].
//
// # Checksums
//
// Uploads send [UploadInput.ChecksumAlgorithm] (CRC32 by default, or
// CRC32C, CRC64NVME, SHA1, SHA256, SHA512, XXHASH64, XXHASH3, XXHASH128;
// not MD5, which is never computed for a request) with PutObject,
// CreateMultipartUpload and every UploadPart. An *s3.Client computes each body's checksum while
// sending it, as an aws-chunked trailer, so the data is read once. The
// part checksums S3 returns go into CompleteMultipartUpload. A multipart
// upload's checksum is COMPOSITE (a checksum of the part checksums) by
// default, and FULL_OBJECT for CRC64NVME or when [UploadInput.ChecksumType]
// asks for it with CRC32 or CRC32C: the Manager then combines the part CRCs
// into the CRC of the whole object (crc(A‖B) follows from crc(A), crc(B) and
// the length of B) and sends it with CompleteMultipartUpload, which S3
// checks against the data it assembled. [UploadOutput.Checksum] and the
// parts of a [ResumeState] carry the values.
//
// A caller who computed the checksum of the whole body sets it, under
// v2's names: [UploadInput.ContentMD5], ChecksumCRC32, ChecksumCRC32C,
// ChecksumCRC64NVME, ChecksumSHA1 or ChecksumSHA256 (one of the
// Checksum* values). The upload then uses that algorithm and sends the
// value instead of a checksum of its own. A single PutObject carries
// it, as v2's does, and the server refuses a body that does not match
// (BadDigest from S3 and versitygw; MinIO answers
// XAmzContentChecksumMismatch for a Checksum* value). A multipart
// upload with a CRC value is created as a FULL_OBJECT upload of that
// CRC, each part carries its own CRC of it (S3 refuses parts of another
// type), and CompleteMultipartUpload carries the value with
// MpuObjectSize, so S3 checks the whole object. S3 has no way to check
// a ContentMD5 or a SHA value of a multipart object (it takes an MD5 per
// request, and keeps only COMPOSITE SHA checksums for multipart
// objects): where v2 drops the ContentMD5 and sends the SHA value to be
// compared with the composite checksum, Upload fails with an
// [*InputError] naming the field before the upload is created. Raise
// [Options.MultipartThreshold] to send such a body with one PutObject.
// Malformed values (not the base64 of a digest of the algorithm's
// size), two values, or a value contradicting ChecksumAlgorithm,
// ChecksumType or the upload of a [ResumeState] fail the same way,
// before anything is sent.
//
// Downloads first send a HeadObject with checksum mode enabled, unless
// [Options.SkipChecksumValidation] is set. When it reports a FULL_OBJECT
// CRC32, CRC32C or CRC64NVME checksum, each part's CRC is computed as its
// bytes are written, the CRCs are combined in order, and a difference
// fails the download with a [*ChecksumMismatchError]; [Manager.DownloadStream]
// returns it from the Read that reaches the end, in place of io.EOF.
// A ranged download is checked so only when its range is the whole
// object: a full-object checksum says nothing of the bytes of a smaller
// range, and S3 returns no checksum with a ranged GET. Other checksums
// are not checked whole: a COMPOSITE checksum is a
// checksum of part checksums, which cannot be recomputed from ranges
// whose boundaries differ from the parts', and the sums of other
// algorithms (SHA, MD5, xxHash) of parts fetched in parallel cannot be
// combined. With [Options.DownloadByPart], a
// COMPOSITE object's parts are checked one by one against the part
// checksums S3 returns with each part (servers that return none, such as
// versitygw, leave them unchecked).
//
// # Directories and batches
//
// [Manager.UploadDirectory] and [Manager.DownloadDirectory] transfer file
// trees, with filters, a symbolic link policy, and keys that cannot
// escape the target directory ([ErrUnsafePath]). [Manager.BatchUpload],
// [Manager.BatchDownload] and [Manager.BatchDelete] take iterators in the
// style of the original SDK's batch API ([UploadIterator] and friends,
// with an After hook per object), under that API's names: the slice
// iterators [UploadObjectsIterator], [DownloadObjectsIterator] and
// [DeleteObjectsIterator], the lazy listing of [NewDeleteListIterator],
// and custom iterators such as the DirectoryIterator of the
// [UploadIterator] example. Go iterators drive them through [UploadSeq],
// [DownloadSeq] and [DeleteKeys]. Programs written for that API port with
// two changes: a context is the first argument of every call, and
// [New] with an S3 client replaces the session and the separate batch
// clients. [Manager.DeletePrefix] is BatchDelete over a delete list
// iterator: it pipelines ListObjectsV2 pages into 1000-key DeleteObjects
// calls. Objects run
// concurrently; each failure is reported in the [BatchResult] and the
// returned [*BatchError], and the batch goes on.
//
// A delete that S3 refused (a per-key error in the DeleteObjects
// response, a 4xx for the call) or that was never sent (an invalid
// object, a refused connection) is Failed. When a DeleteObjects call
// fails after S3 may have carried it out (its response was lost, the
// connection broke after the request was sent, S3 answered 5xx, or the
// retries, retry quota included, ran out on such failures), its keys are
// reported in [BatchResult.OutcomeUnknown] instead, with errors wrapping
// [ErrOutcomeUnknown]: they may or may not be deleted.
//
// # Batches larger than one machine
//
// With [Options.BatchJobs] set, [Manager.DeletePrefix] and
// [Manager.BatchDelete] hand batches of [Options.BatchJobThreshold]
// objects or more to a [JobRunner] instead of running them here: the
// batchops module (feature/s3/transfer/batchops, its own module so that
// this one does not depend on S3 Control) runs them as S3 Batch
// Operations jobs, and also runs copy, tagging and restore jobs. It is
// verified only against a fake S3 Control endpoint; see its package
// documentation.
//
// # Progress
//
// A [Listener] in [Options.Progress] receives [Event]s: bytes as the HTTP
// layer sends or receives them (for an *s3.Client, the client's SigV4
// hashing pass over a body is not counted), part and object completion,
// and batch totals.
//
// # Telemetry
//
// With a tracer provider ([Options.TracerProvider], by default the S3
// client's), each object transfer is a span ("transfer.Upload",
// "transfer.Download", "transfer.DownloadStream", "transfer.Copy") with a
// "transfer.Part" span per part of a multipart transfer; the S3 client's
// own spans ("S3.UploadPart" and its attempts) hang under them. Batch
// and directory transfers have a span of their own
// ("transfer.UploadDirectory", "transfer.BatchDelete"...) over their
// objects' spans. With a
// meter provider, the counters transfer.bytes (bytes on the wire),
// transfer.parts and transfer.objects follow the progress, with the
// operation and, on failure, the error type as their only attributes.
// Without providers, nothing of this runs.
//
// # Testing
//
// The transfertest package provides an in-memory S3 implementing
// [S3API] (and [ListMultipartUploadsAPI]), with failure injection, for
// tests of code built on a Manager.
package transfer
