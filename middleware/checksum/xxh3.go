package checksum

import (
	"encoding/binary"
	"math/bits"
)

// XXH3-64 and XXH3-128, as specified in xxHash's doc/xxhash_spec.md (v0.8),
// with seed 0 and the default secret: S3's XXHASH3 and XXHASH128.
//
// Why not a library: response validation lives in this, the root module,
// which imports only the standard library and smithy-go. The usual
// libraries (github.com/zeebo/xxh3, github.com/cespare/xxhash/v2) would
// bring four modules into every Nimbus program, klauspost/cpuid and
// golang.org/x/sys among them, for SIMD paths that validation does not
// need: a checksum checked while a body arrives over the network runs far
// below the several GB/s of this portable code. The algorithm is fixed by
// its specification; xxh_test.go checks this code against the reference C
// implementation's output for every input path and boundary.

const (
	prime32_1 = 0x9E3779B1
	prime32_2 = 0x85EBCA77
	prime32_3 = 0xC2B2AE3D
	primeMX1  = 0x165667919E3779F9
	primeMX2  = 0x9FB21C651E98DF25
)

// xxh3Secret is XXH3's default secret (doc/xxhash_spec.md, "Seed and
// Secret"), read as little-endian words at any byte offset.
var xxh3Secret = [192]byte{
	0xb8, 0xfe, 0x6c, 0x39, 0x23, 0xa4, 0x4b, 0xbe, 0x7c, 0x01, 0x81, 0x2c, 0xf7, 0x21, 0xad, 0x1c,
	0xde, 0xd4, 0x6d, 0xe9, 0x83, 0x90, 0x97, 0xdb, 0x72, 0x40, 0xa4, 0xa4, 0xb7, 0xb3, 0x67, 0x1f,
	0xcb, 0x79, 0xe6, 0x4e, 0xcc, 0xc0, 0xe5, 0x78, 0x82, 0x5a, 0xd0, 0x7d, 0xcc, 0xff, 0x72, 0x21,
	0xb8, 0x08, 0x46, 0x74, 0xf7, 0x43, 0x24, 0x8e, 0xe0, 0x35, 0x90, 0xe6, 0x81, 0x3a, 0x26, 0x4c,
	0x3c, 0x28, 0x52, 0xbb, 0x91, 0xc3, 0x00, 0xcb, 0x88, 0xd0, 0x65, 0x8b, 0x1b, 0x53, 0x2e, 0xa3,
	0x71, 0x64, 0x48, 0x97, 0xa2, 0x0d, 0xf9, 0x4e, 0x38, 0x19, 0xef, 0x46, 0xa9, 0xde, 0xac, 0xd8,
	0xa8, 0xfa, 0x76, 0x3f, 0xe3, 0x9c, 0x34, 0x3f, 0xf9, 0xdc, 0xbb, 0xc7, 0xc7, 0x0b, 0x4f, 0x1d,
	0x8a, 0x51, 0xe0, 0x4b, 0xcd, 0xb4, 0x59, 0x31, 0xc8, 0x9f, 0x7e, 0xc9, 0xd9, 0x78, 0x73, 0x64,
	0xea, 0xc5, 0xac, 0x83, 0x34, 0xd3, 0xeb, 0xc3, 0xc5, 0x81, 0xa0, 0xff, 0xfa, 0x13, 0x63, 0xeb,
	0x17, 0x0d, 0xdd, 0x51, 0xb7, 0xf0, 0xda, 0x49, 0xd3, 0x16, 0x55, 0x26, 0x29, 0xd4, 0x68, 0x9e,
	0x2b, 0x16, 0xbe, 0x58, 0x7d, 0x47, 0xa1, 0xfc, 0x8f, 0xf8, 0xb8, 0xd1, 0x7a, 0xd0, 0x31, 0xce,
	0x45, 0xcb, 0x3a, 0x8f, 0x95, 0x16, 0x04, 0x28, 0xaf, 0xd7, 0xfb, 0xca, 0xbb, 0x4b, 0x40, 0x7e,
}

// The long-input geometry for the default secret.
const (
	xxh3Stripe       = 64
	xxh3StripesBlock = (len(xxh3Secret) - 64) / 8 // 16
	xxh3Buffer       = 4 * xxh3Stripe             // input held back between writes
	xxh3MidMax       = 240                        // longest input of the short and medium paths
)

// sec64 and sec32 read the secret at byte offset i.
func sec64(i int) uint64 { return binary.LittleEndian.Uint64(xxh3Secret[i:]) }
func sec32(i int) uint32 { return binary.LittleEndian.Uint32(xxh3Secret[i:]) }

func le64(b []byte) uint64 { return binary.LittleEndian.Uint64(b) }
func le32(b []byte) uint32 { return binary.LittleEndian.Uint32(b) }

// xxh3Avalanche is the spec's avalanche().
func xxh3Avalanche(h uint64) uint64 {
	h ^= h >> 37
	h *= primeMX1
	h ^= h >> 32
	return h
}

// mix16 is the spec's mixStep with seed 0: 16 bytes of b against 16 bytes
// of the secret at s.
func mix16(b []byte, s int) uint64 {
	hi, lo := bits.Mul64(le64(b)^sec64(s), le64(b[8:])^sec64(s+8))
	return lo ^ hi
}

// xxh3 is a streaming XXH3 with seed 0: XXH3-64, or XXH3-128 when wide is
// set. Inputs of up to 240 bytes are hashed whole at Sum; longer ones are
// consumed stripe by stripe as they are written, always keeping the last
// byte back, because the last stripe is processed differently.
type xxh3 struct {
	wide    bool
	acc     [8]uint64
	stripes int              // stripes accumulated in the current block
	total   uint64           // bytes written
	buf     [xxh3Buffer]byte // bytes written but not consumed
	n       int              // bytes in buf
	last    [xxh3Stripe]byte // the last stripe consumed
}

func newXXH3(wide bool) *xxh3 {
	d := &xxh3{wide: wide}
	d.Reset()
	return d
}

func (d *xxh3) Reset() {
	d.acc = [8]uint64{prime32_3, prime64_1, prime64_2, prime64_3, prime64_4, prime32_2, prime64_5, prime32_1}
	d.stripes, d.total, d.n = 0, 0, 0
}

func (d *xxh3) Size() int {
	if d.wide {
		return 16
	}
	return 8
}

func (d *xxh3) BlockSize() int { return xxh3Stripe }

func (d *xxh3) Write(p []byte) (int, error) {
	n := len(p)
	d.total += uint64(n)
	if d.n+len(p) <= len(d.buf) {
		d.n += copy(d.buf[d.n:], p)
		return n, nil
	}
	// More than the buffer holds: what is buffered is followed by more
	// input, so none of it is the last stripe.
	if d.n > 0 {
		c := copy(d.buf[d.n:], p)
		p = p[c:]
		xxh3Consume(&d.acc, &d.stripes, d.buf[:])
		d.last = [xxh3Stripe]byte(d.buf[len(d.buf)-xxh3Stripe:])
		d.n = 0
	}
	// p is not empty here. Consume its whole stripes but the one holding
	// its last byte.
	if k := (len(p) - 1) / xxh3Stripe * xxh3Stripe; k > 0 {
		xxh3Consume(&d.acc, &d.stripes, p[:k])
		d.last = [xxh3Stripe]byte(p[k-xxh3Stripe : k])
		p = p[k:]
	}
	d.n = copy(d.buf[:], p)
	return n, nil
}

// xxh3Consume accumulates the stripes of p (a multiple of 64 bytes) into
// acc, scrambling acc at the end of each 16-stripe block; stripes counts
// the stripes of the current block.
func xxh3Consume(acc *[8]uint64, stripes *int, p []byte) {
	for ; len(p) >= xxh3Stripe; p = p[xxh3Stripe:] {
		xxh3Accumulate(acc, p, xxh3Words[*stripes:])
		if *stripes++; *stripes == xxh3StripesBlock {
			xxh3Scramble(acc)
			*stripes = 0
		}
	}
}

// xxh3Words holds the secret as little-endian words at every 8-byte
// offset, the offsets at which stripes read it.
var xxh3Words = func() (w [len(xxh3Secret) / 8]uint64) {
	for i := range w {
		w[i] = sec64(8 * i)
	}
	return w
}()

// xxh3Accumulate is the spec's accumulate(stripe, secretOffset), with the
// eight secret words at that offset.
func xxh3Accumulate(acc *[8]uint64, stripe []byte, sw []uint64) {
	stripe, sw = stripe[:xxh3Stripe], sw[:8]
	for i := 0; i < 8; i += 2 {
		v0, v1 := le64(stripe[8*i:]), le64(stripe[8*i+8:])
		k0, k1 := v0^sw[i], v1^sw[i+1]
		acc[i] += v1 + uint64(uint32(k0))*(k0>>32)
		acc[i+1] += v0 + uint64(uint32(k1))*(k1>>32)
	}
}

// xxh3Scramble is the spec's round_scramble().
func xxh3Scramble(acc *[8]uint64) {
	for i := range acc {
		a := acc[i]
		a ^= a >> 47
		a ^= sec64(len(xxh3Secret) - 64 + 8*i)
		acc[i] = a * prime32_1
	}
}

// xxh3Merge is the spec's finalMerge(initValue, secretOffset).
func xxh3Merge(acc *[8]uint64, init uint64, s int) uint64 {
	r := init
	for i := 0; i < 4; i++ {
		hi, lo := bits.Mul64(acc[2*i]^sec64(s+16*i), acc[2*i+1]^sec64(s+16*i+8))
		r += lo ^ hi
	}
	return xxh3Avalanche(r)
}

// sumLong returns the result for an input of more than 240 bytes: the
// high and low halves of XXH3-128, or in lo the XXH3-64 result (which is
// XXH3-128's low half for long inputs). It leaves d unchanged.
func (d *xxh3) sumLong() (hi, lo uint64) {
	acc, stripes := d.acc, d.stripes
	// Every whole stripe before the one holding the last byte, then the
	// last 64 bytes of the input, which may reach back into what was
	// consumed.
	k := (d.n - 1) / xxh3Stripe * xxh3Stripe
	xxh3Consume(&acc, &stripes, d.buf[:k])
	var lastStripe [xxh3Stripe]byte
	if d.n >= xxh3Stripe {
		copy(lastStripe[:], d.buf[d.n-xxh3Stripe:d.n])
	} else {
		c := copy(lastStripe[:], d.last[d.n:])
		copy(lastStripe[c:], d.buf[:d.n])
	}
	var sw [8]uint64 // at an odd offset
	for i := range sw {
		sw[i] = sec64(len(xxh3Secret) - xxh3Stripe - 7 + 8*i)
	}
	xxh3Accumulate(&acc, lastStripe[:], sw[:])
	lo = xxh3Merge(&acc, d.total*prime64_1, 11)
	if d.wide {
		hi = xxh3Merge(&acc, ^(d.total * prime64_2), len(xxh3Secret)-xxh3Stripe-11)
	}
	return hi, lo
}

func (d *xxh3) Sum(b []byte) []byte {
	if d.total > xxh3MidMax {
		hi, lo := d.sumLong()
		if d.wide {
			b = binary.BigEndian.AppendUint64(b, hi)
		}
		return binary.BigEndian.AppendUint64(b, lo)
	}
	in := d.buf[:d.n]
	if d.wide {
		hi, lo := xxh3_128Short(in)
		return binary.BigEndian.AppendUint64(binary.BigEndian.AppendUint64(b, hi), lo)
	}
	return binary.BigEndian.AppendUint64(b, xxh3_64Short(in))
}

// xxh3_64Short is XXH3-64 of an input of at most 240 bytes.
func xxh3_64Short(b []byte) uint64 {
	n := len(b)
	switch {
	case n == 0:
		return xxh64Avalanche(sec64(56) ^ sec64(64))
	case n <= 3:
		c := uint32(b[n-1]) | uint32(n)<<8 | uint32(b[0])<<16 | uint32(b[n>>1])<<24
		return xxh64Avalanche(uint64(sec32(0)^sec32(4)) ^ uint64(c))
	case n <= 8:
		c := uint64(le32(b[n-4:])) | uint64(le32(b))<<32
		v := (sec64(8) ^ sec64(16)) ^ c
		v ^= bits.RotateLeft64(v, 49) ^ bits.RotateLeft64(v, 24)
		v *= primeMX2
		v ^= (v >> 35) + uint64(n)
		v *= primeMX2
		return v ^ v>>28
	case n <= 16:
		lo := (sec64(24) ^ sec64(32)) ^ le64(b)
		hi := (sec64(40) ^ sec64(48)) ^ le64(b[n-8:])
		mh, ml := bits.Mul64(lo, hi)
		return xxh3Avalanche(uint64(n) + bits.ReverseBytes64(lo) + hi + (ml ^ mh))
	case n <= 128:
		acc := uint64(n) * prime64_1
		for i := (n - 1) >> 5; i >= 0; i-- {
			acc += mix16(b[16*i:], 32*i) + mix16(b[n-16*i-16:], 32*i+16)
		}
		return xxh3Avalanche(acc)
	default: // 129..240
		acc := uint64(n) * prime64_1
		for i := 0; i < 8; i++ {
			acc += mix16(b[16*i:], 16*i)
		}
		acc = xxh3Avalanche(acc)
		for i := 8; i < n/16; i++ {
			acc += mix16(b[16*i:], 16*(i-8)+3)
		}
		acc += mix16(b[n-16:], 119)
		return xxh3Avalanche(acc)
	}
}

// mix32 is the spec's mixTwoChunks with seed 0.
func mix32(acc *[2]uint64, a, b []byte, s int) {
	acc[0] += mix16(a, s)
	acc[1] += mix16(b, s+16)
	acc[0] ^= le64(b) + le64(b[8:])
	acc[1] ^= le64(a) + le64(a[8:])
}

// xxh3_128Short is XXH3-128 of an input of at most 240 bytes, as its high
// and low halves.
func xxh3_128Short(b []byte) (hi, lo uint64) {
	n := len(b)
	switch {
	case n == 0:
		return xxh64Avalanche(sec64(80) ^ sec64(88)), xxh64Avalanche(sec64(64) ^ sec64(72))
	case n <= 3:
		c := uint32(b[n-1]) | uint32(n)<<8 | uint32(b[0])<<16 | uint32(b[n>>1])<<24
		l := uint64(sec32(0)^sec32(4)) ^ uint64(c)
		h := uint64(sec32(8)^sec32(12)) ^ uint64(bits.RotateLeft32(bits.ReverseBytes32(c), 13))
		return xxh64Avalanche(h), xxh64Avalanche(l)
	case n <= 8:
		c := uint64(le32(b)) | uint64(le32(b[n-4:]))<<32
		v := (sec64(16) ^ sec64(24)) ^ c
		mh, ml := bits.Mul64(v, prime64_1+uint64(n)<<2)
		mh += ml << 1
		ml ^= mh >> 3
		ml ^= ml >> 35
		ml *= primeMX2
		ml ^= ml >> 28
		return xxh3Avalanche(mh), ml
	case n <= 16:
		first, last := le64(b), le64(b[n-8:])
		v1 := (sec64(32) ^ sec64(40)) ^ first ^ last
		v2 := (sec64(48) ^ sec64(56)) ^ last
		mh, ml := bits.Mul64(v1, prime64_1)
		ml += uint64(n-1) << 54
		mh += v2&^0xFFFFFFFF + uint64(uint32(v2))*prime32_2
		ml ^= bits.ReverseBytes64(mh)
		h2, l2 := bits.Mul64(ml, prime64_2)
		h2 += mh * prime64_2
		return xxh3Avalanche(h2), xxh3Avalanche(l2)
	}
	acc := [2]uint64{uint64(n) * prime64_1, 0}
	if n <= 128 {
		for i := (n - 1) >> 5; i >= 0; i-- {
			mix32(&acc, b[16*i:], b[n-16*i-16:], 32*i)
		}
	} else { // 129..240
		for i := 0; i < 4; i++ {
			mix32(&acc, b[32*i:], b[32*i+16:], 32*i)
		}
		acc[0], acc[1] = xxh3Avalanche(acc[0]), xxh3Avalanche(acc[1])
		for i := 4; i < n/32; i++ {
			mix32(&acc, b[32*i:], b[32*i+16:], 32*(i-4)+3)
		}
		mix32(&acc, b[n-16:], b[n-32:], 103)
	}
	lo = xxh3Avalanche(acc[0] + acc[1])
	hi = -xxh3Avalanche(acc[0]*prime64_1 + acc[1]*prime64_4 + uint64(n)*prime64_2)
	return hi, lo
}
