package manager

import (
	"context"
	"errors"
	"net/http"

	smithyhttp "github.com/aws/smithy-go/transport/http"
	"github.com/nimbus-sdk/nimbus/credentials"
	"github.com/nimbus-sdk/nimbus/services/s3"
)

const bucketRegionHeader = "X-Amz-Bucket-Region"

// GetBucketRegion returns the region of bucket, from the
// x-amz-bucket-region header of a HeadBucket request, which S3 sends with
// a redirect or a refusal too. As in v2, the request is sent unsigned
// (anonymous credentials), so it works whatever region the client is
// configured for; optFns change the client's options for the call. A
// bucket that does not exist returns an error that implements
// [BucketNotFound].
func GetBucketRegion(ctx context.Context, client HeadBucketAPIClient, bucket string, optFns ...func(*s3.Options)) (string, error) {
	if bucket == "" {
		return "", &FieldError{Field: "bucket", Reason: "is empty"}
	}
	opts := append([]func(*s3.Options){func(o *s3.Options) {
		o.Credentials = credentials.AnonymousProvider{}
	}}, optFns...)
	out, err := client.HeadBucket(ctx, &s3.HeadBucketInput{Bucket: &bucket}, opts...)
	if err == nil {
		if r := deref(out.BucketRegion); r != "" {
			return r, nil
		}
		return "", errors.New("manager: HeadBucket of " + bucket + " returned no " + bucketRegionHeader + " header")
	}
	var re *smithyhttp.ResponseError
	if errors.As(err, &re) && re.Response != nil {
		if r := re.Response.Header.Get(bucketRegionHeader); r != "" {
			return r, nil
		}
		if re.HTTPStatusCode() == http.StatusNotFound {
			return "", &bucketNotFound{bucket: bucket, err: err}
		}
	}
	return "", err
}

// BucketNotFound is implemented by the error of [GetBucketRegion] for a
// bucket that does not exist, as in v2.
type BucketNotFound interface {
	error
	isBucketNotFound()
}

type bucketNotFound struct {
	bucket string
	err    error
}

func (b *bucketNotFound) Error() string {
	return "manager: bucket " + b.bucket + " not found: " + b.err.Error()
}
func (b *bucketNotFound) Unwrap() error     { return b.err }
func (b *bucketNotFound) isBucketNotFound() {}
