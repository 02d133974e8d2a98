package manager_test

import (
	"bytes"
	"errors"
	"reflect"
	"slices"
	"testing"
	"time"

	"github.com/aws/smithy-go"
	"github.com/nimbus-sdk/nimbus/feature/s3/manager"
	"github.com/nimbus-sdk/nimbus/feature/s3/transfer"
	"github.com/nimbus-sdk/nimbus/feature/s3/transfer/transfertest"
	"github.com/nimbus-sdk/nimbus/services/s3"
	"github.com/nimbus-sdk/nimbus/services/s3/types"
)

// The fields of s3.GetObjectInput, as the manager treats them:
// mapped onto the transfer's DownloadInput, refused with a *FieldError,
// or needing no mapping. TestGetObjectInputFieldsClassified checks that
// every field is in one list; TestDownloadMapsFields that every mapped
// field reaches the requests.
var (
	mappedGetFields = []string{"Bucket", "Key", "VersionId", "SSECustomerAlgorithm", "SSECustomerKey", "SSECustomerKeyMD5",
		"RequestPayer", "ExpectedBucketOwner", "IfMatch", "IfNoneMatch", "IfModifiedSince", "IfUnmodifiedSince", "Range",
		"ResponseCacheControl", "ResponseContentDisposition", "ResponseContentEncoding", "ResponseContentLanguage",
		"ResponseContentType", "ResponseExpires"}
	refusedGetFields  = []string{"PartNumber"}
	unmappedGetFields = []string{"ChecksumMode"} // downloads validate checksums anyway
)

// responseOverrides are GetObjectInput's Response* fields, which go with
// every GET and not with the HeadObject.
var responseOverrides = []string{"ResponseCacheControl", "ResponseContentDisposition", "ResponseContentEncoding",
	"ResponseContentLanguage", "ResponseContentType", "ResponseExpires"}

// TestDownloadMapsFields: every mapped field of a GetObjectInput (but
// Range, see TestDownloadRange) goes with every ranged GET of the
// download, and those HeadObject takes, but the Response* overrides,
// with its HeadObject.
func TestDownloadMapsFields(t *testing.T) {
	r := newRecorder()
	key, keyMD5 := sseKey()
	data := patternBytes(testSize)
	up, err := manager.NewUploader(r).Upload(t.Context(), &s3.PutObjectInput{Bucket: ptr("b"), Key: ptr("obj"), Body: bytes.NewReader(data),
		SSECustomerAlgorithm: ptr("AES256"), SSECustomerKey: &key})
	if err != nil {
		t.Fatal(err)
	}
	since, until := time.Now().Add(-time.Hour), time.Now().Add(time.Hour)
	values := map[string]any{
		"Bucket": ptr("b"), "Key": ptr("obj"), "VersionId": ptr("v1"),
		"SSECustomerAlgorithm": ptr("AES256"), "SSECustomerKey": &key, "SSECustomerKeyMD5": &keyMD5,
		"RequestPayer": types.RequestPayerRequester, "ExpectedBucketOwner": ptr("123456789012"),
		"IfMatch": up.ETag, "IfNoneMatch": ptr(`"other"`), "IfModifiedSince": &since, "IfUnmodifiedSince": &until,
		"ResponseCacheControl": ptr("no-store"), "ResponseContentDisposition": ptr(`attachment; filename="x.bin"`),
		"ResponseContentEncoding": ptr("identity"), "ResponseContentLanguage": ptr("fr-CA"),
		"ResponseContentType": ptr("application/x-override"), "ResponseExpires": ptr(until.Add(time.Hour)),
	}
	in := &s3.GetObjectInput{ChecksumMode: types.ChecksumModeEnabled}
	for _, name := range mappedGetFields {
		v, ok := values[name]
		if !ok {
			if name != "Range" {
				t.Errorf("GetObjectInput.%s is mapped but has no test value", name)
			}
			continue
		}
		reflect.ValueOf(in).Elem().FieldByName(name).Set(reflect.ValueOf(v))
	}
	buf := manager.NewWriteAtBuffer(nil)
	d := manager.NewDownloader(r, func(d *manager.Downloader) { d.PartSize = 5 << 20; d.Concurrency = 2 })
	n, err := d.Download(t.Context(), buf, in)
	if err != nil || n != testSize || !bytes.Equal(buf.Bytes(), data) {
		t.Fatalf("Download = %d, %v (equal %v); want %d bytes", n, err, bytes.Equal(buf.Bytes(), data), testSize)
	}
	if len(r.gets) != 3 || len(r.heads) != 1 {
		t.Errorf("%d GETs, %d HeadObject; want 3 ranges of 5 MiB and a HeadObject (checksum validation)", len(r.gets), len(r.heads))
	}
	for _, g := range r.gets {
		checkFields(t, "GetObject "+deref(g.Range), g, values, nil)
	}
	for _, h := range r.heads {
		checkFields(t, "HeadObject", h, values, responseOverrides)
	}
}

// checkFields fails t unless each field of in named in values (and
// present in its type) holds that value; fields named in absent must be
// unset.
func checkFields(t *testing.T, what string, in any, values map[string]any, absent []string) {
	t.Helper()
	v := reflect.ValueOf(in).Elem()
	for name, want := range values {
		f := v.FieldByName(name)
		if !f.IsValid() {
			continue // a field the operation does not have
		}
		if slices.Contains(absent, name) {
			if !f.IsZero() {
				t.Errorf("%s: %s = %v; want it unset", what, name, f.Interface())
			}
			continue
		}
		got := f.Interface()
		if gt, ok := got.(*time.Time); ok && gt != nil {
			if !gt.Equal(*want.(*time.Time)) {
				t.Errorf("%s: %s = %v; want %v", what, name, *gt, *want.(*time.Time))
			}
			continue
		}
		if !reflect.DeepEqual(got, want) {
			t.Errorf("%s: %s = %v; want %v", what, name, f, reflect.ValueOf(want))
		}
	}
}

// TestDownloadRange: as in v2, a ranged download is one GET of the
// range, whatever PartSize and Concurrency say, written from offset 0,
// and returns the bytes written; no HeadObject is sent, so a client with
// GetObject only works too. A broken body is resumed from the offset
// reached; an empty Range (as v2 treats it) downloads the whole object.
func TestDownloadRange(t *testing.T) {
	data := patternBytes(testSize)
	tests := []struct {
		name     string
		rng      string
		from, to int // the bytes wanted
		gets     []string
	}{
		{"spanning parts, to the end", "bytes=1000-", 1000, testSize - 1, []string{"bytes=1000-"}},
		{"closed", "bytes=5-11000000", 5, 11000000, []string{"bytes=5-11000000"}},
		{"suffix", "bytes=-100", testSize - 100, testSize - 1, []string{"bytes=-100"}},
		{"suffix longer than the object", "bytes=-99999999", 0, testSize - 1, []string{"bytes=-99999999"}},
		{"the whole object", "bytes=0-", 0, testSize - 1, []string{"bytes=0-"}},
		{"empty: the whole object", "", 0, testSize - 1, []string{"bytes=0-5242879", "bytes=10485760-12582918", "bytes=5242880-10485759"}}, // sorted
	}
	for _, tt := range tests {
		for _, client := range []string{"full", "GetObject only"} {
			t.Run(tt.name+"/"+client, func(t *testing.T) {
				r := newRecorder()
				r.Put("b", "k", data)
				var c manager.DownloadAPIClient = r
				if client != "full" {
					c = getOnly{r}
				}
				buf := manager.NewWriteAtBuffer(nil)
				d := manager.NewDownloader(c, func(d *manager.Downloader) { d.PartSize = 5 << 20; d.Concurrency = 3 })
				n, err := d.Download(t.Context(), buf, &s3.GetObjectInput{Bucket: ptr("b"), Key: ptr("k"), Range: ptr(tt.rng)},
					func(d *manager.Downloader) { d.PartSize = 5 << 20 })
				want := data[tt.from : tt.to+1]
				if err != nil || n != int64(len(want)) || !bytes.Equal(buf.Bytes(), want) {
					t.Fatalf("Download = %d, %v (%d bytes); want the %d bytes %d-%d at offset 0", n, err, len(buf.Bytes()), len(want), tt.from, tt.to)
				}
				var gets []string
				for _, g := range r.gets {
					gets = append(gets, deref(g.Range))
				}
				slices.Sort(gets)
				if !slices.Equal(gets, tt.gets) {
					t.Errorf("GETs %q; want %q", gets, tt.gets)
				}
				wantHeads := 0
				if tt.rng == "" && client == "full" {
					wantHeads = 1 // the whole object is validated
				}
				if len(r.heads) != wantHeads {
					t.Errorf("%d HeadObject; want %d", len(r.heads), wantHeads)
				}
			})
		}
	}
}

// TestDownloadRangeResumed: a ranged download's body that breaks is
// resumed from the offset reached, within PartBodyMaxRetries.
func TestDownloadRangeResumed(t *testing.T) {
	r := newRecorder()
	data := patternBytes(testSize)
	r.Put("b", "k", data)
	r.Inject(transfertest.Fault{Op: "GetObject", Key: "k", ResetAfter: 1000})
	buf := manager.NewWriteAtBuffer(nil)
	n, err := manager.NewDownloader(r).Download(t.Context(), buf, &s3.GetObjectInput{Bucket: ptr("b"), Key: ptr("k"), Range: ptr("bytes=100-")})
	if want := data[100:]; err != nil || n != int64(len(want)) || !bytes.Equal(buf.Bytes(), want) {
		t.Fatalf("Download = %d, %v; want the %d bytes from 100", n, err, len(want))
	}
	var gets []string
	for _, g := range r.gets {
		gets = append(gets, deref(g.Range))
	}
	if want := []string{"bytes=100-", "bytes=1100-12582918"}; !slices.Equal(gets, want) {
		t.Errorf("GETs %q; want %q", gets, want)
	}
}

// TestDownloadRangeErrors: a range past the end fails with S3's 416
// InvalidRange, as in v2; a Range S3 would ignore fails before anything
// is sent, with a *transfer.InputError naming it.
func TestDownloadRangeErrors(t *testing.T) {
	tests := []struct {
		rng       string
		wantCode  string // of the APIError, or "" for an InputError
		wantCalls int
	}{
		{"bytes=99999999-", "InvalidRange", 1},
		{"bytes=0-1,5-6", "", 0},
		{"0-10", "", 0},
	}
	for _, tt := range tests {
		t.Run(tt.rng, func(t *testing.T) {
			r := newRecorder()
			r.Put("b", "k", patternBytes(1000))
			n, err := manager.NewDownloader(r).Download(t.Context(), manager.NewWriteAtBuffer(nil), &s3.GetObjectInput{Bucket: ptr("b"), Key: ptr("k"), Range: ptr(tt.rng)})
			var api smithy.APIError
			var ie *transfer.InputError
			switch {
			case tt.wantCode != "" && (!errors.As(err, &api) || api.ErrorCode() != tt.wantCode):
				t.Errorf("Download error = %v; want %s", err, tt.wantCode)
			case tt.wantCode == "" && (!errors.As(err, &ie) || ie.Field != "DownloadInput.Range"):
				t.Errorf("Download error = %v; want a *transfer.InputError for the Range", err)
			}
			if n != 0 || r.calls() != tt.wantCalls {
				t.Errorf("Download = %d after %d calls; want 0 after %d", n, r.calls(), tt.wantCalls)
			}
		})
	}
}

// TestDownloadUnsupportedFields: PartNumber fails with a *FieldError
// naming it, before any request.
func TestDownloadUnsupportedFields(t *testing.T) {
	for _, name := range refusedGetFields {
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
// the manager neither maps nor refuses, or a list names a field that is
// gone.
func TestGetObjectInputFieldsClassified(t *testing.T) {
	known := slices.Concat(mappedGetFields, refusedGetFields, unmappedGetFields)
	typ := reflect.TypeFor[s3.GetObjectInput]()
	for i := range typ.NumField() {
		if f := typ.Field(i); f.IsExported() && !slices.Contains(known, f.Name) {
			t.Errorf("GetObjectInput.%s is neither mapped nor refused by the manager", f.Name)
		}
	}
	for _, name := range known {
		if _, ok := typ.FieldByName(name); !ok {
			t.Errorf("GetObjectInput has no field %s", name)
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
