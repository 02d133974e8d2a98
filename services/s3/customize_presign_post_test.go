package s3

import (
	"context"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"errors"
	"maps"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/aws/smithy-go"

	"github.com/nimbus-sdk/nimbus/credentials"
	v4 "github.com/nimbus-sdk/nimbus/signer/v4"
)

const (
	postTestAKID   = "AKIAIOSFODNN7EXAMPLE"
	postTestSecret = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY"
)

var postTestTime = time.Date(2026, 12, 7, 10, 20, 30, 0, time.UTC)

// countingProvider counts Retrieve calls, to show bad input fails
// before credentials are fetched.
type countingProvider struct {
	creds credentials.Credentials
	n     atomic.Int32
}

func (p *countingProvider) Retrieve(context.Context) (credentials.Credentials, error) {
	p.n.Add(1)
	return p.creds, nil
}

// postTestSignature signs policy as the S3 POST documentation says,
// independently of the code under test: HMAC-SHA256 chained over
// date, region, service and "aws4_request", then over the base64 policy.
func postTestSignature(secret, date, region, policy string) string {
	mac := func(key []byte, msg string) []byte {
		h := hmac.New(sha256.New, key)
		h.Write([]byte(msg))
		return h.Sum(nil)
	}
	k := mac([]byte("AWS4"+secret), date)
	k = mac(k, region)
	k = mac(k, "s3")
	k = mac(k, "aws4_request")
	return hex.EncodeToString(mac(k, policy))
}

func newPostTestClient(token string, optFns ...func(*Options)) (*PresignClient, *countingProvider) {
	prov := &countingProvider{creds: credentials.Credentials{AccessKeyID: postTestAKID, SecretAccessKey: postTestSecret, SessionToken: token}}
	c := New(Options{Region: "us-west-2", Credentials: prov}, optFns...)
	p := NewPresignClient(c, func(o *PresignOptions) { o.Expires = time.Hour })
	p.now = func() time.Time { return postTestTime }
	return p, prov
}

// TestPresignPostObject checks the URL, the policy document (written out
// by hand) and every form field, with the signature computed here.
func TestPresignPostObject(t *testing.T) {
	const (
		cred    = `{"X-Amz-Credential":"AKIAIOSFODNN7EXAMPLE/20261207/us-west-2/s3/aws4_request"}`
		prefix  = `{"conditions":[{"X-Amz-Algorithm":"AWS4-HMAC-SHA256"},{"bucket":"examplebucket"},` + cred + `,{"X-Amz-Date":"20261207T102030Z"}`
		expires = `"expiration":"2026-12-07T11:20:30Z"}`
	)
	override := "https://uploads.example.com/form"
	tests := []struct {
		name       string
		token      string
		clientOpts []func(*Options)
		key        string
		opts       func(*PresignPostOptions)
		wantURL    string
		wantPolicy string
	}{
		{
			name:       "virtual-hosted",
			key:        "user/photo.jpg",
			wantURL:    "https://examplebucket.s3.us-west-2.amazonaws.com",
			wantPolicy: prefix + `,{"key":"user/photo.jpg"}],` + expires,
		},
		{
			name:       "session token",
			token:      "FQoGZXIvYXdzEXAMPLE/token+=",
			key:        "k",
			wantURL:    "https://examplebucket.s3.us-west-2.amazonaws.com",
			wantPolicy: prefix + `,{"X-Amz-Security-Token":"FQoGZXIvYXdzEXAMPLE/token+="},{"key":"k"}],` + expires,
		},
		{
			name: "custom conditions and expiry",
			key:  "k",
			opts: func(o *PresignPostOptions) {
				o.Expires = 10 * time.Minute
				o.Conditions = []any{
					[]any{"content-length-range", 1, 1024},
					[]any{"starts-with", "$Content-Type", "image/"},
					map[string]string{"acl": "private"},
				}
			},
			wantURL: "https://examplebucket.s3.us-west-2.amazonaws.com",
			wantPolicy: prefix + `,["content-length-range",1,1024],["starts-with","$Content-Type","image/"],{"acl":"private"},{"key":"k"}],` +
				`"expiration":"2026-12-07T10:30:30Z"}`,
		},
		{
			name: "caller's key condition replaces the key's",
			key:  "uploads/a",
			opts: func(o *PresignPostOptions) {
				o.Conditions = []any{[]string{"starts-with", "$key", "uploads/"}}
			},
			wantURL:    "https://examplebucket.s3.us-west-2.amazonaws.com",
			wantPolicy: prefix + `,["starts-with","$key","uploads/"]],` + expires,
		},
		{
			name:       "filename variable",
			key:        "uploads/${filename}",
			wantURL:    "https://examplebucket.s3.us-west-2.amazonaws.com",
			wantPolicy: prefix + `,["starts-with","$key","uploads/"]],` + expires,
		},
		{
			name:       "path style",
			clientOpts: []func(*Options){func(o *Options) { o.UsePathStyle = true }},
			key:        "a b/é+c.txt",
			wantURL:    "https://s3.us-west-2.amazonaws.com/examplebucket",
			wantPolicy: prefix + `,{"key":"a b/é+c.txt"}],` + expires,
		},
		{
			name:       "custom endpoint with a path",
			clientOpts: []func(*Options){func(o *Options) { o.UsePathStyle = true; o.BaseEndpoint = "http://127.0.0.1:9000/base" }},
			key:        "k",
			wantURL:    "http://127.0.0.1:9000/base/examplebucket",
			wantPolicy: prefix + `,{"key":"k"}],` + expires,
		},
		{
			name:       "custom endpoint, virtual-hosted",
			clientOpts: []func(*Options){func(o *Options) { o.BaseEndpoint = "https://objects.example.com" }},
			key:        "k",
			wantURL:    "https://examplebucket.objects.example.com",
			wantPolicy: prefix + `,{"key":"k"}],` + expires,
		},
		{
			name:       "base URL override",
			key:        "k",
			opts:       func(o *PresignPostOptions) { o.BaseURLOverride = &override },
			wantURL:    override,
			wantPolicy: prefix + `,{"key":"k"}],` + expires,
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p, _ := newPostTestClient(tt.token, tt.clientOpts...)
			var optFns []func(*PresignPostOptions)
			if tt.opts != nil {
				optFns = append(optFns, tt.opts)
			}
			got, err := p.PresignPostObject(t.Context(), &PutObjectInput{Bucket: ref("examplebucket"), Key: &tt.key}, optFns...)
			if err != nil {
				t.Fatalf("PresignPostObject: %v", err)
			}
			if got.URL != tt.wantURL {
				t.Errorf("URL = %q; want %q", got.URL, tt.wantURL)
			}
			if doc, err := base64.StdEncoding.DecodeString(got.Values["policy"]); err != nil || string(doc) != tt.wantPolicy {
				t.Errorf("policy = %s (%v)\nwant     %s", doc, err, tt.wantPolicy)
			}
			policy := base64.StdEncoding.EncodeToString([]byte(tt.wantPolicy))
			want := map[string]string{
				"key":              tt.key,
				"policy":           policy,
				"X-Amz-Algorithm":  "AWS4-HMAC-SHA256",
				"X-Amz-Credential": postTestAKID + "/20261207/us-west-2/s3/aws4_request",
				"X-Amz-Date":       "20261207T102030Z",
				"X-Amz-Signature":  postTestSignature(postTestSecret, "20261207", "us-west-2", policy),
			}
			if tt.token != "" {
				want["X-Amz-Security-Token"] = tt.token
			}
			if !maps.Equal(got.Values, want) {
				t.Errorf("Values = %v\nwant %v", got.Values, want)
			}
		})
	}
}

// TestPresignPostObjectErrors: bad input is a typed error before
// credentials are fetched, and no error shows the secret.
func TestPresignPostObjectErrors(t *testing.T) {
	tests := []struct {
		name      string
		params    *PutObjectInput
		opts      func(*PresignPostOptions)
		anonymous bool
		check     func(error) bool
	}{
		{"nil params", nil, nil, false, isInvalidParams("Bucket", "Key")},
		{"no bucket", &PutObjectInput{Key: ref("k")}, nil, false, isInvalidParams("Bucket")},
		{"empty key", &PutObjectInput{Bucket: ref("b"), Key: ref("")}, nil, false, isInvalidParams("Key")},
		{"expires over 7 days", &PutObjectInput{Bucket: ref("b"), Key: ref("k")},
			func(o *PresignPostOptions) { o.Expires = 7*24*time.Hour + time.Second }, false, isErr[*v4.ExpiresError]},
		{"negative expires", &PutObjectInput{Bucket: ref("b"), Key: ref("k")},
			func(o *PresignPostOptions) { o.Expires = -time.Second }, false, isErr[*v4.ExpiresError]},
		{"two-element condition", &PutObjectInput{Bucket: ref("b"), Key: ref("k")},
			func(o *PresignPostOptions) { o.Conditions = []any{[]any{"eq", "$acl"}} }, false, isErr[*InvalidPostConditionError]},
		{"string condition", &PutObjectInput{Bucket: ref("b"), Key: ref("k")},
			func(o *PresignPostOptions) { o.Conditions = []any{"acl"} }, false, isErr[*InvalidPostConditionError]},
		{"two-field object condition", &PutObjectInput{Bucket: ref("b"), Key: ref("k")},
			func(o *PresignPostOptions) { o.Conditions = []any{map[string]any{"acl": "x", "key": "k"}} }, false, isErr[*InvalidPostConditionError]},
		{"anonymous", &PutObjectInput{Bucket: ref("b"), Key: ref("k")}, nil, true, isErr[*credentials.NoCredentialsError]},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p, prov := newPostTestClient("")
			if tt.anonymous {
				p, _ = newPostTestClient("", func(o *Options) { o.Credentials = credentials.AnonymousProvider{} })
			}
			var optFns []func(*PresignPostOptions)
			if tt.opts != nil {
				optFns = append(optFns, tt.opts)
			}
			got, err := p.PresignPostObject(t.Context(), tt.params, optFns...)
			if err == nil || !tt.check(err) {
				t.Fatalf("PresignPostObject = %v, %v; want a typed error", got, err)
			}
			if n := prov.n.Load(); n != 0 {
				t.Errorf("credentials fetched %d times; want 0", n)
			}
			if strings.Contains(err.Error(), postTestSecret) {
				t.Errorf("error %q shows the secret", err)
			}
		})
	}
}

func isErr[E error](err error) bool {
	var e E
	return errors.As(err, &e)
}

func isInvalidParams(fields ...string) func(error) bool {
	return func(err error) bool {
		var ip smithy.InvalidParamsError
		if !errors.As(err, &ip) {
			return false
		}
		for _, f := range fields {
			if !strings.Contains(err.Error(), f) {
				return false
			}
		}
		return true
	}
}
