package checksum

import (
	"encoding/binary"
	"math/bits"
)

// XXH64, as specified in xxHash's doc/xxhash_spec.md (v0.8), with seed 0,
// the only seed S3 uses. It is written here rather than imported so that
// the root module keeps to the standard library and smithy-go (see
// xxh3.go for the reasoning).

const (
	prime64_1 = 0x9E3779B185EBCA87
	prime64_2 = 0xC2B2AE3D27D4EB4F
	prime64_3 = 0x165667B19E3779F9
	prime64_4 = 0x85EBCA77C2B2AE63
	prime64_5 = 0x27D4EB2F165667C5
)

// xxh64 is a streaming XXH64 with seed 0. Sum appends the canonical,
// big-endian form of the 64-bit result, which is what S3 base64-encodes.
type xxh64 struct {
	acc   [4]uint64
	total uint64   // bytes written
	mem   [32]byte // a partial stripe
	n     int      // bytes in mem
}

func newXXH64() *xxh64 {
	d := new(xxh64)
	d.Reset()
	return d
}

func (d *xxh64) Reset() {
	// prime64_1 + prime64_2, prime64_2, 0 and -prime64_1, modulo 2^64.
	d.acc = [4]uint64{0x60EA27EEADC0B5D6, prime64_2, 0, 0x61C8864E7A143579}
	d.total, d.n = 0, 0
}

func (d *xxh64) Size() int      { return 8 }
func (d *xxh64) BlockSize() int { return 32 }

// xxh64Round is the spec's round(acc, lane).
func xxh64Round(acc, lane uint64) uint64 {
	acc += lane * prime64_2
	return bits.RotateLeft64(acc, 31) * prime64_1
}

// stripes consumes whole 32-byte stripes of p.
func (d *xxh64) stripes(p []byte) {
	a0, a1, a2, a3 := d.acc[0], d.acc[1], d.acc[2], d.acc[3]
	for ; len(p) >= 32; p = p[32:] {
		a0 = xxh64Round(a0, binary.LittleEndian.Uint64(p[0:8]))
		a1 = xxh64Round(a1, binary.LittleEndian.Uint64(p[8:16]))
		a2 = xxh64Round(a2, binary.LittleEndian.Uint64(p[16:24]))
		a3 = xxh64Round(a3, binary.LittleEndian.Uint64(p[24:32]))
	}
	d.acc = [4]uint64{a0, a1, a2, a3}
}

func (d *xxh64) Write(p []byte) (int, error) {
	n := len(p)
	d.total += uint64(n)
	if d.n+len(p) < 32 {
		d.n += copy(d.mem[d.n:], p)
		return n, nil
	}
	if d.n > 0 {
		c := copy(d.mem[d.n:], p)
		d.stripes(d.mem[:])
		p = p[c:]
		d.n = 0
	}
	whole := len(p) &^ 31
	d.stripes(p[:whole])
	d.n = copy(d.mem[:], p[whole:])
	return n, nil
}

func (d *xxh64) Sum64() uint64 {
	var h uint64
	if d.total >= 32 {
		a := d.acc
		h = bits.RotateLeft64(a[0], 1) + bits.RotateLeft64(a[1], 7) +
			bits.RotateLeft64(a[2], 12) + bits.RotateLeft64(a[3], 18)
		for _, v := range a {
			h ^= xxh64Round(0, v)
			h = h*prime64_1 + prime64_4
		}
	} else {
		h = prime64_5
	}
	h += d.total
	p := d.mem[:d.n]
	for ; len(p) >= 8; p = p[8:] {
		h ^= xxh64Round(0, binary.LittleEndian.Uint64(p))
		h = bits.RotateLeft64(h, 27)*prime64_1 + prime64_4
	}
	if len(p) >= 4 {
		h ^= uint64(binary.LittleEndian.Uint32(p)) * prime64_1
		h = bits.RotateLeft64(h, 23)*prime64_2 + prime64_3
		p = p[4:]
	}
	for _, b := range p {
		h ^= uint64(b) * prime64_5
		h = bits.RotateLeft64(h, 11) * prime64_1
	}
	return xxh64Avalanche(h)
}

// xxh64Avalanche is XXH64's final mix, which XXH3 reuses.
func xxh64Avalanche(h uint64) uint64 {
	h ^= h >> 33
	h *= prime64_2
	h ^= h >> 29
	h *= prime64_3
	h ^= h >> 32
	return h
}

func (d *xxh64) Sum(b []byte) []byte { return binary.BigEndian.AppendUint64(b, d.Sum64()) }
