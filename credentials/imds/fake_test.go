package imds

import (
	"encoding/json"
	"fmt"
	"net"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"
)

var t0 = time.Date(2025, 6, 1, 12, 0, 0, 0, time.UTC)

// fakeClock is a settable clock for Options.Now.
type fakeClock struct {
	mu  sync.Mutex
	now time.Time
}

func (c *fakeClock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.now
}

func (c *fakeClock) Set(t time.Time) {
	c.mu.Lock()
	c.now = t
	c.mu.Unlock()
}

const (
	testKeyID   = "ASIAEXAMPLEKEYID"
	testSecret  = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYSECRETKEY"
	testSession = "IQoJb3JpZ2luX2VjSESSIONTOKEN"
	testAccount = "123456789012"
)

// fakeIMDS behaves like IMDS for the paths the package uses: it issues
// tokens, checks them, and serves a role's credentials on the legacy
// and (if extended) the extended paths.
type fakeIMDS struct {
	mu          sync.Mutex
	tokenStatus int  // if not 0, the token PUT answers this status
	hangToken   bool // the token PUT never answers
	v1Allowed   bool // requests without a token are served
	extended    bool // serve security-credentials-extended
	role        string
	credStatus  []int // statuses to answer the credentials GETs with, in turn (0 = serve)
	code        string
	expires     time.Time
	rawDoc      string // if set, served as the credentials document
	// paths serves further paths, after the token checks, with the
	// fake unlocked.
	paths map[string]http.HandlerFunc

	tokens   map[string]bool
	minted   int
	requests []string // "METHOD path" (+ " token" when one was sent)
}

func newFakeIMDS() *fakeIMDS {
	return &fakeIMDS{extended: true, role: "web-role", code: "Success",
		expires: t0.Add(6 * time.Hour), tokens: map[string]bool{}}
}

// start serves f on a local port until the test ends.
func (f *fakeIMDS) start(t *testing.T) *httptest.Server {
	srv := httptest.NewServer(f)
	t.Cleanup(srv.Close)
	return srv
}

func (f *fakeIMDS) count(prefix string) int {
	f.mu.Lock()
	defer f.mu.Unlock()
	n := 0
	for _, r := range f.requests {
		if strings.HasPrefix(r, prefix) {
			n++
		}
	}
	return n
}

func (f *fakeIMDS) log() []string {
	f.mu.Lock()
	defer f.mu.Unlock()
	return append([]string(nil), f.requests...)
}

// revokeTokens makes every issued token invalid, as their expiry would.
func (f *fakeIMDS) revokeTokens() {
	f.mu.Lock()
	f.tokens = map[string]bool{}
	f.mu.Unlock()
}

func (f *fakeIMDS) set(fn func(f *fakeIMDS)) {
	f.mu.Lock()
	fn(f)
	f.mu.Unlock()
}

func (f *fakeIMDS) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	f.mu.Lock()
	tok := r.Header.Get("X-aws-ec2-metadata-token")
	entry := r.Method + " " + r.URL.Path
	if tok != "" {
		entry += " token"
	}
	f.requests = append(f.requests, entry)
	hang := f.hangToken && r.URL.Path == "/latest/api/token"
	f.mu.Unlock()
	if hang {
		<-r.Context().Done()
		return
	}
	f.mu.Lock()
	defer f.mu.Unlock()

	if r.URL.Path == "/latest/api/token" {
		if r.Method != http.MethodPut {
			http.Error(w, "", http.StatusMethodNotAllowed)
			return
		}
		if f.tokenStatus != 0 {
			http.Error(w, "", f.tokenStatus)
			return
		}
		ttl, err := strconv.Atoi(r.Header.Get("X-aws-ec2-metadata-token-ttl-seconds"))
		if err != nil || ttl < 1 || ttl > 21600 {
			http.Error(w, "", http.StatusBadRequest)
			return
		}
		f.minted++
		v := fmt.Sprintf("AQAEtoken-%d", f.minted)
		f.tokens[v] = true
		w.Header().Set("X-aws-ec2-metadata-token-ttl-seconds", strconv.Itoa(ttl))
		fmt.Fprint(w, v)
		return
	}
	if r.Method != http.MethodGet {
		http.Error(w, "", http.StatusMethodNotAllowed)
		return
	}
	if (tok == "" && !f.v1Allowed) || (tok != "" && !f.tokens[tok]) {
		http.Error(w, "", http.StatusUnauthorized)
		return
	}
	if h := f.paths[r.URL.Path]; h != nil {
		f.mu.Unlock()
		defer f.mu.Lock()
		h(w, r)
		return
	}
	p := r.URL.Path
	base := "/latest/meta-data/iam/security-credentials/"
	ext := false
	if f.extended && strings.HasPrefix(p, "/latest/meta-data/iam/security-credentials-extended/") {
		p = base + strings.TrimPrefix(p, "/latest/meta-data/iam/security-credentials-extended/")
		ext = true
	}
	switch {
	case p == "/latest/meta-data/placement/region":
		fmt.Fprint(w, "eu-west-3")
	case p == base && f.role != "":
		fmt.Fprint(w, f.role+"\n")
	case f.role != "" && p == base+f.role:
		if len(f.credStatus) > 0 {
			st := f.credStatus[0]
			f.credStatus = f.credStatus[1:]
			if st != 0 {
				http.Error(w, "", st)
				return
			}
		}
		if f.rawDoc != "" {
			fmt.Fprint(w, f.rawDoc)
			return
		}
		doc := map[string]string{
			"Code": f.code, "LastUpdated": t0.Format(time.RFC3339), "Type": "AWS-HMAC",
			"AccessKeyId": testKeyID, "SecretAccessKey": testSecret, "Token": testSession,
			"Expiration": f.expires.Format(time.RFC3339),
		}
		if ext {
			doc["AccountId"] = testAccount
		}
		json.NewEncoder(w).Encode(doc)
	default:
		http.NotFound(w, r)
	}
}

// env returns a Getenv over a fixed map, so tests never see the real
// environment.
func env(kv ...string) func(string) string {
	m := map[string]string{}
	for i := 0; i+1 < len(kv); i += 2 {
		m[kv[i]] = kv[i+1]
	}
	return func(k string) string { return m[k] }
}

// testOptions points Options at srv with an empty environment and a
// short timeout.
func testOptions(url string, clock *fakeClock, more ...func(*Options)) func(*Options) {
	return func(o *Options) {
		o.Endpoint = url
		o.Getenv = env()
		o.Timeout = 500 * time.Millisecond
		if clock != nil {
			o.Now = clock.Now
		}
		for _, fn := range more {
			fn(o)
		}
	}
}

// closedPort returns the address of a local port nothing listens on.
func closedPort(t *testing.T) string {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := l.Addr().String()
	l.Close()
	return "http://" + addr
}

// silentServer accepts connections and never answers.
func silentServer(t *testing.T) string {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	var mu sync.Mutex
	var conns []net.Conn
	go func() {
		for {
			c, err := l.Accept()
			if err != nil {
				return
			}
			mu.Lock()
			conns = append(conns, c)
			mu.Unlock()
		}
	}()
	t.Cleanup(func() {
		l.Close()
		mu.Lock()
		for _, c := range conns {
			c.Close()
		}
		mu.Unlock()
	})
	return "http://" + l.Addr().String()
}

// requestInfo is what handlerFunc's observer sees of a request.
type requestInfo struct {
	method, path, ttl string
}

// handlerFunc calls observe for each request before passing it to next.
func handlerFunc(observe func(*requestInfo), next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		observe(&requestInfo{method: r.Method, path: r.URL.Path, ttl: r.Header.Get("X-aws-ec2-metadata-token-ttl-seconds")})
		next.ServeHTTP(w, r)
	})
}
