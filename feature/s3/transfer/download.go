package transfer

import (
	"context"
	"errors"
	"fmt"
	"hash"
	"io"
	"net/http"
	"sync"
	"time"

	"github.com/aws/smithy-go"
	smithyhttp "github.com/aws/smithy-go/transport/http"
	"github.com/nimbus-sdk/nimbus/services/s3"
	"github.com/nimbus-sdk/nimbus/services/s3/types"
	"golang.org/x/sync/errgroup"
)

// DownloadInput names the object to download.
type DownloadInput struct {
	Bucket string // required
	Key    string // required

	// VersionID selects a version. Empty means the current version, which
	// the download then pins: every range is fetched with If-Match on the
	// ETag (and VersionId, when the bucket is versioned) of the first
	// response, so an object replaced mid-download fails with an
	// [*ObjectChangedError] instead of mixing two versions.
	VersionID string

	// SSE-C: the algorithm ("AES256") and key the object was uploaded
	// with, in the form of [UploadInput.SSECustomerKey]; the key's MD5 is
	// checked when set and computed by *s3.Client when empty. They are
	// sent with the HeadObject and every GetObject of the download
	// (ranges, parts, and the GETs that resume a broken body). A value S3
	// would refuse fails the download with an [*InputError] before
	// anything is sent; the key never appears in errors, events or
	// telemetry.
	SSECustomerAlgorithm string
	SSECustomerKey       string
	SSECustomerKeyMD5    string

	// Conditions on the object, as GetObject's: IfMatch downloads only
	// the object with this ETag, IfNoneMatch only one with another ETag,
	// IfModifiedSince only one modified after the time, IfUnmodifiedSince
	// only one not modified since. Zero values are not sent. They are
	// sent with the HeadObject and every GetObject; once the first
	// response pins the object's ETag, later GETs send If-Match with
	// that ETag in place of IfMatch. When a condition fails the download
	// returns S3's error (412 PreconditionFailed, or 304 Not Modified for
	// IfNoneMatch and IfModifiedSince) and writes nothing.
	IfMatch           string
	IfNoneMatch       string
	IfModifiedSince   time.Time
	IfUnmodifiedSince time.Time

	// RequestPayer, "requester" for a Requester Pays bucket, and
	// ExpectedBucketOwner, the account that must own the bucket, are
	// sent with every request of the download.
	RequestPayer        types.RequestPayer
	ExpectedBucketOwner string

	// Range downloads only these bytes of the object, in S3's syntax for
	// a single range: "bytes=first-last", "bytes=first-" (to the end) or
	// "bytes=-count" (the last count bytes). Empty means the whole object.
	// The range is split into parts and fetched like a whole object (see
	// [Manager.Download]), and its bytes are written from offset 0 of the
	// destination, not from their offset in the object, as
	// aws-sdk-go-v2's Downloader writes a ranged download. Download
	// returns the number of bytes in the range. As S3 serves ranges, a
	// last byte past the end stops at the end, a count larger than the
	// object downloads all of it, and a first byte at or past the end
	// (which includes every range of an empty object) fails with the
	// server's error, S3's 416 InvalidRange. A Range that is not of these
	// forms, or that lists several ranges (S3 ignores such a header and
	// sends the whole object), fails with an [*InputError] before
	// anything is sent.
	Range string

	// Response header overrides, as GetObject's: S3 answers each GetObject
	// of the download with these values in place of the object's stored
	// Cache-Control, Content-Disposition, Content-Encoding,
	// Content-Language, Content-Type and Expires. Empty strings and the
	// zero time are not sent. They go with every GetObject (ranges, parts
	// and the GETs that resume a broken body) and not with the
	// HeadObject, whose headers the download reads only for the size,
	// ETag and checksum. The data is the same either way: the download
	// asks for the identity encoding, so ResponseContentEncoding does not
	// make the HTTP client decompress. S3 refuses overrides on anonymous
	// requests.
	ResponseCacheControl       string
	ResponseContentDisposition string
	ResponseContentEncoding    string
	ResponseContentLanguage    string
	ResponseContentType        string
	ResponseExpires            time.Time
}

// check returns the SSE-C setting and the range of in, or an *InputError.
func (in *DownloadInput) check() (sseC, byteRange, error) {
	sse, err := parseSSEC("DownloadInput", "", in.SSECustomerAlgorithm, in.SSECustomerKey, in.SSECustomerKeyMD5)
	if err != nil {
		return sseC{}, byteRange{}, err
	}
	rng, err := parseByteRange(in.Range)
	return sse, rng, err
}

// Download downloads the object into w with parallel GETs, up to
// [Options.Concurrency] at once, and returns the number of bytes written:
// ranges of [Options.PartSize] bytes, or the object's uploaded parts with
// [Options.DownloadByPart]. With [DownloadInput.Range] it downloads those
// bytes only, in ranges of PartSize, and writes them from offset 0 of w.
// A body that fails mid-read is requested again from the offset reached,
// up to [Options.DownloadRetries] times per part. Each response must be
// the bytes asked for, else the download fails with a
// [*RangeMismatchError]; a part that fails returns a [*PartError] (see
// the package documentation, "Downloads"). The object's checksum is
// validated as described in the package documentation ("Checksums"); a
// mismatch returns a [*ChecksumMismatchError] after all bytes were
// written.
func (m *Manager) Download(ctx context.Context, w io.WriterAt, in *DownloadInput, optFns ...func(*Options)) (int64, error) {
	d, err := m.newDownloader(in, "Download", optFns)
	if err != nil {
		return 0, err
	}
	ctx = d.e.start(ctx, "Download")
	n, err := d.toWriterAt(ctx, w)
	d.e.emit(Event{Type: ObjectDone, Size: d.length(), Err: err})
	return n, err
}

// newDownloader checks in and returns the downloader of one call of op.
func (m *Manager) newDownloader(in *DownloadInput, op string, optFns []func(*Options)) (*downloader, error) {
	if in == nil || in.Bucket == "" || in.Key == "" {
		return nil, fmt.Errorf("transfer: %s needs a Bucket and a Key", op)
	}
	sse, rng, err := in.check()
	if err != nil {
		return nil, err
	}
	o := m.callOptions(optFns)
	tel, err := m.telemetryFor(&o)
	if err != nil {
		return nil, err
	}
	return &downloader{m: m, o: &o, in: in, sse: sse, rng: rng, s3opts: m.s3Options(&o), to: -1,
		e: emitter{l: o.Progress, op: OpDownload, bucket: in.Bucket, key: in.Key, t: tel}}, nil
}

type downloader struct {
	m      *Manager
	o      *Options
	in     *DownloadInput
	sse    sseC
	rng    byteRange // DownloadInput.Range; not set for the whole object
	e      emitter
	s3opts []func(*s3.Options)

	// learned from the first response
	size      int64 // of the object
	etag      string
	versionID string
	from, to  int64 // the bytes downloaded, inclusive: the object's, or those of rng
	partSize  int64 // bytes per part: Options.PartSize or the uploaded part size
	count     int64 // number of parts
	byPart    bool  // parts are fetched with GetObject PartNumber

	// checksum validation, see checksumPlan
	validate bool
	objType  types.ChecksumType // as HeadObject reported it
	full     *fullCheck         // nil: the whole object is not checked
}

// fullCheck is the validation of a FULL_OBJECT CRC: each part's CRC is
// computed as its bytes are written and the CRCs are combined in order.
type fullCheck struct {
	alg  types.ChecksumAlgorithm
	poly crcPoly
	want string
	crcs []uint64 // per part, each written by the part's goroutine only
}

// firstPart is the open response of a part fetched to learn the object.
type firstPart struct {
	body io.ReadCloser
	sum  partSum
}

// partSum is a part checksum to validate, from a part-number GET.
type partSum struct {
	alg  types.ChecksumAlgorithm
	want string
}

func (d *downloader) toWriterAt(ctx context.Context, w io.WriterAt) (int64, error) {
	first, err := d.start(ctx)
	if err != nil {
		d.e.emit(Event{Type: ObjectStarted, Size: -1})
		return 0, err
	}
	d.e.emit(Event{Type: ObjectStarted, Size: d.length()})
	ctx, cancel := context.WithCancelCause(ctx)
	defer cancel(nil)
	var g errgroup.Group
	g.SetLimit(d.o.Concurrency)
	for i := range d.count {
		if ctx.Err() != nil {
			break
		}
		var fp *firstPart
		if i == 0 {
			fp, first = first, nil
		}
		g.Go(func() error { return d.fetch(ctx, cancel, int32(i+1), fp, w, d.from) })
	}
	if first != nil { // not handed to a goroutine
		first.body.Close()
	}
	err = g.Wait()
	if ctx.Err() != nil {
		err = context.Cause(ctx) // the first part's failure, or the caller's
	}
	if err == nil {
		err = d.checkFull()
	}
	if err != nil {
		return 0, err
	}
	return d.length(), nil
}

// length returns the number of bytes the download writes.
func (d *downloader) length() int64 { return d.to - d.from + 1 }

// start learns the object's size, ETag, version and checksum, and the
// layout of its parts. It returns the open body of part 1 when the
// request that learned them was a GET of it.
func (d *downloader) start(ctx context.Context) (*firstPart, error) {
	d.validate = !d.o.SkipChecksumValidation
	d.byPart = d.o.DownloadByPart && !d.rng.set // S3 takes no Range with PartNumber
	known := false
	// A suffix longer than a part needs the object's size before its
	// first part can be asked for.
	if d.validate || d.rng.suffix > d.o.PartSize {
		var err error
		if known, err = d.head(ctx); err != nil {
			return nil, err
		}
	}
	switch {
	case d.rng.set:
		return d.startRange(ctx, known)
	case known && (d.size == 0 || !d.byPart):
		d.layout(0, d.size-1, d.o.PartSize)
		return nil, nil
	case d.byPart:
		return d.firstByPart(ctx, known)
	}
	return d.firstRange(ctx)
}

// layout splits bytes [from, to] of the object into parts of ps bytes.
func (d *downloader) layout(from, to, ps int64) {
	d.from, d.to, d.partSize, d.count = from, to, ps, 0
	if n := d.length(); n > 0 {
		d.count = (n-1)/ps + 1 // ps may be as large as math.MaxInt64
	}
	if d.full != nil {
		d.full.crcs = make([]uint64, d.count)
	}
}

// head asks for the object's checksum with HeadObject (ranged GETs never
// carry one) and plans its validation. It reports false, with no error,
// when the object was not found: the GET that follows returns S3's
// NoSuchKey, as downloads without validation do.
func (d *downloader) head(ctx context.Context) (bool, error) {
	in := d.in
	var mode types.ChecksumMode
	if d.validate {
		mode = types.ChecksumModeEnabled
	}
	out, err := d.m.client.HeadObject(ctx, &s3.HeadObjectInput{
		Bucket: &in.Bucket, Key: &in.Key, VersionId: str(in.VersionID), ChecksumMode: mode,
		IfMatch: str(in.IfMatch), IfNoneMatch: str(in.IfNoneMatch),
		IfModifiedSince: timeOrNil(in.IfModifiedSince), IfUnmodifiedSince: timeOrNil(in.IfUnmodifiedSince),
		SSECustomerAlgorithm: d.sse.alg, SSECustomerKey: d.sse.key, SSECustomerKeyMD5: d.sse.keyMD5,
		ExpectedBucketOwner: str(in.ExpectedBucketOwner), RequestPayer: in.RequestPayer,
	}, d.s3opts...)
	if isNotFound(err) {
		d.validate = false
		return false, nil
	}
	if err != nil {
		return false, err
	}
	d.size, d.etag, d.versionID = deref(out.ContentLength), deref(out.ETag), deref(out.VersionId)
	if in.VersionID != "" {
		d.versionID = in.VersionID
	}
	d.objType = out.ChecksumType
	alg, v := firstChecksum(headObjectSums(out))
	poly, isCRC := crcPolyOf(alg)
	// Only a FULL_OBJECT CRC can be checked from parts fetched in
	// parallel: other sums (SHA, MD5, xxHash) cannot be combined, and a
	// COMPOSITE checksum is a checksum of the part checksums, which
	// ranges do not reproduce.
	if d.validate && v != "" && isCRC && !isComposite(v) && d.objType != types.ChecksumTypeComposite {
		d.full = &fullCheck{alg: alg, poly: poly, want: v}
	}
	return true, nil
}

// firstRange GETs the first range of PartSize bytes to learn the object.
// The response must be that range, or the whole object if it is no
// larger.
func (d *downloader) firstRange(ctx context.Context) (*firstPart, error) {
	end := d.o.PartSize - 1
	gi := d.getInput()
	gi.Range = str(fmt.Sprintf("bytes=0-%d", end))
	wi := &wireInfo{}
	out, err := d.m.client.GetObject(withWireInfo(ctx, wi), gi, d.s3opts...)
	if isInvalidRange(err) {
		return nil, nil // a range of an empty object
	}
	if err != nil {
		return nil, d.partError(1, 0, end, err)
	}
	d.learn(out)
	rr := newRangeResponse(out, wi)
	total, ok := rr.total()
	if !ok {
		out.Body.Close()
		return nil, d.partError(1, 0, end, rr.mismatch(0, end, -1))
	}
	d.size = total
	d.layout(0, total-1, d.o.PartSize)
	if err := rr.check(0, min(end, total-1), total); err != nil || total == 0 {
		out.Body.Close()
		if err != nil {
			return nil, d.partError(1, 0, end, err)
		}
		return nil, nil
	}
	return &firstPart{body: out.Body}, nil
}

// learn pins the ETag and version of a first GET.
func (d *downloader) learn(out *s3.GetObjectOutput) {
	d.etag, d.versionID = deref(out.ETag), deref(out.VersionId)
	if d.in.VersionID != "" {
		d.versionID = d.in.VersionID
	}
}

// firstByPart GETs part 1 to learn the part size and count. The parts of
// an object must all have the size of part 1 but the last, as every SDK
// uploads them; other layouts fail rather than being written at wrong
// offsets.
func (d *downloader) firstByPart(ctx context.Context, known bool) (*firstPart, error) {
	out, sum, rr, err := d.getPart(ctx, 1)
	if !known && isInvalidRange(err) {
		return nil, nil // an empty object
	}
	if err != nil {
		return nil, d.partError(1, 0, -1, err) // the part's size is not known yet
	}
	if !known {
		d.learn(out)
		total, ok := rr.total()
		if !ok {
			out.Body.Close()
			rm := rr.mismatch(0, -1, -1)
			rm.PartNumber = 1
			return nil, d.partError(1, 0, -1, rm)
		}
		d.size = total
	}
	ps, count := rr.length, max(rr.parts, 1)
	if d.size == 0 {
		out.Body.Close()
		d.count = 0
		return nil, nil
	}
	if ps <= 0 || int64(count-1)*ps >= d.size || int64(count)*ps < d.size {
		out.Body.Close()
		return nil, fmt.Errorf("transfer: s3://%s/%s: part 1 of %d bytes and %d parts do not fit %d bytes; download it by range",
			d.in.Bucket, d.in.Key, ps, count, d.size)
	}
	if err := rr.checkPart(1, count, 0, ps-1, d.size); err != nil {
		out.Body.Close()
		return nil, d.partError(1, 0, ps-1, err)
	}
	d.layout(0, d.size-1, ps) // count parts, as checked above
	return &firstPart{body: out.Body, sum: sum}, nil
}

// getPart GETs part num by number, guarded by the pinned ETag, and returns
// the part checksum to validate, if any, and what the response says of
// its bytes, for the caller to check.
func (d *downloader) getPart(ctx context.Context, num int32) (*s3.GetObjectOutput, partSum, rangeResponse, error) {
	gi := d.getInput()
	gi.PartNumber = &num
	if d.validate {
		gi.ChecksumMode = types.ChecksumModeEnabled
	}
	wi := &wireInfo{}
	out, err := d.m.client.GetObject(withWireInfo(ctx, wi), gi, d.s3opts...)
	if err != nil {
		return nil, partSum{}, rangeResponse{}, d.getError(err)
	}
	if err := d.checkETag(out); err != nil {
		return nil, partSum{}, rangeResponse{}, err
	}
	var sum partSum
	// A COMPOSITE object's part GET carries the part's own checksum; a
	// FULL_OBJECT object's is validated whole instead.
	if d.validate && d.objType == types.ChecksumTypeComposite && deref(out.PartsCount) > 1 {
		alg, v := firstChecksum(getObjectSums(out))
		if v != "" && !isComposite(v) {
			sum = partSum{alg: alg, want: v}
		}
	}
	return out, sum, newRangeResponse(out, wi), nil
}

var copyBuffers = sync.Pool{New: func() any { b := make([]byte, 256<<10); return &b }}

// bounds returns the byte range [start, end] of part num in the object.
func (d *downloader) bounds(num int32) (start, end int64) {
	start = d.from + int64(num-1)*d.partSize
	return start, start + min(d.partSize, d.to-start+1) - 1
}

// fetch writes part num to w at its offset minus base. first, if not nil,
// is an open response for the part. When a body fails mid-read, the rest
// of the part is requested again by range, up to Options.DownloadRetries
// times. A failure, as a *PartError, cancels the siblings (see
// partFailure).
func (d *downloader) fetch(ctx context.Context, cancel context.CancelCauseFunc, num int32, first *firstPart, w io.WriterAt, base int64) error {
	pctx, span := d.e.startPart(ctx, num)
	err := d.fetchPart(pctx, num, first, w, base)
	d.e.endPart(span, err)
	if err != nil {
		start, end := d.bounds(num)
		err = partFailure(ctx, cancel, d.partError(num, start, end, err))
	}
	d.e.part(num, err)
	return err
}

// partError wraps the failure of part num, bytes start to end.
func (d *downloader) partError(num int32, start, end int64, err error) error {
	return &PartError{Bucket: d.in.Bucket, Key: d.in.Key, PartNumber: num, Start: start, End: end, Err: err}
}

func (d *downloader) fetchPart(ctx context.Context, num int32, first *firstPart, w io.WriterAt, base int64) error {
	start, end := d.bounds(num)
	mt := newMeter(d.e, num, false) // a download body is read as it arrives
	buf := copyBuffers.Get().(*[]byte)
	defer copyBuffers.Put(buf)
	var body io.ReadCloser
	var sum partSum
	if first != nil {
		body, sum = first.body, first.sum
	}
	// The part's bytes are hashed as they are written, in order; a
	// resumed body continues the same hash.
	var h hash.Hash
	if d.full != nil {
		h = newHash(d.full.alg)
	}
	off := start
	for retries := 0; ; retries++ {
		if body == nil {
			var err error
			if d.byPart && off == start {
				body, sum, err = d.openPart(ctx, num, start, end)
			} else {
				body, err = d.get(ctx, off, end)
			}
			// Nothing of a failed or mismatched response was written.
			if err != nil {
				return err
			}
		}
		if sum.want != "" && h == nil {
			h = newHash(sum.alg)
		}
		var dst io.Writer = markWriter{io.NewOffsetWriter(w, off-base)}
		if h != nil {
			dst = hashWriter{dst, h}
		}
		n, err := io.CopyBuffer(dst, &countingReader{r: io.LimitReader(body, end-off+1), m: mt}, *buf)
		body.Close()
		body = nil
		off += n
		if off > end {
			return d.checkPart(num, h, sum)
		}
		if err == nil {
			err = io.ErrUnexpectedEOF
		}
		var we *writeError
		if errors.As(err, &we) || ctx.Err() != nil || retries >= d.o.DownloadRetries {
			return fmt.Errorf("at offset %d: %w", off, err)
		}
	}
}

// openPart GETs part num by number and checks that it is where the
// layout expects it: bytes start to end, of an object of the known size
// and number of parts. Parts of unequal size fail here too; such objects
// must be downloaded by range.
func (d *downloader) openPart(ctx context.Context, num int32, start, end int64) (io.ReadCloser, partSum, error) {
	out, sum, rr, err := d.getPart(ctx, num)
	if err != nil {
		return nil, partSum{}, err
	}
	if err := rr.checkPart(num, int32(d.count), start, end, d.size); err != nil {
		out.Body.Close()
		return nil, partSum{}, err
	}
	return out.Body, sum, nil
}

// checkPart validates a part's checksum, or records its CRC for the
// whole-object check.
func (d *downloader) checkPart(num int32, h hash.Hash, sum partSum) error {
	if h == nil {
		return nil
	}
	raw := h.Sum(nil)
	if sum.want != "" {
		if got := encodeRaw(raw); got != sum.want {
			return &ChecksumMismatchError{Bucket: d.in.Bucket, Key: d.in.Key, PartNumber: num,
				Algorithm: sum.alg, Expected: sum.want, Computed: got}
		}
		return nil
	}
	v, err := decodeCRC(d.full.poly, encodeRaw(raw))
	if err != nil {
		return err
	}
	d.full.crcs[num-1] = v
	return nil
}

// checkFull combines the part CRCs in order and compares the result with
// the object's checksum. It runs after every part has completed.
func (d *downloader) checkFull() error {
	f := d.full
	if f == nil {
		return nil
	}
	cc := crcCombiner{poly: f.poly}
	for i, v := range f.crcs {
		start, end := d.bounds(int32(i + 1))
		cc.add(v, end-start+1)
	}
	if got := encodeCRC(f.poly, cc.sum); got != f.want {
		return &ChecksumMismatchError{Bucket: d.in.Bucket, Key: d.in.Key, Algorithm: f.alg, Expected: f.want, Computed: got}
	}
	return nil
}

// hashWriter hashes what its destination accepted.
type hashWriter struct {
	w io.Writer
	h hash.Hash
}

func (hw hashWriter) Write(p []byte) (int, error) {
	n, err := hw.w.Write(p)
	hw.h.Write(p[:n])
	return n, err
}

// writeError marks a failure of the destination, which is not retried.
type writeError struct{ err error }

func (e *writeError) Error() string { return e.err.Error() }
func (e *writeError) Unwrap() error { return e.err }

type markWriter struct{ w io.Writer }

func (m markWriter) Write(p []byte) (int, error) {
	n, err := m.w.Write(p)
	if err != nil {
		err = &writeError{err}
	}
	return n, err
}

// get requests bytes [start, end], guarded by the ETag of the first
// response, and checks that the response is those bytes.
func (d *downloader) get(ctx context.Context, start, end int64) (io.ReadCloser, error) {
	gi := d.getInput()
	gi.Range = str(fmt.Sprintf("bytes=%d-%d", start, end))
	wi := &wireInfo{}
	out, err := d.m.client.GetObject(withWireInfo(ctx, wi), gi, d.s3opts...)
	if err != nil {
		return nil, d.getError(err)
	}
	if err := d.checkETag(out); err != nil {
		return nil, err
	}
	if err := newRangeResponse(out, wi).check(start, end, d.size); err != nil {
		out.Body.Close()
		return nil, err
	}
	return out.Body, nil
}

// getInput returns the members every GetObject of the download sends:
// the object, pinned by version and ETag once they are known (the
// caller's VersionID and IfMatch before), its SSE-C key, the caller's
// conditions and response header overrides.
func (d *downloader) getInput() *s3.GetObjectInput {
	in := d.in
	version, etag := in.VersionID, in.IfMatch
	if d.versionID != "" {
		version = d.versionID
	}
	if d.etag != "" {
		etag = d.etag
	}
	return &s3.GetObjectInput{
		Bucket: &in.Bucket, Key: &in.Key, VersionId: str(version),
		IfMatch: str(etag), IfNoneMatch: str(in.IfNoneMatch),
		IfModifiedSince: timeOrNil(in.IfModifiedSince), IfUnmodifiedSince: timeOrNil(in.IfUnmodifiedSince),
		SSECustomerAlgorithm: d.sse.alg, SSECustomerKey: d.sse.key, SSECustomerKeyMD5: d.sse.keyMD5,
		ExpectedBucketOwner: str(in.ExpectedBucketOwner), RequestPayer: in.RequestPayer,
		ResponseCacheControl: str(in.ResponseCacheControl), ResponseContentDisposition: str(in.ResponseContentDisposition),
		ResponseContentEncoding: str(in.ResponseContentEncoding), ResponseContentLanguage: str(in.ResponseContentLanguage),
		ResponseContentType: str(in.ResponseContentType), ResponseExpires: timeOrNil(in.ResponseExpires),
	}
}

// getError types the failure of a guarded GET: a failed If-Match on the
// pinned ETag means the object changed. Before an ETag is pinned, a
// failed condition is the caller's, returned as is.
func (d *downloader) getError(err error) error {
	if d.etag != "" && isPreconditionFailed(err) {
		return &ObjectChangedError{Bucket: d.in.Bucket, Key: d.in.Key, ETag: d.etag, Err: err}
	}
	return err
}

// checkETag fails a response of another version than the pinned one,
// from a server that ignored If-Match.
func (d *downloader) checkETag(out *s3.GetObjectOutput) error {
	if etag := deref(out.ETag); etag != "" && d.etag != "" && etag != d.etag {
		out.Body.Close()
		return &ObjectChangedError{Bucket: d.in.Bucket, Key: d.in.Key, ETag: d.etag,
			Err: fmt.Errorf("server returned ETag %s", etag)}
	}
	return nil
}

// isNotFound reports whether err is a 404 (HeadObject has no error code).
func isNotFound(err error) bool {
	var nf *types.NotFound
	if errors.As(err, &nf) {
		return true
	}
	var api smithy.APIError
	if errors.As(err, &api) && (api.ErrorCode() == "NotFound" || api.ErrorCode() == "NoSuchKey") {
		return true
	}
	var re *smithyhttp.ResponseError
	return errors.As(err, &re) && re.HTTPStatusCode() == http.StatusNotFound
}
