package transfer

import (
	"context"
	"errors"
	"fmt"
	"net/url"
	"strings"

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

	StorageClass         types.StorageClass         // of the copy; empty means STANDARD
	ServerSideEncryption types.ServerSideEncryption // of the copy, e.g. aws:kms
	SSEKMSKeyID          string                     // KMS key for aws:kms encryption of the copy
	ExpectedBucketOwner  string                     // account that must own the destination bucket
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
	}, s3opts...)
	if err != nil {
		err = fmt.Errorf("transfer: reading copy source: %w", err)
		e.finish(-1, err)
		return nil, err
	}
	size := deref(head.ContentLength)
	e.emit(Event{Type: ObjectStarted, Size: size})
	c := &copier{m: m, o: &o, in: in, e: e, s3opts: s3opts, head: head, size: size,
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
}

func (c *copier) single(ctx context.Context) (*CopyOutput, error) {
	in := c.in
	ci := &s3.CopyObjectInput{
		Bucket: &in.Bucket, Key: &in.Key, CopySource: &c.source, CopySourceIfMatch: c.head.ETag,
		StorageClass: in.StorageClass, ServerSideEncryption: in.ServerSideEncryption,
		SSEKMSKeyId: str(in.SSEKMSKeyID), ExpectedBucketOwner: str(in.ExpectedBucketOwner),
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
		StorageClass: in.StorageClass, ServerSideEncryption: in.ServerSideEncryption,
		SSEKMSKeyId: str(in.SSEKMSKeyID), ExpectedBucketOwner: str(in.ExpectedBucketOwner),
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
	// The upload machinery records parts and aborts on failure.
	u := &uploader{m: c.m, o: c.o, e: c.e, s3opts: c.s3opts, partSize: ps,
		in: &UploadInput{Bucket: in.Bucket, Key: in.Key, ExpectedBucketOwner: in.ExpectedBucketOwner}}
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
		ExpectedBucketOwner: str(c.in.ExpectedBucketOwner),
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
