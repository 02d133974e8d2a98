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
// object of the bucket when prefix is empty). Pages of ListObjectsV2 feed
// 1000-key DeleteObjects calls; listing goes on while up to
// [Options.Concurrency] deletes run. Keys S3 refuses to delete are
// reported one by one in the result and the returned [*BatchError].
func (m *Manager) DeletePrefix(ctx context.Context, bucket, prefix string, optFns ...func(*Options)) (*BatchResult, error) {
	if bucket == "" {
		return nil, errors.New("transfer: DeletePrefix needs a bucket")
	}
	o := m.callOptions(optFns)
	return m.BatchDelete(ctx, newListIterator(ctx, m.client, &s3.ListObjectsV2Input{Bucket: &bucket, Prefix: str(prefix)}, m.s3Options(&o)), optFns...)
}

// listIterator is a DeleteIterator over the pages of ListObjectsV2, each
// fetched when the previous page is used up.
type listIterator struct {
	ctx    context.Context
	p      *s3.ListObjectsV2Paginator
	bucket string
	s3opts []func(*s3.Options)
	page   []types.Object
	cur    types.Object
	err    error
}

func newListIterator(ctx context.Context, client S3API, in *s3.ListObjectsV2Input, s3opts []func(*s3.Options)) *listIterator {
	return &listIterator{ctx: ctx, p: s3.NewListObjectsV2Paginator(client, in), bucket: *in.Bucket, s3opts: s3opts}
}

func (l *listIterator) Next() bool {
	for len(l.page) == 0 {
		if l.err != nil || !l.p.HasMorePages() {
			return false
		}
		out, err := l.p.NextPage(l.ctx, l.s3opts...)
		if err != nil {
			l.err = err
			return false
		}
		l.page = out.Contents
	}
	l.cur, l.page = l.page[0], l.page[1:]
	return true
}

func (l *listIterator) Err() error { return l.err }

func (l *listIterator) DeleteObject() BatchDeleteObject {
	return BatchDeleteObject{Bucket: l.bucket, Key: deref(l.cur.Key)}
}

// BatchDelete deletes the iterator's objects with DeleteObjects calls of
// up to 1000 keys (a new call starts when the bucket changes), up to
// [Options.Concurrency] calls at once, while the iterator goes on. Every
// key is counted as succeeded or failed in the result.
func (m *Manager) BatchDelete(ctx context.Context, it DeleteIterator, optFns ...func(*Options)) (*BatchResult, error) {
	o := m.callOptions(optFns)
	defer closeIter(it)
	s3opts := m.s3Options(&o)
	res := &BatchResult{}
	var mu sync.Mutex
	var g errgroup.Group
	g.SetLimit(o.Concurrency)
	var batch []BatchDeleteObject
	flush := func() {
		if len(batch) == 0 {
			return
		}
		b := batch
		batch = nil
		g.Go(func() error {
			failed := m.deleteBatch(ctx, b, s3opts)
			mu.Lock()
			defer mu.Unlock()
			res.Succeeded += len(b) - len(failed)
			res.Failed = append(res.Failed, failed...)
			if o.Progress != nil {
				for _, obj := range b {
					o.Progress.OnEvent(Event{Type: ObjectDone, Op: OpDelete, Bucket: obj.Bucket, Key: obj.Key})
				}
			}
			return nil
		})
	}
	for ctx.Err() == nil && it.Next() {
		obj := it.DeleteObject()
		if len(batch) > 0 && (len(batch) == maxDeleteBatch || batch[0].Bucket != obj.Bucket) {
			flush()
		}
		batch = append(batch, obj)
	}
	if ctx.Err() == nil {
		flush()
	}
	g.Wait()
	if o.Progress != nil {
		o.Progress.OnEvent(Event{Type: BatchDone, Op: OpDelete, Objects: res.Succeeded + len(res.Failed), Failed: len(res.Failed)})
	}
	return finish(ctx, res, it.Err())
}

// deleteBatch sends one DeleteObjects call in quiet mode (only failures
// are listed), runs the After hooks and returns the failures.
func (m *Manager) deleteBatch(ctx context.Context, batch []BatchDeleteObject, s3opts []func(*s3.Options)) []*ObjectError {
	bucket := batch[0].Bucket
	ids := make([]types.ObjectIdentifier, len(batch))
	for i := range batch {
		ids[i] = types.ObjectIdentifier{Key: &batch[i].Key, VersionId: str(batch[i].VersionID)}
	}
	quiet := true
	out, err := m.client.DeleteObjects(ctx, &s3.DeleteObjectsInput{
		Bucket: &bucket, Delete: &types.Delete{Objects: ids, Quiet: &quiet},
	}, s3opts...)
	perKey := map[string]error{}
	if err == nil {
		for _, e := range out.Errors {
			perKey[deref(e.Key)+"\x00"+deref(e.VersionId)] = &DeleteError{Code: deref(e.Code), Message: deref(e.Message)}
		}
	}
	var failed []*ObjectError
	for _, obj := range batch {
		objErr := err
		if objErr == nil {
			objErr = perKey[obj.Key+"\x00"+obj.VersionID]
		}
		if obj.After != nil {
			if aerr := obj.After(); aerr != nil {
				objErr = errors.Join(objErr, fmt.Errorf("after hook: %w", aerr))
			}
		}
		if objErr != nil {
			failed = append(failed, &ObjectError{Bucket: obj.Bucket, Key: obj.Key, Err: objErr})
		}
	}
	return failed
}
