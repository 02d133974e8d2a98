package client

import (
	"errors"
	"io"
	"reflect"
	"unicode/utf8"

	"github.com/aws/smithy-go"

	transporthttp "github.com/nimbus-sdk/nimbus/transport/http"
)

// Limits on what the client reads of a response. Memory grows with the
// bytes that arrive, never with what a header claims, and is bounded.
const (
	// maxErrorBody is the most read of an error response's body. AWS
	// error bodies are a few hundred bytes; the rest of a longer one is
	// not read.
	maxErrorBody = 64 << 10
	// maxErrorMessage is the most of a service's error message an error
	// keeps, so that a huge message cannot become a huge error string.
	maxErrorMessage = 1024
)

// limitedBody caps a non-streaming response body at limit bytes: a read
// past the limit fails with *transporthttp.ResponseTooLargeError (or, when
// truncate is set, ends the body as if it were complete).
type limitedBody struct {
	rc       io.ReadCloser
	left     int64
	limit    int64
	truncate bool
}

func (b *limitedBody) Read(p []byte) (int, error) {
	if b.left <= 0 {
		if b.truncate {
			return 0, io.EOF
		}
		// One byte more tells a body of exactly the limit from a longer one.
		var one [1]byte
		if n, err := b.rc.Read(one[:]); n == 0 && err != nil {
			return 0, err
		}
		return 0, &transporthttp.ResponseTooLargeError{Limit: b.limit}
	}
	if int64(len(p)) > b.left {
		p = p[:b.left]
	}
	n, err := b.rc.Read(p)
	b.left -= int64(n)
	return n, err
}

func (b *limitedBody) Close() error { return b.rc.Close() }

// limit wraps rc in c's body limiter, which lives in the call (no
// allocation per call).
func (c *call) limit(rc io.ReadCloser, limit int64, truncate bool) io.ReadCloser {
	if rc == nil || limit < 0 {
		return rc
	}
	c.body = limitedBody{rc: rc, left: limit, limit: limit, truncate: truncate}
	return &c.body
}

// maxResponseBytes returns the call's limit for a non-streaming body.
func (o *Options) maxResponseBytes() int64 {
	if o.MaxResponseBytes == 0 {
		return transporthttp.DefaultMaxResponseBytes
	}
	return o.MaxResponseBytes
}

// shortenMessage cuts the service message inside err (a generic or
// modelled API error) to maxErrorMessage bytes.
func shortenMessage(err error) error {
	var ge *smithy.GenericAPIError
	if errors.As(err, &ge) {
		ge.Message = truncateUTF8(ge.Message, maxErrorMessage)
		return err
	}
	var api smithy.APIError
	if !errors.As(err, &api) || len(api.ErrorMessage()) <= maxErrorMessage {
		return err
	}
	// Modelled errors keep the message in a *string member named Message.
	v := reflect.ValueOf(api)
	if v.Kind() != reflect.Pointer || v.Elem().Kind() != reflect.Struct {
		return err
	}
	f := v.Elem().FieldByName("Message")
	if f.IsValid() && f.CanSet() && f.Type() == reflect.TypeFor[*string]() && !f.IsNil() {
		s := truncateUTF8(f.Elem().String(), maxErrorMessage)
		f.Set(reflect.ValueOf(&s))
	}
	return err
}

// truncateUTF8 cuts s to at most n bytes at a rune boundary, marking the
// cut.
func truncateUTF8(s string, n int) string {
	if len(s) <= n {
		return s
	}
	cut := n
	for cut > 0 && !utf8.RuneStart(s[cut]) {
		cut--
	}
	return s[:cut] + "... (truncated)"
}
