// Checks and conversions of the fields of the transfer inputs that go on
// the wire: SSE-C settings, conditional-write headers and dates.

package transfer

import (
	"crypto/md5"
	"crypto/subtle"
	"encoding/base64"
	"fmt"
	"net/http"
	"time"

	"github.com/nimbus-sdk/nimbus/services/s3"
)

// sseAlgorithm is the only SSE-C algorithm S3 accepts.
const sseAlgorithm = "AES256"

// sseC is one checked SSE-C setting of a transfer (of the object it
// writes or reads, or of a copy's source), as the request members that
// carry it. Its fields are nil without SSE-C; keyMD5 is nil when the
// caller left it to the client to compute.
type sseC struct {
	alg, key, keyMD5 *string

	// digest is the base64 MD5 of the key bytes, for checking a
	// ResumeState; it is not sent (an *s3.Client fills the MD5 header
	// itself, see keyMD5).
	digest string
}

// parseSSEC checks the SSE-C fields prefix+"SSECustomerAlgorithm",
// prefix+"SSECustomerKey" and prefix+"SSECustomerKeyMD5" of the input
// named input. The key must be the base64 encoding of 32 bytes, or the 32
// bytes themselves, as *s3.Client accepts it; the MD5, when given, must
// be that of the key bytes. Errors name the field and never quote the key.
func parseSSEC(input, prefix, alg, key, keyMD5 string) (sseC, error) {
	if alg == "" && key == "" && keyMD5 == "" {
		return sseC{}, nil
	}
	field := func(name string) string { return input + "." + prefix + name }
	if key == "" {
		given := "SSECustomerAlgorithm"
		if alg == "" {
			given = "SSECustomerKeyMD5"
		}
		return sseC{}, &InputError{Field: field("SSECustomerKey"), Reason: "is missing while " + field(given) + " is set"}
	}
	switch alg {
	case sseAlgorithm:
	case "":
		return sseC{}, &InputError{Field: field("SSECustomerAlgorithm"), Reason: "is missing; it must be AES256 when a key is set"}
	default:
		return sseC{}, &InputError{Field: field("SSECustomerAlgorithm"), Reason: fmt.Sprintf("is %q; S3 accepts only AES256", alg)}
	}
	raw, err := base64.StdEncoding.DecodeString(key)
	if err != nil || len(raw) != 32 {
		if len(key) != 32 {
			reason := "is not valid base64"
			if err == nil {
				reason = fmt.Sprintf("decodes to %d bytes", len(raw))
			}
			return sseC{}, &InputError{Field: field("SSECustomerKey"), Err: s3.ErrInvalidSSECustomerKey,
				Reason: reason + "; it must be the base64 encoding of a 32-byte AES-256 key (or the 32 bytes themselves)"}
		}
		raw = []byte(key) // the 32 bytes themselves
	}
	sum := md5.Sum(raw)
	s := sseC{alg: &alg, key: &key, digest: base64.StdEncoding.EncodeToString(sum[:])}
	if keyMD5 != "" {
		got, err := base64.StdEncoding.DecodeString(keyMD5)
		if err != nil || subtle.ConstantTimeCompare(got, sum[:]) != 1 {
			return sseC{}, &InputError{Field: field("SSECustomerKeyMD5"),
				Reason: "is not the base64 MD5 digest of the key's 32 bytes"}
		}
		s.keyMD5 = &keyMD5
	}
	return s, nil
}

// httpDate formats t as an HTTP date header value, or returns nil for the
// zero time.
func httpDate(t time.Time) *string {
	if t.IsZero() {
		return nil
	}
	return str(t.UTC().Format(http.TimeFormat))
}

// timeOrNil returns &t, or nil for the zero time.
func timeOrNil(t time.Time) *time.Time {
	if t.IsZero() {
		return nil
	}
	return &t
}

// checkIfNoneMatch checks the IfNoneMatch of a conditional write: S3
// takes only "*" (write only if the key does not exist).
func checkIfNoneMatch(input, v string) error {
	if v == "" || v == "*" {
		return nil
	}
	return &InputError{Field: input + ".IfNoneMatch", Reason: fmt.Sprintf("is %q; S3 accepts only \"*\" (write only if the key does not exist)", v)}
}
