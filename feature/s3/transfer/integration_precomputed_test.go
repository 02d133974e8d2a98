package transfer_test

import (
	"errors"
	"io"
	"testing"

	"github.com/aws/smithy-go"
	"github.com/nimbus-sdk/nimbus/feature/s3/transfer"
	"github.com/nimbus-sdk/nimbus/middleware/checksum"
	"github.com/nimbus-sdk/nimbus/services/s3"
	"github.com/nimbus-sdk/nimbus/services/s3/types"
)

// TestIntegrationPrecomputedChecksums uploads with checksum values
// computed apart from the code under test, to versitygw and MinIO: a
// single PutObject with a right ContentMD5, CRC32 or SHA256 is stored and
// a wrong one is refused by the server; a multipart upload with a
// FULL_OBJECT CRC value (both servers take FULL_OBJECT uploads) is
// checked at completion, and a wrong value fails it, aborted.
func TestIntegrationPrecomputedChecksums(t *testing.T) {
	const small, big = 1000, 12<<20 + 7 // one PutObject; three parts of 5 MiB
	tests := []struct {
		name  string
		field string
		alg   checksum.Algorithm
		size  int64
		set   func(*transfer.UploadInput, string)
	}{
		{"single ContentMD5", "ContentMD5", checksum.MD5, small, func(in *transfer.UploadInput, v string) { in.ContentMD5 = v }},
		{"single CRC32", "ChecksumCRC32", checksum.CRC32, small, func(in *transfer.UploadInput, v string) { in.ChecksumCRC32 = v }},
		{"single SHA256", "ChecksumSHA256", checksum.SHA256, small, func(in *transfer.UploadInput, v string) { in.ChecksumSHA256 = v }},
		{"multipart CRC32", "ChecksumCRC32", checksum.CRC32, big, func(in *transfer.UploadInput, v string) { in.ChecksumCRC32 = v }},
		{"multipart CRC64NVME", "ChecksumCRC64NVME", checksum.CRC64NVME, big, func(in *transfer.UploadInput, v string) { in.ChecksumCRC64NVME = v }},
	}
	for _, srv := range rangeServers {
		t.Run(srv.name, func(t *testing.T) {
			s := srv.get(t)
			c := s3.New(s3.Options{Region: s.Region, BaseEndpoint: s.Endpoint, UsePathStyle: true, Credentials: s.Credentials()})
			bucket := testBucket(t, c)
			m := transfer.New(c, func(o *transfer.Options) { o.PartSize = 5 << 20 })
			for _, tt := range tests {
				for _, right := range []bool{true, false} {
					name := tt.name + map[bool]string{true: "/right", false: "/wrong"}[right]
					t.Run(name, func(t *testing.T) {
						body := io.NewSectionReader(pattern{tt.size}, 0, tt.size)
						h := tt.alg.New()
						from := int64(0)
						if !right {
							from = 1 // a well-formed sum of other bytes
						}
						if _, err := io.Copy(h, io.NewSectionReader(pattern{tt.size}, from, tt.size-from)); err != nil {
							t.Fatal(err)
						}
						sum := checksum.Encode(h.Sum(nil))
						in := &transfer.UploadInput{Bucket: bucket, Key: name, Body: body}
						tt.set(in, sum)
						out, err := m.Upload(t.Context(), in)
						var api smithy.APIError
						errors.As(err, &api)
						_, herr := c.HeadObject(t.Context(), &s3.HeadObjectInput{Bucket: &bucket, Key: &name})
						if right {
							if err != nil || herr != nil {
								t.Fatalf("Upload = %v, HeadObject = %v; want the object stored", err, herr)
							}
							if tt.field != "ContentMD5" && (out.ChecksumAlgorithm != types.ChecksumAlgorithm(tt.alg)) {
								t.Errorf("UploadOutput.ChecksumAlgorithm = %s; want %s", out.ChecksumAlgorithm, tt.alg)
							}
							return
						}
						// S3 and versitygw answer BadDigest; MinIO does for a
						// Content-MD5 only, and XAmzContentChecksumMismatch for
						// an x-amz-checksum-* value.
						want := "BadDigest"
						if srv.name == "minio" && tt.field != "ContentMD5" {
							want = "XAmzContentChecksumMismatch"
						}
						if api == nil || api.ErrorCode() != want {
							t.Errorf("Upload with a wrong %s = %v; want the server's %s", tt.field, err, want)
						}
						if herr == nil {
							t.Error("the refused upload stored an object")
						}
					})
				}
			}
		})
	}
}
