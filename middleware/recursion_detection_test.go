package middleware

import (
	"context"
	"testing"
)

func TestRecursionDetection(t *testing.T) {
	const trace = "Root=1-5759e988-bd862e3fe1be46a994272793;Parent=53995c3f42cd8ad8;Sampled=1"
	tests := []struct {
		name     string
		env      map[string]string
		existing string // X-Amzn-Trace-Id already on the request
		want     string
	}{
		{"not in lambda", map[string]string{"_X_AMZN_TRACE_ID": trace}, "", ""},
		{"lambda without trace id", map[string]string{"AWS_LAMBDA_FUNCTION_NAME": "fn"}, "", ""},
		{"lambda with trace id", map[string]string{"AWS_LAMBDA_FUNCTION_NAME": "fn", "_X_AMZN_TRACE_ID": trace}, "", trace},
		{"header already set", map[string]string{"AWS_LAMBDA_FUNCTION_NAME": "fn", "_X_AMZN_TRACE_ID": trace}, "mine", "mine"},
		{"control and non-ASCII encoded", map[string]string{"AWS_LAMBDA_FUNCTION_NAME": "fn", "_X_AMZN_TRACE_ID": "first\nsecond¼\t\x7f"}, "", "first%0Asecond%C2%BC%09%7F"},
		{"printable ASCII kept", map[string]string{"AWS_LAMBDA_FUNCTION_NAME": "fn", "_X_AMZN_TRACE_ID": `a b%c"d`}, "", `a b%c"d`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			m := &RecursionDetection{Getenv: func(k string) string { return tt.env[k] }}
			req := newTestRequest(t, "GET", "https://example.com/")
			if tt.existing != "" {
				req.Header.Set("X-Amzn-Trace-Id", tt.existing)
			}
			req, _ = runBuild(t, m, context.Background(), req)
			if got := req.Header.Get("X-Amzn-Trace-Id"); got != tt.want {
				t.Errorf("X-Amzn-Trace-Id = %q; want %q", got, tt.want)
			}
		})
	}
}

func TestRecursionDetectionProcessEnv(t *testing.T) {
	t.Setenv("AWS_LAMBDA_FUNCTION_NAME", "fn")
	t.Setenv("_X_AMZN_TRACE_ID", "Root=1-abc")
	req, _ := runBuild(t, NewRecursionDetection(), context.Background(), newTestRequest(t, "GET", "https://example.com/"))
	if got := req.Header.Get("X-Amzn-Trace-Id"); got != "Root=1-abc" {
		t.Errorf("X-Amzn-Trace-Id = %q; want Root=1-abc", got)
	}
}
