package transfer_test

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"net/http"
	"strings"
	"sync"
	"testing"

	"github.com/aws/smithy-go"
	smithyhttp "github.com/aws/smithy-go/transport/http"
	"github.com/nimbus-sdk/nimbus/feature/s3/transfer"
	"github.com/nimbus-sdk/nimbus/internal/testenv"
	"github.com/nimbus-sdk/nimbus/services/s3"
	transporthttp "github.com/nimbus-sdk/nimbus/transport/http"
)

// rangeServers are the S3 servers the ranged download tests run against.
var rangeServers = []struct {
	name string
	get  func(testing.TB) testenv.Server
}{
	{"versitygw", testenv.S3},
	{"minio", testenv.MinIO},
}

// getRecorder is an HTTP client that keeps the Content-Type of the
// GetObject responses it receives.
type getRecorder struct {
	next transporthttp.HTTPDoer

	mu           sync.Mutex
	contentTypes []string
}

func (g *getRecorder) Do(req *http.Request) (*http.Response, error) {
	resp, err := g.next.Do(req)
	if err == nil && req.Method == http.MethodGet && resp.StatusCode/100 == 2 && !req.URL.Query().Has("list-type") {
		g.mu.Lock()
		g.contentTypes = append(g.contentTypes, resp.Header.Get("Content-Type"))
		g.mu.Unlock()
	}
	return resp, err
}

func (g *getRecorder) take() []string {
	g.mu.Lock()
	defer g.mu.Unlock()
	ct := g.contentTypes
	g.contentTypes = nil
	return ct
}

// TestIntegrationDownloadRange downloads ranges of every form of a
// three-part object (5 MiB parts) from versitygw and MinIO, by both
// download paths and both APIs, and checks each byte; a range that
// starts at the end fails with the server's 416 InvalidRange.
func TestIntegrationDownloadRange(t *testing.T) {
	const part = 5 << 20
	const size = 2*part + 2<<20 + 7
	ranges := []struct {
		rng      string
		from, to int64
	}{
		{"bytes=100-1099", 100, 1099},
		{fmt.Sprintf("bytes=%d-%d", part, 2*part-1), part, 2*part - 1},
		{fmt.Sprintf("bytes=%d-%d", part-10, part+9), part - 10, part + 9},
		{"bytes=1000-", 1000, size - 1},
		{"bytes=4000-99999999", 4000, size - 1},
		{"bytes=-100", size - 100, size - 1},
		{"bytes=-6000000", size - 6000000, size - 1},
		{"bytes=-99999999", 0, size - 1},
	}
	for _, srv := range rangeServers {
		t.Run(srv.name, func(t *testing.T) {
			s := srv.get(t)
			c := s3.New(s3.Options{Region: s.Region, BaseEndpoint: s.Endpoint, UsePathStyle: true, Credentials: s.Credentials()})
			bucket := testBucket(t, c)
			m := transfer.New(c, func(o *transfer.Options) { o.PartSize, o.Concurrency = part, 3 })
			out, err := m.Upload(t.Context(), &transfer.UploadInput{Bucket: bucket, Key: "k", Body: pattern{size}})
			if err != nil || out.Parts != 3 {
				t.Fatalf("Upload = %+v, %v; want 3 parts", out, err)
			}
			for _, r := range ranges {
				for _, skip := range []bool{false, true} {
					for _, api := range []string{"writerat", "stream"} {
						t.Run(fmt.Sprintf("%s/skipValidation=%v/%s", r.rng, skip, api), func(t *testing.T) {
							m := transfer.New(c, func(o *transfer.Options) {
								o.PartSize, o.Concurrency, o.SkipChecksumValidation = part, 3, skip
							})
							got, err := download(t, m, api, &transfer.DownloadInput{Bucket: bucket, Key: "k", Range: r.rng})
							if err != nil {
								t.Fatalf("download: %v", err)
							}
							if !bytes.Equal(got, patternSlice(r.from, r.to)) {
								t.Fatalf("downloaded %d bytes; want bytes %d-%d of the object (%d)", len(got), r.from, r.to, r.to-r.from+1)
							}
						})
					}
				}
			}
			t.Run("past the end", func(t *testing.T) {
				for _, rng := range []string{fmt.Sprintf("bytes=%d-", size), fmt.Sprintf("bytes=%d-%d", size+10, size+20)} {
					got, err := download(t, m, "writerat", &transfer.DownloadInput{Bucket: bucket, Key: "k", Range: rng})
					var api smithy.APIError
					var re *smithyhttp.ResponseError
					if !errors.As(err, &api) || api.ErrorCode() != "InvalidRange" || !errors.As(err, &re) || re.HTTPStatusCode() != http.StatusRequestedRangeNotSatisfiable {
						t.Errorf("%s: error = %v; want the server's 416 InvalidRange", rng, err)
					}
					if len(got) != 0 {
						t.Errorf("%s: wrote %d bytes; want none", rng, len(got))
					}
				}
			})
		})
	}
}

// patternSlice returns bytes from through to of the pattern.
func patternSlice(from, to int64) []byte {
	b := make([]byte, to-from+1)
	for i := range b {
		b[i] = patternByte(from + int64(i))
	}
	return b
}

// TestIntegrationResponseOverride: a download's ResponseContentType goes
// with every GET and the server answers each with that Content-Type, as
// it does to a GetObject and to a presigned GET with the override.
func TestIntegrationResponseOverride(t *testing.T) {
	const override = "application/x-nimbus-override"
	for _, srv := range rangeServers {
		t.Run(srv.name, func(t *testing.T) {
			s := srv.get(t)
			rec := &getRecorder{next: s.HTTPClient(t)}
			c := s3.New(s3.Options{Region: s.Region, BaseEndpoint: s.Endpoint, UsePathStyle: true, Credentials: s.Credentials(), HTTPClient: rec})
			bucket := testBucket(t, c)
			const size = 11<<20 + 3
			m := transfer.New(c, func(o *transfer.Options) { o.PartSize = 5 << 20 })
			if _, err := m.Upload(t.Context(), &transfer.UploadInput{Bucket: bucket, Key: "k", Body: pattern{size}, ContentType: "text/plain"}); err != nil {
				t.Fatal(err)
			}
			rec.take()

			for _, rng := range []string{"", "bytes=1000-"} {
				got, err := download(t, m, "writerat", &transfer.DownloadInput{Bucket: bucket, Key: "k", Range: rng, ResponseContentType: override})
				if err != nil {
					t.Fatalf("download %q: %v", rng, err)
				}
				from := int64(0)
				if rng != "" {
					from = 1000
				}
				if !bytes.Equal(got, patternSlice(from, size-1)) {
					t.Fatalf("download %q: %d bytes, not bytes %d-%d of the object", rng, len(got), from, size-1)
				}
				cts := rec.take()
				if len(cts) != 3 {
					t.Errorf("download %q: %d GET responses; want 3", rng, len(cts))
				}
				for _, ct := range cts {
					if ct != override {
						t.Errorf("download %q: a GET answered Content-Type %q; want %q", rng, ct, override)
					}
				}
			}

			key, ctOverride := "k", override
			out, err := c.GetObject(t.Context(), &s3.GetObjectInput{Bucket: &bucket, Key: &key, Range: ptrTo("bytes=0-9"), ResponseContentType: &ctOverride})
			if err != nil {
				t.Fatal(err)
			}
			out.Body.Close()
			if got := deref(out.ContentType); got != override {
				t.Errorf("GetObject Content-Type = %q; want %q", got, override)
			}

			pr, err := s3.NewPresignClient(c).PresignGetObject(t.Context(), &s3.GetObjectInput{Bucket: &bucket, Key: &key, ResponseContentType: &ctOverride})
			if err != nil {
				t.Fatal(err)
			}
			req, err := http.NewRequestWithContext(t.Context(), pr.Method, pr.URL, nil)
			if err != nil {
				t.Fatal(err)
			}
			resp, err := s.HTTPClient(t).Do(req)
			if err != nil {
				t.Fatal(err)
			}
			io.Copy(io.Discard, resp.Body)
			resp.Body.Close()
			if resp.StatusCode != http.StatusOK || resp.Header.Get("Content-Type") != override {
				t.Errorf("presigned GET: %s, Content-Type %q; want 200 and %q", resp.Status, resp.Header.Get("Content-Type"), override)
			}
			if !strings.Contains(pr.URL, "response-content-type=") {
				t.Errorf("presigned URL %s has no response-content-type", pr.URL)
			}
		})
	}
}

func ptrTo[T any](v T) *T { return &v }
