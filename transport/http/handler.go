package http

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	nethttp "net/http"
	"strings"

	smithy "github.com/aws/smithy-go"
	"github.com/aws/smithy-go/metrics"
	"github.com/aws/smithy-go/middleware"
	smithyhttp "github.com/aws/smithy-go/transport/http"
)

// HTTPDoer sends one HTTP request. [*Client] and [*net/http.Client]
// implement it.
//
// Contract: Do must be safe for concurrent use. It returns either a
// response (any status) and a nil error, or a nil response and an error;
// on success the caller owns and must close the response body. Do is
// responsible for closing the request body, as net/http's RoundTripper is.
type HTTPDoer interface {
	Do(*nethttp.Request) (*nethttp.Response, error)
}

// ClientHandler is the terminal smithy [middleware.Handler] of an
// operation's stack: it sends the *smithyhttp.Request it receives and
// returns the *smithyhttp.Response.
//
// Errors are normalised so that retry classification works whatever the
// HTTPDoer:
//   - if the request's context is done, a [*smithy.CanceledError]
//     wrapping the context's cause;
//   - [*RequestSendError] and [*ResponseTimeoutError] unchanged;
//   - any other error wrapped in a [*RequestSendError].
//
// A ClientHandler holds no per-call state and is safe for concurrent use
// if its Client is.
type ClientHandler struct {
	// Client sends the requests. It must not be nil.
	Client HTTPDoer

	// Metrics, if not nil, records the HTTP client metrics of every
	// request (see [Metrics]) with MetricOptions, which should give
	// bounded attributes only (service and operation names, never URLs).
	// If nil, no client trace is installed and no body is wrapped.
	Metrics       *Metrics
	MetricOptions []metrics.RecordMetricOption
}

// Handle implements [middleware.Handler].
func (h ClientHandler) Handle(ctx context.Context, input interface{}) (
	out interface{}, metadata middleware.Metadata, err error,
) {
	req, ok := input.(*smithyhttp.Request)
	if !ok {
		return nil, metadata, fmt.Errorf("transport/http: ClientHandler expects *smithyhttp.Request input, got %T", input)
	}

	blk := &sendBlock{}
	hr := blk.build(ctx, req)
	var resp *nethttp.Response
	if h.Metrics != nil {
		resp, err = h.Metrics.do(ctx, h.Client, hr, h.MetricOptions)
	} else {
		resp, err = h.Client.Do(hr)
	}
	if err != nil {
		if resp != nil && resp.Body != nil {
			resp.Body.Close()
		}
		return nil, metadata, sendError(ctx, err)
	}
	if hook, ok := ctx.Value(bodyHookKey{}).(func(io.ReadCloser) io.ReadCloser); ok && resp.Body != nil {
		resp.Body = hook(resp.Body)
	}
	blk.resp.Response = resp
	return &blk.resp, metadata, nil
}

// sendBlock is one allocation for what sending an attempt needs: the
// *http.Request sent (for the shallow copies of build), the copy of a small
// body, and the *smithyhttp.Response returned. They live as long as each
// other: the response's Request field points at the request anyway.
type sendBlock struct {
	resp smithyhttp.Response
	req  nethttp.Request
	body bytes.Reader
}

// build returns the *net/http.Request to send for req under ctx.
//
// A request without a body (GET, HEAD, DELETE: most calls) is sent as a
// shallow copy of req's own *http.Request with ctx, sharing its URL and
// Header: net/http's RoundTrippers must not modify a request, and the
// SDK's retry middleware gives every attempt its own smithyhttp.Request,
// so nothing is shared between attempts. smithyhttp.Request.Build would
// deep-copy both, twelve allocations of a GetObject that costs about
// sixty, to protect against a mutation that does not happen. A request
// with a body goes through Build, which wraps the stream in a reader that
// stops at Close (net/http may still read the body after the response
// arrived).
//
// A small body already in memory (a *bytes.Reader or *strings.Reader, as
// most small uploads are) is copied into a reader of the attempt's own:
// net/http writes the headers and such a body in one write, but flushes the
// headers alone first for any other body type, such as Build's wrapper, and
// that extra write and the server's extra read made a 1 KiB PutObject
// cost twice raw net/http over loopback. The copy is read here, before the
// request is sent, so nothing reads the caller's stream afterwards either,
// and the request is sent as a shallow copy like a bodyless one.
//
// The shallow copy and the body copy's reader are placed in blk.
func (blk *sendBlock) build(ctx context.Context, req *smithyhttp.Request) *nethttp.Request {
	if stream := req.GetStream(); stream != nil {
		if buf := smallBodyCopy(stream, req.ContentLength); buf != nil {
			blk.req = *req.Request.WithContext(ctx) // shallow, as below
			blk.body.Reset(buf)
			blk.req.Body = io.NopCloser(&blk.body)
			return &blk.req
		}
		return req.Build(ctx)
	}
	// WithContext is inlined and its copy does not escape: the request
	// sent is blk's.
	blk.req = *req.Request.WithContext(ctx)
	if blk.req.ContentLength == -1 {
		blk.req.ContentLength = 0
	}
	return &blk.req
}

// maxBodyCopy is the largest body build copies; see build.
const maxBodyCopy = 64 << 10

// smallBodyCopy returns a copy of the next n bytes of stream when stream is
// an in-memory reader holding at least n (1 <= n <= maxBodyCopy) bytes,
// leaving stream n bytes further on as sending it would; otherwise nil.
func smallBodyCopy(stream io.Reader, n int64) []byte {
	if n <= 0 || n > maxBodyCopy {
		return nil
	}
	var left int
	switch r := stream.(type) {
	case *bytes.Reader:
		left = r.Len()
	case *strings.Reader:
		left = r.Len()
	default:
		return nil
	}
	if int64(left) < n {
		return nil // net/http reports the short body
	}
	buf := make([]byte, n)
	if _, err := io.ReadFull(stream, buf); err != nil {
		return nil // cannot happen: the reader holds n bytes
	}
	return buf
}

func sendError(ctx context.Context, err error) error {
	if ctx.Err() != nil {
		cause := context.Cause(ctx)
		if !errors.Is(err, cause) {
			cause = fmt.Errorf("%w (%w)", cause, err)
		}
		return &smithy.CanceledError{Err: cause}
	}
	var (
		sendErr    *RequestSendError
		timeoutErr *ResponseTimeoutError
	)
	if errors.As(err, &sendErr) || errors.As(err, &timeoutErr) {
		return err
	}
	return &RequestSendError{Err: err}
}

type bodyHookKey struct{}

// WithResponseBodyHook returns a context under which [ClientHandler]
// passes every response body it receives through wrap and returns the
// result as the body. The retry middleware uses it to learn when a
// response body is closed, so a per-attempt timeout can be released
// without cutting short a streaming body. wrap must return a non-nil
// ReadCloser that closes the original when closed.
func WithResponseBodyHook(ctx context.Context, wrap func(io.ReadCloser) io.ReadCloser) context.Context {
	return context.WithValue(ctx, bodyHookKey{}, wrap)
}
