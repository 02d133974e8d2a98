package protocol

import (
	"bytes"
	"net/http"
	"strconv"
	"strings"

	smithyhttp "github.com/aws/smithy-go/transport/http"

	transporthttp "github.com/nimbus-sdk/nimbus/transport/http"
)

// ResponseError is the public error codecs return for every error
// response: the decoded API error (modelled, or *smithy.GenericAPIError)
// wrapped with the response, its request ID and (S3) host ID. Callers use
// errors.As to reach either.
type ResponseError = transporthttp.ResponseError

// NewResponseError returns the ResponseError of resp with the given IDs;
// the caller sets Err.
func NewResponseError(resp *smithyhttp.Response, requestID, hostID string) *ResponseError {
	return &ResponseError{ResponseError: &smithyhttp.ResponseError{Response: resp}, RequestID: requestID, HostID: hostID}
}

// StatusErrorCode derives an error code from an HTTP status, for error
// responses whose body names none (S3 HEAD requests, proxy pages): the
// status text without spaces, e.g. NotFound for 404, BadGateway for 502.
func StatusErrorCode(status int) string {
	if text := http.StatusText(status); text != "" {
		return strings.NewReplacer(" ", "", "-", "", "'", "").Replace(text)
	}
	return "UnknownError"
}

// maxSnippet is how much of an undecodable error body a message quotes.
const maxSnippet = 256

// UndecodableMessage is the message of an error response whose body names
// no error in the protocol's format (an HTML page from a proxy, XML sent
// to a JSON client): the content type, the body's length and its first
// bytes, so the cause can be seen. It returns "" for an empty body.
func UndecodableMessage(resp *smithyhttp.Response, body []byte, readErr error) string {
	body = bytes.TrimSpace(body)
	if len(body) == 0 && readErr == nil {
		return ""
	}
	var b strings.Builder
	b.WriteString("the error response's body could not be decoded (Content-Type ")
	b.WriteString(strconv.Quote(resp.Header.Get("Content-Type")))
	b.WriteString(", ")
	b.WriteString(strconv.Itoa(len(body)))
	b.WriteString(" bytes")
	if readErr != nil {
		b.WriteString(", reading it failed: ")
		b.WriteString(readErr.Error())
	}
	b.WriteString(")")
	if len(body) > 0 {
		snippet := body[:min(len(body), maxSnippet)]
		b.WriteString(": ")
		b.WriteString(strconv.Quote(string(snippet)))
		if len(snippet) < len(body) {
			b.WriteString("...")
		}
	}
	return b.String()
}
