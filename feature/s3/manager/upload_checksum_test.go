package manager_test

import (
	"bytes"
	"errors"
	"testing"

	"github.com/nimbus-sdk/nimbus/feature/s3/manager"
	"github.com/nimbus-sdk/nimbus/feature/s3/transfer"
	"github.com/nimbus-sdk/nimbus/middleware/checksum"
	"github.com/nimbus-sdk/nimbus/services/s3"
	"github.com/nimbus-sdk/nimbus/services/s3/types"
)

// TestUploadPrecomputedChecksums: ContentMD5 and the checksum values of a
// PutObjectInput go with the PutObject of a small body; a CRC value goes
// with the CompleteMultipartUpload of a FULL_OBJECT multipart upload, with
// the object's size; values S3 cannot check in a multipart upload fail
// with the transfer's *InputError naming the field, before any request.
func TestUploadPrecomputedChecksums(t *testing.T) {
	data := patternBytes(testSize)
	small := data[:1000]
	tests := []struct {
		name  string
		body  []byte
		set   func(*s3.PutObjectInput, []byte)
		check func(t *testing.T, r *recorder)
		field string // of the *transfer.InputError expected; "" for success
	}{
		{"single ContentMD5 and SHA256", small, func(p *s3.PutObjectInput, b []byte) {
			p.ContentMD5, p.ChecksumSHA256 = ptr(checksum.MD5.Sum(b)), ptr(checksum.SHA256.Sum(b))
		}, func(t *testing.T, r *recorder) {
			p := r.puts[0]
			if deref(p.ContentMD5) != checksum.MD5.Sum(small) || deref(p.ChecksumSHA256) != checksum.SHA256.Sum(small) || p.ChecksumAlgorithm != types.ChecksumAlgorithmSha256 {
				t.Errorf("PutObject: ContentMD5 %q, ChecksumSHA256 %q, ChecksumAlgorithm %q; want the caller's values, SHA256",
					deref(p.ContentMD5), deref(p.ChecksumSHA256), p.ChecksumAlgorithm)
			}
		}, ""},
		{"single CRC32C", small, func(p *s3.PutObjectInput, b []byte) { p.ChecksumCRC32C = ptr(checksum.CRC32C.Sum(b)) },
			func(t *testing.T, r *recorder) {
				if got := deref(r.puts[0].ChecksumCRC32C); got != checksum.CRC32C.Sum(small) {
					t.Errorf("PutObject.ChecksumCRC32C = %q; want the caller's", got)
				}
			}, ""},
		{"multipart CRC32", data, func(p *s3.PutObjectInput, b []byte) { p.ChecksumCRC32 = ptr(checksum.CRC32.Sum(b)) },
			func(t *testing.T, r *recorder) {
				c, cm := r.creates[0], r.completes[0]
				if c.ChecksumAlgorithm != types.ChecksumAlgorithmCrc32 || c.ChecksumType != types.ChecksumTypeFullObject {
					t.Errorf("CreateMultipartUpload: checksum %s %s; want FULL_OBJECT CRC32", c.ChecksumType, c.ChecksumAlgorithm)
				}
				if deref(cm.ChecksumCRC32) != checksum.CRC32.Sum(data) || cm.ChecksumType != types.ChecksumTypeFullObject || deref(cm.MpuObjectSize) != testSize {
					t.Errorf("CompleteMultipartUpload: ChecksumCRC32 %q, ChecksumType %q, MpuObjectSize %d; want the caller's CRC, FULL_OBJECT, %d",
						deref(cm.ChecksumCRC32), cm.ChecksumType, deref(cm.MpuObjectSize), testSize)
				}
			}, ""},
		{"multipart ContentMD5", data, func(p *s3.PutObjectInput, b []byte) { p.ContentMD5 = ptr(checksum.MD5.Sum(b)) }, nil, "UploadInput.ContentMD5"},
		{"multipart SHA1", data, func(p *s3.PutObjectInput, b []byte) { p.ChecksumSHA1 = ptr(checksum.SHA1.Sum(b)) }, nil, "UploadInput.ChecksumSHA1"},
		{"malformed CRC64NVME", small, func(p *s3.PutObjectInput, b []byte) { p.ChecksumCRC64NVME = ptr("AAAA") }, nil, "UploadInput.ChecksumCRC64NVME"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := newRecorder()
			in := &s3.PutObjectInput{Bucket: ptr("b"), Key: ptr("obj"), Body: bytes.NewReader(tt.body)}
			tt.set(in, tt.body)
			_, err := manager.NewUploader(r, func(u *manager.Uploader) { u.PartSize = 5 << 20 }).Upload(t.Context(), in)
			if tt.field != "" {
				var ie *transfer.InputError
				if !errors.As(err, &ie) || ie.Field != tt.field {
					t.Fatalf("Upload = %v; want a *transfer.InputError for %s", err, tt.field)
				}
				if n := len(r.puts) + len(r.creates); n != 0 {
					t.Errorf("%d requests sent; want none", n)
				}
				return
			}
			if err != nil {
				t.Fatalf("Upload = %v", err)
			}
			if got, _ := r.Object("b", "obj"); !bytes.Equal(got, tt.body) {
				t.Errorf("stored %d bytes; want the %d uploaded", len(got), len(tt.body))
			}
			tt.check(t, r)
		})
	}
}
