package kms_test

import (
	"bytes"
	"context"
	"net/http"
	"testing"

	"github.com/nimbus-sdk/nimbus/credentials"
	"github.com/nimbus-sdk/nimbus/internal/testenv/logtest"
	"github.com/nimbus-sdk/nimbus/middleware"
	"github.com/nimbus-sdk/nimbus/services/kms"
)

// newLoggingClient returns a KMS client that sends to a server answering
// every request with resp, and logs requests and responses with their
// bodies into log.
func newLoggingClient(t *testing.T, log *logtest.Logger, resp logtest.Response) *kms.Client {
	t.Helper()
	if resp.Header == nil {
		resp.Header = http.Header{"Content-Type": {"application/x-amz-json-1.1"}, "X-Amzn-Requestid": {"req-1"}}
	}
	return kms.New(kms.Options{
		Region:           "us-east-1",
		BaseEndpoint:     logtest.Server(t, resp),
		Credentials:      credentials.NewStaticProvider("AKID", "SECRET", ""),
		RetryMaxAttempts: 1,
		Logger:           log,
		ClientLogMode:    middleware.LogRequestWithBody | middleware.LogResponseWithBody,
	})
}

// TestLogResponseWithBody checks, through a generated client, that the
// logged response contains the body and that the caller still gets the
// decoded output.
func TestLogResponseWithBody(t *testing.T) {
	const body = `{"KeyMetadata":{"KeyId":"1234abcd-key","Description":"logged description","Enabled":true}}`
	var log logtest.Logger
	c := newLoggingClient(t, &log, logtest.Response{Body: body})
	out, err := c.DescribeKey(context.Background(), &kms.DescribeKeyInput{KeyId: ptr("1234abcd-key")})
	if err != nil {
		t.Fatal(err)
	}
	if out.KeyMetadata == nil || out.KeyMetadata.Description == nil || *out.KeyMetadata.Description != "logged description" {
		t.Errorf("DescribeKey output = %+v; want the decoded key metadata", out.KeyMetadata)
	}
	logtest.Check(t, log.String(), []string{"body read error"}, []string{body})
}

// TestLogRedactsPlaintext checks that KMS's sensitive blobs (Plaintext,
// @sensitive on its target PlaintextType) never reach the log, in requests
// and responses, whatever the spelling of the key, while the rest of the
// bodies does; and that the caller still gets the real values.
func TestLogRedactsPlaintext(t *testing.T) {
	const (
		plain     = "attack at dawn" // base64 below
		plainB64  = "YXR0YWNrIGF0IGRhd24="
		keyARN    = "arn:aws:kms:us-east-1:111122223333:key/1234abcd"
		cipherB64 = "Y2lwaGVydGV4dC1ibG9i"
	)
	tests := []struct {
		name          string
		resp          logtest.Response
		call          func(context.Context, *kms.Client) ([]byte, error)
		want          []byte // the plaintext the caller gets, if any
		hidden, shown []string
	}{
		{
			name: "Encrypt request Plaintext",
			resp: logtest.Response{Body: `{"CiphertextBlob":"` + cipherB64 + `","KeyId":"` + keyARN + `"}`},
			call: func(ctx context.Context, c *kms.Client) ([]byte, error) {
				_, err := c.Encrypt(ctx, &kms.EncryptInput{KeyId: ptr(keyARN), Plaintext: []byte(plain), EncryptionContext: map[string]string{"purpose": "test"}})
				return nil, err
			},
			hidden: []string{plainB64},
			shown:  []string{`"Plaintext":"REDACTED"`, `"EncryptionContext":{"purpose":"test"}`, `"CiphertextBlob":"` + cipherB64 + `"`},
		},
		{
			name: "Decrypt response Plaintext",
			resp: logtest.Response{Body: `{"KeyId":"` + keyARN + `","Plaintext":"` + plainB64 + `","EncryptionAlgorithm":"SYMMETRIC_DEFAULT"}`},
			call: func(ctx context.Context, c *kms.Client) ([]byte, error) {
				out, err := c.Decrypt(ctx, &kms.DecryptInput{CiphertextBlob: []byte("ct")})
				if err != nil {
					return nil, err
				}
				return out.Plaintext, nil
			},
			want:   []byte(plain),
			hidden: []string{plainB64},
			shown:  []string{`"Plaintext":"REDACTED"`, `"EncryptionAlgorithm":"SYMMETRIC_DEFAULT"`, keyARN},
		},
		{
			name: "Decrypt response with a \\u-escaped key",
			resp: logtest.Response{Body: `{"KeyId":"` + keyARN + `","Pl\u0061intext":"` + plainB64 + `"}`},
			call: func(ctx context.Context, c *kms.Client) ([]byte, error) {
				out, err := c.Decrypt(ctx, &kms.DecryptInput{CiphertextBlob: []byte("ct")})
				if err != nil {
					return nil, err
				}
				return out.Plaintext, nil
			},
			want:   []byte(plain),
			hidden: []string{plainB64},
			shown:  []string{`"Pl\u0061intext":"REDACTED"`},
		},
		{
			name: "GenerateDataKey response",
			resp: logtest.Response{Body: `{"CiphertextBlob":"` + cipherB64 + `","KeyId":"` + keyARN + `","Plaintext":"` + plainB64 + `"}`},
			call: func(ctx context.Context, c *kms.Client) ([]byte, error) {
				out, err := c.GenerateDataKey(ctx, &kms.GenerateDataKeyInput{KeyId: ptr(keyARN)})
				if err != nil {
					return nil, err
				}
				return out.Plaintext, nil
			},
			want:   []byte(plain),
			hidden: []string{plainB64},
			shown:  []string{`"CiphertextBlob":"` + cipherB64 + `"`},
		},
		{
			name: "error response",
			resp: logtest.Response{Status: 400, Body: `{"__type":"NotFoundException","message":"Key not found","Plaintext":"` + plainB64 + `"}`},
			call: func(ctx context.Context, c *kms.Client) ([]byte, error) {
				_, err := c.Decrypt(ctx, &kms.DecryptInput{CiphertextBlob: []byte("ct")})
				if err == nil {
					t.Error("Decrypt succeeded; want the error")
				}
				return nil, nil
			},
			hidden: []string{plainB64},
			shown:  []string{`"__type":"NotFoundException","message":"Key not found"`},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var log logtest.Logger
			c := newLoggingClient(t, &log, tt.resp)
			got, err := tt.call(context.Background(), c)
			if err != nil {
				t.Fatal(err)
			}
			if tt.want != nil && !bytes.Equal(got, tt.want) {
				t.Errorf("caller got plaintext %q; want %q", got, tt.want)
			}
			logtest.Check(t, log.String(), tt.hidden, tt.shown)
		})
	}
}
