package canonical

import (
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"
)

func TestRequestHost(t *testing.T) {
	for _, tc := range []struct{ url, host, want string }{
		{"https://h.example:443/", "", "h.example"},
		{"http://h.example:80/", "", "h.example"},
		{"https://h.example:80/", "", "h.example:80"},
		{"http://127.0.0.1:9000/", "", "127.0.0.1:9000"},
		{"https://h.example/", "override.example:443", "override.example"},
		{"https://[::1]:443/", "", "[::1]"},
	} {
		t.Run(tc.url+"|"+tc.host, func(t *testing.T) {
			u, _ := url.Parse(tc.url)
			r := &http.Request{URL: u, Host: tc.host}
			if got := requestHost(r); got != tc.want {
				t.Errorf("requestHost(%q, Host=%q) = %q; want %q", tc.url, tc.host, got, tc.want)
			}
		})
	}
}

func TestAppendScope(t *testing.T) {
	for _, tc := range []struct{ region, want string }{
		{"us-east-1", "20150830/us-east-1/iam/aws4_request"}, // SigV4
		{"", "20150830/iam/aws4_request"},                    // SigV4a: no region
	} {
		if got := string(AppendScope(nil, "20150830T123600Z", tc.region, "iam")); got != tc.want {
			t.Errorf("AppendScope(region %q) = %q; want %q", tc.region, got, tc.want)
		}
	}
}

func TestRedact(t *testing.T) {
	canon := "GET\n/\nX-Amz-Date=x&X-Amz-Security-Token=TOKEN&a=b\nhost:h\nx-amz-security-token:TOKEN\nx-amz-server-side-encryption-customer-key:KEY\n\nhost;x-amz-security-token\nUNSIGNED-PAYLOAD"
	got := redact([]byte(canon))
	want := "GET\n/\nX-Amz-Date=x&X-Amz-Security-Token=REDACTED&a=b\nhost:h\nx-amz-security-token:REDACTED\nx-amz-server-side-encryption-customer-key:REDACTED\n\nhost;x-amz-security-token\nUNSIGNED-PAYLOAD"
	if got != want {
		t.Errorf("redact =\n%s\nwant\n%s", got, want)
	}
}

// TestPresignRequest_RegionSet checks the one difference SigV4a makes to
// the presigned form: X-Amz-Region-Set is a signing parameter, so a header
// of that name is neither signed nor hoisted a second time.
func TestPresignRequest_RegionSet(t *testing.T) {
	u, _ := url.Parse("https://h.example/k")
	r := &http.Request{Method: "GET", URL: u, Host: u.Host, Header: http.Header{
		"X-Amz-Region-Set": {"stale"},
		"X-Amz-Meta-A":     {"1"},
	}}
	var date [AmzDateLen]byte
	FormatAmzDate(&date, time.Date(2015, 8, 30, 12, 36, 0, 0, time.UTC))
	b := GetBuf()
	defer PutBuf(b)
	q := string(b.PresignRequest(r, &Presign{
		Algorithm: "ALG", AccessKeyID: "AKID", AmzDate: string(date[:]), Service: "s3",
		RegionSet: "us-east-1,us-west-2", Expires: 60, PayloadHash: "UNSIGNED-PAYLOAD",
	}))
	want := "X-Amz-Algorithm=ALG&X-Amz-Credential=AKID%2F20150830%2Fs3%2Faws4_request&X-Amz-Date=20150830T123600Z" +
		"&X-Amz-Expires=60&X-Amz-Meta-A=1&X-Amz-Region-Set=us-east-1%2Cus-west-2&X-Amz-SignedHeaders=host"
	if q != want {
		t.Errorf("canonical query =\n%s\nwant\n%s", q, want)
	}
	if h := b.SignedHeader(); len(h) != 1 || h.Get("Host") != "h.example" {
		t.Errorf("SignedHeader = %v; want only Host", h)
	}
	if strings.Contains(string(b.Canon), "stale") {
		t.Errorf("canonical request signs the request's own X-Amz-Region-Set:\n%s", b.Canon)
	}
}
