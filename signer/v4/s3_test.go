package v4

import (
	"context"
	"flag"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/nimbus-sdk/nimbus/credentials"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata")

// The S3 documentation's worked examples ("Examples: Signature
// Calculations in AWS Signature Version 4", "Authenticating Requests:
// Using Query Parameters" and "Transferring Payload in Multiple Chunks")
// all use these credentials, this time and bucket.
var (
	s3Creds = credentials.Credentials{
		AccessKeyID:     "AKIAIOSFODNN7EXAMPLE",
		SecretAccessKey: "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY",
	}
	s3Time = time.Date(2013, 5, 24, 0, 0, 0, 0, time.UTC)
)

// checkGolden compares got with testdata/name, or rewrites the file under
// -update.
func checkGolden(t *testing.T, name, got string) {
	t.Helper()
	path := filepath.Join("testdata", name)
	if *update {
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, []byte(got), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("reading golden file: %v (run with -update to create it)", err)
	}
	if got != string(want) {
		t.Errorf("%s mismatch:\n got:\n%s\nwant:\n%s", name, got, want)
	}
}

func mustRequest(t testing.TB, method, rawURL string, headers map[string]string) *http.Request {
	t.Helper()
	u, err := url.Parse(rawURL)
	if err != nil {
		t.Fatal(err)
	}
	r := &http.Request{Method: method, URL: u, Host: u.Host, Header: http.Header{}}
	for k, v := range headers {
		r.Header.Set(k, v)
	}
	return r
}

func TestSignHTTP_S3Examples(t *testing.T) {
	cases := []struct {
		name          string
		method, url   string
		headers       map[string]string
		payloadHash   string
		signedHeaders string
		signature     string
	}{
		{
			name: "get-object", method: "GET", url: "https://examplebucket.s3.amazonaws.com/test.txt",
			headers:       map[string]string{"Range": "bytes=0-9"},
			payloadHash:   EmptyPayloadHash,
			signedHeaders: "host;range;x-amz-content-sha256;x-amz-date",
			signature:     "f0e8bdb87c964420e857bd35b5d6ed310bd44f0170aba48dd91039c6036bdb41",
		},
		{
			name: "put-object", method: "PUT", url: "https://examplebucket.s3.amazonaws.com/test$file.text",
			headers: map[string]string{
				"Date":                "Fri, 24 May 2013 00:00:00 GMT",
				"X-Amz-Storage-Class": "REDUCED_REDUNDANCY",
			},
			payloadHash:   "44ce7dd67c959e0d3524ffac1771dfbba87d2b6b4b4e99e42034a8b803f8b072",
			signedHeaders: "date;host;x-amz-content-sha256;x-amz-date;x-amz-storage-class",
			signature:     "98ad721746da40c64f1a55b78f14c238d841ea1380cd77a1b5971af0ece108bd",
		},
		{
			name: "get-bucket-lifecycle", method: "GET", url: "https://examplebucket.s3.amazonaws.com/?lifecycle",
			payloadHash:   EmptyPayloadHash,
			signedHeaders: "host;x-amz-content-sha256;x-amz-date",
			signature:     "fea454ca298b7da1c68078a5d1bdbfbbe0d65c699e0f91ac7a200a0136783543",
		},
		{
			name: "list-objects", method: "GET", url: "https://examplebucket.s3.amazonaws.com/?max-keys=2&prefix=J",
			payloadHash:   EmptyPayloadHash,
			signedHeaders: "host;x-amz-content-sha256;x-amz-date",
			signature:     "34b48302e7b5fa45bde8084f4b7868a86f0a534bc59db6670ed5711ef69dc6f7",
		},
	}
	s := NewSigner(func(o *Options) { o.DisableURIPathEscaping = true })
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			var creq, sts string
			s.trace = func(c, st string) { creq, sts = c, st }
			r := mustRequest(t, tc.method, tc.url, tc.headers)
			out, err := s.SignHTTP(context.Background(), &SignInput{
				Request: r, PayloadHash: tc.payloadHash, Credentials: s3Creds,
				Service: "s3", Region: "us-east-1", Time: s3Time,
			})
			if err != nil {
				t.Fatalf("SignHTTP: %v", err)
			}
			if out.Signature != tc.signature {
				t.Errorf("Signature = %s; want %s", out.Signature, tc.signature)
			}
			want := "AWS4-HMAC-SHA256 Credential=AKIAIOSFODNN7EXAMPLE/20130524/us-east-1/s3/aws4_request, SignedHeaders=" +
				tc.signedHeaders + ", Signature=" + tc.signature
			if got := r.Header.Get("Authorization"); got != want {
				t.Errorf("Authorization = %q; want %q", got, want)
			}
			if got := r.Header.Get("X-Amz-Content-Sha256"); got != tc.payloadHash {
				t.Errorf("X-Amz-Content-Sha256 = %q; want %q", got, tc.payloadHash)
			}
			if got := r.Header.Get("X-Amz-Date"); got != "20130524T000000Z" {
				t.Errorf("X-Amz-Date = %q; want 20130524T000000Z", got)
			}
			checkGolden(t, "s3/"+tc.name+".creq", creq)
			checkGolden(t, "s3/"+tc.name+".sts", sts)
		})
	}
}

func TestPresignHTTP_S3Example(t *testing.T) {
	s := NewSigner(func(o *Options) { o.DisableURIPathEscaping = true })
	var creq string
	s.trace = func(c, _ string) { creq = c }
	r := mustRequest(t, "GET", "https://examplebucket.s3.amazonaws.com/test.txt", nil)
	got, hdr, err := s.PresignHTTP(context.Background(), &PresignInput{
		Request: r, Credentials: s3Creds, Service: "s3", Region: "us-east-1",
		Time: s3Time, Expires: 86400 * time.Second,
	})
	if err != nil {
		t.Fatalf("PresignHTTP: %v", err)
	}
	const want = "https://examplebucket.s3.amazonaws.com/test.txt" +
		"?X-Amz-Algorithm=AWS4-HMAC-SHA256" +
		"&X-Amz-Credential=AKIAIOSFODNN7EXAMPLE%2F20130524%2Fus-east-1%2Fs3%2Faws4_request" +
		"&X-Amz-Date=20130524T000000Z&X-Amz-Expires=86400&X-Amz-SignedHeaders=host" +
		"&X-Amz-Signature=aeeed9bbccd4d02ee5c0109b86d86835f995330da4c265957d157751f604d404"
	if got != want {
		t.Errorf("PresignHTTP URL =\n%s\nwant\n%s", got, want)
	}
	if h := hdr.Get("Host"); h != "examplebucket.s3.amazonaws.com" || len(hdr) != 1 {
		t.Errorf("signed headers = %v; want only Host: examplebucket.s3.amazonaws.com", hdr)
	}
	if len(r.Header) != 0 || r.URL.RawQuery != "" {
		t.Errorf("PresignHTTP modified the request: header %v, query %q", r.Header, r.URL.RawQuery)
	}
	checkGolden(t, "s3/presign-get-object.creq", creq)
}

func TestPresignHTTP_HoistingAndToken(t *testing.T) {
	creds := s3Creds
	creds.SessionToken = "tok/en+="
	for _, tc := range []struct {
		name          string
		disable       bool
		wantInQuery   []string
		wantNotQuery  []string
		wantSignedHdr []string
	}{
		{"hoisted", false,
			[]string{"X-Amz-Meta-Color=blue", "X-Amz-Security-Token=tok%2Fen%2B%3D", "X-Amz-SignedHeaders=content-type%3Bhost%3Bx-amz-content-sha256"},
			nil, []string{"Content-Type", "Host", "X-Amz-Content-Sha256"}},
		{"not-hoisted", true,
			[]string{"X-Amz-Security-Token=tok%2Fen%2B%3D", "X-Amz-SignedHeaders=content-type%3Bhost%3Bx-amz-content-sha256%3Bx-amz-meta-color"},
			[]string{"X-Amz-Meta-Color="}, []string{"Content-Type", "Host", "X-Amz-Content-Sha256", "X-Amz-Meta-Color"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			s := NewSigner()
			r := mustRequest(t, "PUT", "https://b.s3.us-west-2.amazonaws.com:443/k%20ey?versionId=3", map[string]string{
				"X-Amz-Meta-Color": "blue", "Content-Type": "text/plain", "User-Agent": "ua",
				"X-Amz-Content-Sha256": UnsignedPayload, "X-Amz-Date": "stale",
			})
			u, hdr, err := s.PresignHTTP(context.Background(), &PresignInput{
				Request: r, Credentials: creds, Service: "s3", Region: "us-west-2",
				Time: s3Time, Expires: time.Hour,
			}, func(o *Options) { o.DisableURIPathEscaping = true; o.DisableHeaderHoisting = tc.disable })
			if err != nil {
				t.Fatalf("PresignHTTP: %v", err)
			}
			if !strings.HasPrefix(u, "https://b.s3.us-west-2.amazonaws.com:443/k%20ey?") {
				t.Errorf("URL %q lost its host or path", u)
			}
			for _, w := range tc.wantInQuery {
				if !strings.Contains(u, w) {
					t.Errorf("URL %q lacks %q", u, w)
				}
			}
			for _, w := range tc.wantNotQuery {
				if strings.Contains(u, w) {
					t.Errorf("URL %q contains %q", u, w)
				}
			}
			if strings.Contains(u, "stale") {
				t.Errorf("URL %q kept the request's X-Amz-Date header", u)
			}
			if len(hdr) != len(tc.wantSignedHdr) {
				t.Errorf("signed headers = %v; want keys %v", hdr, tc.wantSignedHdr)
			}
			for _, k := range tc.wantSignedHdr {
				if _, ok := hdr[k]; !ok {
					t.Errorf("signed headers = %v; missing %s", hdr, k)
				}
			}
			if got := hdr.Get("Host"); got != "b.s3.us-west-2.amazonaws.com" {
				t.Errorf("signed Host = %q; want the default port stripped", got)
			}
			if _, err := url.Parse(u); err != nil {
				t.Errorf("url.Parse(%q): %v", u, err)
			}
		})
	}
}
