package rules

import (
	"net/netip"
	"strings"
)

// This file holds the Smithy rules-engine standard library functions that
// need more than a line: substring, uriEncode, parseURL, isValidHostLabel
// and split.

// substring returns input[start:stop], or the same range counted from the
// end of input when reverse is true. It fails (ok == false) when the range
// is empty or does not fit, or when input is not all ASCII.
func substring(input string, start, stop int, reverse bool) (s string, ok bool) {
	if start < 0 || start >= stop || len(input) < stop {
		return "", false
	}
	for i := 0; i < len(input); i++ {
		if input[i] > 0x7f {
			return "", false
		}
	}
	if reverse {
		start, stop = len(input)-stop, len(input)-start
	}
	return input[start:stop], true
}

// uriEncode percent-encodes every byte except the RFC 3986 unreserved
// characters (ALPHA / DIGIT / "-" / "." / "_" / "~"), with upper-case hex.
func uriEncode(s string) string {
	n := 0
	for i := 0; i < len(s); i++ {
		if !unreserved(s[i]) {
			n++
		}
	}
	if n == 0 {
		return s
	}
	const hex = "0123456789ABCDEF"
	b := make([]byte, 0, len(s)+2*n)
	for i := 0; i < len(s); i++ {
		c := s[i]
		if unreserved(c) {
			b = append(b, c)
			continue
		}
		b = append(b, '%', hex[c>>4], hex[c&0xf])
	}
	return string(b)
}

func unreserved(c byte) bool {
	return 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9' ||
		c == '-' || c == '.' || c == '_' || c == '~'
}

// urlValue is the record returned by parseURL.
type urlValue struct {
	scheme         string // "http" or "https"
	authority      string // host and optional port, as written
	path           string // path as written; may be empty
	normalizedPath string // path with a leading and a trailing "/"
	isIP           bool   // the host is an IPv4 or bracketed IPv6 literal
}

func (u *urlValue) attr(key string) value {
	switch key {
	case "scheme":
		return strVal(u.scheme)
	case "authority":
		return strVal(u.authority)
	case "path":
		return strVal(u.path)
	case "normalizedPath":
		return strVal(u.normalizedPath)
	case "isIp":
		return boolVal(u.isIP)
	}
	return none
}

// parseURL parses an absolute http or https URL. It returns nil for
// anything else, including URLs with a query string or a fragment, or
// without a host.
func parseURL(s string) *urlValue {
	scheme, rest, ok := strings.Cut(s, "://")
	if !ok || (scheme != "http" && scheme != "https") {
		return nil
	}
	if strings.ContainsAny(rest, "?#") {
		return nil
	}
	authority, path := rest, ""
	if i := strings.IndexByte(rest, '/'); i >= 0 {
		authority, path = rest[:i], rest[i:]
	}
	if authority == "" || strings.ContainsAny(authority, " @") {
		return nil
	}
	host, isIP, ok := splitHost(authority)
	if !ok || host == "" {
		return nil
	}
	norm := path
	if !strings.HasPrefix(norm, "/") {
		norm = "/" + norm
	}
	if !strings.HasSuffix(norm, "/") {
		norm += "/"
	}
	return &urlValue{scheme: scheme, authority: authority, path: path, normalizedPath: norm, isIP: isIP}
}

// splitHost separates an authority into host and port, validates the port
// and reports whether the host is an IP literal.
func splitHost(authority string) (host string, isIP, ok bool) {
	port := ""
	if strings.HasPrefix(authority, "[") {
		end := strings.IndexByte(authority, ']')
		if end < 0 {
			return "", false, false
		}
		host, port = authority[1:end], authority[end+1:]
		if port != "" && port[0] != ':' {
			return "", false, false
		}
		addr, err := netip.ParseAddr(host)
		if err != nil || !addr.Is6() {
			return "", false, false
		}
		isIP = true
	} else {
		host = authority
		if i := strings.LastIndexByte(authority, ':'); i >= 0 {
			host, port = authority[:i], authority[i:]
		}
		if addr, err := netip.ParseAddr(host); err == nil && addr.Is4() {
			isIP = true
		}
	}
	if port != "" {
		port = port[1:]
		if port == "" || len(port) > 5 {
			return "", false, false
		}
		for i := 0; i < len(port); i++ {
			if port[i] < '0' || port[i] > '9' {
				return "", false, false
			}
		}
	}
	return host, isIP, true
}

// isValidHostLabel reports whether s is an RFC 1123 host label: 1 to 63
// letters, digits and hyphens, not starting with a hyphen. With
// allowSubDomains, s may be several such labels joined by dots.
func isValidHostLabel(s string, allowSubDomains bool) bool {
	if !allowSubDomains {
		return validLabel(s)
	}
	for {
		label, rest, more := strings.Cut(s, ".")
		if !validLabel(label) {
			return false
		}
		if !more {
			return true
		}
		s = rest
	}
}

// ValidHostLabel reports whether s is a DNS host label: 1 to 63 letters,
// digits and hyphens, not starting with a hyphen (the rules'
// isValidHostLabel without subdomains). Input validation uses it for
// smithy.api#hostLabel members.
func ValidHostLabel(s string) bool { return validLabel(s) }

func validLabel(s string) bool {
	if len(s) == 0 || len(s) > 63 || s[0] == '-' {
		return false
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		if !('a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9' || c == '-') {
			return false
		}
	}
	return true
}

// split splits s around delim into at most limit parts (no limit when
// limit is 0).
func split(s, delim string, limit int) []string {
	if limit <= 0 {
		limit = -1
	}
	return strings.SplitN(s, delim, limit)
}
