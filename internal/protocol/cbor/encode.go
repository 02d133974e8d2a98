package cbor

import (
	"encoding/binary"
	"math"
	"time"
)

// Major is a CBOR major type, the top three bits of an item's first byte.
type Major uint8

// The eight major types.
const (
	MajorUint   Major = 0 // unsigned integer
	MajorNegInt Major = 1 // negative integer -1-n
	MajorBytes  Major = 2 // byte string
	MajorText   Major = 3 // UTF-8 text string
	MajorArray  Major = 4 // array of items
	MajorMap    Major = 5 // map of key/value pairs
	MajorTag    Major = 6 // tagged item
	MajorSimple Major = 7 // simple values, floats and the break stop code
)

// Single-byte items and stop codes.
const (
	False = 0xf4
	True  = 0xf5
	Null  = 0xf6
	// Undefined is read as null.
	Undefined = 0xf7
	// Break ends an indefinite-length string, array or map.
	Break = 0xff
)

// TagEpoch is the tag of an epoch-based date/time (seconds since
// 1970-01-01T00:00Z, an integer or a float): the encoding of a Smithy
// timestamp.
const TagEpoch = 1

// infoIndefinite is the additional information of an indefinite-length
// string, array or map head.
const infoIndefinite = 31

// AppendHead appends the head of an item of major type m whose argument
// is n (a length, a count, an integer or a tag number), in its shortest
// form.
func AppendHead(b []byte, m Major, n uint64) []byte {
	ib := byte(m) << 5
	switch {
	case n < 24:
		return append(b, ib|byte(n))
	case n <= math.MaxUint8:
		return append(b, ib|24, byte(n))
	case n <= math.MaxUint16:
		return append(b, ib|25, byte(n>>8), byte(n))
	case n <= math.MaxUint32:
		return append(b, ib|26, byte(n>>24), byte(n>>16), byte(n>>8), byte(n))
	}
	return binary.BigEndian.AppendUint64(append(b, ib|27), n)
}

// AppendIndefinite appends the head of an indefinite-length item of
// major type m (MajorBytes, MajorText, MajorArray or MajorMap); end it
// with [Break].
func AppendIndefinite(b []byte, m Major) []byte {
	return append(b, byte(m)<<5|infoIndefinite)
}

// AppendUint appends the unsigned integer n.
func AppendUint(b []byte, n uint64) []byte { return AppendHead(b, MajorUint, n) }

// AppendInt appends the integer n.
func AppendInt(b []byte, n int64) []byte {
	if n < 0 {
		return AppendHead(b, MajorNegInt, uint64(-1-n))
	}
	return AppendHead(b, MajorUint, uint64(n))
}

// AppendText appends s as a text string. s should be valid UTF-8; it is
// written as it is.
func AppendText(b []byte, s string) []byte {
	b = AppendHead(b, MajorText, uint64(len(s)))
	return append(b, s...)
}

// AppendBytes appends p as a byte string.
func AppendBytes(b []byte, p []byte) []byte {
	b = AppendHead(b, MajorBytes, uint64(len(p)))
	return append(b, p...)
}

// AppendArray appends the head of an array of n items.
func AppendArray(b []byte, n int) []byte { return AppendHead(b, MajorArray, uint64(n)) }

// AppendMap appends the head of a map of n key/value pairs.
func AppendMap(b []byte, n int) []byte { return AppendHead(b, MajorMap, uint64(n)) }

// AppendTag appends the head of a tag; the tagged item follows.
func AppendTag(b []byte, tag uint64) []byte { return AppendHead(b, MajorTag, tag) }

// AppendBool appends true or false.
func AppendBool(b []byte, v bool) []byte {
	if v {
		return append(b, True)
	}
	return append(b, False)
}

// AppendNull appends null.
func AppendNull(b []byte) []byte { return append(b, Null) }

// AppendFloat32 appends f as a single-precision float (NaN and the
// infinities included).
func AppendFloat32(b []byte, f float32) []byte {
	return binary.BigEndian.AppendUint32(append(b, 0xfa), math.Float32bits(f))
}

// AppendFloat64 appends f as a double-precision float (NaN and the
// infinities included).
func AppendFloat64(b []byte, f float64) []byte {
	return binary.BigEndian.AppendUint64(append(b, 0xfb), math.Float64bits(f))
}

// AppendEpoch appends t as a tag-1 epoch time with millisecond precision,
// the form Smithy timestamps take: an integer number of seconds when t
// falls on a whole second, else a double-precision float. Times more than
// 2^53 milliseconds (285,000 years) from 1970, whose milliseconds a
// double cannot hold, are written as whole seconds.
func AppendEpoch(b []byte, t time.Time) []byte {
	b = append(b, 0xc0|TagEpoch)
	ms := t.UnixMilli()
	if ms%1000 == 0 || ms >= 1<<53 || ms <= -(1<<53) {
		return AppendInt(b, ms/1000)
	}
	return AppendFloat64(b, float64(ms)/1000)
}
