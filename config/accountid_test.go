package config

import (
	"context"
	"errors"
	"testing"

	"github.com/nimbus-sdk/nimbus/config/aws"
)

// TestLoadAccountIDEndpointMode checks where Config.AccountIDEndpointMode
// comes from (LoadOptions, then AWS_ACCOUNT_ID_ENDPOINT_MODE, then the
// profile's account_id_endpoint_mode, else preferred, as in
// aws-sdk-go-v2), and that static keys carry their account from
// AWS_ACCOUNT_ID or aws_account_id.
func TestLoadAccountIDEndpointMode(t *testing.T) {
	tests := []struct {
		name        string
		files       testFiles
		env         fakeEnv
		opt         aws.AccountIDEndpointMode
		wantMode    aws.AccountIDEndpointMode
		wantAccount string
	}{
		{name: "default", wantMode: aws.AccountIDEndpointModePreferred},
		{
			name:     "profile",
			files:    testFiles{config: "[default]\naccount_id_endpoint_mode = disabled\n"},
			wantMode: aws.AccountIDEndpointModeDisabled,
		},
		{
			name:     "env beats profile",
			files:    testFiles{config: "[default]\naccount_id_endpoint_mode = disabled\n"},
			env:      fakeEnv{"AWS_ACCOUNT_ID_ENDPOINT_MODE": "required"},
			wantMode: aws.AccountIDEndpointModeRequired,
		},
		{
			name:     "LoadOptions beat env",
			env:      fakeEnv{"AWS_ACCOUNT_ID_ENDPOINT_MODE": "required"},
			opt:      aws.AccountIDEndpointModeDisabled,
			wantMode: aws.AccountIDEndpointModeDisabled,
		},
		{
			name:        "env keys with AWS_ACCOUNT_ID",
			env:         fakeEnv{"AWS_ACCESS_KEY_ID": "AKID", "AWS_SECRET_ACCESS_KEY": "SECRET", "AWS_ACCOUNT_ID": "111122223333"},
			wantMode:    aws.AccountIDEndpointModePreferred,
			wantAccount: "111122223333",
		},
		{
			name:        "profile keys with aws_account_id",
			files:       testFiles{credentials: "[default]\naws_access_key_id = AKID\naws_secret_access_key = SECRET\naws_account_id = 444455556666\n"},
			wantMode:    aws.AccountIDEndpointModePreferred,
			wantAccount: "444455556666",
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, opt := setup(t, tt.files, tt.env)
			cfg, err := Load(context.Background(), opt, func(o *LoadOptions) { o.AccountIDEndpointMode = tt.opt })
			if err != nil {
				t.Fatal(err)
			}
			if cfg.AccountIDEndpointMode != tt.wantMode {
				t.Errorf("AccountIDEndpointMode = %q; want %q", cfg.AccountIDEndpointMode, tt.wantMode)
			}
			if tt.wantAccount == "" {
				return
			}
			creds, err := cfg.Credentials.Retrieve(context.Background())
			if err != nil {
				t.Fatal(err)
			}
			if creds.AccountID != tt.wantAccount {
				t.Errorf("Credentials.AccountID = %q; want %q", creds.AccountID, tt.wantAccount)
			}
		})
	}
}

func TestLoadAccountIDEndpointModeInvalid(t *testing.T) {
	for _, tt := range []struct {
		name   string
		files  testFiles
		env    fakeEnv
		opt    aws.AccountIDEndpointMode
		source string
	}{
		{name: "env", env: fakeEnv{"AWS_ACCOUNT_ID_ENDPOINT_MODE": "sometimes"}, source: "env AWS_ACCOUNT_ID_ENDPOINT_MODE"},
		{name: "profile", files: testFiles{config: "[default]\naccount_id_endpoint_mode = on\n"}, source: "profile default in "},
		{name: "LoadOptions", opt: "off", source: "LoadOptions.AccountIDEndpointMode"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			_, opt := setup(t, tt.files, tt.env)
			_, err := Load(context.Background(), opt, func(o *LoadOptions) { o.AccountIDEndpointMode = tt.opt })
			var ve *ValidationError
			if !errors.As(err, &ve) || ve.Key != "account_id_endpoint_mode" || len(ve.Source) < len(tt.source) || ve.Source[:len(tt.source)] != tt.source {
				t.Fatalf("Load error = %v; want a *ValidationError for account_id_endpoint_mode from %s", err, tt.source)
			}
		})
	}
}
