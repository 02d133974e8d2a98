package transfer

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"slices"
	"sync"

	"github.com/nimbus-sdk/nimbus/services/s3"
	"github.com/nimbus-sdk/nimbus/services/s3/types"
	"golang.org/x/sync/errgroup"
)

// uploader is the state of one Upload call.
type uploader struct {
	m      *Manager
	o      *Options
	in     *UploadInput
	e      emitter
	s3opts []func(*s3.Options)
	ck     uploadChecksum // alg empty for copies
	pre    precomputed    // the caller's checksum values
	sse    sseC           // of the object written

	uploadID string
	partSize int64
	resumed  map[int32]CompletedPart // parts already on the server

	mu    sync.Mutex
	parts []CompletedPart
}

// multipart runs a multipart upload of src. For a plain reader, first
// holds the first part (n bytes) already read; it is released here.
func (u *uploader) multipart(ctx context.Context, src source, first *[]byte, n int) (*UploadOutput, error) {
	err := u.pre.checkMultipart()
	if err == nil {
		err = u.start(ctx)
	}
	if err != nil {
		if first != nil {
			u.m.release(first)
		}
		return nil, err
	}
	ctx, cancel := context.WithCancelCause(ctx)
	defer cancel(nil)
	var g errgroup.Group
	g.SetLimit(u.o.Concurrency)
	var size int64
	if src.ra != nil {
		size = src.size
		u.sendSections(ctx, cancel, &g, src)
	} else {
		size, err = u.sendBuffers(ctx, cancel, &g, src.r, first, n)
	}
	if werr := g.Wait(); err == nil {
		err = werr
	}
	if ctx.Err() != nil {
		err = context.Cause(ctx) // the first part's failure, or the caller's
	}
	if err != nil {
		return nil, u.fail(ctx, err)
	}
	return u.complete(ctx, size)
}

// partFailure cancels the siblings of a part that failed with err and
// returns the error to report for it: err, or, when the part failed
// because it had been canceled, the cause (a sibling's failure, or the
// caller's cancellation), so the first real error wins over the
// cancellations it caused.
func partFailure(ctx context.Context, cancel context.CancelCauseFunc, err error) error {
	if ctx.Err() != nil {
		err = context.Cause(ctx)
	}
	cancel(err)
	return err
}

// start creates the upload, or checks the resume state against ListParts.
func (u *uploader) start(ctx context.Context) error {
	in := u.in
	if st := in.Resume; st != nil {
		if st.UploadID == "" || st.PartSize < MinPartSize {
			return errors.New("transfer: ResumeState needs an UploadID and a PartSize of at least 5 MiB")
		}
		u.uploadID, u.partSize = st.UploadID, st.PartSize
		onServer, err := u.listParts(ctx)
		if err != nil {
			return &MultipartUploadError{UploadID: st.UploadID, State: st, Err: fmt.Errorf("listing parts to resume: %w", err)}
		}
		u.resumed = map[int32]CompletedPart{}
		for _, cp := range st.CompletedParts {
			if sp, ok := onServer[cp.PartNumber]; ok && deref(sp.ETag) == cp.ETag {
				sums := partSums(&sp)
				if v := sums.get(u.ck.alg); v != "" {
					cp.Checksum = v // the server's word over the saved state
				}
				u.resumed[cp.PartNumber] = cp
				u.parts = append(u.parts, cp)
			}
		}
		return nil
	}
	return u.create(ctx, &s3.CreateMultipartUploadInput{
		Bucket: &in.Bucket, Key: &in.Key,
		ContentType: str(in.ContentType), ContentEncoding: str(in.ContentEncoding),
		ContentDisposition: str(in.ContentDisposition), ContentLanguage: str(in.ContentLanguage),
		CacheControl: str(in.CacheControl), Expires: httpDate(in.Expires),
		WebsiteRedirectLocation: str(in.WebsiteRedirectLocation), Metadata: in.Metadata, Tagging: str(in.Tagging),
		ACL: in.ACL, GrantFullControl: str(in.GrantFullControl), GrantRead: str(in.GrantRead),
		GrantReadACP: str(in.GrantReadACP), GrantWriteACP: str(in.GrantWriteACP),
		StorageClass: in.StorageClass, ServerSideEncryption: in.ServerSideEncryption,
		SSEKMSKeyId: str(in.SSEKMSKeyID), SSEKMSEncryptionContext: str(in.SSEKMSEncryptionContext),
		BucketKeyEnabled: in.BucketKeyEnabled, ObjectLockMode: in.ObjectLockMode,
		ObjectLockRetainUntilDate: timeOrNil(in.ObjectLockRetainUntilDate), ObjectLockLegalHoldStatus: in.ObjectLockLegalHoldStatus,
		SSECustomerAlgorithm: u.sse.alg, SSECustomerKey: u.sse.key, SSECustomerKeyMD5: u.sse.keyMD5,
		RequestPayer: in.RequestPayer, ExpectedBucketOwner: str(in.ExpectedBucketOwner),
		ChecksumAlgorithm: u.ck.alg, ChecksumType: u.ck.typ,
	})
}

// listParts returns the parts of the upload on the server, by number.
// The listing ends with the page that is not truncated: S3 and MinIO
// send a NextPartNumberMarker on the last page too, which
// s3.ListPartsPaginator would follow forever.
func (u *uploader) listParts(ctx context.Context) (map[int32]types.Part, error) {
	in := u.in
	li := &s3.ListPartsInput{
		Bucket: &in.Bucket, Key: &in.Key, UploadId: &u.uploadID,
		SSECustomerAlgorithm: u.sse.alg, SSECustomerKey: u.sse.key, SSECustomerKeyMD5: u.sse.keyMD5,
		RequestPayer: in.RequestPayer, ExpectedBucketOwner: str(in.ExpectedBucketOwner),
	}
	parts := map[int32]types.Part{}
	for {
		out, err := u.m.client.ListParts(ctx, li, u.s3opts...)
		if err != nil {
			return nil, err
		}
		for _, sp := range out.Parts {
			parts[deref(sp.PartNumber)] = sp
		}
		next := deref(out.NextPartNumberMarker)
		if !deref(out.IsTruncated) || next == "" || next == deref(li.PartNumberMarker) {
			return parts, nil
		}
		li.PartNumberMarker = &next
	}
}

// sendSections uploads each part of an io.ReaderAt source as a section of
// it, so no part is copied into memory.
func (u *uploader) sendSections(ctx context.Context, cancel context.CancelCauseFunc, g *errgroup.Group, src source) {
	count := max((src.size+u.partSize-1)/u.partSize, 1)
	for i := range count {
		num := int32(i + 1)
		if _, ok := u.resumed[num]; ok {
			continue
		}
		if ctx.Err() != nil {
			return
		}
		off := i * u.partSize
		size := min(u.partSize, src.size-off)
		g.Go(func() error {
			return u.part(ctx, cancel, num, io.NewSectionReader(src.ra, src.base+off, size), size)
		})
	}
}

// sendBuffers reads a plain reader part by part into pooled buffers, each
// taken from the Manager's memory budget before it is filled and returned
// when its part is sent. It returns the total size read.
func (u *uploader) sendBuffers(ctx context.Context, cancel context.CancelCauseFunc, g *errgroup.Group, r io.Reader, buf *[]byte, n int) (int64, error) {
	var total int64
	for num := int32(1); ; num++ {
		if buf == nil {
			if err := u.m.mem.Acquire(ctx, u.partSize); err != nil {
				return total, context.Cause(ctx)
			}
			buf = u.m.buffers.get(u.partSize)
			var err error
			n, err = io.ReadFull(r, *buf)
			if err == io.EOF || (n == 0 && err == io.ErrUnexpectedEOF) {
				u.m.release(buf)
				if num == 1 { // an empty body still needs one part
					return 0, u.part(ctx, cancel, 1, bytes.NewReader(nil), 0)
				}
				return total, nil
			}
			if err != nil && err != io.ErrUnexpectedEOF {
				u.m.release(buf)
				err = fmt.Errorf("reading upload body: %w", err)
				cancel(err)
				return total, err
			}
		}
		if num > MaxParts {
			u.m.release(buf)
			err := fmt.Errorf("%w: more than %d parts of %d bytes", ErrTooLarge, MaxParts, u.partSize)
			cancel(err)
			return total, err
		}
		total += int64(n)
		last := int64(n) < u.partSize
		if _, ok := u.resumed[num]; ok || ctx.Err() != nil {
			u.m.release(buf)
		} else {
			b, size, partNum := buf, int64(n), num
			g.Go(func() error {
				defer u.m.release(b)
				return u.part(ctx, cancel, partNum, bytes.NewReader((*b)[:size]), size)
			})
		}
		buf = nil
		if last || ctx.Err() != nil {
			return total, nil
		}
	}
}

// part uploads one part and records it; a failure cancels the siblings.
func (u *uploader) part(ctx context.Context, cancel context.CancelCauseFunc, num int32, body io.ReadSeeker, size int64) error {
	in := u.in
	mt := newMeter(u.e, num, u.m.wire)
	pctx, span := u.e.startPart(ctx, num)
	out, err := u.m.client.UploadPart(withMeter(pctx, mt), &s3.UploadPartInput{
		Bucket: &in.Bucket, Key: &in.Key, UploadId: &u.uploadID, PartNumber: &num,
		Body: &meteredBody{r: body, m: mt}, ContentLength: &size,
		SSECustomerAlgorithm: u.sse.alg, SSECustomerKey: u.sse.key, SSECustomerKeyMD5: u.sse.keyMD5,
		RequestPayer: in.RequestPayer, ExpectedBucketOwner: str(in.ExpectedBucketOwner), ChecksumAlgorithm: u.ck.alg,
	}, u.s3opts...)
	u.e.endPart(span, err)
	if err != nil {
		err = partFailure(ctx, cancel, fmt.Errorf("part %d: %w", num, err))
		u.e.part(num, err)
		return err
	}
	u.e.part(num, nil)
	u.mu.Lock()
	sums := uploadPartSums(out)
	u.parts = append(u.parts, CompletedPart{PartNumber: num, ETag: deref(out.ETag), Size: size, Checksum: sums.get(u.ck.alg)})
	u.mu.Unlock()
	return nil
}

func (u *uploader) state() *ResumeState {
	u.mu.Lock()
	defer u.mu.Unlock()
	parts := slices.Clone(u.parts)
	slices.SortFunc(parts, func(a, b CompletedPart) int { return int(a.PartNumber - b.PartNumber) })
	return &ResumeState{UploadID: u.uploadID, PartSize: u.partSize, CompletedParts: parts,
		ChecksumAlgorithm: u.ck.alg, ChecksumType: u.ck.typ, SSECustomerKeyMD5: u.sse.digest}
}

// fail aborts the upload unless the parts are to be kept, and returns the
// typed error.
func (u *uploader) fail(ctx context.Context, err error) *MultipartUploadError {
	merr := &MultipartUploadError{UploadID: u.uploadID, State: u.state(), Err: err}
	if u.o.LeavePartsOnError {
		merr.kept = true
		return merr
	}
	actx, cancel := context.WithTimeout(context.WithoutCancel(ctx), abortTimeout)
	defer cancel()
	_, aerr := u.m.client.AbortMultipartUpload(actx, &s3.AbortMultipartUploadInput{
		Bucket: &u.in.Bucket, Key: &u.in.Key, UploadId: &u.uploadID,
		RequestPayer: u.in.RequestPayer, ExpectedBucketOwner: str(u.in.ExpectedBucketOwner),
	}, u.s3opts...)
	if aerr != nil {
		merr.Err = errors.Join(err, fmt.Errorf("aborting the upload: %w", aerr))
	} else {
		merr.Aborted = true
	}
	return merr
}

func (u *uploader) complete(ctx context.Context, size int64) (*UploadOutput, error) {
	st := u.state()
	parts := make([]types.CompletedPart, len(st.CompletedParts))
	for i, p := range st.CompletedParts {
		parts[i] = types.CompletedPart{PartNumber: &p.PartNumber, ETag: &p.ETag}
		cp := &parts[i]
		completedPartSums(cp).set(u.ck.alg, p.Checksum)
	}
	in := &s3.CompleteMultipartUploadInput{
		Bucket: &u.in.Bucket, Key: &u.in.Key, UploadId: &u.uploadID,
		MultipartUpload:      &types.CompletedMultipartUpload{Parts: parts},
		SSECustomerAlgorithm: u.sse.alg, SSECustomerKey: u.sse.key, SSECustomerKeyMD5: u.sse.keyMD5,
		IfMatch: str(u.in.IfMatch), IfNoneMatch: str(u.in.IfNoneMatch),
		RequestPayer: u.in.RequestPayer, ExpectedBucketOwner: str(u.in.ExpectedBucketOwner),
	}
	switch {
	case u.pre.alg != "":
		// The caller's CRC of the whole object (checkMultipart refused
		// the others), which S3 checks with the size.
		in.ChecksumType = types.ChecksumTypeFullObject
		completeInputSums(in).set(u.pre.alg, u.pre.value)
		in.MpuObjectSize = &size
	case u.ck.typ == types.ChecksumTypeFullObject:
		// The object's CRC, combined from the part CRCs the server
		// computed; S3 checks it against the data it assembles.
		full, err := fullObjectChecksum(u.ck.alg, st.CompletedParts)
		if err != nil {
			return nil, u.fail(ctx, fmt.Errorf("completing: %w", err))
		}
		in.ChecksumType = types.ChecksumTypeFullObject
		completeInputSums(in).set(u.ck.alg, full)
	}
	out, err := u.m.client.CompleteMultipartUpload(ctx, in, u.s3opts...)
	if err != nil {
		return nil, u.fail(ctx, fmt.Errorf("completing: %w", err))
	}
	sums := completeOutputSums(out)
	typ := out.ChecksumType
	if typ == "" && u.ck.alg != "" {
		typ = u.ck.typ
	}
	return &UploadOutput{
		ETag: deref(out.ETag), VersionID: deref(out.VersionId), UploadID: u.uploadID,
		Parts: len(parts), Size: size,
		Checksum: sums.get(u.ck.alg), ChecksumAlgorithm: u.ck.alg, ChecksumType: typ,
	}, nil
}
