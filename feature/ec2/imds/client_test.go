package imds_test

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/aws/smithy-go"
	smithyhttp "github.com/aws/smithy-go/transport/http"

	"github.com/nimbus-sdk/nimbus/config"
	"github.com/nimbus-sdk/nimbus/config/aws"
	credimds "github.com/nimbus-sdk/nimbus/credentials/imds"
	"github.com/nimbus-sdk/nimbus/feature/ec2/imds"
)

var t0 = time.Date(2025, 6, 1, 12, 0, 0, 0, time.UTC)

// readAll reads and closes an operation's Content.
func readAll(t *testing.T, rc io.ReadCloser) string {
	t.Helper()
	defer rc.Close()
	b, err := io.ReadAll(rc)
	if err != nil {
		t.Fatalf("reading Content: %v", err)
	}
	return string(b)
}

// operation is one operation called the way a user calls it, with its
// result rendered as text.
type operation struct {
	name     string
	call     func(t *testing.T, c *imds.Client, ctx context.Context) (string, error)
	wantPath string
	want     string
}

var wantIdentity = imds.InstanceIdentityDocument{
	MarketplaceProductCodes: []string{"abcdefghijklmnopqrst"},
	AvailabilityZone:        "eu-west-3a",
	PrivateIP:               "10.0.1.23",
	Version:                 "2017-09-30",
	Region:                  "eu-west-3",
	InstanceID:              "i-0123456789abcdef0",
	InstanceType:            "t4g.micro",
	AccountID:               "123456789012",
	PendingTime:             t0,
	ImageID:                 "ami-0123456789abcdef0",
	Architecture:            "arm64",
}

var operations = []operation{
	{
		name: "GetMetadata",
		call: func(t *testing.T, c *imds.Client, ctx context.Context) (string, error) {
			out, err := c.GetMetadata(ctx, &imds.GetMetadataInput{Path: "instance-id"})
			if err != nil {
				return "", err
			}
			return readAll(t, out.Content), nil
		},
		wantPath: "/latest/meta-data/instance-id",
		want:     "i-0123456789abcdef0",
	},
	{
		name: "GetMetadata category",
		call: func(t *testing.T, c *imds.Client, ctx context.Context) (string, error) {
			out, err := c.GetMetadata(ctx, &imds.GetMetadataInput{Path: "/placement/"})
			if err != nil {
				return "", err
			}
			return readAll(t, out.Content), nil
		},
		wantPath: "/latest/meta-data/placement/",
		want:     "availability-zone\nregion",
	},
	{
		name: "GetDynamicData",
		call: func(t *testing.T, c *imds.Client, ctx context.Context) (string, error) {
			out, err := c.GetDynamicData(ctx, &imds.GetDynamicDataInput{Path: "instance-identity/"})
			if err != nil {
				return "", err
			}
			return readAll(t, out.Content), nil
		},
		wantPath: "/latest/dynamic/instance-identity/",
		want:     "document\npkcs7\nsignature",
	},
	{
		name: "GetUserData",
		call: func(t *testing.T, c *imds.Client, ctx context.Context) (string, error) {
			out, err := c.GetUserData(ctx, nil)
			if err != nil {
				return "", err
			}
			return readAll(t, out.Content), nil
		},
		wantPath: "/latest/user-data",
		want:     "#!/bin/sh\necho hello\n",
	},
	{
		name: "GetIAMInfo",
		call: func(t *testing.T, c *imds.Client, ctx context.Context) (string, error) {
			out, err := c.GetIAMInfo(ctx, nil)
			if err != nil {
				return "", err
			}
			return fmt.Sprintf("%+v", out.IAMInfo), nil
		},
		wantPath: "/latest/meta-data/iam/info",
		want: fmt.Sprintf("%+v", imds.IAMInfo{Code: "Success", LastUpdated: t0,
			InstanceProfileArn: "arn:aws:iam::123456789012:instance-profile/web", InstanceProfileID: "AIPAEXAMPLEPROFILEID"}),
	},
	{
		name: "GetInstanceIdentityDocument",
		call: func(t *testing.T, c *imds.Client, ctx context.Context) (string, error) {
			out, err := c.GetInstanceIdentityDocument(ctx, &imds.GetInstanceIdentityDocumentInput{})
			if err != nil {
				return "", err
			}
			return fmt.Sprintf("%+v", out.InstanceIdentityDocument), nil
		},
		wantPath: "/latest/dynamic/instance-identity/document",
		want:     fmt.Sprintf("%+v", wantIdentity),
	},
	{
		name: "GetRegion",
		call: func(t *testing.T, c *imds.Client, ctx context.Context) (string, error) {
			out, err := c.GetRegion(ctx, nil)
			if err != nil {
				return "", err
			}
			return out.Region, nil
		},
		wantPath: "/latest/dynamic/instance-identity/document",
		want:     "eu-west-3",
	},
}

// profileConfig loads a config.Config whose profile names endpoint as
// ec2_metadata_service_endpoint, plus the extra lines.
func profileConfig(t *testing.T, endpoint string, extra ...string) config.Config {
	t.Helper()
	file := filepath.Join(t.TempDir(), "config")
	body := "[default]\nregion = eu-west-3\nec2_metadata_service_endpoint = " + endpoint + "\n" + strings.Join(extra, "\n") + "\n"
	if err := os.WriteFile(file, []byte(body), 0o600); err != nil {
		t.Fatal(err)
	}
	cfg, err := config.Load(context.Background(), func(o *config.LoadOptions) {
		o.ConfigFiles, o.CredentialsFiles = []string{file}, []string{}
	})
	if err != nil {
		t.Fatalf("config.Load: %v", err)
	}
	return cfg
}

// clients are the ways a user builds a client for the IMDS at url.
var clients = []struct {
	name string
	make func(t *testing.T, url string, optFns ...func(*imds.Options)) *imds.Client
}{
	{"New", func(t *testing.T, url string, optFns ...func(*imds.Options)) *imds.Client {
		return imds.New(imds.Options{Endpoint: url}, optFns...)
	}},
	{"NewFromConfig", func(t *testing.T, url string, optFns ...func(*imds.Options)) *imds.Client {
		return imds.NewFromConfig(profileConfig(t, url), optFns...)
	}},
	{"environment", func(t *testing.T, url string, optFns ...func(*imds.Options)) *imds.Client {
		t.Setenv("AWS_EC2_METADATA_SERVICE_ENDPOINT", url)
		return imds.New(imds.Options{}, optFns...)
	}},
}

func TestOperations(t *testing.T) {
	for _, cl := range clients {
		for _, op := range operations {
			t.Run(cl.name+"/"+op.name, func(t *testing.T) {
				cleanEnv(t)
				f := newFakeIMDS()
				c := cl.make(t, f.start(t))
				got, err := op.call(t, c, context.Background())
				if err != nil {
					t.Fatalf("%s: %v", op.name, err)
				}
				if got != op.want {
					t.Errorf("%s = %q; want %q", op.name, got, op.want)
				}
				want := []string{"PUT /latest/api/token", "GET " + op.wantPath + " token"}
				if got := f.log(); !reflect.DeepEqual(got, want) {
					t.Errorf("requests = %q; want %q", got, want)
				}
			})
		}
	}
}

func TestTokenReusedAndRefreshed(t *testing.T) {
	cleanEnv(t)
	f := newFakeIMDS()
	c := imds.New(imds.Options{Endpoint: f.start(t)})
	ctx := context.Background()
	for i := range 3 {
		if i == 2 {
			f.revokeTokens() // as expiry would
		}
		if _, err := c.GetRegion(ctx, nil); err != nil {
			t.Fatalf("GetRegion #%d: %v", i+1, err)
		}
	}
	want := []string{
		"PUT /latest/api/token",
		"GET /latest/dynamic/instance-identity/document token",
		"GET /latest/dynamic/instance-identity/document token",
		"GET /latest/dynamic/instance-identity/document token", // 401
		"PUT /latest/api/token",
		"GET /latest/dynamic/instance-identity/document token",
	}
	if got := f.log(); !reflect.DeepEqual(got, want) {
		t.Errorf("requests =\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
}

func TestTokenTTL(t *testing.T) {
	tests := []struct {
		ttl  time.Duration
		want string
	}{
		{0, "21600"},
		{90 * time.Second, "90"},
	}
	for _, tt := range tests {
		t.Run(tt.ttl.String(), func(t *testing.T) {
			cleanEnv(t)
			f := newFakeIMDS()
			c := imds.New(imds.Options{Endpoint: f.start(t), TokenTTL: tt.ttl})
			if _, err := c.GetRegion(context.Background(), nil); err != nil {
				t.Fatal(err)
			}
			if got := strings.Join(f.ttls, ","); got != tt.want {
				t.Errorf("token TTL header = %q; want %q", got, tt.want)
			}
		})
	}
}

func TestV1Fallback(t *testing.T) {
	for _, tokenStatus := range []int{403, 404, 405} {
		t.Run(fmt.Sprint(tokenStatus), func(t *testing.T) {
			cleanEnv(t)
			f := newFakeIMDS()
			f.tokenStatus, f.v1Allowed = tokenStatus, true
			log := &captureLogger{}
			c := imds.New(imds.Options{Endpoint: f.start(t), Logger: log})
			for i := range 2 {
				out, err := c.GetUserData(context.Background(), nil)
				if err != nil {
					t.Fatalf("GetUserData #%d: %v", i+1, err)
				}
				readAll(t, out.Content)
			}
			want := []string{"PUT /latest/api/token", "GET /latest/user-data", "GET /latest/user-data"}
			if got := f.log(); !reflect.DeepEqual(got, want) {
				t.Errorf("requests = %q; want %q (IMDSv1, the fallback remembered)", got, want)
			}
			if lines := log.get(); len(lines) != 1 || !strings.Contains(lines[0], "falling back to IMDSv1") {
				t.Errorf("log = %q; want one warning about the fallback", lines)
			}
		})
	}
}

func TestFallbackDisabled(t *testing.T) {
	tests := []struct {
		name string
		env  []string
		cfg  []string // profile lines, for NewFromConfig
		opt  func(*imds.Options)
	}{
		{name: "option", opt: func(o *imds.Options) { o.EnableFallback = aws.FalseTernary }},
		{name: "environment", env: []string{"AWS_EC2_METADATA_V1_DISABLED", "true"}},
		{name: "profile", cfg: []string{"ec2_metadata_v1_disabled = true"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			cleanEnv(t, tt.env...)
			f := newFakeIMDS()
			f.tokenStatus, f.v1Allowed = 403, true
			var c *imds.Client
			if tt.opt != nil {
				c = imds.New(imds.Options{Endpoint: f.start(t)}, tt.opt)
			} else {
				c = imds.NewFromConfig(profileConfig(t, f.start(t), tt.cfg...))
			}
			_, err := c.GetRegion(context.Background(), nil)
			checkStatus(t, err, "GetRegion", 403)
			if e := credError(t, err); e.Kind != credimds.KindTokenUnavailable {
				t.Errorf("Kind = %v; want %v", e.Kind, credimds.KindTokenUnavailable)
			}
			if n := f.count("GET"); n != 0 {
				t.Errorf("%d GET requests; want none without a token", n)
			}
		})
	}

	t.Run("TrueTernary overrides the environment and profile", func(t *testing.T) {
		cleanEnv(t, "AWS_EC2_METADATA_V1_DISABLED", "true")
		f := newFakeIMDS()
		f.tokenStatus, f.v1Allowed = 403, true
		cfg := profileConfig(t, f.start(t), "ec2_metadata_v1_disabled = true")
		c := imds.NewFromConfig(cfg, func(o *imds.Options) { o.EnableFallback = aws.TrueTernary })
		if _, err := c.GetRegion(context.Background(), nil); err != nil {
			t.Errorf("GetRegion: %v; want an IMDSv1 answer", err)
		}
	})
}

func TestDisabled(t *testing.T) {
	tests := []struct {
		name string
		env  []string
		opt  func(*imds.Options)
	}{
		{name: "option", opt: func(o *imds.Options) { o.ClientEnableState = imds.ClientDisabled }},
		{name: "environment", env: []string{"AWS_EC2_METADATA_DISABLED", "TRUE"}},
	}
	for _, tt := range tests {
		for _, op := range operations {
			t.Run(tt.name+"/"+op.name, func(t *testing.T) {
				cleanEnv(t, tt.env...)
				f := newFakeIMDS()
				c := imds.New(imds.Options{Endpoint: f.start(t)}, optOrNop(tt.opt))
				_, err := op.call(t, c, context.Background())
				oe := checkOperation(t, err, strings.Fields(op.name)[0])
				if e := credError(t, oe); e.Kind != credimds.KindDisabled {
					t.Errorf("Kind = %v; want %v", e.Kind, credimds.KindDisabled)
				}
				if !strings.Contains(err.Error(), "AWS_EC2_METADATA_DISABLED") {
					t.Errorf("error %q does not say how the client was disabled", err)
				}
				if n := len(f.log()); n != 0 {
					t.Errorf("%d requests; want none", n)
				}
			})
		}
	}

	t.Run("ClientEnabled overrides the environment", func(t *testing.T) {
		cleanEnv(t, "AWS_EC2_METADATA_DISABLED", "true")
		f := newFakeIMDS()
		c := imds.New(imds.Options{Endpoint: f.start(t), ClientEnableState: imds.ClientEnabled})
		if _, err := c.GetRegion(context.Background(), nil); err != nil {
			t.Errorf("GetRegion: %v", err)
		}
	})
}

func optOrNop(fn func(*imds.Options)) func(*imds.Options) {
	if fn == nil {
		return func(*imds.Options) {}
	}
	return fn
}

func TestHTTPErrors(t *testing.T) {
	tests := []struct {
		name     string
		status   int
		wantGETs int
	}{
		{"not found", 404, 1},
		{"server error, retried once", 500, 2},
		{"forbidden", 403, 1},
	}
	for _, tt := range tests {
		for _, op := range operations {
			t.Run(tt.name+"/"+op.name, func(t *testing.T) {
				cleanEnv(t)
				f := newFakeIMDS()
				f.set(op.wantPath, status(tt.status))
				c := imds.New(imds.Options{Endpoint: f.start(t)})
				_, err := op.call(t, c, context.Background())
				checkStatus(t, err, strings.Fields(op.name)[0], tt.status)
				if n := f.count("GET"); n != tt.wantGETs {
					t.Errorf("%d GET requests; want %d", n, tt.wantGETs)
				}
				if strings.Contains(err.Error(), "AQAEtoken") || strings.Contains(err.Error(), "error body") {
					t.Errorf("error %q holds a token or the body", err)
				}
			})
		}
	}
}

func TestUnreachable(t *testing.T) {
	cleanEnv(t)
	c := imds.New(imds.Options{Endpoint: "http://127.0.0.1:1"}) // nothing listens on port 1
	_, err := c.GetRegion(context.Background(), nil)
	checkOperation(t, err, "GetRegion")
	var se *smithyhttp.RequestSendError
	if !errors.As(err, &se) {
		t.Errorf("error %v (%T) is not a *smithyhttp.RequestSendError", err, errors.Unwrap(err))
	}
	if e := credError(t, err); e.Kind != credimds.KindUnavailable {
		t.Errorf("Kind = %v; want %v", e.Kind, credimds.KindUnavailable)
	}
}

func TestCanceled(t *testing.T) {
	cleanEnv(t)
	f := newFakeIMDS()
	c := imds.New(imds.Options{Endpoint: f.start(t)})
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	_, err := c.GetRegion(ctx, nil)
	var ce *smithy.CanceledError
	if !errors.As(err, &ce) || !errors.Is(err, context.Canceled) {
		t.Errorf("error %v: want a *smithy.CanceledError wrapping context.Canceled", err)
	}
}

func TestBadDocuments(t *testing.T) {
	tests := []struct {
		name    string
		op      string
		path    string
		body    string
		wantMsg string
		deser   bool // a *smithy.DeserializationError
	}{
		{"malformed identity document", "GetInstanceIdentityDocument", "/latest/dynamic/instance-identity/document",
			`{"region": "eu-west-3", `, "decode instance identity document", true},
		{"malformed identity document for the region", "GetRegion", "/latest/dynamic/instance-identity/document",
			`region=eu-west-3`, "decode instance identity document", true},
		{"bad pendingTime", "GetInstanceIdentityDocument", "/latest/dynamic/instance-identity/document",
			`{"pendingTime": "yesterday"}`, "decode instance identity document", true},
		{"trailing data", "GetInstanceIdentityDocument", "/latest/dynamic/instance-identity/document",
			`{"region": "eu-west-3"} {"region": "us-east-1"}`, "decode instance identity document", true},
		{"document too large", "GetInstanceIdentityDocument", "/latest/dynamic/instance-identity/document",
			`{"region": "` + strings.Repeat("x", 70<<10) + `"}`, "exceeds 65536 bytes", true},
		{"no region", "GetRegion", "/latest/dynamic/instance-identity/document",
			`{"instanceId": "i-1"}`, "did not return a region value", false},
		{"malformed IAM info", "GetIAMInfo", "/latest/meta-data/iam/info",
			`<html>`, "decode IAM info", true},
		{"IAM info not Success", "GetIAMInfo", "/latest/meta-data/iam/info",
			`{"Code": "AssumeRoleUnauthorizedAccess"}`, `Code "AssumeRoleUnauthorizedAccess"`, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			cleanEnv(t)
			f := newFakeIMDS()
			f.set(tt.path, text(tt.body))
			c := imds.New(imds.Options{Endpoint: f.start(t)})
			var err error
			switch tt.op {
			case "GetInstanceIdentityDocument":
				_, err = c.GetInstanceIdentityDocument(context.Background(), nil)
			case "GetRegion":
				_, err = c.GetRegion(context.Background(), nil)
			case "GetIAMInfo":
				_, err = c.GetIAMInfo(context.Background(), nil)
			}
			checkOperation(t, err, tt.op)
			if !strings.Contains(err.Error(), tt.wantMsg) {
				t.Errorf("error %q does not contain %q", err, tt.wantMsg)
			}
			var de *smithy.DeserializationError
			if got := errors.As(err, &de); got != tt.deser {
				t.Errorf("error %v: *smithy.DeserializationError = %v; want %v", err, got, tt.deser)
			}
		})
	}
}

func TestInvalidPath(t *testing.T) {
	cleanEnv(t)
	f := newFakeIMDS()
	c := imds.New(imds.Options{Endpoint: f.start(t)})
	_, err := c.GetMetadata(context.Background(), &imds.GetMetadataInput{Path: "instance-id?x=1"})
	checkOperation(t, err, "GetMetadata")
	if e := credError(t, err); e.Kind != credimds.KindInvalidPath {
		t.Errorf("Kind = %v; want %v", e.Kind, credimds.KindInvalidPath)
	}
	if n := f.count("GET"); n != 0 {
		t.Errorf("%d GET requests; want none", n)
	}
}

func TestInvalidOptions(t *testing.T) {
	tests := []struct {
		name string
		opt  func(*imds.Options)
		want string
	}{
		{"endpoint mode", func(o *imds.Options) { o.EndpointMode = 9 }, "Options.EndpointMode 9"},
		{"enable state", func(o *imds.Options) { o.ClientEnableState = 9 }, "Options.ClientEnableState 9"},
		{"fallback", func(o *imds.Options) { o.EnableFallback = 9 }, "Options.EnableFallback 9"},
		{"endpoint", func(o *imds.Options) { o.Endpoint = "169.254.169.254" }, "Options.Endpoint"},
		{"token TTL", func(o *imds.Options) { o.TokenTTL = 7 * time.Hour }, "TokenTTL"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			cleanEnv(t)
			f := newFakeIMDS()
			url := f.start(t)
			for _, c := range []*imds.Client{
				imds.New(imds.Options{Endpoint: url}, tt.opt),
				imds.New(imds.Options{Endpoint: url}), // the option set per call
			} {
				_, err := c.GetRegion(context.Background(), nil, tt.opt)
				checkOperation(t, err, "GetRegion")
				if e := credError(t, err); e.Kind != credimds.KindConfig {
					t.Errorf("Kind = %v; want %v", e.Kind, credimds.KindConfig)
				}
				if !strings.Contains(err.Error(), tt.want) {
					t.Errorf("error %q does not name %q", err, tt.want)
				}
			}
			if n := len(f.log()); n != 0 {
				t.Errorf("%d requests; want none", n)
			}
		})
	}
}

func TestEndpointPrecedence(t *testing.T) {
	cleanEnv(t)
	option, env, profile := newFakeIMDS(), newFakeIMDS(), newFakeIMDS()
	optionURL, envURL, profileURL := option.start(t), env.start(t), profile.start(t)
	cfg := profileConfig(t, profileURL)
	get := func(c *imds.Client, optFns ...func(*imds.Options)) {
		t.Helper()
		if _, err := c.GetRegion(context.Background(), nil, optFns...); err != nil {
			t.Fatal(err)
		}
	}
	counts := func() string {
		return fmt.Sprint(option.count("GET"), env.count("GET"), profile.count("GET"))
	}

	get(imds.NewFromConfig(cfg))
	if got := counts(); got != "0 0 1" {
		t.Errorf("without option or environment: GETs (option, env, profile) = %s; want 0 0 1", got)
	}
	t.Setenv("AWS_EC2_METADATA_SERVICE_ENDPOINT", envURL)
	c := imds.NewFromConfig(cfg)
	get(c)
	if got := counts(); got != "0 1 1" {
		t.Errorf("with the environment: GETs = %s; want 0 1 1", got)
	}
	get(imds.NewFromConfig(cfg, func(o *imds.Options) { o.Endpoint = optionURL }))
	if got := counts(); got != "1 1 1" {
		t.Errorf("with the option: GETs = %s; want 1 1 1", got)
	}
	// Per call: a copy of the client's options, with its own token.
	get(c, func(o *imds.Options) { o.Endpoint = optionURL })
	get(c)
	if got := counts(); got != "2 2 1" {
		t.Errorf("with a per-call option, then without: GETs = %s; want 2 2 1", got)
	}
	if n := env.count("PUT"); n != 1 {
		t.Errorf("token requests to the client's endpoint = %d; want 1 (the per-call endpoint left it alone)", n)
	}
}

func TestEndpointMode(t *testing.T) {
	// The default endpoints cannot be served here; the error names the
	// address the client chose, which is what this test checks.
	tests := []struct {
		name string
		mode imds.EndpointModeState
		env  string
		want string
	}{
		{"default", imds.EndpointModeStateUnset, "", "169.254.169.254"},
		{"IPv6 option", imds.EndpointModeStateIPv6, "", "fd00:ec2::254"},
		{"IPv6 environment", imds.EndpointModeStateUnset, "ipv6", "fd00:ec2::254"},
		{"IPv4 option over environment", imds.EndpointModeStateIPv4, "IPv6", "169.254.169.254"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			cleanEnv(t, "AWS_EC2_METADATA_SERVICE_ENDPOINT_MODE", tt.env)
			var got string
			c := imds.New(imds.Options{EndpointMode: tt.mode, HTTPClient: recordHost(&got)})
			if _, err := c.GetRegion(context.Background(), nil); err == nil {
				t.Fatal("GetRegion succeeded against a recording client")
			}
			if got != tt.want {
				t.Errorf("host = %q; want %q", got, tt.want)
			}
		})
	}
}

func TestSetFromString(t *testing.T) {
	tests := []struct {
		in      string
		want    imds.EndpointModeState
		wantErr bool
	}{
		{"", imds.EndpointModeStateUnset, false},
		{" ipv4 ", imds.EndpointModeStateIPv4, false},
		{"IPv6", imds.EndpointModeStateIPv6, false},
		{"IPv5", imds.EndpointModeStateIPv4, true}, // unchanged
	}
	for _, tt := range tests {
		got := imds.EndpointModeStateIPv4
		err := got.SetFromString(tt.in)
		if got != tt.want || (err != nil) != tt.wantErr {
			t.Errorf("SetFromString(%q) = %v, %v; want %v, error %v", tt.in, got, err, tt.want, tt.wantErr)
		}
	}
}
