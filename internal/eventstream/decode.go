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

	// Header names and string values of up to internMaxLen bytes are
	// interned, so that a stream repeating its headers (every real one)
	// decodes without allocating strings: each of the first internSlots
	// header positions remembers its last name and value, and up to
	// internMaxStrings distinct strings are kept in a map (at most
	// 32 KiB of strings).
	internSlots      = 16
	internMaxLen     = 128
	internMaxStrings = 256

	// maxReusedHeaders is the largest headers section whose parse the
	// decoder keeps, to reuse for the next message if its section is the
	// same bytes (in a stream of events of one type, nearly every one).
	maxReusedHeaders = 512

	// maxEmptyReads is how many (0, nil) reads in a row are taken as a
	// broken reader (io.ErrNoProgress), as bufio does.
	maxEmptyReads = 100
)

// DecoderOptions configure a [Decoder]. The zero value accepts every
// message the format allows.
type DecoderOptions struct {
	// MaxMessageSize is the largest total length a message may
	// announce. A larger prelude fails with a [*MessageSizeError] before
	// the decoder makes room for the message, so it bounds the decoder's
	// memory. If zero, MaxMessageSize (the largest message a service may
	// send) is used.
	MaxMessageSize int
}

// Decoder reads messages from an event stream one at a time.
//
// Memory is bounded by the limits, not by what the stream claims: the
// buffer grows only as message bytes actually arrive, never past the
// announced total length, and that length is used only after the
// prelude's checksum matched and it passed MaxMessageSize. Headers
// sections are limited to MaxHeadersSize, as the AWS CRT and the Kotlin
// SDK limit them, because decoded headers take more memory than encoded
// ones. (The format specification asks clients not to enforce the two
// size limits; this is where the decoder departs from it.) So the buffer
// never exceeds the larger of 16 KiB and the largest message seen;
// besides it the decoder keeps the headers of the last message and at
// most 32 KiB of interned header strings.
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
	strs        map[string]string

	// lastRaw is the last headers section parsed and last its parse, kept
	// when it was at most maxReusedHeaders long and had no byte-array or
	// UUID values (which alias the buffer); lastOK says they are valid.
	lastRaw []byte
	last    Headers
	lastOK  bool
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
		return nil, &MessageSizeError{Part: "message", Size: int64(total), Limit: int64(d.max)}
	}
	if headersLen > MaxHeadersSize {
		return nil, &MessageSizeError{Part: "headers", Size: int64(headersLen), Limit: MaxHeadersSize}
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
	if err := d.headers(p[PreludeLen:body]); err != nil {
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

// headers sets d.msg.Headers to the headers of section h: a copy of the
// previous message's if h is the same bytes, else parsed.
func (d *Decoder) headers(h []byte) error {
	if d.lastOK && string(h) == string(d.lastRaw) {
		d.msg.Headers = append(d.msg.Headers[:0], d.last...)
		return nil
	}
	aliased, err := d.parseHeaders(h)
	if err != nil {
		return err
	}
	if d.lastOK = !aliased && len(h) <= maxReusedHeaders; d.lastOK {
		d.lastRaw = append(d.lastRaw[:0], h...)
		d.last = append(d.last[:0], d.msg.Headers...)
	}
	return nil
}

// parseHeaders decodes a headers section into d.msg.Headers, reusing its
// backing array, and reports whether any value (a byte array or UUID)
// aliases h.
func (d *Decoder) parseHeaders(h []byte) (aliased bool, err error) {
	hs := d.msg.Headers[:0]
	for i := 0; len(h) > 0; i++ {
		nameLen := int(h[0])
		if nameLen == 0 {
			return false, &HeaderError{Reason: "has an empty name"}
		}
		if len(h) < 2+nameLen {
			return false, &HeaderError{Name: string(h[1:min(len(h), 1+nameLen)]), Reason: truncatedHeader}
		}
		name := d.intern(&d.names, i, h[1:1+nameLen])
		typ := h[1+nameLen]
		h = h[2+nameLen:]
		hs = append(hs, Header{Name: name})
		v := &hs[len(hs)-1].Value
		n := 0 // value bytes after the type
		switch typ {
		case wireTrue:
			v.typ, v.num = TypeBool, 1
		case wireFalse:
			v.typ = TypeBool
		case wireByte:
			if n = 1; len(h) >= n {
				v.typ, v.num = TypeByte, int64(int8(h[0]))
			}
		case wireInt16:
			if n = 2; len(h) >= n {
				v.typ, v.num = TypeInt16, int64(int16(binary.BigEndian.Uint16(h)))
			}
		case wireInt32:
			if n = 4; len(h) >= n {
				v.typ, v.num = TypeInt32, int64(int32(binary.BigEndian.Uint32(h)))
			}
		case wireInt64:
			if n = 8; len(h) >= n {
				v.typ, v.num = TypeInt64, int64(binary.BigEndian.Uint64(h))
			}
		case wireTimestamp:
			if n = 8; len(h) >= n {
				v.typ, v.num = TypeTimestamp, int64(binary.BigEndian.Uint64(h))
			}
		case wireBytes, wireString:
			if n = 2; len(h) < n {
				break
			}
			size := int(binary.BigEndian.Uint16(h))
			if size > MaxHeaderValueLen {
				return false, valueTooLong(name, size)
			}
			if n += size; len(h) >= n {
				if typ == wireBytes {
					v.typ, v.b = TypeBytes, h[2:n:n]
					aliased = true
				} else {
					v.typ, v.s = TypeString, d.intern(&d.vals, i, h[2:n])
				}
			}
		case wireUUID:
			if n = 16; len(h) >= n {
				v.typ, v.b = TypeUUID, h[:16:16]
				aliased = true
			}
		default:
			return false, &HeaderTypeError{Name: name, Type: typ}
		}
		if len(h) < n {
			return false, &HeaderError{Name: name, Reason: truncatedHeader}
		}
		h = h[n:]
	}
	d.msg.Headers = hs
	return aliased, nil
}

// intern returns b as a string without allocating when b was seen
// before: at position i of cache, or in the decoder's bounded map.
func (d *Decoder) intern(cache *[internSlots]string, i int, b []byte) string {
	if i < internSlots && cache[i] == string(b) {
		return cache[i]
	}
	if len(b) > internMaxLen {
		return string(b)
	}
	s, ok := d.strs[string(b)]
	if !ok {
		s = string(b)
		if len(d.strs) < internMaxStrings {
			if d.strs == nil {
				d.strs = make(map[string]string)
			}
			d.strs[s] = s
		}
	}
	if i < internSlots {
		cache[i] = s
	}
	return s
}
