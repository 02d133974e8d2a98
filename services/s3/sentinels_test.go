package s3_test

import (
	"context"
	"errors"
	"io"
	"strings"
	"testing"

	"github.com/nimbus-sdk/nimbus/config"
	"github.com/nimbus-sdk/nimbus/credentials"
	"github.com/nimbus-sdk/nimbus/internal/client/clienttest"
	"github.com/nimbus-sdk/nimbus/services/s3"
	"github.com/nimbus-sdk/nimbus/signer"
)

// TestDocumentedSentinels checks that every sentinel error the packages
// document is the one a call actually returns, matched with errors.Is
// through the operation error, and that nothing was sent.
func TestDocumentedSentinels(t *testing.T) {
	b, k := "bucket", "key"
	creds := credentials.NewStaticProvider("AKID", "SECRET", "")
	tests := []struct {
		name string
		opts func(*s3.Options)
		call func(*s3.Client) error
		want error
	}{
		{"config.ErrMissingRegion", func(o *s3.Options) { o.Region = "" }, func(c *s3.Client) error {
			_, err := c.GetObject(context.Background(), &s3.GetObjectInput{Bucket: &b, Key: &k})
			return err
		}, config.ErrMissingRegion},
		{"s3.ErrInvalidSSECustomerKey", nil, func(c *s3.Client) error {
			_, err := c.GetObject(context.Background(), &s3.GetObjectInput{Bucket: &b, Key: &k, SSECustomerAlgorithm: ptrTo("AES256"), SSECustomerKey: ptrTo("short")})
			return err
		}, s3.ErrInvalidSSECustomerKey},
		{"signer.ErrUnsignedPayloadOverHTTP", func(o *s3.Options) {
			o.BaseEndpoint = "http://127.0.0.1:1"
			o.RequestChecksumCalculation = "when_required"
		}, func(c *s3.Client) error {
			id := "upload"
			_, err := c.UploadPart(context.Background(), &s3.UploadPartInput{Bucket: &b, Key: &k, UploadId: &id, PartNumber: ptrTo(int32(1)),
				Body: io.MultiReader(strings.NewReader("data"))})
			return err
		}, signer.ErrUnsignedPayloadOverHTTP},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			doer := &clienttest.NoSend{}
			c := s3.New(s3.Options{Region: "us-east-1", Credentials: creds, HTTPClient: doer, UsePathStyle: true}, func(o *s3.Options) {
				if tt.opts != nil {
					tt.opts(o)
				}
			})
			if err := tt.call(c); !errors.Is(err, tt.want) {
				t.Errorf("err = %v; want errors.Is(err, %s)", err, tt.name)
			}
			if doer.Calls() != 0 {
				t.Errorf("%d request(s) sent; want none", doer.Calls())
			}
		})
	}
}
