package s3_test

import (
	"context"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"

	smithyendpoints "github.com/aws/smithy-go/endpoints"

	"github.com/nimbus-sdk/nimbus/credentials"
	"github.com/nimbus-sdk/nimbus/internal/testenv/sigtest"
	"github.com/nimbus-sdk/nimbus/services/s3"
	"github.com/nimbus-sdk/nimbus/signer/v4a"
)

// toHost resolves S3's endpoints by its rules, then sends to host.
type toHost string

func (h toHost) ResolveEndpoint(ctx context.Context, p s3.EndpointParameters) (smithyendpoints.Endpoint, error) {
	ep, err := s3.NewDefaultEndpointResolverV2().ResolveEndpoint(ctx, p)
	ep.URI.Host = string(h)
	return ep, err
}

const mrap = "arn:aws:s3::123456789012:accesspoint:mfzwi23gnjvgw.mrap"

// TestMultiRegionAccessPointSigV4A: requests to a Multi-Region Access
// Point are signed with SigV4a over every region ("*"), as its endpoint
// rules say, in the Authorization header and in presigned URLs, and the
// signatures verify with the key derived from the caller's secret.
func TestMultiRegionAccessPointSigV4A(t *testing.T) {
	creds := credentials.Credentials{AccessKeyID: "AKIDEXAMPLE", SecretAccessKey: "SECRETEXAMPLE", SessionToken: "session"}
	pub, err := v4a.PublicKey(creds)
	if err != nil {
		t.Fatal(err)
	}
	var verify func(*http.Request) error
	srv := httptest.NewTLSServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if err := verify(r); err != nil {
			t.Error(err)
			w.WriteHeader(http.StatusForbidden)
			return
		}
		io.WriteString(w, "mrap object")
	}))
	defer srv.Close()
	u, _ := url.Parse(srv.URL)
	c := s3.New(s3.Options{
		Region: "us-west-2", HTTPClient: srv.Client(), EndpointResolverV2: toHost(u.Host),
		Credentials: credentials.NewStaticProvider(creds.AccessKeyID, creds.SecretAccessKey, creds.SessionToken),
	})
	bucket, key := mrap, "dir/a key.txt"

	t.Run("header", func(t *testing.T) {
		verify = func(r *http.Request) error {
			a, err := sigtest.VerifyV4A(r, pub, true)
			if err == nil && (r.Header.Get("X-Amz-Region-Set") != "*" || a.Service != "s3" || r.Header.Get("X-Amz-Security-Token") != "session") {
				t.Errorf("region set %q, service %q, token %q; want *, s3, session", r.Header.Get("X-Amz-Region-Set"), a.Service, r.Header.Get("X-Amz-Security-Token"))
			}
			return err
		}
		out, err := c.GetObject(context.Background(), &s3.GetObjectInput{Bucket: &bucket, Key: &key})
		if err != nil {
			t.Fatal(err)
		}
		body, _ := io.ReadAll(out.Body)
		out.Body.Close()
		if string(body) != "mrap object" {
			t.Errorf("body = %q", body)
		}
	})

	t.Run("presigned", func(t *testing.T) {
		verify = func(r *http.Request) error { return sigtest.VerifyPresignedV4A(r, pub, true) }
		req, err := s3.NewPresignClient(c).PresignGetObject(context.Background(), &s3.GetObjectInput{Bucket: &bucket, Key: &key})
		if err != nil {
			t.Fatal(err)
		}
		if !strings.Contains(req.URL, "X-Amz-Region-Set=%2A") {
			t.Errorf("URL %s lacks the region set *", req.URL)
		}
		hr, _ := http.NewRequest(req.Method, req.URL, nil)
		for k, v := range req.SignedHeader {
			if !strings.EqualFold(k, "Host") {
				hr.Header[k] = v
			}
		}
		resp, err := srv.Client().Do(hr)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		if resp.StatusCode != http.StatusOK {
			t.Errorf("presigned GET status %d; want 200", resp.StatusCode)
		}
	})
}
