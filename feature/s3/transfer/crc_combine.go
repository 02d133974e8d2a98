package transfer

import (
	"encoding/base64"
	"encoding/binary"
	"fmt"
	"math/bits"

	"github.com/nimbus-sdk/nimbus/services/s3/types"
)

// crcPoly describes a reflected CRC whose initial value and final XOR are
// both all ones (CRC-32, CRC-32C and CRC-64/NVME are), which is what makes
// crc(A||B) computable from crc(A), crc(B) and len(B) alone:
//
//	crc(A||B) = crc(A)·x^(8·len(B)) mod P  xor  crc(B)
//
// The all-ones initial value of B's computation and the final XOR of A's
// cancel out, so the register of A only has to be advanced over len(B)
// zero bytes, which is a multiplication by x^(8·len(B)) modulo P.
//
// Polynomials are in reflected form: the most significant bit of a width
// bit value is the coefficient of x^0 and bit 0 that of x^(width-1), as in
// the byte-at-a-time table implementations of hash/crc32 and hash/crc64.
type crcPoly struct {
	width uint   // 32 or 64
	poly  uint64 // reflected generator polynomial, without the x^width term
}

var (
	polyCRC32     = crcPoly{32, 0xedb88320}                         // IEEE
	polyCRC32C    = crcPoly{32, 0x82f63b78}                         // Castagnoli
	polyCRC64NVME = crcPoly{64, bits.Reverse64(0xad93d23594c93659)} // NVMe
)

// one is the polynomial 1 (x^0) in reflected form.
func (c crcPoly) one() uint64 { return 1 << (c.width - 1) }

// mulmod returns a·b mod P.
func (c crcPoly) mulmod(a, b uint64) uint64 {
	var p uint64
	for m := c.one(); m != 0; m >>= 1 {
		if a&m != 0 {
			p ^= b
		}
		// b·x: a shift toward the high powers, which in reflected form is
		// a right shift, reduced by P when x^(width-1) falls off.
		if b&1 != 0 {
			b = b>>1 ^ c.poly
		} else {
			b >>= 1
		}
	}
	return p
}

// xpow8n returns x^(8n) mod P, by square and multiply.
func (c crcPoly) xpow8n(n int64) uint64 {
	result := c.one()
	sq := c.one() >> 8 // x^8
	for u := uint64(n); u != 0; u >>= 1 {
		if u&1 != 0 {
			result = c.mulmod(result, sq)
		}
		sq = c.mulmod(sq, sq)
	}
	return result
}

// combine returns the CRC of A||B from crcA = crc(A), crcB = crc(B) and
// lenB = len(B).
func (c crcPoly) combine(crcA, crcB uint64, lenB int64) uint64 {
	if lenB <= 0 {
		return crcA
	}
	return c.mulmod(c.xpow8n(lenB), crcA) ^ crcB
}

// crcPolyOf returns the polynomial of a CRC checksum algorithm.
func crcPolyOf(alg types.ChecksumAlgorithm) (crcPoly, bool) {
	switch alg {
	case types.ChecksumAlgorithmCrc32:
		return polyCRC32, true
	case types.ChecksumAlgorithmCrc32c:
		return polyCRC32C, true
	case types.ChecksumAlgorithmCrc64nvme:
		return polyCRC64NVME, true
	}
	return crcPoly{}, false
}

// decodeCRC returns the value of a base64 big-endian CRC as S3 sends it.
func decodeCRC(c crcPoly, s string) (uint64, error) {
	raw, err := base64.StdEncoding.DecodeString(s)
	if err != nil || len(raw) != int(c.width/8) {
		return 0, fmt.Errorf("transfer: malformed %d-bit CRC %q", c.width, s)
	}
	if c.width == 32 {
		return uint64(binary.BigEndian.Uint32(raw)), nil
	}
	return binary.BigEndian.Uint64(raw), nil
}

// encodeCRC returns v in S3's base64 big-endian form.
func encodeCRC(c crcPoly, v uint64) string {
	raw := binary.BigEndian.AppendUint64(nil, v)
	return base64.StdEncoding.EncodeToString(raw[8-c.width/8:])
}

// crcCombiner accumulates the CRC of consecutive pieces of an object from
// the CRCs of the pieces. The zero crcCombiner is not usable.
type crcCombiner struct {
	poly crcPoly
	sum  uint64
	n    int64
}

// add appends a piece of size bytes whose CRC is sum.
func (cc *crcCombiner) add(sum uint64, size int64) {
	if cc.n == 0 {
		cc.sum = sum
	} else {
		cc.sum = cc.poly.combine(cc.sum, sum, size)
	}
	cc.n += size
}
