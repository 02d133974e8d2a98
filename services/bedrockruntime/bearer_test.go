package bedrockruntime_test

import (
	"context"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"

	"github.com/nimbus-sdk/nimbus/config"
	"github.com/nimbus-sdk/nimbus/internal/testenv/obstest"
	awsmw "github.com/nimbus-sdk/nimbus/middleware"
	"github.com/nimbus-sdk/nimbus/services/bedrockruntime"
	"github.com/nimbus-sdk/nimbus/signer"
)

// authServer is an HTTPS test server that records each request's
// Authorization header and answers ListAsyncInvokes.
type authServer struct {
	*httptest.Server
	mu   sync.Mutex
	auth []string
}

func newAuthServer(t *testing.T) *authServer {
	s := &authServer{}
	s.Server = httptest.NewTLSServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		s.mu.Lock()
		s.auth = append(s.auth, r.Header.Get("Authorization"))
		s.mu.Unlock()
		w.Header().Set("Content-Type", "application/json")
		w.Write([]byte(`{"asyncInvokeSummaries":[]}`))
	}))
	t.Cleanup(s.Close)
	return s
}

func (s *authServer) last() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	if len(s.auth) == 0 {
		return ""
	}
	return s.auth[len(s.auth)-1]
}

// load runs config.Load with env as the whole environment.
func load(t *testing.T, env map[string]string) config.Config {
	t.Helper()
	cfg, err := config.Load(context.Background(), func(o *config.LoadOptions) {
		o.Getenv = func(k string) string { return env[k] }
		o.Environ = func() []string {
			var out []string
			for k, v := range env {
				out = append(out, k+"="+v)
			}
			return out
		}
		o.ConfigFiles, o.CredentialsFiles = []string{}, []string{}
	})
	if err != nil {
		t.Fatal(err)
	}
	return cfg
}

// TestBearerTokenFromEnvironment: AWS_BEARER_TOKEN_BEDROCK makes Bedrock
// Runtime clients authenticate with the token (preferring the bearer
// scheme the model lists second); AWS_AUTH_SCHEME_PREFERENCE can put
// SigV4 back first; without a token, calls are signed with SigV4.
func TestBearerTokenFromEnvironment(t *testing.T) {
	keys := map[string]string{"AWS_ACCESS_KEY_ID": "AKID", "AWS_SECRET_ACCESS_KEY": "SECRET", "AWS_REGION": "us-east-1"}
	with := func(extra map[string]string) map[string]string {
		env := map[string]string{}
		for k, v := range keys {
			env[k] = v
		}
		for k, v := range extra {
			env[k] = v
		}
		return env
	}
	tests := []struct {
		name   string
		env    map[string]string
		want   string // prefix of the Authorization header
		scheme string // auth.scheme_id of the identity and signing durations
	}{
		{"bearer token", with(map[string]string{"AWS_BEARER_TOKEN_BEDROCK": "tok-123"}), "Bearer tok-123", signer.SchemeIDBearer},
		{"preference puts sigv4 first", with(map[string]string{"AWS_BEARER_TOKEN_BEDROCK": "tok-123", "AWS_AUTH_SCHEME_PREFERENCE": "sigv4, httpBearerAuth"}), "AWS4-HMAC-SHA256 ", signer.SchemeIDSigV4},
		{"no token", with(nil), "AWS4-HMAC-SHA256 ", signer.SchemeIDSigV4},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			srv := newAuthServer(t)
			mp := &obstest.MeterProvider{}
			c := bedrockruntime.NewFromConfig(load(t, tt.env), func(o *bedrockruntime.Options) {
				o.BaseEndpoint, o.HTTPClient, o.MeterProvider = srv.URL, srv.Client(), mp
			})
			if _, err := c.ListAsyncInvokes(context.Background(), &bedrockruntime.ListAsyncInvokesInput{}); err != nil {
				t.Fatal(err)
			}
			if got := srv.last(); !strings.HasPrefix(got, tt.want) {
				t.Errorf("Authorization = %q; want %q...", got, tt.want)
			}
			for _, name := range []string{awsmw.MetricResolveIdentityDuration, awsmw.MetricSigningDuration} {
				if pts := mp.Points(name); len(pts) != 1 || !pts[0].Has(map[string]any{"auth.scheme_id": tt.scheme}) {
					t.Errorf("%s points %+v; want one with auth.scheme_id=%s", name, pts, tt.scheme)
				}
			}
		})
	}
}

// TestBearerTokenNeedsHTTPS: a bearer token is never sent in the clear.
func TestBearerTokenNeedsHTTPS(t *testing.T) {
	var hits int
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { hits++ }))
	defer srv.Close()
	cfg := load(t, map[string]string{"AWS_BEARER_TOKEN_BEDROCK": "tok-123", "AWS_REGION": "us-east-1"})
	c := bedrockruntime.NewFromConfig(cfg, func(o *bedrockruntime.Options) { o.BaseEndpoint = srv.URL })
	_, err := c.ListAsyncInvokes(context.Background(), &bedrockruntime.ListAsyncInvokesInput{})
	if err == nil || !strings.Contains(err.Error(), "https") || hits != 0 {
		t.Errorf("err = %v, %d request(s); want an https error and nothing sent", err, hits)
	}
}
