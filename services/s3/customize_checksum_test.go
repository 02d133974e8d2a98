package s3

import (
	"bufio"
	"bytes"
	"context"
	"crypto/md5"
	"encoding/base64"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/aws/smithy-go"

	"github.com/nimbus-sdk/nimbus/credentials"
	"github.com/nimbus-sdk/nimbus/middleware/checksum"
	"github.com/nimbus-sdk/nimbus/services/s3/types"
	v4 "github.com/nimbus-sdk/nimbus/signer/v4"
)

// seen is what a fake S3 server received.
type seen struct {
	Method, Path, RawQuery string
	Header                 http.Header
	Body                   []byte // decoded (aws-chunked removed)
	Trailers               map[string]string
}

// fakeS3 is an httptest server that records requests, decodes aws-chunked
// bodies, and answers with respond (200 and an empty body when nil).
type fakeS3 struct {
	mu      sync.Mutex
	reqs    []seen
	respond func(w http.ResponseWriter, r *http.Request, n int)
}

func (f *fakeS3) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	s := seen{Method: r.Method, Path: r.URL.EscapedPath(), RawQuery: r.URL.RawQuery, Header: r.Header.Clone()}
	raw, _ := io.ReadAll(r.Body)
	s.Body = raw
	if strings.HasPrefix(r.Header.Get("Content-Encoding"), "aws-chunked") {
		var err error
		s.Body, s.Trailers, err = decodeChunked(raw)
		if err != nil {
			http.Error(w, err.Error(), 400)
			return
		}
		if got := strconv.Itoa(len(raw)); r.ContentLength != int64(len(raw)) {
			http.Error(w, "Content-Length "+strconv.FormatInt(r.ContentLength, 10)+" != "+got, 400)
			return
		}
	}
	f.mu.Lock()
	f.reqs = append(f.reqs, s)
	n := len(f.reqs)
	f.mu.Unlock()
	if f.respond != nil {
		f.respond(w, r, n)
	}
}

func (f *fakeS3) last(t *testing.T) seen {
	t.Helper()
	f.mu.Lock()
	defer f.mu.Unlock()
	if len(f.reqs) == 0 {
		t.Fatal("no request reached the server")
	}
	return f.reqs[len(f.reqs)-1]
}

// decodeChunked decodes an aws-chunked body (signed or not) into its
// payload and trailers.
func decodeChunked(b []byte) ([]byte, map[string]string, error) {
	r := bufio.NewReader(bytes.NewReader(b))
	var payload []byte
	for {
		line, err := r.ReadString('\n')
		if err != nil {
			return nil, nil, fmt.Errorf("chunk header: %w", err)
		}
		size, _, _ := strings.Cut(strings.TrimSpace(line), ";")
		n, err := strconv.ParseInt(size, 16, 64)
		if err != nil {
			return nil, nil, fmt.Errorf("chunk size %q: %w", size, err)
		}
		if n == 0 {
			break
		}
		chunk := make([]byte, n+2)
		if _, err := io.ReadFull(r, chunk); err != nil {
			return nil, nil, err
		}
		payload = append(payload, chunk[:n]...)
	}
	trailers := map[string]string{}
	for {
		line, err := r.ReadString('\n')
		line = strings.TrimSpace(line)
		if line == "" || err != nil {
			break
		}
		k, v, _ := strings.Cut(line, ":")
		trailers[k] = v
	}
	return payload, trailers, nil
}

func newFakeClient(t *testing.T, f *fakeS3, tls bool, optFns ...func(*Options)) *Client {
	t.Helper()
	var srv *httptest.Server
	if tls {
		srv = httptest.NewTLSServer(f)
	} else {
		srv = httptest.NewServer(f)
	}
	t.Cleanup(srv.Close)
	return New(Options{
		Region:           "us-east-1",
		BaseEndpoint:     srv.URL,
		UsePathStyle:     true,
		Credentials:      credentials.NewStaticProvider("AKID", "SECRET", ""),
		HTTPClient:       srv.Client(),
		RetryMaxAttempts: 3,
	}, optFns...)
}

// onlyReader hides every method but Read, like a network stream.
type onlyReader struct{ r io.Reader }

func (o onlyReader) Read(p []byte) (int, error) { return o.r.Read(p) }

func TestRequestChecksumTrailer(t *testing.T) {
	payload := bytes.Repeat([]byte("0123456789abcdef"), 20000) // 320000 bytes, several chunks
	tests := []struct {
		name       string
		alg        types.ChecksumAlgorithm
		tls        bool
		seekable   bool
		wantAlg    checksum.Algorithm
		wantSHA256 string
	}{
		{"default is CRC32, signed chunks over http", "", false, true, checksum.CRC32, v4.StreamingSignedPayloadTrailer},
		{"CRC32C non-seekable", types.ChecksumAlgorithmCrc32c, false, false, checksum.CRC32C, v4.StreamingSignedPayloadTrailer},
		{"CRC64NVME", types.ChecksumAlgorithmCrc64nvme, false, true, checksum.CRC64NVME, v4.StreamingSignedPayloadTrailer},
		{"SHA1 unsigned over https", types.ChecksumAlgorithmSha1, true, true, checksum.SHA1, v4.StreamingUnsignedPayloadTrailer},
		{"SHA256 unsigned over https, non-seekable", types.ChecksumAlgorithmSha256, true, false, checksum.SHA256, v4.StreamingUnsignedPayloadTrailer},
		{"SHA512", types.ChecksumAlgorithmSha512, false, true, checksum.SHA512, v4.StreamingSignedPayloadTrailer},
		{"XXHASH64 non-seekable", types.ChecksumAlgorithmXxhash64, false, false, checksum.XXHASH64, v4.StreamingSignedPayloadTrailer},
		{"XXHASH3 unsigned over https", types.ChecksumAlgorithmXxhash3, true, true, checksum.XXHASH3, v4.StreamingUnsignedPayloadTrailer},
		{"XXHASH128 unsigned over https, non-seekable", types.ChecksumAlgorithmXxhash128, true, false, checksum.XXHASH128, v4.StreamingUnsignedPayloadTrailer},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := &fakeS3{}
			c := newFakeClient(t, f, tt.tls)
			var body io.Reader = bytes.NewReader(payload)
			in := &PutObjectInput{Bucket: ref("b"), Key: ref("k"), ChecksumAlgorithm: tt.alg}
			if !tt.seekable {
				body = onlyReader{body}
				in.ContentLength = ref(int64(len(payload)))
			}
			in.Body = body
			if _, err := c.PutObject(t.Context(), in); err != nil {
				t.Fatal(err)
			}
			got := f.last(t)
			for k, want := range map[string]string{
				"Content-Encoding":             "aws-chunked",
				"X-Amz-Trailer":                tt.wantAlg.HeaderName(),
				"X-Amz-Decoded-Content-Length": strconv.Itoa(len(payload)),
				"X-Amz-Sdk-Checksum-Algorithm": string(tt.wantAlg),
				"X-Amz-Content-Sha256":         tt.wantSHA256,
			} {
				if v := got.Header.Get(k); v != want {
					t.Errorf("header %s = %q; want %q", k, v, want)
				}
			}
			if !bytes.Equal(got.Body, payload) {
				t.Errorf("decoded body = %d bytes; want the %d-byte payload", len(got.Body), len(payload))
			}
			if v, want := got.Trailers[tt.wantAlg.HeaderName()], tt.wantAlg.Sum(payload); v != want {
				t.Errorf("trailer %s = %q; want %q", tt.wantAlg.HeaderName(), v, want)
			}
			_, signedTrailer := got.Trailers["x-amz-trailer-signature"]
			if signedTrailer != !tt.tls {
				t.Errorf("trailer signature present = %v; want %v", signedTrailer, !tt.tls)
			}
		})
	}
}

func TestRequestChecksumHeaders(t *testing.T) {
	del := &DeleteObjectsInput{Bucket: ref("b"), Delete: &types.Delete{Objects: []types.ObjectIdentifier{{Key: ref("k")}}}}
	tests := []struct {
		name      string
		configure func(*Options)
		compat    bool
		call      func(c *Client) error
		want      map[string]string // "" means absent, "*" present
	}{
		{
			name: "DeleteObjects gets a CRC32 header, not Content-MD5",
			call: func(c *Client) error { _, err := c.DeleteObjects(context.Background(), del); return err },
			want: map[string]string{"X-Amz-Checksum-Crc32": "*", "Content-Md5": "", "Content-Encoding": ""},
		},
		{
			name:      "when_required still checksums DeleteObjects",
			configure: func(o *Options) { o.RequestChecksumCalculation = "when_required" },
			call:      func(c *Client) error { _, err := c.DeleteObjects(context.Background(), del); return err },
			want:      map[string]string{"X-Amz-Checksum-Crc32": "*"},
		},
		{
			name:      "when_required leaves PutObject alone",
			configure: func(o *Options) { o.RequestChecksumCalculation = "when_required" },
			call: func(c *Client) error {
				_, err := c.PutObject(context.Background(), &PutObjectInput{Bucket: ref("b"), Key: ref("k"), Body: strings.NewReader("hi")})
				return err
			},
			want: map[string]string{"X-Amz-Checksum-Crc32": "", "Content-Encoding": "", "X-Amz-Trailer": ""},
		},
		{
			name: "caller-supplied checksum is sent as is",
			call: func(c *Client) error {
				_, err := c.PutObject(context.Background(), &PutObjectInput{Bucket: ref("b"), Key: ref("k"), Body: strings.NewReader("hi"), ChecksumCRC32: ref("AAAAAA==")})
				return err
			},
			want: map[string]string{"X-Amz-Checksum-Crc32": "AAAAAA==", "X-Amz-Trailer": "", "Content-Encoding": ""},
		},
		{
			name:   "compatible mode: Content-MD5 for DeleteObjects",
			compat: true,
			call:   func(c *Client) error { _, err := c.DeleteObjects(context.Background(), del); return err },
			want:   map[string]string{"X-Amz-Checksum-Crc32": "", "Content-Md5": "*"},
		},
		{
			name:   "compatible mode: no checksum on PutObject",
			compat: true,
			call: func(c *Client) error {
				_, err := c.PutObject(context.Background(), &PutObjectInput{Bucket: ref("b"), Key: ref("k"), Body: strings.NewReader("hi")})
				return err
			},
			want: map[string]string{"X-Amz-Checksum-Crc32": "", "X-Amz-Trailer": "", "Content-Encoding": ""},
		},
		{
			name:   "compatible mode: a chosen algorithm is a header",
			compat: true,
			call: func(c *Client) error {
				_, err := c.PutObject(context.Background(), &PutObjectInput{Bucket: ref("b"), Key: ref("k"), Body: strings.NewReader("hi"), ChecksumAlgorithm: types.ChecksumAlgorithmSha256})
				return err
			},
			want: map[string]string{"X-Amz-Checksum-Sha256": checksum.SHA256.Sum([]byte("hi")), "X-Amz-Trailer": "", "Content-Encoding": ""},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := &fakeS3{}
			var fns []func(*Options)
			if tt.configure != nil {
				fns = append(fns, tt.configure)
			}
			c := newFakeClient(t, f, false, fns...)
			if tt.compat {
				c = New(c.Options(), func(o *Options) { o.CompatibleMode = true })
			}
			if err := tt.call(c); err != nil {
				t.Fatal(err)
			}
			got := f.last(t)
			for k, want := range tt.want {
				v := got.Header.Get(k)
				switch {
				case want == "*" && v == "", want != "*" && v != want:
					t.Errorf("header %s = %q; want %q", k, v, want)
				}
			}
			if v := got.Header.Get("X-Amz-Checksum-Crc32"); v != "" && v != "AAAAAA==" {
				if want := checksum.CRC32.Sum(got.Body); v != want {
					t.Errorf("x-amz-checksum-crc32 = %q; the body's is %q", v, want)
				}
			}
			if v := got.Header.Get("Content-Md5"); v != "" {
				sum := md5.Sum(got.Body)
				if want := base64.StdEncoding.EncodeToString(sum[:]); v != want {
					t.Errorf("Content-MD5 = %q; want %q", v, want)
				}
			}
		})
	}
}

// newAlgorithms are the checksum algorithms S3 added in 2026, beyond
// CRC32, CRC32C, CRC64NVME, SHA1 and SHA256.
var newAlgorithms = []types.ChecksumAlgorithm{
	types.ChecksumAlgorithmSha512, types.ChecksumAlgorithmMd5,
	types.ChecksumAlgorithmXxhash64, types.ChecksumAlgorithmXxhash3, types.ChecksumAlgorithmXxhash128,
}

// TestRequestChecksumNewAlgorithmHeaders sends each new algorithm the
// caller chose as an x-amz-checksum-* header where the body is sent as is:
// an in-memory XML body (DeleteObjects) and compatible mode's PutObject.
// MD5 is the exception: AWS's SDKs never compute an MD5 flexible checksum,
// so ChecksumAlgorithm MD5 fails before sending, with a typed error, unless
// the caller computed the MD5 (ChecksumMD5), which is sent as is.
func TestRequestChecksumNewAlgorithmHeaders(t *testing.T) {
	body := "the body of the object"
	for _, alg := range newAlgorithms {
		a, err := checksum.Parse(string(alg))
		if err != nil {
			t.Fatal(err)
		}
		calls := map[string]func(c *Client) error{
			"DeleteObjects": func(c *Client) error {
				_, err := c.DeleteObjects(t.Context(), &DeleteObjectsInput{Bucket: ref("b"), ChecksumAlgorithm: alg,
					Delete: &types.Delete{Objects: []types.ObjectIdentifier{{Key: ref("k")}}}})
				return err
			},
			"PutObject compatible mode": func(c *Client) error {
				c = New(c.Options(), func(o *Options) { o.CompatibleMode = true })
				_, err := c.PutObject(t.Context(), &PutObjectInput{Bucket: ref("b"), Key: ref("k"), ChecksumAlgorithm: alg, Body: strings.NewReader(body)})
				return err
			},
		}
		for name, call := range calls {
			t.Run(string(alg)+"/"+name, func(t *testing.T) {
				f := &fakeS3{}
				c := newFakeClient(t, f, false)
				err := call(c)
				if alg == types.ChecksumAlgorithmMd5 {
					var ue *checksum.UnsupportedAlgorithmError
					if !errors.As(err, &ue) || !ue.ResponseOnly {
						t.Errorf("err = %v; want *checksum.UnsupportedAlgorithmError with ResponseOnly", err)
					}
					if len(f.reqs) != 0 {
						t.Errorf("%d requests sent; want none", len(f.reqs))
					}
					return
				}
				if err != nil {
					t.Fatal(err)
				}
				got := f.last(t)
				if v, want := got.Header.Get(a.HeaderName()), a.Sum(got.Body); v != want {
					t.Errorf("%s = %q; want %q, the body's", a.HeaderName(), v, want)
				}
				if len(got.Header.Get(a.HeaderName())) != a.EncodedLen() {
					t.Errorf("%s is %d characters; want %d", a.HeaderName(), len(got.Header.Get(a.HeaderName())), a.EncodedLen())
				}
				for _, h := range []string{"X-Amz-Trailer", "Content-Encoding", "X-Amz-Checksum-Crc32"} {
					if v := got.Header.Get(h); v != "" {
						t.Errorf("%s = %q; want none", h, v)
					}
				}
				// The user agent names the calculation mode (Z for
				// when_supported, a for compatible mode's when_required)
				// but no algorithm code: AWS's SDKs do not agree on the
				// new ones yet.
				mode := "Z"
				if strings.Contains(name, "compatible") {
					mode = "a"
				}
				ua := got.Header.Get("User-Agent")
				if !regexp.MustCompile(`m/([^ ]*,)?` + mode + `(,| |$)`).MatchString(ua) {
					t.Errorf("User-Agent %q lacks the feature code %s", ua, mode)
				}
				if regexp.MustCompile(`m/([^ ]*,)?[UVWXY](,| |$)`).MatchString(ua) {
					t.Errorf("User-Agent %q names another algorithm", ua)
				}
			})
		}
	}
	for _, withAlg := range []bool{false, true} {
		name := "MD5 the caller computed is sent as is"
		if withAlg {
			name += ", with ChecksumAlgorithm MD5"
		}
		t.Run(name, func(t *testing.T) {
			f := &fakeS3{}
			c := newFakeClient(t, f, false)
			sum := checksum.MD5.Sum([]byte(body))
			in := &PutObjectInput{Bucket: ref("b"), Key: ref("k"), ChecksumMD5: &sum, Body: strings.NewReader(body)}
			wantAlg := ""
			if withAlg {
				in.ChecksumAlgorithm, wantAlg = types.ChecksumAlgorithmMd5, "MD5"
			}
			if _, err := c.PutObject(t.Context(), in); err != nil {
				t.Fatal(err)
			}
			got := f.last(t)
			if v := got.Header.Get("X-Amz-Checksum-Md5"); v != sum {
				t.Errorf("x-amz-checksum-md5 = %q; want %q", v, sum)
			}
			if v := got.Header.Get("X-Amz-Sdk-Checksum-Algorithm"); v != wantAlg {
				t.Errorf("x-amz-sdk-checksum-algorithm = %q; want %q", v, wantAlg)
			}
			for _, h := range []string{"X-Amz-Trailer", "X-Amz-Checksum-Crc32", "Content-Encoding"} {
				if v := got.Header.Get(h); v != "" {
					t.Errorf("%s = %q; want none beside the caller's MD5", h, v)
				}
			}
		})
	}
}

// TestResponseChecksumNewAlgorithms serves GetObject with each new
// algorithm's header: the body reads to a clean EOF when it matches, and a
// corrupted body ends in *ChecksumMismatchError of that algorithm, returned
// by the Read that reaches the end instead of io.EOF.
func TestResponseChecksumNewAlgorithms(t *testing.T) {
	body := bytes.Repeat([]byte("0123456789abcdefghijklmnopqrstuv"), 3000) // 96000 bytes: long-input paths
	for _, alg := range newAlgorithms {
		a, err := checksum.Parse(string(alg))
		if err != nil {
			t.Fatal(err)
		}
		good := a.Sum(body)
		for _, corrupt := range []bool{false, true} {
			name := string(alg) + "/valid"
			if corrupt {
				name = string(alg) + "/corrupted"
			}
			t.Run(name, func(t *testing.T) {
				f := &fakeS3{respond: func(w http.ResponseWriter, r *http.Request, _ int) {
					w.Header().Set(a.HeaderName(), good)
					w.Header().Set("X-Amz-Checksum-Type", "FULL_OBJECT")
					b := bytes.Clone(body)
					if corrupt {
						b[len(b)-100] ^= 0x01
					}
					w.Write(b)
				}}
				c := newFakeClient(t, f, false)
				out, err := c.GetObject(t.Context(), &GetObjectInput{Bucket: ref("b"), Key: ref("k")})
				if err != nil {
					t.Fatal(err)
				}
				defer out.Body.Close()
				if v := f.last(t).Header.Get("X-Amz-Checksum-Mode"); v != "ENABLED" {
					t.Errorf("x-amz-checksum-mode = %q; want ENABLED", v)
				}
				if s := outputChecksum(out, alg); s == nil || *s != good {
					t.Errorf("output checksum member = %v; want %s", s, good)
				}
				var n int
				buf := make([]byte, 7000)
				for err == nil {
					var k int
					k, err = out.Body.Read(buf)
					n += k
				}
				var me *ChecksumMismatchError
				switch {
				case !corrupt && err != io.EOF:
					t.Errorf("reading a matching body ended with %v; want io.EOF", err)
				case corrupt && !errors.As(err, &me):
					t.Fatalf("reading a corrupted body ended with %v; want *ChecksumMismatchError", err)
				case corrupt && (me.Algorithm != a || me.Expected != good || me.Computed == good):
					t.Errorf("mismatch = %+v; want algorithm %s, expected %s", me, a, good)
				}
				if n != len(body) {
					t.Errorf("read %d bytes; want %d", n, len(body))
				}
			})
		}
	}
}

// TestResponseChecksumPublishedValues serves GetObject bodies with
// checksums published elsewhere, not computed by Nimbus: AWS's checksum
// library's xxHash vectors (awslabs/aws-checksums tests/xxhash_test.c),
// RFC 1321's MD5 and FIPS 180-2's SHA-512 examples. Each validates, and
// fails once the body is changed.
func TestResponseChecksumPublishedValues(t *testing.T) {
	tests := []struct {
		header, body, sum string
	}{
		{"X-Amz-Checksum-Xxhash64", "Hello world", "xQCwyRKzdtg="},
		{"X-Amz-Checksum-Xxhash3", "Hello world", "tqy52Eo4/3Q="},
		{"X-Amz-Checksum-Xxhash128", "Hello world", "c1H4mBL5c4K5HQWzHgTdfw=="},
		{"X-Amz-Checksum-Md5", "message digest", "+WtpfXy3k41SWi8xqvFh0A=="},
		{"X-Amz-Checksum-Sha512", "abc", "3a81oZNherrMQXNJriBBMRLm+k6JqX6iCp7u5ktV05ohkpkqJ0/BqDa6PCOj/uu9RU1EI2Q86A4qmslPpUyknw=="},
	}
	for _, tt := range tests {
		for _, body := range []string{tt.body, tt.body + "!"} {
			t.Run(tt.header+"/"+body, func(t *testing.T) {
				f := &fakeS3{respond: func(w http.ResponseWriter, r *http.Request, _ int) {
					w.Header().Set(tt.header, tt.sum)
					io.WriteString(w, body)
				}}
				out, err := newFakeClient(t, f, false).GetObject(t.Context(), &GetObjectInput{Bucket: ref("b"), Key: ref("k")})
				if err != nil {
					t.Fatal(err)
				}
				_, err = io.ReadAll(out.Body)
				out.Body.Close()
				var me *ChecksumMismatchError
				if mismatch := errors.As(err, &me); mismatch != (body != tt.body) || (!mismatch && err != nil) {
					t.Errorf("reading %q with %s: %s = %v", body, tt.header, tt.sum, err)
				}
			})
		}
	}
}

// outputChecksum returns GetObject's checksum member for alg.
func outputChecksum(out *GetObjectOutput, alg types.ChecksumAlgorithm) *string {
	return map[types.ChecksumAlgorithm]*string{
		types.ChecksumAlgorithmSha512: out.ChecksumSHA512, types.ChecksumAlgorithmMd5: out.ChecksumMD5,
		types.ChecksumAlgorithmXxhash64: out.ChecksumXXHASH64, types.ChecksumAlgorithmXxhash3: out.ChecksumXXHASH3,
		types.ChecksumAlgorithmXxhash128: out.ChecksumXXHASH128,
	}[alg]
}

func TestCompatibleModeAddressingAndPayload(t *testing.T) {
	f := &fakeS3{}
	c := newFakeClient(t, f, true, func(o *Options) { o.UsePathStyle = false })
	c = New(c.Options(), func(o *Options) { o.CompatibleMode = true })
	if _, err := c.PutObject(t.Context(), &PutObjectInput{Bucket: ref("bkt"), Key: ref("k"), Body: strings.NewReader("hi")}); err != nil {
		t.Fatal(err)
	}
	got := f.last(t)
	if got.Path != "/bkt/k" {
		t.Errorf("path = %q; want path style /bkt/k", got.Path)
	}
	if v := got.Header.Get("X-Amz-Content-Sha256"); v != v4.UnsignedPayload {
		t.Errorf("X-Amz-Content-Sha256 = %q; want UNSIGNED-PAYLOAD over https", v)
	}
}

func TestResponseChecksumValidation(t *testing.T) {
	body := []byte(strings.Repeat("data ", 4000))
	good := checksum.CRC32.Sum(body)
	tests := []struct {
		name         string
		header       http.Header
		in           GetObjectInput
		configure    func(*Options)
		wantMode     string
		wantMismatch bool
	}{
		{name: "matching CRC32", header: http.Header{"X-Amz-Checksum-Crc32": {good}}, wantMode: "ENABLED"},
		{name: "mismatching CRC32", header: http.Header{"X-Amz-Checksum-Crc32": {"AAAAAA=="}}, wantMode: "ENABLED", wantMismatch: true},
		{name: "mismatching CRC64NVME preferred", header: http.Header{"X-Amz-Checksum-Crc32": {good}, "X-Amz-Checksum-Crc64nvme": {"AAAAAAAAAAA="}}, wantMode: "ENABLED", wantMismatch: true},
		{name: "composite value skipped", header: http.Header{"X-Amz-Checksum-Crc32": {"AAAAAA==-3"}}, wantMode: "ENABLED"},
		{name: "composite type skipped", header: http.Header{"X-Amz-Checksum-Crc32": {"AAAAAA=="}, "X-Amz-Checksum-Type": {"COMPOSITE"}}, wantMode: "ENABLED"},
		{name: "ranged GET not validated", header: http.Header{"X-Amz-Checksum-Crc32": {"AAAAAA=="}}, in: GetObjectInput{Range: ref("bytes=0-")}, wantMode: ""},
		{name: "when_required does not ask", header: http.Header{"X-Amz-Checksum-Crc32": {"AAAAAA=="}},
			configure: func(o *Options) { o.ResponseChecksumValidation = "when_required" }, wantMode: ""},
		{name: "when_required with ChecksumMode ENABLED validates", header: http.Header{"X-Amz-Checksum-Crc32": {"AAAAAA=="}},
			in: GetObjectInput{ChecksumMode: types.ChecksumModeEnabled}, configure: func(o *Options) { o.ResponseChecksumValidation = "when_required" },
			wantMode: "ENABLED", wantMismatch: true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := &fakeS3{respond: func(w http.ResponseWriter, r *http.Request, _ int) {
				for k, v := range tt.header {
					w.Header()[k] = v
				}
				w.Write(body)
			}}
			var fns []func(*Options)
			if tt.configure != nil {
				fns = append(fns, tt.configure)
			}
			c := newFakeClient(t, f, false, fns...)
			in := tt.in
			in.Bucket, in.Key = ref("b"), ref("k")
			out, err := c.GetObject(t.Context(), &in)
			if err != nil {
				t.Fatal(err)
			}
			got, err := io.ReadAll(out.Body)
			out.Body.Close()
			var me *ChecksumMismatchError
			if errors.As(err, &me) != tt.wantMismatch {
				t.Errorf("reading the body: err = %v; want mismatch %v", err, tt.wantMismatch)
			}
			if !tt.wantMismatch && !bytes.Equal(got, body) {
				t.Errorf("body = %d bytes; want %d", len(got), len(body))
			}
			if v := f.last(t).Header.Get("X-Amz-Checksum-Mode"); v != tt.wantMode {
				t.Errorf("x-amz-checksum-mode sent = %q; want %q", v, tt.wantMode)
			}
		})
	}
}

// TestExpectContinue checks which uploads ask for 100-continue, under the
// default threshold and under ContinueHeaderThresholdBytes set per call.
func TestExpectContinue(t *testing.T) {
	small := func() (io.Reader, *int64) { return bytes.NewReader(make([]byte, 1024)), nil }
	large := func() (io.Reader, *int64) { return bytes.NewReader(make([]byte, 3<<20)), nil }
	tests := []struct {
		name      string
		threshold int64
		body      func() (io.Reader, *int64)
		want      string
	}{
		{"small", 0, small, ""},
		{"over 2 MiB", 0, large, "100-continue"},
		{"over a lower threshold", 512, small, "100-continue"},
		{"under a higher threshold", 4 << 20, large, ""},
		{"negative threshold never asks", -1, large, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := &fakeS3{}
			c := newFakeClient(t, f, false)
			b, n := tt.body()
			if _, err := c.PutObject(t.Context(), &PutObjectInput{Bucket: ref("b"), Key: ref("k"), Body: b, ContentLength: n},
				func(o *Options) { o.ContinueHeaderThresholdBytes = tt.threshold }); err != nil {
				t.Fatal(err)
			}
			if v := f.last(t).Header.Get("Expect"); v != tt.want {
				t.Errorf("Expect = %q; want %q", v, tt.want)
			}
		})
	}
}

func TestSSECustomerKey(t *testing.T) {
	raw := "0123456789abcdef0123456789abcdef"
	enc := base64.StdEncoding.EncodeToString([]byte(raw))
	sum := md5.Sum([]byte(raw))
	wantMD5 := base64.StdEncoding.EncodeToString(sum[:])
	for _, tt := range []struct{ name, key string }{{"raw key", raw}, {"base64 key", enc}} {
		t.Run(tt.name, func(t *testing.T) {
			f := &fakeS3{}
			c := newFakeClient(t, f, false)
			_, err := c.PutObject(t.Context(), &PutObjectInput{Bucket: ref("b"), Key: ref("k"), Body: strings.NewReader("x"),
				SSECustomerAlgorithm: ref("AES256"), SSECustomerKey: ref(tt.key)})
			if err != nil {
				t.Fatal(err)
			}
			h := f.last(t).Header
			if got := h.Get("X-Amz-Server-Side-Encryption-Customer-Key"); got != enc {
				t.Errorf("key header = %q; want %q", got, enc)
			}
			if got := h.Get("X-Amz-Server-Side-Encryption-Customer-Key-Md5"); got != wantMD5 {
				t.Errorf("key MD5 header = %q; want %q", got, wantMD5)
			}
		})
	}
	t.Run("bad key", func(t *testing.T) {
		c := newFakeClient(t, &fakeS3{}, false)
		_, err := c.PutObject(t.Context(), &PutObjectInput{Bucket: ref("b"), Key: ref("k"), Body: strings.NewReader("x"),
			SSECustomerAlgorithm: ref("AES256"), SSECustomerKey: ref("short")})
		if !errors.Is(err, ErrInvalidSSECustomerKey) {
			t.Errorf("err = %v; want ErrInvalidSSECustomerKey", err)
		}
	})
}

func TestErrorIn200IsRetried(t *testing.T) {
	f := &fakeS3{respond: func(w http.ResponseWriter, r *http.Request, n int) {
		if n == 1 {
			io.WriteString(w, `<?xml version="1.0" encoding="UTF-8"?>`+"\n"+`<Error><Code>InternalError</Code><Message>try again</Message></Error>`)
			return
		}
		io.WriteString(w, `<CopyObjectResult><ETag>"e"</ETag></CopyObjectResult>`)
	}}
	c := newFakeClient(t, f, false)
	out, err := c.CopyObject(t.Context(), &CopyObjectInput{Bucket: ref("b"), Key: ref("k"), CopySource: ref("b/src")})
	if err != nil {
		t.Fatal(err)
	}
	if len(f.reqs) != 2 || out.CopyObjectResult == nil || *out.CopyObjectResult.ETag != `"e"` {
		t.Errorf("attempts = %d, result %+v; want 2 attempts and the ETag", len(f.reqs), out.CopyObjectResult)
	}

	t.Run("not retryable", func(t *testing.T) {
		f := &fakeS3{respond: func(w http.ResponseWriter, r *http.Request, n int) {
			io.WriteString(w, `<Error><Code>InvalidPart</Code><Message>bad etag</Message></Error>`)
		}}
		c := newFakeClient(t, f, false)
		_, err := c.CompleteMultipartUpload(t.Context(), &CompleteMultipartUploadInput{Bucket: ref("b"), Key: ref("k"), UploadId: ref("u")})
		var apiErr smithy.APIError
		if !errors.As(err, &apiErr) || apiErr.ErrorCode() != "InvalidPart" || len(f.reqs) != 1 {
			t.Errorf("err = %v after %d attempts; want InvalidPart after 1", err, len(f.reqs))
		}
	})
}

func TestHeadObjectNotFound(t *testing.T) {
	f := &fakeS3{respond: func(w http.ResponseWriter, r *http.Request, _ int) { w.WriteHeader(404) }}
	c := newFakeClient(t, f, false)
	_, err := c.HeadObject(t.Context(), &HeadObjectInput{Bucket: ref("b"), Key: ref("k")})
	var nf *types.NotFound
	if !errors.As(err, &nf) {
		t.Errorf("HeadObject on 404 = %v; want *types.NotFound", err)
	}
	_, err = c.HeadBucket(t.Context(), &HeadBucketInput{Bucket: ref("b")})
	if !errors.As(err, &nf) {
		t.Errorf("HeadBucket on 404 = %v; want *types.NotFound", err)
	}
}

func TestPresignChecksAndHeaders(t *testing.T) {
	c := newFakeClient(t, &fakeS3{}, false)
	p := NewPresignClient(c)
	for _, d := range []time.Duration{7*24*time.Hour + time.Second, 500 * time.Millisecond, -time.Minute} {
		_, err := p.PresignGetObject(t.Context(), &GetObjectInput{Bucket: ref("b"), Key: ref("k")}, func(o *PresignOptions) { o.Expires = d })
		var ee *v4.ExpiresError
		if !errors.As(err, &ee) {
			t.Errorf("Expires %v: err = %v; want *v4.ExpiresError", d, err)
		}
	}
	for name, fn := range map[string]func() (*v4.PresignedHTTPRequest, error){
		"GetObject": func() (*v4.PresignedHTTPRequest, error) {
			return p.PresignGetObject(t.Context(), &GetObjectInput{Bucket: ref("b"), Key: ref("k")})
		},
		"PutObject": func() (*v4.PresignedHTTPRequest, error) {
			return p.PresignPutObject(t.Context(), &PutObjectInput{Bucket: ref("b"), Key: ref("k"), Body: strings.NewReader("x")})
		},
	} {
		pr, err := fn()
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		low := strings.ToLower(pr.URL)
		for _, bad := range []string{"x-amz-checksum", "x-amz-trailer", "x-amz-sdk-checksum", "aws-chunked"} {
			if strings.Contains(low, bad) {
				t.Errorf("%s URL %s contains %s", name, pr.URL, bad)
			}
		}
		for k := range pr.SignedHeader {
			if lk := strings.ToLower(k); strings.HasPrefix(lk, "x-amz-checksum") || lk == "expect" || lk == "content-encoding" {
				t.Errorf("%s signed header %s", name, k)
			}
		}
	}
}

func ref[T any](v T) *T { return &v }
