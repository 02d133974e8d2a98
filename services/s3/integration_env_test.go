package s3_test

// Helpers shared by the integration tests in integration_test.go: reading
// the server settings from the environment, building clients, and creating
// a uniquely named bucket per test that is emptied and deleted afterwards.

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"net"
	"net/http"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/nimbus-sdk/nimbus/credentials"
	"github.com/nimbus-sdk/nimbus/internal/testenv"
	"github.com/nimbus-sdk/nimbus/services/s3"
	"github.com/nimbus-sdk/nimbus/services/s3/types"
)

// recorder is an HTTP client that remembers every exchange, so tests can
// assert on what went over the wire (Host, path, status, headers).
type recorder struct {
	next interface {
		Do(*http.Request) (*http.Response, error)
	}

	// wire, under next, has each request's body as sent.
	wire *testenv.Wire

	mu        sync.Mutex
	exchanges []exchange
}

type exchange struct {
	Method, Host, RawPath, RawQuery string
	ReqHeader                       http.Header // request header, as sent
	Status                          int
	Header                          http.Header // response header
}

func (r *recorder) Do(req *http.Request) (*http.Response, error) {
	resp, err := r.next.Do(req)
	x := exchange{
		Method: req.Method, Host: req.Host, RawPath: req.URL.EscapedPath(),
		RawQuery: req.URL.RawQuery, ReqHeader: req.Header.Clone(),
	}
	if x.Host == "" {
		x.Host = req.URL.Host
	}
	if resp != nil {
		x.Status, x.Header = resp.StatusCode, resp.Header.Clone()
	}
	r.mu.Lock()
	r.exchanges = append(r.exchanges, x)
	r.mu.Unlock()
	return resp, err
}

// count returns how many exchanges were recorded.
func (r *recorder) count() int {
	r.mu.Lock()
	defer r.mu.Unlock()
	return len(r.exchanges)
}

// last returns the most recent exchange.
func (r *recorder) last(t *testing.T) exchange {
	t.Helper()
	r.mu.Lock()
	defer r.mu.Unlock()
	if len(r.exchanges) == 0 {
		t.Fatal("no HTTP exchange was recorded")
	}
	return r.exchanges[len(r.exchanges)-1]
}

// lastSent returns the most recent request as the wire recorded it.
func (r *recorder) lastSent(t *testing.T) *testenv.Sent {
	t.Helper()
	sent := r.wire.Requests()
	if len(sent) == 0 {
		t.Fatal("no request was sent")
	}
	return sent[len(sent)-1]
}

// newClient returns a path-style client for e (trusting its certificate
// if it is an HTTPS server), plus the recorder it sends through. optFns
// run after the defaults.
func newClient(t *testing.T, e testenv.Server, optFns ...func(*s3.Options)) (*s3.Client, *recorder) {
	t.Helper()
	wire := &testenv.Wire{Next: e.HTTPClient(t)}
	rec := &recorder{next: wire, wire: wire}
	c := s3.New(s3.Options{
		Region:       e.Region,
		BaseEndpoint: e.Endpoint,
		UsePathStyle: true,
		Credentials:  credentials.NewStaticProvider(e.AccessKey, e.SecretKey, ""),
		HTTPClient:   rec,
	}, optFns...)
	return c, rec
}

// newVHostClient returns a virtual-hosted-style client for e's
// NIMBUS_S3_VHOST_ENDPOINT, plus the recorder it sends through.
//
// Virtual-hosted style puts the bucket in the host name (BUCKET.localhost).
// curl and browsers resolve every *.localhost name to the loopback address
// (RFC 6761), but Go's resolver only knows "localhost" from /etc/hosts and
// asks DNS for the rest, which fails. So this client's transport dials
// *.localhost at the loopback address itself; other hosts resolve normally.
// The SDK's default transport offers no dialer hook, hence a net/http one.
func newVHostClient(t *testing.T, e testenv.Server) (*s3.Client, *recorder) {
	t.Helper()
	tr := http.DefaultTransport.(*http.Transport).Clone()
	dialer := &net.Dialer{Timeout: 10 * time.Second}
	tr.DialContext = func(ctx context.Context, network, addr string) (net.Conn, error) {
		host, port, err := net.SplitHostPort(addr)
		if err == nil && strings.HasSuffix(strings.ToLower(host), ".localhost") {
			addr = net.JoinHostPort("127.0.0.1", port)
		}
		return dialer.DialContext(ctx, network, addr)
	}
	t.Cleanup(tr.CloseIdleConnections)
	rec := &recorder{next: &http.Client{Transport: tr}}
	c := s3.New(s3.Options{
		Region:       e.Region,
		BaseEndpoint: e.VHostEndpoint,
		UsePathStyle: false,
		Credentials:  credentials.NewStaticProvider(e.AccessKey, e.SecretKey, ""),
		HTTPClient:   rec,
	})
	return c, rec
}

// uniqueBucketName returns a valid, unused-looking bucket name derived from
// the test name: lowercase letters, digits and hyphens, at most 63 bytes.
func uniqueBucketName(t *testing.T) string {
	t.Helper()
	var b strings.Builder
	for _, r := range strings.ToLower(t.Name()) {
		switch {
		case r >= 'a' && r <= 'z', r >= '0' && r <= '9':
			b.WriteRune(r)
		default:
			if s := b.String(); s != "" && !strings.HasSuffix(s, "-") {
				b.WriteByte('-')
			}
		}
	}
	name := strings.TrimPrefix(b.String(), "testintegration-")
	if len(name) > 40 {
		name = name[:40]
	}
	var rnd [6]byte
	if _, err := rand.Read(rnd[:]); err != nil {
		t.Fatal(err)
	}
	return strings.TrimSuffix("nit-"+name, "-") + "-" + hex.EncodeToString(rnd[:])
}

// newBucket creates a uniquely named bucket and registers a cleanup that
// aborts its multipart uploads, deletes its objects and deletes it.
func newBucket(t *testing.T, c *s3.Client) string {
	t.Helper()
	name := uniqueBucketName(t)
	if _, err := c.CreateBucket(t.Context(), &s3.CreateBucketInput{Bucket: &name}); err != nil {
		t.Fatalf("CreateBucket(%q): %v", name, err)
	}
	t.Cleanup(func() { deleteBucket(t, c, name) })
	return name
}

// deleteBucket empties and deletes bucket. It runs in t.Cleanup, after
// t.Context() is canceled, so it uses its own context. It deletes objects
// one by one so that a DeleteObjects bug does not leak buckets.
func deleteBucket(t *testing.T, c *s3.Client, bucket string) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()

	ups, err := c.ListMultipartUploads(ctx, &s3.ListMultipartUploadsInput{Bucket: &bucket})
	if err != nil {
		t.Logf("cleanup: ListMultipartUploads(%s): %v", bucket, err)
	} else {
		for _, u := range ups.Uploads {
			if _, err := c.AbortMultipartUpload(ctx, &s3.AbortMultipartUploadInput{
				Bucket: &bucket, Key: u.Key, UploadId: u.UploadId,
			}); err != nil {
				t.Logf("cleanup: AbortMultipartUpload(%s, %s): %v", bucket, deref(u.Key), err)
			}
		}
	}
	for page, err := range s3.NewListObjectsV2Paginator(c, &s3.ListObjectsV2Input{Bucket: &bucket}).Pages(ctx) {
		if err != nil {
			t.Logf("cleanup: ListObjectsV2(%s): %v", bucket, err)
			break
		}
		for _, o := range page.Contents {
			if _, err := c.DeleteObject(ctx, &s3.DeleteObjectInput{Bucket: &bucket, Key: o.Key}); err != nil {
				t.Logf("cleanup: DeleteObject(%s, %q): %v", bucket, deref(o.Key), err)
			}
		}
	}
	if _, err := c.DeleteBucket(ctx, &s3.DeleteBucketInput{Bucket: &bucket}); err != nil {
		t.Errorf("cleanup: DeleteBucket(%s): %v (the bucket leaked)", bucket, err)
	}
}

// putString uploads body under key.
func putString(t *testing.T, c *s3.Client, bucket, key, body string) {
	t.Helper()
	if _, err := c.PutObject(t.Context(), &s3.PutObjectInput{
		Bucket: &bucket, Key: &key, Body: strings.NewReader(body),
	}); err != nil {
		t.Fatalf("PutObject(%s, %q): %v", bucket, key, err)
	}
}

// getString downloads key and returns its body.
func getString(t *testing.T, c *s3.Client, bucket, key string) string {
	t.Helper()
	out, err := c.GetObject(t.Context(), &s3.GetObjectInput{Bucket: &bucket, Key: &key})
	if err != nil {
		t.Fatalf("GetObject(%s, %q): %v", bucket, key, err)
	}
	return readAll(t, out.Body)
}

// listKeys returns every key in bucket, in listing order.
func listKeys(t *testing.T, c *s3.Client, bucket string) []string {
	t.Helper()
	var keys []string
	for page, err := range s3.NewListObjectsV2Paginator(c, &s3.ListObjectsV2Input{Bucket: &bucket}).Pages(t.Context()) {
		if err != nil {
			t.Fatalf("ListObjectsV2(%s): %v", bucket, err)
		}
		for _, o := range page.Contents {
			keys = append(keys, deref(o.Key))
		}
	}
	return keys
}

// objectKeys returns the keys of objs.
func objectKeys(objs []types.Object) []string {
	keys := make([]string, 0, len(objs))
	for _, o := range objs {
		keys = append(keys, deref(o.Key))
	}
	return keys
}

func ptr[T any](v T) *T { return &v }

func deref[T any](p *T) T {
	var zero T
	if p == nil {
		return zero
	}
	return *p
}
