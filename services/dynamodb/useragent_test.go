package dynamodb

import (
	"context"
	"errors"
	"net/http"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/nimbus-sdk/nimbus/config/aws"
)

// captureUA is an HTTP client that records the X-Amz-User-Agent of the
// first request and sends nothing.
type captureUA struct{ ua string }

func (c *captureUA) Do(r *http.Request) (*http.Response, error) {
	if c.ua == "" {
		c.ua = r.Header.Get("X-Amz-User-Agent")
	}
	return nil, errCaptured
}

// TestUserAgentFeatures checks the business-metric codes a DynamoDB call
// reports, as v2 reports them: the retry mode (E standard, F adaptive) and
// the account ID endpoint mode (P preferred, Q disabled, R required;
// nothing when unset), from the client's options or one call's.
func TestUserAgentFeatures(t *testing.T) {
	tests := []struct {
		name string
		opts func(*Options)
		call func(*Options)
		want []string
	}{
		{name: "defaults", want: []string{"E"}},
		{name: "adaptive", opts: func(o *Options) { o.RetryMode = "adaptive" }, want: []string{"F"}},
		{name: "preferred", opts: func(o *Options) { o.AccountIDEndpointMode = aws.AccountIDEndpointModePreferred }, want: []string{"E", "P"}},
		{name: "disabled", opts: func(o *Options) { o.AccountIDEndpointMode = aws.AccountIDEndpointModeDisabled }, want: []string{"E", "Q"}},
		{name: "required", opts: func(o *Options) { o.AccountIDEndpointMode = aws.AccountIDEndpointModeRequired }, want: []string{"E", "R"}},
		{name: "adaptive for one call", call: func(o *Options) { o.RetryMode = "adaptive" }, want: []string{"F"}},
		{name: "required for one call", call: func(o *Options) { o.AccountIDEndpointMode = aws.AccountIDEndpointModeRequired }, want: []string{"E", "R"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			hc := &captureUA{}
			opts := []func(*Options){func(o *Options) {
				o.Region, o.Credentials, o.HTTPClient = "us-east-1", creds("111122223333"), hc
			}}
			if tt.opts != nil {
				opts = append(opts, tt.opts)
			}
			c := New(Options{}, opts...)
			var call []func(*Options)
			if tt.call != nil {
				call = append(call, tt.call)
			}
			_, err := c.ListTables(context.Background(), &ListTablesInput{}, call...)
			if !errors.Is(err, errCaptured) {
				t.Fatalf("ListTables error = %v; want the captured request", err)
			}
			m := regexp.MustCompile(` m/([^ ]+)`).FindStringSubmatch(hc.ua)
			if m == nil {
				t.Fatalf("X-Amz-User-Agent %q has no m/ component", hc.ua)
			}
			got := strings.Split(m[1], ",")
			for _, code := range []string{"E", "F", "M", "P", "Q", "R"} {
				if slices.Contains(got, code) != slices.Contains(tt.want, code) {
					t.Errorf("X-Amz-User-Agent %q: code %s present = %v; want codes %v", hc.ua, code, slices.Contains(got, code), tt.want)
				}
			}
		})
	}
}

// TestUserAgentPaginator checks that a paginator's calls report the code
// C, as v2's do, and that direct calls do not.
func TestUserAgentPaginator(t *testing.T) {
	hc := &captureUA{}
	c := New(Options{Region: "us-east-1", Credentials: creds(""), HTTPClient: hc})
	if _, err := NewListTablesPaginator(c, &ListTablesInput{}).NextPage(context.Background()); !errors.Is(err, errCaptured) {
		t.Fatalf("NextPage error = %v; want the captured request", err)
	}
	if !regexp.MustCompile(` m/([^ ]+,)?C(,| |$)`).MatchString(hc.ua) {
		t.Errorf("paginator call's X-Amz-User-Agent %q lacks the code C", hc.ua)
	}
	hc.ua = ""
	if _, err := c.ListTables(context.Background(), &ListTablesInput{}); !errors.Is(err, errCaptured) {
		t.Fatal(err)
	}
	if regexp.MustCompile(` m/([^ ]+,)?C(,| |$)`).MatchString(hc.ua) {
		t.Errorf("direct call's X-Amz-User-Agent %q has the code C", hc.ua)
	}
}
