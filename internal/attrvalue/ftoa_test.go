package attrvalue

import (
	"math"
	"math/rand/v2"
	"strconv"
	"testing"
)

// tenth and fifth are variables so that their sum is computed in float64
// (0.30000000000000004), not exactly as constants.
var tenth, fifth = 0.1, 0.2

// TestAppendFloat64MatchesStrconv checks the decimal fast path against
// strconv for decimals of every width it takes, for the values around
// them, and for random bit patterns.
func TestAppendFloat64MatchesStrconv(t *testing.T) {
	check := func(f float64) {
		t.Helper()
		got := string(appendFloat64(nil, f))
		if want := strconv.FormatFloat(f, 'f', -1, 64); got != want {
			t.Fatalf("appendFloat64(%b) = %q, strconv says %q", f, got, want)
		}
	}
	special := []float64{0, math.Copysign(0, -1), 1, -1, 0.5, 0.05, -0.05, 0.0001, -0.0001, 0.00015, 1e-5,
		tenth + fifth, 1.0 / 3, 2.99, 4.75, 99, 1 << 32, 1<<32 - 0.5, -(1 << 32), 1<<32 - 1, 4294967295.9999,
		math.Inf(1), math.Inf(-1), math.NaN(), math.MaxFloat64, math.SmallestNonzeroFloat64, 123456789.0123}
	for _, f := range special {
		check(f)
		check(math.Nextafter(f, math.Inf(1)))
		check(math.Nextafter(f, math.Inf(-1)))
	}
	r := rand.New(rand.NewPCG(1, 2))
	for range 200000 {
		k := r.IntN(6)
		n := r.Int64N(1<<40) - 1<<39
		f := float64(n) / math.Pow(10, float64(k))
		check(f)
		check(math.Nextafter(f, math.Inf(1)))
		check(math.Float64frombits(r.Uint64()))
	}
}

// TestAppendDecimalTakesCommonValues checks that the fast path is taken
// for the values it is for (so the test above exercises it).
func TestAppendDecimalTakesCommonValues(t *testing.T) {
	for _, f := range []float64{0, 7, -3, 2.99, 4.75, 10.5, 0.05, -0.0001, 4294967295.9999} {
		if _, ok := appendDecimal(nil, f); !ok {
			t.Errorf("appendDecimal(%v) declined", f)
		}
	}
	for _, f := range []float64{tenth + fifth, 1.0 / 3, 1 << 32, math.Copysign(0, -1), math.NaN()} {
		if _, ok := appendDecimal(nil, f); ok {
			t.Errorf("appendDecimal(%v) accepted", f)
		}
	}
}

func BenchmarkAppendFloat64(b *testing.B) {
	fs := []float64{2.99, 4.75, 10.5, 3.25, 99}
	buf := make([]byte, 0, 64)
	b.Run("nimbus", func(b *testing.B) {
		for b.Loop() {
			for _, f := range fs {
				buf = appendFloat64(buf[:0], f)
			}
		}
	})
	b.Run("strconv", func(b *testing.B) {
		for b.Loop() {
			for _, f := range fs {
				buf = strconv.AppendFloat(buf[:0], f, 'f', -1, 64)
			}
		}
	})
}

// TestParseFloat64MatchesStrconv checks the decimal fast path against
// strconv.ParseFloat on decimals it takes and on texts it must decline.
func TestParseFloat64MatchesStrconv(t *testing.T) {
	check := func(s string) {
		t.Helper()
		got, gerr := parseFloat64(s)
		want, werr := strconv.ParseFloat(s, 64)
		if (gerr == nil) != (werr == nil) || math.Float64bits(got) != math.Float64bits(want) {
			t.Fatalf("parseFloat64(%q) = %v, %v; strconv says %v, %v", s, got, gerr, want, werr)
		}
	}
	for _, s := range []string{"0", "-0", "0.0", "-0.000", "1", "-1", "2.99", "99", "0.1", "0.3", "123456789012345",
		"1234567890123456", "9007199254740993", "0.000000000000001", "1.5e3", "+1", ".5", "1.", "", "-", "1..2",
		"1_000", "0x10", "Inf", "NaN", "1e400", " 1", "1 ", "00012.50", "-.5"} {
		check(s)
	}
	r := rand.New(rand.NewPCG(3, 4))
	for range 200000 {
		s := strconv.FormatInt(r.Int64N(1e15)-5e14, 10)
		if k := r.IntN(len(s) + 1); k > 0 && k < len(s) && s[k-1] != '-' {
			s = s[:k] + "." + s[k:]
		}
		check(s)
	}
}

// TestParseIntMatchesStrconv checks the integer fast paths against
// strconv on the texts they take and on those they must hand over.
func TestParseIntMatchesStrconv(t *testing.T) {
	check := func(s string) {
		t.Helper()
		gi, gerr := parseInt64(s)
		wi, werr := strconv.ParseInt(s, 10, 64)
		if gi != wi || (gerr == nil) != (werr == nil) || gerr != nil && gerr.Error() != werr.Error() {
			t.Fatalf("parseInt64(%q) = %v, %v; strconv says %v, %v", s, gi, gerr, wi, werr)
		}
		gu, gerr := parseUint64(s)
		wu, werr := strconv.ParseUint(s, 10, 64)
		if gu != wu || (gerr == nil) != (werr == nil) || gerr != nil && gerr.Error() != werr.Error() {
			t.Fatalf("parseUint64(%q) = %v, %v; strconv says %v, %v", s, gu, gerr, wu, werr)
		}
	}
	for _, s := range []string{"0", "-0", "00", "007", "-007", "1", "-1", "+1", "", "-", "--1", "1-", " 1", "1 ",
		"1.0", "1e3", "0x10", "1_000", "999999999999999999", "-999999999999999999",
		"9223372036854775807", "9223372036854775808", "-9223372036854775808", "-9223372036854775809",
		"18446744073709551615", "18446744073709551616", "9999999999999999999", "99999999999999999999",
		"0000000000000000000001", "-0000000000000000000001", "１"} {
		check(s)
	}
	r := rand.New(rand.NewPCG(5, 6))
	const alphabet = "0123456789-+ ._x"
	for range 200000 {
		var s string
		switch r.IntN(3) {
		case 0: // a valid integer of any size
			s = strconv.FormatInt(r.Int64()>>r.IntN(64), 10)
			if r.IntN(2) == 0 {
				s = "-" + s
			}
		case 1: // a valid unsigned integer of any size
			s = strconv.FormatUint(r.Uint64()>>r.IntN(64), 10)
		default: // junk from a small alphabet
			b := make([]byte, r.IntN(22))
			for i := range b {
				b[i] = alphabet[r.IntN(len(alphabet))]
			}
			s = string(b)
		}
		check(s)
	}
}
