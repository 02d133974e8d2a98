package s3_test

// Integration tests of the checksum algorithms S3 added in 2026 (SHA512,
// MD5, XXHASH64, XXHASH3, XXHASH128) against both servers. versitygw
// implements them as S3 documents them; the MinIO build the tests start
// ignores them. Each server's behaviour is asserted, so a change in
// either shows up here and in BEHAVIOURS.md.

import (
	"bytes"
	"errors"
	"io"
	"reflect"
	"strings"
	"testing"

	"github.com/aws/smithy-go"

	"github.com/nimbus-sdk/nimbus/internal/testenv"
	"github.com/nimbus-sdk/nimbus/middleware/checksum"
	"github.com/nimbus-sdk/nimbus/services/s3"
	"github.com/nimbus-sdk/nimbus/services/s3/types"
)

// newAlgorithms are the algorithms of the 2026 additions that requests
// compute; MD5 is only ever sent as the caller computed it.
var newAlgorithms = []types.ChecksumAlgorithm{
	types.ChecksumAlgorithmSha512, types.ChecksumAlgorithmXxhash64,
	types.ChecksumAlgorithmXxhash3, types.ChecksumAlgorithmXxhash128,
}

// member points at the Checksum* member for alg of shape, a pointer to an
// S3 input or output: the generated members are named after the
// algorithms.
func member(t *testing.T, shape any, alg types.ChecksumAlgorithm) **string {
	t.Helper()
	f := reflect.ValueOf(shape).Elem().FieldByName("Checksum" + string(alg))
	if !f.IsValid() {
		t.Fatalf("%T has no Checksum%s", shape, alg)
	}
	return f.Addr().Interface().(**string)
}

// newAlgorithmServers are the servers with what each does with the new
// algorithms: versitygw verifies, stores and returns them, and takes
// them for multipart uploads (COMPOSITE only); MinIO (the build
// start-minio.sh pins, of 2026-02) accepts the headers and trailers
// without verifying, storing or returning them, and refuses them in
// CreateMultipartUpload.
var newAlgorithmServers = []struct {
	name     string
	get      func(testing.TB) testenv.Server
	supports bool
}{
	{"versitygw", testenv.S3, true},
	{"minio", testenv.MinIO, false},
}

// TestServersChecksumNewAlgorithms uploads with SHA512 and the xxHashes as
// an aws-chunked trailer and as a header, then reads back with validation,
// through a corrupting proxy, with a wrong checksum, and in a multipart
// upload.
func TestServersChecksumNewAlgorithms(t *testing.T) {
	for _, srv := range newAlgorithmServers {
		t.Run(srv.name, func(t *testing.T) {
			e := srv.get(t)
			c, rec := newClient(t, e)
			compat, crec := newClient(t, e, func(o *s3.Options) { o.CompatibleMode = true })
			pe := e
			pe.Endpoint = corruptingProxy(t, e.Endpoint)
			corrupt, _ := newClient(t, pe)
			bucket := newBucket(t, c)
			payload := randomBytes(t, 100<<10+3) // long-input paths, several chunks
			for _, alg := range newAlgorithms {
				a, _ := checksum.Parse(string(alg))
				want := a.Sum(payload)
				t.Run(string(alg), func(t *testing.T) {
					t.Run("trailer", func(t *testing.T) {
						key := "trailer-" + string(alg)
						_, err := c.PutObject(t.Context(), &s3.PutObjectInput{Bucket: &bucket, Key: &key, ChecksumAlgorithm: alg,
							Body: streamOnly{bytes.NewReader(payload)}, ContentLength: ptr(int64(len(payload)))})
						if err != nil {
							t.Fatalf("PutObject: %v", err)
						}
						if got := rec.last(t).ReqHeader.Get("X-Amz-Trailer"); got != a.HeaderName() {
							t.Errorf("X-Amz-Trailer = %q; want %q", got, a.HeaderName())
						}
						checkStored(t, c, corrupt, bucket, key, alg, want, payload, srv.supports)
					})
					t.Run("header", func(t *testing.T) {
						key := "header-" + string(alg)
						_, err := compat.PutObject(t.Context(), &s3.PutObjectInput{Bucket: &bucket, Key: &key, ChecksumAlgorithm: alg,
							Body: bytes.NewReader(payload)})
						if err != nil {
							t.Fatalf("PutObject: %v", err)
						}
						if got := crec.last(t).ReqHeader.Get(a.HeaderName()); got != want {
							t.Errorf("%s = %q; want %q", a.HeaderName(), got, want)
						}
						checkStored(t, c, corrupt, bucket, key, alg, want, payload, srv.supports)
					})
					t.Run("wrong checksum", func(t *testing.T) {
						checkWrongChecksum(t, c, bucket, alg, payload, srv.supports)
					})
					t.Run("multipart", func(t *testing.T) {
						checkMultipart(t, c, bucket, alg, payload, srv.supports)
					})
				})
			}
			t.Run("MD5", func(t *testing.T) {
				key := "md5"
				n := rec.count()
				_, err := c.PutObject(t.Context(), &s3.PutObjectInput{Bucket: &bucket, Key: &key, ChecksumAlgorithm: types.ChecksumAlgorithmMd5,
					Body: bytes.NewReader(payload)})
				var ue *checksum.UnsupportedAlgorithmError
				if !errors.As(err, &ue) || !ue.ResponseOnly || rec.count() != n {
					t.Fatalf("PutObject with ChecksumAlgorithm MD5 = %v after %d requests; want *checksum.UnsupportedAlgorithmError before any", err, rec.count()-n)
				}
				want := checksum.MD5.Sum(payload)
				if _, err := c.PutObject(t.Context(), &s3.PutObjectInput{Bucket: &bucket, Key: &key, ChecksumMD5: &want,
					Body: bytes.NewReader(payload)}); err != nil {
					t.Fatalf("PutObject with ChecksumMD5: %v", err)
				}
				checkStored(t, c, corrupt, bucket, key, types.ChecksumAlgorithmMd5, want, payload, srv.supports)
				// With the algorithm named too (x-amz-sdk-checksum-algorithm).
				_, err = c.PutObject(t.Context(), &s3.PutObjectInput{Bucket: &bucket, Key: &key, ChecksumMD5: &want,
					ChecksumAlgorithm: types.ChecksumAlgorithmMd5, Body: bytes.NewReader(payload)})
				if err != nil {
					t.Fatalf("PutObject with ChecksumAlgorithm MD5 and ChecksumMD5: %v", err)
				}
				checkStored(t, c, corrupt, bucket, key, types.ChecksumAlgorithmMd5, want, payload, srv.supports)
				checkWrongChecksum(t, c, bucket, types.ChecksumAlgorithmMd5, payload, srv.supports)
				checkMultipart(t, c, bucket, types.ChecksumAlgorithmMd5, payload, srv.supports)
			})
		})
	}
}

// checkStored reads key back with validation, then through the
// corrupting proxy. A server that supports alg returns the checksum, and
// the corrupted body fails with *s3.ChecksumMismatchError of alg; one
// that does not returns none, and nothing can be validated.
func checkStored(t *testing.T, c, corrupt *s3.Client, bucket, key string, alg types.ChecksumAlgorithm, want string, payload []byte, supports bool) {
	t.Helper()
	out, err := c.GetObject(t.Context(), &s3.GetObjectInput{Bucket: &bucket, Key: &key, ChecksumMode: types.ChecksumModeEnabled})
	if err != nil {
		t.Fatalf("GetObject: %v", err)
	}
	got, err := io.ReadAll(out.Body)
	out.Body.Close()
	if err != nil || !bytes.Equal(got, payload) {
		t.Fatalf("GetObject body = %d bytes, %v; want the %d bytes sent", len(got), err, len(payload))
	}
	sum := deref(*member(t, out, alg))
	switch {
	case supports && (sum != want || out.ChecksumType != types.ChecksumTypeFullObject):
		t.Errorf("GetObject checksum = %q %s; want %q FULL_OBJECT", sum, out.ChecksumType, want)
	case !supports && sum != "":
		t.Errorf("GetObject checksum = %q; this server was not known to return %s (update BEHAVIOURS.md)", sum, alg)
	}

	out, err = corrupt.GetObject(t.Context(), &s3.GetObjectInput{Bucket: &bucket, Key: &key})
	if err != nil {
		t.Fatalf("GetObject through the corrupting proxy: %v", err)
	}
	_, err = io.ReadAll(out.Body)
	out.Body.Close()
	var me *s3.ChecksumMismatchError
	switch {
	case supports && (!errors.As(err, &me) || string(me.Algorithm) != string(alg)):
		t.Errorf("reading a corrupted body = %v; want *s3.ChecksumMismatchError of %s", err, alg)
	case !supports && err != nil:
		t.Errorf("reading a corrupted body = %v; want no validation (no checksum returned)", err)
	}
}

// checkWrongChecksum puts an object with a checksum of other data: a
// server that supports alg refuses it with BadDigest; one that does not
// stores it.
func checkWrongChecksum(t *testing.T, c *s3.Client, bucket string, alg types.ChecksumAlgorithm, payload []byte, supports bool) {
	t.Helper()
	key := "wrong-" + string(alg)
	in := &s3.PutObjectInput{Bucket: &bucket, Key: &key, Body: bytes.NewReader(payload)}
	wrong := checksum.Algorithm(alg).Sum([]byte("other data"))
	*member(t, in, alg) = &wrong
	_, err := c.PutObject(t.Context(), in)
	var apiErr smithy.APIError
	switch {
	case supports && (!errors.As(err, &apiErr) || apiErr.ErrorCode() != "BadDigest"):
		t.Errorf("PutObject with a wrong %s = %v; want BadDigest", alg, err)
	case !supports && err != nil:
		t.Errorf("PutObject with a wrong %s = %v; this server was known to ignore it (update BEHAVIOURS.md)", alg, err)
	}
}

// checkMultipart uploads one part with alg (MD5 as a checksum the caller
// computed) into a COMPOSITE upload, and asks for a FULL_OBJECT one,
// which S3 refuses for every algorithm but the CRCs.
func checkMultipart(t *testing.T, c *s3.Client, bucket string, alg types.ChecksumAlgorithm, payload []byte, supports bool) {
	t.Helper()
	key := "mpu-" + string(alg)
	up, err := c.CreateMultipartUpload(t.Context(), &s3.CreateMultipartUploadInput{Bucket: &bucket, Key: &key, ChecksumAlgorithm: alg})
	var apiErr smithy.APIError
	if !supports {
		if !errors.As(err, &apiErr) || apiErr.ErrorCode() != "InvalidArgument" {
			t.Errorf("CreateMultipartUpload(%s) = %v; this server was known to refuse it with InvalidArgument (update BEHAVIOURS.md)", alg, err)
		}
		if err == nil {
			c.AbortMultipartUpload(t.Context(), &s3.AbortMultipartUploadInput{Bucket: &bucket, Key: &key, UploadId: up.UploadId})
		}
		return
	}
	if err != nil {
		t.Fatalf("CreateMultipartUpload(%s): %v", alg, err)
	}
	if up.ChecksumType != "" && up.ChecksumType != types.ChecksumTypeComposite {
		t.Errorf("CreateMultipartUpload checksum type = %s; want COMPOSITE", up.ChecksumType)
	}
	a := checksum.Algorithm(alg)
	in := &s3.UploadPartInput{Bucket: &bucket, Key: &key, UploadId: up.UploadId, PartNumber: ptr(int32(1)), Body: bytes.NewReader(payload)}
	in.ChecksumAlgorithm = alg
	if alg == types.ChecksumAlgorithmMd5 {
		*member(t, in, alg) = ptr(a.Sum(payload)) // never computed by Nimbus
	}
	part, err := c.UploadPart(t.Context(), in)
	if err != nil {
		t.Fatalf("UploadPart: %v", err)
	}
	if got := deref(*member(t, part, alg)); got != a.Sum(payload) {
		t.Errorf("UploadPart %s = %q; want %q", alg, got, a.Sum(payload))
	}
	cp := types.CompletedPart{PartNumber: ptr(int32(1)), ETag: part.ETag}
	*member(t, &cp, alg) = ptr(a.Sum(payload))
	done, err := c.CompleteMultipartUpload(t.Context(), &s3.CompleteMultipartUploadInput{Bucket: &bucket, Key: &key, UploadId: up.UploadId,
		MultipartUpload: &types.CompletedMultipartUpload{Parts: []types.CompletedPart{cp}}})
	if err != nil {
		t.Fatalf("CompleteMultipartUpload: %v", err)
	}
	// The composite checksum: alg of the part checksums, "-1".
	raw := a.New()
	raw.Write(payload)
	composite := a.New()
	composite.Write(raw.Sum(nil))
	if got, want := deref(*member(t, done, alg)), checksum.Encode(composite.Sum(nil))+"-1"; got != want || done.ChecksumType != types.ChecksumTypeComposite {
		t.Errorf("CompleteMultipartUpload checksum = %q %s; want %q COMPOSITE", got, done.ChecksumType, want)
	}
	// A composite checksum is not of the bytes: GetObject reads them
	// unvalidated, without error.
	if got := getString(t, c, bucket, key); got != string(payload) {
		t.Errorf("multipart object = %d bytes; want %d", len(got), len(payload))
	}

	full := key + "-full"
	up, err = c.CreateMultipartUpload(t.Context(), &s3.CreateMultipartUploadInput{Bucket: &bucket, Key: &full, ChecksumAlgorithm: alg,
		ChecksumType: types.ChecksumTypeFullObject})
	if !errors.As(err, &apiErr) || apiErr.ErrorCode() != "InvalidRequest" || !strings.Contains(apiErr.ErrorMessage(), "FULL_OBJECT") {
		t.Errorf("CreateMultipartUpload(%s, FULL_OBJECT) = %v; want InvalidRequest", alg, err)
		if err == nil {
			c.AbortMultipartUpload(t.Context(), &s3.AbortMultipartUploadInput{Bucket: &bucket, Key: &full, UploadId: up.UploadId})
		}
	}
}
