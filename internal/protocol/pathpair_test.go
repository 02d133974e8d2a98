package protocol

import "testing"

func TestPathPair(t *testing.T) {
	for _, tt := range []struct{ path, raw string }{
		{"/b/k", "/b/k"},
		{"/b/a b", "/b/a%20b"},
		{"", ""},
		{"/", "/x"},
	} {
		p, r := pathPair([]byte(tt.path), []byte(tt.raw))
		if p != tt.path || r != tt.raw {
			t.Errorf("pathPair(%q, %q) = %q, %q", tt.path, tt.raw, p, r)
		}
	}
	if n := testing.AllocsPerRun(100, func() { pathPair([]byte("/bucket/a b"), []byte("/bucket/a%20b")) }); n > 1 {
		t.Errorf("pathPair: %v allocations, want 1", n)
	}
}
