package transfer_test

// Settings and helpers of the integration tests, which run against a real
// S3 server (versitygw in CI) named by the NIMBUS_S3_* variables.

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"strings"
	"testing"
	"time"

	"github.com/nimbus-sdk/nimbus/internal/testenv"
	"github.com/nimbus-sdk/nimbus/services/s3"
)

// s3Client returns a path-style client for the S3 server of the
// integration tests (versitygw in CI), named by the NIMBUS_S3_* variables
// and nothing else, so a real account cannot be used by accident. The test
// is skipped when they are not set, and fails when CI is set, where
// integration tests must run (see internal/testenv).
func s3Client(t *testing.T) *s3.Client {
	t.Helper()
	srv := testenv.S3(t)
	return s3.New(s3.Options{
		Region: srv.Region, BaseEndpoint: srv.Endpoint, UsePathStyle: true,
		Credentials: srv.Credentials(),
	})
}

// testBucket creates a uniquely named bucket, emptied and deleted when the
// test ends.
func testBucket(t *testing.T, c *s3.Client) string {
	t.Helper()
	var rnd [5]byte
	rand.Read(rnd[:])
	name := "nit-transfer-" + strings.ToLower(strings.NewReplacer("/", "-", "_", "-").Replace(t.Name()))
	if len(name) > 45 {
		name = name[:45]
	}
	name = strings.TrimSuffix(name, "-") + "-" + hex.EncodeToString(rnd[:])
	if _, err := c.CreateBucket(t.Context(), &s3.CreateBucketInput{Bucket: &name}); err != nil {
		t.Fatalf("CreateBucket(%s): %v", name, err)
	}
	t.Cleanup(func() {
		ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
		defer cancel()
		ups, err := c.ListMultipartUploads(ctx, &s3.ListMultipartUploadsInput{Bucket: &name})
		if err == nil {
			for _, u := range ups.Uploads {
				c.AbortMultipartUpload(ctx, &s3.AbortMultipartUploadInput{Bucket: &name, Key: u.Key, UploadId: u.UploadId})
			}
		}
		for page, err := range s3.NewListObjectsV2Paginator(c, &s3.ListObjectsV2Input{Bucket: &name}).Pages(ctx) {
			if err != nil {
				t.Logf("cleanup: listing %s: %v", name, err)
				break
			}
			for _, o := range page.Contents {
				c.DeleteObject(ctx, &s3.DeleteObjectInput{Bucket: &name, Key: o.Key})
			}
		}
		if _, err := c.DeleteBucket(ctx, &s3.DeleteBucketInput{Bucket: &name}); err != nil {
			t.Errorf("cleanup: DeleteBucket(%s): %v (leaked)", name, err)
		}
	})
	return name
}

// pattern is a deterministic, seekable source of size bytes computed from
// the offset, so big objects need no memory and can be compared as they
// stream back.
type pattern struct{ size int64 }

func patternByte(off int64) byte {
	x := uint64(off) * 0x9e3779b97f4a7c15
	return byte(x>>56 ^ x>>29 ^ uint64(off>>12))
}

func (p pattern) Size() int64 { return p.size }

func (p pattern) ReadAt(b []byte, off int64) (int, error) {
	n := 0
	for ; n < len(b) && off+int64(n) < p.size; n++ {
		b[n] = patternByte(off + int64(n))
	}
	if n < len(b) {
		return n, errEOF
	}
	return n, nil
}

// Read lets pattern be an UploadInput.Body; Upload reads it with ReadAt.
func (p pattern) Read([]byte) (int, error) { panic("pattern is read with ReadAt") }

func headIn(bucket, key string) *s3.HeadObjectInput {
	return &s3.HeadObjectInput{Bucket: &bucket, Key: &key}
}

func listIn(bucket string) *s3.ListObjectsV2Input { return &s3.ListObjectsV2Input{Bucket: &bucket} }

func deref[T any](p *T) T {
	var zero T
	if p == nil {
		return zero
	}
	return *p
}
