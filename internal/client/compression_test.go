package client

import (
	"bytes"
	"compress/gzip"
	"context"
	"crypto/md5"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"regexp"
	"slices"
	"strings"
	"sync"
	"testing"

	"github.com/aws/smithy-go/middleware"
	smithyhttp "github.com/aws/smithy-go/transport/http"

	"github.com/nimbus-sdk/nimbus/internal/protocol"
	"github.com/nimbus-sdk/nimbus/internal/protocol/restxml"
	awsmw "github.com/nimbus-sdk/nimbus/middleware"
	v4 "github.com/nimbus-sdk/nimbus/signer/v4"
)

// The fake service's compressible operations: PutNote has an XML body,
// PutItemCompressed a streaming one.

type putNoteInput struct {
	_ struct{} `shape:"PutNoteRequest"`

	Id       *string `location:"uri" locationName:"Id" required:"true"`
	Encoding *string `location:"header" locationName:"Content-Encoding"`
	Text     *string
}

var opPutNote = Operation{
	Protocol: &protocol.Operation{
		Name:         "PutNote",
		Method:       "PUT",
		URI:          "/notes/{Id}",
		StatusCode:   200,
		InputXMLName: "PutNoteRequest",
	},
	NewOutput:          func() any { return new(putItemOutput) },
	RequestCompression: []string{"gzip"},
}

// opPutNoteChecked is PutNote with smithy.api#httpChecksumRequired.
var opPutNoteChecked = Operation{
	Protocol: &protocol.Operation{
		Name:             "PutNoteChecked",
		Method:           "PUT",
		URI:              "/notes/{Id}",
		StatusCode:       200,
		InputXMLName:     "PutNoteRequest",
		ChecksumRequired: true,
	},
	NewOutput:          func() any { return new(putItemOutput) },
	RequestCompression: []string{"gzip"},
}

var opPutItemCompressed = Operation{
	Protocol: &protocol.Operation{
		Name:       "PutItemCompressed",
		Method:     "PUT",
		URI:        "/items/{Id}",
		StatusCode: 200,
	},
	NewOutput:          func() any { return new(putItemOutput) },
	StreamingInput:     true,
	RequestCompression: []string{"br", "GZIP"}, // the first supported one counts
}

// received is what the compression tests' server saw of one request.
type received struct {
	header           http.Header
	contentLength    int64
	transferEncoding []string
	body             []byte
}

// capture is an httptest handler recording each request; it fails the
// first failFirst requests with 500.
type capture struct {
	mu        sync.Mutex
	reqs      []received
	failFirst int
}

func (c *capture) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	body, _ := io.ReadAll(r.Body)
	c.mu.Lock()
	c.reqs = append(c.reqs, received{r.Header.Clone(), r.ContentLength, r.TransferEncoding, body})
	n := len(c.reqs)
	c.mu.Unlock()
	if n <= c.failFirst {
		w.WriteHeader(http.StatusInternalServerError)
		io.WriteString(w, `<Error><Code>InternalError</Code><Message>try again</Message></Error>`)
	}
}

func (c *capture) requests() []received {
	c.mu.Lock()
	defer c.mu.Unlock()
	return slices.Clone(c.reqs)
}

// payloadHashes is an HTTPSignerV4 that records the payload hash of
// every attempt it signs.
type payloadHashes struct {
	mu     sync.Mutex
	hashes []string
}

func (p *payloadHashes) SignHTTP(ctx context.Context, in *v4.SignInput, optFns ...func(*v4.Options)) (v4.SignOutput, error) {
	p.mu.Lock()
	p.hashes = append(p.hashes, in.PayloadHash)
	p.mu.Unlock()
	return v4.NewSigner().SignHTTP(ctx, in, optFns...)
}

// noteBody returns the XML body PutNote sends, uncompressed, for text.
func noteBody(t *testing.T, text string) []byte {
	t.Helper()
	req := smithyhttp.NewStackRequest().(*smithyhttp.Request)
	if err := (restxml.Codec{}).SerializeRequest(opPutNote.Protocol, &putNoteInput{Id: ptr("n"), Text: &text}, req); err != nil {
		t.Fatal(err)
	}
	b, err := io.ReadAll(req.GetStream())
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// noteText returns a text that makes PutNote's body exactly size bytes.
func noteText(t *testing.T, size int) string {
	t.Helper()
	overhead := len(noteBody(t, ""))
	if size < overhead {
		t.Fatalf("a PutNote body is at least %d bytes", overhead)
	}
	return strings.Repeat("a", size-overhead)
}

func gunzip(t *testing.T, b []byte) []byte {
	t.Helper()
	zr, err := gzip.NewReader(bytes.NewReader(b))
	if err != nil {
		t.Fatalf("body is not gzip: %v", err)
	}
	out, err := io.ReadAll(zr)
	if err != nil {
		t.Fatalf("body is not gzip: %v", err)
	}
	return out
}

// uaFeatures returns the business-metric codes of an X-Amz-User-Agent.
func uaFeatures(h http.Header) []string {
	m := regexp.MustCompile(` m/([^ ]+)`).FindStringSubmatch(h.Get("X-Amz-User-Agent"))
	if m == nil {
		return nil
	}
	return strings.Split(m[1], ",")
}

// TestRequestCompression checks when PutNote's body is gzipped: from the
// minimum size on (10240 bytes unless set, none when negative), unless
// disabled; that an existing Content-Encoding is extended; that the
// Content-Length, the payload hash that is signed and the user agent's
// "L" code match what is sent; and that a minimum above 10 MiB fails the
// call before anything is sent.
func TestRequestCompression(t *testing.T) {
	tests := []struct {
		name         string
		opts         Options
		size         int    // of the uncompressed body
		encoding     string // the Content-Encoding member
		wantGzip     bool
		wantEncoding string
		wantErr      string
	}{
		{name: "one byte below the default minimum", size: DefaultRequestMinCompressSizeBytes - 1},
		{name: "at the default minimum", size: DefaultRequestMinCompressSizeBytes, wantGzip: true, wantEncoding: "gzip"},
		{name: "above the default minimum", size: 50000, wantGzip: true, wantEncoding: "gzip"},
		{name: "below a custom minimum", opts: Options{RequestMinCompressSizeBytes: 2000}, size: 1999},
		{name: "at a custom minimum", opts: Options{RequestMinCompressSizeBytes: 2000}, size: 2000, wantGzip: true, wantEncoding: "gzip"},
		{name: "no minimum", opts: Options{RequestMinCompressSizeBytes: -1}, size: len(noteBody(t, "")), wantGzip: true, wantEncoding: "gzip"},
		{name: "the largest minimum", opts: Options{RequestMinCompressSizeBytes: MaxRequestMinCompressSizeBytes}, size: 50000},
		{name: "disabled", opts: Options{DisableRequestCompression: true}, size: 50000},
		{name: "disabled with no minimum", opts: Options{DisableRequestCompression: true, RequestMinCompressSizeBytes: -1}, size: 50000},
		{name: "existing Content-Encoding", size: 50000, encoding: "custom", wantGzip: true, wantEncoding: "custom, gzip"},
		{name: "existing Content-Encoding below the minimum", size: 100, encoding: "custom", wantEncoding: "custom"},
		{name: "minimum above the maximum", opts: Options{RequestMinCompressSizeBytes: MaxRequestMinCompressSizeBytes + 1}, size: 50000, wantErr: "RequestMinCompressSizeBytes 10485761 is above the maximum"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			cap := &capture{}
			srv := httptest.NewServer(cap)
			defer srv.Close()
			signer := &payloadHashes{}
			rt := newTestRuntime(t, srv, func(o *Options) {
				o.DisableRequestCompression = tt.opts.DisableRequestCompression
				o.RequestMinCompressSizeBytes = tt.opts.RequestMinCompressSizeBytes
				o.HTTPSignerV4 = signer
			})
			text := noteText(t, tt.size)
			in := &putNoteInput{Id: ptr("n1"), Text: &text}
			if tt.encoding != "" {
				in.Encoding = &tt.encoding
			}
			_, _, err := rt.Invoke(context.Background(), &opPutNote, in, nil)
			if tt.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
					t.Fatalf("Invoke error = %v; want one containing %q", err, tt.wantErr)
				}
				if n := len(cap.requests()); n != 0 {
					t.Errorf("%d requests sent; want none", n)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			reqs := cap.requests()
			if len(reqs) != 1 {
				t.Fatalf("%d requests; want 1", len(reqs))
			}
			got := reqs[0]
			if ce := got.header.Get("Content-Encoding"); ce != tt.wantEncoding {
				t.Errorf("Content-Encoding = %q; want %q", ce, tt.wantEncoding)
			}
			if got.contentLength != int64(len(got.body)) {
				t.Errorf("Content-Length = %d; the body has %d bytes", got.contentLength, len(got.body))
			}
			plain := got.body
			if tt.wantGzip {
				plain = gunzip(t, got.body)
				if tt.size >= 1000 && len(got.body) >= len(plain) { // tiny bodies grow
					t.Errorf("compressed body has %d bytes; the uncompressed %d", len(got.body), len(plain))
				}
			}
			if len(plain) != tt.size {
				t.Errorf("uncompressed body has %d bytes; want %d", len(plain), tt.size)
			}
			sum := sha256.Sum256(got.body)
			if want := hex.EncodeToString(sum[:]); len(signer.hashes) != 1 || signer.hashes[0] != want {
				t.Errorf("signed payload hashes %q; want [%s], the hash of the bytes sent", signer.hashes, want)
			}
			if gotL := slices.Contains(uaFeatures(got.header), "L"); gotL != tt.wantGzip {
				t.Errorf("user agent %q reports L = %v; want %v", got.header.Get("X-Amz-User-Agent"), gotL, tt.wantGzip)
			}
		})
	}
}

// TestRequestCompressionPerCall checks that a call's own options switch
// compression on and off on the client's compiled chain.
func TestRequestCompressionPerCall(t *testing.T) {
	cap := &capture{}
	srv := httptest.NewServer(cap)
	defer srv.Close()
	rt := newTestRuntime(t, srv)
	text := noteText(t, 20000)
	for _, disable := range []bool{true, false} {
		o := rt.Options()
		o.DisableRequestCompression = disable
		if _, _, err := rt.Invoke(context.Background(), &opPutNote, &putNoteInput{Id: ptr("n"), Text: &text}, &o); err != nil {
			t.Fatal(err)
		}
	}
	reqs := cap.requests()
	for i, want := range []string{"", "gzip"} {
		if got := reqs[i].header.Get("Content-Encoding"); got != want {
			t.Errorf("call %d: Content-Encoding = %q; want %q", i+1, got, want)
		}
	}
}

// TestRequestCompressionBeforeChecksum checks that Content-MD5, computed
// in Build, covers the compressed bytes.
func TestRequestCompressionBeforeChecksum(t *testing.T) {
	cap := &capture{}
	srv := httptest.NewServer(cap)
	defer srv.Close()
	rt := newTestRuntime(t, srv)
	text := noteText(t, 20000)
	if _, _, err := rt.Invoke(context.Background(), &opPutNoteChecked, &putNoteInput{Id: ptr("n"), Text: &text}, nil); err != nil {
		t.Fatal(err)
	}
	got := cap.requests()[0]
	if got.header.Get("Content-Encoding") != "gzip" {
		t.Fatalf("Content-Encoding = %q; want gzip", got.header.Get("Content-Encoding"))
	}
	sum := md5.Sum(got.body)
	if want := base64.StdEncoding.EncodeToString(sum[:]); got.header.Get("Content-MD5") != want {
		t.Errorf("Content-MD5 = %q; want %q, the MD5 of the bytes sent", got.header.Get("Content-MD5"), want)
	}
}

// TestRequestCompressionRetry checks that a retried attempt resends the
// compressed body byte for byte, signed the same way, for an in-memory
// body and for a seekable stream.
func TestRequestCompressionRetry(t *testing.T) {
	text := noteText(t, 30000)
	tests := []struct {
		name  string
		op    *Operation
		input func() any
	}{
		{"in-memory body", &opPutNote, func() any { return &putNoteInput{Id: ptr("n"), Text: &text} }},
		{"seekable stream", &opPutItemCompressed, func() any {
			return &putItemInput{Id: ptr("i"), Body: strings.NewReader(strings.Repeat("stream ", 5000))}
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			cap := &capture{failFirst: 2}
			srv := httptest.NewServer(cap)
			defer srv.Close()
			signer := &payloadHashes{}
			rt := newTestRuntime(t, srv, func(o *Options) { o.HTTPSignerV4 = signer })
			if _, _, err := rt.Invoke(context.Background(), tt.op, tt.input(), nil); err != nil {
				t.Fatal(err)
			}
			reqs := cap.requests()
			if len(reqs) != 3 {
				t.Fatalf("%d attempts; want 3", len(reqs))
			}
			for i, r := range reqs {
				if r.header.Get("Content-Encoding") != "gzip" {
					t.Errorf("attempt %d: Content-Encoding = %q; want gzip", i+1, r.header.Get("Content-Encoding"))
				}
				if !bytes.Equal(r.body, reqs[0].body) {
					t.Errorf("attempt %d sent %d bytes that differ from the first attempt's %d", i+1, len(r.body), len(reqs[0].body))
				}
				if r.contentLength != int64(len(reqs[0].body)) {
					t.Errorf("attempt %d: Content-Length = %d; want %d", i+1, r.contentLength, len(reqs[0].body))
				}
			}
			sum := sha256.Sum256(reqs[0].body)
			want := hex.EncodeToString(sum[:])
			if len(signer.hashes) != 3 || slices.ContainsFunc(signer.hashes, func(h string) bool { return h != want }) {
				t.Errorf("signed payload hashes %q; want %s three times", signer.hashes, want)
			}
		})
	}
}

// onlyReader hides every method of its reader but Read, as a pipe or a
// network stream would.
type onlyReader struct{ r io.Reader }

func (o onlyReader) Read(p []byte) (int, error) { return o.r.Read(p) }

// TestRequestCompressionStreaming checks a streaming body: compressed
// whatever its size, with a known Content-Length when it can be rewound
// and chunked otherwise (over TLS, where an unhashed payload may be
// signed UNSIGNED-PAYLOAD); not compressed when disabled.
func TestRequestCompressionStreaming(t *testing.T) {
	const data = "small"
	tests := []struct {
		name        string
		body        func() io.Reader
		disable     bool
		wantGzip    bool
		wantChunked bool
	}{
		{name: "seekable, below the minimum", body: func() io.Reader { return strings.NewReader(data) }, wantGzip: true},
		{name: "not seekable", body: func() io.Reader { return onlyReader{strings.NewReader(data)} }, wantGzip: true, wantChunked: true},
		{name: "not seekable, known length", body: func() io.Reader { return bytes.NewBufferString(data) }, wantGzip: true, wantChunked: true},
		{name: "disabled", body: func() io.Reader { return strings.NewReader(data) }, disable: true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			cap := &capture{}
			srv := httptest.NewTLSServer(cap)
			defer srv.Close()
			rt := newTestRuntime(t, srv, func(o *Options) { o.DisableRequestCompression = tt.disable })
			if _, _, err := rt.Invoke(context.Background(), &opPutItemCompressed, &putItemInput{Id: ptr("i"), Body: tt.body()}, nil); err != nil {
				t.Fatal(err)
			}
			got := cap.requests()[0]
			plain := got.body
			if tt.wantGzip {
				if got.header.Get("Content-Encoding") != "gzip" {
					t.Errorf("Content-Encoding = %q; want gzip", got.header.Get("Content-Encoding"))
				}
				plain = gunzip(t, got.body)
			} else if ce := got.header.Get("Content-Encoding"); ce != "" {
				t.Errorf("Content-Encoding = %q; want none", ce)
			}
			if string(plain) != data {
				t.Errorf("uncompressed body = %q; want %q", plain, data)
			}
			if chunked := slices.Contains(got.transferEncoding, "chunked"); chunked != tt.wantChunked {
				t.Errorf("chunked = %v (Content-Length %d); want %v", chunked, got.contentLength, tt.wantChunked)
			}
			if !tt.wantChunked && got.contentLength != int64(len(got.body)) {
				t.Errorf("Content-Length = %d; the body has %d bytes", got.contentLength, len(got.body))
			}
		})
	}
}

// TestRequestCompressionStack checks that RequestCompression follows the
// serializer in Serialize, where aws-sdk-go-v2 puts it, and only in the
// stacks of operations with the trait.
func TestRequestCompressionStack(t *testing.T) {
	srv := httptest.NewServer(&capture{})
	defer srv.Close()
	rt := newTestRuntime(t, srv)
	for _, tt := range []struct {
		op   *Operation
		want []string
	}{
		{&opPutNote, []string{awsmw.IDOperationSerializer, awsmw.IDRequestCompression}},
		{&opPutItem, []string{awsmw.IDOperationSerializer}},
	} {
		st, err := rt.Stack(tt.op)
		if err != nil {
			t.Fatal(err)
		}
		if got := st.Serialize.List(); !slices.Equal(got, tt.want) {
			t.Errorf("%s: Serialize = %v; want %v", tt.op.Protocol.Name, got, tt.want)
		}
	}
}

// TestRequestCompressionRemovable checks the aws-sdk-go-v2 way of turning
// compression off for one client: removing the step by its ID.
func TestRequestCompressionRemovable(t *testing.T) {
	cap := &capture{}
	srv := httptest.NewServer(cap)
	defer srv.Close()
	rt := newTestRuntime(t, srv, func(o *Options) {
		o.APIOptions = append(o.APIOptions, func(st *middleware.Stack) error {
			_, err := st.Serialize.Remove(awsmw.IDRequestCompression)
			return err
		})
	})
	text := noteText(t, 20000)
	if _, _, err := rt.Invoke(context.Background(), &opPutNote, &putNoteInput{Id: ptr("n"), Text: &text}, nil); err != nil {
		t.Fatal(err)
	}
	if ce := cap.requests()[0].header.Get("Content-Encoding"); ce != "" {
		t.Errorf("Content-Encoding = %q; want none", ce)
	}
}

// TestCompressUnsupportedEncoding checks that an operation whose
// encodings Nimbus does not implement is sent as it is.
func TestCompressUnsupportedEncoding(t *testing.T) {
	req := smithyhttp.NewStackRequest().(*smithyhttp.Request)
	req, err := req.SetStream(strings.NewReader(strings.Repeat("x", 20000)))
	if err != nil {
		t.Fatal(err)
	}
	enc, err := Compress(req, &Operation{RequestCompression: []string{"br", "zstd"}}, &Options{})
	if enc != "" || err != nil {
		t.Errorf("Compress = %q, %v; want \"\", nil", enc, err)
	}
	if ce := req.Header.Get("Content-Encoding"); ce != "" {
		t.Errorf("Content-Encoding = %q; want none", ce)
	}
}

// TestGzipSeeker checks the seeks the compressed stream of a seekable
// body supports, from a source whose body starts past its beginning.
func TestGzipSeeker(t *testing.T) {
	const data = "0123456789 the body starts at the space"
	src := strings.NewReader("skipped" + data)
	if _, err := src.Seek(int64(len("skipped")), io.SeekStart); err != nil {
		t.Fatal(err)
	}
	var want bytes.Buffer
	zw := gzip.NewWriter(&want)
	io.WriteString(zw, data)
	zw.Close()

	s := &gzipSeeker{gzipReader: newGzipReader(src), src: src, start: int64(len("skipped")), size: -1}
	head := make([]byte, 4)
	if _, err := io.ReadFull(s, head); err != nil {
		t.Fatal(err)
	}
	if pos, err := s.Seek(0, io.SeekCurrent); pos != 4 || err != nil {
		t.Errorf("Seek(0, current) after 4 bytes = %d, %v; want 4, nil", pos, err)
	}
	if end, err := s.Seek(0, io.SeekEnd); end != int64(want.Len()) || err != nil {
		t.Errorf("Seek(0, end) = %d, %v; want %d, nil", end, err, want.Len())
	}
	if n, err := s.Read(head); n != 0 || !errors.Is(err, io.EOF) {
		t.Errorf("Read at the end = %d, %v; want 0, EOF", n, err)
	}
	for i := range 2 {
		if pos, err := s.Seek(0, io.SeekStart); pos != 0 || err != nil {
			t.Fatalf("Seek(0, start) = %d, %v; want 0, nil", pos, err)
		}
		got, err := io.ReadAll(s)
		if err != nil || !bytes.Equal(got, want.Bytes()) {
			t.Errorf("pass %d: read %d bytes, %v; want the %d bytes of gzip(%q)", i+1, len(got), err, want.Len(), data)
		}
	}
	for _, seek := range [][2]int64{{1, io.SeekStart}, {-1, io.SeekEnd}, {1, io.SeekCurrent}} {
		if _, err := s.Seek(seek[0], int(seek[1])); !errors.Is(err, errGzipSeek) {
			t.Errorf("Seek(%d, %d) error = %v; want errGzipSeek", seek[0], seek[1], err)
		}
	}
}

// failingReader returns its data, then err.
type failingReader struct {
	data []byte
	err  error
}

func (f *failingReader) Read(p []byte) (int, error) {
	if len(f.data) == 0 {
		return 0, f.err
	}
	n := copy(p, f.data)
	f.data = f.data[n:]
	return n, nil
}

// TestGzipReaderError checks that a source's error ends the compressed
// stream with that error, every time it is read.
func TestGzipReaderError(t *testing.T) {
	boom := errors.New("boom")
	r := newGzipReader(&failingReader{data: []byte("some data"), err: boom})
	for i := range 2 {
		if _, err := io.ReadAll(r); !errors.Is(err, boom) {
			t.Errorf("read %d: error = %v; want %v", i+1, err, boom)
		}
	}
}

// ExampleCompress shows the RequestCompression step's work on a request
// a codec serialized with a Content-Encoding of its own.
func ExampleCompress() {
	req := smithyhttp.NewStackRequest().(*smithyhttp.Request)
	req.Header.Set("Content-Encoding", "custom")
	req, _ = req.SetStream(strings.NewReader(strings.Repeat("metric data ", 1000)))
	op := &Operation{RequestCompression: []string{"gzip"}}
	enc, err := Compress(req, op, &Options{RequestMinCompressSizeBytes: 1000})
	fmt.Println(enc, err, req.Header.Get("Content-Encoding"), req.ContentLength < 12000)
	// Output: gzip <nil> custom, gzip true
}
