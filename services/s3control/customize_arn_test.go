package s3control

import (
	"context"
	"crypto/tls"
	"errors"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"slices"
	"strings"
	"sync"
	"testing"

	"github.com/aws/smithy-go"

	"github.com/nimbus-sdk/nimbus/credentials"
	"github.com/nimbus-sdk/nimbus/internal/client"
	awsmw "github.com/nimbus-sdk/nimbus/middleware"
)

// seen is what the test server received.
type seen struct {
	host, path, auth, body string
	header                 http.Header
}

// newTestClient returns a client whose requests, whatever host they name,
// reach a TLS test server, and a function returning what that server
// received last (and how many requests it got).
func newTestClient(t *testing.T, optFns ...func(*Options)) (*Client, func() (seen, int)) {
	t.Helper()
	var mu sync.Mutex
	var last seen
	n := 0
	srv := httptest.NewTLSServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body, _ := io.ReadAll(r.Body)
		mu.Lock()
		last = seen{host: r.Host, path: r.URL.EscapedPath(), auth: r.Header.Get("Authorization"), body: string(body), header: r.Header.Clone()}
		n++
		mu.Unlock()
		w.Header().Set("Content-Type", "application/xml")
		io.WriteString(w, "<Result></Result>")
	}))
	t.Cleanup(srv.Close)
	addr := srv.Listener.Addr().String()
	hc := &http.Client{Transport: &http.Transport{
		DialContext: func(ctx context.Context, network, _ string) (net.Conn, error) {
			return (&net.Dialer{}).DialContext(ctx, network, addr)
		},
		TLSClientConfig: &tls.Config{InsecureSkipVerify: true}, //nolint:gosec // a local test server
	}}
	t.Cleanup(hc.CloseIdleConnections)
	o := Options{Region: "us-west-2", HTTPClient: hc, Credentials: credentials.NewStaticProvider("AKID", "SECRET", ""), RetryMaxAttempts: 1}
	for _, fn := range optFns {
		fn(&o)
	}
	return New(o), func() (seen, int) {
		mu.Lock()
		defer mu.Unlock()
		return last, n
	}
}

func ptr(s string) *string { return &s }

const (
	apARN     = "arn:aws:s3-outposts:us-west-2:123456789012:outpost/op-01234567890123456/accesspoint/myaccesspoint"
	bucketARN = "arn:aws:s3-outposts:us-west-2:123456789012:outpost:op-01234567890123456:bucket:mybucket"
)

// TestAccountIDHost checks the account-ID host of S3 Control's ordinary
// operations: the rules put AccountId in front of the host once (the
// model's hostPrefix is not applied on top), and x-amz-account-id is sent
// once.
func TestAccountIDHost(t *testing.T) {
	tests := []struct {
		name     string
		opts     func(*Options)
		wantHost string
	}{
		{"regional", nil, "123456789012.s3-control.us-west-2.amazonaws.com"},
		{"dual-stack", func(o *Options) { o.UseDualStackEndpoint = true }, "123456789012.s3-control.dualstack.us-west-2.amazonaws.com"},
		{"FIPS", func(o *Options) { o.UseFIPSEndpoint = true }, "123456789012.s3-control-fips.us-west-2.amazonaws.com"},
		{"custom endpoint", func(o *Options) { o.BaseEndpoint = "https://control.example.com" }, "123456789012.control.example.com"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var fns []func(*Options)
			if tt.opts != nil {
				fns = append(fns, tt.opts)
			}
			c, got := newTestClient(t, fns...)
			if _, err := c.GetAccessPoint(context.Background(), &GetAccessPointInput{AccountId: ptr("123456789012"), Name: ptr("myap")}); err != nil {
				t.Fatal(err)
			}
			s, _ := got()
			if s.host != tt.wantHost || s.path != "/v20180820/accesspoint/myap" {
				t.Errorf("request to %s%s; want %s/v20180820/accesspoint/myap", s.host, s.path, tt.wantHost)
			}
			if v := s.header.Values("X-Amz-Account-Id"); len(v) != 1 || v[0] != "123456789012" {
				t.Errorf("x-amz-account-id = %q; want one 123456789012", v)
			}
		})
	}
}

// TestOutpostsARN checks what the client does with S3 on Outposts ARNs
// beyond the rules, as aws-sdk-go-v2 does: the request goes to the
// outposts endpoint of the ARN's region with its outpost and account
// headers, carries the bare access point or bucket name, takes AccountId
// from the ARN when unset, and leaves the caller's input unchanged.
func TestOutpostsARN(t *testing.T) {
	tests := []struct {
		name      string
		opts      func(*Options)
		call      func(c *Client) (any, error)
		wantHost  string
		wantPath  string
		wantScope string
		wantBody  string
	}{
		{
			name: "GetAccessPoint, AccountId from the ARN",
			call: func(c *Client) (any, error) {
				in := &GetAccessPointInput{Name: ptr(apARN)}
				_, err := c.GetAccessPoint(context.Background(), in)
				return in, err
			},
			wantHost: "s3-outposts.us-west-2.amazonaws.com", wantPath: "/v20180820/accesspoint/myaccesspoint",
			wantScope: "/us-west-2/s3-outposts/aws4_request",
		},
		{
			name: "DeleteAccessPointPolicy, matching AccountId",
			call: func(c *Client) (any, error) {
				in := &DeleteAccessPointPolicyInput{AccountId: ptr("123456789012"), Name: ptr(strings.ReplaceAll(apARN, "/", ":"))}
				_, err := c.DeleteAccessPointPolicy(context.Background(), in)
				return in, err
			},
			wantHost: "s3-outposts.us-west-2.amazonaws.com", wantPath: "/v20180820/accesspoint/myaccesspoint/policy",
			wantScope: "/us-west-2/s3-outposts/aws4_request",
		},
		{
			name: "GetBucket",
			call: func(c *Client) (any, error) {
				in := &GetBucketInput{Bucket: ptr(bucketARN)}
				_, err := c.GetBucket(context.Background(), in)
				return in, err
			},
			wantHost: "s3-outposts.us-west-2.amazonaws.com", wantPath: "/v20180820/bucket/mybucket",
			wantScope: "/us-west-2/s3-outposts/aws4_request",
		},
		{
			name: "CreateAccessPoint on an outposts bucket",
			call: func(c *Client) (any, error) {
				in := &CreateAccessPointInput{Name: ptr("newap"), Bucket: ptr(bucketARN)}
				_, err := c.CreateAccessPoint(context.Background(), in)
				return in, err
			},
			wantHost: "s3-outposts.us-west-2.amazonaws.com", wantPath: "/v20180820/accesspoint/newap",
			wantScope: "/us-west-2/s3-outposts/aws4_request", wantBody: "<Bucket>mybucket</Bucket>",
		},
		{
			name: "the ARN's region with UseARNRegion",
			opts: func(o *Options) { o.Region = "us-east-1"; o.UseARNRegion = true },
			call: func(c *Client) (any, error) {
				in := &GetAccessPointInput{Name: ptr(apARN)}
				_, err := c.GetAccessPoint(context.Background(), in)
				return in, err
			},
			wantHost: "s3-outposts.us-west-2.amazonaws.com", wantPath: "/v20180820/accesspoint/myaccesspoint",
			wantScope: "/us-west-2/s3-outposts/aws4_request",
		},
		{
			name: "custom endpoint",
			opts: func(o *Options) { o.BaseEndpoint = "https://control.example.com" },
			call: func(c *Client) (any, error) {
				in := &GetAccessPointInput{Name: ptr(apARN)}
				_, err := c.GetAccessPoint(context.Background(), in)
				return in, err
			},
			wantHost: "control.example.com", wantPath: "/v20180820/accesspoint/myaccesspoint",
			wantScope: "/us-west-2/s3-outposts/aws4_request",
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var fns []func(*Options)
			if tt.opts != nil {
				fns = append(fns, tt.opts)
			}
			c, got := newTestClient(t, fns...)
			in, err := tt.call(c)
			if err != nil {
				t.Fatal(err)
			}
			s, _ := got()
			if s.host != tt.wantHost || s.path != tt.wantPath {
				t.Errorf("request to %s%s; want %s%s", s.host, s.path, tt.wantHost, tt.wantPath)
			}
			if h := s.header.Values("X-Amz-Outpost-Id"); len(h) != 1 || h[0] != "op-01234567890123456" {
				t.Errorf("x-amz-outpost-id = %q; want one op-01234567890123456", h)
			}
			if h := s.header.Values("X-Amz-Account-Id"); len(h) != 1 || h[0] != "123456789012" {
				t.Errorf("x-amz-account-id = %q; want one 123456789012", h)
			}
			if !strings.Contains(s.auth, tt.wantScope) {
				t.Errorf("Authorization = %q; want the scope %s", s.auth, tt.wantScope)
			}
			if !strings.Contains(s.body, tt.wantBody) {
				t.Errorf("body = %q; want it to contain %q", s.body, tt.wantBody)
			}
			// The caller's input is not changed.
			switch in := in.(type) {
			case *GetAccessPointInput:
				if *in.Name != apARN || in.AccountId != nil {
					t.Errorf("input changed to Name %q, AccountId %v", *in.Name, in.AccountId)
				}
			case *GetBucketInput:
				if *in.Bucket != bucketARN || in.AccountId != nil {
					t.Errorf("input changed to Bucket %q, AccountId %v", *in.Bucket, in.AccountId)
				}
			}
		})
	}
}

// TestRefusedBeforeSending checks that bad account IDs and ARNs fail with
// a typed validation error naming the member, and that nothing is sent.
func TestRefusedBeforeSending(t *testing.T) {
	tests := []struct {
		name       string
		in         *GetAccessPointInput
		wantMember string
		wantReason string
	}{
		{"account not a host label", &GetAccessPointInput{AccountId: ptr("1234.5678"), Name: ptr("myap")}, "AccountId", ""},
		{"account missing", &GetAccessPointInput{Name: ptr("myap")}, "AccountId", "required"},
		{"account differs from the ARN's", &GetAccessPointInput{AccountId: ptr("999999999999"), Name: ptr(apARN)}, "AccountId",
			"Invalid ARN: the accountId specified in the ARN (`123456789012`) does not match the parameter (`999999999999`)"},
		{"not an outposts ARN", &GetAccessPointInput{AccountId: ptr("123456789012"), Name: ptr("arn:aws:s3:us-west-2:123456789012:accesspoint/myap")}, "Name",
			"not an ARN of service s3"},
		{"a bucket ARN as an access point", &GetAccessPointInput{Name: ptr(bucketARN)}, "Name", "names an S3 on Outposts bucket, not an accesspoint"},
		{"no access point name", &GetAccessPointInput{Name: ptr("arn:aws:s3-outposts:us-west-2:123456789012:outpost/op-01234567890123456/accesspoint")}, "Name",
			"must be an S3 on Outposts ARN of the form"},
		{"no account in the ARN", &GetAccessPointInput{Name: ptr("arn:aws:s3-outposts:us-west-2::outpost/op-1/accesspoint/ap")}, "Name", "without an account ID"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c, got := newTestClient(t)
			_, err := c.GetAccessPoint(context.Background(), tt.in)
			if _, n := got(); n != 0 {
				t.Errorf("%d request(s) sent; want none", n)
			}
			var invalid smithy.InvalidParamsError
			if !errors.As(err, &invalid) {
				t.Fatalf("err = %v; want a smithy.InvalidParamsError", err)
			}
			for _, e := range invalid.Errs() {
				var pv *awsmw.ParamValueError
				var pr *smithy.ParamRequiredError
				switch {
				case errors.As(e, &pv) && pv.Member == tt.wantMember && strings.Contains(pv.Reason, tt.wantReason):
					return
				case errors.As(e, &pr) && strings.HasSuffix("."+pr.Field(), "."+tt.wantMember) && tt.wantReason == "required":
					return
				}
			}
			t.Errorf("errors %v; want one for %s containing %q", invalid.Errs(), tt.wantMember, tt.wantReason)
		})
	}
}

// TestBackfillInputInStack checks that the S3 Control step is in every
// operation's stack under its aws-sdk-go-v2 ID, before input validation,
// so that stack edits written for v2 find it.
func TestBackfillInputInStack(t *testing.T) {
	c := New(Options{Region: "us-west-2"})
	for _, op := range []*client.Operation{&opGetAccessPoint, &opGetBucket, &opListJobs} {
		st, err := c.rt.Stack(op)
		if err != nil {
			t.Fatal(err)
		}
		ids := st.Initialize.List()
		i, j := slices.Index(ids, awsmw.IDS3ControlBackfillInput), slices.Index(ids, awsmw.IDOperationInputValidation)
		if i < 0 || j < 0 || i > j {
			t.Errorf("%s: Initialize steps %v; want %s before %s", op.Protocol.Name, ids, awsmw.IDS3ControlBackfillInput, awsmw.IDOperationInputValidation)
		}
	}
}
