package transfer_test

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log"
	"os"
	"path/filepath"
	"strings"

	"github.com/aws/smithy-go"
	"github.com/nimbus-sdk/nimbus/feature/s3/transfer"
	"github.com/nimbus-sdk/nimbus/feature/s3/transfer/transfertest"
	"github.com/nimbus-sdk/nimbus/services/s3"
	"github.com/nimbus-sdk/nimbus/services/s3/types"
)

// The examples run against the in-memory fake; with a real client, pass
// an *s3.Client to transfer.New instead.

func ExampleManager_Upload() {
	ctx := context.Background()
	client := transfertest.New()
	client.CreateBucket("bucket")
	m := transfer.New(client, func(o *transfer.Options) {
		o.PartSize = 5 << 20
		o.Concurrency = 4
	})

	// A file is read in place, part by part.
	path := filepath.Join(os.TempDir(), "transfer-example.bin")
	if err := os.WriteFile(path, make([]byte, 12<<20), 0o600); err != nil {
		log.Fatal(err)
	}
	defer os.Remove(path)
	f, err := os.Open(path)
	if err != nil {
		log.Fatal(err)
	}
	defer f.Close()

	out, err := m.Upload(ctx, &transfer.UploadInput{Bucket: "bucket", Key: "data.bin", Body: f})
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println("parts:", out.Parts, "size:", out.Size)
	// Output: parts: 3 size: 12582912
}

func ExampleManager_Download() {
	ctx := context.Background()
	client := transfertest.New()
	client.Put("bucket", "greeting.txt", []byte("hello, world"))
	m := transfer.New(client)

	f, err := os.CreateTemp("", "greeting")
	if err != nil {
		log.Fatal(err)
	}
	defer os.Remove(f.Name())
	defer f.Close()
	n, err := m.Download(ctx, f, &transfer.DownloadInput{Bucket: "bucket", Key: "greeting.txt"})
	if err != nil {
		log.Fatal(err)
	}
	data, _ := os.ReadFile(f.Name())
	fmt.Println(n, string(data))
	// Output: 12 hello, world
}

func ExampleManager_Download_range() {
	ctx := context.Background()
	client := transfertest.New()
	client.Put("bucket", "log.txt", []byte("line 1\nline 2\nline 3\n"))
	m := transfer.New(client)

	f, err := os.CreateTemp("", "tail")
	if err != nil {
		log.Fatal(err)
	}
	defer os.Remove(f.Name())
	defer f.Close()
	// The last 7 bytes of the object, written from offset 0 of the file;
	// "bytes=14-20" and "bytes=14-" are the other forms.
	n, err := m.Download(ctx, f, &transfer.DownloadInput{Bucket: "bucket", Key: "log.txt", Range: "bytes=-7"})
	if err != nil {
		log.Fatal(err)
	}
	data, _ := os.ReadFile(f.Name())
	fmt.Printf("%d %q\n", n, data)

	// A range that starts past the end fails as GetObject does.
	_, err = m.Download(ctx, f, &transfer.DownloadInput{Bucket: "bucket", Key: "log.txt", Range: "bytes=100-"})
	var api smithy.APIError
	fmt.Println(errors.As(err, &api) && api.ErrorCode() == "InvalidRange")
	// Output:
	// 7 "line 3\n"
	// true
}

func ExampleManager_DeletePrefix() {
	ctx := context.Background()
	client := transfertest.New()
	for i := range 2500 {
		client.Put("bucket", fmt.Sprintf("logs/2019/%04d", i), nil)
	}
	client.Put("bucket", "logs/2020/0000", nil)
	m := transfer.New(client)

	res, err := m.DeletePrefix(ctx, "bucket", "logs/2019/")
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println("deleted:", res.Succeeded, "calls:", client.Calls("DeleteObjects"))
	fmt.Println("left:", strings.Join(client.Keys("bucket"), ","))
	// Output:
	// deleted: 2500 calls: 3
	// left: logs/2020/0000
}

func ExampleManager_Upload_checksum() {
	ctx := context.Background()
	client := transfertest.New()
	client.CreateBucket("bucket")
	m := transfer.New(client, func(o *transfer.Options) { o.PartSize = 5 << 20 })

	// CRC64NVME is always a FULL_OBJECT checksum: the Manager combines the
	// part CRCs into the object's and S3 checks it on completion.
	body := strings.NewReader(strings.Repeat("nimbus ", 2<<20)) // 14 MiB, 3 parts
	out, err := m.Upload(ctx, &transfer.UploadInput{Bucket: "bucket", Key: "data.txt", Body: body,
		ChecksumAlgorithm: types.ChecksumAlgorithmCrc64nvme})
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(out.Parts, out.ChecksumAlgorithm, out.ChecksumType)

	// Downloads check the bytes against the full-object checksum; parts
	// may also be fetched as uploaded.
	var buf strings.Builder
	rc, err := m.DownloadStream(ctx, &transfer.DownloadInput{Bucket: "bucket", Key: "data.txt"},
		func(o *transfer.Options) { o.DownloadByPart = true })
	if err != nil {
		log.Fatal(err)
	}
	defer rc.Close()
	n, err := io.Copy(&buf, rc) // a mismatch would be a *transfer.ChecksumMismatchError here
	fmt.Println(n, err)
	// Output:
	// 3 CRC64NVME FULL_OBJECT
	// 14680064 <nil>
}

// busyDeletes is an S3API whose DeleteObjects calls fail with a 503, as
// when S3 is overloaded and the client's retries have run out.
type busyDeletes struct{ *transfertest.Fake }

func (busyDeletes) DeleteObjects(context.Context, *s3.DeleteObjectsInput, ...func(*s3.Options)) (*s3.DeleteObjectsOutput, error) {
	return nil, &transfertest.APIError{Code: "SlowDown", Message: "reduce your request rate", Status: 503}
}

func ExampleBatchResult_outcomeUnknown() {
	ctx := context.Background()
	client := transfertest.New()
	for _, k := range []string{"tmp/a", "tmp/b"} {
		client.Put("bucket", k, nil)
	}
	m := transfer.New(busyDeletes{client})

	// A 503 does not say whether S3 deleted the keys: they are neither
	// deleted nor failed, but unknown, and must be checked.
	res, err := m.DeletePrefix(ctx, "bucket", "tmp/")
	fmt.Println("failed:", len(res.Failed), "unknown:", len(res.OutcomeUnknown))
	fmt.Println(errors.Is(err, transfer.ErrOutcomeUnknown))
	// Output:
	// failed: 0 unknown: 2
	// true
}
