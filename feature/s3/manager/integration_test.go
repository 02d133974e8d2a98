package manager_test

import (
	"bytes"
	"context"
	"crypto/rand"
	"encoding/hex"
	"strings"
	"testing"
	"time"

	"github.com/nimbus-sdk/nimbus/feature/s3/manager"
	"github.com/nimbus-sdk/nimbus/internal/testenv"
	"github.com/nimbus-sdk/nimbus/services/s3"
)

// s3Client returns a path-style client for the integration tests' S3
// server (versitygw in CI), named by the NIMBUS_S3_* variables; see
// internal/testenv for when the test is skipped or fails.
func s3Client(t *testing.T) *s3.Client {
	t.Helper()
	srv := testenv.S3(t)
	return s3.New(s3.Options{Region: srv.Region, BaseEndpoint: srv.Endpoint, UsePathStyle: true, Credentials: srv.Credentials()})
}

// testBucket creates a uniquely named bucket, emptied and deleted when the
// test ends.
func testBucket(t *testing.T, c *s3.Client) string {
	t.Helper()
	var rnd [5]byte
	rand.Read(rnd[:])
	name := "nit-manager-" + strings.ToLower(strings.NewReplacer("/", "-", "_", "-").Replace(t.Name()))
	if len(name) > 45 {
		name = name[:45]
	}
	name = strings.TrimSuffix(name, "-") + "-" + hex.EncodeToString(rnd[:])
	if _, err := c.CreateBucket(t.Context(), &s3.CreateBucketInput{Bucket: &name}); err != nil {
		t.Fatalf("CreateBucket(%s): %v", name, err)
	}
	t.Cleanup(func() {
		ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
		defer cancel()
		if ups, err := c.ListMultipartUploads(ctx, &s3.ListMultipartUploadsInput{Bucket: &name}); err == nil {
			for _, u := range ups.Uploads {
				c.AbortMultipartUpload(ctx, &s3.AbortMultipartUploadInput{Bucket: &name, Key: u.Key, UploadId: u.UploadId})
			}
		}
		for page, err := range s3.NewListObjectsV2Paginator(c, &s3.ListObjectsV2Input{Bucket: &name}).Pages(ctx) {
			if err != nil {
				t.Logf("cleanup: listing %s: %v", name, err)
				break
			}
			for _, o := range page.Contents {
				c.DeleteObject(ctx, &s3.DeleteObjectInput{Bucket: &name, Key: o.Key})
			}
		}
		if _, err := c.DeleteBucket(ctx, &s3.DeleteBucketInput{Bucket: &name}); err != nil {
			t.Logf("cleanup: DeleteBucket(%s): %v", name, err)
		}
	})
	return name
}

// TestIntegrationUploadDownload: v2-style code uploads 12 MiB + 7 bytes in
// 5 MiB parts to a real server and downloads it back, byte for byte, with
// the object's settings kept, and downloads ranges of it.
func TestIntegrationUploadDownload(t *testing.T) {
	c := s3Client(t)
	bucket := testBucket(t, c)
	data := patternBytes(testSize)
	key, contentType := "dir/big.bin", "application/x-test"

	uploader := manager.NewUploader(c, func(u *manager.Uploader) { u.PartSize = 5 << 20 })
	out, err := uploader.Upload(t.Context(), &s3.PutObjectInput{Bucket: &bucket, Key: &key, Body: bytes.NewReader(data),
		ContentType: &contentType, Metadata: map[string]string{"origin": "v2"}})
	if err != nil {
		t.Fatalf("Upload: %v", err)
	}
	if out.UploadID == "" || out.ETag == nil || !strings.HasSuffix(strings.Trim(*out.ETag, `"`), "-3") || deref(out.Key) != key {
		t.Errorf("UploadOutput: UploadID %q, ETag %v, Key %v; want a 3-part multipart upload", out.UploadID, deref(out.ETag), deref(out.Key))
	}

	head, err := c.HeadObject(t.Context(), &s3.HeadObjectInput{Bucket: &bucket, Key: &key})
	if err != nil {
		t.Fatalf("HeadObject: %v", err)
	}
	if deref(head.ContentLength) != testSize || deref(head.ContentType) != contentType || head.Metadata["origin"] != "v2" {
		t.Errorf("HeadObject: size %d, type %q, metadata %v", deref(head.ContentLength), deref(head.ContentType), head.Metadata)
	}

	buf := manager.NewWriteAtBuffer(nil)
	d := manager.NewDownloader(c, func(d *manager.Downloader) { d.PartSize = 5 << 20 })
	n, err := d.Download(t.Context(), buf, &s3.GetObjectInput{Bucket: &bucket, Key: &key})
	if err != nil || n != testSize {
		t.Fatalf("Download = %d, %v; want %d", n, err, testSize)
	}
	if !bytes.Equal(buf.Bytes(), data) {
		t.Error("downloaded bytes differ from the uploaded ones")
	}

	// Ranges, as v2 code asks for them: one GET each, written from
	// offset 0, the Response* overrides accepted.
	for _, rng := range []struct {
		header   string
		from, to int
	}{{"bytes=1000-", 1000, testSize - 1}, {"bytes=-100", testSize - 100, testSize - 1}, {"bytes=5000000-5999999", 5000000, 5999999}} {
		buf := manager.NewWriteAtBuffer(nil)
		ct := "application/x-override"
		n, err := d.Download(t.Context(), buf, &s3.GetObjectInput{Bucket: &bucket, Key: &key, Range: &rng.header, ResponseContentType: &ct})
		want := data[rng.from : rng.to+1]
		if err != nil || n != int64(len(want)) || !bytes.Equal(buf.Bytes(), want) {
			t.Errorf("Download %s = %d, %v; want the %d bytes %d-%d", rng.header, n, err, len(want), rng.from, rng.to)
		}
	}

	// A field the transfer cannot honour fails before anything is sent.
	other := "other.bin"
	if _, err := uploader.Upload(t.Context(), &s3.PutObjectInput{Bucket: &bucket, Key: &other, Body: bytes.NewReader(data[:10]), ChecksumSHA512: new(string)}); err == nil {
		t.Error("Upload with ChecksumSHA512 succeeded")
	}
	if _, err := c.HeadObject(t.Context(), &s3.HeadObjectInput{Bucket: &bucket, Key: &other}); err == nil {
		t.Error("the refused upload stored an object")
	}
}
