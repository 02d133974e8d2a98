package bench

// Nimbus's feature/cloudfront/sign against aws-sdk-go-v2's: the same key,
// URL, policy and time must give the same signed URL and the same
// cookies, byte for byte, and the same policy JSON and signature from
// Policy.Sign. Nimbus refuses expiry times in the past, so the cases
// expire in 2100, and an http* URL with a canned policy, which is
// checked as a refusal.

import (
	"errors"
	"net/http"
	"reflect"
	"strings"
	"testing"
	"time"

	v2sign "github.com/aws/aws-sdk-go-v2/feature/cloudfront/sign"

	"github.com/nimbus-sdk/nimbus/feature/cloudfront/sign"
)

const cfKeyFile = "../../feature/cloudfront/sign/testdata/test_key.pem"

func TestCloudFrontSignAgree(t *testing.T) {
	key, err := sign.LoadPEMPrivKeyFile(cfKeyFile)
	if err != nil {
		t.Fatal(err)
	}
	v2key, err := v2sign.LoadPEMPrivKeyFile(cfKeyFile)
	if err != nil {
		t.Fatal(err)
	}
	if !key.Equal(v2key) {
		t.Fatal("the two loaders read different keys")
	}
	const keyID = "K2JCJMDEHXQW5F"
	expires := time.Date(2100, 1, 1, 0, 0, 0, 0, time.UTC)
	start := time.Date(2099, 1, 1, 0, 0, 0, 0, time.UTC)

	// policyCase builds the same policy for each SDK.
	type policyCase struct {
		resource, ip string
		start        bool
	}
	nimbusPolicy := func(c policyCase) *sign.Policy {
		cond := sign.Condition{DateLessThan: sign.NewAWSEpochTime(expires)}
		if c.ip != "" {
			cond.IPAddress = &sign.IPAddress{SourceIP: c.ip}
		}
		if c.start {
			cond.DateGreaterThan = sign.NewAWSEpochTime(start)
		}
		return &sign.Policy{Statements: []sign.Statement{{Resource: c.resource, Condition: cond}}}
	}
	v2Policy := func(c policyCase) *v2sign.Policy {
		cond := v2sign.Condition{DateLessThan: v2sign.NewAWSEpochTime(expires)}
		if c.ip != "" {
			cond.IPAddress = &v2sign.IPAddress{SourceIP: c.ip}
		}
		if c.start {
			cond.DateGreaterThan = v2sign.NewAWSEpochTime(start)
		}
		return &v2sign.Policy{Statements: []v2sign.Statement{{Resource: c.resource, Condition: cond}}}
	}

	urls := []string{
		"https://d111111abcdef8.cloudfront.net/image.jpg",
		"https://d111111abcdef8.cloudfront.net/image.jpg?color=red&size=medium",
		"https://example.com/a?",
		"http://example.com/a%20b/c",
		"HTTPS://Example.com/A",
		"http*://example.com/a",
		`https://example.com/a"b\c<d>?e=1&f=2`,
		"rtmp://s5c39gqb8ow64r.cloudfront.net//videos/a%20b.mp4?x=1",
	}
	policies := []policyCase{
		{resource: "https://d111111abcdef8.cloudfront.net/*"},
		{resource: "https://d111111abcdef8.cloudfront.net/training/*", ip: "192.0.2.0/24", start: true},
		{resource: "http*://*", ip: "2001:db8::/32"},
		{resource: `https://example.com/a?b=1&c=<2>"`},
	}

	us, v2us := sign.NewURLSigner(keyID, key), v2sign.NewURLSigner(keyID, v2key)
	for _, u := range urls {
		// A canned policy cannot hold http* (CloudFront rebuilds it from
		// the URL it is asked for): Nimbus refuses what v2 signs there.
		t.Run("URL Sign "+u, func(t *testing.T) {
			if strings.HasPrefix(u, "http*") {
				var ie *sign.InvalidInputError
				if _, err := us.Sign(u, expires); !errors.As(err, &ie) || ie.Field != "url" {
					t.Errorf("Sign(%q) error = %v; want an *InvalidInputError for url", u, err)
				}
				return
			}
			got, err := us.Sign(u, expires)
			want, v2err := v2us.Sign(u, expires)
			if err != nil || v2err != nil || got != want {
				t.Errorf("Sign(%q):\nnimbus %s (%v)\nv2     %s (%v)", u, got, err, want, v2err)
			}
		})
		for i, pc := range policies {
			t.Run("URL SignWithPolicy "+u+" "+pc.resource, func(t *testing.T) {
				got, err := us.SignWithPolicy(u, nimbusPolicy(pc))
				want, v2err := v2us.SignWithPolicy(u, v2Policy(pc))
				if err != nil || v2err != nil || got != want {
					t.Errorf("SignWithPolicy(%q, policy %d):\nnimbus %s (%v)\nv2     %s (%v)", u, i, got, err, want, v2err)
				}
			})
		}
	}

	for _, pc := range policies {
		t.Run("Policy.Sign "+pc.resource, func(t *testing.T) {
			sig, pol, err := nimbusPolicy(pc).Sign(key)
			v2sig, v2pol, v2err := v2Policy(pc).Sign(v2key)
			if err != nil || v2err != nil || string(sig) != string(v2sig) || string(pol) != string(v2pol) {
				t.Errorf("Policy.Sign:\nnimbus %s %s (%v)\nv2     %s %s (%v)", pol, sig, err, v2pol, v2sig, v2err)
			}
		})
	}

	opts := func(o *sign.CookieOptions) {
		o.Path, o.Domain, o.Secure, o.SameSite, o.Expires = "/", "d111111abcdef8.cloudfront.net", true, http.SameSiteLaxMode, start
	}
	v2opts := func(o *v2sign.CookieOptions) {
		o.Path, o.Domain, o.Secure, o.SameSite, o.Expires = "/", "d111111abcdef8.cloudfront.net", true, http.SameSiteLaxMode, start
	}
	cs, v2cs := sign.NewCookieSigner(keyID, key, opts), v2sign.NewCookieSigner(keyID, v2key, v2opts)
	for _, u := range []string{"https://d111111abcdef8.cloudfront.net/*", "http*://*", "HTTP://example.com/a?b=1&c=2"} {
		t.Run("Cookie Sign "+u, func(t *testing.T) {
			got, err := cs.Sign(u, expires)
			want, v2err := v2cs.Sign(u, expires)
			if err != nil || v2err != nil || !reflect.DeepEqual(got, want) {
				t.Errorf("Sign(%q):\nnimbus %v (%v)\nv2     %v (%v)", u, got, err, want, v2err)
			}
		})
	}
	for _, pc := range policies {
		t.Run("Cookie SignWithPolicy "+pc.resource, func(t *testing.T) {
			got, err := cs.SignWithPolicy(nimbusPolicy(pc), func(o *sign.CookieOptions) { o.Secure = false })
			want, v2err := v2cs.SignWithPolicy(v2Policy(pc), func(o *v2sign.CookieOptions) { o.Secure = false })
			if err != nil || v2err != nil || !reflect.DeepEqual(got, want) {
				t.Errorf("SignWithPolicy:\nnimbus %v (%v)\nv2     %v (%v)", got, err, want, v2err)
			}
		})
	}
}
