package attrvalue

import (
	"math"
	"strconv"
)

// appendFloat64 appends f as strconv.AppendFloat(b, f, 'f', -1, 64) does,
// which is how v2 writes a float64. Most stored numbers are prices,
// quantities and measures with a few decimals; those take appendDecimal,
// several times cheaper than the shortest-digits search.
func appendFloat64(b []byte, f float64) []byte {
	if out, ok := appendDecimal(b, f); ok {
		return out
	}
	return strconv.AppendFloat(b, f, 'f', -1, 64)
}

// appendDecimal writes f when it is the float64 nearest to n/10^4 for an
// integer n, with |f| < 2^32, and reports whether it did.
//
// Why the text is the one strconv prints: the reals that round to f form
// an interval no wider than f's unit in the last place, at most 2^-20
// here, so it holds at most one decimal with four places, and n/10^4 is
// it; a decimal with fewer places in the interval would be that one too,
// so dropping n's trailing zeros gives the fewest places. Any other
// decimal in the interval differs from n/10^4 below the sixth place and
// has more significant digits, so the shortest-digits search picks n/10^4.
// f·10^4 is within 0.02 of n (the product's rounding error and f's
// distance from n/10^4, both scaled), so rounding it finds n.
func appendDecimal(b []byte, f float64) ([]byte, bool) {
	if !(f > -(1<<32) && f < 1<<32) || f == 0 && math.Signbit(f) {
		return b, false // large, NaN or negative zero
	}
	n := math.RoundToEven(f * 1e4)
	if n/1e4 != f {
		return b, false
	}
	neg := n < 0
	u, k := uint64(math.Abs(n)), 4
	for k > 0 && u%10 == 0 {
		u /= 10
		k--
	}
	// Digits right to left, the point after k of them, then at least one
	// integer digit ("0.05").
	var buf [24]byte
	i := len(buf)
	for j := 0; u > 0 || j <= k; j++ {
		if j == k && k > 0 {
			i--
			buf[i] = '.'
		}
		i--
		buf[i] = byte('0' + u%10)
		u /= 10
	}
	if neg {
		i--
		buf[i] = '-'
	}
	return append(b, buf[i:]...), true
}

// exactPow10 are the powers of ten a float64 holds exactly.
var exactPow10 = [...]float64{1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11,
	1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22}

// parseFloat64 is strconv.ParseFloat(s, 64). Plain decimals of at most 15
// digits ("-12.5", "99") are read directly: their digits make an integer
// n below 2^53 and the point a power of ten p, both exact in a float64, so
// n/p, one correctly rounded division, is the nearest float64 to the
// decimal, which is what ParseFloat returns (and how its own exact path
// computes it).
func parseFloat64(s string) (float64, error) {
	if f, ok := parseDecimal(s); ok {
		return f, nil
	}
	return strconv.ParseFloat(s, 64)
}

func parseDecimal(s string) (float64, bool) {
	i, neg := 0, false
	if len(s) > 0 && s[0] == '-' {
		i, neg = 1, true
	}
	var n uint64
	digits, frac, point := 0, 0, false
	for ; i < len(s); i++ {
		c := s[i]
		switch {
		case c >= '0' && c <= '9':
			n = n*10 + uint64(c-'0')
			digits++
			if point {
				frac++
			}
		case c == '.' && !point && digits > 0:
			point = true
		default:
			return 0, false
		}
	}
	if digits == 0 || digits > 15 || point && frac == 0 {
		return 0, false
	}
	f := float64(n) / exactPow10[frac]
	if neg {
		f = -f
	}
	return f, true
}

// parseInt64 is strconv.ParseInt(s, 10, 64). Numbers of at most 18 digits
// with an optional minus sign, which every int64 of that many digits
// holds, are read directly; anything else (a plus sign, 19 digits, bad
// text) goes to strconv, which also builds the error.
func parseInt64(s string) (int64, error) {
	digits, neg := s, false
	if len(s) > 1 && s[0] == '-' {
		digits, neg = s[1:], true
	}
	if n, ok := parseDigits(digits, 18); ok {
		if neg {
			return -int64(n), nil
		}
		return int64(n), nil
	}
	return strconv.ParseInt(s, 10, 64)
}

// parseUint64 is strconv.ParseUint(s, 10, 64), reading numbers of at
// most 19 digits directly.
func parseUint64(s string) (uint64, error) {
	if n, ok := parseDigits(s, 19); ok {
		return n, nil
	}
	return strconv.ParseUint(s, 10, 64)
}

// parseDigits reads s as a decimal of 1 to maxDigits ASCII digits and reports
// whether it could.
func parseDigits(s string, maxDigits int) (uint64, bool) {
	if len(s) == 0 || len(s) > maxDigits {
		return 0, false
	}
	var n uint64
	for i := 0; i < len(s); i++ {
		c := s[i] - '0'
		if c > 9 {
			return 0, false
		}
		n = n*10 + uint64(c)
	}
	return n, true
}
