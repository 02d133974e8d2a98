package transfer

import (
	"context"

	"github.com/nimbus-sdk/nimbus/services/s3"
)

// S3API is the subset of [*s3.Client] methods a [Manager] calls. Tests and
// wrappers can stand in for the client by implementing it; the package
// transfertest provides an in-memory implementation.
//
// Implementations must be safe for concurrent use: a Manager calls them
// from many goroutines at once. The Manager closes every GetObject body it
// receives, and it never closes or retains request bodies after a call
// returns. The Manager passes [Options.ClientOptions] (and, for
// [*s3.Client], a function that meters the bytes on the wire) as optFns;
// implementations other than *s3.Client may ignore them.
type S3API interface {
	PutObject(ctx context.Context, in *s3.PutObjectInput, optFns ...func(*s3.Options)) (*s3.PutObjectOutput, error)
	CreateMultipartUpload(ctx context.Context, in *s3.CreateMultipartUploadInput, optFns ...func(*s3.Options)) (*s3.CreateMultipartUploadOutput, error)
	UploadPart(ctx context.Context, in *s3.UploadPartInput, optFns ...func(*s3.Options)) (*s3.UploadPartOutput, error)
	CompleteMultipartUpload(ctx context.Context, in *s3.CompleteMultipartUploadInput, optFns ...func(*s3.Options)) (*s3.CompleteMultipartUploadOutput, error)
	AbortMultipartUpload(ctx context.Context, in *s3.AbortMultipartUploadInput, optFns ...func(*s3.Options)) (*s3.AbortMultipartUploadOutput, error)
	ListParts(ctx context.Context, in *s3.ListPartsInput, optFns ...func(*s3.Options)) (*s3.ListPartsOutput, error)
	GetObject(ctx context.Context, in *s3.GetObjectInput, optFns ...func(*s3.Options)) (*s3.GetObjectOutput, error)
	HeadObject(ctx context.Context, in *s3.HeadObjectInput, optFns ...func(*s3.Options)) (*s3.HeadObjectOutput, error)
	CopyObject(ctx context.Context, in *s3.CopyObjectInput, optFns ...func(*s3.Options)) (*s3.CopyObjectOutput, error)
	UploadPartCopy(ctx context.Context, in *s3.UploadPartCopyInput, optFns ...func(*s3.Options)) (*s3.UploadPartCopyOutput, error)
	ListObjectsV2(ctx context.Context, in *s3.ListObjectsV2Input, optFns ...func(*s3.Options)) (*s3.ListObjectsV2Output, error)
	DeleteObjects(ctx context.Context, in *s3.DeleteObjectsInput, optFns ...func(*s3.Options)) (*s3.DeleteObjectsOutput, error)
}

var _ S3API = (*s3.Client)(nil)

// ListMultipartUploadsAPI is the optional interface of an [S3API] that can
// list multipart uploads. A Manager calls it only when a
// CreateMultipartUpload attempt lost its response, to find and abort the
// upload that attempt may have created (see [Manager.Upload]); a client
// without it cannot clean up then, and the upload fails. [*s3.Client] and
// the transfertest Fake implement it.
type ListMultipartUploadsAPI interface {
	ListMultipartUploads(ctx context.Context, in *s3.ListMultipartUploadsInput, optFns ...func(*s3.Options)) (*s3.ListMultipartUploadsOutput, error)
}

var _ ListMultipartUploadsAPI = (*s3.Client)(nil)
