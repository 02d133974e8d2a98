package s3

import (
	"context"
	"crypto/md5"
	"encoding/base64"
	"errors"
	"net/http"

	"github.com/aws/smithy-go/middleware"
	smithyhttp "github.com/aws/smithy-go/transport/http"

	"github.com/nimbus-sdk/nimbus/internal/client"
	awsmw "github.com/nimbus-sdk/nimbus/middleware"
)

func init() {
	service.Customize = customizeStack
}

// customizeStack adds S3's own steps to every operation's stack:
//   - SSECustomerKey (Build) completes SSE-C headers;
//   - S3100Continue (Build) asks for 100-continue before large uploads
//     (operations with a streaming body: PutObject, UploadPart);
//   - SigV4ContentSHA256Header (Finalize) sends X-Amz-Content-Sha256, which
//     S3 requires on every signed request.
func customizeStack(st *middleware.Stack, op *client.Operation) error {
	if err := st.Build.Insert(sseCustomerKey{}, awsmw.IDComputeContentLength, middleware.After); err != nil {
		return err
	}
	if op.StreamingInput {
		if err := st.Build.Insert(expectContinue{}, awsmw.IDSSECustomerKey, middleware.After); err != nil {
			return err
		}
	}
	return st.Finalize.Insert(client.ContentSHA256Header{}, awsmw.IDSigning, middleware.Before)
}

// sseCustomerKey lets callers pass SSE-C keys raw: a key that is not
// already the base64 of 32 bytes is base64-encoded, and a missing key-MD5
// header is computed from the key.
type sseCustomerKey struct{}

func (sseCustomerKey) ID() string { return awsmw.IDSSECustomerKey }

var sseCHeaders = [...][2]string{
	{"X-Amz-Server-Side-Encryption-Customer-Key", "X-Amz-Server-Side-Encryption-Customer-Key-Md5"},
	{"X-Amz-Copy-Source-Server-Side-Encryption-Customer-Key", "X-Amz-Copy-Source-Server-Side-Encryption-Customer-Key-Md5"},
}

func (sseCustomerKey) HandleBuild(ctx context.Context, in middleware.BuildInput, next middleware.BuildHandler) (middleware.BuildOutput, middleware.Metadata, error) {
	if req, ok := in.Request.(*smithyhttp.Request); ok {
		for _, h := range sseCHeaders {
			if err := completeSSEC(req.Header, h[0], h[1]); err != nil {
				return middleware.BuildOutput{}, middleware.Metadata{}, err
			}
		}
	}
	return next.HandleBuild(ctx, in)
}

// ErrInvalidSSECustomerKey is returned, before anything is sent, for an
// SSECustomerKey that is neither 32 raw bytes nor the base64 encoding of
// 32 bytes (AES-256).
var ErrInvalidSSECustomerKey = errors.New("SSE-C customer key must be 32 bytes (AES-256), raw or base64-encoded")

func completeSSEC(h http.Header, keyName, md5Name string) error {
	v := h.Get(keyName)
	if v == "" {
		return nil
	}
	raw, err := base64.StdEncoding.DecodeString(v)
	if err != nil || len(raw) != 32 {
		if len(v) != 32 {
			return ErrInvalidSSECustomerKey
		}
		raw = []byte(v)
		h.Set(keyName, base64.StdEncoding.EncodeToString(raw))
	}
	if h.Get(md5Name) == "" {
		sum := md5.Sum(raw)
		h.Set(md5Name, base64.StdEncoding.EncodeToString(sum[:]))
	}
	return nil
}

// expectContinueThreshold is the default body size from which uploads
// wait for S3's go-ahead before sending the body, so that a request S3
// rejects (wrong credentials, missing bucket) does not upload it.
const expectContinueThreshold = 2 << 20

// expectContinue adds "Expect: 100-continue" to uploads larger than the
// call's Options.ContinueHeaderThresholdBytes (expectContinueThreshold
// when zero) or of unknown length; a negative threshold adds nothing.
type expectContinue struct{}

func (expectContinue) ID() string { return awsmw.IDS3100Continue }

func (expectContinue) HandleBuild(ctx context.Context, in middleware.BuildInput, next middleware.BuildHandler) (middleware.BuildOutput, middleware.Metadata, error) {
	req, ok := in.Request.(*smithyhttp.Request)
	threshold := int64(expectContinueThreshold)
	if co := client.CallOptions(ctx); co != nil {
		if o, _ := co.ServiceOptions.(*Options); o != nil && o.ContinueHeaderThresholdBytes != 0 {
			threshold = o.ContinueHeaderThresholdBytes
		}
	}
	if ok && threshold >= 0 && req.GetStream() != nil && (req.ContentLength < 0 || req.ContentLength > threshold) {
		req.Header.Set("Expect", "100-continue")
	}
	return next.HandleBuild(ctx, in)
}
