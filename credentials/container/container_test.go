package container

import (
	"context"
	"encoding/json"
	"errors"
	"net"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/nimbus-sdk/nimbus/credentials"
	"github.com/nimbus-sdk/nimbus/credentials/credentialstest"
)

const (
	testKeyID   = "ASIAEXAMPLEKEYID"
	testSecret  = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYSECRETKEY"
	testSession = "IQoJb3JpZ2luX2VjSESSIONTOKEN"
	testAccount = "123456789012"
	testToken   = "Bearer-secret-auth-token"
	secretPath  = "/v2/credentials/7e3b-secret-uuid"
)

var testExpires = time.Date(2030, 1, 2, 3, 4, 5, 0, time.UTC)

func wantCreds() credentials.Credentials {
	return credentials.Credentials{AccessKeyID: testKeyID, SecretAccessKey: testSecret, SessionToken: testSession,
		Source: Source, CanExpire: true, Expires: testExpires, AccountID: testAccount}
}

// fakeAgent behaves like the ECS agent or the EKS Pod Identity agent.
type fakeAgent struct {
	mu        sync.Mutex
	wantToken string // if set, requests without it get a 401 error document
	statuses  []int  // statuses to answer with, in turn, before serving
	errDoc    string // body of error answers
	rawDoc    string // if set, served instead of the credentials
	requests  []recorded
}

type recorded struct{ path, auth string }

func (f *fakeAgent) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.requests = append(f.requests, recorded{r.URL.Path, r.Header.Get("Authorization")})
	if f.wantToken != "" && r.Header.Get("Authorization") != f.wantToken {
		w.WriteHeader(http.StatusUnauthorized)
		w.Write([]byte(`{"Code": "InvalidToken", "Message": "Authorization token is invalid"}`))
		return
	}
	if len(f.statuses) > 0 {
		st := f.statuses[0]
		f.statuses = f.statuses[1:]
		w.WriteHeader(st)
		w.Write([]byte(f.errDoc))
		return
	}
	if f.rawDoc != "" {
		w.Write([]byte(f.rawDoc))
		return
	}
	json.NewEncoder(w).Encode(map[string]string{
		"AccessKeyId": testKeyID, "SecretAccessKey": testSecret, "Token": testSession,
		"Expiration": testExpires.Format(time.RFC3339), "AccountId": testAccount, "RoleArn": "arn:aws:iam::123456789012:role/r",
	})
}

func (f *fakeAgent) log() []recorded {
	f.mu.Lock()
	defer f.mu.Unlock()
	return append([]recorded(nil), f.requests...)
}

func (f *fakeAgent) start(t *testing.T) *httptest.Server {
	srv := httptest.NewServer(f)
	t.Cleanup(srv.Close)
	return srv
}

func env(kv ...string) func(string) string {
	m := map[string]string{}
	for i := 0; i+1 < len(kv); i += 2 {
		m[kv[i]] = kv[i+1]
	}
	return func(k string) string { return m[k] }
}

// checkKind fails unless err is an *Error of kind want, and checks that
// it leaks no secret.
func checkKind(t *testing.T, err error, want Kind) *Error {
	t.Helper()
	var e *Error
	if !errors.As(err, &e) {
		t.Fatalf("error = %v (%T); want a *container.Error of kind %v", err, err, want)
	}
	if e.Kind != want {
		t.Fatalf("error kind = %v (%v); want %v", e.Kind, err, want)
	}
	for _, secret := range []string{testSecret, testSession, testToken, "secret-uuid"} {
		if strings.Contains(err.Error(), secret) {
			t.Errorf("error %q contains a secret", err)
		}
	}
	return e
}

func TestRetrieve(t *testing.T) {
	f := &fakeAgent{}
	srv := f.start(t)
	tests := []struct {
		name     string
		opts     func(*Options)
		wantPath string
	}{
		{"relative uri", func(o *Options) { o.Getenv = env(EnvRelativeURI, secretPath) }, secretPath},
		{"relative uri without slash", func(o *Options) { o.Getenv = env(EnvRelativeURI, "v2/creds") }, "/v2/creds"},
		{"full uri", func(o *Options) { o.Getenv = env(EnvFullURI, srv.URL+"/full") }, "/full"},
		{"relative wins over full", func(o *Options) {
			o.Getenv = env(EnvRelativeURI, "/rel", EnvFullURI, srv.URL+"/full")
		}, "/rel"},
		{"endpoint option wins", func(o *Options) {
			o.Endpoint = srv.URL + "/opt"
			o.Getenv = env(EnvRelativeURI, "/rel", EnvFullURI, srv.URL+"/full")
		}, "/opt"},
		{"localhost", func(o *Options) {
			o.Getenv = env(EnvFullURI, strings.Replace(srv.URL, "127.0.0.1", "localhost", 1)+"/lh")
		}, "/lh"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p := New(func(o *Options) { o.ecsEndpoint = srv.URL }, tt.opts)
			got, err := p.Retrieve(context.Background())
			if err != nil {
				t.Fatalf("Retrieve: %v", err)
			}
			if d := credentialstest.Diff(got, wantCreds()); d != "" {
				t.Errorf("Retrieve: %s", d)
			}
			reqs := f.log()
			if last := reqs[len(reqs)-1]; last.path != tt.wantPath || last.auth != "" {
				t.Errorf("request path = %q, Authorization = %q; want %q and none", last.path, last.auth, tt.wantPath)
			}
		})
	}
}

func TestEndpointValidation(t *testing.T) {
	tests := []struct {
		endpoint string
		want     Kind // 0: accepted
		lookup   bool
	}{
		{"http://127.0.0.1:8080/creds", 0, false},
		{"http://127.9.8.7/creds", 0, false},
		{"http://[::1]:8080/creds", 0, false},
		{"http://[::ffff:127.0.0.1]/creds", 0, false},
		{"http://169.254.170.2/v2/credentials", 0, false},
		{"http://169.254.170.23/v1/credentials", 0, false},
		{"http://[fd00:ec2::23]/v1/credentials", 0, false},
		{"https://creds.example.com/x", 0, false},
		{"https://10.1.2.3/x", 0, false},
		{"http://localhost:8080/creds", 0, true},
		{"http://creds.example.com/x", 0, true},
		{"http://10.1.2.3/creds", KindHostNotAllowed, false},
		{"http://169.254.169.254/latest", KindHostNotAllowed, false},
		{"http://169.254.170.3/creds", KindHostNotAllowed, false},
		{"http://[fd00:ec2::24]/creds", KindHostNotAllowed, false},
		{"ftp://127.0.0.1/creds", KindConfig, false},
		{"/only/a/path", KindConfig, false},
		{"", KindConfig, false},
	}
	for _, tt := range tests {
		t.Run(tt.endpoint, func(t *testing.T) {
			p := New(func(o *Options) { o.Getenv = env(EnvFullURI, tt.endpoint) })
			if tt.want == 0 {
				if p.err != nil {
					t.Fatalf("New: %v; want the endpoint accepted", p.err)
				}
				if p.lookupHost != tt.lookup {
					t.Errorf("lookupHost = %v; want %v", p.lookupHost, tt.lookup)
				}
				return
			}
			_, err := p.Retrieve(context.Background())
			checkKind(t, err, tt.want)
		})
	}
}

func TestAuthorizationToken(t *testing.T) {
	dir := t.TempDir()
	file := filepath.Join(dir, "token")
	write := func(s string) {
		if err := os.WriteFile(file, []byte(s), 0o600); err != nil {
			t.Fatal(err)
		}
	}
	f := &fakeAgent{}
	srv := f.start(t)
	full := srv.URL + "/creds"

	t.Run("env token", func(t *testing.T) {
		p := New(func(o *Options) { o.Getenv = env(EnvFullURI, full, EnvAuthToken, testToken) })
		mustRetrieve(t, p)
		checkAuth(t, f, testToken)
	})
	t.Run("option token wins over env", func(t *testing.T) {
		p := New(func(o *Options) {
			o.Getenv = env(EnvFullURI, full, EnvAuthToken, "env-token", EnvAuthTokenFile, file)
			o.AuthorizationToken = testToken
		})
		mustRetrieve(t, p)
		checkAuth(t, f, testToken)
	})
	t.Run("file wins and is re-read", func(t *testing.T) {
		write("first-token\n")
		p := New(func(o *Options) { o.Getenv = env(EnvFullURI, full, EnvAuthToken, "env-token", EnvAuthTokenFile, file) })
		mustRetrieve(t, p)
		checkAuth(t, f, "first-token")
		write("  rotated-token  \n")
		mustRetrieve(t, p)
		checkAuth(t, f, "rotated-token")
	})
	t.Run("option file", func(t *testing.T) {
		write(testToken)
		p := New(func(o *Options) { o.Getenv = env(EnvFullURI, full); o.AuthorizationTokenFile = file })
		mustRetrieve(t, p)
		checkAuth(t, f, testToken)
	})
	t.Run("missing file", func(t *testing.T) {
		p := New(func(o *Options) { o.Getenv = env(EnvFullURI, full, EnvAuthTokenFile, filepath.Join(dir, "nope")) })
		_, err := p.Retrieve(context.Background())
		if e := checkKind(t, err, KindToken); !errors.Is(e, os.ErrNotExist) {
			t.Errorf("error %v does not wrap os.ErrNotExist", err)
		}
	})
	t.Run("rejected by agent", func(t *testing.T) {
		g := &fakeAgent{wantToken: "right"}
		p := New(func(o *Options) { o.Getenv = env(EnvFullURI, g.start(t).URL, EnvAuthToken, testToken) })
		_, err := p.Retrieve(context.Background())
		e := checkKind(t, err, KindService)
		if e.StatusCode != 401 || e.Code != "InvalidToken" || e.Message != "Authorization token is invalid" {
			t.Errorf("error = %+v; want 401 InvalidToken with its message", *e)
		}
		if n := len(g.log()); n != 1 {
			t.Errorf("%d requests; want 1 (4xx is not retried)", n)
		}
	})
}

func TestBadTokenChars(t *testing.T) {
	dir := t.TempDir()
	file := filepath.Join(dir, "token")
	if err := os.WriteFile(file, []byte(testToken+"\r\nX-Injected: 1\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	f := &fakeAgent{}
	full := f.start(t).URL
	for _, tt := range []struct {
		name string
		opts func(*Options)
	}{
		{"env token with CRLF", func(o *Options) { o.Getenv = env(EnvFullURI, full, EnvAuthToken, testToken+"\r\nX-Injected: 1") }},
		{"env token with LF", func(o *Options) { o.Getenv = env(EnvFullURI, full, EnvAuthToken, testToken+"\n") }},
		{"file with inner line break", func(o *Options) { o.Getenv = env(EnvFullURI, full, EnvAuthTokenFile, file) }},
	} {
		t.Run(tt.name, func(t *testing.T) {
			_, err := New(tt.opts).Retrieve(context.Background())
			checkKind(t, err, KindToken)
		})
	}
	if n := len(f.log()); n != 0 {
		t.Errorf("%d requests sent; want none", n)
	}
}

func TestServiceErrors(t *testing.T) {
	tests := []struct {
		name         string
		statuses     []int
		errDoc       string
		wantErr      bool
		wantStatus   int
		wantCode     string
		wantRequests int
	}{
		{"5xx then success", []int{503}, "", false, 0, "", 2},
		{"5xx until attempts run out", []int{500, 502, 500, 500}, `{"Code": "InternalError", "Message": "try later"}`, true, 500, "InternalError", 3},
		{"4xx not retried", []int{403}, `{"Code": "AccessDenied", "Message": "no role for this pod"}`, true, 403, "AccessDenied", 1},
		{"4xx without a document", []int{404}, `<html>not found</html>`, true, 404, "", 1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := &fakeAgent{statuses: tt.statuses, errDoc: tt.errDoc}
			p := New(func(o *Options) { o.Getenv = env(EnvFullURI, f.start(t).URL+secretPath) })
			_, err := p.Retrieve(context.Background())
			if n := len(f.log()); n != tt.wantRequests {
				t.Errorf("%d requests; want %d", n, tt.wantRequests)
			}
			if !tt.wantErr {
				if err != nil {
					t.Errorf("Retrieve: %v", err)
				}
				return
			}
			e := checkKind(t, err, KindService)
			if e.StatusCode != tt.wantStatus || e.Code != tt.wantCode {
				t.Errorf("StatusCode, Code = %d, %q; want %d, %q", e.StatusCode, e.Code, tt.wantStatus, tt.wantCode)
			}
		})
	}
}

func TestInvalidDocument(t *testing.T) {
	for _, tt := range []struct {
		name, doc string
		want      Kind
	}{
		{"not json", `{"AccessKeyId": "A", "SecretAccessKey": "` + testSecret, KindInvalidResponse},
		{"missing secret", `{"AccessKeyId": "A", "Token": "` + testSession + `"}`, KindInvalidResponse},
		{"bad expiration", `{"AccessKeyId": "A", "SecretAccessKey": "` + testSecret + `", "Expiration": "soon"}`, KindInvalidResponse},
		{"error document with 200", `{"Code": "Throttled", "Message": "slow down"}`, KindService},
	} {
		t.Run(tt.name, func(t *testing.T) {
			f := &fakeAgent{rawDoc: tt.doc}
			_, err := New(func(o *Options) { o.Getenv = env(EnvFullURI, f.start(t).URL) }).Retrieve(context.Background())
			checkKind(t, err, tt.want)
		})
	}
	t.Run("no expiration", func(t *testing.T) {
		f := &fakeAgent{rawDoc: `{"AccessKeyId": "A", "SecretAccessKey": "S"}`}
		got, err := New(func(o *Options) { o.Getenv = env(EnvFullURI, f.start(t).URL) }).Retrieve(context.Background())
		if err != nil || got.CanExpire {
			t.Errorf("Retrieve = %v, %v; want credentials that cannot expire", got, err)
		}
	})
}

func TestConnectionFailures(t *testing.T) {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	closed := "http://" + l.Addr().String()
	l.Close()

	silent, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer silent.Close()
	var conns []net.Conn
	var mu sync.Mutex
	go func() {
		for {
			c, err := silent.Accept()
			if err != nil {
				return
			}
			mu.Lock()
			conns = append(conns, c)
			mu.Unlock()
		}
	}()
	defer func() {
		mu.Lock()
		for _, c := range conns {
			c.Close()
		}
		mu.Unlock()
	}()

	for _, tt := range []struct{ name, url string }{
		{"closed port", closed + secretPath},
		{"silent server", "http://" + silent.Addr().String() + secretPath},
	} {
		t.Run(tt.name, func(t *testing.T) {
			p := New(func(o *Options) { o.Getenv = env(EnvFullURI, tt.url); o.Timeout = 100 * time.Millisecond })
			_, err := p.Retrieve(context.Background())
			checkKind(t, err, KindRequest)
			// A net/http Client quotes the URL; it must be redacted too.
			p = New(func(o *Options) {
				o.Getenv = env(EnvFullURI, tt.url)
				o.Timeout = 100 * time.Millisecond
				o.MaxAttempts = 1
				o.HTTPClient = &http.Client{}
			})
			_, err = p.Retrieve(context.Background())
			checkKind(t, err, KindRequest)
		})
	}
}

func TestCanceled(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	_, err := New(func(o *Options) { o.Getenv = env(EnvFullURI, "http://127.0.0.1:1/") }).Retrieve(ctx)
	checkKind(t, err, KindCanceled)
	if !errors.Is(err, context.Canceled) {
		t.Errorf("error %v does not wrap context.Canceled", err)
	}
}

func TestConfigured(t *testing.T) {
	for _, tt := range []struct {
		env  func(string) string
		want bool
	}{
		{env(), false},
		{env(EnvRelativeURI, "/v2/credentials/x"), true},
		{env(EnvFullURI, "http://169.254.170.23/v1/credentials"), true},
		{env(EnvFullURI, "  "), false},
		{env(EnvAuthToken, "t"), false},
	} {
		if got := Configured(tt.env); got != tt.want {
			t.Errorf("Configured(%q/%q) = %v; want %v", tt.env(EnvRelativeURI), tt.env(EnvFullURI), got, tt.want)
		}
	}
}

func TestProviderConformance(t *testing.T) {
	f := &fakeAgent{wantToken: testToken}
	srv := f.start(t)
	credentialstest.RunProviderTests(t, func(*testing.T) credentials.Provider {
		return New(func(o *Options) { o.Getenv = env(EnvFullURI, srv.URL+"/creds", EnvAuthToken, testToken) })
	}, wantCreds())
}

func mustRetrieve(t *testing.T, p *Provider) {
	t.Helper()
	if _, err := p.Retrieve(context.Background()); err != nil {
		t.Fatalf("Retrieve: %v", err)
	}
}

func checkAuth(t *testing.T, f *fakeAgent, want string) {
	t.Helper()
	reqs := f.log()
	if got := reqs[len(reqs)-1].auth; got != want {
		t.Errorf("Authorization = %q; want %q", got, want)
	}
}
