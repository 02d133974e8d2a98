package transfer_test

import (
	"context"
	"errors"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/nimbus-sdk/nimbus/feature/s3/transfer"
	"github.com/nimbus-sdk/nimbus/middleware/checksum"
	"github.com/nimbus-sdk/nimbus/services/s3"
	"github.com/nimbus-sdk/nimbus/services/s3/types"
)

// patternSum returns alg's checksum of pattern{size}, computed apart
// from the code under test.
func patternSum(t *testing.T, alg types.ChecksumAlgorithm, size int64) string {
	t.Helper()
	h := checksum.Algorithm(alg).New()
	if _, err := io.Copy(h, io.NewSectionReader(pattern{size}, 0, size)); err != nil {
		t.Fatal(err)
	}
	return checksum.Encode(h.Sum(nil))
}

// corrupting flips the first byte of every GetObject body, as a faulty
// network or disk would, leaving the headers as the server sent them.
type corrupting struct{ *s3.Client }

func (c corrupting) GetObject(ctx context.Context, in *s3.GetObjectInput, o ...func(*s3.Options)) (*s3.GetObjectOutput, error) {
	out, err := c.Client.GetObject(ctx, in, o...)
	if err == nil {
		out.Body = &flipFirst{ReadCloser: out.Body}
	}
	return out, err
}

type flipFirst struct {
	io.ReadCloser
	done bool
}

func (f *flipFirst) Read(p []byte) (int, error) {
	n, err := f.ReadCloser.Read(p)
	if n > 0 && !f.done {
		p[0] ^= 0xff
		f.done = true
	}
	return n, err
}

// TestIntegrationChecksums uploads in parts with a COMPOSITE CRC32 or
// XXHASH128 and a FULL_OBJECT CRC64NVME (whose value the Manager combines
// from the part CRCs and sends with CompleteMultipartUpload, which
// versitygw checks), then downloads with validation by range and by part,
// and proves a corrupted body fails.
func TestIntegrationChecksums(t *testing.T) {
	c := s3Client(t)
	bucket := testBucket(t, c)
	const size = 23<<20 + 7 // five parts of 5 MiB
	m := transfer.New(c, func(o *transfer.Options) { o.PartSize = 5 << 20 })
	tests := []struct {
		key      string
		alg      types.ChecksumAlgorithm
		typ      types.ChecksumType
		wantType types.ChecksumType
	}{
		{"crc32-composite", types.ChecksumAlgorithmCrc32, "", types.ChecksumTypeComposite},
		{"crc64nvme-full", types.ChecksumAlgorithmCrc64nvme, "", types.ChecksumTypeFullObject},
		{"crc32c-full", types.ChecksumAlgorithmCrc32c, types.ChecksumTypeFullObject, types.ChecksumTypeFullObject},
		{"xxhash128-composite", types.ChecksumAlgorithmXxhash128, "", types.ChecksumTypeComposite},
	}
	for _, tt := range tests {
		t.Run(tt.key, func(t *testing.T) {
			out, err := m.Upload(t.Context(), &transfer.UploadInput{Bucket: bucket, Key: tt.key, Body: pattern{size},
				ChecksumAlgorithm: tt.alg, ChecksumType: tt.typ})
			if err != nil {
				t.Fatalf("Upload: %v", err)
			}
			if out.Parts != 5 || out.ChecksumType != tt.wantType {
				t.Errorf("Upload = %d parts, %s; want 5, %s", out.Parts, out.ChecksumType, tt.wantType)
			}
			head, err := c.HeadObject(t.Context(), &s3.HeadObjectInput{Bucket: &bucket, Key: &tt.key, ChecksumMode: types.ChecksumModeEnabled})
			if err != nil {
				t.Fatal(err)
			}
			if head.ChecksumType != tt.wantType {
				t.Errorf("HeadObject checksum type = %s; want %s", head.ChecksumType, tt.wantType)
			}
			if tt.wantType == types.ChecksumTypeFullObject {
				if want := patternSum(t, tt.alg, size); out.Checksum != want {
					t.Errorf("full-object checksum = %q; want %q", out.Checksum, want)
				}
			} else if !strings.HasSuffix(out.Checksum, "-5") {
				t.Errorf("composite checksum = %q; want ...-5", out.Checksum)
			}

			for _, byPart := range []bool{false, true} {
				opt := func(o *transfer.Options) { o.DownloadByPart = byPart }
				f, err := os.Create(filepath.Join(t.TempDir(), "obj"))
				if err != nil {
					t.Fatal(err)
				}
				n, err := m.Download(t.Context(), f, &transfer.DownloadInput{Bucket: bucket, Key: tt.key}, opt)
				if err != nil || n != size {
					t.Fatalf("Download(by part %v) = %d, %v", byPart, n, err)
				}
				f.Seek(0, io.SeekStart)
				checkPattern(t, f, size)
				f.Close()
				rc, err := m.DownloadStream(t.Context(), &transfer.DownloadInput{Bucket: bucket, Key: tt.key}, opt)
				if err != nil {
					t.Fatal(err)
				}
				checkPattern(t, rc, size)
				rc.Close()
			}

			// A corrupted body: a FULL_OBJECT checksum catches it; a
			// COMPOSITE one cannot be checked from ranges, and
			// versitygw sends no part checksums on part GETs.
			bad := transfer.New(corrupting{c}, func(o *transfer.Options) { o.PartSize = 5 << 20 })
			_, err = bad.Download(t.Context(), &discardAt{}, &transfer.DownloadInput{Bucket: bucket, Key: tt.key})
			var mm *transfer.ChecksumMismatchError
			if tt.wantType == types.ChecksumTypeFullObject && !errors.As(err, &mm) {
				t.Errorf("corrupted Download error = %v; want *ChecksumMismatchError", err)
			}
			if tt.wantType == types.ChecksumTypeComposite && err != nil {
				t.Errorf("corrupted Download of a composite object = %v; want no check (documented)", err)
			}
			rc, err := bad.DownloadStream(t.Context(), &transfer.DownloadInput{Bucket: bucket, Key: tt.key})
			if err != nil {
				t.Fatal(err)
			}
			_, err = io.Copy(io.Discard, rc)
			rc.Close()
			if tt.wantType == types.ChecksumTypeFullObject && !errors.As(err, &mm) {
				t.Errorf("corrupted DownloadStream read error = %v; want *ChecksumMismatchError at EOF", err)
			}
		})
	}
}

// TestIntegrationCopyPreserveTags copies in parts with the source's tags.
func TestIntegrationCopyPreserveTags(t *testing.T) {
	c := s3Client(t)
	bucket := testBucket(t, c)
	const size = 11 << 20
	m := transfer.New(c, func(o *transfer.Options) { o.PartSize = 5 << 20; o.CopyThreshold = 5 << 20; o.CopyPartSize = 5 << 20 })
	if _, err := m.Upload(t.Context(), &transfer.UploadInput{Bucket: bucket, Key: "src", Body: pattern{size},
		Tagging: "team=storage&note=a%20b"}); err != nil {
		t.Fatal(err)
	}
	for _, preserve := range []bool{true, false} {
		key := "dst-" + map[bool]string{true: "kept", false: "dropped"}[preserve]
		out, err := m.Copy(t.Context(), &transfer.CopyInput{SourceBucket: bucket, SourceKey: "src", Bucket: bucket, Key: key, PreserveTags: preserve})
		if err != nil || out.Parts != 3 {
			t.Fatalf("Copy = %+v, %v; want 3 parts", out, err)
		}
		tags, err := c.GetObjectTagging(t.Context(), &s3.GetObjectTaggingInput{Bucket: &bucket, Key: &key})
		if err != nil {
			t.Fatal(err)
		}
		got := map[string]string{}
		for _, tag := range tags.TagSet {
			got[deref(tag.Key)] = deref(tag.Value)
		}
		if preserve && (len(got) != 2 || got["team"] != "storage" || got["note"] != "a b") {
			t.Errorf("tags with PreserveTags = %v; want team=storage, note=a b", got)
		}
		if !preserve && len(got) != 0 {
			t.Errorf("tags without PreserveTags = %v; want none", got)
		}
	}
}

// discardAt is an io.WriterAt that keeps nothing.
type discardAt struct{}

func (discardAt) WriteAt(p []byte, _ int64) (int, error) { return len(p), nil }
