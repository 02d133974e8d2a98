package transfer

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/aws/smithy-go"
	"github.com/nimbus-sdk/nimbus/credentials"
	"github.com/nimbus-sdk/nimbus/services/s3"
)

// rangeServer is an S3 endpoint serving one object, s3://b/k, to HEAD and
// GET (by Range, or by partNumber as if uploaded in parts of partSize).
// Its fault makes it lie about ranges the way broken servers and proxies
// do; the first range or part (the one starting at byte 0) is always
// answered honestly, except by "ignore range".
type rangeServer struct {
	data     []byte
	partSize int64
	fault    string
}

// Faults of rangeServer.
const (
	faultIgnoreRange   = "ignore range"           // 200 with the whole object, no Content-Range or parts count
	faultFromZero      = "206 from 0"             // the right length, but from byte 0
	faultWrongTotal    = "wrong total"            // the right bytes, with another object size
	fault200WithRange  = "200 with Content-Range" // the right bytes and header, status 200
	faultPartsCount    = "parts count"            // part-number GETs report one part more
	faultDenyLast      = "deny last"              // 403 for the last range; the others hang until canceled
	rangeServerPartLen = 5 * mib
)

func (s *rangeServer) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if r.URL.Path != "/b/k" {
		http.Error(w, "<Error><Code>NoSuchKey</Code></Error>", http.StatusNotFound)
		return
	}
	size := int64(len(s.data))
	h := w.Header()
	h.Set("ETag", `"e1"`)
	if r.Method == http.MethodHead {
		h.Set("Content-Length", strconv.FormatInt(size, 10))
		return
	}
	start, end, parts := int64(0), size-1, int64(0)
	partial := true
	if pn := r.URL.Query().Get("partNumber"); pn != "" {
		n, _ := strconv.ParseInt(pn, 10, 64)
		parts = (size + s.partSize - 1) / s.partSize
		start = (n - 1) * s.partSize
		end = min(start+s.partSize, size) - 1
	} else if rng := r.Header.Get("Range"); rng != "" {
		fmt.Sscanf(rng, "bytes=%d-%d", &start, &end)
		end = min(end, size-1)
	} else {
		partial = false
	}
	if s.fault == faultDenyLast && partial {
		s.denyLast(w, r, end == size-1)
		return
	}
	status, cr := http.StatusPartialContent, fmt.Sprintf("bytes %d-%d/%d", start, end, size)
	switch {
	case !partial:
		status, cr = http.StatusOK, ""
	case s.fault == faultIgnoreRange:
		start, end, parts, status, cr = 0, size-1, 0, http.StatusOK, ""
	case start == 0: // honest
	case s.fault == faultFromZero:
		start, end = 0, end-start
		cr = fmt.Sprintf("bytes %d-%d/%d", start, end, size)
	case s.fault == faultWrongTotal:
		cr = fmt.Sprintf("bytes %d-%d/%d", start, end, size+1)
	case s.fault == fault200WithRange:
		status = http.StatusOK
	case s.fault == faultPartsCount && parts > 0:
		parts++
	}
	if parts > 0 {
		h.Set("X-Amz-Mp-Parts-Count", strconv.FormatInt(parts, 10))
	}
	if cr != "" {
		h.Set("Content-Range", cr)
	}
	h.Set("Content-Length", strconv.FormatInt(end-start+1, 10))
	w.WriteHeader(status)
	w.Write(s.data[start : end+1])
}

// denyLast answers the last range with 403 AccessDenied, and makes the
// others wait until the client gives up on them (at most 10 s).
func (s *rangeServer) denyLast(w http.ResponseWriter, r *http.Request, last bool) {
	if last {
		w.Header().Set("Content-Type", "application/xml")
		w.WriteHeader(http.StatusForbidden)
		io.WriteString(w, "<Error><Code>AccessDenied</Code><Message>denied</Message></Error>")
		return
	}
	select {
	case <-r.Context().Done():
	case <-time.After(10 * time.Second):
	}
}

// httpManager returns a Manager over a real *s3.Client sending to srv,
// with 5 MiB parts.
func httpManager(t *testing.T, srv *httptest.Server, optFns ...func(*s3.Options)) *Manager {
	t.Helper()
	c := s3.New(s3.Options{Region: "us-east-1", BaseEndpoint: srv.URL, UsePathStyle: true,
		Credentials: credentials.NewStaticProvider("AKIDTEST", "secret", "")}, optFns...)
	return New(c, func(o *Options) { o.PartSize = rangeServerPartLen; o.Concurrency = 2 })
}

// checkedWriterAt fails the test when a byte that differs from want is
// written at any offset: nothing may be written out of place.
type checkedWriterAt struct {
	t       *testing.T
	want    []byte
	mu      sync.Mutex
	written int64
	bad     bool // reported once
}

func (w *checkedWriterAt) WriteAt(p []byte, off int64) (int, error) {
	w.mu.Lock()
	defer w.mu.Unlock()
	if off < 0 || off+int64(len(p)) > int64(len(w.want)) || !bytes.Equal(p, w.want[off:off+int64(len(p))]) {
		if !w.bad {
			w.t.Errorf("wrote %d bytes at offset %d that are not the object's", len(p), off)
		}
		w.bad = true
	}
	w.written += int64(len(p))
	return len(p), nil
}

// TestDownloadChecksRanges: every response must be the range or part
// asked for, else the download fails with a *RangeMismatchError in a
// *PartError, and no byte lands at a wrong offset.
func TestDownloadChecksRanges(t *testing.T) {
	const ranges, parts = 1, 2 // download paths a fault breaks
	tests := []struct {
		name   string
		fault  string
		size   int
		breaks int
	}{
		{"honest server", "", 7 * mib, 0},
		{"ignores Range", faultIgnoreRange, 7 * mib, ranges},
		{"ignores Range of an object in one range", faultIgnoreRange, 3 * mib, 0},
		{"206 from byte 0", faultFromZero, 7 * mib, ranges | parts},
		{"wrong total", faultWrongTotal, 7 * mib, ranges | parts},
		{"200 with Content-Range", fault200WithRange, 7 * mib, ranges | parts},
		{"parts count changes", faultPartsCount, 7 * mib, parts},
	}
	paths := []struct {
		name string
		kind int
		opt  func(*Options)
	}{
		{"head", ranges, func(*Options) {}},
		{"no head", ranges, func(o *Options) { o.SkipChecksumValidation = true }},
		{"by part", parts, func(o *Options) { o.DownloadByPart = true }},
		{"by part no head", parts, func(o *Options) { o.DownloadByPart = true; o.SkipChecksumValidation = true }},
	}
	for _, tt := range tests {
		for _, p := range paths {
			for _, api := range []string{"writerat", "stream"} {
				t.Run(tt.name+"/"+p.name+"/"+api, func(t *testing.T) {
					data := testData(t, tt.size, uint64(tt.size))
					srv := httptest.NewServer(&rangeServer{data: data, partSize: rangeServerPartLen, fault: tt.fault})
					defer srv.Close()
					m := httpManager(t, srv)
					err := downloadChecked(t, m, api, data, p.opt)
					if wantErr := tt.breaks&p.kind != 0; !wantErr {
						if err != nil {
							t.Fatalf("download: %v; want success", err)
						}
						return
					}
					checkRangeError(t, err)
				})
			}
		}
	}
}

// downloadChecked downloads s3://b/k with api ("writerat" or "stream"),
// failing the test if a byte read or written is not data's at its offset.
func downloadChecked(t *testing.T, m *Manager, api string, data []byte, opt func(*Options)) error {
	t.Helper()
	in := &DownloadInput{Bucket: "b", Key: "k"}
	if api == "writerat" {
		w := &checkedWriterAt{t: t, want: data}
		n, err := m.Download(t.Context(), w, in, opt)
		if err == nil && (n != int64(len(data)) || w.written != n) {
			t.Errorf("Download = %d (%d written); want %d", n, w.written, len(data))
		}
		if err != nil && n != 0 {
			t.Errorf("failed Download returned n = %d; want 0", n)
		}
		return err
	}
	rc, err := m.DownloadStream(t.Context(), in, opt)
	if err != nil {
		return err
	}
	defer rc.Close()
	got, err := io.ReadAll(rc)
	if !bytes.HasPrefix(data, got) {
		t.Errorf("stream returned %d bytes that are not a prefix of the object", len(got))
	}
	if err == nil && len(got) != len(data) {
		t.Errorf("stream returned %d bytes; want %d", len(got), len(data))
	}
	return err
}

func checkRangeError(t *testing.T, err error) {
	t.Helper()
	t.Logf("error: %v", err)
	var rm *RangeMismatchError
	if !errors.As(err, &rm) {
		t.Fatalf("error = %v; want a *RangeMismatchError", err)
	}
	var pe *PartError
	if !errors.As(err, &pe) || pe.Bucket != "b" || pe.Key != "k" || pe.PartNumber < 1 {
		t.Fatalf("error = %v; want a *PartError naming s3://b/k and a part", err)
	}
	if msg := err.Error(); !strings.Contains(msg, "s3://b/k part ") || !strings.Contains(msg, "asked for") {
		t.Errorf("message %q does not name the object, part and ranges", msg)
	}
}

// TestDownloadFirstErrorWins: when one part fails (a 403 for part 3) while
// the others are in flight, the download returns that failure, as a
// *PartError for part 3, and not the cancellation of the parts it
// stopped: the caller cancelled nothing.
func TestDownloadFirstErrorWins(t *testing.T) {
	for _, api := range []string{"writerat", "stream"} {
		t.Run(api, func(t *testing.T) {
			data := testData(t, 11*mib, 3)
			srv := httptest.NewServer(&rangeServer{data: data, partSize: rangeServerPartLen, fault: faultDenyLast})
			defer srv.Close()
			m := httpManager(t, srv)
			err := downloadChecked(t, m, api, data, func(o *Options) {
				o.Concurrency = 3
				o.Progress = partsDoneBeforeFailure(3, 2)
			})
			if errors.Is(err, context.Canceled) {
				t.Errorf("error = %v; want no context.Canceled", err)
			}
			var canceled *smithy.CanceledError
			if errors.As(err, &canceled) {
				t.Errorf("error = %v; want no *smithy.CanceledError", err)
			}
			var pe *PartError
			if !errors.As(err, &pe) || pe.Bucket != "b" || pe.Key != "k" || pe.PartNumber != 3 || pe.Start != 10*mib || pe.End != 11*mib-1 {
				t.Fatalf("error = %v; want a *PartError for part 3 of s3://b/k, bytes %d-%d", err, 10*mib, 11*mib-1)
			}
			var api smithy.APIError
			if !errors.As(err, &api) || api.ErrorCode() != "AccessDenied" {
				t.Errorf("error = %v; want the 403's AccessDenied", err)
			}
		})
	}
}

// partsDoneBeforeFailure returns a slow Listener: the PartDone event of
// the failed part num waits (at most 5 s) for the PartDone events of
// others other parts, so the parts its failure cancelled end first, as
// they may on a busy machine.
func partsDoneBeforeFailure(num int32, others int) Listener {
	done := make(chan struct{}, 100)
	return ListenerFunc(func(e Event) {
		if e.Type != PartDone {
			return
		}
		if e.PartNumber != num || e.Err == nil {
			done <- struct{}{}
			return
		}
		for range others {
			select {
			case <-done:
			case <-time.After(5 * time.Second):
				return
			}
		}
	})
}

// TestRangeResponseCheck: what passes for bytes 10-19 of 100 (or, for
// "whole", 0-99 of 100) and what the error says when it does not.
func TestRangeResponseCheck(t *testing.T) {
	tests := []struct {
		name    string
		r       rangeResponse
		whole   bool // ask for the whole object
		wantErr string
	}{
		{"206 as asked", rangeResponse{206, "bytes 10-19/100", 10, 0}, false, ""},
		{"206, status unknown", rangeResponse{0, "bytes 10-19/100", -1, 0}, false, ""},
		{"206 from 0", rangeResponse{206, "bytes 0-9/100", 10, 0}, false,
			`asked for bytes 10-19/100; got status 206, Content-Range "bytes 0-9/100", 10 bytes`},
		{"206 wrong total", rangeResponse{206, "bytes 10-19/101", 10, 0}, false, "asked for bytes 10-19/100"},
		{"206 short", rangeResponse{206, "bytes 10-19/100", 9, 0}, false, "9 bytes"},
		{"206 unknown total", rangeResponse{206, "bytes 10-19/*", 10, 0}, false, `"bytes 10-19/*"`},
		{"206 garbage", rangeResponse{206, "items 1-2/3", 10, 0}, false, `"items 1-2/3"`},
		{"200 whole object", rangeResponse{200, "", 100, 0}, false, "got status 200, no Content-Range, 100 bytes"},
		{"no Content-Range, status unknown", rangeResponse{0, "", 100, 0}, false, "got no Content-Range, 100 bytes"},
		{"200 with Content-Range", rangeResponse{200, "bytes 10-19/100", 10, 0}, false, "got status 200"},
		{"200 whole object asked", rangeResponse{200, "", 100, 0}, true, ""},
		{"200 whole object asked, length unknown", rangeResponse{200, "", -1, 0}, true, ""},
		{"200 short object asked whole", rangeResponse{200, "", 99, 0}, true, "99 bytes"},
		{"206 whole object asked", rangeResponse{206, "bytes 0-99/100", 100, 0}, true, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			start, end := int64(10), int64(19)
			if tt.whole {
				start, end = 0, 99
			}
			err := tt.r.check(start, end, 100)
			if tt.wantErr == "" {
				if err != nil {
					t.Fatalf("check = %v; want nil", err)
				}
				return
			}
			var rm *RangeMismatchError
			if !errors.As(err, &rm) || !strings.Contains(err.Error(), tt.wantErr) {
				t.Fatalf("check = %v; want a *RangeMismatchError saying %q", err, tt.wantErr)
			}
		})
	}
}
