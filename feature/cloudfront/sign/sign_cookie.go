package sign

import (
	"crypto/rsa"
	"net/http"
	"strconv"
	"strings"
	"time"
)

// The names of the signed cookies CloudFront reads.
const (
	// CookiePolicyName is the name of the cookie that holds the
	// base64-encoded policy.
	CookiePolicyName = "CloudFront-Policy"

	// CookieSignatureName is the name of the cookie that holds the
	// policy's signature.
	CookieSignatureName = "CloudFront-Signature"

	// CookieKeyIDName is the name of the cookie that holds the ID of the
	// public key that verifies the signature.
	CookieKeyIDName = "CloudFront-Key-Pair-Id"
)

// CookieOptions are the attributes given to each of the three signed
// cookies. The zero value leaves every attribute out.
type CookieOptions struct {
	// Path is the cookies' Path attribute: the viewer sends them only
	// for URLs under it. "" leaves it out, so the viewer uses the
	// directory of the URL that set them.
	Path string

	// Domain is the cookies' Domain attribute, such as
	// "d111111abcdef8.cloudfront.net" or "example.com" for an alternate
	// domain name of the distribution. "" leaves it out, so the viewer
	// sends them only to the host that set them.
	Domain string

	// Secure, if true, has the viewer send the cookies over HTTPS only.
	Secure bool

	// SameSite is the cookies' SameSite attribute; zero leaves it out.
	SameSite http.SameSite

	// Expires is when the viewer drops the cookies. Zero leaves it out,
	// which makes them session cookies, as CloudFront recommends: they
	// are dropped when the browser closes. It does not limit what the
	// signature allows; the policy's DateLessThan does.
	Expires time.Time
}

// apply returns a copy of o changed by opts.
func (o CookieOptions) apply(opts ...func(*CookieOptions)) CookieOptions {
	for _, fn := range opts {
		fn(&o)
	}
	return o
}

// CookieSigner signs CloudFront cookies with one key: the ID of a public
// key in one of the distribution's trusted key groups (or of a legacy
// CloudFront key pair) and its private key. Signed cookies open many
// files at once (a wildcard resource) without changing their URLs. A
// CookieSigner is safe for concurrent use as long as Opts is not changed.
type CookieSigner struct {
	keyID   string
	privKey *rsa.PrivateKey

	// Opts are the cookie attributes of every Sign and SignWithPolicy
	// call, which the options of a call change for that call only.
	Opts CookieOptions
}

// NewCookieSigner returns a CookieSigner that signs with the public key
// ID keyID (such as "K2JCJMDEHXQW5F") and its private key, privKey, and
// gives the cookies the attributes opts set. The key ID and the key are
// checked when cookies are signed: an empty or malformed key ID and a nil
// key get an [*InvalidInputError] then.
func NewCookieSigner(keyID string, privKey *rsa.PrivateKey, opts ...func(*CookieOptions)) *CookieSigner {
	return &CookieSigner{keyID: keyID, privKey: privKey, Opts: CookieOptions{}.apply(opts...)}
}

// Sign returns the cookies that let a viewer fetch the resources matching
// u until expires: the policy with u as its resource and no other
// condition, its signature and the key ID. u is an http, https or http*
// URL and may hold the wildcards '*' and '?', as in
// "https://d111111abcdef8.cloudfront.net/training/*" or "http*://*".
// Set each cookie on the response (http.SetCookie) that sends the viewer
// to the files.
//
// The cookies are CookiePolicyName, CookieSignatureName and
// CookieKeyIDName, in that order, HttpOnly, with the attributes of the
// signer's Opts changed by opts. Like aws-sdk-go-v2, Sign sends the
// policy itself (CloudFront-Policy) rather than CloudFront-Expires: a
// canned-shaped policy that CloudFront reads as a custom one.
//
// expires must be in the future. Errors are [*InvalidInputError]s, or a
// [*PolicyError] for a resource CloudFront would refuse.
func (s CookieSigner) Sign(u string, expires time.Time, opts ...func(*CookieOptions)) ([]*http.Cookie, error) {
	if err := s.check(); err != nil {
		return nil, err
	}
	given, _, ok := strings.Cut(u, "://")
	if !ok {
		return nil, &InvalidInputError{Field: "url", Reason: "has no scheme: want a URL such as https://d111111abcdef8.cloudfront.net/*"}
	}
	scheme := strings.ToLower(given)
	if scheme != "http" && scheme != "https" && scheme != "http*" {
		return nil, &InvalidInputError{Field: "url", Reason: "has the scheme " + strconv.Quote(given) + ": want http, https or http*"}
	}
	if reason := expiryProblem(expires, time.Now()); reason != "" {
		return nil, &InvalidInputError{Field: "expires", Reason: reason}
	}
	return s.cookies(NewCannedPolicy(u, expires), opts)
}

// SignWithPolicy returns the cookies that let a viewer fetch what the
// policy p allows: CookiePolicyName, CookieSignatureName and
// CookieKeyIDName, in that order, HttpOnly, with the attributes of the
// signer's Opts changed by opts. p must pass [Policy.Validate].
func (s CookieSigner) SignWithPolicy(p *Policy, opts ...func(*CookieOptions)) ([]*http.Cookie, error) {
	if err := s.check(); err != nil {
		return nil, err
	}
	return s.cookies(p, opts)
}

func (s CookieSigner) check() error {
	if err := checkKeyID(s.keyID); err != nil {
		return err
	}
	if s.privKey == nil {
		return &InvalidInputError{Field: "privKey", Reason: "is nil"}
	}
	return nil
}

func (s CookieSigner) cookies(p *Policy, opts []func(*CookieOptions)) ([]*http.Cookie, error) {
	sig, pol, err := p.Sign(s.privKey)
	if err != nil {
		return nil, err
	}
	o := s.Opts.apply(opts...)
	cookie := func(name, value string) *http.Cookie {
		return &http.Cookie{
			Name: name, Value: value,
			Path: o.Path, Domain: o.Domain, Expires: o.Expires,
			Secure: o.Secure, HttpOnly: true, SameSite: o.SameSite,
		}
	}
	return []*http.Cookie{
		cookie(CookiePolicyName, string(pol)),
		cookie(CookieSignatureName, string(sig)),
		cookie(CookieKeyIDName, s.keyID),
	}, nil
}
