package s3_test

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/nimbus-sdk/nimbus/internal/testenv"
	"github.com/nimbus-sdk/nimbus/services/s3"
	"github.com/nimbus-sdk/nimbus/services/s3/types"
)

// fakeUploads serves ListMultipartUploads from a sorted list of uploads,
// as S3 does: MaxUploads per page, markers naming the last upload sent.
// Without upload IDs in its markers it acts like a directory bucket.
type fakeUploads struct {
	uploads  []types.MultipartUpload
	noIDs    bool
	requests []string
}

func (f *fakeUploads) ListMultipartUploads(_ context.Context, in *s3.ListMultipartUploadsInput, _ ...func(*s3.Options)) (*s3.ListMultipartUploadsOutput, error) {
	key, id := deref(in.KeyMarker), deref(in.UploadIdMarker)
	f.requests = append(f.requests, key+"/"+id)
	limit := 1000
	if in.MaxUploads != nil {
		limit = int(*in.MaxUploads)
	}
	start := 0
	if key != "" {
		start = slices.IndexFunc(f.uploads, func(u types.MultipartUpload) bool {
			return *u.Key > key || (*u.Key == key && id != "" && *u.UploadId > id)
		})
		if start < 0 {
			start = len(f.uploads)
		}
	}
	end := min(start+limit, len(f.uploads))
	out := &s3.ListMultipartUploadsOutput{Uploads: f.uploads[start:end], IsTruncated: ptr(end < len(f.uploads))}
	if end < len(f.uploads) {
		last := f.uploads[end-1]
		out.NextKeyMarker = last.Key
		if !f.noIDs {
			out.NextUploadIdMarker = last.UploadId
		}
	}
	return out, nil
}

// TestListMultipartUploadsPaginator pages a fake listing one upload at a
// time and checks every upload arrives once, in order, with the markers
// of the previous page sent on each request.
func TestListMultipartUploadsPaginator(t *testing.T) {
	var uploads []types.MultipartUpload
	for _, k := range []string{"a", "b", "c"} {
		uploads = append(uploads, types.MultipartUpload{Key: ptr(k), UploadId: ptr("u1-" + k)})
	}
	for _, tc := range []struct {
		name         string
		noIDs        bool
		wantRequests []string
	}{
		{"general purpose bucket", false, []string{"/", "a/u1-a", "b/u1-b"}},
		{"directory bucket", true, []string{"/", "a/", "b/"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			f := &fakeUploads{uploads: uploads, noIDs: tc.noIDs}
			p := s3.NewListMultipartUploadsPaginator(f, &s3.ListMultipartUploadsInput{Bucket: ptr("b")},
				func(o *s3.ListMultipartUploadsPaginatorOptions) { o.Limit = 1 })
			var got []string
			for page, err := range p.Pages(t.Context()) {
				if err != nil {
					t.Fatal(err)
				}
				for _, u := range page.Uploads {
					got = append(got, *u.Key)
				}
				if len(f.requests) > 4 {
					t.Fatalf("still paging after requests %q", f.requests)
				}
			}
			if want := []string{"a", "b", "c"}; !slices.Equal(got, want) {
				t.Errorf("uploads = %q; want %q", got, want)
			}
			if !slices.Equal(f.requests, tc.wantRequests) {
				t.Errorf("requests (key/upload-id markers) = %q; want %q", f.requests, tc.wantRequests)
			}
			if _, err := p.NextPage(t.Context()); err == nil {
				t.Error("NextPage after the last page: nil error")
			}
		})
	}
}

// stuckVersions answers every ListObjectVersions with the same truncated
// page, as a broken server might.
type stuckVersions struct{ calls int }

func (s *stuckVersions) ListObjectVersions(context.Context, *s3.ListObjectVersionsInput, ...func(*s3.Options)) (*s3.ListObjectVersionsOutput, error) {
	s.calls++
	return &s3.ListObjectVersionsOutput{IsTruncated: ptr(true), NextKeyMarker: ptr("k"), NextVersionIdMarker: ptr("v")}, nil
}

// TestListObjectVersionsPaginatorStopOnDuplicateToken checks that the
// option ends a listing whose markers do not move, after the first
// repeat.
func TestListObjectVersionsPaginatorStopOnDuplicateToken(t *testing.T) {
	s := &stuckVersions{}
	p := s3.NewListObjectVersionsPaginator(s, nil, func(o *s3.ListObjectVersionsPaginatorOptions) { o.StopOnDuplicateToken = true })
	for _, err := range p.Pages(t.Context()) {
		if err != nil {
			t.Fatal(err)
		}
		if s.calls > 3 {
			t.Fatal("paginator did not stop on a repeated marker pair")
		}
	}
	if s.calls != 2 {
		t.Errorf("ListObjectVersions called %d times; want 2", s.calls)
	}
}

// putVersions enables versioning on a new bucket, writes three versions
// of key a and one of key b, and returns the bucket and the versions as
// "key@versionID", with a cleanup that deletes them.
func putVersions(t *testing.T, c *s3.Client) (string, []string) {
	t.Helper()
	ctx := t.Context()
	bucket := newBucket(t, c)
	if _, err := c.PutBucketVersioning(ctx, &s3.PutBucketVersioningInput{Bucket: &bucket,
		VersioningConfiguration: &types.VersioningConfiguration{Status: types.BucketVersioningStatusEnabled}}); err != nil {
		t.Fatalf("PutBucketVersioning: %v", err)
	}
	var versions []string
	for i, k := range []string{"a", "a", "a", "b"} {
		out, err := c.PutObject(ctx, &s3.PutObjectInput{Bucket: &bucket, Key: ptr(k), Body: strings.NewReader(fmt.Sprint(i))})
		if err != nil {
			t.Fatal(err)
		}
		versions = append(versions, k+"@"+deref(out.VersionId))
	}
	t.Cleanup(func() {
		cctx, cancel := context.WithTimeout(context.Background(), time.Minute)
		defer cancel()
		for _, kv := range versions {
			k, v, _ := strings.Cut(kv, "@")
			c.DeleteObject(cctx, &s3.DeleteObjectInput{Bucket: &bucket, Key: &k, VersionId: &v})
		}
	})
	return bucket, versions
}

// listVersions pages ListObjectVersions one version at a time, failing
// after maxPages pages, and returns the versions seen and the page count.
func listVersions(t *testing.T, c *s3.Client, bucket string, maxPages int, optFns ...func(*s3.ListObjectVersionsPaginatorOptions)) ([]string, int) {
	t.Helper()
	var got []string
	pages := 0
	p := s3.NewListObjectVersionsPaginator(c, &s3.ListObjectVersionsInput{Bucket: &bucket},
		append([]func(*s3.ListObjectVersionsPaginatorOptions){func(o *s3.ListObjectVersionsPaginatorOptions) { o.Limit = 1 }}, optFns...)...)
	for p.HasMorePages() {
		page, err := p.NextPage(t.Context())
		if err != nil {
			t.Fatal(err)
		}
		if pages++; pages > maxPages {
			t.Fatalf("paginator still going after %d pages (versions %q)", pages, got)
		}
		for _, v := range page.Versions {
			got = append(got, deref(v.Key)+"@"+deref(v.VersionId))
		}
	}
	return got, pages
}

// TestIntegrationListObjectVersionsPaginator pages the versions of a
// versioned MinIO bucket one at a time: each version must come back
// exactly once, and the paginator must stop.
func TestIntegrationListObjectVersionsPaginator(t *testing.T) {
	c, _ := newClient(t, testenv.MinIO(t))
	bucket, want := putVersions(t, c)
	got, _ := listVersions(t, c, bucket, len(want)+1)
	slices.Sort(got)
	slices.Sort(want)
	if !slices.Equal(got, want) {
		t.Errorf("versions listed = %q; want %q", got, want)
	}
}

// TestIntegrationListObjectVersionsPaginatorStopOnDuplicateToken runs
// against versitygw (v1.8.0), which, given the markers of a key's latest
// version, answers with that same version and the same markers again:
// StopOnDuplicateToken must end that listing after the repeated page.
func TestIntegrationListObjectVersionsPaginatorStopOnDuplicateToken(t *testing.T) {
	c, _ := newClient(t, testenv.S3(t))
	bucket, _ := putVersions(t, c)
	got, pages := listVersions(t, c, bucket, 10, func(o *s3.ListObjectVersionsPaginatorOptions) { o.StopOnDuplicateToken = true })
	if len(got) == 0 || pages > len(got)+1 {
		t.Errorf("%d pages listed versions %q", pages, got)
	}
}

// TestIntegrationListMultipartUploadsPaginator starts three multipart
// uploads on MinIO and pages ListMultipartUploads one upload at a time:
// each must come back exactly once, and the paginator must stop.
// versitygw (v1.8.0) refuses the markers it returns itself ("Invalid
// uploadId marker"), so it is left out.
func TestIntegrationListMultipartUploadsPaginator(t *testing.T) {
	eachServerOf(t, plainServers[1:], func(t *testing.T, e testenv.Server) {
		c, _ := newClient(t, e)
		ctx := t.Context()
		bucket := newBucket(t, c)
		var want []string
		for _, k := range []string{"a", "b", "c"} {
			up, err := c.CreateMultipartUpload(ctx, &s3.CreateMultipartUploadInput{Bucket: &bucket, Key: ptr(k)})
			if err != nil {
				t.Fatal(err)
			}
			want = append(want, k+"@"+deref(up.UploadId))
		}
		var got []string
		pages := 0
		p := s3.NewListMultipartUploadsPaginator(c, &s3.ListMultipartUploadsInput{Bucket: &bucket},
			func(o *s3.ListMultipartUploadsPaginatorOptions) { o.Limit = 1 })
		for page, err := range p.Pages(ctx) {
			if err != nil {
				t.Fatal(err)
			}
			if pages++; pages > len(want)+1 {
				t.Fatalf("paginator still going after %d pages (uploads %q)", pages, got)
			}
			for _, u := range page.Uploads {
				got = append(got, deref(u.Key)+"@"+deref(u.UploadId))
			}
		}
		if !slices.Equal(got, want) {
			t.Errorf("uploads listed = %q; want %q", got, want)
		}
	})
}
