// Command demo walks through the S3 client against a real server: it
// creates a bucket, uploads a few objects, lists them with a paginator,
// downloads one, fetches another through a presigned URL with plain
// net/http, and deletes everything it created.
//
// It is configured from the environment, like the integration tests:
//
//	NIMBUS_S3_ENDPOINT    the server, e.g. http://127.0.0.1:7070 (required)
//	NIMBUS_S3_ACCESS_KEY  access key ID (required)
//	NIMBUS_S3_SECRET_KEY  secret access key (required)
//	NIMBUS_S3_REGION      signing region (default us-east-1)
//
// `make demo` starts a local versitygw, sets these and runs the demo. It
// exits with status 1 and a message naming the failed step on any error.
package main

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"net/http"
	"os"
	"strings"
	"time"

	"github.com/nimbus-sdk/nimbus/credentials"
	"github.com/nimbus-sdk/nimbus/services/s3"
	"github.com/nimbus-sdk/nimbus/services/s3/types"
	v4 "github.com/nimbus-sdk/nimbus/signer/v4"
)

// objects are the demo's uploads, in upload order.
var objects = []struct{ key, body string }{
	{"greetings/hello.txt", "Hello from Nimbus!\n"},
	{"greetings/bonjour.txt", "Bonjour de Nimbus !\n"},
	{"greetings/hallo.txt", "Hallo von Nimbus!\n"},
	{"notes/todo.txt", "1. write SDK\n2. ship it\n"},
	{"notes/done.txt", "nothing yet\n"},
}

func main() {
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	if err := run(ctx); err != nil {
		fmt.Fprintf(os.Stderr, "\ndemo failed: %v\n", err)
		os.Exit(1)
	}
	fmt.Println("\nDemo finished successfully.")
}

// settings are read from the NIMBUS_S3_* variables.
type settings struct {
	endpoint, accessKey, secretKey, region string
}

func loadSettings() (settings, error) {
	s := settings{
		endpoint:  os.Getenv("NIMBUS_S3_ENDPOINT"),
		accessKey: os.Getenv("NIMBUS_S3_ACCESS_KEY"),
		secretKey: os.Getenv("NIMBUS_S3_SECRET_KEY"),
		region:    os.Getenv("NIMBUS_S3_REGION"),
	}
	var missing []string
	for name, v := range map[string]string{
		"NIMBUS_S3_ENDPOINT":   s.endpoint,
		"NIMBUS_S3_ACCESS_KEY": s.accessKey,
		"NIMBUS_S3_SECRET_KEY": s.secretKey,
	} {
		if v == "" {
			missing = append(missing, name)
		}
	}
	if len(missing) > 0 {
		return s, fmt.Errorf("missing environment variables: %s (run `make demo`, which sets them)", strings.Join(missing, ", "))
	}
	if s.region == "" {
		s.region = "us-east-1"
	}
	return s, nil
}

func run(ctx context.Context) (err error) {
	cfg, err := loadSettings()
	if err != nil {
		return err
	}
	client := s3.New(s3.Options{
		Region:       cfg.region,
		BaseEndpoint: cfg.endpoint,
		UsePathStyle: true,
		Credentials:  credentials.NewStaticProvider(cfg.accessKey, cfg.secretKey, ""),
	})
	fmt.Printf("S3 endpoint %s, region %s\n", cfg.endpoint, cfg.region)

	bucket, err := bucketName()
	if err != nil {
		return err
	}

	step(1, "Create bucket %q", bucket)
	if _, err := client.CreateBucket(ctx, &s3.CreateBucketInput{Bucket: &bucket}); err != nil {
		return fmt.Errorf("create bucket %q: %w", bucket, err)
	}
	if err := s3.NewBucketExistsWaiter(client).Wait(ctx, &s3.HeadBucketInput{Bucket: &bucket}, time.Minute); err != nil {
		return fmt.Errorf("wait for bucket %q: %w", bucket, err)
	}
	done("bucket created")

	// Whatever fails from here on, leave the server as we found it.
	cleaned := false
	defer func() {
		if !cleaned {
			fmt.Fprintf(os.Stderr, "cleaning up bucket %q after the failure...\n", bucket)
			if cerr := cleanup(context.WithoutCancel(ctx), client, bucket, false); cerr != nil {
				err = errors.Join(err, fmt.Errorf("cleanup: %w", cerr))
			}
		}
	}()

	step(2, "Upload %d objects", len(objects))
	for _, o := range objects {
		out, err := client.PutObject(ctx, &s3.PutObjectInput{
			Bucket:      &bucket,
			Key:         ptr(o.key),
			Body:        strings.NewReader(o.body),
			ContentType: ptr("text/plain; charset=utf-8"),
		})
		if err != nil {
			return fmt.Errorf("upload %q: %w", o.key, err)
		}
		done("%-24s %3d bytes  ETag %s", o.key, len(o.body), deref(out.ETag))
	}

	step(3, "List the objects, 2 keys per page")
	p := s3.NewListObjectsV2Paginator(client, &s3.ListObjectsV2Input{Bucket: &bucket},
		func(o *s3.ListObjectsV2PaginatorOptions) { o.Limit = 2 })
	for pageNum := 1; p.HasMorePages(); pageNum++ {
		page, err := p.NextPage(ctx)
		if err != nil {
			return fmt.Errorf("list objects (page %d): %w", pageNum, err)
		}
		fmt.Printf("  page %d:\n", pageNum)
		for _, obj := range page.Contents {
			fmt.Printf("    %-24s %3d bytes\n", deref(obj.Key), deref(obj.Size))
		}
	}

	key := objects[0].key
	step(4, "Download %q", key)
	got, err := client.GetObject(ctx, &s3.GetObjectInput{Bucket: &bucket, Key: &key})
	if err != nil {
		return fmt.Errorf("download %q: %w", key, err)
	}
	body, err := io.ReadAll(got.Body)
	got.Body.Close()
	if err != nil {
		return fmt.Errorf("read %q: %w", key, err)
	}
	done("Content-Type %s, %d bytes:", deref(got.ContentType), len(body))
	printBody(body)

	key = objects[1].key
	step(5, "Presign a GET for %q and fetch it with net/http", key)
	pre, err := s3.NewPresignClient(client, func(o *s3.PresignOptions) { o.Expires = 5 * time.Minute }).
		PresignGetObject(ctx, &s3.GetObjectInput{Bucket: &bucket, Key: &key})
	if err != nil {
		return fmt.Errorf("presign GET %q: %w", key, err)
	}
	done("URL (valid 5 minutes): %s", pre.URL)
	status, body, err := fetch(ctx, pre)
	if err != nil {
		return fmt.Errorf("fetch presigned URL: %w", err)
	}
	done("HTTP status: %s", status)
	printBody(body)
	if !strings.HasPrefix(status, "200") {
		return fmt.Errorf("fetch presigned URL: got %s, want 200 OK", status)
	}

	step(6, "Delete the objects and the bucket")
	if err := cleanup(ctx, client, bucket, true); err != nil {
		return err
	}
	cleaned = true
	return nil
}

// cleanup deletes every object in bucket with DeleteObjects, then the
// bucket. verbose prints each deleted key.
func cleanup(ctx context.Context, client *s3.Client, bucket string, verbose bool) error {
	for page, err := range s3.NewListObjectsV2Paginator(client, &s3.ListObjectsV2Input{Bucket: &bucket}).Pages(ctx) {
		if err != nil {
			return fmt.Errorf("list objects to delete: %w", err)
		}
		if len(page.Contents) == 0 {
			continue
		}
		ids := make([]types.ObjectIdentifier, 0, len(page.Contents))
		for _, obj := range page.Contents {
			ids = append(ids, types.ObjectIdentifier{Key: obj.Key})
		}
		out, err := client.DeleteObjects(ctx, &s3.DeleteObjectsInput{
			Bucket: &bucket, Delete: &types.Delete{Objects: ids},
		})
		if err != nil {
			return fmt.Errorf("delete objects: %w", err)
		}
		if len(out.Errors) > 0 {
			e := out.Errors[0]
			return fmt.Errorf("delete objects: %d keys failed, first %q: %s %s",
				len(out.Errors), deref(e.Key), deref(e.Code), deref(e.Message))
		}
		if verbose {
			for _, d := range out.Deleted {
				done("deleted %s", deref(d.Key))
			}
		}
	}
	if _, err := client.DeleteBucket(ctx, &s3.DeleteBucketInput{Bucket: &bucket}); err != nil {
		return fmt.Errorf("delete bucket %q: %w", bucket, err)
	}
	if verbose {
		done("deleted bucket %s", bucket)
	}
	return nil
}

// fetch sends a presigned request with net/http only (no SDK, no
// credentials) and returns the status line and body.
func fetch(ctx context.Context, pre *v4.PresignedHTTPRequest) (string, []byte, error) {
	req, err := http.NewRequestWithContext(ctx, pre.Method, pre.URL, nil)
	if err != nil {
		return "", nil, err
	}
	for name, values := range pre.SignedHeader {
		if !strings.EqualFold(name, "Host") { // net/http sets Host from the URL
			req.Header[http.CanonicalHeaderKey(name)] = values
		}
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		return "", nil, err
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	return resp.Status, body, err
}

// bucketName returns a fresh bucket name, so that runs never collide.
func bucketName() (string, error) {
	var b [4]byte
	if _, err := rand.Read(b[:]); err != nil {
		return "", fmt.Errorf("random bucket name: %w", err)
	}
	return "nimbus-demo-" + time.Now().UTC().Format("20060102-150405") + "-" + hex.EncodeToString(b[:]), nil
}

func step(n int, format string, args ...any) {
	fmt.Printf("\n[%d] %s\n", n, fmt.Sprintf(format, args...))
}

func done(format string, args ...any) {
	fmt.Printf("  ✓ %s\n", fmt.Sprintf(format, args...))
}

func printBody(body []byte) {
	for line := range strings.Lines(string(body)) {
		fmt.Printf("    | %s", line)
	}
	if len(body) > 0 && body[len(body)-1] != '\n' {
		fmt.Println()
	}
}

func ptr[T any](v T) *T { return &v }

func deref[T any](p *T) T {
	var zero T
	if p == nil {
		return zero
	}
	return *p
}
