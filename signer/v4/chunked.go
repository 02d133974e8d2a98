package v4

import (
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"hash"
	"io"
	"strconv"

	"github.com/nimbus-sdk/nimbus/signer/internal/canonical"
)

const (
	// DefaultChunkSize is the decoded size of every chunk but the last
	// when ChunkedInput.ChunkSize is zero.
	DefaultChunkSize = 64 << 10
	// MinSignedChunkSize is the smallest chunk S3 accepts for signed
	// chunks (every chunk but the last).
	MinSignedChunkSize = 8 << 10

	chunkSigPrefix   = ";chunk-signature="
	trailerSigPrefix = "x-amz-trailer-signature:"
	chunkAlgorithm   = "AWS4-HMAC-SHA256-PAYLOAD"
	trailerAlgorithm = "AWS4-HMAC-SHA256-TRAILER"
)

// Trailer is a header sent after an aws-chunked body, typically a
// checksum of the payload (announce it in the X-Amz-Trailer header).
type Trailer struct {
	// Name is the lower-case header name, such as "x-amz-checksum-crc32".
	Name string
	// Value returns the header value. It is called once, after the
	// payload has reached EOF.
	Value func() string
	// ValueLen is the length of Value's result, needed only by
	// [EncodedContentLength] (8 for a base64 CRC32, 44 for SHA-256).
	ValueLen int

	hash hash.Hash // fed with the payload by the reader, see HashTrailer
}

// HashTrailer returns a Trailer named name whose value is the base64 of
// h's sum over the payload. The chunked reader writes every payload byte
// to h as it streams, so the payload is read once.
func HashTrailer(name string, h hash.Hash) Trailer {
	return Trailer{
		Name:     name,
		Value:    func() string { return base64.StdEncoding.EncodeToString(h.Sum(nil)) },
		ValueLen: base64.StdEncoding.EncodedLen(h.Size()),
		hash:     h,
	}
}

// ChunkedInput configures an aws-chunked body, see [NewChunkedReader].
type ChunkedInput struct {
	// Payload is the decoded body. It is read once, sequentially.
	Payload io.Reader

	// ChunkSize is the decoded size of every chunk but the last. If zero,
	// DefaultChunkSize is used. Signed chunks must be at least
	// MinSignedChunkSize.
	ChunkSize int

	// Trailers are sent after the last chunk, in this order.
	Trailers []Trailer

	// DecodedLength, if not zero, is the exact length of Payload. When it
	// is below the chunk size the reader buffers only that many bytes
	// instead of a whole chunk, which matters for many small uploads. The
	// encoding is the same either way.
	DecodedLength int64

	// Seed is the result of signing the request headers with
	// [Signer.SignHTTP] and a STREAMING-AWS4-HMAC-SHA256-PAYLOAD[-TRAILER]
	// payload hash; chunks (and trailers) are signed in a chain starting
	// from its signature.
	//
	// If nil, chunks are not signed: the body is the
	// STREAMING-UNSIGNED-PAYLOAD-TRAILER encoding.
	Seed *SignOutput
}

func (in *ChunkedInput) chunkSize() int {
	if in.ChunkSize <= 0 {
		return DefaultChunkSize
	}
	return in.ChunkSize
}

// EncodedContentLength returns the Content-Length of the aws-chunked
// encoding of a payload of decodedLen bytes with in's chunk size, signing
// mode and trailers (send decodedLen as X-Amz-Decoded-Content-Length).
// in.Payload is not used.
func EncodedContentLength(decodedLen int64, in *ChunkedInput) int64 {
	size := int64(in.chunkSize())
	signed := in.Seed != nil
	chunk := func(n int64) int64 {
		l := int64(len(strconv.FormatInt(n, 16))) + 2 + n + 2 // hex CRLF data CRLF
		if signed {
			l += int64(len(chunkSigPrefix)) + 2*sha256.Size
		}
		return l
	}
	var total int64
	if full := decodedLen / size; full > 0 {
		total += full * chunk(size)
	}
	if rest := decodedLen % size; rest > 0 {
		total += chunk(rest)
	}
	total += chunk(0) - 2 // the final chunk: header line only
	for _, t := range in.Trailers {
		total += int64(len(t.Name)) + 1 + int64(t.ValueLen) + 2
	}
	if signed && len(in.Trailers) > 0 {
		total += int64(len(trailerSigPrefix)) + 2*sha256.Size + 2
	}
	return total + 2 // closing CRLF
}

// NewChunkedReader returns the aws-chunked encoding of in.Payload:
//
//   - with in.Seed: "hex(size);chunk-signature=sig\r\n" data "\r\n" per chunk,
//     a signed zero-size chunk, then the trailers and their
//     x-amz-trailer-signature if any;
//   - without: "hex(size)\r\n" data "\r\n" per chunk, "0\r\n", the trailers.
//
// Either ends with an empty line. The reader buffers one chunk; a read
// error from the payload is returned as is.
func NewChunkedReader(in ChunkedInput) (io.Reader, error) {
	if in.Payload == nil {
		return nil, &InvalidInputError{Field: "Payload", Reason: "is nil"}
	}
	size := in.chunkSize()
	if in.Seed != nil {
		if len(in.Seed.Signature) != 2*sha256.Size || in.Seed.amzDate == "" {
			return nil, &InvalidInputError{Field: "Seed", Reason: "is not the output of SignHTTP"}
		}
		if size < MinSignedChunkSize {
			return nil, &InvalidInputError{Field: "ChunkSize", Reason: "is below MinSignedChunkSize for signed chunks"}
		}
	}
	for _, t := range in.Trailers {
		if t.Name == "" || t.Value == nil {
			return nil, &InvalidInputError{Field: "Trailers", Reason: "need a Name and a Value"}
		}
	}
	buf := size
	if in.DecodedLength > 0 && in.DecodedLength < int64(size) {
		buf = int(in.DecodedLength)
	}
	cr := &chunkedReader{in: in, data: make([]byte, buf)}
	if s := in.Seed; s != nil {
		cr.prevSig = []byte(s.Signature)
		cr.scope = string(canonical.AppendScope(nil, s.amzDate, s.region, s.service))
	}
	return cr, nil
}

type chunkedReader struct {
	in      ChunkedInput
	data    []byte   // chunk buffer, refilled once its bytes are returned
	hdr     []byte   // encoded chunk header, reused
	segs    [][]byte // encoded bytes not yet returned, in order
	done    bool     // the payload hit EOF and the end is queued
	err     error    // payload read error, returned once segs drain
	prevSig []byte
	scope   string
	scratch []byte
}

var crlf = []byte("\r\n")

func (c *chunkedReader) Read(p []byte) (int, error) {
	n := 0
	for n < len(p) {
		if len(c.segs) > 0 {
			k := copy(p[n:], c.segs[0])
			n += k
			if c.segs[0] = c.segs[0][k:]; len(c.segs[0]) == 0 {
				c.segs = c.segs[1:]
			}
			continue
		}
		if c.done || c.err != nil {
			break
		}
		if n > 0 {
			break // return what we have before blocking on the payload
		}
		c.err = c.next()
	}
	switch {
	case n > 0:
		return n, nil
	case c.err != nil:
		return 0, c.err
	}
	return 0, io.EOF
}

// next reads the next chunk of payload and queues its encoding, plus the
// final chunk and trailers at EOF.
func (c *chunkedReader) next() error {
	m, err := io.ReadFull(c.in.Payload, c.data)
	eof := err == io.EOF || err == io.ErrUnexpectedEOF
	if err != nil && !eof {
		return err
	}
	c.segs = c.segs[:0]
	if m > 0 {
		chunk := c.data[:m]
		for _, t := range c.in.Trailers {
			if t.hash != nil {
				t.hash.Write(chunk)
			}
		}
		c.hdr = c.appendChunkHeader(c.hdr[:0], chunk)
		c.segs = append(c.segs, c.hdr, chunk, crlf)
	}
	if eof {
		c.done = true
		c.segs = append(c.segs, c.appendEnd(nil))
	}
	return nil
}

// appendEnd appends the zero-size chunk, the trailers and, for signed
// bodies with trailers, the trailer signature, then the closing CRLF.
func (c *chunkedReader) appendEnd(dst []byte) []byte {
	dst = c.appendChunkHeader(dst, nil)
	var canon []byte // "name:value\n" per trailer, for the trailer signature
	for _, t := range c.in.Trailers {
		v := t.Value()
		dst = append(dst, t.Name...)
		dst = append(dst, ':')
		dst = append(dst, v...)
		dst = append(dst, '\r', '\n')
		canon = append(canon, t.Name...)
		canon = append(canon, ':')
		canon = append(canon, v...)
		canon = append(canon, '\n')
	}
	if c.in.Seed != nil && len(c.in.Trailers) > 0 {
		h := sha256.Sum256(canon)
		dst = append(dst, trailerSigPrefix...)
		dst = append(dst, c.sign(trailerAlgorithm, nil, h[:])...)
		dst = append(dst, '\r', '\n')
	}
	return append(dst, '\r', '\n')
}

// appendChunkHeader appends "hex(len)[;chunk-signature=sig]\r\n".
func (c *chunkedReader) appendChunkHeader(dst, chunk []byte) []byte {
	dst = strconv.AppendInt(dst, int64(len(chunk)), 16)
	if c.in.Seed != nil {
		h := sha256.Sum256(chunk)
		sig := c.sign(chunkAlgorithm, []byte(EmptyPayloadHash), h[:])
		dst = append(dst, chunkSigPrefix...)
		dst = append(dst, sig...)
	}
	return append(dst, '\r', '\n')
}

// sign computes the next signature of the chain:
// HMAC(key, alg \n date \n scope \n prev \n [extra \n] hex(hash)).
func (c *chunkedReader) sign(alg string, extra []byte, sum []byte) []byte {
	s := c.scratch[:0]
	s = append(s, make([]byte, hmacBlockSize)...)
	s = append(s, alg...)
	s = append(s, '\n')
	s = append(s, c.in.Seed.amzDate...)
	s = append(s, '\n')
	s = append(s, c.scope...)
	s = append(s, '\n')
	s = append(s, c.prevSig...)
	s = append(s, '\n')
	if extra != nil {
		s = append(s, extra...)
		s = append(s, '\n')
	}
	s = hex.AppendEncode(s, sum)
	c.scratch = s
	mac := hmacPrefixed(&c.in.Seed.key, s)
	c.prevSig = hex.AppendEncode(c.prevSig[:0], mac[:])
	return c.prevSig
}
