package s3

import (
	"context"
	"errors"
	"net/http"
	"testing"

	"github.com/nimbus-sdk/nimbus/services/s3/types"
)

type failingHTTPClient struct{ t *testing.T }

func (c failingHTTPClient) Do(*http.Request) (*http.Response, error) {
	c.t.Error("a request was sent")
	return nil, errors.New("unexpected request")
}

// TestEventStreamNotSupported checks that an event-stream operation fails
// clearly, without sending anything, until event streams are implemented.
func TestEventStreamNotSupported(t *testing.T) {
	c := New(Options{Region: "us-east-1", HTTPClient: failingHTTPClient{t}})
	b, k, expr := "bucket", "key", "SELECT * FROM S3Object"
	_, err := c.SelectObjectContent(context.Background(), &SelectObjectContentInput{
		Bucket: &b, Key: &k, Expression: &expr, ExpressionType: types.ExpressionTypeSql,
		InputSerialization:  &types.InputSerialization{},
		OutputSerialization: &types.OutputSerialization{},
	})
	if !errors.Is(err, ErrEventStreamNotSupported) {
		t.Fatalf("SelectObjectContent error = %v; want ErrEventStreamNotSupported", err)
	}
}
