package transfer_test

import (
	"crypto/rand"
	"encoding/base64"
	"errors"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/aws/smithy-go"
	smithyhttp "github.com/aws/smithy-go/transport/http"

	"github.com/nimbus-sdk/nimbus/feature/s3/transfer"
	"github.com/nimbus-sdk/nimbus/internal/testenv"
	"github.com/nimbus-sdk/nimbus/services/s3"
)

// TestIntegrationSSEC runs SSE-C transfers against MinIO over HTTPS (S3
// and MinIO take customer keys over TLS only): a multipart upload with a
// key, failed and resumed (ListParts and CompleteMultipartUpload with the
// key), downloads with the key by range, by part and as a stream, the S3
// errors of downloads without the key and with another, and a multipart
// copy to a new key under a second customer key, read back with it. The
// wire recording shows the key headers on every request of each
// transfer.
func TestIntegrationSSEC(t *testing.T) {
	srv := testenv.MinIOTLS(t)
	wire := &testenv.Wire{Next: srv.HTTPClient(t)}
	c := s3.New(s3.Options{Region: srv.Region, BaseEndpoint: srv.Endpoint, UsePathStyle: true,
		Credentials: srv.Credentials(), HTTPClient: wire})
	bucket := testBucket(t, c)
	m := transfer.New(c, func(o *transfer.Options) { o.PartSize = 5 << 20; o.Concurrency = 4 })
	const size = 12<<20 + 7 // three parts
	key1, key2 := randomKey(t), randomKey(t)

	// keyed checks that the requests sent since from carried the SSE-C
	// headers, and copies the copy-source ones too.
	keyed := func(t *testing.T, from int) {
		t.Helper()
		reqs := wire.Requests()[from:]
		if len(reqs) == 0 {
			t.Fatal("no request sent")
		}
		for _, r := range reqs {
			if r.Method == "DELETE" { // AbortMultipartUpload takes no key
				continue
			}
			h := r.Header
			if h.Get("X-Amz-Server-Side-Encryption-Customer-Algorithm") != "AES256" || h.Get("X-Amz-Server-Side-Encryption-Customer-Key-Md5") == "" {
				t.Errorf("%s %s?%s was sent without the SSE-C headers", r.Method, r.Path, r.RawQuery)
			}
			if h.Get("X-Amz-Copy-Source") != "" && h.Get("X-Amz-Copy-Source-Server-Side-Encryption-Customer-Key-Md5") == "" {
				t.Errorf("%s %s?%s was sent without the copy-source SSE-C headers", r.Method, r.Path, r.RawQuery)
			}
		}
	}
	download := func(t *testing.T, key, sseKey string, optFns ...func(*transfer.Options)) error {
		t.Helper()
		f, err := os.Create(filepath.Join(t.TempDir(), "out"))
		if err != nil {
			t.Fatal(err)
		}
		defer f.Close()
		n, err := m.Download(t.Context(), f, &transfer.DownloadInput{Bucket: bucket, Key: key,
			SSECustomerAlgorithm: "AES256", SSECustomerKey: sseKey}, optFns...)
		if err == nil {
			if n != size {
				t.Errorf("Download = %d bytes; want %d", n, size)
			}
			f.Seek(0, io.SeekStart)
			checkPattern(t, f, size)
		}
		return err
	}

	t.Run("upload, fail, resume", func(t *testing.T) {
		from := len(wire.Requests())
		part1 := make(chan struct{})
		in := &transfer.UploadInput{Bucket: bucket, Key: "enc.bin", SSECustomerAlgorithm: "AES256", SSECustomerKey: key1,
			Body: &failAfter{r: io.NewSectionReader(pattern{size}, 0, size), n: 7 << 20, wait: part1}}
		_, err := m.Upload(t.Context(), in, func(o *transfer.Options) {
			o.LeavePartsOnError = true
			o.Progress = transfer.ListenerFunc(func(e transfer.Event) {
				if e.Type == transfer.PartDone && e.PartNumber == 1 {
					close(part1)
				}
			})
		})
		var merr *transfer.MultipartUploadError
		if !errors.As(err, &merr) || merr.Aborted || len(merr.State.CompletedParts) != 1 {
			t.Fatalf("Upload failing after 7 MiB = %v; want a *MultipartUploadError keeping part 1", err)
		}
		in.Body, in.Resume = io.NewSectionReader(pattern{size}, 0, size), merr.State
		out, err := m.Upload(t.Context(), in)
		if err != nil || out.Parts != 3 {
			t.Fatalf("resumed Upload = %+v, %v; want 3 parts", out, err)
		}
		keyed(t, from)
		if !sentOp(wire.Requests()[from:], "GET", "uploadId=") {
			t.Error("no ListParts was sent")
		}
	})
	t.Run("download by range", func(t *testing.T) {
		from := len(wire.Requests())
		if err := download(t, "enc.bin", key1); err != nil {
			t.Fatal(err)
		}
		keyed(t, from)
	})
	t.Run("download by part", func(t *testing.T) {
		from := len(wire.Requests())
		if err := download(t, "enc.bin", key1, func(o *transfer.Options) { o.DownloadByPart = true }); err != nil {
			t.Fatal(err)
		}
		keyed(t, from)
		if !sentOp(wire.Requests()[from:], "GET", "partNumber=3") {
			t.Error("no GET of part 3 was sent")
		}
	})
	t.Run("stream", func(t *testing.T) {
		from := len(wire.Requests())
		rc, err := m.DownloadStream(t.Context(), &transfer.DownloadInput{Bucket: bucket, Key: "enc.bin",
			SSECustomerAlgorithm: "AES256", SSECustomerKey: key1})
		if err != nil {
			t.Fatal(err)
		}
		defer rc.Close()
		checkPattern(t, rc, size)
		keyed(t, from)
	})
	t.Run("without the key", func(t *testing.T) {
		for _, validate := range []bool{true, false} {
			f, _ := os.Create(filepath.Join(t.TempDir(), "out"))
			_, err := m.Download(t.Context(), f, &transfer.DownloadInput{Bucket: bucket, Key: "enc.bin"},
				func(o *transfer.Options) { o.SkipChecksumValidation = !validate })
			f.Close()
			// A HEAD (validation's first request) answers 400 without a
			// body; a GET with S3's error.
			var re *smithyhttp.ResponseError
			if !errors.As(err, &re) || re.HTTPStatusCode() != 400 {
				t.Errorf("validate %t: Download without the key = %v; want S3's 400", validate, err)
			}
			var api smithy.APIError
			if !validate && (!errors.As(err, &api) || api.ErrorCode() != "InvalidRequest") {
				t.Errorf("Download without the key by GET = %v; want S3's InvalidRequest", err)
			}
		}
	})
	t.Run("with another key", func(t *testing.T) {
		err := download(t, "enc.bin", key2)
		var re *smithyhttp.ResponseError
		if !errors.As(err, &re) || re.HTTPStatusCode() != 403 {
			t.Errorf("Download with another key = %v; want S3's 403", err)
		}
	})
	t.Run("copy multipart to another key", func(t *testing.T) {
		from := len(wire.Requests())
		cp, err := m.Copy(t.Context(), &transfer.CopyInput{SourceBucket: bucket, SourceKey: "enc.bin", Bucket: bucket, Key: "copy.bin",
			CopySourceSSECustomerAlgorithm: "AES256", CopySourceSSECustomerKey: key1,
			SSECustomerAlgorithm: "AES256", SSECustomerKey: key2},
			func(o *transfer.Options) { o.CopyThreshold, o.CopyPartSize = 5<<20, 5<<20 })
		if err != nil || cp.Parts != 3 {
			t.Fatalf("Copy = %+v, %v; want 3 parts", cp, err)
		}
		keyed(t, from)
		if err := download(t, "copy.bin", key2, func(o *transfer.Options) { o.DownloadByPart = true }); err != nil {
			t.Fatalf("Download of the copy with its key: %v", err)
		}
		if err := download(t, "copy.bin", key1); err == nil {
			t.Error("the copy was read with the source's key")
		}
	})
}

// randomKey returns a base64 AES-256 key.
func randomKey(t *testing.T) string {
	var k [32]byte
	rand.Read(k[:])
	return base64.StdEncoding.EncodeToString(k[:])
}

// sentOp reports whether one of reqs had method and a query containing q.
func sentOp(reqs []*testenv.Sent, method, q string) bool {
	for _, r := range reqs {
		if r.Method == method && strings.Contains(r.RawQuery, q) {
			return true
		}
	}
	return false
}

// failAfter reads r and fails after n bytes, as a broken source would,
// once wait is closed.
type failAfter struct {
	r    io.Reader
	n    int64
	wait chan struct{}
}

func (f *failAfter) Read(p []byte) (int, error) {
	if f.n <= 0 {
		<-f.wait
		return 0, errors.New("source broke")
	}
	p = p[:min(int64(len(p)), f.n)]
	n, err := f.r.Read(p)
	f.n -= int64(n)
	return n, err
}
