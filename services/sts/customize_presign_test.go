package sts_test

import (
	"context"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"testing"
	"time"

	smithyhttp "github.com/aws/smithy-go/transport/http"

	"github.com/nimbus-sdk/nimbus/credentials"
	"github.com/nimbus-sdk/nimbus/internal/client/clienttest"
	"github.com/nimbus-sdk/nimbus/services/sts"
	v4 "github.com/nimbus-sdk/nimbus/signer/v4"
)

const (
	testAccessKey = "AKIAIOSFODNN7EXAMPLE"
	testSecretKey = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY"
	eksTokenV1    = "k8s-aws-v1."
	clusterHeader = "x-k8s-aws-id"
)

// eksAllowedParams are the only query parameters aws-iam-authenticator
// accepts in a token's URL (lower-cased).
var eksAllowedParams = []string{
	"action", "version", "x-amz-algorithm", "x-amz-credential", "x-amz-date",
	"x-amz-expires", "x-amz-security-token", "x-amz-signature", "x-amz-signedheaders",
}

// withClusterID adds the signed x-k8s-aws-id header an EKS token carries.
func withClusterID(cluster string) func(*sts.PresignOptions) {
	return func(o *sts.PresignOptions) {
		o.ClientOptions = append(o.ClientOptions, func(o *sts.Options) {
			o.APIOptions = append(o.APIOptions, smithyhttp.SetHeaderValue(clusterHeader, cluster))
		})
	}
}

// TestPresignGetCallerIdentityEKSToken builds EKS tokens as
// aws-iam-authenticator does, decodes them as an EKS cluster does, and
// recomputes each signature from the SigV4 specification.
func TestPresignGetCallerIdentityEKSToken(t *testing.T) {
	tests := []struct {
		name         string
		sessionToken string
		region       string
		wantHost     string
	}{
		{"long-term key", "", "us-west-2", "sts.us-west-2.amazonaws.com"},
		{"session token", "FwoGZXIvYXdzEJr//////////+token=", "eu-central-1", "sts.eu-central-1.amazonaws.com"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := sts.New(sts.Options{
				Region:      tt.region,
				Credentials: credentials.NewStaticProvider(testAccessKey, testSecretKey, tt.sessionToken),
				HTTPClient:  &clienttest.NoSend{},
			})
			before := time.Now().UTC().Truncate(time.Second)
			pr, err := sts.NewPresignClient(c).PresignGetCallerIdentity(context.Background(), nil,
				withClusterID("my-cluster"), func(o *sts.PresignOptions) { o.Expires = 60 * time.Second })
			if err != nil {
				t.Fatalf("PresignGetCallerIdentity: %v", err)
			}
			after := time.Now().UTC()
			token := eksTokenV1 + base64.RawURLEncoding.EncodeToString([]byte(pr.URL))

			// What the cluster does with the token.
			raw, err := base64.RawURLEncoding.DecodeString(strings.TrimPrefix(token, eksTokenV1))
			if err != nil {
				t.Fatalf("token %q does not decode as unpadded base64url: %v", token, err)
			}
			u, err := url.Parse(string(raw))
			if err != nil {
				t.Fatalf("token URL %q: %v", raw, err)
			}
			q, err := url.ParseQuery(u.RawQuery)
			if err != nil {
				t.Fatalf("token URL query %q: %v", u.RawQuery, err)
			}
			for k, vs := range q {
				if !slices.Contains(eksAllowedParams, strings.ToLower(k)) {
					t.Errorf("query parameter %q is not one aws-iam-authenticator accepts", k)
				}
				if len(vs) != 1 {
					t.Errorf("query parameter %q has %d values; want 1", k, len(vs))
				}
			}
			date, err := time.Parse("20060102T150405Z", q.Get("X-Amz-Date"))
			if err != nil || date.Before(before) || date.After(after) {
				t.Errorf("X-Amz-Date = %q (%v); want the signing time, between %v and %v", q.Get("X-Amz-Date"), err, before, after)
			}
			checks := []struct{ name, got, want string }{
				{"method", pr.Method, "GET"},
				{"scheme", u.Scheme, "https"},
				{"host", u.Host, tt.wantHost},
				{"path", u.EscapedPath(), "/"},
				{"Action", q.Get("Action"), "GetCallerIdentity"},
				{"Version", q.Get("Version"), "2011-06-15"},
				{"X-Amz-Algorithm", q.Get("X-Amz-Algorithm"), "AWS4-HMAC-SHA256"},
				{"X-Amz-Expires", q.Get("X-Amz-Expires"), "60"},
				{"X-Amz-SignedHeaders", q.Get("X-Amz-SignedHeaders"), "host;x-k8s-aws-id"},
				{"X-Amz-Credential", q.Get("X-Amz-Credential"), testAccessKey + "/" + date.Format("20060102") + "/" + tt.region + "/sts/aws4_request"},
				{"X-Amz-Security-Token", q.Get("X-Amz-Security-Token"), tt.sessionToken},
				{"signed x-k8s-aws-id", pr.SignedHeader.Get(clusterHeader), "my-cluster"},
				{"signed Host", pr.SignedHeader.Get("Host"), tt.wantHost},
			}
			for _, c := range checks {
				if c.got != c.want {
					t.Errorf("%s = %q; want %q", c.name, c.got, c.want)
				}
			}
			if len(pr.SignedHeader) != 2 {
				t.Errorf("SignedHeader = %v; want Host and X-K8s-Aws-Id only", pr.SignedHeader)
			}

			// The signature, recomputed from the specification with the
			// headers the holder sends, must be the URL's.
			sent := http.Header{"X-K8s-Aws-Id": {"my-cluster"}}
			if got, want := specSignature(t, u, sent, testSecretKey, emptyBodyHash), q.Get("X-Amz-Signature"); got != want {
				t.Errorf("recomputed signature = %s; URL has %s", got, want)
			}
			// ... and only for that cluster.
			other := http.Header{"X-K8s-Aws-Id": {"other-cluster"}}
			if got := specSignature(t, u, other, testSecretKey, emptyBodyHash); got == q.Get("X-Amz-Signature") {
				t.Error("the signature also holds for another cluster's x-k8s-aws-id")
			}
		})
	}
}

// emptyBodyHash is the payload hash of a presigned request to a service
// other than S3: the SHA-256 of the empty body it carries.
var emptyBodyHash = func() string { h := sha256.Sum256(nil); return hex.EncodeToString(h[:]) }()

// specSignature computes the SigV4 query-string signature of a GET of u
// with the headers hdr, as a server does (AWS General Reference, "Create
// a signed AWS API request"), without using package signer/v4: the
// canonical request has the URI-encoded, sorted query without
// X-Amz-Signature, the headers X-Amz-SignedHeaders names, and
// payloadHash. The path is taken as already in canonical form.
func specSignature(t *testing.T, u *url.URL, hdr http.Header, secret, payloadHash string) string {
	t.Helper()
	var params [][2]string
	for _, kv := range strings.Split(u.RawQuery, "&") {
		k, v, _ := strings.Cut(kv, "=")
		dk, err1 := url.QueryUnescape(k)
		dv, err2 := url.QueryUnescape(v)
		if err := errors.Join(err1, err2); err != nil {
			t.Fatalf("query %q: %v", kv, err)
		}
		if dk != "X-Amz-Signature" {
			params = append(params, [2]string{uriEncode(dk), uriEncode(dv)})
		}
	}
	slices.SortFunc(params, func(a, b [2]string) int {
		if c := strings.Compare(a[0], b[0]); c != 0 {
			return c
		}
		return strings.Compare(a[1], b[1])
	})
	var query []string
	for _, p := range params {
		query = append(query, p[0]+"="+p[1])
	}
	q := u.Query()
	signed := q.Get("X-Amz-SignedHeaders")
	var headers strings.Builder
	for _, name := range strings.Split(signed, ";") {
		v := hdr.Get(name)
		if name == "host" {
			v = u.Host
		}
		fmt.Fprintf(&headers, "%s:%s\n", name, strings.Join(strings.Fields(v), " "))
	}
	creq := strings.Join([]string{
		"GET", u.EscapedPath(), strings.Join(query, "&"), headers.String(), signed, payloadHash,
	}, "\n")

	amzDate := q.Get("X-Amz-Date")
	cred := strings.Split(q.Get("X-Amz-Credential"), "/") // key/date/region/service/aws4_request
	if len(cred) != 5 {
		t.Fatalf("X-Amz-Credential = %q; want five parts", q.Get("X-Amz-Credential"))
	}
	creqHash := sha256.Sum256([]byte(creq))
	stringToSign := "AWS4-HMAC-SHA256\n" + amzDate + "\n" + strings.Join(cred[1:], "/") + "\n" + hex.EncodeToString(creqHash[:])
	key := []byte("AWS4" + secret)
	for _, part := range cred[1:] {
		key = hmacSHA256(key, part)
	}
	return hex.EncodeToString(hmacSHA256(key, stringToSign))
}

// TestSpecSignatureKnownAnswer checks the test's own SigV4 verifier
// against the presigned URL worked out in the Amazon S3 API Reference
// ("Authenticating Requests: Using Query Parameters").
func TestSpecSignatureKnownAnswer(t *testing.T) {
	u, err := url.Parse("https://examplebucket.s3.amazonaws.com/test.txt?X-Amz-Algorithm=AWS4-HMAC-SHA256" +
		"&X-Amz-Credential=AKIAIOSFODNN7EXAMPLE%2F20130524%2Fus-east-1%2Fs3%2Faws4_request" +
		"&X-Amz-Date=20130524T000000Z&X-Amz-Expires=86400&X-Amz-SignedHeaders=host" +
		"&X-Amz-Signature=aeeed9bbccd4d02ee5c0109b86d86835f995330da4c265957d157751f604d404")
	if err != nil {
		t.Fatal(err)
	}
	const want = "aeeed9bbccd4d02ee5c0109b86d86835f995330da4c265957d157751f604d404"
	if got := specSignature(t, u, nil, testSecretKey, "UNSIGNED-PAYLOAD"); got != want {
		t.Errorf("specSignature(S3 example) = %s; want %s", got, want)
	}
}

func hmacSHA256(key []byte, data string) []byte {
	h := hmac.New(sha256.New, key)
	h.Write([]byte(data))
	return h.Sum(nil)
}

// uriEncode is SigV4's UriEncode: every byte but A-Z a-z 0-9 - . _ ~ as
// %XX with upper-case hex.
func uriEncode(s string) string {
	var b strings.Builder
	for i := range len(s) {
		c := s[i]
		if 'A' <= c && c <= 'Z' || 'a' <= c && c <= 'z' || '0' <= c && c <= '9' || c == '-' || c == '.' || c == '_' || c == '~' {
			b.WriteByte(c)
		} else {
			fmt.Fprintf(&b, "%%%02X", c)
		}
	}
	return b.String()
}

// TestPresignGetCallerIdentityNoCredentials: presigning follows the rule
// that nothing is ever left unsigned; it sends nothing either.
func TestPresignGetCallerIdentityNoCredentials(t *testing.T) {
	tests := []struct {
		name  string
		creds credentials.Provider
	}{
		{"nil provider", nil},
		{"anonymous provider", credentials.AnonymousProvider{}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			doer := &clienttest.NoSend{}
			c := sts.New(sts.Options{Region: "us-west-2", Credentials: tt.creds, HTTPClient: doer})
			pr, err := sts.NewPresignClient(c).PresignGetCallerIdentity(context.Background(), nil, withClusterID("my-cluster"))
			var none *credentials.NoCredentialsError
			if !errors.As(err, &none) {
				t.Errorf("PresignGetCallerIdentity = %+v, %v; want a *credentials.NoCredentialsError", pr, err)
			}
			if pr != nil {
				t.Errorf("PresignGetCallerIdentity returned a URL without credentials: %s", pr.URL)
			}
			if n := doer.Calls(); n != 0 {
				t.Errorf("%d request(s) sent; want none", n)
			}
		})
	}
}

// TestPresignGetCallerIdentityExpires: PresignOptions.Expires alone sets
// X-Amz-Expires, within SigV4's bounds.
func TestPresignGetCallerIdentityExpires(t *testing.T) {
	tests := []struct {
		name    string
		optFns  []func(*sts.PresignOptions)
		want    string
		wantErr bool
	}{
		{name: "default", want: "900"},
		{name: "one minute", optFns: []func(*sts.PresignOptions){func(o *sts.PresignOptions) { o.Expires = time.Minute }}, want: "60"},
		{name: "seven days", optFns: []func(*sts.PresignOptions){func(o *sts.PresignOptions) { o.Expires = v4.MaxPresignExpires }}, want: "604800"},
		{name: "over seven days", optFns: []func(*sts.PresignOptions){func(o *sts.PresignOptions) { o.Expires = v4.MaxPresignExpires + time.Second }}, wantErr: true},
		{name: "under a second", optFns: []func(*sts.PresignOptions){func(o *sts.PresignOptions) { o.Expires = time.Millisecond }}, wantErr: true},
		{
			// aws-sdk-go-v2's STS presign client has no Expires; ported
			// code sets an X-Amz-Expires header instead, which is dropped.
			name: "v2 header idiom ignored",
			optFns: []func(*sts.PresignOptions){func(o *sts.PresignOptions) {
				o.ClientOptions = append(o.ClientOptions, func(o *sts.Options) {
					o.APIOptions = append(o.APIOptions, smithyhttp.SetHeaderValue("X-Amz-Expires", "60"))
				})
			}},
			want: "900",
		},
	}
	c := sts.New(sts.Options{Region: "us-east-1", Credentials: credentials.NewStaticProvider(testAccessKey, testSecretKey, "")})
	p := sts.NewPresignClient(c)
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			pr, err := p.PresignGetCallerIdentity(context.Background(), &sts.GetCallerIdentityInput{}, tt.optFns...)
			if tt.wantErr {
				var ee *v4.ExpiresError
				if !errors.As(err, &ee) {
					t.Errorf("PresignGetCallerIdentity = %+v, %v; want a *v4.ExpiresError", pr, err)
				}
				return
			}
			if err != nil {
				t.Fatalf("PresignGetCallerIdentity: %v", err)
			}
			u, err := url.Parse(pr.URL)
			if err != nil {
				t.Fatal(err)
			}
			if got := u.Query()["X-Amz-Expires"]; len(got) != 1 || got[0] != tt.want {
				t.Errorf("X-Amz-Expires = %q; want [%s]", got, tt.want)
			}
			if _, ok := pr.SignedHeader["X-Amz-Expires"]; ok {
				t.Errorf("SignedHeader = %v; want no X-Amz-Expires header", pr.SignedHeader)
			}
		})
	}
}

// TestPresignGetCallerIdentityOptions: the presign client's options apply
// to every call, a call's options to that call only, and client options
// (the region here) reach the URL.
func TestPresignGetCallerIdentityOptions(t *testing.T) {
	c := sts.New(sts.Options{Region: "us-east-1", Credentials: credentials.NewStaticProvider(testAccessKey, testSecretKey, "")})
	p := sts.NewPresignClient(c, func(o *sts.PresignOptions) { o.Expires = 2 * time.Minute })
	tests := []struct {
		name                    string
		optFns                  []func(*sts.PresignOptions)
		wantHost, wantCluster   string
		wantExpires, wantRegion string
	}{
		{"client defaults", nil, "sts.us-east-1.amazonaws.com", "", "120", "us-east-1"},
		{"per-call header", []func(*sts.PresignOptions){withClusterID("c1")}, "sts.us-east-1.amazonaws.com", "c1", "120", "us-east-1"},
		{"per-call region", []func(*sts.PresignOptions){func(o *sts.PresignOptions) {
			o.ClientOptions = append(o.ClientOptions, func(o *sts.Options) { o.Region = "ap-southeast-2" })
		}}, "sts.ap-southeast-2.amazonaws.com", "", "120", "ap-southeast-2"},
		{"after the others", nil, "sts.us-east-1.amazonaws.com", "", "120", "us-east-1"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			pr, err := p.PresignGetCallerIdentity(context.Background(), nil, tt.optFns...)
			if err != nil {
				t.Fatalf("PresignGetCallerIdentity: %v", err)
			}
			u, err := url.Parse(pr.URL)
			if err != nil {
				t.Fatal(err)
			}
			q := u.Query()
			if u.Host != tt.wantHost {
				t.Errorf("host = %q; want %q", u.Host, tt.wantHost)
			}
			if got := pr.SignedHeader.Get(clusterHeader); got != tt.wantCluster {
				t.Errorf("signed %s = %q; want %q", clusterHeader, got, tt.wantCluster)
			}
			if got := q.Get("X-Amz-Expires"); got != tt.wantExpires {
				t.Errorf("X-Amz-Expires = %q; want %q", got, tt.wantExpires)
			}
			if got := strings.Split(q.Get("X-Amz-Credential"), "/"); len(got) != 5 || got[2] != tt.wantRegion {
				t.Errorf("X-Amz-Credential = %q; want region %q", q.Get("X-Amz-Credential"), tt.wantRegion)
			}
		})
	}
}
