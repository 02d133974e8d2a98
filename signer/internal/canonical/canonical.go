package canonical

import (
	"net/http"
	"net/url"
	"slices"
	"strings"
)

const upperhex = "0123456789ABCDEF"

// isUnreserved reports whether c is an RFC 3986 unreserved character, the
// only bytes SigV4 leaves unencoded.
func isUnreserved(c byte) bool {
	return 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9' ||
		c == '-' || c == '.' || c == '_' || c == '~'
}

func unhex(c byte) (byte, bool) {
	switch {
	case '0' <= c && c <= '9':
		return c - '0', true
	case 'a' <= c && c <= 'f':
		return c - 'a' + 10, true
	case 'A' <= c && c <= 'F':
		return c - 'A' + 10, true
	}
	return 0, false
}

// appendEncoded appends s URI-encoded the SigV4 way: every byte except the
// unreserved ones (and '/' if keepSlash) becomes %XX with upper-case hex.
func appendEncoded(dst []byte, s string, keepSlash bool) []byte {
	for i := 0; i < len(s); i++ {
		c := s[i]
		if isUnreserved(c) || keepSlash && c == '/' {
			dst = append(dst, c)
			continue
		}
		dst = append(dst, '%', upperhex[c>>4], upperhex[c&15])
	}
	return dst
}

// appendReencoded appends s, which is already percent-encoded (loosely),
// in its strict SigV4 form: valid %XX escapes are decoded and every byte
// is encoded again with appendEncoded's rules. If plusIsSpace, '+' is
// decoded as a space as in application/x-www-form-urlencoded.
func appendReencoded(dst []byte, s string, keepSlash, plusIsSpace bool) []byte {
	for i := 0; i < len(s); i++ {
		c := s[i]
		literal := true
		switch {
		case c == '%' && i+2 < len(s):
			hi, ok1 := unhex(s[i+1])
			lo, ok2 := unhex(s[i+2])
			if ok1 && ok2 {
				c, literal = hi<<4|lo, false
				i += 2
			}
		case c == '+' && plusIsSpace:
			c, literal = ' ', false
		}
		// An encoded slash (%2F) stays encoded: it is part of a segment.
		if isUnreserved(c) || keepSlash && literal && c == '/' {
			dst = append(dst, c)
			continue
		}
		dst = append(dst, '%', upperhex[c>>4], upperhex[c&15])
	}
	return dst
}

// isStrictlyEncoded reports whether appendReencoded(s) would return s
// unchanged, letting callers use s without copying.
func isStrictlyEncoded(s string, plusIsSpace bool) bool {
	for i := 0; i < len(s); i++ {
		c := s[i]
		if isUnreserved(c) {
			continue
		}
		if c != '%' || i+2 >= len(s) {
			return false
		}
		hi, ok1 := unhex(s[i+1])
		lo, ok2 := unhex(s[i+2])
		if !ok1 || !ok2 || isUnreserved(hi<<4|lo) ||
			'a' <= s[i+1] && s[i+1] <= 'f' || 'a' <= s[i+2] && s[i+2] <= 'f' {
			return false
		}
		i += 2
	}
	_ = plusIsSpace // '+' is never unreserved, so it already failed above
	return true
}

// isStrictPath reports whether p consists only of unreserved bytes and
// slashes, so that its canonical S3 form is p itself.
func isStrictPath(p string) bool {
	for i := 0; i < len(p); i++ {
		if c := p[i]; !isUnreserved(c) && c != '/' {
			return false
		}
	}
	return true
}

// wirePath returns the path of u as it goes on the wire: Opaque when set
// (minus any "//host" prefix), otherwise the escaped path.
func wirePath(u *url.URL) string {
	if p := u.Opaque; p != "" {
		if strings.HasPrefix(p, "//") {
			if i := strings.IndexByte(p[2:], '/'); i >= 0 {
				p = p[2+i:]
			} else {
				p = "/"
			}
		}
		return p
	}
	return u.EscapedPath()
}

// appendCanonicalPath appends the canonical URI of the wire path p.
//
// S3 (escapeOnce): p is re-encoded strictly, once, and not normalized.
// Everyone else: p is normalized (RFC 3986 dot-segment removal plus
// collapsing of empty segments) and the result, which is already escaped,
// is encoded a second time.
func appendCanonicalPath(dst []byte, p string, escapeOnce bool, scratch *[]byte) []byte {
	if p == "" {
		return append(dst, '/')
	}
	if escapeOnce {
		if p[0] != '/' {
			dst = append(dst, '/')
		}
		if isStrictPath(p) {
			return append(dst, p...)
		}
		return appendReencoded(dst, p, true, false)
	}
	n := normalizePath((*scratch)[:0], p)
	*scratch = n
	return appendEncoded(dst, string(n), true) // no allocation: converted for reading only
}

// normalizePath appends to dst the path p with "." and ".." segments
// resolved and empty segments removed. The result always starts with '/'
// and ends with '/' when the last segment of p is empty, "." or "..".
func normalizePath(dst []byte, p string) []byte {
	dst = append(dst, '/')
	trailing := false
	for done := false; !done; {
		var seg string
		if i := strings.IndexByte(p, '/'); i >= 0 {
			seg, p = p[:i], p[i+1:]
		} else {
			seg, p, done = p, "", true
		}
		switch seg {
		case "", ".":
			trailing = true
		case "..":
			if len(dst) > 1 { // drop the last segment
				j := len(dst) - 2
				for j > 0 && dst[j] != '/' {
					j--
				}
				dst = dst[:j+1]
			}
			trailing = true
		default:
			dst = append(dst, seg...)
			dst = append(dst, '/')
			trailing = false
		}
	}
	if !trailing && len(dst) > 1 {
		dst = dst[:len(dst)-1]
	}
	return dst
}

// queryPair is one parameter of a query string in canonical (strictly
// encoded) form.
type queryPair struct{ key, value string }

// parseQuery appends the parameters of the raw query string to dst with
// keys and values in canonical encoding. Components that are already
// canonical are used in place; others are re-encoded into new strings.
func parseQuery(dst []queryPair, raw string) []queryPair {
	for len(raw) > 0 {
		var part string
		if i := strings.IndexByte(raw, '&'); i >= 0 {
			part, raw = raw[:i], raw[i+1:]
		} else {
			part, raw = raw, ""
		}
		if part == "" {
			continue
		}
		k, v, _ := strings.Cut(part, "=")
		dst = append(dst, queryPair{canonicalComponent(k), canonicalComponent(v)})
	}
	return dst
}

func canonicalComponent(s string) string {
	if isStrictlyEncoded(s, true) {
		return s
	}
	return string(appendReencoded(make([]byte, 0, len(s)+8), s, false, true))
}

// sortQuery sorts parameters by key, then value, comparing the encoded
// bytes as SigV4 requires.
func sortQuery(q []queryPair) {
	cmp := func(a, b queryPair) int {
		if c := strings.Compare(a.key, b.key); c != 0 {
			return c
		}
		return strings.Compare(a.value, b.value)
	}
	if len(q) <= 12 {
		for i := 1; i < len(q); i++ {
			for j := i; j > 0 && cmp(q[j-1], q[j]) > 0; j-- {
				q[j-1], q[j] = q[j], q[j-1]
			}
		}
		return
	}
	slices.SortStableFunc(q, cmp)
}

// appendQuery appends the sorted parameters as key=value pairs joined by
// '&'. Parameters without a value still get the '='.
func appendQuery(dst []byte, q []queryPair) []byte {
	for i, p := range q {
		if i > 0 {
			dst = append(dst, '&')
		}
		dst = append(dst, p.key...)
		dst = append(dst, '=')
		dst = append(dst, p.value...)
	}
	return dst
}

// header is one header to sign. name keeps the case of the http.Header
// key; it is lower-cased when written. If values is nil, value holds the
// single value.
type header struct {
	name   string
	values []string
	value  string
}

func lower(c byte) byte {
	if 'A' <= c && c <= 'Z' {
		return c + 'a' - 'A'
	}
	return c
}

// compareFold compares a and b as if both were lower-cased.
func compareFold(a, b string) int {
	n := min(len(a), len(b))
	for i := 0; i < n; i++ {
		ca, cb := lower(a[i]), lower(b[i])
		if ca != cb {
			if ca < cb {
				return -1
			}
			return 1
		}
	}
	return len(a) - len(b)
}

func sortHeaders(h []header) {
	cmp := func(a, b header) int { return compareFold(a.name, b.name) }
	if len(h) <= 16 {
		for i := 1; i < len(h); i++ {
			for j := i; j > 0 && cmp(h[j-1], h[j]) > 0; j-- {
				h[j-1], h[j] = h[j], h[j-1]
			}
		}
		return
	}
	slices.SortStableFunc(h, cmp)
}

// ignoredHeader reports whether the header must not be signed: it is
// added or changed by proxies, the transport or the SDK after signing,
// or (Host, Content-Length) it is taken from the request fields instead.
func ignoredHeader(name string) bool {
	if len(name) > 8 && strings.EqualFold(name[:8], "amz-sdk-") {
		return true
	}
	switch len(name) {
	case 4:
		return strings.EqualFold(name, "host")
	case 6:
		return strings.EqualFold(name, "expect")
	case 10:
		return strings.EqualFold(name, "user-agent") || strings.EqualFold(name, "connection")
	case 13:
		return strings.EqualFold(name, "authorization")
	case 14:
		return strings.EqualFold(name, "content-length")
	case 15:
		return strings.EqualFold(name, "x-amzn-trace-id")
	case 17:
		return strings.EqualFold(name, "transfer-encoding")
	}
	return false
}

// appendHeaderValue appends v with leading and trailing spaces removed
// and inner runs of spaces collapsed to one.
func appendHeaderValue(dst []byte, v string) []byte {
	v = trimSpace(v)
	if !hasSpaceRun(v) {
		return append(dst, v...)
	}
	space := false
	for i := 0; i < len(v); i++ {
		c := v[i]
		if c == ' ' || c == '\t' {
			space = true
			continue
		}
		if space {
			dst = append(dst, ' ')
			space = false
		}
		dst = append(dst, c)
	}
	return dst
}

func trimSpace(v string) string {
	for len(v) > 0 && (v[0] == ' ' || v[0] == '\t') {
		v = v[1:]
	}
	for len(v) > 0 && (v[len(v)-1] == ' ' || v[len(v)-1] == '\t') {
		v = v[:len(v)-1]
	}
	return v
}

// hasSpaceRun reports whether v contains a tab or two consecutive spaces.
func hasSpaceRun(v string) bool {
	for i := 0; i < len(v); i++ {
		switch v[i] {
		case '\t':
			return true
		case ' ':
			if i+1 < len(v) && (v[i+1] == ' ' || v[i+1] == '\t') {
				return true
			}
		}
	}
	return false
}

// appendLowerName appends name in lower case.
func appendLowerName(dst []byte, name string) []byte {
	n := len(dst)
	dst = append(dst, name...)
	for i := n; i < len(dst); i++ {
		if c := dst[i]; 'A' <= c && c <= 'Z' {
			dst[i] = c + 'a' - 'A'
		}
	}
	return dst
}

// appendCanonicalHeaders appends "name:value\n" per header (sorted,
// duplicates by case merged with ','), then "\n", then the signed-headers
// list. It returns the offsets of the signed-headers list in dst.
func appendCanonicalHeaders(dst []byte, h []header) ([]byte, int, int) {
	sortHeaders(h)
	for i, e := range h {
		if i > 0 && compareFold(h[i-1].name, e.name) == 0 {
			dst = dst[:len(dst)-1] // continue the previous line
			dst = append(dst, ',')
		} else {
			dst = appendLowerName(dst, e.name)
			dst = append(dst, ':')
		}
		if e.values == nil {
			dst = appendHeaderValue(dst, e.value)
		} else {
			for j, v := range e.values {
				if j > 0 {
					dst = append(dst, ',')
				}
				dst = appendHeaderValue(dst, v)
			}
		}
		dst = append(dst, '\n')
	}
	dst = append(dst, '\n')
	start := len(dst)
	for i, e := range h {
		if i > 0 && compareFold(h[i-1].name, e.name) == 0 {
			continue
		}
		if len(dst) > start {
			dst = append(dst, ';')
		}
		dst = appendLowerName(dst, e.name)
	}
	return dst, start, len(dst)
}

// requestHost returns the Host value to sign: Request.Host if set, else
// URL.Host, without the scheme's default port.
func requestHost(r *http.Request) string {
	host := r.Host
	if host == "" {
		host = r.URL.Host
	}
	if i := strings.LastIndexByte(host, ':'); i >= 0 && !strings.HasSuffix(host, "]") {
		port := host[i+1:]
		scheme := r.URL.Scheme
		if port == "80" && (scheme == "http" || scheme == "" || strings.EqualFold(scheme, "http")) ||
			port == "443" && (scheme == "https" || scheme == "" || strings.EqualFold(scheme, "https")) {
			host = host[:i]
		}
	}
	return host
}

// collectHeaders appends the request's signable headers to dst, plus Host
// and Content-Length (taken from the request fields, as net/http sends
// them; a Content-Length entry in Request.Header is ignored by net/http
// and so is not signed either). skip, if non-nil, drops further headers.
func collectHeaders(dst []header, r *http.Request, skip func(string) bool) []header {
	dst = append(dst, header{name: "host", value: requestHost(r)})
	if r.ContentLength > 0 {
		dst = append(dst, header{name: "content-length", value: formatInt(r.ContentLength)})
	}
	for k, v := range r.Header {
		if ignoredHeader(k) || skip != nil && skip(k) {
			continue
		}
		dst = append(dst, header{name: k, values: v})
	}
	return dst
}

// formatInt is strconv.FormatInt(n, 10) for n > 0; kept local so the
// signing path has one obvious allocation site per string.
func formatInt(n int64) string {
	var b [20]byte
	i := len(b)
	for n > 0 {
		i--
		b[i] = byte('0' + n%10)
		n /= 10
	}
	if i == len(b) {
		return "0"
	}
	return string(b[i:])
}
