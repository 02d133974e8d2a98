package bench

import (
	"bytes"
	"context"
	"io"
	"net/http"
	"net/url"
	"os"
	"sync"
	"testing"
	"time"

	awsv2 "github.com/aws/aws-sdk-go-v2/aws"
	v4v2 "github.com/aws/aws-sdk-go-v2/aws/signer/v4"
	credsv2 "github.com/aws/aws-sdk-go-v2/credentials"
	s3v2 "github.com/aws/aws-sdk-go-v2/service/s3"

	"github.com/nimbus-sdk/nimbus/credentials"
	"github.com/nimbus-sdk/nimbus/services/s3"
	v4 "github.com/nimbus-sdk/nimbus/signer/v4"
)

// fixture is the state every benchmark of one process shares: a single
// stub and one client per SDK and transport, built once.
type fixture struct {
	stub *Stub

	nimbus, nimbusNoNet *s3.Client   // loopback; canned in-process responses
	v2, v2NoNet         *s3v2.Client // loopback; canned in-process responses
	raw                 *Raw
}

var (
	fixtureOnce sync.Once
	fix         *fixture
)

func getFixture() *fixture {
	fixtureOnce.Do(func() {
		stub := NewStub()
		fix = &fixture{
			stub:        stub,
			nimbus:      NewNimbusClient(stub.URL, nil),
			nimbusNoNet: NewNimbusClient(stub.URL, CannedHTTPClient{}),
			v2:          NewV2Client(stub.URL, nil),
			v2NoNet:     NewV2Client(stub.URL, CannedHTTPClient{}),
			raw:         NewRaw(stub.URL),
		}
	})
	return fix
}

func TestMain(m *testing.M) {
	code := m.Run()
	if fix != nil {
		fix.stub.Close()
	}
	os.Exit(code)
}

// benchCase is one named side of a comparison.
type benchCase struct {
	name string
	fn   func(b *testing.B)
}

func runCases(b *testing.B, cases []benchCase) {
	for _, c := range cases {
		b.Run(c.name, c.fn)
	}
}

// ---- SigV4 signing ----

var signTime = time.Date(2024, 5, 24, 12, 0, 0, 0, time.UTC)

// newSignRequest returns the GetObject-like request both signers sign. It
// carries X-Amz-Content-Sha256 already, because v2 leaves that header to a
// middleware while Nimbus's signer sets it for S3. It has no Amz-Sdk-*
// headers: v2 signs them and Nimbus does not, so with them the two would
// sign different canonical requests. TestSignersAgree checks that both
// produce the same signature.
func newSignRequest() *http.Request {
	u, _ := url.Parse("http://127.0.0.1:8080/" + Bucket + "/" + Key + "?x-id=GetObject")
	return &http.Request{Method: http.MethodGet, URL: u, Host: u.Host, Header: http.Header{
		"Range":                {"bytes=0-1023"},
		"User-Agent":           {"bench/1.0 os/linux lang/go#1.26"},
		"X-Amz-Content-Sha256": {v4.EmptyPayloadHash},
	}}
}

var (
	nimbusCreds = credentials.Credentials{AccessKeyID: AccessKeyID, SecretAccessKey: SecretAccessKey, SessionToken: SessionToken}
	v2Creds     = awsv2.Credentials{AccessKeyID: AccessKeyID, SecretAccessKey: SecretAccessKey, SessionToken: SessionToken}
)

func signNimbus(ctx context.Context, s *v4.Signer, r *http.Request) error {
	_, err := s.SignHTTP(ctx, &v4.SignInput{
		Request: r, PayloadHash: v4.EmptyPayloadHash, Credentials: nimbusCreds,
		Service: "s3", Region: Region, Time: signTime,
	})
	return err
}

func signV2(ctx context.Context, s *v4v2.Signer, r *http.Request) error {
	return s.SignHTTP(ctx, v2Creds, r, v4.EmptyPayloadHash, "s3", Region, signTime)
}

func signCases() []benchCase {
	return []benchCase{
		{"nimbus", func(b *testing.B) {
			s := v4.NewSigner(func(o *v4.Options) { o.DisableURIPathEscaping = true })
			r := newSignRequest()
			ctx := context.Background()
			b.ReportAllocs()
			for b.Loop() {
				if err := signNimbus(ctx, s, r); err != nil {
					b.Fatal(err)
				}
			}
		}},
		{"v2", func(b *testing.B) {
			s := v4v2.NewSigner(func(o *v4v2.SignerOptions) { o.DisableURIPathEscaping = true })
			r := newSignRequest()
			ctx := context.Background()
			b.ReportAllocs()
			for b.Loop() {
				if err := signV2(ctx, s, r); err != nil {
					b.Fatal(err)
				}
			}
		}},
	}
}

// BenchmarkSign re-signs one GetObject-like request with a fixed time and a
// session token, as a retrying client does.
func BenchmarkSign(b *testing.B) { runCases(b, signCases()) }

// ---- GetObject ----

func getObjectNimbus(c *s3.Client) func(b *testing.B) { return getObjectNimbusFrom(c, Bucket) }

func getObjectNimbusFrom(c *s3.Client, bucket string) func(b *testing.B) {
	return func(b *testing.B) {
		key := Key
		in := &s3.GetObjectInput{Bucket: &bucket, Key: &key}
		ctx := context.Background()
		b.ReportAllocs()
		for b.Loop() {
			out, err := c.GetObject(ctx, in)
			if err != nil {
				b.Fatal(err)
			}
			n, err := io.Copy(io.Discard, out.Body)
			out.Body.Close()
			if err != nil || n != ObjectSize || out.ETag == nil {
				b.Fatalf("GetObject: read %d bytes, err %v, ETag %v", n, err, out.ETag)
			}
		}
	}
}

func getObjectV2(c *s3v2.Client) func(b *testing.B) { return getObjectV2From(c, Bucket) }

func getObjectV2From(c *s3v2.Client, bucket string) func(b *testing.B) {
	return func(b *testing.B) {
		in := &s3v2.GetObjectInput{Bucket: awsv2.String(bucket), Key: awsv2.String(Key)}
		ctx := context.Background()
		b.ReportAllocs()
		for b.Loop() {
			out, err := c.GetObject(ctx, in)
			if err != nil {
				b.Fatal(err)
			}
			n, err := io.Copy(io.Discard, out.Body)
			out.Body.Close()
			if err != nil || n != ObjectSize || out.ETag == nil {
				b.Fatalf("GetObject: read %d bytes, err %v, ETag %v", n, err, out.ETag)
			}
		}
	}
}

func getObjectRaw(r *Raw) func(b *testing.B) {
	return func(b *testing.B) {
		ctx := context.Background()
		b.ReportAllocs()
		for b.Loop() {
			n, etag, err := r.GetObject(ctx, io.Discard)
			if err != nil || n != ObjectSize || etag == "" {
				b.Fatalf("raw GetObject: read %d bytes, err %v, ETag %q", n, err, etag)
			}
		}
	}
}

func getObjectCases() []benchCase {
	f := getFixture()
	return []benchCase{
		{"nimbus", getObjectNimbus(f.nimbus)},
		{"v2", getObjectV2(f.v2)},
		{"raw", getObjectRaw(f.raw)},
	}
}

// BenchmarkGetObject gets a 1 KiB object over loopback and reads its body.
func BenchmarkGetObject(b *testing.B) { runCases(b, getObjectCases()) }

func getObjectNoNetworkCases() []benchCase {
	f := getFixture()
	return []benchCase{
		{"nimbus", getObjectNimbus(f.nimbusNoNet)},
		{"v2", getObjectV2(f.v2NoNet)},
	}
}

// BenchmarkGetObjectNoNetwork runs each client's whole stack against an
// in-process HTTP client that returns a canned response: SDK overhead only.
func BenchmarkGetObjectNoNetwork(b *testing.B) { runCases(b, getObjectNoNetworkCases()) }

func getObjectTelemetryCases() []benchCase {
	f := getFixture()
	nimbusOn := s3.New(f.nimbusNoNet.Options(), func(o *s3.Options) {
		o.TracerProvider, o.MeterProvider = DiscardTracerProvider{}, DiscardMeterProvider{}
	})
	v2On := s3v2.New(f.v2NoNet.Options(), func(o *s3v2.Options) {
		o.TracerProvider, o.MeterProvider = DiscardTracerProvider{}, DiscardMeterProvider{}
	})
	return []benchCase{
		{"nimbus-off", getObjectNimbus(f.nimbusNoNet)},
		{"nimbus-on", getObjectNimbus(nimbusOn)},
		{"v2-off", getObjectV2(f.v2NoNet)},
		{"v2-on", getObjectV2(v2On)},
	}
}

// BenchmarkGetObjectNoNetworkTelemetry is BenchmarkGetObjectNoNetwork with
// telemetry off (no providers) and on (tracing and metrics through
// providers that keep nothing, the same for both SDKs): what each SDK's
// instrumentation costs by itself.
func BenchmarkGetObjectNoNetworkTelemetry(b *testing.B) { runCases(b, getObjectTelemetryCases()) }

// mrap is a Multi-Region Access Point: its requests are signed with SigV4a.
const mrap = "arn:aws:s3::123456789012:accesspoint:mfzwi23gnjvgw.mrap"

func getObjectMRAPCases() []benchCase {
	return []benchCase{
		{"nimbus", getObjectNimbusFrom(s3.New(s3.Options{
			Region: Region, HTTPClient: CannedHTTPClient{},
			Credentials:                credentials.NewStaticProvider(AccessKeyID, SecretAccessKey, SessionToken),
			RequestChecksumCalculation: "when_required", ResponseChecksumValidation: "when_required",
		}), mrap)},
		{"v2", getObjectV2From(s3v2.New(s3v2.Options{
			Region: Region, HTTPClient: CannedHTTPClient{},
			Credentials:                credsv2.NewStaticCredentialsProvider(AccessKeyID, SecretAccessKey, SessionToken),
			RequestChecksumCalculation: awsv2.RequestChecksumCalculationWhenRequired,
			ResponseChecksumValidation: awsv2.ResponseChecksumValidationWhenRequired,
		}), mrap)},
	}
}

// BenchmarkGetObjectMRAPNoNetwork is BenchmarkGetObjectNoNetwork for a
// Multi-Region Access Point: the whole stack with SigV4a signing (ECDSA
// P-256 with the key each SDK derives once and caches).
func BenchmarkGetObjectMRAPNoNetwork(b *testing.B) { runCases(b, getObjectMRAPCases()) }

// ---- PutObject ----

func putObjectNimbus(c *s3.Client) func(b *testing.B) {
	return func(b *testing.B) {
		bucket, key := Bucket, Key
		body := bytes.NewReader(nil)
		in := &s3.PutObjectInput{Bucket: &bucket, Key: &key, Body: body}
		ctx := context.Background()
		b.ReportAllocs()
		for b.Loop() {
			body.Reset(ObjectBody)
			out, err := c.PutObject(ctx, in)
			if err != nil {
				b.Fatal(err)
			}
			if out.ETag == nil {
				b.Fatal("PutObject: no ETag")
			}
		}
	}
}

func putObjectV2(c *s3v2.Client) func(b *testing.B) {
	return func(b *testing.B) {
		body := bytes.NewReader(nil)
		in := &s3v2.PutObjectInput{Bucket: awsv2.String(Bucket), Key: awsv2.String(Key), Body: body}
		ctx := context.Background()
		b.ReportAllocs()
		for b.Loop() {
			body.Reset(ObjectBody)
			out, err := c.PutObject(ctx, in)
			if err != nil {
				b.Fatal(err)
			}
			if out.ETag == nil {
				b.Fatal("PutObject: no ETag")
			}
		}
	}
}

func putObjectRaw(r *Raw) func(b *testing.B) {
	return func(b *testing.B) {
		body := bytes.NewReader(nil)
		ctx := context.Background()
		b.ReportAllocs()
		for b.Loop() {
			body.Reset(ObjectBody)
			etag, err := r.PutObject(ctx, body)
			if err != nil || etag == "" {
				b.Fatalf("raw PutObject: err %v, ETag %q", err, etag)
			}
		}
	}
}

func putObjectCases() []benchCase {
	f := getFixture()
	return []benchCase{
		{"nimbus", putObjectNimbus(f.nimbus)},
		{"v2", putObjectV2(f.v2)},
		{"raw", putObjectRaw(f.raw)},
	}
}

// BenchmarkPutObject puts a 1 KiB object from a bytes.Reader over loopback.
func BenchmarkPutObject(b *testing.B) { runCases(b, putObjectCases()) }
