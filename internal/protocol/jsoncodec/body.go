package jsoncodec

import (
	"bytes"
	"io"

	smithyhttp "github.com/aws/smithy-go/transport/http"
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
	ctx := req.Context()
	nr, err := req.SetStream(r)
	if err != nil {
		return err
	}
	nr.Request = nr.Request.WithContext(ctx)
	*req = *nr
	return nil
}
