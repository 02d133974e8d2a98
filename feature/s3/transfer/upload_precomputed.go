package transfer

import (
	"encoding/base64"
	"fmt"
	"strings"

	"github.com/nimbus-sdk/nimbus/middleware/checksum"
	"github.com/nimbus-sdk/nimbus/services/s3/types"
)

// precomputed is the checked ContentMD5 and checksum value the caller of
// an Upload computed (see [UploadInput.ChecksumCRC32]).
type precomputed struct {
	alg   types.ChecksumAlgorithm // of value; "" without one
	field string                  // the UploadInput field of value, e.g. "ChecksumCRC32"
	value string                  // base64
	md5   string                  // ContentMD5, base64; "" without one
}

// precomputed checks the caller's ContentMD5 and checksum value: each
// must be the base64 encoding of a digest of its algorithm's size, one
// checksum value at most, agreeing with ChecksumAlgorithm, ChecksumType
// and the upload in Resume when they are set.
func (in *UploadInput) precomputed() (precomputed, error) {
	var p precomputed
	for _, f := range []struct {
		name string
		alg  types.ChecksumAlgorithm
		v    string
	}{
		{"ChecksumCRC32", types.ChecksumAlgorithmCrc32, in.ChecksumCRC32},
		{"ChecksumCRC32C", types.ChecksumAlgorithmCrc32c, in.ChecksumCRC32C},
		{"ChecksumCRC64NVME", types.ChecksumAlgorithmCrc64nvme, in.ChecksumCRC64NVME},
		{"ChecksumSHA1", types.ChecksumAlgorithmSha1, in.ChecksumSHA1},
		{"ChecksumSHA256", types.ChecksumAlgorithmSha256, in.ChecksumSHA256},
	} {
		if f.v == "" {
			continue
		}
		if p.alg != "" {
			return precomputed{}, &InputError{Field: "UploadInput." + f.name,
				Reason: "is set with UploadInput." + p.field + "; S3 checks one checksum value per object, so set one"}
		}
		if err := checkDigest(f.name, f.v, checksum.Algorithm(f.alg).Size()); err != nil {
			return precomputed{}, err
		}
		p = precomputed{alg: f.alg, field: f.name, value: f.v}
	}
	if in.ContentMD5 != "" {
		if err := checkDigest("ContentMD5", in.ContentMD5, checksum.MD5.Size()); err != nil {
			return precomputed{}, err
		}
		p.md5 = in.ContentMD5
	}
	if p.alg == "" {
		return p, nil
	}
	if a := in.ChecksumAlgorithm; a != "" && !strings.EqualFold(string(a), string(p.alg)) {
		return precomputed{}, &InputError{Field: "UploadInput.ChecksumAlgorithm",
			Reason: fmt.Sprintf("is %s while UploadInput.%s is set; leave it empty or set %s", a, p.field, p.alg)}
	}
	if in.ChecksumType == types.ChecksumTypeComposite {
		return precomputed{}, &InputError{Field: "UploadInput.ChecksumType",
			Reason: "is COMPOSITE while UploadInput." + p.field + ", a checksum of the whole object, is set; leave it empty"}
	}
	if st := in.Resume; st != nil && st.ChecksumAlgorithm != "" {
		if _, isCRC := crcPolyOf(p.alg); isCRC && (st.ChecksumAlgorithm != p.alg || st.ChecksumType != types.ChecksumTypeFullObject) {
			return precomputed{}, &InputError{Field: "UploadInput." + p.field,
				Reason: fmt.Sprintf("is set, but the upload in Resume was created with a %s %s checksum; S3 checks the value only for an upload created with FULL_OBJECT %s",
					st.ChecksumType, st.ChecksumAlgorithm, p.alg)}
		}
	}
	return p, nil
}

// checkDigest checks that v, the value of UploadInput.field, is the
// base64 encoding of size bytes.
func checkDigest(field, v string, size int) error {
	raw, err := base64.StdEncoding.DecodeString(v)
	switch {
	case err != nil:
		return &InputError{Field: "UploadInput." + field, Reason: fmt.Sprintf("is not valid base64; it must be the base64 encoding of the %d-byte digest", size)}
	case len(raw) != size:
		return &InputError{Field: "UploadInput." + field, Reason: fmt.Sprintf("decodes to %d bytes; it must be the base64 encoding of the %d-byte digest", len(raw), size)}
	}
	return nil
}

// checkMultipart refuses the values S3 cannot check in a multipart
// upload, before it is created: a ContentMD5, which S3 takes per request
// and never for a whole multipart object, and a SHA value, since S3 keeps
// only a COMPOSITE SHA checksum (a checksum of the part checksums) for a
// multipart object. CRC values are checked as FULL_OBJECT checksums.
func (p precomputed) checkMultipart() error {
	const hint = "raise Options.MultipartThreshold above the object's size to send it with one PutObject"
	if p.md5 != "" {
		return &InputError{Field: "UploadInput.ContentMD5",
			Reason: "cannot be checked in a multipart upload: S3 takes a Content-MD5 per request, not for a whole multipart object; " + hint + ", or set a CRC value (ChecksumCRC32, ChecksumCRC32C, ChecksumCRC64NVME)"}
	}
	if _, isCRC := crcPolyOf(p.alg); p.alg != "" && !isCRC {
		return &InputError{Field: "UploadInput." + p.field,
			Reason: "cannot be checked in a multipart upload: S3 keeps only a COMPOSITE " + string(p.alg) + " checksum (of the part checksums) for a multipart object; " + hint + ", or set a CRC value"}
	}
	return nil
}
