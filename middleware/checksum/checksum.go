package checksum

import (
	"crypto/sha1"
	"crypto/sha256"
	"encoding/base64"
	"fmt"
	"hash"
	"hash/crc32"
	"hash/crc64"
	"math/bits"
	"strings"
)

// Algorithm is a checksum algorithm, named as in S3's ChecksumAlgorithm
// enum ("CRC32", "CRC32C", ...).
type Algorithm string

// The supported algorithms.
const (
	CRC32     Algorithm = "CRC32"
	CRC32C    Algorithm = "CRC32C"
	CRC64NVME Algorithm = "CRC64NVME"
	SHA1      Algorithm = "SHA1"
	SHA256    Algorithm = "SHA256"
)

// Algorithms lists the supported algorithms in the order the client prefers
// them when validating a response that carries several checksums: the
// cheaper CRCs first.
var Algorithms = []Algorithm{CRC64NVME, CRC32, CRC32C, SHA1, SHA256}

// UnsupportedAlgorithmError reports an algorithm name this package does
// not implement.
type UnsupportedAlgorithmError struct {
	// Name is the rejected name as given.
	Name string
}

// Error returns the error message.
func (e *UnsupportedAlgorithmError) Error() string {
	return fmt.Sprintf("checksum: unsupported algorithm %q (supported: CRC32, CRC32C, CRC64NVME, SHA1, SHA256)", e.Name)
}

// Parse returns the algorithm named s, ignoring case.
func Parse(s string) (Algorithm, error) {
	for _, a := range Algorithms {
		if strings.EqualFold(s, string(a)) {
			return a, nil
		}
	}
	return "", &UnsupportedAlgorithmError{Name: s}
}

var (
	castagnoli = crc32.MakeTable(crc32.Castagnoli)
	// Go's crc64 tables use the reflected form of the polynomial.
	nvme = crc64.MakeTable(bits.Reverse64(0xad93d23594c93659))
)

// New returns a new hash computing a's checksum. It panics on an algorithm
// not returned by [Parse] or listed in [Algorithms].
func (a Algorithm) New() hash.Hash {
	switch a {
	case CRC32:
		return crc32.NewIEEE()
	case CRC32C:
		return crc32.New(castagnoli)
	case CRC64NVME:
		return crc64.New(nvme)
	case SHA1:
		return sha1.New()
	case SHA256:
		return sha256.New()
	}
	panic("checksum: unsupported algorithm " + string(a))
}

// Size returns the length in bytes of a's raw sum.
func (a Algorithm) Size() int {
	switch a {
	case CRC32, CRC32C:
		return 4
	case CRC64NVME:
		return 8
	case SHA1:
		return sha1.Size
	case SHA256:
		return sha256.Size
	}
	return 0
}

// EncodedLen returns the length of a's sum in base64, as sent in headers.
func (a Algorithm) EncodedLen() int { return base64.StdEncoding.EncodedLen(a.Size()) }

// HeaderName returns the lower-case header carrying a's checksum, e.g.
// "x-amz-checksum-crc32".
func (a Algorithm) HeaderName() string {
	switch a {
	case CRC32:
		return "x-amz-checksum-crc32"
	case CRC32C:
		return "x-amz-checksum-crc32c"
	case CRC64NVME:
		return "x-amz-checksum-crc64nvme"
	case SHA1:
		return "x-amz-checksum-sha1"
	case SHA256:
		return "x-amz-checksum-sha256"
	}
	return "x-amz-checksum-" + strings.ToLower(string(a))
}

// Encode returns the base64 encoding of a raw sum, the form S3 uses in
// headers and XML.
func Encode(sum []byte) string { return base64.StdEncoding.EncodeToString(sum) }

// Sum returns the encoded checksum of b with a.
func (a Algorithm) Sum(b []byte) string {
	h := a.New()
	h.Write(b)
	return Encode(h.Sum(nil))
}

// RequestCalculation says when request bodies get a checksum, as the
// request_checksum_calculation setting does.
type RequestCalculation string

// Request checksum calculation modes.
const (
	// CalculateWhenSupported gives a checksum to every request of an
	// operation that supports one (the default).
	CalculateWhenSupported RequestCalculation = "when_supported"
	// CalculateWhenRequired gives one only where the operation requires it.
	CalculateWhenRequired RequestCalculation = "when_required"
)

// ResponseValidation says when response checksums are validated, as the
// response_checksum_validation setting does.
type ResponseValidation string

// Response checksum validation modes.
const (
	// ValidateWhenSupported validates the response of every operation
	// that supports it (the default).
	ValidateWhenSupported ResponseValidation = "when_supported"
	// ValidateWhenRequired validates only when the call asks for it
	// (S3's ChecksumMode: ENABLED).
	ValidateWhenRequired ResponseValidation = "when_required"
)
