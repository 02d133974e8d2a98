package transfer_test

import (
	"context"
	"fmt"
	"io/fs"
	"log"
	"os"
	"path/filepath"

	"github.com/nimbus-sdk/nimbus/feature/s3/transfer"
	"github.com/nimbus-sdk/nimbus/feature/s3/transfer/transfertest"
)

// DirectoryIterator iterates through the files of a directory tree to be
// uploaded to S3: the custom iterator of the original SDK's batch API, in
// Nimbus form. Each file is opened in Next and closed in its object's
// After hook, so no file stays open after its upload.
// ([transfer.Manager.UploadDirectory] does all this, with filters and a
// symbolic link policy.)
type DirectoryIterator struct {
	filePaths []string
	dir       string
	bucket    string
	next      struct {
		path string
		f    *os.File
	}
	err error
}

// NewDirectoryIterator creates and returns a new UploadIterator over the
// regular files under dir. Each file's key is its slash-separated path
// below dir.
func NewDirectoryIterator(bucket, dir string) transfer.UploadIterator {
	var paths []string
	err := filepath.WalkDir(dir, func(path string, d fs.DirEntry, err error) error {
		// We care only about files, not directories.
		if err == nil && d.Type().IsRegular() {
			paths = append(paths, path)
		}
		return err
	})
	return &DirectoryIterator{filePaths: paths, dir: dir, bucket: bucket, err: err}
}

// Next opens the next file and stops iteration if it fails to open a
// file.
func (iter *DirectoryIterator) Next() bool {
	if iter.err != nil || len(iter.filePaths) == 0 {
		iter.next.f = nil
		return false
	}
	f, err := os.Open(iter.filePaths[0])
	iter.err = err
	iter.next.f = f
	iter.next.path = iter.filePaths[0]
	iter.filePaths = iter.filePaths[1:]
	return iter.Err() == nil
}

// Err returns an error that was set during the walk or opening a file.
func (iter *DirectoryIterator) Err() error {
	return iter.err
}

// UploadObject returns a BatchUploadObject and sets the After field to
// close the file.
func (iter *DirectoryIterator) UploadObject() transfer.BatchUploadObject {
	f := iter.next.f
	rel, err := filepath.Rel(iter.dir, iter.next.path)
	if err != nil {
		rel = iter.next.path
	}
	return transfer.BatchUploadObject{
		Object: &transfer.UploadInput{
			Bucket: iter.bucket,
			Key:    filepath.ToSlash(rel),
			Body:   f,
		},
		// After runs once the upload has ended, whatever its outcome.
		After: func() error {
			return f.Close()
		},
	}
}

// uploadDirectory is the second program of the original SDK's batch API:
// it uploads the files under path with a DirectoryIterator. The
// integration tests run it against a real S3 server.
func uploadDirectory(ctx context.Context, client transfer.S3API, bucket, path string) (*transfer.BatchResult, error) {
	iter := NewDirectoryIterator(bucket, path)
	uploader := transfer.New(client)
	return uploader.BatchUpload(ctx, iter)
}

func ExampleUploadIterator() {
	ctx := context.Background()
	dir, err := os.MkdirTemp("", "site")
	if err != nil {
		log.Fatal(err)
	}
	defer os.RemoveAll(dir)
	for _, name := range []string{"index.html", "css/site.css", "img/logo.svg"} {
		p := filepath.Join(dir, filepath.FromSlash(name))
		os.MkdirAll(filepath.Dir(p), 0o755)
		if err := os.WriteFile(p, []byte("content of "+name), 0o644); err != nil {
			log.Fatal(err)
		}
	}
	// An in-memory S3; a program passes an *s3.Client.
	client := transfertest.New()
	client.CreateBucket("bucket")

	res, err := uploadDirectory(ctx, client, "bucket", dir)
	if err != nil {
		log.Fatal(err)
	}
	fmt.Printf("Successfully uploaded %d files to %q\n", res.Succeeded, "bucket")
	fmt.Println(client.Keys("bucket"))
	// Output:
	// Successfully uploaded 3 files to "bucket"
	// [css/site.css img/logo.svg index.html]
}
