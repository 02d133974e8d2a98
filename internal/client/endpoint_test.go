package client

import (
	"context"
	"errors"
	"net/http"
	"net/url"
	"testing"
	"time"

	"github.com/aws/smithy-go"
	smithyhttp "github.com/aws/smithy-go/transport/http"

	"github.com/nimbus-sdk/nimbus/credentials"
	"github.com/nimbus-sdk/nimbus/internal/endpoints/rules"
)

func TestApplyEndpoint(t *testing.T) {
	tests := []struct {
		name        string
		endpoint    rules.Endpoint
		opPath      string // as the serializer sets URL.Path
		opRawPath   string // and URL.RawPath
		hostPrefix  string // written into URL.Host by the serializer
		wantURL     string // scheme://host + escaped path
		wantPath    string
		wantHeaders http.Header
		wantErr     bool
	}{
		{
			name:     "endpoint without path",
			endpoint: rules.Endpoint{URL: "https://svc.example.com"},
			opPath:   "/items/x", opRawPath: "/items/x",
			wantURL: "https://svc.example.com/items/x", wantPath: "/items/x",
		},
		{
			name:     "endpoint with port over http",
			endpoint: rules.Endpoint{URL: "http://127.0.0.1:8080"},
			opPath:   "/items/x", opRawPath: "/items/x",
			wantURL: "http://127.0.0.1:8080/items/x", wantPath: "/items/x",
		},
		{
			name:     "endpoint with path",
			endpoint: rules.Endpoint{URL: "https://svc.example.com/base"},
			opPath:   "/items/x", opRawPath: "/items/x",
			wantURL: "https://svc.example.com/base/items/x", wantPath: "/base/items/x",
		},
		{
			name:     "endpoint with path and trailing slash",
			endpoint: rules.Endpoint{URL: "https://svc.example.com/base/"},
			opPath:   "/items/x", opRawPath: "/items/x",
			wantURL: "https://svc.example.com/base/items/x", wantPath: "/base/items/x",
		},
		{
			name:     "endpoint root path",
			endpoint: rules.Endpoint{URL: "https://svc.example.com/"},
			opPath:   "/items/x", opRawPath: "/items/x",
			wantURL: "https://svc.example.com/items/x", wantPath: "/items/x",
		},
		{
			name:     "escaped op path without endpoint path",
			endpoint: rules.Endpoint{URL: "https://svc.example.com"},
			opPath:   "/items/a/b c", opRawPath: "/items/a%2Fb%20c",
			wantURL: "https://svc.example.com/items/a%2Fb%20c", wantPath: "/items/a/b c",
		},
		{
			name:     "escaped op path with endpoint path",
			endpoint: rules.Endpoint{URL: "https://svc.example.com/base"},
			opPath:   "/items/a/b c", opRawPath: "/items/a%2Fb%20c",
			wantURL: "https://svc.example.com/base/items/a%2Fb%20c", wantPath: "/base/items/a/b c",
		},
		{
			name:     "escaped endpoint path",
			endpoint: rules.Endpoint{URL: "https://svc.example.com/my%20base"},
			opPath:   "/items/x", opRawPath: "/items/x",
			wantURL: "https://svc.example.com/my%20base/items/x", wantPath: "/my base/items/x",
		},
		{
			name:     "escaped endpoint path and escaped op path",
			endpoint: rules.Endpoint{URL: "https://svc.example.com/a%2Fb"},
			opPath:   "/items/c/d", opRawPath: "/items/c%2Fd",
			wantURL: "https://svc.example.com/a%2Fb/items/c%2Fd", wantPath: "/a/b/items/c/d",
		},
		{
			name:     "empty op path",
			endpoint: rules.Endpoint{URL: "https://svc.example.com"},
			wantURL:  "https://svc.example.com/", wantPath: "/",
		},
		{
			name:     "empty op path with endpoint path",
			endpoint: rules.Endpoint{URL: "https://svc.example.com/base"},
			wantURL:  "https://svc.example.com/base", wantPath: "/base",
		},
		{
			name:     "host prefix",
			endpoint: rules.Endpoint{URL: "https://svc.example.com"},
			opPath:   "/", opRawPath: "/",
			hostPrefix: "acct-123.",
			wantURL:    "https://acct-123.svc.example.com/", wantPath: "/",
		},
		{
			name:     "endpoint headers",
			endpoint: rules.Endpoint{URL: "https://svc.example.com", Headers: map[string][]string{"X-Ep": {"a", "b"}}},
			opPath:   "/", opRawPath: "/",
			wantURL: "https://svc.example.com/", wantPath: "/",
			wantHeaders: http.Header{"X-Ep": {"a", "b"}},
		},
		{
			name:     "not a URL",
			endpoint: rules.Endpoint{URL: "https://svc.example.com/%zz"},
			wantErr:  true,
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			req := smithyhttp.NewStackRequest().(*smithyhttp.Request)
			req.URL.Path, req.URL.RawPath, req.URL.Host = tt.opPath, tt.opRawPath, tt.hostPrefix
			err := applyEndpoint(req, tt.endpoint)
			if (err != nil) != tt.wantErr {
				t.Fatalf("applyEndpoint(%q) error = %v; want error %v", tt.endpoint.URL, err, tt.wantErr)
			}
			if tt.wantErr {
				return
			}
			if got := req.URL.Scheme + "://" + req.URL.Host + req.URL.EscapedPath(); got != tt.wantURL {
				t.Errorf("URL = %q; want %q", got, tt.wantURL)
			}
			if req.URL.Path != tt.wantPath {
				t.Errorf("Path = %q; want %q", req.URL.Path, tt.wantPath)
			}
			for k, want := range tt.wantHeaders {
				if got := req.Header.Values(k); len(got) != len(want) || got[0] != want[0] || got[len(got)-1] != want[len(want)-1] {
					t.Errorf("header %s = %q; want %q", k, got, want)
				}
			}
		})
	}
}

func TestPresign(t *testing.T) {
	srv, rec := newServer(t, getItemResponder)
	rt := newTestRuntime(t, srv)

	in := &getItemInput{Id: ptr("a b"), Limit: ptr(int32(3))}
	pr, err := rt.Presign(context.Background(), &opGetItem, in, nil, PresignParams{Expires: 15 * time.Minute, UnsignedPayload: true})
	if err != nil {
		t.Fatalf("Presign: %v", err)
	}
	u, err := url.Parse(pr.URL)
	if err != nil {
		t.Fatalf("presigned URL %q: %v", pr.URL, err)
	}
	q := u.Query()
	checks := []struct {
		name, got, want string
	}{
		{"method", pr.Method, "GET"},
		{"X-Amz-Expires", q.Get("X-Amz-Expires"), "900"},
		{"X-Amz-Algorithm", q.Get("X-Amz-Algorithm"), "AWS4-HMAC-SHA256"},
		{"credential scope", credentialScope(q.Get("X-Amz-Credential")), "AKIDEXAMPLE/us-west-2/svc/aws4_request"},
		{"signature length", itoa(len(q.Get("X-Amz-Signature"))), "64"},
		{"member query", q.Get("limit"), "3"},
		{"escaped path", u.EscapedPath(), "/items/a%20b"},
	}
	for _, c := range checks {
		t.Run(c.name, func(t *testing.T) {
			if c.got != c.want {
				t.Errorf("%s = %q; want %q", c.name, c.got, c.want)
			}
		})
	}

	req, err := http.NewRequest(pr.Method, pr.URL, nil)
	if err != nil {
		t.Fatal(err)
	}
	for k, vs := range pr.SignedHeader {
		if http.CanonicalHeaderKey(k) != "Host" {
			req.Header[k] = vs
		}
	}
	resp, err := srv.Client().Do(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		t.Errorf("GET presigned URL: status %d; want 200", resp.StatusCode)
	}
	reqs := rec.requests()
	if len(reqs) != 1 {
		t.Fatalf("server saw %d requests; want 1 (the presigned GET only)", len(reqs))
	}
	if got, want := reqs[0].RawPath, "/items/a%20b"; got != want {
		t.Errorf("server path = %q; want %q", got, want)
	}
	if got := reqs[0].Header.Get("Authorization"); got != "" {
		t.Errorf("Authorization = %q; want none on a presigned request", got)
	}
}

func TestPresignErrors(t *testing.T) {
	tests := []struct {
		name  string
		optFn func(*Options)
		input any
		check func(error) bool
	}{
		{"no credentials", func(o *Options) { o.Credentials = nil }, &getItemInput{Id: ptr("x")},
			func(err error) bool { return err != nil }},
		{"missing region", func(o *Options) { o.Region = "" }, &getItemInput{Id: ptr("x")},
			func(err error) bool { return errors.Is(err, ErrMissingRegion) }},
		{"missing required member", nil, &getItemInput{},
			func(err error) bool { var e smithy.InvalidParamsError; return errors.As(err, &e) }},
		{"anonymous credentials provider", func(o *Options) { o.Credentials = credentials.NewStaticProvider("", "", "") }, &getItemInput{Id: ptr("x")},
			func(err error) bool { return errors.Is(err, credentials.ErrStaticCredentialsEmpty) }},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			srv, rec := newServer(t, nil)
			rt := newTestRuntime(t, srv)
			o := rt.Options()
			if tt.optFn != nil {
				tt.optFn(&o)
			}
			pr, err := rt.Presign(context.Background(), &opGetItem, tt.input, &o, PresignParams{Expires: time.Minute})
			if !tt.check(err) {
				t.Errorf("Presign = %+v, %v; want a matching error", pr, err)
			}
			if n := len(rec.requests()); n != 0 {
				t.Errorf("server saw %d requests; want 0", n)
			}
		})
	}
}

// credentialScope drops the date from an X-Amz-Credential value.
func credentialScope(cred string) string {
	var parts []string
	start := 0
	for i := 0; i <= len(cred); i++ {
		if i == len(cred) || cred[i] == '/' {
			parts = append(parts, cred[start:i])
			start = i + 1
		}
	}
	if len(parts) != 5 {
		return cred
	}
	return parts[0] + "/" + parts[2] + "/" + parts[3] + "/" + parts[4]
}

func itoa(n int) string {
	if n == 0 {
		return "0"
	}
	var b []byte
	for ; n > 0; n /= 10 {
		b = append([]byte{byte('0' + n%10)}, b...)
	}
	return string(b)
}
