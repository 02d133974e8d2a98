package config

import (
	"context"
	"encoding/json"
	"errors"
	"net"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/nimbus-sdk/nimbus/credentials"
	"github.com/nimbus-sdk/nimbus/credentials/container"
	"github.com/nimbus-sdk/nimbus/credentials/imds"
	"github.com/nimbus-sdk/nimbus/credentials/ssocreds"
)

const (
	roleA = "arn:aws:iam::123456789012:role/a"
	roleB = "arn:aws:iam::123456789012:role/b"
)

// loadAndRetrieve loads the config and retrieves its credentials.
func loadAndRetrieve(t *testing.T, files testFiles, env fakeEnv, opts ...func(*LoadOptions)) (credentials.Credentials, error) {
	t.Helper()
	_, opt := setup(t, files, env)
	cfg, err := Load(context.Background(), append([]func(*LoadOptions){opt}, opts...)...)
	if err != nil {
		t.Fatalf("Load: %v", err)
	}
	if cfg.Credentials == nil {
		t.Fatal("Load: no credentials provider")
	}
	return cfg.Credentials.Retrieve(context.Background())
}

func TestAssumeRoleCredentials(t *testing.T) {
	tests := []struct {
		name      string
		files     testFiles
		env       fakeEnv
		opts      func(*LoadOptions)
		wantKey   string
		wantCalls []string
		wantForm  map[string]string
	}{
		{
			name: "source_profile chain to static keys",
			files: testFiles{
				config: "[profile a]\nrole_arn = " + roleA + "\nsource_profile = b\n" +
					"[profile b]\nrole_arn = " + roleB + "\nsource_profile = c\n",
				credentials: "[c]\naws_access_key_id = AKIDC\naws_secret_access_key = SECRETC\n",
			},
			env:       fakeEnv{"AWS_PROFILE": "a"},
			wantKey:   "ASIA-a",
			wantCalls: []string{"AssumeRole b by AKIDC", "AssumeRole a by ASIA-b"},
			wantForm:  map[string]string{"DurationSeconds": "3600"},
		},
		{
			name: "source profile with static keys and a role uses the keys",
			files: testFiles{
				config:      "[profile a]\nrole_arn = " + roleA + "\nsource_profile = b\n[profile b]\nrole_arn = " + roleB + "\nsource_profile = a\n",
				credentials: "[b]\naws_access_key_id = AKIDB\naws_secret_access_key = SECRETB\n",
			},
			env:       fakeEnv{"AWS_PROFILE": "a"},
			wantKey:   "ASIA-a",
			wantCalls: []string{"AssumeRole a by AKIDB"},
		},
		{
			name: "self-referencing source_profile with static keys",
			files: testFiles{
				config:      "[profile a]\nrole_arn = " + roleA + "\nsource_profile = a\n",
				credentials: "[a]\naws_access_key_id = AKIDA\naws_secret_access_key = SECRETA\n",
			},
			env:       fakeEnv{"AWS_PROFILE": "a"},
			wantKey:   "ASIA-a",
			wantCalls: []string{"AssumeRole a by AKIDA"},
		},
		{
			name:      "credential_source Environment",
			files:     testFiles{config: "[profile a]\nrole_arn = " + roleA + "\ncredential_source = Environment\n"},
			env:       fakeEnv{"AWS_ACCESS_KEY_ID": "AKIDENV", "AWS_SECRET_ACCESS_KEY": "ENVSECRET"},
			opts:      func(o *LoadOptions) { o.Profile = "a" },
			wantKey:   "ASIA-a",
			wantCalls: []string{"AssumeRole a by AKIDENV"},
		},
		{
			name: "role settings and MFA",
			files: testFiles{
				config: "[profile a]\nrole_arn = " + roleA + "\nsource_profile = c\nexternal_id = ext\n" +
					"duration_seconds = 900\nrole_session_name = me\nmfa_serial = arn:aws:iam::123456789012:mfa/me\n",
				credentials: "[c]\naws_access_key_id = AKIDC\naws_secret_access_key = SECRETC\n",
			},
			env:       fakeEnv{"AWS_PROFILE": "a"},
			opts:      func(o *LoadOptions) { o.MFATokenProvider = func() (string, error) { return "123456", nil } },
			wantKey:   "ASIA-a",
			wantCalls: []string{"AssumeRole a by AKIDC"},
			wantForm: map[string]string{
				"ExternalId": "ext", "DurationSeconds": "900", "RoleSessionName": "me",
				"SerialNumber": "arn:aws:iam::123456789012:mfa/me", "TokenCode": "123456",
			},
		},
		{
			name: "source profile with web identity",
			files: testFiles{
				config: "[profile a]\nrole_arn = " + roleA + "\nsource_profile = w\n" +
					"[profile w]\nrole_arn = " + roleB + "\nweb_identity_token_file = ~/token\n",
			},
			env:       fakeEnv{"AWS_PROFILE": "a"},
			wantKey:   "ASIA-a",
			wantCalls: []string{"AssumeRoleWithWebIdentity b by (unsigned)", "AssumeRole a by ASIA-b"},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			fake := &fakeSTS{}
			env := fakeEnv{"AWS_ENDPOINT_URL_STS": fake.start(t), "AWS_REGION": "eu-west-1"}
			for k, v := range tt.env {
				env[k] = v
			}
			home, opt := setup(t, tt.files, env)
			os.WriteFile(filepath.Join(home, "token"), []byte("web-token"), 0o600)
			opts := []func(*LoadOptions){opt}
			if tt.opts != nil {
				opts = append(opts, tt.opts)
			}
			cfg, err := Load(context.Background(), opts...)
			if err != nil {
				t.Fatalf("Load: %v", err)
			}
			got, err := cfg.Credentials.Retrieve(context.Background())
			if err != nil {
				t.Fatalf("Retrieve: %v", err)
			}
			if got.AccessKeyID != tt.wantKey || got.Source != "AssumeRoleProvider" || got.AccountID != "123456789012" || !got.CanExpire {
				t.Errorf("Retrieve = %v (account %q); want %s from AssumeRoleProvider, account 123456789012", got, got.AccountID, tt.wantKey)
			}
			if calls := fake.log(); !reflect.DeepEqual(calls, tt.wantCalls) {
				t.Errorf("STS calls = %q; want %q", calls, tt.wantCalls)
			}
			form := fake.last().Form
			for k, want := range tt.wantForm {
				if form[k] != want {
					t.Errorf("AssumeRole %s = %q; want %q", k, form[k], want)
				}
			}
			if _, ok := cfg.Credentials.(*credentials.Cache); !ok {
				t.Errorf("Credentials is %T; want *credentials.Cache", cfg.Credentials)
			}
		})
	}
}

func TestWebIdentityCredentials(t *testing.T) {
	tests := []struct {
		name        string
		config      string
		env         fakeEnv
		wantSession string // "" for the generated one
	}{
		{
			name: "env",
			env:  fakeEnv{"AWS_WEB_IDENTITY_TOKEN_FILE": "~/token", "AWS_ROLE_ARN": roleB, "AWS_ROLE_SESSION_NAME": "pod"},
			// The profile's settings lose to the environment's.
			config:      "[default]\nrole_session_name = other\n",
			wantSession: "pod",
		},
		{
			name:   "profile",
			config: "[default]\nweb_identity_token_file = ~/token\nrole_arn = " + roleB + "\n",
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			fake := &fakeSTS{}
			env := fakeEnv{"AWS_ENDPOINT_URL_STS": fake.start(t)}
			for k, v := range tt.env {
				env[k] = v
			}
			home, opt := setup(t, testFiles{config: tt.config}, env)
			os.WriteFile(filepath.Join(home, "token"), []byte("web-token\n"), 0o600)
			cfg, err := Load(context.Background(), opt)
			if err != nil {
				t.Fatalf("Load: %v", err)
			}
			got, err := cfg.Credentials.Retrieve(context.Background())
			if err != nil {
				t.Fatalf("Retrieve: %v", err)
			}
			if got.AccessKeyID != "ASIA-b" || got.Source != "WebIdentityCredentials" {
				t.Errorf("Retrieve = %v; want ASIA-b from WebIdentityCredentials", got)
			}
			c := fake.last()
			if c.Form["WebIdentityToken"] != "web-token" || c.Signer != "" {
				t.Errorf("request token %q, signer %q; want web-token, unsigned", c.Form["WebIdentityToken"], c.Signer)
			}
			if tt.wantSession != "" && c.Session != tt.wantSession || tt.wantSession == "" && !strings.HasPrefix(c.Session, "nimbus-") {
				t.Errorf("RoleSessionName = %q; want %q", c.Session, tt.wantSession)
			}
		})
	}
}

func TestCredentialConfigErrors(t *testing.T) {
	staticC := "[c]\naws_access_key_id = AKIDC\naws_secret_access_key = SECRETC\n"
	tests := []struct {
		name    string
		files   testFiles
		env     fakeEnv
		check   func(t *testing.T, err error)
		wantKey string // ValidationError or PartialCredentialsError key
	}{
		{
			name:  "cycle",
			files: testFiles{config: "[profile a]\nrole_arn = " + roleA + "\nsource_profile = b\n[profile b]\nrole_arn = " + roleB + "\nsource_profile = a\n"},
			check: func(t *testing.T, err error) {
				var ce *SourceProfileCycleError
				if !errors.As(err, &ce) || !reflect.DeepEqual(ce.Profiles, []string{"a", "b", "a"}) {
					t.Errorf("Load error = %v; want *SourceProfileCycleError a -> b -> a", err)
				}
			},
		},
		{
			name:  "self reference without keys",
			files: testFiles{config: "[profile a]\nrole_arn = " + roleA + "\nsource_profile = a\n"},
			check: func(t *testing.T, err error) {
				var ce *SourceProfileCycleError
				if !errors.As(err, &ce) || !reflect.DeepEqual(ce.Profiles, []string{"a", "a"}) {
					t.Errorf("Load error = %v; want *SourceProfileCycleError a -> a", err)
				}
			},
		},
		{name: "mfa without token provider", files: testFiles{config: "[profile a]\nrole_arn = " + roleA + "\nsource_profile = c\nmfa_serial = GAHT1\n", credentials: staticC}, wantKey: "mfa_serial"},
		{name: "no source", files: testFiles{config: "[profile a]\nrole_arn = " + roleA + "\n"}, wantKey: "source_profile or credential_source"},
		{name: "two sources", files: testFiles{config: "[profile a]\nrole_arn = " + roleA + "\nsource_profile = c\ncredential_source = Environment\n", credentials: staticC}, wantKey: "credential_source"},
		{name: "unknown credential_source", files: testFiles{config: "[profile a]\nrole_arn = " + roleA + "\ncredential_source = Lambda\n"}, wantKey: "credential_source"},
		{name: "credential_source Environment without keys", files: testFiles{config: "[profile a]\nrole_arn = " + roleA + "\ncredential_source = Environment\n"}, wantKey: "AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY"},
		{name: "missing source profile", files: testFiles{config: "[profile a]\nrole_arn = " + roleA + "\nsource_profile = nope\n"}, wantKey: "source_profile"},
		{name: "source profile without credentials", files: testFiles{config: "[profile a]\nrole_arn = " + roleA + "\nsource_profile = b\n[profile b]\nregion = eu-west-1\n"}, wantKey: "source_profile"},
		{name: "bad duration", files: testFiles{config: "[profile a]\nrole_arn = " + roleA + "\nsource_profile = c\nduration_seconds = 60\n", credentials: staticC}, wantKey: "duration_seconds"},
		{name: "web identity without role", env: fakeEnv{"AWS_WEB_IDENTITY_TOKEN_FILE": "/tok"}, files: testFiles{config: "[profile a]\nregion = eu-west-1\n"}, wantKey: "AWS_ROLE_ARN"},
		{name: "sso without role name", files: testFiles{config: "[profile a]\nsso_start_url = https://x.awsapps.com/start\nsso_region = eu-west-1\nsso_account_id = 123456789012\n"}, wantKey: "sso_role_name"},
		{name: "sso session section missing", files: testFiles{config: "[profile a]\nsso_session = dev\nsso_account_id = 1\nsso_role_name = r\n"}, wantKey: "sso_session"},
		{
			name: "sso start URL differs from session",
			files: testFiles{config: "[profile a]\nsso_session = dev\nsso_start_url = https://other/start\nsso_account_id = 1\nsso_role_name = r\n" +
				"[sso-session dev]\nsso_start_url = https://x.awsapps.com/start\nsso_region = eu-west-1\n"},
			wantKey: "sso_start_url",
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			env := fakeEnv{"AWS_PROFILE": "a"}
			for k, v := range tt.env {
				env[k] = v
			}
			_, opt := setup(t, tt.files, env)
			_, err := Load(context.Background(), opt)
			if err == nil {
				t.Fatal("Load succeeded; want an error")
			}
			if tt.check != nil {
				tt.check(t, err)
				return
			}
			var ve *ValidationError
			var pe *PartialCredentialsError
			switch {
			case errors.As(err, &ve):
				if ve.Key != tt.wantKey {
					t.Errorf("Load error = %v; want key %s", err, tt.wantKey)
				}
			case errors.As(err, &pe):
				if pe.Missing != tt.wantKey {
					t.Errorf("Load error = %v; want missing %s", err, tt.wantKey)
				}
			default:
				t.Errorf("Load error = %v (%T); want a *ValidationError or *PartialCredentialsError", err, err)
			}
		})
	}
}

// writeSSOToken writes a token cache file for cache key key under home.
func writeSSOToken(t *testing.T, home, key string, fields map[string]any) string {
	t.Helper()
	path := ssocreds.TokenCachePath(home, key)
	os.MkdirAll(filepath.Dir(path), 0o700)
	data, _ := json.Marshal(fields)
	if err := os.WriteFile(path, data, 0o600); err != nil {
		t.Fatal(err)
	}
	return path
}

func TestSSOCredentials(t *testing.T) {
	const (
		sessionProfile = "[profile a]\nsso_session = dev\nsso_account_id = 123456789012\nsso_role_name = Admin\n" +
			"[sso-session dev]\nsso_start_url = https://x.awsapps.com/start\nsso_region = eu-west-1\n"
		legacyProfile = "[profile a]\nsso_start_url = https://x.awsapps.com/start\nsso_region = eu-west-1\n" +
			"sso_account_id = 123456789012\nsso_role_name = Admin\n"
	)
	future := time.Now().Add(time.Hour).UTC().Format(time.RFC3339)
	past := time.Now().Add(-time.Hour).UTC().Format(time.RFC3339)
	tests := []struct {
		name      string
		config    string
		cacheKey  string         // "" writes no cache file
		token     map[string]any // cache file content
		wantCalls []string
		wantToken string // access token in the cache file afterwards
	}{
		{
			name: "session with valid token", config: sessionProfile, cacheKey: "dev",
			token:     map[string]any{"accessToken": "good", "expiresAt": future},
			wantCalls: []string{"GetRoleCredentials 123456789012 Admin"}, wantToken: "good",
		},
		{
			name: "legacy profile", config: legacyProfile, cacheKey: "https://x.awsapps.com/start",
			token:     map[string]any{"accessToken": "good", "expiresAt": future},
			wantCalls: []string{"GetRoleCredentials 123456789012 Admin"}, wantToken: "good",
		},
		{
			name: "expired token is refreshed", config: sessionProfile, cacheKey: "dev",
			token: map[string]any{
				"accessToken": "old", "expiresAt": past, "refreshToken": "refresh-1",
				"clientId": "cid", "clientSecret": "csecret", "registrationExpiresAt": future,
			},
			wantCalls: []string{"CreateToken refresh_token", "GetRoleCredentials 123456789012 Admin"},
			wantToken: "refreshed-token",
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			fake := &fakeSSO{validToken: "good", refreshToken: "refresh-1"}
			url := fake.start(t)
			home, opt := setup(t, testFiles{config: tt.config}, fakeEnv{
				"AWS_PROFILE": "a", "AWS_ENDPOINT_URL_SSO": url, "AWS_ENDPOINT_URL_SSO_OIDC": url,
			})
			path := writeSSOToken(t, home, tt.cacheKey, tt.token)
			cfg, err := Load(context.Background(), opt)
			if err != nil {
				t.Fatalf("Load: %v", err)
			}
			got, err := cfg.Credentials.Retrieve(context.Background())
			if err != nil {
				t.Fatalf("Retrieve: %v", err)
			}
			if got.AccessKeyID != "ASIA-SSO-Admin" || got.Source != ssocreds.Source || got.AccountID != "123456789012" {
				t.Errorf("Retrieve = %v; want ASIA-SSO-Admin from %s", got, ssocreds.Source)
			}
			if calls := fake.calls(); !reflect.DeepEqual(calls, tt.wantCalls) {
				t.Errorf("calls = %q; want %q", calls, tt.wantCalls)
			}
			var after map[string]any
			data, _ := os.ReadFile(path)
			json.Unmarshal(data, &after)
			if after["accessToken"] != tt.wantToken {
				t.Errorf("cached accessToken = %v; want %s", after["accessToken"], tt.wantToken)
			}
		})
	}
}

func TestSSONothingCached(t *testing.T) {
	_, err := loadAndRetrieve(t, testFiles{
		config: "[profile a]\nsso_session = dev\nsso_account_id = 1\nsso_role_name = r\n" +
			"[sso-session dev]\nsso_start_url = https://x.awsapps.com/start\nsso_region = eu-west-1\n",
	}, fakeEnv{"AWS_PROFILE": "a"})
	var ite *ssocreds.InvalidTokenError
	if !errors.As(err, &ite) {
		t.Fatalf("Retrieve error = %v; want *ssocreds.InvalidTokenError", err)
	}
	if !strings.Contains(err.Error(), "run aws sso login --sso-session dev") {
		t.Errorf("error %q does not tell the user to sign in", err)
	}
}

// TestMachineCredentials covers the end of the chain, which the other
// tests leave out (see skipMachineCredentials).
func TestMachineCredentials(t *testing.T) {
	skipMachineCredentials = false
	t.Cleanup(func() { skipMachineCredentials = true })

	agent := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Write([]byte(`{"AccessKeyId":"ASIA-CONTAINER","SecretAccessKey":"s","Token":"t","Expiration":"2030-01-02T03:04:05Z"}`))
	}))
	t.Cleanup(agent.Close)
	closed := closedURL(t)

	t.Run("container", func(t *testing.T) {
		got, err := loadAndRetrieve(t, testFiles{}, fakeEnv{"AWS_CONTAINER_CREDENTIALS_FULL_URI": agent.URL + "/creds"})
		if err != nil || got.AccessKeyID != "ASIA-CONTAINER" || got.Source != container.Source {
			t.Errorf("Retrieve = %v, %v; want ASIA-CONTAINER from %s", got, err, container.Source)
		}
	})
	t.Run("credential_source EcsContainer", func(t *testing.T) {
		fake := &fakeSTS{}
		got, err := loadAndRetrieve(t, testFiles{config: "[default]\nrole_arn = " + roleA + "\ncredential_source = EcsContainer\n"},
			fakeEnv{"AWS_CONTAINER_CREDENTIALS_FULL_URI": agent.URL + "/creds", "AWS_ENDPOINT_URL_STS": fake.start(t)})
		if err != nil || got.AccessKeyID != "ASIA-a" {
			t.Errorf("Retrieve = %v, %v; want ASIA-a", got, err)
		}
		if calls := fake.log(); !reflect.DeepEqual(calls, []string{"AssumeRole a by ASIA-CONTAINER"}) {
			t.Errorf("STS calls = %q", calls)
		}
	})
	t.Run("IMDS", func(t *testing.T) {
		_, err := loadAndRetrieve(t, testFiles{}, fakeEnv{"AWS_EC2_METADATA_SERVICE_ENDPOINT": closed})
		var ie *imds.Error
		var none *credentials.NoCredentialsError
		if !errors.As(err, &ie) || !errors.As(err, &none) || len(none.Sources) != 4 {
			t.Errorf("Retrieve error = %v; want a *credentials.NoCredentialsError of 4 sources wrapping the *imds.Error", err)
		}
	})
	t.Run("IMDS disabled", func(t *testing.T) {
		_, opt := setup(t, testFiles{}, fakeEnv{"AWS_EC2_METADATA_DISABLED": "true"})
		cfg, err := Load(context.Background(), opt)
		if err != nil {
			t.Fatal(err)
		}
		_, err = cfg.Credentials.Retrieve(context.Background())
		var none *credentials.NoCredentialsError
		if !errors.As(err, &none) {
			t.Fatalf("Retrieve error = %v; want *credentials.NoCredentialsError", err)
		}
		var names []string
		for _, s := range none.Sources {
			names = append(names, s.Source)
		}
		if want := []string{"environment", `shared config profile "default"`, "container", "EC2 instance metadata"}; !reflect.DeepEqual(names, want) {
			t.Errorf("sources tried = %q; want %q", names, want)
		}
		if !strings.Contains(err.Error(), "disabled by AWS_EC2_METADATA_DISABLED") {
			t.Errorf("error %q does not say why IMDS gave nothing", err)
		}
	})
}

// closedURL returns an http URL on which nothing listens.
func closedURL(t *testing.T) string {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := l.Addr().String()
	l.Close()
	return "http://" + addr
}
