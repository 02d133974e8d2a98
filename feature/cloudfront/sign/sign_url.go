package sign

import (
	"crypto"
	"net/url"
	"strconv"
	"strings"
	"time"
)

// URLSigner signs CloudFront URLs with one key: the ID of a public key in
// one of the distribution's trusted key groups (or of a legacy CloudFront
// key pair) and its private key. Create one per key and share it: it is
// safe for concurrent use.
type URLSigner struct {
	keyID  string
	signer crypto.Signer
}

// NewURLSigner returns a URLSigner that signs with the public key ID
// keyID (such as "K2JCJMDEHXQW5F") and its private key, signer: usually
// an *rsa.PrivateKey from [LoadPEMPrivKey] or [LoadPEMPrivKeyFile]. The
// arguments are checked when a URL is signed: an empty or malformed key
// ID and a nil key get an [*InvalidInputError] then.
func NewURLSigner(keyID string, signer crypto.Signer) *URLSigner {
	return &URLSigner{keyID: keyID, signer: signer}
}

// reservedParams are the query parameters CloudFront reads from a signed
// URL; a URL to sign must not have them already.
var reservedParams = []string{"Expires", "Policy", "Signature", "Key-Pair-Id", "Hash-Algorithm"}

// Sign returns rawURL signed with a canned policy that lets anyone fetch
// exactly that URL until expires:
//
//	rawURL?Expires=<Unix seconds>&Signature=<signature>&Key-Pair-Id=<key ID>
//
// with '&' instead of '?' when rawURL has a query. CloudFront rebuilds
// the policy from the URL it is asked for, so the URL is short; use
// [URLSigner.SignWithPolicy] for a start time, an IP address range or a
// wildcard resource.
//
// rawURL must be an http, https or rtmp URL with a host, in ASCII, and
// without a fragment or any of the query parameters a signature adds
// (Expires, Policy, Signature, Key-Pair-Id, Hash-Algorithm). For
// "rtmp://host/path/stream?q" the result is the signed stream name,
// "path/stream?q&Expires=...". An "http*://" URL is refused: see
// [URLSigner.SignWithPolicy].
//
// expires must be in the future. Errors are [*InvalidInputError]s, or a
// [*PolicyError] for a resource CloudFront would refuse.
func (s URLSigner) Sign(rawURL string, expires time.Time) (string, error) {
	if err := s.check(); err != nil {
		return "", err
	}
	scheme, cleaned, err := parseURLToSign(rawURL)
	if err != nil {
		return "", err
	}
	if cleaned != rawURL {
		return "", &InvalidInputError{Field: "url", Reason: "has a wildcard scheme (http*), which only a custom policy can hold: " +
			"CloudFront rebuilds a canned policy from the URL it is asked for, so the signature would never match"}
	}
	if reason := expiryProblem(expires, time.Now()); reason != "" {
		return "", &InvalidInputError{Field: "expires", Reason: reason}
	}
	resource, err := CreateResource(scheme, rawURL)
	if err != nil {
		return "", err
	}
	return s.sign(scheme, cleaned, NewCannedPolicy(resource, expires), false)
}

// SignWithPolicy returns rawURL signed with the custom policy p:
//
//	rawURL?Policy=<policy>&Signature=<signature>&Key-Pair-Id=<key ID>
//
// with '&' instead of '?' when rawURL has a query. The policy travels in
// the URL, so it may name a pattern of resources, a start time and an IP
// address range (see [Policy]). p must pass [Policy.Validate]; rawURL is
// checked as by [URLSigner.Sign]. Signing only reads p, so a policy may
// be shared by goroutines that do not change it.
//
// rawURL may start with "http*://", a wildcard scheme: it is signed as
// "http://", and the policy's Resource may say "http*://" to let the
// viewer switch between HTTP and HTTPS.
func (s URLSigner) SignWithPolicy(rawURL string, p *Policy) (string, error) {
	if err := s.check(); err != nil {
		return "", err
	}
	scheme, cleaned, err := parseURLToSign(rawURL)
	if err != nil {
		return "", err
	}
	return s.sign(scheme, cleaned, p, true)
}

func (s URLSigner) check() error {
	if err := checkKeyID(s.keyID); err != nil {
		return err
	}
	return checkSigner("signer", s.signer)
}

// sign signs p and appends the signature's query parameters to base.
func (s URLSigner) sign(scheme, base string, p *Policy, custom bool) (string, error) {
	sig, pol, err := p.Sign(s.signer)
	if err != nil {
		return "", err
	}
	var b strings.Builder
	b.Grow(len(base) + len(pol) + len(sig) + len(s.keyID) + 64)
	b.WriteString(base)
	if strings.Contains(base, "?") {
		b.WriteByte('&')
	} else {
		b.WriteByte('?')
	}
	if custom {
		b.WriteString("Policy=")
		b.Write(pol)
	} else {
		b.WriteString("Expires=")
		b.WriteString(strconv.FormatInt(p.Statements[0].Condition.DateLessThan.Unix(), 10))
	}
	b.WriteString("&Signature=")
	b.Write(sig)
	b.WriteString("&Key-Pair-Id=")
	b.WriteString(s.keyID)
	if scheme == "rtmp" {
		return streamName(b.String())
	}
	return b.String(), nil
}

// parseURLToSign checks rawURL and returns its scheme, in lower case and
// without a '*', and rawURL with that '*' taken out of its scheme.
func parseURLToSign(rawURL string) (scheme, cleaned string, err error) {
	bad := func(reason string, err error) (string, string, error) {
		return "", "", &InvalidInputError{Field: "url", Reason: reason, Err: err}
	}
	given, rest, ok := strings.Cut(rawURL, "://")
	if !ok {
		return bad("has no scheme: want a URL such as https://d111111abcdef8.cloudfront.net/image.jpg", nil)
	}
	given = strings.Replace(given, "*", "", 1)
	scheme = strings.ToLower(given)
	switch scheme {
	case "http", "https", "rtmp":
	default:
		return bad("has the scheme "+strconv.Quote(given)+": want http, https, http* or rtmp", nil)
	}
	if !isASCII(rawURL) {
		return bad("holds non-ASCII characters: write the host name in Punycode (golang.org/x/net/idna) and percent-encode the path and query", nil)
	}
	cleaned = given + "://" + rest
	u, err := url.Parse(cleaned)
	switch {
	case err != nil:
		return bad("is not a URL", err)
	case u.Host == "":
		return bad("has no host", nil)
	case strings.Contains(rest, "#"):
		return bad("has a fragment (#...): browsers do not send it, and the signature would be appended to it", nil)
	}
	q := u.Query()
	for _, name := range reservedParams {
		if q.Has(name) {
			return bad("has the query parameter "+name+", which the signature adds", nil)
		}
	}
	return scheme, cleaned, nil
}

// checkKeyID refuses a key ID that is empty or would need escaping in a
// URL or a cookie. CloudFront's public key IDs (K2JCJMDEHXQW5F) and
// legacy key pair IDs (APKA...) are letters and digits.
func checkKeyID(id string) error {
	if id == "" {
		return &InvalidInputError{Field: "keyID", Reason: "is empty: want the ID of a CloudFront public key, such as K2JCJMDEHXQW5F"}
	}
	for i := 0; i < len(id); i++ {
		if c := id[i]; !('0' <= c && c <= '9' || 'A' <= c && c <= 'Z' || 'a' <= c && c <= 'z') {
			return &InvalidInputError{Field: "keyID", Reason: "holds a character other than a letter or a digit"}
		}
	}
	return nil
}
