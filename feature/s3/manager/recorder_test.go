package manager_test

import (
	"context"
	"sync"

	"github.com/nimbus-sdk/nimbus/feature/s3/transfer/transfertest"
	"github.com/nimbus-sdk/nimbus/services/s3"
)

// recorder is a transfertest.Fake that keeps the inputs of the calls the
// transfer makes, so tests can check what reached each request.
type recorder struct {
	*transfertest.Fake

	mu        sync.Mutex
	puts      []*s3.PutObjectInput
	creates   []*s3.CreateMultipartUploadInput
	parts     []*s3.UploadPartInput
	completes []*s3.CompleteMultipartUploadInput
	heads     []*s3.HeadObjectInput
	gets      []*s3.GetObjectInput
	appIDs    []string
}

func newRecorder() *recorder {
	f := transfertest.New()
	f.CreateBucket("b")
	return &recorder{Fake: f}
}

func record[T any](r *recorder, list *[]T, v T) {
	r.mu.Lock()
	*list = append(*list, v)
	r.mu.Unlock()
}

func (r *recorder) PutObject(ctx context.Context, in *s3.PutObjectInput, o ...func(*s3.Options)) (*s3.PutObjectOutput, error) {
	r.applyOptions(o)
	record(r, &r.puts, in)
	return r.Fake.PutObject(ctx, in, o...)
}

func (r *recorder) CreateMultipartUpload(ctx context.Context, in *s3.CreateMultipartUploadInput, o ...func(*s3.Options)) (*s3.CreateMultipartUploadOutput, error) {
	record(r, &r.creates, in)
	return r.Fake.CreateMultipartUpload(ctx, in, o...)
}

func (r *recorder) UploadPart(ctx context.Context, in *s3.UploadPartInput, o ...func(*s3.Options)) (*s3.UploadPartOutput, error) {
	record(r, &r.parts, in)
	return r.Fake.UploadPart(ctx, in, o...)
}

func (r *recorder) CompleteMultipartUpload(ctx context.Context, in *s3.CompleteMultipartUploadInput, o ...func(*s3.Options)) (*s3.CompleteMultipartUploadOutput, error) {
	record(r, &r.completes, in)
	return r.Fake.CompleteMultipartUpload(ctx, in, o...)
}

func (r *recorder) HeadObject(ctx context.Context, in *s3.HeadObjectInput, o ...func(*s3.Options)) (*s3.HeadObjectOutput, error) {
	record(r, &r.heads, in)
	return r.Fake.HeadObject(ctx, in, o...)
}

func (r *recorder) GetObject(ctx context.Context, in *s3.GetObjectInput, o ...func(*s3.Options)) (*s3.GetObjectOutput, error) {
	r.applyOptions(o)
	record(r, &r.gets, in)
	return r.Fake.GetObject(ctx, in, o...)
}

// calls is the number of S3 calls of every kind the recorder served.
func (r *recorder) calls() int {
	n := 0
	for _, op := range []string{"PutObject", "CreateMultipartUpload", "UploadPart", "CompleteMultipartUpload",
		"AbortMultipartUpload", "HeadObject", "GetObject", "ListParts", "ListMultipartUploads"} {
		n += r.Calls(op)
	}
	return n
}

// applyOptions runs the client option functions of a call on an empty
// s3.Options and keeps the AppID they set, so tests can tell that
// ClientOptions reached the call.
func (r *recorder) applyOptions(fns []func(*s3.Options)) {
	var o s3.Options
	for _, fn := range fns {
		fn(&o)
	}
	record(r, &r.appIDs, o.AppID)
}
