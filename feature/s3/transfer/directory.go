package transfer

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"iter"
	"os"
	"path"
	"path/filepath"
	"strings"

	"github.com/nimbus-sdk/nimbus/services/s3"
	"github.com/nimbus-sdk/nimbus/services/s3/types"
)

// UploadDirectoryInput describes a directory upload.
type UploadDirectoryInput struct {
	Dir    string // required: local directory
	Bucket string // required
	Prefix string // prepended to each file's slash-separated path below Dir

	// Filter, if not nil, is called with each file's and directory's
	// slash-separated path below Dir; returning false leaves the file out
	// (or the directory with everything in it). Such files are not
	// reported as skipped.
	Filter func(rel string, d fs.DirEntry) bool

	// NoRecursion uploads only the files directly in Dir. The zero value
	// walks subdirectories.
	NoRecursion bool

	// FollowSymlinks uploads the files symbolic links point to and walks
	// the directories they point to; a link to a directory being walked
	// (a cycle) is skipped. The zero value leaves symbolic links out and lists them in
	// [BatchResult.Skipped].
	FollowSymlinks bool

	// Upload, if not nil, edits each file's UploadInput before it is sent
	// (to set ContentType, Metadata, an SSE-C key or RequestPayer, say:
	// every field of [UploadInput] but Body can be set). It runs on the
	// file's goroutine, so calls for different files may overlap.
	Upload func(rel string, in *UploadInput)
}

// UploadDirectory uploads the regular files under in.Dir to in.Bucket,
// up to [Options.Concurrency] at once. Files are read in place (no copy).
// Each failed file is reported in the result and the returned
// [*BatchError]; the others go on.
func (m *Manager) UploadDirectory(ctx context.Context, in *UploadDirectoryInput, optFns ...func(*Options)) (*BatchResult, error) {
	if in == nil || in.Dir == "" || in.Bucket == "" {
		return nil, errors.New("transfer: UploadDirectory needs a Dir and a Bucket")
	}
	if fi, err := os.Stat(in.Dir); err != nil {
		return nil, err
	} else if !fi.IsDir() {
		return nil, fmt.Errorf("transfer: %s is not a directory", in.Dir)
	}
	o := m.callOptions(optFns)
	res := &BatchResult{}
	var st walkState
	next, stop := iter.Pull(in.walk(&st))
	defer stop()
	m.runBatch(ctx, &o, OpUpload, "UploadDirectory", res, func() (batchItem, bool) {
		f, ok := next()
		if !ok {
			return batchItem{}, false
		}
		key := in.Prefix + f.rel
		return batchItem{bucket: in.Bucket, key: key, path: f.path, run: func(ctx context.Context) (int64, error) {
			file, err := os.Open(f.path)
			if err != nil {
				return 0, err
			}
			defer file.Close()
			up := &UploadInput{Bucket: in.Bucket, Key: key, Body: file}
			if in.Upload != nil {
				in.Upload(f.rel, up)
			}
			out, err := m.Upload(ctx, up, optFns...)
			if err != nil {
				return 0, err
			}
			return out.Size, nil
		}}, true
	})
	stop()
	res.Failed = append(res.Failed, st.failed...)
	res.Skipped = append(res.Skipped, st.skipped...)
	return finish(ctx, res, nil)
}

type localFile struct {
	path string // path on disk
	rel  string // slash-separated path below the root
}

// walkState collects what a walk left out. The walk runs on the batch's
// dispatching goroutine (through iter.Pull), so it needs no lock; it is
// merged into the result after the batch.
type walkState struct {
	failed  []*ObjectError
	skipped []string
}

// walk yields the files to upload. Unreadable directories and entries
// are recorded as failures; symlinks (unless followed) and special files
// as skipped.
func (in *UploadDirectoryInput) walk(st *walkState) iter.Seq[localFile] {
	return func(yield func(localFile) bool) {
		ancestors := map[string]bool{} // real paths of the directories being walked
		var visit func(dir, rel string) bool
		visit = func(dir, rel string) bool {
			if real, err := filepath.EvalSymlinks(dir); err == nil {
				if ancestors[real] { // a link back up: a cycle
					st.skipped = append(st.skipped, dir)
					return true
				}
				ancestors[real] = true
				defer delete(ancestors, real)
			}
			entries, err := os.ReadDir(dir)
			if err != nil {
				st.failed = append(st.failed, &ObjectError{Bucket: in.Bucket, Key: in.Prefix + rel, Path: dir, Err: err})
			}
			for _, d := range entries {
				p := filepath.Join(dir, d.Name())
				r := path.Join(rel, d.Name())
				if in.Filter != nil && !in.Filter(r, d) {
					continue
				}
				mode := d.Type()
				if mode&fs.ModeSymlink != 0 {
					if !in.FollowSymlinks {
						st.skipped = append(st.skipped, p)
						continue
					}
					fi, err := os.Stat(p)
					if err != nil {
						st.failed = append(st.failed, &ObjectError{Bucket: in.Bucket, Key: in.Prefix + r, Path: p, Err: err})
						continue
					}
					mode = fi.Mode().Type()
				}
				switch {
				case mode.IsDir():
					if !in.NoRecursion && !visit(p, r) {
						return false
					}
				case mode.IsRegular():
					if !yield(localFile{path: p, rel: r}) {
						return false
					}
				default:
					st.skipped = append(st.skipped, p)
				}
			}
			return true
		}
		visit(in.Dir, "")
	}
}

// DownloadDirectoryInput describes a directory download.
type DownloadDirectoryInput struct {
	Bucket string // required
	Prefix string // only keys with this prefix; it is removed to form local paths
	Dir    string // required: local directory, created if needed

	// Filter, if not nil, is called with each key; returning false leaves
	// the object out.
	Filter func(key string) bool

	// NoRecursion downloads only the keys without a "/" after the prefix.
	// The zero value downloads everything under the prefix.
	NoRecursion bool

	// RequestPayer, "requester" for a Requester Pays bucket, and
	// ExpectedBucketOwner, the account that must own the bucket, are
	// sent with the ListObjectsV2 calls and set in each object's
	// DownloadInput.
	RequestPayer        types.RequestPayer
	ExpectedBucketOwner string

	// Download, if not nil, edits each object's DownloadInput before the
	// download starts: to give the SSE-C key of the object, say, which
	// may differ from key to key (S3 does not list which objects are
	// encrypted with a customer key; a GET without the key fails with
	// S3's 400 error). It is called for one object at a time, as the
	// listing yields them.
	Download func(key string, in *DownloadInput)
}

// DownloadDirectory downloads the objects under in.Prefix into in.Dir, up
// to [Options.Concurrency] at once. A key's local path is its part after
// the prefix; a key that would land outside in.Dir (absolute, or with
// ".." elements that climb out) fails with [ErrUnsafePath] and nothing is
// written for it; on Windows so does a key with a ':' (a drive letter
// such as C:/x, an alternate data stream) or naming a device (NUL, CON,
// COM1...). Files are opened through an [os.Root], so symbolic
// links inside in.Dir cannot redirect writes outside it either. Keys
// ending in "/" create directories.
func (m *Manager) DownloadDirectory(ctx context.Context, in *DownloadDirectoryInput, optFns ...func(*Options)) (*BatchResult, error) {
	if in == nil || in.Dir == "" || in.Bucket == "" {
		return nil, errors.New("transfer: DownloadDirectory needs a Dir and a Bucket")
	}
	o := m.callOptions(optFns)
	if err := os.MkdirAll(in.Dir, 0o755); err != nil {
		return nil, err
	}
	root, err := os.OpenRoot(in.Dir)
	if err != nil {
		return nil, err
	}
	defer root.Close()
	li := &s3.ListObjectsV2Input{Bucket: &in.Bucket, Prefix: str(in.Prefix),
		RequestPayer: in.RequestPayer, ExpectedBucketOwner: str(in.ExpectedBucketOwner)}
	if in.NoRecursion {
		li.Delimiter = str("/")
	}
	list := newListIterator(ctx, m.client, li, m.s3Options(&o))
	res := &BatchResult{}
	m.runBatch(ctx, &o, OpDownload, "DownloadDirectory", res, func() (batchItem, bool) {
		for list.Next() {
			key := deref(list.cur.Key)
			if in.Filter != nil && !in.Filter(key) {
				continue
			}
			rel, err := localPath(in.Prefix, key)
			di := &DownloadInput{Bucket: in.Bucket, Key: key,
				RequestPayer: in.RequestPayer, ExpectedBucketOwner: in.ExpectedBucketOwner}
			if err == nil && in.Download != nil {
				in.Download(key, di)
			}
			return batchItem{bucket: in.Bucket, key: key, path: filepath.Join(in.Dir, rel), run: func(ctx context.Context) (int64, error) {
				if err != nil {
					return 0, err
				}
				return m.downloadFile(ctx, root, di, rel, optFns)
			}}, true
		}
		return batchItem{}, false
	})
	return finish(ctx, res, list.Err())
}

// mkdirAll creates dir and its parents inside root.
func mkdirAll(root *os.Root, dir string) error {
	if dir == "." || dir == "" {
		return nil
	}
	if err := mkdirAll(root, filepath.Dir(dir)); err != nil {
		return err
	}
	if err := root.Mkdir(dir, 0o755); err != nil && !errors.Is(err, fs.ErrExist) {
		return err
	}
	return nil
}

// downloadFile downloads the object of di into rel inside root; a
// partial file is removed on failure.
func (m *Manager) downloadFile(ctx context.Context, root *os.Root, di *DownloadInput, rel string, optFns []func(*Options)) (int64, error) {
	if strings.HasSuffix(rel, string(filepath.Separator)) || rel == "." {
		return 0, mkdirAll(root, filepath.Clean(rel))
	}
	if err := mkdirAll(root, filepath.Dir(rel)); err != nil {
		return 0, err
	}
	f, err := root.OpenFile(rel, os.O_WRONLY|os.O_CREATE|os.O_TRUNC, 0o644)
	if err != nil {
		return 0, err
	}
	n, err := m.Download(ctx, f, di, optFns...)
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		root.Remove(rel)
		return 0, err
	}
	return n, nil
}
