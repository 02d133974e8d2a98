package sign_test

import (
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/nimbus-sdk/nimbus/feature/cloudfront/sign"
)

// FuzzURLSignerSign signs any string as a URL: it must not panic, must
// refuse with a typed error or return a URL that CloudFront would accept
// (for http and https URLs: the URL, then the signature's parameters,
// with a canned policy that verifies with the public key).
func FuzzURLSignerSign(f *testing.F) {
	for _, s := range []string{
		"https://d111111abcdef8.cloudfront.net/image.jpg", "https://example.com/a?b=1&c=2", "http*://example.com/a",
		"rtmp://example.com/a", "https://example.com/a#f", "https:///a", "ftp://x/y", "https://example.com/a?Expires=1",
		`https://example.com/a"b\c`, "HTTPS://EXAMPLE.COM/?", "https://[::1]:8443/a%zz",
	} {
		f.Add(s)
	}
	key := testKey(f)
	s := sign.NewURLSigner(testKeyID, key)
	f.Fuzz(func(t *testing.T, u string) {
		got, err := s.Sign(u, time.Unix(farExpiry, 0))
		if err != nil {
			var ie *sign.InvalidInputError
			var pe *sign.PolicyError
			if !errors.As(err, &ie) && !errors.As(err, &pe) {
				t.Fatalf("Sign(%q) error = %v (%T); want a typed error", u, err, err)
			}
			return
		}
		scheme, _, _ := strings.Cut(u, "://")
		switch strings.ToLower(scheme) {
		case "http", "https":
			if !strings.HasPrefix(got, u) || strings.ContainsAny(u, `"\`) {
				return // JSON escapes make the policy differ from the URL's text
			}
			cloudFrontVerify(t, &key.PublicKey, testKeyID, got)
		}
	})
}
