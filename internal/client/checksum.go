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
)

// IDContentMD5 is the ID of the middleware that adds Content-MD5 to
// operations whose model requires a body checksum
// (smithy.api#httpChecksumRequired), such as S3's DeleteObjects.
const IDContentMD5 = "ContentMD5"

type contentMD5Middleware struct{}

func (contentMD5Middleware) ID() string { return IDContentMD5 }

func (contentMD5Middleware) HandleBuild(ctx context.Context, in middleware.BuildInput, next middleware.BuildHandler) (middleware.BuildOutput, middleware.Metadata, error) {
	c := callFrom(ctx)
	req, ok := in.Request.(*smithyhttp.Request)
	if !ok || !c.op.Protocol.ChecksumRequired || req.Header.Get("Content-MD5") != "" || hasChecksumHeader(req) || c.checksum.trailer != "" {
		return next.HandleBuild(ctx, in)
	}
	stream := req.GetStream()
	if stream == nil {
		return next.HandleBuild(ctx, in)
	}
	if !req.IsStreamSeekable() {
		return middleware.BuildOutput{}, middleware.Metadata{}, fmt.Errorf("%s requires a body checksum, and the body is not seekable", c.op.Protocol.Name)
	}
	h := md5.New()
	if _, err := io.Copy(h, stream); err != nil {
		return middleware.BuildOutput{}, middleware.Metadata{}, fmt.Errorf("computing Content-MD5: %w", err)
	}
	if err := req.RewindStream(); err != nil {
		return middleware.BuildOutput{}, middleware.Metadata{}, fmt.Errorf("rewinding body after Content-MD5: %w", err)
	}
	req.Header.Set("Content-MD5", base64.StdEncoding.EncodeToString(h.Sum(nil)))
	return next.HandleBuild(ctx, in)
}

func hasChecksumHeader(req *smithyhttp.Request) bool {
	for k := range req.Header {
		if strings.HasPrefix(strings.ToLower(k), "x-amz-checksum-") {
			return true
		}
	}
	return false
}
