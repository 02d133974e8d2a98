package manager_test

import (
	"bytes"
	"crypto/md5"
	"encoding/base64"
	"errors"
	"io"
	"reflect"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/nimbus-sdk/nimbus/feature/s3/manager"
	"github.com/nimbus-sdk/nimbus/feature/s3/transfer"
	"github.com/nimbus-sdk/nimbus/feature/s3/transfer/transfertest"
	"github.com/nimbus-sdk/nimbus/services/s3"
	"github.com/nimbus-sdk/nimbus/services/s3/types"
)

const testSize = 12<<20 + 7

func ptr[T any](v T) *T { return &v }

func patternBytes(n int) []byte {
	b := make([]byte, n)
	for i := range b {
		b[i] = byte(i*7 + i>>13)
	}
	return b
}

// sseKey is a test SSE-C key and its MD5, both base64.
func sseKey() (key, keyMD5 string) {
	raw := bytes.Repeat([]byte{0x42}, 32)
	sum := md5.Sum(raw)
	return base64.StdEncoding.EncodeToString(raw), base64.StdEncoding.EncodeToString(sum[:])
}

// TestUploadMultipartMapsFields: a PutObjectInput with many fields set,
// uploaded in three parts, sends the object's settings with
// CreateMultipartUpload, SSE-C, RequestPayer, ExpectedBucketOwner and the
// checksum algorithm with every part, and the conditional write with
// CompleteMultipartUpload.
func TestUploadMultipartMapsFields(t *testing.T) {
	r := newRecorder()
	key, keyMD5 := sseKey()
	data := patternBytes(testSize)
	u := manager.NewUploader(r, func(u *manager.Uploader) { u.PartSize = 5 << 20 })
	out, err := u.Upload(t.Context(), &s3.PutObjectInput{
		Bucket: ptr("b"), Key: ptr("obj"), Body: bytes.NewReader(data),
		ContentType: ptr("application/x-test"), ContentEncoding: ptr("identity"), ContentDisposition: ptr("attachment"),
		ContentLanguage: ptr("en"), CacheControl: ptr("no-cache"), Expires: ptr("Wed, 01 Jul 2026 12:00:00 GMT"),
		WebsiteRedirectLocation: ptr("/elsewhere"), Metadata: map[string]string{"a": "1"}, Tagging: ptr("t=1"),
		ACL: types.ObjectCannedACLPrivate, GrantRead: ptr(`id="read"`), GrantFullControl: ptr(`id="full"`),
		GrantReadACP: ptr(`id="ra"`), GrantWriteACP: ptr(`id="wa"`),
		StorageClass:         types.StorageClassStandardIa,
		SSECustomerAlgorithm: ptr("AES256"), SSECustomerKey: &key, SSECustomerKeyMD5: &keyMD5,
		IfNoneMatch:  ptr("*"),
		RequestPayer: types.RequestPayerRequester, ExpectedBucketOwner: ptr("123456789012"),
		ChecksumAlgorithm: types.ChecksumAlgorithmCrc32c,
	})
	if err != nil {
		t.Fatalf("Upload: %v", err)
	}
	if len(r.creates) != 1 || len(r.parts) != 3 || len(r.completes) != 1 || len(r.puts) != 0 {
		t.Fatalf("calls: %d creates, %d parts, %d completes, %d puts; want 1, 3, 1, 0", len(r.creates), len(r.parts), len(r.completes), len(r.puts))
	}
	c := r.creates[0]
	wantStr := map[string][2]*string{
		"ContentType": {c.ContentType, ptr("application/x-test")}, "ContentEncoding": {c.ContentEncoding, ptr("identity")},
		"ContentDisposition": {c.ContentDisposition, ptr("attachment")}, "ContentLanguage": {c.ContentLanguage, ptr("en")},
		"CacheControl": {c.CacheControl, ptr("no-cache")}, "WebsiteRedirectLocation": {c.WebsiteRedirectLocation, ptr("/elsewhere")},
		"Tagging": {c.Tagging, ptr("t=1")}, "GrantRead": {c.GrantRead, ptr(`id="read"`)}, "GrantFullControl": {c.GrantFullControl, ptr(`id="full"`)},
		"GrantReadACP": {c.GrantReadACP, ptr(`id="ra"`)}, "GrantWriteACP": {c.GrantWriteACP, ptr(`id="wa"`)},
		"SSECustomerKey": {c.SSECustomerKey, &key}, "ExpectedBucketOwner": {c.ExpectedBucketOwner, ptr("123456789012")},
	}
	for name, v := range wantStr {
		if v[0] == nil || *v[0] != *v[1] {
			t.Errorf("CreateMultipartUpload.%s = %v; want %q", name, v[0], *v[1])
		}
	}
	if deref(c.Expires) != "Wed, 01 Jul 2026 12:00:00 GMT" {
		t.Errorf("CreateMultipartUpload.Expires = %v", c.Expires)
	}
	if c.Metadata["a"] != "1" || c.ACL != types.ObjectCannedACLPrivate || c.StorageClass != types.StorageClassStandardIa ||
		c.RequestPayer != types.RequestPayerRequester || c.ChecksumAlgorithm != types.ChecksumAlgorithmCrc32c {
		t.Errorf("CreateMultipartUpload: Metadata %v, ACL %q, StorageClass %q, RequestPayer %q, ChecksumAlgorithm %q",
			c.Metadata, c.ACL, c.StorageClass, c.RequestPayer, c.ChecksumAlgorithm)
	}
	for _, p := range r.parts {
		if deref(p.SSECustomerKey) != key || p.RequestPayer != types.RequestPayerRequester ||
			deref(p.ExpectedBucketOwner) != "123456789012" || p.ChecksumAlgorithm != types.ChecksumAlgorithmCrc32c {
			t.Errorf("UploadPart %d: SSE-C key set %v, RequestPayer %q, ExpectedBucketOwner %q, ChecksumAlgorithm %q",
				deref(p.PartNumber), p.SSECustomerKey != nil, p.RequestPayer, deref(p.ExpectedBucketOwner), p.ChecksumAlgorithm)
		}
		if n := deref(p.PartNumber); n < 3 && deref(p.ContentLength) != 5<<20 {
			t.Errorf("UploadPart %d: ContentLength %d; want 5 MiB", n, deref(p.ContentLength))
		}
	}
	if cm := r.completes[0]; deref(cm.IfNoneMatch) != "*" || cm.RequestPayer != types.RequestPayerRequester {
		t.Errorf("CompleteMultipartUpload: IfNoneMatch %q, RequestPayer %q", deref(cm.IfNoneMatch), cm.RequestPayer)
	}
	if got, _ := r.Object("b", "obj"); !bytes.Equal(got, data) {
		t.Errorf("stored object differs from the body (%d bytes; want %d)", len(got), len(data))
	}
	if out.UploadID == "" || out.ETag == nil || deref(out.Key) != "obj" || out.ChecksumCRC32C == nil || out.ChecksumCRC32 != nil {
		t.Errorf("UploadOutput = %+v; want UploadID, ETag, Key and ChecksumCRC32C only", out)
	}
}

// TestUploadSinglePutMapsFields: a body below PartSize goes as one
// PutObject with the object's settings.
func TestUploadSinglePutMapsFields(t *testing.T) {
	r := newRecorder()
	retain := time.Date(2030, 1, 2, 3, 4, 5, 0, time.UTC)
	out, err := manager.NewUploader(r).Upload(t.Context(), &s3.PutObjectInput{
		Bucket: ptr("b"), Key: ptr("small"), Body: strings.NewReader("hello"),
		ServerSideEncryption: types.ServerSideEncryptionAwsKms, SSEKMSKeyId: ptr("kms-key"),
		SSEKMSEncryptionContext: ptr("eyJhIjoiYiJ9"), BucketKeyEnabled: ptr(false),
		ObjectLockMode: types.ObjectLockModeGovernance, ObjectLockRetainUntilDate: &retain,
		ObjectLockLegalHoldStatus: types.ObjectLockLegalHoldStatusOn, IfMatch: ptr(`"etag"`),
		ContentType: ptr("text/plain"),
	})
	if err != nil {
		t.Fatalf("Upload: %v", err)
	}
	if out.UploadID != "" || out.ETag == nil || out.ChecksumCRC32 == nil {
		t.Errorf("UploadOutput = %+v; want a single PutObject's ETag and default CRC32", out)
	}
	if len(r.puts) != 1 {
		t.Fatalf("%d PutObject calls; want 1", len(r.puts))
	}
	p := r.puts[0]
	if p.ServerSideEncryption != types.ServerSideEncryptionAwsKms || deref(p.SSEKMSKeyId) != "kms-key" ||
		deref(p.SSEKMSEncryptionContext) != "eyJhIjoiYiJ9" || p.BucketKeyEnabled == nil || *p.BucketKeyEnabled ||
		p.ObjectLockMode != types.ObjectLockModeGovernance || p.ObjectLockRetainUntilDate == nil || !p.ObjectLockRetainUntilDate.Equal(retain) ||
		p.ObjectLockLegalHoldStatus != types.ObjectLockLegalHoldStatusOn || deref(p.IfMatch) != `"etag"` || deref(p.ContentType) != "text/plain" {
		t.Errorf("PutObject input lost fields: %+v", p)
	}
}

// putMapped and putUnsupported classify every field of s3.PutObjectInput;
// TestPutObjectInputFieldsClassified fails when the model gains one.
var (
	putMapped = []string{"ACL", "Body", "Bucket", "CacheControl", "ContentDisposition", "ContentEncoding", "ContentLanguage",
		"ContentLength", "ContentType", "ChecksumAlgorithm", "Expires", "IfMatch", "IfNoneMatch", "GrantFullControl", "GrantRead",
		"GrantReadACP", "GrantWriteACP", "Key", "Metadata", "ServerSideEncryption", "StorageClass", "WebsiteRedirectLocation",
		"SSECustomerAlgorithm", "SSECustomerKey", "SSECustomerKeyMD5", "SSEKMSKeyId", "SSEKMSEncryptionContext", "BucketKeyEnabled",
		"RequestPayer", "Tagging", "ObjectLockMode", "ObjectLockRetainUntilDate", "ObjectLockLegalHoldStatus", "ExpectedBucketOwner",
		"ContentMD5", "ChecksumCRC32", "ChecksumCRC32C", "ChecksumCRC64NVME", "ChecksumSHA1", "ChecksumSHA256"}
	putUnsupported = []string{"ChecksumSHA512", "ChecksumMD5", "ChecksumXXHASH64", "ChecksumXXHASH3", "ChecksumXXHASH128", "WriteOffsetBytes"}
)

func TestPutObjectInputFieldsClassified(t *testing.T) {
	typ := reflect.TypeFor[s3.PutObjectInput]()
	for i := range typ.NumField() {
		f := typ.Field(i)
		if !f.IsExported() {
			continue
		}
		if !slices.Contains(putMapped, f.Name) && !slices.Contains(putUnsupported, f.Name) {
			t.Errorf("PutObjectInput.%s is neither mapped nor refused by the manager", f.Name)
		}
	}
}

// TestUploadUnsupportedFields: each field the transfer cannot honour fails
// with a *FieldError naming it, before any request.
func TestUploadUnsupportedFields(t *testing.T) {
	for _, name := range putUnsupported {
		t.Run(name, func(t *testing.T) {
			in := &s3.PutObjectInput{Bucket: ptr("b"), Key: ptr("k"), Body: strings.NewReader("x")}
			f := reflect.ValueOf(in).Elem().FieldByName(name)
			switch f.Interface().(type) {
			case *string:
				f.Set(reflect.ValueOf(ptr("AAAA")))
			case *int64:
				f.Set(reflect.ValueOf(ptr(int64(0))))
			default:
				t.Fatalf("field type %s", f.Type())
			}
			r := newRecorder()
			_, err := manager.NewUploader(r).Upload(t.Context(), in)
			var fe *manager.FieldError
			if !errors.As(err, &fe) || fe.Field != "PutObjectInput."+name {
				t.Fatalf("Upload error = %v; want a FieldError for PutObjectInput.%s", err, name)
			}
			if !strings.Contains(err.Error(), name) || r.calls() != 0 {
				t.Errorf("error %q, %d calls; want the field named and no call", err, r.calls())
			}
		})
	}
	for _, tc := range []struct {
		field string
		in    *s3.PutObjectInput
		u     func(*manager.Uploader)
	}{
		{"PutObjectInput.Expires", &s3.PutObjectInput{Bucket: ptr("b"), Key: ptr("k"), Expires: ptr("tomorrow")}, nil},
		{"PutObjectInput.Bucket", &s3.PutObjectInput{Key: ptr("k")}, nil},
		{"PutObjectInput.Key", &s3.PutObjectInput{Bucket: ptr("b")}, nil},
		{"Uploader.PartSize", &s3.PutObjectInput{Bucket: ptr("b"), Key: ptr("k")}, func(u *manager.Uploader) { u.PartSize = 1 << 20 }},
	} {
		r := newRecorder()
		var opts []func(*manager.Uploader)
		if tc.u != nil {
			opts = append(opts, tc.u)
		}
		_, err := manager.NewUploader(r).Upload(t.Context(), tc.in, opts...)
		var fe *manager.FieldError
		if !errors.As(err, &fe) || fe.Field != tc.field || r.calls() != 0 {
			t.Errorf("%s: error %v after %d calls; want a FieldError for it before any call", tc.field, err, r.calls())
		}
	}
}

// TestUploadContentLength: a ContentLength that is not the body's size
// fails the upload and stores nothing; the right one uploads.
func TestUploadContentLength(t *testing.T) {
	for _, tc := range []struct {
		name   string
		body   io.Reader
		length int64
		ok     bool
	}{
		{"reader exact", io.MultiReader(strings.NewReader("hello")), 5, true},
		{"reader short", io.MultiReader(strings.NewReader("hell")), 5, false},
		{"reader long", io.MultiReader(strings.NewReader("hello!")), 5, false},
		{"readerat prefix", strings.NewReader("hello!"), 5, true},
		{"readerat zero", strings.NewReader("hello"), 0, false},
	} {
		r := newRecorder()
		_, err := manager.NewUploader(r).Upload(t.Context(), &s3.PutObjectInput{Bucket: ptr("b"), Key: ptr("k"), Body: tc.body, ContentLength: &tc.length})
		got, stored := r.Object("b", "k")
		if tc.ok && (err != nil || string(got) != "hello"[:tc.length]) {
			t.Errorf("%s: Upload = %v, stored %q", tc.name, err, got)
		}
		if !tc.ok && (err == nil || stored) {
			t.Errorf("%s: Upload = %v, stored %v; want an error and nothing stored", tc.name, err, stored)
		}
	}
}

// TestUploadMaxUploadParts: a known size gets parts large enough; an
// unknown size that needs more parts fails and leaves no upload.
func TestUploadMaxUploadParts(t *testing.T) {
	data := patternBytes(testSize)
	r := newRecorder()
	u := manager.NewUploader(r, func(u *manager.Uploader) { u.MaxUploadParts = 2 })
	if _, err := u.Upload(t.Context(), &s3.PutObjectInput{Bucket: ptr("b"), Key: ptr("k"), Body: bytes.NewReader(data)}); err != nil {
		t.Fatalf("Upload: %v", err)
	}
	if len(r.parts) != 2 {
		t.Errorf("%d parts; want 2", len(r.parts))
	}
	if got, _ := r.Object("b", "k"); !bytes.Equal(got, data) {
		t.Errorf("stored object differs")
	}

	r = newRecorder()
	u = manager.NewUploader(r, func(u *manager.Uploader) { u.MaxUploadParts = 2 })
	_, err := u.Upload(t.Context(), &s3.PutObjectInput{Bucket: ptr("b"), Key: ptr("k"), Body: io.MultiReader(bytes.NewReader(data))})
	if err == nil || !strings.Contains(err.Error(), "MaxUploadParts") {
		t.Fatalf("Upload of an unknown size over 2 parts = %v; want a MaxUploadParts error", err)
	}
	if _, ok := r.Object("b", "k"); ok || len(r.Uploads()) != 0 {
		t.Errorf("object stored %v, uploads left %v; want neither", ok, r.Uploads())
	}
}

// TestUploadConcurrency: Concurrency bounds the parts in flight.
func TestUploadConcurrency(t *testing.T) {
	r := newRecorder()
	u := manager.NewUploader(r, func(u *manager.Uploader) { u.Concurrency = 1 })
	if _, err := u.Upload(t.Context(), &s3.PutObjectInput{Bucket: ptr("b"), Key: ptr("k"), Body: bytes.NewReader(patternBytes(testSize))}); err != nil {
		t.Fatal(err)
	}
	if n := r.MaxInFlight("UploadPart"); n != 1 {
		t.Errorf("%d parts in flight; want 1", n)
	}
}

// TestUploadMultiUploadFailure: a failed part gives v2's
// MultiUploadFailure with the upload's ID, kept with LeavePartsOnError
// and aborted without.
func TestUploadMultiUploadFailure(t *testing.T) {
	for _, leave := range []bool{true, false} {
		r := newRecorder()
		r.Inject(transfertest.Fault{Op: "UploadPart", PartNumber: 2, Times: -1, Err: &transfertest.APIError{Code: "AccessDenied", Status: 403}})
		u := manager.NewUploader(r, func(u *manager.Uploader) { u.LeavePartsOnError = leave })
		_, err := u.Upload(t.Context(), &s3.PutObjectInput{Bucket: ptr("b"), Key: ptr("k"), Body: bytes.NewReader(patternBytes(testSize))})
		var mf manager.MultiUploadFailure
		if !errors.As(err, &mf) || mf.UploadID() == "" {
			t.Fatalf("leave=%v: Upload error = %v; want a MultiUploadFailure with an upload ID", leave, err)
		}
		var te *transfer.MultipartUploadError
		if !errors.As(err, &te) || te.Aborted == leave {
			t.Errorf("leave=%v: transfer error %v (aborted %v)", leave, te, te != nil && te.Aborted)
		}
		if kept := slices.Contains(r.Uploads(), mf.UploadID()); kept != leave {
			t.Errorf("leave=%v: upload kept on the server = %v", leave, kept)
		}
	}
}

// uploadOnly has v2's UploadAPIClient methods and nothing else, like a
// test double of ported code.
type uploadOnly struct{ manager.UploadAPIClient }

// TestUploadNarrowClient: a client with only v2's UploadAPIClient methods
// works.
func TestUploadNarrowClient(t *testing.T) {
	r := newRecorder()
	data := patternBytes(testSize)
	if _, err := manager.NewUploader(uploadOnly{r}).Upload(t.Context(), &s3.PutObjectInput{Bucket: ptr("b"), Key: ptr("k"), Body: bytes.NewReader(data)}); err != nil {
		t.Fatalf("Upload: %v", err)
	}
	if got, _ := r.Object("b", "k"); !bytes.Equal(got, data) || len(r.parts) != 3 {
		t.Errorf("stored %d bytes in %d parts; want %d in 3", len(got), len(r.parts), len(data))
	}
}

func deref[T any](p *T) T {
	var zero T
	if p == nil {
		return zero
	}
	return *p
}

// TestClientOptionsAndZeroValues: an Uploader and a Downloader built as
// struct literals, with only S3 and ClientOptions set, use v2's defaults
// and pass ClientOptions to every call.
func TestClientOptionsAndZeroValues(t *testing.T) {
	r := newRecorder()
	mark := func(o *s3.Options) { o.AppID = "ported" }
	u := manager.Uploader{S3: r, ClientOptions: []func(*s3.Options){mark}}
	if _, err := u.Upload(t.Context(), &s3.PutObjectInput{Bucket: ptr("b"), Key: ptr("k"), Body: strings.NewReader("hi")}); err != nil {
		t.Fatal(err)
	}
	d := manager.Downloader{S3: r, ClientOptions: []func(*s3.Options){mark}}
	buf := manager.NewWriteAtBuffer(nil)
	if n, err := d.Download(t.Context(), buf, &s3.GetObjectInput{Bucket: ptr("b"), Key: ptr("k")}); err != nil || n != 2 || string(buf.Bytes()) != "hi" {
		t.Fatalf("Download = %d, %v, %q", n, err, buf.Bytes())
	}
	if len(r.appIDs) < 2 {
		t.Fatalf("%d calls recorded", len(r.appIDs))
	}
	for _, id := range r.appIDs {
		if id != "ported" {
			t.Errorf("a call ran without ClientOptions (AppID %q)", id)
		}
	}
}

// TestWithClientOptionHelpers: v2's WithUploaderRequestOptions and
// WithDownloaderClientOptions, passed per call, reach every S3 call.
func TestWithClientOptionHelpers(t *testing.T) {
	r := newRecorder()
	mark := func(o *s3.Options) { o.AppID = "per-call" }
	u := manager.NewUploader(r)
	if _, err := u.Upload(t.Context(), &s3.PutObjectInput{Bucket: ptr("b"), Key: ptr("k"), Body: strings.NewReader("hi")},
		manager.WithUploaderRequestOptions(mark)); err != nil {
		t.Fatal(err)
	}
	d := manager.NewDownloader(r)
	buf := manager.NewWriteAtBuffer(nil)
	if _, err := d.Download(t.Context(), buf, &s3.GetObjectInput{Bucket: ptr("b"), Key: ptr("k")},
		manager.WithDownloaderClientOptions(mark)); err != nil {
		t.Fatal(err)
	}
	if len(r.appIDs) < 2 {
		t.Fatalf("%d calls recorded", len(r.appIDs))
	}
	for _, id := range r.appIDs {
		if id != "per-call" {
			t.Errorf("a call ran without the per-call options (AppID %q)", id)
		}
	}
}
