package transfer

import (
	"net/http"
	"strconv"
	"strings"

	"github.com/nimbus-sdk/nimbus/services/s3"
)

// rangeResponse is what a GET response says about the bytes it carries.
// Every ranged or part-number response is checked against what was asked
// before a byte of it is written (see check), so a server or proxy that
// ignores Range, or answers with other bytes, fails the download instead
// of corrupting it.
type rangeResponse struct {
	status int    // HTTP status; 0 when the S3API does not report it
	cr     string // Content-Range; "" when absent
	length int64  // Content-Length; -1 when unknown
	parts  int32  // PartsCount; 0 when absent
}

func newRangeResponse(out *s3.GetObjectOutput, w *wireInfo) rangeResponse {
	r := rangeResponse{cr: deref(out.ContentRange), length: -1, parts: deref(out.PartsCount)}
	if out.ContentLength != nil {
		r.length = *out.ContentLength
	}
	r.status, _, _, _ = w.get()
	return r
}

// whole reports whether the response carries the whole object: status
// 200 or, when the status is unknown, no Content-Range. A Content-Range
// in a 200 response does not describe its body (RFC 9110, 14.4).
func (r rangeResponse) whole() bool {
	if r.status != 0 {
		return r.status == http.StatusOK
	}
	return r.cr == ""
}

// total returns the object size the response reports: the Content-Range
// total of a partial response, the length of a whole one.
func (r rangeResponse) total() (int64, bool) {
	if r.whole() {
		return r.length, r.length >= 0
	}
	_, _, total, ok := parseContentRange(r.cr)
	return total, ok
}

// check returns a *RangeMismatchError unless the response carries bytes
// start through end of an object of size bytes: a 206 whose Content-Range
// has that start, end and total. A 200 carrying the whole object passes
// only when the whole object is what was asked.
func (r rangeResponse) check(start, end, size int64) error {
	var ok bool
	if r.whole() {
		ok = start == 0 && end == size-1 && (r.length < 0 || r.length == size)
	} else {
		a, b, total, parsed := parseContentRange(r.cr)
		ok = parsed && a == start && b == end && total == size && (r.length < 0 || r.length == end-start+1)
	}
	if ok {
		return nil
	}
	return r.mismatch(start, end, size)
}

// checkPart is check for part num of an object of parts parts; the
// response must also report that number of parts (or none, for an object
// of one part).
func (r rangeResponse) checkPart(num, parts int32, start, end, size int64) error {
	err := r.check(start, end, size)
	if err == nil && r.parts != parts && (parts != 1 || r.parts != 0) {
		err = r.mismatch(start, end, size)
	}
	if rm, ok := err.(*RangeMismatchError); ok {
		rm.PartNumber, rm.Parts = num, parts
	}
	return err
}

func (r rangeResponse) mismatch(start, end, size int64) *RangeMismatchError {
	return &RangeMismatchError{Start: start, End: end, Size: size,
		StatusCode: r.status, ContentRange: r.cr, ContentLength: r.length, PartsCount: r.parts}
}

// parseContentRange parses "bytes start-end/total" with a known total.
func parseContentRange(cr string) (start, end, total int64, ok bool) {
	spec, found := strings.CutPrefix(cr, "bytes ")
	if !found {
		return 0, 0, 0, false
	}
	rng, t, found := strings.Cut(spec, "/")
	if !found {
		return 0, 0, 0, false
	}
	a, b, found := strings.Cut(rng, "-")
	if !found {
		return 0, 0, 0, false
	}
	var err [3]error
	start, err[0] = strconv.ParseInt(a, 10, 64)
	end, err[1] = strconv.ParseInt(b, 10, 64)
	total, err[2] = strconv.ParseInt(t, 10, 64)
	ok = err[0] == nil && err[1] == nil && err[2] == nil && 0 <= start && start <= end && end < total
	return start, end, total, ok
}
