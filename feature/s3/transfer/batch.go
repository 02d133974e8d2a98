package transfer

import (
	"context"
	"errors"
	"fmt"
	"io"
	"iter"
	"sync"

	"golang.org/x/sync/errgroup"

	"github.com/nimbus-sdk/nimbus/services/s3/types"
)

// BatchResult reports a batch or directory operation. Every object the
// iterator or directory produced is counted in exactly one of Succeeded,
// Failed, OutcomeUnknown or Skipped.
type BatchResult struct {
	Succeeded int            // objects whose operation succeeded
	Failed    []*ObjectError // the operation did not happen
	Skipped   []string       // local paths not transferred by policy (symlinks, non-regular files)
	Bytes     int64          // bytes of the objects that succeeded, when known

	// OutcomeUnknown lists the objects whose operation may or may not
	// have happened: the request that carried them failed after the
	// server may have run it (its response was lost, the connection
	// broke after it was sent, the server answered 5xx, or retries ran
	// out, the retry quota included, on such a failure). Look before
	// assuming either way: a key listed here may be deleted. Each error
	// wraps [ErrOutcomeUnknown]. Only [Manager.BatchDelete] and
	// [Manager.DeletePrefix] report outcomes as unknown.
	OutcomeUnknown []*ObjectError
}

// err returns a *BatchError when objects failed or their outcome is
// unknown.
func (r *BatchResult) err() error {
	if len(r.Failed) == 0 && len(r.OutcomeUnknown) == 0 {
		return nil
	}
	return &BatchError{Failed: r.Failed, OutcomeUnknown: r.OutcomeUnknown}
}

// UploadIterator yields the objects of [Manager.BatchUpload]: Next
// advances and reports whether there is an object, UploadObject returns
// it, and Err reports why iteration stopped early (nil at the end). The
// batch calls them from one goroutine. If the iterator also implements
// io.Closer, Close is called once when the batch stops using it.
type UploadIterator interface {
	Next() bool
	Err() error
	UploadObject() BatchUploadObject
}

// BatchUploadObject is one object of a batch upload. After, if not nil,
// runs once when the object's upload ends, successful or not (to close
// its file, say); its error is reported as the object's.
type BatchUploadObject struct {
	Object *UploadInput // the upload; nil fails the object
	After  func() error // if not nil, runs once when the upload ends
}

// DownloadIterator yields the objects of [Manager.BatchDownload]; see
// [UploadIterator] for the contract.
type DownloadIterator interface {
	Next() bool
	Err() error
	DownloadObject() BatchDownloadObject
}

// BatchDownloadObject is one object of a batch download, written to
// Writer. After runs once when the download ends.
type BatchDownloadObject struct {
	Object *DownloadInput // the download; nil fails the object
	Writer io.WriterAt    // receives the object's bytes; nil fails the object
	After  func() error   // if not nil, runs once when the download ends
}

// DeleteIterator yields the objects of [Manager.BatchDelete]; see
// [UploadIterator] for the contract.
type DeleteIterator interface {
	Next() bool
	Err() error
	DeleteObject() BatchDeleteObject
}

// BatchDeleteObject is one object of a batch delete. After runs once
// when the DeleteObjects call that carried it returns.
//
// RequestPayer, MFA, BypassGovernanceRetention and ExpectedBucketOwner
// are settings of the DeleteObjects call, so objects share a call only
// with objects of the same bucket and settings (as in the batch delete of
// aws-sdk-go v1): a change of any of them between consecutive objects
// starts a new call.
type BatchDeleteObject struct {
	Bucket    string // required
	Key       string // required
	VersionID string // empty deletes the current version (or adds a delete marker)

	// RequestPayer is "requester" for a Requester Pays bucket.
	RequestPayer types.RequestPayer
	// MFA is the serial number and current code of the bucket owner's
	// MFA device, separated by a space, which a bucket with MFA Delete
	// requires to delete versions.
	MFA string
	// BypassGovernanceRetention deletes versions that Object Lock
	// retains in governance mode (it needs the
	// s3:BypassGovernanceRetention permission).
	BypassGovernanceRetention bool
	// ExpectedBucketOwner is the account ID the bucket must belong to;
	// S3 refuses the call with 403 otherwise.
	ExpectedBucketOwner string

	After func() error // if not nil, runs once when the DeleteObjects call that carried the object returns
}

// sameCall reports whether o can go in one DeleteObjects call with b.
func (o *BatchDeleteObject) sameCall(b *BatchDeleteObject) bool {
	return o.Bucket == b.Bucket && o.RequestPayer == b.RequestPayer && o.MFA == b.MFA &&
		o.BypassGovernanceRetention == b.BypassGovernanceRetention && o.ExpectedBucketOwner == b.ExpectedBucketOwner
}

// seqIterator adapts an iter.Seq to the classic iterator interfaces.
type seqIterator[T any] struct {
	next func() (T, bool)
	stop func()
	cur  T
}

func newSeqIterator[T any](seq iter.Seq[T]) *seqIterator[T] {
	next, stop := iter.Pull(seq)
	return &seqIterator[T]{next: next, stop: stop}
}

// Next advances to the next object, reporting whether there is one.
func (s *seqIterator[T]) Next() bool {
	v, ok := s.next()
	if !ok {
		s.stop()
		return false
	}
	s.cur = v
	return true
}

// Err returns the error that stopped iteration, if any.
func (s *seqIterator[T]) Err() error { return nil }

// Close releases the iterator.
func (s *seqIterator[T]) Close() error { s.stop(); return nil }

type uploadSeq struct{ *seqIterator[*UploadInput] }

func (s uploadSeq) UploadObject() BatchUploadObject { return BatchUploadObject{Object: s.cur} }

// UploadSeq adapts a Go iterator of inputs to an [UploadIterator].
func UploadSeq(seq iter.Seq[*UploadInput]) UploadIterator {
	return uploadSeq{newSeqIterator(seq)}
}

type downloadSeq struct {
	*seqIterator[BatchDownloadObject]
}

func (s downloadSeq) DownloadObject() BatchDownloadObject { return s.cur }

// DownloadSeq adapts a Go iterator of objects to a [DownloadIterator].
func DownloadSeq(seq iter.Seq[BatchDownloadObject]) DownloadIterator {
	return downloadSeq{newSeqIterator(seq)}
}

type deleteSeq struct {
	*seqIterator[BatchDeleteObject]
}

func (s deleteSeq) DeleteObject() BatchDeleteObject { return s.cur }

// DeleteKeys adapts a Go iterator of keys of bucket to a [DeleteIterator].
func DeleteKeys(bucket string, keys iter.Seq[string]) DeleteIterator {
	return deleteSeq{newSeqIterator(func(yield func(BatchDeleteObject) bool) {
		for k := range keys {
			if !yield(BatchDeleteObject{Bucket: bucket, Key: k}) {
				return
			}
		}
	})}
}

// batchItem is one object of a batch, as the runner sees it.
type batchItem struct {
	bucket, key, path string
	run               func(ctx context.Context) (int64, error)
	after             func() error
}

// runBatch runs the items next yields, up to o.Concurrency at once. An
// object's failure is recorded, never returned early: the batch goes on.
// It stops dispatching when ctx ends.
func (m *Manager) runBatch(ctx context.Context, o *Options, op Op, name string, res *BatchResult, next func() (batchItem, bool)) {
	tel, _ := m.telemetryFor(o) // an instrument error fails each object's transfer
	ctx, span := tel.startBatch(ctx, name, op)
	defer endBatch(span, res)
	var g errgroup.Group
	g.SetLimit(o.Concurrency)
	var mu sync.Mutex
	for ctx.Err() == nil {
		it, ok := next()
		if !ok {
			break
		}
		g.Go(func() error {
			n, err := it.run(ctx)
			if it.after != nil {
				if aerr := it.after(); aerr != nil {
					err = errors.Join(err, fmt.Errorf("after hook: %w", aerr))
				}
			}
			mu.Lock()
			defer mu.Unlock()
			if err != nil {
				res.Failed = append(res.Failed, &ObjectError{Bucket: it.bucket, Key: it.key, Path: it.path, Err: err})
			} else {
				res.Succeeded++
				res.Bytes += n
			}
			return nil
		})
	}
	g.Wait()
	if o.Progress != nil {
		o.Progress.OnEvent(Event{Type: BatchDone, Op: op, Objects: res.Succeeded + len(res.Failed), Failed: len(res.Failed)})
	}
}

// finish returns the batch's error: the iterator's, the context's, or a
// *BatchError for the failed objects.
func finish(ctx context.Context, res *BatchResult, iterErr error) (*BatchResult, error) {
	var errs []error
	if iterErr != nil {
		errs = append(errs, fmt.Errorf("transfer: iterator: %w", iterErr))
	}
	if err := ctx.Err(); err != nil {
		errs = append(errs, context.Cause(ctx))
	}
	if err := res.err(); err != nil {
		errs = append(errs, err)
	}
	return res, errors.Join(errs...)
}

func closeIter(it any) {
	if c, ok := it.(io.Closer); ok {
		c.Close()
	}
}

// BatchUpload uploads the iterator's objects, up to [Options.Concurrency]
// at once, each with [Manager.Upload]. Each object's failure is reported
// in the result and in the returned [*BatchError]; the batch goes on.
func (m *Manager) BatchUpload(ctx context.Context, it UploadIterator, optFns ...func(*Options)) (*BatchResult, error) {
	o := m.callOptions(optFns)
	defer closeIter(it)
	res := &BatchResult{}
	m.runBatch(ctx, &o, OpUpload, "BatchUpload", res, func() (batchItem, bool) {
		if !it.Next() {
			return batchItem{}, false
		}
		obj := it.UploadObject()
		in := obj.Object
		if in == nil {
			in = &UploadInput{}
		}
		return batchItem{bucket: in.Bucket, key: in.Key, after: obj.After, run: func(ctx context.Context) (int64, error) {
			out, err := m.Upload(ctx, in, optFns...)
			if err != nil {
				return 0, err
			}
			return out.Size, nil
		}}, true
	})
	return finish(ctx, res, it.Err())
}

// BatchDownload downloads the iterator's objects, up to
// [Options.Concurrency] at once, each with [Manager.Download].
func (m *Manager) BatchDownload(ctx context.Context, it DownloadIterator, optFns ...func(*Options)) (*BatchResult, error) {
	o := m.callOptions(optFns)
	defer closeIter(it)
	res := &BatchResult{}
	m.runBatch(ctx, &o, OpDownload, "BatchDownload", res, func() (batchItem, bool) {
		if !it.Next() {
			return batchItem{}, false
		}
		obj := it.DownloadObject()
		in := obj.Object
		if in == nil {
			in = &DownloadInput{}
		}
		return batchItem{bucket: in.Bucket, key: in.Key, after: obj.After, run: func(ctx context.Context) (int64, error) {
			if obj.Writer == nil {
				return 0, errors.New("transfer: BatchDownloadObject has no Writer")
			}
			return m.Download(ctx, obj.Writer, in, optFns...)
		}}, true
	})
	return finish(ctx, res, it.Err())
}
