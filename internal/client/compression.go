package client

import (
	"bytes"
	"compress/gzip"
	"context"
	"errors"
	"fmt"
	"io"
	"strings"
	"sync"

	"github.com/aws/smithy-go/middleware"
	smithyhttp "github.com/aws/smithy-go/transport/http"

	"github.com/nimbus-sdk/nimbus/internal/protocol"
	awsmw "github.com/nimbus-sdk/nimbus/middleware"
)

// Request compression (smithy.api#requestCompression), as the Smithy
// specification and the AWS SDKs' "Request compression" settings define
// it: operations with the trait gzip their request body unless
// compression is disabled, when the body is at least the minimum size, or
// whatever its size when the body is a stream.
const (
	// DefaultRequestMinCompressSizeBytes is the minimum size of a body to
	// compress when Options.RequestMinCompressSizeBytes is zero: 10 KiB,
	// the AWS SDKs' default.
	DefaultRequestMinCompressSizeBytes = 10240
	// MaxRequestMinCompressSizeBytes is the largest minimum allowed: 10 MiB.
	MaxRequestMinCompressSizeBytes = 10485760
)

// gzipFeature is the user-agent business-metric code of a request whose
// body was gzipped (GZIP_REQUEST_COMPRESSION, "L"). Unlike aws-sdk-go-v2,
// which reports it for every call of an operation with the trait unless
// compression is disabled, Nimbus reports it only for requests it
// compressed.
var gzipFeature = awsmw.NewUserAgentFeatureSet("L")

// requestCompression is the RequestCompression step. It sits in
// Serialize right after the operation serializer, where aws-sdk-go-v2
// puts it, so that everything computed from the body later — the
// Content-Length (ComputeContentLength, Build), Content-MD5 and flexible
// checksums, the payload hash and the signature (Finalize) — covers the
// compressed bytes, and every attempt resends them.
type requestCompression struct{}

func (requestCompression) ID() string { return awsmw.IDRequestCompression }

func (requestCompression) HandleSerialize(ctx context.Context, in middleware.SerializeInput, next middleware.SerializeHandler) (middleware.SerializeOutput, middleware.Metadata, error) {
	c := callFrom(ctx)
	req, ok := in.Request.(*smithyhttp.Request)
	if !ok {
		return middleware.SerializeOutput{}, middleware.Metadata{}, fmt.Errorf("unexpected request type %T", in.Request)
	}
	enc, err := Compress(req, c.op, c.opts)
	if err != nil {
		return middleware.SerializeOutput{}, middleware.Metadata{}, err
	}
	if enc != "" {
		// Before UserAgent (Build), which writes the code.
		ctx = awsmw.WithUserAgentFeatureSet(ctx, gzipFeature)
	}
	return next.HandleSerialize(ctx, in)
}

// Compress compresses the body of req, as the operation's serializer
// wrote it, for op's smithy.api#requestCompression trait and the settings
// in opts, and reports the encoding applied ("gzip"), or "" when the body
// is sent as it is. It is the work of the RequestCompression step, which
// the protocol-test runners call directly.
//
// Nothing is compressed when op lists no encoding Nimbus supports (gzip
// is the only one), when opts.DisableRequestCompression is set, or when
// there is no body. A body that is not a stream (StreamingInput) is
// compressed in memory when it is at least the minimum size
// (opts.RequestMinCompressSizeBytes), and its Content-Length is that of
// the compressed bytes. A stream is compressed whatever its size, as the
// specification requires of a streaming member without
// smithy.api#requiresLength, and as it is read, so memory does not grow
// with it: when it can be rewound, so can the compressed stream, and its
// compressed length is learnt by compressing it once beforehand;
// otherwise it is sent with an unknown length (chunked). The encoding is
// appended to any Content-Encoding already set ("custom" becomes
// "custom, gzip"), since codings are listed in the order they were
// applied.
//
// A minimum above MaxRequestMinCompressSizeBytes is an error.
func Compress(req *smithyhttp.Request, op *Operation, opts *Options) (string, error) {
	enc := supportedEncoding(op.RequestCompression)
	if enc == "" || opts.DisableRequestCompression {
		return "", nil
	}
	minSize, err := opts.minCompressSize()
	if err != nil {
		return "", err
	}
	stream := req.GetStream()
	if stream == nil {
		return "", nil
	}
	if op.StreamingInput {
		err = compressStream(req, stream)
	} else {
		var size int64
		var known bool
		size, known, err = req.StreamLength()
		if err != nil {
			return "", fmt.Errorf("request compression: %w", err)
		}
		if !known || size < minSize {
			return "", nil
		}
		err = compressBody(req, stream)
	}
	if err != nil {
		return "", fmt.Errorf("request compression: %w", err)
	}
	// The caller may have set a Content-Length (a member bound to it)
	// for the body before compression.
	req.Header.Del("Content-Length")
	if v := req.Header.Values("Content-Encoding"); len(v) > 0 {
		req.Header.Set("Content-Encoding", strings.Join(v, ", ")+", "+enc)
	} else {
		req.Header.Set("Content-Encoding", enc)
	}
	return enc, nil
}

// supportedEncoding returns the first encoding of encodings that Nimbus
// implements, in the name the Content-Encoding header uses, or "".
// Encoding names are case-insensitive.
func supportedEncoding(encodings []string) string {
	for _, e := range encodings {
		if strings.EqualFold(e, "gzip") {
			return "gzip"
		}
	}
	return ""
}

// minCompressSize returns the minimum size of a body to compress.
func (o *Options) minCompressSize() (int64, error) {
	switch n := o.RequestMinCompressSizeBytes; {
	case n == 0:
		return DefaultRequestMinCompressSizeBytes, nil
	case n < 0:
		return 0, nil
	case n > MaxRequestMinCompressSizeBytes:
		return 0, fmt.Errorf("RequestMinCompressSizeBytes %d is above the maximum of %d bytes", n, MaxRequestMinCompressSizeBytes)
	default:
		return n, nil
	}
}

// gzipWriters holds gzip writers for in-memory bodies: each holds a
// compressor of several hundred kilobytes, too much to allocate per call.
var gzipWriters = sync.Pool{New: func() any { return gzip.NewWriter(io.Discard) }}

// compressBody replaces the in-memory body stream of req by its gzip
// compression, with its length.
func compressBody(req *smithyhttp.Request, stream io.Reader) error {
	var out bytes.Buffer
	zw := gzipWriters.Get().(*gzip.Writer)
	zw.Reset(&out)
	_, err := io.Copy(zw, stream)
	if err == nil {
		err = zw.Close()
	}
	zw.Reset(io.Discard) // drop out, whatever happened
	gzipWriters.Put(zw)
	if err != nil {
		return err
	}
	return protocol.SetStream(req, bytes.NewReader(out.Bytes()))
}

// compressStream replaces the body stream of req by a stream that
// compresses it as it is read.
func compressStream(req *smithyhttp.Request, stream io.Reader) error {
	if rs, ok := stream.(io.ReadSeeker); ok && req.IsStreamSeekable() {
		start, err := rs.Seek(0, io.SeekCurrent)
		if err != nil {
			return err
		}
		// SetStream learns the compressed length by seeking to the end.
		return protocol.SetStream(req, &gzipSeeker{gzipReader: newGzipReader(rs), src: rs, start: start, size: -1})
	}
	if err := protocol.SetStream(req, newGzipReader(stream)); err != nil {
		return err
	}
	req.ContentLength = -1 // the source's length, if it had one, is not the body's
	return nil
}

// streamChunk is how much of the source a gzipReader reads at a time.
const streamChunk = 32 << 10

// gzipReader reads the gzip compression of src, compressing as it is
// read: it holds one chunk of the source and the compressed bytes not yet
// read, not the whole body.
type gzipReader struct {
	src  io.Reader
	zw   *gzip.Writer
	out  bytes.Buffer // compressed bytes not yet read
	buf  []byte       // a chunk of src
	pos  int64        // compressed bytes read so far
	done bool         // src ended and zw is closed
	err  error        // the first error of src or zw, returned ever after
}

func newGzipReader(src io.Reader) *gzipReader {
	r := &gzipReader{src: src}
	r.zw = gzip.NewWriter(&r.out)
	return r
}

// Read implements io.Reader.
func (r *gzipReader) Read(p []byte) (int, error) {
	for r.out.Len() == 0 && !r.done {
		if r.err != nil {
			return 0, r.err
		}
		r.fill()
	}
	if r.out.Len() == 0 {
		return 0, io.EOF
	}
	n, _ := r.out.Read(p)
	r.pos += int64(n)
	return n, nil
}

// fill compresses the next chunk of src into out, which the compressor
// may keep to itself for a while.
func (r *gzipReader) fill() {
	if r.buf == nil {
		r.buf = make([]byte, streamChunk)
	}
	n, err := r.src.Read(r.buf)
	if n > 0 {
		if _, werr := r.zw.Write(r.buf[:n]); werr != nil {
			r.err = werr
			return
		}
	}
	switch {
	case errors.Is(err, io.EOF):
		if cerr := r.zw.Close(); cerr != nil {
			r.err = cerr
			return
		}
		r.done = true
	case err != nil:
		r.err = err
	}
}

// gzipSeeker is a gzipReader over a seekable source, which makes the
// compressed stream seekable as smithyhttp and the retry loop use it: to
// its start, to learn its position, and to its end to learn its length,
// which takes compressing the source once (the length is then kept).
type gzipSeeker struct {
	*gzipReader
	src   io.ReadSeeker
	start int64 // the source's offset where the body starts
	size  int64 // compressed length; -1 until known
}

// errGzipSeek is returned for seeks other than those gzipSeeker supports.
var errGzipSeek = errors.New("a compressed request body can only seek to its start, its end or its current position")

// Seek implements io.Seeker for offset 0 from the start, the current
// position and the end.
func (r *gzipSeeker) Seek(offset int64, whence int) (int64, error) {
	if offset != 0 {
		return 0, errGzipSeek
	}
	switch whence {
	case io.SeekCurrent:
		return r.pos, nil
	case io.SeekStart:
		return 0, r.rewind()
	case io.SeekEnd:
		if r.size < 0 {
			if err := r.rewind(); err != nil {
				return 0, err
			}
			n, err := io.Copy(io.Discard, r.gzipReader)
			if err != nil {
				return 0, err
			}
			r.size = n
		}
		// At the end: nothing left to read until the next rewind.
		r.out.Reset()
		r.done, r.err, r.pos = true, nil, r.size
		return r.size, nil
	}
	return 0, errGzipSeek
}

// rewind starts the compression again from the start of the source.
func (r *gzipSeeker) rewind() error {
	if _, err := r.src.Seek(r.start, io.SeekStart); err != nil {
		return err
	}
	r.out.Reset()
	r.zw.Reset(&r.out)
	r.pos, r.done, r.err = 0, false, nil
	return nil
}
