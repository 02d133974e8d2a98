package jsoncodec

import (
	"bytes"
	"encoding/json"
	"math/rand/v2"
	"testing"
)

// TestAppendStringMatchesEncodingJSON checks the string writer
// against encoding/json (without HTML escaping) on strings of random
// bytes, which include control characters, quotes, invalid UTF-8 and the
// line and paragraph separators.
func TestAppendStringMatchesEncodingJSON(t *testing.T) {
	alphabet := []string{"a", "\"", "\\", "\n", "\r", "\t", "\b", "\f", "\x00", "\x1f", "\x7f", "<", "&", "é", "\u2028", "\u2029", "😀", "\xff", "\xe2\x80", "\xed\xa0\x80"}
	r := rand.New(rand.NewPCG(5, 6))
	check := func(s string) {
		t.Helper()
		var want bytes.Buffer
		enc := json.NewEncoder(&want)
		enc.SetEscapeHTML(false)
		if err := enc.Encode(s); err != nil {
			t.Fatal(err)
		}
		if got := string(AppendString(nil, s)); got+"\n" != want.String() {
			t.Fatalf("AppendString(%q) = %s, encoding/json says %s", s, got, want.String())
		}
	}
	check("")
	for range 20000 {
		var s string
		for range r.IntN(12) {
			s += alphabet[r.IntN(len(alphabet))]
		}
		check(s)
	}
}
