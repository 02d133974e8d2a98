package transfer

import (
	"context"
	"errors"
	"fmt"
	"net/url"
	"strings"
	"time"

	"github.com/nimbus-sdk/nimbus/services/s3"
	"github.com/nimbus-sdk/nimbus/services/s3/types"
	"golang.org/x/sync/errgroup"
)

// CopyInput describes a server-side copy.
type CopyInput struct {
	SourceBucket    string // required
	SourceKey       string // required
	SourceVersionID string // empty means the current version

	Bucket string // required: destination
	Key    string // required: destination

	// ReplaceMetadata, when false (the default), gives the copy the
	// source's content headers and user metadata, as S3's COPY directive
	// does; multipart copies read them with HeadObject and set them
	// explicitly. When true, ContentType and Metadata are used instead.
	ReplaceMetadata bool
	ContentType     string            // with ReplaceMetadata: the Content-Type of the copy
	Metadata        map[string]string // with ReplaceMetadata: the user metadata of the copy

	// Tagging, when set, gives the copy these tags (URL-encoded, e.g.
	// "a=1&b=2") instead of the source's.
	Tagging string

	// PreserveTags gives a multipart copy the source's tags: they are read
	// with GetObjectTagging (the client must implement [TaggingAPI]) and
	// set on CreateMultipartUpload. A single CopyObject copies them in
	// any case, as S3's default COPY tagging directive does; without
	// PreserveTags a multipart copy has no tags.
	PreserveTags bool

	// Settings of the copy, sent with CopyObject or
	// CreateMultipartUpload. Empty fields are not sent.
	StorageClass              types.StorageClass              // of the copy; empty means STANDARD
	ACL                       types.ObjectCannedACL           // canned ACL of the copy
	GrantFullControl          string                          // grantees of READ, READ_ACP and WRITE_ACP on the copy
	GrantRead                 string                          // grantees of READ
	GrantReadACP              string                          // grantees of READ_ACP
	GrantWriteACP             string                          // grantees of WRITE_ACP
	ServerSideEncryption      types.ServerSideEncryption      // of the copy, e.g. aws:kms
	SSEKMSKeyID               string                          // KMS key for aws:kms encryption of the copy
	SSEKMSEncryptionContext   string                          // base64 JSON of the KMS encryption context
	BucketKeyEnabled          *bool                           // S3 Bucket Key for SSE-KMS; nil leaves the bucket's setting
	ObjectLockMode            types.ObjectLockMode            // GOVERNANCE or COMPLIANCE; needs ObjectLockRetainUntilDate
	ObjectLockRetainUntilDate time.Time                       // end of the retention; zero is not sent
	ObjectLockLegalHoldStatus types.ObjectLockLegalHoldStatus // ON places a legal hold

	// SSE-C of the copy: the algorithm ("AES256") and key to encrypt it
	// with, in the form of [UploadInput.SSECustomerKey]. They are sent
	// with CopyObject, or with CreateMultipartUpload, every
	// UploadPartCopy and CompleteMultipartUpload. Empty means the copy
	// is not encrypted with a customer key (whatever the source's).
	SSECustomerAlgorithm string
	SSECustomerKey       string
	SSECustomerKeyMD5    string

	// SSE-C of the source: the algorithm and key the source was
	// uploaded with. They are sent with the HeadObject that reads the
	// source (as its SSECustomer* members), CopyObject and every
	// UploadPartCopy. A value S3 would refuse, on either side, fails the
	// Copy with an [*InputError] before anything is sent; the keys never
	// appear in errors, events or telemetry.
	CopySourceSSECustomerAlgorithm string
	CopySourceSSECustomerKey       string
	CopySourceSSECustomerKeyMD5    string

	// Conditional write of the copy, checked by S3 when it is created:
	// with CopyObject, or CompleteMultipartUpload for a multipart copy.
	// IfNoneMatch "*" copies only if the destination key does not exist
	// (the only value S3 accepts); IfMatch only over the object with
	// this ETag.
	IfMatch     string
	IfNoneMatch string

	// RequestPayer, "requester" when a Requester Pays bucket is involved,
	// is sent with every request of the copy. ExpectedBucketOwner is the
	// account that must own the destination bucket, sent with every
	// request but those that only read the source (HeadObject,
	// GetObjectTagging), which send ExpectedSourceBucketOwner; CopyObject
	// and UploadPartCopy send both.
	RequestPayer              types.RequestPayer
	ExpectedBucketOwner       string
	ExpectedSourceBucketOwner string
}

// check returns the SSE-C settings of the copy and of its source, or an
// *InputError.
func (in *CopyInput) check() (dst, src sseC, err error) {
	if dst, err = parseSSEC("CopyInput", "", in.SSECustomerAlgorithm, in.SSECustomerKey, in.SSECustomerKeyMD5); err != nil {
		return sseC{}, sseC{}, err
	}
	if src, err = parseSSEC("CopyInput", "CopySource", in.CopySourceSSECustomerAlgorithm, in.CopySourceSSECustomerKey, in.CopySourceSSECustomerKeyMD5); err != nil {
		return sseC{}, sseC{}, err
	}
	return dst, src, checkIfNoneMatch("CopyInput", in.IfNoneMatch)
}

// TaggingAPI is the optional interface of an [S3API] that can read object
// tags; [*s3.Client] and the transfertest Fake implement it. Copies with
// [CopyInput.PreserveTags] need it.
type TaggingAPI interface {
	GetObjectTagging(ctx context.Context, in *s3.GetObjectTaggingInput, optFns ...func(*s3.Options)) (*s3.GetObjectTaggingOutput, error)
}

var _ TaggingAPI = (*s3.Client)(nil)

// CopyOutput describes the copy.
type CopyOutput struct {
	ETag      string // the copy's ETag
	VersionID string // the new version, when the bucket is versioned
	Parts     int    // 0 for a single CopyObject
	Size      int64  // bytes copied
}

// Copy copies an object inside S3: with CopyObject below
// [Options.CopyThreshold] (at most 5 GiB), otherwise with a multipart
// upload of parallel UploadPartCopy ranges. The source is pinned by its
// ETag (CopySourceIfMatch), so a source replaced mid-copy fails the copy.
func (m *Manager) Copy(ctx context.Context, in *CopyInput, optFns ...func(*Options)) (*CopyOutput, error) {
	if in == nil || in.SourceBucket == "" || in.SourceKey == "" || in.Bucket == "" || in.Key == "" {
		return nil, errors.New("transfer: Copy needs a source and a destination bucket and key")
	}
	dst, src, err := in.check()
	if err != nil {
		return nil, err
	}
	o := m.callOptions(optFns)
	s3opts := m.s3Options(&o)
	tel, err := m.telemetryFor(&o)
	if err != nil {
		return nil, err
	}
	e := emitter{l: o.Progress, op: OpCopy, bucket: in.Bucket, key: in.Key, t: tel}
	ctx = e.start(ctx, "Copy")
	head, err := m.client.HeadObject(ctx, &s3.HeadObjectInput{
		Bucket: &in.SourceBucket, Key: &in.SourceKey, VersionId: str(in.SourceVersionID),
		SSECustomerAlgorithm: src.alg, SSECustomerKey: src.key, SSECustomerKeyMD5: src.keyMD5,
		RequestPayer: in.RequestPayer, ExpectedBucketOwner: str(in.ExpectedSourceBucketOwner),
	}, s3opts...)
	if err != nil {
		err = fmt.Errorf("transfer: reading copy source: %w", err)
		e.finish(-1, err)
		return nil, err
	}
	size := deref(head.ContentLength)
	e.emit(Event{Type: ObjectStarted, Size: size})
	c := &copier{m: m, o: &o, in: in, e: e, s3opts: s3opts, head: head, size: size, dst: dst, src: src,
		source: copySource(in.SourceBucket, in.SourceKey, in.SourceVersionID)}
	var out *CopyOutput
	if size < o.CopyThreshold {
		out, err = c.single(ctx)
	} else {
		out, err = c.multipart(ctx)
	}
	e.emit(Event{Type: ObjectDone, Size: size, Err: err})
	return out, err
}

// copySource formats the x-amz-copy-source value: bucket/key with the key
// URL-escaped except for its slashes. '+' is escaped too: servers decode
// this header like a query string, where '+' means a space.
func copySource(bucket, key, version string) string {
	segs := strings.Split(key, "/")
	for i, s := range segs {
		segs[i] = strings.ReplaceAll(url.QueryEscape(s), "+", "%20")
	}
	v := bucket + "/" + strings.Join(segs, "/")
	if version != "" {
		v += "?versionId=" + url.QueryEscape(version)
	}
	return v
}

type copier struct {
	m      *Manager
	o      *Options
	in     *CopyInput
	e      emitter
	s3opts []func(*s3.Options)
	head   *s3.HeadObjectOutput
	size   int64
	source string
	dst    sseC // of the copy
	src    sseC // of the source
}

func (c *copier) single(ctx context.Context) (*CopyOutput, error) {
	in := c.in
	ci := &s3.CopyObjectInput{
		Bucket: &in.Bucket, Key: &in.Key, CopySource: &c.source, CopySourceIfMatch: c.head.ETag,
		StorageClass: in.StorageClass, ACL: in.ACL, GrantFullControl: str(in.GrantFullControl),
		GrantRead: str(in.GrantRead), GrantReadACP: str(in.GrantReadACP), GrantWriteACP: str(in.GrantWriteACP),
		ServerSideEncryption: in.ServerSideEncryption, SSEKMSKeyId: str(in.SSEKMSKeyID),
		SSEKMSEncryptionContext: str(in.SSEKMSEncryptionContext), BucketKeyEnabled: in.BucketKeyEnabled,
		ObjectLockMode: in.ObjectLockMode, ObjectLockRetainUntilDate: timeOrNil(in.ObjectLockRetainUntilDate),
		ObjectLockLegalHoldStatus: in.ObjectLockLegalHoldStatus,
		SSECustomerAlgorithm:      c.dst.alg, SSECustomerKey: c.dst.key, SSECustomerKeyMD5: c.dst.keyMD5,
		CopySourceSSECustomerAlgorithm: c.src.alg, CopySourceSSECustomerKey: c.src.key, CopySourceSSECustomerKeyMD5: c.src.keyMD5,
		IfMatch: str(in.IfMatch), IfNoneMatch: str(in.IfNoneMatch), RequestPayer: in.RequestPayer,
		ExpectedBucketOwner: str(in.ExpectedBucketOwner), ExpectedSourceBucketOwner: str(in.ExpectedSourceBucketOwner),
	}
	if in.ReplaceMetadata {
		ci.MetadataDirective = types.MetadataDirectiveReplace
		ci.ContentType, ci.Metadata = str(in.ContentType), in.Metadata
	}
	if in.Tagging != "" {
		ci.TaggingDirective, ci.Tagging = types.TaggingDirectiveReplace, &in.Tagging
	}
	out, err := c.m.client.CopyObject(ctx, ci, c.s3opts...)
	c.e.part(0, err)
	if err != nil {
		return nil, err
	}
	var etag string
	if out.CopyObjectResult != nil {
		etag = deref(out.CopyObjectResult.ETag)
	}
	return &CopyOutput{ETag: etag, VersionID: deref(out.VersionId), Size: c.size}, nil
}

func (c *copier) multipart(ctx context.Context) (*CopyOutput, error) {
	in, h := c.in, c.head
	ps, err := partSizeFor(c.size, c.o.CopyPartSize)
	if err != nil {
		return nil, err
	}
	create := &s3.CreateMultipartUploadInput{
		Bucket: &in.Bucket, Key: &in.Key,
		StorageClass: in.StorageClass, ACL: in.ACL, GrantFullControl: str(in.GrantFullControl),
		GrantRead: str(in.GrantRead), GrantReadACP: str(in.GrantReadACP), GrantWriteACP: str(in.GrantWriteACP),
		ServerSideEncryption: in.ServerSideEncryption, SSEKMSKeyId: str(in.SSEKMSKeyID),
		SSEKMSEncryptionContext: str(in.SSEKMSEncryptionContext), BucketKeyEnabled: in.BucketKeyEnabled,
		ObjectLockMode: in.ObjectLockMode, ObjectLockRetainUntilDate: timeOrNil(in.ObjectLockRetainUntilDate),
		ObjectLockLegalHoldStatus: in.ObjectLockLegalHoldStatus,
		SSECustomerAlgorithm:      c.dst.alg, SSECustomerKey: c.dst.key, SSECustomerKeyMD5: c.dst.keyMD5,
		RequestPayer: in.RequestPayer, ExpectedBucketOwner: str(in.ExpectedBucketOwner),
	}
	if in.ReplaceMetadata {
		create.ContentType, create.Metadata = str(in.ContentType), in.Metadata
	} else {
		create.ContentType, create.Metadata = h.ContentType, h.Metadata
		create.ContentEncoding, create.ContentDisposition = h.ContentEncoding, h.ContentDisposition
		create.ContentLanguage, create.CacheControl = h.ContentLanguage, h.CacheControl
		create.Expires, create.WebsiteRedirectLocation = h.Expires, h.WebsiteRedirectLocation
	}
	switch {
	case in.Tagging != "":
		create.Tagging = &in.Tagging
	case in.PreserveTags:
		tags, err := c.sourceTags(ctx)
		if err != nil {
			return nil, err
		}
		create.Tagging = str(tags)
	}
	// The upload machinery records parts, completes (with the
	// destination's SSE-C and conditions) and aborts on failure.
	u := &uploader{m: c.m, o: c.o, e: c.e, s3opts: c.s3opts, partSize: ps, sse: c.dst,
		in: &UploadInput{Bucket: in.Bucket, Key: in.Key, IfMatch: in.IfMatch, IfNoneMatch: in.IfNoneMatch,
			RequestPayer: in.RequestPayer, ExpectedBucketOwner: in.ExpectedBucketOwner}}
	if err := u.create(ctx, create); err != nil {
		return nil, err
	}

	ctx, cancel := context.WithCancelCause(ctx)
	defer cancel(nil)
	var g errgroup.Group
	g.SetLimit(c.o.Concurrency)
	for i := int64(0); i*ps < c.size && ctx.Err() == nil; i++ {
		num := int32(i + 1)
		start, end := i*ps, min((i+1)*ps, c.size)-1
		g.Go(func() error { return c.part(ctx, cancel, u, num, start, end) })
	}
	err = g.Wait()
	if ctx.Err() != nil {
		err = context.Cause(ctx) // the first part's failure, or the caller's
	}
	if err != nil {
		return nil, u.fail(ctx, err)
	}
	up, err := u.complete(ctx, c.size)
	if err != nil {
		return nil, err
	}
	return &CopyOutput{ETag: up.ETag, VersionID: up.VersionID, Parts: up.Parts, Size: c.size}, nil
}

func (c *copier) part(ctx context.Context, cancel context.CancelCauseFunc, u *uploader, num int32, start, end int64) error {
	rng := fmt.Sprintf("bytes=%d-%d", start, end)
	pctx, span := c.e.startPart(ctx, num)
	out, err := c.m.client.UploadPartCopy(pctx, &s3.UploadPartCopyInput{
		Bucket: &c.in.Bucket, Key: &c.in.Key, UploadId: &u.uploadID, PartNumber: &num,
		CopySource: &c.source, CopySourceRange: &rng, CopySourceIfMatch: c.head.ETag,
		SSECustomerAlgorithm: c.dst.alg, SSECustomerKey: c.dst.key, SSECustomerKeyMD5: c.dst.keyMD5,
		CopySourceSSECustomerAlgorithm: c.src.alg, CopySourceSSECustomerKey: c.src.key, CopySourceSSECustomerKeyMD5: c.src.keyMD5,
		RequestPayer: c.in.RequestPayer, ExpectedBucketOwner: str(c.in.ExpectedBucketOwner),
		ExpectedSourceBucketOwner: str(c.in.ExpectedSourceBucketOwner),
	}, c.s3opts...)
	c.e.endPart(span, err)
	if err == nil {
		c.e.emit(Event{Type: Bytes, PartNumber: num, Bytes: end - start + 1})
	}
	if err != nil {
		err = partFailure(ctx, cancel, fmt.Errorf("part %d: %w", num, err))
		c.e.part(num, err)
		return err
	}
	c.e.part(num, nil)
	var etag string
	if out.CopyPartResult != nil {
		etag = deref(out.CopyPartResult.ETag)
	}
	u.mu.Lock()
	u.parts = append(u.parts, CompletedPart{PartNumber: num, ETag: etag, Size: end - start + 1})
	u.mu.Unlock()
	return nil
}

// sourceTags reads the source's tags, URL-encoded for the x-amz-tagging
// header.
func (c *copier) sourceTags(ctx context.Context) (string, error) {
	api, ok := c.m.client.(TaggingAPI)
	if !ok {
		return "", fmt.Errorf("transfer: PreserveTags: the client (%T) has no GetObjectTagging method", c.m.client)
	}
	out, err := api.GetObjectTagging(ctx, &s3.GetObjectTaggingInput{
		Bucket: &c.in.SourceBucket, Key: &c.in.SourceKey, VersionId: str(c.in.SourceVersionID),
		RequestPayer: c.in.RequestPayer, ExpectedBucketOwner: str(c.in.ExpectedSourceBucketOwner),
	}, c.s3opts...)
	if err != nil {
		return "", fmt.Errorf("transfer: reading the source's tags: %w", err)
	}
	q := url.Values{}
	for _, t := range out.TagSet {
		q.Add(deref(t.Key), deref(t.Value))
	}
	// '+' would be read as a space by servers decoding the header as a
	// query string, and as a '+' by others; %20 is a space to both.
	return strings.ReplaceAll(q.Encode(), "+", "%20"), nil
}
