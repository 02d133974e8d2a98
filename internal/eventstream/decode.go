package eventstream

import (
	"encoding/binary"
	"hash/crc32"
	"io"
)

const (
	// readAhead is how far past the start of the current message the
	// decoder reads while it does not yet know the message's length, and
	// the initial buffer size. Bigger reads amortize the cost of a Read
	// over many small messages; a large message is then read exactly to
	// its end, so that nothing but the at most readAhead bytes already
	// buffered is ever moved.
	readAhead = 16 << 10

	// internSlots header positions keep their last name and string value,
	// each up to internMaxLen bytes, so that a stream repeating the same
	// headers (every real one) decodes without allocating strings.
	internSlots  = 16
	internMaxLen = 128

	// maxEmptyReads is how many (0, nil) reads in a row are taken as a
	// broken reader (io.ErrNoProgress), as bufio does.
	maxEmptyReads = 100
)

// DecoderOptions configure a [Decoder]. The zero value accepts every
// message the format allows.
type DecoderOptions struct {
	// MaxMessageSize is the largest total length a message may announce.
	// A larger prelude fails with a [*MessageSizeError] before any of the
	// message is buffered, so it bounds the decoder's memory. If zero,
	// MaxMessageSize (the largest message a service may send) is used.
	MaxMessageSize int
}

// Decoder reads messages from an event stream one at a time.
//
// Memory is bounded by the limits, not by what the stream claims: the
// buffer grows only as message bytes actually arrive, never past the
// announced total length, and that length is used only after the
// prelude's checksum matched and it passed MaxMessageSize. Headers
// sections are limited to MaxHeadersSize, as the AWS CRT and other SDKs
// limit them, because decoded headers take more memory than encoded ones.
// (The format specification asks clients not to enforce the two size
// limits; this is where the decoder departs from it.) So the buffer never
// exceeds the larger of 16 KiB and the largest message seen, plus 16 KiB.
//
// The decoder reads ahead of the current message (up to 16 KiB), so it
// must be the only reader of its source. It is not safe for concurrent
// use.
type Decoder struct {
	src    io.Reader
	max    int
	buf    []byte // len(buf) == cap(buf)
	r, w   int    // buf[r:w] is buffered and not yet decoded
	msg    Message
	err    error // sticky: returned by every Decode after the first error
	srcErr error // read error held back until the buffered bytes run out

	names, vals [internSlots]string
}

// NewDecoder returns a Decoder reading from r.
func NewDecoder(r io.Reader, opts DecoderOptions) *Decoder {
	limit := opts.MaxMessageSize
	if limit <= 0 {
		limit = MaxMessageSize
	}
	return &Decoder{src: r, max: limit}
}

// Decode reads and returns the next message, after checking both of its
// checksums and parsing its headers.
//
// The returned Message is owned by the decoder and, with its payload and
// byte-array header values, valid only until the next call to Decode
// (see [Message.Clone]). In steady state, when consecutive messages repeat
// their header names and short string values, Decode does not allocate.
//
// At the end of the stream, between messages, Decode returns io.EOF. Data
// errors are [*PreludeChecksumError], [*PreludeError],
// [*MessageSizeError], [*TruncatedError], [*MessageChecksumError],
// [*HeaderTypeError] and [*HeaderError]; an error from the reader is
// returned as is. After any error, every later call returns the same
// error.
func (d *Decoder) Decode() (*Message, error) {
	if d.err != nil {
		return nil, d.err
	}
	m, err := d.decode()
	if err != nil {
		d.err = err
		return nil, err
	}
	return m, nil
}

func (d *Decoder) decode() (*Message, error) {
	if err := d.fill(PreludeLen); err != nil {
		if err == io.EOF && d.w == d.r {
			return nil, io.EOF
		}
		return nil, d.readError(err, PreludeLen)
	}
	p := d.buf[d.r:d.w]
	total := binary.BigEndian.Uint32(p[0:4])
	headersLen := binary.BigEndian.Uint32(p[4:8])
	preludeCRC := crc32.ChecksumIEEE(p[:8])
	if want := binary.BigEndian.Uint32(p[8:12]); preludeCRC != want {
		return nil, &PreludeChecksumError{Got: preludeCRC, Want: want}
	}
	if total < OverheadLen || headersLen > total-OverheadLen {
		return nil, &PreludeError{TotalLength: total, HeadersLength: headersLen}
	}
	if uint64(total) > uint64(d.max) {
		return nil, &MessageSizeError{Part: "message", Size: int(total), Limit: d.max}
	}
	if headersLen > MaxHeadersSize {
		return nil, &MessageSizeError{Part: "headers", Size: int(headersLen), Limit: MaxHeadersSize}
	}
	n := int(total)
	if err := d.fill(n); err != nil {
		return nil, d.readError(err, n)
	}
	p = d.buf[d.r : d.r+n : d.r+n]
	crc := crc32.Update(preludeCRC, crc32.IEEETable, p[8:n-4])
	if want := binary.BigEndian.Uint32(p[n-4:]); crc != want {
		return nil, &MessageChecksumError{Got: crc, Want: want}
	}
	body := PreludeLen + int(headersLen)
	if err := d.parseHeaders(p[PreludeLen:body]); err != nil {
		return nil, err
	}
	d.msg.Payload = nil
	if body < n-4 {
		d.msg.Payload = p[body : n-4 : n-4]
	}
	d.r += n // the message stays in buf[r-n:r] until the next fill
	return &d.msg, nil
}

// readError turns a failed fill of need bytes into the error Decode
// returns: an EOF inside a message is a truncation.
func (d *Decoder) readError(err error, need int) error {
	if err == io.EOF {
		return &TruncatedError{Want: need, Got: d.w - d.r}
	}
	return err
}

// fill makes sure that at least need bytes are buffered at buf[r:]. It
// moves the buffered bytes to the front before reading, reads up to
// readAhead bytes from r or exactly to r+need if that is further, and
// grows the buffer only when it is full, at most doubling it, never past
// max(need, readAhead).
func (d *Decoder) fill(need int) error {
	if d.w-d.r >= need {
		return nil
	}
	if d.srcErr != nil {
		return d.srcErr
	}
	if d.r > 0 {
		d.w = copy(d.buf, d.buf[d.r:d.w])
		d.r = 0
	}
	end := max(need, readAhead)
	empty := 0
	for d.w < need {
		if d.w == len(d.buf) {
			d.grow(min(end, max(2*len(d.buf), readAhead)))
		}
		n, err := d.src.Read(d.buf[d.w:min(end, len(d.buf))])
		d.w += n
		if err != nil {
			if d.w >= need {
				d.srcErr = err
				return nil
			}
			return err
		}
		if n > 0 {
			empty = 0
		} else if empty++; empty >= maxEmptyReads {
			return io.ErrNoProgress
		}
	}
	return nil
}

func (d *Decoder) grow(n int) {
	b := make([]byte, n)
	copy(b, d.buf[:d.w])
	d.buf = b
}

// truncatedHeader is the reason of a header that runs past the end of
// the headers section.
const truncatedHeader = "runs past the end of the headers section"

// parseHeaders decodes a headers section into d.msg.Headers, reusing its
// backing array. Byte-array and UUID values alias h.
func (d *Decoder) parseHeaders(h []byte) error {
	hs := d.msg.Headers[:0]
	for i := 0; len(h) > 0; i++ {
		nameLen := int(h[0])
		if nameLen == 0 {
			return &HeaderError{Reason: "has an empty name"}
		}
		if len(h) < 2+nameLen {
			return &HeaderError{Name: string(h[1:min(len(h), 1+nameLen)]), Reason: truncatedHeader}
		}
		name := intern(&d.names, i, h[1:1+nameLen])
		typ := h[1+nameLen]
		h = h[2+nameLen:]
		var v Value
		var size int // value bytes after the type
		switch typ {
		case wireTrue:
			v = Value{typ: TypeBool, num: 1}
		case wireFalse:
			v = Value{typ: TypeBool}
		case wireByte:
			if size = 1; len(h) >= size {
				v = Value{typ: TypeByte, num: int64(int8(h[0]))}
			}
		case wireInt16:
			if size = 2; len(h) >= size {
				v = Value{typ: TypeInt16, num: int64(int16(binary.BigEndian.Uint16(h)))}
			}
		case wireInt32:
			if size = 4; len(h) >= size {
				v = Value{typ: TypeInt32, num: int64(int32(binary.BigEndian.Uint32(h)))}
			}
		case wireInt64, wireTimestamp:
			if size = 8; len(h) >= size {
				v = Value{typ: TypeInt64, num: int64(binary.BigEndian.Uint64(h))}
				if typ == wireTimestamp {
					v.typ = TypeTimestamp
				}
			}
		case wireBytes, wireString:
			if len(h) < 2 {
				size = 2
				break
			}
			n := int(binary.BigEndian.Uint16(h))
			if n > MaxHeaderValueLen {
				return valueTooLong(name, n)
			}
			if size = 2 + n; len(h) >= size {
				if typ == wireBytes {
					v = Value{typ: TypeBytes, b: h[2:size:size]}
				} else {
					v = Value{typ: TypeString, s: intern(&d.vals, i, h[2:size])}
				}
			}
		case wireUUID:
			if size = 16; len(h) >= size {
				v = Value{typ: TypeUUID, b: h[:16:16]}
			}
		default:
			return &HeaderTypeError{Name: name, Type: typ}
		}
		if len(h) < size {
			return &HeaderError{Name: name, Reason: truncatedHeader}
		}
		h = h[size:]
		hs = append(hs, Header{Name: name, Value: v})
	}
	d.msg.Headers = hs
	return nil
}

// intern returns b as a string, reusing the string last seen at position i
// of the cache when it is equal, so repeated headers do not allocate.
func intern(cache *[internSlots]string, i int, b []byte) string {
	if i >= internSlots {
		return string(b)
	}
	if s := cache[i]; s == string(b) {
		return s
	}
	s := string(b)
	if len(b) <= internMaxLen {
		cache[i] = s
	}
	return s
}
