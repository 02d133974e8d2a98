package manager_test

import (
	"context"
	"errors"
	"fmt"
	"log"
	"os"

	"github.com/nimbus-sdk/nimbus/config"
	"github.com/nimbus-sdk/nimbus/feature/s3/manager"
	"github.com/nimbus-sdk/nimbus/feature/s3/transfer/transfertest"
	"github.com/nimbus-sdk/nimbus/services/s3"
)

// Uploading a file the way aws-sdk-go-v2 code does: only the import paths
// differ from v2.
func ExampleUploader_Upload() {
	ctx := context.Background()
	cfg, err := config.Load(ctx)
	if err != nil {
		log.Fatal(err)
	}
	client := s3.NewFromConfig(cfg)

	f, err := os.Open("backup.tar")
	if err != nil {
		log.Fatal(err)
	}
	defer f.Close()

	uploader := manager.NewUploader(client, func(u *manager.Uploader) {
		u.PartSize = 64 << 20
		u.Concurrency = 4
	})
	bucket, key, contentType := "my-bucket", "backups/backup.tar", "application/x-tar"
	out, err := uploader.Upload(ctx, &s3.PutObjectInput{
		Bucket:      &bucket,
		Key:         &key,
		Body:        f,
		ContentType: &contentType,
	})
	if err != nil {
		var mu manager.MultiUploadFailure
		if errors.As(err, &mu) {
			log.Fatalf("upload %s failed: %v", mu.UploadID(), err)
		}
		log.Fatal(err)
	}
	fmt.Println("uploaded", *out.ETag)

	buf := manager.NewWriteAtBuffer(nil)
	n, err := manager.NewDownloader(client).Download(ctx, buf, &s3.GetObjectInput{Bucket: &bucket, Key: &key})
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println("downloaded", n, "bytes")
}

// Downloading the last bytes of an object as v2 code does: one GET of
// the range, written from offset 0. The fake stands in for an
// *s3.Client.
func ExampleDownloader_Download_range() {
	client := transfertest.New()
	client.Put("my-bucket", "app.log", []byte("started\nworking\nstopped\n"))

	bucket, key, tail := "my-bucket", "app.log", "bytes=-8"
	buf := manager.NewWriteAtBuffer(nil)
	n, err := manager.NewDownloader(client).Download(context.Background(), buf,
		&s3.GetObjectInput{Bucket: &bucket, Key: &key, Range: &tail})
	if err != nil {
		log.Fatal(err)
	}
	fmt.Printf("%d %q %d GET\n", n, buf.Bytes(), client.Calls("GetObject"))
	// Output: 8 "stopped\n" 1 GET
}
