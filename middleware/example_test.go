package middleware_test

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"net/url"

	smithymw "github.com/aws/smithy-go/middleware"
	smithyhttp "github.com/aws/smithy-go/transport/http"

	"github.com/nimbus-sdk/nimbus/middleware"
)

// This example adds a caller's own Build-step middleware through an
// APIOptions function, next to the SDK's invocation ID and request ID
// middleware, on a bare smithy-go stack. A service client applies
// Options.APIOptions to its stacks the same way.
func Example_apiOptions() {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("X-Amz-Request-Id", "EXAMPLE-REQUEST-ID")
		fmt.Println("server saw X-Team:", r.Header.Get("X-Team"))
	}))
	defer srv.Close()

	// The caller's middleware: it sets a header on every request.
	addTeamHeader := smithymw.BuildMiddlewareFunc("AddTeamHeader",
		func(ctx context.Context, in smithymw.BuildInput, next smithymw.BuildHandler) (smithymw.BuildOutput, smithymw.Metadata, error) {
			if req, ok := in.Request.(*smithyhttp.Request); ok {
				req.Header.Set("X-Team", "storage")
			}
			return next.HandleBuild(ctx, in)
		})
	apiOptions := []func(*smithymw.Stack) error{
		func(st *smithymw.Stack) error { return st.Build.Add(addTeamHeader, smithymw.After) },
	}

	// What the client runtime does once per client and operation.
	stack := smithymw.NewStack("GetThing", smithyhttp.NewStackRequest)
	_ = stack.Serialize.Add(setEndpoint(srv.URL), smithymw.After)
	_ = stack.Build.Add(middleware.NewInvocationID(), smithymw.After)
	_ = stack.Deserialize.Add(middleware.NewRequestID(), smithymw.After)
	_ = stack.Deserialize.Add(discardBody(), smithymw.After)
	for _, fn := range apiOptions {
		if err := fn(stack); err != nil {
			fmt.Println("api option:", err)
			return
		}
	}
	fmt.Println(stack.Build.List())
	handler := smithymw.DecorateHandler(smithyhttp.NewClientHandlerWithOptions(srv.Client()),
		stack.Initialize, stack.Serialize, stack.Build, stack.Finalize, stack.Deserialize)

	// What every call does.
	_, md, err := handler.Handle(context.Background(), struct{}{})
	if err != nil {
		fmt.Println("call:", err)
		return
	}
	id, _ := middleware.GetRequestIDMetadata(md)
	fmt.Println("request id:", id)
	// Output:
	// [ClientRequestID AddTeamHeader]
	// server saw X-Team: storage
	// request id: EXAMPLE-REQUEST-ID
}

// setEndpoint stands in for a real serializer: it points the request at
// endpoint.
func setEndpoint(endpoint string) smithymw.SerializeMiddleware {
	return smithymw.SerializeMiddlewareFunc("SetEndpoint",
		func(ctx context.Context, in smithymw.SerializeInput, next smithymw.SerializeHandler) (smithymw.SerializeOutput, smithymw.Metadata, error) {
			u, err := url.Parse(endpoint)
			if err != nil {
				return smithymw.SerializeOutput{}, smithymw.Metadata{}, err
			}
			req := in.Request.(*smithyhttp.Request)
			req.URL, req.Method = u, http.MethodGet
			return next.HandleSerialize(ctx, in)
		})
}

// discardBody stands in for a real deserializer: it closes the response
// body.
func discardBody() smithymw.DeserializeMiddleware {
	return smithymw.DeserializeMiddlewareFunc("DiscardBody",
		func(ctx context.Context, in smithymw.DeserializeInput, next smithymw.DeserializeHandler) (smithymw.DeserializeOutput, smithymw.Metadata, error) {
			out, md, err := next.HandleDeserialize(ctx, in)
			if resp, ok := out.RawResponse.(*smithyhttp.Response); ok {
				resp.Body.Close()
			}
			return out, md, err
		})
}
