package transfer

import (
	"context"
	"errors"
	"fmt"
	"iter"

	"github.com/nimbus-sdk/nimbus/services/s3"
)

// JobRunner runs a batch on S3's own fleet instead of from this process:
// the batchops module (feature/s3/transfer/batchops) implements it with
// S3 Batch Operations jobs. A Manager hands it the deletes of
// [Manager.DeletePrefix] and [Manager.BatchDelete] that reach
// [Options.BatchJobThreshold] objects, when [Options.BatchJobs] is set.
//
// RunJob returns once the job has ended, with the objects that succeeded
// and failed, or an error if the job could not be run or ended early (the
// result then holds what is known). Implementations must be safe for
// concurrent use.
type JobRunner interface {
	RunJob(ctx context.Context, job *Job) (*BatchResult, error)
}

// Job is a batch a [Manager] hands to a [JobRunner]. Exactly one of
// Prefix (with Bucket) and Objects describes its objects.
type Job struct {
	// Op is the operation to run on every object: [OpDelete].
	Op Op

	// Bucket and Prefix name the objects of a prefix batch
	// ([Manager.DeletePrefix]): every object of Bucket whose key starts
	// with Prefix (an empty Prefix: the whole bucket). The runner lists
	// them, or has S3 list them.
	Bucket, Prefix string

	// Objects, when not nil, yields the objects of an iterator batch
	// ([Manager.BatchDelete]), with nil After hooks: the Manager runs an
	// object's After hook when the runner has taken the object. A
	// non-nil error, yielded last, is the iterator's failure: the runner
	// must then not start the job and return that error.
	Objects iter.Seq2[BatchDeleteObject, error]

	// Seen is the number of objects the Manager counted before handing
	// the batch over; it is at least the threshold. The job may hold
	// more.
	Seen int
}

// defaultJobThreshold is the BatchJobThreshold default.
const defaultJobThreshold = 1_000_000

// jobThreshold returns the resolved BatchJobThreshold.
func (o *Options) jobThreshold() int {
	if o.BatchJobThreshold <= 0 {
		return defaultJobThreshold
	}
	return o.BatchJobThreshold
}

// deletePrefixJob counts the objects under prefix, up to the threshold,
// and hands the prefix to o.BatchJobs when it is reached. It reports
// whether it did: otherwise the caller deletes the prefix itself.
func (m *Manager) deletePrefixJob(ctx context.Context, o *Options, bucket, prefix string) (*BatchResult, error, bool) {
	limit := o.jobThreshold()
	p := s3.NewListObjectsV2Paginator(m.client, &s3.ListObjectsV2Input{Bucket: &bucket, Prefix: str(prefix)})
	n := 0
	for n < limit && p.HasMorePages() {
		page, err := p.NextPage(ctx, o.ClientOptions...)
		if err != nil {
			return &BatchResult{}, err, true
		}
		n += len(page.Contents)
	}
	if n < limit {
		return nil, nil, false
	}
	res, err := o.BatchJobs.RunJob(ctx, &Job{Op: OpDelete, Bucket: bucket, Prefix: prefix, Seen: n})
	return m.jobDone(o, res), err, true
}

// batchDeleteJob reads up to the threshold of objects from it. If the
// iterator ends first, it returns an iterator over them for the caller to
// delete; otherwise it hands them and the rest of it to o.BatchJobs.
func (m *Manager) batchDeleteJob(ctx context.Context, o *Options, it DeleteIterator) (DeleteIterator, *BatchResult, error) {
	limit := o.jobThreshold()
	var buf []BatchDeleteObject
	for len(buf) < limit && ctx.Err() == nil && it.Next() {
		buf = append(buf, it.DeleteObject())
	}
	if len(buf) < limit {
		return &bufferedDeletes{DeleteObjectsIterator{Objects: buf}, it}, nil, nil
	}
	var afterErrs []error
	seq := func(yield func(BatchDeleteObject, error) bool) {
		give := func(obj BatchDeleteObject) bool {
			after := obj.After
			obj.After = nil
			ok := yield(obj, nil)
			if after != nil {
				// The job decides the object's outcome; a hook's failure
				// is returned beside it.
				if err := after(); err != nil {
					afterErrs = append(afterErrs, &ObjectError{Bucket: obj.Bucket, Key: obj.Key, Err: fmt.Errorf("after hook: %w", err)})
				}
			}
			return ok
		}
		for _, obj := range buf {
			if !give(obj) {
				return
			}
		}
		buf = nil
		for ctx.Err() == nil && it.Next() {
			if !give(it.DeleteObject()) {
				return
			}
		}
		if err := it.Err(); err != nil {
			yield(BatchDeleteObject{}, err)
		} else if err := ctx.Err(); err != nil {
			yield(BatchDeleteObject{}, context.Cause(ctx))
		}
	}
	res, err := o.BatchJobs.RunJob(ctx, &Job{Op: OpDelete, Objects: seq, Seen: limit})
	return nil, m.jobDone(o, res), errors.Join(append([]error{err}, afterErrs...)...)
}

// jobDone reports a job's result to the progress listener, and returns
// it (an empty result if the runner returned none).
func (m *Manager) jobDone(o *Options, res *BatchResult) *BatchResult {
	if res == nil {
		res = &BatchResult{}
	}
	if o.Progress != nil {
		o.Progress.OnEvent(Event{Type: BatchDone, Op: OpDelete, Objects: res.Succeeded + len(res.Failed) + len(res.OutcomeUnknown),
			Failed: len(res.Failed), OutcomeUnknown: len(res.OutcomeUnknown)})
	}
	return res
}

// bufferedDeletes is a DeleteIterator over objects read ahead from an
// iterator that has ended, and that iterator's error.
type bufferedDeletes struct {
	DeleteObjectsIterator
	from DeleteIterator
}

// Err returns the error of the iterator the objects were read from.
func (b *bufferedDeletes) Err() error { return b.from.Err() }
