package transfer

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"strings"
	"time"

	"github.com/nimbus-sdk/nimbus/middleware/checksum"
	"github.com/nimbus-sdk/nimbus/services/s3"
	"github.com/nimbus-sdk/nimbus/services/s3/types"
)

// UploadInput describes one object to upload.
type UploadInput struct {
	Bucket string // required
	Key    string // required

	// Body is the content. Sources that are io.ReaderAt with a known size
	// (*os.File, *bytes.Reader, *strings.Reader, *io.SectionReader, or any
	// io.ReaderAt when Size is set) are read in place, part by part, from
	// their current offset. Other readers are read to EOF, sequentially,
	// into part buffers counted against [Options.MaxMemory]. Upload never
	// closes Body.
	Body io.Reader

	// Size is the number of bytes to upload from an io.ReaderAt Body that
	// cannot report its size. Zero means the size is learned from Body
	// (Size, Len or Stat methods) or, failing that, by reading it to EOF.
	Size int64

	// Object headers, sent with PutObject or CreateMultipartUpload (S3
	// takes them when the object or the upload is created, not with the
	// parts). Empty fields are not sent.
	ContentType               string
	ContentEncoding           string                          // Content-Encoding header
	ContentDisposition        string                          // Content-Disposition header
	ContentLanguage           string                          // Content-Language header
	CacheControl              string                          // Cache-Control header
	Expires                   time.Time                       // Expires header; zero is not sent
	WebsiteRedirectLocation   string                          // redirect of a website bucket's object
	Metadata                  map[string]string               // user metadata, sent as x-amz-meta-* headers
	Tagging                   string                          // URL-encoded, e.g. "a=1&b=2"
	ACL                       types.ObjectCannedACL           // canned ACL
	GrantFullControl          string                          // grantees of READ, READ_ACP and WRITE_ACP, e.g. `id="..."`
	GrantRead                 string                          // grantees of READ
	GrantReadACP              string                          // grantees of READ_ACP
	GrantWriteACP             string                          // grantees of WRITE_ACP
	StorageClass              types.StorageClass              // storage class; empty means STANDARD
	ServerSideEncryption      types.ServerSideEncryption      // server-side encryption, e.g. aws:kms
	SSEKMSKeyID               string                          // KMS key for aws:kms encryption
	SSEKMSEncryptionContext   string                          // base64 JSON of the KMS encryption context
	BucketKeyEnabled          *bool                           // S3 Bucket Key for SSE-KMS; nil leaves the bucket's setting
	ObjectLockMode            types.ObjectLockMode            // GOVERNANCE or COMPLIANCE; needs ObjectLockRetainUntilDate
	ObjectLockRetainUntilDate time.Time                       // end of the retention; zero is not sent
	ObjectLockLegalHoldStatus types.ObjectLockLegalHoldStatus // ON places a legal hold

	// SSE-C (server-side encryption with a key the caller keeps; S3
	// stores only its MD5). SSECustomerAlgorithm must be "AES256" and
	// SSECustomerKey the base64 encoding of the 32-byte key (the 32
	// bytes themselves are accepted too, as by *s3.Client).
	// SSECustomerKeyMD5, the base64 MD5 of the key's bytes, is checked
	// when set and computed by *s3.Client when empty. They are sent with
	// PutObject, CreateMultipartUpload, every UploadPart (retries
	// included), ListParts when resuming, and CompleteMultipartUpload,
	// which S3 needs them on for an upload with checksums. A value S3
	// would refuse fails the Upload with an [*InputError] before anything
	// is sent. The key never appears in errors, progress events,
	// telemetry or a [ResumeState]: a resumed upload must be given the
	// key again. S3 accepts SSE-C over HTTPS only.
	SSECustomerAlgorithm string
	SSECustomerKey       string
	SSECustomerKeyMD5    string

	// Conditional write, checked by S3 when the object is created: with
	// PutObject, or with CompleteMultipartUpload for a multipart upload
	// (whose parts are then sent first; when the condition fails, the
	// upload is aborted like any failed one). IfNoneMatch "*" writes only
	// if the key does not exist (S3 accepts no other value: others fail
	// with an [*InputError] before anything is sent); IfMatch writes
	// only over the object with this ETag. A failed condition is S3's
	// 412 PreconditionFailed.
	IfMatch     string
	IfNoneMatch string

	// RequestPayer, "requester" for a Requester Pays bucket, and
	// ExpectedBucketOwner, the account that must own the bucket, are
	// sent with every request of the upload: parts, ListParts,
	// completion and abort included.
	RequestPayer        types.RequestPayer
	ExpectedBucketOwner string

	// ChecksumAlgorithm is the checksum S3 stores and checks for the
	// object: CRC32 (the zero value), CRC32C, CRC64NVME, SHA1, SHA256,
	// SHA512, XXHASH64, XXHASH3 or XXHASH128. MD5 is refused with
	// [ErrChecksumConfig]: it is never computed for a request.
	// When it and ChecksumType are empty and the S3 client computes
	// checksums only where required (RequestChecksumCalculation
	// "when_required" or CompatibleMode), no checksum is sent.
	// It is sent with PutObject, CreateMultipartUpload and every
	// UploadPart; an *s3.Client computes each body's checksum while it
	// sends it (an aws-chunked trailer), so no byte is read twice.
	ChecksumAlgorithm types.ChecksumAlgorithm

	// ChecksumType is the kind of checksum of a multipart upload. The zero
	// value means FULL_OBJECT for CRC64NVME (the only type S3 accepts for
	// it) and COMPOSITE, a checksum of the part checksums, for the others.
	// FULL_OBJECT, a checksum of the whole content as if sent in one
	// request, is available for the CRCs only (not the SHAs or xxHashes,
	// whose part sums cannot be combined; S3 refuses them): Upload
	// combines the part CRCs S3 returns into the object's CRC and sends
	// it with CompleteMultipartUpload, which S3 checks. A single
	// PutObject's checksum is always of the full object.
	ChecksumType types.ChecksumType

	// Checksum values the caller computed over the whole body (base64 of
	// the digest, as S3 takes them), for S3 to check the object against;
	// one at most. The upload then uses that algorithm (ChecksumAlgorithm
	// must be empty or the same), and Nimbus computes no checksum of its
	// own for the request that carries the value. A body sent with one
	// PutObject carries the value, with ContentMD5, and S3 refuses a
	// body that does not match (400 BadDigest). A multipart upload can be
	// checked against a CRC value only: it is created as a FULL_OBJECT
	// upload of that CRC (ChecksumType must be empty or FULL_OBJECT), its
	// parts carry their own CRCs of that algorithm, and the value goes
	// with CompleteMultipartUpload, with MpuObjectSize set to the size
	// uploaded, where S3 checks it against the object it assembles. S3
	// cannot check a ContentMD5 or a SHA value against a multipart object
	// (an MD5 is taken per request, a multipart SHA checksum is
	// COMPOSITE): an upload that turns out to be multipart fails with an
	// [*InputError] naming the field before the upload is created, where
	// aws-sdk-go-v2's Uploader drops ContentMD5 and sends the SHA value
	// where S3 compares it with the composite checksum. A value that is
	// not the base64 encoding of a digest of its algorithm's size, a
	// second value, or one that contradicts ChecksumAlgorithm,
	// ChecksumType or the upload in Resume fails with an [*InputError]
	// before anything is sent.
	ContentMD5        string // base64 MD5 of the body (16 bytes); one PutObject only
	ChecksumCRC32     string // base64 CRC32 of the body (4 bytes)
	ChecksumCRC32C    string // base64 CRC32C of the body (4 bytes)
	ChecksumCRC64NVME string // base64 CRC64NVME of the body (8 bytes)
	ChecksumSHA1      string // base64 SHA-1 of the body (20 bytes); one PutObject only
	ChecksumSHA256    string // base64 SHA-256 of the body (32 bytes); one PutObject only

	// Resume continues a multipart upload that failed with its parts left
	// on the server (see [MultipartUploadError]). Body must be the same
	// content from the same starting offset. Parts listed in Resume and
	// still present with the same ETag (checked with ListParts) are not
	// sent again.
	Resume *ResumeState
}

// UploadOutput describes an uploaded object.
type UploadOutput struct {
	ETag      string // the object's ETag, as S3 returned it
	VersionID string // the new version, when the bucket is versioned
	UploadID  string // empty for a single PutObject
	Parts     int    // 0 for a single PutObject
	Size      int64  // bytes uploaded

	// Checksum is the object's checksum of ChecksumAlgorithm as S3
	// returned it (base64; "sum-N" for a COMPOSITE checksum of N parts),
	// or empty when the server returned none.
	Checksum          string
	ChecksumAlgorithm types.ChecksumAlgorithm // algorithm of Checksum
	ChecksumType      types.ChecksumType      // FULL_OBJECT or COMPOSITE
}

// ResumeState is what a failed multipart upload needs to continue: save it
// (it marshals to JSON) and pass it back in [UploadInput.Resume].
type ResumeState struct {
	UploadID       string          // the multipart upload to continue
	PartSize       int64           // part size the upload was started with; resuming keeps it
	CompletedParts []CompletedPart // parts already on the server

	// The checksum the upload was created with; they replace those of
	// the UploadInput when set.
	ChecksumAlgorithm types.ChecksumAlgorithm `json:",omitempty"`
	ChecksumType      types.ChecksumType      `json:",omitempty"`

	// SSECustomerKeyMD5 is the base64 MD5 of the SSE-C key the upload
	// was created with; empty without SSE-C. The key itself is never
	// kept: the UploadInput that resumes must carry it again, and Upload
	// checks it against this digest before sending anything (a missing
	// or different key is an [*InputError]).
	SSECustomerKeyMD5 string `json:",omitempty"`
}

// CompletedPart is one uploaded part.
type CompletedPart struct {
	PartNumber int32  // from 1
	ETag       string // the part's ETag, as UploadPart returned it
	Size       int64  // bytes in the part
	Checksum   string `json:",omitempty"` // of the upload's algorithm, as S3 returned it
}

// source is an upload body: an io.ReaderAt of known size read by section,
// or a plain reader.
type source struct {
	ra   io.ReaderAt
	base int64 // offset of the first byte in ra
	size int64 // -1 for a plain reader
	r    io.Reader
}

func newSource(in *UploadInput) (source, error) {
	if in.Body == nil {
		return source{ra: bytes.NewReader(nil), size: 0}, nil
	}
	ra, ok := in.Body.(io.ReaderAt)
	if !ok {
		return source{r: in.Body, size: -1}, nil
	}
	var base int64
	if s, ok := in.Body.(io.Seeker); ok {
		off, err := s.Seek(0, io.SeekCurrent)
		if err != nil {
			return source{r: in.Body, size: -1}, nil // e.g. a pipe as *os.File
		}
		base = off
	}
	if in.Size > 0 {
		return source{ra: ra, base: base, size: in.Size}, nil
	}
	var total int64 = -1
	switch b := in.Body.(type) {
	case interface{ Size() int64 }:
		total = b.Size()
	case *os.File:
		fi, err := b.Stat()
		if err != nil {
			return source{}, err
		}
		if fi.Mode().IsRegular() {
			total = fi.Size()
		}
	}
	if total < 0 {
		return source{r: in.Body, size: -1}, nil
	}
	return source{ra: ra, base: base, size: max(total-base, 0)}, nil
}

// partSizeFor returns the part size for an object of size bytes: at least
// want and MinPartSize, grown (in whole MiB) so there are at most MaxParts.
func partSizeFor(size, want int64) (int64, error) {
	if size > MaxObjectSize {
		return 0, fmt.Errorf("%w: %d bytes is over 5 TiB", ErrTooLarge, size)
	}
	ps := max(want, MinPartSize)
	if (size+ps-1)/ps > MaxParts {
		ps = (size + MaxParts - 1) / MaxParts
		ps = (ps + 1<<20 - 1) &^ (1<<20 - 1)
	}
	return min(ps, MaxPartSize), nil
}

// Upload uploads in.Body to in.Bucket/in.Key: with one PutObject when the
// size is below [Options.MultipartThreshold], otherwise with a multipart
// upload that sends up to [Options.Concurrency] parts at once. A failed
// multipart upload returns a [*MultipartUploadError]. Uploads that
// retried CreateMultipartUpload attempts may have created are found and
// aborted, as the package documentation describes ("Uploads").
func (m *Manager) Upload(ctx context.Context, in *UploadInput, optFns ...func(*Options)) (*UploadOutput, error) {
	if in == nil || in.Bucket == "" || in.Key == "" {
		return nil, errors.New("transfer: Upload needs a Bucket and a Key")
	}
	sse, err := in.check()
	if err != nil {
		return nil, err
	}
	pre, err := in.precomputed()
	if err != nil {
		return nil, err
	}
	o := m.callOptions(optFns)
	alg, typ := in.ChecksumAlgorithm, in.ChecksumType
	if pre.alg != "" {
		alg = pre.alg
		if _, isCRC := crcPolyOf(alg); isCRC {
			typ = types.ChecksumTypeFullObject
		}
	}
	if st := in.Resume; st != nil && st.ChecksumAlgorithm != "" {
		alg, typ = st.ChecksumAlgorithm, st.ChecksumType
	}
	var ck uploadChecksum // none
	if alg != "" || typ != "" || !m.checksumsOnlyWhenRequired(&o) {
		if ck, err = resolveChecksum(alg, typ); err != nil {
			return nil, err
		}
	}
	src, err := newSource(in)
	if err != nil {
		return nil, fmt.Errorf("transfer: upload source: %w", err)
	}
	tel, err := m.telemetryFor(&o)
	if err != nil {
		return nil, err
	}
	e := emitter{l: o.Progress, op: OpUpload, bucket: in.Bucket, key: in.Key, t: tel}
	ctx = e.start(ctx, "Upload")
	e.emit(Event{Type: ObjectStarted, Size: src.size})
	u := &uploader{m: m, o: &o, in: in, e: e, s3opts: m.s3Options(&o), ck: ck, sse: sse, pre: pre}
	out, err := u.upload(ctx, src)
	e.emit(Event{Type: ObjectDone, Size: src.size, Err: err})
	return out, err
}

// check returns the SSE-C setting of in, or an *InputError for a field
// S3 would refuse, or a key that is not the one of the upload in Resume.
func (in *UploadInput) check() (sseC, error) {
	sse, err := parseSSEC("UploadInput", "", in.SSECustomerAlgorithm, in.SSECustomerKey, in.SSECustomerKeyMD5)
	if err != nil {
		return sseC{}, err
	}
	if err := checkIfNoneMatch("UploadInput", in.IfNoneMatch); err != nil {
		return sseC{}, err
	}
	if st := in.Resume; st != nil && st.SSECustomerKeyMD5 != "" && st.SSECustomerKeyMD5 != sse.digest {
		reason := "is not the key the upload in Resume was created with"
		if sse.key == nil {
			reason = "is missing: the upload in Resume was created with SSE-C, and a ResumeState does not keep the key"
		}
		return sseC{}, &InputError{Field: "UploadInput.SSECustomerKey", Reason: reason}
	}
	return sse, nil
}

func (u *uploader) upload(ctx context.Context, src source) (*UploadOutput, error) {
	m, o, in := u.m, u.o, u.in
	if src.ra != nil {
		if in.Resume == nil && src.size < o.MultipartThreshold && src.size <= MaxPutSize {
			return u.put(ctx, io.NewSectionReader(src.ra, src.base, src.size), src.size)
		}
		ps, err := partSizeFor(src.size, o.PartSize)
		if err != nil {
			return nil, err
		}
		u.partSize = ps
		return u.multipart(ctx, src, nil, 0)
	}

	// A plain reader: read the first part to learn whether it is small.
	ps := o.PartSize
	if in.Resume != nil {
		ps = in.Resume.PartSize
	}
	if ps > m.options.MaxMemory {
		return nil, fmt.Errorf("transfer: part size %d is over the Manager's MaxMemory %d", ps, m.options.MaxMemory)
	}
	if err := m.buffers.check(ps); err != nil {
		return nil, err
	}
	u.partSize = ps
	if err := m.mem.Acquire(ctx, ps); err != nil {
		return nil, err
	}
	buf := m.buffers.get(ps)
	n, err := io.ReadFull(src.r, *buf)
	if err != nil && err != io.EOF && err != io.ErrUnexpectedEOF {
		m.release(buf)
		return nil, fmt.Errorf("transfer: reading upload body: %w", err)
	}
	if int64(n) < ps && in.Resume == nil {
		defer m.release(buf)
		return u.put(ctx, bytes.NewReader((*buf)[:n]), int64(n))
	}
	return u.multipart(ctx, src, buf, n)
}

// release returns a part buffer and its memory.
func (m *Manager) release(buf *[]byte) {
	n := int64(cap(*buf))
	m.buffers.put(buf)
	m.mem.Release(n)
}

// s3Options returns the optFns of the S3 calls of one transfer. An
// *s3.Client sends through a wireDoer, which meters progress and records
// what downloads and retried creates need to know of each response.
func (m *Manager) s3Options(o *Options) []func(*s3.Options) {
	opts := o.ClientOptions
	if m.wire {
		opts = append(opts[:len(opts):len(opts)], wireOption)
	}
	return opts
}

func (u *uploader) put(ctx context.Context, body io.ReadSeeker, size int64) (*UploadOutput, error) {
	in := u.in
	mt := newMeter(u.e, 0, u.m.wire)
	pin := &s3.PutObjectInput{
		Bucket: &in.Bucket, Key: &in.Key, Body: &meteredBody{r: body, m: mt}, ContentLength: &size,
		ContentType: str(in.ContentType), ContentEncoding: str(in.ContentEncoding),
		ContentDisposition: str(in.ContentDisposition), ContentLanguage: str(in.ContentLanguage),
		CacheControl: str(in.CacheControl), Expires: httpDate(in.Expires),
		WebsiteRedirectLocation: str(in.WebsiteRedirectLocation), Metadata: in.Metadata, Tagging: str(in.Tagging),
		ACL: in.ACL, GrantFullControl: str(in.GrantFullControl), GrantRead: str(in.GrantRead),
		GrantReadACP: str(in.GrantReadACP), GrantWriteACP: str(in.GrantWriteACP),
		StorageClass: in.StorageClass, ServerSideEncryption: in.ServerSideEncryption,
		SSEKMSKeyId: str(in.SSEKMSKeyID), SSEKMSEncryptionContext: str(in.SSEKMSEncryptionContext),
		BucketKeyEnabled: in.BucketKeyEnabled, ObjectLockMode: in.ObjectLockMode,
		ObjectLockRetainUntilDate: timeOrNil(in.ObjectLockRetainUntilDate), ObjectLockLegalHoldStatus: in.ObjectLockLegalHoldStatus,
		SSECustomerAlgorithm: u.sse.alg, SSECustomerKey: u.sse.key, SSECustomerKeyMD5: u.sse.keyMD5,
		IfMatch: str(in.IfMatch), IfNoneMatch: str(in.IfNoneMatch),
		RequestPayer: in.RequestPayer, ExpectedBucketOwner: str(in.ExpectedBucketOwner),
		ChecksumAlgorithm: u.ck.alg, ContentMD5: str(u.pre.md5),
	}
	putInputSums(pin).set(u.pre.alg, u.pre.value)
	out, err := u.m.client.PutObject(withMeter(ctx, mt), pin, u.s3opts...)
	u.e.part(0, err)
	if err != nil {
		return nil, err
	}
	sums := putObjectSums(out)
	typ := out.ChecksumType
	if typ == "" {
		typ = types.ChecksumTypeFullObject
	}
	return &UploadOutput{ETag: deref(out.ETag), VersionID: deref(out.VersionId), Size: size,
		Checksum: sums.get(u.ck.alg), ChecksumAlgorithm: u.ck.alg, ChecksumType: typ}, nil
}

// str returns a pointer to s, or nil when s is empty.
func str(s string) *string {
	if s == "" {
		return nil
	}
	return &s
}

func deref[T any](p *T) T {
	var zero T
	if p == nil {
		return zero
	}
	return *p
}

// abortTimeout bounds the AbortMultipartUpload sent after a failure, which
// runs even when the caller's context is canceled.
const abortTimeout = 30 * time.Second

// checksumsOnlyWhenRequired reports whether the S3 client, with the call's
// ClientOptions applied, computes request checksums only where an
// operation requires them (RequestChecksumCalculation "when_required" or
// CompatibleMode). Then an upload that names no algorithm sends none, so
// S3-compatible stores without flexible checksums keep working.
func (m *Manager) checksumsOnlyWhenRequired(o *Options) bool {
	c, ok := m.client.(interface{ Options() s3.Options })
	if !ok {
		return false
	}
	so := c.Options()
	for _, fn := range o.ClientOptions {
		fn(&so)
	}
	return so.CompatibleMode || strings.EqualFold(string(so.RequestChecksumCalculation), string(checksum.CalculateWhenRequired))
}
