package transfer_test

import (
	"bufio"
	"bytes"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/nimbus-sdk/nimbus/feature/s3/transfer"
)

var errEOF = io.EOF

// checkPattern reads r to the end and reports the first byte that differs
// from pattern{size}.
func checkPattern(t *testing.T, r io.Reader, size int64) {
	t.Helper()
	br := bufio.NewReaderSize(r, 1<<20)
	var off int64
	for {
		b, err := br.ReadByte()
		if err == io.EOF {
			break
		}
		if err != nil {
			t.Fatalf("reading at %d: %v", off, err)
		}
		if b != patternByte(off) {
			t.Fatalf("byte %d = %#x; want %#x", off, b, patternByte(off))
		}
		off++
	}
	if off != size {
		t.Fatalf("read %d bytes; want %d", off, size)
	}
}

func TestIntegrationLargeObject(t *testing.T) {
	c := s3Client(t)
	bucket := testBucket(t, c)
	const size = 100<<20 + 12345
	var sent atomic.Int64
	m := transfer.New(c, func(o *transfer.Options) {
		o.PartSize = 8 << 20
		o.Progress = transfer.ListenerFunc(func(e transfer.Event) {
			if e.Type == transfer.Bytes {
				sent.Add(e.Bytes)
			}
		})
	})
	out, err := m.Upload(t.Context(), &transfer.UploadInput{Bucket: bucket, Key: "big.bin", Body: pattern{size}, ContentType: "application/x-test"})
	if err != nil {
		t.Fatalf("Upload: %v", err)
	}
	if out.Parts != 13 {
		t.Errorf("Upload parts = %d; want 13", out.Parts)
	}
	if got := sent.Load(); got != size {
		t.Errorf("progress reported %d bytes sent; want %d", got, size)
	}

	t.Run("download to file", func(t *testing.T) {
		f, err := os.Create(filepath.Join(t.TempDir(), "big.bin"))
		if err != nil {
			t.Fatal(err)
		}
		defer f.Close()
		n, err := m.Download(t.Context(), f, &transfer.DownloadInput{Bucket: bucket, Key: "big.bin"})
		if err != nil || n != size {
			t.Fatalf("Download = %d, %v; want %d", n, err, size)
		}
		if _, err := f.Seek(0, io.SeekStart); err != nil {
			t.Fatal(err)
		}
		checkPattern(t, f, size)
	})
	t.Run("download stream", func(t *testing.T) {
		rc, err := m.DownloadStream(t.Context(), &transfer.DownloadInput{Bucket: bucket, Key: "big.bin"})
		if err != nil {
			t.Fatal(err)
		}
		defer rc.Close()
		checkPattern(t, rc, size)
	})
	t.Run("multipart copy", func(t *testing.T) {
		cp, err := m.Copy(t.Context(), &transfer.CopyInput{SourceBucket: bucket, SourceKey: "big.bin", Bucket: bucket, Key: "copy.bin"},
			func(o *transfer.Options) { o.CopyThreshold = 32 << 20; o.CopyPartSize = 32 << 20 })
		if err != nil {
			t.Fatalf("Copy: %v", err)
		}
		if cp.Parts != 4 {
			t.Errorf("Copy parts = %d; want 4", cp.Parts)
		}
		head, err := c.HeadObject(t.Context(), headIn(bucket, "copy.bin"))
		if err != nil {
			t.Fatal(err)
		}
		if deref(head.ContentLength) != size || deref(head.ContentType) != "application/x-test" {
			t.Errorf("copy: size %d, content type %q", deref(head.ContentLength), deref(head.ContentType))
		}
		rc, err := m.DownloadStream(t.Context(), &transfer.DownloadInput{Bucket: bucket, Key: "copy.bin"})
		if err != nil {
			t.Fatal(err)
		}
		defer rc.Close()
		checkPattern(t, rc, size)
	})
}

func TestIntegrationUploadReader(t *testing.T) {
	c := s3Client(t)
	bucket := testBucket(t, c)
	m := transfer.New(c, func(o *transfer.Options) { o.PartSize = 5 << 20; o.MaxMemory = 15 << 20 })
	const size = 23 << 20
	body := io.NewSectionReader(pattern{size}, 0, size)
	out, err := m.Upload(t.Context(), &transfer.UploadInput{Bucket: bucket, Key: "r.bin", Body: struct{ io.Reader }{body}})
	if err != nil || out.Parts != 5 {
		t.Fatalf("Upload = %+v, %v; want 5 parts", out, err)
	}
	rc, err := m.DownloadStream(t.Context(), &transfer.DownloadInput{Bucket: bucket, Key: "r.bin"})
	if err != nil {
		t.Fatal(err)
	}
	defer rc.Close()
	checkPattern(t, rc, size)
}

func TestIntegrationSmallCopyAndEmpty(t *testing.T) {
	c := s3Client(t)
	bucket := testBucket(t, c)
	m := transfer.New(c)
	if _, err := m.Upload(t.Context(), &transfer.UploadInput{Bucket: bucket, Key: "empty", Body: strings.NewReader("")}); err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	rc, err := m.DownloadStream(t.Context(), &transfer.DownloadInput{Bucket: bucket, Key: "empty"})
	if err != nil {
		t.Fatalf("DownloadStream(empty): %v", err)
	}
	io.Copy(&buf, rc)
	rc.Close()
	if buf.Len() != 0 {
		t.Errorf("empty object read %d bytes", buf.Len())
	}
	if _, err := m.Upload(t.Context(), &transfer.UploadInput{Bucket: bucket, Key: "a b+c", Body: strings.NewReader("hello"),
		Metadata: map[string]string{"color": "blue"}}); err != nil {
		t.Fatal(err)
	}
	if _, err := m.Copy(t.Context(), &transfer.CopyInput{SourceBucket: bucket, SourceKey: "a b+c", Bucket: bucket, Key: "copied"}); err != nil {
		t.Fatalf("Copy: %v", err)
	}
	head, err := c.HeadObject(t.Context(), headIn(bucket, "copied"))
	if err != nil {
		t.Fatal(err)
	}
	if head.Metadata["color"] != "blue" {
		t.Errorf("copied metadata = %v; want color=blue", head.Metadata)
	}
}

func TestIntegrationDirectory(t *testing.T) {
	c := s3Client(t)
	bucket := testBucket(t, c)
	m := transfer.New(c, func(o *transfer.Options) { o.Concurrency = 16 })
	src := t.TempDir()
	for i := range 1000 {
		p := filepath.Join(src, fmt.Sprintf("d%02d", i%10), fmt.Sprintf("f%04d.txt", i))
		os.MkdirAll(filepath.Dir(p), 0o755)
		if err := os.WriteFile(p, []byte(strings.Repeat(fmt.Sprint(i), i%7+1)), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	res, err := m.UploadDirectory(t.Context(), &transfer.UploadDirectoryInput{Dir: src, Bucket: bucket, Prefix: "tree/"})
	if err != nil || res.Succeeded != 1000 {
		t.Fatalf("UploadDirectory = %d succeeded, %v", res.Succeeded, err)
	}
	dst := t.TempDir()
	res, err = m.DownloadDirectory(t.Context(), &transfer.DownloadDirectoryInput{Bucket: bucket, Prefix: "tree/", Dir: dst})
	if err != nil || res.Succeeded != 1000 {
		t.Fatalf("DownloadDirectory = %d succeeded, %v", res.Succeeded, err)
	}
	for i := range 1000 {
		rel := filepath.Join(fmt.Sprintf("d%02d", i%10), fmt.Sprintf("f%04d.txt", i))
		got, err := os.ReadFile(filepath.Join(dst, rel))
		if want := strings.Repeat(fmt.Sprint(i), i%7+1); err != nil || string(got) != want {
			t.Fatalf("%s = %q, %v; want %q", rel, got, err, want)
		}
	}
}

func TestIntegrationDeletePrefix(t *testing.T) {
	c := s3Client(t)
	bucket := testBucket(t, c)
	m := transfer.New(c, func(o *transfer.Options) { o.Concurrency = 16 })
	keys := func(yield func(*transfer.UploadInput) bool) {
		for i := range 2500 {
			if !yield(&transfer.UploadInput{Bucket: bucket, Key: fmt.Sprintf("logs/%04d", i), Body: strings.NewReader("x")}) {
				return
			}
		}
		yield(&transfer.UploadInput{Bucket: bucket, Key: "keep", Body: strings.NewReader("k")})
	}
	if res, err := m.BatchUpload(t.Context(), transfer.UploadSeq(keys)); err != nil || res.Succeeded != 2501 {
		t.Fatalf("BatchUpload = %+v, %v", res, err)
	}
	res, err := m.DeletePrefix(t.Context(), bucket, "logs/")
	if err != nil || res.Succeeded != 2500 {
		t.Fatalf("DeletePrefix = %d succeeded, %v", res.Succeeded, err)
	}
	out, err := c.ListObjectsV2(t.Context(), listIn(bucket))
	if err != nil {
		t.Fatal(err)
	}
	if len(out.Contents) != 1 || deref(out.Contents[0].Key) != "keep" {
		t.Errorf("left after DeletePrefix: %d objects", len(out.Contents))
	}
}
