package transfer

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"math"
	"net/http"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/aws/smithy-go"
	smithyhttp "github.com/aws/smithy-go/transport/http"
	"github.com/nimbus-sdk/nimbus/feature/s3/transfer/transfertest"
	"github.com/nimbus-sdk/nimbus/services/s3/types"
)

// rangeSize is the object of the ranged download tests: three parts of
// 5 MiB (httpManager's part size), the last of 2 MiB + 7 bytes.
const rangeSize = sseSize

// downloadPaths are the ways a ranged download learns the object's size:
// from HeadObject (checksum validation on, the default) or from its
// first GET.
var downloadPaths = []struct {
	name string
	head bool
	opt  func(*Options)
}{
	{"head", true, func(*Options) {}},
	{"no head", false, func(o *Options) { o.SkipChecksumValidation = true }},
}

// forEachPath runs f as the subtests name/path/api of both download
// paths and both APIs ("writerat" and "stream").
func forEachPath(t *testing.T, name string, f func(t *testing.T, head bool, opt func(*Options), api string)) {
	for _, p := range downloadPaths {
		for _, api := range []string{"writerat", "stream"} {
			t.Run(name+"/"+p.name+"/"+api, func(t *testing.T) { f(t, p.head, p.opt, api) })
		}
	}
}

// rangedDownload downloads in with api ("writerat" or "stream") and
// returns the bytes written or read and the count Download returned (the
// bytes read for a stream). Unless want is nil, t fails when a byte lands
// where want does not have it.
func rangedDownload(t *testing.T, m *Manager, api string, in *DownloadInput, want []byte, optFns ...func(*Options)) ([]byte, int64, error) {
	t.Helper()
	if api == "writerat" {
		mw := &memWriterAt{}
		var w io.WriterAt = mw
		if want != nil {
			w = teeWriterAt{&checkedWriterAt{t: t, want: want}, mw}
		}
		n, err := m.Download(t.Context(), w, in, optFns...)
		return mw.b, n, err
	}
	rc, err := m.DownloadStream(t.Context(), in, optFns...)
	if err != nil {
		return nil, 0, err
	}
	defer rc.Close()
	got, err := io.ReadAll(rc)
	if want != nil && !bytes.HasPrefix(want, got) {
		t.Errorf("stream returned %d bytes that are not a prefix of the range", len(got))
	}
	return got, int64(len(got)), err
}

// teeWriterAt writes to both of its writers.
type teeWriterAt struct{ a, b io.WriterAt }

func (t teeWriterAt) WriteAt(p []byte, off int64) (int, error) {
	t.a.WriteAt(p, off)
	return t.b.WriteAt(p, off)
}

// getRanges returns the Range headers of the GetObject requests, and the
// number of HeadObject requests.
func getRanges(reqs []srvRequest) (ranges []string, heads int) {
	for _, r := range reqs {
		switch r.op {
		case "GetObject":
			ranges = append(ranges, r.header.Get("Range"))
		case "HeadObject":
			heads++
		}
	}
	return ranges, heads
}

// TestDownloadRange: every form of Range, against part boundaries, by
// both download paths and both APIs, writes exactly the range's bytes
// from offset 0 and returns their number, with one GET per part of the
// range, each inside it. A HeadObject is sent to validate, or to learn
// the size before a suffix longer than a part.
func TestDownloadRange(t *testing.T) {
	const part = 5 * mib
	data := patternBytes(rangeSize)
	tests := []struct {
		name     string
		rng      string
		from, to int64 // the bytes wanted
	}{
		{"smaller than a part", "bytes=100-1099", 100, 1099},
		{"one byte", "bytes=5000-5000", 5000, 5000},
		{"the first byte", "bytes=0-0", 0, 0},
		{"the last byte", fmt.Sprintf("bytes=%d-", rangeSize-1), rangeSize - 1, rangeSize - 1},
		{"equal to a part, aligned", fmt.Sprintf("bytes=%d-%d", part, 2*part-1), part, 2*part - 1},
		{"equal to a part, across a boundary", fmt.Sprintf("bytes=3-%d", part+2), 3, part + 2},
		{"two parts", fmt.Sprintf("bytes=10-%d", 2*part+9), 10, 2*part + 9},
		{"spanning three parts, to the end", "bytes=1000-", 1000, rangeSize - 1},
		{"last byte past the end", "bytes=4000-99999999", 4000, rangeSize - 1},
		{"open, within the last part", fmt.Sprintf("bytes=%d-", rangeSize-100), rangeSize - 100, rangeSize - 1},
		{"the whole object", "bytes=0-", 0, rangeSize - 1},
		{"suffix smaller than a part", "bytes=-100", rangeSize - 100, rangeSize - 1},
		{"suffix equal to a part", fmt.Sprintf("bytes=-%d", part), rangeSize - part, rangeSize - 1},
		{"suffix longer than a part", "bytes=-6000000", rangeSize - 6000000, rangeSize - 1},
		{"suffix longer than the object", "bytes=-99999999", 0, rangeSize - 1},
	}
	for _, tt := range tests {
		forEachPath(t, tt.name, func(t *testing.T, head bool, opt func(*Options), api string) {
			s, srv := newObjServer(t)
			s.put("k", data, "", part)
			want := data[tt.from : tt.to+1]
			got, n, err := rangedDownload(t, httpManager(t, srv), api, &DownloadInput{Bucket: "b", Key: "k", Range: tt.rng}, want, opt)
			if err != nil {
				t.Fatalf("download: %v", err)
			}
			if n != int64(len(want)) || !bytes.Equal(got, want) {
				t.Fatalf("download = %d (%d bytes); want the %d bytes %d-%d at offset 0", n, len(got), len(want), tt.from, tt.to)
			}
			ranges, heads := getRanges(s.requests())
			suffix := mustRange(t, tt.rng).suffix
			wantHeads := 0
			if head || suffix > part { // a suffix longer than a part needs the size first
				wantHeads = 1
			}
			if heads != wantHeads {
				t.Errorf("%d HeadObject; want %d", heads, wantHeads)
			}
			if parts := (int64(len(want))-1)/part + 1; int64(len(ranges)) != parts {
				t.Errorf("GETs %q; want %d, one per part", ranges, parts)
			}
			for _, r := range ranges {
				if r == tt.rng && suffix > 0 {
					continue // the first GET of a suffix asks for it whole
				}
				var a, b int64
				if _, err := fmt.Sscanf(r, "bytes=%d-%d", &a, &b); err != nil || a < tt.from || a > tt.to || b < a {
					t.Errorf("GET Range %q is not inside bytes %d-%d", r, tt.from, tt.to)
				}
			}
		})
	}
}

// TestDownloadRangeInvalid: a Range S3 would ignore (and answer with the
// whole object) fails with an *InputError naming the field, before
// anything is sent.
func TestDownloadRangeInvalid(t *testing.T) {
	tests := []struct{ rng, reason string }{
		{"0-10", "bytes=first-last"},
		{"bytes 0-10", "bytes=first-last"},
		{"Bytes=0-10", "bytes=first-last"},
		{"items=0-10", "bytes=first-last"},
		{"bytes=", "bytes=first-last"},
		{"bytes=-", "bytes=first-last"},
		{"bytes=10", "bytes=first-last"},
		{"bytes=a-b", "bytes=first-last"},
		{"bytes=+1-2", "bytes=first-last"},
		{"bytes=1--2", "bytes=first-last"},
		{"bytes= 1-2", "bytes=first-last"},
		{"bytes=1-2 ", "bytes=first-last"},
		{"bytes=99999999999999999999-", "bytes=first-last"},
		{"bytes=-0", "no bytes"},
		{"bytes=10-5", "before its first"},
		{"bytes=0-1,5-6", "several ranges"},
		{"bytes=0-1, -5", "several ranges"},
	}
	for _, tt := range tests {
		for _, api := range []string{"writerat", "stream"} {
			t.Run(tt.rng+"/"+api, func(t *testing.T) {
				s, srv := newObjServer(t)
				s.put("k", patternBytes(1000), "", 0)
				_, _, err := rangedDownload(t, httpManager(t, srv), api, &DownloadInput{Bucket: "b", Key: "k", Range: tt.rng}, nil)
				var ie *InputError
				if !errors.As(err, &ie) || ie.Field != "DownloadInput.Range" || !strings.Contains(err.Error(), tt.reason) || !strings.Contains(err.Error(), strconv.Quote(tt.rng)) {
					t.Fatalf("error = %v; want an *InputError naming DownloadInput.Range, quoting it and saying %q", err, tt.reason)
				}
				if reqs := s.requests(); len(reqs) != 0 {
					t.Errorf("%d requests sent; want none", len(reqs))
				}
			})
		}
	}
}

// TestDownloadRangePastEnd: a range that starts at or past the end, and
// every range of an empty object, fails with the server's 416
// InvalidRange, as GetObject does, and nothing is written.
func TestDownloadRangePastEnd(t *testing.T) {
	tests := []struct {
		name string
		size int
		rng  string
	}{
		{"open, at the end", 1000, "bytes=1000-"},
		{"closed, past the end", 1000, "bytes=1005-1010"},
		{"past the end of a multipart object", rangeSize, fmt.Sprintf("bytes=%d-", rangeSize+1)},
		{"empty object, from 0", 0, "bytes=0-"},
		{"empty object, closed", 0, "bytes=0-10"},
		{"empty object, suffix", 0, "bytes=-5"},
		{"empty object, suffix longer than a part", 0, "bytes=-6000000"},
	}
	for _, tt := range tests {
		forEachPath(t, tt.name, func(t *testing.T, head bool, opt func(*Options), api string) {
			s, srv := newObjServer(t)
			s.put("k", patternBytes(tt.size), "", 5*mib)
			got, n, err := rangedDownload(t, httpManager(t, srv), api, &DownloadInput{Bucket: "b", Key: "k", Range: tt.rng}, nil, opt)
			var ae smithy.APIError
			var re *smithyhttp.ResponseError
			if !errors.As(err, &ae) || ae.ErrorCode() != "InvalidRange" || !errors.As(err, &re) || re.HTTPStatusCode() != http.StatusRequestedRangeNotSatisfiable {
				t.Fatalf("error = %v; want the server's 416 InvalidRange", err)
			}
			if n != 0 || len(got) != 0 {
				t.Errorf("download = %d, %d bytes; want nothing", n, len(got))
			}
		})
	}
}

// TestDownloadRangeFaults: within a range, a GET answered 500 is retried
// by the client, and a body that breaks mid-read is resumed from the
// offset reached with a GET of the rest of its part, on every path; the
// bytes are the range's.
func TestDownloadRangeFaults(t *testing.T) {
	const part = 5 * mib
	data := patternBytes(rangeSize)
	const from = 1000
	want := data[from:]
	tests := []struct {
		name  string
		fault objFault
		nth   int // the GetObject that fails: 1 is the first of the range
	}{
		{"first GET answered 500", objFail, 1},
		{"second GET answered 500", objFail, 2},
		{"first body broken", objBreak, 1},
		{"second body broken", objBreak, 2},
	}
	for _, tt := range tests {
		forEachPath(t, tt.name, func(t *testing.T, head bool, opt func(*Options), api string) {
			s, srv := newObjServer(t)
			s.put("k", data, "", part)
			s.fault = nth("GetObject", tt.nth, tt.fault)
			got, n, err := rangedDownload(t, httpManager(t, srv), api, &DownloadInput{Bucket: "b", Key: "k", Range: fmt.Sprintf("bytes=%d-", from)}, want,
				opt, func(o *Options) { o.Concurrency = 1 })
			if err != nil || n != int64(len(want)) || !bytes.Equal(got, want) {
				t.Fatalf("download = %d (%d bytes), %v; want the %d bytes of the range", n, len(got), err, len(want))
			}
			ranges, _ := getRanges(s.requests())
			if len(ranges) != 4 {
				t.Fatalf("GETs %q; want 4: three parts and one again", ranges)
			}
			failed, again := ranges[tt.nth-1], ranges[tt.nth]
			var start, end int64
			fmt.Sscanf(failed, "bytes=%d-%d", &start, &end)
			if tt.fault == objFail && again != failed {
				t.Errorf("GET after the 500 of %q asked for %q; want the same", failed, again)
			}
			if tt.fault == objBreak {
				// The server sent half the part before it broke.
				if resume := fmt.Sprintf("bytes=%d-%d", start+(end-start+1)/2, end); again != resume {
					t.Errorf("GET after the break of %q asked for %q; want %q", failed, again, resume)
				}
			}
		})
	}
}

// TestDownloadRangeServerIgnoresRange: a server that ignores Range and
// answers every GET with the whole object fails a ranged download with a
// *RangeMismatchError before a byte is written at a wrong offset, unless
// the whole object is what the range covers, in one part.
func TestDownloadRangeServerIgnoresRange(t *testing.T) {
	tests := []struct {
		name    string
		size    int
		rng     string
		wantErr bool
	}{
		{"a range of the first part", 1000, "bytes=10-20", true},
		{"a range to the end", 1000, "bytes=10-", true},
		{"a suffix", 1000, "bytes=-10", true},
		{"ranges of a multipart object", rangeSize, "bytes=1000-", true},
		{"from 0 of a multipart object", rangeSize, "bytes=0-", true},
		{"a suffix longer than a part", rangeSize, "bytes=-6000000", true},
		{"a range past the end", 1000, "bytes=2000-", true},
		{"the whole of a small object", 1000, "bytes=0-", false},
		{"a range covering a small object", 1000, "bytes=0-5000", false},
		{"a suffix covering a small object", 1000, "bytes=-2000", false},
	}
	for _, tt := range tests {
		forEachPath(t, tt.name, func(t *testing.T, head bool, opt func(*Options), api string) {
			s, srv := newObjServer(t)
			data := patternBytes(tt.size)
			s.put("k", data, "", 5*mib)
			s.fault = func(op string, _ *http.Request, _ int) objFault {
				if op == "GetObject" {
					return objWhole
				}
				return objServe
			}
			want := data
			if start, end, ok := mustRange(t, tt.rng).resolve(int64(tt.size)); ok {
				want = data[start : end+1]
			}
			got, n, err := rangedDownload(t, httpManager(t, srv), api, &DownloadInput{Bucket: "b", Key: "k", Range: tt.rng}, want, opt)
			if !tt.wantErr {
				if err != nil || n != int64(len(data)) || !bytes.Equal(got, data) {
					t.Fatalf("download = %d (%d bytes), %v; want the whole object", n, len(got), err)
				}
				return
			}
			checkRangeError(t, err)
			if n != 0 {
				t.Errorf("failed download returned %d; want 0", n)
			}
		})
	}
}

func mustRange(t *testing.T, s string) byteRange {
	t.Helper()
	r, err := parseByteRange(s)
	if err != nil {
		t.Fatal(err)
	}
	return r
}

// TestDownloadResponseOverrides: the Response* fields go with every
// GetObject of a download (by range, by part, ranged, streamed, and the
// GETs that resume a broken body) as S3's response-* parameters, and not
// with the HeadObject; the server answers with those headers.
func TestDownloadResponseOverrides(t *testing.T) {
	expires := time.Date(2030, 1, 2, 3, 4, 5, 0, time.FixedZone("CET", 3600))
	wantParams := map[string]string{
		"response-cache-control":       "no-store",
		"response-content-disposition": `attachment; filename="r.bin"`,
		"response-content-encoding":    "identity",
		"response-content-language":    "fr-CA",
		"response-content-type":        "application/x-override",
		"response-expires":             "Wed, 02 Jan 2030 02:04:05 GMT",
	}
	tests := []struct {
		name string
		api  string
		rng  string
		opt  func(*Options)
	}{
		{"by range", "writerat", "", func(*Options) {}},
		{"by range without head", "writerat", "", func(o *Options) { o.SkipChecksumValidation = true }},
		{"by part", "writerat", "", func(o *Options) { o.DownloadByPart = true }},
		{"ranged", "writerat", "bytes=1000-", func(*Options) {}},
		{"ranged suffix without head", "writerat", "bytes=-6000000", func(o *Options) { o.SkipChecksumValidation = true }},
		{"stream", "stream", "", func(*Options) {}},
		{"stream by part", "stream", "", func(o *Options) { o.DownloadByPart = true }},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s, srv := newObjServer(t)
			data := patternBytes(rangeSize)
			s.put("k", data, "", 5*mib)
			s.fault = nth("GetObject", 2, objBreak)
			in := &DownloadInput{Bucket: "b", Key: "k", Range: tt.rng,
				ResponseCacheControl: "no-store", ResponseContentDisposition: `attachment; filename="r.bin"`,
				ResponseContentEncoding: "identity", ResponseContentLanguage: "fr-CA",
				ResponseContentType: "application/x-override", ResponseExpires: expires}
			want := data
			if tt.rng != "" {
				start, end, _ := mustRange(t, tt.rng).resolve(rangeSize)
				want = data[start : end+1]
			}
			got, _, err := rangedDownload(t, httpManager(t, srv), tt.api, in, want, tt.opt)
			if err != nil || !bytes.Equal(got, want) {
				t.Fatalf("download = %d bytes, %v; want %d", len(got), err, len(want))
			}
			gets := 0
			for _, r := range s.requests() {
				for param, want := range wantParams {
					got := r.query.Get(param)
					if r.op == "HeadObject" {
						want = ""
					}
					if got != want {
						t.Errorf("%s %s: %s = %q; want %q", r.op, r.header.Get("Range"), param, got, want)
					}
				}
				if r.op == "GetObject" {
					gets++
				}
			}
			if parts := (len(want)-1)/(5*mib) + 1; gets != parts+1 {
				t.Errorf("%d GETs; want %d, one per part and one resuming a body", gets, parts+1)
			}
		})
	}
}

// TestDownloadRangeChecksum: a range less than the whole object is not
// checked against the object's full-object checksum (which would be a
// false mismatch), while a range that covers the whole object is, and a
// corrupted body then fails it.
func TestDownloadRangeChecksum(t *testing.T) {
	const size = 12*mib + 5
	tests := []struct {
		name      string
		rng       string
		whole     bool // the range is the whole object: validated
		wantHeads int
	}{
		{"part of the object", "bytes=100-", false, 1},
		{"a suffix", "bytes=-7000000", false, 1},
		{"the whole object", "bytes=0-", true, 1},
		{"a suffix longer than the object", fmt.Sprintf("bytes=-%d", size+1), true, 1},
		{"the whole object, closed", fmt.Sprintf("bytes=0-%d", size-1), true, 1},
	}
	for _, tt := range tests {
		for _, api := range []string{"writerat", "stream"} {
			t.Run(tt.name+"/"+api, func(t *testing.T) {
				f, m := newFake(t)
				data := testData(t, size, 11)
				if _, err := m.Upload(t.Context(), &UploadInput{Bucket: "b", Key: "k", Body: bytes.NewReader(data),
					ChecksumAlgorithm: types.ChecksumAlgorithmCrc64nvme}); err != nil {
					t.Fatal(err)
				}
				start, end, _ := mustRange(t, tt.rng).resolve(size)
				want := data[start : end+1]
				in := &DownloadInput{Bucket: "b", Key: "k", Range: tt.rng}
				got, _, err := rangedDownload(t, m, api, in, want)
				if err != nil || !bytes.Equal(got, want) {
					t.Fatalf("download = %d bytes, %v; want %d bytes, no error", len(got), err, len(want))
				}
				if n := f.Calls("HeadObject"); n != tt.wantHeads {
					t.Errorf("%d HeadObject calls; want %d", n, tt.wantHeads)
				}

				// The first part's body corrupted in transit: only a
				// range of the whole object can tell.
				f.Inject(transfertest.Fault{Op: "GetObject", Corrupt: true})
				_, _, err = rangedDownload(t, m, api, in, nil, func(o *Options) { o.Concurrency = 1 })
				var mm *ChecksumMismatchError
				if tt.whole != errors.As(err, &mm) {
					t.Errorf("corrupted download error = %v; want a *ChecksumMismatchError: %v", err, tt.whole)
				}
				if !tt.whole && err != nil {
					t.Errorf("corrupted download error = %v; want none (a range has no checksum)", err)
				}
			})
		}
	}
}

// TestDownloadRangeProgress: the events of a ranged download give the
// range's size, and its bytes add up to it.
func TestDownloadRangeProgress(t *testing.T) {
	s, srv := newObjServer(t)
	data := patternBytes(rangeSize)
	s.put("k", data, "", 5*mib)
	const from = 1000
	var started, done, bytesSeen int64
	l := ListenerFunc(func(e Event) {
		switch e.Type {
		case ObjectStarted:
			started = e.Size
		case ObjectDone:
			done = e.Size
		case Bytes:
			bytesSeen += e.Bytes
		}
	})
	want := int64(rangeSize - from)
	n, err := httpManager(t, srv).Download(t.Context(), &memWriterAt{}, &DownloadInput{Bucket: "b", Key: "k", Range: fmt.Sprintf("bytes=%d-", from)},
		func(o *Options) { o.Progress = l; o.Concurrency = 1 })
	if err != nil || n != want {
		t.Fatalf("Download = %d, %v; want %d", n, err, want)
	}
	if started != want || done != want || bytesSeen != want {
		t.Errorf("ObjectStarted size %d, ObjectDone size %d, Bytes %d; want %d each", started, done, bytesSeen, want)
	}
}

// TestByteRangeFirstRequest: the first GET of a range whose size is not
// known asks for its first part, or for the range as given when a part
// reaches past any offset (feature/s3/manager's one-GET ranges) or the
// range is a suffix; no arithmetic overflows.
func TestByteRangeFirstRequest(t *testing.T) {
	const part = 5 * mib
	tests := []struct {
		rng        string
		ps         int64
		want       string
		start, end int64
	}{
		{"bytes=5-", part, "bytes=5-5242884", 5, 5242884},
		{"bytes=5-10", part, "bytes=5-10", 5, 10},
		{"bytes=5-99999999", part, "bytes=5-5242884", 5, 5242884},
		{"bytes=-5", part, "bytes=-5", 0, -1},
		{"bytes=5-", math.MaxInt64, "bytes=5-", 5, math.MaxInt64},
		{"bytes=0-", math.MaxInt64, "bytes=0-", 0, math.MaxInt64},
		{"bytes=5-10", math.MaxInt64, "bytes=5-10", 5, 10},
		{"bytes=0-9223372036854775807", math.MaxInt64, "bytes=0-9223372036854775806", 0, math.MaxInt64 - 1},
		{"bytes=9223372036854775000-", part, "bytes=9223372036854775000-", 9223372036854775000, math.MaxInt64},
		{"bytes=-99999999", math.MaxInt64, "bytes=-99999999", 0, -1},
	}
	for _, tt := range tests {
		t.Run(fmt.Sprintf("%s/%d", tt.rng, tt.ps), func(t *testing.T) {
			got, start, end := mustRange(t, tt.rng).firstRequest(tt.ps)
			if got != tt.want || start != tt.start || end != tt.end {
				t.Errorf("firstRequest(%d) = %q, %d, %d; want %q, %d, %d", tt.ps, got, start, end, tt.want, tt.start, tt.end)
			}
		})
	}
}
