package manager_test

import (
	"bytes"
	"errors"
	"reflect"
	"slices"
	"testing"
	"time"

	"github.com/nimbus-sdk/nimbus/feature/s3/manager"
	"github.com/nimbus-sdk/nimbus/feature/s3/transfer/transfertest"
	"github.com/nimbus-sdk/nimbus/services/s3"
	"github.com/nimbus-sdk/nimbus/services/s3/types"
)

// TestDownloadMapsFields: the fields of a GetObjectInput go with the
// HeadObject and every ranged GET of the download.
func TestDownloadMapsFields(t *testing.T) {
	r := newRecorder()
	key, keyMD5 := sseKey()
	data := patternBytes(testSize)
	if _, err := manager.NewUploader(r).Upload(t.Context(), &s3.PutObjectInput{Bucket: ptr("b"), Key: ptr("obj"), Body: bytes.NewReader(data),
		SSECustomerAlgorithm: ptr("AES256"), SSECustomerKey: &key}); err != nil {
		t.Fatal(err)
	}
	since, until := time.Now().Add(-time.Hour), time.Now().Add(time.Hour)
	buf := manager.NewWriteAtBuffer(nil)
	d := manager.NewDownloader(r, func(d *manager.Downloader) { d.PartSize = 5 << 20; d.Concurrency = 2 })
	n, err := d.Download(t.Context(), buf, &s3.GetObjectInput{
		Bucket: ptr("b"), Key: ptr("obj"), VersionId: ptr("v1"),
		SSECustomerAlgorithm: ptr("AES256"), SSECustomerKey: &key, SSECustomerKeyMD5: &keyMD5,
		RequestPayer: types.RequestPayerRequester, ExpectedBucketOwner: ptr("123456789012"),
		IfNoneMatch: ptr(`"other"`), IfModifiedSince: &since, IfUnmodifiedSince: &until,
		ChecksumMode: types.ChecksumModeEnabled,
	})
	if err != nil || n != testSize || !bytes.Equal(buf.Bytes(), data) {
		t.Fatalf("Download = %d, %v (equal %v); want %d bytes", n, err, bytes.Equal(buf.Bytes(), data), testSize)
	}
	if len(r.gets) != 3 {
		t.Errorf("%d GETs; want 3 ranges of 5 MiB", len(r.gets))
	}
	for _, g := range r.gets {
		if deref(g.VersionId) != "v1" || deref(g.SSECustomerKey) != key || deref(g.SSECustomerKeyMD5) != keyMD5 ||
			g.RequestPayer != types.RequestPayerRequester || deref(g.ExpectedBucketOwner) != "123456789012" ||
			deref(g.IfNoneMatch) != `"other"` || g.IfModifiedSince == nil || !g.IfModifiedSince.Equal(since) ||
			g.IfUnmodifiedSince == nil || !g.IfUnmodifiedSince.Equal(until) {
			t.Errorf("GetObject %s lost fields: %+v", deref(g.Range), g)
		}
	}
	for _, h := range r.heads {
		if deref(h.SSECustomerKey) != key || deref(h.VersionId) != "v1" || h.RequestPayer != types.RequestPayerRequester {
			t.Errorf("HeadObject lost fields: %+v", h)
		}
	}
	if len(r.heads) != 1 {
		t.Errorf("%d HeadObject calls; want 1 (checksum validation)", len(r.heads))
	}
}

// TestDownloadUnsupportedFields: Range, PartNumber and the Response*
// overrides fail with a *FieldError naming them, before any request.
func TestDownloadUnsupportedFields(t *testing.T) {
	for _, name := range []string{"Range", "PartNumber", "ResponseCacheControl", "ResponseContentDisposition",
		"ResponseContentEncoding", "ResponseContentLanguage", "ResponseContentType", "ResponseExpires"} {
		in := &s3.GetObjectInput{Bucket: ptr("b"), Key: ptr("k")}
		f := reflect.ValueOf(in).Elem().FieldByName(name)
		f.Set(reflect.New(f.Type().Elem()))
		r := newRecorder()
		_, err := manager.NewDownloader(r).Download(t.Context(), manager.NewWriteAtBuffer(nil), in)
		var fe *manager.FieldError
		if !errors.As(err, &fe) || fe.Field != "GetObjectInput."+name || r.calls() != 0 {
			t.Errorf("%s: error %v after %d calls; want a FieldError naming it before any call", name, err, r.calls())
		}
	}
}

// TestGetObjectInputFieldsClassified fails when the model gains a field
// the manager neither maps nor refuses.
func TestGetObjectInputFieldsClassified(t *testing.T) {
	known := []string{"Bucket", "Key", "VersionId", "SSECustomerAlgorithm", "SSECustomerKey", "SSECustomerKeyMD5",
		"RequestPayer", "ExpectedBucketOwner", "IfMatch", "IfNoneMatch", "IfModifiedSince", "IfUnmodifiedSince", "ChecksumMode",
		"Range", "PartNumber", "ResponseCacheControl", "ResponseContentDisposition", "ResponseContentEncoding",
		"ResponseContentLanguage", "ResponseContentType", "ResponseExpires"}
	typ := reflect.TypeFor[s3.GetObjectInput]()
	for i := range typ.NumField() {
		if f := typ.Field(i); f.IsExported() && !slices.Contains(known, f.Name) {
			t.Errorf("GetObjectInput.%s is neither mapped nor refused by the manager", f.Name)
		}
	}
}

// getOnly has v2's DownloadAPIClient method only.
type getOnly struct{ manager.DownloadAPIClient }

// TestDownloadPartBodyMaxRetries: a body that breaks mid-read is fetched
// again with retries, and fails the download with PartBodyMaxRetries 0;
// a client with GetObject only is used without HeadObject.
func TestDownloadPartBodyMaxRetries(t *testing.T) {
	for _, retries := range []int{0, 3} {
		r := newRecorder()
		data := patternBytes(testSize)
		r.Put("b", "k", data)
		r.Inject(transfertest.Fault{Op: "GetObject", Key: "k", ResetAfter: 1000})
		buf := manager.NewWriteAtBuffer(nil)
		d := manager.NewDownloader(getOnly{r}, func(d *manager.Downloader) { d.PartBodyMaxRetries = retries })
		n, err := d.Download(t.Context(), buf, &s3.GetObjectInput{Bucket: ptr("b"), Key: ptr("k")})
		if retries == 0 && err == nil {
			t.Errorf("retries 0: Download succeeded after a broken body")
		}
		if retries > 0 && (err != nil || n != testSize || !bytes.Equal(buf.Bytes(), data)) {
			t.Errorf("retries %d: Download = %d, %v", retries, n, err)
		}
		if len(r.heads) != 0 {
			t.Errorf("%d HeadObject calls through a GetObject-only client", len(r.heads))
		}
	}
}

// TestWriteAtBuffer: writes at offsets grow the buffer and land in place.
func TestWriteAtBuffer(t *testing.T) {
	b := manager.NewWriteAtBuffer(nil)
	b.WriteAt([]byte("world"), 6)
	b.WriteAt([]byte("hello "), 0)
	if got := string(b.Bytes()); got != "hello world" {
		t.Errorf("Bytes = %q", got)
	}
	if _, err := b.WriteAt([]byte("x"), -1); err == nil {
		t.Error("WriteAt at -1 succeeded")
	}
}
