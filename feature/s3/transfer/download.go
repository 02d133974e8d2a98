package transfer

import (
	"context"
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"
	"sync"

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

	ExpectedBucketOwner string
	RequestPayer        types.RequestPayer
}

// Download downloads the object into w with parallel ranged GETs of
// [Options.PartSize] bytes, up to [Options.Concurrency] at once, and
// returns the number of bytes written. A body that fails mid-read is
// requested again from the offset reached, up to [Options.DownloadRetries]
// times per part.
func (m *Manager) Download(ctx context.Context, w io.WriterAt, in *DownloadInput, optFns ...func(*Options)) (int64, error) {
	if in == nil || in.Bucket == "" || in.Key == "" {
		return 0, errors.New("transfer: Download needs a Bucket and a Key")
	}
	o := m.callOptions(optFns)
	d := &downloader{m: m, o: &o, in: in, s3opts: m.s3Options(&o),
		e: emitter{l: o.Progress, op: OpDownload, bucket: in.Bucket, key: in.Key}}
	n, err := d.toWriterAt(ctx, w)
	d.e.emit(Event{Type: ObjectDone, Size: d.size, Err: err})
	return n, err
}

type downloader struct {
	m      *Manager
	o      *Options
	in     *DownloadInput
	e      emitter
	s3opts []func(*s3.Options)

	// learned from the first response
	size      int64
	etag      string
	versionID string
}

func (d *downloader) toWriterAt(ctx context.Context, w io.WriterAt) (int64, error) {
	first, err := d.first(ctx)
	if err != nil {
		d.e.emit(Event{Type: ObjectStarted, Size: -1})
		return 0, err
	}
	d.e.emit(Event{Type: ObjectStarted, Size: d.size})
	if first == nil {
		return 0, nil
	}
	ps := d.o.PartSize
	ctx, cancel := context.WithCancelCause(ctx)
	defer cancel(nil)
	var g errgroup.Group
	g.SetLimit(d.o.Concurrency)
	g.Go(func() error { return d.fetch(ctx, cancel, 1, 0, min(ps, d.size)-1, first, w, 0) })
	for i := int64(1); i*ps < d.size; i++ {
		if ctx.Err() != nil {
			break
		}
		start, end := i*ps, min((i+1)*ps, d.size)-1
		g.Go(func() error { return d.fetch(ctx, cancel, int32(i+1), start, end, nil, w, 0) })
	}
	err = g.Wait()
	if err == nil && ctx.Err() != nil {
		err = context.Cause(ctx)
	}
	if err != nil {
		return 0, err
	}
	return d.size, nil
}

// first sends the GET of the first range and learns the object's size,
// ETag and version. It returns the open body, or nil for an empty object.
func (d *downloader) first(ctx context.Context) (io.ReadCloser, error) {
	in := d.in
	rng := fmt.Sprintf("bytes=0-%d", d.o.PartSize-1)
	out, err := d.m.client.GetObject(ctx, &s3.GetObjectInput{
		Bucket: &in.Bucket, Key: &in.Key, VersionId: str(in.VersionID), Range: &rng,
		ExpectedBucketOwner: str(in.ExpectedBucketOwner), RequestPayer: in.RequestPayer,
	}, d.s3opts...)
	if isInvalidRange(err) {
		return nil, nil // a range of an empty object
	}
	if err != nil {
		return nil, err
	}
	d.etag, d.versionID = deref(out.ETag), deref(out.VersionId)
	if in.VersionID != "" {
		d.versionID = in.VersionID
	}
	total, ok := parseContentRangeTotal(deref(out.ContentRange))
	if !ok { // the server sent the whole object
		total = deref(out.ContentLength)
	}
	d.size = total
	if total == 0 {
		out.Body.Close()
		return nil, nil
	}
	return out.Body, nil
}

// parseContentRangeTotal returns the total of "bytes a-b/total".
func parseContentRangeTotal(cr string) (int64, bool) {
	_, total, ok := strings.Cut(cr, "/")
	if !ok || total == "*" {
		return 0, false
	}
	n, err := strconv.ParseInt(total, 10, 64)
	return n, err == nil
}

var copyBuffers = sync.Pool{New: func() any { b := make([]byte, 256<<10); return &b }}

// fetch writes bytes [start, end] of the object to w at offset
// start-base. body, if not nil, is an open response for the range. When a
// body fails mid-read, the rest of the range is requested again, up to
// Options.DownloadRetries times. A failure cancels the siblings.
func (d *downloader) fetch(ctx context.Context, cancel context.CancelCauseFunc, num int32, start, end int64, body io.ReadCloser, w io.WriterAt, base int64) error {
	err := d.fetchRange(ctx, num, start, end, body, w, base)
	d.e.part(num, err)
	if err != nil {
		cancel(err)
	}
	return err
}

func (d *downloader) fetchRange(ctx context.Context, num int32, start, end int64, body io.ReadCloser, w io.WriterAt, base int64) error {
	mt := newMeter(d.e, num, false) // a download body is read as it arrives
	buf := copyBuffers.Get().(*[]byte)
	defer copyBuffers.Put(buf)
	off := start
	for retries := 0; ; retries++ {
		if body == nil {
			var err error
			if body, err = d.get(ctx, off, end); err != nil {
				return err
			}
		}
		n, err := io.CopyBuffer(markWriter{io.NewOffsetWriter(w, off-base)},
			&countingReader{r: io.LimitReader(body, end-off+1), m: mt}, *buf)
		body.Close()
		body = nil
		off += n
		if off > end {
			return nil
		}
		if err == nil {
			err = io.ErrUnexpectedEOF
		}
		var we *writeError
		if errors.As(err, &we) || ctx.Err() != nil || retries >= d.o.DownloadRetries {
			return fmt.Errorf("part %d at offset %d: %w", num, off, err)
		}
	}
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
// response.
func (d *downloader) get(ctx context.Context, start, end int64) (io.ReadCloser, error) {
	in := d.in
	rng := fmt.Sprintf("bytes=%d-%d", start, end)
	out, err := d.m.client.GetObject(ctx, &s3.GetObjectInput{
		Bucket: &in.Bucket, Key: &in.Key, VersionId: str(d.versionID), Range: &rng,
		IfMatch: str(d.etag), ExpectedBucketOwner: str(in.ExpectedBucketOwner), RequestPayer: in.RequestPayer,
	}, d.s3opts...)
	if err != nil {
		if isPreconditionFailed(err) {
			return nil, &ObjectChangedError{Bucket: in.Bucket, Key: in.Key, ETag: d.etag, Err: err}
		}
		return nil, err
	}
	if etag := deref(out.ETag); etag != "" && d.etag != "" && etag != d.etag {
		out.Body.Close()
		return nil, &ObjectChangedError{Bucket: in.Bucket, Key: in.Key, ETag: d.etag,
			Err: fmt.Errorf("server returned ETag %s", etag)}
	}
	return out.Body, nil
}
