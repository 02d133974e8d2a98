package s3

// The S3-compatible mode end to end, against both servers. It lives in
// package s3 because the mode is reached through the runtime options
// until the generated Options gain their field (see BEHAVIOURS.md).

import (
	"crypto/rand"
	"encoding/hex"
	"io"
	"net/http"
	"strings"
	"sync"
	"testing"

	"github.com/nimbus-sdk/nimbus/internal/testenv"
	"github.com/nimbus-sdk/nimbus/services/s3/types"
	nimbushttp "github.com/nimbus-sdk/nimbus/transport/http"
)

type headerLog struct {
	mu   sync.Mutex
	reqs []*http.Request
	next nimbushttp.HTTPDoer
}

func (l *headerLog) Do(r *http.Request) (*http.Response, error) {
	l.mu.Lock()
	l.reqs = append(l.reqs, r.Clone(r.Context()))
	l.mu.Unlock()
	return l.next.Do(r)
}

func (l *headerLog) last() *http.Request {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.reqs[len(l.reqs)-1]
}

func TestServersCompatibleMode(t *testing.T) {
	for _, s := range []struct {
		name string
		get  func(testing.TB) testenv.Server
	}{{"versitygw", testenv.S3}, {"minio", testenv.MinIO}} {
		t.Run(s.name, func(t *testing.T) {
			srv := s.get(t)
			log := &headerLog{next: nimbushttp.NewClient()}
			c := New(Options{Region: srv.Region, BaseEndpoint: srv.Endpoint, Credentials: srv.Credentials(), HTTPClient: log})
			c = New(c.Options(), func(o *Options) { o.CompatibleMode = true })

			var rnd [6]byte
			rand.Read(rnd[:])
			bucket := "nit-compat-" + hex.EncodeToString(rnd[:])
			if _, err := c.CreateBucket(t.Context(), &CreateBucketInput{Bucket: &bucket}); err != nil {
				t.Fatalf("CreateBucket: %v", err)
			}
			if p := log.last().URL.Path; !strings.HasPrefix(p, "/"+bucket) {
				t.Errorf("path %q is not path style although UsePathStyle is false", p)
			}

			key := "k"
			if _, err := c.PutObject(t.Context(), &PutObjectInput{Bucket: &bucket, Key: &key, Body: strings.NewReader("plain")}); err != nil {
				t.Fatalf("PutObject: %v", err)
			}
			h := log.last().Header
			if h.Get("Content-Encoding") != "" || h.Get("X-Amz-Trailer") != "" || h.Get("X-Amz-Checksum-Crc32") != "" {
				t.Errorf("PutObject sent a checksum in compatible mode: %v", h)
			}
			if _, err := c.PutObject(t.Context(), &PutObjectInput{Bucket: &bucket, Key: ref("k2"), Body: strings.NewReader("chosen"), ChecksumAlgorithm: types.ChecksumAlgorithmSha256}); err != nil {
				t.Fatalf("PutObject with SHA256: %v", err)
			}
			if h := log.last().Header; h.Get("X-Amz-Checksum-Sha256") == "" || h.Get("X-Amz-Trailer") != "" {
				t.Errorf("a chosen algorithm must go as a header in compatible mode: %v", h)
			}
			out, err := c.GetObject(t.Context(), &GetObjectInput{Bucket: &bucket, Key: &key})
			if err != nil {
				t.Fatalf("GetObject: %v", err)
			}
			b, _ := io.ReadAll(out.Body)
			out.Body.Close()
			if string(b) != "plain" {
				t.Errorf("GetObject = %q", b)
			}
			_, err = c.DeleteObjects(t.Context(), &DeleteObjectsInput{Bucket: &bucket, Delete: &types.Delete{Objects: []types.ObjectIdentifier{{Key: &key}, {Key: ref("k2")}}}})
			if err != nil {
				t.Fatalf("DeleteObjects: %v", err)
			}
			if h := log.last().Header; h.Get("Content-Md5") == "" {
				t.Errorf("DeleteObjects without Content-MD5 in compatible mode: %v", h)
			}
			if _, err := c.DeleteBucket(t.Context(), &DeleteBucketInput{Bucket: &bucket}); err != nil {
				t.Errorf("DeleteBucket: %v", err)
			}
		})
	}
}
