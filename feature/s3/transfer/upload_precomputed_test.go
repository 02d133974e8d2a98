package transfer

import (
	"bytes"
	"errors"
	"io"
	"strings"
	"testing"

	"github.com/aws/smithy-go"

	"github.com/nimbus-sdk/nimbus/middleware/checksum"
	"github.com/nimbus-sdk/nimbus/services/s3/types"
)

// errorCode returns the S3 error code err carries, or "".
func errorCode(err error) string {
	var api smithy.APIError
	if errors.As(err, &api) {
		return api.ErrorCode()
	}
	return ""
}

// withSum sets the UploadInput field named field ("ContentMD5",
// "ChecksumCRC32"...) to v.
func withSum(in *UploadInput, field, v string) {
	switch field {
	case "ContentMD5":
		in.ContentMD5 = v
	case "ChecksumCRC32":
		in.ChecksumCRC32 = v
	case "ChecksumCRC32C":
		in.ChecksumCRC32C = v
	case "ChecksumCRC64NVME":
		in.ChecksumCRC64NVME = v
	case "ChecksumSHA1":
		in.ChecksumSHA1 = v
	case "ChecksumSHA256":
		in.ChecksumSHA256 = v
	default:
		panic(field)
	}
}

// TestUploadPrecomputedChecksum: a checksum value the caller computed goes
// with the request S3 checks it on (PutObject, or CompleteMultipartUpload
// of a FULL_OBJECT upload of that CRC, with the object's size), and a
// wrong one fails with the server's BadDigest.
func TestUploadPrecomputedChecksum(t *testing.T) {
	data := patternBytes(sseSize)
	const small = 1000
	tests := []struct {
		field string
		alg   checksum.Algorithm
		size  int
	}{
		{"ContentMD5", checksum.MD5, small},
		{"ChecksumCRC32", checksum.CRC32, small},
		{"ChecksumCRC32C", checksum.CRC32C, small},
		{"ChecksumCRC64NVME", checksum.CRC64NVME, small},
		{"ChecksumSHA1", checksum.SHA1, small},
		{"ChecksumSHA256", checksum.SHA256, small},
		{"ChecksumCRC32", checksum.CRC32, sseSize},
		{"ChecksumCRC32C", checksum.CRC32C, sseSize},
		{"ChecksumCRC64NVME", checksum.CRC64NVME, sseSize},
	}
	for _, tt := range tests {
		multipart := tt.size > small
		header := tt.alg.HeaderName()
		if tt.field == "ContentMD5" {
			header = "Content-Md5"
		}
		for _, plain := range []bool{false, true} {
			for _, right := range []bool{true, false} {
				name := tt.field + map[bool]string{false: "/single", true: "/multipart"}[multipart] +
					map[bool]string{false: "/readerat", true: "/reader"}[plain] + map[bool]string{true: "/right", false: "/wrong"}[right]
				t.Run(name, func(t *testing.T) {
					body := data[:tt.size]
					sum := tt.alg.Sum(body)
					if !right {
						sum = tt.alg.Sum(body[1:]) // well formed, of other bytes
					}
					s, srv := newObjServer(t)
					var r io.Reader = bytes.NewReader(body)
					if plain {
						r = io.MultiReader(r)
					}
					in := &UploadInput{Bucket: "b", Key: "obj", Body: r}
					withSum(in, tt.field, sum)
					out, err := httpManager(t, srv).Upload(t.Context(), in)
					if !right {
						var merr *MultipartUploadError
						if got := errorCode(err); got != "BadDigest" || multipart != errors.As(err, &merr) || (merr != nil && !merr.Aborted) {
							t.Fatalf("Upload with a wrong %s = %v; want the server's BadDigest (aborted when multipart)", tt.field, err)
						}
						if _, _, ok := s.object("obj"); ok {
							t.Error("the object was stored")
						}
						return
					}
					if err != nil {
						t.Fatalf("Upload = %v", err)
					}
					if got, _, _ := s.object("obj"); !bytes.Equal(got, body) {
						t.Fatalf("stored %d bytes; want the %d uploaded", len(got), len(body))
					}
					carrier := "PutObject"
					if multipart {
						carrier = "CompleteMultipartUpload"
					}
					seen := false
					for _, r := range s.requests() {
						got := r.header.Get(header)
						if r.op == carrier {
							seen = true
							if got != sum {
								t.Errorf("%s: %s = %q; want %q", r.op, header, got, sum)
							}
						} else if got != "" {
							t.Errorf("%s: %s = %q; want it only on %s", r.op, header, got, carrier)
						}
						switch r.op {
						case "PutObject":
							// The caller's value replaces the checksum Nimbus computes.
							if tr := r.header.Get("X-Amz-Trailer"); tr != "" && tt.field != "ContentMD5" {
								t.Errorf("PutObject: X-Amz-Trailer = %q; want no checksum of Nimbus's", tr)
							}
						case "CreateMultipartUpload":
							if a, typ := r.header.Get("X-Amz-Checksum-Algorithm"), r.header.Get("X-Amz-Checksum-Type"); a != string(tt.alg) || typ != "FULL_OBJECT" {
								t.Errorf("CreateMultipartUpload: checksum %s %s; want FULL_OBJECT %s", typ, a, tt.alg)
							}
						case "UploadPart":
							// Each part carries its own checksum of the same algorithm.
							if tr := r.header.Get("X-Amz-Trailer"); tr != tt.alg.HeaderName() {
								t.Errorf("UploadPart: X-Amz-Trailer = %q; want %s", tr, tt.alg.HeaderName())
							}
						case "CompleteMultipartUpload":
							if typ, size := r.header.Get("X-Amz-Checksum-Type"), r.header.Get("X-Amz-Mp-Object-Size"); typ != "FULL_OBJECT" || size != "12582919" {
								t.Errorf("CompleteMultipartUpload: checksum type %q, object size %q; want FULL_OBJECT, 12582919", typ, size)
							}
						}
					}
					if !seen {
						t.Errorf("no %s request", carrier)
					}
					if tt.field != "ContentMD5" && (out.ChecksumAlgorithm != types.ChecksumAlgorithm(tt.alg) || (multipart && out.ChecksumType != types.ChecksumTypeFullObject)) {
						t.Errorf("UploadOutput checksum %s %s; want %s", out.ChecksumType, out.ChecksumAlgorithm, tt.alg)
					}
				})
			}
		}
	}
}

// TestUploadPrecomputedChecksumRefused: values that are malformed,
// contradictory, or that S3 cannot check in a multipart upload fail with
// an *InputError naming the field, before anything is sent.
func TestUploadPrecomputedChecksumRefused(t *testing.T) {
	data := patternBytes(sseSize)
	crc := checksum.CRC32.Sum(data)
	tests := []struct {
		name  string
		size  int
		set   func(*UploadInput)
		field string
	}{
		{"not base64", 10, func(in *UploadInput) { in.ChecksumSHA256 = "not base64!" }, "UploadInput.ChecksumSHA256"},
		{"short CRC32", 10, func(in *UploadInput) { in.ChecksumCRC32 = "AAAA" }, "UploadInput.ChecksumCRC32"},
		{"CRC64NVME of 4 bytes", 10, func(in *UploadInput) { in.ChecksumCRC64NVME = crc }, "UploadInput.ChecksumCRC64NVME"},
		{"ContentMD5 of 4 bytes", 10, func(in *UploadInput) { in.ContentMD5 = crc }, "UploadInput.ContentMD5"},
		{"two values", 10, func(in *UploadInput) { in.ChecksumCRC32 = crc; in.ChecksumSHA1 = checksum.SHA1.Sum(nil) }, "UploadInput.ChecksumSHA1"},
		{"other algorithm", 10, func(in *UploadInput) { in.ChecksumCRC32 = crc; in.ChecksumAlgorithm = types.ChecksumAlgorithmCrc32c }, "UploadInput.ChecksumAlgorithm"},
		{"composite", 10, func(in *UploadInput) { in.ChecksumCRC32 = crc; in.ChecksumType = types.ChecksumTypeComposite }, "UploadInput.ChecksumType"},
		{"ContentMD5 multipart", sseSize, func(in *UploadInput) { in.ContentMD5 = checksum.MD5.Sum(data) }, "UploadInput.ContentMD5"},
		{"SHA1 multipart", sseSize, func(in *UploadInput) { in.ChecksumSHA1 = checksum.SHA1.Sum(data) }, "UploadInput.ChecksumSHA1"},
		{"SHA256 multipart", sseSize, func(in *UploadInput) { in.ChecksumSHA256 = checksum.SHA256.Sum(data) }, "UploadInput.ChecksumSHA256"},
		{"resume composite", sseSize, func(in *UploadInput) {
			in.ChecksumCRC32 = crc
			in.Resume = &ResumeState{UploadID: "u1", PartSize: 5 << 20, ChecksumAlgorithm: types.ChecksumAlgorithmCrc32, ChecksumType: types.ChecksumTypeComposite}
		}, "UploadInput.ChecksumCRC32"},
		{"resume SHA256", sseSize, func(in *UploadInput) {
			in.ChecksumSHA256 = checksum.SHA256.Sum(data)
			in.Resume = &ResumeState{UploadID: "u1", PartSize: 5 << 20, ChecksumAlgorithm: types.ChecksumAlgorithmSha256}
		}, "UploadInput.ChecksumSHA256"},
	}
	for _, tt := range tests {
		for _, plain := range []bool{false, true} {
			t.Run(tt.name+map[bool]string{false: "/readerat", true: "/reader"}[plain], func(t *testing.T) {
				s, srv := newObjServer(t)
				var r io.Reader = bytes.NewReader(data[:tt.size])
				if plain {
					r = io.MultiReader(r)
				}
				in := &UploadInput{Bucket: "b", Key: "obj", Body: r}
				tt.set(in)
				_, err := httpManager(t, srv).Upload(t.Context(), in)
				var ie *InputError
				if !errors.As(err, &ie) || ie.Field != tt.field {
					t.Fatalf("Upload = %v; want an *InputError for %s", err, tt.field)
				}
				if !strings.Contains(err.Error(), tt.field) {
					t.Errorf("error %q does not name %s", err, tt.field)
				}
				if reqs := s.requests(); len(reqs) != 0 {
					t.Errorf("%d requests sent (first %s); want none", len(reqs), reqs[0].op)
				}
			})
		}
	}
}
