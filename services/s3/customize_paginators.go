package s3

import (
	"context"
	"errors"
	"iter"

	"github.com/nimbus-sdk/nimbus/internal/client"
)

// The S3 model marks neither ListObjectVersions nor ListMultipartUploads
// as paginated: each continues from a pair of markers (a key and a version
// or upload ID), which the model's single-token pagination trait cannot
// describe. aws-sdk-go-v2 offers hand-written paginators for both, and so
// do we, with the same names and options.

// ListObjectVersionsAPIClient is the part of [Client] that
// [ListObjectVersionsPaginator] uses.
type ListObjectVersionsAPIClient interface {
	ListObjectVersions(context.Context, *ListObjectVersionsInput, ...func(*Options)) (*ListObjectVersionsOutput, error)
}

var _ ListObjectVersionsAPIClient = (*Client)(nil)

// ListObjectVersionsPaginatorOptions configures a
// [ListObjectVersionsPaginator].
type ListObjectVersionsPaginatorOptions struct {
	// Limit is the maximum number of versions per page (the MaxKeys input
	// member). Zero keeps the value in the input.
	Limit int32

	// StopOnDuplicateToken ends pagination when the service returns the
	// markers it was just given, instead of requesting the same page
	// forever.
	StopOnDuplicateToken bool
}

// ListObjectVersionsPaginator pages through the results of
// [Client.ListObjectVersions], following NextKeyMarker and
// NextVersionIdMarker while the response says it is truncated.
type ListObjectVersionsPaginator struct {
	options ListObjectVersionsPaginatorOptions
	client  ListObjectVersionsAPIClient
	params  ListObjectVersionsInput
	markers markerPaging
}

// NewListObjectVersionsPaginator returns a paginator for
// [Client.ListObjectVersions]. params may be nil; its KeyMarker and
// VersionIdMarker, if set, are where the first page starts.
func NewListObjectVersionsPaginator(client ListObjectVersionsAPIClient, params *ListObjectVersionsInput, optFns ...func(*ListObjectVersionsPaginatorOptions)) *ListObjectVersionsPaginator {
	if params == nil {
		params = &ListObjectVersionsInput{}
	}
	p := &ListObjectVersionsPaginator{client: client, params: *params,
		markers: newMarkerPaging(params.KeyMarker, params.VersionIdMarker)}
	for _, fn := range optFns {
		fn(&p.options)
	}
	return p
}

// HasMorePages reports whether another page can be requested.
func (p *ListObjectVersionsPaginator) HasMorePages() bool {
	return p.markers.hasMore()
}

// NextPage requests the next page.
func (p *ListObjectVersionsPaginator) NextPage(ctx context.Context, optFns ...func(*Options)) (*ListObjectVersionsOutput, error) {
	if !p.HasMorePages() {
		return nil, errors.New("ListObjectVersionsPaginator: no more pages")
	}
	ctx = client.PaginatorContext(ctx)
	params := p.params
	params.KeyMarker, params.VersionIdMarker = p.markers.next.key, p.markers.next.id
	if p.options.Limit != 0 {
		limit := p.options.Limit
		params.MaxKeys = &limit
	}
	result, err := p.client.ListObjectVersions(ctx, &params, optFns...)
	if err != nil {
		return nil, err
	}
	p.markers.advance(result.IsTruncated, markerPair{result.NextKeyMarker, result.NextVersionIdMarker}, p.options.StopOnDuplicateToken)
	return result, nil
}

// Pages returns an iterator over the remaining pages. Iteration stops
// after the first error, which is yielded with a nil page.
func (p *ListObjectVersionsPaginator) Pages(ctx context.Context, optFns ...func(*Options)) iter.Seq2[*ListObjectVersionsOutput, error] {
	return markerPages(p.HasMorePages, func() (*ListObjectVersionsOutput, error) { return p.NextPage(ctx, optFns...) })
}

// ListMultipartUploadsAPIClient is the part of [Client] that
// [ListMultipartUploadsPaginator] uses.
type ListMultipartUploadsAPIClient interface {
	ListMultipartUploads(context.Context, *ListMultipartUploadsInput, ...func(*Options)) (*ListMultipartUploadsOutput, error)
}

var _ ListMultipartUploadsAPIClient = (*Client)(nil)

// ListMultipartUploadsPaginatorOptions configures a
// [ListMultipartUploadsPaginator].
type ListMultipartUploadsPaginatorOptions struct {
	// Limit is the maximum number of uploads per page (the MaxUploads
	// input member). Zero keeps the value in the input.
	Limit int32

	// StopOnDuplicateToken ends pagination when the service returns the
	// markers it was just given, instead of requesting the same page
	// forever.
	StopOnDuplicateToken bool
}

// ListMultipartUploadsPaginator pages through the results of
// [Client.ListMultipartUploads], following NextKeyMarker and
// NextUploadIdMarker while the response says it is truncated. Directory
// buckets send no upload ID marker; the key marker alone continues.
type ListMultipartUploadsPaginator struct {
	options ListMultipartUploadsPaginatorOptions
	client  ListMultipartUploadsAPIClient
	params  ListMultipartUploadsInput
	markers markerPaging
}

// NewListMultipartUploadsPaginator returns a paginator for
// [Client.ListMultipartUploads]. params may be nil; its KeyMarker and
// UploadIdMarker, if set, are where the first page starts.
func NewListMultipartUploadsPaginator(client ListMultipartUploadsAPIClient, params *ListMultipartUploadsInput, optFns ...func(*ListMultipartUploadsPaginatorOptions)) *ListMultipartUploadsPaginator {
	if params == nil {
		params = &ListMultipartUploadsInput{}
	}
	p := &ListMultipartUploadsPaginator{client: client, params: *params,
		markers: newMarkerPaging(params.KeyMarker, params.UploadIdMarker)}
	for _, fn := range optFns {
		fn(&p.options)
	}
	return p
}

// HasMorePages reports whether another page can be requested.
func (p *ListMultipartUploadsPaginator) HasMorePages() bool {
	return p.markers.hasMore()
}

// NextPage requests the next page.
func (p *ListMultipartUploadsPaginator) NextPage(ctx context.Context, optFns ...func(*Options)) (*ListMultipartUploadsOutput, error) {
	if !p.HasMorePages() {
		return nil, errors.New("ListMultipartUploadsPaginator: no more pages")
	}
	ctx = client.PaginatorContext(ctx)
	params := p.params
	params.KeyMarker, params.UploadIdMarker = p.markers.next.key, p.markers.next.id
	if p.options.Limit != 0 {
		limit := p.options.Limit
		params.MaxUploads = &limit
	}
	result, err := p.client.ListMultipartUploads(ctx, &params, optFns...)
	if err != nil {
		return nil, err
	}
	p.markers.advance(result.IsTruncated, markerPair{result.NextKeyMarker, result.NextUploadIdMarker}, p.options.StopOnDuplicateToken)
	return result, nil
}

// Pages returns an iterator over the remaining pages. Iteration stops
// after the first error, which is yielded with a nil page.
func (p *ListMultipartUploadsPaginator) Pages(ctx context.Context, optFns ...func(*Options)) iter.Seq2[*ListMultipartUploadsOutput, error] {
	return markerPages(p.HasMorePages, func() (*ListMultipartUploadsOutput, error) { return p.NextPage(ctx, optFns...) })
}

// markerPaging is where a two-marker listing stands: the markers of the
// next page, and whether the first page is still to come.
type markerPaging struct {
	next      markerPair
	firstPage bool
}

func newMarkerPaging(key, id *string) markerPaging {
	return markerPaging{next: markerPair{key, id}, firstPage: true}
}

// hasMore reports whether another page can be requested.
func (m *markerPaging) hasMore() bool { return m.firstPage || !m.next.empty() }

// advance records a page: the listing continues from next if the page
// was truncated, and ends if stopOnDup is set and next repeats the
// markers the page was requested with.
func (m *markerPaging) advance(truncated *bool, next markerPair, stopOnDup bool) {
	m.firstPage = false
	prev := m.next
	m.next = markerPair{}
	if truncated != nil && *truncated {
		m.next = next
	}
	if stopOnDup && !prev.empty() && m.next.equal(prev) {
		m.next = markerPair{}
	}
}

// markerPair is where a two-marker listing continues: a key marker and a
// version or upload ID marker.
type markerPair struct{ key, id *string }

// empty reports whether neither marker is set, which ends the listing.
func (m markerPair) empty() bool {
	return (m.key == nil || *m.key == "") && (m.id == nil || *m.id == "")
}

// equal reports whether m and o hold the same marker values.
func (m markerPair) equal(o markerPair) bool {
	eq := func(a, b *string) bool { return (a == nil) == (b == nil) && (a == nil || *a == *b) }
	return eq(m.key, o.key) && eq(m.id, o.id)
}

// markerPages turns a HasMorePages/NextPage pair into an iterator that stops
// after the first error.
func markerPages[T any](more func() bool, next func() (T, error)) iter.Seq2[T, error] {
	return func(yield func(T, error) bool) {
		for more() {
			page, err := next()
			if !yield(page, err) || err != nil {
				return
			}
		}
	}
}
