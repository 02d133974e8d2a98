package s3_test

// Runnable examples of the extension points, each against a local stub
// server so that go test runs them and checks their output.

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"sync/atomic"
	"time"

	smithyauth "github.com/aws/smithy-go/auth"
	smithyendpoints "github.com/aws/smithy-go/endpoints"
	"github.com/aws/smithy-go/middleware"
	smithyhttp "github.com/aws/smithy-go/transport/http"

	"github.com/nimbus-sdk/nimbus/credentials"
	awsmw "github.com/nimbus-sdk/nimbus/middleware"
	"github.com/nimbus-sdk/nimbus/middleware/retry"
	"github.com/nimbus-sdk/nimbus/services/s3"
	"github.com/nimbus-sdk/nimbus/services/s3/types"
	"github.com/nimbus-sdk/nimbus/signer"
	v4 "github.com/nimbus-sdk/nimbus/signer/v4"
	transporthttp "github.com/nimbus-sdk/nimbus/transport/http"
)

// stub starts a server that answers with handler; stop it when done.
func stub(handler http.HandlerFunc) *httptest.Server { return httptest.NewServer(handler) }

var exampleCreds = credentials.NewStaticProvider("AKIDEXAMPLE", "SECRETEXAMPLE", "")

// onHost wraps the default resolver: the rules pick the path, the signing
// name and the region; the request goes to another host.
type onHost struct {
	rules s3.EndpointResolverV2
	host  string
}

func (r onHost) ResolveEndpoint(ctx context.Context, p s3.EndpointParameters) (smithyendpoints.Endpoint, error) {
	ep, err := r.rules.ResolveEndpoint(ctx, p)
	if err == nil {
		ep.URI.Scheme, ep.URI.Host = "http", r.host
	}
	return ep, err
}

func ExampleEndpointResolverV2() {
	srv := stub(func(w http.ResponseWriter, r *http.Request) { fmt.Println("server saw", r.Method, r.URL.Path) })
	defer srv.Close()
	u, _ := url.Parse(srv.URL)

	client := s3.New(s3.Options{
		Region: "eu-west-1", UsePathStyle: true, Credentials: exampleCreds,
		EndpointResolverV2: onHost{rules: s3.NewDefaultEndpointResolverV2(), host: u.Host},
	})
	_, err := client.DeleteObject(context.Background(), &s3.DeleteObjectInput{Bucket: str("my-bucket"), Key: str("old.txt")})
	fmt.Println("err:", err)
	// Output:
	// server saw DELETE /my-bucket/old.txt
	// err: <nil>
}

// anonymousReads sends GetObject unsigned and signs everything else.
type anonymousReads struct{}

func (anonymousReads) ResolveAuthSchemes(_ context.Context, p *s3.AuthResolverParameters) ([]*smithyauth.Option, error) {
	if p.Operation == "GetObject" {
		return []*smithyauth.Option{{SchemeID: signer.SchemeIDNoAuth}}, nil
	}
	return []*smithyauth.Option{{SchemeID: signer.SchemeIDSigV4}}, nil
}

func ExampleAuthSchemeResolver() {
	srv := stub(func(w http.ResponseWriter, r *http.Request) {
		fmt.Println(r.Method, "signed:", r.Header.Get("Authorization") != "")
	})
	defer srv.Close()
	client := s3.New(s3.Options{
		Region: "us-east-1", BaseEndpoint: srv.URL, UsePathStyle: true, Credentials: exampleCreds,
		AuthSchemeResolver: anonymousReads{},
	})
	ctx := context.Background()
	out, _ := client.GetObject(ctx, &s3.GetObjectInput{Bucket: str("public"), Key: str("page.html")})
	out.Body.Close()
	client.HeadObject(ctx, &s3.HeadObjectInput{Bucket: str("public"), Key: str("page.html")})
	// Output:
	// GET signed: false
	// HEAD signed: true
}

// tagSigner wraps Nimbus's SigV4 signer and adds a header it signs.
type tagSigner struct{ v4.HTTPSigner }

func (s tagSigner) SignHTTP(ctx context.Context, in *v4.SignInput, optFns ...func(*v4.Options)) (v4.SignOutput, error) {
	in.Request.Header.Set("X-Team", "storage")
	return s.HTTPSigner.SignHTTP(ctx, in, optFns...)
}

func ExampleOptions_httpSignerV4() {
	srv := stub(func(w http.ResponseWriter, r *http.Request) {
		fmt.Println("x-team signed:", strings.Contains(r.Header.Get("Authorization"), "x-team"))
	})
	defer srv.Close()
	client := s3.New(s3.Options{
		Region: "us-east-1", BaseEndpoint: srv.URL, UsePathStyle: true, Credentials: exampleCreds,
		HTTPSignerV4: tagSigner{v4.NewSigner()},
	})
	client.HeadBucket(context.Background(), &s3.HeadBucketInput{Bucket: str("b")})
	// Output:
	// x-team signed: true
}

func ExampleOptions_apiOptions() {
	srv := stub(func(w http.ResponseWriter, r *http.Request) {
		fmt.Println("trace header:", r.Header.Get("X-Trace"))
	})
	defer srv.Close()
	// A Build-step middleware inserted right after the invocation ID, by
	// the exported ID (v2's "ClientRequestID"), so it runs once per call
	// and its header is signed on every attempt.
	addTrace := func(st *middleware.Stack) error {
		return st.Build.Insert(middleware.BuildMiddlewareFunc("AddTrace", func(ctx context.Context, in middleware.BuildInput, next middleware.BuildHandler) (middleware.BuildOutput, middleware.Metadata, error) {
			if req, ok := in.Request.(*smithyhttp.Request); ok {
				req.Header.Set("X-Trace", "t-123")
			}
			return next.HandleBuild(ctx, in)
		}), awsmw.IDClientRequestID, middleware.After)
	}
	client := s3.New(s3.Options{
		Region: "us-east-1", BaseEndpoint: srv.URL, UsePathStyle: true, Credentials: exampleCreds,
		APIOptions: []func(*middleware.Stack) error{addTrace},
	})
	client.HeadBucket(context.Background(), &s3.HeadBucketInput{Bucket: str("b")})
	// Output:
	// trace header: t-123
}

func ExampleOptions_retryMaxAttempts() {
	var requests atomic.Int32
	srv := stub(func(w http.ResponseWriter, r *http.Request) {
		requests.Add(1)
		w.WriteHeader(http.StatusInternalServerError)
	})
	defer srv.Close()
	// The client's own Retryer; a call asking for more attempts keeps it
	// (and its retry quota), as aws-sdk-go-v2's AddWithMaxAttempts does.
	client := s3.New(s3.Options{
		Region: "us-east-1", BaseEndpoint: srv.URL, UsePathStyle: true, Credentials: exampleCreds,
		Retryer: retry.NewStandard(func(o *retry.StandardOptions) { o.BaseDelay = time.Millisecond }),
	})
	_, err := client.HeadBucket(context.Background(), &s3.HeadBucketInput{Bucket: str("b")},
		func(o *s3.Options) { o.RetryMaxAttempts = 5 })
	var maxed *retry.MaxAttemptsError
	fmt.Println("requests:", requests.Load(), "gave up:", errors.As(err, &maxed))
	// Output:
	// requests: 5 gave up: true
}

func ExampleOptions_attemptTimeout() {
	srv := stub(func(w http.ResponseWriter, r *http.Request) {
		time.Sleep(300 * time.Millisecond) // slower than the attempt timeout
	})
	defer srv.Close()
	client := s3.New(s3.Options{
		Region: "us-east-1", BaseEndpoint: srv.URL, UsePathStyle: true, Credentials: exampleCreds,
		AttemptTimeout: 50 * time.Millisecond, RetryMaxAttempts: 2,
	})
	_, err := client.HeadBucket(context.Background(), &s3.HeadBucketInput{Bucket: str("b")})
	var timeout *retry.AttemptTimeoutError
	fmt.Println("attempt timed out:", errors.As(err, &timeout))
	// Output:
	// attempt timed out: true
}

func ExampleClient_GetObject_errorsAs() {
	srv := stub(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("X-Amz-Request-Id", "REQ123")
		w.Header().Set("X-Amz-Id-2", "HOST456")
		w.WriteHeader(http.StatusNotFound)
		fmt.Fprint(w, `<Error><Code>NoSuchKey</Code><Message>The specified key does not exist.</Message></Error>`)
	})
	defer srv.Close()
	client := s3.New(s3.Options{Region: "us-east-1", BaseEndpoint: srv.URL, UsePathStyle: true, Credentials: exampleCreds})
	_, err := client.GetObject(context.Background(), &s3.GetObjectInput{Bucket: str("b"), Key: str("missing")})

	var re *transporthttp.ResponseError
	if errors.As(err, &re) {
		fmt.Println("status:", re.HTTPStatusCode(), "request:", re.ServiceRequestID(), "host:", re.ServiceHostID())
	}
	var noKey *types.NoSuchKey
	fmt.Println("no such key:", errors.As(err, &noKey))
	// Output:
	// status: 404 request: REQ123 host: HOST456
	// no such key: true
}
