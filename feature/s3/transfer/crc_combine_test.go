package transfer

import (
	"encoding/binary"
	"math/rand/v2"
	"testing"
	"time"

	"github.com/nimbus-sdk/nimbus/services/s3/types"
)

// straightCRC returns alg's CRC of b as a number.
func straightCRC(alg types.ChecksumAlgorithm, b []byte) uint64 {
	h := newHash(alg)
	h.Write(b)
	raw := h.Sum(nil)
	if len(raw) == 4 {
		return uint64(binary.BigEndian.Uint32(raw))
	}
	return binary.BigEndian.Uint64(raw)
}

var crcAlgorithms = []types.ChecksumAlgorithm{
	types.ChecksumAlgorithmCrc32, types.ChecksumAlgorithmCrc32c, types.ChecksumAlgorithmCrc64nvme,
}

// TestCRCCombine checks crc(A||B) = combine(crc(A), crc(B), len(B))
// against the straight CRC of the concatenation, on edge lengths and on
// random splits of random data (the seed is logged).
func TestCRCCombine(t *testing.T) {
	seed := uint64(time.Now().UnixNano())
	t.Logf("seed %d", seed)
	r := rand.New(rand.NewPCG(seed, 1))
	data := make([]byte, 1<<16)
	for i := range data {
		data[i] = byte(r.Uint32())
	}
	type split struct{ a, b int }
	splits := []split{{0, 0}, {0, 1}, {1, 0}, {1, 1}, {3, 5}, {8, 8}, {100, 4096}, {65535, 1}, {1, 65535}}
	for range 50 {
		a := r.IntN(len(data))
		splits = append(splits, split{a, r.IntN(len(data) - a + 1)})
	}
	for _, alg := range crcAlgorithms {
		t.Run(string(alg), func(t *testing.T) {
			poly, _ := crcPolyOf(alg)
			for _, s := range splits {
				a, b := data[:s.a], data[s.a:s.a+s.b]
				got := poly.combine(straightCRC(alg, a), straightCRC(alg, b), int64(len(b)))
				if want := straightCRC(alg, data[:s.a+s.b]); got != want {
					t.Errorf("combine(crc(%d bytes), crc(%d bytes)) = %#x; want %#x", s.a, s.b, got, want)
				}
			}
		})
	}
}

// TestCRCCombinerParts combines many pieces in order, as a download does
// with its parts, including empty ones.
func TestCRCCombinerParts(t *testing.T) {
	seed := uint64(time.Now().UnixNano())
	t.Logf("seed %d", seed)
	r := rand.New(rand.NewPCG(seed, 2))
	data := make([]byte, 200_000)
	for i := range data {
		data[i] = byte(r.Uint32())
	}
	for _, alg := range crcAlgorithms {
		t.Run(string(alg), func(t *testing.T) {
			poly, _ := crcPolyOf(alg)
			cc := crcCombiner{poly: poly}
			for off := 0; off < len(data); {
				n := min(r.IntN(30_000), len(data)-off)
				cc.add(straightCRC(alg, data[off:off+n]), int64(n))
				off += n
			}
			if want := straightCRC(alg, data); cc.sum != want || cc.n != int64(len(data)) {
				t.Errorf("combined %d bytes = %#x; want %d bytes, %#x", cc.n, cc.sum, len(data), want)
			}
		})
	}
}

// TestCRCEncoding round-trips S3's base64 form, with known values.
func TestCRCEncoding(t *testing.T) {
	tests := []struct {
		alg  types.ChecksumAlgorithm
		in   string
		want string
	}{
		{types.ChecksumAlgorithmCrc32, "Hello world", "i9aeUg=="},
		{types.ChecksumAlgorithmCrc32c, "Hello world", "crUfeA=="},
		{types.ChecksumAlgorithmCrc64nvme, "Hello, World!\n", "SoXXbx67KpE="},
	}
	for _, tt := range tests {
		t.Run(string(tt.alg), func(t *testing.T) {
			poly, _ := crcPolyOf(tt.alg)
			if got := encodeCRC(poly, straightCRC(tt.alg, []byte(tt.in))); got != tt.want {
				t.Errorf("encodeCRC(%q) = %q; want %q", tt.in, got, tt.want)
			}
			v, err := decodeCRC(poly, tt.want)
			if err != nil || v != straightCRC(tt.alg, []byte(tt.in)) {
				t.Errorf("decodeCRC(%q) = %#x, %v", tt.want, v, err)
			}
		})
	}
	if _, err := decodeCRC(polyCRC32, "AAAAAAAAAAA="); err == nil {
		t.Error("decodeCRC accepted 8 bytes for a 32-bit CRC")
	}
}

func BenchmarkCRCCombine(b *testing.B) {
	for b.Loop() {
		polyCRC64NVME.combine(0x1234, 0x5678, 8<<20)
	}
}
