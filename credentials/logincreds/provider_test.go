package logincreds_test

import (
	"context"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"encoding/json"
	"errors"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"reflect"
	"runtime"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/nimbus-sdk/nimbus/credentials"
	"github.com/nimbus-sdk/nimbus/credentials/credentialstest"
	"github.com/nimbus-sdk/nimbus/credentials/logincreds"
	"github.com/nimbus-sdk/nimbus/internal/testenv/signintest"
)

const (
	session  = "arn:aws:sts::012345678910:assumed-role/Admin/admin"
	clientID = "arn:aws:signin:::devtools/same-device"
	account  = "012345678910"
)

// now is the time on the clock of these tests: 2025-11-19T00:00:00Z.
var now = time.Unix(1763510400, 0).UTC()

// fixture is a token cache in a temporary directory and a fake Sign-In
// that accepts its refresh token and key.
type fixture struct {
	dir, path string
	key       *ecdsa.PrivateKey
	fake      *signintest.Server
	elapsed   atomic.Int64 // nanoseconds since now on the fixture's clock
}

// clock is the fixture's clock, shared by the provider and the fake: now
// plus what advance added.
func (f *fixture) clock() time.Time { return now.Add(time.Duration(f.elapsed.Load())) }

func (f *fixture) advance(d time.Duration) { f.elapsed.Add(int64(d)) }

func newFixture(t *testing.T) *fixture {
	t.Helper()
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	f := &fixture{dir: dir, path: logincreds.TokenCachePath(dir, session), key: key}
	f.fake = signintest.Start(t, clientID, "refresh-0", signintest.KeyJWK(key), f.clock)
	return f
}

// cache returns the content of a complete token cache whose credentials
// expire at expires; edit changes it before it is written.
func (f *fixture) cache(expires time.Time) map[string]any {
	return map[string]any{
		"accessToken": map[string]any{
			"accessKeyId":     "ASIA-CACHED",
			"secretAccessKey": "cached-secret",
			"sessionToken":    "cached-session",
			"accountId":       account,
			"expiresAt":       expires.Format(time.RFC3339),
		},
		"tokenType":    "aws_sigv4",
		"clientId":     clientID,
		"refreshToken": "refresh-0",
		"idToken":      "header.claims.signature",
		"dpopKey":      signintest.KeyPEM(f.key),
	}
}

func (f *fixture) write(t *testing.T, content map[string]any) {
	t.Helper()
	data, err := json.Marshal(content)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(f.path, data, 0o600); err != nil {
		t.Fatal(err)
	}
}

func (f *fixture) read(t *testing.T) map[string]any {
	t.Helper()
	data, err := os.ReadFile(f.path)
	if err != nil {
		t.Fatal(err)
	}
	var m map[string]any
	if err := json.Unmarshal(data, &m); err != nil {
		t.Fatal(err)
	}
	return m
}

func (f *fixture) provider(edit ...func(*logincreds.Options)) *logincreds.Provider {
	o := logincreds.Options{
		Session:      session,
		Region:       "us-east-1",
		CacheDir:     f.dir,
		BaseEndpoint: f.fake.URL,
		Now:          f.clock,
	}
	for _, fn := range edit {
		fn(&o)
	}
	return logincreds.New(o)
}

func cachedCreds(expires time.Time) credentials.Credentials {
	return credentials.Credentials{
		AccessKeyID: "ASIA-CACHED", SecretAccessKey: "cached-secret", SessionToken: "cached-session",
		Source: logincreds.Source, CanExpire: true, Expires: expires, AccountID: account,
	}
}

func TestTokenCachePath(t *testing.T) {
	// The file name of the shared login-provider test cases of the AWS
	// SDKs: the SHA-256 of the session ARN.
	const want = "4b0ba8f99f075c0633e122fd73346ce203a3faf18ea0310eb2d29df1bab2e255.json"
	for _, s := range []string{session, "  " + session + "\t"} {
		if got := logincreds.TokenCachePath("/cache", s); got != filepath.Join("/cache", want) {
			t.Errorf("TokenCachePath(%q) = %q; want /cache/%s", s, got, want)
		}
	}
	if got, want := logincreds.DefaultCacheDir("/home/u"), filepath.Join("/home/u", ".aws", "login", "cache"); got != want {
		t.Errorf("DefaultCacheDir = %q; want %q", got, want)
	}
}

func TestProviderValidToken(t *testing.T) {
	f := newFixture(t)
	expires := now.Add(logincreds.RefreshWindow + time.Second)
	f.write(t, f.cache(expires))
	before, _ := os.ReadFile(f.path)

	got, err := f.provider().Retrieve(context.Background())
	if err != nil {
		t.Fatalf("Retrieve: %v", err)
	}
	if d := credentialstest.Diff(got, cachedCreds(expires)); d != "" {
		t.Errorf("Retrieve: %s", d)
	}
	if calls := f.fake.Calls(); len(calls) != 0 {
		t.Errorf("CreateOAuth2Token called %d times; want 0", len(calls))
	}
	if after, _ := os.ReadFile(f.path); string(after) != string(before) {
		t.Error("cache file rewritten without a refresh")
	}
}

func TestProviderHomeDir(t *testing.T) {
	f := newFixture(t)
	home := t.TempDir()
	f.path = logincreds.TokenCachePath(logincreds.DefaultCacheDir(home), session)
	os.MkdirAll(filepath.Dir(f.path), 0o700)
	f.write(t, f.cache(now.Add(time.Hour)))
	p := f.provider(func(o *logincreds.Options) { o.CacheDir, o.HomeDir = "", home })
	if _, err := p.Retrieve(context.Background()); err != nil {
		t.Errorf("Retrieve from HomeDir's cache: %v", err)
	}
}

func TestProviderRefresh(t *testing.T) {
	tests := []struct {
		name    string
		expires time.Time
	}{
		{"expired", time.Date(2020, 1, 1, 0, 0, 0, 0, time.UTC)},
		{"inside the refresh window", now.Add(logincreds.RefreshWindow - time.Second)},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := newFixture(t)
			content := f.cache(tt.expires)
			content["somethingNew"] = map[string]any{"kept": true}
			content["accessToken"].(map[string]any)["extra"] = "kept"
			f.write(t, content)

			got, err := f.provider().Retrieve(context.Background())
			if err != nil {
				t.Fatalf("Retrieve: %v", err)
			}
			want := credentials.Credentials{
				AccessKeyID: "ASIA-REFRESHED-1", SecretAccessKey: "secret-1", SessionToken: "session-1",
				Source: logincreds.Source, CanExpire: true, Expires: now.Add(900 * time.Second), AccountID: account,
			}
			if d := credentialstest.Diff(got, want); d != "" {
				t.Errorf("Retrieve: %s", d)
			}

			calls := f.fake.Calls()
			if len(calls) != 1 {
				t.Fatalf("CreateOAuth2Token called %d times; want 1", len(calls))
			}
			if calls[0].Err != nil {
				t.Fatalf("the fake refused the request: %v", calls[0].Err)
			}
			wantBody := map[string]any{"clientId": clientID, "grantType": "refresh_token", "refreshToken": "refresh-0"}
			if !reflect.DeepEqual(calls[0].Body, wantBody) {
				t.Errorf("request body = %v; want %v", calls[0].Body, wantBody)
			}
			p := calls[0].Proof
			if p.HTU != f.fake.URL+"/v1/token" || p.HTM != "POST" || !p.IAT.Equal(now) {
				t.Errorf("proof claims htu %q, htm %q, iat %v; want %s/v1/token, POST, %v", p.HTU, p.HTM, p.IAT, f.fake.URL, now)
			}

			wantCache := f.cache(now.Add(900 * time.Second))
			wantCache["accessToken"] = map[string]any{
				"accessKeyId": "ASIA-REFRESHED-1", "secretAccessKey": "secret-1", "sessionToken": "session-1",
				"accountId": account, "expiresAt": "2025-11-19T00:15:00Z", "extra": "kept",
			}
			wantCache["refreshToken"] = "refresh-1"
			wantCache["somethingNew"] = map[string]any{"kept": true}
			if got := f.read(t); !reflect.DeepEqual(got, wantCache) {
				t.Errorf("cache after refresh:\n got %v\nwant %v", got, wantCache)
			}
			if runtime.GOOS != "windows" {
				if fi, err := os.Stat(f.path); err != nil || fi.Mode().Perm() != 0o600 {
					t.Errorf("cache file mode = %v, %v; want 0600", fi.Mode().Perm(), err)
				}
			}
			if entries, _ := os.ReadDir(f.dir); len(entries) != 1 {
				t.Errorf("cache dir has %d entries; want 1 (no temporary file left)", len(entries))
			}
		})
	}
}

// TestProviderRefreshTwice: the second refresh sends the rotated refresh
// token with a new proof, and credentials refreshed once are used until
// they near expiry.
func TestProviderRefreshTwice(t *testing.T) {
	f := newFixture(t)
	f.write(t, f.cache(now.Add(-time.Minute)))
	p := f.provider()
	for i, step := range []struct {
		advance  time.Duration
		wantKey  string
		wantCall int
	}{
		{0, "ASIA-REFRESHED-1", 1},
		{5 * time.Minute, "ASIA-REFRESHED-1", 1},  // 10 minutes left: cached
		{11 * time.Minute, "ASIA-REFRESHED-2", 2}, // 4 minutes left: refreshed
	} {
		f.advance(step.advance)
		got, err := p.Retrieve(context.Background())
		if err != nil {
			t.Fatalf("step %d: Retrieve: %v", i, err)
		}
		calls := f.fake.Calls()
		if got.AccessKeyID != step.wantKey || len(calls) != step.wantCall {
			t.Fatalf("step %d: key %s after %d calls; want %s after %d", i, got.AccessKeyID, len(calls), step.wantKey, step.wantCall)
		}
		for _, c := range calls {
			if c.Err != nil {
				t.Fatalf("step %d: the fake refused a request: %v", i, c.Err)
			}
		}
	}
	if got := f.read(t)["refreshToken"]; got != "refresh-2" {
		t.Errorf("cached refreshToken = %v; want refresh-2", got)
	}
}

// TestProviderRetryGetsNewProof: every attempt carries its own proof, so
// that a retried request is not refused as a replay.
func TestProviderRetryGetsNewProof(t *testing.T) {
	f := newFixture(t)
	f.write(t, f.cache(now.Add(-time.Minute)))
	f.fake.Fail(&signintest.Failure{Status: 503})
	_, err := f.provider().Retrieve(context.Background())
	var e *logincreds.Error
	if !errors.As(err, &e) || e.Op != "CreateOAuth2Token" {
		t.Fatalf("Retrieve error = %v; want a *logincreds.Error of CreateOAuth2Token", err)
	}
	calls := f.fake.Calls()
	if len(calls) < 2 {
		t.Fatalf("%d attempts; want the 503 retried", len(calls))
	}
	for i, c := range calls {
		if c.Err != nil {
			t.Errorf("attempt %d: %v", i+1, c.Err)
		}
	}
}

// TestProviderRefreshFailsTokenStillValid: credentials still valid are
// used when the refresh fails; the next Retrieve tries again.
func TestProviderRefreshFailsTokenStillValid(t *testing.T) {
	f := newFixture(t)
	expires := now.Add(2 * time.Minute)
	f.write(t, f.cache(expires))
	f.fake.Fail(&signintest.Failure{Status: 401, Type: "AccessDeniedException", Code: "TOKEN_EXPIRED"})
	p := f.provider()
	for i := range 2 {
		got, err := p.Retrieve(context.Background())
		if err != nil {
			t.Fatalf("Retrieve %d: %v; want the still-valid credentials", i+1, err)
		}
		if d := credentialstest.Diff(got, cachedCreds(expires)); d != "" {
			t.Errorf("Retrieve %d: %s", i+1, d)
		}
	}
	if n := len(f.fake.Calls()); n != 2 {
		t.Errorf("CreateOAuth2Token called %d times; want 2", n)
	}
}

// secrets are the values no error message may contain.
func secrets(f *fixture) []string {
	pem := signintest.KeyPEM(f.key)
	lines := strings.Split(pem, "\n")
	return []string{"cached-secret", "cached-session", "refresh-0", lines[1], lines[2], "header.claims.signature"}
}

func TestProviderInvalidToken(t *testing.T) {
	tests := []struct {
		name       string
		edit       func(m map[string]any) // nil: no cache file
		raw        string                 // if set, the cache file's content
		fail       *signintest.Failure
		wantReason string
		wantCalls  int
	}{
		{name: "no cache file", wantReason: "no cached token"},
		{name: "not JSON", raw: `{"accessToken":`, wantReason: "not a JSON object"},
		{name: "wrong type", raw: `{"accessToken":"ASIA-CACHED"}`, wantReason: "fields of the wrong type"},
		{name: "missing accessToken", edit: func(m map[string]any) { delete(m, "accessToken") }, wantReason: "no accessToken"},
		{name: "missing refreshToken", edit: func(m map[string]any) { delete(m, "refreshToken") }, wantReason: "no refreshToken"},
		{name: "missing clientId", edit: func(m map[string]any) { delete(m, "clientId") }, wantReason: "no clientId"},
		{name: "missing dpopKey", edit: func(m map[string]any) { delete(m, "dpopKey") }, wantReason: "no dpopKey"},
		{
			name: "missing accountId and secret",
			edit: func(m map[string]any) {
				at := m["accessToken"].(map[string]any)
				delete(at, "accountId")
				delete(at, "secretAccessKey")
			},
			wantReason: "no accessToken.secretAccessKey, accessToken.accountId",
		},
		{
			name:       "bad expiresAt",
			edit:       func(m map[string]any) { m["accessToken"].(map[string]any)["expiresAt"] = "tomorrow" },
			wantReason: "not an RFC 3339 time",
		},
		{
			name: "unusable key",
			edit: func(m map[string]any) {
				m["dpopKey"] = "-----BEGIN EC PRIVATE KEY-----\nAAAA\n-----END EC PRIVATE KEY-----\n"
			},
			wantReason: "DPoP key is unusable",
		},
		{
			name: "session expired", edit: func(map[string]any) {},
			fail:       &signintest.Failure{Status: 401, Type: "AccessDeniedException", Code: "TOKEN_EXPIRED"},
			wantReason: "TOKEN_EXPIRED", wantCalls: 1,
		},
		{
			name: "password changed", edit: func(map[string]any) {},
			fail:       &signintest.Failure{Status: 403, Type: "AccessDeniedException", Code: "USER_CREDENTIALS_CHANGED"},
			wantReason: "USER_CREDENTIALS_CHANGED", wantCalls: 1,
		},
		{
			// The shared test case "Expired token triggers failed refresh":
			// a bare 400.
			name: "refresh refused", edit: func(map[string]any) {},
			fail:       &signintest.Failure{Status: 400},
			wantReason: "refused the cached refresh token", wantCalls: 1,
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := newFixture(t)
			expired := now.Add(-time.Hour)
			switch {
			case tt.raw != "":
				os.WriteFile(f.path, []byte(tt.raw), 0o600)
			case tt.edit != nil:
				m := f.cache(expired)
				tt.edit(m)
				f.write(t, m)
			}
			f.fake.Fail(tt.fail)

			_, err := f.provider().Retrieve(context.Background())
			var ite *logincreds.InvalidTokenError
			if !errors.As(err, &ite) {
				t.Fatalf("Retrieve error = %v (%T); want *logincreds.InvalidTokenError", err, err)
			}
			if !strings.Contains(ite.Reason, tt.wantReason) || ite.CachePath != f.path || ite.Session != session {
				t.Errorf("error = %+v; want reason containing %q for %s", ite, tt.wantReason, f.path)
			}
			if msg := err.Error(); !strings.Contains(msg, "has expired or is invalid; run aws login") {
				t.Errorf("Error() = %q; want it to tell the user to run aws login", msg)
			}
			for _, s := range secrets(f) {
				if strings.Contains(err.Error(), s) {
					t.Errorf("Error() = %q contains the secret %q", err, s)
				}
			}
			if n := len(f.fake.Calls()); n != tt.wantCalls {
				t.Errorf("CreateOAuth2Token called %d times; want %d", n, tt.wantCalls)
			}
		})
	}
}

func TestProviderErrors(t *testing.T) {
	tests := []struct {
		name       string
		edit       func(*logincreds.Options)
		fail       *signintest.Failure
		wantOp     string
		wantReason string
	}{
		{name: "no session", edit: func(o *logincreds.Options) { o.Session = "" }, wantOp: "find token cache"},
		{name: "no region", edit: func(o *logincreds.Options) { o.Region, o.BaseEndpoint = "", "" }, wantOp: "CreateOAuth2Token"},
		{
			name:   "missing permission",
			fail:   &signintest.Failure{Status: 403, Type: "AccessDeniedException", Code: "INSUFFICIENT_PERMISSIONS"},
			wantOp: "CreateOAuth2Token", wantReason: "signin:CreateOAuth2Token",
		},
		{name: "server error", fail: &signintest.Failure{Status: 500, Type: "InternalServerException", Code: "server_error"}, wantOp: "CreateOAuth2Token"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := newFixture(t)
			f.write(t, f.cache(now.Add(-time.Hour)))
			f.fake.Fail(tt.fail)
			p := f.provider()
			if tt.edit != nil {
				p = f.provider(tt.edit)
			}
			_, err := p.Retrieve(context.Background())
			var e *logincreds.Error
			if !errors.As(err, &e) {
				t.Fatalf("Retrieve error = %v (%T); want *logincreds.Error", err, err)
			}
			if e.Op != tt.wantOp || !strings.Contains(e.Reason, tt.wantReason) {
				t.Errorf("error = %+v; want op %q, reason containing %q", e, tt.wantOp, tt.wantReason)
			}
			for _, s := range secrets(f) {
				if strings.Contains(err.Error(), s) {
					t.Errorf("Error() = %q contains the secret %q", err, s)
				}
			}
		})
	}
}

func TestProviderWriteFails(t *testing.T) {
	if runtime.GOOS == "windows" || os.Geteuid() == 0 {
		t.Skip("needs a directory the test cannot write to")
	}
	f := newFixture(t)
	f.write(t, f.cache(now.Add(-time.Hour)))
	if err := os.Chmod(f.dir, 0o500); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { os.Chmod(f.dir, 0o700) })
	_, err := f.provider().Retrieve(context.Background())
	var e *logincreds.Error
	if !errors.As(err, &e) || e.Op != "write token cache" {
		t.Fatalf("Retrieve error = %v; want a *logincreds.Error of write token cache", err)
	}
}

// TestProviderConcurrentRefresh: callers that find the same expired token
// cause one CreateOAuth2Token call and all get its credentials.
func TestProviderConcurrentRefresh(t *testing.T) {
	f := newFixture(t)
	f.write(t, f.cache(now.Add(-time.Minute)))
	p := f.provider()
	const n = 8
	var wg sync.WaitGroup
	keys := make([]string, n)
	errs := make([]error, n)
	for i := range n {
		wg.Add(1)
		go func() {
			defer wg.Done()
			c, err := p.Retrieve(context.Background())
			keys[i], errs[i] = c.AccessKeyID, err
		}()
	}
	wg.Wait()
	for i := range n {
		if errs[i] != nil || keys[i] != "ASIA-REFRESHED-1" {
			t.Errorf("caller %d: %s, %v; want ASIA-REFRESHED-1", i, keys[i], errs[i])
		}
	}
	if calls := f.fake.Calls(); len(calls) != 1 {
		t.Errorf("CreateOAuth2Token called %d times; want 1", len(calls))
	}
}

// TestProviderCancelledWhileWaiting: a caller waiting for another's
// refresh gives up when its context ends.
func TestProviderCancelledWhileWaiting(t *testing.T) {
	f := newFixture(t)
	f.write(t, f.cache(now.Add(-time.Minute)))
	arrived, release := make(chan struct{}), make(chan struct{})
	hang := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		close(arrived)
		<-release
		w.WriteHeader(http.StatusServiceUnavailable)
	}))
	t.Cleanup(hang.Close)
	t.Cleanup(func() { close(release) })
	p := f.provider(func(o *logincreds.Options) { o.BaseEndpoint = hang.URL })

	first, cancelFirst := context.WithCancel(context.Background())
	defer cancelFirst()
	go p.Retrieve(first) // holds the refresh until release
	<-arrived

	ctx, cancel := context.WithTimeout(context.Background(), 50*time.Millisecond)
	defer cancel()
	start := time.Now()
	_, err := p.Retrieve(ctx)
	if !errors.Is(err, context.DeadlineExceeded) {
		t.Errorf("Retrieve = %v; want context.DeadlineExceeded", err)
	}
	if d := time.Since(start); d > 5*time.Second {
		t.Errorf("Retrieve returned after %v; want promptly", d)
	}
	cancelFirst()
}

func TestProviderConformance(t *testing.T) {
	expires := now.Add(time.Hour)
	credentialstest.RunProviderTests(t, func(t *testing.T) credentials.Provider {
		f := newFixture(t)
		f.write(t, f.cache(expires))
		return f.provider()
	}, cachedCreds(expires))
}
