package transfer_test

// Integration tests with faultproxy between the client and versitygw:
// faults a real server cannot be asked for, each bounded to a handful of
// requests on small objects.

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"net/http"
	"strings"
	"sync"
	"testing"

	"github.com/nimbus-sdk/nimbus/feature/s3/transfer"
	"github.com/nimbus-sdk/nimbus/internal/testenv"
	"github.com/nimbus-sdk/nimbus/internal/testenv/faultproxy"
	"github.com/nimbus-sdk/nimbus/services/s3"
)

// proxyClient returns a client for the integration S3 server that sends
// through a fault proxy applying rule.
func proxyClient(t *testing.T, rule faultproxy.Rule) (*s3.Client, *faultproxy.Proxy) {
	t.Helper()
	srv := testenv.S3(t)
	p := faultproxy.Start(t, srv.Endpoint, rule)
	return s3.New(s3.Options{
		Region: srv.Region, BaseEndpoint: p.URL, UsePathStyle: true,
		Credentials: srv.Credentials(),
	}), p
}

// laterRangeGET matches a GET of a range or part that does not start the
// object, which is never the request a download learns the object from.
func laterRangeGET(r *http.Request) bool {
	if r.Method != http.MethodGet {
		return false
	}
	if pn := r.URL.Query().Get("partNumber"); pn != "" {
		return pn != "1"
	}
	rng := r.Header.Get("Range")
	return rng != "" && !strings.HasPrefix(rng, "bytes=0-")
}

// TestIntegrationDownloadRangeMismatch: a proxy rewrites one 206 answer to
// a later range or part. The download must fail with a
// *transfer.RangeMismatchError, never report success, and never put a
// byte at a wrong offset.
func TestIntegrationDownloadRangeMismatch(t *testing.T) {
	direct := s3Client(t)
	bucket := testBucket(t, direct)
	const size = 7<<20 + 5 // two parts of 5 MiB
	data := bytes.Repeat([]byte("0123456789abcdefghijklmnopqrstuvwxyz"), size/36+1)[:size]
	up := transfer.New(direct, func(o *transfer.Options) { o.PartSize = 5 << 20 })
	if _, err := up.Upload(t.Context(), &transfer.UploadInput{Bucket: bucket, Key: "k", Body: bytes.NewReader(data)}); err != nil {
		t.Fatalf("Upload: %v", err)
	}

	rewrites := []struct {
		name    string
		rewrite func(*faultproxy.Response)
	}{
		{"Content-Range from byte 0", func(r *faultproxy.Response) {
			_, total, _ := strings.Cut(r.Header.Get("Content-Range"), "/")
			r.Header.Set("Content-Range", fmt.Sprintf("bytes 0-%d/%s", len(r.Body)-1, total))
		}},
		{"200 without Content-Range", func(r *faultproxy.Response) {
			r.Status = http.StatusOK
			r.Header.Del("Content-Range")
		}},
	}
	for _, rw := range rewrites {
		for _, byPart := range []bool{false, true} {
			for _, api := range []string{"writerat", "stream"} {
				t.Run(fmt.Sprintf("%s/byPart=%v/%s", rw.name, byPart, api), func(t *testing.T) {
					c, p := proxyClient(t, faultproxy.Times(1, laterRangeGET, faultproxy.Fault{Rewrite: rw.rewrite}))
					m := transfer.New(c, func(o *transfer.Options) {
						o.PartSize, o.Concurrency, o.DownloadByPart = 5<<20, 2, byPart
					})
					got, err := download(t, m, api, &transfer.DownloadInput{Bucket: bucket, Key: "k"})
					if p.Injected() != 1 {
						t.Fatalf("proxy rewrote %d responses; want 1", p.Injected())
					}
					var rm *transfer.RangeMismatchError
					if !errors.As(err, &rm) {
						t.Fatalf("download error = %v; want a *transfer.RangeMismatchError", err)
					}
					for off, b := range got {
						if b != 0 && b != data[off] {
							t.Fatalf("byte %d = %q; want %q (written at a wrong offset)", off, b, data[off])
						}
					}
				})
			}
		}
	}
}

// download runs a download through api ("writerat" or "stream") and
// returns what it wrote or read, in place.
func download(t *testing.T, m *transfer.Manager, api string, in *transfer.DownloadInput) ([]byte, error) {
	t.Helper()
	if api == "writerat" {
		w := &sliceWriterAt{}
		_, err := m.Download(t.Context(), w, in)
		return w.b, err
	}
	rc, err := m.DownloadStream(t.Context(), in)
	if err != nil {
		return nil, err
	}
	defer rc.Close()
	return io.ReadAll(rc)
}

// sliceWriterAt is an io.WriterAt over a growing byte slice.
type sliceWriterAt struct {
	mu sync.Mutex
	b  []byte
}

func (w *sliceWriterAt) WriteAt(p []byte, off int64) (int, error) {
	w.mu.Lock()
	defer w.mu.Unlock()
	if end := int(off) + len(p); end > len(w.b) {
		w.b = append(w.b, make([]byte, end-len(w.b))...)
	}
	return copy(w.b[off:], p), nil
}

// isCreateMultipartUpload matches CreateMultipartUpload: POST ?uploads.
func isCreateMultipartUpload(r *http.Request) bool {
	return r.Method == http.MethodPost && r.URL.Query().Has("uploads")
}

// TestIntegrationLostCreateLeavesNoUpload: the proxy drops the response
// of the first CreateMultipartUpload after versitygw created the upload,
// and the client retries. When the upload (or multipart copy) has
// completed, the bucket has no multipart upload left: the Manager found
// and aborted the one whose ID it never saw.
func TestIntegrationLostCreateLeavesNoUpload(t *testing.T) {
	direct := s3Client(t)
	bucket := testBucket(t, direct)
	const size = 6<<20 + 7 // two parts of 5 MiB
	data := bytes.Repeat([]byte("lost-create "), size/12+1)[:size]
	opts := func(o *transfer.Options) {
		o.PartSize, o.CopyThreshold, o.CopyPartSize = 5<<20, 5<<20, 5<<20
	}
	if _, err := transfer.New(direct, opts).Upload(t.Context(), &transfer.UploadInput{Bucket: bucket, Key: "src", Body: bytes.NewReader(data)}); err != nil {
		t.Fatalf("Upload of the copy source: %v", err)
	}
	tests := []struct {
		name string // and the key written
		run  func(m *transfer.Manager) error
	}{
		{"up", func(m *transfer.Manager) error {
			_, err := m.Upload(t.Context(), &transfer.UploadInput{Bucket: bucket, Key: "up", Body: bytes.NewReader(data)})
			return err
		}},
		{"copy", func(m *transfer.Manager) error {
			_, err := m.Copy(t.Context(), &transfer.CopyInput{SourceBucket: bucket, SourceKey: "src", Bucket: bucket, Key: "copy"})
			return err
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c, p := proxyClient(t, faultproxy.Times(1, isCreateMultipartUpload, faultproxy.Fault{DropResponse: true}))
			if err := tt.run(transfer.New(c, opts)); err != nil {
				t.Fatalf("%s: %v", tt.name, err)
			}
			creates := 0
			for _, r := range p.Records() {
				if r.Method == http.MethodPost && strings.Contains(r.RawQuery, "uploads") {
					creates++
				}
			}
			if p.Injected() != 1 || creates != 2 {
				t.Fatalf("proxy dropped %d responses of %d CreateMultipartUpload calls; want 1 of 2", p.Injected(), creates)
			}
			ups, err := direct.ListMultipartUploads(t.Context(), &s3.ListMultipartUploadsInput{Bucket: &bucket, Prefix: &tt.name})
			if err != nil {
				t.Fatal(err)
			}
			for _, u := range ups.Uploads {
				t.Errorf("upload %s of %s left on the server", deref(u.UploadId), deref(u.Key))
			}
		})
	}
}
