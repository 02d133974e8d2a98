package manager

import (
	"context"
	"fmt"

	"github.com/nimbus-sdk/nimbus/feature/s3/transfer"
	"github.com/nimbus-sdk/nimbus/services/s3"
)

// UploadAPIClient is the set of S3 operations an [Uploader] needs, as in
// aws-sdk-go-v2. [*s3.Client] implements it. A client that implements
// all of [transfer.S3API] is handed to the transfer manager as it is; a
// client with only these methods (a test double of ported code) is
// wrapped, and a call the transfer makes to a method it lacks fails
// with an error naming the method.
type UploadAPIClient interface {
	PutObject(context.Context, *s3.PutObjectInput, ...func(*s3.Options)) (*s3.PutObjectOutput, error)
	UploadPart(context.Context, *s3.UploadPartInput, ...func(*s3.Options)) (*s3.UploadPartOutput, error)
	CreateMultipartUpload(context.Context, *s3.CreateMultipartUploadInput, ...func(*s3.Options)) (*s3.CreateMultipartUploadOutput, error)
	CompleteMultipartUpload(context.Context, *s3.CompleteMultipartUploadInput, ...func(*s3.Options)) (*s3.CompleteMultipartUploadOutput, error)
	AbortMultipartUpload(context.Context, *s3.AbortMultipartUploadInput, ...func(*s3.Options)) (*s3.AbortMultipartUploadOutput, error)
}

// DownloadAPIClient is the S3 operation a [Downloader] needs, as in
// aws-sdk-go-v2. [*s3.Client] implements it. A client that also has
// HeadObject gets the transfer's checksum validation; one with GetObject
// only is downloaded from without it (see the package documentation).
type DownloadAPIClient interface {
	GetObject(context.Context, *s3.GetObjectInput, ...func(*s3.Options)) (*s3.GetObjectOutput, error)
}

// HeadBucketAPIClient is the S3 operation [GetBucketRegion] needs.
type HeadBucketAPIClient interface {
	HeadBucket(context.Context, *s3.HeadBucketInput, ...func(*s3.Options)) (*s3.HeadBucketOutput, error)
}

var (
	_ UploadAPIClient     = (*s3.Client)(nil)
	_ DownloadAPIClient   = (*s3.Client)(nil)
	_ HeadBucketAPIClient = (*s3.Client)(nil)
)

type headObjecter interface {
	HeadObject(context.Context, *s3.HeadObjectInput, ...func(*s3.Options)) (*s3.HeadObjectOutput, error)
}

// transferClient returns client as a transfer.S3API: itself when it is
// one, else a wrapper whose methods client lacks fail.
func transferClient(client any) transfer.S3API {
	if c, ok := client.(transfer.S3API); ok {
		return c
	}
	base := missing{client: client}
	switch c := client.(type) {
	case UploadAPIClient:
		return uploadOnly{c, inner{base}}
	case DownloadAPIClient:
		return downloadOnly{c, inner{base}}
	}
	return base
}

// uploadOnly and downloadOnly take the methods of the narrow interface
// from the client (depth one) and the rest from missing (depth two).
type uploadOnly struct {
	UploadAPIClient
	inner
}

type downloadOnly struct {
	DownloadAPIClient
	inner
}

type inner struct{ missing }

// missing implements transfer.S3API with methods that fail, naming the
// method the client lacks; HeadObject calls the client's when it has one.
type missing struct{ client any }

func (m missing) err(op string) error {
	return fmt.Errorf("manager: the S3 client (%T) has no %s method, which the transfer needs here; pass an *s3.Client or a transfer.S3API", m.client, op)
}

func (m missing) PutObject(context.Context, *s3.PutObjectInput, ...func(*s3.Options)) (*s3.PutObjectOutput, error) {
	return nil, m.err("PutObject")
}
func (m missing) CreateMultipartUpload(context.Context, *s3.CreateMultipartUploadInput, ...func(*s3.Options)) (*s3.CreateMultipartUploadOutput, error) {
	return nil, m.err("CreateMultipartUpload")
}
func (m missing) UploadPart(context.Context, *s3.UploadPartInput, ...func(*s3.Options)) (*s3.UploadPartOutput, error) {
	return nil, m.err("UploadPart")
}
func (m missing) CompleteMultipartUpload(context.Context, *s3.CompleteMultipartUploadInput, ...func(*s3.Options)) (*s3.CompleteMultipartUploadOutput, error) {
	return nil, m.err("CompleteMultipartUpload")
}
func (m missing) AbortMultipartUpload(context.Context, *s3.AbortMultipartUploadInput, ...func(*s3.Options)) (*s3.AbortMultipartUploadOutput, error) {
	return nil, m.err("AbortMultipartUpload")
}
func (m missing) ListParts(context.Context, *s3.ListPartsInput, ...func(*s3.Options)) (*s3.ListPartsOutput, error) {
	return nil, m.err("ListParts")
}
func (m missing) GetObject(context.Context, *s3.GetObjectInput, ...func(*s3.Options)) (*s3.GetObjectOutput, error) {
	return nil, m.err("GetObject")
}
func (m missing) HeadObject(ctx context.Context, in *s3.HeadObjectInput, optFns ...func(*s3.Options)) (*s3.HeadObjectOutput, error) {
	if c, ok := m.client.(headObjecter); ok {
		return c.HeadObject(ctx, in, optFns...)
	}
	return nil, m.err("HeadObject")
}
func (m missing) CopyObject(context.Context, *s3.CopyObjectInput, ...func(*s3.Options)) (*s3.CopyObjectOutput, error) {
	return nil, m.err("CopyObject")
}
func (m missing) UploadPartCopy(context.Context, *s3.UploadPartCopyInput, ...func(*s3.Options)) (*s3.UploadPartCopyOutput, error) {
	return nil, m.err("UploadPartCopy")
}
func (m missing) ListObjectsV2(context.Context, *s3.ListObjectsV2Input, ...func(*s3.Options)) (*s3.ListObjectsV2Output, error) {
	return nil, m.err("ListObjectsV2")
}
func (m missing) DeleteObjects(context.Context, *s3.DeleteObjectsInput, ...func(*s3.Options)) (*s3.DeleteObjectsOutput, error) {
	return nil, m.err("DeleteObjects")
}
