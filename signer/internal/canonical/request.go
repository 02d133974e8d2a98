package canonical

import (
	"crypto/sha256"
	"encoding/hex"
	"net/http"
	"strconv"
	"strings"
	"sync"
)

// Buf holds the scratch buffers of one signature. Get one with [GetBuf]
// and give it back with [PutBuf]; nothing taken from it may be used after
// that.
type Buf struct {
	// Canon is the canonical request, written by HeaderRequest or
	// PresignRequest.
	Canon []byte
	// STS is the string to sign after the prefix room StringToSign was
	// asked for.
	STS []byte
	// Out is free for the signer's result: the Authorization value or the
	// presigned URL.
	Out []byte

	path  []byte      // scratch for path normalization
	hdrs  []header    // headers to sign
	query []queryPair // query parameters
}

var bufPool = sync.Pool{New: func() any {
	return &Buf{
		Canon: make([]byte, 0, 1024),
		STS:   make([]byte, 0, 256),
		Out:   make([]byte, 0, 512),
		hdrs:  make([]header, 0, 16),
		query: make([]queryPair, 0, 8),
	}
}}

// GetBuf returns an empty Buf from the pool.
func GetBuf() *Buf { return bufPool.Get().(*Buf) }

// PutBuf returns b to the pool, unless a large request grew it: the
// buffers of an outsized request are not kept alive.
func PutBuf(b *Buf) {
	if cap(b.Canon) > 64<<10 || cap(b.Out) > 64<<10 || cap(b.hdrs) > 256 || cap(b.query) > 256 {
		return
	}
	b.Canon, b.STS, b.Out, b.path = b.Canon[:0], b.STS[:0], b.Out[:0], b.path[:0]
	clear(b.hdrs)
	clear(b.query)
	b.hdrs, b.query = b.hdrs[:0], b.query[:0]
	bufPool.Put(b)
}

func appendMethod(dst []byte, method string) []byte {
	if method == "" {
		return append(dst, http.MethodGet...)
	}
	return append(dst, method...)
}

// HeaderRequest writes into b.Canon the canonical request of r for a
// signature sent in the Authorization header, ending with payloadHash,
// and returns the signed-headers list (a slice of b.Canon). Every header
// of r that is not ignored is signed, so the caller sets X-Amz-Date and
// the other headers it adds before calling. escapeOnce selects S3's path
// rule.
func (b *Buf) HeaderRequest(r *http.Request, payloadHash string, escapeOnce bool) []byte {
	c := appendMethod(b.Canon[:0], r.Method)
	c = append(c, '\n')
	c = appendCanonicalPath(c, wirePath(r.URL), escapeOnce, &b.path)
	c = append(c, '\n')
	if raw := r.URL.RawQuery; raw != "" {
		b.query = parseQuery(b.query[:0], raw)
		sortQuery(b.query)
		c = appendQuery(c, b.query)
	}
	c = append(c, '\n')
	b.hdrs = collectHeaders(b.hdrs[:0], r, nil)
	c, shStart, shEnd := appendCanonicalHeaders(c, b.hdrs)
	c = append(c, '\n')
	c = append(c, payloadHash...)
	b.Canon = c
	return c[shStart:shEnd]
}

// Presign describes a signature carried in the query string.
type Presign struct {
	Algorithm   string // X-Amz-Algorithm
	AccessKeyID string
	AmzDate     string // 20060102T150405Z
	Region      string // scope region; empty for SigV4a, whose scope has none
	Service     string
	// RegionSet, if not empty, is sent as X-Amz-Region-Set (SigV4a); a
	// header of that name is then dropped.
	RegionSet    string
	Expires      int64 // X-Amz-Expires, in seconds
	SessionToken string
	PayloadHash  string // last line of the canonical request

	EscapeOnce            bool // S3's path rule
	DisableHeaderHoisting bool // keep X-Amz-* headers as signed headers
}

// owns reports whether name is a parameter the presigner itself puts in
// the query; a header of that name is dropped.
func (p *Presign) owns(name string) bool {
	return strings.EqualFold(name, "X-Amz-Date") || strings.EqualFold(name, "X-Amz-Security-Token") ||
		strings.EqualFold(name, "X-Amz-Algorithm") || strings.EqualFold(name, "X-Amz-Credential") ||
		strings.EqualFold(name, "X-Amz-Expires") || strings.EqualFold(name, "X-Amz-SignedHeaders") ||
		strings.EqualFold(name, "X-Amz-Signature") ||
		p.RegionSet != "" && strings.EqualFold(name, "X-Amz-Region-Set")
}

// PresignRequest writes into b.Canon the canonical request of the
// presigned form of r and returns its canonical query string (a slice of
// b.Canon): the request's own parameters, the hoisted X-Amz-* headers
// (unless p.DisableHeaderHoisting) and the X-Amz-* signing parameters,
// sorted and encoded, which is the presigned URL's query without
// X-Amz-Signature. r is not modified.
func (b *Buf) PresignRequest(r *http.Request, p *Presign) []byte {
	hoist := func(name string) bool {
		return p.owns(name) || !p.DisableHeaderHoisting && hoistable(name)
	}
	b.hdrs = collectHeaders(b.hdrs[:0], r, hoist)

	// The request's own parameters, hoisted headers, then the presign
	// parameters.
	if r.URL.RawQuery != "" {
		b.query = parseQuery(b.query[:0], r.URL.RawQuery)
	} else {
		b.query = b.query[:0]
	}
	if !p.DisableHeaderHoisting {
		for k, v := range r.Header {
			if ignoredHeader(k) || p.owns(k) || !hoistable(k) {
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
	cred = append(cred, p.AccessKeyID...)
	cred = append(cred, '/')
	cred = AppendScope(cred, p.AmzDate, p.Region, p.Service)
	b.query = append(b.query,
		queryPair{"X-Amz-Algorithm", p.Algorithm},
		queryPair{"X-Amz-Credential", encodeComponent(string(cred))},
		queryPair{"X-Amz-Date", p.AmzDate},
		queryPair{"X-Amz-Expires", strconv.FormatInt(p.Expires, 10)},
		queryPair{"X-Amz-SignedHeaders", encodeComponent(string(sh))},
	)
	if p.RegionSet != "" {
		b.query = append(b.query, queryPair{"X-Amz-Region-Set", encodeComponent(p.RegionSet)})
	}
	if p.SessionToken != "" {
		b.query = append(b.query, queryPair{"X-Amz-Security-Token", encodeComponent(p.SessionToken)})
	}
	sortQuery(b.query)

	c := appendMethod(b.Canon[:0], r.Method)
	c = append(c, '\n')
	c = appendCanonicalPath(c, wirePath(r.URL), p.EscapeOnce, &b.path)
	c = append(c, '\n')
	qStart := len(c)
	c = appendQuery(c, b.query)
	qEnd := len(c)
	c = append(c, '\n')
	c, _, _ = appendCanonicalHeaders(c, b.hdrs)
	c = append(c, '\n')
	c = append(c, p.PayloadHash...)
	b.Canon = c
	return c[qStart:qEnd]
}

// PresignedURL returns the URL of r (https if it names no scheme) with
// query, as returned by PresignRequest, and the signature as its query.
// It uses b.Out.
func (b *Buf) PresignedURL(r *http.Request, query, signature []byte) string {
	u := b.Out[:0]
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
	u = append(u, query...)
	u = append(u, "&X-Amz-Signature="...)
	u = append(u, signature...)
	b.Out = u
	return string(u)
}

// SignedHeader returns the headers the last PresignRequest signed, with
// canonical names and their values as in the request: the holder of a
// presigned URL must send them unchanged.
func (b *Buf) SignedHeader() http.Header {
	signed := make(http.Header, len(b.hdrs))
	for _, h := range b.hdrs {
		name := http.CanonicalHeaderKey(h.name)
		if h.values == nil {
			signed[name] = append(signed[name], h.value)
		} else {
			signed[name] = append(signed[name], h.values...)
		}
	}
	return signed
}

// StringToSign writes into b.STS prefix zero bytes (room for an HMAC pad,
// or 0), then the string to sign of b.Canon: the algorithm, amzDate, the
// credential scope and the hex SHA-256 of the canonical request, one per
// line. It returns b.STS.
func (b *Buf) StringToSign(prefix int, algorithm, amzDate, region, service string) []byte {
	crHash := sha256.Sum256(b.Canon)
	s := b.STS[:0]
	s = append(s, make([]byte, prefix)...)
	s = append(s, algorithm...)
	s = append(s, '\n')
	s = append(s, amzDate...)
	s = append(s, '\n')
	s = AppendScope(s, amzDate, region, service)
	s = append(s, '\n')
	s = hex.AppendEncode(s, crHash[:])
	b.STS = s
	return s
}

// AppendScope appends the credential scope date/region/service/aws4_request,
// or date/service/aws4_request when region is empty (SigV4a). amzDate is
// the 20060102T150405Z form.
func AppendScope(dst []byte, amzDate, region, service string) []byte {
	dst = append(dst, amzDate[:8]...)
	dst = append(dst, '/')
	if region != "" {
		dst = append(dst, region...)
		dst = append(dst, '/')
	}
	dst = append(dst, service...)
	dst = append(dst, "/aws4_request"...)
	return dst
}

// AppendAuthorization appends the Authorization header value
// "algorithm Credential=key/scope, SignedHeaders=list, Signature=sig".
func AppendAuthorization(dst []byte, algorithm, accessKeyID, amzDate, region, service string, signedHeaders, signature []byte) []byte {
	dst = append(dst, algorithm...)
	dst = append(dst, " Credential="...)
	dst = append(dst, accessKeyID...)
	dst = append(dst, '/')
	dst = AppendScope(dst, amzDate, region, service)
	dst = append(dst, ", SignedHeaders="...)
	dst = append(dst, signedHeaders...)
	dst = append(dst, ", Signature="...)
	dst = append(dst, signature...)
	return dst
}

// NeedsContentSHA256 reports whether X-Amz-Content-Sha256 must carry the
// payload hash: always for S3 (and S3 Object Lambda and S3 Express), and
// for every service when the hash is not a hex digest (UNSIGNED-PAYLOAD,
// STREAMING-*), since the service must be told what the body is.
func NeedsContentSHA256(service, payloadHash string) bool {
	if service == "s3" || service == "s3-object-lambda" || service == "s3express" {
		return true
	}
	return !isHexSHA256(payloadHash)
}

func isHexSHA256(s string) bool {
	if len(s) != 2*sha256.Size {
		return false
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		if !('0' <= c && c <= '9' || 'a' <= c && c <= 'f') {
			return false
		}
	}
	return true
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
