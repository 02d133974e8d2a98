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
// through [UploadInput.Resume].
//
// # Downloads
//
// [Manager.Download] writes into an io.WriterAt with parallel ranged GETs;
// [Manager.DownloadStream] returns an io.ReadCloser fed by an ordered
// window of Concurrency parts. The first response pins the object's ETag
// and every later range is fetched with If-Match, so an object replaced
// mid-download fails with an [*ObjectChangedError] rather than mixing
// versions. A body that breaks mid-read is requested again from the
// offset reached.
//
// # Copies
//
// [Manager.Copy] uses CopyObject below 5 GiB and parallel UploadPartCopy
// above, keeping the source's metadata unless told to replace it.
//
// # Directories and batches
//
// [Manager.UploadDirectory] and [Manager.DownloadDirectory] transfer file
// trees, with filters, a symbolic link policy, and keys that cannot
// escape the target directory ([ErrUnsafePath]). [Manager.BatchUpload],
// [Manager.BatchDownload] and [Manager.BatchDelete] take iterators in the
// style of the original SDK's batch API ([UploadIterator] and friends,
// with an After hook per object) or Go iterators through [UploadSeq],
// [DownloadSeq] and [DeleteKeys]. [Manager.DeletePrefix] pipelines
// ListObjectsV2 pages into 1000-key DeleteObjects calls. Objects run
// concurrently; each failure is reported in the [BatchResult] and the
// returned [*BatchError], and the batch goes on.
//
// # Progress
//
// A [Listener] in [Options.Progress] receives [Event]s: bytes as the HTTP
// layer sends or receives them (for an *s3.Client, the client's SigV4
// hashing pass over a body is not counted), part and object completion,
// and batch totals.
//
// # Testing
//
// The transfertest package provides an in-memory S3 implementing
// [S3API], with failure injection, for tests of code built on a Manager.
package transfer
