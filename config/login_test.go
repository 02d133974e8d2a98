package config

import (
	"context"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/nimbus-sdk/nimbus/credentials"
	"github.com/nimbus-sdk/nimbus/credentials/logincreds"
	"github.com/nimbus-sdk/nimbus/internal/service/sts"
	"github.com/nimbus-sdk/nimbus/internal/testenv/signintest"
	"github.com/nimbus-sdk/nimbus/internal/testenv/sigtest"
)

const (
	loginSession  = "arn:aws:iam::123456789012:user/alice"
	loginClientID = "arn:aws:signin:::devtools/same-device"
)

// loginCache is an "aws login" token cache for loginSession and the fake
// Sign-In that refreshes it.
type loginCache struct {
	key  *ecdsa.PrivateKey
	fake *signintest.Server
}

func newLoginCache(t *testing.T) *loginCache {
	t.Helper()
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	return &loginCache{key: key, fake: signintest.Start(t, loginClientID, "refresh-0", signintest.KeyJWK(key), time.Now)}
}

// write writes the cache file into dir with credentials "ASIA-LOGIN"
// expiring at expires, and returns its path.
func (c *loginCache) write(t *testing.T, dir string, expires time.Time) string {
	t.Helper()
	path := logincreds.TokenCachePath(dir, loginSession)
	data, _ := json.Marshal(map[string]any{
		"accessToken": map[string]any{
			"accessKeyId": "ASIA-LOGIN", "secretAccessKey": "login-secret", "sessionToken": "login-session-token",
			"accountId": "123456789012", "expiresAt": expires.UTC().Format(time.RFC3339),
		},
		"tokenType": "aws_sigv4", "clientId": loginClientID, "refreshToken": "refresh-0",
		"dpopKey": signintest.KeyPEM(c.key),
	})
	if err := os.MkdirAll(dir, 0o700); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, data, 0o600); err != nil {
		t.Fatal(err)
	}
	return path
}

// verifyingSTS answers AssumeRole after checking the request's SigV4
// signature, with sigtest, against the secret of the access key that
// signed it, and its session token.
type verifyingSTS struct {
	mu      sync.Mutex
	secrets map[string][2]string // access key ID -> secret, session token
	signers []string
	errs    []error
}

func (v *verifyingSTS) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	v.mu.Lock()
	defer v.mu.Unlock()
	auth, err := sigtest.ParseAuth(r)
	if err == nil {
		s, ok := v.secrets[auth.AccessKey]
		switch {
		case !ok:
			err = fmt.Errorf("unknown access key %s", auth.AccessKey)
		case r.Header.Get("X-Amz-Security-Token") != s[1]:
			err = errors.New("wrong X-Amz-Security-Token")
		default:
			_, err = sigtest.VerifyV4(r, s[0], false)
		}
	}
	v.signers = append(v.signers, auth.AccessKey)
	v.errs = append(v.errs, err)
	if err != nil {
		w.WriteHeader(http.StatusForbidden)
		fmt.Fprintf(w, `<ErrorResponse><Error><Code>SignatureDoesNotMatch</Code><Message>%s</Message></Error></ErrorResponse>`, err)
		return
	}
	w.Header().Set("Content-Type", "text/xml")
	fmt.Fprint(w, `<AssumeRoleResponse><AssumeRoleResult><Credentials><AccessKeyId>ASIA-ROLE</AccessKeyId><SecretAccessKey>s</SecretAccessKey><SessionToken>t</SessionToken><Expiration>2030-01-02T03:04:05Z</Expiration></Credentials></AssumeRoleResult></AssumeRoleResponse>`)
}

// signRequest sends an STS AssumeRole request signed with p to a server
// that verifies the signature, and fails the test if it does not.
func signRequest(t *testing.T, p credentials.Provider, want credentials.Credentials) {
	t.Helper()
	v := &verifyingSTS{secrets: map[string][2]string{want.AccessKeyID: {want.SecretAccessKey, want.SessionToken}}}
	srv := httptest.NewServer(v)
	t.Cleanup(srv.Close)
	client := sts.New(sts.Options{Region: "eu-west-1", BaseEndpoint: srv.URL, Credentials: p, RetryMaxAttempts: 1})
	role, name := roleA, "s"
	if _, err := client.AssumeRole(context.Background(), &sts.AssumeRoleInput{RoleArn: &role, RoleSessionName: &name}); err != nil {
		t.Errorf("request signed with the loaded credentials: %v", err)
	}
	v.mu.Lock()
	defer v.mu.Unlock()
	if len(v.signers) != 1 || v.signers[0] != want.AccessKeyID || v.errs[0] != nil {
		t.Errorf("server saw signers %q, errors %v; want one valid signature by %s", v.signers, v.errs, want.AccessKeyID)
	}
}

func TestLoginSessionCredentials(t *testing.T) {
	profile := "[profile console]\nregion = eu-west-1\nlogin_session = " + loginSession + "\n"
	tests := []struct {
		name      string
		expires   time.Duration // from now
		cacheDir  string        // AWS_LOGIN_CACHE_DIRECTORY, "" for none
		wantKey   string
		wantCalls int
	}{
		{name: "valid", expires: time.Hour, wantKey: "ASIA-LOGIN"},
		{name: "expired is refreshed", expires: -time.Hour, wantKey: "ASIA-REFRESHED-1", wantCalls: 1},
		{name: "about to expire is refreshed", expires: 2 * time.Minute, wantKey: "ASIA-REFRESHED-1", wantCalls: 1},
		{name: "AWS_LOGIN_CACHE_DIRECTORY", expires: time.Hour, cacheDir: "~/elsewhere/cache", wantKey: "ASIA-LOGIN"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			lc := newLoginCache(t)
			env := fakeEnv{"AWS_PROFILE": "console", "AWS_ENDPOINT_URL_SIGNIN": lc.fake.URL}
			if tt.cacheDir != "" {
				env["AWS_LOGIN_CACHE_DIRECTORY"] = tt.cacheDir
			}
			home, opt := setup(t, testFiles{config: profile}, env)
			dir := filepath.Join(home, ".aws", "login", "cache")
			if tt.cacheDir != "" {
				dir = filepath.Join(home, "elsewhere", "cache")
			}
			path := lc.write(t, dir, time.Now().Add(tt.expires))

			cfg, err := Load(context.Background(), opt)
			if err != nil {
				t.Fatalf("Load: %v", err)
			}
			got, err := cfg.Credentials.Retrieve(context.Background())
			if err != nil {
				t.Fatalf("Retrieve: %v", err)
			}
			if got.AccessKeyID != tt.wantKey || got.Source != logincreds.Source || got.AccountID != "123456789012" {
				t.Errorf("Retrieve = %v; want %s from %s of account 123456789012", got, tt.wantKey, logincreds.Source)
			}
			calls := lc.fake.Calls()
			if len(calls) != tt.wantCalls {
				t.Fatalf("CreateOAuth2Token called %d times; want %d", len(calls), tt.wantCalls)
			}
			for _, c := range calls {
				if c.Err != nil {
					t.Errorf("the fake Sign-In refused the refresh: %v", c.Err)
				}
			}
			if tt.wantCalls > 0 {
				var cache map[string]any
				data, _ := os.ReadFile(path)
				json.Unmarshal(data, &cache)
				if cache["refreshToken"] != lc.fake.RefreshToken() {
					t.Errorf("cached refreshToken = %v; want the rotated %s", cache["refreshToken"], lc.fake.RefreshToken())
				}
			}
			signRequest(t, cfg.Credentials, got)
		})
	}
}

// TestLoginSessionOrder places login_session in the chain: after SSO and
// the credentials file's keys, before credential_process and the config
// file's keys, as botocore's ProfileProviderBuilder does; and as the
// source of a role.
func TestLoginSessionOrder(t *testing.T) {
	const login = "login_session = " + loginSession + "\n"
	tests := []struct {
		name    string
		files   testFiles
		wantKey string
		wantSTS []string
	}{
		{
			name: "credentials file keys win",
			files: testFiles{
				config:      "[profile p]\n" + login,
				credentials: "[p]\naws_access_key_id = AKIDFILE\naws_secret_access_key = SECRET\n",
			},
			wantKey: "AKIDFILE",
		},
		{
			name:    "login_session before credential_process",
			files:   testFiles{config: "[profile p]\n" + login + "credential_process = /bin/false\n"},
			wantKey: "ASIA-LOGIN",
		},
		{
			name:    "login_session before config file keys",
			files:   testFiles{config: "[profile p]\n" + login + "aws_access_key_id = AKIDCONFIG\naws_secret_access_key = SECRET\n"},
			wantKey: "ASIA-LOGIN",
		},
		{
			name:    "source of a role",
			files:   testFiles{config: "[profile p]\nrole_arn = " + roleA + "\nsource_profile = console\n[profile console]\n" + login},
			wantKey: "ASIA-a",
			wantSTS: []string{"AssumeRole a by ASIA-LOGIN"},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			lc := newLoginCache(t)
			fake := &fakeSTS{}
			home, opt := setup(t, tt.files, fakeEnv{
				"AWS_PROFILE": "p", "AWS_REGION": "eu-west-1",
				"AWS_ENDPOINT_URL_SIGNIN": lc.fake.URL, "AWS_ENDPOINT_URL_STS": fake.start(t),
			})
			lc.write(t, filepath.Join(home, ".aws", "login", "cache"), time.Now().Add(time.Hour))
			cfg, err := Load(context.Background(), opt)
			if err != nil {
				t.Fatalf("Load: %v", err)
			}
			got, err := cfg.Credentials.Retrieve(context.Background())
			if err != nil {
				t.Fatalf("Retrieve: %v", err)
			}
			if got.AccessKeyID != tt.wantKey {
				t.Errorf("Retrieve = %v; want %s", got, tt.wantKey)
			}
			if calls := fake.log(); !reflect.DeepEqual(calls, tt.wantSTS) {
				t.Errorf("STS calls = %q; want %q", calls, tt.wantSTS)
			}
		})
	}
	t.Run("SSO wins", func(t *testing.T) {
		sso := &fakeSSO{validToken: "good"}
		url := sso.start(t)
		home, opt := setup(t, testFiles{config: "[profile p]\n" + login +
			"sso_start_url = https://x.awsapps.com/start\nsso_region = eu-west-1\nsso_account_id = 1\nsso_role_name = Admin\n"},
			fakeEnv{"AWS_PROFILE": "p", "AWS_ENDPOINT_URL_SSO": url})
		writeSSOToken(t, home, "https://x.awsapps.com/start", map[string]any{"accessToken": "good", "expiresAt": time.Now().Add(time.Hour).UTC().Format(time.RFC3339)})
		cfg, err := Load(context.Background(), opt)
		if err != nil {
			t.Fatalf("Load: %v", err)
		}
		if got, err := cfg.Credentials.Retrieve(context.Background()); err != nil || got.AccessKeyID != "ASIA-SSO-Admin" {
			t.Errorf("Retrieve = %v, %v; want the SSO credentials", got, err)
		}
	})
}

// TestLoginSessionNotSignedIn: Load succeeds (as the AWS CLI's does) and
// Retrieve tells the user to sign in, naming the cache file.
func TestLoginSessionNotSignedIn(t *testing.T) {
	home, opt := setup(t, testFiles{config: "[default]\nregion = eu-west-1\nlogin_session = " + loginSession + "\n"}, fakeEnv{})
	cfg, err := Load(context.Background(), opt)
	if err != nil {
		t.Fatalf("Load: %v", err)
	}
	_, err = cfg.Credentials.Retrieve(context.Background())
	var ite *logincreds.InvalidTokenError
	if !errors.As(err, &ite) {
		t.Fatalf("Retrieve error = %v; want *logincreds.InvalidTokenError", err)
	}
	wantPath := logincreds.TokenCachePath(filepath.Join(home, ".aws", "login", "cache"), loginSession)
	if ite.CachePath != wantPath || !strings.Contains(err.Error(), "run aws login") {
		t.Errorf("error = %v; want one naming %s and telling the user to run aws login", err, wantPath)
	}
}
