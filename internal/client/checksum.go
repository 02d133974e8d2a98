package client

import (
	"context"
	"crypto/md5"
	"encoding/base64"
	"fmt"
	"io"
	"strings"

	"github.com/aws/smithy-go/middleware"
	smithyhttp "github.com/aws/smithy-go/transport/http"

	awsmw "github.com/nimbus-sdk/nimbus/middleware"
)

// contentMD5Middleware is ContentChecksum, as in smithy-go and
// aws-sdk-go-v2: it adds Content-MD5 to operations whose model requires a
// body checksum (smithy.api#httpChecksumRequired) and offers no flexible
// checksum algorithm. Operations that offer one (S3's DeleteObjects) get
// their checksum from the flexible-checksum steps instead; removing those
// and adding smithy-go's ContentChecksum middleware is the v2 way back to
// Content-MD5, and it works here.
type contentMD5Middleware struct{}

func (contentMD5Middleware) ID() string { return awsmw.IDContentChecksum }

func (contentMD5Middleware) HandleBuild(ctx context.Context, in middleware.BuildInput, next middleware.BuildHandler) (middleware.BuildOutput, middleware.Metadata, error) {
	c := callFrom(ctx)
	if req, ok := in.Request.(*smithyhttp.Request); ok && !hasChecksumHeader(req) {
		if err := c.setContentMD5(req); err != nil {
			return middleware.BuildOutput{}, middleware.Metadata{}, err
		}
	}
	return next.HandleBuild(ctx, in)
}

// setContentMD5 sets Content-MD5 from the request body, unless it is set.
func (c *call) setContentMD5(req *smithyhttp.Request) error {
	stream := req.GetStream()
	if stream == nil || req.Header.Get("Content-MD5") != "" {
		return nil
	}
	if !req.IsStreamSeekable() {
		return fmt.Errorf("%s requires a body checksum, and the body is not seekable", c.op.Protocol.Name)
	}
	h := md5.New()
	if _, err := io.Copy(h, stream); err != nil {
		return fmt.Errorf("computing Content-MD5: %w", err)
	}
	if err := req.RewindStream(); err != nil {
		return fmt.Errorf("rewinding body after Content-MD5: %w", err)
	}
	req.Header.Set("Content-MD5", base64.StdEncoding.EncodeToString(h.Sum(nil)))
	return nil
}

// hasChecksumHeader reports whether the request already carries an
// x-amz-checksum-* header (the caller supplied a checksum value).
func hasChecksumHeader(req *smithyhttp.Request) bool {
	const prefix = "x-amz-checksum-"
	for k := range req.Header {
		if len(k) >= len(prefix) && strings.EqualFold(k[:len(prefix)], prefix) {
			return true
		}
	}
	return false
}
