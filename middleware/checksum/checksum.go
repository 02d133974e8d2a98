package checksum

import (
	"crypto/md5"
	"crypto/sha1"
	"crypto/sha256"
	"crypto/sha512"
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

// The supported algorithms: every value of S3's ChecksumAlgorithm enum.
const (
	CRC32     Algorithm = "CRC32"
	CRC32C    Algorithm = "CRC32C"
	CRC64NVME Algorithm = "CRC64NVME"
	SHA1      Algorithm = "SHA1"
	SHA256    Algorithm = "SHA256"
	SHA512    Algorithm = "SHA512"
	// MD5 validates responses and is sent when the caller computed it
	// (S3's ChecksumMD5 member); it is never computed for a request: see
	// [ParseRequest].
	MD5 Algorithm = "MD5"
	// XXHASH64 is XXH64 with seed 0.
	XXHASH64 Algorithm = "XXHASH64"
	// XXHASH3 is XXH3's 64-bit hash with seed 0 and the default secret.
	XXHASH3 Algorithm = "XXHASH3"
	// XXHASH128 is XXH3's 128-bit hash with seed 0 and the default secret.
	XXHASH128 Algorithm = "XXHASH128"
)

// Algorithms lists the supported algorithms, the cheaper CRCs and
// xxHashes first and MD5 last: the order of preference for a response
// that carries several checksums where no operation model gives one (the
// clients follow their model's responseAlgorithms).
var Algorithms = []Algorithm{CRC64NVME, CRC32, CRC32C, XXHASH64, XXHASH3, XXHASH128, SHA1, SHA256, SHA512, MD5}

// UnsupportedAlgorithmError reports an algorithm name this package does
// not implement, or, from [ParseRequest], one it does not compute for
// requests.
type UnsupportedAlgorithmError struct {
	// Name is the rejected name as given.
	Name string
	// ResponseOnly is set when the algorithm is supported for responses
	// and for checksums the caller computed, but is not computed for
	// requests (MD5).
	ResponseOnly bool
}

// Error returns the error message.
func (e *UnsupportedAlgorithmError) Error() string {
	if e.ResponseOnly {
		return fmt.Sprintf("checksum: %s request checksums are not computed (as in AWS's SDKs): set the one you computed (S3: ChecksumMD5), or choose another algorithm", e.Name)
	}
	names := make([]string, len(Algorithms))
	for i, a := range Algorithms {
		names[i] = string(a)
	}
	return fmt.Sprintf("checksum: unsupported algorithm %q (supported: %s)", e.Name, strings.Join(names, ", "))
}

// Parse returns the algorithm named s, ignoring case: one of [Algorithms].
func Parse(s string) (Algorithm, error) {
	for _, a := range Algorithms {
		if strings.EqualFold(s, string(a)) {
			return a, nil
		}
	}
	return "", &UnsupportedAlgorithmError{Name: s}
}

// ParseRequest returns the algorithm named s, ignoring case, when the SDK
// computes request checksums with it: every algorithm but MD5, for which
// it returns an *UnsupportedAlgorithmError with ResponseOnly set. AWS's
// SDKs deliberately compute no MD5 flexible checksum; a caller who wants
// one computes it and sets it (S3's ChecksumMD5, the x-amz-checksum-md5
// header), which the clients send as is, with or without ChecksumAlgorithm
// MD5.
func ParseRequest(s string) (Algorithm, error) {
	a, err := Parse(s)
	if err == nil && a == MD5 {
		return "", &UnsupportedAlgorithmError{Name: s, ResponseOnly: true}
	}
	return a, err
}

var (
	castagnoli = crc32.MakeTable(crc32.Castagnoli)
	// Go's crc64 tables use the reflected form of the polynomial.
	nvme = crc64.MakeTable(bits.Reverse64(0xad93d23594c93659))
)

// New returns a new hash computing a's checksum. Its Sum is the raw form
// S3 base64-encodes: big-endian for the CRCs and, for the xxHashes,
// xxHash's canonical form (big-endian, XXH3-128's high half first). It
// panics on an algorithm not returned by [Parse] or listed in
// [Algorithms].
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
	case SHA512:
		return sha512.New()
	case MD5:
		return md5.New()
	case XXHASH64:
		return newXXH64()
	case XXHASH3:
		return newXXH3(false)
	case XXHASH128:
		return newXXH3(true)
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
	case SHA512:
		return sha512.Size
	case MD5:
		return md5.Size
	case XXHASH64, XXHASH3:
		return 8
	case XXHASH128:
		return 16
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
	case SHA512:
		return "x-amz-checksum-sha512"
	case MD5:
		return "x-amz-checksum-md5"
	case XXHASH64:
		return "x-amz-checksum-xxhash64"
	case XXHASH3:
		return "x-amz-checksum-xxhash3"
	case XXHASH128:
		return "x-amz-checksum-xxhash128"
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
