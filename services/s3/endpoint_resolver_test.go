package s3_test

import (
	"context"
	"errors"
	"net/http"
	"net/http/httptest"
	"net/url"
	"sync"
	"testing"

	smithyendpoints "github.com/aws/smithy-go/endpoints"

	"github.com/nimbus-sdk/nimbus/credentials"
	"github.com/nimbus-sdk/nimbus/services/s3"
)

// redirectResolver wraps the default resolver and sends every request to
// one host, keeping the path and the signing properties the rules chose.
type redirectResolver struct {
	next   s3.EndpointResolverV2
	target *url.URL

	mu   sync.Mutex
	seen []s3.EndpointParameters
}

func (r *redirectResolver) ResolveEndpoint(ctx context.Context, p s3.EndpointParameters) (smithyendpoints.Endpoint, error) {
	r.mu.Lock()
	r.seen = append(r.seen, p)
	r.mu.Unlock()
	ep, err := r.next.ResolveEndpoint(ctx, p)
	if err != nil {
		return ep, err
	}
	ep.URI.Scheme, ep.URI.Host = r.target.Scheme, r.target.Host
	return ep, nil
}

// TestEndpointResolverV2Wraps: a resolver set in Options receives the
// call's parameters and can wrap the default rules; its endpoint is used.
func TestEndpointResolverV2Wraps(t *testing.T) {
	var gotPath string
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		gotPath = r.URL.Path
		w.Write([]byte("data"))
	}))
	defer srv.Close()
	u, _ := url.Parse(srv.URL)
	res := &redirectResolver{next: s3.NewDefaultEndpointResolverV2(), target: u}
	c := s3.New(s3.Options{
		Region: "eu-west-1", UsePathStyle: true, EndpointResolverV2: res,
		Credentials: credentials.NewStaticProvider("AKID", "SECRET", ""),
	})
	bucket, key := "my-bucket", "dir/obj"
	out, err := c.GetObject(context.Background(), &s3.GetObjectInput{Bucket: &bucket, Key: &key})
	if err != nil {
		t.Fatalf("GetObject: %v", err)
	}
	out.Body.Close()
	if gotPath != "/my-bucket/dir/obj" {
		t.Errorf("path = %q; want /my-bucket/dir/obj (the rules' path style)", gotPath)
	}
	if len(res.seen) != 1 {
		t.Fatalf("resolver called %d times; want 1", len(res.seen))
	}
	p := res.seen[0]
	if p.Bucket == nil || *p.Bucket != bucket || p.Region == nil || *p.Region != "eu-west-1" || p.ForcePathStyle == nil || !*p.ForcePathStyle {
		t.Errorf("parameters = %+v; want the bucket, region and ForcePathStyle of the call", p)
	}

	// An error from the resolver fails the call before anything is sent.
	failing := s3.New(s3.Options{Region: "eu-west-1", Credentials: credentials.NewStaticProvider("AKID", "SECRET", ""),
		EndpointResolverV2: resolverFunc(func(context.Context, s3.EndpointParameters) (smithyendpoints.Endpoint, error) {
			return smithyendpoints.Endpoint{}, errNoEndpoint
		})})
	if _, err := failing.GetObject(context.Background(), &s3.GetObjectInput{Bucket: &bucket, Key: &key}); !errors.Is(err, errNoEndpoint) {
		t.Errorf("err = %v; want the resolver's error", err)
	}
}

var errNoEndpoint = errors.New("no endpoint for you")

type resolverFunc func(context.Context, s3.EndpointParameters) (smithyendpoints.Endpoint, error)

func (f resolverFunc) ResolveEndpoint(ctx context.Context, p s3.EndpointParameters) (smithyendpoints.Endpoint, error) {
	return f(ctx, p)
}
