package eventstream

import (
	"encoding/binary"
	"hash/crc32"
	"io"
	"strconv"
)

// Sizes of the framing and the limits the format sets. The payload and
// headers limits are the Smithy "Amazon Event Stream Specification"'s
// (smithy.io/2.0/aws/amazon-eventstream.html): services must reject
// larger messages, so the encoder refuses to build them. The name and
// value lengths are the format's own (name<1..255>, data<1..2^15-1>).
const (
	// PreludeLen is the size of the prelude: total length, headers
	// length and the prelude's CRC32, 4 bytes each.
	PreludeLen = 12
	// OverheadLen is the framing around headers and payload: the prelude
	// and the trailing message CRC32.
	OverheadLen = PreludeLen + 4

	// MaxPayloadSize is the largest payload a message may carry:
	// 25,165,824 bytes (24 MiB).
	MaxPayloadSize = 24 << 20
	// MaxHeadersSize is the largest encoded headers section: 131,072
	// bytes (128 KiB).
	MaxHeadersSize = 128 << 10
	// MaxMessageSize is the largest message the two limits above allow,
	// 25,296,912 bytes, and the decoder's default limit.
	MaxMessageSize = OverheadLen + MaxHeadersSize + MaxPayloadSize

	// MaxHeaderNameLen is the longest header name, in bytes.
	MaxHeaderNameLen = 255
	// MaxHeaderValueLen is the longest byte-array or string header
	// value, in bytes.
	MaxHeaderValueLen = 1<<15 - 1
)

// AppendHeaders appends the wire encoding of hs to dst. It fails with a
// [*HeaderError] for an empty or over-long name, an over-long byte-array
// or string value, or a zero Value; dst is then returned unchanged. It
// does not check the headers' total size (see [AppendMessage]) or that
// names are unique.
func AppendHeaders(dst []byte, hs Headers) ([]byte, error) {
	start := len(dst)
	for i := range hs {
		var err error
		if dst, err = appendHeader(dst, &hs[i]); err != nil {
			return dst[:start], err
		}
	}
	return dst, nil
}

func appendHeader(dst []byte, h *Header) ([]byte, error) {
	if len(h.Name) == 0 || len(h.Name) > MaxHeaderNameLen {
		return dst, &HeaderError{Name: h.Name, Reason: "name must be 1 to " + strconv.Itoa(MaxHeaderNameLen) + " bytes long"}
	}
	dst = append(dst, byte(len(h.Name)))
	dst = append(dst, h.Name...)
	v := &h.Value
	switch v.typ {
	case TypeBool:
		if v.num != 0 {
			return append(dst, wireTrue), nil
		}
		return append(dst, wireFalse), nil
	case TypeByte:
		return append(dst, wireByte, byte(v.num)), nil
	case TypeInt16:
		return binary.BigEndian.AppendUint16(append(dst, wireInt16), uint16(v.num)), nil
	case TypeInt32:
		return binary.BigEndian.AppendUint32(append(dst, wireInt32), uint32(v.num)), nil
	case TypeInt64:
		return binary.BigEndian.AppendUint64(append(dst, wireInt64), uint64(v.num)), nil
	case TypeTimestamp:
		return binary.BigEndian.AppendUint64(append(dst, wireTimestamp), uint64(v.num)), nil
	case TypeBytes:
		if len(v.b) > MaxHeaderValueLen {
			return dst, valueTooLong(h.Name, len(v.b))
		}
		dst = binary.BigEndian.AppendUint16(append(dst, wireBytes), uint16(len(v.b)))
		return append(dst, v.b...), nil
	case TypeString:
		if len(v.s) > MaxHeaderValueLen {
			return dst, valueTooLong(h.Name, len(v.s))
		}
		dst = binary.BigEndian.AppendUint16(append(dst, wireString), uint16(len(v.s)))
		return append(dst, v.s...), nil
	case TypeUUID:
		if len(v.b) != 16 {
			return dst, &HeaderError{Name: h.Name, Reason: "UUID value is not 16 bytes"}
		}
		return append(append(dst, wireUUID), v.b...), nil
	}
	return dst, &HeaderError{Name: h.Name, Reason: "has no value (zero Value)"}
}

func valueTooLong(name string, n int) error {
	return &HeaderError{Name: name, Reason: "value of " + strconv.Itoa(n) + " bytes is longer than " + strconv.Itoa(MaxHeaderValueLen)}
}

// AppendMessage appends the wire encoding of m to dst: prelude, headers,
// payload and both CRC32s. It fails, returning dst unchanged, with a
// [*HeaderError] for a header AppendHeaders rejects or a
// [*MessageSizeError] when the payload is over MaxPayloadSize or the
// encoded headers over MaxHeadersSize. It allocates only to grow dst.
func AppendMessage(dst []byte, m *Message) ([]byte, error) {
	if len(m.Payload) > MaxPayloadSize {
		return dst, &MessageSizeError{Part: "payload", Size: int64(len(m.Payload)), Limit: MaxPayloadSize}
	}
	start := len(dst)
	dst = append(dst, make([]byte, PreludeLen)...)
	dst, err := AppendHeaders(dst, m.Headers)
	if err != nil {
		return dst[:start], err
	}
	headersLen := len(dst) - start - PreludeLen
	if headersLen > MaxHeadersSize {
		return dst[:start], &MessageSizeError{Part: "headers", Size: int64(headersLen), Limit: MaxHeadersSize}
	}
	dst = append(dst, m.Payload...)
	total := len(dst) - start + 4
	p := dst[start:]
	binary.BigEndian.PutUint32(p[0:4], uint32(total))
	binary.BigEndian.PutUint32(p[4:8], uint32(headersLen))
	binary.BigEndian.PutUint32(p[8:12], crc32.ChecksumIEEE(p[:8]))
	return binary.BigEndian.AppendUint32(dst, crc32.ChecksumIEEE(p)), nil
}

// Encoder writes messages to an io.Writer, each with a single Write call,
// reusing one buffer. It is not safe for concurrent use.
type Encoder struct {
	w   io.Writer
	buf []byte
}

// NewEncoder returns an Encoder writing to w.
func NewEncoder(w io.Writer) *Encoder { return &Encoder{w: w} }

// Encode encodes m as [AppendMessage] does and writes it. An encoding
// error writes nothing; a write error is returned as is.
func (e *Encoder) Encode(m *Message) error {
	b, err := AppendMessage(e.buf[:0], m)
	if err != nil {
		return err
	}
	if cap(b) <= 1<<20 {
		e.buf = b // keep buffers up to 1 MiB; larger ones go with the message
	}
	_, err = e.w.Write(b)
	return err
}
