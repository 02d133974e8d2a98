package middleware

import (
	"bufio"
	"context"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"testing"

	smithymw "github.com/aws/smithy-go/middleware"
	smithyhttp "github.com/aws/smithy-go/transport/http"
)

// newTestRequest returns a request for method and rawURL.
func newTestRequest(t *testing.T, method, rawURL string) *smithyhttp.Request {
	t.Helper()
	req := smithyhttp.NewStackRequest().(*smithyhttp.Request)
	u, err := url.Parse(rawURL)
	if err != nil {
		t.Fatal(err)
	}
	req.Method = method
	req.URL = u
	return req
}

// runBuild runs m on req and returns the request next received and the
// context it was called with.
func runBuild(t *testing.T, m smithymw.BuildMiddleware, ctx context.Context, req *smithyhttp.Request) (*smithyhttp.Request, context.Context) {
	t.Helper()
	var gotReq *smithyhttp.Request
	var gotCtx context.Context
	next := smithymw.BuildHandlerFunc(func(ctx context.Context, in smithymw.BuildInput) (smithymw.BuildOutput, smithymw.Metadata, error) {
		gotReq = in.Request.(*smithyhttp.Request)
		gotCtx = ctx
		return smithymw.BuildOutput{}, smithymw.Metadata{}, nil
	})
	if _, _, err := m.HandleBuild(ctx, smithymw.BuildInput{Request: req}, next); err != nil {
		t.Fatalf("HandleBuild: %v", err)
	}
	return gotReq, gotCtx
}

// runDeserialize runs m with a next handler that returns resp (which may
// be nil) and err.
func runDeserialize(m smithymw.DeserializeMiddleware, req *smithyhttp.Request, resp *http.Response, err error) (smithymw.DeserializeOutput, smithymw.Metadata, error) {
	next := smithymw.DeserializeHandlerFunc(func(ctx context.Context, in smithymw.DeserializeInput) (smithymw.DeserializeOutput, smithymw.Metadata, error) {
		var out smithymw.DeserializeOutput
		if resp != nil {
			out.RawResponse = &smithyhttp.Response{Response: resp}
		}
		return out, smithymw.Metadata{}, err
	})
	return m.HandleDeserialize(context.Background(), smithymw.DeserializeInput{Request: req}, next)
}

// newHTTPResponse returns a response with status code and headers given
// as name, value pairs.
func newHTTPResponse(code int, kv ...string) *http.Response {
	h := http.Header{}
	for i := 0; i+1 < len(kv); i += 2 {
		h.Add(kv[i], kv[i+1])
	}
	return &http.Response{StatusCode: code, Status: fmt.Sprintf("%d %s", code, http.StatusText(code)), Proto: "HTTP/1.1", Header: h, Body: http.NoBody}
}

func bufioReader(s string) *bufio.Reader { return bufio.NewReader(strings.NewReader(s)) }
