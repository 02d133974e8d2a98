package transfer_test

import (
	"bytes"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/nimbus-sdk/nimbus/feature/s3/transfer"
	"github.com/nimbus-sdk/nimbus/internal/testenv"
	"github.com/nimbus-sdk/nimbus/services/s3"
	v4 "github.com/nimbus-sdk/nimbus/signer/v4"
)

// TestIntegrationTLS runs the transfer manager against versitygw over
// HTTPS, the path AWS users take: multipart uploads from an io.ReaderAt
// and from a plain reader, a single PutObject, a multipart copy,
// downloads to a file and as a stream, and a directory round trip. Every
// body went aws-chunked in unsigned chunks with a checksum trailer
// (STREAMING-UNSIGNED-PAYLOAD-TRAILER), as the wire recording shows;
// nothing was signed chunk by chunk as over plain HTTP.
func TestIntegrationTLS(t *testing.T) {
	srv := testenv.S3TLS(t)
	wire := &testenv.Wire{Next: srv.HTTPClient(t)}
	c := s3.New(s3.Options{Region: srv.Region, BaseEndpoint: srv.Endpoint, UsePathStyle: true,
		Credentials: srv.Credentials(), HTTPClient: wire})
	bucket := testBucket(t, c)
	m := transfer.New(c, func(o *transfer.Options) { o.PartSize = 5 << 20; o.Concurrency = 4 })
	const size = 12<<20 + 7 // three parts

	t.Run("upload reader at", func(t *testing.T) {
		out, err := m.Upload(t.Context(), &transfer.UploadInput{Bucket: bucket, Key: "at.bin", Body: pattern{size}})
		if err != nil || out.Parts != 3 {
			t.Fatalf("Upload = %+v, %v; want 3 parts", out, err)
		}
	})
	t.Run("upload plain reader", func(t *testing.T) {
		out, err := m.Upload(t.Context(), &transfer.UploadInput{Bucket: bucket, Key: "reader.bin",
			Body: io.LimitReader(io.NewSectionReader(pattern{size}, 0, size), size)})
		if err != nil || out.Parts != 3 {
			t.Fatalf("Upload = %+v, %v; want 3 parts", out, err)
		}
	})
	t.Run("upload single", func(t *testing.T) {
		if _, err := m.Upload(t.Context(), &transfer.UploadInput{Bucket: bucket, Key: "small.txt", Body: strings.NewReader("small")}); err != nil {
			t.Fatal(err)
		}
	})
	t.Run("copy multipart", func(t *testing.T) {
		cp, err := m.Copy(t.Context(), &transfer.CopyInput{SourceBucket: bucket, SourceKey: "at.bin", Bucket: bucket, Key: "copy.bin"},
			func(o *transfer.Options) { o.CopyThreshold, o.CopyPartSize = 5<<20, 5<<20 })
		if err != nil || cp.Parts != 3 {
			t.Fatalf("Copy = %+v, %v; want 3 parts", cp, err)
		}
	})
	for _, key := range []string{"at.bin", "reader.bin", "copy.bin"} {
		t.Run("download "+key, func(t *testing.T) {
			f, err := os.Create(filepath.Join(t.TempDir(), "out"))
			if err != nil {
				t.Fatal(err)
			}
			defer f.Close()
			if n, err := m.Download(t.Context(), f, &transfer.DownloadInput{Bucket: bucket, Key: key}); err != nil || n != size {
				t.Fatalf("Download = %d, %v; want %d", n, err, size)
			}
			f.Seek(0, io.SeekStart)
			checkPattern(t, f, size)
			rc, err := m.DownloadStream(t.Context(), &transfer.DownloadInput{Bucket: bucket, Key: key})
			if err != nil {
				t.Fatal(err)
			}
			defer rc.Close()
			checkPattern(t, rc, size)
		})
	}
	t.Run("directory", func(t *testing.T) {
		src, dst := t.TempDir(), t.TempDir()
		files := map[string]string{"a.txt": "a", "sub/b.txt": "bb", "sub/deeper/c.txt": "ccc"}
		for rel, data := range files {
			p := filepath.Join(src, filepath.FromSlash(rel))
			os.MkdirAll(filepath.Dir(p), 0o755)
			if err := os.WriteFile(p, []byte(data), 0o644); err != nil {
				t.Fatal(err)
			}
		}
		if res, err := m.UploadDirectory(t.Context(), &transfer.UploadDirectoryInput{Dir: src, Bucket: bucket, Prefix: "dir/"}); err != nil || res.Succeeded != 3 {
			t.Fatalf("UploadDirectory = %+v, %v", res, err)
		}
		if res, err := m.DownloadDirectory(t.Context(), &transfer.DownloadDirectoryInput{Bucket: bucket, Prefix: "dir/", Dir: dst}); err != nil || res.Succeeded != 3 {
			t.Fatalf("DownloadDirectory = %+v, %v", res, err)
		}
		for rel, want := range files {
			if got, err := os.ReadFile(filepath.Join(dst, filepath.FromSlash(rel))); err != nil || string(got) != want {
				t.Errorf("%s = %q, %v; want %q", rel, got, err, want)
			}
		}
	})

	// What went on the wire: every body aws-chunked and unsigned.
	bodies := 0
	for _, r := range wire.Requests() {
		hash := r.Header.Get("X-Amz-Content-Sha256")
		if strings.HasPrefix(hash, "STREAMING-AWS4-") {
			t.Errorf("%s %s?%s signed %s over TLS", r.Method, r.Path, r.RawQuery, hash)
		}
		if r.Method != "PUT" || r.Header.Get("X-Amz-Copy-Source") != "" || r.ContentLength <= 0 {
			continue // no body: GETs, HEADs, creates, completes, part copies
		}
		bodies++
		trailer := r.Header.Get("X-Amz-Trailer")
		tail := r.BodyTail(t)
		if hash != v4.StreamingUnsignedPayloadTrailer || !strings.Contains(r.Header.Get("Content-Encoding"), "aws-chunked") ||
			!strings.HasPrefix(trailer, "x-amz-checksum-") ||
			!bytes.HasSuffix(tail, []byte("\r\n\r\n")) || !bytes.Contains(tail, []byte("0\r\n"+trailer+":")) || bytes.Contains(tail, []byte("signature")) {
			t.Errorf("%s %s?%s: X-Amz-Content-Sha256 %q, Content-Encoding %q, X-Amz-Trailer %q, body ending %q; want %s, aws-chunked and an unsigned last chunk with the checksum trailer",
				r.Method, r.Path, r.RawQuery, hash, r.Header.Get("Content-Encoding"), trailer, tail, v4.StreamingUnsignedPayloadTrailer)
		}
	}
	// 3+3 parts, the small object, 3 files.
	if bodies != 10 {
		t.Errorf("%d requests with a body; want 10", bodies)
	}
}
