// Package sigtest checks the signatures of requests a test server
// receives: SigV4, SigV4a and the chained SigV4 signatures of event-stream
// frames. It rebuilds canonical requests and strings to sign from the
// AWS documentation with nothing from signer/, so a test that signs with
// Nimbus and verifies with sigtest checks two implementations against each
// other. It handles what the tests send: paths of unreserved characters
// and percent escapes, query parameters, single-line header values.
package sigtest

import (
	"bytes"
	"crypto/ecdsa"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/binary"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"sort"
	"strings"
	"time"
)

// Auth is a parsed Authorization header.
type Auth struct {
	Algorithm     string
	AccessKey     string
	Date          string // yyyymmdd
	Region        string // empty for SigV4a
	Service       string
	SignedHeaders []string
	Signature     string
}

// Scope returns the credential scope: date/region/service/aws4_request,
// or date/service/aws4_request for SigV4a.
func (a Auth) Scope() string {
	if a.Region == "" {
		return a.Date + "/" + a.Service + "/aws4_request"
	}
	return a.Date + "/" + a.Region + "/" + a.Service + "/aws4_request"
}

// ParseAuth parses r's Authorization header.
func ParseAuth(r *http.Request) (Auth, error) {
	h := r.Header.Get("Authorization")
	alg, rest, ok := strings.Cut(h, " ")
	if !ok {
		return Auth{}, fmt.Errorf("Authorization %q has no algorithm", h)
	}
	a := Auth{Algorithm: alg}
	for _, part := range strings.Split(rest, ",") {
		k, v, _ := strings.Cut(strings.TrimSpace(part), "=")
		switch k {
		case "Credential":
			f := strings.Split(v, "/")
			switch {
			case len(f) == 5 && f[4] == "aws4_request":
				a.AccessKey, a.Date, a.Region, a.Service = f[0], f[1], f[2], f[3]
			case len(f) == 4 && f[3] == "aws4_request":
				a.AccessKey, a.Date, a.Service = f[0], f[1], f[2]
			default:
				return Auth{}, fmt.Errorf("bad Credential %q", v)
			}
		case "SignedHeaders":
			a.SignedHeaders = strings.Split(v, ";")
		case "Signature":
			a.Signature = v
		}
	}
	if a.AccessKey == "" || a.Signature == "" || len(a.SignedHeaders) == 0 {
		return Auth{}, fmt.Errorf("Authorization %q lacks a credential, signed headers or signature", h)
	}
	return a, nil
}

// CanonicalRequest rebuilds r's canonical request. singleEncode selects
// S3's rule (the path as sent); otherwise each path segment is escaped
// again. payloadHash is the last line.
func CanonicalRequest(r *http.Request, signed []string, payloadHash string, singleEncode bool) string {
	var b strings.Builder
	b.WriteString(r.Method + "\n")
	path := r.URL.EscapedPath()
	if path == "" {
		path = "/"
	}
	if !singleEncode {
		segs := strings.Split(path, "/")
		for i, s := range segs {
			segs[i] = strings.ReplaceAll(url.PathEscape(s), "+", "%2B")
		}
		path = strings.Join(segs, "/")
	}
	b.WriteString(path + "\n")
	q := r.URL.Query()
	var pairs []string
	for k, vs := range q {
		if k == "X-Amz-Signature" {
			continue
		}
		for _, v := range vs {
			pairs = append(pairs, escape(k)+"="+escape(v))
		}
	}
	sort.Strings(pairs)
	b.WriteString(strings.Join(pairs, "&") + "\n")
	for _, h := range signed {
		var v string
		if h == "host" {
			v = r.Host
		} else {
			v = strings.Join(r.Header.Values(h), ",")
		}
		b.WriteString(h + ":" + strings.Join(strings.Fields(v), " ") + "\n")
	}
	b.WriteString("\n" + strings.Join(signed, ";") + "\n")
	b.WriteString(payloadHash)
	return b.String()
}

// escape is the URI encoding of SigV4: everything but unreserved
// characters percent-encoded, spaces as %20.
func escape(s string) string {
	return strings.ReplaceAll(url.QueryEscape(s), "+", "%20")
}

// PayloadHash returns r's X-Amz-Content-Sha256, or the SHA-256 of its
// body, which it then replaces so the handler can still read it.
func PayloadHash(r *http.Request) (string, error) {
	if v := r.Header.Get("X-Amz-Content-Sha256"); v != "" {
		return v, nil
	}
	body, err := io.ReadAll(r.Body)
	if err != nil {
		return "", err
	}
	r.Body = io.NopCloser(bytes.NewReader(body))
	sum := sha256.Sum256(body)
	return hex.EncodeToString(sum[:]), nil
}

func hmacSHA256(key []byte, data string) []byte {
	h := hmac.New(sha256.New, key)
	h.Write([]byte(data))
	return h.Sum(nil)
}

func sha256Hex(b []byte) string {
	sum := sha256.Sum256(b)
	return hex.EncodeToString(sum[:])
}

// SigningKey derives SigV4's key for a scope.
func SigningKey(secret string, a Auth) []byte {
	k := hmacSHA256([]byte("AWS4"+secret), a.Date)
	k = hmacSHA256(k, a.Region)
	k = hmacSHA256(k, a.Service)
	return hmacSHA256(k, "aws4_request")
}

// VerifyV4 checks r's SigV4 Authorization header against secret.
func VerifyV4(r *http.Request, secret string, singleEncode bool) (Auth, error) {
	a, err := ParseAuth(r)
	if err != nil {
		return a, err
	}
	if a.Algorithm != "AWS4-HMAC-SHA256" {
		return a, fmt.Errorf("algorithm %s; want AWS4-HMAC-SHA256", a.Algorithm)
	}
	hash, err := PayloadHash(r)
	if err != nil {
		return a, err
	}
	cr := CanonicalRequest(r, a.SignedHeaders, hash, singleEncode)
	sts := "AWS4-HMAC-SHA256\n" + r.Header.Get("X-Amz-Date") + "\n" + a.Scope() + "\n" + sha256Hex([]byte(cr))
	want := hex.EncodeToString(hmacSHA256(SigningKey(secret, a), sts))
	if want != a.Signature {
		return a, fmt.Errorf("SigV4 signature mismatch; canonical request:\n%s", cr)
	}
	return a, nil
}

// VerifyPresignedV4 checks the SigV4 signature in the query of a presigned
// URL (X-Amz-Signature) against secret, and returns the credential it
// names. r is the request the URL's holder sends: its method, URL and the
// headers of X-Amz-SignedHeaders. payloadHash is the last line of the
// canonical request: UNSIGNED-PAYLOAD for S3, the empty body's SHA-256
// for a GET of other services.
func VerifyPresignedV4(r *http.Request, secret, payloadHash string, singleEncode bool) (Auth, error) {
	q := r.URL.Query()
	if alg := q.Get("X-Amz-Algorithm"); alg != "AWS4-HMAC-SHA256" {
		return Auth{}, fmt.Errorf("X-Amz-Algorithm %q; want AWS4-HMAC-SHA256", alg)
	}
	a := Auth{Algorithm: "AWS4-HMAC-SHA256", Signature: q.Get("X-Amz-Signature")}
	f := strings.Split(q.Get("X-Amz-Credential"), "/")
	if len(f) != 5 || f[4] != "aws4_request" {
		return a, fmt.Errorf("bad X-Amz-Credential %q", q.Get("X-Amz-Credential"))
	}
	a.AccessKey, a.Date, a.Region, a.Service = f[0], f[1], f[2], f[3]
	a.SignedHeaders = strings.Split(q.Get("X-Amz-SignedHeaders"), ";")
	date := q.Get("X-Amz-Date")
	if !strings.HasPrefix(date, a.Date) || a.Signature == "" {
		return a, fmt.Errorf("X-Amz-Date %q does not match the credential's date %s, or no signature", date, a.Date)
	}
	cr := CanonicalRequest(r, a.SignedHeaders, payloadHash, singleEncode)
	sts := "AWS4-HMAC-SHA256\n" + date + "\n" + a.Scope() + "\n" + sha256Hex([]byte(cr))
	if want := hex.EncodeToString(hmacSHA256(SigningKey(secret, a), sts)); want != a.Signature {
		return a, fmt.Errorf("presigned SigV4 signature mismatch; canonical request:\n%s", cr)
	}
	return a, nil
}

// VerifyV4A checks r's SigV4a Authorization header against the public key
// derived from the caller's credentials.
func VerifyV4A(r *http.Request, pub *ecdsa.PublicKey, singleEncode bool) (Auth, error) {
	a, err := ParseAuth(r)
	if err != nil {
		return a, err
	}
	if a.Algorithm != "AWS4-ECDSA-P256-SHA256" || a.Region != "" {
		return a, fmt.Errorf("algorithm %s, region %q; want AWS4-ECDSA-P256-SHA256 and a scope without a region", a.Algorithm, a.Region)
	}
	if !contains(a.SignedHeaders, "x-amz-region-set") {
		return a, errors.New("X-Amz-Region-Set is not signed")
	}
	hash, err := PayloadHash(r)
	if err != nil {
		return a, err
	}
	cr := CanonicalRequest(r, a.SignedHeaders, hash, singleEncode)
	sts := "AWS4-ECDSA-P256-SHA256\n" + r.Header.Get("X-Amz-Date") + "\n" + a.Scope() + "\n" + sha256Hex([]byte(cr))
	sig, err := hex.DecodeString(a.Signature)
	if err != nil {
		return a, fmt.Errorf("signature is not hex: %v", err)
	}
	digest := sha256.Sum256([]byte(sts))
	if !ecdsa.VerifyASN1(pub, digest[:], sig) {
		return a, fmt.Errorf("SigV4a signature does not verify; canonical request:\n%s", cr)
	}
	return a, nil
}

// VerifyPresignedV4A checks a SigV4a presigned URL's query signature.
func VerifyPresignedV4A(r *http.Request, pub *ecdsa.PublicKey, singleEncode bool) error {
	q := r.URL.Query()
	if q.Get("X-Amz-Algorithm") != "AWS4-ECDSA-P256-SHA256" || q.Get("X-Amz-Region-Set") == "" {
		return fmt.Errorf("query %v lacks SigV4a's algorithm or region set", q)
	}
	signed := strings.Split(q.Get("X-Amz-SignedHeaders"), ";")
	cr := CanonicalRequest(r, signed, "UNSIGNED-PAYLOAD", singleEncode)
	cred := strings.SplitN(q.Get("X-Amz-Credential"), "/", 2)
	if len(cred) != 2 {
		return fmt.Errorf("bad X-Amz-Credential %q", q.Get("X-Amz-Credential"))
	}
	sts := "AWS4-ECDSA-P256-SHA256\n" + q.Get("X-Amz-Date") + "\n" + cred[1] + "\n" + sha256Hex([]byte(cr))
	sig, err := hex.DecodeString(q.Get("X-Amz-Signature"))
	if err != nil {
		return err
	}
	digest := sha256.Sum256([]byte(sts))
	if !ecdsa.VerifyASN1(pub, digest[:], sig) {
		return fmt.Errorf("presigned SigV4a signature does not verify; canonical request:\n%s", cr)
	}
	return nil
}

func contains(list []string, s string) bool {
	for _, v := range list {
		if v == s {
			return true
		}
	}
	return false
}

// EventVerifier checks the chained signatures of the event-stream frames
// of a request signed with STREAMING-AWS4-HMAC-SHA256-EVENTS: each frame's
// signature covers its :date header, the hash of its payload (the encoded
// event message) and the previous signature, starting from the request's.
type EventVerifier struct {
	secret string
	auth   Auth
	prev   string
}

// NewEventVerifier verifies r's own signature and returns a verifier for
// its frames.
func NewEventVerifier(r *http.Request, secret string) (*EventVerifier, error) {
	if r.Header.Get("X-Amz-Content-Sha256") != "STREAMING-AWS4-HMAC-SHA256-EVENTS" {
		return nil, fmt.Errorf("X-Amz-Content-Sha256 = %q; want STREAMING-AWS4-HMAC-SHA256-EVENTS", r.Header.Get("X-Amz-Content-Sha256"))
	}
	a, err := VerifyV4(r, secret, false)
	if err != nil {
		return nil, err
	}
	return &EventVerifier{secret: secret, auth: a, prev: a.Signature}, nil
}

// Verify checks one frame: its :date (milliseconds since the epoch), the
// :chunk-signature it carries and its payload. An empty payload is the
// end frame.
func (v *EventVerifier) Verify(date time.Time, signature, payload []byte) error {
	var hdr []byte
	hdr = append(hdr, byte(len(":date")))
	hdr = append(hdr, ":date"...)
	hdr = append(hdr, 8) // timestamp
	hdr = binary.BigEndian.AppendUint64(hdr, uint64(date.UnixMilli()))
	scope := v.auth
	scope.Date = date.UTC().Format("20060102") // the frame's own day
	sts := "AWS4-HMAC-SHA256-PAYLOAD\n" + date.UTC().Format("20060102T150405Z") + "\n" + scope.Scope() + "\n" +
		v.prev + "\n" + sha256Hex(hdr) + "\n" + sha256Hex(payload)
	want := hmacSHA256(SigningKey(v.secret, scope), sts)
	if !hmac.Equal(want, signature) {
		return fmt.Errorf("frame signature %x; want %x", signature, want)
	}
	v.prev = hex.EncodeToString(want)
	return nil
}
