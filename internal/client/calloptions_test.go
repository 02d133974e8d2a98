package client

import (
	"context"
	"net/http"
	"testing"

	"github.com/aws/smithy-go/middleware"
)

// TestCallOptions checks that middleware added by a service's Customize
// hook sees the options of the call it runs in: the client's, or a call's
// own, on the same compiled chain.
func TestCallOptions(t *testing.T) {
	if got := CallOptions(context.Background()); got != nil {
		t.Errorf("CallOptions(outside a call) = %p; want nil", got)
	}
	var seen []any
	svc := fakeService
	svc.Customize = func(st *middleware.Stack, _ *Operation) error {
		return st.Initialize.Add(middleware.InitializeMiddlewareFunc("probe", func(ctx context.Context, in middleware.InitializeInput, next middleware.InitializeHandler) (middleware.InitializeOutput, middleware.Metadata, error) {
			seen = append(seen, CallOptions(ctx).ServiceOptions)
			return next.HandleInitialize(ctx, in)
		}), middleware.Before)
	}
	srv, _ := newServer(t, func(_ int, w http.ResponseWriter, _ *http.Request) { w.WriteHeader(http.StatusOK) })
	base := newTestRuntime(t, srv, func(o *Options) { o.ServiceOptions = "client" })
	rt := New(&svc, base.Options())

	call := rt.Options()
	call.ServiceOptions = "call"
	for _, opts := range []*Options{nil, &call, nil} {
		if _, _, err := rt.Invoke(context.Background(), &opGetItem, &getItemInput{Id: ptr("a")}, opts); err != nil {
			t.Fatal(err)
		}
	}
	want := []any{"client", "call", "client"}
	if len(seen) != len(want) {
		t.Fatalf("probe ran %d times; want %d", len(seen), len(want))
	}
	for i := range want {
		if seen[i] != want[i] {
			t.Errorf("call %d: ServiceOptions = %v; want %v", i, seen[i], want[i])
		}
	}
}
