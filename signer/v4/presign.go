package v4

import (
	"context"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/nimbus-sdk/nimbus/credentials"
)

// PresignedHTTPRequest is a presigned HTTP request: a URL that performs
// one request without further credentials until it expires, as the
// service presign clients (s3.PresignClient, sts.PresignClient) return it.
// It has the fields of aws-sdk-go-v2's v4.PresignedHTTPRequest. The holder
// of the URL needs no SDK: any HTTP client (net/http, curl, a browser)
// sends Method to URL with the headers in SignedHeader.
type PresignedHTTPRequest struct {
	// URL is the presigned URL. Its query carries the signature
	// (X-Amz-Algorithm, X-Amz-Credential, X-Amz-Date, X-Amz-Expires,
	// X-Amz-SignedHeaders, X-Amz-Signature and, for temporary credentials,
	// X-Amz-Security-Token) next to the request's own parameters.
	URL string

	// Method is the HTTP method the URL must be used with, such as "GET"
	// or "PUT".
	Method string

	// SignedHeader holds the headers that were signed. The request must
	// send each of them with exactly these values, or the service rejects
	// the signature. Host is among them; HTTP clients set it from the URL.
	SignedHeader http.Header
}

// PresignInput is the input of [Signer.PresignHTTP].
type PresignInput struct {
	// Request describes the request to presign. It is not modified.
	// Required.
	Request *http.Request

	// PayloadHash is the last line of the canonical request. If empty,
	// [UnsignedPayload] is used, which is what S3 expects for presigned
	// URLs.
	PayloadHash string

	// Credentials sign the URL. AccessKeyID and SecretAccessKey are
	// required; a SessionToken is added as X-Amz-Security-Token.
	Credentials credentials.Credentials

	// Service is the signing name, such as "s3". Required.
	Service string

	// Region is the signing region. Required.
	Region string

	// Time is the signing time, from which Expires counts. If zero,
	// time.Now() is used.
	Time time.Time

	// Expires is how long the URL stays valid, between
	// [MinPresignExpires] and [MaxPresignExpires]; anything else is an
	// [*ExpiresError]. It is truncated to whole seconds.
	Expires time.Duration
}

// PresignHTTP returns a URL that performs in.Request without further
// credentials, and the headers the holder of the URL must send with it
// unchanged (they are signed; Host is among them). optFns change a copy of
// the signer's [Options] for this call only.
//
// Errors are [*InvalidInputError] or [*ExpiresError] and never contain
// credential values.
func (s *Signer) PresignHTTP(ctx context.Context, in *PresignInput, optFns ...func(*Options)) (string, http.Header, error) {
	if err := validate(in.Request, in.PayloadHash, &in.Credentials, in.Service, in.Region, false); err != nil {
		return "", nil, err
	}
	if in.Expires < MinPresignExpires || in.Expires > MaxPresignExpires {
		return "", nil, &ExpiresError{Expires: in.Expires}
	}
	opts := s.resolveOptions(optFns)
	r := in.Request
	payloadHash := in.PayloadHash
	if payloadHash == "" {
		payloadHash = UnsignedPayload
	}
	t := in.Time
	if t.IsZero() {
		t = time.Now()
	}
	var dateBuf [amzDateLayoutLen]byte
	formatAmzDate(&dateBuf, t)
	amzDate := string(dateBuf[:])

	b := getBuf()
	defer putBuf(b)

	// Headers: hoisted ones become query parameters; the X-Amz-* values
	// the presigner owns are query parameters and never headers.
	hoist := func(name string) bool {
		if isPresignQueryHeader(name) {
			return true
		}
		return !opts.DisableHeaderHoisting && hoistable(name)
	}
	b.hdrs = collectHeaders(b.hdrs[:0], r, hoist)

	// Query: the request's own parameters, hoisted headers, then the
	// presign parameters. Values are encoded here into b.out, which is
	// reused below once the canonical query has been written.
	if r.URL.RawQuery != "" {
		b.query = parseQuery(b.query[:0], r.URL.RawQuery)
	} else {
		b.query = b.query[:0]
	}
	if !opts.DisableHeaderHoisting {
		for k, v := range r.Header {
			if ignoredHeader(k) || isPresignQueryHeader(k) || !hoistable(k) {
				continue
			}
			b.query = append(b.query, queryPair{encodeComponent(k), encodeComponent(strings.Join(v, ","))})
		}
	}
	sh := make([]byte, 0, 64)
	sortHeaders(b.hdrs)
	for i, h := range b.hdrs {
		if i > 0 && compareFold(b.hdrs[i-1].name, h.name) == 0 {
			continue
		}
		if len(sh) > 0 {
			sh = append(sh, ';')
		}
		sh = appendLowerName(sh, h.name)
	}
	cred := make([]byte, 0, 96)
	cred = append(cred, in.Credentials.AccessKeyID...)
	cred = append(cred, '/')
	cred = appendScope(cred, amzDate, in.Region, in.Service)
	b.query = append(b.query,
		queryPair{"X-Amz-Algorithm", algorithm},
		queryPair{"X-Amz-Credential", encodeComponent(string(cred))},
		queryPair{"X-Amz-Date", amzDate},
		queryPair{"X-Amz-Expires", strconv.FormatInt(int64(in.Expires/time.Second), 10)},
		queryPair{"X-Amz-SignedHeaders", encodeComponent(string(sh))},
	)
	if tok := in.Credentials.SessionToken; tok != "" {
		b.query = append(b.query, queryPair{"X-Amz-Security-Token", encodeComponent(tok)})
	}
	sortQuery(b.query)

	c := b.canon[:0]
	if r.Method == "" {
		c = append(c, http.MethodGet...)
	} else {
		c = append(c, r.Method...)
	}
	c = append(c, '\n')
	c = appendCanonicalPath(c, wirePath(r.URL), opts.DisableURIPathEscaping, &b.path)
	c = append(c, '\n')
	qStart := len(c)
	c = appendQuery(c, b.query)
	qEnd := len(c)
	c = append(c, '\n')
	c, _, _ = appendCanonicalHeaders(c, b.hdrs)
	c = append(c, '\n')
	c = append(c, payloadHash...)
	b.canon = c

	key := s.keys.get(in.Credentials.AccessKeyID, in.Credentials.SecretAccessKey, amzDate[:8], in.Region, in.Service)
	sig := signCanonical(b, &key, amzDate, in.Region, in.Service)
	s.observe(opts, b)

	u := b.out[:0]
	scheme := r.URL.Scheme
	if scheme == "" {
		scheme = "https"
	}
	u = append(u, scheme...)
	u = append(u, "://"...)
	u = append(u, r.URL.Host...)
	p := wirePath(r.URL)
	if p == "" {
		p = "/"
	}
	u = append(u, p...)
	u = append(u, '?')
	u = append(u, c[qStart:qEnd]...)
	u = append(u, "&X-Amz-Signature="...)
	u = append(u, sig[:]...)
	b.out = u

	signed := make(http.Header, len(b.hdrs))
	for _, h := range b.hdrs {
		name := http.CanonicalHeaderKey(h.name)
		if h.values == nil {
			signed[name] = append(signed[name], h.value)
		} else {
			signed[name] = append(signed[name], h.values...)
		}
	}
	return string(u), signed, nil
}

// isPresignQueryHeader reports whether name is one of the parameters the
// presigner itself puts in the query; a header of that name is dropped.
func isPresignQueryHeader(name string) bool {
	return strings.EqualFold(name, "X-Amz-Date") || strings.EqualFold(name, "X-Amz-Security-Token") ||
		strings.EqualFold(name, "X-Amz-Algorithm") || strings.EqualFold(name, "X-Amz-Credential") ||
		strings.EqualFold(name, "X-Amz-Expires") || strings.EqualFold(name, "X-Amz-SignedHeaders") ||
		strings.EqualFold(name, "X-Amz-Signature")
}

// hoistable reports whether a header may travel in the query of a
// presigned URL: X-Amz-* headers except the payload hash and the SSE-C
// customer key headers, which S3 accepts only as headers.
func hoistable(name string) bool {
	if len(name) < 6 || !strings.EqualFold(name[:6], "x-amz-") {
		return false
	}
	if strings.EqualFold(name, "X-Amz-Content-Sha256") {
		return false
	}
	const ssec = "x-amz-server-side-encryption-customer-"
	return !(len(name) >= len(ssec) && strings.EqualFold(name[:len(ssec)], ssec))
}

// encodeComponent URI-encodes s for a query string (RFC 3986, '/'
// encoded too).
func encodeComponent(s string) string {
	for i := 0; i < len(s); i++ {
		if !isUnreserved(s[i]) {
			return string(appendEncoded(make([]byte, 0, len(s)+16), s, false))
		}
	}
	return s
}
