package sts_test

import (
	"context"
	"net/http"
	"net/http/httptest"
	"testing"

	"github.com/nimbus-sdk/nimbus/config"
	"github.com/nimbus-sdk/nimbus/credentials"
	"github.com/nimbus-sdk/nimbus/internal/testenv/sigtest"
	"github.com/nimbus-sdk/nimbus/services/sts"
	"github.com/nimbus-sdk/nimbus/signer/v4a"
)

// TestSigV4AFromConfig: STS offers aws.auth#sigv4a; preferring it (here
// from the environment) signs calls with SigV4a, over the region set from
// AWS_SIGV4A_SIGNING_REGION_SET or else the client's region, and the
// signature verifies with the key derived from the caller's secret.
func TestSigV4AFromConfig(t *testing.T) {
	pub, err := v4a.PublicKey(credentials.Credentials{AccessKeyID: "AKIDEXAMPLE", SecretAccessKey: "SECRET"})
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name, regionSet, want string
	}{
		{"region set from the environment", "us-east-1, us-west-2", "us-east-1,us-west-2"},
		{"client region", "", "eu-west-1"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var got http.Header
			srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				got = r.Header.Clone()
				if _, err := sigtest.VerifyV4A(r, pub, false); err != nil {
					t.Error(err)
				}
				w.Header().Set("Content-Type", "text/xml")
				w.Write([]byte(callerIdentity))
			}))
			defer srv.Close()
			env := map[string]string{
				"AWS_REGION": "eu-west-1", "AWS_ACCESS_KEY_ID": "AKIDEXAMPLE", "AWS_SECRET_ACCESS_KEY": "SECRET",
				"AWS_AUTH_SCHEME_PREFERENCE": "sigv4a", "AWS_SIGV4A_SIGNING_REGION_SET": tt.regionSet,
				"AWS_ENDPOINT_URL": srv.URL,
			}
			cfg, err := config.Load(context.Background(), func(o *config.LoadOptions) {
				o.Getenv = func(k string) string { return env[k] }
				o.ConfigFiles, o.CredentialsFiles = []string{}, []string{}
			})
			if err != nil {
				t.Fatal(err)
			}
			if _, err := sts.NewFromConfig(cfg).GetCallerIdentity(context.Background(), &sts.GetCallerIdentityInput{}); err != nil {
				t.Fatal(err)
			}
			if got.Get("X-Amz-Region-Set") != tt.want {
				t.Errorf("X-Amz-Region-Set = %q; want %q", got.Get("X-Amz-Region-Set"), tt.want)
			}
		})
	}
}
