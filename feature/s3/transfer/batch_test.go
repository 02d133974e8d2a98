package transfer

import (
	"bytes"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/nimbus-sdk/nimbus/feature/s3/transfer/transfertest"
	"github.com/nimbus-sdk/nimbus/services/s3"
)

func TestCopy(t *testing.T) {
	tests := []struct {
		name      string
		size      int
		replace   bool
		wantParts int
	}{
		{"single", mib, false, 0},
		{"single replace", mib, true, 0},
		{"multipart keeps metadata", 13 * mib, false, 3},
		{"multipart replace", 13 * mib, true, 3},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f, m := newFake(t)
			data := testData(t, tt.size, 12)
			if _, err := m.Upload(t.Context(), &UploadInput{Bucket: "b", Key: "src key+", Body: bytes.NewReader(data),
				ContentType: "text/src", Metadata: map[string]string{"a": "1"}}); err != nil {
				t.Fatal(err)
			}
			out, err := m.Copy(t.Context(), &CopyInput{SourceBucket: "b", SourceKey: "src key+", Bucket: "b", Key: "dst",
				ReplaceMetadata: tt.replace, ContentType: "text/new", Metadata: map[string]string{"b": "2"}},
				func(o *Options) { o.CopyThreshold = 8 * mib; o.CopyPartSize = 5 * mib })
			if err != nil {
				t.Fatalf("Copy: %v", err)
			}
			if out.Parts != tt.wantParts {
				t.Errorf("Parts = %d; want %d", out.Parts, tt.wantParts)
			}
			got, _ := f.Object("b", "dst")
			if !bytes.Equal(got, data) {
				t.Error("copy differs")
			}
			head, err := f.HeadObject(t.Context(), headInput("b", "dst"))
			if err != nil {
				t.Fatal(err)
			}
			wantCT, wantMeta := "text/src", "a=1"
			if tt.replace {
				wantCT, wantMeta = "text/new", "b=2"
			}
			if ct, meta := deref(head.ContentType), metaString(head.Metadata); ct != wantCT || meta != wantMeta {
				t.Errorf("copy ContentType, Metadata = %q, %q; want %q, %q", ct, meta, wantCT, wantMeta)
			}
		})
	}
}

func metaString(m map[string]string) string {
	var s []string
	for k, v := range m {
		s = append(s, k+"="+v)
	}
	slices.Sort(s)
	return strings.Join(s, ",")
}

func TestCopyFailureAborts(t *testing.T) {
	f, m := newFake(t)
	f.Put("b", "src", testData(t, 13*mib, 13))
	f.Inject(transfertest.Fault{Op: "UploadPartCopy", PartNumber: 2, Err: transfertest.ServerError()})
	_, err := m.Copy(t.Context(), &CopyInput{SourceBucket: "b", SourceKey: "src", Bucket: "b", Key: "dst"},
		func(o *Options) { o.CopyThreshold = 8 * mib; o.CopyPartSize = 5 * mib })
	var merr *MultipartUploadError
	if !errors.As(err, &merr) || !merr.Aborted {
		t.Fatalf("Copy error = %v; want an aborted *MultipartUploadError", err)
	}
	if len(f.Uploads()) != 0 {
		t.Error("upload left open")
	}
}

func TestDeletePrefix(t *testing.T) {
	f, m := newFake(t)
	for i := range 2500 {
		f.Put("b", fmt.Sprintf("logs/%05d", i), nil)
	}
	f.Put("b", "keep/1", nil)
	f.Put("b", "logs0", nil) // shares the string prefix "logs" but not "logs/"
	res, err := m.DeletePrefix(t.Context(), "b", "logs/")
	if err != nil {
		t.Fatalf("DeletePrefix: %v", err)
	}
	if res.Succeeded != 2500 || len(res.Failed) != 0 {
		t.Errorf("result = %d succeeded, %d failed; want 2500, 0", res.Succeeded, len(res.Failed))
	}
	if got := f.Calls("DeleteObjects"); got != 3 {
		t.Errorf("DeleteObjects calls = %d; want 3", got)
	}
	if got := f.Keys("b"); !slices.Equal(got, []string{"keep/1", "logs0"}) {
		t.Errorf("keys left = %v", got)
	}
}

func TestDeletePrefixPerKeyErrors(t *testing.T) {
	f, m := newFake(t)
	for i := range 1200 {
		f.Put("b", fmt.Sprintf("k%04d", i), nil)
	}
	f.Inject(transfertest.Fault{Op: "DeleteObjects", Key: "k0007", Err: &transfertest.APIError{Code: "AccessDenied", Message: "no", Status: 403}})
	f.Inject(transfertest.Fault{Op: "DeleteObjects", Key: "k1100", Err: &transfertest.APIError{Code: "AccessDenied", Message: "no", Status: 403}})
	res, err := m.DeletePrefix(t.Context(), "b", "")
	var berr *BatchError
	if !errors.As(err, &berr) || len(berr.Failed) != 2 {
		t.Fatalf("DeletePrefix error = %v; want a *BatchError with 2 failures", err)
	}
	var de *DeleteError
	if !errors.As(err, &de) || de.Code != "AccessDenied" {
		t.Errorf("error does not carry the per-key DeleteError: %v", err)
	}
	if res.Succeeded != 1198 || len(res.OutcomeUnknown) != 0 {
		t.Errorf("Succeeded = %d, OutcomeUnknown = %d; want 1198, 0 (per-key errors are refusals)", res.Succeeded, len(res.OutcomeUnknown))
	}
	if got := f.Keys("b"); !slices.Equal(got, []string{"k0007", "k1100"}) {
		t.Errorf("keys left = %v", got)
	}
}

func TestBatchDeleteKeys(t *testing.T) {
	f, m := newFake(t)
	f.Put("b", "x", nil)
	f.Put("b", "y", nil)
	res, err := m.BatchDelete(t.Context(), DeleteKeys("b", slices.Values([]string{"x", "y", "missing"})))
	if err != nil || res.Succeeded != 3 {
		t.Fatalf("BatchDelete = %+v, %v", res, err)
	}
	if len(f.Keys("b")) != 0 {
		t.Errorf("keys left = %v", f.Keys("b"))
	}
}

// dirIterator is a custom UploadIterator that walks a directory, like the
// classic example of the original SDK's batch API: it opens each file in
// Next and closes it in the After hook.
type dirIterator struct {
	bucket string
	root   string
	paths  []string
	file   *os.File
	key    string
	err    error
}

func newDirIterator(bucket, root string) *dirIterator {
	it := &dirIterator{bucket: bucket, root: root}
	it.err = filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
		if err == nil && d.Type().IsRegular() {
			it.paths = append(it.paths, p)
		}
		return err
	})
	return it
}

func (it *dirIterator) Next() bool {
	if it.err != nil || len(it.paths) == 0 {
		return false
	}
	p := it.paths[0]
	it.paths = it.paths[1:]
	it.file, it.err = os.Open(p)
	rel, _ := filepath.Rel(it.root, p)
	it.key = filepath.ToSlash(rel)
	return it.err == nil
}

func (it *dirIterator) Err() error { return it.err }

func (it *dirIterator) UploadObject() BatchUploadObject {
	f := it.file
	return BatchUploadObject{
		Object: &UploadInput{Bucket: it.bucket, Key: it.key, Body: f},
		After:  func() error { return f.Close() },
	}
}

func writeTree(t *testing.T, dir string, n int) map[string][]byte {
	t.Helper()
	files := map[string][]byte{}
	for i := range n {
		rel := fmt.Sprintf("d%d/sub%d/f%03d.txt", i%3, i%2, i)
		data := []byte(strings.Repeat(rel, i%5+1))
		files[rel] = data
		p := filepath.Join(dir, filepath.FromSlash(rel))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, data, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return files
}

func TestBatchUploadCustomIterator(t *testing.T) {
	f, m := newFake(t)
	dir := t.TempDir()
	files := writeTree(t, dir, 20)
	res, err := m.BatchUpload(t.Context(), newDirIterator("b", dir))
	if err != nil || res.Succeeded != 20 {
		t.Fatalf("BatchUpload = %+v, %v", res, err)
	}
	for rel, data := range files {
		if got, _ := f.Object("b", rel); !bytes.Equal(got, data) {
			t.Errorf("object %s differs", rel)
		}
	}
}

func TestBatchUploadSeqReportsEachFailure(t *testing.T) {
	f, m := newFake(t)
	f.Inject(transfertest.Fault{Op: "PutObject", Key: "bad", Err: transfertest.ServerError()})
	inputs := []*UploadInput{
		{Bucket: "b", Key: "a", Body: strings.NewReader("a")},
		{Bucket: "b", Key: "bad", Body: strings.NewReader("x")},
		{Bucket: "nobucket", Key: "c", Body: strings.NewReader("c")},
		{Bucket: "b", Key: "d", Body: strings.NewReader("d")},
	}
	res, err := m.BatchUpload(t.Context(), UploadSeq(slices.Values(inputs)))
	var berr *BatchError
	if !errors.As(err, &berr) {
		t.Fatalf("BatchUpload error = %v; want *BatchError", err)
	}
	var failedKeys []string
	for _, fe := range res.Failed {
		failedKeys = append(failedKeys, fe.Key)
	}
	slices.Sort(failedKeys)
	if res.Succeeded != 2 || !slices.Equal(failedKeys, []string{"bad", "c"}) {
		t.Errorf("Succeeded = %d, failed = %v; want 2, [bad c]", res.Succeeded, failedKeys)
	}
	if got := f.Keys("b"); !slices.Equal(got, []string{"a", "d"}) {
		t.Errorf("keys = %v", got)
	}
}

func TestBatchDownloadSeq(t *testing.T) {
	f, m := newFake(t)
	f.Put("b", "one", []byte("1"))
	f.Put("b", "two", []byte("22"))
	ws := map[string]*memWriterAt{"one": {}, "two": {}, "missing": {}}
	afters := 0
	objs := func(yield func(BatchDownloadObject) bool) {
		for _, k := range []string{"one", "two", "missing"} {
			if !yield(BatchDownloadObject{Object: &DownloadInput{Bucket: "b", Key: k}, Writer: ws[k], After: func() error { afters++; return nil }}) {
				return
			}
		}
	}
	res, err := m.BatchDownload(t.Context(), DownloadSeq(objs), func(o *Options) { o.Concurrency = 1 })
	if err == nil || res.Succeeded != 2 || len(res.Failed) != 1 || res.Failed[0].Key != "missing" {
		t.Fatalf("BatchDownload = %+v, %v", res, err)
	}
	if string(ws["two"].b) != "22" || afters != 3 {
		t.Errorf("two = %q, afters = %d", ws["two"].b, afters)
	}
}

func TestDirectoryRoundTrip(t *testing.T) {
	f, m := newFake(t)
	src := t.TempDir()
	files := writeTree(t, src, 30)
	if err := os.Symlink(filepath.Join(src, "d0"), filepath.Join(src, "link")); err != nil {
		t.Fatal(err)
	}
	res, err := m.UploadDirectory(t.Context(), &UploadDirectoryInput{Dir: src, Bucket: "b", Prefix: "site/",
		Filter: func(rel string, d fs.DirEntry) bool { return rel != "d2/sub0" }})
	if err != nil {
		t.Fatalf("UploadDirectory: %v", err)
	}
	want := 0
	for rel := range files {
		if !strings.HasPrefix(rel, "d2/sub0/") {
			want++
		}
	}
	if res.Succeeded != want || len(res.Skipped) != 1 {
		t.Errorf("UploadDirectory: %d succeeded, skipped %v; want %d and the symlink", res.Succeeded, res.Skipped, want)
	}

	t.Run("follow symlinks", func(t *testing.T) {
		res, err := m.UploadDirectory(t.Context(), &UploadDirectoryInput{Dir: src, Bucket: "b", Prefix: "follow/", FollowSymlinks: true})
		if err != nil || res.Succeeded <= 30 {
			t.Errorf("UploadDirectory following links: %d succeeded, %v; want more than 30", res.Succeeded, err)
		}
	})

	dst := t.TempDir()
	res, err = m.DownloadDirectory(t.Context(), &DownloadDirectoryInput{Bucket: "b", Prefix: "site/", Dir: dst})
	if err != nil || res.Succeeded != want {
		t.Fatalf("DownloadDirectory = %d, %v; want %d", res.Succeeded, err, want)
	}
	for rel, data := range files {
		got, err := os.ReadFile(filepath.Join(dst, filepath.FromSlash(rel)))
		if strings.HasPrefix(rel, "d2/sub0/") {
			if err == nil {
				t.Errorf("%s was downloaded but filtered out of the upload", rel)
			}
			continue
		}
		if !bytes.Equal(got, data) {
			t.Errorf("%s differs after the round trip (%v)", rel, err)
		}
	}
	_ = f
}

func TestDownloadDirectoryPathSafety(t *testing.T) {
	f, m := newFake(t)
	keys := map[string]bool{ // key -> safe
		"p/ok.txt":           true,
		"p/a/b/c.txt":        true,
		"p/dir/":             true,
		"p/../../etc/passwd": false,
		"p/../escape":        false,
		"p//etc/passwd":      false,
		"p/a/../../../x":     false,
		"p/a\\..\\..\\x":     false,
	}
	for k := range keys {
		f.Put("b", k, []byte(k))
	}
	base := t.TempDir()
	dst := filepath.Join(base, "out")
	res, err := m.DownloadDirectory(t.Context(), &DownloadDirectoryInput{Bucket: "b", Prefix: "p/", Dir: dst})
	if err == nil {
		t.Fatal("DownloadDirectory succeeded with unsafe keys")
	}
	var failed []string
	for _, fe := range res.Failed {
		if !errors.Is(fe, ErrUnsafePath) {
			t.Errorf("%s failed with %v; want ErrUnsafePath", fe.Key, fe.Err)
		}
		failed = append(failed, fe.Key)
	}
	for k, safe := range keys {
		if slices.Contains(failed, k) == safe {
			t.Errorf("key %q: failed = %v; want %v", k, !safe, !safe)
		}
	}
	// Nothing was written outside dst.
	entries, _ := os.ReadDir(base)
	if len(entries) != 1 {
		t.Errorf("entries next to the target dir: %v", entries)
	}
	if got, err := os.ReadFile(filepath.Join(dst, "a", "b", "c.txt")); err != nil || string(got) != "p/a/b/c.txt" {
		t.Errorf("safe key not written: %q, %v", got, err)
	}
}

func headInput(bucket, key string) *s3.HeadObjectInput {
	return &s3.HeadObjectInput{Bucket: &bucket, Key: &key}
}
