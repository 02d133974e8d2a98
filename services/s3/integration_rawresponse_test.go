package s3_test

import (
	"errors"
	"strings"
	"testing"

	smithyhttp "github.com/aws/smithy-go/transport/http"

	"github.com/nimbus-sdk/nimbus/internal/testenv"
	awsmw "github.com/nimbus-sdk/nimbus/middleware"
	"github.com/nimbus-sdk/nimbus/services/s3"
)

// TestIntegrationGetRawResponse reads, as ported v2 code does, the HTTP
// response behind an output through GetRawResponse(out.ResultMetadata):
// its headers must be those of the answer the output was decoded from.
func TestIntegrationGetRawResponse(t *testing.T) {
	eachServerOf(t, plainServers, func(t *testing.T, e testenv.Server) {
		c, _ := newClient(t, e)
		ctx := t.Context()
		bucket := newBucket(t, c)
		put, err := c.PutObject(ctx, &s3.PutObjectInput{Bucket: &bucket, Key: ptr("k"), Body: strings.NewReader("body")})
		if err != nil {
			t.Fatal(err)
		}
		raw, ok := awsmw.GetRawResponse(put.ResultMetadata).(*smithyhttp.Response)
		if !ok {
			t.Fatalf("GetRawResponse(PutObject metadata) = %#v; want *smithyhttp.Response", awsmw.GetRawResponse(put.ResultMetadata))
		}
		if got, want := raw.Header.Get("ETag"), deref(put.ETag); got != want || got == "" {
			t.Errorf("raw response ETag = %q; want the output's %q", got, want)
		}
		head, err := c.HeadObject(ctx, &s3.HeadObjectInput{Bucket: &bucket, Key: ptr("k")})
		if err != nil {
			t.Fatal(err)
		}
		raw, _ = awsmw.GetRawResponse(head.ResultMetadata).(*smithyhttp.Response)
		if raw == nil || raw.StatusCode != 200 || raw.Header.Get("Content-Length") != "4" {
			t.Errorf("HeadObject raw response = %+v; want 200 with Content-Length 4", raw)
		}
		_, err = c.HeadObject(ctx, &s3.HeadObjectInput{Bucket: &bucket, Key: ptr("missing")})
		var re *smithyhttp.ResponseError
		if !errors.As(err, &re) || re.HTTPStatusCode() != 404 {
			t.Errorf("HeadObject(missing) error = %v; want a 404 *smithyhttp.ResponseError", err)
		}
	})
}
