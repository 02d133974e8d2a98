package transfer_test

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"log"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync/atomic"

	"github.com/nimbus-sdk/nimbus/feature/s3/transfer"
	"github.com/nimbus-sdk/nimbus/feature/s3/transfer/transfertest"
)

// writeFiles creates files (slash-separated names) with their contents
// under a new temporary directory and returns it.
func writeFiles(files map[string]string) string {
	dir, err := os.MkdirTemp("", "transfer-example")
	if err != nil {
		log.Fatal(err)
	}
	for name, content := range files {
		p := filepath.Join(dir, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			log.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(content), 0o644); err != nil {
			log.Fatal(err)
		}
	}
	return dir
}

func ExampleManager_UploadDirectory() {
	ctx := context.Background()
	dir := writeFiles(map[string]string{
		"index.html": "<h1>hi</h1>", "css/site.css": "h1{}", "draft.tmp": "not yet",
	})
	defer os.RemoveAll(dir)
	client := transfertest.New()
	client.CreateBucket("bucket")
	m := transfer.New(client)

	res, err := m.UploadDirectory(ctx, &transfer.UploadDirectoryInput{
		Dir: dir, Bucket: "bucket", Prefix: "site/",
		// Leave temporary files out.
		Filter: func(rel string, d fs.DirEntry) bool { return !strings.HasSuffix(rel, ".tmp") },
		// Give each object a content type.
		Upload: func(rel string, in *transfer.UploadInput) {
			if strings.HasSuffix(rel, ".html") {
				in.ContentType = "text/html"
			}
		},
	})
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println("uploaded:", res.Succeeded, "bytes:", res.Bytes)
	fmt.Println(client.Keys("bucket"))
	// Output:
	// uploaded: 2 bytes: 15
	// [site/css/site.css site/index.html]
}

func ExampleManager_DownloadDirectory() {
	ctx := context.Background()
	client := transfertest.New()
	client.Put("bucket", "site/index.html", []byte("<h1>hi</h1>"))
	client.Put("bucket", "site/css/site.css", []byte("h1{}"))
	client.Put("bucket", "other/readme", []byte("not under the prefix"))
	m := transfer.New(client)

	dir, err := os.MkdirTemp("", "site")
	if err != nil {
		log.Fatal(err)
	}
	defer os.RemoveAll(dir)
	// Keys are written below dir without the prefix; a key that would
	// land outside dir fails with transfer.ErrUnsafePath.
	res, err := m.DownloadDirectory(ctx, &transfer.DownloadDirectoryInput{Bucket: "bucket", Prefix: "site/", Dir: dir})
	if err != nil {
		log.Fatal(err)
	}
	var files []string
	filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err == nil && !d.IsDir() {
			rel, _ := filepath.Rel(dir, p)
			files = append(files, filepath.ToSlash(rel))
		}
		return err
	})
	fmt.Println("downloaded:", res.Succeeded, files)
	// Output: downloaded: 2 [css/site.css index.html]
}

func ExampleManager_BatchUpload() {
	ctx := context.Background()
	client := transfertest.New()
	client.CreateBucket("bucket")
	m := transfer.New(client)

	// A slice iterator; each object's failure is reported, and the batch
	// goes on.
	iter := &transfer.UploadObjectsIterator{Objects: []transfer.BatchUploadObject{
		{Object: &transfer.UploadInput{Bucket: "bucket", Key: "a.txt", Body: strings.NewReader("alpha")}},
		{Object: &transfer.UploadInput{Bucket: "missing-bucket", Key: "b.txt", Body: strings.NewReader("beta")}},
		{Object: &transfer.UploadInput{Bucket: "bucket", Key: "c.txt", Body: strings.NewReader("gamma")}},
	}}
	res, err := m.BatchUpload(ctx, iter)
	fmt.Println("succeeded:", res.Succeeded)
	var berr *transfer.BatchError
	if errors.As(err, &berr) {
		for _, f := range berr.Failed {
			fmt.Println("failed:", f.Bucket, f.Key)
		}
	}
	// Output:
	// succeeded: 2
	// failed: missing-bucket b.txt
}

func ExampleUploadSeq() {
	ctx := context.Background()
	client := transfertest.New()
	client.CreateBucket("bucket")
	m := transfer.New(client)

	// Any Go iterator of inputs can drive a batch.
	inputs := func(yield func(*transfer.UploadInput) bool) {
		for i := range 3 {
			in := &transfer.UploadInput{Bucket: "bucket", Key: fmt.Sprintf("n/%d", i), Body: strings.NewReader(fmt.Sprint(i))}
			if !yield(in) {
				return
			}
		}
	}
	res, err := m.BatchUpload(ctx, transfer.UploadSeq(inputs))
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(res.Succeeded, client.Keys("bucket"))
	// Output: 3 [n/0 n/1 n/2]
}

func ExampleManager_BatchDownload() {
	ctx := context.Background()
	client := transfertest.New()
	client.Put("bucket", "a.txt", []byte("alpha"))
	client.Put("bucket", "b.txt", []byte("beta"))
	m := transfer.New(client)

	dir, err := os.MkdirTemp("", "batch")
	if err != nil {
		log.Fatal(err)
	}
	defer os.RemoveAll(dir)
	var objects []transfer.BatchDownloadObject
	for _, key := range []string{"a.txt", "b.txt"} {
		f, err := os.Create(filepath.Join(dir, key))
		if err != nil {
			log.Fatal(err)
		}
		objects = append(objects, transfer.BatchDownloadObject{
			Object: &transfer.DownloadInput{Bucket: "bucket", Key: key},
			Writer: f,
			After:  f.Close, // runs once the download has ended
		})
	}
	res, err := m.BatchDownload(ctx, &transfer.DownloadObjectsIterator{Objects: objects})
	if err != nil {
		log.Fatal(err)
	}
	b, _ := os.ReadFile(filepath.Join(dir, "b.txt"))
	fmt.Println(res.Succeeded, res.Bytes, string(b))
	// Output: 2 9 beta
}

func ExampleManager_BatchDelete() {
	ctx := context.Background()
	client := transfertest.New()
	for _, k := range []string{"a", "b", "c"} {
		client.Put("bucket", k, nil)
	}
	m := transfer.New(client)

	res, err := m.BatchDelete(ctx, &transfer.DeleteObjectsIterator{Objects: []transfer.BatchDeleteObject{
		{Bucket: "bucket", Key: "a"},
		{Bucket: "bucket", Key: "c"},
	}})
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println("deleted:", res.Succeeded, "left:", client.Keys("bucket"))

	// Keys from any Go iterator.
	res, err = m.BatchDelete(ctx, transfer.DeleteKeys("bucket", slices.Values([]string{"b"})))
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println("deleted:", res.Succeeded, "left:", client.Keys("bucket"))
	// Output:
	// deleted: 2 left: [b]
	// deleted: 1 left: []
}

func ExampleListenerFunc() {
	ctx := context.Background()
	client := transfertest.New()
	client.CreateBucket("bucket")

	// The listener runs on the transfer's goroutines: count atomically.
	var sent, parts, objects atomic.Int64
	progress := transfer.ListenerFunc(func(e transfer.Event) {
		switch e.Type {
		case transfer.Bytes:
			sent.Add(e.Bytes) // negative when a failed attempt's bytes are taken back
		case transfer.PartDone: // a single PutObject is a part numbered 0
			parts.Add(1)
		case transfer.ObjectDone:
			objects.Add(1)
		case transfer.BatchDone:
			fmt.Printf("%v: %d objects, %d failed\n", e.Type, e.Objects, e.Failed)
		}
	})
	m := transfer.New(client, func(o *transfer.Options) {
		o.PartSize = 5 << 20
		o.Progress = progress
	})

	inputs := []*transfer.UploadInput{
		{Bucket: "bucket", Key: "big", Body: strings.NewReader(strings.Repeat("x", 12<<20))}, // 3 parts
		{Bucket: "bucket", Key: "small", Body: strings.NewReader("tiny")},
	}
	if _, err := m.BatchUpload(ctx, transfer.UploadSeq(slices.Values(inputs))); err != nil {
		log.Fatal(err)
	}
	fmt.Println("bytes:", sent.Load(), "parts:", parts.Load(), "objects:", objects.Load())
	// Output:
	// BatchDone: 2 objects, 0 failed
	// bytes: 12582916 parts: 4 objects: 2
}

func ExampleUploadInput_resume() {
	ctx := context.Background()
	client := transfertest.New()
	client.CreateBucket("bucket")
	// The second part fails, as a dropped connection would make it.
	client.Inject(transfertest.Fault{Op: "UploadPart", PartNumber: 2, Err: transfertest.ServerError()})
	m := transfer.New(client, func(o *transfer.Options) {
		o.PartSize = 5 << 20
		o.Concurrency = 1
		o.LeavePartsOnError = true // keep the parts to resume
	})
	data := strings.Repeat("nimbus!\n", 2<<20) // 16 MiB: 4 parts

	_, err := m.Upload(ctx, &transfer.UploadInput{Bucket: "bucket", Key: "k", Body: strings.NewReader(data)})
	var merr *transfer.MultipartUploadError
	if !errors.As(err, &merr) {
		log.Fatal(err)
	}
	// The state can be saved (as JSON) and resumed by another process.
	saved, _ := json.Marshal(merr.State)
	var state transfer.ResumeState
	if err := json.Unmarshal(saved, &state); err != nil {
		log.Fatal(err)
	}
	fmt.Println("parts kept:", len(state.CompletedParts))

	before := client.Calls("UploadPart")
	out, err := m.Upload(ctx, &transfer.UploadInput{Bucket: "bucket", Key: "k", Body: strings.NewReader(data), Resume: &state})
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println("parts sent on resume:", client.Calls("UploadPart")-before, "of", out.Parts)
	// Output:
	// parts kept: 1
	// parts sent on resume: 3 of 4
}
