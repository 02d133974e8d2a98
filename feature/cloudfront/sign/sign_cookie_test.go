package sign_test

import (
	"net/http"
	"reflect"
	"strconv"
	"testing"
	"time"

	"github.com/nimbus-sdk/nimbus/feature/cloudfront/sign"
)

func TestCookieSigner(t *testing.T) {
	key := testKey(t)
	lt := strconv.FormatInt(farExpiry, 10)
	custom := &sign.Policy{Statements: []sign.Statement{{
		Resource: "https://d111111abcdef8.cloudfront.net/game_download.zip",
		Condition: sign.Condition{
			IPAddress:    &sign.IPAddress{SourceIP: "192.0.2.0/24"},
			DateLessThan: sign.NewAWSEpochTime(time.Unix(farExpiry, 0)),
		},
	}}}
	session := time.Date(2099, 6, 1, 0, 0, 0, 0, time.UTC)
	tests := []struct {
		name    string
		signer  *sign.CookieSigner
		sign    func(s *sign.CookieSigner) ([]*http.Cookie, error)
		json    string // the signed policy, written out by hand
		options sign.CookieOptions
	}{
		{
			name:   "canned, signer options",
			signer: sign.NewCookieSigner(testKeyID, key, func(o *sign.CookieOptions) { o.Path = "/"; o.Domain = "d111111abcdef8.cloudfront.net"; o.Secure = true }),
			sign: func(s *sign.CookieSigner) ([]*http.Cookie, error) {
				return s.Sign("https://d111111abcdef8.cloudfront.net/*", time.Unix(farExpiry, 0))
			},
			json:    cannedJSON("https://d111111abcdef8.cloudfront.net/*", lt),
			options: sign.CookieOptions{Path: "/", Domain: "d111111abcdef8.cloudfront.net", Secure: true},
		},
		{
			name:   "canned, any scheme and host, no options",
			signer: sign.NewCookieSigner(testKeyID, key),
			sign: func(s *sign.CookieSigner) ([]*http.Cookie, error) {
				return s.Sign("http*://*", time.Unix(farExpiry, 0))
			},
			json: cannedJSON("http*://*", lt),
		},
		{
			name:   "custom, call options over signer options",
			signer: sign.NewCookieSigner(testKeyID, key, func(o *sign.CookieOptions) { o.Path = "/"; o.Secure = true }),
			sign: func(s *sign.CookieSigner) ([]*http.Cookie, error) {
				return s.SignWithPolicy(custom, func(o *sign.CookieOptions) {
					o.Domain = "example.org"
					o.SameSite = http.SameSiteStrictMode
					o.Expires = session
				})
			},
			json:    `{"Statement":[{"Resource":"https://d111111abcdef8.cloudfront.net/game_download.zip","Condition":{"IpAddress":{"AWS:SourceIp":"192.0.2.0/24"},"DateLessThan":{"AWS:EpochTime":` + lt + `}}}]}`,
			options: sign.CookieOptions{Path: "/", Domain: "example.org", Secure: true, SameSite: http.SameSiteStrictMode, Expires: session},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			before := tt.signer.Opts
			got, err := tt.sign(tt.signer)
			if err != nil {
				t.Fatal(err)
			}
			o := tt.options
			cookie := func(name, value string) *http.Cookie {
				return &http.Cookie{Name: name, Value: value, Path: o.Path, Domain: o.Domain, Expires: o.Expires,
					Secure: o.Secure, HttpOnly: true, SameSite: o.SameSite}
			}
			want := []*http.Cookie{
				cookie("CloudFront-Policy", cfBase64([]byte(tt.json))),
				cookie("CloudFront-Signature", refSignature(t, key, tt.json)),
				cookie("CloudFront-Key-Pair-Id", testKeyID),
			}
			if !reflect.DeepEqual(got, want) {
				t.Errorf("cookies =\n%v\nwant\n%v", got, want)
			}
			if tt.signer.Opts != before {
				t.Errorf("signing changed the signer's Opts from %+v to %+v", before, tt.signer.Opts)
			}
		})
	}
}

func TestCookieNames(t *testing.T) {
	for _, tt := range []struct{ got, want string }{
		{sign.CookiePolicyName, "CloudFront-Policy"},
		{sign.CookieSignatureName, "CloudFront-Signature"},
		{sign.CookieKeyIDName, "CloudFront-Key-Pair-Id"},
	} {
		if tt.got != tt.want {
			t.Errorf("cookie name %q; want %q", tt.got, tt.want)
		}
	}
}
