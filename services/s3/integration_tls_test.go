package s3_test

// Integration tests of what only HTTPS does, against the second versitygw
// and MinIO that `make test` starts over TLS (testenv.S3TLS and
// testenv.MinIOTLS): requests signed with UNSIGNED-PAYLOAD, and SSE-C,
// which servers refuse over plain HTTP. The tests of
// integration_servers_test.go also run over TLS.

import (
	"bytes"
	"crypto/md5"
	"encoding/base64"
	"errors"
	"strconv"
	"strings"
	"testing"

	"github.com/aws/smithy-go"

	"github.com/nimbus-sdk/nimbus/internal/testenv"
	"github.com/nimbus-sdk/nimbus/middleware/checksum"
	"github.com/nimbus-sdk/nimbus/services/s3"
	"github.com/nimbus-sdk/nimbus/services/s3/types"
	v4 "github.com/nimbus-sdk/nimbus/signer/v4"
)

var tlsServers = allServers[len(plainServers):]

// checkChunkedOnWire checks an aws-chunked request as it was sent: signed
// chunks and a trailer signature over plain HTTP, unsigned chunks
// (STREAMING-UNSIGNED-PAYLOAD-TRAILER) over HTTPS, and the checksum want
// of alg as the trailer that ends the body.
func checkChunkedOnWire(t *testing.T, e testenv.Server, sent *testenv.Sent, alg checksum.Algorithm, want string, decodedLen int) {
	t.Helper()
	h := sent.Header
	wantHash := v4.StreamingSignedPayloadTrailer
	if e.IsHTTPS() {
		wantHash = v4.StreamingUnsignedPayloadTrailer
	}
	if got := h.Get("X-Amz-Content-Sha256"); got != wantHash {
		t.Errorf("X-Amz-Content-Sha256 = %q; want %s", got, wantHash)
	}
	if got := h.Get("Content-Encoding"); !strings.Contains(got, "aws-chunked") {
		t.Errorf("Content-Encoding = %q; want aws-chunked", got)
	}
	if got := h.Get("X-Amz-Trailer"); got != alg.HeaderName() {
		t.Errorf("X-Amz-Trailer = %q; want %q", got, alg.HeaderName())
	}
	if got := h.Get("X-Amz-Decoded-Content-Length"); got != strconv.Itoa(decodedLen) {
		t.Errorf("X-Amz-Decoded-Content-Length = %q; want %d", got, decodedLen)
	}
	tail := string(sent.BodyTail(t))
	trailer := "\r\n" + alg.HeaderName() + ":" + want + "\r\n"
	switch {
	case e.IsHTTPS() && (!strings.HasSuffix(tail, "0"+trailer+"\r\n") || strings.Contains(tail, "signature")):
		t.Errorf("body ends %q; want an unsigned last chunk and the trailer %q", tail, trailer)
	case !e.IsHTTPS() && (!strings.Contains(tail, ";chunk-signature=") || !strings.Contains(tail, trailer+"x-amz-trailer-signature:")):
		t.Errorf("body ends %q; want a signed last chunk, the trailer %q and its signature", tail, trailer)
	}
}

// TestTLSUnsignedPayload checks the requests that are signed with
// UNSIGNED-PAYLOAD over HTTPS, where TLS protects the body, and that the
// servers accept them: a non-seekable body without a checksum, which
// cannot be hashed before it is sent (over plain HTTP it is refused
// before sending), and any body in CompatibleMode.
func TestTLSUnsignedPayload(t *testing.T) {
	eachServerOf(t, tlsServers, func(t *testing.T, e testenv.Server) {
		payload := randomBytes(t, 64<<10+3)
		tests := []struct {
			name string
			opts func(*s3.Options)
			body func() *s3.PutObjectInput
		}{
			{"stream without checksum", func(o *s3.Options) { o.RequestChecksumCalculation = "when_required" },
				func() *s3.PutObjectInput {
					return &s3.PutObjectInput{Body: streamOnly{bytes.NewReader(payload)}, ContentLength: ptr(int64(len(payload)))}
				}},
			{"compatible mode", func(o *s3.Options) { o.CompatibleMode = true },
				func() *s3.PutObjectInput { return &s3.PutObjectInput{Body: bytes.NewReader(payload)} }},
		}
		for _, tt := range tests {
			t.Run(tt.name, func(t *testing.T) {
				c, rec := newClient(t, e, tt.opts)
				bucket := newBucket(t, c)
				in := tt.body()
				in.Bucket, in.Key = &bucket, ptr("unsigned")
				if _, err := c.PutObject(t.Context(), in); err != nil {
					t.Fatalf("PutObject: %v", err)
				}
				sent := rec.lastSent(t)
				if got := sent.Header.Get("X-Amz-Content-Sha256"); got != v4.UnsignedPayload {
					t.Errorf("PutObject X-Amz-Content-Sha256 = %q; want %s", got, v4.UnsignedPayload)
				}
				if got := sent.Header.Get("Content-Encoding"); got != "" {
					t.Errorf("PutObject Content-Encoding = %q; want the body as is", got)
				}
				if got := getString(t, c, bucket, "unsigned"); got != string(payload) {
					t.Errorf("object = %d bytes; want the %d sent", len(got), len(payload))
				}
				// A body-carrying call that needs a checksum (Content-MD5
				// in compatible mode) is unsigned too.
				_, err := c.DeleteObjects(t.Context(), &s3.DeleteObjectsInput{Bucket: &bucket,
					Delete: &types.Delete{Objects: []types.ObjectIdentifier{{Key: ptr("unsigned")}}}})
				if err != nil {
					t.Fatalf("DeleteObjects: %v", err)
				}
				if tt.name == "compatible mode" {
					if got := rec.lastSent(t).Header.Get("X-Amz-Content-Sha256"); got != v4.UnsignedPayload {
						t.Errorf("DeleteObjects X-Amz-Content-Sha256 = %q; want %s", got, v4.UnsignedPayload)
					}
				}
			})
		}
	})
}

// TestTLSSSEC exercises SSE-C, which needs HTTPS, against MinIO over TLS:
// single and multipart uploads with a customer key (and aws-chunked
// checksums), reads with and without the key, a copy to a new key, and a
// presigned GET carrying the key headers.
func TestTLSSSEC(t *testing.T) {
	e := testenv.MinIOTLS(t)
	c, rec := newClient(t, e)
	bucket := newBucket(t, c)
	key1, key2 := "0123456789abcdef0123456789abcdef", "fedcba9876543210fedcba9876543210"
	sse := func(raw string) (*string, *string) { return ptr("AES256"), ptr(raw) }
	payload := randomBytes(t, 6<<20+11) // two parts: 5 MiB and the rest

	alg, key := sse(key1)
	if _, err := c.PutObject(t.Context(), &s3.PutObjectInput{Bucket: &bucket, Key: ptr("single"), Body: bytes.NewReader(payload[:1000]),
		SSECustomerAlgorithm: alg, SSECustomerKey: key}); err != nil {
		t.Fatalf("PutObject with SSE-C over HTTPS: %v", err)
	}
	a, _ := checksum.Parse(string(types.ChecksumAlgorithmCrc32))
	checkChunkedOnWire(t, e, rec.lastSent(t), a, a.Sum(payload[:1000]), 1000)
	sum := md5.Sum([]byte(key1))
	if got, want := rec.lastSent(t).Header.Get("X-Amz-Server-Side-Encryption-Customer-Key-Md5"), base64.StdEncoding.EncodeToString(sum[:]); got != want {
		t.Errorf("key MD5 header = %q; want %q", got, want)
	}

	t.Run("multipart", func(t *testing.T) {
		up, err := c.CreateMultipartUpload(t.Context(), &s3.CreateMultipartUploadInput{Bucket: &bucket, Key: ptr("multi"),
			SSECustomerAlgorithm: alg, SSECustomerKey: key, ChecksumAlgorithm: types.ChecksumAlgorithmCrc32})
		if err != nil {
			t.Fatalf("CreateMultipartUpload: %v", err)
		}
		var parts []types.CompletedPart
		for i, p := range [][]byte{payload[:5<<20], payload[5<<20:]} {
			n := int32(i + 1)
			out, err := c.UploadPart(t.Context(), &s3.UploadPartInput{Bucket: &bucket, Key: ptr("multi"), UploadId: up.UploadId,
				PartNumber: &n, Body: bytes.NewReader(p), SSECustomerAlgorithm: alg, SSECustomerKey: key,
				ChecksumAlgorithm: types.ChecksumAlgorithmCrc32})
			if err != nil {
				t.Fatalf("UploadPart %d: %v", n, err)
			}
			checkChunkedOnWire(t, e, rec.lastSent(t), a, a.Sum(p), len(p))
			parts = append(parts, completedPart(types.ChecksumAlgorithmCrc32, n, out.ETag, a.Sum(p)))
		}
		if _, err := c.CompleteMultipartUpload(t.Context(), &s3.CompleteMultipartUploadInput{Bucket: &bucket, Key: ptr("multi"),
			UploadId: up.UploadId, MultipartUpload: &types.CompletedMultipartUpload{Parts: parts},
			SSECustomerAlgorithm: alg, SSECustomerKey: key}); err != nil {
			t.Fatalf("CompleteMultipartUpload: %v", err)
		}
		if got := getSSEC(t, c, bucket, "multi", key1); !bytes.Equal(got, payload) {
			t.Errorf("multipart SSE-C object = %d bytes; want the %d sent", len(got), len(payload))
		}
	})

	t.Run("read needs the key", func(t *testing.T) {
		if got := getSSEC(t, c, bucket, "single", key1); !bytes.Equal(got, payload[:1000]) {
			t.Errorf("GetObject with the key = %d bytes; want the 1000 sent", len(got))
		}
		_, err := c.GetObject(t.Context(), &s3.GetObjectInput{Bucket: &bucket, Key: ptr("single")})
		var apiErr smithy.APIError
		if !errors.As(err, &apiErr) {
			t.Errorf("GetObject without the key = %v; want an API error", err)
		}
		alg2, wrong := sse(key2)
		_, err = c.HeadObject(t.Context(), &s3.HeadObjectInput{Bucket: &bucket, Key: ptr("single"), SSECustomerAlgorithm: alg2, SSECustomerKey: wrong})
		if err == nil {
			t.Error("HeadObject with the wrong key succeeded")
		}
	})

	t.Run("copy to a new key", func(t *testing.T) {
		alg2, k2 := sse(key2)
		_, err := c.CopyObject(t.Context(), &s3.CopyObjectInput{Bucket: &bucket, Key: ptr("copy"), CopySource: ptr(bucket + "/single"),
			CopySourceSSECustomerAlgorithm: alg, CopySourceSSECustomerKey: key,
			SSECustomerAlgorithm: alg2, SSECustomerKey: k2})
		if err != nil {
			t.Fatalf("CopyObject: %v", err)
		}
		if got := getSSEC(t, c, bucket, "copy", key2); !bytes.Equal(got, payload[:1000]) {
			t.Errorf("copy read with the new key = %d bytes; want 1000", len(got))
		}
	})

	t.Run("presigned GET", func(t *testing.T) {
		p, err := s3.NewPresignClient(c).PresignGetObject(t.Context(), &s3.GetObjectInput{Bucket: &bucket, Key: ptr("single"),
			SSECustomerAlgorithm: alg, SSECustomerKey: key})
		if err != nil {
			t.Fatal(err)
		}
		if !strings.HasPrefix(p.URL, "https://") {
			t.Fatalf("presigned URL %s; want https", p.URL)
		}
		status, body := doPresignedWith(t, e.HTTPClient(t), p, nil)
		if status != 200 || body != string(payload[:1000]) {
			t.Errorf("presigned SSE-C GET = %d, %.300q; want 200 and the 1000 bytes sent (signed headers %v)", status, body, p.SignedHeader)
		}
	})
}

// getSSEC reads bucket/key with the customer key raw.
func getSSEC(t *testing.T, c *s3.Client, bucket, key, raw string) []byte {
	t.Helper()
	out, err := c.GetObject(t.Context(), &s3.GetObjectInput{Bucket: &bucket, Key: &key,
		SSECustomerAlgorithm: ptr("AES256"), SSECustomerKey: &raw})
	if err != nil {
		t.Fatalf("GetObject(%s) with its key: %v", key, err)
	}
	return []byte(readAll(t, out.Body))
}
