package s3_test

import (
	"strings"
	"testing"

	"github.com/nimbus-sdk/nimbus/internal/testenv"
	"github.com/nimbus-sdk/nimbus/services/s3"
)

// TestIntegrationPaginatorsStopOnLastPage pages ListParts and ListObjectsV2
// one item at a time against each server. MinIO sends a
// NextPartNumberMarker with the last page of ListParts too, so a
// paginator that followed markers without looking at IsTruncated asked
// for pages forever; each must stop after exactly as many pages as there
// are items.
func TestIntegrationPaginatorsStopOnLastPage(t *testing.T) {
	eachServerOf(t, plainServers, func(t *testing.T, e testenv.Server) {
		c, _ := newClient(t, e)
		ctx := t.Context()
		bucket := newBucket(t, c)
		const parts = 3
		up, err := c.CreateMultipartUpload(ctx, &s3.CreateMultipartUploadInput{Bucket: &bucket, Key: ptr("mp")})
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() {
			c.AbortMultipartUpload(ctx, &s3.AbortMultipartUploadInput{Bucket: &bucket, Key: ptr("mp"), UploadId: up.UploadId})
		})
		for n := int32(1); n <= parts; n++ {
			if _, err := c.UploadPart(ctx, &s3.UploadPartInput{Bucket: &bucket, Key: ptr("mp"), UploadId: up.UploadId,
				PartNumber: &n, Body: strings.NewReader(strings.Repeat("x", 5<<20))}); err != nil {
				t.Fatal(err)
			}
		}
		var seen []int32
		pages := 0
		lp := s3.NewListPartsPaginator(c, &s3.ListPartsInput{Bucket: &bucket, Key: ptr("mp"), UploadId: up.UploadId},
			func(o *s3.ListPartsPaginatorOptions) { o.Limit = 1 })
		for page, err := range lp.Pages(ctx) {
			if err != nil {
				t.Fatal(err)
			}
			if pages++; pages > parts+1 {
				t.Fatalf("ListParts paginator still going after %d pages (parts %v)", pages, seen)
			}
			for _, p := range page.Parts {
				seen = append(seen, *p.PartNumber)
			}
		}
		if pages != parts || len(seen) != parts {
			t.Fatalf("ListParts: %d pages, parts %v; want %d pages of one part", pages, seen, parts)
		}

		for _, k := range []string{"a", "b", "c"} {
			if _, err := c.PutObject(ctx, &s3.PutObjectInput{Bucket: &bucket, Key: &k, Body: strings.NewReader(k)}); err != nil {
				t.Fatal(err)
			}
		}
		var keys []string
		lo := s3.NewListObjectsV2Paginator(c, &s3.ListObjectsV2Input{Bucket: &bucket},
			func(o *s3.ListObjectsV2PaginatorOptions) { o.Limit = 1 })
		for pages = 0; lo.HasMorePages(); {
			page, err := lo.NextPage(ctx)
			if err != nil {
				t.Fatal(err)
			}
			if pages++; pages > 4 {
				t.Fatalf("ListObjectsV2 paginator still going after %d pages", pages)
			}
			for _, o := range page.Contents {
				keys = append(keys, *o.Key)
			}
		}
		if strings.Join(keys, ",") != "a,b,c" {
			t.Fatalf("ListObjectsV2 pages gave %v", keys)
		}
	})
}
