package transfer

import (
	"bytes"
	"errors"
	"io"
	"testing"
	"time"

	"github.com/nimbus-sdk/nimbus/services/s3/types"
)

// objectHeaders are the headers the object settings of
// TestObjectSettingsReachCreate are sent as.
var objectHeaders = map[string]string{
	"Expires":                                         "Wed, 01 Jul 2026 12:00:00 GMT",
	"X-Amz-Website-Redirect-Location":                 "/elsewhere",
	"X-Amz-Acl":                                       "private",
	"X-Amz-Grant-Full-Control":                        `id="full"`,
	"X-Amz-Grant-Read":                                `id="read"`,
	"X-Amz-Grant-Read-Acp":                            `id="read-acp"`,
	"X-Amz-Grant-Write-Acp":                           `id="write-acp"`,
	"X-Amz-Server-Side-Encryption":                    "aws:kms",
	"X-Amz-Server-Side-Encryption-Aws-Kms-Key-Id":     "kms-key",
	"X-Amz-Server-Side-Encryption-Context":            "eyJhIjoiYiJ9",
	"X-Amz-Server-Side-Encryption-Bucket-Key-Enabled": "false",
	"X-Amz-Object-Lock-Mode":                          "GOVERNANCE",
	"X-Amz-Object-Lock-Retain-Until-Date":             "2030-01-02T03:04:05Z",
	"X-Amz-Object-Lock-Legal-Hold":                    "ON",
}

// TestObjectSettingsReachCreate: the settings of the object an upload or
// copy creates go out with the request that creates it (PutObject,
// CopyObject or CreateMultipartUpload), BucketKeyEnabled false included,
// and the conditions of a conditional write with the request S3 checks
// them on (PutObject, CopyObject or CompleteMultipartUpload), not with
// the parts.
func TestObjectSettingsReachCreate(t *testing.T) {
	data := patternBytes(sseSize)
	retain := time.Date(2030, 1, 2, 3, 4, 5, 0, time.UTC)
	no := false
	upload := func(size int) func(*Manager) error {
		return func(m *Manager) error {
			_, err := m.Upload(t.Context(), &UploadInput{Bucket: "b", Key: "obj", Body: bytes.NewReader(data[:size]),
				Expires: time.Date(2026, 7, 1, 14, 0, 0, 0, time.FixedZone("CEST", 2*3600)), WebsiteRedirectLocation: "/elsewhere",
				ACL: types.ObjectCannedACLPrivate, GrantFullControl: `id="full"`, GrantRead: `id="read"`,
				GrantReadACP: `id="read-acp"`, GrantWriteACP: `id="write-acp"`,
				ServerSideEncryption: types.ServerSideEncryptionAwsKms, SSEKMSKeyID: "kms-key", SSEKMSEncryptionContext: "eyJhIjoiYiJ9",
				BucketKeyEnabled: &no, ObjectLockMode: types.ObjectLockModeGovernance, ObjectLockRetainUntilDate: retain,
				ObjectLockLegalHoldStatus: types.ObjectLockLegalHoldStatusOn, IfNoneMatch: "*"})
			return err
		}
	}
	copyObject := func(multipart bool) func(*Manager) error {
		return func(m *Manager) error {
			_, err := m.Copy(t.Context(), &CopyInput{SourceBucket: "b", SourceKey: "src", Bucket: "b", Key: "obj",
				ACL: types.ObjectCannedACLPrivate, GrantFullControl: `id="full"`, GrantRead: `id="read"`,
				GrantReadACP: `id="read-acp"`, GrantWriteACP: `id="write-acp"`,
				ServerSideEncryption: types.ServerSideEncryptionAwsKms, SSEKMSKeyID: "kms-key", SSEKMSEncryptionContext: "eyJhIjoiYiJ9",
				BucketKeyEnabled: &no, ObjectLockMode: types.ObjectLockModeGovernance, ObjectLockRetainUntilDate: retain,
				ObjectLockLegalHoldStatus: types.ObjectLockLegalHoldStatusOn, IfNoneMatch: "*"}, func(o *Options) {
				if multipart {
					o.CopyThreshold, o.CopyPartSize = 5<<20, 5<<20
				}
			})
			return err
		}
	}
	// Copies take their content headers from the source.
	copied := map[string]bool{"Expires": true, "X-Amz-Website-Redirect-Location": true}
	tests := []struct {
		name             string
		run              func(*Manager) error
		create, complete string // the operations that must carry the settings and the condition
		copy             bool
	}{
		{"single put", upload(1000), "PutObject", "PutObject", false},
		{"multipart upload", upload(sseSize), "CreateMultipartUpload", "CompleteMultipartUpload", false},
		{"single copy", copyObject(false), "CopyObject", "CopyObject", true},
		{"multipart copy", copyObject(true), "CreateMultipartUpload", "CompleteMultipartUpload", true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s, srv := newObjServer(t)
			s.put("src", data, "", 5<<20)
			if err := tt.run(httpManager(t, srv)); err != nil {
				t.Fatal(err)
			}
			seen := map[string]bool{}
			for _, r := range s.requests() {
				seen[r.op] = true
				if r.op == tt.create {
					for name, want := range objectHeaders {
						if got := r.header.Get(name); got != want && !(tt.copy && copied[name]) {
							t.Errorf("%s: %s = %q; want %q", r.op, name, got, want)
						}
					}
				}
				got, want := r.header.Get("If-None-Match"), ""
				if r.op == tt.complete {
					want = "*"
				}
				if got != want {
					t.Errorf("%s: If-None-Match = %q; want %q", r.op, got, want)
				}
			}
			if !seen[tt.create] || !seen[tt.complete] {
				t.Errorf("operations seen %v; want %s and %s", seen, tt.create, tt.complete)
			}
		})
	}
}

// TestConditionalWrite: with IfNoneMatch "*", an upload over an existing
// key fails with S3's 412 and leaves the object as it was; a multipart
// one is aborted.
func TestConditionalWrite(t *testing.T) {
	data := patternBytes(sseSize)
	for _, size := range []int{1000, sseSize} {
		s, srv := newObjServer(t)
		s.put("obj", []byte("old"), "", 0)
		_, err := httpManager(t, srv).Upload(t.Context(), &UploadInput{Bucket: "b", Key: "obj", Body: bytes.NewReader(data[:size]), IfNoneMatch: "*"})
		var merr *MultipartUploadError
		if !isPreconditionFailed(err) || (size > 1000) != errors.As(err, &merr) || (merr != nil && !merr.Aborted) {
			t.Errorf("Upload of %d bytes over an existing key = %v; want PreconditionFailed (aborted when multipart)", size, err)
		}
		if got, _, _ := s.object("obj"); string(got) != "old" {
			t.Errorf("after a %d-byte Upload, the object is %d bytes; want it unchanged", size, len(got))
		}
	}
}

// TestDownloadConditions: the caller's conditions go with the HeadObject
// and every GET; a failed IfMatch is S3's 412 returned as is (the object
// did not change during the download), and nothing is written.
func TestDownloadConditions(t *testing.T) {
	data := patternBytes(sseSize)
	since := time.Date(2020, 1, 2, 3, 4, 5, 0, time.UTC)
	for _, byPart := range []bool{false, true} {
		for _, validate := range []bool{false, true} {
			opts := func(o *Options) { o.DownloadByPart, o.SkipChecksumValidation = byPart, !validate }
			s, srv := newObjServer(t)
			s.put("obj", data, "", 5<<20)
			etag := etagOf(data)
			m := httpManager(t, srv)
			var buf bufferAt = make([]byte, sseSize)
			in := &DownloadInput{Bucket: "b", Key: "obj", IfMatch: etag, IfNoneMatch: `"other"`, IfModifiedSince: since, IfUnmodifiedSince: since.AddDate(20, 0, 0)}
			if n, err := m.Download(t.Context(), buf, in, opts); err != nil || n != sseSize || !bytes.Equal(buf, data) {
				t.Fatalf("byPart %t, validate %t: Download = %d, %v; want the object", byPart, validate, n, err)
			}
			want := map[string]string{"If-Match": etag, "If-None-Match": `"other"`,
				"If-Modified-Since": "Thu, 02 Jan 2020 03:04:05 GMT", "If-Unmodified-Since": "Mon, 02 Jan 2040 03:04:05 GMT"}
			gets := 0
			for _, r := range s.requests() {
				gets++
				for name, v := range want {
					if got := r.header.Get(name); got != v {
						t.Errorf("byPart %t, validate %t: %s: %s = %q; want %q", byPart, validate, r.op, name, got, v)
					}
				}
			}
			if gets < 3 {
				t.Errorf("%d requests; want at least 3", gets)
			}

			in.IfMatch = `"other"`
			buf = make([]byte, sseSize)
			_, err := m.Download(t.Context(), buf, in, opts)
			var changed *ObjectChangedError
			if !isPreconditionFailed(err) || errors.As(err, &changed) {
				t.Errorf("byPart %t, validate %t: Download with another ETag = %v; want S3's PreconditionFailed, not an *ObjectChangedError", byPart, validate, err)
			}
			if !bytes.Equal(buf, make([]byte, sseSize)) {
				t.Errorf("byPart %t, validate %t: a failed condition wrote bytes", byPart, validate)
			}

			// Not modified: S3 answers 304 with no body.
			in.IfMatch, in.IfNoneMatch = "", etag
			n, err := m.Download(t.Context(), buf, in, opts)
			if err == nil || n != 0 || !bytes.Equal(buf, make([]byte, sseSize)) {
				t.Errorf("byPart %t, validate %t: Download with If-None-Match of its ETag = %d, %v; want S3's 304 as an error and nothing written", byPart, validate, n, err)
			}
			rc, err := m.DownloadStream(t.Context(), in, opts)
			if err == nil {
				got, rerr := io.ReadAll(rc)
				rc.Close()
				t.Errorf("byPart %t, validate %t: DownloadStream with If-None-Match of its ETag read %d bytes, %v; want S3's 304 as an error", byPart, validate, len(got), rerr)
			}
		}
	}
}
