package sign

import (
	"bytes"
	"crypto"
	"crypto/rand"
	"crypto/rsa"
	"crypto/sha1"
	"encoding/base64"
	"encoding/json"
	"net/netip"
	"net/url"
	"strconv"
	"strings"
	"time"
)

// AWSEpochTime is a time in a policy condition. It is written in the
// policy as {"AWS:EpochTime":<seconds since 1970 UTC>}, so anything
// below a second is dropped.
type AWSEpochTime struct {
	time.Time
}

// NewAWSEpochTime returns t as an *AWSEpochTime.
func NewAWSEpochTime(t time.Time) *AWSEpochTime {
	return &AWSEpochTime{t}
}

// MarshalJSON writes t as {"AWS:EpochTime":<Unix seconds>}.
func (t AWSEpochTime) MarshalJSON() ([]byte, error) {
	b := append([]byte(nil), `{"AWS:EpochTime":`...)
	b = strconv.AppendInt(b, t.Unix(), 10)
	return append(b, '}'), nil
}

// UnmarshalJSON reads {"AWS:EpochTime":<Unix seconds>} into t, in UTC.
func (t *AWSEpochTime) UnmarshalJSON(data []byte) error {
	var v struct {
		Sec int64 `json:"AWS:EpochTime"`
	}
	if err := json.Unmarshal(data, &v); err != nil {
		return err
	}
	t.Time = time.Unix(v.Sec, 0).UTC()
	return nil
}

// IPAddress limits a policy to viewers whose IP address is in a range.
type IPAddress struct {
	// SourceIP is the range, in CIDR notation: "192.0.2.0/24", or
	// "192.0.2.10/32" for one address.
	SourceIP string `json:"AWS:SourceIp"`
}

// Condition holds the restrictions of a policy statement. The JSON names
// and order of its fields are the ones CloudFront reads and aws-sdk-go-v2
// writes.
type Condition struct {
	// IPAddress, if not nil, limits the viewers to an IP address range.
	IPAddress *IPAddress `json:"IpAddress,omitempty"`

	// DateGreaterThan, if not nil, is when the URL or cookies start to
	// be valid; before it CloudFront refuses them.
	DateGreaterThan *AWSEpochTime `json:",omitempty"`

	// DateLessThan is when the URL or cookies stop being valid. It is
	// required: Validate refuses a statement without it.
	DateLessThan *AWSEpochTime `json:",omitempty"`
}

// Statement gives access to the resources that match Resource under the
// restrictions of Condition.
type Statement struct {
	// Resource is the URL of the file, or a pattern of URLs with the
	// wildcards '*' (any characters) and '?' (one character), such as
	// "https://d111111abcdef8.cloudfront.net/training/*" or
	// "http*://*"; for an RTMP distribution, the stream name. It must be
	// ASCII: write a host name in Punycode and percent-encode paths and
	// queries.
	Resource string

	// Condition holds the restrictions.
	Condition Condition
}

// Policy is a CloudFront policy statement: which resources a signed URL
// or set of signed cookies opens, and under which conditions. See
// https://docs.aws.amazon.com/AmazonCloudFront/latest/DeveloperGuide/private-content-creating-signed-url-custom-policy.html.
type Policy struct {
	// Statements holds the statement of the policy. CloudFront reads
	// exactly one: Validate refuses an empty list and a longer one.
	Statements []Statement `json:"Statement"`
}

// NewCannedPolicy returns the policy of a canned signature: resource,
// valid until expires, with no other condition. Add conditions to it to
// make a custom policy.
func NewCannedPolicy(resource string, expires time.Time) *Policy {
	return &Policy{Statements: []Statement{{
		Resource:  resource,
		Condition: Condition{DateLessThan: NewAWSEpochTime(expires)},
	}}}
}

// Validate reports whether CloudFront would accept and could ever honour
// the policy, as a [*PolicyError] naming the statement and field at
// fault, or an [*InvalidInputError] for a nil policy. It asks for what
// aws-sdk-go-v2 asks for (a statement, with an ASCII Resource) and more:
// exactly one statement, a DateLessThan in the future, a DateGreaterThan
// (if set) that is not the zero time and comes before DateLessThan, and
// an IpAddress (if set) in CIDR notation.
func (p *Policy) Validate() error {
	return p.validate(time.Now())
}

func (p *Policy) validate(now time.Time) error {
	if p == nil {
		return &InvalidInputError{Field: "policy", Reason: "is nil"}
	}
	switch n := len(p.Statements); {
	case n == 0:
		return &PolicyError{Statement: -1, Field: "Statement", Reason: "is empty: a policy needs one statement"}
	case n > 1:
		return &PolicyError{Statement: -1, Field: "Statement", Reason: "has " + strconv.Itoa(n) +
			" statements: CloudFront reads one per policy (sign a URL or a set of cookies per resource instead)"}
	}
	fail := func(field, reason string) error { return &PolicyError{Statement: 0, Field: field, Reason: reason} }
	s := p.Statements[0]
	switch {
	case s.Resource == "":
		return fail("Resource", "is empty")
	case !isASCII(s.Resource):
		return fail("Resource", "holds non-ASCII characters: write the host name in Punycode (golang.org/x/net/idna) and percent-encode the path and query")
	}
	c := s.Condition
	if c.DateLessThan == nil {
		return fail("Condition.DateLessThan", "is not set: CloudFront requires an expiry time")
	}
	if reason := expiryProblem(c.DateLessThan.Time, now); reason != "" {
		return fail("Condition.DateLessThan", reason)
	}
	if g := c.DateGreaterThan; g != nil {
		if g.IsZero() {
			return fail("Condition.DateGreaterThan", "is the zero time: leave it nil for no start time")
		}
		if g.Unix() >= c.DateLessThan.Unix() {
			return fail("Condition.DateGreaterThan", "is not before DateLessThan: the policy would never be valid")
		}
	}
	if ip := c.IPAddress; ip != nil {
		if _, err := netip.ParsePrefix(ip.SourceIP); err != nil {
			return fail("Condition.IpAddress", "AWS:SourceIp "+strconv.Quote(ip.SourceIP)+
				" is not an IP address range in CIDR notation, such as 192.0.2.0/24")
		}
	}
	return nil
}

// expiryProblem says why expires cannot end a signature's validity at
// now, or returns "". CloudFront compares whole seconds.
func expiryProblem(expires, now time.Time) string {
	switch {
	case expires.IsZero():
		return "is the zero time"
	case expires.Unix() <= now.Unix():
		return "is not in the future (" + expires.UTC().Format(time.RFC3339) + "): CloudFront would refuse the signature"
	}
	return ""
}

// Sign validates the policy (see [Policy.Validate]) and signs it with
// signer, as CloudFront checks it: an RSA PKCS #1 v1.5 signature of the
// SHA-1 hash of the policy's JSON. It returns the signature and the JSON
// policy, each base64-encoded in CloudFront's URL-safe alphabet ('+', '='
// and '/' written as '-', '_' and '~'): the values of the Signature and
// Policy query parameters of a signed URL, and of the CloudFront-Signature
// and CloudFront-Policy cookies.
//
// The JSON has no white space and its keys in CloudFront's order:
//
//	{"Statement":[{"Resource":"...","Condition":{"IpAddress":{"AWS:SourceIp":"..."},"DateGreaterThan":{"AWS:EpochTime":...},"DateLessThan":{"AWS:EpochTime":...}}}]}
//
// with unset conditions left out, byte for byte what aws-sdk-go-v2 signs.
// signer is usually an *rsa.PrivateKey, the private key of a public key
// in one of the distribution's trusted key groups.
func (p *Policy) Sign(signer crypto.Signer) (b64Signature, b64Policy []byte, err error) {
	if err := checkSigner("signer", signer); err != nil {
		return nil, nil, err
	}
	if err := p.Validate(); err != nil {
		return nil, nil, err
	}
	doc, err := p.marshal()
	if err != nil {
		return nil, nil, err
	}
	sum := sha1.Sum(doc)
	sig, err := signer.Sign(rand.Reader, sum[:], crypto.SHA1)
	if err != nil {
		return nil, nil, &InvalidInputError{Field: "signer", Reason: "cannot sign an RSA-SHA1 signature", Err: err}
	}
	return encodeURLSafe(sig), encodeURLSafe(doc), nil
}

// marshal returns the policy's JSON, as aws-sdk-go-v2 writes it: by
// encoding/json, without HTML escaping and without the trailing newline.
func (p *Policy) marshal() ([]byte, error) {
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(p); err != nil {
		return nil, &InvalidInputError{Field: "policy", Reason: "cannot be written as JSON", Err: err}
	}
	return bytes.TrimSuffix(buf.Bytes(), []byte("\n")), nil
}

// checkSigner refuses a nil signer, a nil or empty *rsa.PrivateKey in it
// included.
func checkSigner(field string, signer crypto.Signer) error {
	k, isRSA := signer.(*rsa.PrivateKey)
	switch {
	case signer == nil || isRSA && k == nil:
		return &InvalidInputError{Field: field, Reason: "is nil"}
	case isRSA && k.N == nil:
		return &InvalidInputError{Field: field, Reason: "is an empty rsa.PrivateKey"}
	}
	return nil
}

// encodeURLSafe base64-encodes b in CloudFront's alphabet: the standard
// one with '-' for '+', '_' for '=' and '~' for '/'.
func encodeURLSafe(b []byte) []byte {
	out := make([]byte, base64.StdEncoding.EncodedLen(len(b)))
	base64.StdEncoding.Encode(out, b)
	for i, c := range out {
		switch c {
		case '+':
			out[i] = '-'
		case '=':
			out[i] = '_'
		case '/':
			out[i] = '~'
		}
	}
	return out
}

// CreateResource returns the Resource of a canned policy for the URL u
// whose scheme is scheme: u itself for "http", "https", "http*" and "*"
// (any case), and for "rtmp" the stream name, u's path without its
// leading slashes followed by its query. Other schemes get an
// [*InvalidInputError].
func CreateResource(scheme, u string) (string, error) {
	switch strings.ToLower(scheme) {
	case "http", "https", "http*", "*":
		return u, nil
	case "rtmp":
		return streamName(u)
	}
	return "", &InvalidInputError{Field: "scheme", Reason: strconv.Quote(scheme) + " is not http, https, http*, * or rtmp"}
}

// streamName returns the RTMP form of the URL u: its path, without the
// leading slashes and decoded as url.Parse decodes it, then "?" and its
// query if it has one.
func streamName(u string) (string, error) {
	parsed, err := url.Parse(u)
	if err != nil {
		return "", &InvalidInputError{Field: "url", Reason: "is not a URL", Err: err}
	}
	name := strings.TrimLeft(parsed.Path, "/")
	if parsed.RawQuery != "" {
		name += "?" + parsed.RawQuery
	}
	return name, nil
}

func isASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] >= 0x80 {
			return false
		}
	}
	return true
}
