package jsoncodec

import (
	"bytes"
	"io"

	smithyhttp "github.com/aws/smithy-go/transport/http"

	"github.com/nimbus-sdk/nimbus/internal/protocol"
)

// SetBody makes body the request body, with Content-Type contentType
// unless the request already has one. smithyhttp's SetStream returns a
// copy of the request without its context, so the context is carried
// over.
func SetBody(req *smithyhttp.Request, body []byte, contentType string) error {
	return SetStream(req, bytes.NewReader(body), contentType)
}

// SetStream is [SetBody] for a reader, which is attached unread.
func SetStream(req *smithyhttp.Request, r io.Reader, contentType string) error {
	if contentType != "" && req.Header.Get("Content-Type") == "" {
		req.Header.Set("Content-Type", contentType)
	}
	return protocol.SetStream(req, r)
}
