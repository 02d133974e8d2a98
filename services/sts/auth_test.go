package sts_test

import (
	"context"
	"errors"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"sync/atomic"
	"testing"

	"github.com/aws/smithy-go"
	smithyauth "github.com/aws/smithy-go/auth"
	smithyhttp "github.com/aws/smithy-go/transport/http"

	"github.com/nimbus-sdk/nimbus/credentials"
	"github.com/nimbus-sdk/nimbus/internal/testenv/obstest"
	awsmw "github.com/nimbus-sdk/nimbus/middleware"
	"github.com/nimbus-sdk/nimbus/services/sts"
	"github.com/nimbus-sdk/nimbus/signer"
	v4 "github.com/nimbus-sdk/nimbus/signer/v4"
)

const callerIdentity = `<GetCallerIdentityResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/"><GetCallerIdentityResult><Arn>arn:aws:iam::123456789012:user/u</Arn><UserId>AIDA</UserId><Account>123456789012</Account></GetCallerIdentityResult><ResponseMetadata><RequestId>r</RequestId></ResponseMetadata></GetCallerIdentityResponse>`

const webIdentity = `<AssumeRoleWithWebIdentityResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/"><AssumeRoleWithWebIdentityResult><Credentials><AccessKeyId>ASIA</AccessKeyId><SecretAccessKey>s</SecretAccessKey><SessionToken>t</SessionToken><Expiration>2030-01-01T00:00:00Z</Expiration></Credentials></AssumeRoleWithWebIdentityResult><ResponseMetadata><RequestId>r</RequestId></ResponseMetadata></AssumeRoleWithWebIdentityResponse>`

// stsServer answers every request with body and records the requests'
// headers.
type stsServer struct {
	*httptest.Server
	mu      sync.Mutex
	headers []http.Header
}

func newSTSServer(t *testing.T, body string) *stsServer {
	s := &stsServer{}
	s.Server = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		s.mu.Lock()
		s.headers = append(s.headers, r.Header.Clone())
		s.mu.Unlock()
		w.Header().Set("Content-Type", "text/xml")
		w.Write([]byte(body))
	}))
	t.Cleanup(s.Close)
	return s
}

func (s *stsServer) requests() []http.Header {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.headers
}

var testCreds = credentials.NewStaticProvider("AKIDEXAMPLE", "SECRET", "")

type schemeResolver []string

func (r schemeResolver) ResolveAuthSchemes(context.Context, *sts.AuthResolverParameters) ([]*smithyauth.Option, error) {
	out := make([]*smithyauth.Option, len(r))
	for i, id := range r {
		out[i] = &smithyauth.Option{SchemeID: id}
	}
	return out, nil
}

// TestAuthSchemeResolver: the resolver's schemes decide how a call is
// authenticated, and the identity and signing durations name the chosen
// one in auth.scheme_id, as v2's do; a call whose schemes the client
// cannot sign with fails before sending, naming them.
func TestAuthSchemeResolver(t *testing.T) {
	tests := []struct {
		name       string
		resolver   sts.AuthSchemeResolver
		creds      credentials.Provider
		wantAlg    string // the Authorization header's algorithm; "" for unsigned
		wantScheme string
		wantErr    string
	}{
		{"model default", nil, testCreds, "AWS4-HMAC-SHA256", signer.SchemeIDSigV4, ""},
		{"sigv4a first", schemeResolver{signer.SchemeIDSigV4A, signer.SchemeIDSigV4}, testCreds, "AWS4-ECDSA-P256-SHA256", signer.SchemeIDSigV4A, ""},
		{"unknown scheme first, sigv4 usable", schemeResolver{"example.com#custom", signer.SchemeIDSigV4}, testCreds, "AWS4-HMAC-SHA256", signer.SchemeIDSigV4, ""},
		{"unknown scheme only", schemeResolver{"example.com#custom"}, testCreds, "", "", "example.com#custom"},
		{"noAuth", schemeResolver{signer.SchemeIDNoAuth}, testCreds, "", signer.SchemeIDNoAuth, ""},
		// v2's SigV4 signer skips anonymous credentials; the scheme is SigV4.
		{"anonymous credentials", nil, credentials.AnonymousProvider{}, "", signer.SchemeIDSigV4, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			srv := newSTSServer(t, callerIdentity)
			mp := &obstest.MeterProvider{}
			c := sts.New(sts.Options{Region: "us-east-1", BaseEndpoint: srv.URL, Credentials: tt.creds, AuthSchemeResolver: tt.resolver, MeterProvider: mp})
			_, err := c.GetCallerIdentity(context.Background(), &sts.GetCallerIdentityInput{})
			if tt.wantErr != "" {
				var unsupported *signer.UnsupportedAuthSchemeError
				if !errors.As(err, &unsupported) || len(unsupported.Schemes) != 1 || unsupported.Schemes[0] != tt.wantErr {
					t.Fatalf("err = %v; want *signer.UnsupportedAuthSchemeError naming %s", err, tt.wantErr)
				}
				if n := len(srv.requests()); n != 0 {
					t.Errorf("%d request(s) sent; want none", n)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			alg, _, _ := strings.Cut(srv.requests()[0].Get("Authorization"), " ")
			if alg != tt.wantAlg {
				t.Errorf("signed with %q; want %q", alg, tt.wantAlg)
			}
			checkSchemeMetrics(t, mp, tt.wantScheme)
		})
	}
}

// checkSchemeMetrics checks that the call's identity and signing
// durations have one point each, with auth.scheme_id = scheme.
func checkSchemeMetrics(t *testing.T, mp *obstest.MeterProvider, scheme string) {
	t.Helper()
	for _, name := range []string{awsmw.MetricResolveIdentityDuration, awsmw.MetricSigningDuration} {
		pts := mp.Points(name)
		if len(pts) != 1 || !pts[0].Has(map[string]any{"auth.scheme_id": scheme}) {
			t.Errorf("%s points %+v; want one with auth.scheme_id=%s", name, pts, scheme)
		}
	}
}

// TestOptionalAuthWithoutCredentials: operations the model lets run
// unauthenticated (AssumeRoleWithWebIdentity) are sent unsigned when the
// client has no credentials.
func TestOptionalAuthWithoutCredentials(t *testing.T) {
	srv := newSTSServer(t, webIdentity)
	c := sts.New(sts.Options{Region: "us-east-1", BaseEndpoint: srv.URL})
	role, session, token := "arn:aws:iam::123456789012:role/r", "s", "jwt"
	if _, err := c.AssumeRoleWithWebIdentity(context.Background(), &sts.AssumeRoleWithWebIdentityInput{RoleArn: &role, RoleSessionName: &session, WebIdentityToken: &token}); err != nil {
		t.Fatal(err)
	}
	if h := srv.requests()[0].Get("Authorization"); h != "" {
		t.Errorf("Authorization = %q; want an unsigned request", h)
	}
}

// countingSigner wraps Nimbus's signer and counts what it signs.
type countingSigner struct {
	v4.HTTPSigner
	n atomic.Int32
}

func (s *countingSigner) SignHTTP(ctx context.Context, in *v4.SignInput, optFns ...func(*v4.Options)) (v4.SignOutput, error) {
	s.n.Add(1)
	in.Request.Header.Set("X-Signed-By", "wrapper")
	return s.HTTPSigner.SignHTTP(ctx, in, optFns...)
}

// TestHTTPSignerV4: a signer set in Options signs every call.
func TestHTTPSignerV4(t *testing.T) {
	srv := newSTSServer(t, callerIdentity)
	s := &countingSigner{HTTPSigner: v4.NewSigner()}
	c := sts.New(sts.Options{Region: "us-east-1", BaseEndpoint: srv.URL, Credentials: testCreds, HTTPSignerV4: s})
	if _, err := c.GetCallerIdentity(context.Background(), &sts.GetCallerIdentityInput{}); err != nil {
		t.Fatal(err)
	}
	h := srv.requests()[0]
	if s.n.Load() != 1 || h.Get("X-Signed-By") != "wrapper" || h.Get("Authorization") == "" {
		t.Errorf("signer calls %d, X-Signed-By %q, Authorization %q; want the wrapper to sign", s.n.Load(), h.Get("X-Signed-By"), h.Get("Authorization"))
	}
}

// headerScheme is a user auth scheme that signs by copying the access key
// of the client's own SigV4 identity into a header.
type headerScheme struct{}

func (headerScheme) SchemeID() string { return "example.com#headerAuth" }

func (headerScheme) IdentityResolver(o smithyauth.IdentityResolverOptions) smithyauth.IdentityResolver {
	return o.GetIdentityResolver(signer.SchemeIDSigV4)
}

func (headerScheme) Signer() smithyhttp.Signer { return headerSigner{} }

type headerSigner struct{}

func (headerSigner) SignRequest(_ context.Context, r *smithyhttp.Request, id smithyauth.Identity, props smithy.Properties) error {
	creds, ok := id.(credentials.Credentials)
	if !ok {
		return errors.New("identity is not credentials")
	}
	name, _ := smithyhttp.GetSigV4SigningName(&props)
	r.Header.Set("X-Example-Auth", creds.AccessKeyID+"/"+name)
	return nil
}

// TestCustomAuthScheme: a user scheme named by the resolver is used with
// its own identity resolver and signer, and reaches the client's
// credentials through the identity resolver options.
func TestCustomAuthScheme(t *testing.T) {
	srv := newSTSServer(t, callerIdentity)
	mp := &obstest.MeterProvider{}
	c := sts.New(sts.Options{
		Region: "us-east-1", BaseEndpoint: srv.URL, Credentials: testCreds,
		AuthSchemes:        []smithyhttp.AuthScheme{headerScheme{}},
		AuthSchemeResolver: schemeResolver{"example.com#headerAuth"},
		MeterProvider:      mp,
	})
	if _, err := c.GetCallerIdentity(context.Background(), &sts.GetCallerIdentityInput{}); err != nil {
		t.Fatal(err)
	}
	h := srv.requests()[0]
	if got := h.Get("X-Example-Auth"); got != "AKIDEXAMPLE/sts" || h.Get("Authorization") != "" {
		t.Errorf("X-Example-Auth %q, Authorization %q; want AKIDEXAMPLE/sts and no SigV4", got, h.Get("Authorization"))
	}
	checkSchemeMetrics(t, mp, "example.com#headerAuth")
}
