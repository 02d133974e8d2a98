package config

import (
	"context"
	"os"
	"path/filepath"
	"testing"

	"github.com/nimbus-sdk/nimbus/internal/testenv/obstest"
)

// The STS calls config.Load's credential providers make are traced and
// measured by the providers given to Load, like any client's.
func TestCredentialCallsTraced(t *testing.T) {
	fake := &fakeSTS{}
	env := fakeEnv{"AWS_ENDPOINT_URL_STS": fake.start(t), "AWS_REGION": "eu-west-1", "AWS_PROFILE": "a"}
	home, opt := setup(t, testFiles{
		config: "[profile a]\nrole_arn = " + roleA + "\nsource_profile = w\n" +
			"[profile w]\nrole_arn = " + roleB + "\nweb_identity_token_file = ~/token\n",
	}, env)
	os.WriteFile(filepath.Join(home, "token"), []byte("web-token"), 0o600)
	tp, mp := &obstest.TracerProvider{}, &obstest.MeterProvider{}
	cfg, err := Load(context.Background(), opt, func(o *LoadOptions) {
		o.TracerProvider, o.MeterProvider = tp, mp
	})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := cfg.Credentials.Retrieve(context.Background()); err != nil {
		t.Fatal(err)
	}
	for _, name := range []string{"STS.AssumeRoleWithWebIdentity", "STS.AssumeRole"} {
		if n := len(tp.Named(name)); n != 1 {
			t.Errorf("%d %s spans; want 1. Spans:\n%s", n, name, tp.Tree())
		}
	}
	if got := mp.Sum("client.call.attempts", map[string]any{"rpc.method": "AssumeRole"}); got != 1 {
		t.Errorf("client.call.attempts for AssumeRole = %v; want 1 (metrics: %v)", got, mp.Names())
	}
	if len(fake.log()) != 2 {
		t.Errorf("STS calls %q; want 2", fake.log())
	}
}
