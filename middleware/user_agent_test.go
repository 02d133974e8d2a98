package middleware

import (
	"context"
	"runtime"
	"strings"
	"sync"
	"testing"

	smithymw "github.com/aws/smithy-go/middleware"
	smithyhttp "github.com/aws/smithy-go/transport/http"
)

func TestSanitizeUA(t *testing.T) {
	tests := []struct {
		name      string
		in        string
		wantName  string
		wantValue string
	}{
		{"clean", "my-app_1.0", "my-app_1.0", "my-app_1.0"},
		{"tchar punctuation", "a!$%&'*+-.^_`|~z", "a!$%&'*+-.^_`|~z", "a!$%&'*+-.^_`|~z"},
		{"hash", "a#b", "a-b", "a#b"},
		{"space and slash", "my app/2", "my-app-2", "my-app-2"},
		{"separators", `a(b)c<d>e@f,g;h:i"j[k]l?m=n{o}`, "a-b-c-d-e-f-g-h-i-j-k-l-m-n-o-", "a-b-c-d-e-f-g-h-i-j-k-l-m-n-o-"},
		{"non-ASCII rune is one dash", "café", "caf-", "caf-"},
		{"control", "a\tb\n", "a-b-", "a-b-"},
		{"empty", "", "", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := sanitizeUAName(tt.in); got != tt.wantName {
				t.Errorf("sanitizeUAName(%q) = %q; want %q", tt.in, got, tt.wantName)
			}
			if got := sanitizeUAValue(tt.in); got != tt.wantValue {
				t.Errorf("sanitizeUAValue(%q) = %q; want %q", tt.in, got, tt.wantValue)
			}
		})
	}
}

func TestUserAgentValue(t *testing.T) {
	platform := " os/" + runtime.GOOS +
		" lang/go#" + strings.TrimPrefix(runtime.Version(), "go") +
		" md/GOARCH#" + runtime.GOARCH
	tests := []struct {
		name string
		opts UserAgentOptions
		want string
	}{
		{
			name: "bare",
			opts: UserAgentOptions{ExecutionEnv: "-"},
			want: "nimbus-sdk-go/0.1.0 ua/2.1" + platform + " exec-env/-",
		},
		{
			name: "service with default version",
			opts: UserAgentOptions{ServiceID: "CloudWatch Logs", ExecutionEnv: "AWS_Lambda_go1.x"},
			want: "nimbus-sdk-go/0.1.0 ua/2.1 api/cloudwatchlogs#0.1.0" + platform + " exec-env/AWS_Lambda_go1.x",
		},
		{
			name: "everything",
			opts: UserAgentOptions{
				ServiceID:      "S3",
				ServiceVersion: "1.2.3",
				AppID:          "my app",
				ExecutionEnv:   "env",
				Features:       []string{"E", "", "A,B", "E"},
			},
			want: "nimbus-sdk-go/0.1.0 ua/2.1 api/s3#1.2.3" + platform + " exec-env/env app/my-app m/E,A-B",
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := NewUserAgent(tt.opts).Value(); got != tt.want {
				t.Errorf("NewUserAgent(%+v).Value() =\n%q; want\n%q", tt.opts, got, tt.want)
			}
		})
	}
}

func TestUserAgentExecutionEnvFromEnvironment(t *testing.T) {
	t.Setenv("AWS_EXECUTION_ENV", "AWS_ECS_FARGATE")
	if got := NewUserAgent(UserAgentOptions{}).Value(); !strings.Contains(got, " exec-env/AWS_ECS_FARGATE") {
		t.Errorf("Value() = %q; want an exec-env/AWS_ECS_FARGATE component", got)
	}
}

func TestUserAgentHeaders(t *testing.T) {
	ua := NewUserAgent(UserAgentOptions{ServiceID: "S3", ExecutionEnv: "x", Features: []string{"E"}})
	base := ua.Value()

	t.Run("sets both headers", func(t *testing.T) {
		req, _ := runBuild(t, ua, context.Background(), newTestRequest(t, "GET", "https://example.com/"))
		for _, h := range []string{"User-Agent", "X-Amz-User-Agent"} {
			if got := req.Header.Get(h); got != base {
				t.Errorf("%s = %q; want %q", h, got, base)
			}
		}
	})
	t.Run("keeps an earlier value", func(t *testing.T) {
		in := newTestRequest(t, "GET", "https://example.com/")
		in.Header.Set("User-Agent", "my-tool/1.0")
		req, _ := runBuild(t, ua, context.Background(), in)
		if got, want := req.Header.Get("User-Agent"), base+" my-tool/1.0"; got != want {
			t.Errorf("User-Agent = %q; want %q", got, want)
		}
		if got := req.Header.Get("X-Amz-User-Agent"); got != base {
			t.Errorf("X-Amz-User-Agent = %q; want %q", got, base)
		}
	})
	t.Run("per-call features", func(t *testing.T) {
		ctx := WithUserAgentFeature(context.Background(), "C")
		ctx = WithUserAgentFeature(ctx, "E") // already static
		ctx2 := WithUserAgentFeature(ctx, "B")
		req, _ := runBuild(t, ua, ctx, newTestRequest(t, "GET", "https://example.com/"))
		if got, want := req.Header.Get("User-Agent"), base+",C"; got != want {
			t.Errorf("User-Agent = %q; want %q", got, want)
		}
		req, _ = runBuild(t, ua, ctx2, newTestRequest(t, "GET", "https://example.com/"))
		if got, want := req.Header.Get("User-Agent"), base+",C,B"; got != want {
			t.Errorf("User-Agent = %q; want %q", got, want)
		}
		if got := ua.Value(); got != base {
			t.Errorf("Value() changed to %q", got)
		}
	})
}

// TestUserAgentFeatureContextsIndependent checks that deriving two
// contexts from one does not let them share a backing array.
func TestUserAgentFeatureContextsIndependent(t *testing.T) {
	ctx := WithUserAgentFeature(context.Background(), "A")
	ctx = WithUserAgentFeature(ctx, "B")
	c1 := WithUserAgentFeature(ctx, "C")
	c2 := WithUserAgentFeature(ctx, "D")
	if got := c1.Value(uaFeaturesKey{}).(*UserAgentFeatureSet).codes; strings.Join(got, ",") != "A,B,C" {
		t.Errorf("c1 features = %q; want A,B,C", got)
	}
	if got := c2.Value(uaFeaturesKey{}).(*UserAgentFeatureSet).codes; strings.Join(got, ",") != "A,B,D" {
		t.Errorf("c2 features = %q; want A,B,D", got)
	}
}

func TestUserAgentConcurrent(t *testing.T) {
	ua := NewUserAgent(UserAgentOptions{ServiceID: "S3", Features: []string{"E"}})
	var wg sync.WaitGroup
	for i := range 8 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			ctx := context.Background()
			if i%2 == 0 {
				ctx = WithUserAgentFeature(ctx, "C")
			}
			next := smithymw.BuildHandlerFunc(func(context.Context, smithymw.BuildInput) (smithymw.BuildOutput, smithymw.Metadata, error) {
				return smithymw.BuildOutput{}, smithymw.Metadata{}, nil
			})
			for range 100 {
				req := smithyhttp.NewStackRequest().(*smithyhttp.Request)
				if _, _, err := ua.HandleBuild(ctx, smithymw.BuildInput{Request: req}, next); err != nil {
					t.Error(err)
				}
			}
		}()
	}
	wg.Wait()
}

func BenchmarkUserAgent(b *testing.B) {
	ua := NewUserAgent(UserAgentOptions{ServiceID: "S3"})
	req := smithyhttp.NewStackRequest().(*smithyhttp.Request)
	in := smithymw.BuildInput{Request: req}
	next := smithymw.BuildHandlerFunc(func(context.Context, smithymw.BuildInput) (smithymw.BuildOutput, smithymw.Metadata, error) {
		return smithymw.BuildOutput{}, smithymw.Metadata{}, nil
	})
	ctx := context.Background()
	b.ReportAllocs()
	for b.Loop() {
		clear(req.Header)
		_, _, _ = ua.HandleBuild(ctx, in, next)
	}
}

// TestUserAgentFeatureSet: a fixed set is reported like single features,
// combines with them, and its header is built once per client.
func TestUserAgentFeatureSet(t *testing.T) {
	ua := NewUserAgent(UserAgentOptions{ServiceID: "S3", Features: []string{"E"}})
	set := NewUserAgentFeatureSet("U", "Z")
	header := func(ctx context.Context) string {
		req := smithyhttp.NewStackRequest().(*smithyhttp.Request)
		_, _, err := ua.HandleBuild(ctx, smithymw.BuildInput{Request: req}, smithymw.BuildHandlerFunc(
			func(context.Context, smithymw.BuildInput) (smithymw.BuildOutput, smithymw.Metadata, error) {
				return smithymw.BuildOutput{}, smithymw.Metadata{}, nil
			}))
		if err != nil {
			t.Fatal(err)
		}
		return req.Header.Get("User-Agent")
	}
	tests := []struct {
		name string
		ctx  context.Context
		want string
	}{
		{"set", WithUserAgentFeatureSet(context.Background(), set), " m/E,U,Z"},
		{"set again", WithUserAgentFeatureSet(context.Background(), set), " m/E,U,Z"},
		{"set after a feature", WithUserAgentFeatureSet(WithUserAgentFeature(context.Background(), "C"), set), " m/E,C,U,Z"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := header(tt.ctx); !strings.HasSuffix(got, tt.want) {
				t.Errorf("User-Agent = %q; want it to end with %q", got, tt.want)
			}
		})
	}
	allocs := testing.AllocsPerRun(100, func() { header(WithUserAgentFeatureSet(context.Background(), set)) })
	base := testing.AllocsPerRun(100, func() { header(context.Background()) })
	if allocs > base+1 {
		t.Errorf("a call with a fixed set allocates %v times; want at most %v (the context)", allocs, base+1)
	}
}
