package s3

import (
	"context"
	"strings"
	"testing"

	smithymw "github.com/aws/smithy-go/middleware"

	awsmw "github.com/nimbus-sdk/nimbus/middleware"
)

// TestOperationMetadata reads, from a custom middleware as ported v2 code
// does, the service ID, operation name and Region of each call, through
// both the middleware package's getters and smithy-go's.
func TestOperationMetadata(t *testing.T) {
	var got []string
	record := func(st *smithymw.Stack) error {
		return st.Initialize.Add(smithymw.InitializeMiddlewareFunc("record", func(ctx context.Context, in smithymw.InitializeInput, next smithymw.InitializeHandler) (smithymw.InitializeOutput, smithymw.Metadata, error) {
			got = append(got, strings.Join([]string{awsmw.GetServiceID(ctx), awsmw.GetOperationName(ctx), awsmw.GetRegion(ctx)}, " "))
			return next.HandleInitialize(ctx, in)
		}), smithymw.After)
	}
	c := newFakeClient(t, &fakeS3{}, false, func(o *Options) { o.APIOptions = append(o.APIOptions, record) })
	if _, err := c.PutObject(t.Context(), &PutObjectInput{Bucket: ref("b"), Key: ref("k"), Body: strings.NewReader("x")}); err != nil {
		t.Fatal(err)
	}
	if _, err := c.HeadObject(t.Context(), &HeadObjectInput{Bucket: ref("b"), Key: ref("k")}, func(o *Options) { o.Region = "eu-west-1" }); err != nil {
		t.Fatal(err)
	}
	want := []string{"S3 PutObject us-east-1", "S3 HeadObject eu-west-1"}
	if strings.Join(got, "|") != strings.Join(want, "|") {
		t.Errorf("metadata seen = %q; want %q", got, want)
	}
	if v := awsmw.GetOperationName(t.Context()); v != "" {
		t.Errorf("GetOperationName outside a call = %q; want empty", v)
	}
}
