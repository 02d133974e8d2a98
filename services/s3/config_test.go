package s3_test

import (
	"context"
	"testing"
	"time"

	"github.com/nimbus-sdk/nimbus/config"
	"github.com/nimbus-sdk/nimbus/middleware/retry"
	"github.com/nimbus-sdk/nimbus/services/s3"
	v4 "github.com/nimbus-sdk/nimbus/signer/v4"
)

// TestNewFromConfigCarriesEverything: the client settings config.Config
// carries reach a client made with NewFromConfig, and the Retryer
// function gives each client its own Retryer.
func TestNewFromConfigCarriesEverything(t *testing.T) {
	env := map[string]string{"AWS_REGION": "eu-west-1", "NIMBUS_ATTEMPT_TIMEOUT": "7s", "AWS_EC2_METADATA_DISABLED": "true"}
	signer := v4.NewSigner()
	cfg, err := config.Load(context.Background(), func(o *config.LoadOptions) {
		o.Getenv = func(k string) string { return env[k] }
		o.ConfigFiles, o.CredentialsFiles = []string{}, []string{}
		o.Retryer = func() retry.Retryer { return retry.AddWithMaxAttempts(retry.NewStandard(), 7) }
		o.MaxResponseBytes = 1 << 20
		o.DisableUnsafeRetries = true
		o.HTTPSignerV4 = signer
		o.BaseEndpoint = "http://127.0.0.1:9000"
	})
	if err != nil {
		t.Fatal(err)
	}
	a, b := s3.NewFromConfig(cfg).Options(), s3.NewFromConfig(cfg).Options()
	if a.AttemptTimeout != 7*time.Second || a.MaxResponseBytes != 1<<20 || !a.DisableUnsafeRetries ||
		a.HTTPSignerV4 != signer || a.BaseEndpoint != "http://127.0.0.1:9000" || a.Retryer == nil || a.Retryer.MaxAttempts() != 7 {
		t.Errorf("Options = %+v; want the Config's settings", a)
	}
	if a.Retryer == b.Retryer {
		t.Error("two clients share one Retryer; want one each")
	}
}
