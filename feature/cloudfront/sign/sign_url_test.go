package sign_test

import (
	"strconv"
	"sync"
	"testing"
	"time"

	"github.com/nimbus-sdk/nimbus/feature/cloudfront/sign"
)

func TestURLSignerSign(t *testing.T) {
	key := testKey(t)
	exp := strconv.FormatInt(farExpiry, 10)
	tests := []struct {
		name     string
		url      string
		resource string // the canned policy's Resource, as JSON text
		base     string // the URL the parameters are appended to
		// rebuilt is whether CloudFront's canned policy, rebuilt from the
		// signed URL, is the one signed: not when the policy's resource
		// needs JSON escapes.
		rebuilt bool
	}{
		{"plain", "https://d111111abcdef8.cloudfront.net/image.jpg",
			"https://d111111abcdef8.cloudfront.net/image.jpg", "https://d111111abcdef8.cloudfront.net/image.jpg?", true},
		{"with query", "https://d111111abcdef8.cloudfront.net/image.jpg?color=red&size=medium",
			"https://d111111abcdef8.cloudfront.net/image.jpg?color=red&size=medium", "https://d111111abcdef8.cloudfront.net/image.jpg?color=red&size=medium&", true},
		{"empty query", "https://example.com/a?", "https://example.com/a?", "https://example.com/a?&", true},
		{"http", "http://example.com/a", "http://example.com/a", "http://example.com/a?", true},
		{"upper-case scheme", "HTTPS://Example.com/A", "HTTPS://Example.com/A", "HTTPS://Example.com/A?", true},
		// encoding/json escapes '"' and '\' and, without HTML escaping,
		// leaves < > & as they are: as aws-sdk-go-v2 writes them.
		{"JSON escapes", `https://example.com/a"b\c<d>?e=1&f=2`, `https://example.com/a\"b\\c<d>?e=1&f=2`, `https://example.com/a"b\c<d>?e=1&f=2&`, false},
		{"percent-encoded path", "https://example.com/a%20b/c%2Fd", "https://example.com/a%20b/c%2Fd", "https://example.com/a%20b/c%2Fd?", true},
	}
	s := sign.NewURLSigner(testKeyID, key)
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := s.Sign(tt.url, time.Unix(farExpiry, 0))
			if err != nil {
				t.Fatalf("Sign(%q) error = %v", tt.url, err)
			}
			policy := cannedJSON(tt.resource, exp)
			want := tt.base + "Expires=" + exp + "&Signature=" + refSignature(t, key, policy) + "&Key-Pair-Id=" + testKeyID
			if got != want {
				t.Fatalf("Sign(%q) =\n%s\nwant\n%s", tt.url, got, want)
			}
			if tt.rebuilt {
				if p := cloudFrontVerify(t, &key.PublicKey, testKeyID, got); p != policy {
					t.Errorf("CloudFront's policy %s; want %s", p, policy)
				}
			}
		})
	}
}

func TestURLSignerSignRTMP(t *testing.T) {
	key := testKey(t)
	exp := strconv.FormatInt(farExpiry, 10)
	s := sign.NewURLSigner(testKeyID, key)
	// The stream name is the path, decoded, without its leading slashes,
	// then the query, as aws-sdk-go-v2 writes it.
	got, err := s.Sign("rtmp://s5c39gqb8ow64r.cloudfront.net//videos/a%20b.mp4?x=1", time.Unix(farExpiry, 0))
	if err != nil {
		t.Fatal(err)
	}
	policy := cannedJSON("videos/a b.mp4?x=1", exp)
	want := "videos/a b.mp4?x=1&Expires=" + exp + "&Signature=" + refSignature(t, key, policy) + "&Key-Pair-Id=" + testKeyID
	if got != want {
		t.Errorf("Sign(rtmp) =\n%s\nwant\n%s", got, want)
	}

	p := sign.NewCannedPolicy("videos/*", time.Unix(farExpiry, 0))
	got, err = s.SignWithPolicy("rtmp://s5c39gqb8ow64r.cloudfront.net/videos/b.mp4", p)
	if err != nil {
		t.Fatal(err)
	}
	policy = cannedJSON("videos/*", exp)
	want = "videos/b.mp4?Policy=" + cfBase64([]byte(policy)) + "&Signature=" + refSignature(t, key, policy) + "&Key-Pair-Id=" + testKeyID
	if got != want {
		t.Errorf("SignWithPolicy(rtmp) =\n%s\nwant\n%s", got, want)
	}
}

func TestURLSignerSignWithPolicy(t *testing.T) {
	key := testKey(t)
	lt, gt := strconv.FormatInt(farExpiry, 10), strconv.FormatInt(farStart, 10)
	tests := []struct {
		name   string
		url    string
		policy *sign.Policy
		json   string // the policy, written out by hand
		base   string // the URL the parameters are appended to
	}{
		{
			name: "every condition",
			url:  "https://d111111abcdef8.cloudfront.net/training/orientation.avi",
			policy: &sign.Policy{Statements: []sign.Statement{{
				Resource: "https://d111111abcdef8.cloudfront.net/training/*",
				Condition: sign.Condition{
					IPAddress:       &sign.IPAddress{SourceIP: "192.0.2.0/24"},
					DateGreaterThan: sign.NewAWSEpochTime(time.Unix(farStart, 0)),
					DateLessThan:    sign.NewAWSEpochTime(time.Unix(farExpiry, 0)),
				},
			}}},
			json: `{"Statement":[{"Resource":"https://d111111abcdef8.cloudfront.net/training/*","Condition":{"IpAddress":{"AWS:SourceIp":"192.0.2.0/24"},"DateGreaterThan":{"AWS:EpochTime":` + gt + `},"DateLessThan":{"AWS:EpochTime":` + lt + `}}}]}`,
			base: "https://d111111abcdef8.cloudfront.net/training/orientation.avi?",
		},
		{
			name:   "canned shape, URL with query",
			url:    "https://example.com/a?b=1&c=2",
			policy: sign.NewCannedPolicy("https://example.com/a?b=1&c=2", time.Unix(farExpiry, 0).In(time.FixedZone("UTC+5", 5*3600))),
			json:   cannedJSON("https://example.com/a?b=1&c=2", lt),
			base:   "https://example.com/a?b=1&c=2&",
		},
		{
			name: "IPv6 range, wildcard resource",
			url:  "http*://example.com/videos/x.mp4",
			policy: &sign.Policy{Statements: []sign.Statement{{
				Resource:  "http*://*",
				Condition: sign.Condition{IPAddress: &sign.IPAddress{SourceIP: "2001:db8::/32"}, DateLessThan: sign.NewAWSEpochTime(time.Unix(farExpiry, 0))},
			}}},
			json: `{"Statement":[{"Resource":"http*://*","Condition":{"IpAddress":{"AWS:SourceIp":"2001:db8::/32"},"DateLessThan":{"AWS:EpochTime":` + lt + `}}}]}`,
			base: "http://example.com/videos/x.mp4?",
		},
	}
	s := sign.NewURLSigner(testKeyID, key)
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := s.SignWithPolicy(tt.url, tt.policy)
			if err != nil {
				t.Fatalf("SignWithPolicy(%q) error = %v", tt.url, err)
			}
			want := tt.base + "Policy=" + cfBase64([]byte(tt.json)) + "&Signature=" + refSignature(t, key, tt.json) + "&Key-Pair-Id=" + testKeyID
			if got != want {
				t.Fatalf("SignWithPolicy(%q) =\n%s\nwant\n%s", tt.url, got, want)
			}
			if p := cloudFrontVerify(t, &key.PublicKey, testKeyID, got); p != tt.json {
				t.Errorf("CloudFront's policy %s; want %s", p, tt.json)
			}
		})
	}
}

// TestPolicySign checks the two values Policy.Sign returns: the policy's
// JSON and its signature, each in CloudFront's base64.
func TestPolicySign(t *testing.T) {
	key := testKey(t)
	p := sign.NewCannedPolicy("https://example.com/*", time.Unix(farExpiry, 0))
	sig, pol, err := p.Sign(key)
	if err != nil {
		t.Fatal(err)
	}
	want := cannedJSON("https://example.com/*", strconv.FormatInt(farExpiry, 10))
	if got := string(cfBase64Decode(t, string(pol))); got != want {
		t.Errorf("policy = %s; want %s", got, want)
	}
	if got, want := string(sig), refSignature(t, key, want); got != want {
		t.Errorf("signature = %s; want %s", got, want)
	}
}

// TestURLSignerConcurrent signs with one signer from many goroutines
// (run with -race); every result must be the same.
func TestURLSignerConcurrent(t *testing.T) {
	s := sign.NewURLSigner(testKeyID, testKey(t))
	p := sign.NewCannedPolicy("https://example.com/*", time.Unix(farExpiry, 0))
	want, err := s.SignWithPolicy("https://example.com/a", p)
	if err != nil {
		t.Fatal(err)
	}
	var wg sync.WaitGroup
	for range 8 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for range 20 {
				if got, err := s.SignWithPolicy("https://example.com/a", p); err != nil || got != want {
					t.Errorf("concurrent SignWithPolicy = %q, %v; want %q", got, err, want)
					return
				}
			}
		}()
	}
	wg.Wait()
}
