package v4

import (
	"bytes"
	"hash/crc32"
	"io"
	"testing"
)

// TestEncodedContentLength_OverFourGiB checks EncodedContentLength for
// payloads too large to encode in a test (5 GiB and 5 TiB, past what
// int and uint32 hold on 32-bit platforms, where make emulated runs it)
// against lengths measured on the reader: n = k full chunks plus r bytes
// encodes to k chunks of the measured size plus the measured encoding of
// r bytes.
func TestEncodedContentLength_OverFourGiB(t *testing.T) {
	seed, _ := streamingExample(t)
	const chunk = 64 << 10
	for _, signed := range []bool{false, true} {
		in := func(size int) ChunkedInput {
			in := ChunkedInput{Payload: bytes.NewReader(make([]byte, size)), ChunkSize: chunk,
				Trailers: []Trailer{HashTrailer("x-amz-checksum-crc32", crc32.NewIEEE())}}
			if signed {
				in.Seed = &seed
			}
			return in
		}
		measure := func(size int) int64 {
			r, err := NewChunkedReader(in(size))
			if err != nil {
				t.Fatal(err)
			}
			n, err := io.Copy(io.Discard, r)
			if err != nil {
				t.Fatal(err)
			}
			return n
		}
		empty, full := measure(0), measure(chunk)
		for _, n := range []int64{5<<30 + 12345, 5 << 40} {
			k, r := n/chunk, n%chunk
			want := k*(full-empty) + measure(int(r))
			p := in(0)
			if got := EncodedContentLength(n, &p); got != want {
				t.Errorf("signed=%v: EncodedContentLength(%d) = %d; want %d", signed, n, got, want)
			}
		}
	}
}
