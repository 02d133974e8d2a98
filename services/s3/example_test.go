package s3_test

// Runnable examples. They need an S3 endpoint and credentials, so they are
// compiled but not run by go test (no "// Output:" comments); the
// integration tests exercise the same calls against a real server.

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log"
	"net/http"
	"os"
	"strings"
	"time"

	"github.com/aws/smithy-go"
	"github.com/aws/smithy-go/logging"
	"github.com/nimbus-sdk/nimbus/config"
	"github.com/nimbus-sdk/nimbus/credentials"
	"github.com/nimbus-sdk/nimbus/middleware/waiter"
	"github.com/nimbus-sdk/nimbus/services/s3"
	"github.com/nimbus-sdk/nimbus/services/s3/types"
)

// str returns a pointer to s, for the optional members of inputs.
func str(s string) *string { return &s }

func ExampleNew() {
	// A client for an S3-compatible server on localhost, with static keys.
	client := s3.New(s3.Options{
		Region:       "us-east-1",
		BaseEndpoint: "http://127.0.0.1:7070",
		UsePathStyle: true, // http://host/bucket/key instead of http://bucket.host/key
		Credentials:  credentials.NewStaticProvider("AKIDEXAMPLE", "SECRETEXAMPLE", ""),
	})
	_ = client
}

func ExampleNewFromConfig() {
	ctx := context.Background()
	// Load reads the environment, ~/.aws/config and ~/.aws/credentials.
	cfg, err := config.Load(ctx)
	if err != nil {
		log.Fatal(err)
	}
	client := s3.NewFromConfig(cfg, func(o *s3.Options) { o.UsePathStyle = true })

	out, err := client.ListBuckets(ctx, &s3.ListBucketsInput{})
	if err != nil {
		log.Fatal(err)
	}
	for _, b := range out.Buckets {
		fmt.Println(*b.Name)
	}
}

func ExampleClient_PutObject() {
	ctx := context.Background()
	cfg, err := config.Load(ctx)
	if err != nil {
		log.Fatal(err)
	}
	client := s3.NewFromConfig(cfg)

	_, err = client.PutObject(ctx, &s3.PutObjectInput{
		Bucket:      str("my-bucket"),
		Key:         str("notes/hello.txt"),
		Body:        strings.NewReader("hello, world"),
		ContentType: str("text/plain"),
		Metadata:    map[string]string{"author": "alice"}, // sent as x-amz-meta-author
	})
	if err != nil {
		log.Fatal(err)
	}
}

func ExampleClient_GetObject() {
	ctx := context.Background()
	cfg, err := config.Load(ctx)
	if err != nil {
		log.Fatal(err)
	}
	client := s3.NewFromConfig(cfg)

	out, err := client.GetObject(ctx, &s3.GetObjectInput{
		Bucket: str("my-bucket"),
		Key:    str("notes/hello.txt"),
	})
	var noKey *types.NoSuchKey
	switch {
	case errors.As(err, &noKey):
		fmt.Println("no such object")
		return
	case err != nil:
		log.Fatal(err)
	}
	defer out.Body.Close() // the caller closes the body
	body, err := io.ReadAll(out.Body)
	if err != nil {
		log.Fatal(err)
	}
	fmt.Printf("%s (%s, metadata %v)\n", body, *out.ContentType, out.Metadata)
}

func ExampleClient_GetObject_range() {
	ctx := context.Background()
	cfg, err := config.Load(ctx)
	if err != nil {
		log.Fatal(err)
	}
	client := s3.NewFromConfig(cfg)

	// Bytes 2 to 5 inclusive; the server answers 206 Partial Content.
	out, err := client.GetObject(ctx, &s3.GetObjectInput{
		Bucket: str("my-bucket"),
		Key:    str("notes/hello.txt"),
		Range:  str("bytes=2-5"),
	})
	if err != nil {
		log.Fatal(err)
	}
	defer out.Body.Close()
	part, err := io.ReadAll(out.Body)
	if err != nil {
		log.Fatal(err)
	}
	fmt.Printf("%q from %s\n", part, *out.ContentRange)
}

func ExampleClient_HeadObject_errors() {
	ctx := context.Background()
	cfg, err := config.Load(ctx)
	if err != nil {
		log.Fatal(err)
	}
	client := s3.NewFromConfig(cfg)

	_, err = client.HeadObject(ctx, &s3.HeadObjectInput{Bucket: str("my-bucket"), Key: str("missing")})

	// Generated types for modelled errors...
	var notFound *types.NotFound
	if errors.As(err, &notFound) {
		fmt.Println("not found")
	}
	// ...and smithy.APIError for any service error.
	var apiErr smithy.APIError
	if errors.As(err, &apiErr) {
		fmt.Println("code:", apiErr.ErrorCode())
	}
	// The HTTP status and the request ID are in the chain too.
	var withStatus interface{ HTTPStatusCode() int }
	if errors.As(err, &withStatus) {
		fmt.Println("status:", withStatus.HTTPStatusCode())
	}
	var withID interface{ ServiceRequestID() string }
	if errors.As(err, &withID) {
		fmt.Println("request id:", withID.ServiceRequestID())
	}
}

func ExampleNewListObjectsV2Paginator() {
	ctx := context.Background()
	cfg, err := config.Load(ctx)
	if err != nil {
		log.Fatal(err)
	}
	client := s3.NewFromConfig(cfg)

	in := &s3.ListObjectsV2Input{Bucket: str("my-bucket"), Prefix: str("logs/")}
	p := s3.NewListObjectsV2Paginator(client, in, func(o *s3.ListObjectsV2PaginatorOptions) {
		o.Limit = 100 // keys per page
	})
	for p.HasMorePages() {
		page, err := p.NextPage(ctx)
		if err != nil {
			log.Fatal(err)
		}
		for _, obj := range page.Contents {
			fmt.Println(*obj.Key, *obj.Size)
		}
	}
}

func ExampleListObjectsV2Paginator_Pages() {
	ctx := context.Background()
	cfg, err := config.Load(ctx)
	if err != nil {
		log.Fatal(err)
	}
	client := s3.NewFromConfig(cfg)

	// Pages is a range-over-func iterator; an error ends the iteration.
	in := &s3.ListObjectsV2Input{Bucket: str("my-bucket")}
	for page, err := range s3.NewListObjectsV2Paginator(client, in).Pages(ctx) {
		if err != nil {
			log.Fatal(err)
		}
		for _, obj := range page.Contents {
			fmt.Println(*obj.Key)
		}
	}
}

func ExampleNewPresignClient() {
	ctx := context.Background()
	cfg, err := config.Load(ctx)
	if err != nil {
		log.Fatal(err)
	}
	presigner := s3.NewPresignClient(s3.NewFromConfig(cfg), func(o *s3.PresignOptions) {
		o.Expires = 15 * time.Minute
	})

	req, err := presigner.PresignGetObject(ctx, &s3.GetObjectInput{
		Bucket: str("my-bucket"),
		Key:    str("notes/hello.txt"),
	})
	if err != nil {
		log.Fatal(err)
	}
	// Anyone holding the URL can GET the object until it expires.
	resp, err := http.Get(req.URL)
	if err != nil {
		log.Fatal(err)
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(resp.Status, string(body))
}

func ExamplePresignClient_PresignPutObject() {
	ctx := context.Background()
	cfg, err := config.Load(ctx)
	if err != nil {
		log.Fatal(err)
	}
	presigner := s3.NewPresignClient(s3.NewFromConfig(cfg))

	req, err := presigner.PresignPutObject(ctx, &s3.PutObjectInput{
		Bucket:      str("my-bucket"),
		Key:         str("uploads/report.csv"),
		ContentType: str("text/csv"),
	})
	if err != nil {
		log.Fatal(err)
	}
	httpReq, err := http.NewRequestWithContext(ctx, req.Method, req.URL, strings.NewReader("a,b\n1,2\n"))
	if err != nil {
		log.Fatal(err)
	}
	// Send the signed headers with exactly their values (Host comes from the URL).
	for name, values := range req.SignedHeader {
		if !strings.EqualFold(name, "Host") {
			httpReq.Header[http.CanonicalHeaderKey(name)] = values
		}
	}
	resp, err := http.DefaultClient.Do(httpReq)
	if err != nil {
		log.Fatal(err)
	}
	resp.Body.Close()
	fmt.Println(resp.Status)
}

func ExampleNewBucketExistsWaiter() {
	ctx := context.Background()
	cfg, err := config.Load(ctx)
	if err != nil {
		log.Fatal(err)
	}
	client := s3.NewFromConfig(cfg)

	if _, err := client.CreateBucket(ctx, &s3.CreateBucketInput{Bucket: str("my-new-bucket")}); err != nil {
		log.Fatal(err)
	}
	// Wait polls HeadBucket until the bucket exists, for at most a minute.
	err = s3.NewBucketExistsWaiter(client).Wait(ctx, &s3.HeadBucketInput{Bucket: str("my-new-bucket")}, time.Minute)
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println("bucket is ready")
}

// This example waits for a new bucket with waiter options: a shorter
// MinDelay, a logger and retry setting for the waiter's calls only
// (ClientOptions), a log line per attempt (LogWaitAttempts), and a custom
// Retryable that also keeps waiting on 403 Forbidden while permissions
// propagate, falling back to the model's acceptors otherwise. It then
// tells the ways a wait can end apart with errors.As.
func ExampleBucketExistsWaiter_Wait_options() {
	ctx := context.Background()
	cfg, err := config.Load(ctx)
	if err != nil {
		log.Fatal(err)
	}
	client := s3.NewFromConfig(cfg)

	w := s3.NewBucketExistsWaiter(client, func(o *s3.BucketExistsWaiterOptions) {
		o.MinDelay = time.Second // the model's is 5 s
		o.MaxDelay = 30 * time.Second
		o.LogWaitAttempts = true // "waiter BucketExists: attempt 2", through the calls' Logger
		o.ClientOptions = append(o.ClientOptions, func(o *s3.Options) {
			o.Logger = logging.NewStandardLogger(os.Stderr)
			o.RetryMaxAttempts = 5
		})
		modeled := o.Retryable // the model's acceptors
		o.Retryable = func(ctx context.Context, in *s3.HeadBucketInput, out *s3.HeadBucketOutput, err error) (bool, error) {
			var ae smithy.APIError
			if errors.As(err, &ae) && ae.ErrorCode() == "Forbidden" {
				return true, nil // retry
			}
			return modeled(ctx, in, out, err)
		}
	})

	err = w.Wait(ctx, &s3.HeadBucketInput{Bucket: str("my-new-bucket")}, 2*time.Minute)
	var we *waiter.Error
	switch {
	case err == nil:
		fmt.Println("bucket exists")
	case errors.As(err, &we) && we.Reason == waiter.MaxWaitExceeded:
		fmt.Printf("no bucket after %d attempts; last error: %v\n", we.Attempts, we.Err)
	case errors.As(err, &we) && we.Reason == waiter.UnmatchedError:
		fmt.Println("HeadBucket failed:", we.Err) // the service error, also reachable with errors.As
	default:
		log.Fatal(err) // canceled, or invalid options (*waiter.OptionsError)
	}
}

func ExampleClient_DeleteObjects() {
	ctx := context.Background()
	cfg, err := config.Load(ctx)
	if err != nil {
		log.Fatal(err)
	}
	client := s3.NewFromConfig(cfg)

	var ids []types.ObjectIdentifier
	for _, k := range []string{"tmp/a", "tmp/b", "tmp/c"} {
		ids = append(ids, types.ObjectIdentifier{Key: str(k)})
	}
	out, err := client.DeleteObjects(ctx, &s3.DeleteObjectsInput{
		Bucket: str("my-bucket"),
		Delete: &types.Delete{Objects: ids}, // up to 1000 keys per call
	})
	if err != nil {
		log.Fatal(err)
	}
	for _, d := range out.Deleted {
		fmt.Println("deleted", *d.Key)
	}
	for _, e := range out.Errors { // per-key failures do not fail the call
		fmt.Println("failed", *e.Key, *e.Code)
	}
}
