package retry

import (
	"context"
	"encoding/xml"
	"fmt"
	"io"
	"net/url"
	"sync"
	"testing"
	"time"

	smithy "github.com/aws/smithy-go"
	"github.com/aws/smithy-go/middleware"
	smithyhttp "github.com/aws/smithy-go/transport/http"

	nimbushttp "github.com/nimbus-sdk/nimbus/transport/http"
)

// testAPIError is what testDeserializer returns for status >= 300.
type testAPIError struct {
	Code   string
	Status int
}

func (e *testAPIError) Error() string {
	return fmt.Sprintf("api error %s (HTTP %d)", e.Code, e.Status)
}
func (e *testAPIError) ErrorCode() string             { return e.Code }
func (e *testAPIError) ErrorMessage() string          { return "" }
func (e *testAPIError) ErrorFault() smithy.ErrorFault { return smithy.FaultUnknown }
func (e *testAPIError) HTTPStatusCode() int           { return e.Status }

var _ smithy.APIError = (*testAPIError)(nil)

// testDeserializer reads and closes the response body, returning it as the
// result, or a *testAPIError for status >= 300. It understands S3's
// <Error><Code> and awsQuery's <ErrorResponse><Error><Code> bodies.
type testDeserializer struct{}

func (testDeserializer) ID() string { return "TestDeserialize" }

func (testDeserializer) HandleDeserialize(ctx context.Context, in middleware.DeserializeInput, next middleware.DeserializeHandler) (
	out middleware.DeserializeOutput, md middleware.Metadata, err error,
) {
	out, md, err = next.HandleDeserialize(ctx, in)
	if err != nil {
		return out, md, err
	}
	resp := out.RawResponse.(*smithyhttp.Response)
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	if err != nil {
		return out, md, &smithy.DeserializationError{Err: err}
	}
	if resp.StatusCode >= 300 {
		var e struct {
			Code  string `xml:"Code"`
			Inner struct {
				Code string `xml:"Code"`
			} `xml:"Error"`
		}
		_ = xml.Unmarshal(body, &e)
		code := e.Code
		if code == "" {
			code = e.Inner.Code
		}
		return out, md, &testAPIError{Code: code, Status: resp.StatusCode}
	}
	out.Result = string(body)
	return out, md, nil
}

// testInput is serialized into a request by testSerializer.
type testInput struct {
	URL  string
	Body io.Reader
}

type testSerializer struct{}

func (testSerializer) ID() string { return "TestSerialize" }

func (testSerializer) HandleSerialize(ctx context.Context, in middleware.SerializeInput, next middleware.SerializeHandler) (
	middleware.SerializeOutput, middleware.Metadata, error,
) {
	input := in.Parameters.(*testInput)
	req := in.Request.(*smithyhttp.Request)
	u, err := url.Parse(input.URL)
	if err != nil {
		return middleware.SerializeOutput{}, middleware.Metadata{}, err
	}
	req.URL = u
	req.Method = "POST"
	if input.Body != nil {
		if req, err = req.SetStream(input.Body); err != nil {
			return middleware.SerializeOutput{}, middleware.Metadata{}, err
		}
	}
	in.Request = req
	return next.HandleSerialize(ctx, in)
}

// newTestHandler builds, once, the handler chain of a test operation:
// serialize -> Retry -> deserialize -> ClientHandler.
func newTestHandler(t *testing.T, r Retryer, o MiddlewareOptions) middleware.Handler {
	t.Helper()
	stack := middleware.NewStack("TestOperation", smithyhttp.NewStackRequest)
	must(t, stack.Serialize.Add(testSerializer{}, middleware.After))
	must(t, stack.Finalize.Add(NewMiddleware(r, o), middleware.After))
	must(t, stack.Deserialize.Add(testDeserializer{}, middleware.After))
	return middleware.DecorateHandler(nimbushttp.ClientHandler{Client: nimbushttp.NewClient()}, stack)
}

func must(t *testing.T, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}

// fakeSleep records requested delays without waiting.
type fakeSleep struct {
	mu     sync.Mutex
	delays []time.Duration
}

func (f *fakeSleep) Sleep(ctx context.Context, d time.Duration) error {
	f.mu.Lock()
	f.delays = append(f.delays, d)
	f.mu.Unlock()
	return ctx.Err()
}

// fakeClock is a manual clock whose Sleep advances time.
type fakeClock struct {
	mu  sync.Mutex
	now time.Time
}

func newFakeClock() *fakeClock {
	return &fakeClock{now: time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC)}
}

func (c *fakeClock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.now
}

func (c *fakeClock) Advance(d time.Duration) {
	c.mu.Lock()
	c.now = c.now.Add(d)
	c.mu.Unlock()
}

func (c *fakeClock) Sleep(ctx context.Context, d time.Duration) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	c.Advance(d)
	return nil
}
