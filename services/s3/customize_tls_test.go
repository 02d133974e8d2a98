package s3

import (
	"crypto/md5"
	"encoding/base64"
	"errors"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/nimbus-sdk/nimbus/credentials"
	v4 "github.com/nimbus-sdk/nimbus/signer/v4"
)

// TestUnsignedStreamSendsContentLength: over HTTPS a body that cannot be
// hashed (not seekable) and has no checksum is signed UNSIGNED-PAYLOAD;
// its ContentLength member must become the request's Content-Length, not
// be dropped for chunked transfer encoding, which S3 refuses with 411
// MissingContentLength. (Over plain HTTP such a body is refused before
// sending.)
func TestUnsignedStreamSendsContentLength(t *testing.T) {
	type got struct {
		length  int64
		chunked []string
		hash    string
	}
	seen := make(chan got, 1)
	srv := httptest.NewTLSServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		seen <- got{r.ContentLength, r.TransferEncoding, r.Header.Get("X-Amz-Content-Sha256")}
	}))
	t.Cleanup(srv.Close)
	c := New(Options{Region: "us-east-1", BaseEndpoint: srv.URL, UsePathStyle: true, HTTPClient: srv.Client(),
		Credentials: credentials.NewStaticProvider("AKID", "SECRET", ""), RequestChecksumCalculation: "when_required"})
	_, err := c.PutObject(t.Context(), &PutObjectInput{Bucket: ref("b"), Key: ref("k"),
		Body: onlyReader{strings.NewReader("hello")}, ContentLength: ref(int64(5))})
	if err != nil {
		t.Fatal(err)
	}
	g := <-seen
	if g.length != 5 || len(g.chunked) != 0 || g.hash != v4.UnsignedPayload {
		t.Errorf("server saw Content-Length %d, Transfer-Encoding %q, X-Amz-Content-Sha256 %q; want 5, none, %s",
			g.length, g.chunked, g.hash, v4.UnsignedPayload)
	}
}

// TestPresignSSECustomerKey: presigned URLs carry SSE-C keys completed
// as calls send them (base64, with the key's MD5), and a bad key fails
// before anything is signed.
func TestPresignSSECustomerKey(t *testing.T) {
	p := NewPresignClient(newFakeClient(t, &fakeS3{}, false))
	raw := "0123456789abcdef0123456789abcdef"
	b64 := base64.StdEncoding.EncodeToString([]byte(raw))
	sum := md5.Sum([]byte(raw))
	wantMD5 := base64.StdEncoding.EncodeToString(sum[:])
	for _, key := range []string{raw, b64} {
		pr, err := p.PresignGetObject(t.Context(), &GetObjectInput{Bucket: ref("b"), Key: ref("k"),
			SSECustomerAlgorithm: ref("AES256"), SSECustomerKey: ref(key)})
		if err != nil {
			t.Fatal(err)
		}
		h := http.Header(pr.SignedHeader)
		if got := h.Get("X-Amz-Server-Side-Encryption-Customer-Key"); got != b64 {
			t.Errorf("key %q: signed key header = %q; want %q", key, got, b64)
		}
		if got := h.Get("X-Amz-Server-Side-Encryption-Customer-Key-Md5"); got != wantMD5 {
			t.Errorf("key %q: signed key MD5 header = %q; want %q", key, got, wantMD5)
		}
	}
	_, err := p.PresignGetObject(t.Context(), &GetObjectInput{Bucket: ref("b"), Key: ref("k"),
		SSECustomerAlgorithm: ref("AES256"), SSECustomerKey: ref("short")})
	if !errors.Is(err, ErrInvalidSSECustomerKey) {
		t.Errorf("PresignGetObject with a short key = %v; want ErrInvalidSSECustomerKey", err)
	}
}
