package transfer

import (
	"context"
	"errors"
	"fmt"
	"sync"

	"github.com/nimbus-sdk/nimbus/services/s3"
	"github.com/nimbus-sdk/nimbus/services/s3/types"
	"golang.org/x/sync/errgroup"
)

// DeletePrefix deletes every object whose key starts with prefix (every
// object of the bucket when prefix is empty). It is [Manager.BatchDelete]
// over a [NewDeleteListIterator] of the prefix: pages of ListObjectsV2 feed
// 1000-key DeleteObjects calls; listing goes on while up to
// [Options.Concurrency] deletes run. Keys S3 refuses to delete are
// reported one by one in the result's Failed and the returned
// [*BatchError]; keys of a DeleteObjects call that failed after S3 may
// have run it are in OutcomeUnknown instead (see [Manager.BatchDelete]).
func (m *Manager) DeletePrefix(ctx context.Context, bucket, prefix string, optFns ...func(*Options)) (*BatchResult, error) {
	if bucket == "" {
		return nil, errors.New("transfer: DeletePrefix needs a bucket")
	}
	if o := m.callOptions(optFns); o.BatchJobs != nil {
		if res, err, done := m.deletePrefixJob(ctx, &o, bucket, prefix); done {
			return res, err
		}
		// Fewer objects than the threshold: delete them here, listing
		// as deletes go, without counting them again.
		optFns = append(optFns[:len(optFns):len(optFns)], func(o *Options) { o.BatchJobs = nil })
	}
	return m.BatchDelete(ctx, NewDeleteListIterator(m.client, &s3.ListObjectsV2Input{Bucket: &bucket, Prefix: str(prefix)}), optFns...)
}

// BatchDelete deletes the iterator's objects with DeleteObjects calls of
// up to 1000 keys (a new call starts when the bucket changes), up to
// [Options.Concurrency] calls at once, while the iterator goes on. Every
// object is counted in the result as succeeded, failed (S3 refused it, in
// the response's per-key errors or with a 4xx for the whole call, or it
// was invalid and never sent) or with an unknown outcome (the call failed
// after the server may have run it; see [BatchResult.OutcomeUnknown]).
// A [DeleteListIterator] lists with ctx.
func (m *Manager) BatchDelete(ctx context.Context, it DeleteIterator, optFns ...func(*Options)) (*BatchResult, error) {
	o := m.callOptions(optFns)
	defer closeIter(it)
	d := &batchDeleter{m: m, o: &o, s3opts: m.s3Options(&o), res: &BatchResult{}}
	tel, err := m.telemetryFor(&o)
	if err != nil {
		return nil, err
	}
	ctx, span := tel.startBatch(ctx, "BatchDelete", OpDelete)
	defer endBatch(span, d.res)
	d.g.SetLimit(o.Concurrency)
	bindIterator(ctx, it, d.s3opts)
	if o.BatchJobs != nil {
		local, res, err := m.batchDeleteJob(ctx, &o, it)
		if local == nil {
			return res, err
		}
		it = local
	}
	var batch []BatchDeleteObject
	for ctx.Err() == nil && it.Next() {
		obj := it.DeleteObject()
		if obj.Bucket == "" || obj.Key == "" {
			d.record([]BatchDeleteObject{obj}, []*ObjectError{rejectDelete(obj)}, nil)
			continue
		}
		if len(batch) > 0 && (len(batch) == maxDeleteBatch || !batch[0].sameCall(&obj)) {
			d.send(ctx, batch)
			batch = nil
		}
		batch = append(batch, obj)
	}
	if ctx.Err() == nil && len(batch) > 0 {
		d.send(ctx, batch)
	}
	d.g.Wait()
	if o.Progress != nil {
		r := d.res
		o.Progress.OnEvent(Event{Type: BatchDone, Op: OpDelete, Objects: r.Succeeded + len(r.Failed) + len(r.OutcomeUnknown),
			Failed: len(r.Failed), OutcomeUnknown: len(r.OutcomeUnknown)})
	}
	return finish(ctx, d.res, it.Err())
}

// batchDeleter runs the DeleteObjects calls of one BatchDelete and
// gathers their results.
type batchDeleter struct {
	m      *Manager
	o      *Options
	s3opts []func(*s3.Options)
	g      errgroup.Group

	mu  sync.Mutex
	res *BatchResult
}

// send deletes batch in a goroutine of the group.
func (d *batchDeleter) send(ctx context.Context, batch []BatchDeleteObject) {
	d.g.Go(func() error {
		failed, unknown := d.m.deleteBatch(ctx, batch, d.s3opts)
		d.record(batch, failed, unknown)
		return nil
	})
}

// record counts the objects of a call (those of batch not in failed or
// unknown succeeded) and reports them to the progress listener.
func (d *batchDeleter) record(batch []BatchDeleteObject, failed, unknown []*ObjectError) {
	d.mu.Lock()
	defer d.mu.Unlock()
	d.res.Succeeded += len(batch) - len(failed) - len(unknown)
	d.res.Failed = append(d.res.Failed, failed...)
	d.res.OutcomeUnknown = append(d.res.OutcomeUnknown, unknown...)
	if d.o.Progress == nil {
		return
	}
	for _, obj := range batch {
		d.o.Progress.OnEvent(Event{Type: ObjectDone, Op: OpDelete, Bucket: obj.Bucket, Key: obj.Key})
	}
}

// rejectDelete fails an object that cannot be sent, after its After hook.
func rejectDelete(obj BatchDeleteObject) *ObjectError {
	err := afterHook(obj.After, errors.New("transfer: BatchDeleteObject needs a Bucket and a Key"))
	return &ObjectError{Bucket: obj.Bucket, Key: obj.Key, Err: err}
}

// afterHook runs hook, if any, and joins its error to err.
func afterHook(hook func() error, err error) error {
	if hook == nil {
		return err
	}
	if aerr := hook(); aerr != nil {
		return errors.Join(err, fmt.Errorf("after hook: %w", aerr))
	}
	return err
}

// deleteBatch sends one DeleteObjects call in quiet mode (only failures
// are listed), runs the After hooks, and returns the objects that failed
// and those whose outcome is unknown: all of them when the call failed
// after the server may have run it (see outcomeUnknown), their error
// then wrapping ErrOutcomeUnknown.
func (m *Manager) deleteBatch(ctx context.Context, batch []BatchDeleteObject, s3opts []func(*s3.Options)) (failed, unknown []*ObjectError) {
	first := &batch[0]
	ids := make([]types.ObjectIdentifier, len(batch))
	for i := range batch {
		ids[i] = types.ObjectIdentifier{Key: &batch[i].Key, VersionId: str(batch[i].VersionID)}
	}
	quiet := true
	in := &s3.DeleteObjectsInput{
		Bucket: &first.Bucket, Delete: &types.Delete{Objects: ids, Quiet: &quiet},
		RequestPayer: first.RequestPayer, MFA: str(first.MFA), ExpectedBucketOwner: str(first.ExpectedBucketOwner),
	}
	if first.BypassGovernanceRetention {
		in.BypassGovernanceRetention = &first.BypassGovernanceRetention
	}
	out, err := m.client.DeleteObjects(ctx, in, s3opts...)
	perKey := map[string]error{}
	if err == nil {
		for _, e := range out.Errors {
			perKey[deref(e.Key)+"\x00"+deref(e.VersionId)] = &DeleteError{Code: deref(e.Code), Message: deref(e.Message)}
		}
	}
	callUnknown := outcomeUnknown(err)
	if callUnknown {
		err = fmt.Errorf("%w: %w", ErrOutcomeUnknown, err)
	}
	for _, obj := range batch {
		objErr := err
		if objErr == nil {
			objErr = perKey[obj.Key+"\x00"+obj.VersionID]
		}
		objErr = afterHook(obj.After, objErr)
		switch {
		case objErr == nil:
		case callUnknown:
			unknown = append(unknown, &ObjectError{Bucket: obj.Bucket, Key: obj.Key, Err: objErr})
		default:
			failed = append(failed, &ObjectError{Bucket: obj.Bucket, Key: obj.Key, Err: objErr})
		}
	}
	return failed, unknown
}
