package transfertest

import (
	"crypto/md5"
	"encoding/base64"
	"net/http"
)

// sseKey returns the base64 MD5 of the SSE-C key of a request ("" when it
// has none), checking the members as S3 checks the headers: algorithm
// AES256, a 32-byte key (base64-encoded, or the 32 bytes themselves as
// *s3.Client accepts them) and, when given, its MD5.
func sseKey(alg, key, keyMD5 *string) (string, error) {
	a, k, m := deref(alg), deref(key), deref(keyMD5)
	if a == "" && k == "" && m == "" {
		return "", nil
	}
	if a != "AES256" {
		return "", apiErr("InvalidArgument", http.StatusBadRequest, "SSE-C algorithm must be AES256")
	}
	raw, err := base64.StdEncoding.DecodeString(k)
	if err != nil || len(raw) != 32 {
		if len(k) != 32 {
			return "", apiErr("InvalidArgument", http.StatusBadRequest, "SSE-C key must be 32 bytes")
		}
		raw = []byte(k)
	}
	sum := md5.Sum(raw)
	digest := base64.StdEncoding.EncodeToString(sum[:])
	if m != "" && m != digest {
		return "", apiErr("InvalidArgument", http.StatusBadRequest, "SSE-C key MD5 does not match the key")
	}
	return digest, nil
}

// checkSSE checks the SSE-C key of a request (its MD5, "" for none)
// against the key MD5 of the object or upload it reads or continues.
func checkSSE(got, want string) error {
	switch {
	case got == want:
		return nil
	case want == "":
		return apiErr("InvalidRequest", http.StatusBadRequest, "the object was not stored with SSE-C")
	case got == "":
		return apiErr("InvalidRequest", http.StatusBadRequest, "the object was stored using SSE-C; the key must be provided")
	default:
		return apiErr("AccessDenied", http.StatusForbidden, "the SSE-C key is not the object's")
	}
}

// sseOf checks the SSE-C members of a request against stored, the key
// MD5 of the object or upload it concerns.
func sseOf(alg, key, keyMD5 *string, stored string) error {
	got, err := sseKey(alg, key, keyMD5)
	if err != nil {
		return err
	}
	return checkSSE(got, stored)
}

// checkSSE checks the SSE-C members of a ListParts or
// CompleteMultipartUpload of u. S3 needs the key on them only for an
// upload with a checksum algorithm; a key that is given must be u's.
func (u *upload) checkSSE(alg, key, keyMD5 *string) error {
	got, err := sseKey(alg, key, keyMD5)
	if err != nil || (got == "" && u.alg == "") {
		return err
	}
	return checkSSE(got, u.sse)
}
