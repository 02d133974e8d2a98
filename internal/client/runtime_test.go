package client

import (
	"bytes"
	"context"
	"crypto/md5"
	"encoding/base64"
	"errors"
	"fmt"
	"io"
	"net/http"
	"regexp"
	"strings"
	"sync"
	"sync/atomic"
	"testing"

	"github.com/aws/smithy-go"
	"github.com/aws/smithy-go/middleware"
	smithyhttp "github.com/aws/smithy-go/transport/http"

	awsmw "github.com/nimbus-sdk/nimbus/middleware"
	"github.com/nimbus-sdk/nimbus/middleware/retry"
	"github.com/nimbus-sdk/nimbus/signer"
)

func getItemResponder(n int, w http.ResponseWriter, r *http.Request) {
	id := strings.TrimPrefix(r.URL.Path, "/items/")
	w.Header().Set("ETag", `"etag-`+id+`"`)
	w.Header().Set("Content-Type", "application/xml")
	fmt.Fprintf(w, `<GetItemOutput><Name>name-%s</Name><Size>%d</Size></GetItemOutput>`, id, len(id))
}

func TestInvokeEndToEnd(t *testing.T) {
	srv, rec := newServer(t, getItemResponder)
	rt := newTestRuntime(t, srv)

	in := &getItemInput{Id: ptr("a b/c"), Trace: ptr("trace-1"), Limit: ptr(int32(7))}
	out, _, err := rt.Invoke(context.Background(), &opGetItem, in, nil)
	if err != nil {
		t.Fatalf("Invoke: %v", err)
	}
	got := out.(*getItemOutput)
	if got.Name == nil || *got.Name != "name-a b/c" {
		t.Errorf("Name = %v; want %q", deref(got.Name), "name-a b/c")
	}
	if got.Size == nil || *got.Size != 5 {
		t.Errorf("Size = %v; want 5", deref(got.Size))
	}
	if got.ETag == nil || *got.ETag != `"etag-a b/c"` {
		t.Errorf("ETag = %v; want %q", deref(got.ETag), `"etag-a b/c"`)
	}

	reqs := rec.requests()
	if len(reqs) != 1 {
		t.Fatalf("server saw %d requests; want 1", len(reqs))
	}
	req := reqs[0]
	checks := []struct {
		name string
		got  string
		want any // string for equality, *regexp.Regexp for a match
	}{
		{"method", req.Method, "GET"},
		{"escaped path", req.RawPath, "/items/a%20b%2Fc"},
		{"query", req.Query, "limit=7"},
		{"X-Trace", req.Header.Get("X-Trace"), "trace-1"},
		{"amz-sdk-request", req.Header.Get("Amz-Sdk-Request"), "attempt=1; max=3"},
		{"Authorization", req.Header.Get("Authorization"),
			regexp.MustCompile(`^AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/\d{8}/us-west-2/svc/aws4_request, SignedHeaders=[a-z0-9;-]*host[a-z0-9;-]*, Signature=[0-9a-f]{64}$`)},
		{"X-Amz-Date", req.Header.Get("X-Amz-Date"), regexp.MustCompile(`^\d{8}T\d{6}Z$`)},
		{"amz-sdk-invocation-id", req.Header.Get("Amz-Sdk-Invocation-Id"),
			regexp.MustCompile(`^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$`)},
		{"User-Agent", req.Header.Get("User-Agent"), regexp.MustCompile(`nimbus-sdk-go/`)},
	}
	for _, c := range checks {
		t.Run(c.name, func(t *testing.T) {
			switch w := c.want.(type) {
			case string:
				if c.got != w {
					t.Errorf("%s = %q; want %q", c.name, c.got, w)
				}
			case *regexp.Regexp:
				if !w.MatchString(c.got) {
					t.Errorf("%s = %q; want a match for %s", c.name, c.got, w)
				}
			}
		})
	}
}

func deref[T any](p *T) any {
	if p == nil {
		return "<nil>"
	}
	return *p
}

func TestInvokeConcurrent(t *testing.T) {
	srv, rec := newServer(t, getItemResponder)
	rt := newTestRuntime(t, srv)

	const n = 64
	var wg sync.WaitGroup
	errs := make([]error, n)
	for i := range n {
		wg.Add(1)
		go func() {
			defer wg.Done()
			id := fmt.Sprintf("item-%02d", i)
			out, _, err := rt.Invoke(context.Background(), &opGetItem, &getItemInput{Id: ptr(id)}, nil)
			if err != nil {
				errs[i] = err
				return
			}
			if got, want := deref(out.(*getItemOutput).Name), "name-"+id; got != want {
				errs[i] = fmt.Errorf("call %d: Name = %v; want %q", i, got, want)
			}
		}()
	}
	wg.Wait()
	if err := errors.Join(errs...); err != nil {
		t.Fatal(err)
	}
	ids := map[string]bool{}
	for _, r := range rec.requests() {
		ids[r.Header.Get("Amz-Sdk-Invocation-Id")] = true
	}
	if len(ids) != n {
		t.Errorf("distinct invocation ids = %d; want %d", len(ids), n)
	}
	chains := 0
	rt.chains.Range(func(any, any) bool { chains++; return true })
	if chains != 1 {
		t.Errorf("compiled chains = %d; want 1", chains)
	}
}

// headerOption returns an APIOptions func that adds a Build middleware
// setting header k to v.
func headerOption(id, k, v string, count *atomic.Int32) func(*middleware.Stack) error {
	return func(st *middleware.Stack) error {
		if count != nil {
			count.Add(1)
		}
		return st.Build.Add(middleware.BuildMiddlewareFunc(id, func(ctx context.Context, in middleware.BuildInput, next middleware.BuildHandler) (middleware.BuildOutput, middleware.Metadata, error) {
			in.Request.(*smithyhttp.Request).Header.Set(k, v)
			return next.HandleBuild(ctx, in)
		}), middleware.After)
	}
}

func TestInvokeAPIOptions(t *testing.T) {
	srv, rec := newServer(t, getItemResponder)
	var clientFnRuns atomic.Int32
	clientFn := headerOption("ClientHeader", "X-Client", "yes", &clientFnRuns)
	rt := newTestRuntime(t, srv, func(o *Options) { o.APIOptions = []func(*middleware.Stack) error{clientFn} })

	// Client options: the client's APIOptions run once per operation.
	for range 3 {
		if _, _, err := rt.Invoke(context.Background(), &opGetItem, &getItemInput{Id: ptr("x")}, nil); err != nil {
			t.Fatal(err)
		}
	}
	if _, _, err := rt.Invoke(context.Background(), &opPutItem, &putItemInput{Id: ptr("x")}, nil); err != nil {
		t.Fatal(err)
	}
	// A copy of the client options with the same APIOptions shares the chain.
	same := rt.Options()
	if _, _, err := rt.Invoke(context.Background(), &opGetItem, &getItemInput{Id: ptr("x")}, &same); err != nil {
		t.Fatal(err)
	}
	if got := clientFnRuns.Load(); got != 2 {
		t.Errorf("client APIOptions func ran %d times for 2 operations; want 2", got)
	}

	// A call with an extra APIOptions func.
	callOpts := rt.Options()
	callOpts.APIOptions = append(callOpts.APIOptions[:len(callOpts.APIOptions):len(callOpts.APIOptions)],
		headerOption("CallHeader", "X-Call", "yes", nil))
	if _, _, err := rt.Invoke(context.Background(), &opGetItem, &getItemInput{Id: ptr("y")}, &callOpts); err != nil {
		t.Fatal(err)
	}
	if _, _, err := rt.Invoke(context.Background(), &opGetItem, &getItemInput{Id: ptr("z")}, nil); err != nil {
		t.Fatal(err)
	}

	reqs := rec.requests()
	if len(reqs) != 7 {
		t.Fatalf("server saw %d requests; want 7", len(reqs))
	}
	tests := []struct {
		name       string
		req        seenRequest
		wantClient string
		wantCall   string
	}{
		{"client call", reqs[0], "yes", ""},
		{"same options copy", reqs[4], "yes", ""},
		{"call with extra APIOptions", reqs[5], "yes", "yes"},
		{"client call after", reqs[6], "yes", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := tt.req.Header.Get("X-Client"); got != tt.wantClient {
				t.Errorf("X-Client = %q; want %q", got, tt.wantClient)
			}
			if got := tt.req.Header.Get("X-Call"); got != tt.wantCall {
				t.Errorf("X-Call = %q; want %q", got, tt.wantCall)
			}
		})
	}
	chains := 0
	rt.chains.Range(func(any, any) bool { chains++; return true })
	if chains != 2 {
		t.Errorf("compiled chains = %d; want 2 (one per operation)", chains)
	}
}

// TestInvokeAPIOptionsSameCodeDifferentClosure: two closures of the same
// function literal have the same code pointer, but they are different
// options; the call's must win.
func TestInvokeAPIOptionsSameCodeDifferentClosure(t *testing.T) {
	// Built in a loop, so that both closures certainly share one function
	// body even if the compiler inlines helpers.
	var fns []func(*middleware.Stack) error
	for _, who := range []string{"client", "call"} {
		fns = append(fns, func(st *middleware.Stack) error {
			return st.Build.Add(middleware.BuildMiddlewareFunc("Who", func(ctx context.Context, in middleware.BuildInput, next middleware.BuildHandler) (middleware.BuildOutput, middleware.Metadata, error) {
				in.Request.(*smithyhttp.Request).Header.Set("X-Who", who)
				return next.HandleBuild(ctx, in)
			}), middleware.After)
		})
	}
	srv, rec := newServer(t, getItemResponder)
	rt := newTestRuntime(t, srv, func(o *Options) {
		o.APIOptions = fns[:1]
	})
	callOpts := rt.Options()
	callOpts.APIOptions = fns[1:]
	if _, _, err := rt.Invoke(context.Background(), &opGetItem, &getItemInput{Id: ptr("x")}, &callOpts); err != nil {
		t.Fatal(err)
	}
	if got, want := rec.requests()[0].Header.Get("X-Who"), "call"; got != want {
		t.Errorf("X-Who = %q; want %q (the call's APIOptions were ignored)", got, want)
	}
}

// TestInvokePerCallRetryer: a call that sets its own Retryer (and nothing
// else) must use it.
func TestInvokePerCallRetryer(t *testing.T) {
	srv, rec := newServer(t, func(n int, w http.ResponseWriter, r *http.Request) {
		w.WriteHeader(http.StatusServiceUnavailable)
	})
	rt := newTestRuntime(t, srv)
	callOpts := rt.Options()
	callOpts.Retryer = retry.NewStandard(func(o *retry.StandardOptions) { o.MaxAttempts = 1 })
	_, _, err := rt.Invoke(context.Background(), &opGetItem, &getItemInput{Id: ptr("x")}, &callOpts)
	if err == nil {
		t.Fatal("Invoke succeeded; want a 503 error")
	}
	if got := len(rec.requests()); got != 1 {
		t.Errorf("attempts = %d; want 1 (the call's Retryer has MaxAttempts 1)", got)
	}
}

func TestInvokeRetry(t *testing.T) {
	srv, rec := newServer(t, func(n int, w http.ResponseWriter, r *http.Request) {
		if n == 1 {
			w.WriteHeader(http.StatusServiceUnavailable)
			io.WriteString(w, `<Error><Code>ServiceUnavailable</Code><Message>slow down</Message></Error>`)
			return
		}
		getItemResponder(n, w, r)
	})
	rt := newTestRuntime(t, srv)
	out, md, err := rt.Invoke(context.Background(), &opGetItem, &getItemInput{Id: ptr("r")}, nil)
	if err != nil {
		t.Fatalf("Invoke: %v", err)
	}
	if got := deref(out.(*getItemOutput).Name); got != "name-r" {
		t.Errorf("Name = %v; want %q", got, "name-r")
	}
	if res, ok := retry.GetAttemptResults(md); !ok || len(res.Results) != 2 {
		t.Errorf("attempt results = %+v, %v; want 2 attempts", res, ok)
	}
	reqs := rec.requests()
	if len(reqs) != 2 {
		t.Fatalf("server saw %d requests; want 2", len(reqs))
	}
	for i, want := range []string{"attempt=1; max=3", "attempt=2; max=3"} {
		t.Run(fmt.Sprintf("attempt %d", i+1), func(t *testing.T) {
			if got := reqs[i].Header.Get("Amz-Sdk-Request"); got != want {
				t.Errorf("amz-sdk-request = %q; want %q", got, want)
			}
			if got, want := reqs[i].Header.Get("Amz-Sdk-Invocation-Id"), reqs[0].Header.Get("Amz-Sdk-Invocation-Id"); got != want || got == "" {
				t.Errorf("invocation id = %q; want %q (same on every attempt)", got, want)
			}
			if got := reqs[i].RawPath; got != "/items/r" {
				t.Errorf("path = %q; want %q", got, "/items/r")
			}
		})
	}
}

func TestInvokeErrors(t *testing.T) {
	nonSeekable := func() io.Reader { return io.MultiReader(strings.NewReader("data")) }
	tests := []struct {
		name    string
		op      *Operation
		input   any
		optFn   func(*Options)
		check   func(t *testing.T, err error)
		wantReq bool
	}{
		{
			name:  "required member missing",
			op:    &opGetItem,
			input: &getItemInput{Trace: ptr("t")},
			check: func(t *testing.T, err error) {
				var ipe smithy.InvalidParamsError
				if !errors.As(err, &ipe) {
					t.Fatalf("err = %v; want smithy.InvalidParamsError", err)
				}
				errs := ipe.Errs()
				var req *smithy.ParamRequiredError
				if len(errs) != 1 || !errors.As(errs[0], &req) || req.Field() != "getItemInput.Id" {
					t.Errorf("Errs() = %v; want one *smithy.ParamRequiredError for getItemInput.Id", errs)
				}
			},
		},
		{
			name:  "missing region and endpoint",
			op:    &opGetItem,
			input: &getItemInput{Id: ptr("x")},
			optFn: func(o *Options) { o.Region, o.BaseEndpoint = "", "" },
			check: func(t *testing.T, err error) {
				if !errors.Is(err, ErrMissingRegion) {
					t.Errorf("err = %v; want ErrMissingRegion", err)
				}
			},
		},
		{
			name:  "non-seekable body over http",
			op:    &opPutItem,
			input: &putItemInput{Id: ptr("x"), Body: nonSeekable()},
			check: func(t *testing.T, err error) {
				if !errors.Is(err, signer.ErrUnsignedPayloadOverHTTP) {
					t.Errorf("err = %v; want ErrUnsignedPayloadOverHTTP", err)
				}
			},
		},
		{
			name:  "endpoint rule error",
			op:    &opGetItem,
			input: &getItemInput{Id: ptr("x")},
			optFn: func(o *Options) { o.BaseEndpoint = "" },
			check: func(t *testing.T, err error) {
				if err == nil || !strings.Contains(err.Error(), "Endpoint is not set") {
					t.Errorf("err = %v; want the rule set's error", err)
				}
			},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			srv, rec := newServer(t, getItemResponder)
			rt := newTestRuntime(t, srv)
			var opts *Options
			if tt.optFn != nil {
				o := rt.Options()
				tt.optFn(&o)
				opts = &o
			}
			_, _, err := rt.Invoke(context.Background(), tt.op, tt.input, opts)
			tt.check(t, err)
			if got := len(rec.requests()); (got > 0) != tt.wantReq {
				t.Errorf("server saw %d requests; want sent=%v", got, tt.wantReq)
			}
		})
	}
}

func TestIdempotencyToken(t *testing.T) {
	uuidRE := regexp.MustCompile(`^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$`)
	tests := []struct {
		name  string
		token *string
		match func(string) bool
	}{
		{"unset is filled with a UUID", nil, uuidRE.MatchString},
		{"set is kept", ptr("my-token"), func(s string) bool { return s == "my-token" }},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			srv, rec := newServer(t, nil)
			rt := newTestRuntime(t, srv)
			in := &putItemInput{Id: ptr("x"), ClientToken: tt.token, Body: strings.NewReader("b")}
			if _, _, err := rt.Invoke(context.Background(), &opPutItem, in, nil); err != nil {
				t.Fatal(err)
			}
			got := rec.requests()[0].Header.Get("X-Client-Token")
			if !tt.match(got) {
				t.Errorf("X-Client-Token = %q; does not match", got)
			}
			if in.ClientToken == nil || *in.ClientToken != got {
				t.Errorf("input ClientToken = %v; want %q", deref(in.ClientToken), got)
			}
		})
	}
}

func TestContentMD5(t *testing.T) {
	tests := []struct {
		name    string
		op      *Operation
		body    string
		wantMD5 bool
	}{
		{"checksum required", &opPutItemChecked, "hello, world", true},
		{"checksum required empty body", &opPutItemChecked, "", true},
		{"checksum not required", &opPutItem, "hello, world", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			srv, rec := newServer(t, nil)
			rt := newTestRuntime(t, srv)
			in := &putItemInput{Id: ptr("x"), Body: bytes.NewReader([]byte(tt.body))}
			if _, _, err := rt.Invoke(context.Background(), tt.op, in, nil); err != nil {
				t.Fatal(err)
			}
			req := rec.requests()[0]
			if string(req.Body) != tt.body {
				t.Errorf("body = %q; want %q", req.Body, tt.body)
			}
			sum := md5.Sum([]byte(tt.body))
			want := ""
			if tt.wantMD5 {
				want = base64.StdEncoding.EncodeToString(sum[:])
			}
			if got := req.Header.Get("Content-MD5"); got != want {
				t.Errorf("Content-MD5 = %q; want %q", got, want)
			}
		})
	}
}

func TestStackOrder(t *testing.T) {
	srv, _ := newServer(t, nil)
	rt := newTestRuntime(t, srv)
	st, err := rt.Stack(&opGetItem)
	if err != nil {
		t.Fatal(err)
	}
	got := st.Finalize.List()
	want := []string{awsmw.IDRetry, awsmw.IDResolveAuthScheme, awsmw.IDGetIdentity, awsmw.IDResolveEndpointV2, awsmw.IDComputePayloadHash, awsmw.IDSigning}
	if fmt.Sprint(got) != fmt.Sprint(want) {
		t.Errorf("Finalize = %v; want %v", got, want)
	}
}

// TestGetInvocationIDInCall checks that middleware of an SDK call reads the
// call's invocation ID from its context (kept in the call's state, not in
// a stack value) and that it is the one sent, the same on every attempt.
func TestGetInvocationIDInCall(t *testing.T) {
	srv, rec := newServer(t, getItemResponder)
	var seen []string
	rt := newTestRuntime(t, srv, func(o *Options) {
		o.APIOptions = append(o.APIOptions, func(st *middleware.Stack) error {
			return st.Finalize.Add(middleware.FinalizeMiddlewareFunc("ReadID", func(ctx context.Context, in middleware.FinalizeInput, next middleware.FinalizeHandler) (middleware.FinalizeOutput, middleware.Metadata, error) {
				seen = append(seen, awsmw.GetInvocationID(ctx))
				return next.HandleFinalize(ctx, in)
			}), middleware.After)
		})
	})
	for range 2 {
		if _, _, err := rt.Invoke(context.Background(), &opGetItem, &getItemInput{Id: ptr("x")}, nil); err != nil {
			t.Fatal(err)
		}
	}
	reqs := rec.requests()
	if len(reqs) != 2 || len(seen) != 2 {
		t.Fatalf("requests %d, IDs read %d; want 2 and 2", len(reqs), len(seen))
	}
	for i, r := range reqs {
		if got := r.Header.Get(awsmw.InvocationIDHeader); got == "" || got != seen[i] {
			t.Errorf("call %d: sent invocation ID %q, GetInvocationID %q", i, got, seen[i])
		}
	}
	if seen[0] == seen[1] {
		t.Errorf("two calls share invocation ID %q", seen[0])
	}
}
