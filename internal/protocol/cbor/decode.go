package cbor

import (
	"encoding/binary"
	"errors"
	"fmt"
	"math"
	"time"
)

// MaxDepth is how deeply arrays, maps and tags may nest in an item a
// [Decoder] reads.
const MaxDepth = 256

// A SyntaxError reports malformed CBOR, or CBOR of another type than the
// reader asked for, at byte offset Offset.
type SyntaxError struct {
	Offset int
	Msg    string
}

// Error returns the error message.
func (e *SyntaxError) Error() string {
	return fmt.Sprintf("cbor: %s at offset %d", e.Msg, e.Offset)
}

// ErrDepth reports an item nested more than [MaxDepth] levels deep.
var ErrDepth = errors.New("cbor: nesting too deep")

// A Decoder reads CBOR items from a byte slice holding them whole. The
// zero value reads nothing; [Decoder.Reset] gives it data. A Decoder is
// not safe for concurrent use. Slices it returns (from [Decoder.Text]
// and [Decoder.Bytes]) alias its input or its scratch buffer and are
// valid only until the next call.
type Decoder struct {
	data    []byte
	pos     int
	depth   int
	scratch []byte
}

// NewDecoder returns a Decoder over data.
func NewDecoder(data []byte) *Decoder { return &Decoder{data: data} }

// Reset makes d read data from its start, keeping its scratch buffer.
func (d *Decoder) Reset(data []byte) {
	d.data, d.pos, d.depth = data, 0, 0
}

// Release drops d's references to its input, and its scratch buffer when
// that has grown large, so a pooled Decoder pins little memory.
func (d *Decoder) Release() {
	d.data = nil
	if cap(d.scratch) > 64<<10 {
		d.scratch = nil
	}
}

// Offset returns the offset of the next byte to read.
func (d *Decoder) Offset() int { return d.pos }

// Len returns the number of bytes left to read.
func (d *Decoder) Len() int { return len(d.data) - d.pos }

// Data returns the whole input.
func (d *Decoder) Data() []byte { return d.data }

// Errorf returns a *SyntaxError at the current offset.
func (d *Decoder) Errorf(format string, args ...any) error {
	return &SyntaxError{Offset: d.pos, Msg: fmt.Sprintf(format, args...)}
}

func (d *Decoder) errEOF() error { return &SyntaxError{Offset: d.pos, Msg: "unexpected end of data"} }

// Peek returns the next byte without consuming it, and false at the end
// of the data.
func (d *Decoder) Peek() (byte, bool) {
	if d.pos < len(d.data) {
		return d.data[d.pos], true
	}
	return 0, false
}

// PeekMajor returns the major type of the next item, and false at the
// end of the data.
func (d *Decoder) PeekMajor() (Major, bool) {
	if d.pos < len(d.data) {
		return Major(d.data[d.pos] >> 5), true
	}
	return 0, false
}

// Consume skips the next byte if it is c, reporting whether it was.
// Use it for null (0xf6) and the break stop code (0xff).
func (d *Decoder) Consume(c byte) bool {
	if d.pos < len(d.data) && d.data[d.pos] == c {
		d.pos++
		return true
	}
	return false
}

// ConsumeNull skips a null or undefined if one comes next, reporting
// whether it did.
func (d *Decoder) ConsumeNull() bool {
	if d.pos < len(d.data) {
		if c := d.data[d.pos]; c == Null || c == Undefined {
			d.pos++
			return true
		}
	}
	return false
}

// Head reads the head of the next item: its major type and argument, or
// indefinite set (and arg 0) for an indefinite-length string, array or
// map. For major type 7 the argument is the simple value, or the raw
// bits of a float (see [Decoder.Float]). The break stop code is
// reported as major type 7 with indefinite set; the caller decides
// whether one is allowed where it stands. The argument is not checked
// against the data left.
func (d *Decoder) Head() (m Major, arg uint64, indefinite bool, err error) {
	p := d.pos
	if p >= len(d.data) {
		return 0, 0, false, d.errEOF()
	}
	c := d.data[p]
	m, info := Major(c>>5), c&31
	if info < 24 {
		d.pos = p + 1
		return m, uint64(info), false, nil
	}
	var n int
	switch info {
	case 24:
		n = 1
	case 25:
		n = 2
	case 26:
		n = 4
	case 27:
		n = 8
	case infoIndefinite:
		switch m {
		case MajorUint, MajorNegInt, MajorTag:
			return 0, 0, false, d.Errorf("indefinite length on major type %d", m)
		}
		d.pos = p + 1
		return m, 0, true, nil
	default:
		return 0, 0, false, d.Errorf("reserved additional information %d", info)
	}
	if len(d.data)-p-1 < n {
		return 0, 0, false, d.errEOF()
	}
	b := d.data[p+1:]
	switch n {
	case 1:
		arg = uint64(b[0])
		if m == MajorSimple && arg < 32 {
			return 0, 0, false, d.Errorf("invalid two-byte simple value %d", arg)
		}
	case 2:
		arg = uint64(binary.BigEndian.Uint16(b))
	case 4:
		arg = uint64(binary.BigEndian.Uint32(b))
	default:
		arg = binary.BigEndian.Uint64(b)
	}
	d.pos = p + 1 + n
	return m, arg, false, nil
}

// enter records one more level of nesting.
func (d *Decoder) enter() error {
	if d.depth++; d.depth > MaxDepth {
		return ErrDepth
	}
	return nil
}

// Enter records that the caller is reading the items of an array, map
// or tag, failing with [ErrDepth] beyond [MaxDepth] levels; Leave undoes
// it. Callers that read containers themselves (rather than with Skip or
// Value) bracket them with Enter and Leave.
func (d *Decoder) Enter() error { return d.enter() }

// Leave ends a level of nesting started with Enter.
func (d *Decoder) Leave() { d.depth-- }

// String reads a text or byte string of major type want and returns its
// bytes. A definite-length string is returned in place (a subslice of
// the data); the chunks of an indefinite-length one are joined in the
// scratch buffer, which grows with the chunks read. The result is valid
// until the next call.
func (d *Decoder) String(want Major) ([]byte, error) {
	start := d.pos
	m, n, indef, err := d.Head()
	if err != nil {
		return nil, err
	}
	if m != want {
		d.pos = start
		return nil, d.Errorf("expected %s, found %s", majorName(want), majorName(m))
	}
	if !indef {
		return d.take(n)
	}
	buf := d.scratch[:0]
	for {
		if d.Consume(Break) {
			d.scratch = buf
			return buf, nil
		}
		cm, cn, cindef, err := d.Head()
		if err != nil {
			return nil, err
		}
		if cm != want || cindef {
			return nil, d.Errorf("invalid chunk of an indefinite-length %s", majorName(want))
		}
		chunk, err := d.take(cn)
		if err != nil {
			return nil, err
		}
		buf = append(buf, chunk...)
	}
}

// take returns the next n bytes, failing unless that many are left.
func (d *Decoder) take(n uint64) ([]byte, error) {
	if n > uint64(len(d.data)-d.pos) {
		return nil, d.Errorf("string of %d bytes with %d left", n, len(d.data)-d.pos)
	}
	b := d.data[d.pos : d.pos+int(n) : d.pos+int(n)]
	d.pos += int(n)
	return b, nil
}

// Text reads a text string (see [Decoder.String]).
func (d *Decoder) Text() ([]byte, error) {
	if p := d.pos; p < len(d.data) {
		// Fast path: a short definite-length text string, the usual map
		// key.
		if c := d.data[p]; c>>5 == byte(MajorText) && c&31 < 24 {
			n := int(c & 31)
			if len(d.data)-p-1 >= n {
				d.pos = p + 1 + n
				return d.data[p+1 : p+1+n : p+1+n], nil
			}
		}
	}
	return d.String(MajorText)
}

// Bytes reads a byte string (see [Decoder.String]).
func (d *Decoder) Bytes() ([]byte, error) { return d.String(MajorBytes) }

// Container reads the head of an array (want MajorArray) or map
// (MajorMap) and returns its count (pairs, for a map), or -1 for an
// indefinite-length one. A count larger than the number of bytes left
// fails, since every item takes at least one byte; a smaller count that
// is still more than the data holds fails later, in [Decoder.More] or
// while reading an item. Callers sizing a slice or map from the count
// should still cap it, so memory follows the items actually read.
func (d *Decoder) Container(want Major) (int, error) {
	start := d.pos
	m, n, indef, err := d.Head()
	if err != nil {
		return 0, err
	}
	if m != want {
		d.pos = start
		return 0, d.Errorf("expected %s, found %s", majorName(want), majorName(m))
	}
	if indef {
		return -1, nil
	}
	if n > uint64(len(d.data)-d.pos) {
		// Every item takes at least a byte: the count is a lie.
		d.pos = start
		return 0, d.Errorf("%s of %d items with %d bytes left", majorName(want), n, len(d.data)-d.pos)
	}
	return int(n), nil
}

// More reports whether a container whose count Container returned has
// another item (or key/value pair), counting it down: *n is the count
// left, or -1 for an indefinite-length container, whose break stop code
// More consumes. It fails at the end of the data.
func (d *Decoder) More(n *int) (bool, error) {
	if *n < 0 {
		if d.pos >= len(d.data) {
			return false, d.errEOF()
		}
		if d.data[d.pos] == Break {
			d.pos++
			return false, nil
		}
		return true, nil
	}
	if *n == 0 {
		return false, nil
	}
	if d.pos >= len(d.data) {
		return false, d.errEOF()
	}
	*n--
	return true, nil
}

// Tag reads a tag head and returns its number.
func (d *Decoder) Tag() (uint64, error) {
	start := d.pos
	m, n, _, err := d.Head()
	if err != nil {
		return 0, err
	}
	if m != MajorTag {
		d.pos = start
		return 0, d.Errorf("expected a tag, found %s", majorName(m))
	}
	return n, nil
}

// Bool reads true or false.
func (d *Decoder) Bool() (bool, error) {
	if d.pos < len(d.data) {
		switch d.data[d.pos] {
		case True:
			d.pos++
			return true, nil
		case False:
			d.pos++
			return false, nil
		}
	}
	return false, d.unexpected("a boolean")
}

// unexpected returns the error for an item that is not what was wanted.
func (d *Decoder) unexpected(want string) error {
	if d.pos >= len(d.data) {
		return d.errEOF()
	}
	return d.Errorf("expected %s, found %s", want, d.describe())
}

// describe names the next item's type for error messages.
func (d *Decoder) describe() string {
	c := d.data[d.pos]
	switch c {
	case False, True:
		return "a boolean"
	case Null, Undefined:
		return "null"
	case 0xf9, 0xfa, 0xfb:
		return "a float"
	case Break:
		return "a break stop code"
	}
	return majorName(Major(c >> 5))
}

// Int reads an integer (major type 0 or 1) that fits in bits bits,
// signed.
func (d *Decoder) Int(bits int) (int64, error) {
	start := d.pos
	m, n, indef, err := d.Head()
	if err != nil {
		return 0, err
	}
	if (m != MajorUint && m != MajorNegInt) || indef {
		d.pos = start
		return 0, d.unexpected("an integer")
	}
	limit := uint64(1) << (bits - 1)
	if m == MajorUint {
		if n >= limit {
			d.pos = start
			return 0, d.Errorf("integer %d overflows int%d", n, bits)
		}
		return int64(n), nil
	}
	if n >= limit {
		d.pos = start
		return 0, d.Errorf("integer -1-%d overflows int%d", n, bits)
	}
	return -1 - int64(n), nil
}

// Float reads a number as a float64: a half-, single- or double-precision
// float (widened exactly, NaN and the infinities included), or an
// integer, which is converted (rounding to the nearest float64 if it has
// more than 53 significant bits).
func (d *Decoder) Float() (float64, error) {
	p := d.pos
	if p < len(d.data) {
		switch d.data[p] {
		case 0xfb:
			if len(d.data)-p >= 9 {
				d.pos = p + 9
				return math.Float64frombits(binary.BigEndian.Uint64(d.data[p+1:])), nil
			}
			return 0, d.errEOF()
		case 0xfa:
			if len(d.data)-p >= 5 {
				d.pos = p + 5
				return float64(math.Float32frombits(binary.BigEndian.Uint32(d.data[p+1:]))), nil
			}
			return 0, d.errEOF()
		case 0xf9:
			if len(d.data)-p >= 3 {
				d.pos = p + 3
				return float64(math.Float32frombits(half(binary.BigEndian.Uint16(d.data[p+1:])))), nil
			}
			return 0, d.errEOF()
		}
	}
	m, n, indef, err := d.Head()
	if err != nil {
		return 0, err
	}
	switch {
	case indef:
	case m == MajorUint:
		return float64(n), nil
	case m == MajorNegInt:
		return -1 - float64(n), nil
	}
	d.pos = p
	return 0, d.unexpected("a number")
}

// Epoch reads a timestamp: a tag-1 epoch time whose item is an integer
// or a float number of seconds. Fractions are kept to the microsecond,
// rounded (a double cannot tell nanoseconds apart in today's epoch).
// An untagged number is accepted too.
func (d *Decoder) Epoch() (time.Time, error) {
	// Fast paths for the forms servers send: tag 1 with a 32-bit
	// unsigned integer (every date from 1970 to 2106) or a double.
	if p := d.pos; len(d.data)-p >= 6 && d.data[p] == 0xc0|TagEpoch {
		switch d.data[p+1] {
		case 0x1a:
			d.pos = p + 6
			return time.Unix(int64(binary.BigEndian.Uint32(d.data[p+2:])), 0).UTC(), nil
		case 0xfb:
			if len(d.data)-p >= 10 {
				if f := math.Float64frombits(binary.BigEndian.Uint64(d.data[p+2:])); math.Abs(f) <= 1<<62 {
					d.pos = p + 10
					sec, frac := math.Modf(f)
					return time.Unix(int64(sec), int64(math.Round(frac*1e6))*1e3).UTC(), nil
				}
			}
		}
	}
	start := d.pos
	if m, ok := d.PeekMajor(); ok && m == MajorTag {
		tag, err := d.Tag()
		if err != nil {
			return time.Time{}, err
		}
		if tag != TagEpoch {
			d.pos = start
			return time.Time{}, d.Errorf("expected an epoch time (tag 1), found tag %d", tag)
		}
	}
	if m, ok := d.PeekMajor(); ok && (m == MajorUint || m == MajorNegInt) {
		sec, err := d.Int(64)
		if err != nil {
			return time.Time{}, err
		}
		return time.Unix(sec, 0).UTC(), nil
	}
	f, err := d.Float()
	if err != nil {
		return time.Time{}, err
	}
	if math.IsNaN(f) || math.IsInf(f, 0) || math.Abs(f) > 1<<62 {
		d.pos = start
		return time.Time{}, d.Errorf("epoch time %v out of range", f)
	}
	sec, frac := math.Modf(f)
	return time.Unix(int64(sec), int64(math.Round(frac*1e6))*1e3).UTC(), nil
}

// Skip skips the next item, nested items included.
func (d *Decoder) Skip() error {
	start := d.pos
	m, n, indef, err := d.Head()
	if err != nil {
		return err
	}
	switch m {
	case MajorUint, MajorNegInt:
		return nil
	case MajorBytes, MajorText:
		d.pos = start
		_, err := d.String(m)
		return err
	case MajorTag:
		if err := d.enter(); err != nil {
			return err
		}
		err := d.Skip()
		d.depth--
		return err
	case MajorArray, MajorMap:
		if err := d.enter(); err != nil {
			return err
		}
		count := -1
		if !indef {
			if n > uint64(len(d.data)-d.pos) {
				return d.Errorf("%s of %d items with %d bytes left", majorName(m), n, len(d.data)-d.pos)
			}
			count = int(n)
		}
		for {
			ok, err := d.More(&count)
			if err != nil {
				return err
			}
			if !ok {
				break
			}
			if err := d.Skip(); err != nil {
				return err
			}
			if m == MajorMap {
				if err := d.Skip(); err != nil {
					return err
				}
			}
		}
		d.depth--
		return nil
	}
	// Major type 7: Head has read the simple value or the float's bits.
	if indef {
		d.pos = start
		return d.Errorf("unexpected break stop code")
	}
	return nil
}

// majorName names a major type for error messages.
func majorName(m Major) string {
	switch m {
	case MajorUint, MajorNegInt:
		return "an integer"
	case MajorBytes:
		return "a byte string"
	case MajorText:
		return "a text string"
	case MajorArray:
		return "an array"
	case MajorMap:
		return "a map"
	case MajorTag:
		return "a tag"
	}
	return "a simple value or float"
}

// half returns the float32 bits of the half-precision float h.
func half(h uint16) uint32 {
	sign := uint32(h&0x8000) << 16
	exp := uint32(h>>10) & 0x1f
	mant := uint32(h & 0x3ff)
	switch {
	case exp == 0x1f: // infinity or NaN; keep the payload's top bits
		return sign | 0x7f800000 | mant<<13
	case exp == 0 && mant == 0:
		return sign
	case exp == 0: // subnormal: normalize
		e := uint32(127 - 15 + 1)
		for mant&0x400 == 0 {
			mant <<= 1
			e--
		}
		return sign | e<<23 | (mant&0x3ff)<<13
	}
	return sign | (exp+127-15)<<23 | mant<<13
}
