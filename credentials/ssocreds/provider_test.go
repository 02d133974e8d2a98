package ssocreds_test

import (
	"context"
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
	"time"

	"github.com/nimbus-sdk/nimbus/credentials"
	"github.com/nimbus-sdk/nimbus/credentials/credentialstest"
	"github.com/nimbus-sdk/nimbus/credentials/ssocreds"
)

var now = time.Date(2025, 6, 1, 12, 0, 0, 0, time.UTC)

func wantCreds() credentials.Credentials {
	return credentials.Credentials{
		AccessKeyID:     fakeKeyID,
		SecretAccessKey: fakeSecret,
		SessionToken:    fakeSession,
		Source:          ssocreds.Source,
		CanExpire:       true,
		Expires:         time.UnixMilli(fakeExpiry).UTC(),
		AccountID:       fakeAccount,
	}
}

// writeCache writes a token cache file for session "dev" under home and
// returns its path.
func writeCache(t *testing.T, home string, fields map[string]any) string {
	t.Helper()
	path := ssocreds.TokenCachePath(home, "dev")
	if err := os.MkdirAll(filepath.Dir(path), 0o700); err != nil {
		t.Fatal(err)
	}
	data, _ := json.Marshal(fields)
	if err := os.WriteFile(path, data, 0o600); err != nil {
		t.Fatal(err)
	}
	return path
}

func readCache(t *testing.T, path string) map[string]any {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	var m map[string]any
	if err := json.Unmarshal(data, &m); err != nil {
		t.Fatal(err)
	}
	return m
}

func newProvider(home, url string) *ssocreds.Provider {
	return ssocreds.New(ssocreds.Options{
		AccountID:    fakeAccount,
		RoleName:     fakeRole,
		Region:       "eu-west-1",
		SessionName:  "dev",
		StartURL:     "https://example.awsapps.com/start",
		HomeDir:      home,
		SSOEndpoint:  url,
		OIDCEndpoint: url,
		Now:          func() time.Time { return now },
	})
}

func TestTokenCachePath(t *testing.T) {
	// The file names "aws sso login" uses: the SHA-1 of the session name
	// or, for legacy profiles, of the start URL.
	tests := []struct{ key, want string }{
		{"admin", "d033e22ae348aeb5660fc2140aec35850c4da997.json"},
		{"https://d-abc123.awsapps.com/start", "40a89917e3175433e361b710a9d43528d7f1890a.json"},
	}
	for _, tt := range tests {
		got := ssocreds.TokenCachePath("/home/u", tt.key)
		want := filepath.Join("/home/u", ".aws", "sso", "cache", tt.want)
		if got != want {
			t.Errorf("TokenCachePath(%q) = %q; want %q", tt.key, got, want)
		}
	}
}

func TestProviderValidToken(t *testing.T) {
	home := t.TempDir()
	fake := &fakeSSO{validToken: "cached-token"}
	url := startSSO(t, fake)
	path := writeCache(t, home, map[string]any{
		"accessToken": "cached-token",
		"expiresAt":   now.Add(time.Hour).Format(time.RFC3339),
		"startUrl":    "https://example.awsapps.com/start",
		"region":      "eu-west-1",
	})
	before, _ := os.ReadFile(path)

	got, err := newProvider(home, url).Retrieve(context.Background())
	if err != nil {
		t.Fatalf("Retrieve: %v", err)
	}
	if d := credentialstest.Diff(got, wantCreds()); d != "" {
		t.Errorf("Retrieve: %s", d)
	}
	if role, token := fake.calls(); role != 1 || token != 0 {
		t.Errorf("calls: GetRoleCredentials %d, CreateToken %d; want 1, 0", role, token)
	}
	if after, _ := os.ReadFile(path); string(after) != string(before) {
		t.Errorf("cache file rewritten without a refresh")
	}
}

func TestProviderRefresh(t *testing.T) {
	tests := []struct {
		name      string
		expiresAt time.Time
	}{
		{"expired", now.Add(-time.Hour)},
		{"inside refresh window", now.Add(ssocreds.RefreshWindow / 2)},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			home := t.TempDir()
			fake := &fakeSSO{
				validToken: "old-token", refreshToken: "refresh-1",
				newAccessToken: "new-token", newRefreshToken: "refresh-2",
			}
			url := startSSO(t, fake)
			path := writeCache(t, home, map[string]any{
				"accessToken":           "old-token",
				"expiresAt":             tt.expiresAt.Format(time.RFC3339),
				"refreshToken":          "refresh-1",
				"clientId":              "client-1",
				"clientSecret":          "client-secret",
				"registrationExpiresAt": now.Add(30 * 24 * time.Hour).Format(time.RFC3339),
				"region":                "eu-west-1",
				"startUrl":              "https://example.awsapps.com/start",
				"somethingElse":         "kept",
			})

			got, err := newProvider(home, url).Retrieve(context.Background())
			if err != nil {
				t.Fatalf("Retrieve: %v", err)
			}
			if d := credentialstest.Diff(got, wantCreds()); d != "" {
				t.Errorf("Retrieve: %s", d)
			}
			if fake.lastTokenReq["clientId"] != "client-1" || fake.lastTokenReq["clientSecret"] != "client-secret" {
				t.Errorf("CreateToken request = %v; want the cached client registration", fake.lastTokenReq)
			}
			m := readCache(t, path)
			for k, want := range map[string]any{
				"accessToken":   "new-token",
				"refreshToken":  "refresh-2",
				"expiresAt":     now.Add(time.Hour).Format(time.RFC3339),
				"clientId":      "client-1",
				"somethingElse": "kept",
			} {
				if m[k] != want {
					t.Errorf("cache %s = %v; want %v", k, m[k], want)
				}
			}
			if runtime.GOOS != "windows" {
				if fi, err := os.Stat(path); err != nil || fi.Mode().Perm() != 0o600 {
					t.Errorf("cache file mode = %v, %v; want 0600", fi.Mode().Perm(), err)
				}
			}
			entries, _ := os.ReadDir(filepath.Dir(path))
			if len(entries) != 1 {
				t.Errorf("cache dir has %d entries; want 1 (no temporary file left)", len(entries))
			}
		})
	}
}

func TestProviderRefreshFailsButTokenStillValid(t *testing.T) {
	home := t.TempDir()
	fake := &fakeSSO{validToken: "old-token", refreshToken: "other"}
	url := startSSO(t, fake)
	writeCache(t, home, map[string]any{
		"accessToken": "old-token", "expiresAt": now.Add(time.Minute).Format(time.RFC3339),
		"refreshToken": "refresh-1", "clientId": "c", "clientSecret": "s",
	})
	if _, err := newProvider(home, url).Retrieve(context.Background()); err != nil {
		t.Fatalf("Retrieve: %v; want the still-valid token used", err)
	}
	if _, token := fake.calls(); token != 1 {
		t.Errorf("CreateToken calls = %d; want 1", token)
	}
}

func TestProviderInvalidToken(t *testing.T) {
	expired := now.Add(-time.Minute).Format(time.RFC3339)
	tests := []struct {
		name       string
		cache      map[string]any // nil: no cache file
		raw        string         // if set, written as the cache file
		wantReason string
		wantCalls  [2]int // GetRoleCredentials, CreateToken
	}{
		{name: "no cache", wantReason: "no cached token"},
		{name: "not json", raw: "{", wantReason: "unreadable token cache"},
		{name: "bad expiresAt", cache: map[string]any{"accessToken": "t", "expiresAt": "tomorrow"}, wantReason: "unreadable token cache"},
		{name: "expired legacy", cache: map[string]any{"accessToken": "t", "expiresAt": expired}, wantReason: "cannot be refreshed"},
		{
			name: "registration expired",
			cache: map[string]any{
				"accessToken": "t", "expiresAt": expired, "refreshToken": "r", "clientId": "c", "clientSecret": "s",
				"registrationExpiresAt": expired,
			},
			wantReason: "cannot be refreshed",
		},
		{
			name:       "refresh rejected",
			cache:      map[string]any{"accessToken": "t", "expiresAt": expired, "refreshToken": "r", "clientId": "c", "clientSecret": "s"},
			wantReason: "refresh failed",
			wantCalls:  [2]int{0, 1},
		},
		{
			name:       "token rejected",
			cache:      map[string]any{"accessToken": "revoked", "expiresAt": now.Add(time.Hour).Format(time.RFC3339)},
			wantReason: "rejected",
			wantCalls:  [2]int{1, 0},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			home := t.TempDir()
			fake := &fakeSSO{validToken: "good", refreshToken: "other"}
			url := startSSO(t, fake)
			path := ssocreds.TokenCachePath(home, "dev")
			switch {
			case tt.raw != "":
				writeCache(t, home, nil)
				os.WriteFile(path, []byte(tt.raw), 0o600)
			case tt.cache != nil:
				writeCache(t, home, tt.cache)
			}
			_, err := newProvider(home, url).Retrieve(context.Background())
			var ite *ssocreds.InvalidTokenError
			if !errors.As(err, &ite) {
				t.Fatalf("Retrieve error = %v; want *ssocreds.InvalidTokenError", err)
			}
			if !strings.Contains(ite.Reason, tt.wantReason) || ite.CachePath != path || ite.SessionName != "dev" {
				t.Errorf("error = %+v; want reason containing %q for %s", ite, tt.wantReason, path)
			}
			if msg := err.Error(); !strings.Contains(msg, "SSO session has expired or is invalid; run aws sso login --sso-session dev") {
				t.Errorf("Error() = %q; want it to tell the user to run aws sso login", msg)
			}
			if strings.Contains(err.Error(), "revoked") {
				t.Errorf("Error() = %q quotes the token", err)
			}
			if role, token := fake.calls(); [2]int{role, token} != tt.wantCalls {
				t.Errorf("calls = %d, %d; want %v", role, token, tt.wantCalls)
			}
		})
	}
}

func TestProviderMissingOptions(t *testing.T) {
	tests := []struct {
		name string
		edit func(*ssocreds.Options)
	}{
		{"account", func(o *ssocreds.Options) { o.AccountID = "" }},
		{"role", func(o *ssocreds.Options) { o.RoleName = "" }},
		{"region", func(o *ssocreds.Options) { o.Region = "" }},
		{"cache key", func(o *ssocreds.Options) { o.SessionName, o.StartURL = "", "" }},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			o := ssocreds.Options{AccountID: fakeAccount, RoleName: fakeRole, Region: "eu-west-1", SessionName: "dev", HomeDir: t.TempDir()}
			tt.edit(&o)
			_, err := ssocreds.New(o).Retrieve(context.Background())
			var e *ssocreds.Error
			if !errors.As(err, &e) {
				t.Fatalf("Retrieve error = %v; want *ssocreds.Error", err)
			}
		})
	}
}

func TestProviderConformance(t *testing.T) {
	credentialstest.RunProviderTests(t, func(t *testing.T) credentials.Provider {
		home := t.TempDir()
		url := startSSO(t, &fakeSSO{validToken: "cached-token"})
		writeCache(t, home, map[string]any{"accessToken": "cached-token", "expiresAt": now.Add(time.Hour).Format(time.RFC3339)})
		return newProvider(home, url)
	}, wantCreds())
}
