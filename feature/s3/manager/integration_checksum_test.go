package manager_test

import (
	"bytes"
	"errors"
	"testing"

	"github.com/aws/smithy-go"
	"github.com/nimbus-sdk/nimbus/feature/s3/manager"
	"github.com/nimbus-sdk/nimbus/middleware/checksum"
	"github.com/nimbus-sdk/nimbus/services/s3"
)

// TestIntegrationUploadPrecomputedChecksums ports v2 code that sets its
// own checksum values: a small body with a right SHA256 and a large one
// with a right full-object CRC32 are stored; wrong values fail with the
// server's BadDigest (versitygw in CI).
func TestIntegrationUploadPrecomputedChecksums(t *testing.T) {
	c := s3Client(t)
	bucket := testBucket(t, c)
	uploader := manager.NewUploader(c, func(u *manager.Uploader) { u.PartSize = 5 << 20 })
	data := patternBytes(testSize)
	tests := []struct {
		name string
		body []byte
		set  func(p *s3.PutObjectInput, sum func(checksum.Algorithm) *string)
	}{
		{"single-sha256", data[:1000], func(p *s3.PutObjectInput, sum func(checksum.Algorithm) *string) {
			p.ChecksumSHA256 = sum(checksum.SHA256)
		}},
		{"multipart-crc32", data, func(p *s3.PutObjectInput, sum func(checksum.Algorithm) *string) {
			p.ChecksumCRC32 = sum(checksum.CRC32)
		}},
	}
	for _, tt := range tests {
		for _, right := range []bool{true, false} {
			key := tt.name + map[bool]string{true: "-right", false: "-wrong"}[right]
			t.Run(key, func(t *testing.T) {
				of := tt.body
				if !right {
					of = tt.body[1:]
				}
				in := &s3.PutObjectInput{Bucket: &bucket, Key: &key, Body: bytes.NewReader(tt.body)}
				tt.set(in, func(a checksum.Algorithm) *string { return ptr(a.Sum(of)) })
				_, err := uploader.Upload(t.Context(), in)
				var api smithy.APIError
				switch {
				case right && err != nil:
					t.Fatalf("Upload = %v", err)
				case !right && (!errors.As(err, &api) || api.ErrorCode() != "BadDigest"):
					t.Fatalf("Upload with a wrong checksum = %v; want the server's BadDigest", err)
				}
				_, herr := c.HeadObject(t.Context(), &s3.HeadObjectInput{Bucket: &bucket, Key: &key})
				if right != (herr == nil) {
					t.Errorf("HeadObject = %v; want the object stored only with the right checksum", herr)
				}
			})
		}
	}
}
