package stscreds_test

import (
	"context"
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/aws/smithy-go"

	"github.com/nimbus-sdk/nimbus/credentials"
	"github.com/nimbus-sdk/nimbus/credentials/credentialstest"
	"github.com/nimbus-sdk/nimbus/credentials/stscreds"
)

func writeFile(t *testing.T, path, data string) {
	t.Helper()
	if err := os.WriteFile(path, []byte(data), 0o600); err != nil {
		t.Fatal(err)
	}
}

func TestWebIdentityRoleProvider(t *testing.T) {
	fake := &fakeSTS{}
	tokenFile := filepath.Join(t.TempDir(), "token")
	writeFile(t, tokenFile, "first-token\n")
	p := stscreds.NewWebIdentityRoleProvider(stscreds.WebIdentityRoleOptions{
		RoleARN:      fakeRoleARN,
		TokenFile:    tokenFile,
		Region:       "us-west-2",
		BaseEndpoint: startSTS(t, fake),
		Now:          fixedNow,
	})

	got, err := p.Retrieve(context.Background())
	if err != nil {
		t.Fatalf("Retrieve: %v", err)
	}
	if d := credentialstest.Diff(got, wantCreds(stscreds.WebIdentitySource)); d != "" {
		t.Errorf("Retrieve: %s", d)
	}
	form, auth := fake.last(t)
	for k, want := range map[string]string{
		"Action": "AssumeRoleWithWebIdentity", "RoleArn": fakeRoleARN,
		"RoleSessionName": "nimbus-1700000000000000000", "WebIdentityToken": "first-token",
		"DurationSeconds": "",
	} {
		if got := form.Get(k); got != want {
			t.Errorf("form %s = %q; want %q", k, got, want)
		}
	}
	if auth != "" {
		t.Errorf("Authorization = %q; want an unsigned request", auth)
	}

	// The token is read again on every call.
	writeFile(t, tokenFile, "second-token")
	if _, err := p.Retrieve(context.Background()); err != nil {
		t.Fatalf("second Retrieve: %v", err)
	}
	if form, _ := fake.last(t); form.Get("WebIdentityToken") != "second-token" {
		t.Errorf("second WebIdentityToken = %q; want %q", form.Get("WebIdentityToken"), "second-token")
	}
}

func TestWebIdentityRoleProviderErrors(t *testing.T) {
	dir := t.TempDir()
	token := filepath.Join(dir, "token")
	writeFile(t, token, "SECRET-JWT")
	empty := filepath.Join(dir, "empty")
	writeFile(t, empty, " \n")
	tests := []struct {
		name      string
		opts      stscreds.WebIdentityRoleOptions
		errCode   string
		wantIs    error
		wantCode  string
		wantCalls int
	}{
		{name: "no role", opts: stscreds.WebIdentityRoleOptions{TokenFile: token}, wantIs: stscreds.ErrMissingRoleARN},
		{name: "missing token file", opts: stscreds.WebIdentityRoleOptions{RoleARN: fakeRoleARN, TokenFile: filepath.Join(dir, "nope")}, wantIs: fs.ErrNotExist},
		{name: "empty token file", opts: stscreds.WebIdentityRoleOptions{RoleARN: fakeRoleARN, TokenFile: empty}},
		{name: "no token file", opts: stscreds.WebIdentityRoleOptions{RoleARN: fakeRoleARN}},
		{
			name: "invalid token", opts: stscreds.WebIdentityRoleOptions{RoleARN: fakeRoleARN, TokenFile: token},
			errCode: "InvalidIdentityToken", wantCode: "InvalidIdentityToken", wantCalls: 1,
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			fake := &fakeSTS{errCode: tt.errCode}
			o := tt.opts
			o.BaseEndpoint = startSTS(t, fake)
			_, err := stscreds.NewWebIdentityRoleProvider(o).Retrieve(context.Background())
			var serr *stscreds.Error
			if !errors.As(err, &serr) || serr.Op != "AssumeRoleWithWebIdentity" {
				t.Fatalf("Retrieve error = %v; want *stscreds.Error for AssumeRoleWithWebIdentity", err)
			}
			if tt.wantIs != nil && !errors.Is(err, tt.wantIs) {
				t.Errorf("Retrieve error = %v; want one wrapping %v", err, tt.wantIs)
			}
			if strings.Contains(err.Error(), "SECRET-JWT") {
				t.Errorf("Retrieve error %q quotes the token", err)
			}
			if tt.wantCode != "" {
				// The wire code is "InvalidIdentityToken"; the modeled
				// type's own code adds "Exception".
				var api smithy.APIError
				if !errors.As(err, &api) || !strings.HasPrefix(api.ErrorCode(), tt.wantCode) {
					t.Errorf("Retrieve error = %v; want an APIError with code %s", err, tt.wantCode)
				}
			}
			if got := fake.count(); got != tt.wantCalls {
				t.Errorf("STS got %d requests; want %d", got, tt.wantCalls)
			}
		})
	}
}

func TestWebIdentityRoleProviderConformance(t *testing.T) {
	credentialstest.RunProviderTests(t, func(t *testing.T) credentials.Provider {
		tokenFile := filepath.Join(t.TempDir(), "token")
		writeFile(t, tokenFile, "tok")
		return stscreds.NewWebIdentityRoleProvider(stscreds.WebIdentityRoleOptions{
			RoleARN:      fakeRoleARN,
			TokenFile:    tokenFile,
			BaseEndpoint: startSTS(t, &fakeSTS{}),
		})
	}, wantCreds(stscreds.WebIdentitySource))
}
