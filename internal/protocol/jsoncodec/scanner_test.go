package jsoncodec

import (
	"strings"
	"testing"
)

// TestPlain checks the word-at-a-time scan for the end of a plain string
// run against a byte loop, with the stop byte at every offset of the
// first two words and after bytes that trip naive word tests (0x80 and
// up, 0x20, and bytes next to '"' and '\\').
func TestPlain(t *testing.T) {
	fillers := []string{"a", "\xff", "\x80", " ", "!", "#", "[", "]", "é"}
	stops := []string{`"`, `\`, "\x00", "\x1f", "\n", ""}
	for _, fill := range fillers {
		for _, stop := range stops {
			for n := 0; n < 20; n++ {
				data := []byte(strings.Repeat(fill, n) + stop + `x"`)
				for start := 0; start <= min(3, len(data)); start++ {
					want := start
					for want < len(data) && data[want] != '"' && data[want] != '\\' && data[want] >= 0x20 {
						want++
					}
					if got := plain(data, start); got != want {
						t.Errorf("plain(%q, %d) = %d; want %d", data, start, got, want)
					}
				}
			}
		}
	}
}
