package s3_test

import (
	"context"
	"errors"
	"strings"
	"testing"

	"github.com/aws/smithy-go"

	"github.com/nimbus-sdk/nimbus/credentials"
	"github.com/nimbus-sdk/nimbus/internal/client/clienttest"
	"github.com/nimbus-sdk/nimbus/internal/testenv"
	awsmw "github.com/nimbus-sdk/nimbus/middleware"
	"github.com/nimbus-sdk/nimbus/services/s3"
)

// paramValueError returns the *middleware.ParamValueError for member in
// err, or nil.
func paramValueError(err error, member string) *awsmw.ParamValueError {
	var invalid smithy.InvalidParamsError
	if !errors.As(err, &invalid) {
		return nil
	}
	for _, e := range invalid.Errs() {
		var pv *awsmw.ParamValueError
		if errors.As(e, &pv) && pv.Member == member {
			return pv
		}
	}
	return nil
}

// TestBucketNamesRefused checks that bucket names the endpoint rules would
// turn into another path are refused before sending, whatever the
// addressing style, while ARNs (which contain "/") reach the endpoint
// rules.
func TestBucketNamesRefused(t *testing.T) {
	tests := []struct {
		bucket  string
		refused bool
	}{
		{"", true},
		{".", true},
		{"..", true},
		{"victim/obj", true},
		{"a/../b", true},
		{"my-bucket", false},
		{"My_Legacy.Bucket", false},
		{"arn:aws:s3:us-west-2:123456789012:accesspoint/myendpoint", false},
	}
	for _, style := range []bool{true, false} {
		for _, tt := range tests {
			t.Run(tt.bucket, func(t *testing.T) {
				doer := &clienttest.NoSend{}
				c := s3.New(s3.Options{
					Region: "us-west-2", UsePathStyle: style, HTTPClient: doer, RetryMaxAttempts: 1,
					Credentials: credentials.NewStaticProvider("AKID", "SECRET", ""),
				})
				bucket, key := tt.bucket, "victim"
				_, err := c.DeleteObject(context.Background(), &s3.DeleteObjectInput{Bucket: &bucket, Key: &key})
				pv := paramValueError(err, "Bucket")
				if tt.refused {
					if pv == nil {
						t.Fatalf("DeleteObject(Bucket %q): err = %v; want a ParamValueError for Bucket", tt.bucket, err)
					}
					if doer.Calls() != 0 {
						t.Errorf("DeleteObject(Bucket %q) sent %d request(s); want none", tt.bucket, doer.Calls())
					}
					return
				}
				if pv != nil {
					t.Fatalf("DeleteObject(Bucket %q): refused with %v; want it sent", tt.bucket, err)
				}
			})
		}
	}
}

// TestIntegrationEmptyBucketActsOnNothing reproduces the data-loss report
// against a real server: with an empty bucket name, DeleteObject, PutObject
// and GetObject must fail before sending instead of reaching bucket
// "victim" through the key.
func TestIntegrationEmptyBucketActsOnNothing(t *testing.T) {
	e := testenv.S3(t)
	c, rec := newClient(t, e)
	ctx := t.Context()
	victim := newBucket(t, c)
	key := "obj"
	if _, err := c.PutObject(ctx, &s3.PutObjectInput{Bucket: &victim, Key: &key, Body: strings.NewReader("keep me")}); err != nil {
		t.Fatalf("PutObject: %v", err)
	}
	sent := rec.count()

	for _, bucket := range []string{"", ".", ".."} {
		t.Run(bucket, func(t *testing.T) {
			delKey, putKey := victim, victim+"/"+key
			if _, err := c.DeleteObject(ctx, &s3.DeleteObjectInput{Bucket: &bucket, Key: &delKey}); paramValueError(err, "Bucket") == nil {
				t.Errorf("DeleteObject(Bucket %q, Key %q): err = %v; want a ParamValueError for Bucket", bucket, delKey, err)
			}
			if _, err := c.PutObject(ctx, &s3.PutObjectInput{Bucket: &bucket, Key: &putKey, Body: strings.NewReader("overwrite")}); paramValueError(err, "Bucket") == nil {
				t.Errorf("PutObject(Bucket %q, Key %q): err = %v; want a ParamValueError for Bucket", bucket, putKey, err)
			}
			if _, err := c.GetObject(ctx, &s3.GetObjectInput{Bucket: &bucket, Key: &delKey}); paramValueError(err, "Bucket") == nil {
				t.Errorf("GetObject(Bucket %q, Key %q): err = %v; want a ParamValueError for Bucket", bucket, delKey, err)
			}
		})
	}
	if n := rec.count(); n != sent {
		t.Errorf("%d request(s) were sent with refused bucket names; want none", n-sent)
	}
	out, err := c.GetObject(ctx, &s3.GetObjectInput{Bucket: &victim, Key: &key})
	if err != nil {
		t.Fatalf("bucket %s or its object is gone: %v", victim, err)
	}
	if got := readAll(t, out.Body); got != "keep me" {
		t.Errorf("object = %q; want %q", got, "keep me")
	}
}

// TestInvalidHeaderValuesRefused: a header value with a control character
// is refused before sending, and so never retried as a send failure.
func TestInvalidHeaderValuesRefused(t *testing.T) {
	tests := []struct {
		name   string
		member string
		in     func(b, k *string) *s3.GetObjectInput
	}{
		{"range NUL", "Range", func(b, k *string) *s3.GetObjectInput {
			return &s3.GetObjectInput{Bucket: b, Key: k, Range: ptrTo("bytes=\x00")}
		}},
		{"if-match newline", "IfMatch", func(b, k *string) *s3.GetObjectInput {
			return &s3.GetObjectInput{Bucket: b, Key: k, IfMatch: ptrTo("\"etag\"\r\nX-Injected: 1")}
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			doer := &clienttest.NoSend{}
			c := s3.New(s3.Options{Region: "us-west-2", HTTPClient: doer, Credentials: credentials.NewStaticProvider("AKID", "SECRET", "")})
			b, k := "bucket", "key"
			_, err := c.GetObject(context.Background(), tt.in(&b, &k))
			if paramValueError(err, tt.member) == nil {
				t.Fatalf("GetObject: err = %v; want a ParamValueError for %s", err, tt.member)
			}
			if doer.Calls() != 0 {
				t.Errorf("GetObject sent %d request(s); want none", doer.Calls())
			}
		})
	}
	t.Run("metadata key", func(t *testing.T) {
		doer := &clienttest.NoSend{}
		c := s3.New(s3.Options{Region: "us-west-2", HTTPClient: doer, Credentials: credentials.NewStaticProvider("AKID", "SECRET", "")})
		b, k := "bucket", "key"
		_, err := c.PutObject(context.Background(), &s3.PutObjectInput{Bucket: &b, Key: &k, Metadata: map[string]string{"bad key": "v"}})
		if paramValueError(err, "Metadata") == nil || doer.Calls() != 0 {
			t.Fatalf("PutObject: err = %v, %d request(s); want a ParamValueError for Metadata and none sent", err, doer.Calls())
		}
	})
}

func ptrTo[T any](v T) *T { return &v }
