package s3_test

import (
	"context"
	"errors"
	"net/http"
	"net/http/httptest"
	"sync/atomic"
	"testing"

	smithyendpoints "github.com/aws/smithy-go/endpoints"

	"github.com/nimbus-sdk/nimbus/config"
	"github.com/nimbus-sdk/nimbus/credentials"
	"github.com/nimbus-sdk/nimbus/internal/client/clienttest"
	"github.com/nimbus-sdk/nimbus/services/s3"
	"github.com/nimbus-sdk/nimbus/signer"
)

// TestNoCredentialsSendsNothing: without a credentials provider, or with a
// default chain that found nothing, a call fails before sending with an
// error naming the sources tried, and is not retried.
func TestNoCredentialsSendsNothing(t *testing.T) {
	env := map[string]string{"AWS_EC2_METADATA_DISABLED": "true", "AWS_REGION": "us-east-1"}
	cfg, err := config.Load(context.Background(), func(o *config.LoadOptions) {
		o.Getenv = func(k string) string { return env[k] }
		o.ConfigFiles, o.CredentialsFiles = []string{}, []string{}
	})
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name        string
		client      func(doer *clienttest.NoSend) *s3.Client
		wantSources int
	}{
		{"nil provider", func(doer *clienttest.NoSend) *s3.Client {
			return s3.New(s3.Options{Region: "us-east-1", HTTPClient: doer})
		}, 1},
		{"empty default chain", func(doer *clienttest.NoSend) *s3.Client {
			return s3.NewFromConfig(cfg, func(o *s3.Options) { o.HTTPClient = doer })
		}, 4},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			doer := &clienttest.NoSend{}
			b, k := "bucket", "key"
			_, err := tt.client(doer).GetObject(context.Background(), &s3.GetObjectInput{Bucket: &b, Key: &k})
			var none *credentials.NoCredentialsError
			if !errors.As(err, &none) || len(none.Sources) != tt.wantSources {
				t.Fatalf("GetObject err = %v; want *credentials.NoCredentialsError naming %d sources", err, tt.wantSources)
			}
			if doer.Calls() != 0 {
				t.Errorf("%d request(s) sent; want none", doer.Calls())
			}
			_, err = s3.NewPresignClient(tt.client(doer)).PresignGetObject(context.Background(), &s3.GetObjectInput{Bucket: &b, Key: &k})
			if !errors.As(err, &none) {
				t.Errorf("PresignGetObject err = %v; want *credentials.NoCredentialsError", err)
			}
		})
	}
}

// TestAnonymousProviderSendsUnsigned: unsigned requests are sent only
// when the caller chose credentials.AnonymousProvider.
func TestAnonymousProviderSendsUnsigned(t *testing.T) {
	var signed atomic.Int32
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Header.Get("Authorization") != "" {
			signed.Add(1)
		}
		w.Write([]byte("public"))
	}))
	defer srv.Close()
	c := s3.New(s3.Options{Region: "us-east-1", BaseEndpoint: srv.URL, UsePathStyle: true, Credentials: credentials.AnonymousProvider{}})
	b, k := "bucket", "key"
	out, err := c.GetObject(context.Background(), &s3.GetObjectInput{Bucket: &b, Key: &k})
	if err != nil {
		t.Fatal(err)
	}
	out.Body.Close()
	if signed.Load() != 0 {
		t.Error("the anonymous request carried an Authorization header")
	}
}

// unknownScheme resolves S3's endpoints with an auth scheme no client
// knows in place of the rules' schemes.
type unknownScheme struct{}

func (unknownScheme) ResolveEndpoint(ctx context.Context, p s3.EndpointParameters) (smithyendpoints.Endpoint, error) {
	ep, err := s3.NewDefaultEndpointResolverV2().ResolveEndpoint(ctx, p)
	ep.Properties.Set("authSchemes", []any{map[string]any{"name": "sigv4-example"}})
	return ep, err
}

// TestUnsupportedAuthSchemeFails: an endpoint that accepts only schemes
// the client cannot sign with fails before sending, naming the scheme,
// instead of being signed with SigV4.
func TestUnsupportedAuthSchemeFails(t *testing.T) {
	doer := &clienttest.NoSend{}
	c := s3.New(s3.Options{Region: "us-west-2", HTTPClient: doer, EndpointResolverV2: unknownScheme{},
		Credentials: credentials.NewStaticProvider("AKID", "SECRET", "")})
	b, k := "bucket", "key"
	_, err := c.GetObject(context.Background(), &s3.GetObjectInput{Bucket: &b, Key: &k})
	var unsupported *signer.UnsupportedAuthSchemeError
	if !errors.As(err, &unsupported) || len(unsupported.Schemes) != 1 || unsupported.Schemes[0] != "sigv4-example" {
		t.Fatalf("GetObject err = %v; want *signer.UnsupportedAuthSchemeError naming sigv4-example", err)
	}
	if doer.Calls() != 0 {
		t.Errorf("%d request(s) sent; want none", doer.Calls())
	}
}
