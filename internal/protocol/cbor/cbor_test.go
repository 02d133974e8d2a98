package cbor

import (
	"encoding/hex"
	"errors"
	"math"
	"reflect"
	"runtime"
	"strings"
	"testing"
	"time"
)

func unhex(t testing.TB, s string) []byte {
	t.Helper()
	b, err := hex.DecodeString(strings.ReplaceAll(s, " ", ""))
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// TestDiagnoseRFC8949 checks the reader against the examples of RFC 8949
// Appendix A, through their diagnostic notation.
func TestDiagnoseRFC8949(t *testing.T) {
	tests := []struct{ hex, diag string }{
		{"00", "0"},
		{"17", "23"},
		{"1818", "24"},
		{"1903e8", "1000"},
		{"1a000f4240", "1000000"},
		{"1b000000e8d4a51000", "1000000000000"},
		{"1bffffffffffffffff", "18446744073709551615"},
		{"3bffffffffffffffff", "-18446744073709551616"},
		{"20", "-1"},
		{"3863", "-100"},
		{"f90000", "0.0"},
		{"f98000", "-0.0"},
		{"f93c00", "1.0"},
		{"fb3ff199999999999a", "1.1"},
		{"f93e00", "1.5"},
		{"f97bff", "65504.0"},
		{"fa47c35000", "100000.0"},
		{"f90001", "5.960464477539063e-08"},
		{"f90400", "6.103515625e-05"},
		{"f9c400", "-4.0"},
		{"f97c00", "Infinity"},
		{"f97e00", "NaN"},
		{"f9fc00", "-Infinity"},
		{"fa7f800000", "Infinity"},
		{"fb7ff8000000000000", "NaN"},
		{"f4", "false"},
		{"f5", "true"},
		{"f6", "null"},
		{"f7", "undefined"},
		{"f0", "simple(16)"},
		{"f8ff", "simple(255)"},
		{"c074323031332d30332d32315432303a30343a30305a", `0("2013-03-21T20:04:00Z")`},
		{"c11a514b67b0", "1(1363896240)"},
		{"c1fb41d452d9ec200000", "1(1363896240.5)"},
		{"4401020304", "h'01020304'"},
		{"4449455446", "'IETF'"},
		{"60", `""`},
		{"6449455446", `"IETF"`},
		{"62225c", `"\"\\"`},
		{"63e6b0b4", `"水"`},
		{"80", "[]"},
		{"83010203", "[1, 2, 3]"},
		{"8301820203820405", "[1, [2, 3], [4, 5]]"},
		{"a0", "{}"},
		{"a201020304", "{1: 2, 3: 4}"},
		{"a26161016162820203", `{"a": 1, "b": [2, 3]}`},
		{"5f42010243030405ff", "h'0102030405'"},
		{"7f657374726561646d696e67ff", `"streaming"`},
		{"9fff", "[_ ]"},
		{"9f018202039f0405ffff", "[_ 1, [2, 3], [_ 4, 5]]"},
		{"bf61610161629f0203ffff", `{_ "a": 1, "b": [_ 2, 3]}`},
	}
	for _, tt := range tests {
		t.Run(tt.hex, func(t *testing.T) {
			if got := Diagnose(unhex(t, tt.hex)); got != tt.diag {
				t.Errorf("Diagnose(%s) = %s; want %s", tt.hex, got, tt.diag)
			}
		})
	}
}

// TestAppend checks that the writers choose the shortest head.
func TestAppend(t *testing.T) {
	tests := []struct {
		name string
		got  []byte
		want string
	}{
		{"uint 0", AppendUint(nil, 0), "00"},
		{"uint 23", AppendUint(nil, 23), "17"},
		{"uint 24", AppendUint(nil, 24), "1818"},
		{"uint 255", AppendUint(nil, 255), "18ff"},
		{"uint 256", AppendUint(nil, 256), "190100"},
		{"uint 65536", AppendUint(nil, 65536), "1a00010000"},
		{"uint 2^32", AppendUint(nil, 1<<32), "1b0000000100000000"},
		{"int -1", AppendInt(nil, -1), "20"},
		{"int -25", AppendInt(nil, -25), "3818"},
		{"int min", AppendInt(nil, math.MinInt64), "3b7fffffffffffffff"},
		{"text", AppendText(nil, "IETF"), "6449455446"},
		{"bytes", AppendBytes(nil, []byte{1, 2}), "420102"},
		{"array", AppendArray(nil, 3), "83"},
		{"map", AppendMap(nil, 24), "b818"},
		{"indefinite map", AppendIndefinite(nil, MajorMap), "bf"},
		{"tag", AppendTag(nil, 1), "c1"},
		{"bool", AppendBool(nil, true), "f5"},
		{"null", AppendNull(nil), "f6"},
		{"float32", AppendFloat32(nil, 7.625), "fa40f40000"},
		{"float64", AppendFloat64(nil, 1.1), "fb3ff199999999999a"},
		{"NaN", AppendFloat32(nil, float32(math.NaN())), "fa7fc00000"},
		{"epoch seconds", AppendEpoch(nil, time.Unix(1363896240, 0)), "c11a514b67b0"},
		{"epoch millis", AppendEpoch(nil, time.Unix(1363896240, 500e6)), "c1fb41d452d9ec200000"},
		{"epoch negative", AppendEpoch(nil, time.Unix(-1, 0)), "c120"},
		{"epoch beyond a double's milliseconds", AppendEpoch(nil, time.Unix(1<<51, 5e8)), "c11b0008000000000000"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := hex.EncodeToString(tt.got); got != tt.want {
				t.Errorf("got %s; want %s", got, tt.want)
			}
		})
	}
}

// TestValueRoundTrip checks AppendValue against Value.
func TestValueRoundTrip(t *testing.T) {
	in := map[string]any{
		"s":    "x",
		"n":    int64(-3),
		"u":    uint64(math.MaxUint64),
		"f":    1.5,
		"b":    true,
		"nil":  nil,
		"list": []any{int64(1), "two", []byte("3"), map[string]any{}},
		"when": time.Unix(1700000000, 0).UTC(),
		"tag":  Tag{Number: 42, Content: "x"},
	}
	b, err := AppendValue(nil, in)
	if err != nil {
		t.Fatal(err)
	}
	got, err := Decode(b)
	if err != nil {
		t.Fatalf("Decode(%s): %v", Diagnose(b), err)
	}
	if !reflect.DeepEqual(got, in) {
		t.Errorf("round trip = %#v\nwant %#v", got, in)
	}
}

// TestMalformed checks that malformed or truncated items fail with a
// SyntaxError rather than a panic or a wrong value.
func TestMalformed(t *testing.T) {
	tests := []struct{ name, hex string }{
		{"empty", ""},
		{"truncated argument", "19 01"},
		{"reserved info", "1c"},
		{"indefinite integer", "1f"},
		{"indefinite tag", "df 00"},
		{"short string", "63 6161"},
		{"string longer than the data", "7b 1000000000000000 61"},
		{"array longer than the data", "9b 1000000000000000 01"},
		{"array of 2^64-1", "9b ffffffffffffffff"},
		{"map missing a value", "a1 6161"},
		{"indefinite string with a nested indefinite chunk", "7f 7f ff ff"},
		{"indefinite text with a byte chunk", "7f 41 61 ff"},
		{"indefinite array without break", "9f 01 02"},
		{"lone break", "ff"},
		{"two-byte simple below 32", "f8 10"},
		{"truncated float", "fb 3ff0"},
		{"text map key expected", "a1 01 02"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := Decode(unhex(t, tt.hex))
			var se *SyntaxError
			if !errors.As(err, &se) {
				t.Errorf("Decode(%s) error = %v; want a *SyntaxError", tt.hex, err)
			}
		})
	}
}

// TestDepth checks that nesting beyond MaxDepth fails, for Value and Skip.
func TestDepth(t *testing.T) {
	for _, c := range []struct{ open, close string }{{"81", ""}, {"9f", "ff"}, {"c2", ""}, {"a16161", ""}} {
		nest := func(n int) []byte {
			return unhex(t, strings.Repeat(c.open, n)+"00"+strings.Repeat(c.close, n))
		}
		if _, err := Decode(nest(MaxDepth + 1)); !errors.Is(err, ErrDepth) {
			t.Errorf("Decode(%s x %d) error = %v; want ErrDepth", c.open, MaxDepth+1, err)
		}
		if err := NewDecoder(nest(MaxDepth + 1)).Skip(); !errors.Is(err, ErrDepth) {
			t.Errorf("Skip(%s x %d) error = %v; want ErrDepth", c.open, MaxDepth+1, err)
		}
		if _, err := Decode(nest(MaxDepth)); err != nil {
			t.Errorf("Decode(%s x %d) error = %v; want none", c.open, MaxDepth, err)
		}
		if d := NewDecoder(nest(MaxDepth)); d.Skip() != nil || d.Len() != 0 {
			t.Errorf("Skip(%s x %d) did not skip the item", c.open, MaxDepth)
		}
	}
}

// TestLyingLengths checks that lengths the data cannot hold reserve no
// memory: what a read allocates follows the bytes read, not the bytes
// claimed.
func TestLyingLengths(t *testing.T) {
	inputs := map[string][]byte{
		"text of 2^60":            unhex(t, "7b 1000000000000000 616263"),
		"bytes of 2^60":           unhex(t, "5b 1000000000000000 616263"),
		"array of 2^60":           unhex(t, "9b 1000000000000000 010203"),
		"map of 2^60":             unhex(t, "bb 1000000000000000 616101"),
		"array of 2^64-1":         unhex(t, "9b ffffffffffffffff 010203"),
		"indefinite text chunk":   unhex(t, "7f 7b 1000000000000000 61 ff"),
		"array of 2^32 in a skip": unhex(t, "81 9a ffffffff 01"),
		"array of 3 with 2 items": unhex(t, "83 0102"),
	}
	for name, data := range inputs {
		t.Run(name, func(t *testing.T) {
			var before, after runtime.MemStats
			runtime.ReadMemStats(&before)
			for range 100 {
				if err := NewDecoder(data).Skip(); err == nil {
					t.Fatal("Skip succeeded")
				}
				if _, err := Decode(data); err == nil {
					t.Fatal("Decode succeeded")
				}
			}
			runtime.ReadMemStats(&after)
			if n := after.TotalAlloc - before.TotalAlloc; n > 256<<10 {
				t.Errorf("200 failed reads of %d bytes allocated %d bytes", len(data), n)
			}
		})
	}
}

// TestEpoch checks the timestamp forms a reader accepts.
func TestEpoch(t *testing.T) {
	tests := []struct {
		hex  string
		want time.Time
	}{
		{"c1 1a514b67b0", time.Unix(1363896240, 0)},
		{"c1 fb41d452d9ec200000", time.Unix(1363896240, 500e6)},
		{"c1 fb41cc37db380fbe77", time.Unix(946845296, 123e6)},
		{"c1 fa4f000000", time.Unix(2147483648, 0)},
		{"c1 20", time.Unix(-1, 0)},
		{"c1 00", time.Unix(0, 0)},
		{"1a514b67b0", time.Unix(1363896240, 0)},
	}
	for _, tt := range tests {
		t.Run(tt.hex, func(t *testing.T) {
			got, err := NewDecoder(unhex(t, tt.hex)).Epoch()
			if err != nil || !got.Equal(tt.want) {
				t.Errorf("Epoch(%s) = %v, %v; want %v", tt.hex, got, err, tt.want)
			}
		})
	}
	for _, bad := range []string{"c2 00", "c1 f97e00", "c1 6161", "c1 fb7ff0000000000000"} {
		if _, err := NewDecoder(unhex(t, bad)).Epoch(); err == nil {
			t.Errorf("Epoch(%s) succeeded", bad)
		}
	}
}

// TestInt checks range checks on integers.
func TestInt(t *testing.T) {
	tests := []struct {
		hex  string
		bits int
		want int64
		ok   bool
	}{
		{"187f", 8, 127, true},
		{"1880", 8, 0, false},
		{"387f", 8, -128, true},
		{"3880", 8, 0, false},
		{"1b7fffffffffffffff", 64, math.MaxInt64, true},
		{"1b8000000000000000", 64, 0, false},
		{"3b7fffffffffffffff", 64, math.MinInt64, true},
		{"fa3f800000", 32, 0, false},
	}
	for _, tt := range tests {
		got, err := NewDecoder(unhex(t, tt.hex)).Int(tt.bits)
		if (err == nil) != tt.ok || got != tt.want {
			t.Errorf("Int(%s, %d) = %d, %v; want %d (ok %v)", tt.hex, tt.bits, got, err, tt.want, tt.ok)
		}
	}
}

// TestHalf checks every half-precision float against math's conversion
// of its value.
func TestHalf(t *testing.T) {
	for h := range uint32(1 << 16) {
		f := math.Float32frombits(half(uint16(h)))
		exp, mant := int(h>>10&0x1f), float64(h&0x3ff)
		var want float64
		switch exp {
		case 0:
			want = math.Ldexp(mant, -24)
		case 31:
			want = math.Inf(1)
			if mant != 0 {
				want = math.NaN()
			}
		default:
			want = math.Ldexp(1+mant/1024, exp-15)
		}
		if h&0x8000 != 0 {
			want = -want
		}
		if math.IsNaN(want) != math.IsNaN(float64(f)) || (!math.IsNaN(want) && float64(f) != want) {
			t.Fatalf("half(%#04x) = %v; want %v", h, f, want)
		}
	}
}
