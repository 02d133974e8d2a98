package imds_test

import (
	"fmt"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"sync"
	"testing"
)

// identityDocument is an instance identity document as IMDS sends it.
const identityDocument = `{
  "accountId" : "123456789012",
  "architecture" : "arm64",
  "availabilityZone" : "eu-west-3a",
  "billingProducts" : null,
  "devpayProductCodes" : null,
  "marketplaceProductCodes" : [ "abcdefghijklmnopqrst" ],
  "imageId" : "ami-0123456789abcdef0",
  "instanceId" : "i-0123456789abcdef0",
  "instanceType" : "t4g.micro",
  "kernelId" : null,
  "pendingTime" : "2025-06-01T12:00:00Z",
  "privateIp" : "10.0.1.23",
  "ramdiskId" : null,
  "region" : "eu-west-3",
  "version" : "2017-09-30"
}
`

// iamInfo is an iam/info document as IMDS sends it.
const iamInfo = `{
  "Code" : "Success",
  "LastUpdated" : "2025-06-01T12:00:00Z",
  "InstanceProfileArn" : "arn:aws:iam::123456789012:instance-profile/web",
  "InstanceProfileId" : "AIPAEXAMPLEPROFILEID"
}`

// testEnv lists the variables the client reads; every test starts with
// them empty, so that the machine's environment does not leak in.
var testEnv = []string{
	"AWS_EC2_METADATA_DISABLED", "AWS_EC2_METADATA_SERVICE_ENDPOINT", "AWS_EC2_METADATA_SERVICE_ENDPOINT_MODE",
	"AWS_EC2_METADATA_V1_DISABLED", "AWS_METADATA_SERVICE_TIMEOUT", "AWS_METADATA_SERVICE_NUM_ATTEMPTS",
	"AWS_PROFILE", "AWS_DEFAULT_PROFILE", "AWS_CONFIG_FILE", "AWS_SHARED_CREDENTIALS_FILE",
}

// cleanEnv empties the IMDS environment variables for the test, with
// kv (name, value pairs) set on top.
func cleanEnv(t *testing.T, kv ...string) {
	t.Helper()
	for _, k := range testEnv {
		t.Setenv(k, "")
	}
	for i := 0; i+1 < len(kv); i += 2 {
		t.Setenv(kv[i], kv[i+1])
	}
}

// fakeIMDS behaves like IMDS: it issues session tokens on PUT
// /latest/api/token, rejects requests with unknown tokens (and without a
// token unless v1Allowed) with 401, and serves paths.
type fakeIMDS struct {
	mu          sync.Mutex
	tokenStatus int  // if not 0, the token PUT answers this status
	v1Allowed   bool // requests without a token are served
	paths       map[string]http.HandlerFunc

	tokens   map[string]bool
	minted   int
	ttls     []string // the TTL header of each token request
	requests []string // "METHOD path" (+ " token" when one was sent)
}

func newFakeIMDS() *fakeIMDS {
	return &fakeIMDS{
		tokens: map[string]bool{},
		paths: map[string]http.HandlerFunc{
			"/latest/dynamic/instance-identity/document": text(identityDocument),
			"/latest/meta-data/iam/info":                 text(iamInfo),
			"/latest/meta-data/instance-id":              text("i-0123456789abcdef0"),
			"/latest/meta-data/placement/":               text("availability-zone\nregion"),
			"/latest/dynamic/instance-identity/":         text("document\npkcs7\nsignature"),
			"/latest/user-data":                          text("#!/bin/sh\necho hello\n"),
		},
	}
}

// text returns a handler that answers body.
func text(body string) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) { fmt.Fprint(w, body) }
}

// status returns a handler that answers code.
func status(code int) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) { http.Error(w, "error body", code) }
}

// start serves f until the test ends and returns its URL.
func (f *fakeIMDS) start(t *testing.T) string {
	srv := httptest.NewServer(f)
	t.Cleanup(srv.Close)
	return srv.URL
}

func (f *fakeIMDS) set(path string, h http.HandlerFunc) {
	f.mu.Lock()
	f.paths[path] = h
	f.mu.Unlock()
}

func (f *fakeIMDS) log() []string {
	f.mu.Lock()
	defer f.mu.Unlock()
	return append([]string(nil), f.requests...)
}

func (f *fakeIMDS) count(prefix string) int {
	n := 0
	for _, r := range f.log() {
		if strings.HasPrefix(r, prefix) {
			n++
		}
	}
	return n
}

func (f *fakeIMDS) revokeTokens() {
	f.mu.Lock()
	f.tokens = map[string]bool{}
	f.mu.Unlock()
}

func (f *fakeIMDS) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	f.mu.Lock()
	tok := r.Header.Get("X-Aws-Ec2-Metadata-Token")
	entry := r.Method + " " + r.URL.Path
	if tok != "" {
		entry += " token"
	}
	f.requests = append(f.requests, entry)

	if r.URL.Path == "/latest/api/token" {
		defer f.mu.Unlock()
		ttlHeader := r.Header.Get("X-Aws-Ec2-Metadata-Token-Ttl-Seconds")
		f.ttls = append(f.ttls, ttlHeader)
		if r.Method != http.MethodPut {
			http.Error(w, "", http.StatusMethodNotAllowed)
			return
		}
		if f.tokenStatus != 0 {
			http.Error(w, "", f.tokenStatus)
			return
		}
		ttl, err := strconv.Atoi(ttlHeader)
		if err != nil || ttl < 1 || ttl > 21600 {
			http.Error(w, "", http.StatusBadRequest)
			return
		}
		f.minted++
		v := fmt.Sprintf("AQAEtoken-%d", f.minted)
		f.tokens[v] = true
		w.Header().Set("X-Aws-Ec2-Metadata-Token-Ttl-Seconds", ttlHeader)
		fmt.Fprint(w, v)
		return
	}
	authorized := (tok == "" && f.v1Allowed) || (tok != "" && f.tokens[tok])
	h := f.paths[r.URL.Path]
	f.mu.Unlock()

	switch {
	case r.Method != http.MethodGet:
		http.Error(w, "", http.StatusMethodNotAllowed)
	case !authorized:
		http.Error(w, "", http.StatusUnauthorized)
	case h == nil:
		http.NotFound(w, r)
	default:
		h(w, r)
	}
}
