package canonical

import (
	"strings"
	"testing"
)

// checkEncoded fails unless s holds only unreserved bytes, '/' (if
// allowSlash) and %XX escapes with upper-case hex of reserved bytes.
func checkEncoded(t *testing.T, what, s string, allowSlash bool) {
	t.Helper()
	for i := 0; i < len(s); i++ {
		c := s[i]
		if isUnreserved(c) || allowSlash && c == '/' {
			continue
		}
		if c != '%' || i+2 >= len(s) || strings.IndexByte(upperhex, s[i+1]) < 0 || strings.IndexByte(upperhex, s[i+2]) < 0 {
			t.Fatalf("%s %q has a bad byte at %d", what, s, i)
		}
		hi, _ := unhex(s[i+1])
		lo, _ := unhex(s[i+2])
		if isUnreserved(hi<<4 | lo) {
			t.Fatalf("%s %q encodes unreserved byte %q", what, s, hi<<4|lo)
		}
		i += 2
	}
}

// FuzzCanonicalPath checks the invariants of both path rules: output is
// strictly encoded, starts with '/', S3's single encoding is idempotent,
// and normalization leaves no empty, "." or ".." segments.
func FuzzCanonicalPath(f *testing.F) {
	f.Add("/")
	f.Add("//example//")
	f.Fuzz(func(t *testing.T, p string) {
		var scratch []byte
		s3 := string(appendCanonicalPath(nil, p, true, &scratch))
		checkEncoded(t, "S3 path", s3, true)
		if s3[0] != '/' {
			t.Fatalf("S3 canonical path %q of %q does not start with /", s3, p)
		}
		if again := string(appendCanonicalPath(nil, s3, true, &scratch)); again != s3 {
			t.Fatalf("S3 canonicalization not idempotent: %q -> %q -> %q", p, s3, again)
		}

		norm := string(normalizePath(nil, p))
		if norm[0] != '/' || strings.Contains(norm, "//") {
			t.Fatalf("normalizePath(%q) = %q", p, norm)
		}
		for _, seg := range strings.Split(norm[1:], "/") {
			if seg == "." || seg == ".." {
				t.Fatalf("normalizePath(%q) = %q keeps a dot segment", p, norm)
			}
		}
		if again := string(normalizePath(nil, norm)); again != norm {
			t.Fatalf("normalizePath not idempotent: %q -> %q -> %q", p, norm, again)
		}
		def := string(appendCanonicalPath(nil, p, false, &scratch))
		checkEncoded(t, "double-encoded path", def, true)
	})
}

// FuzzCanonicalQuery checks that the canonical query is strictly encoded,
// sorted, and a fixed point of canonicalization.
func FuzzCanonicalQuery(f *testing.F) {
	f.Add("b=2&a=1")
	f.Fuzz(func(t *testing.T, raw string) {
		q := parseQuery(nil, raw)
		sortQuery(q)
		for i, p := range q {
			checkEncoded(t, "query key", p.key, false)
			checkEncoded(t, "query value", p.value, false)
			if i > 0 && (q[i-1].key > p.key || q[i-1].key == p.key && q[i-1].value > p.value) {
				t.Fatalf("query %q not sorted at %d: %v", raw, i, q)
			}
		}
		canon := string(appendQuery(nil, q))
		q2 := parseQuery(nil, canon)
		sortQuery(q2)
		if again := string(appendQuery(nil, q2)); again != canon {
			t.Fatalf("query canonicalization not idempotent: %q -> %q -> %q", raw, canon, again)
		}
	})
}
