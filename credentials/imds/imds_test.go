package imds

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/aws/smithy-go/logging"

	"github.com/nimbus-sdk/nimbus/credentials"
	"github.com/nimbus-sdk/nimbus/credentials/credentialstest"
)

func wantCreds(account string, expires time.Time) credentials.Credentials {
	return credentials.Credentials{AccessKeyID: testKeyID, SecretAccessKey: testSecret, SessionToken: testSession,
		Source: Source, CanExpire: true, Expires: expires, AccountID: account}
}

// checkKind fails the test unless err is an *Error of kind want, and
// checks that it leaks no secret.
func checkKind(t *testing.T, err error, want Kind) *Error {
	t.Helper()
	var e *Error
	if !errors.As(err, &e) {
		t.Fatalf("error = %v (%T); want an *imds.Error of kind %v", err, err, want)
	}
	if e.Kind != want {
		t.Fatalf("error kind = %v (%v); want %v", e.Kind, err, want)
	}
	for _, secret := range []string{testSecret, testSession, "AQAEtoken"} {
		if strings.Contains(err.Error(), secret) {
			t.Errorf("error %q contains a secret", err)
		}
	}
	return e
}

func TestProviderRetrieve(t *testing.T) {
	tests := []struct {
		name     string
		extended bool
		want     credentials.Credentials
		// requests of the first and second Retrieve
		first, second []string
	}{
		{
			name: "extended paths", extended: true, want: wantCreds(testAccount, t0.Add(6*time.Hour)),
			first: []string{
				"PUT /latest/api/token",
				"GET /latest/meta-data/iam/security-credentials-extended/ token",
				"GET /latest/meta-data/iam/security-credentials-extended/web-role token",
			},
			second: []string{"GET /latest/meta-data/iam/security-credentials-extended/web-role token"},
		},
		{
			name: "legacy paths", extended: false, want: wantCreds("", t0.Add(6*time.Hour)),
			first: []string{
				"PUT /latest/api/token",
				"GET /latest/meta-data/iam/security-credentials-extended/ token",
				"GET /latest/meta-data/iam/security-credentials/ token",
				"GET /latest/meta-data/iam/security-credentials/web-role token",
			},
			second: []string{"GET /latest/meta-data/iam/security-credentials/web-role token"},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := newFakeIMDS()
			f.extended = tt.extended
			srv := f.start(t)
			p := New(testOptions(srv.URL, &fakeClock{now: t0}))
			for i, want := range [][]string{tt.first, tt.second} {
				before := len(f.log())
				got, err := p.Retrieve(context.Background())
				if err != nil {
					t.Fatalf("Retrieve #%d: %v", i+1, err)
				}
				if d := credentialstest.Diff(got, tt.want); d != "" {
					t.Errorf("Retrieve #%d: %s", i+1, d)
				}
				if reqs := f.log()[before:]; !slices.Equal(reqs, want) {
					t.Errorf("Retrieve #%d requests:\n%s\nwant:\n%s", i+1, strings.Join(reqs, "\n"), strings.Join(want, "\n"))
				}
			}
		})
	}
}

func TestProviderConfiguredProfileName(t *testing.T) {
	for _, tt := range []struct {
		name string
		opt  func(*Options)
	}{
		{"option", func(o *Options) { o.ProfileName = "web-role" }},
		{"env", func(o *Options) { o.Getenv = env(EnvProfileName, "web-role") }},
		{"shared config", func(o *Options) {
			o.SharedConfig = func(k string) string { return map[string]string{ConfigProfileName: "web-role"}[k] }
		}},
	} {
		t.Run(tt.name, func(t *testing.T) {
			f := newFakeIMDS()
			p := New(testOptions(f.start(t).URL, nil, tt.opt))
			if _, err := p.Retrieve(context.Background()); err != nil {
				t.Fatalf("Retrieve: %v", err)
			}
			want := []string{"PUT /latest/api/token", "GET /latest/meta-data/iam/security-credentials-extended/web-role token"}
			if got := f.log(); !slices.Equal(got, want) {
				t.Errorf("requests = %q; want %q (no role listing)", got, want)
			}
		})
	}
}

func TestTokenReusedUntilTTL(t *testing.T) {
	f := newFakeIMDS()
	clock := &fakeClock{now: t0}
	c := NewClient(testOptions(f.start(t).URL, clock, func(o *Options) { o.TokenTTL = 40 * time.Second }))
	// 40s TTL: the token is replaced 10s (a quarter) before it expires.
	for _, step := range []struct {
		at         time.Duration
		wantTokens int
	}{{0, 1}, {29 * time.Second, 1}, {30 * time.Second, 2}, {59 * time.Second, 2}, {70 * time.Second, 3}} {
		clock.Set(t0.Add(step.at))
		got, err := c.GetMetadata(context.Background(), "placement/region")
		if err != nil || got != "eu-west-3" {
			t.Fatalf("t0+%v: GetMetadata = %q, %v; want eu-west-3", step.at, got, err)
		}
		if n := f.count("PUT /latest/api/token"); n != step.wantTokens {
			t.Errorf("t0+%v: %d token requests; want %d", step.at, n, step.wantTokens)
		}
	}
}

func TestTokenTTLHeader(t *testing.T) {
	var mu sync.Mutex
	var got []string
	f := newFakeIMDS()
	srv := f.start(t)
	inner := srv.Config.Handler
	srv.Config.Handler = handlerFunc(func(r *requestInfo) {
		if r.method == "PUT" {
			mu.Lock()
			got = append(got, r.ttl)
			mu.Unlock()
		}
	}, inner)
	for _, tt := range []struct {
		ttl  time.Duration
		want string
	}{{0, "21600"}, {90 * time.Second, "90"}, {1500 * time.Millisecond, "1"}} {
		got = nil
		c := NewClient(testOptions(srv.URL, nil, func(o *Options) { o.TokenTTL = tt.ttl }))
		if _, err := c.GetMetadata(context.Background(), "placement/region"); err != nil {
			t.Fatalf("TokenTTL %v: %v", tt.ttl, err)
		}
		if len(got) != 1 || got[0] != tt.want {
			t.Errorf("TokenTTL %v: ttl header = %q; want %q", tt.ttl, got, tt.want)
		}
	}
}

func TestTokenRefreshedOn401(t *testing.T) {
	f := newFakeIMDS()
	c := NewClient(testOptions(f.start(t).URL, nil))
	ctx := context.Background()
	if _, err := c.GetMetadata(ctx, "placement/region"); err != nil {
		t.Fatal(err)
	}
	f.revokeTokens()
	if got, err := c.GetMetadata(ctx, "placement/region"); err != nil || got != "eu-west-3" {
		t.Fatalf("GetMetadata after revocation = %q, %v; want a retry with a new token", got, err)
	}
	if n := f.count("PUT"); n != 2 {
		t.Errorf("token requests = %d; want 2", n)
	}
}

func TestUnauthorizedTwiceFails(t *testing.T) {
	f := newFakeIMDS()
	srv := f.start(t)
	srv.Config.Handler = handlerFunc(func(r *requestInfo) {
		if r.method == "GET" {
			f.revokeTokens() // every token is already stale when it is used
		}
	}, f)
	_, err := NewClient(testOptions(srv.URL, nil)).GetMetadata(context.Background(), "placement/region")
	if e := checkKind(t, err, KindStatus); e.StatusCode != 401 {
		t.Errorf("StatusCode = %d; want 401", e.StatusCode)
	}
	if n := f.count("PUT"); n != 2 {
		t.Errorf("token requests = %d; want 2 (one refresh)", n)
	}
}

func TestNoRole(t *testing.T) {
	f := newFakeIMDS()
	f.role = ""
	_, err := New(testOptions(f.start(t).URL, nil)).Retrieve(context.Background())
	checkKind(t, err, KindNoRole)
}

func TestRoleReplaced(t *testing.T) {
	f := newFakeIMDS()
	p := New(testOptions(f.start(t).URL, nil))
	if _, err := p.Retrieve(context.Background()); err != nil {
		t.Fatal(err)
	}
	f.set(func(f *fakeIMDS) { f.role = "new-role" })
	if _, err := p.Retrieve(context.Background()); err != nil {
		t.Fatalf("Retrieve after the role changed: %v; want the new role's credentials", err)
	}
	if p.role != "new-role" {
		t.Errorf("cached role = %q; want new-role", p.role)
	}
}

func TestV1Fallback(t *testing.T) {
	for _, status := range []int{403, 404, 405} {
		t.Run(fmt.Sprint(status), func(t *testing.T) {
			f := newFakeIMDS()
			f.tokenStatus, f.v1Allowed = status, true
			p := New(testOptions(f.start(t).URL, nil))
			for i := range 2 {
				if _, err := p.Retrieve(context.Background()); err != nil {
					t.Fatalf("Retrieve #%d: %v", i+1, err)
				}
			}
			for _, r := range f.log() {
				if strings.HasSuffix(r, " token") {
					t.Errorf("request %q carries a token; want IMDSv1 requests", r)
				}
			}
			if n := f.count("PUT"); n != 1 {
				t.Errorf("token requests = %d; want 1 (the fallback is remembered)", n)
			}
		})
	}
}

func TestV1FallbackAfterTokenTimeout(t *testing.T) {
	// IMDS accepts the connection but the token response never arrives,
	// as with a hop limit of 1 seen from a container.
	f := newFakeIMDS()
	f.hangToken, f.v1Allowed = true, true
	p := New(testOptions(f.start(t).URL, nil, func(o *Options) { o.Timeout = 200 * time.Millisecond }))
	if _, err := p.Retrieve(context.Background()); err != nil {
		t.Fatalf("Retrieve: %v; want IMDSv1 credentials", err)
	}
}

func TestV1Disabled(t *testing.T) {
	for _, tt := range []struct {
		name string
		opt  func(*Options)
	}{
		{"option", func(o *Options) { o.DisableV1Fallback = true }},
		{"env", func(o *Options) { o.Getenv = env(EnvV1Disabled, "true") }},
		{"shared config", func(o *Options) {
			o.SharedConfig = func(k string) string { return map[string]string{ConfigV1Disabled: "TRUE"}[k] }
		}},
	} {
		t.Run(tt.name, func(t *testing.T) {
			f := newFakeIMDS()
			f.tokenStatus, f.v1Allowed = 403, true
			_, err := New(testOptions(f.start(t).URL, nil, tt.opt)).Retrieve(context.Background())
			if e := checkKind(t, err, KindTokenUnavailable); e.StatusCode != 403 {
				t.Errorf("StatusCode = %d; want 403", e.StatusCode)
			}
			if n := f.count("GET"); n != 0 {
				t.Errorf("%d GET requests; want none", n)
			}
		})
	}
	t.Run("token timeout", func(t *testing.T) {
		f := newFakeIMDS()
		f.hangToken, f.v1Allowed = true, true
		_, err := New(testOptions(f.start(t).URL, nil, func(o *Options) {
			o.DisableV1Fallback, o.Timeout = true, 100*time.Millisecond
		})).Retrieve(context.Background())
		checkKind(t, err, KindTokenUnavailable)
	})
}

func TestDisabled(t *testing.T) {
	for _, tt := range []struct {
		name string
		opt  func(*Options)
	}{
		{"env", func(o *Options) { o.Getenv = env(EnvDisabled, "True") }},
		{"option", func(o *Options) { o.Disabled = true }},
		{"wins over invalid settings", func(o *Options) { o.Getenv = env(EnvDisabled, "true", EnvEndpointMode, "IPv5") }},
	} {
		t.Run(tt.name, func(t *testing.T) {
			f := newFakeIMDS()
			_, err := New(testOptions(f.start(t).URL, nil, tt.opt)).Retrieve(context.Background())
			checkKind(t, err, KindDisabled)
			if n := len(f.log()); n != 0 {
				t.Errorf("%d requests; want none", n)
			}
		})
	}
	for _, tt := range []struct {
		v    string
		want bool
	}{{"true", true}, {" TRUE ", true}, {"false", false}, {"", false}, {"1", false}} {
		if got := Disabled(env(EnvDisabled, tt.v)); got != tt.want {
			t.Errorf("Disabled(%s=%q) = %v; want %v", EnvDisabled, tt.v, got, tt.want)
		}
	}
}

func TestEndpointSelection(t *testing.T) {
	cfg := func(kv ...string) func(string) string { return env(kv...) }
	tests := []struct {
		name   string
		opts   Options
		want   string
		errStr string // if set, a KindConfig error mentioning it
	}{
		{name: "default", want: "http://169.254.169.254"},
		{name: "mode option IPv6", opts: Options{EndpointMode: EndpointModeIPv6}, want: "http://[fd00:ec2::254]"},
		{name: "mode env", opts: Options{Getenv: env(EnvEndpointMode, "ipv6")}, want: "http://[fd00:ec2::254]"},
		{name: "mode shared config", opts: Options{SharedConfig: cfg(ConfigEndpointMode, "IPv6")}, want: "http://[fd00:ec2::254]"},
		{name: "mode env wins", opts: Options{Getenv: env(EnvEndpointMode, "IPv4"), SharedConfig: cfg(ConfigEndpointMode, "IPv6")},
			want: "http://169.254.169.254"},
		{name: "mode option wins", opts: Options{EndpointMode: EndpointModeIPv4, Getenv: env(EnvEndpointMode, "IPv6")},
			want: "http://169.254.169.254"},
		{name: "endpoint env", opts: Options{Getenv: env(EnvEndpoint, "http://[::1]:1338/")}, want: "http://[::1]:1338"},
		{name: "endpoint shared config", opts: Options{SharedConfig: cfg(ConfigEndpoint, "https://imds.example")}, want: "https://imds.example"},
		{name: "endpoint wins over mode", opts: Options{EndpointMode: EndpointModeIPv6, Getenv: env(EnvEndpoint, "http://127.0.0.1:1338")},
			want: "http://127.0.0.1:1338"},
		{name: "endpoint option wins", opts: Options{Endpoint: "http://10.0.0.1", Getenv: env(EnvEndpoint, "http://127.0.0.1:1338")},
			want: "http://10.0.0.1"},
		{name: "bad mode", opts: Options{Getenv: env(EnvEndpointMode, "IPv5")}, errStr: EnvEndpointMode},
		{name: "bad endpoint", opts: Options{SharedConfig: cfg(ConfigEndpoint, "169.254.169.254")}, errStr: ConfigEndpoint},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			o := tt.opts
			if o.Getenv == nil {
				o.Getenv = env()
			}
			c := NewClient(func(opts *Options) { *opts = o })
			if tt.errStr != "" {
				_, err := c.GetMetadata(context.Background(), "instance-id")
				checkKind(t, err, KindConfig)
				if !strings.Contains(err.Error(), tt.errStr) {
					t.Errorf("error %q does not name %s", err, tt.errStr)
				}
				return
			}
			if c.err != nil {
				t.Fatalf("NewClient: %v", c.err)
			}
			if c.s.endpoint != tt.want {
				t.Errorf("endpoint = %q; want %q", c.s.endpoint, tt.want)
			}
		})
	}
}

func TestInvalidSettings(t *testing.T) {
	for _, tt := range []struct {
		name string
		opts Options
	}{
		{"token ttl too long", Options{TokenTTL: 7 * time.Hour}},
		{"token ttl negative", Options{TokenTTL: -time.Second}},
		{"v1 disabled not a bool", Options{Getenv: env(EnvV1Disabled, "yes please")}},
		{"timeout", Options{Getenv: env(EnvTimeout, "soon")}},
		{"attempts", Options{Getenv: env(EnvNumAttempts, "0")}},
		{"profile name", Options{ProfileName: "a/b"}},
	} {
		t.Run(tt.name, func(t *testing.T) {
			o := tt.opts
			if o.Getenv == nil {
				o.Getenv = env()
			}
			_, err := New(func(opts *Options) { *opts = o }).Retrieve(context.Background())
			checkKind(t, err, KindConfig)
		})
	}
}

func TestNotOnEC2(t *testing.T) {
	for _, tt := range []struct {
		name     string
		endpoint func(t *testing.T) string
	}{
		{"closed port", closedPort},
		{"silent server", silentServer},
	} {
		t.Run(tt.name, func(t *testing.T) {
			p := New(testOptions(tt.endpoint(t), nil, func(o *Options) { o.Timeout = 200 * time.Millisecond }))
			_, err := p.Retrieve(context.Background())
			checkKind(t, err, KindUnavailable)
			t.Log(err)
		})
	}
}

func TestRetryOn5xx(t *testing.T) {
	f := newFakeIMDS()
	f.credStatus = []int{503}
	if _, err := New(testOptions(f.start(t).URL, nil)).Retrieve(context.Background()); err != nil {
		t.Fatalf("Retrieve: %v; want success on the second attempt", err)
	}

	f = newFakeIMDS()
	f.credStatus = []int{500, 500, 500}
	_, err := New(testOptions(f.start(t).URL, nil)).Retrieve(context.Background())
	if e := checkKind(t, err, KindStatus); e.StatusCode != 500 {
		t.Errorf("StatusCode = %d; want 500", e.StatusCode)
	}
	if n := f.count("GET /latest/meta-data/iam/security-credentials-extended/web-role"); n != DefaultMaxAttempts {
		t.Errorf("credentials requests = %d; want %d", n, DefaultMaxAttempts)
	}
}

func TestInvalidDocument(t *testing.T) {
	for _, tt := range []struct {
		name, doc, code string
	}{
		{"not json", `{"AccessKeyId": "` + testKeyID + `", "SecretAccessKey": "` + testSecret, ""},
		{"failure code", `{"Code": "AssumeRoleUnauthorizedAccess", "Message": "nope"}`, "AssumeRoleUnauthorizedAccess"},
		{"missing secret", `{"Code": "Success", "AccessKeyId": "A", "Token": "` + testSession + `", "Expiration": "2030-01-01T00:00:00Z"}`, ""},
		{"bad expiration", `{"Code": "Success", "AccessKeyId": "A", "SecretAccessKey": "` + testSecret + `", "Token": "T", "Expiration": "tomorrow"}`, ""},
		{"wrong type", `{"Code": "Success", "AccessKeyId": 7, "SecretAccessKey": "` + testSecret + `"}`, ""},
	} {
		t.Run(tt.name, func(t *testing.T) {
			f := newFakeIMDS()
			f.rawDoc = tt.doc
			_, err := New(testOptions(f.start(t).URL, nil)).Retrieve(context.Background())
			if e := checkKind(t, err, KindInvalidResponse); e.Code != tt.code {
				t.Errorf("Code = %q; want %q", e.Code, tt.code)
			}
		})
	}
}

// captureLogger records log lines.
type captureLogger struct {
	mu    sync.Mutex
	lines []string
}

func (l *captureLogger) Logf(c logging.Classification, format string, v ...any) {
	l.mu.Lock()
	l.lines = append(l.lines, string(c)+" "+fmt.Sprintf(format, v...))
	l.mu.Unlock()
}

func TestStaticStability(t *testing.T) {
	f := newFakeIMDS()
	clock := &fakeClock{now: t0}
	log := &captureLogger{}
	p := New(testOptions(f.start(t).URL, clock, func(o *Options) {
		o.Logger = log
		o.randFloat = func() float64 { return 0.5 }
	}))
	ctx := context.Background()
	first, err := p.Retrieve(ctx)
	if err != nil {
		t.Fatal(err)
	}

	// IMDS fails after the credentials expired: they are extended.
	clock.Set(t0.Add(7 * time.Hour))
	f.set(func(f *fakeIMDS) { f.credStatus = []int{500, 500, 500, 500} })
	got, err := p.Retrieve(ctx)
	if err != nil {
		t.Fatalf("Retrieve during an outage: %v; want the previous credentials", err)
	}
	want := first
	want.Expires = clock.Now().Add(7*time.Minute + 30*time.Second)
	if d := credentialstest.Diff(got, want); d != "" {
		t.Errorf("Retrieve during an outage: %s", d)
	}
	if len(log.lines) != 1 || !strings.HasPrefix(log.lines[0], "WARN ") {
		t.Errorf("log = %q; want one warning", log.lines)
	}
	for _, l := range log.lines {
		if strings.Contains(l, testSecret) || strings.Contains(l, testSession) {
			t.Errorf("log line %q contains a secret", l)
		}
	}

	// IMDS answers with credentials that have already expired.
	f.set(func(f *fakeIMDS) { f.credStatus = nil; f.expires = t0.Add(time.Hour) })
	got, err = p.Retrieve(ctx)
	if err != nil {
		t.Fatalf("Retrieve of expired credentials: %v", err)
	}
	if !got.Expires.Equal(want.Expires) {
		t.Errorf("Expires = %v; want %v (extended)", got.Expires, want.Expires)
	}

	// A cache accepts the extended credentials.
	c := credentials.NewCache(p, func(o *credentials.CacheOptions) { o.Now = clock.Now; o.ExpiryWindow = time.Minute })
	if _, err := c.Retrieve(ctx); err != nil {
		t.Errorf("Cache.Retrieve: %v", err)
	}
}

func TestStaticStabilityNeedsPreviousCredentials(t *testing.T) {
	f := newFakeIMDS()
	f.credStatus = []int{500, 500}
	_, err := New(testOptions(f.start(t).URL, nil)).Retrieve(context.Background())
	checkKind(t, err, KindStatus)
}

func TestCanceled(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	_, err := New(testOptions(silentServer(t), nil)).Retrieve(ctx)
	checkKind(t, err, KindCanceled)
	if !errors.Is(err, context.Canceled) {
		t.Errorf("error %v does not wrap context.Canceled", err)
	}
}

func TestProviderConformance(t *testing.T) {
	f := newFakeIMDS()
	f.expires = time.Now().Add(time.Hour).Truncate(time.Second)
	srv := f.start(t)
	credentialstest.RunProviderTests(t, func(*testing.T) credentials.Provider {
		return New(testOptions(srv.URL, nil))
	}, wantCreds(testAccount, f.expires))
	t.Run("cached", func(t *testing.T) {
		credentialstest.RunProviderTests(t, func(*testing.T) credentials.Provider {
			return credentials.NewCache(New(testOptions(srv.URL, nil)),
				func(o *credentials.CacheOptions) { o.ExpiryWindow = 5 * time.Minute })
		}, wantCreds(testAccount, f.expires))
	})
}
