package s3_test

// Integration tests of the S3 behaviours listed in BEHAVIOURS.md, run
// against both servers `make test` starts, versitygw (testenv.S3) and
// MinIO (testenv.MinIO), each over plain HTTP and over HTTPS
// (testenv.S3TLS, testenv.MinIOTLS), where requests are signed with
// UNSIGNED-PAYLOAD and aws-chunked bodies are sent in unsigned chunks.

import (
	"bytes"
	"crypto/md5"
	"encoding/base64"
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"net/http/httputil"
	"net/url"
	"os/exec"
	"slices"
	"strings"
	"testing"

	"github.com/aws/smithy-go"

	"github.com/nimbus-sdk/nimbus/internal/testenv"
	"github.com/nimbus-sdk/nimbus/middleware/checksum"
	"github.com/nimbus-sdk/nimbus/services/s3"
	"github.com/nimbus-sdk/nimbus/services/s3/types"
)

// A namedServer is one of the servers the tests below run against.
type namedServer struct {
	name string
	get  func(testing.TB) testenv.Server
}

var (
	plainServers = []namedServer{{"versitygw", testenv.S3}, {"minio", testenv.MinIO}}
	allServers   = append(slices.Clip(plainServers), namedServer{"versitygw-tls", testenv.S3TLS}, namedServer{"minio-tls", testenv.MinIOTLS})
)

// eachServer runs fn as a subtest per server, over HTTP and HTTPS.
func eachServer(t *testing.T, fn func(t *testing.T, e testenv.Server)) {
	eachServerOf(t, allServers, fn)
}

// eachServerOf runs fn as a subtest per server of servers.
func eachServerOf(t *testing.T, servers []namedServer, fn func(t *testing.T, e testenv.Server)) {
	for _, s := range servers {
		t.Run(s.name, func(t *testing.T) {
			srv := s.get(t)
			fn(t, srv)
		})
	}
}

var allAlgorithms = []types.ChecksumAlgorithm{
	types.ChecksumAlgorithmCrc32, types.ChecksumAlgorithmCrc32c, types.ChecksumAlgorithmCrc64nvme,
	types.ChecksumAlgorithmSha1, types.ChecksumAlgorithmSha256,
}

// sumFor returns the checksum member of a GetObject/HeadObject output for alg.
func getChecksum(out *s3.GetObjectOutput, alg types.ChecksumAlgorithm) *string {
	switch alg {
	case types.ChecksumAlgorithmCrc32:
		return out.ChecksumCRC32
	case types.ChecksumAlgorithmCrc32c:
		return out.ChecksumCRC32C
	case types.ChecksumAlgorithmCrc64nvme:
		return out.ChecksumCRC64NVME
	case types.ChecksumAlgorithmSha1:
		return out.ChecksumSHA1
	case types.ChecksumAlgorithmSha256:
		return out.ChecksumSHA256
	}
	return nil
}

func completedPart(alg types.ChecksumAlgorithm, n int32, etag *string, sum string) types.CompletedPart {
	p := types.CompletedPart{PartNumber: &n, ETag: etag}
	switch alg {
	case types.ChecksumAlgorithmCrc32:
		p.ChecksumCRC32 = &sum
	case types.ChecksumAlgorithmCrc32c:
		p.ChecksumCRC32C = &sum
	case types.ChecksumAlgorithmCrc64nvme:
		p.ChecksumCRC64NVME = &sum
	case types.ChecksumAlgorithmSha1:
		p.ChecksumSHA1 = &sum
	case types.ChecksumAlgorithmSha256:
		p.ChecksumSHA256 = &sum
	}
	return p
}

// streamOnly hides Seek, like a network stream: the body can be read once.
type streamOnly struct{ r io.Reader }

func (s streamOnly) Read(p []byte) (int, error) { return s.r.Read(p) }

// TestServersChecksumTrailers uploads with each algorithm as an aws-chunked
// trailer (signed chunks over plain HTTP, unsigned ones over HTTPS) from
// a non-seekable body, checks the body on the wire, then downloads with
// validation on.
func TestServersChecksumTrailers(t *testing.T) {
	eachServer(t, func(t *testing.T, e testenv.Server) {
		c, rec := newClient(t, e)
		bucket := newBucket(t, c)
		payload := randomBytes(t, 200<<10+17)
		for _, alg := range allAlgorithms {
			t.Run(string(alg), func(t *testing.T) {
				key := "put-" + string(alg)
				a, _ := checksum.Parse(string(alg))
				want := a.Sum(payload)
				_, err := c.PutObject(t.Context(), &s3.PutObjectInput{
					Bucket: &bucket, Key: &key, ChecksumAlgorithm: alg,
					Body: streamOnly{bytes.NewReader(payload)}, ContentLength: ptr(int64(len(payload))),
				})
				if err != nil {
					t.Fatalf("PutObject: %v", err)
				}
				checkChunkedOnWire(t, e, rec.lastSent(t), a, want, len(payload))
				out, err := c.GetObject(t.Context(), &s3.GetObjectInput{Bucket: &bucket, Key: &key, ChecksumMode: types.ChecksumModeEnabled})
				if err != nil {
					t.Fatalf("GetObject: %v", err)
				}
				got, err := io.ReadAll(out.Body)
				out.Body.Close()
				if err != nil || !bytes.Equal(got, payload) {
					t.Fatalf("GetObject body: %d bytes, %v; want the %d bytes sent", len(got), err, len(payload))
				}
				if s := getChecksum(out, alg); s == nil || *s != want {
					t.Errorf("GetObject checksum = %v; want %s", deref(s), want)
				}
			})
			t.Run("UploadPart-"+string(alg), func(t *testing.T) {
				key := "mpu-" + string(alg)
				a, _ := checksum.Parse(string(alg))
				up, err := c.CreateMultipartUpload(t.Context(), &s3.CreateMultipartUploadInput{Bucket: &bucket, Key: &key, ChecksumAlgorithm: alg})
				if err != nil {
					t.Fatalf("CreateMultipartUpload: %v", err)
				}
				part, err := c.UploadPart(t.Context(), &s3.UploadPartInput{
					Bucket: &bucket, Key: &key, UploadId: up.UploadId, PartNumber: ptr(int32(1)),
					ChecksumAlgorithm: alg, Body: bytes.NewReader(payload),
				})
				if err != nil {
					t.Fatalf("UploadPart: %v", err)
				}
				checkChunkedOnWire(t, e, rec.lastSent(t), a, a.Sum(payload), len(payload))
				_, err = c.CompleteMultipartUpload(t.Context(), &s3.CompleteMultipartUploadInput{
					Bucket: &bucket, Key: &key, UploadId: up.UploadId,
					MultipartUpload: &types.CompletedMultipartUpload{Parts: []types.CompletedPart{completedPart(alg, 1, part.ETag, a.Sum(payload))}},
				})
				if err != nil {
					t.Fatalf("CompleteMultipartUpload: %v", err)
				}
				if got := getString(t, c, bucket, key); got != string(payload) {
					t.Errorf("multipart object = %d bytes; want %d", len(got), len(payload))
				}
			})
		}
		t.Run("large body sends Expect: 100-continue", func(t *testing.T) {
			big := randomBytes(t, 3<<20)
			key := "big"
			if _, err := c.PutObject(t.Context(), &s3.PutObjectInput{Bucket: &bucket, Key: &key, Body: bytes.NewReader(big)}); err != nil {
				t.Fatalf("PutObject: %v", err)
			}
			if got := rec.last(t).ReqHeader.Get("Expect"); got != "100-continue" {
				t.Errorf("Expect = %q; want 100-continue", got)
			}
			if got := getString(t, c, bucket, key); got != string(big) {
				t.Errorf("round trip of %d bytes failed", len(big))
			}
		})
	})
}

// TestServersChecksumMismatchRejected sends a wrong x-amz-checksum-crc32:
// the server must refuse the object with a typed API error.
func TestServersChecksumMismatchRejected(t *testing.T) {
	eachServer(t, func(t *testing.T, e testenv.Server) {
		c, _ := newClient(t, e)
		bucket := newBucket(t, c)
		key := "bad-digest"
		_, err := c.PutObject(t.Context(), &s3.PutObjectInput{
			Bucket: &bucket, Key: &key, Body: strings.NewReader("hello"), ChecksumCRC32: ptr("AAAAAA=="),
		})
		var apiErr smithy.APIError
		if !errors.As(err, &apiErr) {
			t.Fatalf("PutObject with a wrong CRC32 = %v; want an API error", err)
		}
		switch apiErr.ErrorCode() {
		case "BadDigest", "InvalidRequest", "XAmzContentChecksumMismatch":
		default:
			t.Errorf("error code = %q; want BadDigest, InvalidRequest or XAmzContentChecksumMismatch", apiErr.ErrorCode())
		}
		if _, err := c.HeadObject(t.Context(), &s3.HeadObjectInput{Bucket: &bucket, Key: &key}); err == nil {
			t.Error("the object was stored despite the wrong checksum")
		}
	})
}

// corruptingProxy forwards to target and flips one byte of every GET
// response body. The Host header is kept, so signatures still verify.
func corruptingProxy(t *testing.T, target string) string {
	t.Helper()
	u, err := url.Parse(target)
	if err != nil {
		t.Fatal(err)
	}
	rp := httputil.NewSingleHostReverseProxy(u)
	rp.ModifyResponse = func(resp *http.Response) error {
		if resp.Request.Method != http.MethodGet || resp.StatusCode != http.StatusOK || resp.Request.URL.RawQuery != "x-id=GetObject" {
			return nil
		}
		b, err := io.ReadAll(resp.Body)
		resp.Body.Close()
		if err != nil {
			return err
		}
		if len(b) > 0 {
			b[len(b)/2] ^= 0x20
		}
		resp.Body = io.NopCloser(bytes.NewReader(b))
		return nil
	}
	srv := httptest.NewServer(rp)
	t.Cleanup(srv.Close)
	return srv.URL
}

// TestServersCorruptedBodyRejected puts an object directly, then reads it
// through a proxy that corrupts the body: the client must not return the
// data as good. The proxy speaks plain HTTP, so only those servers are
// used.
func TestServersCorruptedBodyRejected(t *testing.T) {
	eachServerOf(t, plainServers, func(t *testing.T, e testenv.Server) {
		c, _ := newClient(t, e)
		bucket := newBucket(t, c)
		key := "corrupt-me"
		putString(t, c, bucket, key, strings.Repeat("the quick brown fox ", 500))

		pe := e
		pe.Endpoint = corruptingProxy(t, e.Endpoint)
		pc, _ := newClient(t, pe)
		out, err := pc.GetObject(t.Context(), &s3.GetObjectInput{Bucket: &bucket, Key: &key})
		if err != nil {
			t.Fatalf("GetObject through the proxy: %v", err)
		}
		_, err = io.ReadAll(out.Body)
		out.Body.Close()
		var me *s3.ChecksumMismatchError
		if !errors.As(err, &me) {
			t.Fatalf("reading the corrupted body = %v; want *s3.ChecksumMismatchError", err)
		}
		t.Logf("rejected: %v", me)
	})
}

// TestServersPresigned fetches presigned PUT and GET URLs with net/http
// and curl.
func TestServersPresigned(t *testing.T) {
	eachServer(t, func(t *testing.T, e testenv.Server) {
		c, _ := newClient(t, e)
		bucket := newBucket(t, c)
		p := s3.NewPresignClient(c)
		key := "presigned/é x+y.txt"
		put, err := p.PresignPutObject(t.Context(), &s3.PutObjectInput{Bucket: &bucket, Key: &key})
		if err != nil {
			t.Fatal(err)
		}
		hc := e.HTTPClient(t)
		if status, body := doPresignedWith(t, hc, put, strings.NewReader("via net/http")); status != 200 {
			t.Fatalf("presigned PUT: %d %s", status, body)
		}
		get, err := p.PresignGetObject(t.Context(), &s3.GetObjectInput{Bucket: &bucket, Key: &key})
		if err != nil {
			t.Fatal(err)
		}
		if status, body := doPresignedWith(t, hc, get, nil); status != 200 || body != "via net/http" {
			t.Fatalf("presigned GET: %d %q", status, body)
		}
		curl, err := exec.LookPath("curl")
		if err != nil {
			t.Logf("curl not installed: presigned URLs checked with net/http only")
			return
		}
		var cacert []string
		if e.CABundle != "" {
			cacert = []string{"--cacert", e.CABundle}
		}
		cmd := exec.CommandContext(t.Context(), curl, append(cacert, "-sS", "-f", "-X", "PUT", "--data-binary", "via curl", "-H", "Content-Type:", put.URL)...)
		if outb, err := cmd.CombinedOutput(); err != nil {
			t.Fatalf("curl PUT: %v: %s", err, outb)
		}
		outb, err := exec.CommandContext(t.Context(), curl, append(cacert, "-sS", "-f", get.URL)...).CombinedOutput()
		if err != nil || string(outb) != "via curl" {
			t.Fatalf("curl GET = %q, %v; want %q", outb, err, "via curl")
		}
	})
}

// TestServersErrorResponses covers CompleteMultipartUpload with a bogus
// ETag (a typed error, whether the server reports it in a 200 or a 400)
// and HeadObject/HeadBucket 404s as *types.NotFound.
func TestServersErrorResponses(t *testing.T) {
	eachServer(t, func(t *testing.T, e testenv.Server) {
		c, _ := newClient(t, e)
		bucket := newBucket(t, c)
		key := "mpu-bogus"
		up, err := c.CreateMultipartUpload(t.Context(), &s3.CreateMultipartUploadInput{Bucket: &bucket, Key: &key})
		if err != nil {
			t.Fatal(err)
		}
		if _, err := c.UploadPart(t.Context(), &s3.UploadPartInput{Bucket: &bucket, Key: &key, UploadId: up.UploadId, PartNumber: ptr(int32(1)), Body: strings.NewReader("part")}); err != nil {
			t.Fatal(err)
		}
		_, err = c.CompleteMultipartUpload(t.Context(), &s3.CompleteMultipartUploadInput{
			Bucket: &bucket, Key: &key, UploadId: up.UploadId,
			MultipartUpload: &types.CompletedMultipartUpload{Parts: []types.CompletedPart{{PartNumber: ptr(int32(1)), ETag: ptr(`"00000000000000000000000000000000"`)}}},
		})
		var apiErr smithy.APIError
		if !errors.As(err, &apiErr) || apiErr.ErrorCode() != "InvalidPart" {
			t.Errorf("CompleteMultipartUpload with a bogus ETag = %v; want InvalidPart", err)
		}
		var nf *types.NotFound
		if _, err := c.HeadObject(t.Context(), &s3.HeadObjectInput{Bucket: &bucket, Key: ptr("missing")}); !errors.As(err, &nf) {
			t.Errorf("HeadObject(missing) = %v; want *types.NotFound", err)
		}
		// The bucket's random suffix, in a name short enough to be valid
		// (at most 63 characters) whatever the subtest's name.
		missing := "nit-missing-" + bucket[len(bucket)-12:]
		if _, err := c.HeadBucket(t.Context(), &s3.HeadBucketInput{Bucket: &missing}); !errors.As(err, &nf) {
			t.Errorf("HeadBucket(missing) = %v; want *types.NotFound", err)
		}
	})
}

// TestServersGetBucketLocation decodes the unwrapped <LocationConstraint>
// body.
func TestServersGetBucketLocation(t *testing.T) {
	eachServer(t, func(t *testing.T, e testenv.Server) {
		c, _ := newClient(t, e)
		bucket := newBucket(t, c)
		out, err := c.GetBucketLocation(t.Context(), &s3.GetBucketLocationInput{Bucket: &bucket})
		if err != nil {
			t.Fatal(err)
		}
		// us-east-1 is reported as an empty constraint by AWS; some
		// servers name it.
		if got := string(out.LocationConstraint); got != "" && got != e.Region {
			t.Errorf("LocationConstraint = %q; want empty or %q", got, e.Region)
		}
	})
}

// TestServersSSEC round-trips an object with a raw SSE-C key: Nimbus
// encodes it and adds its MD5. SSE-C needs TLS on AWS and MinIO; over
// plain HTTP those servers' documented refusal (InvalidRequest) is asserted
// instead, after checking what went on the wire. Over HTTPS only a server
// without SSE-C (versitygw: NotImplemented) may refuse it.
func TestServersSSEC(t *testing.T) {
	eachServer(t, func(t *testing.T, e testenv.Server) {
		c, rec := newClient(t, e)
		bucket := newBucket(t, c)
		key, raw := "ssec", "0123456789abcdef0123456789abcdef"
		_, err := c.PutObject(t.Context(), &s3.PutObjectInput{Bucket: &bucket, Key: &key, Body: strings.NewReader("secret"),
			SSECustomerAlgorithm: ptr("AES256"), SSECustomerKey: ptr(raw)})
		h := rec.last(t).ReqHeader
		sum := md5.Sum([]byte(raw))
		if got, want := h.Get("X-Amz-Server-Side-Encryption-Customer-Key-Md5"), base64.StdEncoding.EncodeToString(sum[:]); got != want {
			t.Errorf("key MD5 header = %q; want %q", got, want)
		}
		if got, want := h.Get("X-Amz-Server-Side-Encryption-Customer-Key"), base64.StdEncoding.EncodeToString([]byte(raw)); got != want {
			t.Errorf("key header = %q; want %q", got, want)
		}
		if err != nil {
			var apiErr smithy.APIError
			if e.IsHTTPS() && (!errors.As(err, &apiErr) || apiErr.ErrorCode() != "NotImplemented") {
				t.Fatalf("PutObject with SSE-C over https = %v; want success or NotImplemented", err)
			}
			if !errors.As(err, &apiErr) || (apiErr.ErrorCode() != "InvalidRequest" && apiErr.ErrorCode() != "NotImplemented") {
				t.Fatalf("PutObject with SSE-C over http = %v; want success or InvalidRequest/NotImplemented", err)
			}
			t.Logf("server refuses SSE-C as documented: %v", err)
			return
		}
		out, err := c.GetObject(t.Context(), &s3.GetObjectInput{Bucket: &bucket, Key: &key, SSECustomerAlgorithm: ptr("AES256"), SSECustomerKey: ptr(raw)})
		if err != nil {
			t.Fatalf("GetObject with the key: %v", err)
		}
		if got := readAll(t, out.Body); got != "secret" {
			t.Errorf("SSE-C round trip = %q", got)
		}
	})
}

// TestServersSpecialKeys round-trips keys that break naive encoders.
func TestServersSpecialKeys(t *testing.T) {
	eachServer(t, func(t *testing.T, e testenv.Server) {
		c, _ := newClient(t, e)
		bucket := newBucket(t, c)
		// MinIO stores objects as files and documents that it refuses
		// keys with empty or dot segments; the request must still reach
		// it intact, which its specific error shows.
		refused := map[string]string{}
		if strings.HasSuffix(t.Name(), "/minio") || strings.HasSuffix(t.Name(), "/minio-tls") {
			refused = map[string]string{"a//double": "XMinioInvalidObjectName", "a/./dot": "XMinioInvalidResourceName"}
		}
		for _, key := range []string{"with space", "ünïcödé/日本語", "plus+sign", "100%", "percent%2Fencoded", "a//double", "a/./dot", "tilde~*'()!$&,;=@", "question?hash#"} {
			t.Run(key, func(t *testing.T) {
				if code, ok := refused[key]; ok {
					_, err := c.PutObject(t.Context(), &s3.PutObjectInput{Bucket: &bucket, Key: &key, Body: strings.NewReader("x")})
					var apiErr smithy.APIError
					if !errors.As(err, &apiErr) || apiErr.ErrorCode() != code {
						t.Errorf("PutObject(%q) = %v; want the server's documented %s", key, err, code)
					}
					return
				}
				putString(t, c, bucket, key, "v:"+key)
				if got := getString(t, c, bucket, key); got != "v:"+key {
					t.Errorf("GetObject(%q) = %q", key, got)
				}
			})
		}
	})
}
