package middleware

import (
	"context"
	"os"
	"strings"

	smithymw "github.com/aws/smithy-go/middleware"
	smithyhttp "github.com/aws/smithy-go/transport/http"
)

// RecursionDetection is a Build-step middleware that, inside AWS Lambda,
// forwards the function's trace ID in the X-Amzn-Trace-Id header so AWS
// can detect a function that triggers itself in a loop.
//
// When both AWS_LAMBDA_FUNCTION_NAME and _X_AMZN_TRACE_ID are set and the
// request has no X-Amzn-Trace-Id header, the header is set to the value of
// _X_AMZN_TRACE_ID with ASCII control characters, DEL and every byte of a
// non-ASCII character percent-encoded. The environment is read on every
// call because Lambda changes the trace ID per invocation.
//
// A RecursionDetection is safe for concurrent use if its Getenv is.
type RecursionDetection struct {
	// Getenv reads an environment variable. If nil, os.Getenv is used.
	Getenv func(key string) string
}

// NewRecursionDetection returns a recursion detection middleware that
// reads the process environment.
func NewRecursionDetection() *RecursionDetection { return &RecursionDetection{} }

// ID returns [IDRecursionDetection].
func (*RecursionDetection) ID() string { return IDRecursionDetection }

const traceIDHeader = "X-Amzn-Trace-Id"

// HandleBuild sets the trace ID header when running in Lambda.
func (r *RecursionDetection) HandleBuild(ctx context.Context, in smithymw.BuildInput, next smithymw.BuildHandler) (
	smithymw.BuildOutput, smithymw.Metadata, error,
) {
	req, ok := in.Request.(*smithyhttp.Request)
	if !ok {
		return next.HandleBuild(ctx, in)
	}
	getenv := r.Getenv
	if getenv == nil {
		getenv = os.Getenv
	}
	if getenv("AWS_LAMBDA_FUNCTION_NAME") == "" || req.Header.Get(traceIDHeader) != "" {
		return next.HandleBuild(ctx, in)
	}
	if trace := getenv("_X_AMZN_TRACE_ID"); trace != "" {
		req.Header.Set(traceIDHeader, encodeTraceID(trace))
	}
	return next.HandleBuild(ctx, in)
}

// encodeTraceID percent-encodes the bytes of s that may not appear in a
// header value as is: controls, DEL and non-ASCII bytes.
func encodeTraceID(s string) string {
	enc := func(c byte) bool { return c < 0x20 || c >= 0x7f }
	n := 0
	for i := 0; i < len(s); i++ {
		if enc(s[i]) {
			n++
		}
	}
	if n == 0 {
		return s
	}
	const hexdigits = "0123456789ABCDEF"
	var b strings.Builder
	b.Grow(len(s) + 2*n)
	for i := 0; i < len(s); i++ {
		c := s[i]
		if enc(c) {
			b.WriteByte('%')
			b.WriteByte(hexdigits[c>>4])
			b.WriteByte(hexdigits[c&0x0f])
		} else {
			b.WriteByte(c)
		}
	}
	return b.String()
}
