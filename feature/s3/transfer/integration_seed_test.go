package transfer_test

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"sync"
	"testing"

	"github.com/nimbus-sdk/nimbus/services/s3"
)

// listRecorder is an *s3.Client that records the MaxKeys of each
// ListObjectsV2 call.
type listRecorder struct {
	*s3.Client
	mu      sync.Mutex
	maxKeys []int32
}

func (r *listRecorder) ListObjectsV2(ctx context.Context, in *s3.ListObjectsV2Input, optFns ...func(*s3.Options)) (*s3.ListObjectsV2Output, error) {
	r.mu.Lock()
	r.maxKeys = append(r.maxKeys, deref(in.MaxKeys))
	r.mu.Unlock()
	return r.Client.ListObjectsV2(ctx, in, optFns...)
}

// openFilesUnder counts the files under dir the process holds open
// (Linux only, through /proc; -1 elsewhere).
func openFilesUnder(t *testing.T, dir string) int {
	if runtime.GOOS != "linux" {
		return -1
	}
	fds, err := os.ReadDir("/proc/self/fd")
	if err != nil {
		t.Fatal(err)
	}
	n := 0
	for _, fd := range fds {
		target, err := os.Readlink(filepath.Join("/proc/self/fd", fd.Name()))
		if err == nil && strings.HasPrefix(target, dir+string(filepath.Separator)) {
			n++
		}
	}
	return n
}

// TestIntegrationSeedPrograms runs the two programs of the original SDK's
// batch API, as the package examples show them (uploadDirectory with a
// DirectoryIterator, deleteAllObjects with a delete list iterator),
// against the real S3 server.
func TestIntegrationSeedPrograms(t *testing.T) {
	c := s3Client(t)
	bucket := testBucket(t, c)
	ctx := t.Context()

	dir := t.TempDir()
	const n = 230 // three pages of 100
	want := map[string][]byte{}
	for i := range n {
		rel := fmt.Sprintf("d%d/f%03d.txt", i%4, i)
		data := bytes.Repeat([]byte(rel), i%7+1)
		want[rel] = data
		p := filepath.Join(dir, filepath.FromSlash(rel))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, data, 0o644); err != nil {
			t.Fatal(err)
		}
	}

	res, err := uploadDirectory(ctx, c, bucket, dir)
	if err != nil || res.Succeeded != n || len(res.Failed) != 0 {
		t.Fatalf("uploadDirectory = %+v, %v; want %d succeeded", res, err, n)
	}
	if open := openFilesUnder(t, dir); open > 0 {
		t.Errorf("%d files of the directory are still open: the After hooks did not close them", open)
	}
	for _, rel := range []string{"d0/f000.txt", "d1/f101.txt", "d1/f229.txt"} {
		out, err := c.GetObject(ctx, &s3.GetObjectInput{Bucket: &bucket, Key: &rel})
		if err != nil {
			t.Fatalf("GetObject(%s): %v", rel, err)
		}
		got, err := io.ReadAll(out.Body)
		out.Body.Close()
		if err != nil || !bytes.Equal(got, want[rel]) {
			t.Errorf("object %s = %q, %v; want %q", rel, got, err, want[rel])
		}
	}
	if got := countObjects(t, c, bucket); got != n {
		t.Fatalf("bucket holds %d objects after the upload; want %d", got, n)
	}

	rec := &listRecorder{Client: c}
	if err := deleteAllObjects(ctx, rec, bucket); err != nil {
		t.Fatalf("deleteAllObjects: %v", err)
	}
	if got := countObjects(t, c, bucket); got != 0 {
		t.Errorf("bucket holds %d objects after deleteAllObjects; want 0", got)
	}
	// 230 keys at 100 a page: three pages, the last one short.
	if fmt.Sprint(rec.maxKeys) != "[100 100 100]" {
		t.Errorf("ListObjectsV2 MaxKeys = %v; want [100 100 100]", rec.maxKeys)
	}
}

func countObjects(t *testing.T, c *s3.Client, bucket string) int {
	t.Helper()
	n := 0
	for page, err := range s3.NewListObjectsV2Paginator(c, listIn(bucket)).Pages(t.Context()) {
		if err != nil {
			t.Fatal(err)
		}
		n += len(page.Contents)
	}
	return n
}
