package v4

import (
	"bytes"
	"context"
	"encoding/base64"
	"errors"
	"hash/crc32"
	"io"
	"strconv"
	"strings"
	"testing"
	"testing/iotest"
)

// streamingExample is the S3 documentation's chunked upload: 66560 bytes
// of 'a' in 64 KiB chunks, signed with STREAMING-AWS4-HMAC-SHA256-PAYLOAD.
func streamingExample(t *testing.T) (SignOutput, []byte) {
	t.Helper()
	r := mustRequest(t, "PUT", "https://s3.amazonaws.com/examplebucket/chunkObject.txt", map[string]string{
		"Content-Encoding":             "aws-chunked",
		"X-Amz-Decoded-Content-Length": "66560",
		"X-Amz-Storage-Class":          "REDUCED_REDUNDANCY",
	})
	r.ContentLength = 66824
	s := NewSigner(func(o *Options) { o.DisableURIPathEscaping = true })
	var creq string
	s.trace = func(c, _ string) { creq = c }
	out, err := s.SignHTTP(context.Background(), &SignInput{
		Request: r, PayloadHash: StreamingSignedPayload, Credentials: s3Creds,
		Service: "s3", Region: "us-east-1", Time: s3Time,
	})
	if err != nil {
		t.Fatalf("SignHTTP: %v", err)
	}
	checkGolden(t, "s3/streaming-put-object.creq", creq)
	return out, bytes.Repeat([]byte{'a'}, 66560)
}

func TestChunkedReader_S3StreamingExample(t *testing.T) {
	seed, payload := streamingExample(t)
	const wantSeed = "4f232c4386841ef735655705268965c44a0e4690baa4adea153f7db9fa80a0a9"
	if seed.Signature != wantSeed {
		t.Fatalf("seed Signature = %s; want %s", seed.Signature, wantSeed)
	}
	var want bytes.Buffer
	for _, c := range []struct {
		size int
		sig  string
	}{
		{65536, "ad80c730a21e5b8d04586a2213dd63b9a0e99e0e2307b0ade35a65485a288648"},
		{1024, "0055627c9e194cb4542bae2aa5492e3c1575bbb81b612b7d234b86a503ef5497"},
		{0, "b6c6ea8a5354eaf15b3cb7646744f4275b71ea724fed81ceb9323e279d449df9"},
	} {
		want.WriteString(strconv.FormatInt(int64(c.size), 16) + ";chunk-signature=" + c.sig + "\r\n")
		want.Write(payload[:c.size])
		want.WriteString("\r\n")
	}
	for _, tc := range []struct {
		name string
		wrap func(io.Reader) io.Reader
		read func(io.Reader) ([]byte, error)
	}{
		{"readall", nil, io.ReadAll},
		{"one-byte-reads", nil, func(r io.Reader) ([]byte, error) { return io.ReadAll(iotest.OneByteReader(r)) }},
		{"half-reads-payload", iotest.HalfReader, io.ReadAll},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var src io.Reader = bytes.NewReader(payload)
			if tc.wrap != nil {
				src = tc.wrap(src)
			}
			in := ChunkedInput{Payload: src, Seed: &seed}
			r, err := NewChunkedReader(in)
			if err != nil {
				t.Fatalf("NewChunkedReader: %v", err)
			}
			got, err := tc.read(r)
			if err != nil {
				t.Fatalf("read: %v", err)
			}
			if !bytes.Equal(got, want.Bytes()) {
				t.Errorf("body differs from the documented one (len %d, want %d)\n got head: %q\nwant head: %q",
					len(got), want.Len(), head(got), head(want.Bytes()))
			}
			if n := EncodedContentLength(int64(len(payload)), &in); n != 66824 {
				t.Errorf("EncodedContentLength = %d; want 66824", n)
			}
		})
	}
}

func head(b []byte) []byte { return b[:min(len(b), 100)] }

func TestChunkedReader_UnsignedTrailer(t *testing.T) {
	payload := []byte(strings.Repeat("hello world ", 3000)) // 36000 bytes
	crc := crc32.NewIEEE()
	crc.Write(payload)
	sum := base64.StdEncoding.EncodeToString(crc.Sum(nil))

	in := ChunkedInput{
		Payload:   bytes.NewReader(payload),
		ChunkSize: 16 << 10,
		Trailers:  []Trailer{HashTrailer("x-amz-checksum-crc32", crc32.NewIEEE())},
	}
	r, err := NewChunkedReader(in)
	if err != nil {
		t.Fatal(err)
	}
	got, err := io.ReadAll(r)
	if err != nil {
		t.Fatal(err)
	}
	want := "4000\r\n" + string(payload[:16384]) + "\r\n" +
		"4000\r\n" + string(payload[16384:32768]) + "\r\n" +
		strconv.FormatInt(int64(len(payload)-32768), 16) + "\r\n" + string(payload[32768:]) + "\r\n" +
		"0\r\nx-amz-checksum-crc32:" + sum + "\r\n\r\n"
	if string(got) != want {
		t.Errorf("body tail = %q; want %q", got[len(got)-60:], want[len(want)-60:])
	}
	if n := EncodedContentLength(int64(len(payload)), &in); n != int64(len(want)) {
		t.Errorf("EncodedContentLength = %d; want %d", n, len(want))
	}
}

func TestChunkedReader_Lengths(t *testing.T) {
	seed, _ := streamingExample(t)
	for _, size := range []int{0, 1, 8191, 8192, 8193, 3*8192 + 17} {
		for _, signed := range []bool{false, true} {
			for _, trailers := range []int{0, 2} {
				name := strconv.Itoa(size) + "/signed=" + strconv.FormatBool(signed) + "/trailers=" + strconv.Itoa(trailers)
				t.Run(name, func(t *testing.T) {
					in := ChunkedInput{Payload: bytes.NewReader(make([]byte, size)), ChunkSize: 8192}
					if signed {
						in.Seed = &seed
					}
					if trailers > 0 {
						in.Trailers = []Trailer{
							HashTrailer("x-amz-checksum-crc32", crc32.NewIEEE()),
							{Name: "x-amz-meta-n", Value: func() string { return "42" }, ValueLen: 2},
						}
					}
					r, err := NewChunkedReader(in)
					if err != nil {
						t.Fatal(err)
					}
					got, err := io.ReadAll(r)
					if err != nil {
						t.Fatal(err)
					}
					if want := EncodedContentLength(int64(size), &in); int64(len(got)) != want {
						t.Errorf("len(body) = %d; EncodedContentLength = %d", len(got), want)
					}
					if !bytes.HasSuffix(got, []byte("\r\n\r\n")) {
						t.Errorf("body does not end with an empty line: %q", got[max(0, len(got)-40):])
					}
					if signed && trailers > 0 && !bytes.Contains(got, []byte("\r\nx-amz-trailer-signature:")) {
						t.Errorf("signed body with trailers lacks x-amz-trailer-signature: %q", got[max(0, len(got)-200):])
					}
				})
			}
		}
	}
}

func TestChunkedReader_PayloadError(t *testing.T) {
	boom := errors.New("boom")
	r, err := NewChunkedReader(ChunkedInput{Payload: iotest.ErrReader(boom)})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := io.ReadAll(r); !errors.Is(err, boom) {
		t.Errorf("ReadAll error = %v; want %v", err, boom)
	}
}

func TestNewChunkedReader_InvalidInput(t *testing.T) {
	seed, _ := streamingExample(t)
	for _, tc := range []struct {
		name  string
		in    ChunkedInput
		field string
	}{
		{"nil-payload", ChunkedInput{}, "Payload"},
		{"zero-seed", ChunkedInput{Payload: strings.NewReader(""), Seed: &SignOutput{}}, "Seed"},
		{"small-signed-chunks", ChunkedInput{Payload: strings.NewReader(""), Seed: &seed, ChunkSize: 1024}, "ChunkSize"},
		{"trailer-without-value", ChunkedInput{Payload: strings.NewReader(""), Trailers: []Trailer{{Name: "x"}}}, "Trailers"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := NewChunkedReader(tc.in)
			var ie *InvalidInputError
			if !errors.As(err, &ie) || ie.Field != tc.field {
				t.Errorf("NewChunkedReader error = %v; want *InvalidInputError for %s", err, tc.field)
			}
		})
	}
}

// TestChunkedReader_DecodedLengthHint checks that telling the reader the
// payload length (so it buffers less) does not change the encoding.
func TestChunkedReader_DecodedLengthHint(t *testing.T) {
	seed, _ := streamingExample(t)
	for _, size := range []int{1, 100, 8191, 8192, 8193, 3*8192 + 17} {
		t.Run(strconv.Itoa(size), func(t *testing.T) {
			payload := bytes.Repeat([]byte{7}, size)
			encode := func(hint int64) []byte {
				r, err := NewChunkedReader(ChunkedInput{
					Payload: bytes.NewReader(payload), ChunkSize: 8192, Seed: &seed, DecodedLength: hint,
					Trailers: []Trailer{HashTrailer("x-amz-checksum-crc32", crc32.NewIEEE())},
				})
				if err != nil {
					t.Fatal(err)
				}
				got, err := io.ReadAll(r)
				if err != nil {
					t.Fatal(err)
				}
				return got
			}
			if plain, hinted := encode(0), encode(int64(size)); !bytes.Equal(plain, hinted) {
				t.Errorf("encoding with DecodedLength differs:\n%q\n%q", plain, hinted)
			}
		})
	}
}
