package ssocreds_test

import (
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"sync"
	"testing"
)

const (
	fakeAccount = "123456789012"
	fakeRole    = "ReadOnly"
	fakeKeyID   = "ASIASSOKEYID"
	fakeSecret  = "ssoSecretAccessKey"
	fakeSession = "ssoSessionToken"
	fakeExpiry  = int64(1893553445000) // 2030-01-02T03:04:05Z in epoch milliseconds
)

// fakeSSO serves both the SSO portal (GET /federation/credentials) and
// SSO-OIDC (POST /token). The portal accepts only validToken; /token
// exchanges refreshToken for newAccessToken and newRefreshToken.
type fakeSSO struct {
	mu              sync.Mutex
	validToken      string
	refreshToken    string
	newAccessToken  string
	newRefreshToken string
	roleCalls       int
	tokenCalls      int
	lastTokenReq    map[string]any
}

func startSSO(t *testing.T, f *fakeSSO) string {
	t.Helper()
	srv := httptest.NewServer(f)
	t.Cleanup(srv.Close)
	return srv.URL
}

func (f *fakeSSO) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	f.mu.Lock()
	defer f.mu.Unlock()
	w.Header().Set("Content-Type", "application/json")
	switch {
	case r.Method == http.MethodGet && r.URL.Path == "/federation/credentials":
		f.roleCalls++
		q := r.URL.Query()
		if r.Header.Get("X-Amz-Sso_bearer_token") != f.validToken {
			jsonError(w, http.StatusUnauthorized, "UnauthorizedException", "Session token not found or invalid")
			return
		}
		if q.Get("account_id") != fakeAccount || q.Get("role_name") != fakeRole {
			jsonError(w, http.StatusForbidden, "ForbiddenException", "No access")
			return
		}
		fmt.Fprintf(w, `{"roleCredentials":{"accessKeyId":%q,"secretAccessKey":%q,"sessionToken":%q,"expiration":%d}}`,
			fakeKeyID, fakeSecret, fakeSession, fakeExpiry)
	case r.Method == http.MethodPost && r.URL.Path == "/token":
		f.tokenCalls++
		var req map[string]any
		if err := json.NewDecoder(r.Body).Decode(&req); err != nil {
			jsonError(w, http.StatusBadRequest, "InvalidRequestException", err.Error())
			return
		}
		f.lastTokenReq = req
		if req["grantType"] != "refresh_token" || req["refreshToken"] != f.refreshToken || f.refreshToken == "" {
			jsonError(w, http.StatusBadRequest, "InvalidGrantException", "bad refresh token")
			return
		}
		f.validToken = f.newAccessToken
		fmt.Fprintf(w, `{"accessToken":%q,"expiresIn":3600,"refreshToken":%q,"tokenType":"Bearer"}`, f.newAccessToken, f.newRefreshToken)
	default:
		http.NotFound(w, r)
	}
}

func jsonError(w http.ResponseWriter, status int, code, msg string) {
	w.Header().Set("X-Amzn-Errortype", code)
	w.WriteHeader(status)
	fmt.Fprintf(w, `{"message":%q}`, msg)
}

func (f *fakeSSO) calls() (role, token int) {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.roleCalls, f.tokenCalls
}
