package transfer

import (
	"errors"
	"fmt"
	"hash"
	"strconv"
	"strings"

	"github.com/nimbus-sdk/nimbus/middleware/checksum"
	"github.com/nimbus-sdk/nimbus/services/s3/types"
)

// ChecksumMismatchError is returned by downloads whose data does not match
// the checksum S3 reported: the whole object's full-object CRC (PartNumber
// 0), or one part's checksum in a part-number download. The bytes written
// must not be trusted. For [Manager.DownloadStream] it is returned by the
// Read that reaches the end, in place of io.EOF.
//
// It wraps the same *checksum.MismatchError a single GetObject returns, so
// one errors.As target catches a corrupted download wherever it happens:
//
//	var mismatch *checksum.MismatchError
//	if errors.As(err, &mismatch) { ... }
type ChecksumMismatchError struct {
	Bucket, Key string                  // the object
	PartNumber  int32                   // 0 for the whole object
	Algorithm   types.ChecksumAlgorithm // the checksum compared
	Expected    string                  // base64, as S3 reported it
	Computed    string                  // base64, of the bytes received
}

// Error returns the error message.
func (e *ChecksumMismatchError) Error() string {
	what := "object"
	if e.PartNumber > 0 {
		what = "part " + strconv.Itoa(int(e.PartNumber))
	}
	return fmt.Sprintf("s3://%s/%s: %s %s checksum mismatch: received data has %s, S3 reported %s",
		e.Bucket, e.Key, what, e.Algorithm, e.Computed, e.Expected)
}

// Unwrap returns the mismatch as the *checksum.MismatchError every Nimbus
// module reports.
func (e *ChecksumMismatchError) Unwrap() error {
	return &checksum.MismatchError{Algorithm: checksum.Algorithm(e.Algorithm), Expected: e.Expected, Computed: e.Computed}
}

// ErrChecksumConfig is wrapped by the error of an Upload whose checksum
// algorithm and type S3 does not accept together, or whose algorithm is
// not supported, before anything is sent. S3 accepts FULL_OBJECT for the
// CRCs only (CRC32, CRC32C, CRC64NVME: the part CRCs combine into the
// object's), COMPOSITE for all but CRC64NVME. MD5 is refused whatever the
// type: like AWS's SDKs, Nimbus computes no MD5 request checksum (see
// checksum.ParseRequest).
var ErrChecksumConfig = errors.New("unsupported checksum algorithm and type")

// uploadChecksum is the checksum plan of one upload.
type uploadChecksum struct {
	alg types.ChecksumAlgorithm // empty: none (copies)
	typ types.ChecksumType      // of a multipart upload
}

// resolveChecksum applies the documented defaults of
// [UploadInput.ChecksumAlgorithm] and [UploadInput.ChecksumType].
func resolveChecksum(alg types.ChecksumAlgorithm, typ types.ChecksumType) (uploadChecksum, error) {
	if alg == "" {
		alg = types.ChecksumAlgorithmCrc32
	}
	if _, err := checksum.ParseRequest(string(alg)); err != nil {
		return uploadChecksum{}, fmt.Errorf("transfer: %w: %w", ErrChecksumConfig, err)
	}
	alg = types.ChecksumAlgorithm(strings.ToUpper(string(alg)))
	_, isCRC := crcPolyOf(alg)
	switch {
	case typ == "" && alg == types.ChecksumAlgorithmCrc64nvme:
		typ = types.ChecksumTypeFullObject
	case typ == "":
		typ = types.ChecksumTypeComposite
	case typ == types.ChecksumTypeFullObject && !isCRC,
		typ == types.ChecksumTypeComposite && alg == types.ChecksumAlgorithmCrc64nvme:
		return uploadChecksum{}, fmt.Errorf("transfer: %w: %s with %s", ErrChecksumConfig, alg, typ)
	case typ != types.ChecksumTypeFullObject && typ != types.ChecksumTypeComposite:
		return uploadChecksum{}, fmt.Errorf("transfer: %w: checksum type %q", ErrChecksumConfig, typ)
	}
	return uploadChecksum{alg: alg, typ: typ}, nil
}

// checksumFields points at the Checksum* members of an S3 input or output
// that share the generated field names; see checksum_fields.go for the
// shapes the transfers use.
type checksumFields struct {
	CRC32, CRC32C, CRC64NVME, SHA1, SHA256, SHA512, MD5, XXHASH64, XXHASH3, XXHASH128 **string
}

// get returns the value for alg, or "".
func (f checksumFields) get(alg types.ChecksumAlgorithm) string {
	if p := f.field(alg); p != nil && *p != nil {
		return **p
	}
	return ""
}

// set stores v (if not empty) for alg.
func (f checksumFields) set(alg types.ChecksumAlgorithm, v string) {
	if p := f.field(alg); p != nil && v != "" {
		*p = &v
	}
}

func (f checksumFields) field(alg types.ChecksumAlgorithm) **string {
	switch alg {
	case types.ChecksumAlgorithmCrc32:
		return f.CRC32
	case types.ChecksumAlgorithmCrc32c:
		return f.CRC32C
	case types.ChecksumAlgorithmCrc64nvme:
		return f.CRC64NVME
	case types.ChecksumAlgorithmSha1:
		return f.SHA1
	case types.ChecksumAlgorithmSha256:
		return f.SHA256
	case types.ChecksumAlgorithmSha512:
		return f.SHA512
	case types.ChecksumAlgorithmMd5:
		return f.MD5
	case types.ChecksumAlgorithmXxhash64:
		return f.XXHASH64
	case types.ChecksumAlgorithmXxhash3:
		return f.XXHASH3
	case types.ChecksumAlgorithmXxhash128:
		return f.XXHASH128
	}
	return nil
}

// firstChecksum returns the first checksum present in f, in the order of
// checksum.Algorithms, with its algorithm.
func firstChecksum(f checksumFields) (types.ChecksumAlgorithm, string) {
	for _, a := range checksum.Algorithms {
		if v := f.get(types.ChecksumAlgorithm(a)); v != "" {
			return types.ChecksumAlgorithm(a), v
		}
	}
	return "", ""
}

// isComposite reports whether v is a checksum of part checksums, such as
// "abcd==-3" for an object uploaded in three parts.
func isComposite(v string) bool {
	i := strings.LastIndexByte(v, '-')
	if i < 0 {
		return false
	}
	_, err := strconv.Atoi(v[i+1:])
	return err == nil
}

// newHash returns a hash computing alg's checksum.
func newHash(alg types.ChecksumAlgorithm) hash.Hash {
	return checksum.Algorithm(alg).New()
}

// fullObjectChecksum combines the part checksums of a FULL_OBJECT CRC
// upload into the object's checksum, or returns "" when a part's checksum
// is missing (a server that does not report them).
func fullObjectChecksum(alg types.ChecksumAlgorithm, parts []CompletedPart) (string, error) {
	poly, ok := crcPolyOf(alg)
	if !ok {
		return "", nil
	}
	cc := crcCombiner{poly: poly}
	for _, p := range parts {
		if p.Checksum == "" {
			return "", nil
		}
		v, err := decodeCRC(poly, p.Checksum)
		if err != nil {
			return "", fmt.Errorf("part %d: %w", p.PartNumber, err)
		}
		cc.add(v, p.Size)
	}
	return encodeCRC(poly, cc.sum), nil
}

// encodeRaw returns a raw sum in S3's base64 form.
func encodeRaw(raw []byte) string { return checksum.Encode(raw) }
