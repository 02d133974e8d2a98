// DownloadInput.Range: its syntax, and how a ranged download learns which
// bytes of the object it covers.

package transfer

import (
	"context"
	"fmt"
	"math"
	"strconv"
	"strings"
)

// byteRange is a checked [DownloadInput.Range]: bytes first through last
// of the object (last -1: through its end) or, when suffix is above 0,
// its last suffix bytes. The zero value (set false) is no range: the
// whole object.
type byteRange struct {
	set         bool
	first, last int64
	suffix      int64
}

const rangeSyntax = `S3 takes one range as "bytes=first-last", "bytes=first-" or "bytes=-count"`

// parseByteRange checks DownloadInput.Range: the single byte range of RFC
// 9110 (section 14.1.2) that S3 serves. It is checked before anything is
// sent because S3 answers a Range it cannot parse, or a list of ranges,
// with the whole object, which would be written in place of the range.
func parseByteRange(s string) (byteRange, error) {
	if s == "" {
		return byteRange{}, nil
	}
	bad := func(reason string) error {
		return &InputError{Field: "DownloadInput.Range", Reason: fmt.Sprintf("is %q; %s", s, reason)}
	}
	spec, ok := strings.CutPrefix(s, "bytes=")
	if !ok {
		return byteRange{}, bad(rangeSyntax)
	}
	if strings.Contains(spec, ",") {
		return byteRange{}, bad("it asks for several ranges, and S3 ignores such a Range and sends the whole object; download each range on its own")
	}
	a, b, ok := strings.Cut(spec, "-")
	if !ok {
		return byteRange{}, bad(rangeSyntax)
	}
	first, okA := parseOffset(a)
	last, okB := parseOffset(b)
	switch {
	case a == "" && okB:
		if last == 0 {
			return byteRange{}, bad("it asks for no bytes")
		}
		return byteRange{set: true, suffix: last}, nil
	case okA && b == "":
		return byteRange{set: true, first: first, last: -1}, nil
	case okA && okB:
		if last < first {
			return byteRange{}, bad("its last byte comes before its first")
		}
		return byteRange{set: true, first: first, last: last}, nil
	}
	return byteRange{}, bad(rangeSyntax)
}

// parseOffset parses a byte offset or count: ASCII digits that fit in an
// int64 (strconv alone would also take a sign).
func parseOffset(s string) (int64, bool) {
	if s == "" || strings.Trim(s, "0123456789") != "" {
		return 0, false
	}
	n, err := strconv.ParseInt(s, 10, 64)
	return n, err == nil
}

// String returns the range in the form it was given, normalized.
func (r byteRange) String() string {
	switch {
	case r.suffix > 0:
		return fmt.Sprintf("bytes=-%d", r.suffix)
	case r.last < 0:
		return fmt.Sprintf("bytes=%d-", r.first)
	}
	return fmt.Sprintf("bytes=%d-%d", r.first, r.last)
}

// resolve returns the bytes [start, end] of an object of size bytes that
// the range covers, as S3 serves it: a last byte past the end stops at
// the end, a suffix longer than the object is the whole object. It
// reports false when S3 refuses the range with 416 InvalidRange: a first
// byte at or past the end, which includes every range of an empty object.
func (r byteRange) resolve(size int64) (start, end int64, ok bool) {
	if r.suffix > 0 {
		return max(size-r.suffix, 0), size - 1, size > 0
	}
	end = size - 1
	if r.last >= 0 {
		end = min(r.last, end)
	}
	return r.first, end, r.first < size
}

// firstRequest returns the Range of a ranged download's first GET, sent
// while the object's size is not known, and the bytes it asks for: the
// range's first part of ps bytes, or the whole range when a part reaches
// the largest offset (it is then sent as given), or the whole of a
// suffix, whose bytes are not known until the size is (start 0, end -1).
func (r byteRange) firstRequest(ps int64) (header string, start, end int64) {
	switch {
	case r.suffix > 0:
		return r.String(), 0, -1
	case r.last >= 0:
		end = r.first + min(ps-1, r.last-r.first)
		return fmt.Sprintf("bytes=%d-%d", r.first, end), r.first, end
	case ps >= math.MaxInt64-r.first:
		return r.String(), r.first, math.MaxInt64
	}
	end = r.first + ps - 1
	return fmt.Sprintf("bytes=%d-%d", r.first, end), r.first, end
}

// startRange plans a ranged download. When HeadObject told the object's
// size, the range is resolved against it and the parts are fetched
// without a first GET; otherwise the first GET learns the size.
func (d *downloader) startRange(ctx context.Context, known bool) (*firstPart, error) {
	if known {
		if start, end, ok := d.rng.resolve(d.size); ok {
			d.planRange(start, end)
			return nil, nil
		}
		// Past the end: the server answers for it, S3 with 416
		// InvalidRange, as it would to a GetObject of the range.
	}
	return d.firstOfRange(ctx, known)
}

// planRange lays out the download of bytes [start, end] of the object.
// The object's full-object checksum covers the whole object only, so a
// range that is less than the whole is not validated against it.
func (d *downloader) planRange(start, end int64) {
	if start != 0 || end != d.size-1 {
		d.full = nil
	}
	d.layout(start, end, d.o.PartSize)
}

// firstOfRange sends the first GET of a ranged download, which asks for
// the range's first part (or for the whole of a suffix) and learns the
// object's size from the response. S3's 416 InvalidRange, for a range
// past the end, is returned as GetObject returns it. A response is used
// as part 1 only once it is checked to be exactly those bytes; a suffix
// fetched whole because it is longer than a part (after a HeadObject
// that found no object) is only checked, and its parts are fetched anew.
func (d *downloader) firstOfRange(ctx context.Context, known bool) (*firstPart, error) {
	header, start, end := d.rng.firstRequest(d.o.PartSize)
	gi := d.getInput()
	gi.Range = &header
	wi := &wireInfo{}
	out, err := d.m.client.GetObject(withWireInfo(ctx, wi), gi, d.s3opts...)
	if isInvalidRange(err) {
		return nil, err
	}
	if err != nil {
		return nil, d.partError(1, start, end, d.getError(err))
	}
	if known {
		if err := d.checkETag(out); err != nil {
			return nil, d.partError(1, start, end, err)
		}
	} else {
		d.learn(out)
	}
	rr := newRangeResponse(out, wi)
	total, ok := rr.total()
	size := int64(-1) // as far as known, for the error
	switch {
	case known:
		size = d.size
	case ok:
		size = total
	}
	from, to, satisfiable := d.rng.resolve(total)
	if !ok || total != size || !satisfiable {
		// No size, another size than HeadObject's, or a response to a
		// range the object cannot satisfy (from a server ignoring Range).
		out.Body.Close()
		rm := rr.mismatch(start, end, size)
		rm.Suffix = d.rng.suffix
		return nil, d.partError(1, start, end, rm)
	}
	d.size = total
	d.planRange(from, to)
	p1, p1end := d.bounds(1)
	err = rr.check(p1, p1end, total)
	if err == nil {
		return &firstPart{body: out.Body}, nil
	}
	out.Body.Close()
	if d.rng.suffix > 0 && rr.check(from, to, total) == nil {
		return nil, nil // a whole suffix longer than part 1
	}
	return nil, d.partError(1, p1, p1end, err)
}
