package transfer

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"time"

	"github.com/nimbus-sdk/nimbus/services/s3"
	"github.com/nimbus-sdk/nimbus/services/s3/types"
)

// create sends CreateMultipartUpload and sets u.uploadID.
//
// A client that retries after a lost response may have made the server
// create an upload whose ID never arrived: nobody would complete or abort
// it, and its parts would be billed forever. When an attempt of the call
// lost its response, create finds such uploads and aborts them (see
// abortDuplicates). If that fails, the new upload is aborted too, before
// any part is sent, and the *MultipartUploadError lists the uploads left.
func (u *uploader) create(ctx context.Context, in *s3.CreateMultipartUploadInput) error {
	wi := &wireInfo{}
	span := callSpan{start: time.Now()}
	out, err := u.m.client.CreateMultipartUpload(withWireInfo(ctx, wi), in, u.s3opts...)
	span.end = time.Now()
	_, _, _, wireLost := wi.get()
	if err != nil {
		return u.createFailed(ctx, err, span, wireLost)
	}
	u.uploadID = deref(out.UploadId)
	if u.uploadID == "" {
		return errors.New("transfer: CreateMultipartUpload returned no UploadId")
	}
	lost := max(lostAttempts(out.ResultMetadata), wireLost)
	if lost == 0 {
		return nil
	}
	left, err := u.abortDuplicates(ctx, span, lost)
	if err == nil {
		return nil
	}
	merr := u.fail(ctx, fmt.Errorf("CreateMultipartUpload was retried after a lost response: %w", err))
	merr.DuplicateUploadIDs = left
	return merr
}

// createFailed handles a CreateMultipartUpload call that failed with err
// after lost attempts (counted by the HTTP layer, or err itself): the
// server may hold uploads the call created, which are aborted. err is
// returned as is when they were, or when no attempt was lost.
func (u *uploader) createFailed(ctx context.Context, err error, span callSpan, lost int) error {
	if lost == 0 && responseLost(err) {
		lost = 1
	}
	if lost == 0 {
		return err
	}
	left, aerr := u.abortDuplicates(ctx, span, lost)
	if aerr == nil {
		return err
	}
	return &MultipartUploadError{DuplicateUploadIDs: left, Err: errors.Join(err, aerr)}
}

// callSpan is the local time around one CreateMultipartUpload call.
type callSpan struct{ start, end time.Time }

// clockSlack widens the window of abortDuplicates for the one-second
// resolution of HTTP Date headers and, on some servers, of Initiated, and
// for the latency between a server's clock reading and ours.
const clockSlack = 2 * time.Second

// abortDuplicates aborts the uploads of the key that lost attempts of the
// call may have created (at most lost of them), and returns the IDs of
// those it found but did not abort, with the reason.
func (u *uploader) abortDuplicates(ctx context.Context, span callSpan, lost int) ([]string, error) {
	api, ok := u.m.client.(ListMultipartUploadsAPI)
	if !ok {
		return nil, fmt.Errorf("cannot look for uploads created by attempts whose response was lost: %T has no ListMultipartUploads method", u.m.client)
	}
	// Cleaning up runs even when the caller's context is done, bounded.
	ctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), abortTimeout)
	defer cancel()
	uploads, clock, err := u.listUploads(ctx, api)
	if err != nil {
		return nil, fmt.Errorf("listing the uploads of %q to find those of attempts whose response was lost: %w", u.in.Key, err)
	}
	dups := duplicates(uploads, u.uploadID, span, clock)
	if len(dups) > lost {
		return dups, fmt.Errorf("%d other uploads of %q started during CreateMultipartUpload, more than its %d attempt(s) whose response was lost could have created; none was aborted, since some may be another writer's",
			len(dups), u.in.Key, lost)
	}
	var left []string
	var errs []error
	for _, id := range dups {
		_, err := u.m.client.AbortMultipartUpload(ctx, &s3.AbortMultipartUploadInput{
			Bucket: &u.in.Bucket, Key: &u.in.Key, UploadId: &id,
			RequestPayer: u.in.RequestPayer, ExpectedBucketOwner: str(u.in.ExpectedBucketOwner),
		}, u.s3opts...)
		if err != nil && !isNoSuchUpload(err) {
			left = append(left, id)
			errs = append(errs, fmt.Errorf("aborting upload %s: %w", id, err))
		}
	}
	return left, errors.Join(errs...)
}

// serverClock is a reading of the server's clock: the Date of a response
// and the local time it arrived. date is zero when unknown.
type serverClock struct{ date, local time.Time }

// listUploads lists the uploads of exactly u.in.Key, and reads the
// server's clock from the first response.
func (u *uploader) listUploads(ctx context.Context, api ListMultipartUploadsAPI) ([]types.MultipartUpload, serverClock, error) {
	key := u.in.Key
	in := &s3.ListMultipartUploadsInput{Bucket: &u.in.Bucket, Prefix: &key,
		RequestPayer: u.in.RequestPayer, ExpectedBucketOwner: str(u.in.ExpectedBucketOwner)}
	var clock serverClock
	var uploads []types.MultipartUpload
	for page := 0; ; page++ {
		wi := &wireInfo{}
		out, err := api.ListMultipartUploads(withWireInfo(ctx, wi), in, u.s3opts...)
		if err != nil {
			return nil, clock, err
		}
		if page == 0 {
			_, clock.date, clock.local, _ = wi.get()
		}
		past := false // uploads are listed by key; once past key, none is of key
		for _, up := range out.Uploads {
			past = past || deref(up.Key) > key
			if deref(up.Key) == key {
				uploads = append(uploads, up)
			}
		}
		nextKey, nextID := deref(out.NextKeyMarker), deref(out.NextUploadIdMarker)
		stuck := nextKey == deref(in.KeyMarker) && nextID == deref(in.UploadIdMarker)
		if past || !deref(out.IsTruncated) || nextKey == "" || stuck {
			return uploads, clock, nil
		}
		in.KeyMarker, in.UploadIdMarker = &nextKey, &nextID
	}
}

// duplicates returns the IDs, sorted, of the uploads other than ours that
// an attempt of the call may have created.
//
// Such an upload was initiated by the server while the call ran, for the
// same principal. The window is the call's span in the server's clock.
// When our own upload is listed it anchors the window: it was initiated
// during the call as well, so any other upload of the call was initiated
// at most the call's duration before or after it, whatever the offset
// between the clocks. Without it (the call failed), the span is moved to
// the server's clock by the offset its Date header showed (none if it
// sent none). Both are widened by clockSlack.
//
// Another writer's upload of the same key may still fall in that window
// of seconds. Two rules keep it safe: an upload whose initiator differs
// from ours is never taken, and abortDuplicates aborts nothing when the
// window holds more uploads than attempts were lost.
func duplicates(uploads []types.MultipartUpload, ours string, span callSpan, clock serverClock) []string {
	var offset time.Duration
	if !clock.date.IsZero() {
		offset = clock.date.Sub(clock.local)
	}
	lo, hi := span.start.Add(offset-clockSlack), span.end.Add(offset+clockSlack)
	d := span.end.Sub(span.start) + clockSlack
	initiator := ""
	for _, up := range uploads {
		if deref(up.UploadId) == ours && ours != "" {
			initiator = initiatorOf(up)
			if up.Initiated != nil {
				lo, hi = up.Initiated.Add(-d), up.Initiated.Add(d)
			}
		}
	}
	var ids []string
	for _, up := range uploads {
		id, at := deref(up.UploadId), up.Initiated
		if id == ours || at == nil || at.Before(lo) || at.After(hi) ||
			(initiator != "" && initiatorOf(up) != initiator) {
			continue
		}
		ids = append(ids, id)
	}
	slices.Sort(ids)
	return ids
}

// initiatorOf returns the ID of the principal that started up, or "".
func initiatorOf(up types.MultipartUpload) string {
	if up.Initiator != nil && deref(up.Initiator.ID) != "" {
		return deref(up.Initiator.ID)
	}
	if up.Owner != nil {
		return deref(up.Owner.ID)
	}
	return ""
}
