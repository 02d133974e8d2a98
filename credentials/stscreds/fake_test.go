package stscreds_test

import (
	"fmt"
	"net/http"
	"net/http/httptest"
	"net/url"
	"sync"
	"testing"
)

// fakeSTS is an STS endpoint speaking the awsQuery protocol. It answers
// AssumeRole and AssumeRoleWithWebIdentity with fixed credentials, or with
// an error when errCode is set, and records each request's form.
type fakeSTS struct {
	mu       sync.Mutex
	requests []url.Values
	auth     []string // Authorization header of each request
	errCode  string   // if set, answer 400 with this error code
}

const (
	fakeKeyID    = "ASIAFAKEKEYID"
	fakeSecret   = "fakeSecretAccessKey"
	fakeToken    = "fakeSessionToken"
	fakeExpiry   = "2030-01-02T03:04:05Z"
	fakeAccount  = "123456789012"
	fakeRoleARN  = "arn:aws:iam::123456789012:role/demo"
	fakeAssumed  = "arn:aws:sts::123456789012:assumed-role/demo/session"
	fakeSourceID = "AKIDSOURCE"
)

func startSTS(t *testing.T, f *fakeSTS) string {
	t.Helper()
	srv := httptest.NewServer(f)
	t.Cleanup(srv.Close)
	return srv.URL
}

func (f *fakeSTS) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if err := r.ParseForm(); err != nil {
		http.Error(w, err.Error(), http.StatusBadRequest)
		return
	}
	f.mu.Lock()
	f.requests = append(f.requests, r.PostForm)
	f.auth = append(f.auth, r.Header.Get("Authorization"))
	code := f.errCode
	f.mu.Unlock()

	w.Header().Set("Content-Type", "text/xml")
	if code != "" {
		w.WriteHeader(http.StatusBadRequest)
		fmt.Fprintf(w, `<ErrorResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/"><Error><Type>Sender</Type><Code>%s</Code><Message>denied by the fake</Message></Error><RequestId>req-1</RequestId></ErrorResponse>`, code)
		return
	}
	action := r.PostForm.Get("Action")
	fmt.Fprintf(w, `<%[1]sResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/">
  <%[1]sResult>
    <Credentials>
      <AccessKeyId>%[2]s</AccessKeyId>
      <SecretAccessKey>%[3]s</SecretAccessKey>
      <SessionToken>%[4]s</SessionToken>
      <Expiration>%[5]s</Expiration>
    </Credentials>
    <AssumedRoleUser>
      <AssumedRoleId>AROAFAKE:session</AssumedRoleId>
      <Arn>%[6]s</Arn>
    </AssumedRoleUser>
  </%[1]sResult>
  <ResponseMetadata><RequestId>req-1</RequestId></ResponseMetadata>
</%[1]sResponse>`, action, fakeKeyID, fakeSecret, fakeToken, fakeExpiry, fakeAssumed)
}

// last returns the form and Authorization header of the last request.
func (f *fakeSTS) last(t *testing.T) (url.Values, string) {
	t.Helper()
	f.mu.Lock()
	defer f.mu.Unlock()
	if len(f.requests) == 0 {
		t.Fatal("no request reached the fake STS")
	}
	return f.requests[len(f.requests)-1], f.auth[len(f.auth)-1]
}

func (f *fakeSTS) count() int {
	f.mu.Lock()
	defer f.mu.Unlock()
	return len(f.requests)
}
