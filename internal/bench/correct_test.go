package bench

import (
	"bytes"
	"context"
	"io"
	"net/http"
	"slices"
	"strings"
	"testing"

	awsv2 "github.com/aws/aws-sdk-go-v2/aws"
	v4v2 "github.com/aws/aws-sdk-go-v2/aws/signer/v4"
	s3v2 "github.com/aws/aws-sdk-go-v2/service/s3"

	"github.com/nimbus-sdk/nimbus/services/s3"
	v4 "github.com/nimbus-sdk/nimbus/signer/v4"
)

// sdkUnderTest is one client as the correctness tests drive it.
type sdkUnderTest struct {
	name string
	get  func(ctx context.Context) (body []byte, etag string, err error)
	put  func(ctx context.Context, body []byte) (etag string, err error)
}

func nimbusUnderTest(name string, c *s3.Client) sdkUnderTest {
	bucket, key := Bucket, Key
	return sdkUnderTest{
		name: name,
		get: func(ctx context.Context) ([]byte, string, error) {
			out, err := c.GetObject(ctx, &s3.GetObjectInput{Bucket: &bucket, Key: &key})
			if err != nil {
				return nil, "", err
			}
			defer out.Body.Close()
			b, err := io.ReadAll(out.Body)
			return b, deref(out.ETag), err
		},
		put: func(ctx context.Context, body []byte) (string, error) {
			out, err := c.PutObject(ctx, &s3.PutObjectInput{Bucket: &bucket, Key: &key, Body: bytes.NewReader(body)})
			if err != nil {
				return "", err
			}
			return deref(out.ETag), nil
		},
	}
}

func v2UnderTest(name string, c *s3v2.Client) sdkUnderTest {
	return sdkUnderTest{
		name: name,
		get: func(ctx context.Context) ([]byte, string, error) {
			out, err := c.GetObject(ctx, &s3v2.GetObjectInput{Bucket: awsv2.String(Bucket), Key: awsv2.String(Key)})
			if err != nil {
				return nil, "", err
			}
			defer out.Body.Close()
			b, err := io.ReadAll(out.Body)
			return b, deref(out.ETag), err
		},
		put: func(ctx context.Context, body []byte) (string, error) {
			out, err := c.PutObject(ctx, &s3v2.PutObjectInput{Bucket: awsv2.String(Bucket), Key: awsv2.String(Key), Body: bytes.NewReader(body)})
			if err != nil {
				return "", err
			}
			return deref(out.ETag), nil
		},
	}
}

func rawUnderTest(r *Raw) sdkUnderTest {
	return sdkUnderTest{
		name: "raw",
		get: func(ctx context.Context) ([]byte, string, error) {
			var buf bytes.Buffer
			_, etag, err := r.GetObject(ctx, &buf)
			return buf.Bytes(), etag, err
		},
		put: func(ctx context.Context, body []byte) (string, error) {
			return r.PutObject(ctx, bytes.NewReader(body))
		},
	}
}

func deref(p *string) string {
	if p == nil {
		return "<nil>"
	}
	return *p
}

// TestClientsAgainstStub makes one GetObject and one PutObject with every
// client the benchmarks use and checks the results, so that a benchmark
// cannot quietly measure failures. With -v it logs the request headers
// each client sent, which shows how much work each does on the wire.
func TestClientsAgainstStub(t *testing.T) {
	f := getFixture()
	f.stub.SetRecording(true)
	defer f.stub.SetRecording(false)

	cases := []struct {
		sdk      sdkUnderTest
		overStub bool // requests reach the stub and are recorded
	}{
		{nimbusUnderTest("nimbus", f.nimbus), true},
		{v2UnderTest("v2", f.v2), true},
		{rawUnderTest(f.raw), true},
		{nimbusUnderTest("nimbus/no-network", f.nimbusNoNet), false},
		{v2UnderTest("v2/no-network", f.v2NoNet), false},
	}
	ctx := context.Background()
	for _, c := range cases {
		t.Run(c.sdk.name, func(t *testing.T) {
			f.stub.Requests() // discard earlier ones

			body, etag, err := c.sdk.get(ctx)
			if err != nil {
				t.Fatalf("GetObject: %v", err)
			}
			if !bytes.Equal(body, ObjectBody) {
				t.Errorf("GetObject body = %d bytes %.16q...; want %d bytes %.16q...", len(body), body, len(ObjectBody), ObjectBody)
			}
			if etag != ObjectETag {
				t.Errorf("GetObject ETag = %s; want %s", etag, ObjectETag)
			}

			etag, err = c.sdk.put(ctx, ObjectBody)
			if err != nil {
				t.Fatalf("PutObject: %v", err)
			}
			if etag != PutETag {
				t.Errorf("PutObject ETag = %s; want %s", etag, PutETag)
			}

			if !c.overStub {
				return
			}
			reqs := f.stub.Requests()
			if got, want := methods(reqs), []string{http.MethodGet, http.MethodPut}; !slices.Equal(got, want) {
				t.Fatalf("stub saw %v; want %v (one attempt each)", got, want)
			}
			if got := reqs[1].ContentLength; got != ObjectSize {
				t.Errorf("PutObject Content-Length = %d; want %d", got, ObjectSize)
			}
			for _, r := range reqs {
				if !strings.HasPrefix(r.Header.Get("Authorization"), "AWS4-HMAC-SHA256 ") {
					t.Errorf("%s not signed: Authorization = %q", r.Method, r.Header.Get("Authorization"))
				}
				t.Logf("%s %s", r.Method, r.URL)
				for _, k := range sortedKeys(r.Header) {
					t.Logf("    %s: %s", k, strings.Join(r.Header[k], ", "))
				}
			}
		})
	}
}

func methods(reqs []*http.Request) []string {
	var m []string
	for _, r := range reqs {
		m = append(m, r.Method)
	}
	return m
}

func sortedKeys(h http.Header) []string {
	keys := make([]string, 0, len(h))
	for k := range h {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	return keys
}

// TestSignersAgree checks that BenchmarkSign compares equal work: both
// signers produce the same signed headers for the benchmark's request.
func TestSignersAgree(t *testing.T) {
	ctx := context.Background()
	rn, r2 := newSignRequest(), newSignRequest()
	if err := signNimbus(ctx, v4.NewSigner(func(o *v4.Options) { o.DisableURIPathEscaping = true }), rn); err != nil {
		t.Fatal(err)
	}
	if err := signV2(ctx, v4v2.NewSigner(func(o *v4v2.SignerOptions) { o.DisableURIPathEscaping = true }), r2); err != nil {
		t.Fatal(err)
	}
	for _, h := range []string{"Authorization", "X-Amz-Date", "X-Amz-Security-Token", "X-Amz-Content-Sha256"} {
		if got, want := rn.Header.Get(h), r2.Header.Get(h); got != want {
			t.Errorf("%s: nimbus %q; v2 %q", h, got, want)
		}
	}
}
