package transfer

import (
	"context"

	"github.com/aws/smithy-go"
	"github.com/nimbus-sdk/nimbus/services/s3"
	"github.com/nimbus-sdk/nimbus/services/s3/types"
)

// DeleteListIterator is a [DeleteIterator] over the objects of a
// ListObjectsV2 listing, the original SDK's delete list iterator. It asks
// for the next page only when the objects of the current one have been
// handed out, so a listing of any length is deleted with one page in
// memory; the page size is the input's MaxKeys (1000 when unset, as S3
// decides). Build it with [NewDeleteListIterator].
//
// Passed to [Manager.BatchDelete], it lists with the context of that call
// and the Manager's [Options.ClientOptions]; used on its own, Next lists
// with context.Background(). A failed ListObjectsV2 call ends the
// iteration: Next returns false and Err returns the error. It is not safe
// for concurrent use (a batch calls it from one goroutine).
type DeleteListIterator struct {
	p      *s3.ListObjectsV2Paginator
	bucket string
	payer  types.RequestPayer // the listing's, for the deletes
	owner  string             // the listing's ExpectedBucketOwner, for the deletes
	ctx    context.Context
	s3opts []func(*s3.Options)
	page   []types.Object
	cur    types.Object
	err    error
}

// NewDeleteListIterator returns an iterator over the objects that
// ListObjectsV2 returns for in, to delete them with [Manager.BatchDelete].
// The input is copied. Nothing is listed until the first call of Next. A
// nil input, or one without a Bucket, is refused before anything is sent:
// Next returns false and Err a *smithy.InvalidParamsError naming the
// missing member.
func NewDeleteListIterator(client s3.ListObjectsV2APIClient, in *s3.ListObjectsV2Input) *DeleteListIterator {
	it := &DeleteListIterator{ctx: context.Background()}
	if in == nil || deref(in.Bucket) == "" {
		e := smithy.InvalidParamsError{Context: "ListObjectsV2Input"}
		e.Add(smithy.NewErrParamRequired("Bucket"))
		it.err = &e
		return it
	}
	it.p = s3.NewListObjectsV2Paginator(client, in)
	it.bucket = *in.Bucket
	it.payer, it.owner = in.RequestPayer, deref(in.ExpectedBucketOwner)
	return it
}

// bindContext makes the iterator list with ctx and s3opts, those of the
// batch it is passed to.
func (l *DeleteListIterator) bindContext(ctx context.Context, s3opts []func(*s3.Options)) {
	l.ctx, l.s3opts = ctx, s3opts
}

// contextBinder is implemented by the iterators that call S3 and take the
// context of the batch that runs them.
type contextBinder interface {
	bindContext(ctx context.Context, s3opts []func(*s3.Options))
}

// newListIterator returns a DeleteListIterator of in bound to ctx, for
// the Manager's own listings.
func newListIterator(ctx context.Context, client s3.ListObjectsV2APIClient, in *s3.ListObjectsV2Input, s3opts []func(*s3.Options)) *DeleteListIterator {
	it := NewDeleteListIterator(client, in)
	it.bindContext(ctx, s3opts)
	return it
}

// bindIterator passes the batch's context to it, if it takes one.
func bindIterator(ctx context.Context, it any, s3opts []func(*s3.Options)) {
	if b, ok := it.(contextBinder); ok {
		b.bindContext(ctx, s3opts)
	}
}

// Next advances to the next object, listing the next page when the
// current one is used up. It returns false at the end of the listing and
// after a failed ListObjectsV2 call (see Err).
func (l *DeleteListIterator) Next() bool {
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

// Err returns the error that ended the iteration early: the failure of a
// ListObjectsV2 call, or the invalid input. It is nil at the end of the
// listing.
func (l *DeleteListIterator) Err() error { return l.err }

// DeleteObject returns the current object, to delete from the listed
// bucket with the listing's RequestPayer and ExpectedBucketOwner.
func (l *DeleteListIterator) DeleteObject() BatchDeleteObject {
	return BatchDeleteObject{Bucket: l.bucket, Key: deref(l.cur.Key), RequestPayer: l.payer, ExpectedBucketOwner: l.owner}
}
