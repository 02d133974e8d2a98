package config

import (
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"regexp"
	"strings"
	"sync"
	"testing"
)

// stsCall is one request to fakeSTS.
type stsCall struct {
	Action  string
	Role    string // last element of the role ARN
	Signer  string // access key ID of the signature, "" if unsigned
	Form    map[string]string
	Session string
}

// fakeSTS answers AssumeRole and AssumeRoleWithWebIdentity with
// credentials whose access key ID is "ASIA-" plus the role's name, so a
// test can see which credentials signed the next call of a chain.
type fakeSTS struct {
	mu    sync.Mutex
	calls []stsCall
}

var credentialRE = regexp.MustCompile(`Credential=([^/]+)/`)

func (f *fakeSTS) start(t *testing.T) string {
	srv := httptest.NewServer(f)
	t.Cleanup(srv.Close)
	return srv.URL
}

func (f *fakeSTS) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if err := r.ParseForm(); err != nil {
		http.Error(w, err.Error(), http.StatusBadRequest)
		return
	}
	arn := r.PostForm.Get("RoleArn")
	role := arn[strings.LastIndex(arn, "/")+1:]
	c := stsCall{Action: r.PostForm.Get("Action"), Role: role, Session: r.PostForm.Get("RoleSessionName"), Form: map[string]string{}}
	for k := range r.PostForm {
		c.Form[k] = r.PostForm.Get(k)
	}
	if m := credentialRE.FindStringSubmatch(r.Header.Get("Authorization")); m != nil {
		c.Signer = m[1]
	}
	f.mu.Lock()
	f.calls = append(f.calls, c)
	f.mu.Unlock()
	w.Header().Set("Content-Type", "text/xml")
	fmt.Fprintf(w, `<%[1]sResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/"><%[1]sResult>
<Credentials><AccessKeyId>ASIA-%[2]s</AccessKeyId><SecretAccessKey>secret-%[2]s</SecretAccessKey><SessionToken>token-%[2]s</SessionToken><Expiration>2030-01-02T03:04:05Z</Expiration></Credentials>
<AssumedRoleUser><AssumedRoleId>AROA:%[3]s</AssumedRoleId><Arn>arn:aws:sts::123456789012:assumed-role/%[2]s/%[3]s</Arn></AssumedRoleUser>
</%[1]sResult><ResponseMetadata><RequestId>r</RequestId></ResponseMetadata></%[1]sResponse>`, c.Action, role, c.Session)
}

// log returns "Action role by signer" for each call.
func (f *fakeSTS) log() []string {
	f.mu.Lock()
	defer f.mu.Unlock()
	var out []string
	for _, c := range f.calls {
		by := c.Signer
		if by == "" {
			by = "(unsigned)"
		}
		out = append(out, c.Action+" "+c.Role+" by "+by)
	}
	return out
}

func (f *fakeSTS) last() stsCall {
	f.mu.Lock()
	defer f.mu.Unlock()
	if len(f.calls) == 0 {
		return stsCall{}
	}
	return f.calls[len(f.calls)-1]
}

// fakeSSO serves GetRoleCredentials for token validToken and, on POST
// /token, exchanges refreshToken for "refreshed-token".
type fakeSSO struct {
	mu           sync.Mutex
	validToken   string
	refreshToken string
	log          []string
}

func (f *fakeSSO) start(t *testing.T) string {
	srv := httptest.NewServer(f)
	t.Cleanup(srv.Close)
	return srv.URL
}

func (f *fakeSSO) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	f.mu.Lock()
	defer f.mu.Unlock()
	w.Header().Set("Content-Type", "application/json")
	switch r.URL.Path {
	case "/federation/credentials":
		q := r.URL.Query()
		f.log = append(f.log, "GetRoleCredentials "+q.Get("account_id")+" "+q.Get("role_name"))
		if r.Header.Get("X-Amz-Sso_bearer_token") != f.validToken {
			w.Header().Set("X-Amzn-Errortype", "UnauthorizedException")
			w.WriteHeader(http.StatusUnauthorized)
			fmt.Fprint(w, `{"message":"Session token not found or invalid"}`)
			return
		}
		fmt.Fprintf(w, `{"roleCredentials":{"accessKeyId":"ASIA-SSO-%s","secretAccessKey":"s","sessionToken":"t","expiration":1893553445000}}`, q.Get("role_name"))
	case "/token":
		var req map[string]string
		json.NewDecoder(r.Body).Decode(&req)
		f.log = append(f.log, "CreateToken "+req["grantType"])
		if req["refreshToken"] != f.refreshToken {
			w.Header().Set("X-Amzn-Errortype", "InvalidGrantException")
			w.WriteHeader(http.StatusBadRequest)
			fmt.Fprint(w, `{"error":"invalid_grant"}`)
			return
		}
		f.validToken = "refreshed-token"
		fmt.Fprint(w, `{"accessToken":"refreshed-token","expiresIn":3600,"refreshToken":"refresh-2","tokenType":"Bearer"}`)
	default:
		http.NotFound(w, r)
	}
}

func (f *fakeSSO) calls() []string {
	f.mu.Lock()
	defer f.mu.Unlock()
	return append([]string(nil), f.log...)
}
